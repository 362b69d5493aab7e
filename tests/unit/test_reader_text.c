/* test_reader_text.c - the text-export reader, on the seed report and variants of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reader_text.h"
#include "report.h"
#include "testutil.h"

struct fx {
	struct form *f;
	struct reader *rd; /* of f, built once for all the tests */
	char *seed;
	size_t len;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	x->f = tu_form();
	if (x->f == NULL || reader_new(x->f, &x->rd, NULL) != 0)
		return -1;
	x->seed = tu_read("S3PM_SAMPLES_DIR", TU_SEED, &x->len);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	reader_free(x->rd);
	form_free(x->f);
	free(x->seed);
	free(x);
	return 0;
}

static json_t *
read_ok(struct fx *x, const char *text, struct buf *notes)
{
	struct app_msg msg = {{0}};
	json_t *doc = NULL;
	int rc = reader_read(x->rd, text, strlen(text), "t.txt", &doc, notes, &msg);

	if (rc != 0)
		fprintf(stderr, "reader_text: %s\n", msg.text);
	assert_int_equal(rc, 0);
	assert_non_null(doc);
	return doc;
}

static const char *
ans(json_t *doc, const char *k)
{
	return json_string_value(json_object_get(report_answers(doc), k));
}

static const char *
cell(json_t *doc, const char *table, size_t row, const char *col)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(report_answers(doc), table), row), col));
}

static void
seed_header(void **state)
{
	struct fx *x = *state;
	json_t *doc = read_ok(x, x->seed, NULL);

	assert_string_equal(ans(doc, "partnership"), "Mining industry");
	assert_string_equal(ans(doc, "reporting_period"), "2020-H1");
	assert_string_equal(ans(doc, "start_date"), "Fall 2019");
	assert_string_equal(ans(doc, "webpage"), "https://s3platform.jrc.ec.europa.eu/mining-industry");
	assert_string_equal(ans(doc, "leading_regions"), "North Karelia Finland and Lapland, Finland");
	assert_string_equal(ans(doc, "interested_entities"), "Communication with MIREU partner regions");
	assert_string_equal(json_string_value(json_object_get(doc, "form")), "s3-monitoring-2020");
	json_decref(doc);
}

static void
seed_regions(void **state)
{
	struct fx *x = *state;
	json_t *doc = read_ok(x, x->seed, NULL);
	json_t *r = json_object_get(report_answers(doc), "participating_regions");
	json_t *e;

	assert_int_equal(json_array_size(r), 9);
	e = json_array_get(r, 8);
	assert_string_equal(json_string_value(json_object_get(e, "name")), "Sterea Ellada");
	assert_string_equal(json_string_value(json_object_get(e, "country")), "GR");
	assert_string_equal(json_string_value(json_object_get(e, "nuts")), "EL24");
	e = json_array_get(r, 1);
	assert_string_equal(json_string_value(json_object_get(e, "name")), "Kainuu");
	assert_string_equal(json_string_value(json_object_get(e, "nuts")), "FI1D3");
	e = json_array_get(r, 3);
	assert_string_equal(json_string_value(json_object_get(e, "name")), "Västerbotten");
	assert_string_equal(json_string_value(json_object_get(e, "country")), "SE");
	e = json_array_get(r, 4);
	assert_string_equal(json_string_value(json_object_get(e, "name")), "Castilla y'Leon");
	e = json_array_get(r, 7);
	assert_string_equal(json_string_value(json_object_get(e, "name")), "Cenrto Portugal");
	assert_string_equal(json_string_value(json_object_get(e, "nuts")), "PT16");
	json_decref(doc);
}

static void
seed_tables(void **state)
{
	static const char *const dates[] = {"12-13.2.2020", "11.3.2020", "15.4.2020", "28.5.2020", "25.6.2020"};
	static const char *const places[] = {"Kemi, Finland", "online", "online", "online", ""};
	struct fx *x = *state;
	json_t *doc = read_ok(x, x->seed, NULL);
	size_t i;

	assert_int_equal(json_array_size(json_object_get(report_answers(doc), "working_areas")), 4);
	assert_string_equal(cell(doc, "working_areas", 0, "area"),
			    "Upgrading SME competitiveness in mining -> industrial services");
	assert_string_equal(cell(doc, "working_areas", 1, "area"), "Sustainability of mining");
	assert_string_equal(cell(doc, "working_areas", 1, "region_in_charge"), "In progress");
	assert_int_equal(json_array_size(json_object_get(report_answers(doc), "past_events")), 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(cell(doc, "past_events", i, "date"), dates[i]);
		assert_string_equal(cell(doc, "past_events", i, "place"), places[i]);
	}
	assert_string_equal(cell(doc, "past_events", 0, "event"), "Results of the scoping note - next step");
	assert_string_equal(cell(doc, "past_events", 4, "event"), "Project ideas");
	assert_int_equal(json_array_size(json_object_get(report_answers(doc), "planned_events")), 3);
	assert_string_equal(cell(doc, "planned_events", 0, "date"), "September");
	assert_string_equal(cell(doc, "planned_events", 1, "date"), "October/November");
	assert_string_equal(cell(doc, "planned_events", 1, "place"), "Online");
	assert_string_equal(cell(doc, "planned_events", 2, "event"), "MIREU and CoMMER in rawmaterial week");
	json_decref(doc);
}

