/* app_compare.h - two reports of one partnership side by side, as the
 * caller may see them: question by question (by question id, so that
 * reports on different versions of the form line up), each answer before
 * and after, with which changed; and the periods the caller may compare.
 *
 * Both reports must be readable by the caller, else APP_ENOTFOUND exactly
 * as for one report (a draft of another partnership looks like no
 * report). Only sections the caller reads in both reports are compared. */
#ifndef S3PM_APP_COMPARE_H
#define S3PM_APP_COMPARE_H

#include <jansson.h>

#include "app.h"
#include "app_report.h"

enum compare_state {
	COMPARE_SAME,     /* the same answer (or no answer) in both */
	COMPARE_CHANGED,  /* answered differently */
	COMPARE_ONLY_OLD, /* the question is only in the first report's form */
	COMPARE_ONLY_NEW  /* the question is only in the second report's form */
};

/* One question of the comparison. */
struct compare_item {
	const struct form_question *q;   /* from the second report's form, else the first's */
	const struct form_section *sec;  /* q's section in that form */
	enum compare_state state;
	json_t *before, *after;          /* borrowed from the two documents; NULL: no answer */
};

struct report_compare {
	struct report_view from, to;  /* the two reports, as opened for the caller */
	json_t *from_doc, *to_doc;    /* their documents cut to the caller's view; owned */
	struct compare_item *v;       /* in the second form's order, then the first's leftovers */
	size_t n;
	size_t nchanged, nsame, nonly;  /* counts of v by state (nonly: either ONLY_) */
	size_t nhidden;  /* questions of sections the caller reads in one report only: left out */
};

/* Opens the reports of slug for periods from and to (both "YYYY-Hn") as
 * the caller may see them and lines up their answers. APP_ENOTFOUND when
 * the partnership is unknown, a period is malformed, or either report is
 * missing or not readable by the caller; APP_EINPUT (with msg) when both
 * name the same period (checked after both are found, so that it tells
 * nothing about reports the caller may not read). out is filled on
 * success only; free with report_compare_cleanup. */
int app_report_compare(struct app *app, const struct actor *a, const char *slug, const char *from,
		       const char *to, struct report_compare *out, struct app_msg *msg);
void report_compare_cleanup(struct report_compare *c);

/* The periods of slug's reports the caller may read, newest first (up to
 * *n entries of 8 bytes each, malloc'd: free() *out). APP_ENOTFOUND for an
 * unknown slug. */
int app_compare_periods(struct app *app, const struct actor *a, const char *slug, char (**out)[8],
			size_t *n);

/* The newest period before period among those (as app_compare_periods
 * lists them), or NULL. Borrowed from v. */
const char *app_compare_previous(char (*v)[8], size_t n, const char *period);

#endif
