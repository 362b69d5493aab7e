/* dates.c - a small recogniser for the dates written in report tables. */
#include "dates.h"
#include "err.h"

#include <ctype.h>
#include <strings.h>
#include <string.h>

/* A partial date: 0 = not written. */
struct pd {
	int d, m, y;
};

static const char *const months[12][3] = {
	{"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL},
	{"april", "apr", NULL}, {"may", NULL, NULL}, {"june", "jun", NULL},
	{"july", "jul", NULL}, {"august", "aug", NULL}, {"september", "sep", "sept"},
	{"october", "oct", NULL}, {"november", "nov", NULL}, {"december", "dec", NULL},
};

static bool
word_end(const char *p)
{
	return *p == '\0' || !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80);
}

static size_t
skip_sp(const char *p)
{
	size_t n = 0;

	while (p[n] == ' ')
		n++;
	return n;
}

/* A run of 1..maxd digits; returns its length (0 = none). */
static size_t
num(const char *p, size_t maxd, int *v)
{
	size_t n = 0;

	*v = 0;
	while (isdigit((unsigned char)p[n]) && n < maxd) {
		*v = *v * 10 + (p[n] - '0');
		n++;
	}
	if (isdigit((unsigned char)p[n]))
		return 0;
	return n;
}

static size_t
year(const char *p, int *y)
{
	size_t n = num(p, 4, y);

	if (n == 4 && *y >= 1990 && *y <= 2100)
		return 4;
	return 0;
}

/* Does p start with w[0..n), ignoring case? The first bytes are compared
 * first: bytes that differ beyond case (bit 0x20) cannot be equal, and
 * most words at p are no keyword. */
static bool
ci_prefix(const char *p, const char *w, size_t n)
{
	if (n > 0 && (((unsigned char)p[0] | 0x20) != ((unsigned char)w[0] | 0x20)))
		return false;
	return strncasecmp(p, w, n) == 0;
}

/* Case-insensitive keyword at p, ending at a word boundary. */
static size_t
kw(const char *p, const char *w)
{
	size_t n;

	if (((unsigned char)p[0] | 0x20) != ((unsigned char)w[0] | 0x20))
		return 0; /* most words at p: before measuring w */
	n = strlen(w);
	if (strncasecmp(p, w, n) == 0 && word_end(p + n))
		return n;
	return 0;
}

static size_t
month(const char *p, int *m)
{
	int i, j;
	size_t n;

	for (i = 0; i < 12; i++)
		for (j = 0; j < 3 && months[i][j]; j++)
			if ((n = kw(p, months[i][j])) != 0) {
				*m = i + 1;
				if (j > 0 && p[n] == '.')
					n++;
				return n;
			}
	return 0;
}

static bool
is_dash(const char *p, size_t *n)
{
	if (*p == '-' || *p == '/') {
		*n = 1;
		return true;
	}
	if (strncmp(p, "\xe2\x80\x93", 3) == 0 || strncmp(p, "\xe2\x80\x94", 3) == 0) {
		*n = 3; /* en and em dash */
		return true;
	}
	return false;
}

/* Spaces, a dash and spaces between two parts of a range. */
static size_t
range_sep(const char *p)
{
	size_t n = skip_sp(p), d;

	if (!is_dash(p + n, &d))
		return 0;
	n += d;
	return n + skip_sp(p + n);
}

/* D sep M [sep Y], the same separator ('.', '/' or '-') twice; the year
 * may be missing when allow_open (the first half of a range). */
static size_t
dmy(const char *p, struct pd *o, bool allow_open)
{
	size_t n, k;
	char sep;
	int v;

	memset(o, 0, sizeof(*o));
	if ((n = num(p, 2, &o->d)) == 0)
		return 0;
	sep = p[n];
	if (sep != '.' && sep != '/' && sep != '-')
		return 0;
	n++;
	if ((k = num(p + n, 2, &o->m)) == 0)
		return 0;
	n += k;
	if (p[n] == sep) {
		if ((k = year(p + n + 1, &o->y)) != 0)
			return n + 1 + k;
		if ((k = num(p + n + 1, 2, &v)) == 2 && sep != '-') {
			o->y = 2000 + v;
			return n + 3;
		}
		if (allow_open && sep == '.')
			return n + 1; /* "12.2." */
		return 0;
	}
	return allow_open ? n : 0;
}

