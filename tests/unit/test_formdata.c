/* test_formdata.c - the edit form's field names: posted fields into report
 * documents (every question type, refusals, empty and surplus rows), the
 * JSON answers of the autosave, what editors may not change, and the
 * escaping of the inputs written for the edit page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "doccache.h"
#include "formdata.h"
#include "http.h"
#include "pages.h"
#include "report.h"
#include "store.h"
#include "testutil.h"
#include "validate.h"

#define NASTY "<script>\"'&"

struct fields {
	struct kv v[512];
	size_t n;
};

static void
add(struct fields *fs, const char *k, const char *v)
{
	assert_true(fs->n < sizeof(fs->v) / sizeof(fs->v[0]));
	fs->v[fs->n].key = strdup(k);
	fs->v[fs->n].value = strdup(v);
	assert_non_null(fs->v[fs->n].key);
	assert_non_null(fs->v[fs->n].value);
	fs->n++;
}

static void
fields_free(struct fields *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].key);
		free(fs->v[i].value);
	}
	fs->n = 0;
}

/* The posted fields as a canonical document's JSON text (or NULL, with *rc). */
static char *
post(struct form *f, struct fields *fs, const bool *editable, int *rc, struct app_msg *msg)
{
	json_t *doc = NULL;
	char *s = NULL;

	*rc = formdata_to_doc(f, fs->v, fs->n, editable, &doc, msg);
	if (*rc == 0) {
		s = report_dump(doc);
		assert_non_null(s);
	}
	json_decref(doc);
	return s;
}

static json_t *
answers_of(const char *dump)
{
	json_t *doc = json_loads(dump, 0, NULL);
	json_t *a;

	assert_non_null(doc);
	a = json_incref(report_answers(doc));
	json_decref(doc);
	return a;
}

static void
every_type(void **state)
{
	struct form *f = tu_form();
	struct fields fs = {.n = 0};
	struct app_msg msg;
	char *out;
	json_t *a, *rows;
	int rc;

	(void)state;
	add(&fs, "csrf", "ignored");
	add(&fs, "base_revision", "3");
	add(&fs, "action", "save");
	add(&fs, "a.reporting_period", "2020-H2");
	add(&fs, "a.partnership", "Mining industry");
	add(&fs, "a.start_date", "  Fall 2019 ");
	add(&fs, "a.webpage", "https://example.org/mining");
	add(&fs, "a.executive_summary", "First line\r\nsecond line\r\n\r\nNew paragraph\rend");
	add(&fs, "a.leading_regions", "");
	add(&fs, "a.participating_regions.0.name", "Lapland");
	add(&fs, "a.participating_regions.0.country", "FI");
	add(&fs, "a.participating_regions.0.nuts", "FI1D7");
	add(&fs, "a.participating_regions.1.name", "");
	add(&fs, "a.participating_regions.1.country", "");
	add(&fs, "a.participating_regions.1.nuts", "");
	add(&fs, "a.participating_regions.2.name", "Kainuu");
	add(&fs, "a.working_areas.0.area", "Batteries");
	add(&fs, "a.working_areas.0.other_actors", "Clusters");
	add(&fs, "a.past_events.0.event", "Kick-off");
	add(&fs, "a.past_events.0.date", "12-13.2.2020");
	add(&fs, "a.sdg.1", "agree");
	add(&fs, "a.sdg.2", "");
	add(&fs, "a.sdg.17", "not_applicable");
	add(&fs, "a.self_assessment.progress_rating", "on_plan");
	add(&fs, "a.self_assessment.risks", "Funding");
	add(&fs, "a.self_assessment.obstacles", "   ");
	out = post(f, &fs, NULL, &rc, &msg);
	assert_int_equal(rc, 0);
	a = answers_of(out);
	assert_string_equal(json_string_value(json_object_get(a, "reporting_period")), "2020-H2");
	assert_string_equal(json_string_value(json_object_get(a, "partnership")), "Mining industry");
	assert_string_equal(json_string_value(json_object_get(a, "start_date")), "Fall 2019");
	assert_string_equal(json_string_value(json_object_get(a, "webpage")), "https://example.org/mining");
	assert_string_equal(json_string_value(json_object_get(a, "executive_summary")),
			    "First line\nsecond line\n\nNew paragraph\nend");
	assert_null(json_object_get(a, "leading_regions"));
	/* The empty region in the middle is dropped, the order kept, every
	 * member written. */
	rows = json_object_get(a, "participating_regions");
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "nuts")), "FI1D7");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "name")), "Kainuu");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "nuts")), "");
	rows = json_object_get(a, "working_areas");
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "region_in_charge")), "");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(a, "past_events"), 0), "date")),
			    "12-13.2.2020");
	/* Likert: "" is "no answer". */
	assert_int_equal(json_object_size(json_object_get(a, "sdg")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "sdg"), "17")), "not_applicable");
	assert_int_equal(json_object_size(json_object_get(a, "self_assessment")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "self_assessment"), "risks")), "Funding");
	/* Form order, whatever the order of the fields. */
	assert_true(strstr(out, "\"reporting_period\"") < strstr(out, "\"sdg\""));
	json_decref(a);
	free(out);
	fields_free(&fs);
	form_free(f);
}

static void
rows_in_number_order(void **state)
{
	struct form *f = tu_form();
	struct fields fs = {.n = 0};
	struct app_msg msg;
	char *out;
	json_t *a, *rows;
	int rc;

	(void)state;
	add(&fs, "a.planned_events.7.event", "Last");
	add(&fs, "a.planned_events.2.event", "Second");
	add(&fs, "a.planned_events.0.event", "First");
	add(&fs, "a.planned_events.3.event", " ");
	add(&fs, "a.planned_events.3.place", "");
	out = post(f, &fs, NULL, &rc, &msg);
	assert_int_equal(rc, 0);
	a = answers_of(out);
	rows = json_object_get(a, "planned_events");
	assert_int_equal(json_array_size(rows), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "event")), "First");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "event")), "Second");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "event")), "Last");
	json_decref(a);
	free(out);
	fields_free(&fs);
	form_free(f);
}

