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

/* report_is_canonical says yes exactly when report_canonical gives the
 * document back as it is (the same text when dumped). */
static void
agrees(struct form *f, const char *json)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL, *doc = NULL;
	char *a = NULL, *b = NULL;
	bool same;

	assert_int_equal(report_parse_json(json, strlen(json), "r.json", &root, &msg), 0);
	if (report_canonical(f, root, "r.json", &doc, &msg) == 0) {
		a = report_dump(root);
		b = report_dump(doc);
		assert_non_null(a);
		assert_non_null(b);
		same = strcmp(a, b) == 0;
	} else {
		same = false;
	}
	if (report_is_canonical(f, root) != same)
		fail_msg("report_is_canonical says %s for %s", same ? "no" : "yes", json);
	free(a);
	free(b);
	json_decref(root);
	json_decref(doc);
}

static void
is_canonical(void **state)
{
	struct form *f = tu_form();
	static const char *const cases[] = {
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}}",
		"{\"answers\": {}, \"form\": \"s3-monitoring-2020\", \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"unmapped\": [], \"answers\": {}}",
		"{\"form\": \"other\", \"answers\": {}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"partnership\": \"P\", \"executive_summary\": \"S\"}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"executive_summary\": \"S\", \"partnership\": \"P\"}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"partnership\": \" P\"}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"partnership\": \"P\\n\"}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"partnership\": \"\"}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"partnership\": 7}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"nonsense\": \"x\"}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"participating_regions\": [{\"name\": \"Lapland\", \"country\": \"\", \"nuts\": \"FI1D7\"}]}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"participating_regions\": [{\"name\": \"Lapland\", \"nuts\": \"FI1D7\"}]}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"participating_regions\": [{\"country\": \"\", \"name\": \"Lapland\", \"nuts\": \"FI1D7\"}]}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"participating_regions\": [{\"name\": \"\", \"country\": \"\", \"nuts\": \"\"}]}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"participating_regions\": [{\"name\": \" \", \"country\": \"FI\", \"nuts\": \"\"}]}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"participating_regions\": []}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"participating_regions\": [{\"name\": \"L\", \"country\": \"\", \"nuts\": \"\", \"x\": \"\"}]}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {\"1\": \"neutral\", \"9\": \"agree\"}}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {\"9\": \"agree\", \"1\": \"neutral\"}}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {\"1\": \"\"}}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {}}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {\"18\": \"agree\"}}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"self_assessment\": {\"progress_rating\": \"on_plan\", \"risks\": \"R\"}}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"self_assessment\": {\"risks\": \"R\", \"progress_rating\": \"on_plan\"}}, \"unmapped\": []}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": [{\"line\": 3, \"text\": \" x \"}, {\"text\": \"y\"}]}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": [{\"text\": \"y\", \"line\": 3}]}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": [\"y\"]}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": [{\"line\": 0, \"text\": \"y\"}]}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": [{\"line\": 1.0, \"text\": \"y\"}]}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": [{}]}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {}, \"unmapped\": {}}",
		"[]",
	};
	char path[4096], *data = NULL;
	struct app_msg msg;
	json_t *root = NULL, *doc = NULL;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		agrees(f, cases[i]);
	/* The full fixture, and its canonical text (what the store holds). */
	snprintf(path, sizeof(path), "%s/../tests/pdf/full-report.json", tu_env("S3PM_SAMPLES_DIR"));
	assert_int_equal(fileio_read(path, 1u << 24, &data, &len, &msg), 0);
	agrees(f, data);
	assert_int_equal(report_parse_json(data, len, "full", &root, &msg), 0);
	assert_int_equal(report_canonical(f, root, "full", &doc, &msg), 0);
	free(data);
	data = report_dump(doc);
	json_decref(root);
	assert_int_equal(report_parse_json(data, strlen(data), "full", &root, &msg), 0);
	assert_true(report_is_canonical(f, root));
	agrees(f, data);
	free(data);
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
		cmocka_unit_test(is_canonical),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
