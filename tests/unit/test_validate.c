/* test_validate.c - validation of whole reports: the seed's findings, and each kind of mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reader_text.h"
#include "report.h"
#include "testutil.h"
#include "validate.h"

struct fx {
	struct form *f;
	struct nuts *nuts;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct app_msg msg;
	char names[4096];

	x->f = tu_form();
	snprintf(names, sizeof(names), "%s/region-names.tsv", tu_env("S3PM_DATA_DIR"));
	if (nuts_load(tu_env("S3PM_NUTS_DIR"), names, &x->nuts, &msg) != 0) {
		fprintf(stderr, "test setup: %s\n", msg.text);
		abort();
	}
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	form_free(x->f);
	nuts_free(x->nuts);
	free(x);
	return 0;
}

static json_t *
doc_of(struct fx *x, const char *json)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL, *doc = NULL;

	if (report_parse_json(json, strlen(json), "t.json", &root, &msg) != 0 ||
	    report_canonical(x->f, root, "t.json", &doc, &msg) != 0)
		fail_msg("%s", msg.text);
	json_decref(root);
	return doc;
}

/* The finding for field/row with this code, or NULL. */
static const struct finding *
find(const struct findings *fs, const char *field, size_t row, const char *code)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (fs->v[i].field && strcmp(fs->v[i].field, field) == 0 && fs->v[i].row == row &&
		    strcmp(fs->v[i].code, code) == 0)
			return &fs->v[i];
	return NULL;
}

static void
seed_findings(void **state)
{
	struct fx *x = *state;
	struct validate_opts o = {x->nuts, 0};
	struct findings fs;
	struct app_msg msg;
	const struct finding *d;
	json_t *doc = NULL;
	size_t len, i;
	char *seed = tu_read("S3PM_SAMPLES_DIR", TU_SEED, &len);
	int version = 0;

	assert_int_equal(reader_text(x->f, seed, len, "seed.txt", &doc, NULL, &msg), 0);
	findings_init(&fs);
	assert_int_equal(validate_report(x->f, doc, &o, &fs, &version), 0);
	assert_int_equal(version, 2016);
	d = find(&fs, "participating_regions", 2, "nuts-name-mismatch");
	assert_non_null(d);
	assert_int_equal(d->severity, FINDING_ERROR);
	assert_string_equal(d->message, "FI1D3 is Pohjois-Karjala (North Karelia), not Kainuu; Kainuu is FI1D8");
	assert_string_equal(d->suggestion, "FI1D8");
	d = find(&fs, "participating_regions", 3, "nuts-name-mismatch");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "FI1D7 is Lappi (Lapland), not North Karelia; North Karelia is FI1D3"));
	assert_string_equal(d->suggestion, "FI1D3");
	d = find(&fs, "participating_regions", 9, "nuts-unknown-code");
	assert_non_null(d);
	assert_int_equal(d->severity, FINDING_ERROR);
	assert_string_equal(d->suggestion, "EL64");
	d = find(&fs, "participating_regions", 9, "country-iso-code");
	assert_non_null(d);
	assert_int_equal(d->severity, FINDING_WARNING);
	assert_string_equal(d->suggestion, "EL");
	d = find(&fs, "participating_regions", 8, "region-name-misspelt");
	assert_non_null(d);
	assert_string_equal(d->suggestion, "Centro");
	d = find(&fs, "participating_regions", 8, "nuts-changed");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "2024"));
	d = find(&fs, "participating_regions", 5, "region-name-misspelt");
	assert_non_null(d);
	assert_string_equal(d->suggestion, "Castilla y Le\xc3\xb3n");
	/* Nothing about the rows written right, nothing outside the regions. */
	for (i = 0; i < fs.n; i++) {
		assert_string_equal(fs.v[i].field, "participating_regions");
		assert_true(fs.v[i].row == 2 || fs.v[i].row == 3 || fs.v[i].row == 5 ||
			    fs.v[i].row == 8 || fs.v[i].row == 9);
	}
	assert_int_equal(findings_count(&fs, FINDING_ERROR), 3);
	findings_cleanup(&fs);
	json_decref(doc);
	free(seed);
}