static void
expect_refused(struct form *f, const char *name, const char *value, int want, const char *needle)
{
	struct fields fs = {.n = 0};
	struct app_msg msg = {{0}};
	char *out;
	int rc;

	add(&fs, "a.executive_summary", "ok");
	add(&fs, name, value);
	out = post(f, &fs, NULL, &rc, &msg);
	if (rc != want)
		fail_msg("%s: rc %d, expected %d (%s)", name, rc, want, msg.text);
	assert_null(out);
	if (needle != NULL && strstr(msg.text, needle) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", name, msg.text, needle);
	fields_free(&fs);
}

static void
unknown_fields_refused(void **state)
{
	struct form *f = tu_form();

	(void)state;
	expect_refused(f, "a.no_such_question", "x", APP_EINPUT, "a.no_such_question");
	expect_refused(f, "a.webpage.0", "x", APP_EINPUT, "a.webpage.0");
	expect_refused(f, "a.working_areas.0", "x", APP_EINPUT, "a.working_areas.0");
	expect_refused(f, "a.working_areas.0.colour", "x", APP_EINPUT, "a.working_areas.0.colour");
	expect_refused(f, "a.working_areas.x.area", "x", APP_EINPUT, "a.working_areas.x.area");
	expect_refused(f, "a.working_areas.01.area", "x", APP_EINPUT, NULL);
	expect_refused(f, "a.working_areas.-1.area", "x", APP_EINPUT, NULL);
	expect_refused(f, "a.participating_regions.0.code", "x", APP_EINPUT, NULL);
	expect_refused(f, "a.sdg.18", "agree", APP_EINPUT, "a.sdg.18");
	expect_refused(f, "a.sdg", "agree", APP_EINPUT, NULL);
	expect_refused(f, "a.self_assessment.mood", "x", APP_EINPUT, "a.self_assessment.mood");
	expect_refused(f, "a.self_assessment", "x", APP_EINPUT, NULL);
	expect_refused(f, "a.", "x", APP_EINPUT, NULL);
	expect_refused(f, "a.sdg.1.2.3.4", "x", APP_EINPUT, NULL);
	/* Twice the same field. */
	expect_refused(f, "a.executive_summary", "again", APP_EINPUT, "twice");
	/* Not text. */
	expect_refused(f, "a.webpage", "bad \xff byte", APP_EINPUT, "a.webpage");
	expect_refused(f, "a.webpage", "bell \a", APP_EINPUT, "a.webpage");
	form_free(f);
}

static void
surplus_rows_kept_within_bounds(void **state)
{
	struct form *f = tu_form();
	struct fields fs = {.n = 0};
	struct app_msg msg = {{0}};
	struct findings fnd;
	struct validate_opts o = {NULL, 0};
	char name[64], val[32], *out;
	json_t *a, *doc;
	size_t i, limit;
	int rc;

	(void)state;
	/* 15 working areas where the form allows 10: all are kept, and the
	 * validation says so. */
	for (i = 0; i < 15; i++) {
		snprintf(name, sizeof(name), "a.working_areas.%zu.area", i);
		snprintf(val, sizeof(val), "Area %zu", i + 1);
		add(&fs, name, val);
	}
	out = post(f, &fs, NULL, &rc, &msg);
	assert_int_equal(rc, 0);
	a = answers_of(out);
	assert_int_equal(json_array_size(json_object_get(a, "working_areas")), 15);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(a, "working_areas"), 14), "area")),
			    "Area 15");
	doc = json_loads(out, 0, NULL);
	findings_init(&fnd);
	assert_int_equal(validate_report(f, doc, &o, &fnd, NULL), 0);
	for (i = 0; i < fnd.n; i++)
		if (strcmp(fnd.v[i].code, "too-many-rows") == 0 && strcmp(fnd.v[i].field, "working_areas") == 0)
			break;
	assert_true(i < fnd.n);
	findings_cleanup(&fnd);
	json_decref(doc);
	json_decref(a);
	free(out);
	fields_free(&fs);

	/* Past the slack, the post is refused rather than cut. */
	limit = formdata_row_cap(form_find(f, "working_areas"));
	assert_int_equal(limit, 10 + FORMDATA_ROW_SLACK);
	snprintf(name, sizeof(name), "a.working_areas.%zu.area", limit - 1);
	add(&fs, name, "the last row allowed");
	out = post(f, &fs, NULL, &rc, &msg);
	assert_int_equal(rc, 0);
	free(out);
	fields_free(&fs);
	snprintf(name, sizeof(name), "a.working_areas.%zu.area", limit);
	expect_refused(f, name, "one too many", APP_EINPUT, "too many rows");
	expect_refused(f, "a.working_areas.999999999.area", "far", APP_EINPUT, NULL);
	form_free(f);
}

