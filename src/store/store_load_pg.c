/* store_load_pg.c - s3pm load's reader on PostgreSQL (dump_pg.h): a dump's
 * lines, checked as on SQLite (dump_lines.c), inserted into a new or empty
 * database in one transaction that also creates the schema at the dump's
 * version: bad input names its line, and the rollback leaves the database
 * as it was (no table made, no row kept). The foreign keys are checked at
 * each insert (the dump has parents first); the identity columns'
 * sequences are set past the largest id loaded. */
#include "db.h"
#include "db_pg.h"
#include "dump_lines.h"
#include "dump_pg.h"

#include "buf.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The most columns a table may have here (the widest has 17). */
#define LOAD_PG_MAX_COLS 64

struct loader {
	struct dump_reader rd;
	PGconn *pg;
	char name[200];    /* the database, for messages */
	struct dump_schema sc;
	bool *prepared;    /* per table of sc: its INSERT prepared as "s3pm_load_<i>" */
};

/* The INSERT of table i with every column, in the table's order, prepared
 * on the connection when first needed. */
static int
prepare_insert(struct loader *l, size_t i)
{
	const struct dump_table *t = &l->sc.t[i];
	struct buf b;
	PGresult *res;
	char stmt[32], *q;
	size_t k;
	int rc;

	if (l->prepared[i])
		return 0;
	if (t->ncols > LOAD_PG_MAX_COLS)
		return db_err(APP_EINTERNAL, "%s: more than %d columns", t->name, LOAD_PG_MAX_COLS);
	buf_init(&b, 1 << 16);
	q = dump_quote(t->name);
	rc = q == NULL ? APP_ENOMEM : buf_printf(&b, "INSERT INTO %s (", q);
	free(q);
	for (k = 0; rc == 0 && k < t->ncols; k++) {
		q = dump_quote(t->cols[k].name);
		rc = q == NULL ? APP_ENOMEM : buf_printf(&b, "%s%s", k ? ", " : "", q);
		free(q);
	}
	/* The ids as they are, even into a column PostgreSQL fills itself. */
	if (rc == 0)
		rc = buf_puts(&b, ") OVERRIDING SYSTEM VALUE VALUES (");
	for (k = 0; rc == 0 && k < t->ncols; k++)
		rc = buf_printf(&b, "%s$%zu", k ? ", " : "", k + 1);
	if (rc == 0)
		rc = buf_puts(&b, ")");
	if (rc != 0) {
		buf_cleanup(&b);
		return db_err(APP_ENOMEM, "%s: out of memory", t->name);
	}
	snprintf(stmt, sizeof(stmt), "s3pm_load_%zu", i);
	res = PQprepare(l->pg, stmt, b.data, (int)t->ncols, NULL);
	buf_cleanup(&b);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = db_pg_fail(l->pg, res, t->name);
	PQclear(res);
	if (rc == 0)
		l->prepared[i] = true;
	return rc;
}

/* A failed insert: a rule of the schema the row breaks (a data or an
 * integrity error: CHECK, NOT NULL, UNIQUE, a reference, a value out of
 * range) is the input's fault and names its line. */
static int
insert_failed(struct loader *l, const struct dump_table *t, const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *d = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	int rc = db_pg_fail(l->pg, res, t->name);

	/* The detail names the key of a reference or a duplicate; the whole
	 * row it may quote instead is the line itself. */
	if (d != NULL && strncmp(d, "Failing row contains", 20) == 0)
		d = NULL;

	if (state == NULL || m == NULL ||
	    (strncmp(state, "22", 2) != 0 && strncmp(state, "23", 2) != 0 && strcmp(state, "54000") != 0))
		return rc;
	return db_err(rc == APP_ETOOBIG ? APP_ETOOBIG : APP_EINPUT, "%s line %zu: table %s: %s%s%s%s",
		      l->rd.name, l->rd.line, t->name, m, d != NULL ? " (" : "", d != NULL ? d : "",
		      d != NULL ? ")" : "");
}

