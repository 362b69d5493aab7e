/* store_load.c - s3pm load's reader on SQLite (store.h): a dump's JSON
 * lines (docs/internals/dump.md), checked line by line (dump_lines.c) and
 * inserted into a new or empty database in one transaction; bad input
 * names its line and leaves nothing written. A PostgreSQL database is
 * loaded by store_load_pg.c. */
#include "db.h"
#include "db_sqlite.h"
#include "dump_lines.h"
#include "dump_pg.h"
#include "dump_schema.h"

#include "buf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct loader {
	struct dump_reader rd;
	sqlite3 *db;
	const char *path;
	struct dump_schema sc;
	sqlite3_stmt **ins; /* per table of sc: its INSERT, prepared when first needed */
};

/* The INSERT of table i with every column, in the table's order. */
static int
insert_of(struct loader *l, size_t i, sqlite3_stmt **out)
{
	const struct dump_table *t = &l->sc.t[i];
	struct buf b;
	char *q;
	size_t k;
	int r, rc;

	*out = l->ins[i];
	if (*out != NULL)
		return 0;
	buf_init(&b, 1 << 16);
	q = dump_quote(t->name);
	rc = q == NULL ? APP_ENOMEM : buf_printf(&b, "INSERT INTO %s (", q);
	free(q);
	for (k = 0; rc == 0 && k < t->ncols; k++) {
		q = dump_quote(t->cols[k].name);
		rc = q == NULL ? APP_ENOMEM : buf_printf(&b, "%s%s", k ? ", " : "", q);
		free(q);
	}
	if (rc == 0)
		rc = buf_puts(&b, ") VALUES (");
	for (k = 0; rc == 0 && k < t->ncols; k++)
		rc = buf_printf(&b, "%s?%zu", k ? ", " : "", k + 1);
	if (rc == 0)
		rc = buf_puts(&b, ")");
	if (rc != 0) {
		buf_cleanup(&b);
		return db_err(APP_ENOMEM, "%s: out of memory", t->name);
	}
	r = sqlite3_prepare_v2(l->db, b.data, -1, &l->ins[i], NULL);
	buf_cleanup(&b);
	if (r != SQLITE_OK)
		return db_sqlite_fail(l->db, r, t->name);
	*out = l->ins[i];
	return 0;
}

/* Binds v, checked by dump_read_row, to parameter k + 1 of s for column
 * k of table t. */
static int
bind_value(struct loader *l, sqlite3_stmt *s, const struct dump_table *t, size_t k, json_t *v)
{
	const struct dump_col *c = &t->cols[k];
	unsigned char *blob;
	json_t *b64;
	size_t n;
	int r, i = (int)k + 1;

	if (json_is_null(v))
		r = sqlite3_bind_null(s, i);
	else if (json_is_integer(v) && c->type != DT_TEXT && c->type != DT_BLOB)
		r = sqlite3_bind_int64(s, i, json_integer_value(v));
	else if (json_is_real(v))
		r = sqlite3_bind_double(s, i, json_real_value(v));
	else if (json_is_string(v))
		r = sqlite3_bind_text64(s, i, json_string_value(v), json_string_length(v), SQLITE_TRANSIENT,
					SQLITE_UTF8);
	else {
		b64 = json_object_get(v, "base64");
		if (dump_b64_decode(json_string_value(b64), json_string_length(b64), &blob, &n) != 0)
			return db_err(APP_ENOMEM, "%s line %zu: out of memory", l->rd.name, l->rd.line);
		r = sqlite3_bind_blob64(s, i, blob, n, free);
	}
	return r == SQLITE_OK ? 0 : db_sqlite_fail(l->db, r, t->name);
}

/* A row, checked by dump_read_row, into its table. */
static int
load_row(struct loader *l, const struct dump_table *t, json_t *row)
{
	sqlite3_stmt *s;
	size_t k;
	int r, rc;

	rc = insert_of(l, (size_t)(t - l->sc.t), &s);
	if (rc != 0)
		return rc;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	for (k = 0; k < t->ncols; k++) {
		rc = bind_value(l, s, t, k, json_object_get(row, t->cols[k].name));
		if (rc != 0)
			return rc;
	}
	r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r != SQLITE_DONE) {
		rc = db_sqlite_fail(l->db, r, t->name);
		/* A broken rule of the schema is the input's fault. */
		if (rc == APP_ECONFLICT || rc == APP_ENOTFOUND || rc == APP_EINTERNAL || rc == APP_ETOOBIG)
			rc = db_err(rc == APP_ETOOBIG ? APP_ETOOBIG : APP_EINPUT, "%s line %zu: table %s: %s",
				    l->rd.name, l->rd.line, t->name, sqlite3_errmsg(l->db));
		return rc;
	}
	return 0;
}

