/* dump_pg.h - s3pm dump and s3pm load on PostgreSQL (private to
 * src/store): store_dump and store_load hand a postgresql:// database to
 * these (store_dump_pg.c, store_load_pg.c), which write and read the
 * same lines as SQLite's (docs/internals/dump.md); and what both share,
 * the tables of the dump's list (dump_schema.h) described from the
 * database's catalog (dump_pg.c). */
#ifndef S3PM_DUMP_PG_H
#define S3PM_DUMP_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "dump_schema.h"
#include "store.h"

/* As store_dump and store_load (store.h), url a postgresql:// URL. The
 * dump reads one REPEATABLE READ snapshot; the load is one transaction
 * (the schema it creates included), rolled back on any error and with
 * check_only. */
int store_dump_pg(const char *url, FILE *out, size_t *rows, struct app_msg *msg);
int store_load_pg(const char *url, FILE *in, const char *name, bool check_only, size_t *rows,
		  int *schema, struct app_msg *msg);

/* "PostgreSQL database NAME" for messages (a URL may hold a password). */
void dump_pg_name(PGconn *pg, char *out, size_t n);

/* The schema version recorded in the current schema (0: no
 * schema_version table). */
int dump_pg_version(PGconn *pg, const char *name, int *version);

/* Describes the tables of the current schema (information_schema), as
 * dump_schema_load does on SQLite: fails naming a table the list lacks,
 * or a data table listed before a table its foreign keys name; each data
 * table's columns in their order (ordinal_position), their types
 * (APP_EINTERNAL for a type the dump has no form for), whether a sequence
 * gives their values, and the order of its rows: its primary key (text
 * compared bytewise, COLLATE "C", as SQLite's BINARY), else ctid. */
int dump_schema_load_pg(PGconn *pg, const char *name, struct dump_schema *sc);

#endif
