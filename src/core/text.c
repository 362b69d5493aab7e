/* text.c - UTF-8 checks, cleaning and folding (on GLib's Unicode tables). */
#include "text.h"
#include "buf.h"
#include "err.h"

#include <glib.h>
#include <pthread.h>
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

#define ONES UINT64_C(0x0101010101010101)

/* Whether the eight bytes of w are all printable ASCII, 0x20 to 0x7E: none
 * with the top bit, none below 0x20 (a borrow out of the subtraction), none
 * equal to 0x7F. A byte is flagged falsely only next to a true one. */
static bool
printable8(uint64_t w)
{
	return ((w | ((w - ONES * 0x20) & ~w) | ((w ^ (ONES * 0x7F)) - ONES)) & ONES * 0x80) == 0;
}

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

static bool
is_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x00A0 || c == 0x2007 || c == 0x202F ||
	       c == 0xFEFF || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

/* Eight bytes that text_clean copies as they are: printable ASCII (0x20 to
 * 0x7E) with no two spaces side by side. A space is flagged falsely only
 * next to a true one, which sends the bytes the slow way: never wrong. */
static bool
plain8(uint64_t w)
{
	uint64_t x = w ^ (ONES * 0x20);
	uint64_t sp = (x - ONES) & ~x & (ONES * 0x80);

	return printable8(w) && (sp & (sp << 8)) == 0;
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

/* Folding writes "tokens": the folded text, with FOLD_SEP (a byte that
 * UTF-8 never holds) where a word boundary falls. A run of boundaries
 * becomes one space between words, none at either end. */
#define FOLD_SEP '\xff'

/* The tokens of one case-folded, decomposed character into t (room for 8
 * bytes); returns their length. Marks and '*' give none. */
static size_t
fold_tokens(gunichar c, bool loose, char *t)
{
	const char *sp = fold_special(c);
	GUnicodeType ty = g_unichar_type(c);
	size_t n;

	if (ty == G_UNICODE_NON_SPACING_MARK || ty == G_UNICODE_SPACING_MARK ||
	    ty == G_UNICODE_ENCLOSING_MARK || c == '*')
		return 0;
	if (is_space(c) || c == '\v' || (loose && sp == NULL && !g_unichar_isalnum(c)) ||
	    (loose && sp != NULL && !g_ascii_isalnum(sp[0]))) {
		t[0] = FOLD_SEP;
		return 1;
	}
	if (sp != NULL) {
		n = strlen(sp);
		memcpy(t, sp, n);
		return n;
	}
	return (size_t)g_unichar_to_utf8(c, t);
}

/* Appends tokens t[0..n) to b, whose folded text began at start. */
static int
put_tokens(struct buf *b, size_t start, const char *t, size_t n, bool *pending)
{
	size_t i = 0, j;
	int rc;

	while (i < n) {
		if (t[i] == FOLD_SEP) {
			*pending = b->len > start;
			i++;
			continue;
		}
		for (j = i; j < n && t[j] != FOLD_SEP; j++)
			;
		if (*pending && (rc = buf_putc(b, ' ')) != 0)
			return rc;
		*pending = false;
		if ((rc = buf_append(b, t + i, j - i)) != 0)
			return rc;
		i = j;
	}
	return 0;
}

/* The tokens of the characters below U+0250 (ASCII and the Latin letters)
 * and of the general punctuation (U+2000 to U+206F, typographic quotes and
 * dashes), worked out once through GLib: folding a line of a report then
 * needs GLib only for the rarer characters. ASCII here is as it comes in a
 * string that is not all ASCII; all-ASCII strings use ascii_tab. */
#define CACHE_LATIN 0x250
#define CACHE_PUNCT_FROM 0x2000
#define CACHE_PUNCT_TO 0x2070
#define CACHE_SIZE (CACHE_LATIN + (CACHE_PUNCT_TO - CACHE_PUNCT_FROM))
#define CACHE_TOK 15
#define CACHE_NONE 255 /* longer than CACHE_TOK: left to GLib */

struct fold_entry {
	unsigned char len[2]; /* strict, loose */
	char tok[2][CACHE_TOK];
};

static struct fold_entry fold_cache[CACHE_SIZE];
/* For all-ASCII strings: the byte folded, 0 (dropped) or FOLD_SEP. */
static unsigned char ascii_tab[2][128];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static long
cache_index(gunichar c)
{
	if (c < CACHE_LATIN)
		return (long)c;
	if (c >= CACHE_PUNCT_FROM && c < CACHE_PUNCT_TO)
		return (long)(CACHE_LATIN + (c - CACHE_PUNCT_FROM));
	return -1;
}

static void
fold_cache_entry(gunichar c, int loose, struct fold_entry *e)
{
	char in[8], tok[8], out[64];
	gchar *low, *nfd;
	const char *p;
	size_t n = 0, k;

	e->len[loose] = CACHE_NONE;
	if (c < 0x80) {
		n = fold_tokens((c >= 'A' && c <= 'Z') ? c + 32 : c, loose, out);
	} else {
		in[g_unichar_to_utf8(c, in)] = '\0';
		low = g_utf8_casefold(in, -1);
		nfd = low ? g_utf8_normalize(low, -1, G_NORMALIZE_NFD) : NULL;
		g_free(low);
		if (nfd == NULL)
			return;
		for (p = nfd; *p && n + 8 <= sizeof(out); p = g_utf8_next_char(p)) {
			k = fold_tokens(g_utf8_get_char(p), loose, tok);
			memcpy(out + n, tok, k);
			n += k;
		}
		if (*p) /* no room: leave it to GLib */
			n = sizeof(out);
		g_free(nfd);
	}
	if (n <= CACHE_TOK) {
		memcpy(e->tok[loose], out, n);
		e->len[loose] = (unsigned char)n;
	}
}

static void
fold_init(void)
{
	gunichar c;
	int loose;

	for (c = 0; c < CACHE_PUNCT_TO; c++) {
		long i = cache_index(c);

		if (i < 0)
			continue;
		for (loose = 0; loose < 2; loose++)
			fold_cache_entry(c, loose, &fold_cache[i]);
	}
	for (c = 0; c < 128; c++) {
		for (loose = 0; loose < 2; loose++) {
			bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			unsigned char v;

			if (c == '*')
				v = 0;
			else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
				 (loose && !alnum))
				v = (unsigned char)FOLD_SEP;
			else if (c == '`')
				v = '\'';
			else if (c >= 'A' && c <= 'Z')
				v = (unsigned char)(c + 32);
			else
				v = (unsigned char)c;
			ascii_tab[loose][c] = v; /* NUL is dropped */
		}
	}
}

