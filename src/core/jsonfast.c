/* jsonfast.c - a quick reader of the JSON the application writes itself,
 * declining whatever it does not take on (see jsonfast.h). */
#include "jsonfast.h"
#include "err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* jansson's JSON_PARSER_MAX_DEPTH: deeper is an error there. */
#define MAX_DEPTH 2048

/* Why a read stopped: declined (leave it to jansson) or out of memory. */
enum { DECLINE = 1, NOMEM = 2 };

struct rd {
	const unsigned char *p, *end;
	char *tmp; /* unescaped strings; malloc'd, grows */
	size_t tmpcap;
	int why;
};

static void
skip_ws(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
		r->p++;
}

/* The length of the valid UTF-8 sequence (2 to 4 bytes) starting at p, a
 * byte >= 0x80, or 0 when it is not one: no overlong forms, no surrogates,
 * nothing above U+10FFFF (what jansson's utf8_check_string refuses). */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n = (size_t)(end - p);

	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

static int
hex4(const unsigned char *p, unsigned *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		unsigned c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

static bool
tmp_room(struct rd *r, size_t need)
{
	char *t;
	size_t cap;

	if (need <= r->tmpcap)
		return true;
	cap = r->tmpcap ? r->tmpcap : 256;
	while (cap < need)
		cap *= 2;
	if ((t = realloc(r->tmp, cap)) == NULL) {
		r->why = NOMEM;
		return false;
	}
	r->tmp = t;
	r->tmpcap = cap;
	return true;
}

/* The string starting after its opening quote: *s and *n the bytes (in the
 * input when it has no escapes, else in r->tmp), r->p after the closing
 * quote. -1 when declined. */
static int
read_string(struct rd *r, const char **s, size_t *n)
{
	const unsigned char *start = r->p, *p = r->p, *end = r->end;
	size_t k, len;
	unsigned u, lo;

	/* The common case: no escapes. */
	for (;;) {
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p >= end || *p < 0x20) {
			r->why = DECLINE;
			return -1;
		}
		if (*p == '"') {
			*s = (const char *)start;
			*n = (size_t)(p - start);
			r->p = p + 1;
			return 0;
		}
		if (*p == '\\')
			break;
		if ((k = utf8_seq(p, end)) == 0) {
			r->why = DECLINE;
			return -1;
		}
		p += k;
	}
	/* Escapes: the rest is unescaped into r->tmp (never longer than the
	 * input it comes from). */
	len = (size_t)(p - start);
	if (!tmp_room(r, len + (size_t)(end - p) + 1))
		return -1;
	memcpy(r->tmp, start, len);
	while (p < end && *p != '"') {
		if (*p < 0x20)
			break;
		if (*p >= 0x80) {
			if ((k = utf8_seq(p, end)) == 0)
				break;
			memcpy(r->tmp + len, p, k);
			len += k;
			p += k;
			continue;
		}
		if (*p != '\\') {
			r->tmp[len++] = (char)*p++;
			continue;
		}
		if (end - p < 2)
			break;
		switch (p[1]) {
		case '"': case '\\': case '/':
			r->tmp[len++] = (char)p[1];
			break;
		case 'b': r->tmp[len++] = '\b'; break;
		case 'f': r->tmp[len++] = '\f'; break;
		case 'n': r->tmp[len++] = '\n'; break;
		case 'r': r->tmp[len++] = '\r'; break;
		case 't': r->tmp[len++] = '\t'; break;
		case 'u':
			if (end - p < 6 || hex4(p + 2, &u) != 0 || u == 0 || (u >= 0xDC00 && u <= 0xDFFF))
				goto decline;
			if (u >= 0xD800 && u <= 0xDBFF) {
				if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || hex4(p + 8, &lo) != 0 ||
				    lo < 0xDC00 || lo > 0xDFFF)
					goto decline;
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			}
			/* At most 4 bytes for the 6 or 12 read. */
			if (u < 0x80) {
				r->tmp[len++] = (char)u;
			} else if (u < 0x800) {
				r->tmp[len++] = (char)(0xC0 | u >> 6);
				r->tmp[len++] = (char)(0x80 | (u & 0x3F));
			} else if (u < 0x10000) {
				r->tmp[len++] = (char)(0xE0 | u >> 12);
				r->tmp[len++] = (char)(0x80 | (u >> 6 & 0x3F));
				r->tmp[len++] = (char)(0x80 | (u & 0x3F));
			} else {
				r->tmp[len++] = (char)(0xF0 | u >> 18);
				r->tmp[len++] = (char)(0x80 | (u >> 12 & 0x3F));
				r->tmp[len++] = (char)(0x80 | (u >> 6 & 0x3F));
				r->tmp[len++] = (char)(0x80 | (u & 0x3F));
			}
			p += 4;
			break;
		default:
			goto decline;
		}
		p += 2;
	}
	if (p >= end || *p != '"')
		goto decline;
	*s = r->tmp;
	*n = len;
	r->p = p + 1;
	return 0;
decline:
	r->why = DECLINE;
	return -1;
}

/* An integer as JSON writes it, within json_int_t's range; a fraction or
 * an exponent is declined (jansson would make a real of it). */
