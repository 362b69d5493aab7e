/* store_search.c - the full-text index of the reports' latest revisions
 * (the FTS5 table report_text of migration 5): writing a report's rows,
 * finding the stale ones, and the search itself. No access rule here: the
 * caller's keep function decides which hits count. */
#include "store.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "store_check.h"
#include "store_rows.h"

/* A report's rows are report_id * ROWS .. report_id * ROWS + ROWS - 1:
 * the row of an answer is report_id * ROWS + its question's place in the
 * form, so that a search reads the report and the question from the
 * row's id alone, never the row's text (which is most of the index). */
#define ROWS 4096
#define ROWS_SQL "4096"
/* ts_headline's options: the marks and length of FTS5's snippet(). */
#define PG_HEADLINE "'StartSel=\x02, StopSel=\x03, MaxWords=16, MinWords=6, ShortWord=0," \
		    " MaxFragments=1, FragmentDelimiter=…'"

/* Reports whose index rows this process wrote (store_search_writes). */
static atomic_uint_fast64_t index_writes;

uint64_t
store_search_writes(void)
{
	return (uint64_t)atomic_load(&index_writes);
}

int
store_text_write(struct db_op *o, int64_t id, int revision, const struct report_text *text, size_t n,
		 const struct report_facts *facts)
{
	size_t i;
	int rc;

	if (n > REPORT_TEXT_MAX || n >= ROWS)
		return db_err(APP_EINPUT, "report %lld: too many index entries", (long long)id);
	if (id <= 0 || id > INT64_MAX / ROWS - 1)
		return db_err(APP_EINPUT, "report %lld: no index for this id", (long long)id);
	rc = db_prep(o, "DELETE FROM report_text WHERE rowid BETWEEN ?1 AND ?2");
	if (rc != 0)
		return rc;
	db_bind_int(o, 1, id * ROWS);
	db_bind_int(o, 2, id * ROWS + ROWS - 1);
	if ((rc = db_exec(o)) != 0)
		return rc;
	if ((rc = store_facts_write(o, id, text != NULL ? facts : NULL)) != 0)
		return rc;
	if (text == NULL) {
		if ((rc = db_prep(o, "DELETE FROM report_text_state WHERE report_id = ?1")) != 0)
			return rc;
		db_bind_int(o, 1, id);
		return db_exec(o);
	}
	for (i = 0; i < n; i++) {
		if (text[i].index >= ROWS || (i > 0 && text[i].index <= text[i - 1].index))
			return db_err(APP_EINPUT, "report %lld: index entry %zu: question %zu out of order",
				      (long long)id, i, text[i].index);
		if ((rc = check_text(text[i].question, 200, true, "index question")) ||
		    (rc = check_text(text[i].text, STORE_DOC_MAX, true, "index text")) ||
		    (rc = check_text(text[i].folded, STORE_DOC_MAX, false, "index text")))
			return rc;
		rc = db_prep(o, "INSERT INTO report_text (rowid, body, folded, report_id, question, section)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
		if (rc != 0)
			return rc;
		db_bind_int(o, 1, id * ROWS + (int64_t)text[i].index);
		db_bind_text(o, 2, text[i].text);
		db_bind_text(o, 3, text[i].folded);
		db_bind_int(o, 4, id);
		db_bind_text(o, 5, text[i].question);
		db_bind_int(o, 6, (int64_t)text[i].section);
		if ((rc = db_exec(o)) != 0)
			return rc;
	}
	rc = db_prep(o, "INSERT INTO report_text_state (report_id, revision) VALUES (?1, ?2)"
			" ON CONFLICT (report_id) DO UPDATE SET revision = excluded.revision");
	if (rc != 0)
		return rc;
	db_bind_int(o, 1, id);
	db_bind_int(o, 2, revision);
	if ((rc = db_exec(o)) == 0)
		atomic_fetch_add(&index_writes, 1);
	return rc;
}

int
store_search_index(struct store *st, int64_t id, int revision, const struct report_text *text,
		   size_t ntext, const struct report_facts *facts)
{
	static const struct report_text none;
	struct db_op o;
	bool row;
	int rc;

	rc = db_begin(&o, st, true, "search index");
	if (rc == 0)
		rc = db_prep(&o, "SELECT revision FROM reports WHERE id = ?1");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "report %lld does not exist", (long long)id);
	if (rc == 0 && db_col_int(&o, 0) == revision)
		rc = store_text_write(&o, id, revision, text != NULL ? text : &none, text != NULL ? ntext : 0,
				      facts);
	return db_end(&o, rc);
}

