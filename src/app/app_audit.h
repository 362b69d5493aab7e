/* app_audit.h - the audit log as administrators read it in the browser:
 * filtered by object and action, a page at a time, and without the
 * entries of reports the reader may not know of (a draft's saves tell
 * that the draft exists). */
#ifndef S3PM_APP_AUDIT_H
#define S3PM_APP_AUDIT_H

#include "app.h"

#define APP_AUDIT_PAGE_MAX 500

struct audit_query {
	const char *object;        /* "report:12", "partnership:3", "user:5", "period"; NULL or "": all */
	const char *action_prefix; /* "user.", "report.submit"; NULL or "": all */
	int64_t before_id;         /* only entries older than this one; 0: from the newest */
	size_t limit;              /* 1 to APP_AUDIT_PAGE_MAX */
};

/* Newest first, at most q->limit entries that a may read; *more tells
 * whether older ones follow (ask again with before_id the last id).
 * Administrators and the operator (APP_EPERM otherwise); APP_EINPUT with
 * the reason in msg for an object that is not KIND or KIND:ID, an action
 * prefix of other than a-z . _, or a limit out of range. The list is the
 * caller's to free (audit_free_list). */
int app_audit_query(struct app *app, const struct actor *a, const struct audit_query *q,
		    struct audit_entry **out, size_t *n, bool *more, struct app_msg *msg);

#endif
