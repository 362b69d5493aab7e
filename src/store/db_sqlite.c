/* db_sqlite.c - the store's database layer (db.h) on SQLite: the
 * connection pool, cached prepared statements, transactions (store_tx and
 * nesting by savepoints), the statement helpers and the migration runner;
 * also store_open, store_close and store_schema_version. */
#include "db.h"
#include "db_checkpoint.h"
#include "opstats.h"
#include "db_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <unistd.h>

#include <sqlite3.h>

/* More threads than this wait for a free connection rather than open one;
 * each connection keeps its own page cache. */
#define STORE_MAX_CONN 64
/* How long a statement waits for another process's write lock. */
#define STORE_BUSY_MS 5000
/* Prepared statements kept per connection: more than the store has, so
 * that every one stays prepared; past it, statements are prepared per use. */
#define STORE_STMT_CACHE 64

/* --- connections, the pool and transactions ------------------------------ */

/* A statement prepared once on a connection and reset after each use.
 * Parsing the SQL again on every call cost more than running it. */
struct cached_stmt {
	const char *sql;   /* the caller's constant text, compared by address */
	sqlite3_stmt *s;
	bool busy;         /* in use by an op (never two at once) */
};

struct db_conn {
	sqlite3 *db;
	int depth;  /* open transaction levels: 0 none, 1 BEGIN, more are savepoints */
	int frames; /* store_tx calls holding it; it stays out of the pool meanwhile */
	struct cached_stmt stmts[STORE_STMT_CACHE];
	size_t nstmts;
};

struct sq_store {
	struct store base; /* first: the store's struct store * points here */
	char *path;
	pthread_mutex_t mu; /* guards the pool */
	pthread_cond_t cv;  /* a connection came back */
	/* One writer at a time inside this process: writers queue here instead
	 * of in SQLite's busy handler, which sleeps in steps of milliseconds.
	 * The busy timeout is then left for other processes (the CLI). */
	pthread_mutex_t wmu;
	struct db_conn *all[STORE_MAX_CONN];
	struct db_conn *idle[STORE_MAX_CONN];
	size_t nall, nidle, nopening;
	struct ckpt *ckpt; /* copies the log into the file (db_checkpoint.c) */
	dev_t dev;         /* the file opened, for store_ping */
	ino_t ino;
	int lockfd;        /* PATH-lock, flock'd shared while open (db_sqlite.h); -1 */
};

/* The store_tx calls running in this thread, innermost first: store
 * functions called from fn find their transaction's connection here. */
struct txframe {
	struct sq_store *st;
	struct db_conn *c;
	struct txframe *prev;
};

static _Thread_local struct txframe *tls_frames;

/* Maps an SQLite result code to the project's errors and keeps sqlite's
 * message for store_errmsg. */
int
db_sqlite_fail(sqlite3 *db, int src, const char *what)
{
	const char *m = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(src);

	if ((src & 0xff) != SQLITE_CONSTRAINT && (src & 0xff) != SQLITE_TOOBIG)
		opstats_count_db_error();
	switch (src & 0xff) {
	case SQLITE_CONSTRAINT:
		/* A foreign key fails when the row referred to does not exist. */
		if (src == SQLITE_CONSTRAINT_FOREIGNKEY)
			return db_err(APP_ENOTFOUND, "%s: a referenced row does not exist (%s)", what, m);
		return db_err(APP_ECONFLICT, "%s: %s", what, m);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return db_err(APP_EIO, "%s: the database stayed locked for more than %d s (%s)", what,
			       STORE_BUSY_MS / 1000, m);
	case SQLITE_NOMEM:
		return db_err(APP_ENOMEM, "%s: out of memory", what);
	case SQLITE_TOOBIG:
		return db_err(APP_ETOOBIG, "%s: %s", what, m);
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_PERM:
	case SQLITE_PROTOCOL:
		return db_err(APP_EIO, "%s: %s", what, m);
	default:
		return db_err(APP_EINTERNAL, "%s: %s (sqlite code %d)", what, m, src);
	}
}