static void
data_round_trips(void **state)
{
	struct form *f = tu_form();
	struct fields fs = {.n = 0};
	struct app_msg msg;
	char *out;
	json_t *a;
	int rc;

	(void)state;
	add(&fs, "a.executive_summary", NASTY);
	add(&fs, "a.working_areas.0.area", NASTY);
	add(&fs, "a.self_assessment.risks", NASTY);
	add(&fs, "a.sdg.3", NASTY);
	out = post(f, &fs, NULL, &rc, &msg);
	assert_int_equal(rc, 0);
	a = answers_of(out);
	assert_string_equal(json_string_value(json_object_get(a, "executive_summary")), NASTY);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(a, "working_areas"), 0), "area")), NASTY);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "self_assessment"), "risks")), NASTY);
	/* A value off the scale is kept as data: validation flags it. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "sdg"), "3")), NASTY);
	json_decref(a);
	free(out);
	fields_free(&fs);
	form_free(f);
}

static void
sections_not_editable(void **state)
{
	struct form *f = tu_form();
	struct fields fs = {.n = 0};
	struct app_msg msg = {{0}};
	struct actor member = {ROLE_MEMBER, 5, 7}, committee = {ROLE_COMMITTEE, 6, 0},
		     other = {ROLE_COORDINATOR, 8, 9};
	bool *ed = calloc(f->nsections, sizeof(*ed));
	size_t i, conf = f->nsections;
	char *out;
	int rc;

	(void)state;
	assert_non_null(ed);
	report_editable_sections(f, &member, 7, REPORT_DRAFT, ed);
	for (i = 0; i < f->nsections; i++)
		assert_true(ed[i]);
	report_editable_sections(f, &member, 7, REPORT_RETURNED, ed);
	assert_true(ed[0]);
	report_editable_sections(f, &member, 7, REPORT_SUBMITTED, ed);
	for (i = 0; i < f->nsections; i++)
		assert_false(ed[i]);
	report_editable_sections(f, &committee, 7, REPORT_DRAFT, ed);
	for (i = 0; i < f->nsections; i++)
		assert_false(ed[i]);
	report_editable_sections(f, &other, 7, REPORT_DRAFT, ed);
	for (i = 0; i < f->nsections; i++)
		assert_false(ed[i]);

	/* Everything but the confidential section: its fields are refused. */
	for (i = 0; i < f->nsections; i++) {
		ed[i] = !f->sections[i].confidential;
		if (f->sections[i].confidential)
			conf = i;
	}
	assert_true(conf < f->nsections);
	add(&fs, "a.executive_summary", "fine");
	add(&fs, "a.self_assessment.risks", "not mine to write");
	out = post(f, &fs, ed, &rc, &msg);
	assert_int_equal(rc, APP_EPERM);
	assert_null(out);
	assert_non_null(strstr(msg.text, "a.self_assessment.risks"));
	fields_free(&fs);
	free(ed);
	form_free(f);
}

static json_t *
parse(const char *s)
{
	json_t *v = json_loads(s, 0, NULL);

	assert_non_null(v);
	return v;
}

static void
json_answers(void **state)
{
	struct form *f = tu_form();
	struct app_msg msg = {{0}};
	bool *ed = calloc(f->nsections, sizeof(*ed));
	json_t *in, *doc = NULL, *rows;
	size_t i;

	(void)state;
	assert_non_null(ed);
	in = parse("{\"sdg\": {\"4\": \"agree\", \"5\": \"\"}, \"webpage\": \" https://a.example \","
		   " \"past_events\": [{\"event\": \"\"}, {\"event\": \"Kick-off\", \"date\": \"1.2.2020\"}]}");
	assert_int_equal(formdata_from_json(f, in, NULL, &doc, &msg), 0);
	assert_string_equal(json_string_value(json_object_get(report_answers(doc), "webpage")), "https://a.example");
	rows = json_object_get(report_answers(doc), "past_events");
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(json_object_size(json_object_get(report_answers(doc), "sdg")), 1);
	json_decref(doc);
	json_decref(in);

	in = parse("{\"nope\": \"x\"}");
	assert_int_equal(formdata_from_json(f, in, NULL, &doc, &msg), APP_EINPUT);
	assert_non_null(strstr(msg.text, "nope"));
	json_decref(in);
	in = parse("[1]");
	assert_int_equal(formdata_from_json(f, in, NULL, &doc, &msg), APP_EINPUT);
	json_decref(in);

	for (i = 0; i < f->nsections; i++)
		ed[i] = !f->sections[i].confidential;
	in = parse("{\"self_assessment\": {\"risks\": \"x\"}}");
	assert_int_equal(formdata_from_json(f, in, ed, &doc, &msg), APP_EPERM);
	json_decref(in);

	/* Rows past the slack. */
	in = json_pack("{s:[]}", "working_areas");
	for (i = 0; i < 10 + FORMDATA_ROW_SLACK + 1; i++)
		json_array_append_new(json_object_get(in, "working_areas"), json_pack("{s:s}", "area", "A"));
	assert_int_equal(formdata_from_json(f, in, NULL, &doc, &msg), APP_EINPUT);
	json_decref(in);
	free(ed);
	form_free(f);
}

