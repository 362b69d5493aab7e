/* buf.h - bounded growable byte buffer, always NUL-terminated (after curl's dynbuf). */
#ifndef S3PM_BUF_H
#define S3PM_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;  /* NULL until the first append; then NUL-terminated */
	size_t len;  /* bytes used, without the NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* appends that would make len exceed this fail */
};

/* Sets up an empty buffer that may grow to max bytes. */
void buf_init(struct buf *b, size_t max);
/* Frees the memory; the buffer is empty and usable again. Accepts NULL. */
void buf_cleanup(struct buf *b);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);

/* Appends; return 0, APP_ENOMEM, or APP_ETOOBIG when max would be passed
 * (the buffer is then unchanged). Pointers into data die at the next append. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);

/* Makes room for n more bytes, so that the appends that fill them do not
 * reallocate. 0, APP_ENOMEM or APP_ETOOBIG. */
int buf_reserve(struct buf *b, size_t n);

/* One byte; inline, for the writers that append a byte at a time. */
static inline int
buf_putc(struct buf *b, char c)
{
	if (b->len + 2 <= b->cap && b->len < b->max) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_append(b, &c, 1);
}

int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The contents as a C string; "" for an empty buffer. Borrowed. */
const char *buf_cstr(const struct buf *b);
/* Hands the memory to the caller (free() it) and leaves the buffer empty.
 * Never NULL for a buffer that could allocate: an empty one gives "". */
char *buf_take(struct buf *b, size_t *len);

#endif
