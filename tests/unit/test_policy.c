/* test_policy.c - the access rules: drafts stay in their partnership; the self-assessment reaches only its audience. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy.h"
#include "testutil.h"

static const struct form_section *
sa(const struct form *f)
{
	return &f->sections[form_find(f, "self_assessment")->section];
}

static void
reading(void **state)
{
	struct form *f = tu_form();
	const struct form_section *conf = sa(f), *pub = &f->sections[0];
	struct actor public = {ROLE_PUBLIC, 0, 0}, coord = {ROLE_COORDINATOR, 1, 7},
		     other = {ROLE_COORDINATOR, 2, 8}, member = {ROLE_MEMBER, 3, 7},
		     committee = {ROLE_COMMITTEE, 4, 0}, commission = {ROLE_COMMISSION, 5, 0};
	enum report_status s;

	(void)state;
	assert_true(conf->confidential);
	/* Drafts: only the partnership itself. */
	assert_true(policy_can_read(&coord, 7, REPORT_DRAFT));
	assert_true(policy_can_read(&member, 7, REPORT_DRAFT));
	assert_false(policy_can_read(&other, 7, REPORT_DRAFT));
	assert_false(policy_can_read(&public, 7, REPORT_DRAFT));
	assert_false(policy_can_read(&committee, 7, REPORT_DRAFT));
	assert_false(policy_can_read(&commission, 7, REPORT_DRAFT));
	/* The self-assessment: never the public nor another partnership. */
	for (s = REPORT_DRAFT; s <= REPORT_PUBLISHED; s++) {
		assert_false(policy_can_read_section(&public, conf, 7, s));
		assert_false(policy_can_read_section(&other, conf, 7, s));
		assert_true(policy_can_read_section(&coord, conf, 7, s));
	}
	assert_true(policy_can_read_section(&committee, conf, 7, REPORT_SUBMITTED));
	assert_true(policy_can_read_section(&commission, conf, 7, REPORT_PUBLISHED));
	assert_false(policy_can_read_section(&committee, conf, 7, REPORT_DRAFT));
	/* Published public sections: everybody. */
	assert_true(policy_can_read_section(&public, pub, 7, REPORT_PUBLISHED));
	assert_true(policy_can_read_section(&other, pub, 7, REPORT_PUBLISHED));
	assert_false(policy_can_read_section(&public, pub, 7, REPORT_SUBMITTED));
	form_free(f);
}

/* Administrators run the system: they follow every partnership's reports
 * once submitted, but the self-assessment's audience (the partnership, the
 * committee, the Commission) does not include them. The operator at the
 * command line holds the database and reads everything. */
static void
admin_and_operator(void **state)
{
	struct form *f = tu_form();
	const struct form_section *conf = sa(f), *pub = &f->sections[0];
	struct actor admin = {ROLE_ADMIN, 6, 0}, op = {ROLE_SYSTEM, 0, 0};
	enum report_status s;

	(void)state;
	assert_false(policy_can_read(&admin, 7, REPORT_DRAFT));
	for (s = REPORT_DRAFT; s <= REPORT_PUBLISHED; s++)
		assert_false(policy_can_read_section(&admin, conf, 7, s));
	assert_true(policy_can_read_section(&admin, pub, 7, REPORT_SUBMITTED));
	assert_true(policy_can_follow(&admin, 7));
	assert_true(policy_can_administer(&admin));
	for (s = REPORT_DRAFT; s <= REPORT_PUBLISHED; s++) {
		assert_true(policy_can_read(&op, 7, s));
		assert_true(policy_can_read_section(&op, conf, 7, s));
		assert_false(policy_can_edit(&op, 7, s));
		assert_false(policy_can_submit(&op, 7, s));
		assert_false(policy_can_review(&op, s));
	}
	assert_true(policy_can_administer(&op));
	assert_false(policy_can_decide(&op));
	form_free(f);
}

static void
acting(void **state)
{
	struct actor coord = {ROLE_COORDINATOR, 1, 7}, member = {ROLE_MEMBER, 3, 7},
		     other = {ROLE_MEMBER, 2, 8}, committee = {ROLE_COMMITTEE, 4, 0},
		     commission = {ROLE_COMMISSION, 5, 0}, admin = {ROLE_ADMIN, 6, 0};
	enum role r;

	(void)state;
	assert_true(policy_can_edit(&member, 7, REPORT_DRAFT));
	assert_true(policy_can_edit(&coord, 7, REPORT_RETURNED));
	assert_false(policy_can_edit(&coord, 7, REPORT_SUBMITTED));
	assert_false(policy_can_edit(&other, 7, REPORT_DRAFT));
	assert_true(policy_can_submit(&coord, 7, REPORT_DRAFT));
	assert_false(policy_can_submit(&member, 7, REPORT_DRAFT));
	assert_true(policy_can_review(&committee, REPORT_SUBMITTED));
	assert_false(policy_can_review(&committee, REPORT_DRAFT));
	assert_false(policy_can_review(&commission, REPORT_SUBMITTED));
	assert_true(policy_can_decide(&commission));
	assert_false(policy_can_decide(&committee));
	assert_true(policy_can_manage_members(&coord, 7));
	assert_false(policy_can_manage_members(&member, 7));
	assert_true(policy_can_manage_members(&admin, 7));
	assert_true(policy_can_follow(&member, 7));
	assert_false(policy_can_follow(&other, 7));
	assert_int_equal(role_parse("committee", &r), 0);
	assert_int_equal(r, ROLE_COMMITTEE);
	assert_int_equal(role_parse("public", &r), APP_EINPUT);
	assert_int_equal(role_parse("root", &r), APP_EINPUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reading),
		cmocka_unit_test(admin_and_operator),
		cmocka_unit_test(acting),
	};

	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
