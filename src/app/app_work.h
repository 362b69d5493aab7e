/* app_work.h - what awaits each caller: the work list of /me, and its
 * count in every page's header. Built from what the caller may see only
 * (policy.h): nobody outside a partnership learns of its drafts here
 * either. */
#ifndef S3PM_APP_WORK_H
#define S3PM_APP_WORK_H

#include "app.h"

enum work_kind {
	WORK_DUE,      /* partnership: a period's report to start or finish */
	WORK_RETURNED, /* partnership: a report the committee returned */
	WORK_REVIEW,   /* committee: a submitted report to review */
	WORK_DECIDE,   /* Commission: an accepted report with no decision since */
	WORK_OVERDUE   /* administrator: a partnership past a deadline */
};

struct work_item {
	enum work_kind kind;
	char *slug, *name;    /* the partnership's */
	char period[8];
	bool has_report;      /* a report the caller may read exists */
	enum report_status status;
	char deadline[11];    /* "" when the period has none */
	long days_left;       /* to the deadline when set; negative when past */
	char *since;          /* when the report reached its status ("" unknown) */
	bool resubmitted;     /* WORK_REVIEW: returned once and submitted again */
	int comments;         /* WORK_RETURNED: open comments of the review that returned it */
	bool can_start, can_edit;
};

struct worklist {
	struct work_item *items; /* in the order to work on them */
	size_t n;
	/* Administrators: the accounts. */
	bool accounts;
	size_t users, inactive;
	/* Administrators: the mail outbox, by enum mail_status, and the
	 * latest mails that failed for good (newest first, at most 10). */
	size_t mail[4];
	struct mail *failed;
	size_t nfailed;
};
void worklist_cleanup(struct worklist *w);

/* The caller's work list; today "YYYY-MM-DD" (NULL: the clock's). The
 * public has none (an empty list). */
int app_worklist(struct app *app, const struct actor *a, const char *today, struct worklist *out);

/* The number of items of a's work list today (app_worklist's n), for the
 * header of every page: counted once and kept in app->workcount until the
 * audit log moves or the day changes (app_workcount.c). */
int app_worklist_count(struct app *app, const struct actor *a, size_t *n);
/* The kept counts (NULL: none kept, every call counts); app_workcount_free. */
struct workcount *app_workcount_new(void);
void app_workcount_free(struct workcount *c);

#endif