static void
locked_sections_and_parts(void **state)
{
	struct form *f = tu_form();
	bool *ed = calloc(f->nsections, sizeof(*ed));
	json_t *stored, *mine, *src;
	size_t i;

	(void)state;
	assert_non_null(ed);
	for (i = 0; i < f->nsections; i++)
		ed[i] = !f->sections[i].confidential;
	stored = parse("{\"form\": \"s3-monitoring-2020\", \"answers\": {\"outreach\": \"old\","
		       " \"self_assessment\": {\"risks\": \"kept\"}}, \"unmapped\": [{\"line\": 3, \"text\": \"stray\"}]}");
	mine = parse("{\"form\": \"s3-monitoring-2020\", \"answers\": {\"reporting_period\": \"2021-H1\","
		     " \"outreach\": \"new\"}, \"unmapped\": []}");
	assert_int_equal(report_keep_locked(f, ed, stored, &mine), 0);
	assert_string_equal(json_string_value(json_object_get(report_answers(mine), "outreach")), "new");
	assert_string_equal(json_string_value(json_object_get(json_object_get(report_answers(mine), "self_assessment"), "risks")),
			    "kept");
	assert_int_equal(json_array_size(json_object_get(mine, "unmapped")), 1);
	/* Canonical as it is: in form order, the same bytes once canonical again. */
	{
		struct app_msg msg = {{0}};
		json_t *again = NULL;
		char *a, *b;

		assert_int_equal(report_canonical(f, mine, "kept", &again, &msg), 0);
		a = report_dump(mine);
		b = report_dump(again);
		assert_string_equal(a, b);
		free(a);
		free(b);
		json_decref(again);
	}

	/* One likert row, one group field, a whole question. */
	src = parse("{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {\"3\": \"agree\"},"
		    " \"self_assessment\": {\"risks\": \"theirs\"}}, \"unmapped\": []}");
	assert_int_equal(report_copy_part(f, mine, src, "sdg.3"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(report_answers(mine), "sdg"), "3")), "agree");
	assert_int_equal(report_copy_part(f, mine, src, "self_assessment.risks"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(report_answers(mine), "self_assessment"), "risks")),
			    "theirs");
	assert_int_equal(report_copy_part(f, mine, src, "outreach"), 0);
	assert_null(json_object_get(report_answers(mine), "outreach"));
	assert_int_equal(report_copy_part(f, mine, src, "sdg.99"), APP_EINPUT);
	assert_int_equal(report_copy_part(f, mine, src, "nope"), APP_EINPUT);
	assert_int_equal(report_copy_part(f, mine, src, "outreach.1"), APP_EINPUT);
	json_decref(src);
	json_decref(stored);
	json_decref(mine);
	free(ed);
	form_free(f);
}

/* What page_edit writes for a question, with NASTY in every value. */
static void
inputs_escape_data(void **state)
{
	struct form *f = tu_form();
	const char *const names[] = {NASTY " partnership", "Mining industry"};
	const char *const periods[] = {"2020-H1"};
	struct formdata_list lists[] = {{"partnerships", names, 2}, {"periods", periods, 1}};
	struct formdata_view v = {lists, 2, NULL};
	struct buf b;
	json_t *doc;
	size_t i;

	(void)state;
	doc = json_object();
	json_object_set_new(doc, "reporting_period", json_string(NASTY));
	json_object_set_new(doc, "partnership", json_string(NASTY));
	json_object_set_new(doc, "webpage", json_string(NASTY));
	json_object_set_new(doc, "executive_summary", json_string(NASTY));
	json_object_set_new(doc, "participating_regions",
			    json_pack("[{s:s, s:s, s:s}]", "name", NASTY, "country", "FI", "nuts", NASTY));
	json_object_set_new(doc, "working_areas", json_pack("[{s:s}]", "area", NASTY));
	json_object_set_new(doc, "sdg", json_pack("{s:s, s:s}", "3", NASTY, "4", "agree"));
	json_object_set_new(doc, "self_assessment", json_pack("{s:s, s:s}", "progress_rating", NASTY, "risks", NASTY));
	buf_init(&b, 4u << 20);
	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];

		assert_int_equal(formdata_render_question(&b, q, json_object_get(doc, q->id), &v), 0);
		assert_int_equal(formdata_render_value(&b, q, NULL, json_object_get(doc, q->id)), 0);
	}
	/* No raw markup from the data, and the data is there escaped. */
	assert_null(strstr(buf_cstr(&b), "<script>"));
	assert_null(strstr(buf_cstr(&b), "\"'&"));
	assert_non_null(strstr(buf_cstr(&b), "&lt;script&gt;"));
	/* The contract's names and ids. */
	assert_non_null(strstr(buf_cstr(&b), "name=\"a.executive_summary\""));
	assert_non_null(strstr(buf_cstr(&b), "name=\"a.participating_regions.0.nuts\""));
	assert_non_null(strstr(buf_cstr(&b), "name=\"a.working_areas.9.other_actors\""));
	assert_null(strstr(buf_cstr(&b), "name=\"a.working_areas.10."));
	assert_non_null(strstr(buf_cstr(&b), "name=\"a.sdg.17\""));
	assert_non_null(strstr(buf_cstr(&b), "name=\"a.self_assessment.risks\""));
	assert_non_null(strstr(buf_cstr(&b), "type=\"url\""));
	assert_non_null(strstr(buf_cstr(&b), "value=\"agree\" checked"));
	/* Three empty regions after the one given. */
	assert_non_null(strstr(buf_cstr(&b), "name=\"a.participating_regions.3.name\""));
	assert_null(strstr(buf_cstr(&b), "name=\"a.participating_regions.4.name\""));
	/* Every input has its label. */
	assert_non_null(strstr(buf_cstr(&b), "<label class=\"visually-hidden\" for=\"f-working_areas-0-area\">"));
	assert_non_null(strstr(buf_cstr(&b), "<label for=\"f-sdg-1-none\">No answer</label>"));
	buf_cleanup(&b);
	json_decref(doc);
	form_free(f);
}


/* ---- the page_edit.c handlers against a real SQLite store ---------------- */

#define NASTY_JSON "<script>\\\"'&"
#define NASTY_ESC "&lt;script&gt;&quot;&#39;&amp;"

struct fx {
	char dir[64];
	char path[128];
	struct app app;
	int64_t pid, other;
	struct user coord, member, stranger;
	struct session sess;
};