/* Eight bytes that strict folding only lowers: printable ASCII without
 * '*' and '`', with no two spaces side by side (see plain8). */
static bool
foldable8(uint64_t w)
{
	uint64_t st = w ^ (ONES * '*'), bq = w ^ (ONES * '`');

	return plain8(w) && ((((st - ONES) & ~st) | ((bq - ONES) & ~bq)) & (ONES * 0x80)) == 0;
}

/* w with its capital letters made small (w is ASCII). */
static uint64_t
lower8(uint64_t w)
{
	uint64_t ge_a = w + ONES * (0x80 - 'A'), gt_z = w + ONES * (0x7F - 'Z');

	return w | ((ge_a & ~gt_z & ONES * 0x80) >> 2);
}

/* The common case, plain ASCII, without GLib: the readers fold every line
 * of a report. Returns 1 (and b as it was) when s is not all ASCII. Like
 * text_clean, a word boundary becomes a space as it comes, unless the text
 * so far is empty or ends in one, and a last space is taken off. */
static int
fold_ascii(struct buf *b, const char *s, size_t len, bool loose)
{
	const unsigned char *tab = ascii_tab[loose];
	size_t start = b->len, i = 0;
	char *q, *q0;
	int rc;

	if ((rc = buf_reserve(b, len + 1)) != 0)
		return rc;
	q = q0 = b->data + b->len;
	while (i < len) {
		unsigned char c = (unsigned char)s[i], v;

		if (!loose && len - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (foldable8(w) && (c != ' ' || (q > q0 && q[-1] != ' '))) {
				w = lower8(w);
				memcpy(q, &w, 8);
				q += 8;
				i += 8;
				continue;
			}
		}
		if (c >= 0x80) {
			b->data[start] = '\0';
			return 1;
		}
		v = tab[c];
		if (v == (unsigned char)FOLD_SEP) {
			if (q > q0 && q[-1] != ' ')
				*q++ = ' ';
		} else if (v != 0) {
			*q++ = (char)v;
		}
		i++;
	}
	if (q > q0 && q[-1] == ' ')
		q--;
	*q = '\0';
	b->len = (size_t)(q - b->data);
	return 0;
}

