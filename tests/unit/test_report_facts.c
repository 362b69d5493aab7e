/* test_report_facts.c - unit tests of report_facts.c: the portfolio's
 * figures of one report document (SDG levels, regions carried to NUTS
 * 2021, countries, EU13 and non-EU entries, events by month, outreach
 * items), against the real NUTS data and form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "nuts.h"
#include "report_facts.h"
#include "testutil.h"

static struct nuts *reg;
static struct form *form;

static int
setup(void **state)
{
	char names[4096];
	struct app_msg msg;

	(void)state;
	snprintf(names, sizeof(names), "%s/region-names.tsv", tu_env("S3PM_DATA_DIR"));
	if (nuts_load(tu_env("S3PM_NUTS_DIR"), names, &reg, &msg) != 0 ||
	    form_load_id(tu_env("S3PM_FORMS_DIR"), "s3-monitoring-2020", &form, &msg) != 0) {
		fprintf(stderr, "test_report_facts: %s\n", msg.text);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	nuts_free(reg);
	form_free(form);
	return 0;
}

/* The facts of a document whose answers are the JSON text answers. */
static void
facts_of(const char *period, const char *answers, struct report_facts *f)
{
	json_error_t err;
	json_t *a = json_loads(answers, 0, &err), *doc;

	if (a == NULL)
		fail_msg("bad test JSON: %s", err.text);
	doc = json_pack("{s:s, s:o}", "form", "s3-monitoring-2020", "answers", a);
	memset(f, 0, sizeof(*f));
	assert_int_equal(report_facts_of(form, reg, period, doc, f), 0);
	json_decref(doc);
}

static bool
has_region(const struct report_facts *f, const char *code, bool lead)
{
	for (size_t i = 0; i < f->nregion; i++)
		if (strcmp(f->region[i].code, code) == 0)
			return f->region[i].lead == lead;
	return false;
}

static void
test_sdg_levels(void **state)
{
	struct report_facts f;

	(void)state;
	facts_of("2021-H1", "{\"sdg\": {\"1\": \"strongly_agree\", \"2\": \"agree\", \"3\": \"neutral\","
			    " \"4\": \"disagree\", \"5\": \"strongly_disagree\", \"6\": \"not_applicable\","
			    " \"7\": \"maybe\", \"17\": \"agree\"}}", &f);
	assert_string_equal(f.sdg, "012345----------1");
	report_facts_cleanup(&f);
	facts_of("2021-H1", "{}", &f);
	assert_string_equal(f.sdg, "-----------------");
	assert_int_equal(f.regions, 0);
	assert_int_equal(f.outreach, 0);
	report_facts_cleanup(&f);
}

/* A code of an older version is carried to 2021: HR04 (2016) split into
 * HR02, HR05, HR06; NO05 (2016) recoded NO0A, written in a 2022 report
 * against the older version. */
static void
test_regions_carried(void **state)
{
	struct report_facts f;

	(void)state;
	facts_of("2020-H1", "{\"participating_regions\": [{\"name\": \"Kontinentalna Hrvatska\", \"country\": \"HR\","
			    " \"nuts\": \"HR04\"}], \"leading_regions\": \"Kontinentalna Hrvatska (HR)\"}", &f);
	assert_int_equal(f.regions, 1);
	assert_int_equal(f.nregion, 3);
	assert_true(has_region(&f, "HR02", true));
	assert_true(has_region(&f, "HR05", true));
	assert_true(has_region(&f, "HR06", true));
	assert_int_equal(f.eu13, 1);
	assert_int_equal(f.non_eu, 0);
	assert_int_equal(f.countries, 1);
	assert_int_equal(f.unplaced, 0);
	report_facts_cleanup(&f);

	facts_of("2022-H1", "{\"participating_regions\": [{\"name\": \"Vestlandet\", \"country\": \"NO\","
			    " \"nuts\": \"NO05\"}, {\"name\": \"Nowhere\", \"country\": \"\", \"nuts\": \"\"},"
			    " {\"name\": \"Lapland\", \"country\": \"FI\", \"nuts\": \"FI1D7\"}]}", &f);
	assert_int_equal(f.regions, 3);
	assert_true(has_region(&f, "NO0A", false));
	assert_true(has_region(&f, "FI1D", false));
	assert_int_equal(f.nregion, 2);
	assert_int_equal(f.non_eu, 1);  /* Norway */
	assert_int_equal(f.eu13, 0);
	assert_int_equal(f.unplaced, 1); /* "Nowhere" */
	assert_int_equal(f.countries, 2);
	/* Sorted by code. */
	assert_string_equal(f.region[0].code, "FI1D");
	assert_string_equal(f.region[0].country, "FI");
	report_facts_cleanup(&f);
}