int
store_search_stale(struct store *st, int64_t **ids, int **revisions, size_t *n)
{
	int64_t *v = NULL;
	int *w = NULL;
	size_t cap = 0, wcap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (ids == NULL || revisions == NULL || n == NULL)
		return db_err(APP_EINPUT, "stale index: no output");
	*ids = NULL;
	*revisions = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "stale index");
	if (rc == 0)
		rc = db_prep(&o, "SELECT r.id, r.revision FROM reports r LEFT JOIN report_text_state s"
				 " ON s.report_id = r.id WHERE s.revision IS NULL OR s.revision <> r.revision"
				 " ORDER BY r.id");
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		if ((rc = db_list_grow(&v, &cap, k, sizeof(*v))) != 0 ||
		    (rc = db_list_grow(&w, &wcap, k, sizeof(*w))) != 0)
			break;
		v[k] = db_col_int64(&o, 0);
		w[k] = db_col_int(&o, 1);
		k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		free(v);
		free(w);
		return rc;
	}
	*ids = v;
	*revisions = w;
	*n = k;
	return 0;
}

static void
hit_cleanup(struct search_hit *h)
{
	free(h->slug);
	free(h->name);
	free(h->platform);
	free(h->form_id);
	memset(h, 0, sizeof(*h));
}

void
search_hit_free_list(struct search_hit *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		hit_cleanup(&v[i]);
	free(v);
}

static void
bind_filter(struct db_op *o, int i, const char *v)
{
	if (v != NULL && v[0] != '\0')
		db_bind_text(o, i, v);
	else
		db_bind_null(o, i);
}

/* Latest period first, then the newest report, then form order. */
static int
hit_cmp(const void *x, const void *y)
{
	const struct search_hit *a = x, *b = y;
	int c = strcmp(b->period, a->period);

	if (c != 0)
		return c;
	if (a->report_id != b->report_id)
		return a->report_id < b->report_id ? 1 : -1;
	return (a->rowid > b->rowid) - (a->rowid < b->rowid);
}

/* The accepted answers, up to cap + 1, without their strings: the index
 * newest row first (FTS5 gives its rows in rowid order by itself), each
 * joined to its report by the row's id. */
