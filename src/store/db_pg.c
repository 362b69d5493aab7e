/* db_pg.c - the store's database layer (db.h) on PostgreSQL through libpq:
 * the connection pool, statements prepared once per connection, the
 * parameters ?N written $N, transactions (store_tx and nesting by
 * savepoints) and the migration runner of store_schema_pg.c.
 *
 * Writers queue on a transaction-scoped advisory lock, across every server
 * on the database: one writer at a time, as on SQLite, so that a check
 * and the write it allows (a revision compared, then saved) never
 * interleave with another server's. Readers never wait. */
#include "db.h"
#include "db_pg.h"
#include "opstats.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#define PG_MAX_CONN 32
#define PG_STMT_CACHE 128
#define PG_MAX_PARAMS 32
/* How long a write waits for another's lock, as SQLite's busy timeout. */
#define PG_LOCK_TIMEOUT "5s"

struct pg_cached {
	const char *sql; /* the caller's constant, compared by address */
	char name[16];   /* the prepared statement's name on the connection */
	int nparams;     /* its largest ?N */
};

struct db_conn {
	PGconn *pg;
	int depth;  /* open transaction levels: 0 none, 1 BEGIN, more are savepoints */
	int frames; /* store_tx calls holding it */
	bool broken;
	struct pg_cached stmts[PG_STMT_CACHE];
	size_t nstmts;
};

/* One statement of an op: its parameters until it runs, then its rows. */
struct pg_stmt {
	const char *sql;
	const char *name; /* prepared name, or NULL: sent with its text */
	char *text;       /* the text with $N, when not prepared */
	int nparams;
	const char *vals[PG_MAX_PARAMS];
	Oid types[PG_MAX_PARAMS]; /* for a statement not prepared */
	char ints[PG_MAX_PARAMS][24];
	PGresult *res;
	int row, nrows;
	bool ran;
};

struct pg_store {
	struct store base; /* first */
	char *url;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct db_conn *all[PG_MAX_CONN];
	struct db_conn *idle[PG_MAX_CONN];
	size_t nall, nidle, nopening;
};

struct pg_frame {
	struct pg_store *st;
	struct db_conn *c;
	struct pg_frame *prev;
};

static _Thread_local struct pg_frame *tls_frames;

static struct pg_store *
pg_of(struct store *st)
{
	return (struct pg_store *)(void *)st;
}

static struct pg_stmt *
stmt_of(const struct db_op *o)
{
	return (struct pg_stmt *)(void *)o->s;
}

/* The integer at the start of a value PostgreSQL wrote in text: "-12",
 * "7" of "7.5" (a numeric average); 0 for none; clamped at the int64
 * range. */
static int64_t
dec_int64(const char *t)
{
	bool neg = *t == '-';
	uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	if (neg)
		t++;
	for (; *t >= '0' && *t <= '9'; t++) {
		unsigned d = (unsigned)(*t - '0');

		if (v > (lim - d) / 10) {
			v = lim;
			break;
		}
		v = v * 10 + d;
	}
	if (!neg)
		return (int64_t)v;
	return v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
}

/* The message of PostgreSQL's last error on pg, without its newline. */
static const char *
pg_message(PGconn *pg, const PGresult *res, char *buf, size_t n)
{
	const char *m = res != NULL ? PQresultErrorMessage(res) : NULL;
	size_t len;

	if (m == NULL || m[0] == '\0')
		m = pg != NULL ? PQerrorMessage(pg) : "no connection";
	snprintf(buf, n, "%s", m);
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return buf;
}

/* Maps a failed result (SQLSTATE) to the project's errors, as
 * db_sqlite_fail does for SQLite's codes; *broken: the connection is
 * lost (or never was). */
static int
fail_of(PGconn *pg, const PGresult *res, const char *what, bool *broken)
{
	char buf[400];
	const char *m = pg_message(pg, res, buf, sizeof(buf));
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	*broken = false;
	if (state == NULL || pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		*broken = true;
		opstats_count_db_error();
		return db_err(APP_EIO, "%s: %s", what, m);
	}
	if (strcmp(state, "23503") == 0)
		return db_err(APP_ENOTFOUND, "%s: a referenced row does not exist (%s)", what, m);
	if (strncmp(state, "23", 2) == 0)
		return db_err(APP_ECONFLICT, "%s: %s", what, m);
	opstats_count_db_error();
	if (strcmp(state, "55P03") == 0)
		return db_err(APP_EIO, "%s: the database stayed locked for more than %s (%s)", what,
			      PG_LOCK_TIMEOUT, m);
	if (strcmp(state, "54000") == 0 || strcmp(state, "22001") == 0)
		return db_err(APP_ETOOBIG, "%s: %s", what, m);
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0 ||
	    strncmp(state, "57", 2) == 0 || strncmp(state, "58", 2) == 0) {
		*broken = true;
		return db_err(APP_EIO, "%s: %s", what, m);
	}
	return db_err(APP_EINTERNAL, "%s: %s (SQLSTATE %s)", what, m, state);
}