/* The United Kingdom: a Member State up to 2019, outside the EU from 2020. */
static void
test_uk(void **state)
{
	static const char *const regions =
		"{\"participating_regions\": [{\"name\": \"Tees Valley and Durham\", \"country\": \"UK\","
		" \"nuts\": \"UKC1\"}, {\"name\": \"Łódzkie\", \"country\": \"PL\", \"nuts\": \"PL71\"}],"
		" \"leading_regions\": \"Łódzkie\"}";
	struct report_facts f;

	(void)state;
	facts_of("2019-H2", regions, &f);
	assert_int_equal(f.non_eu, 0);
	assert_int_equal(f.eu13, 1);
	assert_int_equal(f.countries, 2);
	assert_true(has_region(&f, "PL71", true));
	report_facts_cleanup(&f);
	facts_of("2020-H1", regions, &f);
	assert_int_equal(f.non_eu, 1);
	assert_int_equal(f.eu13, 1);
	report_facts_cleanup(&f);
	assert_true(report_facts_eu("UK", 2019));
	assert_false(report_facts_eu("UK", 2020));
	assert_true(report_facts_eu("DE", 2030));
	assert_false(report_facts_eu("NO", 2015));
	assert_true(report_facts_eu13("HR"));
	assert_false(report_facts_eu13("EL"));
	assert_false(report_facts_eu13(NULL));
}

static void
test_events_by_month(void **state)
{
	struct report_facts f;

	(void)state;
	facts_of("2021-H2", "{\"past_events\": [{\"event\": \"a\", \"date\": \"3.8.2021\"},"
			    " {\"event\": \"b\", \"date\": \"20.8.2021\"}, {\"event\": \"c\", \"date\": \"\"},"
			    " {\"event\": \"d\", \"date\": \"4.9.2021\"}],"
			    " \"planned_events\": [{\"event\": \"e\", \"date\": \"January 2022\"},"
			    " {\"event\": \"f\", \"date\": \"to be decided\"}, {\"event\": \"g\", \"date\": \"15.9.2021\"}]}",
		 &f);
	assert_int_equal(f.events_held, 4);
	assert_int_equal(f.events_planned, 3);
	assert_int_equal(f.events_undated, 2);
	assert_int_equal(f.nmonth, 3);
	assert_string_equal(f.month[0].month, "2021-08");
	assert_int_equal(f.month[0].held, 2);
	assert_int_equal(f.month[0].planned, 0);
	assert_string_equal(f.month[1].month, "2021-09");
	assert_int_equal(f.month[1].held, 1);
	assert_int_equal(f.month[1].planned, 1);
	assert_string_equal(f.month[2].month, "2022-01");
	assert_int_equal(f.month[2].planned, 1);
	report_facts_cleanup(&f);
}

static void
test_outreach(void **state)
{
	static const struct {
		const char *json;
		int items;
	} cases[] = {
		{"\"- a talk\\n- an article\\n\\u2022 a webinar\"", 3},
		{"\"1. one\\n2) two\\n3.5 is no item\"", 2},
		{"\"A paragraph\\nstill it\\n\\nAnother one\"", 2},
		{"\"Intro line\\n* item\\n* item\"", 2},
		{"\"\"", 0},
		{"null", 0},
	};
	struct report_facts f;
	char answers[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(answers, sizeof(answers), "{\"outreach\": %s}", cases[i].json);
		facts_of("2021-H1", answers, &f);
		if (f.outreach != cases[i].items)
			fail_msg("outreach %s: %d items, not %d", cases[i].json, f.outreach, cases[i].items);
		report_facts_cleanup(&f);
	}
}

static void
test_bad_period(void **state)
{
	struct report_facts f;
	json_t *doc = json_pack("{s:s, s:{}}", "form", "s3-monitoring-2020", "answers");

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(report_facts_of(form, reg, "2021-H3", doc, &f), APP_EINPUT);
	assert_int_equal(report_facts_of(form, reg, NULL, doc, &f), APP_EINPUT);
	/* Without NUTS nothing is placed, and nothing breaks. */
	assert_int_equal(report_facts_of(form, NULL, "2021-H1", doc, &f), 0);
	assert_int_equal(f.nregion, 0);
	report_facts_cleanup(&f);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sdg_levels),
		cmocka_unit_test(test_regions_carried),
		cmocka_unit_test(test_uk),
		cmocka_unit_test(test_events_by_month),
		cmocka_unit_test(test_outreach),
		cmocka_unit_test(test_bad_period),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
