/* store_report.c - reports and their revisions: create, read, list, save
 * a revision, move the status. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"
#include "store_rows.h"

/* The moves of web.md's status diagram; anything else is a caller's bug. */
static bool
transition_ok(enum report_status from, enum report_status to)
{
	switch (from) {
	case REPORT_DRAFT:
		return to == REPORT_SUBMITTED;
	case REPORT_SUBMITTED:
		return to == REPORT_RETURNED || to == REPORT_ACCEPTED || to == REPORT_PUBLISHED;
	case REPORT_RETURNED:
		return to == REPORT_DRAFT || to == REPORT_SUBMITTED;
	case REPORT_ACCEPTED:
		return to == REPORT_PUBLISHED;
	case REPORT_PUBLISHED:
		return false;
	}
	return false;
}

/* Column i as a report status; a stored word core does not know is a
 * broken database. */
static int
col_status(struct db_op *o, int i, int64_t id, enum report_status *out)
{
	char t[16];

	if (db_col_fixed(o, i, t, sizeof(t)) != 0 || report_status_parse(t, out) != 0)
		return db_err(APP_EINTERNAL, "report %lld: unknown status", (long long)id);
	return 0;
}

/* Column 6 is the document: the latest revision's, or NULL in lists. */
#define REPORT_COLS_DOC                                                                       \
	"r.id, r.partnership_id, r.period, r.form_id, r.status, r.revision, v.doc, r.updated_by, " \
	"r.updated_at, r.submitted_at, r.published_at"                                        \
	" FROM reports r JOIN report_revisions v ON v.report_id = r.id AND v.revision = r.revision"
#define REPORT_COLS_NODOC                                                                    \
	"r.id, r.partnership_id, r.period, r.form_id, r.status, r.revision, NULL, r.updated_by, " \
	"r.updated_at, r.submitted_at, r.published_at FROM reports r"

static int
read_report_at(struct db_op *o, int at, struct report_row *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int64(o, at);
	r->partnership_id = db_col_int64(o, at + 1);
	r->revision = db_col_int(o, at + 5);
	r->updated_by = db_col_int64(o, at + 7);
	if ((rc = col_status(o, at + 4, r->id, &r->status)) ||
	    (rc = db_col_fixed(o, at + 2, r->period, sizeof(r->period))) ||
	    (rc = db_col_str(o, at + 3, &r->form_id)) || (rc = db_col_dup(o, at + 6, true, &r->doc)) ||
	    (rc = db_col_str(o, at + 8, &r->updated_at)) ||
	    (rc = db_col_dup(o, at + 9, true, &r->submitted_at)) ||
	    (rc = db_col_dup(o, at + 10, true, &r->published_at)))
		goto fail;
	return 0;
fail:
	report_row_cleanup(r);
	return rc;
}

static int
read_report(struct db_op *o, struct report_row *r)
{
	return read_report_at(o, 0, r);
}

static int
check_doc(const char *doc)
{
	return check_text(doc, STORE_DOC_MAX, true, "report document");
}

int
store_report_create(struct store *st, struct report_row *r, int64_t user_id)
{
	return store_report_create_text(st, r, user_id, NULL, 0, NULL);
}

