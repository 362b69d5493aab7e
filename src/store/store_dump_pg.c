/* store_dump_pg.c - s3pm dump's writer on PostgreSQL (dump_pg.h): the
 * lines SQLite's writer (store_dump.c) writes for the same data, from one
 * REPEATABLE READ READ ONLY snapshot, each table's rows fetched one at a
 * time (libpq's single-row mode): memory does not grow with the
 * database. */
#include "db.h"
#include "db_pg.h"
#include "dump_lines.h"
#include "dump_pg.h"
#include "strutil.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The integer PostgreSQL wrote as text (a bigint's output: an optional
 * minus and digits), or -1 when it is not one or out of range. */
static int
dec_int64(const char *t, int64_t *out)
{
	bool neg = *t == '-';
	uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	unsigned d;

	if (neg)
		t++;
	if (*t == '\0')
		return -1;
	for (; *t != '\0'; t++) {
		if (*t < '0' || *t > '9')
			return -1;
		d = (unsigned)(*t - '0');
		if (v > (lim - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = !neg ? (int64_t)v : v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	return 0;
}

/* A bytea in its hex output ("\x0a1b...") as {"base64": ...}. */
static json_t *
blob_of_hex(const char *t, size_t len)
{
	unsigned char *p;
	json_t *j;
	size_t i, n;
	int hi, lo;

	if (len < 2 || t[0] != '\\' || t[1] != 'x' || len % 2 != 0)
		return NULL;
	n = (len - 2) / 2;
	p = malloc(n + 1);
	if (p == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		hi = str_hex_digit((unsigned char)t[2 + 2 * i]);
		lo = str_hex_digit((unsigned char)t[3 + 2 * i]);
		if (hi < 0 || lo < 0) {
			free(p);
			return NULL;
		}
		p[i] = (unsigned char)(hi << 4 | lo);
	}
	j = dump_blob_json(p, n);
	free(p);
	return j;
}

/* Column i of the row in res as JSON, by the column's type. */
static int
value_json(const PGresult *res, int i, const struct dump_table *t, json_t **out)
{
	const struct dump_col *c = &t->cols[i];
	const char *v;
	size_t len;
	int64_t n;
	json_error_t e;

	*out = NULL;
	if (PQgetisnull(res, 0, i)) {
		*out = json_null();
		return *out != NULL ? 0 : db_err(APP_ENOMEM, "table %s: out of memory", t->name);
	}
	v = PQgetvalue(res, 0, i);
	len = (size_t)PQgetlength(res, 0, i);
	switch (c->type) {
	case DT_INT:
		if (dec_int64(v, &n) != 0)
			return db_err(APP_EINTERNAL, "table %s, column %s: %s is not a 64-bit integer",
				      t->name, c->name, v);
		*out = json_integer(n);
		break;
	case DT_TEXT:
		*out = json_stringn(v, len);
		if (*out == NULL)
			return db_err(APP_EINPUT, "table %s, column %s: a value is not valid UTF-8 text",
				      t->name, c->name);
		break;
	case DT_BLOB:
		*out = blob_of_hex(v, len);
		break;
	default:
		/* A number as PostgreSQL writes it (the shortest exact form) is
		 * JSON already; NaN and Infinity are not, and fail. */
		*out = json_loadb(v, len, JSON_DECODE_ANY, &e);
		if (*out != NULL && !json_is_number(*out)) {
			json_decref(*out);
			*out = NULL;
		}
		if (*out == NULL)
			return db_err(APP_EINPUT, "table %s, column %s: %s has no JSON form", t->name,
				      c->name, v);
		break;
	}
	return *out != NULL ? 0 : db_err(APP_ENOMEM, "table %s: out of memory", t->name);
}

/* One row line from a result of one row. */
static int
put_row(const PGresult *res, const struct dump_table *t, FILE *out)
{
	json_t *row = json_object(), *v;
	size_t i;
	int rc = 0;

	if (row == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", t->name);
	if ((size_t)PQnfields(res) != t->ncols) {
		json_decref(row);
		return db_err(APP_EINTERNAL, "%s: %d columns, %zu expected", t->name, PQnfields(res),
			      t->ncols);
	}
	for (i = 0; rc == 0 && i < t->ncols; i++) {
		rc = value_json(res, (int)i, t, &v);
		if (rc == 0 && json_object_set_new(row, t->cols[i].name, v) != 0)
			rc = db_err(APP_ENOMEM, "%s: out of memory", t->name);
	}
	if (rc != 0) {
		json_decref(row);
		return rc;
	}
	return dump_put_line(out, json_pack("{s:s, s:o}", "table", t->name, "row", row), t->name);
}

static int
dump_table(PGconn *pg, const struct dump_table *t, FILE *out, size_t *rows)
{
	PGresult *res;
	ExecStatusType st;
	char *sql;
	int rc = 0;

	sql = dump_select_sql(t);
	if (sql == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", t->name);
	if (!PQsendQueryParams(pg, sql, 0, NULL, NULL, NULL, NULL, 0) || !PQsetSingleRowMode(pg)) {
		free(sql);
		return db_pg_fail(pg, NULL, t->name);
	}
	free(sql);
	/* Every result is taken, after an error too: the connection is then
	 * ready for the next command. */
	while ((res = PQgetResult(pg)) != NULL) {
		st = PQresultStatus(res);
		if (rc == 0 && st == PGRES_SINGLE_TUPLE) {
			rc = put_row(res, t, out);
			if (rc == 0)
				(*rows)++;
		} else if (rc == 0 && st != PGRES_TUPLES_OK) {
			rc = db_pg_fail(pg, res, t->name);
		}
		PQclear(res);
	}
	return rc;
}

int
store_dump_pg(const char *url, FILE *out, size_t *rows, struct app_msg *msg)
{
	struct dump_schema sc = {0};
	PGconn *pg = NULL;
	char name[200] = "PostgreSQL";
	size_t i, n = 0;
	int rc, version = 0;

	if (rows != NULL)
		*rows = 0;
	rc = db_pg_connect(url, &pg);
	if (rc == 0) {
		dump_pg_name(pg, name, sizeof(name));
		/* bytea as hex, floats in their shortest exact form; one snapshot
		 * for every table while servers write. */
		rc = db_pg_exec(pg,
				"SET bytea_output = 'hex'; SET extra_float_digits = 1;"
				" BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
				name);
	}
	if (rc == 0)
		rc = dump_pg_version(pg, name, &version);
	if (rc == 0 && version == 0)
		rc = db_err(APP_EINPUT, "%s is not an s3pm database", name);
	if (rc == 0 && version > store_nmigrations)
		rc = db_err(APP_EINPUT, "%s has schema version %d, newer than this program's %d", name,
			    version, store_nmigrations);
	if (rc == 0)
		rc = dump_schema_load_pg(pg, name, &sc);
	if (rc == 0)
		rc = dump_put_header(out, version, name);
	for (i = 0; rc == 0 && i < sc.n; i++)
		if (sc.t[i].present && sc.t[i].kind == DUMP_DATA)
			rc = dump_table(pg, &sc.t[i], out, &n);
	if (rc == 0)
		rc = dump_put_end(out, n, name);
	dump_schema_cleanup(&sc);
	/* The read-only transaction ends with the connection. */
	PQfinish(pg);
	if (rc != 0)
		return app_fail(msg, rc, "%s", db_errmsg());
	if (rows != NULL)
		*rows = n;
	return 0;
}