static void
seed_texts_and_sdg(void **state)
{
	struct fx *x = *state;
	json_t *doc = read_ok(x, x->seed, NULL);
	const char *es = ans(doc, "executive_summary");

	assert_non_null(es);
	/* Wrapped lines joined, paragraphs kept, the bullets on lines of their own. */
	assert_non_null(strstr(es, "the transition towards a climate-neutral sustainable EU economy."));
	assert_non_null(strstr(es, "\n\nMines are very much place-based"));
	assert_non_null(strstr(es, "\n\u2022 to strengthen the regional"));
	assert_non_null(strstr(es, "services in regions\n\u2022 to identify novel"));
	assert_non_null(strstr(es, "in this initiative\nThe main objectives"));
	assert_non_null(strstr(es, "recycling procedures.\nSMEs have a key role"));
	assert_null(strstr(es, "\xc2\xa0"));
	assert_null(strstr(es, "rakhmru"));
	assert_string_equal(ans(doc, "innovative_results"), "Next report");
	assert_string_equal(ans(doc, "eu13_involvement"), "----");
	assert_non_null(strstr(ans(doc, "cooperation_evaluation"), "2030. When the effort"));
	assert_non_null(strstr(ans(doc, "outreach"), "\n- 24.6.2020 European Alliance"));
	assert_string_equal(ans(doc, "other_platform_activities"),
			    "Collaboration with the Advanced materials for batteries - initiative to organise joint online match-making event");
	/* No SDG is answered; nothing is left over. */
	assert_null(json_object_get(report_answers(doc), "sdg"));
	assert_null(json_object_get(report_answers(doc), "self_assessment"));
	assert_int_equal(json_array_size(json_object_get(doc, "unmapped")), 0);
	json_decref(doc);
}

static void
seed_footers_noted(void **state)
{
	struct fx *x = *state;
	struct buf notes;
	json_t *doc;

	buf_init(&notes, 1 << 16);
	doc = read_ok(x, x->seed, &notes);
	assert_non_null(strstr(buf_cstr(&notes), "t.txt:252: note: page footer \"rakhmru\" left out"));
	assert_non_null(strstr(buf_cstr(&notes), "t.txt:344: note: page footer \"rakhmru\" left out"));
	json_decref(doc);
	buf_cleanup(&notes);
}

/* pdftotext starts each page with a form feed: the footer before it goes. */
static void
form_feed_pages(void **state)
{
	struct fx *x = *state;
	char *t = tu_replace(x->seed, "\nrakhmru\n Evaluation of whether", "\nuser01\n\fEvaluation of whether");
	json_t *doc = read_ok(x, t, NULL);

	assert_null(strstr(ans(doc, "business_involvement"), "user01"));
	assert_non_null(strstr(ans(doc, "cooperation_evaluation"), "Securing a sustainable supply"));
	assert_int_equal(json_array_size(json_object_get(doc, "unmapped")), 0);
	json_decref(doc);
	free(t);
}

static void
round_trip(void **state)
{
	struct fx *x = *state;
	json_t *doc = read_ok(x, x->seed, NULL), *root = NULL, *again = NULL;
	struct app_msg msg;
	char *a = report_dump(doc), *b;

	assert_int_equal(report_parse_json(a, strlen(a), "a.json", &root, &msg), 0);
	assert_int_equal(report_canonical(x->f, root, "a.json", &again, &msg), 0);
	b = report_dump(again);
	assert_string_equal(a, b);
	free(a);
	free(b);
	json_decref(root);
	json_decref(again);
	json_decref(doc);
}

/* The same report with CRLF line ends, no-break spaces for spaces, and
 * without its page footers reads the same. */
/* A label with "national /regional" in it is found wrapped after its slash
 * (on one line or two) or with a space after the slash, and the answer
 * under it read the same. */
