/* db.h - the store's private database layer, under the entity files
 * (store_<entity>.c). Never included outside src/store.
 *
 * One store call is one `struct db_op`: db_begin takes a connection (the
 * running store_tx's in this thread, or one from the pool) and, for a
 * write, opens a transaction or a savepoint inside the running one;
 * db_prep takes one statement at a time, db_bind_* binds it, db_step and
 * db_col_* read it; db_end commits or rolls back (rc != 0), hands the
 * connection back and returns rc (or the commit's error).
 *
 * SQL given to db_prep must be a string constant (its address keys the
 * connection's statement cache) in the dialect both backends share:
 * parameters ?1, ?2 ... (a PostgreSQL backend writes them $1, $2 at
 * prepare time), new ids through "RETURNING id" (db_insert), no LIMIT -1,
 * no bare integer as a truth value.
 *
 * Errors: every function returns 0 or a negative enum app_err, with the
 * message for store_errmsg set by db_err (the database's own text
 * included where it has one). Backend: db_sqlite.c; the backend-neutral
 * part (messages, clock, lists) is db.c. */
#ifndef S3PM_STORE_DB_H
#define S3PM_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Caps, so that a broken client cannot fill the disk with one request. */
#define STORE_DOC_MAX (16u << 20)
#define STORE_TEXT_MAX (1u << 20)
#define STORE_EMAIL_MAX 254
#define DB_TS_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */

/* --- messages, clock, lists (db.c) ---------------------------------------- */

/* Sets this thread's store message (store_errmsg) and returns err. */
int db_err(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* This thread's store message; "" if none. */
const char *db_errmsg(void);
/* The time now as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
void db_now(char out[DB_TS_LEN]);
/* A malloc'd copy of the n bytes at s, NUL-terminated; NULL when out of
 * memory. */
char *db_dup(const char *s, size_t n);
/* Grows a list array so that slot n exists (zeroed). vp points at the
 * caller's array pointer (of any element type), which may move; *cap is
 * its capacity in elements. */
int db_list_grow(void *vp, size_t *cap, size_t n, size_t elem);

/* --- one store call (db_sqlite.c) ------------------------------------------ */

struct db_conn; /* a pooled connection, private to the backend */
struct db_stmt; /* a prepared statement, private to the backend */

/* Lives on the caller's stack; its fields belong to the backend. */
struct db_op {
	struct store *st;
	struct db_conn *c;
	struct db_stmt *s;
	void *slot;       /* s's cache entry, or NULL: the statement is the op's own */
	const char *what; /* names the call in messages */
	int brc;          /* the first bind error, reported by db_step */
	bool tx;          /* this op opened a transaction level */
};

/* Starts a call; write opens a transaction (or a savepoint). what is a
 * constant naming the call for messages. Call db_end whatever it
 * returns. */
int db_begin(struct db_op *o, struct store *st, bool write, const char *what);
/* Ends the call: commits (rc == 0) or rolls back, releases everything,
 * returns rc or the commit's error. */
int db_end(struct db_op *o, int rc);
/* Ends the previous statement and prepares sql (a string constant). */
int db_prep(struct db_op *o, const char *sql);

/* Parameters count from 1. A bound string is not copied: it must live
 * until the statement is done (every statement ends inside the call). */
void db_bind_text(struct db_op *o, int i, const char *v); /* NULL binds as '' */
void db_bind_int(struct db_op *o, int i, int64_t v);
void db_bind_id(struct db_op *o, int i, int64_t id); /* a row id; 0 or less binds NULL */
void db_bind_null(struct db_op *o, int i);

/* Runs the statement or fetches its next row: *row tells whether one is
 * there. Reports the first bind error. */
int db_step(struct db_op *o, bool *row);
/* Runs a statement that returns no rows. */
int db_exec(struct db_op *o);
/* Runs an "INSERT ... RETURNING id" and sets *id. */
int db_insert(struct db_op *o, int64_t *id);
/* Rows changed by the latest db_exec. */
int64_t db_changes(struct db_op *o);

/* Columns of the current row count from 0. */
int64_t db_col_int64(struct db_op *o, int i);
int db_col_int(struct db_op *o, int i);
/* Column i as a malloc'd string; SQL NULL gives "" (db_col_str) or, with
 * keep_null, NULL (db_col_dup). */
int db_col_str(struct db_op *o, int i, char **out);
int db_col_dup(struct db_op *o, int i, bool keep_null, char **out);
/* Column i into a fixed array of n bytes (NULL gives ""); APP_EINTERNAL
 * when it does not fit. */
int db_col_fixed(struct db_op *o, int i, char *dst, size_t n);
/* Column i as the statement's own text (NULL for SQL NULL), valid until
 * the next step or statement: for reading many rows without copying. */
const char *db_col_text(struct db_op *o, int i);

/* --- backends -------------------------------------------------------------- */

/* What a backend does for the calls above (db.c checks the arguments,
 * keeps the op's fields and builds the rest on these). begin finds o's
 * connection for o->st and, for a write, opens a level (o->tx); end
 * releases them. col_text gives SQL NULL as NULL and sets *len. */
struct db_backend {
	const char *name;
	int (*begin)(struct db_op *o, bool write);
	int (*end)(struct db_op *o, int rc);
	int (*prep)(struct db_op *o, const char *sql);
	void (*bind_text)(struct db_op *o, int i, const char *v);
	void (*bind_int)(struct db_op *o, int i, int64_t v);
	void (*bind_null)(struct db_op *o, int i);
	int (*step)(struct db_op *o, bool *row);
	int64_t (*changes)(struct db_op *o);
	int64_t (*col_int64)(struct db_op *o, int i);
	const char *(*col_text)(struct db_op *o, int i, size_t *len);
	int (*tx)(struct store *st, int (*fn)(struct store *st, void *arg), void *arg);
	int (*ping)(struct store *st);
	void (*close)(struct store *st);
};

/* The head of every backend's store. */
struct store {
	const struct db_backend *be;
};

/* Whether st is on PostgreSQL (for the few statements the dialects write
 * differently). */
bool db_is_pg(const struct store *st);

/* Opens the backends' stores; messages through db_err. */
int db_sqlite_store_open(const char *path, struct store **out);
int db_pg_store_open(const char *url, struct store **out);
/* PostgreSQL's NOTIFY and LISTEN behind store_changed and store_watch_*. */
int db_pg_changed(struct store *st);
int db_pg_watch_start(struct store *st, void (*changed)(void *arg), void *arg,
		      struct store_watch **out);
void db_pg_watch_stop(struct store_watch *w);
/* Whether path names a PostgreSQL database (postgresql:// or postgres://). */
bool db_path_is_pg(const char *path);

/* --- the schema (store_schema.c) ------------------------------------------- */

/* The versioned migrations, applied in order, each once: the number of a
 * migration is its index + 1. */
extern const char *const store_migrations[];
extern const int store_nmigrations;
/* The same migrations in PostgreSQL's dialect (store_schema_pg.c), as
 * many, each leaving the schema of the same version. */
extern const char *const store_migrations_pg[];
extern const int store_nmigrations_pg;

#endif