static void
fx_user(struct fx *f, struct user *u, const char *email, const char *role, int64_t pid)
{
	memset(u, 0, sizeof(*u));
	u->email = strdup(email);
	u->name = strdup("User " NASTY);
	u->role = strdup(role);
	u->partnership_id = pid;
	u->pw_hash = strdup("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA");
	u->active = true;
	assert_int_equal(store_user_create(f->app.store, u), 0);
}

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct app_msg msg = {{0}};
	struct partnership p;
	struct report_row r;

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/s3pm-formdata-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/s3pm.db", f->dir);
	if (store_open(f->path, &f->app.store, &msg) != 0)
		return -1;
	f->app.form = tu_form();
	f->app.forms_dir = tu_env("S3PM_FORMS_DIR");
	f->app.max_body = 1 << 20;
	memset(&p, 0, sizeof(p));
	p.slug = (char *)"mining";
	p.name = (char *)"Mining " NASTY;
	p.platform = (char *)"Industrial Modernisation";
	p.start_date = (char *)"";
	p.webpage = (char *)"";
	p.leading_regions = (char *)"";
	p.participating_regions = (char *)"[]";
	if (store_partnership_create(f->app.store, &p) != 0)
		return -1;
	f->pid = p.id;
	p.slug = (char *)"other";
	p.name = (char *)"Other";
	if (store_partnership_create(f->app.store, &p) != 0)
		return -1;
	f->other = p.id;
	store_period_set(f->app.store, "2020-H1", "2020-07-31");
	store_period_set(f->app.store, "2020-H2", "2021-01-31");
	fx_user(f, &f->coord, "coord@m.eu", "coordinator", f->pid);
	fx_user(f, &f->member, "member@m.eu", "member", f->pid);
	fx_user(f, &f->stranger, "member@o.eu", "member", f->other);
	snprintf(f->sess.csrf, sizeof(f->sess.csrf), "%s", "tok");
	/* The published report of 2020-H1 that 2020-H2 starts from. */
	memset(&r, 0, sizeof(r));
	r.partnership_id = f->pid;
	snprintf(r.period, sizeof(r.period), "%s", "2020-H1");
	r.form_id = (char *)"s3-monitoring-2020";
	r.status = REPORT_PUBLISHED;
	r.doc = (char *)"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"reporting_period\": \"2020-H1\","
			"\"start_date\": \"Fall " NASTY_JSON "\", \"executive_summary\": \"Old summary\","
			"\"participating_regions\": [{\"name\": \"Lapland " NASTY_JSON "\", \"country\": \"FI\", \"nuts\": \"FI1D7\"}],"
			"\"working_areas\": [{\"area\": \"Batteries\"}],"
			"\"past_events\": [{\"event\": \"Long gone\", \"date\": \"1.2.2020\"}],"
			"\"planned_events\": [{\"event\": \"Match-making " NASTY_JSON "\", \"date\": \"October 2020\", \"place\": \"Online\"}],"
			"\"outreach\": \"Not carried over\"}, \"unmapped\": []}";
	if (store_report_create(f->app.store, &r, 0) != 0)
		return -1;
	*state = f;
	return 0;
}

/* The same with the stored documents kept between requests, as the
 * server runs: every handler test again through doccache.h. */
static int
fx_setup_kept(void **state)
{
	struct fx *f;

	if (fx_setup(state) != 0)
		return -1;
	f = *state;
	f->app.docs = doccache_new(8, 1u << 20);
	return f->app.docs != NULL ? 0 : -1;
}

static int
fx_teardown(void **state)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	struct fx *f = *state;
	char p[200];
	size_t i;

	doccache_free(f->app.docs);
	store_close(f->app.store);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, ext[i]);
		unlink(p);
	}
	rmdir(f->dir);
	form_free(f->app.form);
	user_cleanup(&f->coord);
	user_cleanup(&f->member);
	user_cleanup(&f->stranger);
	free(f);
	return 0;
}

struct call {
	struct req rq;
	struct resp rs;
	struct kv form[16];
	struct kv query[2];
};

static void
call_init(struct call *c, struct fx *f, struct user *u, const char *slug, const char *period)
{
	memset(c, 0, sizeof(*c));
	c->rq.app = &f->app;
	c->rq.method = "POST";
	c->rq.path = "/x";
	c->rq.remote_addr = "127.0.0.1";
	if (slug)
		c->rq.params[c->rq.nparams++] = slug;
	if (period)
		c->rq.params[c->rq.nparams++] = period;
	c->rq.user = u;
	c->rq.session = u ? &f->sess : NULL;
	c->rq.csrf_ok = u != NULL;
	c->rq.form = c->form;
	c->rq.query = c->query;
	resp_init(&c->rs);
}

static void
call_form(struct call *c, const char *k, const char *v)
{
	c->form[c->rq.nform].key = (char *)k;
	c->form[c->rq.nform].value = (char *)v;
	c->rq.nform++;
}

static const char *
body(const struct call *c)
{
	return buf_cstr(&c->rs.body);
}

static void
stored(struct fx *f, const char *period, struct report_row *r, json_t **answers)
{
	json_t *doc;

	memset(r, 0, sizeof(*r));
	assert_int_equal(store_report_get(f->app.store, f->pid, period, r), 0);
	doc = json_loads(r->doc, 0, NULL);
	assert_non_null(doc);
	*answers = json_incref(report_answers(doc));
	json_decref(doc);
}

static bool
audited(struct fx *f, int64_t report_id, const char *action)
{
	struct audit_entry *v = NULL;
	char obj[40];
	size_t n = 0, i;
	bool found = false;

	snprintf(obj, sizeof(obj), "report:%lld", (long long)report_id);
	assert_int_equal(store_audit_list(f->app.store, obj, 100, &v, &n), 0);
	for (i = 0; i < n; i++)
		found |= strcmp(v[i].action, action) == 0;
	audit_free_list(v, n);
	return found;
}

