/* test_merge.c - two people editing one report: merged when they touch other questions, a conflict when the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "merge.h"
#include "report.h"
#include "testutil.h"

static json_t *
doc(struct form *f, const char *answers)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL, *d = NULL;
	char j[4096];

	snprintf(j, sizeof(j), "{\"form\": \"s3-monitoring-2020\", \"answers\": %s}", answers);
	if (report_parse_json(j, strlen(j), "t.json", &root, &msg) != 0 ||
	    report_canonical(f, root, "t.json", &d, &msg) != 0)
		fail_msg("%s", msg.text);
	json_decref(root);
	return d;
}

static const char *
ans(json_t *d, const char *k)
{
	return json_string_value(json_object_get(json_object_get(d, "answers"), k));
}

static void
other_questions_merge(void **state)
{
	struct form *f = tu_form();
	json_t *b = doc(f, "{\"partnership\": \"P\", \"outreach\": \"o\", \"sdg\": {\"1\": \"agree\"}}");
	json_t *m = doc(f, "{\"partnership\": \"P\", \"outreach\": \"mine\", \"sdg\": {\"1\": \"agree\", \"2\": \"neutral\"}}");
	json_t *t = doc(f, "{\"partnership\": \"P\", \"outreach\": \"o\", \"executive_summary\": \"theirs\", \"sdg\": {\"1\": \"agree\", \"3\": \"disagree\"}}");
	json_t *r = NULL, *c = NULL, *sdg;

	(void)state;
	assert_int_equal(merge_docs(f, b, m, t, &r, &c), 0);
	assert_int_equal(json_array_size(c), 0);
	assert_string_equal(ans(r, "outreach"), "mine");
	assert_string_equal(ans(r, "executive_summary"), "theirs");
	assert_string_equal(ans(r, "partnership"), "P");
	sdg = json_object_get(json_object_get(r, "answers"), "sdg");
	assert_int_equal(json_object_size(sdg), 3);
	assert_string_equal(json_string_value(json_object_get(sdg, "2")), "neutral");
	assert_string_equal(json_string_value(json_object_get(sdg, "3")), "disagree");
	json_decref(b);
	json_decref(m);
	json_decref(t);
	json_decref(r);
	json_decref(c);
	form_free(f);
}

static void
same_question_conflicts(void **state)
{
	struct form *f = tu_form();
	json_t *b = doc(f, "{\"outreach\": \"o\", \"self_assessment\": {\"risks\": \"r\"}}");
	json_t *m = doc(f, "{\"outreach\": \"mine\", \"self_assessment\": {\"risks\": \"my risks\"}}");
	json_t *t = doc(f, "{\"outreach\": \"theirs\", \"self_assessment\": {\"risks\": \"r\", \"obstacles\": \"x\"}}");
	json_t *r = NULL, *c = NULL, *e;

	(void)state;
	assert_int_equal(merge_docs(f, b, m, t, &r, &c), 0);
	assert_int_equal(json_array_size(c), 1);
	e = json_array_get(c, 0);
	assert_string_equal(json_string_value(json_object_get(e, "question")), "outreach");
	assert_string_equal(json_string_value(json_object_get(e, "mine")), "mine");
	assert_string_equal(json_string_value(json_object_get(e, "theirs")), "theirs");
	assert_non_null(strstr(json_string_value(json_object_get(e, "label")), "Advancement and promotion"));
	/* theirs is kept where they conflict; the group merged field by field */
	assert_string_equal(ans(r, "outreach"), "theirs");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(r, "answers"),
		"self_assessment"), "risks")), "my risks");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(r, "answers"),
		"self_assessment"), "obstacles")), "x");
	json_decref(b);
	json_decref(m);
	json_decref(t);
	json_decref(r);
	json_decref(c);
	form_free(f);
}

static void
deletion_and_same_edit(void **state)
{
	struct form *f = tu_form();
	json_t *b = doc(f, "{\"outreach\": \"o\", \"eu13_involvement\": \"e\"}");
	json_t *m = doc(f, "{\"eu13_involvement\": \"both\"}");
	json_t *t = doc(f, "{\"outreach\": \"o\", \"eu13_involvement\": \"both\"}");
	json_t *r = NULL, *c = NULL;

	(void)state;
	assert_int_equal(merge_docs(f, b, m, t, &r, &c), 0);
	assert_int_equal(json_array_size(c), 0);
	assert_null(ans(r, "outreach")); /* mine removed it, theirs left it alone */
	assert_string_equal(ans(r, "eu13_involvement"), "both");
	json_decref(b);
	json_decref(m);
	json_decref(t);
	json_decref(r);
	json_decref(c);
	form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(other_questions_merge),
		cmocka_unit_test(same_question_conflicts),
		cmocka_unit_test(deletion_and_same_edit),
	};

	return cmocka_run_group_tests_name("merge", tests, NULL, NULL);
}
