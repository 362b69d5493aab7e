/* store_dump.c - s3pm dump's writer on SQLite (store.h): every data table's
 * rows as JSON lines, from one read snapshot, one row in memory at a time
 * (docs/internals/dump.md); a PostgreSQL database's dump is
 * store_dump_pg.c's. */
#include "db.h"
#include "db_sqlite.h"
#include "dump_lines.h"
#include "dump_pg.h"
#include "dump_schema.h"

#include <jansson.h>
#include <stdlib.h>

/* Column i of the current row of s as JSON. */
static int
value_json(sqlite3_stmt *s, int i, const char *table, const char *col, json_t **out)
{
	const unsigned char *t;

	*out = NULL;
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		*out = json_null();
		break;
	case SQLITE_INTEGER:
		*out = json_integer(sqlite3_column_int64(s, i));
		break;
	case SQLITE_FLOAT:
		*out = json_real(sqlite3_column_double(s, i));
		break;
	case SQLITE_TEXT:
		t = sqlite3_column_text(s, i);
		if (t == NULL)
			break;
		*out = json_stringn((const char *)t, (size_t)sqlite3_column_bytes(s, i));
		if (*out == NULL)
			return db_err(APP_EINPUT, "table %s, column %s: a value is not valid UTF-8 text",
				      table, col);
		break;
	default:
		t = sqlite3_column_blob(s, i);
		*out = dump_blob_json(t, (size_t)sqlite3_column_bytes(s, i));
		break;
	}
	return *out != NULL ? 0 : db_err(APP_ENOMEM, "table %s: out of memory", table);
}

static int
dump_table(sqlite3 *db, const char *path, const struct dump_table *t, FILE *out, size_t *rows)
{
	sqlite3_stmt *s = NULL;
	json_t *row = NULL, *v;
	char *sql;
	size_t i;
	int r, rc = 0;

	sql = dump_select_sql(t);
	if (sql == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", path);
	r = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	free(sql);
	if (r != SQLITE_OK)
		return db_sqlite_fail(db, r, t->name);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		row = json_object();
		if (row == NULL) {
			rc = db_err(APP_ENOMEM, "%s: out of memory", t->name);
			goto out;
		}
		for (i = 0; i < t->ncols; i++) {
			rc = value_json(s, (int)i, t->name, t->cols[i].name, &v);
			if (rc == 0 && json_object_set_new(row, t->cols[i].name, v) != 0)
				rc = db_err(APP_ENOMEM, "%s: out of memory", t->name);
			if (rc != 0)
				goto out;
		}
		rc = dump_put_line(out, json_pack("{s:s, s:o}", "table", t->name, "row", row), t->name);
		row = NULL;
		if (rc != 0)
			goto out;
		(*rows)++;
	}
	if (r != SQLITE_DONE)
		rc = db_sqlite_fail(db, r, t->name);
out:
	json_decref(row);
	sqlite3_finalize(s);
	return rc;
}

int
store_dump(const char *db_path, FILE *out, size_t *rows, struct app_msg *msg)
{
	struct dump_schema sc = {0};
	sqlite3 *db = NULL;
	size_t i, n = 0;
	int rc, version = 0;

	if (rows != NULL)
		*rows = 0;
	if (db_path == NULL || out == NULL)
		return app_fail(msg, APP_EINPUT, "dump: no database or no output");
	if (db_path_is_pg(db_path))
		return store_dump_pg(db_path, out, rows, msg);
	rc = db_sqlite_open(db_path, SQLITE_OPEN_READONLY, &db);
	/* One snapshot for every table: a server may write meanwhile. */
	if (rc == 0)
		rc = db_sqlite_exec(db, "BEGIN", db_path);
	if (rc == 0)
		rc = dump_schema_version(db, db_path, &version);
	if (rc == 0 && version == 0)
		rc = db_err(APP_EINPUT, "%s is not an s3pm database", db_path);
	if (rc == 0 && version > store_nmigrations)
		rc = db_err(APP_EINPUT, "%s has schema version %d, newer than this program's %d", db_path,
			    version, store_nmigrations);
	if (rc == 0)
		rc = dump_schema_load(db, db_path, &sc);
	if (rc != 0)
		goto out;
	rc = dump_put_header(out, version, db_path);
	for (i = 0; rc == 0 && i < sc.n; i++)
		if (sc.t[i].present && sc.t[i].kind == DUMP_DATA)
			rc = dump_table(db, db_path, &sc.t[i], out, &n);
	if (rc == 0)
		rc = dump_put_end(out, n, db_path);
out:
	dump_schema_cleanup(&sc);
	if (db != NULL && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	if (rc != 0)
		return app_fail(msg, rc, "%s", db_errmsg());
	if (rows != NULL)
		*rows = n;
	return 0;
}