/* A row, checked by dump_read_row, into its table. */
static int
load_row(struct loader *l, const struct dump_table *t, json_t *row)
{
	const char *vals[LOAD_PG_MAX_COLS];
	int lens[LOAD_PG_MAX_COLS], fmts[LOAD_PG_MAX_COLS];
	char nums[LOAD_PG_MAX_COLS][32], stmt[32];
	unsigned char *blobs[LOAD_PG_MAX_COLS];
	size_t i = (size_t)(t - l->sc.t), k, n;
	json_t *v, *b64;
	PGresult *res;
	int rc;

	rc = prepare_insert(l, i);
	if (rc != 0)
		return rc;
	memset(blobs, 0, sizeof(blobs));
	for (k = 0; rc == 0 && k < t->ncols; k++) {
		v = json_object_get(row, t->cols[k].name);
		lens[k] = 0;
		fmts[k] = 0;
		if (json_is_null(v)) {
			vals[k] = NULL;
		} else if (json_is_integer(v)) {
			snprintf(nums[k], sizeof(nums[k]), "%" PRId64, (int64_t)json_integer_value(v));
			vals[k] = nums[k];
		} else if (json_is_real(v)) {
			snprintf(nums[k], sizeof(nums[k]), "%.17g", json_real_value(v));
			vals[k] = nums[k];
		} else if (json_is_string(v)) {
			vals[k] = json_string_value(v);
		} else {
			/* A blob, sent as its bytes. */
			b64 = json_object_get(v, "base64");
			if (dump_b64_decode(json_string_value(b64), json_string_length(b64), &blobs[k], &n) != 0)
				rc = db_err(APP_ENOMEM, "%s line %zu: out of memory", l->rd.name, l->rd.line);
			else if (n > (size_t)INT32_MAX)
				rc = db_err(APP_ETOOBIG, "%s line %zu: a blob too long", l->rd.name, l->rd.line);
			vals[k] = (const char *)blobs[k];
			lens[k] = (int)n;
			fmts[k] = 1;
		}
	}
	if (rc == 0) {
		snprintf(stmt, sizeof(stmt), "s3pm_load_%zu", i);
		res = PQexecPrepared(l->pg, stmt, (int)t->ncols, vals, lens, fmts, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = insert_failed(l, t, res);
		PQclear(res);
	}
	for (k = 0; k < t->ncols; k++)
		free(blobs[k]);
	return rc;
}

/* The database is empty: no data table has a row. */
static int
check_empty(struct loader *l)
{
	struct buf b;
	PGresult *res;
	char *q;
	size_t i;
	int rc = 0;

	buf_init(&b, 4096);
	for (i = 0; rc == 0 && i < l->sc.n; i++) {
		if (!l->sc.t[i].present || l->sc.t[i].kind != DUMP_DATA)
			continue;
		buf_reset(&b);
		q = dump_quote(l->sc.t[i].name);
		if (q == NULL || buf_printf(&b, "SELECT EXISTS (SELECT 1 FROM %s)", q) != 0) {
			free(q);
			rc = db_err(APP_ENOMEM, "%s: out of memory", l->name);
			break;
		}
		free(q);
		res = PQexec(l->pg, b.data);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
			rc = db_pg_fail(l->pg, res, l->name);
		else if (PQgetvalue(res, 0, 0)[0] == 't')
			rc = db_err(APP_ECONFLICT,
				    "%s is not empty (table %s has rows): load only into a new or empty database",
				    l->name, l->sc.t[i].name);
		PQclear(res);
	}
	buf_cleanup(&b);
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

/* Each sequence of a data table's column past the largest value loaded
 * (the next new row gets the next id), or back at its start for an empty
 * table. setval is not undone by a rollback: it runs last, before the
 * commit. */
static int
set_sequences(struct loader *l)
{
	const struct dump_table *t;
	const char *vals[2];
	struct buf b;
	PGresult *res;
	char *qt = NULL, *qc = NULL;
	size_t i, k;
	int rc = 0;

	buf_init(&b, 4096);
	for (i = 0; rc == 0 && i < l->sc.n; i++) {
		t = &l->sc.t[i];
		if (!t->present || t->kind != DUMP_DATA)
			continue;
		for (k = 0; rc == 0 && k < t->ncols; k++) {
			if (!t->cols[k].serial)
				continue;
			buf_reset(&b);
			qt = dump_quote(t->name);
			qc = dump_quote(t->cols[k].name);
			if (qt == NULL || qc == NULL ||
			    buf_printf(&b,
				       "SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(%s), 1),"
				       " max(%s) IS NOT NULL) FROM %s",
				       qc, qc, qt) != 0) {
				rc = db_err(APP_ENOMEM, "%s: out of memory", l->name);
			} else {
				vals[0] = qt;
				vals[1] = t->cols[k].name;
				res = PQexecParams(l->pg, b.data, 2, NULL, vals, NULL, NULL, 0);
				if (PQresultStatus(res) != PGRES_TUPLES_OK)
					rc = db_pg_fail(l->pg, res, t->name);
				PQclear(res);
			}
			free(qt);
			free(qc);
		}
	}
	buf_cleanup(&b);
	return rc;
}

int
store_load_pg(const char *url, FILE *in, const char *name, bool check_only, size_t *rows, int *schema,
	      struct app_msg *msg)
{
	struct loader l;
	int rc, have = 0, want = 0;

	if (rows != NULL)
		*rows = 0;
	if (schema != NULL)
		*schema = 0;
	memset(&l, 0, sizeof(l));
	dump_reader_init(&l.rd, in, name);
	snprintf(l.name, sizeof(l.name), "PostgreSQL");
	/* The header first: a file that is no dump touches nothing. */
	rc = dump_read_header(&l.rd, &want);
	if (rc == 0)
		rc = db_pg_connect(url, &l.pg);
	if (rc != 0)
		goto out;
	dump_pg_name(l.pg, l.name, sizeof(l.name));
	/* Everything from here in one transaction, the schema included:
	 * servers' writes wait for the lock meanwhile. */
	rc = db_pg_exec(l.pg, "BEGIN; " DB_PG_WRITE_LOCK, l.name);
	if (rc == 0)
		rc = dump_pg_version(l.pg, l.name, &have);
	if (rc == 0 && have > want)
		rc = db_err(APP_ECONFLICT,
			    "%s has schema version %d, the dump %d: load it into a new database (it is migrated after)",
			    l.name, have, want);
	if (rc == 0)
		rc = db_pg_migrate_in(l.pg, want, &have);
	if (rc == 0)
		rc = dump_schema_load_pg(l.pg, l.name, &l.sc);
	if (rc == 0) {
		l.prepared = calloc(l.sc.n, sizeof(*l.prepared));
		if (l.prepared == NULL)
			rc = db_err(APP_ENOMEM, "%s: out of memory", l.name);
	}
	if (rc == 0)
		rc = check_empty(&l);
	if (rc == 0)
		rc = load_rows(&l);
	if (rc == 0 && !check_only)
		rc = set_sequences(&l);
	if (rc == 0 && !check_only)
		rc = db_pg_exec(l.pg, "COMMIT", l.name);
	if (PQstatus(l.pg) == CONNECTION_OK && PQtransactionStatus(l.pg) != PQTRANS_IDLE)
		PQclear(PQexec(l.pg, "ROLLBACK"));
out:
	PQfinish(l.pg);
	free(l.prepared);
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
