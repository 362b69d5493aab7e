/* policy.h - who may do what with a report: the access rules in one place,
 * for every path (pages, JSON, exports, search) to ask. */
#ifndef S3PM_POLICY_H
#define S3PM_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "form.h"
#include "model.h"

struct actor {
	enum role role;
	int64_t user_id;        /* 0 for the public */
	int64_t partnership_id; /* coordinator and member: theirs; else 0 */
};

/* May a see that the report exists and read its public sections? */
bool policy_can_read(const struct actor *a, int64_t partnership_id, enum report_status s);
/* May a read sections whose audience is given (e.g. the self-assessment,
 * audience {"partnership", "committee", "commission"})? Implies can_read. */
bool policy_can_read_section(const struct actor *a, const struct form_section *sec,
			     int64_t partnership_id, enum report_status s);
/* Edit answers: the partnership's coordinator and members, while the
 * report is a draft or has been returned. */
bool policy_can_edit(const struct actor *a, int64_t partnership_id, enum report_status s);
/* Submit to the committee: the coordinator, from draft or returned. */
bool policy_can_submit(const struct actor *a, int64_t partnership_id, enum report_status s);
/* Comment, return or accept: committee members, on a submitted report. */
bool policy_can_review(const struct actor *a, enum report_status s);
/* Record the Commission's decisions. */
bool policy_can_decide(const struct actor *a);
/* Add and remove a partnership's members: its coordinator, and admins. */
bool policy_can_manage_members(const struct actor *a, int64_t partnership_id);
/* Create partnerships, users of any role, periods. */
bool policy_can_administer(const struct actor *a);
/* See the partnership's overview of periods, statuses and decisions
 * (beyond its published reports). */
bool policy_can_follow(const struct actor *a, int64_t partnership_id);

#endif
