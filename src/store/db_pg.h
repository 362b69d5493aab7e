/* db_pg.h - what the PostgreSQL backend's files share besides db.h: the
 * files that work on whole databases (store_dump_pg.c, store_load_pg.c)
 * use the connection set-up, the error mapping and the migration steps of
 * db_pg.c, as SQLite's use db_sqlite.h. Never included outside src/store. */
#ifndef S3PM_DB_PG_H
#define S3PM_DB_PG_H

#include <libpq-fe.h>

/* The advisory lock every write transaction takes first ("s3pm"): one
 * writer at a time across every process on the database. */
#define DB_PG_WRITE_LOCK "SELECT pg_advisory_xact_lock(1932030061)"

/* Connects as the store's pool does (UTF-8, UTC, the lock timeout).
 * *out is closed by the caller with PQfinish. */
int db_pg_connect(const char *url, PGconn **out);

/* Maps a failed result (its SQLSTATE; a lost connection is APP_EIO) to
 * an enum app_err and sets the store message "what: PostgreSQL's text". */
int db_pg_fail(PGconn *pg, const PGresult *res, const char *what);

/* Runs sql (statements without parameters). */
int db_pg_exec(PGconn *pg, const char *sql, const char *what);

/* Inside the transaction the caller has open on pg (a load's, which
 * takes DB_PG_WRITE_LOCK first and rolls it all back on an error): makes
 * schema_version when missing, sets *have to the version found, and
 * applies the migrations of store_schema_pg.c from there up to version
 * upto (none when *have >= upto: the caller decides what a newer schema
 * means). */
int db_pg_migrate_in(PGconn *pg, int upto, int *have);

#endif
