/* dump_schema.h - what a dump and a load know of the tables (private to
 * src/store): the one ordered list of the schema's tables and what each
 * is (data, derived, the schema's own record), and the columns of each as
 * the database describes them: SQLite's here (dump_schema_load),
 * PostgreSQL's in dump_pg.h on the same list. The format is
 * docs/internals/dump.md. */
#ifndef S3PM_DUMP_SCHEMA_H
#define S3PM_DUMP_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#define DUMP_FORMAT 1

enum dump_kind {
	DUMP_DATA,    /* dumped and loaded */
	DUMP_DERIVED, /* rebuilt from the data after a load (the search index, the figures) */
	DUMP_META     /* the schema's version: the dump's header carries it */
};

/* A column's type as its declaration gives it (SQLite's affinity rules;
 * the store's tables are STRICT, so the declarations are exact; on
 * PostgreSQL its data type: bigint is DT_INT, text DT_TEXT...). */
enum dump_type { DT_INT, DT_REAL, DT_NUMERIC, DT_TEXT, DT_BLOB, DT_ANY };

struct dump_col {
	char *name;
	enum dump_type type;
	bool serial; /* PostgreSQL: its values come from a sequence (an identity column) */
};

struct dump_table {
	const char *name;
	enum dump_kind kind;
	bool present;            /* in this database (a later migration may add it) */
	struct dump_col *cols;   /* DUMP_DATA tables only, in the table's order */
	size_t ncols;
	char *order;             /* "ORDER BY ..." of its primary key, or of rowid (ctid) */
};

/* The schema's tables in the order a load inserts them (each after those
 * its foreign keys name), filled in from db by dump_schema_load. */
struct dump_schema {
	struct dump_table *t;
	size_t n;
};

/* The list of dump_schema.c into sc, each table's kind, none present
 * yet; for a backend's description of its database. */
int dump_schema_init(struct dump_schema *sc, const char *path);
/* Marks the database's table name present: APP_EINTERNAL naming it when
 * the list lacks it. */
int dump_schema_mark(struct dump_schema *sc, const char *path, const char *name);
/* Whether the table parent, which a foreign key of table i names, comes
 * before it in the list as data: APP_EINTERNAL naming both otherwise. */
int dump_schema_parent(const struct dump_schema *sc, const char *path, size_t i, const char *parent);

/* Describes the tables of db (SQLite). Fails (APP_EINTERNAL, naming it) on a table
 * of the database missing from the list in dump_schema.c, or a data table
 * listed before a table its foreign keys name: a new migration's table
 * must get its entry there. */
int dump_schema_load(sqlite3 *db, const char *path, struct dump_schema *sc);
void dump_schema_cleanup(struct dump_schema *sc);
/* The table named name (NULL when unknown). */
const struct dump_table *dump_schema_find(const struct dump_schema *sc, const char *name);

/* "\"name\"" quoted as an SQL identifier into a malloc'd string (NULL when
 * out of memory). */
char *dump_quote(const char *name);

/* The schema version recorded in db (0: none). */
int dump_schema_version(sqlite3 *db, const char *path, int *version);

#endif
