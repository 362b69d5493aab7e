/* jsonout.c - JSON text from jansson values, byte for byte as json_dumps. */
#include "jsonout.h"
#include "err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define JSONOUT_MAX_DEPTH 2048

/* 1 for the bytes a JSON string cannot hold as they are: '"', '\\' and
 * the control characters below 0x20 (jansson leaves 0x7F alone). */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

#define ONES UINT64_C(0x0101010101010101)

/* Whether a byte of w is below 0x20, '"' or '\\' (a byte is flagged
 * falsely only next to a true one). */
static bool
needs8(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');

	return (((w - ONES * 0x20) & ~w) | ((q - ONES) & ~q) | ((bs - ONES) & ~bs)) & (ONES * 0x80);
}

/* The bytes an escape adds: 1 for \n and the like, 5 for \u00XX. */
static const unsigned char esc_len[32 + 1 + 92] = {
	5, 5, 5, 5, 5, 5, 5, 5, 1, 1, 1, 5, 1, 1, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	['"'] = 1, ['\\'] = 1,
};

static int
put_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, extra = 0;
	char *q;
	int rc;

	/* Room first, so that the loop writes straight into the buffer: for
	 * the worst case (every byte as \u00XX), or, near the buffer's limit,
	 * for exactly what the escapes add. */
	if (n > (size_t)-1 / 8)
		return APP_ETOOBIG;
	if ((rc = buf_reserve(b, n * 6 + 2)) == APP_ETOOBIG) {
		for (i = 0; i < n; i++)
			if (needs_escape[(unsigned char)s[i]])
				extra += esc_len[(unsigned char)s[i]];
		rc = buf_reserve(b, n + extra + 2);
	}
	if (rc != 0)
		return rc;
	q = b->data + b->len;
	*q++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c;
		uint64_t w;

		/* Eight bytes at a time while none needs escaping. */
		while (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if (needs8(w))
				break;
			memcpy(q, s + i, 8);
			q += 8;
			i += 8;
		}
		if (i == n)
			break;
		c = (unsigned char)s[i];
		if (!needs_escape[c]) {
			*q++ = (char)c;
			continue;
		}
		*q++ = '\\';
		switch (c) {
		case '"': *q++ = '"'; break;
		case '\\': *q++ = '\\'; break;
		case '\b': *q++ = 'b'; break;
		case '\f': *q++ = 'f'; break;
		case '\n': *q++ = 'n'; break;
		case '\r': *q++ = 'r'; break;
		case '\t': *q++ = 't'; break;
		default:
			*q++ = 'u';
			*q++ = '0';
			*q++ = '0';
			*q++ = hex[c >> 4];
			*q++ = hex[c & 15];
		}
	}
	*q++ = '"';
	*q = '\0';
	b->len = (size_t)(q - b->data);
	return 0;
}

/* A line break and depth levels of indent spaces; or, without an indent,
 * the single space jansson puts after a comma; or, compact (indent < 0),
 * nothing. */
static int
put_indent(struct buf *b, int indent, int depth, int space)
{
	static const char spaces[] = "\n                                                                ";
	size_t n;
	int rc;

	if (indent <= 0)
		return space && indent == 0 ? buf_putc(b, ' ') : 0;
	n = (size_t)indent * (size_t)depth + 1;
	if (n <= sizeof(spaces) - 1)
		return buf_append(b, spaces, n);
	if ((rc = buf_putc(b, '\n')) != 0)
		return rc;
	for (n--; n > 0 && rc == 0; n--)
		rc = buf_putc(b, ' ');
	return rc;
}

static int
put_comma(struct buf *b, int indent, int depth)
{
	int rc = buf_putc(b, ',');

	return rc != 0 ? rc : put_indent(b, indent, depth, 1);
}

static int
put_value(struct buf *b, const json_t *v, int indent, int depth)
{
	char num[32];
	size_t i, n;
	int rc;

	if (depth > JSONOUT_MAX_DEPTH)
		return APP_EINPUT;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return put_string(b, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		n = (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf_append(b, num, n);
	case JSON_TRUE:
		return buf_append(b, "true", 4);
	case JSON_FALSE:
		return buf_append(b, "false", 5);
	case JSON_NULL:
		return buf_append(b, "null", 4);
	case JSON_ARRAY:
		n = json_array_size(v);
		if ((rc = buf_putc(b, '[')) != 0)
			return rc;
		if (n == 0)
			return buf_putc(b, ']');
		if ((rc = put_indent(b, indent, depth + 1, 0)) != 0)
			return rc;
		for (i = 0; i < n; i++) {
			if ((rc = put_value(b, json_array_get(v, i), indent, depth + 1)) != 0)
				return rc;
			if (i + 1 < n)
				rc = put_comma(b, indent, depth + 1);
			else
				rc = put_indent(b, indent, depth, 0);
			if (rc != 0)
				return rc;
		}
		return buf_putc(b, ']');
	case JSON_OBJECT: {
		/* Iteration follows insertion order, as JSON_PRESERVE_ORDER asks. */
		void *it = json_object_iter((json_t *)v);

		if ((rc = buf_putc(b, '{')) != 0)
			return rc;
		if (it == NULL)
			return buf_putc(b, '}');
		if ((rc = put_indent(b, indent, depth + 1, 0)) != 0)
			return rc;
		while (it != NULL) {
			void *next = json_object_iter_next((json_t *)v, it);
			const char *k = json_object_iter_key(it);

			if ((rc = put_string(b, k, json_object_iter_key_len(it))) != 0 ||
			    (rc = buf_append(b, ": ", indent < 0 ? 1 : 2)) != 0 ||
			    (rc = put_value(b, json_object_iter_value(it), indent, depth + 1)) != 0)
				return rc;
			if (next != NULL)
				rc = put_comma(b, indent, depth + 1);
			else
				rc = put_indent(b, indent, depth, 0);
			if (rc != 0)
				return rc;
			it = next;
		}
		return buf_putc(b, '}');
	}
	default: /* JSON_REAL: jansson's own number formatting */
		return APP_EINPUT;
	}
}

int
jsonout_write(struct buf *b, const json_t *v, int indent)
{
	if (v == NULL || indent < 0 || indent > 31)
		return APP_EINPUT;
	return put_value(b, v, indent, 0);
}

int
jsonout_write_compact(struct buf *b, const json_t *v)
{
	if (v == NULL)
		return APP_EINPUT;
	return put_value(b, v, -1, 0);
}