int
db_sqlite_exec(sqlite3 *db, const char *sql, const char *what)
{
	int r = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return r == SQLITE_OK ? 0 : db_sqlite_fail(db, sqlite3_extended_errcode(db), what);
}

/* The statement for sql (one statement, a string constant) on c: the
 * cached one when c has it and it is free, else prepared now and cached
 * when there is room. *slot is its cache entry, marked busy, or NULL for a
 * statement the caller must finalize. Hand it back with stmt_release. */
static int
stmt_get(struct db_conn *c, const char *sql, const char *what, sqlite3_stmt **out,
	 struct cached_stmt **slot)
{
	struct cached_stmt *e = NULL;
	sqlite3_stmt *s = NULL;
	size_t i;
	int r;

	*out = NULL;
	*slot = NULL;
	for (i = 0; i < c->nstmts; i++) {
		if (c->stmts[i].sql != sql)
			continue;
		e = &c->stmts[i];
		/* The address is the key; the text check keeps a caller that
		 * breaks the constant rule from running another statement. */
		if (e->busy || strcmp(sqlite3_sql(e->s), sql) != 0)
			e = NULL;
		break;
	}
	if (e != NULL) {
		e->busy = true;
		*out = e->s;
		*slot = e;
		return 0;
	}
	if (i == c->nstmts && c->nstmts < STORE_STMT_CACHE) {
		r = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
		if (r != SQLITE_OK)
			return db_sqlite_fail(c->db, r, what);
		e = &c->stmts[c->nstmts++];
		e->sql = sql;
		e->s = s;
		e->busy = true;
		*out = s;
		*slot = e;
		return 0;
	}
	r = sqlite3_prepare_v2(c->db, sql, -1, &s, NULL);
	if (r != SQLITE_OK)
		return db_sqlite_fail(c->db, r, what);
	*out = s;
	return 0;
}

/* Ends the use of a statement from stmt_get: a cached one is reset (which
 * also ends a read it left open) and its bindings cleared, since they may
 * point at the caller's strings; any other is finalized. Accepts NULL. */
