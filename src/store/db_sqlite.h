/* db_sqlite.h - what the SQLite backend's files share besides db.h: the
 * files that work on whole databases (store_backup.c, store_dump.c) use
 * the connection set-up, the error mapping and the migration runner of
 * db_sqlite.c. Never included outside src/store; a PostgreSQL backend
 * has its own. */
#ifndef S3PM_DB_SQLITE_H
#define S3PM_DB_SQLITE_H

#include <stdbool.h>

#include <sqlite3.h>

/* Opens a connection as the store's pool does (extended result codes, the
 * busy timeout, foreign keys on, synchronous NORMAL); flags are
 * sqlite3_open_v2's (READONLY, or READWRITE with or without CREATE).
 * *out is closed by the caller with sqlite3_close. */
int db_sqlite_open(const char *path, int flags, sqlite3 **out);

/* Maps an SQLite result code (src) to an enum app_err and sets the store
 * message "what: sqlite's text". */
int db_sqlite_fail(sqlite3 *db, int src, const char *what);

/* Runs sql (statements without results). */
int db_sqlite_exec(sqlite3 *db, const char *sql, const char *what);

/* Applies the migrations of store_schema.c up to version upto (at most
 * store_nmigrations), each in its own transaction. APP_EINPUT when the
 * database's schema is newer than this program's. */
int db_sqlite_migrate(sqlite3 *db, const char *path, int upto);

/* Takes an flock(2) on the file beside the database, "PATH-lock"
 * (created if missing): shared by every store_open for as long as the
 * store is open, exclusive by a restore and a load, which so refuse while
 * a server (or any s3pm process) has the database open, and keep them
 * out meanwhile. A file of its own, not the database: closing a
 * descriptor of the database would drop the process's POSIX locks,
 * SQLite's included; and the lock stays with the path when a restore
 * puts another file there. Never blocks: APP_ECONFLICT when the other
 * kind is held. close(*fd) releases it. */
int db_sqlite_lock(const char *path, bool exclusive, int *fd);

#endif