static int
scan(struct db_op *o, const char *match, const struct search_filter *filter, search_keep_fn keep,
     void *arg, size_t cap, struct search_hit **out, size_t *n)
{
	struct search_hit *v = NULL;
	struct search_cand c;
	size_t vcap = 0, k = 0;
	char t[16];
	bool row;
	int rc;

	if (db_is_pg(o->st))
		rc = db_prep(o, "SELECT t.rowid, r.id, r.partnership_id, r.status, r.period, r.form_id"
				" FROM report_text t JOIN reports r ON r.id = t.report_id"
				" JOIN report_text_state s ON s.report_id = r.id AND s.revision = r.revision"
				" WHERE t.tsv @@ to_tsquery('s3pm', ?1)"
				" AND (?2::text IS NULL OR r.partnership_id IN"
				"  (SELECT id FROM partnerships WHERE platform = ?2))"
				" AND (?3::text IS NULL OR r.period = ?3)"
				" ORDER BY t.rowid DESC");
	else
		rc = db_prep(o, "SELECT t.rowid, r.id, r.partnership_id, r.status, r.period, r.form_id"
				" FROM report_text t JOIN reports r ON r.id = t.rowid / " ROWS_SQL
				" JOIN report_text_state s ON s.report_id = r.id AND s.revision = r.revision"
				" WHERE report_text MATCH ?1"
				" AND (?2 IS NULL OR r.partnership_id IN (SELECT id FROM partnerships WHERE platform = ?2))"
				" AND (?3 IS NULL OR r.period = ?3)"
				" ORDER BY t.rowid DESC");
	if (rc == 0) {
		db_bind_text(o, 1, match);
		bind_filter(o, 2, filter != NULL ? filter->platform : NULL);
		bind_filter(o, 3, filter != NULL ? filter->period : NULL);
	}
	while (rc == 0 && k <= cap && (rc = db_step(o, &row)) == 0 && row) {
		int64_t rowid = db_col_int64(o, 0);

		memset(&c, 0, sizeof(c));
		c.report_id = db_col_int64(o, 1);
		c.partnership_id = db_col_int64(o, 2);
		c.index = (size_t)(rowid % ROWS);
		if ((rc = db_col_fixed(o, 3, t, sizeof(t))) != 0 ||
		    (rc = db_col_fixed(o, 4, c.period, sizeof(c.period))) != 0)
			break;
		if (report_status_parse(t, &c.status) != 0) {
			rc = db_err(APP_EINTERNAL, "report %lld: unknown status", (long long)c.report_id);
			break;
		}
		c.form_id = db_col_text(o, 5);
		if (c.form_id == NULL || !keep(&c, arg))
			continue;
		if ((rc = db_list_grow(&v, &vcap, k, sizeof(*v))) != 0)
			break;
		memset(&v[k], 0, sizeof(v[k]));
		v[k].rowid = rowid;
		v[k].report_id = c.report_id;
		v[k].partnership_id = c.partnership_id;
		v[k].status = c.status;
		v[k].index = c.index;
		memcpy(v[k].period, c.period, sizeof(v[k].period));
		k++;
	}
	if (rc != 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* PostgreSQL's search: the FTS5 expression of report_text_match,
 * ("folded"* OR "as written"*) AND (...), written as a tsquery over the
 * folded words, 'folded':* & '...' (the as-written form is for FTS5's
 * snippets only: PostgreSQL's configuration s3pm removes accents from the
 * text and the query alike). The words are quoted lexemes, their quotes
 * and backslashes doubled. */
static int
pg_tsquery(const char *match, struct buf *out)
{
	const char *p = match;
	bool first = true;
	int rc = 0;

	while (rc == 0 && (p = strstr(p, "(\"")) != NULL) {
		p += 2;
		rc = buf_puts(out, first ? "'" : " & '");
		first = false;
		for (; rc == 0 && *p != '\0'; p++) {
			if (*p == '"' && p[1] == '"') {
				rc = buf_putc(out, '"');
				p++;
			} else if (*p == '"') {
				break;
			} else if (*p == '\'' || *p == '\\') {
				rc = buf_putc(out, *p);
				if (rc == 0)
					rc = buf_putc(out, *p);
			} else {
				rc = buf_putc(out, *p);
			}
		}
		if (rc == 0)
			rc = buf_putc(out, '\'');
		if (rc == 0 && *p == '"' && p[1] == '*')
			rc = buf_puts(out, ":*");
		/* The rest of the group: its as-written phrase. */
		if (*p != '\0')
			p = strchr(p, ')');
		if (p == NULL)
			break;
	}
	if (rc == 0 && first)
		return db_err(APP_EINPUT, "search expression: no word");
	return rc != 0 ? db_err(APP_ENOMEM, "search expression: out of memory") : 0;
}

/* The expression for st's backend in q (unchanged for SQLite). */
static int
match_for(struct store *st, const char *match, struct buf *q, const char **expr)
{
	int rc;

	*expr = match;
	if (!db_is_pg(st))
		return 0;
	rc = pg_tsquery(match, q);
	if (rc == 0)
		*expr = buf_cstr(q);
	return rc;
}

/* The strings of one hit: its partnership's and its report's form. */
static int
hit_strings(struct db_op *o, struct search_hit *h)
{
	bool row;
	int rc;

	rc = db_prep(o, "SELECT p.slug, p.name, p.platform, r.form_id FROM reports r"
			" JOIN partnerships p ON p.id = r.partnership_id WHERE r.id = ?1");
	if (rc == 0) {
		db_bind_int(o, 1, h->report_id);
		rc = db_step(o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_EINTERNAL, "report %lld: gone during a search", (long long)h->report_id);
	if (rc == 0 && ((rc = db_col_str(o, 0, &h->slug)) || (rc = db_col_str(o, 1, &h->name)) ||
			(rc = db_col_str(o, 2, &h->platform)) || (rc = db_col_str(o, 3, &h->form_id))))
		return rc;
	return rc;
}

int
store_search(struct store *st, const char *match, const struct search_filter *filter,
	     search_keep_fn keep, void *arg, size_t skip, size_t max, size_t cap,
	     struct search_hit **out, size_t *n, size_t *total)
{
	struct search_hit *v = NULL;
	size_t k = 0, i, m = 0;
	const char *expr;
	struct db_op o;
	struct buf q;
	int rc;

	if (out == NULL || n == NULL || total == NULL || keep == NULL)
		return db_err(APP_EINPUT, "search: no output");
	*out = NULL;
	*n = *total = 0;
	if ((rc = check_text(match, 4096, true, "search expression")) != 0)
		return rc;
	buf_init(&q, 16384);
	if ((rc = match_for(st, match, &q, &expr)) != 0) {
		buf_cleanup(&q);
		return rc;
	}
	rc = db_begin(&o, st, false, "search");
	if (rc == 0)
		rc = scan(&o, expr, filter, keep, arg, cap, &v, &k);
	if (rc == 0 && k > 0) {
		qsort(v, k, sizeof(*v), hit_cmp);
		/* The page moved to the front, its strings read. */
		m = skip < k ? k - skip : 0;
		if (m > max)
			m = max;
		if (m > 0 && skip > 0)
			memmove(v, v + skip, m * sizeof(*v));
		for (i = 0; rc == 0 && i < m; i++)
			rc = hit_strings(&o, &v[i]);
	}
	rc = db_end(&o, rc);
	buf_cleanup(&q);
	if (rc != 0) {
		search_hit_free_list(v, m);
		return rc;
	}
	if (m == 0) {
		free(v);
		v = NULL;
	}
	*out = v;
	*n = m;
	*total = k;
	return 0;
}

int
store_search_snippet(struct store *st, const char *match, int64_t rowid, char **snippet)
{
	const char *expr;
	struct buf q;
	struct db_op o;
	char *a = NULL;
	bool row;
	int rc;

	if (snippet == NULL)
		return db_err(APP_EINPUT, "snippet: no output");
	*snippet = NULL;
	buf_init(&q, 16384);
	if ((rc = match_for(st, match, &q, &expr)) != 0) {
		buf_cleanup(&q);
		return rc;
	}
	rc = db_begin(&o, st, false, "snippet");
	/* The text as written when the match is in it; else (a word found
	 * only in its folded form, "lodz" for "Łódź") the folded text. */
	if (rc == 0 && db_is_pg(st))
		rc = db_prep(&o, "SELECT ts_headline('s3pm', body, q, " PG_HEADLINE "),"
				 " ts_headline('s3pm', folded, q, " PG_HEADLINE ")"
				 " FROM report_text, to_tsquery('s3pm', ?1) q"
				 " WHERE tsv @@ q AND rowid = ?2");
	else if (rc == 0)
		rc = db_prep(&o, "SELECT snippet(report_text, 0, char(2), char(3), '…', 16),"
				 " snippet(report_text, 1, char(2), char(3), '…', 16)"
				 " FROM report_text WHERE report_text MATCH ?1 AND rowid = ?2");
	if (rc == 0) {
		db_bind_text(&o, 1, expr);
		db_bind_int(&o, 2, rowid);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "index row %lld does not match", (long long)rowid);
	if (rc == 0 && (rc = db_col_str(&o, 0, &a)) == 0) {
		if (strchr(a, '\x02') != NULL) {
			*snippet = a;
			a = NULL;
		} else {
			rc = db_col_str(&o, 1, snippet);
		}
	}
	free(a);
	rc = db_end(&o, rc);
	buf_cleanup(&q);
	return rc;
}

int
store_search_optimize(struct store *st)
{
	struct db_op o;
	int rc;

	/* PostgreSQL keeps its GIN index itself (autovacuum). */
	if (db_is_pg(st))
		return 0;
	rc = db_begin(&o, st, true, "search index optimize");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO report_text (report_text) VALUES ('optimize')");
	if (rc == 0)
		rc = db_exec(&o);
	return db_end(&o, rc);
}