static void
label_wrapped_after_slash(void **state)
{
	static const char *const as[] = {"national /\nregional authorities)", "national / regional authorities)",
		"national /regional\nauthorities)"};
	struct fx *x = *state;
	json_t *doc = read_ok(x, x->seed, NULL), *doc2;
	const char *want = ans(doc, "interested_entities");
	size_t i;

	assert_non_null(want);
	for (i = 0; i < sizeof(as) / sizeof(as[0]); i++) {
		char *t = tu_replace(x->seed, "national /regional authorities)", as[i]);

		doc2 = read_ok(x, t, NULL);
		assert_non_null(ans(doc2, "interested_entities"));
		assert_string_equal(ans(doc2, "interested_entities"), want);
		assert_int_equal(json_array_size(json_object_get(report_answers(doc2), "participating_regions")),
				 json_array_size(json_object_get(report_answers(doc), "participating_regions")));
		json_decref(doc2);
		free(t);
	}
	json_decref(doc);
}

static void
tolerant_of_formatting(void **state)
{
	struct fx *x = *state;
	json_t *doc = read_ok(x, x->seed, NULL), *doc2;
	struct buf b;
	size_t i;
	char *a, *c;

	buf_init(&b, 1 << 24);
	for (i = 0; i < x->len; i++) {
		if (x->seed[i] == '\n')
			buf_puts(&b, "\r\n");
		else if (x->seed[i] == ' ' && i % 7 == 0)
			buf_puts(&b, "\xc2\xa0");
		else
			buf_putc(&b, x->seed[i]);
	}
	doc2 = read_ok(x, buf_cstr(&b), NULL);
	a = report_dump(doc);
	c = report_dump(doc2);
	assert_string_equal(a, c);
	free(a);
	free(c);
	json_decref(doc);
	json_decref(doc2);
	buf_cleanup(&b);
}

static void
sdg_answers_read(void **state)
{
	struct fx *x = *state;
	char *t1 = tu_replace(x->seed, "all ages\n", "all ages\n\nAgree\n");
	char *t2 = tu_replace(t1, "biodiversity loss\n", "biodiversity loss\n\nNot \napplicable\n");
	char *t3 = tu_replace(t2, "Goal 10. Reduce inequality \nwithin and among countries",
			      "Goal 10. Reduce inequality \nwithin and among countries Strongly disagree");
	json_t *doc = read_ok(x, t3, NULL), *sdg = json_object_get(report_answers(doc), "sdg");

	assert_int_equal(json_object_size(sdg), 3);
	assert_string_equal(json_string_value(json_object_get(sdg, "3")), "agree");
	assert_string_equal(json_string_value(json_object_get(sdg, "15")), "not_applicable");
	assert_string_equal(json_string_value(json_object_get(sdg, "10")), "strongly_disagree");
	json_decref(doc);
	free(t1);
	free(t2);
	free(t3);
}

static void
stray_text_goes_to_unmapped(void **state)
{
	struct fx *x = *state;
	char *t = tu_replace(x->seed, "Goal 5. Achieve gender \nequality & empower all \nwomen and girls\n",
			     "Goal 5. Achieve gender \nequality & empower all \nwomen and girls\n\nX (somewhere in the middle)\n");
	struct buf notes;
	json_t *doc, *u;

	buf_init(&notes, 1 << 16);
	doc = read_ok(x, t, &notes);
	u = json_object_get(doc, "unmapped");
	assert_int_equal(json_array_size(u), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(u, 0), "text")),
			    "X (somewhere in the middle)");
	assert_true(json_integer_value(json_object_get(json_array_get(u, 0), "line")) > 300);
	assert_non_null(strstr(buf_cstr(&notes), "kept in unmapped"));
	assert_null(json_object_get(report_answers(doc), "sdg"));
	json_decref(doc);
	buf_cleanup(&notes);
	free(t);
}

/* A scale row's value, then after a blank line other text (a web page's
 * footer after the last row of its print): the value kept, the text in
 * unmapped. Without the blank line the whole is no value. */
static void
scale_value_then_other_text(void **state)
{
	struct fx *x = *state;
	char *t = tu_replace(x->seed, "institutions at all levels\n",
			     "institutions at all levels\n\nDisagree\n\nSite footer \u2013 free software\n");
	char *t2 = tu_replace(x->seed, "institutions at all levels\n",
			      "institutions at all levels\n\nDisagree\nSite footer\n");
	struct buf notes;
	json_t *doc, *u;

	buf_init(&notes, 1 << 16);
	doc = read_ok(x, t, &notes);
	assert_string_equal(json_string_value(json_object_get(json_object_get(report_answers(doc), "sdg"), "16")),
			    "disagree");
	u = json_object_get(doc, "unmapped");
	assert_int_equal(json_array_size(u), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(u, 0), "text")),
			    "Site footer \u2013 free software");
	assert_non_null(strstr(buf_cstr(&notes), "text after the answer to a scale row"));
	json_decref(doc);
	doc = read_ok(x, t2, NULL);
	assert_null(json_object_get(report_answers(doc), "sdg"));
	assert_int_equal(json_array_size(json_object_get(doc, "unmapped")), 1);
	json_decref(doc);
	buf_cleanup(&notes);
	free(t);
	free(t2);
}

