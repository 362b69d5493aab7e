/* db.c - the backend-neutral part of the store's database layer (db.h):
 * the per-thread message, the clock, string copies and list growth; the
 * calls of db.h and the store's opening, transactions and closing, handed
 * to the store's backend (db_sqlite.c, db_pg.c). */
#include "db.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local char tls_err[512];

int
db_err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tls_err, sizeof(tls_err), fmt, ap);
	va_end(ap);
	return err;
}

const char *
db_errmsg(void)
{
	return tls_err;
}

const char *
store_errmsg(struct store *st)
{
	(void)st;
	return tls_err;
}

void
db_now(char out[DB_TS_LEN])
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, DB_TS_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		memcpy(out, "1970-01-01T00:00:00Z", DB_TS_LEN);
}

char *
db_dup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int
db_list_grow(void *vp, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *v, *p;

	memcpy(&v, vp, sizeof(v));
	if (n < *cap)
		goto zero;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / elem)
		return db_err(APP_ENOMEM, "list: too many rows");
	p = realloc(v, ncap * elem);
	if (p == NULL)
		return db_err(APP_ENOMEM, "list: out of memory");
	v = p;
	memcpy(vp, &v, sizeof(v));
	*cap = ncap;
zero:
	memset((char *)v + n * elem, 0, elem);
	return 0;
}

/* --- the calls, handed to the backend --------------------------------------- */

bool
db_path_is_pg(const char *path)
{
	return path != NULL &&
	       (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

bool
db_is_pg(const struct store *st)
{
	return st != NULL && strcmp(st->be->name, "PostgreSQL") == 0;
}

int
store_open(const char *path, struct store **out, struct app_msg *msg)
{
	int rc;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || path == NULL || path[0] == '\0')
		return app_fail(msg, APP_EINPUT, "store: no database path");
	rc = db_path_is_pg(path) ? db_pg_store_open(path, out) : db_sqlite_store_open(path, out);
	if (rc != 0)
		return app_fail(msg, rc, "%s", db_errmsg());
	return 0;
}

void
store_close(struct store *st)
{
	if (st != NULL)
		st->be->close(st);
}

int
store_tx(struct store *st, int (*fn)(struct store *st, void *arg), void *arg)
{
	if (st == NULL || fn == NULL)
		return db_err(APP_EINPUT, "transaction: no store or function");
	return st->be->tx(st, fn, arg);
}

int
store_ping(struct store *st)
{
	if (st == NULL)
		return db_err(APP_EINPUT, "ping: no store");
	return st->be->ping(st);
}

int
store_changed(struct store *st)
{
	return db_is_pg(st) ? db_pg_changed(st) : 0;
}

int
store_watch_start(struct store *st, void (*changed)(void *arg), void *arg, struct store_watch **out)
{
	if (out == NULL || changed == NULL)
		return db_err(APP_EINPUT, "watch: no output or function");
	*out = NULL;
	return db_is_pg(st) ? db_pg_watch_start(st, changed, arg, out) : 0;
}

void
store_watch_stop(struct store_watch *w)
{
	db_pg_watch_stop(w);
}

int
store_schema_version(struct store *st, int *version)
{
	struct db_op o;
	bool row;
	int rc;

	if (version != NULL)
		*version = 0;
	if (version == NULL)
		return db_err(APP_EINPUT, "schema version: no output");
	rc = db_begin(&o, st, false, "schema version");
	if (rc == 0)
		rc = db_prep(&o, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (rc == 0)
		rc = db_step(&o, &row);
	if (rc == 0 && row)
		*version = db_col_int(&o, 0);
	return db_end(&o, rc);
}

int
db_begin(struct db_op *o, struct store *st, bool write, const char *what)
{
	o->st = st;
	o->c = NULL;
	o->s = NULL;
	o->slot = NULL;
	o->what = what;
	o->brc = 0;
	o->tx = false;
	if (st == NULL)
		return db_err(APP_EINPUT, "%s: no store", what);
	return st->be->begin(o, write);
}

int
db_end(struct db_op *o, int rc)
{
	if (o->st == NULL)
		return rc;
	return o->st->be->end(o, rc);
}

int
db_prep(struct db_op *o, const char *sql)
{
	o->brc = 0;
	return o->st->be->prep(o, sql);
}

void
db_bind_text(struct db_op *o, int i, const char *v)
{
	o->st->be->bind_text(o, i, v != NULL ? v : "");
}

void
db_bind_int(struct db_op *o, int i, int64_t v)
{
	o->st->be->bind_int(o, i, v);
}

void
db_bind_id(struct db_op *o, int i, int64_t id)
{
	if (id > 0)
		o->st->be->bind_int(o, i, id);
	else
		o->st->be->bind_null(o, i);
}

void
db_bind_null(struct db_op *o, int i)
{
	o->st->be->bind_null(o, i);
}

int
db_step(struct db_op *o, bool *row)
{
	*row = false;
	if (o->brc != 0)
		return o->brc;
	return o->st->be->step(o, row);
}

int
db_exec(struct db_op *o)
{
	bool row;
	int rc = db_step(o, &row);

	if (rc == 0 && row)
		rc = db_err(APP_EINTERNAL, "%s: unexpected result row", o->what);
	return rc;
}

int
db_insert(struct db_op *o, int64_t *id)
{
	bool row;
	int rc = db_step(o, &row);

	*id = 0;
	if (rc == 0 && !row)
		rc = db_err(APP_EINTERNAL, "%s: the insert returned no id", o->what);
	if (rc == 0)
		*id = db_col_int64(o, 0);
	/* The row is written once the statement has run to its end. */
	if (rc == 0)
		rc = db_step(o, &row);
	if (rc == 0 && row)
		rc = db_err(APP_EINTERNAL, "%s: the insert returned more than one row", o->what);
	if (rc != 0)
		*id = 0;
	return rc;
}

int64_t
db_changes(struct db_op *o)
{
	return o->st->be->changes(o);
}

int64_t
db_col_int64(struct db_op *o, int i)
{
	return o->st->be->col_int64(o, i);
}

int
db_col_int(struct db_op *o, int i)
{
	return (int)o->st->be->col_int64(o, i);
}

int
db_col_dup(struct db_op *o, int i, bool keep_null, char **out)
{
	size_t len;
	const char *t = o->st->be->col_text(o, i, &len);

	*out = NULL;
	if (t == NULL && keep_null)
		return 0;
	*out = t != NULL ? db_dup(t, len) : db_dup("", 0);
	return *out != NULL ? 0 : db_err(APP_ENOMEM, "%s: out of memory", o->what);
}

int
db_col_str(struct db_op *o, int i, char **out)
{
	return db_col_dup(o, i, false, out);
}

int
db_col_fixed(struct db_op *o, int i, char *dst, size_t n)
{
	size_t len;
	const char *t = o->st->be->col_text(o, i, &len);

	dst[0] = '\0';
	if (t == NULL)
		return 0;
	if (len >= n)
		return db_err(APP_EINTERNAL, "%s: stored value too long", o->what);
	memcpy(dst, t, len);
	dst[len] = '\0';
	return 0;
}

const char *
db_col_text(struct db_op *o, int i)
{
	size_t len;

	return o->st->be->col_text(o, i, &len);
}
