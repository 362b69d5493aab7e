/* text_fold.c - folding for comparison: lower case, accents off, typographic
 * quotes and dashes made ASCII (on GLib's Unicode tables, with a table built
 * once for the common characters). Declared in text.h. */
#include "text.h"
#include "buf.h"
#include "err.h"
#include "text_bytes.h"

#include <glib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* The tokens of the Latin letters from U+0080 to U+024F and of the
 * general punctuation (U+2000 to U+206F, typographic quotes and dashes),
 * worked out once through GLib: folding a line of a report then needs GLib
 * only for the rarer characters. ASCII goes by ascii_tab. (The table is
 * indexed by code point, so its first 128 entries stay unused.) */
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

	for (c = 0x80; c < CACHE_PUNCT_TO; c++) {
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

			/* ASCII by the same table as fold_ascii. */
			if (c < 0x80) {
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