static void
start_edit_save_submit(void **state)
{
	struct fx *f = *state;
	struct call c;
	struct report_row r;
	json_t *a, *rows;
	char rev[16];

	/* Start 2020-H2: pre-filled from 2020-H1. */
	call_init(&c, f, &f->coord, "mining", "2020-H2");
	assert_int_equal(page_report_new(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/mining/2020-H2/edit?created=1");
	resp_cleanup(&c.rs);
	stored(f, "2020-H2", &r, &a);
	assert_int_equal(r.status, REPORT_DRAFT);
	assert_string_equal(json_string_value(json_object_get(a, "reporting_period")), "2020-H2");
	assert_string_equal(json_string_value(json_object_get(a, "partnership")), "Mining " NASTY);
	assert_string_equal(json_string_value(json_object_get(a, "start_date")), "Fall " NASTY);
	assert_null(json_object_get(a, "executive_summary"));
	assert_null(json_object_get(a, "outreach"));
	assert_null(json_object_get(a, "planned_events"));
	rows = json_object_get(a, "past_events");
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "event")), "Match-making " NASTY);
	assert_int_equal(json_array_size(json_object_get(a, "participating_regions")), 1);
	assert_true(audited(f, r.id, "report.create"));
	json_decref(a);
	report_row_cleanup(&r);

	/* Starting again only leads to the edit page. */
	call_init(&c, f, &f->member, "mining", "2020-H2");
	assert_int_equal(page_report_new(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/mining/2020-H2/edit");
	resp_cleanup(&c.rs);

	/* The edit page: the whole form, data escaped. */
	call_init(&c, f, &f->member, "mining", "2020-H2");
	c.rq.method = "GET";
	assert_int_equal(page_edit(&c.rq, &c.rs), 0);
	assert_null(strstr(body(&c), NASTY));
	assert_non_null(strstr(body(&c), "Match-making " NASTY_ESC));
	assert_non_null(strstr(body(&c), "<form id=\"report-form\""));
	assert_non_null(strstr(body(&c), "name=\"base_revision\" value=\"1\""));
	assert_non_null(strstr(body(&c), "name=\"csrf\""));
	assert_non_null(strstr(body(&c), "<div class=\"q\" id=\"q-executive_summary\""));
	assert_non_null(strstr(body(&c), "<div class=\"q\" id=\"q-self_assessment\""));
	assert_non_null(strstr(body(&c), "id=\"save-status\""));
	assert_non_null(strstr(body(&c), "value=\"save\">Save draft</button>"));
	/* Members do not submit. */
	assert_null(strstr(body(&c), "value=\"submit\""));
	resp_cleanup(&c.rs);

	/* Save without JavaScript. */
	call_init(&c, f, &f->member, "mining", "2020-H2");
	call_form(&c, "csrf", "tok");
	call_form(&c, "base_revision", "1");
	call_form(&c, "action", "save");
	call_form(&c, "a.reporting_period", "2020-H2");
	call_form(&c, "a.partnership", "Mining " NASTY);
	call_form(&c, "a.outreach", "Outreach " NASTY);
	call_form(&c, "a.past_events.0.event", "Match-making " NASTY);
	assert_int_equal(page_edit_save(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/mining/2020-H2/edit?saved=1");
	resp_cleanup(&c.rs);
	stored(f, "2020-H2", &r, &a);
	assert_int_equal(r.revision, 2);
	assert_string_equal(json_string_value(json_object_get(a, "outreach")), "Outreach " NASTY);
	assert_null(json_object_get(a, "start_date"));
	assert_true(audited(f, r.id, "report.save"));
	json_decref(a);
	report_row_cleanup(&r);

	/* A member may not submit, and a refused submission saves nothing,
	 * the fields posted with it included. */
	call_init(&c, f, &f->member, "mining", "2020-H2");
	assert_int_equal(page_submit(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->member, "mining", "2020-H2");
	call_form(&c, "base_revision", "2");
	call_form(&c, "action", "submit");
	call_form(&c, "a.outreach", "Overwritten by a member");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
	stored(f, "2020-H2", &r, &a);
	assert_int_equal(r.revision, 2);
	assert_string_equal(json_string_value(json_object_get(a, "outreach")), "Outreach " NASTY);
	json_decref(a);
	report_row_cleanup(&r);

	/* Without the confirmation (no JavaScript) the submission asks first,
	 * carrying the posted answers, and saves nothing. */
	call_init(&c, f, &f->coord, "mining", "2020-H2");
	call_form(&c, "base_revision", "2");
	call_form(&c, "action", "submit");
	call_form(&c, "a.outreach", "Outreach, unconfirmed");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), 0);
	assert_true(c.rs.status == 0 || c.rs.status == 200); /* the page, no redirect */
	assert_null(c.rs.location);
	assert_non_null(strstr(body(&c), "<h1>Submit the 2020-H2 report of"));
	assert_non_null(strstr(body(&c), "name=\"a.outreach\" value=\"Outreach, unconfirmed\""));
	assert_non_null(strstr(body(&c), "name=\"confirmed\" value=\"yes\""));
	assert_non_null(strstr(body(&c), "name=\"action\" value=\"save\""));
	resp_cleanup(&c.rs);
	stored(f, "2020-H2", &r, &a);
	assert_int_equal(r.revision, 2);
	json_decref(a);
	report_row_cleanup(&r);

	/* The coordinator cannot submit yet: 422, #errors, the posted values
	 * shown again, and nothing saved. */
	call_init(&c, f, &f->coord, "mining", "2020-H2");
	call_form(&c, "base_revision", "2");
	call_form(&c, "confirmed", "yes");
	call_form(&c, "action", "submit");
	call_form(&c, "a.reporting_period", "2020-H2");
	call_form(&c, "a.partnership", "Mining " NASTY);
	call_form(&c, "a.outreach", "Outreach, second");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), 0);
	assert_int_equal(c.rs.status, 422);
	assert_non_null(strstr(body(&c), "id=\"errors\""));
	assert_non_null(strstr(body(&c), "<li><a href=\"#q-executive_summary\">"));
	assert_non_null(strstr(body(&c), "name=\"base_revision\" value=\"2\""));
	assert_non_null(strstr(body(&c), "Outreach, second"));
	resp_cleanup(&c.rs);
	stored(f, "2020-H2", &r, &a);
	assert_int_equal(r.status, REPORT_DRAFT);
	assert_int_equal(r.revision, 2); /* a refused submission changes nothing */
	assert_string_equal(json_string_value(json_object_get(a, "outreach")), "Outreach " NASTY);
	json_decref(a);
	report_row_cleanup(&r);

	/* Fixed and submitted. */
	call_init(&c, f, &f->coord, "mining", "2020-H2");
	call_form(&c, "base_revision", "2");
	call_form(&c, "confirmed", "yes");
	call_form(&c, "action", "submit");
	call_form(&c, "a.reporting_period", "2020-H2");
	call_form(&c, "a.partnership", "Mining " NASTY);
	call_form(&c, "a.executive_summary", "Summary");
	call_form(&c, "a.working_areas.0.area", "Batteries");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/mining/2020-H2?submitted=1");
	resp_cleanup(&c.rs);
	stored(f, "2020-H2", &r, &a);
	assert_int_equal(r.status, REPORT_SUBMITTED);
	assert_true(audited(f, r.id, "report.submit"));
	snprintf(rev, sizeof(rev), "%d", r.revision);
	json_decref(a);
	report_row_cleanup(&r);

	/* No more editing. */
	call_init(&c, f, &f->coord, "mining", "2020-H2");
	call_form(&c, "base_revision", rev);
	call_form(&c, "a.outreach", "late");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
}

