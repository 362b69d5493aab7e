/* policy.c - the access rules.
 *
 * Drafts belong to their partnership alone: until a report is submitted,
 * only its coordinator and members see it, and nobody else learns that it
 * exists. From submission on, the committee and the Commission read it
 * whole, the confidential self-assessment included (its audience: the
 * partnership, the committee, the Commission). Administrators run the
 * system: they follow every partnership's reporting but read only what is
 * not confidential. The public reads published reports, without
 * confidential sections. The operator at the command line (ROLE_SYSTEM)
 * holds the database and may read and administer everything. */
#include "policy.h"

#include <string.h>

static bool
own(const struct actor *a, int64_t partnership_id)
{
	return (a->role == ROLE_COORDINATOR || a->role == ROLE_MEMBER) && a->partnership_id != 0 &&
	       a->partnership_id == partnership_id;
}

static bool
overseer(const struct actor *a)
{
	return a->role == ROLE_COMMITTEE || a->role == ROLE_COMMISSION || a->role == ROLE_ADMIN;
}

bool
policy_can_read(const struct actor *a, int64_t partnership_id, enum report_status s)
{
	if (s == REPORT_PUBLISHED || a->role == ROLE_SYSTEM)
		return true;
	if (own(a, partnership_id))
		return true;
	return s != REPORT_DRAFT && overseer(a);
}

static bool
in_audience(const struct form_section *sec, const char *who)
{
	size_t i;

	for (i = 0; i < sec->naudience; i++)
		if (strcmp(sec->audience[i], who) == 0)
			return true;
	return false;
}

bool
policy_can_read_section(const struct actor *a, const struct form_section *sec,
			int64_t partnership_id, enum report_status s)
{
	if (!policy_can_read(a, partnership_id, s))
		return false;
	if (!sec->confidential || a->role == ROLE_SYSTEM)
		return true;
	if (own(a, partnership_id))
		return in_audience(sec, "partnership");
	if (s == REPORT_DRAFT)
		return false;
	switch (a->role) {
	case ROLE_COMMITTEE:
		return in_audience(sec, "committee");
	case ROLE_COMMISSION:
		return in_audience(sec, "commission");
	case ROLE_ADMIN: /* runs the system; in no audience */
	default:
		return false;
	}
}

bool
policy_can_edit(const struct actor *a, int64_t partnership_id, enum report_status s)
{
	return own(a, partnership_id) && (s == REPORT_DRAFT || s == REPORT_RETURNED);
}

bool
policy_can_submit(const struct actor *a, int64_t partnership_id, enum report_status s)
{
	return a->role == ROLE_COORDINATOR && own(a, partnership_id) &&
	       (s == REPORT_DRAFT || s == REPORT_RETURNED);
}

bool
policy_can_review(const struct actor *a, enum report_status s)
{
	return a->role == ROLE_COMMITTEE && s == REPORT_SUBMITTED;
}

bool
policy_can_decide(const struct actor *a)
{
	return a->role == ROLE_COMMISSION;
}

bool
policy_can_manage_members(const struct actor *a, int64_t partnership_id)
{
	return a->role == ROLE_ADMIN || a->role == ROLE_SYSTEM || (a->role == ROLE_COORDINATOR && own(a, partnership_id));
}

bool
policy_can_administer(const struct actor *a)
{
	return a->role == ROLE_ADMIN || a->role == ROLE_SYSTEM;
}

bool
policy_can_follow(const struct actor *a, int64_t partnership_id)
{
	return own(a, partnership_id) || overseer(a) || a->role == ROLE_SYSTEM;
}
