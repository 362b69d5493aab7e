/* confirm.h - the confirmation step of an action that cannot be undone
 * (submit, return, accept and publish, record a decision). Without
 * JavaScript the first POST of the action's form, which lacks
 * confirmed=yes, answers with this page: what is about to happen, and the
 * same form again with confirmed=yes. With JavaScript, app.js asks in a
 * dialog (the form's data-confirm text) and posts confirmed=yes at once.
 * Either way the action is checked by the application layer first (a
 * refused action is refused before anything is asked). */
#ifndef S3PM_WEB_CONFIRM_H
#define S3PM_WEB_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>

#include "web.h"

/* A field of the form posted again, or a fact shown (label, value). */
struct confirm_field {
	const char *name, *value;
};

struct confirm {
	const char *title;       /* the question, as the page's heading */
	const char *action;      /* the path the form posts to */
	const char *button;      /* the confirming button's label */
	const char *button_name, *button_value; /* its name=value, or NULL */
	/* A second way on, posting the same form (e.g. "Save as a draft
	 * instead"): label and name=value; NULL: none. */
	const char *alt_button, *alt_name, *alt_value;
	const char *cancel_href; /* back, changing nothing */
	const char *cancel_text;
	const char *const *paras;            /* what happens, a paragraph each */
	size_t nparas;
	const struct confirm_field *facts;   /* shown as a list (may be NULL) */
	size_t nfacts;
	const struct confirm_field *fields;  /* posted again (csrf and confirmed are added) */
	size_t nfields;
};

struct report_view;
struct decision;

/* The confirmations of the report's actions (c as loaded by the check). */
int confirm_submit(struct req *rq, struct resp *rs, const struct report_view *c);
/* The same for the edit form's "Submit" button: every posted answer goes
 * back to the edit address with confirmed=yes. */
int confirm_edit_submit(struct req *rq, struct resp *rs, const struct report_view *c);
int confirm_return(struct req *rq, struct resp *rs, const struct report_view *c, const char *body);
int confirm_accept(struct req *rq, struct resp *rs, const struct report_view *c);
int confirm_decision(struct req *rq, struct resp *rs, const struct report_view *c,
		     const struct decision *d);

/* Did the post carry confirmed=yes? */
bool confirm_given(struct req *rq);
/* The confirmation page (200). */
int confirm_page(struct req *rq, struct resp *rs, const struct confirm *cf);

#endif