static void
refusals(void **state)
{
	struct fx *f = *state;
	struct call c;

	/* Another partnership's member: the draft does not exist for them. */
	call_init(&c, f, &f->coord, "mining", "2021-H1");
	assert_int_equal(page_report_new(&c.rq, &c.rs), 0);
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->stranger, "mining", "2021-H1");
	c.rq.method = "GET";
	assert_int_equal(page_edit(&c.rq, &c.rs), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->stranger, "mining", "2021-H2");
	assert_int_equal(page_report_new(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
	/* No CSRF token, no change. */
	call_init(&c, f, &f->coord, "mining", "2021-H1");
	c.rq.csrf_ok = false;
	call_form(&c, "base_revision", "1");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
	/* Unknown fields, bad revisions. */
	call_init(&c, f, &f->coord, "mining", "2021-H1");
	call_form(&c, "base_revision", "1");
	call_form(&c, "a.nope", "x");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), APP_EINPUT);
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->coord, "mining", "2021-H1");
	call_form(&c, "base_revision", "7");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), APP_EINPUT);
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->coord, "mining", "2021-H1");
	call_form(&c, "base_revision", "1x");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), APP_EINPUT);
	resp_cleanup(&c.rs);
	/* Years ahead. */
	call_init(&c, f, &f->coord, "mining", "2099-H1");
	assert_int_equal(page_report_new(&c.rq, &c.rs), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
}

static int
draft(struct fx *f, struct user *u, const char *json, struct call *c, json_t **res)
{
	int rc;

	call_init(c, f, u, "mining", "2021-H1");
	c->rq.body = json;
	c->rq.body_len = strlen(json);
	rc = api_draft(&c->rq, &c->rs);
	*res = rc == 0 ? json_loads(body(c), 0, NULL) : NULL;
	return rc;
}

