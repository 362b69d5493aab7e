/* test_search.c - unit tests of search: the MATCH expression built from a
 * user's words (report_text_match) against hostile input, run by SQLite's
 * FTS5; a report's answers as index text (report_text_flatten); the index
 * written with each revision and read by store_search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "report.h"
#include "report_text.h"
#include "store.h"
#include "testutil.h"
#include "text.h"

/* The expression for q ("" when it has no word). malloc'd. */
static char *
match_of(const char *q, size_t *nwords)
{
	struct buf b;
	char *s;

	buf_init(&b, 1u << 16);
	assert_int_equal(report_text_match(q, &b, nwords), 0);
	s = strdup(buf_cstr(&b) != NULL ? buf_cstr(&b) : "");
	buf_cleanup(&b);
	return s;
}

/* Rows of a small FTS5 table (the store's tokenizer) matching expr; -1
 * when FTS5 refuses the expression. */
static int
fts_count(const char *expr)
{
	static const char *const rows[] = {
		"Łódź hosts the partnership's workshop",
		"body: folded NEAR traceability AND OR NOT",
		"Partnerships (plural) and a \"quoted\" word",
	};
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int n = 0, rc;
	size_t i;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5 (body, folded,"
					  " tokenize = 'porter unicode61 remove_diacritics 2')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *folded = text_fold(rows[i], strlen(rows[i]), true);

		assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1, ?2)", -1, &s, NULL), SQLITE_OK);
		sqlite3_bind_text(s, 1, rows[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, folded, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
		free(folded);
	}
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static void
match_words(void **state)
{
	size_t n;
	char *m;

	(void)state;
	m = match_of("Łódź", &n);
	assert_int_equal(n, 1);
	assert_string_equal(m, "(\"lodz\" OR \"Łódź\")");
	assert_int_equal(fts_count(m), 1);
	free(m);
	m = match_of("lodz", &n);
	assert_int_equal(fts_count(m), 1);
	free(m);
	m = match_of("partnerships workshop", &n); /* stemming; all words required */
	assert_int_equal(n, 2);
	assert_string_equal(m, "(\"partnerships\" OR \"partnerships\") AND (\"workshop\" OR \"workshop\")");
	assert_int_equal(fts_count(m), 1);
	free(m);
	m = match_of("PARTNERSHIP", &n);
	assert_int_equal(fts_count(m), 2);
	free(m);
	m = match_of("work*", &n); /* a prefix */
	assert_string_equal(m, "(\"work\"* OR \"work\"*)");
	assert_int_equal(fts_count(m), 1);
	free(m);
	m = match_of("partner", &n); /* no prefix without '*' */
	assert_int_equal(fts_count(m), 0);
	free(m);
}

static void
match_hostile(void **state)
{
	static const struct {
		const char *q;
		size_t words;
	} cases[] = {
		{"", 0}, {"\"", 0}, {"\"\"", 0}, {"   \t\n", 0}, {"*", 0}, {"***", 0}, {"(((", 0},
		{")))", 0}, {"-+^:{}[]", 0}, {"—«»…", 0}, {"\"unterminated", 1},
		{"NEAR(traceability folded)", 3}, {"traceability NEAR/2 folded", 4},
		{"folded AND OR NOT", 4}, {"body:folded", 2}, {"folded:lodz", 2}, {"{body folded}:x", 3},
		{"^traceability", 1}, {"x***", 1}, {"'; DROP TABLE t; --", 3},
		{"\xf0\x9f\x9a\x80 emoji", 1}, {"Θεσσαλονίκη", 1},
	};
	size_t i, n;
	char *m;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = match_of(cases[i].q, &n);
		if (n != cases[i].words)
			fail_msg("\"%s\": %zu words, %zu expected (%s)", cases[i].q, n, cases[i].words, m);
		if (n == 0)
			assert_string_equal(m, "");
		else if (fts_count(m) < 0)
			fail_msg("\"%s\" gave an expression FTS5 refuses: %s", cases[i].q, m);
		free(m);
	}
	/* Operators are words, all required: "NEAR(traceability folded)"
	 * needs the word "near" too, which is there, as are the others. */
	m = match_of("NEAR(traceability folded)", &n);
	assert_int_equal(fts_count(m), 1);
	free(m);
	m = match_of("traceability OR nowhere", &n);
	assert_int_equal(fts_count(m), 0);
	free(m);
	m = match_of("body:hosts", &n); /* no column filter: "body" is a word */
	assert_int_equal(fts_count(m), 0);
	free(m);
	/* At most 16 words, each cut at 64 bytes on a character boundary. */
	m = match_of("a b c d e f g h i j k l m n o p q r s t", &n);
	assert_int_equal(n, REPORT_TEXT_MAX_WORDS);
	free(m);
	{
		char w[200];

		memset(w, 'x', 63);
		memcpy(w + 63, "ł", 2); /* the 64th byte is inside "ł" */
		memset(w + 65, 'y', 20);
		w[85] = '\0';
		m = match_of(w, &n);
		assert_int_equal(n, 1);
		assert_non_null(strstr(m, "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\""));
		assert_true(fts_count(m) >= 0);
		free(m);
	}
}

static json_t *
full_report(const struct form *f)
{
	char path[4096];
	json_t *root = NULL, *doc = NULL;
	char *data;
	size_t len;

	snprintf(path, sizeof(path), "%s/../tests/pdf/full-report.json", tu_env("S3PM_SAMPLES_DIR"));
	assert_int_equal(fileio_read(path, REPORT_MAX_BYTES, &data, &len, NULL), 0);
	assert_int_equal(report_parse_json(data, len, "full", &root, NULL), 0);
	assert_int_equal(report_canonical(f, root, "full", &doc, NULL), 0);
	json_decref(root);
	free(data);
	return doc;
}

static const struct report_text *
entry(const struct report_text *v, size_t n, const char *q)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].question, q) == 0)
			return &v[i];
	fail_msg("no index entry for %s", q);
	return NULL;
}