/* YYYY-MM-DD */
static size_t
iso(const char *p, struct pd *o)
{
	size_t n, k;

	memset(o, 0, sizeof(*o));
	if ((n = year(p, &o->y)) == 0 || p[n] != '-')
		return 0;
	n++;
	if ((k = num(p + n, 2, &o->m)) != 2 || p[n + k] != '-')
		return 0;
	n += 3;
	if ((k = num(p + n, 2, &o->d)) != 2)
		return 0;
	return n + 2;
}

/* [D[-D][.]] Month[/Month] [D,] [YYYY] */
static size_t
named(const char *p, struct pd *a, struct pd *b)
{
	size_t n = 0, k, s;
	int d1 = 0, d2 = 0, v;

	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	if ((k = num(p, 2, &d1)) != 0) {
		n = k;
		if ((s = range_sep(p + n)) != 0 && (k = num(p + n + s, 2, &d2)) != 0)
			n += s + k;
		if (p[n] == '.')
			n++;
		n += skip_sp(p + n);
	}
	if ((k = month(p + n, &a->m)) == 0)
		return 0;
	n += k;
	b->m = a->m;
	if ((s = range_sep(p + n)) != 0 && (k = month(p + n + s, &v)) != 0) {
		b->m = v;
		n += s + k;
	}
	a->d = d1;
	b->d = d2 ? d2 : d1;
	if (d1 == 0) {
		/* "September 12, 2020" */
		s = skip_sp(p + n);
		if (s && (k = num(p + n + s, 2, &v)) != 0 && !isdigit((unsigned char)p[n + s + k])) {
			size_t t = n + s + k;

			if (p[t] == ',')
				t++;
			if (year(p + t + skip_sp(p + t), &a->y) != 0 || p[t] == ',') {
				a->d = b->d = v;
				n = t;
			}
		}
	}
	s = skip_sp(p + n);
	if (p[n + s] == ',')
		s += 1 + skip_sp(p + n + s + 1);
	if ((s || p[n] == '\0') && (k = year(p + n + s, &a->y)) != 0) {
		b->y = a->y;
		n += s + k;
	}
	return n;
}

static size_t
season(const char *p, struct pd *a, struct pd *b)
{
	static const struct { const char *w; int m1, m2; } t[] = {
		{"spring", 3, 5}, {"summer", 6, 8}, {"autumn", 9, 11}, {"fall", 9, 11},
		{"winter", 12, 12}, {"q1", 1, 3}, {"q2", 4, 6}, {"q3", 7, 9}, {"q4", 10, 12},
	};
	size_t i, n, s, k;

	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if ((n = kw(p, t[i].w)) == 0)
			continue;
		a->m = t[i].m1;
		b->m = t[i].m2;
		s = skip_sp(p + n);
		if (s && (k = year(p + n + s, &a->y)) != 0) {
			b->y = a->y;
			n += s + k;
		}
		return n;
	}
	return 0;
}

static size_t
qualifier(const char *p)
{
	static const char *const q[] = {"beginning of", "end of", "early", "mid", "late",
		"around", "approx.", "ca.", NULL};
	const char *const *w;
	size_t n;

	for (w = q; *w; w++) {
		n = strlen(*w);
		if (ci_prefix(p, *w, n) && (p[n] == ' ' || p[n] == '-'))
			return n + 1 + skip_sp(p + n + 1);
	}
	return 0;
}

static size_t
undetermined(const char *p)
{
	static const char *const w[] = {"to be confirmed", "to be decided", "to be defined",
		"tbc", "tbd", "n/a", NULL};
	size_t i, n;

	for (i = 0; w[i]; i++) {
		n = strlen(w[i]);
		if (ci_prefix(p, w[i], n) && word_end(p + n))
			return n;
	}
	return 0;
}

static int
days_in(int m, int y)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && y && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static bool
pd_ok(const struct pd *o)
{
	if (o->m < 1 || o->m > 12)
		return false;
	if (o->d != 0 && (o->d < 1 || o->d > days_in(o->m, o->y ? o->y : 2001)))
		return false;
	return true;
}