/* "No answer", what s3pm's report page shows for an unanswered question,
 * read from a print of the page as no answer, as s3pm's PDF's "(no answer)". */
static void
page_no_answer_is_none(void **state)
{
	struct fx *x = *state;
	char *t = tu_replace(x->seed, " Communication with MIREU partner regions\n", "No answer\n");
	char *t2 = tu_replace(x->seed, " Communication with MIREU partner regions\n", "(no answer)\n");
	json_t *doc = read_ok(x, t, NULL), *doc2 = read_ok(x, t2, NULL);

	assert_null(json_object_get(report_answers(doc), "interested_entities"));
	assert_null(json_object_get(report_answers(doc2), "interested_entities"));
	assert_int_equal(json_array_size(json_object_get(doc, "unmapped")), 0);
	json_decref(doc);
	json_decref(doc2);
	free(t);
	free(t2);
}

static void
truncated_is_refused(void **state)
{
	struct fx *x = *state;
	struct app_msg msg = {{0}};
	json_t *doc = NULL;
	const char *cut = strstr(x->seed, "Goal 12.");

	assert_non_null(cut);
	assert_int_equal(reader_text(x->f, x->seed, (size_t)(cut - x->seed), "cut.txt", &doc, NULL, &msg),
			 APP_EINPUT);
	assert_null(doc);
	assert_non_null(strstr(msg.text, "cut.txt:"));
	assert_non_null(strstr(msg.text, "cut short"));
	assert_non_null(strstr(msg.text, "Goal 12."));
}

static void
not_a_report_is_refused(void **state)
{
	struct fx *x = *state;
	struct app_msg msg = {{0}};
	json_t *doc = NULL;
	const char *t = "Dear all,\nplease find the minutes attached.\n";

	assert_int_equal(reader_text(x->f, t, strlen(t), "mail.txt", &doc, NULL, &msg), APP_EINPUT);
	assert_null(doc);
	assert_non_null(strstr(msg.text, "not a monitoring report"));
}

static void
table_overflow_rows_are_kept(void **state)
{
	struct fx *x = *state;
	char *t = tu_replace(x->seed, "9\n\n10\n Please provide information regarding planned",
			     "9 Ninth event 1.6.2020 Oulu\n\n10 Tenth event 2.6.2020 Oulu\n\n11 Eleventh event 3.6.2020 Oulu\n Please provide information regarding planned");
	json_t *doc = read_ok(x, t, NULL);

	assert_int_equal(json_array_size(json_object_get(report_answers(doc), "past_events")), 8);
	assert_string_equal(cell(doc, "past_events", 7, "event"), "Eleventh event");
	assert_string_equal(cell(doc, "past_events", 7, "date"), "3.6.2020");
	assert_string_equal(cell(doc, "past_events", 7, "place"), "Oulu");
	json_decref(doc);
	free(t);
}

/* Labels that a layout wrapped after a slash ("national /" + "regional")
 * are still found, whether the lines are kept or joined with a space; and
 * a title block that repeats the header's answers (as s3pm's own PDF
 * prints it under the form's title) is no unmapped text, while other text
 * there still is. */
