/* db.c - the backend-neutral part of the store's database layer (db.h):
 * the per-thread message, the clock, string copies and list growth. */
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
