/* text.c - UTF-8 checks, cleaning, edit distance and slugs (folding is in
 * text_fold.c). */
#include "text.h"
#include "buf.h"
#include "err.h"
#include "text_bytes.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What text_check refuses among the ASCII bytes: 1 a control character
 * (all below 0x20 but tab, LF, CR and form feed; and DEL), 2 NUL. */
static const unsigned char ascii_refused[128] = {
	2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[127] = 1,
};

int
text_check(const char *s, size_t len, size_t *line, const char **what)
{
	size_t i = 0, j, ln = 1;

	/* One pass: ASCII by table, each other character through GLib's
	 * validating decoder (which refuses overlong forms, surrogates and
	 * code points past U+10FFFF). The line is counted only for an error. */
	while (i < len) {
		unsigned char c;
		gunichar u;

		/* Eight printable ASCII bytes at a time. */
		while (len - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!printable8(w))
				break;
			i += 8;
		}
		if (i == len)
			break;
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if (ascii_refused[c]) {
				*what = ascii_refused[c] == 2 ? "a NUL byte" : "a control character";
				goto fail;
			}
			i++;
			continue;
		}
		u = g_utf8_get_char_validated(s + i, (gssize)(len - i));
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			*what = "invalid UTF-8";
			goto fail;
		}
		i += (size_t)g_utf8_skip[c];
	}
	return 0;
fail:
	for (j = 0; j < i; j++)
		if (s[j] == '\n')
			ln++;
	*line = ln;
	return APP_EINPUT;
}

size_t
text_clean_to(char *out, const char *s, size_t len, size_t *chars)
{
	const char *p = s, *end = s + len;
	char *q = out;
	size_t nch = 0;

	/* White space becomes one space as it comes, unless the text so far
	 * is empty or ends in one; a last space is taken off at the end. */
	while (p < end) {
		unsigned char b = (unsigned char)*p;
		const char *next;
		gunichar c;

		if (end - p >= 8) {
			uint64_t w;

			memcpy(&w, p, 8);
			if (plain8(w) && (b != ' ' || (q > out && q[-1] != ' '))) {
				memcpy(q, p, 8);
				q += 8;
				p += 8;
				nch += 8;
				continue;
			}
		}
		if (b < 0x80) {
			/* ASCII without GLib (the readers clean every line): these
			 * five are the only ASCII characters is_space() accepts. */
			if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f') {
				if (q > out && q[-1] != ' ') {
					*q++ = ' ';
					nch++;
				}
			} else {
				*q++ = (char)b;
				nch++;
			}
			p++;
			continue;
		}
		c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			/* Not expected after text_check; keep the byte as it is. */
			next = p + 1;
		} else {
			next = g_utf8_next_char(p);
			if (is_space(c)) {
				if (q > out && q[-1] != ' ') {
					*q++ = ' ';
					nch++;
				}
				p = next;
				continue;
			}
		}
		memcpy(q, p, (size_t)(next - p));
		q += next - p;
		nch++;
		p = next;
	}
	if (q > out && q[-1] == ' ') {
		q--;
		nch--;
	}
	*q = '\0';
	if (chars != NULL)
		*chars = nch;
	return (size_t)(q - out);
}

char *
text_clean(const char *s, size_t len)
{
	char *out = malloc(len + 1); /* the result is never longer */

	if (out != NULL)
		text_clean_to(out, s, len, NULL);
	return out;
}

size_t
text_prefix(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

size_t
text_chars(const char *s)
{
	size_t n = 0;

	/* Every byte but a continuation byte starts a character. */
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Strings up to this many characters are compared on the stack. */
#define DIST_STACK 96

static void
decode(const char *s, gunichar *out)
{
	for (; *s; s = g_utf8_next_char(s))
		*out++ = g_utf8_get_char(s);
}

size_t
text_distance(const char *a, const char *b, size_t limit)
{
	gunichar sa[DIST_STACK], sb[DIST_STACK], *ua = sa, *ub = sb;
	size_t r0[DIST_STACK + 1], r1[DIST_STACK + 1], r2[DIST_STACK + 1];
	size_t *prev2 = r0, *prev = r1, *cur = r2, best, result = limit + 1;
	size_t na = text_chars(a), nb = text_chars(b), i, j;

	/* Each edit changes the length by at most one. */
	if ((na > nb ? na - nb : nb - na) > limit)
		return limit + 1;
	if (na > DIST_STACK || nb > DIST_STACK) {
		ua = malloc(na * sizeof(*ua) + 1);
		ub = malloc(nb * sizeof(*ub) + 1);
		prev2 = calloc(nb + 1, sizeof(size_t));
		prev = calloc(nb + 1, sizeof(size_t));
		cur = calloc(nb + 1, sizeof(size_t));
		if (ua == NULL || ub == NULL || prev2 == NULL || prev == NULL || cur == NULL)
			goto out;
	}
	decode(a, ua);
	decode(b, ub);
	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		size_t *t;

		cur[0] = i;
		best = cur[0];
		for (j = 1; j <= nb; j++) {
			size_t cost = ua[i - 1] == ub[j - 1] ? 0 : 1;
			size_t v = prev[j] + 1;

			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && ua[i - 1] == ub[j - 2] && ua[i - 2] == ub[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			goto out;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	result = prev[nb] <= limit ? prev[nb] : limit + 1;
out:
	if (ua != sa) {
		/* prev2, prev and cur are the three heap rows, in some order. */
		free(ua);
		free(ub);
		free(prev2);
		free(prev);
		free(cur);
	}
	return result;
}

char *
text_slug(const char *s)
{
	char *f = text_fold(s, strlen(s), true), *out, *q;
	const char *p;

	if (f == NULL)
		return NULL;
	out = malloc(strlen(f) + 1);
	if (out == NULL) {
		free(f);
		return NULL;
	}
	q = out;
	for (p = f; *p && q - out < 60; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			*q++ = (char)c;
		else if (q > out && q[-1] != '-')
			*q++ = '-';
	}
	while (q > out && q[-1] == '-')
		q--;
	*q = '\0';
	free(f);
	return out;
}