static json_t *
read_number(struct rd *r)
{
	const unsigned char *p = r->p;
	bool neg = false;
	uint64_t v = 0;
	size_t digits = 0;
	json_t *j;

	if (*p == '-') {
		neg = true;
		p++;
	}
	if (p >= r->end || *p < '0' || *p > '9' || (*p == '0' && p + 1 < r->end && p[1] >= '0' && p[1] <= '9')) {
		r->why = DECLINE;
		return NULL;
	}
	while (p < r->end && *p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p++ - '0');
		digits++;
	}
	/* 18 digits always fit. */
	if (digits > 18 || (p < r->end && (*p == '.' || *p == 'e' || *p == 'E'))) {
		r->why = DECLINE;
		return NULL;
	}
	r->p = p;
	j = json_integer(neg ? -(json_int_t)v : (json_int_t)v);
	if (j == NULL)
		r->why = NOMEM;
	return j;
}

static json_t *read_value(struct rd *r, int depth);

static json_t *
read_object(struct rd *r, int depth)
{
	json_t *o = json_object(), *v;
	const char *k;
	char *kcopy = NULL;
	size_t n;

	if (o == NULL) {
		r->why = NOMEM;
		return NULL;
	}
	skip_ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return o;
	}
	for (;;) {
		skip_ws(r);
		if (r->p >= r->end || *r->p != '"') {
			r->why = DECLINE;
			break;
		}
		r->p++;
		if (read_string(r, &k, &n) != 0)
			break;
		/* A key with its own NUL would be cut short; a duplicate is
		 * an error in json_loadb (JSON_REJECT_DUPLICATES). */
		if (memchr(k, '\0', n) != NULL || json_object_getn(o, k, n) != NULL) {
			r->why = DECLINE;
			break;
		}
		/* An unescaped key sits in r->tmp, which the value's strings
		 * reuse: a copy of it (rare: keys are names). */
		if (k == r->tmp) {
			if ((kcopy = malloc(n + 1)) == NULL) {
				r->why = NOMEM;
				break;
			}
			memcpy(kcopy, k, n);
			k = kcopy;
		}
		skip_ws(r);
		if (r->p >= r->end || *r->p != ':') {
			r->why = DECLINE;
			break;
		}
		r->p++;
		skip_ws(r);
		if ((v = read_value(r, depth)) == NULL)
			break;
		if (json_object_setn_new_nocheck(o, k, n, v) != 0) {
			r->why = NOMEM;
			break;
		}
		free(kcopy);
		kcopy = NULL;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return o;
		}
		r->why = DECLINE;
		break;
	}
	free(kcopy);
	json_decref(o);
	return NULL;
}

static json_t *
read_array(struct rd *r, int depth)
{
	json_t *a = json_array(), *v;

	if (a == NULL) {
		r->why = NOMEM;
		return NULL;
	}
	skip_ws(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return a;
	}
	for (;;) {
		skip_ws(r);
		if ((v = read_value(r, depth)) == NULL)
			break;
		if (json_array_append_new(a, v) != 0) {
			r->why = NOMEM;
			break;
		}
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return a;
		}
		r->why = DECLINE;
		break;
	}
	json_decref(a);
	return NULL;
}

static bool
word(struct rd *r, const char *w, size_t n)
{
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
		return false;
	r->p += n;
	return true;
}

/* The value at r->p (white space skipped before), NULL with r->why set
 * when declined or out of memory. */
static json_t *
read_value(struct rd *r, int depth)
{
	const char *s;
	json_t *v = NULL;
	size_t n;

	if (r->p >= r->end) {
		r->why = DECLINE;
		return NULL;
	}
	switch (*r->p) {
	case '{':
	case '[':
		if (depth >= MAX_DEPTH) {
			r->why = DECLINE;
			return NULL;
		}
		r->p++;
		return r->p[-1] == '{' ? read_object(r, depth + 1) : read_array(r, depth + 1);
	case '"':
		r->p++;
		if (read_string(r, &s, &n) != 0)
			return NULL;
		/* Checked as UTF-8 above. */
		if ((v = json_stringn_nocheck(s, n)) == NULL)
			r->why = NOMEM;
		return v;
	case 't':
		v = word(r, "true", 4) ? json_true() : NULL;
		break;
	case 'f':
		v = word(r, "false", 5) ? json_false() : NULL;
		break;
	case 'n':
		v = word(r, "null", 4) ? json_null() : NULL;
		break;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return read_number(r);
		break;
	}
	if (v == NULL) /* true, false and null are never out of memory */
		r->why = DECLINE;
	return v;
}

int
jsonfast_load(const char *data, size_t len, json_t **out)
{
	struct rd r;
	json_t *v = NULL;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.p = (const unsigned char *)data;
	r.end = r.p + len;
	skip_ws(&r);
	/* json_loadb takes only an object or an array at the top. */
	if (r.p < r.end && (*r.p == '{' || *r.p == '['))
		v = read_value(&r, 0);
	else
		r.why = DECLINE;
	if (v != NULL) {
		skip_ws(&r);
		if (r.p != r.end) {
			json_decref(v);
			v = NULL;
			r.why = DECLINE;
		}
	}
	free(r.tmp);
	if (v == NULL)
		return r.why == NOMEM ? APP_ENOMEM : 1;
	*out = v;
	return 0;
}