static void
slash_wraps_and_title_block(void **state)
{
	struct fx *x = *state;
	static const char label[] = "(other than national /regional authorities)";
	json_t *doc = read_ok(x, x->seed, NULL), *doc2, *doc3, *doc4;
	char *t1 = tu_replace(x->seed, label, "(other than national /\nregional authorities)");
	char *t2 = tu_replace(x->seed, label, "(other than national / regional authorities)");
	char *t3 = tu_replace(x->seed, "Monitoring Progress Report\n",
			      "Monitoring Progress Report\nMining industry \xc2\xb7 January - June 2020\nStatus: Published\n");
	char *t4 = tu_replace(x->seed, "Monitoring Progress Report\n",
			      "Monitoring Progress Report\nMining industry and friends\n");
	char *a, *b;
	struct buf notes;

	assert_non_null(strstr(x->seed, label));
	buf_init(&notes, 1 << 16);
	doc2 = read_ok(x, t1, NULL);
	doc3 = read_ok(x, t2, NULL);
	a = report_dump(doc);
	b = report_dump(doc2);
	assert_string_equal(a, b);
	free(b);
	b = report_dump(doc3);
	assert_string_equal(a, b);
	free(b);
	json_decref(doc2);
	json_decref(doc3);
	doc2 = read_ok(x, t3, &notes);
	b = report_dump(doc2);
	assert_string_equal(a, b);
	assert_non_null(strstr(buf_cstr(&notes), "a title block"));
	free(b);
	doc4 = read_ok(x, t4, NULL);
	assert_int_equal(json_array_size(json_object_get(doc4, "unmapped")), 1);
	free(a);
	json_decref(doc);
	json_decref(doc2);
	json_decref(doc4);
	buf_cleanup(&notes);
	free(t1);
	free(t2);
	free(t3);
	free(t4);
}

/* One region entry of a list read from lines: name, country and code. */
static void
region_is(json_t *list, size_t i, const char *name, const char *country, const char *nuts)
{
	json_t *e = json_array_get(list, i);

	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "name")), name);
	assert_string_equal(json_string_value(json_object_get(e, "country")), country);
	assert_string_equal(json_string_value(json_object_get(e, "nuts")), nuts);
}

/* NUTS codes of every level are read, whatever follows the country code:
 * letters only at level 1 (FRB, UKC, DEA, ELZ), two letters at
 * level 0, letters and digits mixed (FRY10, NO0A1), and a country that has
 * left NUTS (UK). A capitalised word that is no code stays in the name. */
static void
region_codes_of_every_level(void **state)
{
	struct fx *x = *state;
	char *t = tu_replace(x->seed, "Lapland (FI) FI1D7\nKainuu (FI) FI1D3\n",
			     "Centre-Val de Loire (FR) FRB\n"
			     "North East (UK), UKC\n"
			     "Nordrhein-Westfalen (DE) DEA\n"
			     "Nord-Ovest (IT) ITC\n"
			     "Attiki (EL) EL3\n"
			     "Extra-Regio (EL) ELZ\n"
			     "Finland (FI) FI\n"
			     "Greece EL\n"
			     "Guadeloupe (FR) FRY10\n"
			     "Rogaland (NO) NO0A1\n"
			     "Tees Valley and Durham (UK) UKC1\n"
			     "Bretagne (FRH)\n"
			     "Centre NORD\n");
	json_t *doc = read_ok(x, t, NULL);
	json_t *r = json_object_get(report_answers(doc), "participating_regions");

	region_is(r, 0, "Centre-Val de Loire", "FR", "FRB");
	region_is(r, 1, "North East", "UK", "UKC");
	region_is(r, 2, "Nordrhein-Westfalen", "DE", "DEA");
	region_is(r, 3, "Nord-Ovest", "IT", "ITC");
	region_is(r, 4, "Attiki", "EL", "EL3");
	region_is(r, 5, "Extra-Regio", "EL", "ELZ");
	region_is(r, 6, "Finland", "FI", "FI");
	region_is(r, 7, "Greece", "", "EL");
	region_is(r, 8, "Guadeloupe", "FR", "FRY10");
	region_is(r, 9, "Rogaland", "NO", "NO0A1");
	region_is(r, 10, "Tees Valley and Durham", "UK", "UKC1");
	region_is(r, 11, "Bretagne", "", "FRH");
	region_is(r, 12, "Centre NORD", "", "");
	/* The seed's own entries after the replaced ones. */
	region_is(r, 13, "North Karelia", "FI", "FI1D7");
	json_decref(doc);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_header),
		cmocka_unit_test(seed_regions),
		cmocka_unit_test(region_codes_of_every_level),
		cmocka_unit_test(seed_tables),
		cmocka_unit_test(seed_texts_and_sdg),
		cmocka_unit_test(seed_footers_noted),
		cmocka_unit_test(form_feed_pages),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(tolerant_of_formatting),
		cmocka_unit_test(label_wrapped_after_slash),
		cmocka_unit_test(sdg_answers_read),
		cmocka_unit_test(stray_text_goes_to_unmapped),
		cmocka_unit_test(scale_value_then_other_text),
		cmocka_unit_test(page_no_answer_is_none),
		cmocka_unit_test(truncated_is_refused),
		cmocka_unit_test(not_a_report_is_refused),
		cmocka_unit_test(table_overflow_rows_are_kept),
		cmocka_unit_test(slash_wraps_and_title_block),
	};

	return cmocka_run_group_tests_name("reader_text", tests, setup, teardown);
}
