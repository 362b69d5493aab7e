/* store_sqlite.c - the store (store.h) on SQLite: a connection pool, versioned migrations and every query. */
#include "store.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

/* More threads than this wait for a free connection rather than open one;
 * each connection keeps its own page cache. */
#define STORE_MAX_CONN 64
/* How long a statement waits for another process's write lock. */
#define STORE_BUSY_MS 5000
/* Prepared statements kept per connection: more than the file has, so that
 * every one stays prepared; past it, statements are prepared per use. */
#define STORE_STMT_CACHE 64
/* Caps, so that a broken client cannot fill the disk with one request. */
#define STORE_DOC_MAX (16u << 20)
#define STORE_TEXT_MAX (1u << 20)
#define STORE_EMAIL_MAX 254
/* Failed logins are kept this long (seconds) before store_session_purge
 * drops them; throttling windows are far shorter. */
#define STORE_LOGIN_KEEP 86400
#define TS_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */

/* --- schema ------------------------------------------------------------- */

/* Applied in order, each once and in its own transaction; the number of a
 * migration is its index + 1. Never edit one that has shipped: append. */
static const char *const migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE partnerships ("
	" id INTEGER PRIMARY KEY,"
	" slug TEXT NOT NULL UNIQUE"
	"  CHECK (length(slug) BETWEEN 1 AND 100 AND slug NOT GLOB '*[^a-z0-9-]*'),"
	" name TEXT NOT NULL CHECK (length(name) > 0),"
	" platform TEXT NOT NULL DEFAULT '' CHECK (platform IN ('', 'Agri-Food', 'Energy',"
	"  'Industrial Modernisation', 'Sustainable Blue Economy')),"
	" start_date TEXT NOT NULL DEFAULT '',"
	" webpage TEXT NOT NULL DEFAULT '',"
	" leading_regions TEXT NOT NULL DEFAULT '',"
	" participating_regions TEXT NOT NULL DEFAULT '[]',"
	" nuts_version INTEGER NOT NULL DEFAULT 0 CHECK (nuts_version >= 0),"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX partnerships_platform ON partnerships (platform, name);"

	"CREATE TABLE periods ("
	" period TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-H[12]'),"
	" deadline TEXT NOT NULL"
	"  CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"
	") STRICT;"

	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),"
	" name TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL"
	"  CHECK (role IN ('admin', 'commission', 'committee', 'coordinator', 'member')),"
	" partnership_id INTEGER REFERENCES partnerships (id),"
	" pw_hash TEXT NOT NULL DEFAULT '',"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	" created_at TEXT NOT NULL,"
	" CHECK ((role IN ('coordinator', 'member')) = (partnership_id IS NOT NULL))"
	") STRICT;"
	"CREATE INDEX users_partnership ON users (partnership_id);"

	"CREATE TABLE reports ("
	" id INTEGER PRIMARY KEY,"
	" partnership_id INTEGER NOT NULL REFERENCES partnerships (id),"
	" period TEXT NOT NULL REFERENCES periods (period),"
	" form_id TEXT NOT NULL CHECK (length(form_id) > 0),"
	" status TEXT NOT NULL DEFAULT 'draft'"
	"  CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'published')),"
	" revision INTEGER NOT NULL CHECK (revision >= 1),"
	" updated_by INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" submitted_at TEXT,"
	" published_at TEXT,"
	" UNIQUE (partnership_id, period)"
	") STRICT;"
	"CREATE INDEX reports_period ON reports (period);"

	/* Every saved revision stays; the report row points at the latest. */
	"CREATE TABLE report_revisions ("
	" report_id INTEGER NOT NULL REFERENCES reports (id),"
	" revision INTEGER NOT NULL CHECK (revision >= 1),"
	" doc TEXT NOT NULL,"
	" user_id INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL,"
	" PRIMARY KEY (report_id, revision)"
	") STRICT;"

	"CREATE TABLE comments ("
	" id INTEGER PRIMARY KEY,"
	" report_id INTEGER NOT NULL REFERENCES reports (id),"
	" revision INTEGER NOT NULL CHECK (revision >= 1),"
	" question TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL CHECK (length(body) > 0),"
	" user_id INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX comments_report ON comments (report_id, id);"

	"CREATE TABLE decisions ("
	" id INTEGER PRIMARY KEY,"
	" partnership_id INTEGER NOT NULL REFERENCES partnerships (id),"
	" term TEXT NOT NULL CHECK (length(term) > 0),"
	" outcome TEXT NOT NULL"
	"  CHECK (outcome IN ('continue', 'continue_with_conditions', 'discontinue')),"
	" conditions TEXT NOT NULL DEFAULT '',"
	" rationale TEXT NOT NULL DEFAULT '',"
	" user_id INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL,"
	" CHECK (outcome = 'continue_with_conditions' OR conditions = '')"
	") STRICT;"
	"CREATE INDEX decisions_partnership ON decisions (partnership_id, id);"

	"CREATE TABLE sessions ("
	" token_hash TEXT PRIMARY KEY CHECK (length(token_hash) BETWEEN 1 AND 64),"
	" user_id INTEGER NOT NULL REFERENCES users (id),"
	" csrf TEXT NOT NULL CHECK (length(csrf) BETWEEN 1 AND 64),"
	" expires INTEGER NOT NULL,"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX sessions_expires ON sessions (expires);"
	"CREATE INDEX sessions_user ON sessions (user_id);"

	"CREATE TABLE login_failures ("
	" key TEXT NOT NULL,"
	" at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX login_failures_key ON login_failures (key, at);"
	"CREATE INDEX login_failures_at ON login_failures (at);"

	/* No foreign key on user_id: the log must take any entry, also about
	 * what is gone. */
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" user_id INTEGER,"
	" action TEXT NOT NULL CHECK (length(action) > 0),"
	" object TEXT NOT NULL DEFAULT '',"
	" revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),"
	" detail TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX audit_object ON audit (object, id);",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* --- connections, the pool and transactions ------------------------------ */

/* A statement prepared once on a connection and reset after each use.
 * Parsing the SQL again on every call cost more than running it. */
struct cached_stmt {
	const char *sql;   /* the caller's constant text, compared by address */
	sqlite3_stmt *s;
	bool busy;         /* in use by an op (never two at once) */
};

struct conn {
	sqlite3 *db;
	int depth;  /* open transaction levels: 0 none, 1 BEGIN, more are savepoints */
	int frames; /* store_tx calls holding it; it stays out of the pool meanwhile */
	struct cached_stmt stmts[STORE_STMT_CACHE];
	size_t nstmts;
};

struct store {
	char *path;
	pthread_mutex_t mu; /* guards the pool */
	pthread_cond_t cv;  /* a connection came back */
	/* One writer at a time inside this process: writers queue here instead
	 * of in SQLite's busy handler, which sleeps in steps of milliseconds.
	 * The busy timeout is then left for other processes (the CLI). */
	pthread_mutex_t wmu;
	struct conn *all[STORE_MAX_CONN];
	struct conn *idle[STORE_MAX_CONN];
	size_t nall, nidle, nopening;
};

/* The store_tx calls running in this thread, innermost first: store
 * functions called from fn find their transaction's connection here. */
struct txframe {
	struct store *st;
	struct conn *c;
	struct txframe *prev;
};

static _Thread_local struct txframe *tls_frames;
static _Thread_local char tls_err[512];

static int set_err(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
set_err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tls_err, sizeof(tls_err), fmt, ap);
	va_end(ap);
	return err;
}

const char *
store_errmsg(struct store *st)
{
	(void)st;
	return tls_err;
}

/* Maps an SQLite result code to the project's errors and keeps sqlite's
 * message for store_errmsg. */
static int
db_fail(sqlite3 *db, int src, const char *what)
{
	const char *m = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(src);

	switch (src & 0xff) {
	case SQLITE_CONSTRAINT:
		/* A foreign key fails when the row referred to does not exist. */
		if (src == SQLITE_CONSTRAINT_FOREIGNKEY)
			return set_err(APP_ENOTFOUND, "%s: a referenced row does not exist (%s)", what, m);
		return set_err(APP_ECONFLICT, "%s: %s", what, m);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return set_err(APP_EIO, "%s: the database stayed locked for more than %d s (%s)", what,
			       STORE_BUSY_MS / 1000, m);
	case SQLITE_NOMEM:
		return set_err(APP_ENOMEM, "%s: out of memory", what);
	case SQLITE_TOOBIG:
		return set_err(APP_ETOOBIG, "%s: %s", what, m);
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_PERM:
	case SQLITE_PROTOCOL:
		return set_err(APP_EIO, "%s: %s", what, m);
	default:
		return set_err(APP_EINTERNAL, "%s: %s (sqlite code %d)", what, m, src);
	}
}

static int
exec_sql(struct conn *c, const char *sql, const char *what)
{
	int r = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	return r == SQLITE_OK ? 0 : db_fail(c->db, sqlite3_extended_errcode(c->db), what);
}