/* Case folding maps characters one by one and NFD reorders only the marks
 * after a starter, which folding drops; every ASCII character is a starter
 * that both leave as it is (but for the case of letters). So valid UTF-8
 * can go through GLib in runs of characters, with the others done from the
 * cache, and give the same result as folding the whole string at once. */
static int
fold_run(struct buf *b, size_t start, const char *s, size_t len, bool loose, bool *pending)
{
	gchar *low, *nfd;
	const char *p;
	char tok[8];
	int rc = 0;

	low = g_utf8_casefold(s, (gssize)len);
	if (low == NULL)
		return APP_ENOMEM;
	nfd = g_utf8_normalize(low, -1, G_NORMALIZE_NFD);
	g_free(low);
	if (nfd == NULL)
		return APP_ENOMEM;
	for (p = nfd; *p && rc == 0; p = g_utf8_next_char(p))
		rc = put_tokens(b, start, tok, fold_tokens(g_utf8_get_char(p), loose, tok), pending);
	g_free(nfd);
	return rc;
}

/* The whole string through GLib at once: the reference the faster paths
 * must agree with, and the way for invalid UTF-8 (compared as it is). */
static int
fold_whole(struct buf *b, size_t start, const char *s, size_t len, bool loose)
{
	gchar *low, *nfd;
	const char *p;
	bool pending = false;
	char tok[8];
	int rc = 0;

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
		rc = put_tokens(b, start, tok, fold_tokens(g_utf8_get_char(p), loose, tok), &pending);
	g_free(low);
	g_free(nfd);
	return rc;
}

char *
text_fold_reference(const char *s, size_t len, bool loose)
{
	struct buf b;

	buf_init(&b, len * 8 + 16);
	if (fold_whole(&b, 0, s, len, loose) != 0) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_take(&b, NULL);
}

/* The cache entry for the character at s, or NULL when GLib must fold it. */
static const struct fold_entry *
cached(const char *s, bool loose)
{
	long i = cache_index(g_utf8_get_char(s));

	if (i < 0 || fold_cache[i].len[loose] == CACHE_NONE)
		return NULL;
	return &fold_cache[i];
}

int
text_fold_to(struct buf *b, const char *s, size_t len, bool loose)
{
	const struct fold_entry *e;
	size_t start = b->len, i, j;
	bool pending = false;
	int rc;

	pthread_once(&fold_once, fold_init);
	if ((rc = fold_ascii(b, s, len, loose)) <= 0)
		return rc;
	if (g_utf8_validate(s, (gssize)len, NULL)) {
		const unsigned char *tab = ascii_tab[loose];

		for (i = 0, rc = 0; i < len && rc == 0; i = j) {
			unsigned char c = (unsigned char)s[i];

			/* ASCII as in fold_ascii (its cache entries are the same;
			 * it never comes here with NUL, which C strings lack). */
			if (c < 0x80 && c != 0) {
				unsigned char v = tab[c];

				j = i + 1;
				if (v == (unsigned char)FOLD_SEP) {
					pending = b->len > start;
				} else if (v != 0) {
					if (pending && (rc = buf_putc(b, ' ')) != 0)
						break;
					pending = false;
					rc = buf_putc(b, (char)v);
				}
				continue;
			}
			j = i + (size_t)g_utf8_skip[c];
			if ((e = cached(s + i, loose)) != NULL) {
				rc = put_tokens(b, start, e->tok[loose], e->len[loose], &pending);
				continue;
			}
			while (j < len && (unsigned char)s[j] >= 0x80 && cached(s + j, loose) == NULL)
				j += (size_t)g_utf8_skip[(unsigned char)s[j]];
			rc = fold_run(b, start, s + i, j - i, loose, &pending);
		}
		return rc;
	}
	/* Invalid UTF-8: the whole string at once, as it is. */
	return fold_whole(b, start, s, len, loose);
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
