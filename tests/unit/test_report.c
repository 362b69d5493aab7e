/* test_report.c - report documents: type checks and the canonical form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report.h"
#include "testutil.h"

static int
canon(struct form *f, const char *json, char **out, struct app_msg *msg)
{
	json_t *root = NULL, *doc = NULL;
	int rc = report_parse_json(json, strlen(json), "r.json", &root, msg);

	*out = NULL;
	if (rc == 0)
		rc = report_canonical(f, root, "r.json", &doc, msg);
	if (rc == 0)
		*out = report_dump(doc);
	json_decref(root);
	json_decref(doc);
	return rc;
}

static void
canonical_order_and_shape(void **state)
{
	struct form *f = tu_form();
	struct app_msg msg;
	char *out = NULL, *again = NULL;

	(void)state;
	assert_int_equal(canon(f,
		"{\"answers\": {\"sdg\": {\"9\": \"agree\", \"1\": \" neutral \"},"
		" \"working_areas\": [{\"other_actors\": \"Clusters\", \"area\": \"Batteries\"}, {\"area\": \"  \"}],"
		" \"partnership\": \"Mining industry\", \"webpage\": \"\","
		" \"participating_regions\": [{\"nuts\": \"FI1D7\", \"name\": \"Lapland\"}],"
		" \"self_assessment\": {\"risks\": \"Funding\", \"progress_rating\": \"on_plan\"}},"
		" \"form\": \"s3-monitoring-2020\"}", &out, &msg), 0);
	assert_string_equal(out,
		"{\n  \"form\": \"s3-monitoring-2020\",\n  \"answers\": {\n"
		"    \"partnership\": \"Mining industry\",\n"
		"    \"participating_regions\": [\n      {\n        \"name\": \"Lapland\",\n        \"country\": \"\",\n        \"nuts\": \"FI1D7\"\n      }\n    ],\n"
		"    \"working_areas\": [\n      {\n        \"area\": \"Batteries\",\n        \"region_in_charge\": \"\",\n        \"involved_regions\": \"\",\n        \"other_actors\": \"Clusters\"\n      }\n    ],\n"
		"    \"sdg\": {\n      \"1\": \"neutral\",\n      \"9\": \"agree\"\n    },\n"
		"    \"self_assessment\": {\n      \"progress_rating\": \"on_plan\",\n      \"risks\": \"Funding\"\n    }\n"
		"  },\n  \"unmapped\": []\n}\n");
	assert_int_equal(canon(f, out, &again, &msg), 0);
	assert_string_equal(out, again);
	free(out);
	free(again);
	form_free(f);
}

static void
expect_bad(struct form *f, const char *json, const char *needle)
{
	struct app_msg msg = {{0}};
	char *out = NULL;

	assert_int_equal(canon(f, json, &out, &msg), APP_EINPUT);
	assert_null(out);
	if (strstr(msg.text, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", msg.text, needle);
	assert_non_null(strstr(msg.text, "r.json"));
}

static void
wrong_types(void **state)
{
	struct form *f = tu_form();

	(void)state;
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"executive_summary\": 42}}",
		   "answers.executive_summary: must be a string");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"working_areas\": {\"area\": \"x\"}}}",
		   "answers.working_areas: must be an array");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"working_areas\": [{\"area\": 1}]}}",
		   "answers.working_areas[0].area: must be a string");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"working_areas\": [{\"colour\": \"red\"}]}}",
		   "answers.working_areas[0].colour: unknown member");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {\"18\": \"agree\"}}}",
		   "answers.sdg.18: no such row");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": [\"agree\"]}}", "answers.sdg");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"favourite_colour\": \"red\"}}",
		   "answers.favourite_colour: no such question");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": []}", "answers: must be an object");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\"}", "answers: missing");
	expect_bad(f, "{\"form\": 7, \"answers\": {}}", "form");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"extra\": 1}", "extra: unknown member");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": [3]}", "unmapped[0]");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"self_assessment\": {\"mood\": \"ok\"}}}",
		   "answers.self_assessment.mood: no such field");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {}", "r.json:1:");
	expect_bad(f, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"partnership\": \"a\", \"partnership\": \"b\"}}",
		   "duplicate");
	form_free(f);
}

static void
strip_confidential(void **state)
{
	struct form *f = tu_form();
	struct app_msg msg;
	json_t *root = NULL, *doc = NULL;
	const char *j = "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"partnership\": \"P\","
			" \"self_assessment\": {\"risks\": \"SECRET-MARKER\"}}}";
	char *out;

	(void)state;
	assert_int_equal(report_parse_json(j, strlen(j), "r.json", &root, &msg), 0);
	assert_int_equal(report_canonical(f, root, "r.json", &doc, &msg), 0);
	report_strip_confidential(f, doc);
	out = report_dump(doc);
	assert_null(strstr(out, "SECRET-MARKER"));
	assert_non_null(strstr(out, "\"partnership\": \"P\""));
	free(out);
	json_decref(root);
	json_decref(doc);
	form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_order_and_shape),
		cmocka_unit_test(wrong_types),
		cmocka_unit_test(strip_confidential),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
