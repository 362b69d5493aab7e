/* dump_pg.c - the dump's tables on PostgreSQL (dump_pg.h): the list of
 * dump_schema.c checked against the current schema's tables and each data
 * table described from information_schema, for store_dump_pg.c and
 * store_load_pg.c. */
#include "dump_pg.h"

#include "buf.h"
#include "db.h"
#include "db_pg.h"

#include <stdlib.h>
#include <string.h>

void
dump_pg_name(PGconn *pg, char *out, size_t n)
{
	const char *db = pg != NULL ? PQdb(pg) : NULL;

	snprintf(out, n, "PostgreSQL database %s", db != NULL ? db : "?");
}

/* Runs sql with the text parameters vals; *res is the caller's to PQclear
 * (NULL on an error). */
static int
query(PGconn *pg, const char *sql, int n, const char *const *vals, const char *what, PGresult **res)
{
	int rc = 0;

	*res = PQexecParams(pg, sql, n, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(*res) != PGRES_TUPLES_OK) {
		rc = db_pg_fail(pg, *res, what);
		PQclear(*res);
		*res = NULL;
	}
	return rc;
}

int
dump_pg_version(PGconn *pg, const char *name, int *version)
{
	PGresult *res;
	const char *v;
	int rc;

	*version = 0;
	rc = query(pg,
		   "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
		   " AND table_name = 'schema_version'",
		   0, NULL, name, &res);
	if (rc != 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	PQclear(res);
	rc = query(pg, "SELECT coalesce(max(version), 0)::text FROM schema_version", 0, NULL, name, &res);
	if (rc != 0)
		return rc;
	for (v = PQgetvalue(res, 0, 0); *v >= '0' && *v <= '9' && *version < 100000; v++)
		*version = *version * 10 + (*v - '0');
	PQclear(res);
	return 0;
}

/* Every table of the current schema is in the list; marks those present. */
static int
check_tables(PGconn *pg, const char *name, struct dump_schema *sc)
{
	PGresult *res;
	int i, n, rc;

	rc = query(pg,
		   "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
		   " AND table_type = 'BASE TABLE' ORDER BY table_name",
		   0, NULL, name, &res);
	if (rc != 0)
		return rc;
	n = PQntuples(res);
	for (i = 0; rc == 0 && i < n; i++)
		rc = dump_schema_mark(sc, name, PQgetvalue(res, i, 0));
	PQclear(res);
	return rc;
}

/* A column's type by its data_type. */
static int
type_of(const char *table, const char *col, const char *type, enum dump_type *out)
{
	static const struct {
		const char *name;
		enum dump_type type;
	} types[] = {
		{"bigint", DT_INT},
		{"integer", DT_INT},
		{"smallint", DT_INT},
		{"text", DT_TEXT},
		{"character varying", DT_TEXT},
		{"character", DT_TEXT},
		{"double precision", DT_REAL},
		{"real", DT_REAL},
		{"numeric", DT_NUMERIC},
		{"bytea", DT_BLOB},
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, type) == 0) {
			*out = types[i].type;
			return 0;
		}
	return db_err(APP_EINTERNAL,
		      "table %s, column %s: the dump has no form for type %s (docs/internals/dump.md)", table,
		      col, type);
}