static int
pg_fail(struct db_conn *c, const PGresult *res, const char *what)
{
	bool broken;
	int rc = fail_of(c != NULL ? c->pg : NULL, res, what, &broken);

	if (broken && c != NULL)
		c->broken = true;
	return rc;
}

int
db_pg_fail(PGconn *pg, const PGresult *res, const char *what)
{
	bool broken;

	return fail_of(pg, res, what, &broken);
}

int
db_pg_exec(PGconn *pg, const char *sql, const char *what)
{
	PGresult *res = PQexec(pg, sql);
	ExecStatusType t = PQresultStatus(res);
	int rc = 0;

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
		rc = db_pg_fail(pg, res, what);
	PQclear(res);
	return rc;
}

/* Runs sql (statements without parameters) on pg. */
static int
pg_exec(struct db_conn *c, const char *sql, const char *what)
{
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType t = PQresultStatus(res);
	int rc = 0;

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
		rc = pg_fail(c, res, what);
	PQclear(res);
	return rc;
}

/* sql with each ?N written $N (outside quoted strings); malloc'd. *used
 * gets bit N - 1 set for each N met (up to PG_MAX_PARAMS), *max the
 * largest N. */
static char *
dollar_sql(const char *sql, uint32_t *used, int *max)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1), *d = out;
	char quote = 0;
	const char *p;

	*used = 0;
	*max = 0;
	if (out == NULL)
		return NULL;
	for (p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int k = (int)(dec_int64(p + 1) > PG_MAX_PARAMS ? PG_MAX_PARAMS + 1 : dec_int64(p + 1));

			if (k >= 1 && k <= PG_MAX_PARAMS)
				*used |= (uint32_t)1 << (k - 1);
			if (k > *max)
				*max = k;
			*d++ = '$';
			continue;
		}
		*d++ = *p;
	}
	*d = '\0';
	return out;
}

static void
conn_close(struct db_conn *c)
{
	if (c == NULL)
		return;
	PQfinish(c->pg);
	free(c);
}

int
db_pg_connect(const char *url, PGconn **out)
{
	PGconn *pg;
	char buf[400];
	int rc;

	*out = NULL;
	pg = PQconnectdb(url);
	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		rc = db_err(APP_EIO, "PostgreSQL: cannot connect: %s", pg_message(pg, NULL, buf, sizeof(buf)));
		PQfinish(pg);
		return rc;
	}
	/* UTC text timestamps and UTF-8 text, whatever the server's defaults. */
	rc = db_pg_exec(pg, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
			    " SET standard_conforming_strings = on; SET client_min_messages = warning;"
			    " SET lock_timeout = '" PG_LOCK_TIMEOUT "'", "PostgreSQL session");
	if (rc != 0) {
		PQfinish(pg);
		return rc;
	}
	*out = pg;
	return 0;
}