/* The statement for sql (one statement, a string constant) on c: the
 * cached one when c has it and it is free, else prepared now and cached
 * when there is room. *slot is its cache entry, marked busy, or NULL for a
 * statement the caller must finalize. Hand it back with stmt_release. */
static int
stmt_get(struct conn *c, const char *sql, const char *what, sqlite3_stmt **out,
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
			return db_fail(c->db, r, what);
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
		return db_fail(c->db, r, what);
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
exec_cached(struct conn *c, const char *sql, const char *what)
{
	struct cached_stmt *slot;
	sqlite3_stmt *s;
	int r, rc;

	rc = stmt_get(c, sql, what, &s, &slot);
	if (rc != 0)
		return rc;
	r = sqlite3_step(s);
	rc = r == SQLITE_DONE || r == SQLITE_ROW ? 0 : db_fail(c->db, r, what);
	stmt_release(s, slot);
	return rc;
}

static void
conn_close(struct conn *c)
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

static int
conn_open(const char *path, struct conn **out)
{
	struct conn *c;
	int r, rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return set_err(APP_ENOMEM, "%s: out of memory", path);
	/* NOMUTEX: the pool hands a connection to one thread at a time. */
	r = sqlite3_open_v2(path, &c->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (r != SQLITE_OK) {
		rc = c->db != NULL ? db_fail(c->db, sqlite3_extended_errcode(c->db), path)
				   : set_err(APP_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 1);
	r = sqlite3_busy_timeout(c->db, STORE_BUSY_MS);
	if (r != SQLITE_OK) {
		rc = db_fail(c->db, r, path);
		goto fail;
	}
	rc = exec_sql(c, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", path);
	if (rc != 0)
		goto fail;
	*out = c;
	return 0;
fail:
	conn_close(c);
	return rc;
}

static struct txframe *
frame_find(struct store *st)
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
conn_get(struct store *st, struct conn **out)
{
	struct txframe *f = frame_find(st);
	struct conn *c = NULL;
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
conn_put(struct store *st, struct conn *c)
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
tx_begin(struct store *st, struct conn *c)
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
tx_end(struct store *st, struct conn *c, int rc)
{
	if (c->depth <= 0)
		return rc != 0 ? rc : set_err(APP_EINTERNAL, "transaction: none is open");
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
	if (c->depth == 0)
		pthread_mutex_unlock(&st->wmu);
	return rc;
}

/* --- one store call: a connection, maybe a transaction, one statement at a
 * time --------------------------------------------------------------------- */

struct op {
	struct store *st;
	struct conn *c;
	sqlite3_stmt *s;
	struct cached_stmt *slot; /* s's cache entry, or NULL: finalize s */
	const char *what; /* for messages */
	int brc;          /* first bind error */
	bool tx;
};

static int
op_begin(struct op *o, struct store *st, bool write, const char *what)
{
	int rc;

	o->st = st;
	o->c = NULL;
	o->s = NULL;
	o->slot = NULL;
	o->what = what;
	o->brc = 0;
	o->tx = false;
	if (st == NULL)
		return set_err(APP_EINPUT, "%s: no store", what);
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
op_release(struct op *o)
{
	stmt_release(o->s, o->slot);
	o->s = NULL;
	o->slot = NULL;
}

static int
op_end(struct op *o, int rc)
{
	op_release(o);
	if (o->tx)
		rc = tx_end(o->st, o->c, rc);
	o->tx = false;
	if (o->c != NULL)
		conn_put(o->st, o->c);
	o->c = NULL;
	return rc;
}

/* Ends the previous statement and takes the one for sql, which must be a
 * string constant: its address keys the connection's statement cache. */
static int
op_prep(struct op *o, const char *sql)
{
	op_release(o);
	o->brc = 0;
	return stmt_get(o->c, sql, o->what, &o->s, &o->slot);
}

static void
bind_check(struct op *o, int r)
{
	if (r != SQLITE_OK && o->brc == 0)
		o->brc = db_fail(o->c->db, r, o->what);
}

/* NULL binds as ''; the string must live until the statement is done,
 * which it does since every statement ends inside the call. */
static void
b_text(struct op *o, int i, const char *v)
{
	bind_check(o, sqlite3_bind_text(o->s, i, v != NULL ? v : "", -1, SQLITE_STATIC));
}

static void
b_int(struct op *o, int i, int64_t v)
{
	bind_check(o, sqlite3_bind_int64(o->s, i, v));
}

/* A row id where 0 means none. */
static void
b_id(struct op *o, int i, int64_t id)
{
	bind_check(o, id > 0 ? sqlite3_bind_int64(o->s, i, id) : sqlite3_bind_null(o->s, i));
}

static void
b_null(struct op *o, int i)
{
	bind_check(o, sqlite3_bind_null(o->s, i));
}

static int
op_step(struct op *o, bool *row)
{
	int r;

	*row = false;
	if (o->brc != 0)
		return o->brc;
	r = sqlite3_step(o->s);
	if (r == SQLITE_ROW) {
		*row = true;
		return 0;
	}
	if (r == SQLITE_DONE)
		return 0;
	return db_fail(o->c->db, r, o->what);
}

/* Runs a statement that returns no rows. */
static int
op_exec(struct op *o)
{
	bool row;
	int rc = op_step(o, &row);

	if (rc == 0 && row)
		rc = set_err(APP_EINTERNAL, "%s: unexpected result row", o->what);
	return rc;
}

static int
op_changes(struct op *o)
{
	return sqlite3_changes(o->c->db);
}

static char *
dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Column i as a malloc'd string; SQL NULL gives "" or, with keep_null,
 * NULL. */
static int
col_dup(struct op *o, int i, bool keep_null, char **out)
{
	const unsigned char *t;

	*out = NULL;
	if (sqlite3_column_type(o->s, i) == SQLITE_NULL) {
		if (keep_null)
			return 0;
		*out = dup_n("", 0);
	} else {
		t = sqlite3_column_text(o->s, i);
		if (t == NULL)
			return set_err(APP_ENOMEM, "%s: out of memory", o->what);
		*out = dup_n((const char *)t, (size_t)sqlite3_column_bytes(o->s, i));
	}
	return *out != NULL ? 0 : set_err(APP_ENOMEM, "%s: out of memory", o->what);
}

static int
col_str(struct op *o, int i, char **out)
{
	return col_dup(o, i, false, out);
}

/* Column i into a fixed array; the schema's checks keep it short. */
static int
col_fixed(struct op *o, int i, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(o->s, i);
	size_t len = (size_t)sqlite3_column_bytes(o->s, i);

	dst[0] = '\0';
	if (t == NULL)
		return 0;
	if (len >= n)
		return set_err(APP_EINTERNAL, "%s: stored value too long", o->what);
	memcpy(dst, t, len);
	dst[len] = '\0';
	return 0;
}

/* Grows a list array by one slot (zeroed). vp points at the caller's
 * array pointer (of any element type), which may move. */
static int
list_grow(void *vp, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *v, *p;

	memcpy(&v, vp, sizeof(v));
	if (n < *cap)
		goto zero;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / elem)
		return set_err(APP_ENOMEM, "list: too many rows");
	p = realloc(v, ncap * elem);
	if (p == NULL)
		return set_err(APP_ENOMEM, "list: out of memory");
	v = p;
	memcpy(vp, &v, sizeof(v));
	*cap = ncap;
zero:
	memset((char *)v + n * elem, 0, elem);
	return 0;
}

/* --- input checks ---------------------------------------------------------- */

static void
now_utc(char out[TS_LEN])
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, TS_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		memcpy(out, "1970-01-01T00:00:00Z", TS_LEN);
}

/* Valid UTF-8 without NUL: PostgreSQL refuses anything else, so SQLite
 * must too, or the two backends would differ. */
static bool
utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	unsigned cp;
	int n, i;

	while (p < e) {
		/* Documents are mostly ASCII: skip it eight bytes at a time. */
		if (e - p >= 8) {
			uint64_t w;

			memcpy(&w, p, sizeof(w));
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				p += 8;
				continue;
			}
		}
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xC2 && *p <= 0xDF) {
			n = 1;
			cp = *p & 0x1F;
		} else if (*p >= 0xE0 && *p <= 0xEF) {
			n = 2;
			cp = *p & 0x0F;
		} else if (*p >= 0xF0 && *p <= 0xF4) {
			n = 3;
			cp = *p & 0x07;
		} else {
			return false;
		}
		if (e - p <= n)
			return false;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n + 1;
	}
	return true;
}

/* A text field: NULL counts as "" when optional. */
static int
check_text(const char *s, size_t max, bool required, const char *what)
{
	size_t len;

	if (s == NULL) {
		if (required)
			return set_err(APP_EINPUT, "%s is missing", what);
		return 0;
	}
	len = strnlen(s, max + 1);
	if (len > max)
		return set_err(APP_ETOOBIG, "%s is longer than %zu bytes", what, max);
	if (required && len == 0)
		return set_err(APP_EINPUT, "%s is empty", what);
	if (!utf8_ok(s, len))
		return set_err(APP_EINPUT, "%s is not valid UTF-8", what);
	return 0;
}

static bool
is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "YYYY-H1" / "YYYY-H2". */
static bool
period_ok(const char *s)
{
	return s != NULL && strnlen(s, 8) == 7 && is_digits(s, 4) && s[4] == '-' && s[5] == 'H' &&
	       (s[6] == '1' || s[6] == '2');
}

/* "YYYY-MM-DD" with a month 01-12 and a day 01-31. */
static bool
date_ok(const char *s)
{
	int m, d;

	if (s == NULL || strnlen(s, 11) != 10 || !is_digits(s, 4) || s[4] != '-' ||
	    !is_digits(s + 5, 2) || s[7] != '-' || !is_digits(s + 8, 2))
		return false;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool
slug_ok(const char *s)
{
	size_t i, n;

	if (s == NULL)
		return false;
	n = strnlen(s, 101);
	if (n == 0 || n > 100)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool
role_ok(const char *s)
{
	enum role r;

	return role_parse(s, &r) == 0;
}

static bool
role_has_partnership(const char *role)
{
	return strcmp(role, "coordinator") == 0 || strcmp(role, "member") == 0;
}

/* A lower-cased copy (ASCII letters; the schema's lower() folds the same
 * ones), after a sanity check: something@something, no spaces. */
static int
email_norm(const char *email, char **out)
{
	size_t i, n;
	char *d;
	int rc;

	*out = NULL;
	rc = check_text(email, STORE_EMAIL_MAX, true, "e-mail address");
	if (rc != 0)
		return rc;
	n = strlen(email);
	if (n < 3 || strchr(email, '@') == NULL)
		return set_err(APP_EINPUT, "e-mail address: no '@'");
	for (i = 0; i < n; i++)
		if ((unsigned char)email[i] <= ' ' || email[i] == 0x7F)
			return set_err(APP_EINPUT, "e-mail address: contains a space or control character");
	d = dup_n(email, n);
	if (d == NULL)
		return set_err(APP_ENOMEM, "e-mail address: out of memory");
	for (i = 0; i < n; i++)
		if (d[i] >= 'A' && d[i] <= 'Z')
			d[i] = (char)(d[i] - 'A' + 'a');
	*out = d;
	return 0;
}

/* A fixed-size string field of a struct: NUL-terminated inside it and not
 * empty. */
static int
check_fixed(const char *s, size_t size, const char *what)
{
	size_t n = strnlen(s, size);

	if (n == size)
		return set_err(APP_EINPUT, "%s is not terminated", what);
	if (n == 0)
		return set_err(APP_EINPUT, "%s is empty", what);
	return check_text(s, size - 1, true, what);
}

/* --- opening, closing, migrations ------------------------------------------ */

static int
current_version(struct conn *c, const char *path, int *v)
{
	sqlite3_stmt *s = NULL;
	int r, rc = 0;

	*v = 0;
	r = sqlite3_prepare_v2(c->db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &s,
			       NULL);
	if (r != SQLITE_OK) {
		rc = db_fail(c->db, r, path);
		goto out;
	}
	r = sqlite3_step(s);
	if (r != SQLITE_ROW) {
		rc = db_fail(c->db, r, path);
		goto out;
	}
	*v = sqlite3_column_int(s, 0);
out:
	sqlite3_finalize(s);
	return rc;
}

static int
record_version(struct conn *c, const char *path, int v)
{
	sqlite3_stmt *s = NULL;
	char now[TS_LEN];
	int r, rc = 0;

	now_utc(now);
	r = sqlite3_prepare_v2(c->db, "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
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
		rc = db_fail(c->db, r, path);
	sqlite3_finalize(s);
	return rc;
}

/* Applies the missing migrations, each in its own transaction. The version
 * is read again under the write lock, so two processes opening the same
 * file at once apply each migration once. */
static int
migrate(struct conn *c, const char *path)
{
	int rc, v;

	rc = exec_sql(c,
		      "CREATE TABLE IF NOT EXISTS schema_version ("
		      " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT",
		      path);
	if (rc != 0)
		return rc;
	for (;;) {
		rc = exec_sql(c, "BEGIN IMMEDIATE", path);
		if (rc != 0)
			return rc;
		rc = current_version(c, path, &v);
		if (rc != 0)
			goto fail;
		if (v > NMIGRATIONS) {
			rc = set_err(APP_EINPUT,
				     "%s: schema version %d is newer than this program knows (%d)", path,
				     v, NMIGRATIONS);
			goto fail;
		}
		if (v == NMIGRATIONS)
			return exec_sql(c, "COMMIT", path);
		rc = exec_sql(c, migrations[v], path);
		if (rc == 0)
			rc = record_version(c, path, v + 1);
		if (rc == 0)
			rc = exec_sql(c, "COMMIT", path);
		if (rc != 0)
			goto fail;
	}
fail:
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* WAL lets readers go on while one writer commits; the mode is stored in
 * the file, so setting it once at open is enough. */
static int
set_wal(struct conn *c, const char *path)
{
	sqlite3_stmt *s = NULL;
	const unsigned char *mode;
	int r, rc = 0;

	r = sqlite3_prepare_v2(c->db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
	if (r != SQLITE_OK) {
		rc = db_fail(c->db, r, path);
		goto out;
	}
	r = sqlite3_step(s);
	if (r != SQLITE_ROW) {
		rc = db_fail(c->db, r, path);
		goto out;
	}
	mode = sqlite3_column_text(s, 0);
	if (mode == NULL || strcmp((const char *)mode, "wal") != 0)
		rc = set_err(APP_EIO, "%s: cannot use write-ahead logging (journal mode is %s)", path,
			     mode != NULL ? (const char *)mode : "unknown");
out:
	sqlite3_finalize(s);
	return rc;
}

int
store_open(const char *path, struct store **out, struct app_msg *msg)
{
	struct store *st = NULL;
	struct conn *c = NULL;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || path == NULL || path[0] == '\0')
		return app_fail(msg, APP_EINPUT, "store: no database path");
	/* Each pooled connection opens the path again: an in-memory or
	 * temporary database would be a different one each time. */
	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return app_fail(msg, APP_EINPUT, "%s: the store needs a database file", path);
	if (!sqlite3_threadsafe())
		return app_fail(msg, APP_EINTERNAL, "%s: SQLite was built without thread support", path);
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
	pthread_mutex_init(&st->mu, NULL);
	pthread_mutex_init(&st->wmu, NULL);
	pthread_cond_init(&st->cv, NULL);
	st->path = dup_n(path, strlen(path));
	if (st->path == NULL) {
		rc = set_err(APP_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	rc = conn_open(path, &c);
	if (rc == 0)
		rc = set_wal(c, path);
	if (rc == 0)
		rc = migrate(c, path);
	if (rc != 0) {
		conn_close(c);
		goto fail;
	}
	st->all[st->nall++] = c;
	st->idle[st->nidle++] = c;
	*out = st;
	return 0;
fail:
	app_fail(msg, rc, "%s", tls_err);
	store_close(st);
	return rc;
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nall; i++)
		conn_close(st->all[i]);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->wmu);
	pthread_mutex_destroy(&st->mu);
	free(st->path);
	free(st);
}

int
store_schema_version(struct store *st, int *version)
{
	struct op o;
	bool row;
	int rc;

	if (version != NULL)
		*version = 0;
	if (version == NULL)
		return set_err(APP_EINPUT, "schema version: no output");
	rc = op_begin(&o, st, false, "schema version");
	if (rc == 0)
		rc = op_prep(&o, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (rc == 0)
		rc = op_step(&o, &row);
	if (rc == 0 && row)
		*version = sqlite3_column_int(o.s, 0);
	return op_end(&o, rc);
}

int
store_tx(struct store *st, int (*fn)(struct store *st, void *arg), void *arg)
{
	struct txframe f, *outer;
	struct conn *c = NULL;
	int rc;

	if (st == NULL || fn == NULL)
		return set_err(APP_EINPUT, "transaction: no store or function");
	outer = frame_find(st);
	if (outer != NULL) {
		/* Nested: a savepoint, so that only this part rolls back. */
		c = outer->c;
		rc = tx_begin(st, c);
		if (rc != 0)
			return rc;
		rc = fn(st, arg);
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
	rc = fn(st, arg);
	c->frames--;
	tls_frames = f.prev;
	rc = tx_end(st, c, rc);
out:
	conn_put(st, c);
	return rc;
}

/* --- partnerships ----------------------------------------------------------- */



#define PARTNERSHIP_COLS                                                                           \
	"id, slug, name, platform, start_date, webpage, leading_regions, participating_regions, " \
	"nuts_version, created_at"

static int
read_partnership(struct op *o, struct partnership *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(o->s, 0);
	p->nuts_version = sqlite3_column_int(o->s, 8);
	if ((rc = col_str(o, 1, &p->slug)) || (rc = col_str(o, 2, &p->name)) ||
	    (rc = col_str(o, 3, &p->platform)) || (rc = col_str(o, 4, &p->start_date)) ||
	    (rc = col_str(o, 5, &p->webpage)) || (rc = col_str(o, 6, &p->leading_regions)) ||
	    (rc = col_str(o, 7, &p->participating_regions)) || (rc = col_str(o, 9, &p->created_at)))
		partnership_cleanup(p);
	return rc;
}

static int
check_partnership(const struct partnership *p, bool with_slug)
{
	int rc;

	if (p == NULL)
		return set_err(APP_EINPUT, "partnership: missing");
	if (with_slug && !slug_ok(p->slug))
		return set_err(APP_EINPUT,
			       "partnership slug: 1 to 100 characters of a-z, 0-9 and '-' expected");
	if (!platform_ok(p->platform))
		return set_err(APP_EINPUT, "partnership platform \"%.80s\" is not one of the four",
			       p->platform);
	if (p->nuts_version < 0)
		return set_err(APP_EINPUT, "partnership NUTS version is negative");
	if ((rc = check_text(p->name, STORE_TEXT_MAX, true, "partnership name")) ||
	    (rc = check_text(p->start_date, STORE_TEXT_MAX, false, "start date")) ||
	    (rc = check_text(p->webpage, STORE_TEXT_MAX, false, "webpage")) ||
	    (rc = check_text(p->leading_regions, STORE_TEXT_MAX, false, "leading regions")) ||
	    (rc = check_text(p->participating_regions, STORE_TEXT_MAX, false,
			     "participating regions")))
		return rc;
	return 0;
}

/* Regions written as nothing are an empty JSON array, not "". */
static const char *
regions_or_empty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "[]";
}

int
store_partnership_create(struct store *st, struct partnership *p)
{
	char now[TS_LEN];
	struct op o;
	int rc;

	rc = check_partnership(p, true);
	if (rc != 0)
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "partnership create");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO partnerships (slug, name, platform, start_date, webpage,"
				 " leading_regions, participating_regions, nuts_version, created_at)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (rc != 0)
		goto out;
	b_text(&o, 1, p->slug);
	b_text(&o, 2, p->name);
	b_text(&o, 3, p->platform);
	b_text(&o, 4, p->start_date);
	b_text(&o, 5, p->webpage);
	b_text(&o, 6, p->leading_regions);
	b_text(&o, 7, regions_or_empty(p->participating_regions));
	b_int(&o, 8, p->nuts_version);
	b_text(&o, 9, now);
	rc = op_exec(&o);
	if (rc == APP_ECONFLICT)
		rc = set_err(APP_ECONFLICT, "partnership \"%s\" exists", p->slug);
	if (rc == 0)
		p->id = sqlite3_last_insert_rowid(o.c->db);
out:
	return op_end(&o, rc);
}

int
store_partnership_update(struct store *st, const struct partnership *p)
{
	struct op o;
	int rc;

	rc = check_partnership(p, false);
	if (rc != 0)
		return rc;
	rc = op_begin(&o, st, true, "partnership update");
	if (rc == 0)
		rc = op_prep(&o, "UPDATE partnerships SET name = ?2, platform = ?3, start_date = ?4,"
				 " webpage = ?5, leading_regions = ?6, participating_regions = ?7,"
				 " nuts_version = ?8 WHERE id = ?1");
	if (rc != 0)
		goto out;
	b_int(&o, 1, p->id);
	b_text(&o, 2, p->name);
	b_text(&o, 3, p->platform);
	b_text(&o, 4, p->start_date);
	b_text(&o, 5, p->webpage);
	b_text(&o, 6, p->leading_regions);
	b_text(&o, 7, regions_or_empty(p->participating_regions));
	b_int(&o, 8, p->nuts_version);
	rc = op_exec(&o);
	if (rc == 0 && op_changes(&o) == 0)
		rc = set_err(APP_ENOTFOUND, "partnership %lld does not exist", (long long)p->id);
out:
	return op_end(&o, rc);
}

/* Fills out from the one row sql returns for the bound key. */
static int
partnership_one(struct store *st, const char *sql, const char *slug, int64_t id,
		struct partnership *out)
{
	struct op o;
	bool row;
	int rc;

	rc = op_begin(&o, st, false, "partnership");
	if (rc == 0)
		rc = op_prep(&o, sql);
	if (rc != 0)
		goto out;
	if (slug != NULL)
		b_text(&o, 1, slug);
	else
		b_int(&o, 1, id);
	rc = op_step(&o, &row);
	if (rc == 0 && !row)
		rc = slug != NULL ? set_err(APP_ENOTFOUND, "partnership \"%.100s\" does not exist", slug)
				  : set_err(APP_ENOTFOUND, "partnership %lld does not exist",
					    (long long)id);
	if (rc == 0)
		rc = read_partnership(&o, out);
out:
	return op_end(&o, rc);
}

int
store_partnership_by_slug(struct store *st, const char *slug, struct partnership *out)
{
	if (out == NULL)
		return set_err(APP_EINPUT, "partnership: no output");
	memset(out, 0, sizeof(*out));
	if (slug == NULL)
		return set_err(APP_EINPUT, "partnership: no slug");
	if (!slug_ok(slug))
		return set_err(APP_ENOTFOUND, "partnership \"%.100s\" does not exist", slug);
	return partnership_one(st, "SELECT " PARTNERSHIP_COLS " FROM partnerships WHERE slug = ?1",
			       slug, 0, out);
}

int
store_partnership_by_id(struct store *st, int64_t id, struct partnership *out)
{
	if (out == NULL)
		return set_err(APP_EINPUT, "partnership: no output");
	memset(out, 0, sizeof(*out));
	return partnership_one(st, "SELECT " PARTNERSHIP_COLS " FROM partnerships WHERE id = ?1", NULL,
			       id, out);
}

int
store_partnership_list(struct store *st, struct partnership **out, size_t *n)
{
	struct partnership *v = NULL;
	size_t cap = 0, k = 0;
	struct op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return set_err(APP_EINPUT, "partnership list: no output");
	*out = NULL;
	*n = 0;
	rc = op_begin(&o, st, false, "partnership list");
	if (rc == 0)
		rc = op_prep(&o, "SELECT " PARTNERSHIP_COLS
				 " FROM partnerships ORDER BY platform, name, id");
	while (rc == 0 && (rc = op_step(&o, &row)) == 0 && row) {
		rc = list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_partnership(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = op_end(&o, rc);
	if (rc != 0) {
		partnership_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* --- periods ------------------------------------------------------------------ */

int
store_period_set(struct store *st, const char *period, const char *deadline)
{
	struct op o;
	int rc;

	if (!period_ok(period))
		return set_err(APP_EINPUT, "period: YYYY-H1 or YYYY-H2 expected");
	if (!date_ok(deadline))
		return set_err(APP_EINPUT, "deadline: YYYY-MM-DD expected");
	rc = op_begin(&o, st, true, "period set");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO periods (period, deadline) VALUES (?1, ?2)"
				 " ON CONFLICT (period) DO UPDATE SET deadline = excluded.deadline");
	if (rc == 0) {
		b_text(&o, 1, period);
		b_text(&o, 2, deadline);
		rc = op_exec(&o);
	}
	return op_end(&o, rc);
}

static int
read_period(struct op *o, struct period_row *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	rc = col_fixed(o, 0, p->period, sizeof(p->period));
	if (rc == 0)
		rc = col_fixed(o, 1, p->deadline, sizeof(p->deadline));
	return rc;
}

int
store_period_get(struct store *st, const char *period, struct period_row *out)
{
	struct op o;
	bool row;
	int rc;

	if (out == NULL)
		return set_err(APP_EINPUT, "period: no output");
	memset(out, 0, sizeof(*out));
	if (!period_ok(period))
		return set_err(APP_EINPUT, "period: YYYY-H1 or YYYY-H2 expected");
	rc = op_begin(&o, st, false, "period");
	if (rc == 0)
		rc = op_prep(&o, "SELECT period, deadline FROM periods WHERE period = ?1");
	if (rc == 0) {
		b_text(&o, 1, period);
		rc = op_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = set_err(APP_ENOTFOUND, "period %s does not exist", period);
	if (rc == 0)
		rc = read_period(&o, out);
	return op_end(&o, rc);
}

int
store_period_list(struct store *st, struct period_row **out, size_t *n)
{
	struct period_row *v = NULL;
	size_t cap = 0, k = 0;
	struct op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return set_err(APP_EINPUT, "period list: no output");
	*out = NULL;
	*n = 0;
	rc = op_begin(&o, st, false, "period list");
	if (rc == 0)
		rc = op_prep(&o, "SELECT period, deadline FROM periods ORDER BY period");
	while (rc == 0 && (rc = op_step(&o, &row)) == 0 && row) {
		rc = list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_period(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = op_end(&o, rc);
	if (rc != 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* --- reports and revisions ------------------------------------------------------- */




static bool
status_valid(enum report_status s)
{
	return (int)s >= REPORT_DRAFT && (int)s <= REPORT_PUBLISHED;
}

/* The moves of web.md's status diagram; anything else is a caller's bug. */
static bool
transition_ok(enum report_status from, enum report_status to)
{
	switch (from) {
	case REPORT_DRAFT:
		return to == REPORT_SUBMITTED;
	case REPORT_SUBMITTED:
		return to == REPORT_RETURNED || to == REPORT_ACCEPTED || to == REPORT_PUBLISHED;
	case REPORT_RETURNED:
		return to == REPORT_DRAFT || to == REPORT_SUBMITTED;
	case REPORT_ACCEPTED:
		return to == REPORT_PUBLISHED;
	case REPORT_PUBLISHED:
		return false;
	}
	return false;
}



/* Column 6 is the document: the latest revision's, or NULL in lists. */
#define REPORT_COLS_DOC                                                                       \
	"r.id, r.partnership_id, r.period, r.form_id, r.status, r.revision, v.doc, r.updated_by, " \
	"r.updated_at, r.submitted_at, r.published_at"                                        \
	" FROM reports r JOIN report_revisions v ON v.report_id = r.id AND v.revision = r.revision"
#define REPORT_COLS_NODOC                                                                    \
	"r.id, r.partnership_id, r.period, r.form_id, r.status, r.revision, NULL, r.updated_by, " \
	"r.updated_at, r.submitted_at, r.published_at FROM reports r"

static int
read_report(struct op *o, struct report_row *r)
{
	const unsigned char *status;
	int rc;

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(o->s, 0);
	r->partnership_id = sqlite3_column_int64(o->s, 1);
	r->revision = sqlite3_column_int(o->s, 5);
	r->updated_by = sqlite3_column_int64(o->s, 7);
	status = sqlite3_column_text(o->s, 4);
	if (status == NULL || report_status_parse((const char *)status, &r->status) != 0) {
		rc = set_err(APP_EINTERNAL, "report %lld: unknown status", (long long)r->id);
		goto fail;
	}
	if ((rc = col_fixed(o, 2, r->period, sizeof(r->period))) ||
	    (rc = col_str(o, 3, &r->form_id)) || (rc = col_dup(o, 6, true, &r->doc)) ||
	    (rc = col_str(o, 8, &r->updated_at)) || (rc = col_dup(o, 9, true, &r->submitted_at)) ||
	    (rc = col_dup(o, 10, true, &r->published_at)))
		goto fail;
	return 0;
fail:
	report_row_cleanup(r);
	return rc;
}

static int
check_doc(const char *doc)
{
	return check_text(doc, STORE_DOC_MAX, true, "report document");
}

int
store_report_create(struct store *st, struct report_row *r, int64_t user_id)
{
	char now[TS_LEN];
	struct op o;
	int64_t id = 0;
	int rc;

	if (r == NULL)
		return set_err(APP_EINPUT, "report create: no report");
	if (!period_ok(r->period))
		return set_err(APP_EINPUT, "report period: YYYY-H1 or YYYY-H2 expected");
	if (!status_valid(r->status))
		return set_err(APP_EINPUT, "report status %d is unknown", (int)r->status);
	if (r->partnership_id <= 0)
		return set_err(APP_EINPUT, "report create: no partnership");
	if ((rc = check_text(r->form_id, 200, true, "form id")) || (rc = check_doc(r->doc)))
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "report create");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO reports (partnership_id, period, form_id, status, revision,"
				 " updated_by, created_at, updated_at, submitted_at, published_at)"
				 " VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?6, ?7, ?8)");
	if (rc != 0)
		goto out;
	b_int(&o, 1, r->partnership_id);
	b_text(&o, 2, r->period);
	b_text(&o, 3, r->form_id);
	b_text(&o, 4, report_status_name(r->status));
	b_id(&o, 5, user_id);
	b_text(&o, 6, now);
	/* An import may create a report in a later status: its dates follow. */
	if (r->status == REPORT_DRAFT)
		b_null(&o, 7);
	else
		b_text(&o, 7, now);
	if (r->status == REPORT_PUBLISHED)
		b_text(&o, 8, now);
	else
		b_null(&o, 8);
	rc = op_exec(&o);
	if (rc == APP_ECONFLICT)
		rc = set_err(APP_ECONFLICT, "partnership %lld already has a report for %s",
			     (long long)r->partnership_id, r->period);
	else if (rc == APP_ENOTFOUND)
		rc = set_err(APP_ENOTFOUND,
			     "report create: partnership %lld, period %s or user %lld does not exist",
			     (long long)r->partnership_id, r->period, (long long)user_id);
	if (rc != 0)
		goto out;
	id = sqlite3_last_insert_rowid(o.c->db);
	rc = op_prep(&o, "INSERT INTO report_revisions (report_id, revision, doc, user_id, created_at)"
			 " VALUES (?1, 1, ?2, ?3, ?4)");
	if (rc != 0)
		goto out;
	b_int(&o, 1, id);
	b_text(&o, 2, r->doc);
	b_id(&o, 3, user_id);
	b_text(&o, 4, now);
	rc = op_exec(&o);
out:
	rc = op_end(&o, rc);
	if (rc == 0) {
		r->id = id;
		r->revision = 1;
	}
	return rc;
}

static int
report_one(struct store *st, const char *sql, int64_t a, const char *b, struct report_row *out)
{
	struct op o;
	bool row;
	int rc;

	rc = op_begin(&o, st, false, "report");
	if (rc == 0)
		rc = op_prep(&o, sql);
	if (rc != 0)
		goto out;
	b_int(&o, 1, a);
	if (b != NULL)
		b_text(&o, 2, b);
	rc = op_step(&o, &row);
	if (rc == 0 && !row)
		rc = b != NULL ? set_err(APP_ENOTFOUND,
					 "partnership %lld has no report for %s", (long long)a, b)
			       : set_err(APP_ENOTFOUND, "report %lld does not exist", (long long)a);
	if (rc == 0)
		rc = read_report(&o, out);
out:
	return op_end(&o, rc);
}

int
store_report_get(struct store *st, int64_t partnership_id, const char *period,
		 struct report_row *out)
{
	if (out == NULL)
		return set_err(APP_EINPUT, "report: no output");
	memset(out, 0, sizeof(*out));
	if (!period_ok(period))
		return set_err(APP_EINPUT, "report period: YYYY-H1 or YYYY-H2 expected");
	return report_one(st,
			  "SELECT " REPORT_COLS_DOC " WHERE r.partnership_id = ?1 AND r.period = ?2",
			  partnership_id, period, out);
}

int
store_report_by_id(struct store *st, int64_t id, struct report_row *out)
{
	if (out == NULL)
		return set_err(APP_EINPUT, "report: no output");
	memset(out, 0, sizeof(*out));
	return report_one(st, "SELECT " REPORT_COLS_DOC " WHERE r.id = ?1", id, NULL, out);
}

int
store_report_list(struct store *st, int64_t partnership_id, struct report_row **out, size_t *n)
{
	struct report_row *v = NULL;
	size_t cap = 0, k = 0;
	struct op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return set_err(APP_EINPUT, "report list: no output");
	*out = NULL;
	*n = 0;
	rc = op_begin(&o, st, false, "report list");
	if (rc == 0)
		rc = op_prep(&o, "SELECT " REPORT_COLS_NODOC
				 " WHERE ?1 = 0 OR r.partnership_id = ?1"
				 " ORDER BY r.period DESC, r.partnership_id, r.id");
	if (rc == 0)
		b_int(&o, 1, partnership_id > 0 ? partnership_id : 0);
	while (rc == 0 && (rc = op_step(&o, &row)) == 0 && row) {
		rc = list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_report(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = op_end(&o, rc);
	if (rc != 0) {
		report_row_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* Reads the report's revision and status under the running transaction. */
static int
report_state(struct op *o, int64_t id, int *revision, enum report_status *status)
{
	const unsigned char *t;
	bool row;
	int rc;

	rc = op_prep(o, "SELECT revision, status FROM reports WHERE id = ?1");
	if (rc != 0)
		return rc;
	b_int(o, 1, id);
	rc = op_step(o, &row);
	if (rc != 0)
		return rc;
	if (!row)
		return set_err(APP_ENOTFOUND, "report %lld does not exist", (long long)id);
	*revision = sqlite3_column_int(o->s, 0);
	t = sqlite3_column_text(o->s, 1);
	if (t == NULL || report_status_parse((const char *)t, status) != 0)
		return set_err(APP_EINTERNAL, "report %lld: unknown status", (long long)id);
	return 0;
}

int
store_report_save(struct store *st, int64_t id, int base_revision, const char *doc,
		  int64_t user_id, int *new_revision)
{
	enum report_status status = REPORT_DRAFT;
	char now[TS_LEN];
	int rc, cur = 0;
	struct op o;

	if (new_revision == NULL)
		return set_err(APP_EINPUT, "report save: no output");
	*new_revision = 0;
	if (base_revision < 1)
		return set_err(APP_EINPUT, "report save: base revision %d", base_revision);
	rc = check_doc(doc);
	if (rc != 0)
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "report save");
	if (rc == 0)
		rc = report_state(&o, id, &cur, &status);
	if (rc != 0)
		goto out;
	if (cur != base_revision) {
		rc = set_err(APP_ECONFLICT, "report %lld: revision %d was saved after revision %d",
			     (long long)id, cur, base_revision);
		goto out;
	}
	/* A report under review must not change under the committee's eyes,
	 * even when an edit page opened before the submission saves late. */
	if (status != REPORT_DRAFT && status != REPORT_RETURNED) {
		rc = set_err(APP_ECONFLICT, "report %lld is %s and cannot be edited", (long long)id,
			     report_status_name(status));
		goto out;
	}
	rc = op_prep(&o, "INSERT INTO report_revisions (report_id, revision, doc, user_id, created_at)"
			 " VALUES (?1, ?2, ?3, ?4, ?5)");
	if (rc != 0)
		goto out;
	b_int(&o, 1, id);
	b_int(&o, 2, cur + 1);
	b_text(&o, 3, doc);
	b_id(&o, 4, user_id);
	b_text(&o, 5, now);
	rc = op_exec(&o);
	if (rc != 0)
		goto out;
	rc = op_prep(&o, "UPDATE reports SET revision = ?2, updated_by = ?3, updated_at = ?4"
			 " WHERE id = ?1");
	if (rc != 0)
		goto out;
	b_int(&o, 1, id);
	b_int(&o, 2, cur + 1);
	b_id(&o, 3, user_id);
	b_text(&o, 4, now);
	rc = op_exec(&o);
out:
	rc = op_end(&o, rc);
	if (rc == 0)
		*new_revision = cur + 1;
	return rc;
}

int
store_report_revision(struct store *st, int64_t id, int revision, char **doc)
{
	struct op o;
	bool row;
	int rc;

	if (doc == NULL)
		return set_err(APP_EINPUT, "report revision: no output");
	*doc = NULL;
	rc = op_begin(&o, st, false, "report revision");
	if (rc == 0)
		rc = op_prep(&o, "SELECT doc FROM report_revisions WHERE report_id = ?1 AND revision = ?2");
	if (rc == 0) {
		b_int(&o, 1, id);
		b_int(&o, 2, revision);
		rc = op_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = set_err(APP_ENOTFOUND, "report %lld has no revision %d", (long long)id, revision);
	if (rc == 0)
		rc = col_str(&o, 0, doc);
	return op_end(&o, rc);
}

int
store_report_set_status(struct store *st, int64_t id, enum report_status from,
			enum report_status to, int64_t user_id)
{
	enum report_status cur = REPORT_DRAFT;
	char now[TS_LEN];
	struct op o;
	int rc, rev;

	if (!status_valid(from) || !status_valid(to) || !transition_ok(from, to))
		return set_err(APP_EINPUT, "report status: no move from %s to %s",
			       report_status_name(from), report_status_name(to));
	now_utc(now);
	rc = op_begin(&o, st, true, "report status");
	if (rc == 0)
		rc = report_state(&o, id, &rev, &cur);
	if (rc != 0)
		goto out;
	if (cur != from) {
		rc = set_err(APP_ECONFLICT, "report %lld is %s, not %s", (long long)id,
			     report_status_name(cur), report_status_name(from));
		goto out;
	}
	/* submitted_at keeps the first submission: it is what the deadline is
	 * measured against. */
	rc = op_prep(&o, "UPDATE reports SET status = ?2, updated_by = ?3, updated_at = ?4,"
			 " submitted_at = CASE WHEN ?5 THEN coalesce(submitted_at, ?4)"
			 "  ELSE submitted_at END,"
			 " published_at = CASE WHEN ?6 THEN ?4 ELSE published_at END"
			 " WHERE id = ?1");
	if (rc != 0)
		goto out;
	b_int(&o, 1, id);
	b_text(&o, 2, report_status_name(to));
	b_id(&o, 3, user_id);
	b_text(&o, 4, now);
	b_int(&o, 5, to == REPORT_SUBMITTED);
	b_int(&o, 6, to == REPORT_PUBLISHED);
	rc = op_exec(&o);
out:
	return op_end(&o, rc);
}

/* --- comments ------------------------------------------------------------------- */



int
store_comment_add(struct store *st, struct comment *c)
{
	char now[TS_LEN];
	struct op o;
	int rc;

	if (c == NULL)
		return set_err(APP_EINPUT, "comment: missing");
	if (c->revision < 1)
		return set_err(APP_EINPUT, "comment: revision %d", c->revision);
	if ((rc = check_text(c->question, 200, false, "comment question")) ||
	    (rc = check_text(c->body, STORE_TEXT_MAX, true, "comment")))
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "comment add");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO comments (report_id, revision, question, body, user_id,"
				 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (rc != 0)
		goto out;
	b_int(&o, 1, c->report_id);
	b_int(&o, 2, c->revision);
	b_text(&o, 3, c->question);
	b_text(&o, 4, c->body);
	b_id(&o, 5, c->user_id);
	b_text(&o, 6, now);
	rc = op_exec(&o);
	if (rc == 0)
		c->id = sqlite3_last_insert_rowid(o.c->db);
out:
	return op_end(&o, rc);
}

int
store_comment_list(struct store *st, int64_t report_id, struct comment **out, size_t *n)
{
	struct comment *v = NULL, *c;
	size_t cap = 0, k = 0;
	struct op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return set_err(APP_EINPUT, "comment list: no output");
	*out = NULL;
	*n = 0;
	rc = op_begin(&o, st, false, "comment list");
	if (rc == 0)
		rc = op_prep(&o, "SELECT c.id, c.report_id, c.revision, c.question, c.body, c.user_id,"
				 " u.name, c.created_at FROM comments c"
				 " LEFT JOIN users u ON u.id = c.user_id"
				 " WHERE c.report_id = ?1 ORDER BY c.id");
	if (rc == 0)
		b_int(&o, 1, report_id);
	while (rc == 0 && (rc = op_step(&o, &row)) == 0 && row) {
		rc = list_grow(&v, &cap, k, sizeof(*v));
		if (rc != 0)
			break;
		c = &v[k];
		c->id = sqlite3_column_int64(o.s, 0);
		c->report_id = sqlite3_column_int64(o.s, 1);
		c->revision = sqlite3_column_int(o.s, 2);
		c->user_id = sqlite3_column_int64(o.s, 5);
		if ((rc = col_str(&o, 3, &c->question)) || (rc = col_str(&o, 4, &c->body)) ||
		    (rc = col_str(&o, 6, &c->author)) || (rc = col_str(&o, 7, &c->created_at))) {
			comment_cleanup(c);
			break;
		}
		k++;
	}
	rc = op_end(&o, rc);
	if (rc != 0) {
		comment_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* --- decisions --------------------------------------------------------------------- */



int
store_decision_add(struct store *st, struct decision *d)
{
	char now[TS_LEN];
	struct op o;
	int rc;

	if (d == NULL)
		return set_err(APP_EINPUT, "decision: missing");
	if (d->outcome == NULL || (strcmp(d->outcome, "continue") != 0 &&
				   strcmp(d->outcome, "continue_with_conditions") != 0 &&
				   strcmp(d->outcome, "discontinue") != 0))
		return set_err(APP_EINPUT, "decision outcome: continue, continue_with_conditions or"
					   " discontinue expected");
	if (strcmp(d->outcome, "continue_with_conditions") != 0 && d->conditions != NULL &&
	    d->conditions[0] != '\0')
		return set_err(APP_EINPUT, "decision: conditions only go with continue_with_conditions");
	if ((rc = check_text(d->term, 200, true, "decision term")) ||
	    (rc = check_text(d->conditions, STORE_TEXT_MAX, false, "conditions")) ||
	    (rc = check_text(d->rationale, STORE_TEXT_MAX, false, "rationale")))
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "decision add");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO decisions (partnership_id, term, outcome, conditions,"
				 " rationale, user_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (rc != 0)
		goto out;
	b_int(&o, 1, d->partnership_id);
	b_text(&o, 2, d->term);
	b_text(&o, 3, d->outcome);
	b_text(&o, 4, d->conditions);
	b_text(&o, 5, d->rationale);
	b_id(&o, 6, d->user_id);
	b_text(&o, 7, now);
	rc = op_exec(&o);
	if (rc == 0)
		d->id = sqlite3_last_insert_rowid(o.c->db);
out:
	return op_end(&o, rc);
}

int
store_decision_list(struct store *st, int64_t partnership_id, struct decision **out, size_t *n)
{
	struct decision *v = NULL, *d;
	size_t cap = 0, k = 0;
	struct op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return set_err(APP_EINPUT, "decision list: no output");
	*out = NULL;
	*n = 0;
	rc = op_begin(&o, st, false, "decision list");
	if (rc == 0)
		rc = op_prep(&o, "SELECT d.id, d.partnership_id, d.term, d.outcome, d.conditions,"
				 " d.rationale, d.user_id, u.name, d.created_at FROM decisions d"
				 " LEFT JOIN users u ON u.id = d.user_id"
				 " WHERE d.partnership_id = ?1 ORDER BY d.id DESC");
	if (rc == 0)
		b_int(&o, 1, partnership_id);
	while (rc == 0 && (rc = op_step(&o, &row)) == 0 && row) {
		rc = list_grow(&v, &cap, k, sizeof(*v));
		if (rc != 0)
			break;
		d = &v[k];
		d->id = sqlite3_column_int64(o.s, 0);
		d->partnership_id = sqlite3_column_int64(o.s, 1);
		d->user_id = sqlite3_column_int64(o.s, 6);
		if ((rc = col_str(&o, 2, &d->term)) || (rc = col_str(&o, 3, &d->outcome)) ||
		    (rc = col_str(&o, 4, &d->conditions)) || (rc = col_str(&o, 5, &d->rationale)) ||
		    (rc = col_str(&o, 7, &d->author)) || (rc = col_str(&o, 8, &d->created_at))) {
			decision_cleanup(d);
			break;
		}
		k++;
	}
	rc = op_end(&o, rc);
	if (rc != 0) {
		decision_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* --- users ---------------------------------------------------------------------------- */



#define USER_COLS "id, email, name, role, partnership_id, pw_hash, active, created_at"

static int
read_user(struct op *o, struct user *u)
{
	int rc;

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(o->s, 0);
	u->partnership_id = sqlite3_column_int64(o->s, 4);
	u->active = sqlite3_column_int(o->s, 6) != 0;
	if ((rc = col_str(o, 1, &u->email)) || (rc = col_str(o, 2, &u->name)) ||
	    (rc = col_str(o, 3, &u->role)) || (rc = col_str(o, 5, &u->pw_hash)) ||
	    (rc = col_str(o, 7, &u->created_at)))
		user_cleanup(u);
	return rc;
}

/* Role and partnership agree with policy.h: coordinators and members
 * belong to one partnership, the others to none. */
static int
check_user(const struct user *u)
{
	int rc;

	if (u == NULL)
		return set_err(APP_EINPUT, "user: missing");
	if (!role_ok(u->role))
		return set_err(APP_EINPUT, "user role: admin, commission, committee, coordinator or"
					   " member expected");
	if (role_has_partnership(u->role) && u->partnership_id <= 0)
		return set_err(APP_EINPUT, "user: a %s needs a partnership", u->role);
	if (!role_has_partnership(u->role) && u->partnership_id != 0)
		return set_err(APP_EINPUT, "user: a %s belongs to no partnership", u->role);
	if ((rc = check_text(u->name, 1000, false, "user name")) ||
	    (rc = check_text(u->pw_hash, 1000, false, "password hash")))
		return rc;
	return 0;
}

int
store_user_create(struct store *st, struct user *u)
{
	char now[TS_LEN], *email = NULL;
	struct op o;
	int rc;

	rc = check_user(u);
	if (rc == 0)
		rc = email_norm(u->email, &email);
	if (rc != 0)
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "user create");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO users (email, name, role, partnership_id, pw_hash, active,"
				 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (rc != 0)
		goto out;
	b_text(&o, 1, email);
	b_text(&o, 2, u->name);
	b_text(&o, 3, u->role);
	b_id(&o, 4, u->partnership_id);
	b_text(&o, 5, u->pw_hash);
	b_int(&o, 6, u->active ? 1 : 0);
	b_text(&o, 7, now);
	rc = op_exec(&o);
	if (rc == APP_ECONFLICT)
		rc = set_err(APP_ECONFLICT, "a user with the e-mail address %s exists", email);
	if (rc == 0)
		u->id = sqlite3_last_insert_rowid(o.c->db);
out:
	rc = op_end(&o, rc);
	free(email);
	return rc;
}

static int
user_one(struct store *st, const char *sql, const char *email, int64_t id, struct user *out)
{
	struct op o;
	bool row;
	int rc;

	rc = op_begin(&o, st, false, "user");
	if (rc == 0)
		rc = op_prep(&o, sql);
	if (rc != 0)
		goto out;
	if (email != NULL)
		b_text(&o, 1, email);
	else
		b_int(&o, 1, id);
	rc = op_step(&o, &row);
	if (rc == 0 && !row)
		rc = email != NULL ? set_err(APP_ENOTFOUND, "no user has the e-mail address %s", email)
				   : set_err(APP_ENOTFOUND, "user %lld does not exist", (long long)id);
	if (rc == 0)
		rc = read_user(&o, out);
out:
	return op_end(&o, rc);
}

int
store_user_by_email(struct store *st, const char *email, struct user *out)
{
	char *norm = NULL;
	int rc;

	if (out == NULL)
		return set_err(APP_EINPUT, "user: no output");
	memset(out, 0, sizeof(*out));
	/* What cannot be an address (a login form's garbage) names no one. */
	rc = email_norm(email, &norm);
	if (rc == APP_EINPUT || rc == APP_ETOOBIG)
		return set_err(APP_ENOTFOUND, "no user has that e-mail address");
	if (rc != 0)
		return rc;
	rc = user_one(st, "SELECT " USER_COLS " FROM users WHERE email = ?1", norm, 0, out);
	free(norm);
	return rc;
}

int
store_user_by_id(struct store *st, int64_t id, struct user *out)
{
	if (out == NULL)
		return set_err(APP_EINPUT, "user: no output");
	memset(out, 0, sizeof(*out));
	return user_one(st, "SELECT " USER_COLS " FROM users WHERE id = ?1", NULL, id, out);
}

int
store_user_set_password(struct store *st, int64_t id, const char *pw_hash)
{
	struct op o;
	int rc;

	rc = check_text(pw_hash, 1000, true, "password hash");
	if (rc != 0)
		return rc;
	rc = op_begin(&o, st, true, "user password");
	if (rc == 0)
		rc = op_prep(&o, "UPDATE users SET pw_hash = ?2 WHERE id = ?1");
	if (rc == 0) {
		b_int(&o, 1, id);
		b_text(&o, 2, pw_hash);
		rc = op_exec(&o);
	}
	if (rc == 0 && op_changes(&o) == 0)
		rc = set_err(APP_ENOTFOUND, "user %lld does not exist", (long long)id);
	return op_end(&o, rc);
}

int
store_user_update(struct store *st, const struct user *u)
{
	struct op o;
	int rc;

	rc = check_user(u);
	if (rc != 0)
		return rc;
	rc = op_begin(&o, st, true, "user update");
	if (rc == 0)
		rc = op_prep(&o, "UPDATE users SET name = ?2, role = ?3, partnership_id = ?4,"
				 " active = ?5 WHERE id = ?1");
	if (rc == 0) {
		b_int(&o, 1, u->id);
		b_text(&o, 2, u->name);
		b_text(&o, 3, u->role);
		b_id(&o, 4, u->partnership_id);
		b_int(&o, 5, u->active ? 1 : 0);
		rc = op_exec(&o);
	}
	if (rc == 0 && op_changes(&o) == 0)
		rc = set_err(APP_ENOTFOUND, "user %lld does not exist", (long long)u->id);
	return op_end(&o, rc);
}

int
store_user_list(struct store *st, int64_t partnership_id, struct user **out, size_t *n)
{
	struct user *v = NULL;
	size_t cap = 0, k = 0;
	struct op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return set_err(APP_EINPUT, "user list: no output");
	*out = NULL;
	*n = 0;
	rc = op_begin(&o, st, false, "user list");
	if (rc == 0)
		rc = op_prep(&o, "SELECT " USER_COLS " FROM users"
				 " WHERE ?1 = 0 OR partnership_id = ?1 ORDER BY name, email");
	if (rc == 0)
		b_int(&o, 1, partnership_id > 0 ? partnership_id : 0);
	while (rc == 0 && (rc = op_step(&o, &row)) == 0 && row) {
		rc = list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_user(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = op_end(&o, rc);
	if (rc != 0) {
		user_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* --- sessions and login failures ----------------------------------------------------- */

int
store_session_create(struct store *st, const struct session *s)
{
	char now[TS_LEN];
	struct op o;
	int rc;

	if (s == NULL)
		return set_err(APP_EINPUT, "session: missing");
	if ((rc = check_fixed(s->token_hash, sizeof(s->token_hash), "session token hash")) ||
	    (rc = check_fixed(s->csrf, sizeof(s->csrf), "session CSRF token")))
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "session create");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO sessions (token_hash, user_id, csrf, expires, created_at)"
				 " VALUES (?1, ?2, ?3, ?4, ?5)");
	if (rc == 0) {
		b_text(&o, 1, s->token_hash);
		b_int(&o, 2, s->user_id);
		b_text(&o, 3, s->csrf);
		b_int(&o, 4, s->expires);
		b_text(&o, 5, now);
		rc = op_exec(&o);
	}
	return op_end(&o, rc);
}

int
store_session_get(struct store *st, const char *token_hash, struct session *out)
{
	struct op o;
	bool row;
	int rc;

	if (out == NULL)
		return set_err(APP_EINPUT, "session: no output");
	memset(out, 0, sizeof(*out));
	if (token_hash == NULL)
		return set_err(APP_EINPUT, "session: no token hash");
	rc = op_begin(&o, st, false, "session");
	if (rc == 0)
		rc = op_prep(&o, "SELECT token_hash, user_id, csrf, expires FROM sessions"
				 " WHERE token_hash = ?1 AND expires > ?2");
	if (rc == 0) {
		/* An expired session is dead even before the purge removes it,
		 * whatever the caller forgets to check. */
		b_text(&o, 1, token_hash);
		b_int(&o, 2, (int64_t)time(NULL));
		rc = op_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = set_err(APP_ENOTFOUND, "no such session");
	if (rc == 0) {
		out->user_id = sqlite3_column_int64(o.s, 1);
		out->expires = sqlite3_column_int64(o.s, 3);
		rc = col_fixed(&o, 0, out->token_hash, sizeof(out->token_hash));
		if (rc == 0)
			rc = col_fixed(&o, 2, out->csrf, sizeof(out->csrf));
		if (rc != 0)
			memset(out, 0, sizeof(*out));
	}
	return op_end(&o, rc);
}

int
store_session_delete(struct store *st, const char *token_hash)
{
	struct op o;
	int rc;

	if (token_hash == NULL)
		return set_err(APP_EINPUT, "session: no token hash");
	rc = op_begin(&o, st, true, "session delete");
	if (rc == 0)
		rc = op_prep(&o, "DELETE FROM sessions WHERE token_hash = ?1");
	if (rc == 0) {
		b_text(&o, 1, token_hash);
		rc = op_exec(&o);
	}
	if (rc == 0 && op_changes(&o) == 0)
		rc = set_err(APP_ENOTFOUND, "no such session");
	return op_end(&o, rc);
}

int
store_session_delete_user(struct store *st, int64_t user_id, const char *keep_token_hash)
{
	struct op o;
	int rc;

	rc = op_begin(&o, st, true, "session delete of a user");
	if (rc == 0)
		rc = op_prep(&o, "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2");
	if (rc == 0) {
		b_int(&o, 1, user_id);
		b_text(&o, 2, keep_token_hash != NULL ? keep_token_hash : "");
		rc = op_exec(&o);
	}
	return op_end(&o, rc);
}

int
store_session_purge(struct store *st, int64_t now)
{
	struct op o;
	int rc;

	rc = op_begin(&o, st, true, "session purge");
	if (rc == 0)
		rc = op_prep(&o, "DELETE FROM sessions WHERE expires <= ?1");
	if (rc == 0) {
		b_int(&o, 1, now);
		rc = op_exec(&o);
	}
	if (rc == 0)
		rc = op_prep(&o, "DELETE FROM login_failures WHERE at < ?1");
	if (rc == 0) {
		b_int(&o, 1, now - STORE_LOGIN_KEEP);
		rc = op_exec(&o);
	}
	return op_end(&o, rc);
}

static int
count_failures(struct op *o, const char *key, int64_t since, int *count)
{
	bool row;
	int rc;

	rc = op_prep(o, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2");
	if (rc != 0)
		return rc;
	b_text(o, 1, key);
	b_int(o, 2, since);
	rc = op_step(o, &row);
	if (rc == 0 && row)
		*count = sqlite3_column_int(o->s, 0);
	return rc;
}

int
store_login_failure(struct store *st, const char *key, int64_t now, int64_t since, int *count)
{
	struct op o;
	int rc;

	if (count == NULL)
		return set_err(APP_EINPUT, "login failure: no output");
	*count = 0;
	rc = check_text(key, 1000, true, "login key");
	if (rc != 0)
		return rc;
	rc = op_begin(&o, st, true, "login failure");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO login_failures (key, at) VALUES (?1, ?2)");
	if (rc == 0) {
		b_text(&o, 1, key);
		b_int(&o, 2, now);
		rc = op_exec(&o);
	}
	if (rc == 0)
		rc = count_failures(&o, key, since, count);
	rc = op_end(&o, rc);
	if (rc != 0)
		*count = 0;
	return rc;
}

int
store_login_failures(struct store *st, const char *key, int64_t since, int *count)
{
	struct op o;
	int rc;

	if (count == NULL)
		return set_err(APP_EINPUT, "login failures: no output");
	*count = 0;
	rc = check_text(key, 1000, true, "login key");
	if (rc != 0)
		return rc;
	rc = op_begin(&o, st, false, "login failures");
	if (rc == 0)
		rc = count_failures(&o, key, since, count);
	return op_end(&o, rc);
}

int
store_login_clear(struct store *st, const char *key)
{
	struct op o;
	int rc;

	rc = check_text(key, 1000, true, "login key");
	if (rc != 0)
		return rc;
	rc = op_begin(&o, st, true, "login clear");
	if (rc == 0)
		rc = op_prep(&o, "DELETE FROM login_failures WHERE key = ?1");
	if (rc == 0) {
		b_text(&o, 1, key);
		rc = op_exec(&o);
	}
	return op_end(&o, rc);
}

/* --- audit log ---------------------------------------------------------------------------- */



int
store_audit(struct store *st, int64_t user_id, const char *action, const char *object,
	    int revision, const char *detail)
{
	char now[TS_LEN];
	struct op o;
	int rc;

	if (revision < 0)
		return set_err(APP_EINPUT, "audit: revision %d", revision);
	if ((rc = check_text(action, 200, true, "audit action")) ||
	    (rc = check_text(object, 200, false, "audit object")) ||
	    (rc = check_text(detail, STORE_TEXT_MAX, false, "audit detail")))
		return rc;
	now_utc(now);
	rc = op_begin(&o, st, true, "audit");
	if (rc == 0)
		rc = op_prep(&o, "INSERT INTO audit (user_id, action, object, revision, detail,"
				 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (rc == 0) {
		b_id(&o, 1, user_id);
		b_text(&o, 2, action);
		b_text(&o, 3, object);
		b_int(&o, 4, revision);
		b_text(&o, 5, detail);
		b_text(&o, 6, now);
		rc = op_exec(&o);
	}
	return op_end(&o, rc);
}

int
store_audit_list(struct store *st, const char *object, size_t limit, struct audit_entry **out,
		 size_t *n)
{
	struct audit_entry *v = NULL, *a;
	size_t cap = 0, k = 0;
	struct op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return set_err(APP_EINPUT, "audit list: no output");
	*out = NULL;
	*n = 0;
	rc = op_begin(&o, st, false, "audit list");
	if (rc != 0)
		goto out;
	/* Two statements, so that the object's index serves the common case. */
	if (object != NULL)
		rc = op_prep(&o, "SELECT a.id, a.user_id, u.email, a.action, a.object, a.revision,"
				 " a.detail, a.created_at FROM audit a LEFT JOIN users u ON u.id = a.user_id"
				 " WHERE a.object = ?1 ORDER BY a.id DESC LIMIT ?2");
	else
		rc = op_prep(&o, "SELECT a.id, a.user_id, u.email, a.action, a.object, a.revision,"
				 " a.detail, a.created_at FROM audit a LEFT JOIN users u ON u.id = a.user_id"
				 " ORDER BY a.id DESC LIMIT ?2");
	if (rc != 0)
		goto out;
	if (object != NULL)
		b_text(&o, 1, object);
	/* 0 is "no limit": LIMIT -1 in SQLite. */
	b_int(&o, 2, limit == 0 || limit > (size_t)INT64_MAX ? -1 : (int64_t)limit);
	while (rc == 0 && (rc = op_step(&o, &row)) == 0 && row) {
		rc = list_grow(&v, &cap, k, sizeof(*v));
		if (rc != 0)
			break;
		a = &v[k];
		a->id = sqlite3_column_int64(o.s, 0);
		a->user_id = sqlite3_column_int64(o.s, 1);
		a->revision = sqlite3_column_int(o.s, 5);
		if ((rc = col_str(&o, 2, &a->actor)) || (rc = col_str(&o, 3, &a->action)) ||
		    (rc = col_str(&o, 4, &a->object)) || (rc = col_str(&o, 6, &a->detail)) ||
		    (rc = col_str(&o, 7, &a->created_at))) {
			audit_cleanup(a);
			break;
		}
		k++;
	}
out:
	rc = op_end(&o, rc);
	if (rc != 0) {
		audit_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
