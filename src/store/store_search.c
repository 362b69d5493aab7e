/* store_search.c - the full-text index of the reports' latest revisions
 * (the FTS5 table report_text of migration 5): writing a report's rows,
 * finding the stale ones, and the search itself. No access rule here: the
 * caller's keep function decides which hits count. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"
#include "store_rows.h"

/* A report's rows are report_id * ROWS .. report_id * ROWS + ROWS - 1. */
#define ROWS 4096

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
		if ((rc = check_text(text[i].question, 200, true, "index question")) ||
		    (rc = check_text(text[i].text, STORE_DOC_MAX, true, "index text")) ||
		    (rc = check_text(text[i].folded, STORE_DOC_MAX, false, "index text")))
			return rc;
		rc = db_prep(o, "INSERT INTO report_text (rowid, body, folded, report_id, question, section)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
		if (rc != 0)
			return rc;
		db_bind_int(o, 1, id * ROWS + (int64_t)i);
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
	return db_exec(o);
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
	free(h->question);
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

static int
read_hit(struct db_op *o, struct search_hit *h)
{
	char t[16];
	int rc;

	memset(h, 0, sizeof(*h));
	h->rowid = db_col_int64(o, 0);
	h->report_id = db_col_int64(o, 1);
	h->partnership_id = db_col_int64(o, 2);
	h->section = (size_t)db_col_int64(o, 10);
	if ((rc = db_col_fixed(o, 6, t, sizeof(t))) != 0)
		return rc;
	if (report_status_parse(t, &h->status) != 0)
		return db_err(APP_EINTERNAL, "report %lld: unknown status", (long long)h->report_id);
	if ((rc = db_col_str(o, 3, &h->slug)) || (rc = db_col_str(o, 4, &h->name)) ||
	    (rc = db_col_str(o, 5, &h->platform)) || (rc = db_col_fixed(o, 7, h->period, sizeof(h->period))) ||
	    (rc = db_col_str(o, 8, &h->form_id)) || (rc = db_col_str(o, 9, &h->question)))
		return rc;
	return 0;
}

int
store_search(struct store *st, const char *match, const struct search_filter *filter,
	     search_keep_fn keep, void *arg, size_t skip, size_t max, size_t cap,
	     struct search_hit **out, size_t *n, size_t *total)
{
	struct search_hit *v = NULL, h;
	size_t vcap = 0, k = 0, seen = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL || total == NULL || keep == NULL)
		return db_err(APP_EINPUT, "search: no output");
	*out = NULL;
	*n = *total = 0;
	if ((rc = check_text(match, 4096, true, "search expression")) != 0)
		return rc;
	rc = db_begin(&o, st, false, "search");
	/* bm25 with the two text columns weighed alike; the order is
	 * stable for paging (then by row). */
	if (rc == 0)
		rc = db_prep(&o, "SELECT t.rowid, r.id, p.id, p.slug, p.name, p.platform, r.status,"
				 " r.period, r.form_id, t.question, t.section"
				 " FROM report_text t JOIN reports r ON r.id = t.report_id"
				 " JOIN report_text_state s ON s.report_id = r.id AND s.revision = r.revision"
				 " JOIN partnerships p ON p.id = r.partnership_id"
				 " WHERE report_text MATCH ?1"
				 " AND (?2 IS NULL OR p.platform = ?2) AND (?3 IS NULL OR r.period = ?3)"
				 " AND (?4 IS NULL OR t.question = ?4)"
				 " ORDER BY bm25(report_text), t.rowid");
	if (rc == 0) {
		db_bind_text(&o, 1, match);
		bind_filter(&o, 2, filter != NULL ? filter->platform : NULL);
		bind_filter(&o, 3, filter != NULL ? filter->period : NULL);
		bind_filter(&o, 4, filter != NULL ? filter->question : NULL);
	}
	while (rc == 0 && seen <= cap && (rc = db_step(&o, &row)) == 0 && row) {
		if ((rc = read_hit(&o, &h)) != 0) {
			hit_cleanup(&h);
			break;
		}
		if (!keep(&h, arg) || seen++ < skip || k >= max) {
			hit_cleanup(&h);
			continue;
		}
		if ((rc = db_list_grow(&v, &vcap, k, sizeof(*v))) != 0) {
			hit_cleanup(&h);
			break;
		}
		v[k++] = h;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		search_hit_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	*total = seen;
	return 0;
}

int
store_search_snippet(struct store *st, const char *match, int64_t rowid, char **snippet)
{
	struct db_op o;
	char *a = NULL;
	bool row;
	int rc;

	if (snippet == NULL)
		return db_err(APP_EINPUT, "snippet: no output");
	*snippet = NULL;
	rc = db_begin(&o, st, false, "snippet");
	/* The text as written when the match is in it; else (a word found
	 * only in its folded form, "lodz" for "Łódź") the folded text. */
	if (rc == 0)
		rc = db_prep(&o, "SELECT snippet(report_text, 0, char(2), char(3), '…', 16),"
				 " snippet(report_text, 1, char(2), char(3), '…', 16)"
				 " FROM report_text WHERE report_text MATCH ?1 AND rowid = ?2");
	if (rc == 0) {
		db_bind_text(&o, 1, match);
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
	return db_end(&o, rc);
}