int
store_report_create_text(struct store *st, struct report_row *r, int64_t user_id,
			 const struct report_text *text, size_t ntext,
			 const struct report_facts *facts)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int64_t id = 0;
	int rc;

	if (r == NULL)
		return db_err(APP_EINPUT, "report create: no report");
	if (!check_period_ok(r->period))
		return db_err(APP_EINPUT, "report period: YYYY-H1 or YYYY-H2 (1990-2100) expected");
	if (!check_status_ok(r->status))
		return db_err(APP_EINPUT, "report status %d is unknown", (int)r->status);
	if (r->partnership_id <= 0)
		return db_err(APP_EINPUT, "report create: no partnership");
	if ((rc = check_text(r->form_id, 200, true, "form id")) || (rc = check_doc(r->doc)))
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "report create");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO reports (partnership_id, period, form_id, status, revision,"
				 " updated_by, created_at, updated_at, submitted_at, published_at)"
				 " VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?6, ?7, ?8) RETURNING id");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, r->partnership_id);
	db_bind_text(&o, 2, r->period);
	db_bind_text(&o, 3, r->form_id);
	db_bind_text(&o, 4, report_status_name(r->status));
	db_bind_id(&o, 5, user_id);
	db_bind_text(&o, 6, now);
	/* An import may create a report in a later status: its dates follow. */
	if (r->status == REPORT_DRAFT)
		db_bind_null(&o, 7);
	else
		db_bind_text(&o, 7, now);
	if (r->status == REPORT_PUBLISHED)
		db_bind_text(&o, 8, now);
	else
		db_bind_null(&o, 8);
	rc = db_insert(&o, &id);
	if (rc == APP_ECONFLICT)
		rc = db_err(APP_ECONFLICT, "partnership %lld already has a report for %s",
			     (long long)r->partnership_id, r->period);
	else if (rc == APP_ENOTFOUND)
		rc = db_err(APP_ENOTFOUND,
			     "report create: partnership %lld, period %s or user %lld does not exist",
			     (long long)r->partnership_id, r->period, (long long)user_id);
	if (rc != 0)
		goto out;
	rc = db_prep(&o, "INSERT INTO report_revisions (report_id, revision, doc, user_id, created_at)"
			 " VALUES (?1, 1, ?2, ?3, ?4)");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, id);
	db_bind_text(&o, 2, r->doc);
	db_bind_id(&o, 3, user_id);
	db_bind_text(&o, 4, now);
	rc = db_exec(&o);
	if (rc == 0 && text != NULL)
		rc = store_text_write(&o, id, 1, text, ntext, facts);
out:
	rc = db_end(&o, rc);
	if (rc == 0) {
		r->id = id;
		r->revision = 1;
	}
	return rc;
}

static int
report_one(struct store *st, const char *sql, int64_t a, const char *b, struct report_row *out)
{
	struct db_op o;
	bool row;
	int rc;

	rc = db_begin(&o, st, false, "report");
	if (rc == 0)
		rc = db_prep(&o, sql);
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, a);
	if (b != NULL)
		db_bind_text(&o, 2, b);
	rc = db_step(&o, &row);
	if (rc == 0 && !row)
		rc = b != NULL ? db_err(APP_ENOTFOUND,
					 "partnership %lld has no report for %s", (long long)a, b)
			       : db_err(APP_ENOTFOUND, "report %lld does not exist", (long long)a);
	if (rc == 0)
		rc = read_report(&o, out);
out:
	return db_end(&o, rc);
}

int
store_report_get(struct store *st, int64_t partnership_id, const char *period,
		 struct report_row *out)
{
	if (out == NULL)
		return db_err(APP_EINPUT, "report: no output");
	memset(out, 0, sizeof(*out));
	if (!check_period_ok(period))
		return db_err(APP_EINPUT, "report period: YYYY-H1 or YYYY-H2 (1990-2100) expected");
	return report_one(st,
			  "SELECT " REPORT_COLS_DOC " WHERE r.partnership_id = ?1 AND r.period = ?2",
			  partnership_id, period, out);
}

int
store_report_head(struct store *st, int64_t partnership_id, const char *period,
		  struct report_row *out)
{
	if (out == NULL)
		return db_err(APP_EINPUT, "report: no output");
	memset(out, 0, sizeof(*out));
	if (!check_period_ok(period))
		return db_err(APP_EINPUT, "report period: YYYY-H1 or YYYY-H2 (1990-2100) expected");
	return report_one(st, "SELECT " REPORT_COLS_NODOC " WHERE r.partnership_id = ?1 AND r.period = ?2",
			  partnership_id, period, out);
}

int
store_partnership_report(struct store *st, const char *slug, const char *period,
			 struct partnership *p, struct report_row *r, bool *have_report)
{
	struct db_op o;
	bool row;
	int rc;

