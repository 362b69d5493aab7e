/* daytime.c - calendar days and dates for people (daytime.h). */
#include "daytime.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
				     "July",    "August",   "September", "October", "November", "December"};

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num(const char *s, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* The parts of "YYYY-MM-DD" at the start of s. */
static bool
ymd(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strnlen(s, 10) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2))
		return false;
	*y = num(s, 4);
	*m = num(s + 5, 2);
	*d = num(s + 8, 2);
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m);
}

int
day_number(const char *s, long *out)
{
	int y, m, d;
	long era, yoe, doy, doe;

	if (!ymd(s, &y, &m, &d))
		return APP_EINPUT;
	/* Days from civil (proleptic Gregorian), March-based years. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return 0;
}

int
days_between(const char *today, const char *day, long *out)
{
	long a, b;

	if (day_number(today, &a) != 0 || day_number(day, &b) != 0)
		return APP_EINPUT;
	*out = b - a;
	return 0;
}

void
day_human(const char *s, char *out, size_t n)
{
	int y, m, d;

	if (n == 0)
		return;
	if (s == NULL) {
		out[0] = '\0';
		return;
	}
	if (!ymd(s, &y, &m, &d)) {
		snprintf(out, n, "%s", s);
		return;
	}
	if (s[10] == '\0') {
		snprintf(out, n, "%d %s %04d", d, months[m - 1], y);
		return;
	}
	/* "YYYY-MM-DDTHH:MM..." */
	if (s[10] == 'T' && strnlen(s, 16) == 16 && digits(s + 11, 2) && s[13] == ':' &&
	    digits(s + 14, 2) && num(s + 11, 2) < 24 && num(s + 14, 2) < 60) {
		snprintf(out, n, "%d %s %04d, %.2s:%.2s UTC", d, months[m - 1], y, s + 11, s + 14);
		return;
	}
	snprintf(out, n, "%s", s);
}