static int
pd_first(const struct pd *o)
{
	return o->y ? o->y * 10000 + o->m * 100 + (o->d ? o->d : 1) : 0;
}

static int
pd_last(const struct pd *o)
{
	return o->y ? o->y * 10000 + o->m * 100 + (o->d ? o->d : days_in(o->m, o->y)) : 0;
}

/* The longest date expression at p; fills a (first) and b (last). */
static size_t
expr(const char *p, struct pd *a, struct pd *b, bool *undet)
{
	size_t n = 0, k, s, best = 0;
	struct pd x, y2, bx, by;
	int v, yy;

	*undet = false;
	if ((k = undetermined(p)) != 0) {
		*undet = true;
		memset(a, 0, sizeof(*a));
		memset(b, 0, sizeof(*b));
		return k;
	}
	n = qualifier(p);
	p += n;
	/* Numeric: D.M.Y, ranges D-D.M.Y, D.M.-D.M.Y, D.M.Y-D.M.Y, ISO. */
	if ((k = iso(p, &x)) != 0) {
		*a = *b = x;
		best = k;
		if ((s = range_sep(p + k)) != 0 && (k = iso(p + best + s, &y2)) != 0) {
			*b = y2;
			best += s + k;
		}
	}
	if ((k = dmy(p, &x, true)) != 0 && k > best) {
		if (x.y) {
			*a = *b = x;
			best = k;
			if ((s = range_sep(p + k)) != 0 && (k = dmy(p + best + s, &y2, false)) != 0) {
				*b = y2;
				best += s + k;
			}
		} else if ((s = range_sep(p + k)) != 0 && dmy(p + k + s, &y2, false) != 0) {
			/* "12.2.-13.2.2020" */
			size_t k2 = dmy(p + k + s, &y2, false);

			x.y = y2.y;
			*a = x;
			*b = y2;
			best = k + s + k2;
		}
	}
	/* "12-13.2.2020" */
	if ((k = num(p, 2, &v)) != 0 && (s = range_sep(p + k)) != 0) {
		size_t k2 = dmy(p + k + s, &y2, false);

		if (k2 && k + s + k2 > best) {
			bx = y2;
			bx.d = v;
			*a = bx;
			*b = y2;
			best = k + s + k2;
		}
	}
	/* M/YYYY, M.YYYY */
	if ((k = num(p, 2, &v)) != 0 && (p[k] == '/' || p[k] == '.') && (s = year(p + k + 1, &yy)) != 0 &&
	    k + 1 + s > best) {
		a->d = b->d = 0;
		a->m = b->m = v;
		a->y = b->y = yy;
		best = k + 1 + s;
	}
	if ((k = named(p, &bx, &by)) != 0 && k > best) {
		*a = bx;
		*b = by;
		if (b->y == 0)
			b->y = a->y;
		best = k;
	}
	if ((k = season(p, &bx, &by)) != 0 && k > best) {
		*a = bx;
		*b = by;
		best = k;
	}
	if (best == 0 && (k = year(p, &yy)) != 0) {
		a->d = b->d = 0;
		a->m = 1;
		b->m = 12;
		a->y = b->y = yy;
		best = k;
	}
	if (best == 0 || !word_end(p + best))
		return 0;
	return n + best;
}

size_t
dates_prefix(const char *s)
{
	struct pd a, b;
	bool u;

	return expr(s, &a, &b, &u);
}

int
dates_parse(const char *s, struct date_span *out)
{
	struct pd a, b;
	size_t n, len;
	bool u;

	memset(out, 0, sizeof(*out));
	s += skip_sp(s);
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.'))
		len--;
	n = expr(s, &a, &b, &u);
	if (n == 0)
		return APP_EINPUT;
	/* Allow the final '.' that expr may have taken or left. */
	if (n < len)
		return APP_EINPUT;
	if (u) {
		out->undetermined = true;
		return 0;
	}
	if (!pd_ok(&a) || !pd_ok(&b))
		return APP_EINPUT;
	if (a.y == 0 && b.y != 0)
		a.y = b.y;
	out->first = pd_first(&a);
	out->last = pd_last(&b);
	if (out->first && out->last && out->last < out->first)
		return APP_EINPUT;
	return 0;
}