	if (p == NULL || r == NULL || have_report == NULL)
		return db_err(APP_EINPUT, "partnership report: no output");
	memset(p, 0, sizeof(*p));
	memset(r, 0, sizeof(*r));
	*have_report = false;
	if (!check_slug_ok(slug))
		return db_err(APP_ENOTFOUND, "no partnership has that name");
	if (!check_period_ok(period))
		return db_err(APP_EINPUT, "report period: YYYY-H1 or YYYY-H2 (1990-2100) expected");
	rc = db_begin(&o, st, false, "partnership report");
	if (rc == 0)
		rc = db_prep(&o, "SELECT p.id, p.slug, p.name, p.platform, p.start_date, p.webpage,"
				 " p.leading_regions, p.participating_regions, p.nuts_version, p.created_at,"
				 " r.id, r.partnership_id, r.period, r.form_id, r.status, r.revision, NULL,"
				 " r.updated_by, r.updated_at, r.submitted_at, r.published_at"
				 " FROM partnerships p LEFT JOIN reports r"
				 " ON r.partnership_id = p.id AND r.period = ?2 WHERE p.slug = ?1");
	if (rc == 0) {
		db_bind_text(&o, 1, slug);
		db_bind_text(&o, 2, period);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "no partnership \"%s\"", slug);
	if (rc == 0)
		rc = store_read_partnership(&o, 0, p);
	if (rc == 0 && db_col_int64(&o, 10) > 0) {
		if ((rc = read_report_at(&o, 10, r)) != 0)
			partnership_cleanup(p);
		else
			*have_report = true;
	}
	return db_end(&o, rc);
}

int
store_report_by_id(struct store *st, int64_t id, struct report_row *out)
{
	if (out == NULL)
		return db_err(APP_EINPUT, "report: no output");
	memset(out, 0, sizeof(*out));
	return report_one(st, "SELECT " REPORT_COLS_DOC " WHERE r.id = ?1", id, NULL, out);
}

int
store_report_latest(struct store *st, int64_t partnership_id, enum report_status status,
		    struct report_row *out)
{
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL)
		return db_err(APP_EINPUT, "latest report: no output");
	memset(out, 0, sizeof(*out));
	if (!check_status_ok(status))
		return db_err(APP_EINPUT, "latest report: status %d is unknown", (int)status);
	rc = db_begin(&o, st, false, "latest report");
	/* "YYYY-Hn" sorts as text in time order. */
	if (rc == 0)
		rc = db_prep(&o, "SELECT " REPORT_COLS_DOC " WHERE r.partnership_id = ?1 AND r.status = ?2"
				 " ORDER BY r.period DESC LIMIT 1");
	if (rc == 0) {
		db_bind_int(&o, 1, partnership_id);
		db_bind_text(&o, 2, report_status_name(status));
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "partnership %lld has no %s report", (long long)partnership_id,
			    report_status_name(status));
	if (rc == 0)
		rc = read_report(&o, out);
	return db_end(&o, rc);
}

