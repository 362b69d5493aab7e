/* app_decision.h - the Commission's decisions on a partnership's support. */
#ifndef S3PM_APP_DECISION_H
#define S3PM_APP_DECISION_H

#include "app.h"

/* Records a decision of a Commission officer on partnership slug: d's
 * term, outcome, conditions and rationale (trimmed here). When they are
 * not valid: APP_EINPUT, and up to 5 messages for a person in msgs. d->id,
 * partnership_id, user_id are set on success. APP_ENOTFOUND for an unknown
 * slug, APP_EPERM for anybody but the Commission. check_only: the checks
 * alone (see app_report_submit). */
int app_decision_record(struct app *app, const struct actor *a, const char *slug,
			struct decision *d, const char *msgs[5], size_t *nmsg, bool check_only);

/* The partnership's decisions, newest first, for those who follow it
 * (policy_can_follow); APP_EPERM for anybody else (decisions are never
 * published). */
int app_decision_list(struct app *app, const struct actor *a, int64_t partnership_id,
		      struct decision **out, size_t *n);

#endif