static void
flatten(void **state)
{
	struct form *f = tu_form();
	json_t *doc = full_report(f);
	struct report_text *v = NULL;
	const struct report_text *e;
	const struct form_question *q;
	size_t n = 0;

	(void)state;
	assert_int_equal(report_text_flatten(f, doc, &v, &n), 0);
	assert_true(n > 20);
	e = entry(v, n, "sdg"); /* likert: the row and the chosen level's label */
	assert_non_null(strstr(e->text, "Strongly agree"));
	assert_null(strstr(e->text, "strongly_agree"));
	e = entry(v, n, "past_events"); /* a table: its cells */
	assert_non_null(strstr(e->text, "Łódź, Poland"));
	assert_non_null(strstr(e->text, " · "));
	e = entry(v, n, "executive_summary");
	assert_non_null(strstr(e->folded, "lodz"));
	assert_non_null(strstr(e->text, "Łódź"));
	e = entry(v, n, "self_assessment"); /* a group, in the confidential section */
	q = form_find(f, "self_assessment");
	assert_int_equal(e->section, q->section);
	assert_ptr_equal(f->questions[e->index], q); /* its place in the form */
	assert_true(f->sections[e->section].confidential);
	assert_non_null(strstr(e->text, "Two of three objectives"));
	report_text_free(v, n);
	/* Nothing answered: no entry. */
	json_decref(doc);
	doc = report_new(f);
	assert_int_equal(report_text_flatten(f, doc, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	json_decref(doc);
	form_free(f);
}

/* --- the index in the store -------------------------------------------- */

struct sfx {
	char dir[64], path[128];
	struct store *st;
	int64_t pid;
};

static int
setup(void **state)
{
	struct sfx *f = calloc(1, sizeof(*f));
	struct app_msg msg = {{0}};
	struct partnership p = {0};

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/s3pm-search-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/s3pm.db", f->dir);
	if (store_open(f->path, &f->st, &msg) != 0)
		return -1;
	p.slug = "mining-industry";
	p.name = "Mining industry";
	p.platform = "Energy";
	if (store_partnership_create(f->st, &p) != 0 || store_period_set(f->st, "2020-H1", "2020-07-31") != 0 ||
	    store_period_set(f->st, "2020-H2", "2021-01-31") != 0)
		return -1;
	f->pid = p.id;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct sfx *f = *state;
	char p[200];

	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static bool
keep_all(const struct search_cand *c, void *arg)
{
	(void)c;
	(void)arg;
	return true;
}

/* A stand-in for a section's rule: the answers to the questions at even
 * places of the form. */
static bool
keep_even(const struct search_cand *c, void *arg)
{
	(void)arg;
	assert_string_equal(c->form_id, "s3-monitoring-2020");
	return c->index % 2 == 0;
}

/* The answers to one question (arg: its place), as the app filters by question. */
static bool
keep_question(const struct search_cand *c, void *arg)
{
	return c->index == *(const size_t *)arg;
}

/* Hits for one folded word, all kept; *total too. */
static size_t
hits(struct store *st, const char *word, search_keep_fn keep, size_t *total)
{
	struct search_hit *v = NULL;
	size_t n = 0, t = 0;
	struct buf b;

	buf_init(&b, 4096);
	assert_int_equal(report_text_match(word, &b, &n), 0);
	assert_int_equal(store_search(st, buf_cstr(&b), NULL, keep, NULL, 0, 20, 100, &v, &n, &t), 0);
	search_hit_free_list(v, n);
	buf_cleanup(&b);
	if (total != NULL)
		*total = t;
	return n;
}

static void
index_follows_revisions(void **state)
{
	struct sfx *f = *state;
	struct report_text t1[] = {
		{"executive_summary", 0, "Łódź first words", "lodz first words", 0},
		{"self_assessment", 7, "secret achievements", "secret achievements", 5},
	};
	struct report_text t2[] = {{"executive_summary", 0, "second words", "second words", 0}};
	struct report_text twice[] = {
		{"executive_summary", 0, "one", "one", 3},
		{"other", 0, "two", "two", 3},
	};
	struct report_row r = {0};
	struct search_hit *v = NULL;
	struct buf b;
	int64_t *ids = NULL;
	int *revs = NULL, rev = 0;
	size_t n = 0, total = 0;
	char *snip = NULL;

	r.partnership_id = f->pid;
	memcpy(r.period, "2020-H1", 8);
	r.form_id = "s3-monitoring-2020";
	r.doc = "{}";
	assert_int_equal(store_report_create_text(f->st, &r, 0, t1, 2, NULL), 0);
	assert_int_equal(hits(f->st, "first", keep_all, NULL), 1);
	assert_int_equal(hits(f->st, "secret", keep_all, NULL), 1);
	/* The keep function decides what counts. */
	assert_int_equal(hits(f->st, "secret", keep_even, &total), 0);
	assert_int_equal(total, 0);
	/* The hit and its snippet. */
	buf_init(&b, 4096);
	assert_int_equal(report_text_match("LODZ", &b, &n), 0);
	assert_int_equal(store_search(f->st, buf_cstr(&b), NULL, keep_all, NULL, 0, 20, 100, &v, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].slug, "mining-industry");
	assert_string_equal(v[0].platform, "Energy");
	assert_string_equal(v[0].period, "2020-H1");
	assert_int_equal(v[0].index, 0);
	assert_string_equal(v[0].form_id, "s3-monitoring-2020");
	assert_int_equal(v[0].status, REPORT_DRAFT);
	assert_int_equal(store_search_snippet(f->st, buf_cstr(&b), v[0].rowid, &snip), 0);
	assert_non_null(strstr(snip, "\x02lodz\x03"));
	free(snip);
	search_hit_free_list(v, n);
	buf_reset(&b);
	assert_int_equal(report_text_match("Łódź", &b, &n), 0);
	assert_int_equal(store_search(f->st, buf_cstr(&b), NULL, keep_all, NULL, 0, 20, 100, &v, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_search_snippet(f->st, buf_cstr(&b), v[0].rowid, &snip), 0);
	assert_string_equal(snip, "\x02Łódź\x03 first words");
	free(snip);
	search_hit_free_list(v, n);
	/* Filters. */
	{
		struct search_filter fl = {"Energy", "2020-H2"};
		size_t q = 5;

		assert_int_equal(store_search(f->st, buf_cstr(&b), &fl, keep_all, NULL, 0, 20, 100, &v, &n, &total), 0);
		assert_int_equal(n, 0);
		fl.period = "2020-H1";
		fl.platform = "Agri-Food";
		assert_int_equal(store_search(f->st, buf_cstr(&b), &fl, keep_all, NULL, 0, 20, 100, &v, &n, &total), 0);
		assert_int_equal(n, 0);
		fl.platform = "Energy";
		assert_int_equal(store_search(f->st, buf_cstr(&b), &fl, keep_question, &q, 0, 20, 100, &v, &n, &total), 0);
		assert_int_equal(n, 0);
		q = 0;
		assert_int_equal(store_search(f->st, buf_cstr(&b), &fl, keep_question, &q, 0, 20, 100, &v, &n, &total), 0);
		assert_int_equal(n, 1);
		search_hit_free_list(v, n);
	}
	buf_cleanup(&b);
	/* A save replaces the index in its transaction. */
	assert_int_equal(store_report_save_text(f->st, r.id, 1, "{\"a\":1}", 0, t2, 1, NULL, &rev), 0);
	assert_int_equal(rev, 2);
	assert_int_equal(hits(f->st, "first", keep_all, NULL), 0);
	assert_int_equal(hits(f->st, "secret", keep_all, NULL), 0);
	assert_int_equal(hits(f->st, "second", keep_all, NULL), 1);
	assert_int_equal(store_search_stale(f->st, &ids, &revs, &n), 0);
	assert_int_equal(n, 0);
	free(ids);
	free(revs);
	/* A save without the index leaves the report stale and unfound. */
	assert_int_equal(store_report_save(f->st, r.id, 2, "{\"a\":2}", 0, &rev), 0);
	assert_int_equal(hits(f->st, "second", keep_all, NULL), 0);
	assert_int_equal(store_search_stale(f->st, &ids, &revs, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], r.id);
	assert_int_equal(revs[0], 3);
	free(ids);
	free(revs);
	/* Indexing an old revision writes nothing; the latest does. */
	assert_int_equal(store_search_index(f->st, r.id, 2, t1, 2, NULL), 0);
	assert_int_equal(hits(f->st, "first", keep_all, NULL), 0);
	assert_int_equal(store_search_index(f->st, r.id, 3, t2, 1, NULL), 0);
	assert_int_equal(hits(f->st, "second", keep_all, NULL), 1);
	assert_int_equal(store_search_stale(f->st, &ids, &revs, &n), 0);
	assert_int_equal(n, 0);
	free(ids);
	free(revs);
	/* A refused save writes no index either. */
	assert_int_equal(store_report_save_text(f->st, r.id, 1, "{}", 0, t1, 2, NULL, &rev), APP_ECONFLICT);
	assert_int_equal(hits(f->st, "first", keep_all, NULL), 0);
	assert_int_equal(store_search_index(f->st, 999, 1, t1, 2, NULL), APP_ENOTFOUND);
	/* Two answers at one place of the form: refused, nothing written. */
	assert_int_equal(store_search_index(f->st, r.id, 3, twice, 2, NULL), APP_EINPUT);
	assert_int_equal(hits(f->st, "second", keep_all, NULL), 1);
}

static void
paging(void **state)
{
	struct sfx *f = *state;
	struct report_text t[30];
	struct report_text older[] = {{"q3", 1, "common word", "common word", 3}};
	struct search_hit *v = NULL;
	struct report_row r = {0}, r1 = {0};
	char ids[30][16];
	size_t i, n, total;
	struct buf b;

	for (i = 0; i < 30; i++) {
		snprintf(ids[i], sizeof(ids[i]), "q%zu", i);
		t[i] = (struct report_text){ids[i], i % 2, "common word", "common word", i};
	}
	r.partnership_id = f->pid;
	memcpy(r.period, "2020-H2", 8);
	r.form_id = "s3-monitoring-2020";
	r.doc = "{}";
	assert_int_equal(store_report_create_text(f->st, &r, 0, t, 30, NULL), 0);
	/* An earlier period's report, made after it: its answer comes last. */
	r1.partnership_id = f->pid;
	memcpy(r1.period, "2020-H1", 8);
	r1.form_id = "s3-monitoring-2020";
	r1.doc = "{}";
	assert_int_equal(store_report_create_text(f->st, &r1, 0, older, 1, NULL), 0);
	buf_init(&b, 4096);
	assert_int_equal(report_text_match("common", &b, &n), 0);
	/* Only the kept ones count and are paged: 15 at even places. */
	assert_int_equal(store_search(f->st, buf_cstr(&b), NULL, keep_even, NULL, 10, 10, 100, &v, &n, &total), 0);
	assert_int_equal(total, 15);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++)
		assert_int_equal(v[i].index, 20 + 2 * i);
	search_hit_free_list(v, n);
	/* The order: the latest period first, then the form's order. */
	assert_int_equal(store_search(f->st, buf_cstr(&b), NULL, keep_all, NULL, 0, 40, 100, &v, &n, &total), 0);
	assert_int_equal(total, 31);
	assert_int_equal(n, 31);
	for (i = 0; i < 30; i++) {
		assert_string_equal(v[i].period, "2020-H2");
		assert_int_equal(v[i].index, i);
		assert_string_equal(v[i].slug, "mining-industry");
	}
	assert_string_equal(v[30].period, "2020-H1");
	assert_int_equal(v[30].report_id, r1.id);
	search_hit_free_list(v, n);
	/* Past the end: none, the total still counted. */
	assert_int_equal(store_search(f->st, buf_cstr(&b), NULL, keep_all, NULL, 40, 10, 100, &v, &n, &total), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(total, 31);
	/* The cap: counting stops at cap + 1 (the newest rows read first). */
	assert_int_equal(store_search(f->st, buf_cstr(&b), NULL, keep_all, NULL, 0, 20, 12, &v, &n, &total), 0);
	assert_int_equal(total, 13);
	assert_int_equal(n, 13);
	search_hit_free_list(v, n);
	assert_int_equal(store_search(f->st, "\"unterminated", NULL, keep_all, NULL, 0, 20, 12, &v, &n, &total) < 0,
			 1);
	buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(match_words),
		cmocka_unit_test(match_hostile),
		cmocka_unit_test(flatten),
		cmocka_unit_test_setup_teardown(index_follows_revisions, setup, teardown),
		cmocka_unit_test_setup_teardown(paging, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