/* The columns of a data table and the order of its rows. */
static int
describe(PGconn *pg, const char *name, struct dump_table *t)
{
	PGresult *res = NULL;
	struct buf order;
	const char *vals[1] = {t->name};
	char *q;
	size_t cap = 0;
	int i, n, rc;

	buf_init(&order, 4096);
	rc = query(pg,
		   "SELECT column_name, data_type,"
		   " is_identity = 'YES' OR coalesce(column_default LIKE 'nextval(%', false)"
		   " FROM information_schema.columns WHERE table_schema = current_schema()"
		   " AND table_name = $1 ORDER BY ordinal_position",
		   1, vals, name, &res);
	if (rc != 0)
		goto out;
	n = PQntuples(res);
	for (i = 0; rc == 0 && i < n; i++) {
		rc = db_list_grow(&t->cols, &cap, t->ncols, sizeof(*t->cols));
		if (rc != 0)
			break;
		t->cols[t->ncols].name = db_dup(PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
		if (t->cols[t->ncols].name == NULL) {
			rc = db_err(APP_ENOMEM, "%s: out of memory", name);
			break;
		}
		t->cols[t->ncols].serial = PQgetvalue(res, i, 2)[0] == 't';
		rc = type_of(t->name, t->cols[t->ncols].name, PQgetvalue(res, i, 1), &t->cols[t->ncols].type);
		t->ncols++;
	}
	PQclear(res);
	res = NULL;
	if (rc != 0)
		goto out;
	/* The primary key's columns in the key's order. */
	rc = query(pg,
		   "SELECT k.column_name, c.data_type FROM information_schema.table_constraints s"
		   " JOIN information_schema.key_column_usage k ON k.constraint_schema = s.constraint_schema"
		   "  AND k.constraint_name = s.constraint_name AND k.table_schema = s.table_schema"
		   "  AND k.table_name = s.table_name"
		   " JOIN information_schema.columns c ON c.table_schema = k.table_schema"
		   "  AND c.table_name = k.table_name AND c.column_name = k.column_name"
		   " WHERE s.table_schema = current_schema() AND s.table_name = $1"
		   "  AND s.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position",
		   1, vals, name, &res);
	if (rc != 0)
		goto out;
	n = PQntuples(res);
	rc = buf_puts(&order, "ORDER BY ");
	/* A table without a key (login_failures) in the order its rows were
	 * put in, which SQLite's rowid keeps: a table loaded anew has its
	 * rows in that order on the disk. */
	if (rc == 0 && n == 0)
		rc = buf_puts(&order, "ctid");
	for (i = 0; rc == 0 && i < n; i++) {
		q = dump_quote(PQgetvalue(res, i, 0));
		if (q == NULL) {
			rc = APP_ENOMEM;
			break;
		}
		rc = buf_printf(&order, "%s%s%s", i ? ", " : "", q,
				strcmp(PQgetvalue(res, i, 1), "bigint") == 0 ||
						strcmp(PQgetvalue(res, i, 1), "integer") == 0 ||
						strcmp(PQgetvalue(res, i, 1), "smallint") == 0
					? ""
					: " COLLATE \"C\"");
		free(q);
	}
	if (rc == 0) {
		t->order = buf_take(&order, NULL);
		if (t->order == NULL)
			rc = APP_ENOMEM;
	}
	if (rc != 0)
		rc = db_err(APP_ENOMEM, "%s: out of memory", name);
out:
	PQclear(res);
	buf_cleanup(&order);
	return rc;
}

/* The tables a data table's foreign keys name come before it and are
 * data. */
static int
check_order(PGconn *pg, const char *name, const struct dump_schema *sc, size_t i)
{
	PGresult *res;
	const char *vals[1] = {sc->t[i].name};
	int k, n, rc;

	rc = query(pg,
		   "SELECT DISTINCT p.relname FROM pg_constraint f"
		   " JOIN pg_class c ON c.oid = f.conrelid"
		   " JOIN pg_namespace s ON s.oid = c.relnamespace"
		   " JOIN pg_class p ON p.oid = f.confrelid"
		   " WHERE f.contype = 'f' AND s.nspname = current_schema() AND c.relname = $1",
		   1, vals, name, &res);
	if (rc != 0)
		return rc;
	n = PQntuples(res);
	for (k = 0; rc == 0 && k < n; k++)
		rc = dump_schema_parent(sc, name, i, PQgetvalue(res, k, 0));
	PQclear(res);
	return rc;
}

int
dump_schema_load_pg(PGconn *pg, const char *name, struct dump_schema *sc)
{
	size_t i;
	int rc;

	rc = dump_schema_init(sc, name);
	if (rc != 0)
		return rc;
	rc = check_tables(pg, name, sc);
	for (i = 0; rc == 0 && i < sc->n; i++) {
		if (!sc->t[i].present || sc->t[i].kind != DUMP_DATA)
			continue;
		rc = describe(pg, name, &sc->t[i]);
		if (rc == 0)
			rc = check_order(pg, name, sc, i);
	}
	if (rc != 0)
		dump_schema_cleanup(sc);
	return rc;
}
