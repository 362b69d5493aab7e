/* dump_schema.c - the tables a dump and a load know (dump_schema.h): the
 * one ordered list of the schema's tables, checked against the database
 * it is used on, and each data table's columns as the database says. */
#include "dump_schema.h"

#include "buf.h"
#include "db.h"
#include "db_sqlite.h"

#include <stdlib.h>
#include <string.h>

/* Every table of the schema (store_schema.c), in the order a load inserts
 * them: each after the tables its foreign keys name (dump_schema_load
 * checks it). A migration that adds a table adds it here: data (dumped,
 * loaded) or derived (rebuilt by the application's reindex after a
 * load); a table missing here makes every dump fail (tests/http/
 * t0020-backup.sh). A table a migration drops may stay: it is skipped
 * where the database does not have it. */
static const struct {
	const char *name;
	enum dump_kind kind;
} tables[] = {
	{"schema_version", DUMP_META},
	{"partnerships", DUMP_DATA},
	{"periods", DUMP_DATA},
	{"users", DUMP_DATA},
	{"reports", DUMP_DATA},
	{"report_revisions", DUMP_DATA},
	{"report_events", DUMP_DATA},
	{"comments", DUMP_DATA},
	{"decisions", DUMP_DATA},
	{"sessions", DUMP_DATA},
	{"login_failures", DUMP_DATA},
	{"audit", DUMP_DATA},
	{"mail_outbox", DUMP_DATA},
	{"api_tokens", DUMP_DATA},
	{"report_text", DUMP_DERIVED},
	{"report_text_state", DUMP_DERIVED},
	{"report_facts", DUMP_DERIVED},
	{"report_fact_region", DUMP_DERIVED},
	{"report_fact_month", DUMP_DERIVED},
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* The tables FTS5 keeps for a virtual table V: V_data, V_idx, ... */
static const char *const fts_shadows[] = {"data", "idx", "content", "docsize", "config"};

char *
dump_quote(const char *name)
{
	struct buf b;
	const char *p;
	int rc;

	buf_init(&b, 1024);
	rc = buf_puts(&b, "\"");
	for (p = name; rc == 0 && *p; p++)
		rc = *p == '"' ? buf_puts(&b, "\"\"") : buf_append(&b, p, 1);
	if (rc == 0)
		rc = buf_puts(&b, "\"");
	if (rc != 0) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_take(&b, NULL);
}

int
dump_schema_version(sqlite3 *db, const char *path, int *version)
{
	sqlite3_stmt *s = NULL;
	int r, rc = 0;

	*version = 0;
	r = sqlite3_prepare_v2(db,
			       "SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table'"
			       " AND name = 'schema_version') THEN 1 ELSE 0 END",
			       -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(s);
	if (r != SQLITE_ROW) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	if (sqlite3_column_int(s, 0) == 0)
		goto out;
	sqlite3_finalize(s);
	s = NULL;
	r = sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(s);
	if (r != SQLITE_ROW) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	*version = sqlite3_column_int(s, 0);
out:
	sqlite3_finalize(s);
	return rc;
}

static int
list_index(const char *name)
{
	size_t i;

	for (i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
dump_schema_init(struct dump_schema *sc, const char *path)
{
	size_t i;

	sc->n = 0;
	sc->t = calloc(NTABLES, sizeof(*sc->t));
	if (sc->t == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", path);
	sc->n = NTABLES;
	for (i = 0; i < NTABLES; i++) {
		sc->t[i].name = tables[i].name;
		sc->t[i].kind = tables[i].kind;
	}
	return 0;
}

int
dump_schema_mark(struct dump_schema *sc, const char *path, const char *name)
{
	int i = list_index(name);

	if (i >= 0 && (size_t)i < sc->n) {
		sc->t[i].present = true;
		return 0;
	}
	return db_err(APP_EINTERNAL,
		      "%s: table %s is not in the dump's list of tables (src/store/dump_schema.c):"
		      " a dump would leave it out",
		      path, name);
}

int
dump_schema_parent(const struct dump_schema *sc, const char *path, size_t i, const char *parent)
{
	int p = parent != NULL ? list_index(parent) : -1;

	if (p >= 0 && (size_t)p < i && sc->t[p].kind == DUMP_DATA)
		return 0;
	return db_err(APP_EINTERNAL,
		      "%s: table %s refers to %s, which the dump's list (src/store/"
		      "dump_schema.c) does not put before it as data",
		      path, sc->t[i].name, parent != NULL ? parent : "?");
}

/* Whether name is one of the tables FTS5 keeps for a listed virtual
 * table. */
static bool
is_shadow(sqlite3 *db, const char *name)
{
	sqlite3_stmt *s = NULL;
	size_t i, j, n;
	bool virt = false;

	for (i = 0; i < NTABLES; i++) {
		n = strlen(tables[i].name);
		if (strncmp(name, tables[i].name, n) != 0 || name[n] != '_')
			continue;
		for (j = 0; j < sizeof(fts_shadows) / sizeof(fts_shadows[0]); j++)
			if (strcmp(name + n + 1, fts_shadows[j]) == 0)
				break;
		if (j == sizeof(fts_shadows) / sizeof(fts_shadows[0]))
			continue;
		if (sqlite3_prepare_v2(db,
				       "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1"
				       " AND sql LIKE 'CREATE VIRTUAL TABLE%'",
				       -1, &s, NULL) != SQLITE_OK)
			return false;
		sqlite3_bind_text(s, 1, tables[i].name, -1, SQLITE_STATIC);
		virt = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
		if (virt)
			return true;
	}
	return false;
}

/* Every table of db is in the list; marks those present. */
static int
check_tables(sqlite3 *db, const char *path, struct dump_schema *sc)
{
	sqlite3_stmt *s = NULL;
	const char *name;
	int r, rc = 0;

	r = sqlite3_prepare_v2(db,
			       "SELECT name FROM sqlite_master WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
			       -1, &s, NULL);
	if (r != SQLITE_OK)
		return db_sqlite_fail(db, r, path);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		if (name == NULL) {
			rc = db_err(APP_ENOMEM, "%s: out of memory", path);
			goto out;
		}
		if (list_index(name) < 0 && is_shadow(db, name))
			continue;
		rc = dump_schema_mark(sc, path, name);
		if (rc != 0)
			goto out;
	}
	if (r != SQLITE_DONE)
		rc = db_sqlite_fail(db, r, path);
out:
	sqlite3_finalize(s);
	return rc;
}

static enum dump_type
type_of(const char *decl)
{
	char up[64];
	size_t i;

	for (i = 0; decl != NULL && decl[i] != '\0' && i + 1 < sizeof(up); i++)
		up[i] = (char)(decl[i] >= 'a' && decl[i] <= 'z' ? decl[i] - 'a' + 'A' : decl[i]);
	up[i] = '\0';
	if (strstr(up, "INT") != NULL)
		return DT_INT;
	if (strstr(up, "CHAR") != NULL || strstr(up, "CLOB") != NULL || strstr(up, "TEXT") != NULL)
		return DT_TEXT;
	if (up[0] == '\0' || strcmp(up, "ANY") == 0)
		return DT_ANY;
	if (strstr(up, "BLOB") != NULL)
		return DT_BLOB;
	if (strstr(up, "REAL") != NULL || strstr(up, "FLOA") != NULL || strstr(up, "DOUB") != NULL)
		return DT_REAL;
	return DT_NUMERIC;
}

/* The columns of a data table and the order of its rows. */
static int
describe(sqlite3 *db, const char *path, struct dump_table *t)
{
	sqlite3_stmt *s = NULL;
	struct buf order;
	const char *name, *decl;
	char *q;
	size_t cap = 0, npk = 0;
	int r, rc = 0;

	buf_init(&order, 4096);
	r = sqlite3_prepare_v2(db, "SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid", -1, &s,
			       NULL);
	if (r != SQLITE_OK)
		return db_sqlite_fail(db, r, path);
	sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		decl = (const char *)sqlite3_column_text(s, 1);
		if (name == NULL) {
			rc = db_err(APP_ENOMEM, "%s: out of memory", path);
			goto out;
		}
		rc = db_list_grow(&t->cols, &cap, t->ncols, sizeof(*t->cols));
		if (rc != 0)
			goto out;
		t->cols[t->ncols].name = db_dup(name, strlen(name));
		t->cols[t->ncols].type = type_of(decl);
		if (t->cols[t->ncols++].name == NULL) {
			rc = db_err(APP_ENOMEM, "%s: out of memory", path);
			goto out;
		}
		if (sqlite3_column_int(s, 2) > 0)
			npk++;
	}
	if (r != SQLITE_DONE) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	rc = buf_puts(&order, "ORDER BY ");
	if (npk == 0) {
		/* A table without a key has rowids (WITHOUT ROWID needs a key). */
		if (rc == 0)
			rc = buf_puts(&order, "rowid");
		goto done;
	}
	r = sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", -1,
			       &s, NULL);
	if (r != SQLITE_OK) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	npk = 0;
	while (rc == 0 && (r = sqlite3_step(s)) == SQLITE_ROW) {
		q = dump_quote((const char *)sqlite3_column_text(s, 0));
		if (q == NULL) {
			rc = db_err(APP_ENOMEM, "%s: out of memory", path);
			break;
		}
		if (npk++ > 0)
			rc = buf_puts(&order, ", ");
		if (rc == 0)
			rc = buf_puts(&order, q);
		free(q);
	}
done:
	if (rc == 0) {
		t->order = buf_take(&order, NULL);
		if (t->order == NULL)
			rc = db_err(APP_ENOMEM, "%s: out of memory", path);
	} else {
		rc = db_err(rc, "%s: out of memory", path);
	}
out:
	sqlite3_finalize(s);
	buf_cleanup(&order);
	return rc;
}

/* The tables a data table's foreign keys name come before it and are
 * data. */
static int
check_order(sqlite3 *db, const char *path, const struct dump_schema *sc, size_t i)
{
	sqlite3_stmt *s = NULL;
	const char *parent;
	int r, rc = 0;

	r = sqlite3_prepare_v2(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)", -1, &s,
			       NULL);
	if (r != SQLITE_OK)
		return db_sqlite_fail(db, r, path);
	sqlite3_bind_text(s, 1, sc->t[i].name, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		parent = (const char *)sqlite3_column_text(s, 0);
		rc = dump_schema_parent(sc, path, i, parent);
		if (rc != 0)
			goto out;
	}
	if (r != SQLITE_DONE)
		rc = db_sqlite_fail(db, r, path);
out:
	sqlite3_finalize(s);
	return rc;
}

int
dump_schema_load(sqlite3 *db, const char *path, struct dump_schema *sc)
{
	size_t i;
	int rc;

	rc = dump_schema_init(sc, path);
	if (rc != 0)
		return rc;
	rc = check_tables(db, path, sc);
	for (i = 0; rc == 0 && i < NTABLES; i++) {
		if (!sc->t[i].present || sc->t[i].kind != DUMP_DATA)
			continue;
		rc = describe(db, path, &sc->t[i]);
		if (rc == 0)
			rc = check_order(db, path, sc, i);
	}
	if (rc != 0)
		dump_schema_cleanup(sc);
	return rc;
}

void
dump_schema_cleanup(struct dump_schema *sc)
{
	size_t i, j;

	if (sc == NULL || sc->t == NULL)
		return;
	for (i = 0; i < sc->n; i++) {
		for (j = 0; j < sc->t[i].ncols; j++)
			free(sc->t[i].cols[j].name);
		free(sc->t[i].cols);
		free(sc->t[i].order);
	}
	free(sc->t);
	sc->t = NULL;
	sc->n = 0;
}

const struct dump_table *
dump_schema_find(const struct dump_schema *sc, const char *name)
{
	int i = list_index(name);

	return i >= 0 && (size_t)i < sc->n ? &sc->t[i] : NULL;
}