/* The database is empty: no data table has a row. */
static int
check_empty(struct loader *l)
{
	sqlite3_stmt *s = NULL;
	struct buf b;
	char *q;
	size_t i;
	int r, rc = 0;

	buf_init(&b, 4096);
	for (i = 0; rc == 0 && i < l->sc.n; i++) {
		if (!l->sc.t[i].present || l->sc.t[i].kind != DUMP_DATA)
			continue;
		buf_reset(&b);
		q = dump_quote(l->sc.t[i].name);
		if (q == NULL || buf_printf(&b, "SELECT EXISTS (SELECT 1 FROM %s)", q) != 0) {
			free(q);
			rc = db_err(APP_ENOMEM, "%s: out of memory", l->path);
			break;
		}
		free(q);
		r = sqlite3_prepare_v2(l->db, b.data, -1, &s, NULL);
		if (r == SQLITE_OK)
			r = sqlite3_step(s);
		if (r != SQLITE_ROW)
			rc = db_sqlite_fail(l->db, r, l->path);
		else if (sqlite3_column_int(s, 0) != 0)
			rc = db_err(APP_ECONFLICT,
				    "%s is not empty (table %s has rows): load only into a new or empty database",
				    l->path, l->sc.t[i].name);
		sqlite3_finalize(s);
		s = NULL;
	}
	buf_cleanup(&b);
	return rc;
}

/* Every reference holds, else names the first that does not. */
static int
check_references(struct loader *l)
{
	sqlite3_stmt *s = NULL;
	const char *t, *p;
	int r, rc = 0;

	r = sqlite3_prepare_v2(l->db, "PRAGMA foreign_key_check", -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(s, 0);
		p = (const char *)sqlite3_column_text(s, 2);
		rc = db_err(APP_EINPUT, "%s: a row of table %s (rowid %lld) refers to a row of %s that is not in the dump",
			    l->rd.name, t != NULL ? t : "?", (long long)sqlite3_column_int64(s, 1),
			    p != NULL ? p : "?");
	} else if (r != SQLITE_DONE) {
		rc = db_sqlite_fail(l->db, r, l->path);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The rows after the header, up to the closing {"s3pm_dump_end": N}. */
static int
load_rows(struct loader *l)
{
	const struct dump_table *t;
	json_t *line, *row;
	int rc;

	for (;;) {
		rc = dump_read_row(&l->rd, &l->sc, &t, &line, &row);
		if (rc != 0 || line == NULL)
			return rc;
		rc = load_row(l, t, row);
		json_decref(line);
		if (rc != 0)
			return rc;
	}
}

static bool
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static void
remove_db(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-lock", path);
	unlink(side);
}

int
store_load(const char *db_path, FILE *in, const char *name, bool check_only, size_t *rows, int *schema,
	   struct app_msg *msg)
{
	struct loader l;
	bool created;
	size_t i;
	int rc, have = 0, want = 0, lockfd = -1;

	if (rows != NULL)
		*rows = 0;
	if (schema != NULL)
		*schema = 0;
	if (db_path == NULL || in == NULL)
		return app_fail(msg, APP_EINPUT, "load: no database or no input");
	if (db_path_is_pg(db_path))
		return store_load_pg(db_path, in, name, check_only, rows, schema, msg);
	memset(&l, 0, sizeof(l));
	dump_reader_init(&l.rd, in, name);
	l.path = db_path;
	/* The header first: a file that is no dump touches nothing. */
	rc = dump_read_header(&l.rd, &want);
	if (rc != 0)
		goto out;
	created = !file_exists(db_path);
	/* Nobody else has the database open meanwhile. */
	rc = db_sqlite_lock(db_path, true, &lockfd);
	if (rc == 0)
		rc = db_sqlite_open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &l.db);
	/* The store's journal mode from the start: fewer syncs meanwhile. */
	if (rc == 0)
		rc = db_sqlite_exec(l.db, "PRAGMA journal_mode = WAL", db_path);
	if (rc == 0)
		rc = dump_schema_version(l.db, db_path, &have);
	if (rc == 0 && have > want)
		rc = db_err(APP_ECONFLICT,
			    "%s has schema version %d, the dump %d: load it into a new file (it is migrated after)",
			    db_path, have, want);
	if (rc == 0)
		rc = db_sqlite_migrate(l.db, db_path, want);
	if (rc == 0)
		rc = dump_schema_load(l.db, db_path, &l.sc);
	if (rc == 0) {
		l.ins = calloc(l.sc.n, sizeof(*l.ins));
		if (l.ins == NULL)
			rc = db_err(APP_ENOMEM, "%s: out of memory", db_path);
	}
	if (rc == 0)
		rc = db_sqlite_exec(l.db, "BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON", db_path);
	if (rc == 0)
		rc = check_empty(&l);
	if (rc == 0)
		rc = load_rows(&l);
	if (rc == 0)
		rc = check_references(&l);
	for (i = 0; l.ins != NULL && i < l.sc.n; i++)
		sqlite3_finalize(l.ins[i]);
	if (rc == 0 && !check_only)
		rc = db_sqlite_exec(l.db, "COMMIT", db_path);
	if (l.db != NULL && !sqlite3_get_autocommit(l.db))
		sqlite3_exec(l.db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(l.db);
	l.db = NULL;
	if ((rc != 0 || check_only) && created)
		remove_db(db_path);
out:
	if (lockfd >= 0)
		close(lockfd);
	free(l.ins);
	dump_schema_cleanup(&l.sc);
	dump_reader_cleanup(&l.rd);
	if (rc != 0)
		return app_fail(msg, rc, "%s", db_errmsg());
	if (rows != NULL)
		*rows = l.rd.rows;
	if (schema != NULL)
		*schema = want;
	return 0;
}