int
store_report_list(struct store *st, int64_t partnership_id, struct report_row **out, size_t *n)
{
	struct report_row *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "report list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "report list");
	/* Two statements: "?1 = 0 OR partnership_id = ?1" would keep SQLite
	 * from the (partnership_id, period) index and read every report. */
	if (rc == 0 && partnership_id > 0)
		rc = db_prep(&o, "SELECT " REPORT_COLS_NODOC
				 " WHERE r.partnership_id = ?1"
				 " ORDER BY r.period DESC, r.partnership_id, r.id");
	else if (rc == 0)
		rc = db_prep(&o, "SELECT " REPORT_COLS_NODOC
				 " ORDER BY r.period DESC, r.partnership_id, r.id");
	if (rc == 0 && partnership_id > 0)
		db_bind_int(&o, 1, partnership_id);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_report(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		report_row_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

void
report_full_free_list(struct report_full *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		partnership_cleanup(&v[i].p);
		report_row_cleanup(&v[i].r);
	}
	free(v);
}

/* By partnership name, slug, period (byte order, as SQLite's BINARY). */
static int
cmp_full(const void *a, const void *b)
{
	const struct report_full *x = a, *y = b;
	int c;

	if ((c = strcmp(x->p.name, y->p.name)) != 0 || (c = strcmp(x->p.slug, y->p.slug)) != 0)
		return c;
	return strcmp(x->r.period, y->r.period);
}

int
store_report_list_all(struct store *st, const char *slug, const char *platform, const char *period,
		      struct report_full **out, size_t *n)
{
	struct report_full *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "report list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "report list");
	/* Columns 0-9 the partnership (store_read_partnership), 10- the
	 * report with its document (read_report_at). */
	if (rc == 0)
		rc = db_prep(&o, "SELECT p.id, p.slug, p.name, p.platform, p.start_date, p.webpage,"
				 " p.leading_regions, p.participating_regions, p.nuts_version, p.created_at, "
				 REPORT_COLS_DOC " JOIN partnerships p ON p.id = r.partnership_id"
				 " WHERE (CAST(?1 AS TEXT) IS NULL OR p.slug = ?1) AND (CAST(?2 AS TEXT) IS NULL OR coalesce(p.platform, '') = ?2)"
				 " AND (CAST(?3 AS TEXT) IS NULL OR r.period = ?3)");
	if (rc == 0) {
		if (slug != NULL)
			db_bind_text(&o, 1, slug);
		else
			db_bind_null(&o, 1);
		if (platform != NULL)
			db_bind_text(&o, 2, platform);
		else
			db_bind_null(&o, 2);
		if (period != NULL)
			db_bind_text(&o, 3, period);
		else
			db_bind_null(&o, 3);
	}
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0 && (rc = store_read_partnership(&o, 0, &v[k].p)) == 0 &&
		    (rc = read_report_at(&o, 10, &v[k].r)) != 0)
			partnership_cleanup(&v[k].p);
		if (rc == 0)
			k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		report_full_free_list(v, k);
		return rc;
	}
	/* Sorted here: SQLite would sort the rows with their documents. */
	if (k > 1)
		qsort(v, k, sizeof(*v), cmp_full);
	*out = v;
	*n = k;
	return 0;
}

/* Reads the report's revision and status under the running transaction. */
static int
report_state(struct db_op *o, int64_t id, int *revision, enum report_status *status)
{
	bool row;
	int rc;

	rc = db_prep(o, "SELECT revision, status FROM reports WHERE id = ?1");
	if (rc != 0)
		return rc;
	db_bind_int(o, 1, id);
	rc = db_step(o, &row);
	if (rc != 0)
		return rc;
	if (!row)
		return db_err(APP_ENOTFOUND, "report %lld does not exist", (long long)id);
	*revision = db_col_int(o, 0);
	return col_status(o, 1, id, status);
}

int
store_report_save(struct store *st, int64_t id, int base_revision, const char *doc,
		  int64_t user_id, int *new_revision)
{
	return store_report_save_text(st, id, base_revision, doc, user_id, NULL, 0, NULL, new_revision);
}

