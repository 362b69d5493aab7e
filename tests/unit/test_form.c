/* test_form.c - form definitions: the real one, and faulty ones refused with a clear message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "form.h"
#include "testutil.h"

static void
real_form_has_the_interchange_names(void **state)
{
	static const char *const ids[] = {"reporting_period", "partnership", "start_date", "webpage",
		"executive_summary", "leading_regions", "participating_regions", "interested_entities",
		"working_areas", "past_events", "planned_events", "innovative_results",
		"socio_economic_impacts", "inter_partnership_results", "business_involvement",
		"cooperation_evaluation", "eu13_involvement", "non_eu_involvement", "outreach",
		"other_platform_activities", "sdg", "self_assessment"};
	struct form *f = tu_form();
	const struct form_question *q;
	size_t i;

	(void)state;
	assert_int_equal(f->nquestions, sizeof(ids) / sizeof(ids[0]));
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_non_null(form_find(f, ids[i]));
		/* in form order */
		assert_string_equal(f->questions[i]->id, ids[i]);
	}
	assert_true(form_find(f, "executive_summary")->mandatory);
	assert_true(form_find(f, "working_areas")->mandatory);
	q = form_find(f, "working_areas");
	assert_int_equal(q->type, FORM_TABLE);
	assert_int_equal(q->max_rows, 10);
	assert_int_equal(q->ncolumns, 4);
	assert_string_equal(q->columns[1].id, "region_in_charge");
	q = form_find(f, "past_events");
	assert_int_equal(q->columns[1].type, FORM_COL_DATE);
	assert_int_equal(q->when, FORM_WHEN_PAST);
	q = form_find(f, "sdg");
	assert_int_equal(q->type, FORM_LIKERT);
	assert_int_equal(q->nrows, 17);
	assert_int_equal(q->nscale, 6);
	assert_string_equal(q->scale[0].value, "strongly_agree");
	assert_string_equal(q->scale[5].value, "not_applicable");
	assert_string_equal(q->rows[16].value, "17");
	q = form_find(f, "self_assessment");
	assert_int_equal(q->type, FORM_GROUP);
	assert_true(form_confidential(f, q));
	assert_false(form_confidential(f, form_find(f, "sdg")));
	assert_non_null(form_field(q, "progress_rating"));
	assert_int_equal(form_field(q, "progress_rating")->nchoices, 5);
	assert_string_equal(form_field(q, "progress_rating")->choices[0].label, "Well ahead of plan");
	assert_string_equal(form_field(q, "progress_rating")->choices[4].label, "Far behind plan");
	assert_non_null(form_field(q, "risks"));
	assert_int_equal(form_find(f, "reporting_period")->type, FORM_PERIOD);
	assert_int_equal(form_find(f, "webpage")->type, FORM_URL);
	assert_int_equal(form_find(f, "participating_regions")->type, FORM_REGIONS);
	form_free(f);
}

static void
expect_bad(const char *json, const char *needle)
{
	struct form *f = (struct form *)1;
	struct app_msg msg = {{0}};

	assert_int_equal(form_load_buf(json, strlen(json), "bad.json", &f, &msg), APP_EFORM);
	assert_null(f);
	if (strstr(msg.text, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", msg.text, needle);
	assert_non_null(strstr(msg.text, "bad.json"));
}

#define HEAD "{\"id\":\"x\",\"title\":\"T\",\"sections\":[{\"id\":\"s\",\"title\":\"S\",\"visibility\":\"public\",\"items\":["
#define TAIL "]}]}"

static void
faulty_definitions(void **state)
{
	(void)state;
	expect_bad("{\"id\": \"x\",\n  \"title\": }", "bad.json:2:");
	expect_bad("[]", "must be an object");
	expect_bad(HEAD "{\"id\":\"a\",\"label\":\"A\",\"type\":\"tabel\"}" TAIL, "unknown type \"tabel\"");
	expect_bad(HEAD "{\"id\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"id\":\"a\",\"label\":\"B\",\"type\":\"text\"}" TAIL,
		   "used twice");
	expect_bad(HEAD "{\"id\":\"a\",\"type\":\"text\"}" TAIL, "sections[0].items[0].label: missing");
	expect_bad(HEAD "{\"id\":\"a\",\"label\":\"A\",\"type\":\"table\",\"columns\":[{\"id\":\"c\",\"label\":\"C\"}]}" TAIL,
		   "max_rows");
	expect_bad(HEAD "{\"id\":\"a\",\"label\":\"A\",\"type\":\"text\",\"mandatroy\":true}" TAIL,
		   "items[0].mandatroy: unknown member");
	expect_bad(HEAD "{\"id\":\"a\",\"label\":\"A\",\"type\":\"text\",\"max_length\":-3}" TAIL, "max_length");
	expect_bad(HEAD "{\"id\":\"A b\",\"label\":\"A\",\"type\":\"text\"}" TAIL, "id must be");
	expect_bad(HEAD "{\"id\":\"a\",\"label\":\"A\",\"type\":\"likert\",\"rows\":[{\"value\":\"1\",\"label\":\"G\"}]}" TAIL,
		   "scale");
	expect_bad(HEAD "{\"id\":\"a\",\"label\":\"A\",\"type\":\"choice\",\"choices\":[{\"value\":\"v\",\"label\":\"V\"},{\"value\":\"v\",\"label\":\"W\"}]}" TAIL,
		   "repeats");
	expect_bad(HEAD TAIL, "no question");
	expect_bad("{\"id\":\"x\",\"title\":\"T\",\"sections\":[{\"id\":\"s\",\"title\":\"S\",\"visibility\":\"secret\",\"items\":[]}]}",
		   "visibility");
	expect_bad("{\"id\":\"x\",\"title\":\"T\",\"sections\":[{\"id\":\"s\",\"title\":\"S\",\"visibility\":\"confidential\",\"items\":[{\"id\":\"a\",\"label\":\"A\",\"type\":\"text\"}]}]}",
		   "audience");
	expect_bad("{\"id\":\"x\",\"id\":\"y\"}", "duplicate");
}

static void
unknown_form_id(void **state)
{
	struct form *f = NULL;
	struct app_msg msg = {{0}};

	(void)state;
	assert_int_equal(form_load_id(tu_env("S3PM_FORMS_DIR"), "no-such-form", &f, &msg), APP_ENOTFOUND);
	assert_non_null(strstr(msg.text, "unknown form"));
	assert_int_equal(form_load_id(tu_env("S3PM_FORMS_DIR"), "../etc/passwd", &f, &msg), APP_EINPUT);
	assert_null(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_form_has_the_interchange_names),
		cmocka_unit_test(faulty_definitions),
		cmocka_unit_test(unknown_form_id),
	};

	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
