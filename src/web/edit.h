/* edit.h - what the edit page (page_edit.c), saving (page_save.c) and the
 * editor's JSON endpoints (api_edit.c) share. Private to src/web. */
#ifndef S3PM_EDIT_H
#define S3PM_EDIT_H

#include <jansson.h>

#include "app_report.h"
#include "web.h"

/* What the edit page shows. */
struct view {
	json_t *doc;                  /* values in the inputs */
	int revision;                 /* the stored revision they are based on */
	const struct findings *fnd;   /* hints */
	bool submit_failed;           /* list the errors in #errors */
	json_t *conflicts;            /* merge conflicts, or NULL */
	const char *notice;
	const char *notice_kind;
};

/* A decimal in [min, max], nothing else. */
int edit_parse_int(const char *s, long min, long max, long *out);
/* Redirects to the report's page with suffix ("/edit?saved=1", "?submitted=1"). */
int edit_redirect(struct resp *rs, const struct report_view *c, const char *suffix);
/* A JSON answer (v stolen; NULL: out of memory). */
int edit_reply_json(struct resp *rs, int status, json_t *v);
/* The findings of the report document posted as the request's body (its
 * "form", or the current form when it names none): 0, or APP_EINPUT with
 * msg naming what is wrong (not JSON, not a document of its form),
 * APP_ENOTFOUND for an unknown form. */
int edit_validate_body(struct req *rq, struct findings *out, struct app_msg *msg);
/* The findings of doc (form f). */
int edit_check(struct req *rq, const struct form *f, json_t *doc, struct findings *out);
/* The question a finding, comment or conflict path ("sdg.3") is about. */
const struct form_question *edit_question_of(const struct form *f, const char *path);
/* The edit page of c with v's values. */
int edit_render(struct req *rq, struct resp *rs, struct report_view *c, const struct view *v);
/* The route's parameter i, or NULL. */
const char *edit_param(const struct req *rq, size_t i);

#endif
