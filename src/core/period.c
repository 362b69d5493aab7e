/* period.c - reporting half-years. */
#include "period.h"
#include "buf.h"
#include "err.h"
#include "text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
year_ok(int y)
{
	return y >= 1990 && y <= 2100;
}

static int
digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return APP_EINPUT;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
period_parse(const char *s, struct period *out)
{
	int y;

	if (strlen(s) != 7 || s[4] != '-' || s[5] != 'H' || (s[6] != '1' && s[6] != '2'))
		return APP_EINPUT;
	if (digits(s, 4, &y) != 0 || !year_ok(y))
		return APP_EINPUT;
	out->year = y;
	out->half = s[6] - '0';
	return 0;
}

/* Matches the folded text against "<words> YYYY" or "YYYY <words>". */
static bool
match_words(const char *f, const char *const *forms, int *year)
{
	const char *const *w;
	size_t n, fl = strlen(f);

	for (w = forms; *w; w++) {
		n = strlen(*w);
		if (fl == n + 5 && strncmp(f, *w, n) == 0 && f[n] == ' ' &&
		    digits(f + n + 1, 4, year) == 0)
			return true;
		if (fl == n + 5 && strcmp(f + 5, *w) == 0 && f[4] == ' ' &&
		    digits(f, 4, year) == 0)
			return true;
	}
	return false;
}

int
period_parse_text(const char *s, struct period *out)
{
	static const char *const first[] = {"january - june", "january june", "jan - jun",
		"h1", "1st half", "first half", "first half of", "1st half of", "s1", NULL};
	static const char *const second[] = {"july - december", "july december", "jul - dec",
		"h2", "2nd half", "second half", "second half of", "2nd half of", "s2", NULL};
	struct buf b;
	const char *p;
	char *f, *g = NULL;
	int year = 0, rc = APP_EINPUT;

	if (period_parse(s, out) == 0)
		return 0;
	f = text_fold(s, strlen(s), false);
	if (f == NULL)
		return APP_ENOMEM;
	/* One spelling of the dash: "January-June", "January – June". */
	buf_init(&b, strlen(f) * 3 + 1);
	for (p = f; *p && rc == APP_EINPUT; p++) {
		if (*p != '-') {
			if (buf_putc(&b, *p) != 0)
				rc = APP_ENOMEM;
			continue;
		}
		if ((b.len > 0 && b.data[b.len - 1] != ' ' && buf_putc(&b, ' ') != 0) ||
		    buf_putc(&b, '-') != 0 || (p[1] != ' ' && buf_putc(&b, ' ') != 0))
			rc = APP_ENOMEM;
	}
	if (rc == APP_ENOMEM)
		goto out;
	g = buf_take(&b, NULL);
	if (g == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	if (strlen(f) == 7 && f[4] == '-' && f[5] == 'h') {
		f[5] = 'H';
		rc = period_parse(f, out);
	} else if (match_words(g, first, &year) && year_ok(year)) {
		out->year = year;
		out->half = 1;
		rc = 0;
	} else if (match_words(g, second, &year) && year_ok(year)) {
		out->year = year;
		out->half = 2;
		rc = 0;
	}
out:
	buf_cleanup(&b);
	free(f);
	free(g);
	return rc;
}

void
period_format(struct period p, char *out, size_t n)
{
	snprintf(out, n, "%04d-H%d", p.year, p.half);
}

void
period_label(struct period p, char *out, size_t n)
{
	snprintf(out, n, "%s %d", p.half == 1 ? "January - June" : "July - December", p.year);
}

int
period_first_day(struct period p)
{
	return p.year * 10000 + (p.half == 1 ? 101 : 701);
}

int
period_last_day(struct period p)
{
	return p.year * 10000 + (p.half == 1 ? 630 : 1231);
}

void
period_default_deadline(struct period p, char *out, size_t n)
{
	if (p.half == 1)
		snprintf(out, n, "%04d-07-31", p.year);
	else
		snprintf(out, n, "%04d-01-31", p.year + 1);
}