int
store_report_save_text(struct store *st, int64_t id, int base_revision, const char *doc,
		       int64_t user_id, const struct report_text *text, size_t ntext,
		       const struct report_facts *facts,
		       int *new_revision)
{
	enum report_status status = REPORT_DRAFT;
	char now[DB_TS_LEN];
	int rc, cur = 0;
	struct db_op o;

	if (new_revision == NULL)
		return db_err(APP_EINPUT, "report save: no output");
	*new_revision = 0;
	if (base_revision < 1)
		return db_err(APP_EINPUT, "report save: base revision %d", base_revision);
	rc = check_doc(doc);
	if (rc != 0)
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "report save");
	if (rc != 0)
		goto out;
	/* The usual case in one statement: the report is still at the base
	 * revision and editable. */
	rc = db_prep(&o, "UPDATE reports SET revision = ?2, updated_by = ?3, updated_at = ?4"
			 " WHERE id = ?1 AND revision = ?5 AND status IN (?6, ?7)");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, id);
	db_bind_int(&o, 2, (int64_t)base_revision + 1);
	db_bind_id(&o, 3, user_id);
	db_bind_text(&o, 4, now);
	db_bind_int(&o, 5, base_revision);
	db_bind_text(&o, 6, report_status_name(REPORT_DRAFT));
	db_bind_text(&o, 7, report_status_name(REPORT_RETURNED));
	rc = db_exec(&o);
	if (rc != 0)
		goto out;
	if (db_changes(&o) == 0) {
		/* Why not: say which. */
		rc = report_state(&o, id, &cur, &status);
		if (rc != 0)
			goto out;
		if (cur != base_revision)
			rc = db_err(APP_ECONFLICT, "report %lld: revision %d was saved after revision %d",
				    (long long)id, cur, base_revision);
		else
			/* A report under review must not change under the
			 * committee's eyes, even when an edit page opened before
			 * the submission saves late. */
			rc = db_err(APP_ECONFLICT, "report %lld is %s and cannot be edited", (long long)id,
				    report_status_name(status));
		goto out;
	}
	cur = base_revision;
	rc = db_prep(&o, "INSERT INTO report_revisions (report_id, revision, doc, user_id, created_at)"
			 " VALUES (?1, ?2, ?3, ?4, ?5)");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, id);
	db_bind_int(&o, 2, cur + 1);
	db_bind_text(&o, 3, doc);
	db_bind_id(&o, 4, user_id);
	db_bind_text(&o, 5, now);
	rc = db_exec(&o);
	/* The index follows the latest revision: this one's text, or none
	 * (stale until indexed again). */
	if (rc == 0)
		rc = store_text_write(&o, id, cur + 1, text, ntext, facts);
out:
	rc = db_end(&o, rc);
	if (rc == 0)
		*new_revision = cur + 1;
	return rc;
}

int
store_report_revision(struct store *st, int64_t id, int revision, char **doc)
{
	struct db_op o;
	bool row;
	int rc;

	if (doc == NULL)
		return db_err(APP_EINPUT, "report revision: no output");
	*doc = NULL;
	rc = db_begin(&o, st, false, "report revision");
	if (rc == 0)
		rc = db_prep(&o, "SELECT doc FROM report_revisions WHERE report_id = ?1 AND revision = ?2");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_int(&o, 2, revision);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "report %lld has no revision %d", (long long)id, revision);
	if (rc == 0)
		rc = db_col_str(&o, 0, doc);
	return db_end(&o, rc);
}

int
store_revision_author(struct store *st, int64_t id, int revision, char **author, char **created_at)
{
	struct db_op o;
	bool row;
	int rc;

	if (author == NULL || created_at == NULL)
		return db_err(APP_EINPUT, "revision author: no output");
	*author = *created_at = NULL;
	rc = db_begin(&o, st, false, "revision author");
	if (rc == 0)
		rc = db_prep(&o, "SELECT coalesce(nullif(u.name, ''), u.email, ''), v.created_at"
				 " FROM report_revisions v LEFT JOIN users u ON u.id = v.user_id"
				 " WHERE v.report_id = ?1 AND v.revision = ?2");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_int(&o, 2, revision);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "report %lld has no revision %d", (long long)id, revision);
	if (rc == 0 && (rc = db_col_str(&o, 0, author)) == 0)
		rc = db_col_str(&o, 1, created_at);
	rc = db_end(&o, rc);
	if (rc != 0) {
		free(*author);
		free(*created_at);
		*author = *created_at = NULL;
	}
	return rc;
}

int
store_report_set_status(struct store *st, int64_t id, enum report_status from,
			enum report_status to, int64_t user_id)
{
	enum report_status cur = REPORT_DRAFT;
	char now[DB_TS_LEN];
	struct db_op o;
	int rc, rev;