static void
stmt_release(sqlite3_stmt *s, struct cached_stmt *slot)
{
	if (s == NULL)
		return;
	if (slot == NULL) {
		sqlite3_finalize(s);
		return;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	slot->busy = false;
}

/* Runs sql (one statement without a result, a constant) on c through the
 * statement cache: BEGIN, COMMIT and the savepoints of every write. */
static int
exec_cached(struct db_conn *c, const char *sql, const char *what)
{
	struct cached_stmt *slot;
	sqlite3_stmt *s;
	int r, rc;

	rc = stmt_get(c, sql, what, &s, &slot);
	if (rc != 0)
		return rc;
	r = sqlite3_step(s);
	rc = r == SQLITE_DONE || r == SQLITE_ROW ? 0 : db_sqlite_fail(c->db, r, what);
	stmt_release(s, slot);
	return rc;
}

static void
conn_close(struct db_conn *c)
{
	size_t i;

	if (c == NULL)
		return;
	/* sqlite3_close refuses a connection with statements left. */
	for (i = 0; i < c->nstmts; i++)
		sqlite3_finalize(c->stmts[i].s);
	sqlite3_close(c->db);
	free(c);
}

int
db_sqlite_open(const char *path, int flags, sqlite3 **out)
{
	sqlite3 *db = NULL;
	int r, rc;

	*out = NULL;
	/* NOMUTEX: a connection is used by one thread at a time. */
	r = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (r != SQLITE_OK) {
		rc = db != NULL ? db_sqlite_fail(db, sqlite3_extended_errcode(db), path)
				: db_err(APP_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	sqlite3_extended_result_codes(db, 1);
	r = sqlite3_busy_timeout(db, STORE_BUSY_MS);
	if (r != SQLITE_OK) {
		rc = db_sqlite_fail(db, r, path);
		goto fail;
	}
	/* synchronous NORMAL in WAL mode: a commit is in the log (written,
	 * not fsync'd) when COMMIT returns, so it survives the process
	 * being killed; a power cut may lose the last ones (docs/internals/
	 * durability.md). */
	rc = db_sqlite_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", path);
	if (rc != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	return rc;
}

static int
conn_open(const char *path, struct db_conn **out)
{
	struct db_conn *c;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", path);
	rc = db_sqlite_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &c->db);
	if (rc != 0) {
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static struct txframe *
frame_find(struct sq_store *st)
{
	struct txframe *f;

	for (f = tls_frames; f != NULL; f = f->prev)
		if (f->st == st)
			return f;
	return NULL;
}

/* The connection for this call: the one of the running store_tx on st in
 * this thread, or one from the pool (opened when none is idle). */
static int
conn_get(struct sq_store *st, struct db_conn **out)
{
	struct txframe *f = frame_find(st);
	struct db_conn *c = NULL;
	int rc;

	*out = NULL;
	if (f != NULL) {
		*out = f->c;
		return 0;
	}
	pthread_mutex_lock(&st->mu);
	while (st->nidle == 0 && st->nall + st->nopening >= STORE_MAX_CONN)
		pthread_cond_wait(&st->cv, &st->mu);
	if (st->nidle > 0) {
		*out = st->idle[--st->nidle];
		pthread_mutex_unlock(&st->mu);
		return 0;
	}
	st->nopening++;
	pthread_mutex_unlock(&st->mu);
	/* Opening reads the schema: do not hold up the others meanwhile. */
	rc = conn_open(st->path, &c);
	if (rc == 0)
		ckpt_attach(st->ckpt, c->db);
	pthread_mutex_lock(&st->mu);
	st->nopening--;
	if (rc == 0)
		st->all[st->nall++] = c;
	else
		pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
	*out = c;
	return rc;
}

static void
conn_put(struct sq_store *st, struct db_conn *c)
{
	if (c == NULL || c->frames > 0)
		return;
	/* Never hand on a connection in the middle of a transaction. */
	if (!sqlite3_get_autocommit(c->db)) {
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		if (c->depth > 0)
			pthread_mutex_unlock(&st->wmu);
		c->depth = 0;
	}
	pthread_mutex_lock(&st->mu);
	st->idle[st->nidle++] = c;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

/* Starts a write transaction, or a savepoint inside the running one, so
 * that a failing function leaves an enclosing store_tx usable. */
static int
tx_begin(struct sq_store *st, struct db_conn *c)
{
	int rc;

	if (c->depth > 0) {
		rc = exec_cached(c, "SAVEPOINT s", "savepoint");
		if (rc == 0)
			c->depth++;
		return rc;
	}
	pthread_mutex_lock(&st->wmu);
	/* IMMEDIATE takes the write lock now: a deferred transaction that
	 * upgrades later can fail with SQLITE_BUSY regardless of the timeout. */
	rc = exec_cached(c, "BEGIN IMMEDIATE", "begin transaction");
	if (rc != 0) {
		pthread_mutex_unlock(&st->wmu);
		return rc;
	}
	c->depth = 1;
	return 0;
}

/* Commits (rc == 0) or rolls back the innermost level; returns rc, or the
 * commit's error. */
static int
tx_end(struct sq_store *st, struct db_conn *c, int rc)
{
	if (c->depth <= 0)
		return rc != 0 ? rc : db_err(APP_EINTERNAL, "transaction: none is open");
	c->depth--;
	if (rc == 0)
		rc = exec_cached(c, c->depth == 0 ? "COMMIT" : "RELEASE s", "commit");
	if (rc != 0) {
		/* Some errors already rolled the whole transaction back. */
		if (c->depth == 0) {
			if (!sqlite3_get_autocommit(c->db))
				sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		} else if (!sqlite3_get_autocommit(c->db)) {
			sqlite3_exec(c->db, "ROLLBACK TO s; RELEASE s", NULL, NULL, NULL);
		}
	}
	if (c->depth == 0) {
		pthread_mutex_unlock(&st->wmu);
		ckpt_throttle(st->ckpt);
	}
	return rc;
}

/* --- one store call: a connection, maybe a transaction, one statement at a
 * time --------------------------------------------------------------------- */

/* The op's statement; struct db_stmt is never defined: it is the sqlite3_stmt. */
static sqlite3_stmt *
stmt_of(const struct db_op *o)
{
	return (sqlite3_stmt *)(void *)o->s;
}

static struct sq_store *
sq_of(struct store *st)
{
	return (struct sq_store *)(void *)st;
}

static int
sq_begin(struct db_op *o, bool write)
{
	struct sq_store *st = sq_of(o->st);
	int rc;

	rc = conn_get(st, &o->c);
	if (rc != 0 || !write)
		return rc;
	rc = tx_begin(st, o->c);
	if (rc == 0)
		o->tx = true;
	return rc;
}

/* Done with the current statement; before a commit or handing the
 * connection back, every path comes through here. */
static void
op_release(struct db_op *o)
{
	stmt_release(stmt_of(o), o->slot);
	o->s = NULL;
	o->slot = NULL;
}

static int
sq_end(struct db_op *o, int rc)
{
	struct sq_store *st = sq_of(o->st);

	op_release(o);
	if (o->tx)
		rc = tx_end(st, o->c, rc);
	o->tx = false;
	if (o->c != NULL)
		conn_put(st, o->c);
	o->c = NULL;
	return rc;
}

static int
sq_prep(struct db_op *o, const char *sql)
{
	struct cached_stmt *slot = NULL;
	sqlite3_stmt *s = NULL;
	int rc;

	op_release(o);
	rc = stmt_get(o->c, sql, o->what, &s, &slot);
	o->s = (struct db_stmt *)(void *)s;
	o->slot = slot;
	return rc;
}

static void
bind_check(struct db_op *o, int r)
{
	if (r != SQLITE_OK && o->brc == 0)
		o->brc = db_sqlite_fail(o->c->db, r, o->what);
}

static void
sq_bind_text(struct db_op *o, int i, const char *v)
{
	bind_check(o, sqlite3_bind_text(stmt_of(o), i, v, -1, SQLITE_STATIC));
}

static void
sq_bind_int(struct db_op *o, int i, int64_t v)
{
	bind_check(o, sqlite3_bind_int64(stmt_of(o), i, v));
}

static void
sq_bind_null(struct db_op *o, int i)
{
	bind_check(o, sqlite3_bind_null(stmt_of(o), i));
}

static int
sq_step(struct db_op *o, bool *row)
{
	int r = sqlite3_step(stmt_of(o));

	if (r == SQLITE_ROW) {
		*row = true;
		return 0;
	}
	if (r == SQLITE_DONE)
		return 0;
	return db_sqlite_fail(o->c->db, r, o->what);
}

static int64_t
sq_changes(struct db_op *o)
{
	return sqlite3_changes64(o->c->db);
}

static int64_t
sq_col_int64(struct db_op *o, int i)
{
	return sqlite3_column_int64(stmt_of(o), i);
}

static const char *
sq_col_text(struct db_op *o, int i, size_t *len)
{
	sqlite3_stmt *s = stmt_of(o);
	const unsigned char *t;

	*len = 0;
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(s, i);
	if (t == NULL) /* out of memory: the caller cannot tell it from NULL */
		return NULL;
	*len = (size_t)sqlite3_column_bytes(s, i);
	return (const char *)t;
}

/* --- opening, closing, migrations ------------------------------------------ */

static int
current_version(sqlite3 *db, const char *path, int *v)
{
	sqlite3_stmt *s = NULL;
	int r, rc = 0;

	*v = 0;
	r = sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &s,
			       NULL);
	if (r != SQLITE_OK) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	r = sqlite3_step(s);
	if (r != SQLITE_ROW) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	*v = sqlite3_column_int(s, 0);
out:
	sqlite3_finalize(s);
	return rc;
}

static int
record_version(sqlite3 *db, const char *path, int v)
{
	sqlite3_stmt *s = NULL;
	char now[DB_TS_LEN];
	int r, rc = 0;

	db_now(now);
	r = sqlite3_prepare_v2(db, "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
			       -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_bind_int(s, 1, v);
	if (r == SQLITE_OK)
		r = sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	if (r == SQLITE_OK) {
		r = sqlite3_step(s);
		if (r == SQLITE_DONE)
			r = SQLITE_OK;
	}
	if (r != SQLITE_OK)
		rc = db_sqlite_fail(db, r, path);
	sqlite3_finalize(s);
	return rc;
}

/* Applies the missing migrations up to upto, each in its own transaction.
 * The version is read again under the write lock, so two processes
 * opening the same file at once apply each migration once. */
int
db_sqlite_migrate(sqlite3 *db, const char *path, int upto)
{
	int rc, v;

	rc = db_sqlite_exec(db,
		      "CREATE TABLE IF NOT EXISTS schema_version ("
		      " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT",
		      path);
	if (rc != 0)
		return rc;
	for (;;) {
		rc = db_sqlite_exec(db, "BEGIN IMMEDIATE", path);
		if (rc != 0)
			return rc;
		rc = current_version(db, path, &v);
		if (rc != 0)
			goto fail;
		if (v > store_nmigrations) {
			rc = db_err(APP_EINPUT,
				     "%s: schema version %d is newer than this program knows (%d)", path,
				     v, store_nmigrations);
			goto fail;
		}
		if (v >= upto)
			return db_sqlite_exec(db, "COMMIT", path);
		rc = db_sqlite_exec(db, store_migrations[v], path);
		if (rc == 0)
			rc = record_version(db, path, v + 1);
		if (rc == 0)
			rc = db_sqlite_exec(db, "COMMIT", path);
		if (rc != 0)
			goto fail;
	}
fail:
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
db_sqlite_lock(const char *path, bool exclusive, int *out)
{
	char lock[4096];
	int fd, e, n;

	*out = -1;
	n = snprintf(lock, sizeof(lock), "%s-lock", path);
	if (n < 0 || (size_t)n >= sizeof(lock))
		return db_err(APP_EINPUT, "%s: path too long", path);
	fd = open(lock, O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return db_err(APP_EIO, "%s: %s", lock, strerror(errno));
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
		e = errno;
		close(fd);
		if (e == EWOULDBLOCK && exclusive)
			return db_err(APP_ECONFLICT,
				      "%s is open in another s3pm process (a server?): stop it first", path);
		if (e == EWOULDBLOCK)
			return db_err(APP_ECONFLICT, "%s is being restored: try again once that is done",
				      path);
		return db_err(APP_EIO, "%s: cannot lock: %s", lock, strerror(e));
	}
	*out = fd;
	return 0;
}

/* WAL lets readers go on while one writer commits; the mode is stored in
 * the file, so setting it once at open is enough. */
static int
set_wal(sqlite3 *db, const char *path)
{
	sqlite3_stmt *s = NULL;
	const unsigned char *mode;
	int r, rc = 0;

	r = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
	if (r != SQLITE_OK) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	r = sqlite3_step(s);
	if (r != SQLITE_ROW) {
		rc = db_sqlite_fail(db, r, path);
		goto out;
	}
	mode = sqlite3_column_text(s, 0);
	if (mode == NULL || strcmp((const char *)mode, "wal") != 0)
		rc = db_err(APP_EIO, "%s: cannot use write-ahead logging (journal mode is %s)", path,
			     mode != NULL ? (const char *)mode : "unknown");
out:
	sqlite3_finalize(s);
	return rc;
}

static void sq_close(struct store *base);
static int sq_tx(struct store *base, int (*fn)(struct store *st, void *arg), void *arg);
static int sq_ping(struct store *base);

static const struct db_backend sqlite_backend = {
	.name = "SQLite",
	.begin = sq_begin,
	.end = sq_end,
	.prep = sq_prep,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.changes = sq_changes,
	.col_int64 = sq_col_int64,
	.col_text = sq_col_text,
	.tx = sq_tx,
	.ping = sq_ping,
	.close = sq_close,
};

int
db_sqlite_store_open(const char *path, struct store **out)
{
	struct sq_store *st = NULL;
	struct db_conn *c = NULL;
	int rc;

	*out = NULL;
	/* Each pooled connection opens the path again: an in-memory or
	 * temporary database would be a different one each time. */
	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return db_err(APP_EINPUT, "%s: the store needs a database file", path);
	if (!sqlite3_threadsafe())
		return db_err(APP_EINTERNAL, "%s: SQLite was built without thread support", path);
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", path);
	st->base.be = &sqlite_backend;
	pthread_mutex_init(&st->mu, NULL);
	pthread_mutex_init(&st->wmu, NULL);
	pthread_cond_init(&st->cv, NULL);
	st->lockfd = -1;
	st->path = db_dup(path, strlen(path));
	if (st->path == NULL) {
		rc = db_err(APP_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	rc = conn_open(path, &c);
	/* Before the schema is read or changed: not while a restore runs. */
	if (rc == 0)
		rc = db_sqlite_lock(path, false, &st->lockfd);
	if (rc == 0)
		rc = set_wal(c->db, path);
	if (rc == 0)
		rc = db_sqlite_migrate(c->db, path, store_nmigrations);
	if (rc == 0)
		rc = ckpt_start(path, &st->wmu, &st->ckpt);
	if (rc != 0) {
		conn_close(c);
		goto fail;
	}
	ckpt_attach(st->ckpt, c->db);
	{
		struct stat sb;

		if (stat(path, &sb) == 0) {
			st->dev = sb.st_dev;
			st->ino = sb.st_ino;
		}
	}
	st->all[st->nall++] = c;
	st->idle[st->nidle++] = c;
	*out = &st->base;
	return 0;
fail:
	sq_close(&st->base);
	return rc;
}

static void
sq_close(struct store *base)
{
	struct sq_store *st = sq_of(base);
	size_t i;

	for (i = 0; i < st->nall; i++)
		conn_close(st->all[i]);
	ckpt_stop(st->ckpt);
	if (st->lockfd >= 0)
		close(st->lockfd);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->wmu);
	pthread_mutex_destroy(&st->mu);
	free(st->path);
	free(st);
}

static int
sq_tx(struct store *base, int (*fn)(struct store *st, void *arg), void *arg)
{
	struct sq_store *st = sq_of(base);
	struct txframe f, *outer;
	struct db_conn *c = NULL;
	int rc;

	outer = frame_find(st);
	if (outer != NULL) {
		/* Nested: a savepoint, so that only this part rolls back. */
		c = outer->c;
		rc = tx_begin(st, c);
		if (rc != 0)
			return rc;
		rc = fn(base, arg);
		return tx_end(st, c, rc);
	}
	rc = conn_get(st, &c);
	if (rc != 0)
		return rc;
	rc = tx_begin(st, c);
	if (rc != 0)
		goto out;
	f.st = st;
	f.c = c;
	f.prev = tls_frames;
	tls_frames = &f;
	c->frames++;
	rc = fn(base, arg);
	c->frames--;
	tls_frames = f.prev;
	rc = tx_end(st, c, rc);
out:
	conn_put(st, c);
	return rc;
}

static int
sq_ping(struct store *base)
{
	struct sq_store *st = sq_of(base);
	struct db_op o;
	struct stat sb;
	bool row = false;
	int rc;

	if (stat(st->path, &sb) != 0)
		return db_err(APP_EIO, "%s: the database file is gone", st->path);
	if (sb.st_dev != st->dev || sb.st_ino != st->ino)
		return db_err(APP_EIO, "%s: the database file was replaced", st->path);
	rc = db_begin(&o, base, false, "ping");
	if (rc == 0)
		rc = db_prep(&o, "SELECT count(*) FROM schema_version");
	if (rc == 0)
		rc = db_step(&o, &row);
	if (rc == 0 && !row)
		rc = db_err(APP_EIO, "ping: no answer");
	return db_end(&o, rc);
}
