/* text.c - UTF-8 checks, cleaning and folding (on GLib's Unicode tables). */
#include "text.h"
#include "buf.h"
#include "err.h"

#include <glib.h>
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
		unsigned char c = (unsigned char)s[i];
		gunichar u;

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

static bool
is_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x00A0 || c == 0x2007 || c == 0x202F ||
	       c == 0xFEFF || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

size_t
text_clean_to(char *out, const char *s, size_t len, size_t *chars)
{
	const char *p = s, *end = s + len;
	char *q = out;
	size_t nch = 0;
	bool pending = false;

	while (p < end) {
		unsigned char b = (unsigned char)*p;
		const char *next;
		gunichar c;

		if (b < 0x80) {
			/* ASCII without GLib (the readers clean every line): these
			 * five are the only ASCII characters is_space() accepts. */
			if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f') {
				pending = q > out;
			} else {
				if (pending) {
					*q++ = ' ';
					nch++;
				}
				pending = false;
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
				pending = q > out;
				p = next;
				continue;
			}
		}
		if (pending) {
			*q++ = ' ';
			nch++;
		}
		pending = false;
		memcpy(q, p, (size_t)(next - p));
		q += next - p;
		nch++;
		p = next;
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

/* Letters that NFD does not split into a base letter and a mark. */
static const char *
fold_special(gunichar c)
{
	switch (c) {
	case 0x00DF: return "ss";  /* ß */
	case 0x00E6: return "ae";  /* æ */
	case 0x00F8: return "o";   /* ø */
	case 0x0111: return "d";   /* đ */
	case 0x0127: return "h";   /* ħ */
	case 0x0131: return "i";   /* ı */
	case 0x0142: return "l";   /* ł */
	case 0x0153: return "oe";  /* œ */
	case 0x00FE: return "th";  /* þ */
	case 0x00F0: return "d";   /* ð */
	case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x0060: case 0x00B4:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
		return "-";
	default: return NULL;
	}
}

/* The common case, plain ASCII, without GLib: the readers fold every
 * line of a report. */
static int
fold_ascii(struct buf *b, const char *s, size_t len, bool loose)
{
	size_t start = b->len, i;
	bool pending = false;
	char *q;
	int rc;

	if ((rc = buf_reserve(b, len + 1)) != 0)
		return rc;
	q = b->data + b->len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '*')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		    (loose && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				(c >= '0' && c <= '9')))) {
			pending = q > b->data + start;
			continue;
		}
		if (c == '`')
			c = '\'';
		if (pending)
			*q++ = ' ';
		pending = false;
		*q++ = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	*q = '\0';
	b->len = (size_t)(q - b->data);
	return 0;
}

static bool
all_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* One character of the case-folded, decomposed text into b. */
static int
fold_char(struct buf *b, size_t start, gunichar c, bool loose, bool *pending)
{
	const char *sp = fold_special(c);
	GUnicodeType t = g_unichar_type(c);
	char tmp[8];
	int n;

	if (t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
	    t == G_UNICODE_ENCLOSING_MARK || c == '*')
		return 0;
	if (is_space(c) ||
	    (loose && sp == NULL && !g_unichar_isalnum(c))) {
		*pending = b->len > start;
		return 0;
	}
	if (loose && sp != NULL && !g_ascii_isalnum(sp[0])) {
		*pending = b->len > start;
		return 0;
	}
	if (*pending && buf_putc(b, ' ') != 0)
		return APP_ENOMEM;
	*pending = false;
	if (sp != NULL)
		return buf_puts(b, sp) != 0 ? APP_ENOMEM : 0;
	n = g_unichar_to_utf8(c, tmp);
	return buf_append(b, tmp, (size_t)n) != 0 ? APP_ENOMEM : 0;
}

/* Case folding maps characters one by one and NFD reorders only the marks
 * after a starter; every ASCII character is a starter that both leave as it
 * is (but for the case of letters). So valid UTF-8 can go through GLib in
 * runs of non-ASCII characters with the ASCII between them done directly,
 * which gives the same result as folding the whole string at once. */
static int
fold_run(struct buf *b, size_t start, const char *s, size_t len, bool loose, bool *pending)
{
	gchar *low, *nfd;
	const char *p;
	int rc = 0;

	low = g_utf8_casefold(s, (gssize)len);
	if (low == NULL)
		return APP_ENOMEM;
	nfd = g_utf8_normalize(low, -1, G_NORMALIZE_NFD);
	g_free(low);
	if (nfd == NULL)
		return APP_ENOMEM;
	for (p = nfd; *p && rc == 0; p = g_utf8_next_char(p))
		rc = fold_char(b, start, g_utf8_get_char(p), loose, pending);
	g_free(nfd);
	return rc;
}

int
text_fold_to(struct buf *b, const char *s, size_t len, bool loose)
{
	gchar *low = NULL, *nfd = NULL;
	const char *p;
	size_t start = b->len, i, j;
	bool pending = false;
	int rc = 0;

	if (all_ascii(s, len))
		return fold_ascii(b, s, len, loose);
	if (g_utf8_validate(s, (gssize)len, NULL)) {
		for (i = 0; i < len && rc == 0; i = j) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x80) {
				if (c >= 'A' && c <= 'Z')
					c += 32;
				rc = fold_char(b, start, c, loose, &pending);
				j = i + 1;
				continue;
			}
			for (j = i; j < len && (unsigned char)s[j] >= 0x80; j++)
				;
			rc = fold_run(b, start, s + i, j - i, loose, &pending);
		}
		return rc;
	}
	/* Invalid UTF-8: the whole string at once, as it is. */
	low = g_utf8_casefold(s, (gssize)len);
	if (low == NULL)
		return APP_ENOMEM;
	nfd = g_utf8_normalize(low, -1, G_NORMALIZE_NFD);
	if (nfd == NULL) {
		/* Only invalid UTF-8 gets here: compare it as it is. */
		nfd = g_strdup(low);
		if (nfd == NULL) {
			g_free(low);
			return APP_ENOMEM;
		}
	}
	for (p = nfd; *p && rc == 0; p = g_utf8_next_char(p))
		rc = fold_char(b, start, g_utf8_get_char(p), loose, &pending);
	g_free(low);
	g_free(nfd);
	return rc;
}

char *
text_fold(const char *s, size_t len, bool loose)
{
	struct buf b;

	buf_init(&b, len * 4 + 16);
	if (text_fold_to(&b, s, len, loose) != 0) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_take(&b, NULL);
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

size_t
text_distance(const char *a, const char *b, size_t limit)
{
	glong na, nb, i, j;
	gunichar *ua, *ub;
	size_t *prev2 = NULL, *prev = NULL, *cur = NULL, best, result = limit + 1;

	ua = g_utf8_to_ucs4_fast(a, -1, &na);
	ub = g_utf8_to_ucs4_fast(b, -1, &nb);
	if (ua == NULL || ub == NULL)
		goto out;
	if ((size_t)(na > nb ? na - nb : nb - na) > limit)
		goto out;
	prev2 = calloc((size_t)nb + 1, sizeof(size_t));
	prev = calloc((size_t)nb + 1, sizeof(size_t));
	cur = calloc((size_t)nb + 1, sizeof(size_t));
	if (prev2 == NULL || prev == NULL || cur == NULL)
		goto out;
	for (j = 0; j <= nb; j++)
		prev[j] = (size_t)j;
	for (i = 1; i <= na; i++) {
		size_t *t;

		cur[0] = (size_t)i;
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
	g_free(ua);
	g_free(ub);
	free(prev2);
	free(prev);
	free(cur);
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