	if (!check_status_ok(from) || !check_status_ok(to) || !transition_ok(from, to))
		return db_err(APP_EINPUT, "report status: no move from %s to %s",
			       report_status_name(from), report_status_name(to));
	db_now(now);
	rc = db_begin(&o, st, true, "report status");
	if (rc == 0)
		rc = report_state(&o, id, &rev, &cur);
	if (rc != 0)
		goto out;
	if (cur != from) {
		rc = db_err(APP_ECONFLICT, "report %lld is %s, not %s", (long long)id,
			     report_status_name(cur), report_status_name(from));
		goto out;
	}
	/* submitted_at keeps the first submission: it is what the deadline is
	 * measured against. */
	rc = db_prep(&o, "UPDATE reports SET status = ?2, updated_by = ?3, updated_at = ?4,"
			 " submitted_at = CASE WHEN ?5 = 1 THEN coalesce(submitted_at, ?4)"
			 "  ELSE submitted_at END,"
			 " published_at = CASE WHEN ?6 = 1 THEN ?4 ELSE published_at END"
			 " WHERE id = ?1");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, id);
	db_bind_text(&o, 2, report_status_name(to));
	db_bind_id(&o, 3, user_id);
	db_bind_text(&o, 4, now);
	db_bind_int(&o, 5, to == REPORT_SUBMITTED);
	db_bind_int(&o, 6, to == REPORT_PUBLISHED);
	rc = db_exec(&o);
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO report_events (report_id, status, revision, user_id,"
				 " created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, id);
	db_bind_text(&o, 2, report_status_name(to));
	db_bind_int(&o, 3, rev);
	db_bind_id(&o, 4, user_id);
	db_bind_text(&o, 5, now);
	rc = db_exec(&o);
out:
	return db_end(&o, rc);
}

int
store_report_events(struct store *st, int64_t id, struct report_event **out, size_t *n)
{
	struct report_event *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "report events: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "report events");
	if (rc == 0)
		rc = db_prep(&o, "SELECT e.status, e.revision, coalesce(e.user_id, 0),"
				 " coalesce(nullif(u.name, ''), u.email, ''), e.created_at"
				 " FROM report_events e LEFT JOIN users u ON u.id = e.user_id"
				 " WHERE e.report_id = ?1 ORDER BY e.id");
	if (rc == 0)
		db_bind_int(&o, 1, id);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		struct report_event *e;

		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc != 0)
			break;
		e = &v[k++];
		e->revision = db_col_int(&o, 1);
		e->user_id = db_col_int64(&o, 2);
		if ((rc = col_status(&o, 0, id, &e->status)) || (rc = db_col_str(&o, 3, &e->author)) ||
		    (rc = db_col_str(&o, 4, &e->created_at)))
			break;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		report_event_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* The rows of o's statement as report entries, in the columns of
 * store_report_queue (id, partnership, slug, name, period, status,
 * revision, since, was returned, comments, decided at); ends o. */