static int
conn_open(const char *url, struct db_conn **out)
{
	struct db_conn *c;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return db_err(APP_ENOMEM, "PostgreSQL: out of memory");
	rc = db_pg_connect(url, &c->pg);
	if (rc != 0) {
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static struct pg_frame *
frame_find(struct pg_store *st)
{
	struct pg_frame *f;

	for (f = tls_frames; f != NULL; f = f->prev)
		if (f->st == st)
			return f;
	return NULL;
}

static int
conn_get(struct pg_store *st, struct db_conn **out)
{
	struct pg_frame *f = frame_find(st);
	struct db_conn *c = NULL;
	int rc;

	*out = NULL;
	if (f != NULL) {
		*out = f->c;
		return 0;
	}
	pthread_mutex_lock(&st->mu);
	while (st->nidle == 0 && st->nall + st->nopening >= PG_MAX_CONN)
		pthread_cond_wait(&st->cv, &st->mu);
	if (st->nidle > 0) {
		*out = st->idle[--st->nidle];
		pthread_mutex_unlock(&st->mu);
		return 0;
	}
	st->nopening++;
	pthread_mutex_unlock(&st->mu);
	rc = conn_open(st->url, &c);
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

/* Back to the pool; a connection that broke is closed instead (the next
 * call opens a new one: a restarted server is reconnected to). */
static void
conn_put(struct pg_store *st, struct db_conn *c)
{
	size_t i;

	if (c == NULL || c->frames > 0)
		return;
	if (!c->broken && PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		pg_exec(c, "ROLLBACK", "rollback");
		c->depth = 0;
	}
	if (c->broken || PQstatus(c->pg) != CONNECTION_OK) {
		pthread_mutex_lock(&st->mu);
		for (i = 0; i < st->nall; i++)
			if (st->all[i] == c) {
				st->all[i] = st->all[--st->nall];
				break;
			}
		pthread_cond_signal(&st->cv);
		pthread_mutex_unlock(&st->mu);
		conn_close(c);
		return;
	}
	pthread_mutex_lock(&st->mu);
	st->idle[st->nidle++] = c;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

static int
tx_begin(struct db_conn *c)
{
	int rc;

	if (c->depth > 0) {
		rc = pg_exec(c, "SAVEPOINT s", "savepoint");
		if (rc == 0)
			c->depth++;
		return rc;
	}
	rc = pg_exec(c, "BEGIN; " DB_PG_WRITE_LOCK, "begin transaction");
	if (rc != 0) {
		if (!c->broken)
			pg_exec(c, "ROLLBACK", "rollback");
		return rc;
	}
	c->depth = 1;
	return 0;
}

static int
tx_end(struct db_conn *c, int rc)
{
	if (c->depth <= 0)
		return rc != 0 ? rc : db_err(APP_EINTERNAL, "transaction: none is open");
	c->depth--;
	if (rc == 0)
		rc = pg_exec(c, c->depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT s", "commit");
	if (rc != 0 && !c->broken) {
		if (c->depth == 0) {
			if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
				pg_exec(c, "ROLLBACK", "rollback");
		} else {
			pg_exec(c, "ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s", "rollback");
		}
	}
	return rc;
}

/* --- one store call --------------------------------------------------------- */

static int
p_begin(struct db_op *o, bool write)
{
	struct pg_store *st = pg_of(o->st);
	int rc = conn_get(st, &o->c);

	if (rc != 0 || !write)
		return rc;
	rc = tx_begin(o->c);
	if (rc == 0)
		o->tx = true;
	return rc;
}

static void
op_release(struct db_op *o)
{
	struct pg_stmt *s = stmt_of(o);

	if (s == NULL)
		return;
	PQclear(s->res);
	free(s->text);
	free(s);
	o->s = NULL;
}

static int
p_end(struct db_op *o, int rc)
{
	struct pg_store *st = pg_of(o->st);

	op_release(o);
	if (o->tx)
		rc = tx_end(o->c, rc);
	o->tx = false;
	if (o->c != NULL)
		conn_put(st, o->c);
	o->c = NULL;
	return rc;
}

/* The prepared statement for sql on c, prepared now if c has none. */
static int
prepared(struct db_conn *c, const char *sql, const char *what, const char **name, int *nparams)
{
	struct pg_cached *e;
	Oid types[PG_MAX_PARAMS];
	uint32_t used;
	PGresult *res;
	char *text;
	size_t i;
	int rc = 0, max, k;

	*name = NULL;
	for (i = 0; i < c->nstmts; i++)
		if (c->stmts[i].sql == sql) {
			*name = c->stmts[i].name;
			*nparams = c->stmts[i].nparams;
			return 0;
		}
	if (c->nstmts == PG_STMT_CACHE)
		return 0;
	text = dollar_sql(sql, &used, &max);
	if (text == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", what);
	if (max > PG_MAX_PARAMS) {
		free(text);
		return db_err(APP_EINTERNAL, "%s: more than %d parameters", what, PG_MAX_PARAMS);
	}
	/* A parameter the statement does not use (one variant of a query
	 * binds all) is given a type: PostgreSQL cannot infer one. */
	for (k = 0; k < max; k++)
		types[k] = used & ((uint32_t)1 << k) ? 0 : 25 /* text */;
	e = &c->stmts[c->nstmts];
	snprintf(e->name, sizeof(e->name), "s%zu", c->nstmts);
	res = PQprepare(c->pg, e->name, text, max, types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(c, res, what);
	PQclear(res);
	free(text);
	if (rc != 0)
		return rc;
	e->sql = sql;
	e->nparams = max;
	c->nstmts++;
	*name = e->name;
	*nparams = max;
	return 0;
}

static int
p_prep(struct db_op *o, const char *sql)
{
	struct pg_stmt *s;
	int rc;

	op_release(o);
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", o->what);
	s->sql = sql;
	s->row = -1;
	o->s = (struct db_stmt *)(void *)s;
	rc = prepared(o->c, sql, o->what, &s->name, &s->nparams);
	if (rc == 0 && s->name == NULL) {
		uint32_t used;
		int max, k;

		s->text = dollar_sql(sql, &used, &max);
		if (s->text == NULL)
			rc = db_err(APP_ENOMEM, "%s: out of memory", o->what);
		else if (max > PG_MAX_PARAMS)
			rc = db_err(APP_EINTERNAL, "%s: more than %d parameters", o->what, PG_MAX_PARAMS);
		for (k = 0; rc == 0 && k < max; k++)
			s->types[k] = used & ((uint32_t)1 << k) ? 0 : 25;
		s->nparams = max;
	}
	return rc;
}

static struct pg_stmt *
param(struct db_op *o, int i)
{
	struct pg_stmt *s = stmt_of(o);

	if (s == NULL || i < 1 || i > s->nparams) {
		if (o->brc == 0)
			o->brc = db_err(APP_EINTERNAL, "%s: parameter %d out of range", o->what, i);
		return NULL;
	}
	return s;
}

static void
p_bind_text(struct db_op *o, int i, const char *v)
{
	struct pg_stmt *s = param(o, i);

	if (s != NULL)
		s->vals[i - 1] = v;
}

static void
p_bind_int(struct db_op *o, int i, int64_t v)
{
	struct pg_stmt *s = param(o, i);

	if (s == NULL)
		return;
	snprintf(s->ints[i - 1], sizeof(s->ints[i - 1]), "%" PRId64, v);
	s->vals[i - 1] = s->ints[i - 1];
}

static void
p_bind_null(struct db_op *o, int i)
{
	struct pg_stmt *s = param(o, i);

	if (s != NULL)
		s->vals[i - 1] = NULL;
}

static int
p_step(struct db_op *o, bool *row)
{
	struct pg_stmt *s = stmt_of(o);
	ExecStatusType t;

	if (s == NULL)
		return db_err(APP_EINTERNAL, "%s: no statement", o->what);
	if (!s->ran) {
		s->ran = true;
		if (s->name != NULL)
			s->res = PQexecPrepared(o->c->pg, s->name, s->nparams, s->vals, NULL, NULL, 0);
		else
			s->res = PQexecParams(o->c->pg, s->text, s->nparams, s->types, s->vals, NULL,
					      NULL, 0);
		t = PQresultStatus(s->res);
		if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
			return pg_fail(o->c, s->res, o->what);
		s->nrows = t == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
		s->row = -1;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		*row = true;
	} else {
		s->row = s->nrows;
	}
	return 0;
}

static int64_t
p_changes(struct db_op *o)
{
	struct pg_stmt *s = stmt_of(o);
	const char *n = s != NULL && s->res != NULL ? PQcmdTuples(s->res) : "";

	return dec_int64(n);
}

static const char *
p_col_text(struct db_op *o, int i, size_t *len)
{
	struct pg_stmt *s = stmt_of(o);

	*len = 0;
	if (s == NULL || s->res == NULL || s->row < 0 || s->row >= s->nrows || i < 0 ||
	    i >= PQnfields(s->res) || PQgetisnull(s->res, s->row, i))
		return NULL;
	*len = (size_t)PQgetlength(s->res, s->row, i);
	return PQgetvalue(s->res, s->row, i);
}

static int64_t
p_col_int64(struct db_op *o, int i)
{
	size_t len;
	const char *t = p_col_text(o, i, &len);

	if (t == NULL)
		return 0;
	/* A boolean comes as t or f. */
	if (len == 1 && t[0] == 't')
		return 1;
	return dec_int64(t);
}

/* --- opening, migrations, transactions -------------------------------------- */

/* The schema's version on pg (schema_version made when missing), inside
 * the transaction open on pg. */
static int
version_of(PGconn *pg, int *v)
{
	PGresult *res;
	int rc;

	*v = 0;
	rc = db_pg_exec(pg, "CREATE TABLE IF NOT EXISTS schema_version ("
			    " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
			"migrations");
	if (rc != 0)
		return rc;
	res = PQexec(pg, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		rc = db_pg_fail(pg, res, "migrations");
	else
		*v = (int)dec_int64(PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* Applies migration v + 1 and records it, inside the transaction open on
 * pg. */
static int
migrate_step(PGconn *pg, int v)
{
	char now[DB_TS_LEN], buf[32];
	const char *vals[2];
	PGresult *res;
	int rc;

	rc = db_pg_exec(pg, store_migrations_pg[v], "migration");
	if (rc != 0)
		return rc;
	db_now(now);
	snprintf(buf, sizeof(buf), "%d", v + 1);
	vals[0] = buf;
	vals[1] = now;
	res = PQexecParams(pg, "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)", 2,
			   NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = db_pg_fail(pg, res, "migrations");
	PQclear(res);
	return rc;
}

int
db_pg_migrate_in(PGconn *pg, int upto, int *have)
{
	int rc, v;

	*have = 0;
	rc = version_of(pg, &v);
	if (rc != 0)
		return rc;
	*have = v;
	if (upto > store_nmigrations_pg)
		return db_err(APP_EINTERNAL, "migrations: no version %d (this program knows %d)", upto,
			      store_nmigrations_pg);
	for (; rc == 0 && v < upto; v++)
		rc = migrate_step(pg, v);
	return rc;
}

/* Each migration in a transaction of its own, under the write lock: a
 * second server starting at once waits, then finds them done. */
static int
migrate(struct db_conn *c)
{
	int rc, v;

	for (;;) {
		rc = pg_exec(c, "BEGIN; " DB_PG_WRITE_LOCK, "migrations");
		if (rc == 0)
			rc = version_of(c->pg, &v);
		if (rc != 0)
			goto fail;
		if (v > store_nmigrations_pg) {
			rc = db_err(APP_EINPUT, "%s: schema version %d is newer than this program knows (%d)",
				    "PostgreSQL", v, store_nmigrations_pg);
			goto fail;
		}
		if (v >= store_nmigrations_pg)
			return pg_exec(c, "COMMIT", "migrations");
		rc = migrate_step(c->pg, v);
		if (rc == 0)
			rc = pg_exec(c, "COMMIT", "migrations");
		if (rc != 0)
			goto fail;
	}
fail:
	if (PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		pg_exec(c, "ROLLBACK", "rollback");
	return rc;
}

static void p_close(struct store *base);
static int p_tx(struct store *base, int (*fn)(struct store *st, void *arg), void *arg);
static int p_ping(struct store *base);

static const struct db_backend pg_backend = {
	.name = "PostgreSQL",
	.begin = p_begin,
	.end = p_end,
	.prep = p_prep,
	.bind_text = p_bind_text,
	.bind_int = p_bind_int,
	.bind_null = p_bind_null,
	.step = p_step,
	.changes = p_changes,
	.col_int64 = p_col_int64,
	.col_text = p_col_text,
	.tx = p_tx,
	.ping = p_ping,
	.close = p_close,
};

int
db_pg_store_open(const char *url, struct store **out)
{
	struct pg_store *st;
	struct db_conn *c = NULL;
	int rc;

	*out = NULL;
	if (!PQisthreadsafe())
		return db_err(APP_EINTERNAL, "libpq was built without thread support");
	if (store_nmigrations_pg != store_nmigrations)
		return db_err(APP_EINTERNAL, "PostgreSQL: %d migrations, SQLite %d: they must match",
			      store_nmigrations_pg, store_nmigrations);
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return db_err(APP_ENOMEM, "PostgreSQL: out of memory");
	st->base.be = &pg_backend;
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	st->url = db_dup(url, strlen(url));
	if (st->url == NULL) {
		rc = db_err(APP_ENOMEM, "PostgreSQL: out of memory");
		goto fail;
	}
	rc = conn_open(url, &c);
	if (rc == 0)
		rc = migrate(c);
	if (rc != 0) {
		conn_close(c);
		goto fail;
	}
	st->all[st->nall++] = c;
	st->idle[st->nidle++] = c;
	*out = &st->base;
	return 0;
fail:
	p_close(&st->base);
	return rc;
}

static void
p_close(struct store *base)
{
	struct pg_store *st = pg_of(base);
	size_t i;

	for (i = 0; i < st->nall; i++)
		conn_close(st->all[i]);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->mu);
	free(st->url);
	free(st);
}

static int
p_tx(struct store *base, int (*fn)(struct store *st, void *arg), void *arg)
{
	struct pg_store *st = pg_of(base);
	struct pg_frame f, *outer;
	struct db_conn *c = NULL;
	int rc;

	outer = frame_find(st);
	if (outer != NULL) {
		c = outer->c;
		rc = tx_begin(c);
		if (rc != 0)
			return rc;
		rc = fn(base, arg);
		return tx_end(c, rc);
	}
	rc = conn_get(st, &c);
	if (rc != 0)
		return rc;
	rc = tx_begin(c);
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
	rc = tx_end(c, rc);
out:
	conn_put(st, c);
	return rc;
}

static int
p_ping(struct store *base)
{
	struct db_op o;
	bool row = false;
	int rc;

	rc = db_begin(&o, base, false, "ping");
	if (rc == 0)
		rc = db_prep(&o, "SELECT count(*) FROM schema_version");
	if (rc == 0)
		rc = db_step(&o, &row);
	if (rc == 0 && !row)
		rc = db_err(APP_EIO, "ping: no answer");
	return db_end(&o, rc);
}

/* --- changes across servers -------------------------------------------------- */

#define PG_CHANNEL "s3pm_changed"

int
db_pg_changed(struct store *base)
{
	struct db_op o;
	int rc;

	rc = db_begin(&o, base, false, "notify");
	if (rc == 0)
		rc = db_prep(&o, "NOTIFY " PG_CHANNEL);
	if (rc == 0)
		rc = db_exec(&o);
	return db_end(&o, rc);
}

struct store_watch {
	char *url;
	void (*changed)(void *arg);
	void *arg;
	pthread_t thread;
	atomic_bool stop;
};

/* A connection that listens; NULL when the server cannot be reached. */
static PGconn *
listen_conn(const char *url)
{
	PGconn *pg = PQconnectdb(url);
	PGresult *res;

	if (PQstatus(pg) != CONNECTION_OK) {
		PQfinish(pg);
		return NULL;
	}
	res = PQexec(pg, "LISTEN " PG_CHANNEL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQfinish(pg);
		return NULL;
	}
	PQclear(res);
	return pg;
}

static void *
watch_main(void *p)
{
	struct store_watch *w = p;
	PGconn *pg = NULL;
	PGnotify *n;
	struct pollfd pfd;
	bool had = true;

	while (!atomic_load(&w->stop)) {
		if (pg == NULL) {
			pg = listen_conn(w->url);
			if (pg == NULL) {
				struct timespec ts = {0, 200 * 1000 * 1000};

				had = false;
				nanosleep(&ts, NULL);
				continue;
			}
			/* Back after a loss: words may have been missed. */
			if (!had)
				w->changed(w->arg);
			had = true;
		}
		pfd.fd = PQsocket(pg);
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* A short wait, so that a stop is seen soon. */
		if (poll(&pfd, 1, 200) < 0 && errno != EINTR)
			break;
		if (pfd.revents == 0)
			continue;
		if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK) {
			PQfinish(pg);
			pg = NULL;
			had = false;
			continue;
		}
		while ((n = PQnotifies(pg)) != NULL) {
			PQfreemem(n);
			w->changed(w->arg);
		}
	}
	PQfinish(pg);
	return NULL;
}

int
db_pg_watch_start(struct store *base, void (*changed)(void *arg), void *arg, struct store_watch **out)
{
	struct pg_store *st = pg_of(base);
	struct store_watch *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return db_err(APP_ENOMEM, "watch: out of memory");
	w->url = db_dup(st->url, strlen(st->url));
	w->changed = changed;
	w->arg = arg;
	atomic_init(&w->stop, false);
	if (w->url == NULL) {
		free(w);
		return db_err(APP_ENOMEM, "watch: out of memory");
	}
	if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
		free(w->url);
		free(w);
		return db_err(APP_EINTERNAL, "watch: cannot start a thread");
	}
	*out = w;
	return 0;
}

void
db_pg_watch_stop(struct store_watch *w)
{
	if (w == NULL)
		return;
	atomic_store(&w->stop, true);
	pthread_join(w->thread, NULL);
	free(w->url);
	free(w);
}