static void
other_mistakes(void **state)
{
	struct fx *x = *state;
	struct validate_opts o = {x->nuts, 0};
	struct findings fs;
	const struct finding *d;
	json_t *doc = doc_of(x,
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {"
		" \"reporting_period\": \"2020-H1\", \"partnership\": \"P\", \"webpage\": \"www.example.org\","
		" \"participating_regions\": [{\"name\": \"Lapland\", \"country\": \"XX\", \"nuts\": \"FI1D7\"}],"
		" \"working_areas\": [{\"area\": \"1\"},{\"area\": \"2\"},{\"area\": \"3\"},{\"area\": \"4\"},{\"area\": \"5\"},"
		"  {\"area\": \"6\"},{\"area\": \"7\"},{\"area\": \"8\"},{\"area\": \"9\"},{\"area\": \"10\"},{\"area\": \"11\"}],"
		" \"past_events\": [{\"event\": \"Kick-off\", \"date\": \"soon\"}, {\"event\": \"Later\", \"date\": \"3.9.2020\"}],"
		" \"planned_events\": [{\"event\": \"Old\", \"date\": \"1.1.2019\"}],"
		" \"sdg\": {\"3\": \"maybe\", \"4\": \"agree\"},"
		" \"self_assessment\": {\"progress_rating\": \"great\"}}}");

	findings_init(&fs);
	assert_int_equal(validate_report(x->f, doc, &o, &fs, NULL), 0);
	assert_non_null(find(&fs, "executive_summary", 0, "missing-answer"));
	assert_non_null(find(&fs, "working_areas", 11, "too-many-rows"));
	assert_non_null(find(&fs, "webpage", 0, "bad-url"));
	d = find(&fs, "past_events", 1, "bad-date");
	assert_non_null(d);
	assert_int_equal(d->severity, FINDING_ERROR);
	assert_non_null(find(&fs, "past_events", 2, "date-after-period"));
	assert_non_null(find(&fs, "planned_events", 1, "date-before-period"));
	assert_non_null(find(&fs, "sdg", 3, "bad-choice"));
	assert_null(find(&fs, "sdg", 4, "bad-choice"));
	assert_non_null(find(&fs, "self_assessment.progress_rating", 0, "bad-choice"));
	d = NULL;
	for (size_t i = 0; i < fs.n; i++)
		if (strcmp(fs.v[i].field, "participating_regions") == 0 && fs.v[i].severity == FINDING_ERROR)
			d = &fs.v[i];
	assert_non_null(d);
	assert_non_null(strstr(d->message, "XX"));
	findings_cleanup(&fs);
	json_decref(doc);
}

static void
period_and_version(void **state)
{
	struct fx *x = *state;
	struct validate_opts o = {x->nuts, 0};
	struct findings fs;
	json_t *doc;
	int v = 0;

	findings_init(&fs);
	doc = doc_of(x, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"reporting_period\": \"January - June 2022\"}}");
	assert_int_equal(validate_report(x->f, doc, &o, &fs, &v), 0);
	assert_non_null(find(&fs, "reporting_period", 0, "bad-period"));
	assert_string_equal(find(&fs, "reporting_period", 0, "bad-period")->suggestion, "2022-H1");
	assert_int_equal(v, 2024); /* no valid period: the latest version, said in a warning */
	json_decref(doc);
	findings_cleanup(&fs);
	findings_init(&fs);
	doc = doc_of(x, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"reporting_period\": \"2022-H2\"}}");
	assert_int_equal(validate_report(x->f, doc, &o, &fs, &v), 0);
	assert_int_equal(v, 2021);
	json_decref(doc);
	findings_cleanup(&fs);
	o.nuts_version = 2013;
	findings_init(&fs);
	doc = doc_of(x, "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"reporting_period\": \"2024-H1\"}}");
	assert_int_equal(validate_report(x->f, doc, &o, &fs, &v), 0);
	assert_int_equal(v, 2013);
	json_decref(doc);
	findings_cleanup(&fs);
}

static void
urls(void **state)
{
	(void)state;
	assert_true(validate_url("https://s3platform.jrc.ec.europa.eu/mining-industry"));
	assert_true(validate_url("http://example.org:8080/a?b=c#d"));
	assert_false(validate_url("www.example.org"));
	assert_false(validate_url("https://"));
	assert_false(validate_url("https://exa mple.org"));
	assert_false(validate_url("https://example..org"));
	assert_false(validate_url("ftp://example.org"));
	assert_false(validate_url("https://nodot"));
	assert_false(validate_url("https://example.org:99999999/"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_findings),
		cmocka_unit_test(other_mistakes),
		cmocka_unit_test(period_and_version),
		cmocka_unit_test(urls),
	};

	return cmocka_run_group_tests_name("validate", tests, setup, teardown);
}