static int
read_entries(struct db_op *o, int rc, struct report_entry **out, size_t *n)
{
	struct report_entry *v = NULL, *e;
	size_t cap = 0, k = 0;
	bool row;

	while (rc == 0 && (rc = db_step(o, &row)) == 0 && row) {
		if ((rc = db_list_grow(&v, &cap, k, sizeof(*v))) != 0)
			break;
		e = &v[k++];
		memset(e, 0, sizeof(*e));
		e->id = db_col_int64(o, 0);
		e->partnership_id = db_col_int64(o, 1);
		e->revision = db_col_int(o, 6);
		e->was_returned = db_col_int(o, 8) != 0;
		e->comments = db_col_int(o, 9);
		if ((rc = db_col_str(o, 2, &e->slug)) || (rc = db_col_str(o, 3, &e->name)) ||
		    (rc = db_col_fixed(o, 4, e->period, sizeof(e->period))) ||
		    (rc = col_status(o, 5, e->id, &e->status)) || (rc = db_col_str(o, 7, &e->since)) ||
		    (rc = db_col_dup(o, 10, true, &e->decided_at)))
			break;
	}
	rc = db_end(o, rc);
	if (rc != 0) {
		report_entry_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_report_queue(struct store *st, enum report_status status, int64_t partnership_id,
		   struct report_entry **out, size_t *n)
{
	struct db_op o;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "report queue: no output");
	*out = NULL;
	*n = 0;
	if (!check_status_ok(status))
		return db_err(APP_EINPUT, "report queue: no such status");
	rc = db_begin(&o, st, false, "report queue");
	/* since: the last move to the status; comments: those written on the
	 * last submitted revision (or a later one) since it was submitted: the
	 * ones a returned report answers. The order
	 * is that of the moves (times have whole seconds only). */
	if (rc == 0)
		rc = db_prep(&o, "SELECT r.id, r.partnership_id, p.slug, p.name, r.period, r.status,"
				 " r.revision, coalesce((SELECT max(e.created_at) FROM report_events e"
				 "  WHERE e.report_id = r.id AND e.status = ?1), ''),"
				 " CASE WHEN EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id"
				 "  AND e.status = 'returned') THEN 1 ELSE 0 END,"
				 " (SELECT count(*) FROM comments c WHERE c.report_id = r.id"
				 "  AND c.resolved_at IS NULL"
				 "  AND c.revision >= coalesce((SELECT e.revision FROM report_events e"
				 "   WHERE e.report_id = r.id AND e.status = 'submitted' ORDER BY e.id DESC"
				 "   LIMIT 1), 0)"
				 "  AND c.created_at >= coalesce((SELECT max(e.created_at) FROM report_events e"
				 "   WHERE e.report_id = r.id AND e.status = 'submitted'), '')),"
				 " (SELECT max(d.created_at) FROM decisions d"
				 "  WHERE d.partnership_id = r.partnership_id)"
				 " FROM reports r JOIN partnerships p ON p.id = r.partnership_id"
				 " WHERE r.status = ?1 AND (?2 = 0 OR r.partnership_id = ?2)"
				 " ORDER BY coalesce((SELECT max(e.id) FROM report_events e"
				 "  WHERE e.report_id = r.id AND e.status = ?1), 0), r.id");
	if (rc == 0) {
		db_bind_text(&o, 1, report_status_name(status));
		db_bind_int(&o, 2, partnership_id > 0 ? partnership_id : 0);
	}
	return read_entries(&o, rc, out, n);
}

int
store_decide_queue(struct store *st, struct report_entry **out, size_t *n)
{
	struct db_op o;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "decide queue: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "decide queue");
	/* The partnerships' newest decisions read once, not once a report. */
	if (rc == 0)
		rc = db_prep(&o, "SELECT r.id, r.partnership_id, p.slug, p.name, r.period, r.status, r.revision,"
				 " s.since, 0, 0, dd.decided FROM reports r"
				 " JOIN partnerships p ON p.id = r.partnership_id"
				 " JOIN (SELECT x.id, coalesce((SELECT max(e.created_at) FROM report_events e"
				 "  WHERE e.report_id = x.id AND e.status = x.status), '') AS since FROM reports x"
				 "  WHERE x.status IN ('accepted', 'published')) s ON s.id = r.id"
				 " LEFT JOIN (SELECT d.partnership_id, max(d.created_at) AS decided FROM decisions d"
				 "  GROUP BY d.partnership_id) dd ON dd.partnership_id = r.partnership_id"
				 " WHERE dd.decided IS NULL OR dd.decided < s.since");
	return read_entries(&o, rc, out, n);
}

int
store_latest_published(struct store *st, struct latest_period **out, size_t *n)
{
	struct latest_period *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "latest published: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "latest published");
	if (rc == 0)
		rc = db_prep(&o, "SELECT partnership_id, max(period) FROM reports WHERE status = 'published'"
				 " GROUP BY partnership_id ORDER BY partnership_id");
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		if ((rc = db_list_grow(&v, &cap, k, sizeof(*v))) != 0)
			break;
		v[k].partnership_id = db_col_int64(&o, 0);
		if ((rc = db_col_fixed(&o, 1, v[k].period, sizeof(v[k].period))) != 0)
			break;
		k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
