/* buf.c - bounded growable byte buffer. */
#include "buf.h"
#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_cleanup(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static int
grow(struct buf *b, size_t need)
{
	size_t ncap;
	char *p;

	if (need > b->max)
		return APP_ETOOBIG;
	if (need + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need + 1)
		ncap *= 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = realloc(b->data, ncap);
	if (p == NULL)
		return APP_ENOMEM;
	b->data = p;
	b->cap = ncap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	int rc;

	if (n > b->max - b->len)
		return APP_ETOOBIG;
	rc = grow(b, b->len + n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s ? s : "", s ? strlen(s) : 0);
}

int
buf_reserve(struct buf *b, size_t n)
{
	if (n > b->max - b->len)
		return APP_ETOOBIG;
	return grow(b, b->len + n);
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc;

	/* Straight into the room there is; measured and written again only
	 * when it does not fit. */
	va_copy(ap2, ap);
	if (b->data != NULL && b->cap > b->len + 1)
		n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	else
		n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (b->data != NULL)
			b->data[b->len] = '\0';
		return APP_EINTERNAL;
	}
	if (b->data != NULL && (size_t)n < b->cap - b->len && (size_t)n <= b->max - b->len) {
		b->len += (size_t)n;
		return 0;
	}
	if (b->data != NULL)
		b->data[b->len] = '\0'; /* unchanged, as the contract says */
	if ((size_t)n > b->max - b->len)
		return APP_ETOOBIG;
	rc = grow(b, b->len + (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
buf_cstr(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *
buf_take(struct buf *b, size_t *len)
{
	char *p;

	if (b->data == NULL) {
		if (grow(b, 0) != 0)
			return NULL;
		b->data[0] = '\0';
	}
	p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