static void
autosave_merge_and_conflict(void **state)
{
	struct fx *f = *state;
	struct call c;
	struct report_row r;
	json_t *res, *a;
	int base;

	stored(f, "2021-H1", &r, &a);
	base = r.revision;
	json_decref(a);
	report_row_cleanup(&r);

	/* Two people from the same revision, different questions: merged. */
	assert_int_equal(draft(f, &f->coord, "{\"base_revision\": 1, \"answers\": {\"reporting_period\": \"2021-H1\", \"outreach\": \"A\"}}", &c, &res), 0);
	assert_int_equal(base, 1);
	assert_true(c.rs.status == 0 || c.rs.status == 200); /* the page, no redirect */
	assert_null(c.rs.location);
	assert_int_equal(json_integer_value(json_object_get(res, "revision")), 2);
	assert_false(json_is_true(json_object_get(res, "merged")));
	assert_true(json_is_array(json_object_get(res, "findings")));
	json_decref(res);
	resp_cleanup(&c.rs);
	assert_int_equal(draft(f, &f->member, "{\"base_revision\": 1, \"answers\": {\"reporting_period\": \"2021-H1\", \"eu13_involvement\": \"B " NASTY_JSON "\"}}", &c, &res), 0);
	assert_true(c.rs.status == 0 || c.rs.status == 200); /* the page, no redirect */
	assert_null(c.rs.location);
	assert_true(json_is_true(json_object_get(res, "merged")));
	assert_int_equal(json_integer_value(json_object_get(res, "revision")), 3);
	a = json_object_get(res, "answers");
	assert_string_equal(json_string_value(json_object_get(a, "outreach")), "A");
	assert_string_equal(json_string_value(json_object_get(a, "eu13_involvement")), "B " NASTY);
	json_decref(res);
	resp_cleanup(&c.rs);

	/* The same question: 409 with both versions, nothing saved. */
	assert_int_equal(draft(f, &f->member, "{\"base_revision\": 2, \"answers\": {\"reporting_period\": \"2021-H1\", \"outreach\": \"A\", \"eu13_involvement\": \"C\"}}", &c, &res), 0);
	assert_int_equal(c.rs.status, 409);
	assert_int_equal(json_integer_value(json_object_get(res, "revision")), 3);
	assert_int_equal(json_array_size(json_object_get(res, "conflicts")), 1);
	a = json_array_get(json_object_get(res, "conflicts"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "question")), "eu13_involvement");
	assert_string_equal(json_string_value(json_object_get(a, "mine")), "C");
	assert_string_equal(json_string_value(json_object_get(a, "theirs")), "B " NASTY);
	json_decref(res);
	resp_cleanup(&c.rs);

	/* The no-JS form: the conflict page shows both, escaped, with the choice. */
	call_init(&c, f, &f->coord, "mining", "2021-H1");
	call_form(&c, "base_revision", "2");
	call_form(&c, "a.reporting_period", "2021-H1");
	call_form(&c, "a.outreach", "A");
	call_form(&c, "a.eu13_involvement", "Mine " NASTY);
	assert_int_equal(page_edit_save(&c.rq, &c.rs), 0);
	assert_int_equal(c.rs.status, 409);
	assert_null(strstr(body(&c), NASTY));
	assert_non_null(strstr(body(&c), "class=\"conflict\""));
	assert_non_null(strstr(body(&c), "name=\"conflict.eu13_involvement\" value=\"theirs\""));
	assert_non_null(strstr(body(&c), "name=\"base_revision\" value=\"3\""));
	resp_cleanup(&c.rs);
	/* ... and taking the saved version. */
	call_init(&c, f, &f->coord, "mining", "2021-H1");
	call_form(&c, "base_revision", "3");
	call_form(&c, "a.reporting_period", "2021-H1");
	call_form(&c, "a.outreach", "A, edited");
	call_form(&c, "a.eu13_involvement", "Mine " NASTY);
	call_form(&c, "conflict.eu13_involvement", "theirs");
	assert_int_equal(page_edit_save(&c.rq, &c.rs), 0);
	resp_cleanup(&c.rs);
	stored(f, "2021-H1", &r, &a);
	assert_int_equal(r.revision, 4);
	assert_string_equal(json_string_value(json_object_get(a, "eu13_involvement")), "B " NASTY);
	assert_string_equal(json_string_value(json_object_get(a, "outreach")), "A, edited");
	json_decref(a);
	report_row_cleanup(&r);

	/* Unchanged: no new revision. */
	assert_int_equal(draft(f, &f->coord, "{\"base_revision\": 4, \"answers\": {\"reporting_period\": \"2021-H1\", \"outreach\": \"A, edited\", \"eu13_involvement\": \"B " NASTY_JSON "\"}}", &c, &res), 0);
	assert_int_equal(json_integer_value(json_object_get(res, "revision")), 4);
	assert_false(json_is_true(json_object_get(res, "saved")));
	json_decref(res);
	resp_cleanup(&c.rs);

	/* Malformed requests. */
	assert_int_equal(draft(f, &f->coord, "{\"base_revision\": \"4\", \"answers\": {}}", &c, &res), APP_EINPUT);
	resp_cleanup(&c.rs);
	assert_int_equal(draft(f, &f->coord, "{\"base_revision\": 4, \"answers\": {\"x\": \"y\"}}", &c, &res), APP_EINPUT);
	resp_cleanup(&c.rs);
	assert_int_equal(draft(f, &f->coord, "not json", &c, &res), APP_EINPUT);
	resp_cleanup(&c.rs);
}

static void
json_helpers(void **state)
{
	struct fx *f = *state;
	struct call c;
	json_t *res;
	const char *doc = "{\"form\": \"s3-monitoring-2020\", \"answers\": {\"webpage\": \"nope\"}}";

	call_init(&c, f, NULL, NULL, NULL);
	c.rq.body = doc;
	c.rq.body_len = strlen(doc);
	assert_int_equal(api_validate(&c.rq, &c.rs), 0);
	res = json_loads(body(&c), 0, NULL);
	assert_true(json_is_array(res));
	assert_non_null(strstr(body(&c), "bad-url"));
	json_decref(res);
	resp_cleanup(&c.rs);

	/* No NUTS data loaded: no suggestions, no error. */
	call_init(&c, f, NULL, NULL, NULL);
	c.query[0].key = (char *)"q";
	c.query[0].value = (char *)"Lapp";
	c.rq.nquery = 1;
	c.rq.method = "GET";
	assert_int_equal(api_nuts(&c.rq, &c.rs), 0);
	assert_string_equal(body(&c), "[]");
	resp_cleanup(&c.rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_type),
		cmocka_unit_test(rows_in_number_order),
		cmocka_unit_test(unknown_fields_refused),
		cmocka_unit_test(surplus_rows_kept_within_bounds),
		cmocka_unit_test(data_round_trips),
		cmocka_unit_test(sections_not_editable),
		cmocka_unit_test(json_answers),
		cmocka_unit_test(locked_sections_and_parts),
		cmocka_unit_test(inputs_escape_data),
	};

	const struct CMUnitTest handlers[] = {
		cmocka_unit_test(start_edit_save_submit),
		cmocka_unit_test(refusals),
		cmocka_unit_test(autosave_merge_and_conflict),
		cmocka_unit_test(json_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) |
	       cmocka_run_group_tests(handlers, fx_setup, fx_teardown) |
	       cmocka_run_group_tests_name("handlers, documents kept", handlers, fx_setup_kept,
					   fx_teardown);
}
