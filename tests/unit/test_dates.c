/* test_dates.c - the date recogniser for table cells, and reporting periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dates.h"
#include "daytime.h"
#include "err.h"
#include "period.h"

static void
span(const char *s, int first, int last)
{
	struct date_span d;

	if (dates_parse(s, &d) != 0)
		fail_msg("\"%s\" was not taken for a date", s);
	if (d.first != first || d.last != last)
		fail_msg("\"%s\": %d..%d, expected %d..%d", s, d.first, d.last, first, last);
}

static void
accepted(void **state)
{
	(void)state;
	span("25.6.2020", 20200625, 20200625);
	span("12-13.2.2020", 20200212, 20200213);
	span("12.2.-13.2.2020", 20200212, 20200213);
	span("1.3.2020 - 2.4.2020", 20200301, 20200402);
	span("2020-06-25", 20200625, 20200625);
	span("25/06/2020", 20200625, 20200625);
	span("6/2020", 20200601, 20200630);
	span("September", 0, 0);
	span("September 2020", 20200901, 20200930);
	span("October/November", 0, 0);
	span("October - November 2020", 20201001, 20201130);
	span("12 September 2020", 20200912, 20200912);
	span("12-14 Sept. 2020", 20200912, 20200914);
	span("September 12, 2020", 20200912, 20200912);
	span("Q3 2020", 20200701, 20200930);
	span("autumn 2020", 20200901, 20201130);
	span("early December 2020", 20201201, 20201231);
	span("2021", 20210101, 20211231);
	span("29.2.2020", 20200229, 20200229);
	span(" 11.3.2020. ", 20200311, 20200311);
}

static void
refused(void **state)
{
	static const char *const bad[] = {"", "online", "soon", "31.2.2020", "32.1.2020", "1.13.2020",
		"29.2.2021", "13-12.2.2020", "Kemi, Finland", "2020-13-01", "next week", "25.6.2020 Kemi",
		"3000", "Septembre", "12.2020.5", NULL};
	struct date_span d;
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++)
		if (dates_parse(bad[i], &d) == 0)
			fail_msg("\"%s\" was taken for a date", bad[i]);
	assert_int_equal(dates_parse("TBC", &d), 0);
	assert_true(d.undetermined);
}

static void
prefixes(void **state)
{
	(void)state;
	assert_int_equal(dates_prefix("12-13.2.2020 Kemi, Finland"), strlen("12-13.2.2020"));
	assert_int_equal(dates_prefix("September Online"), strlen("September"));
	assert_int_equal(dates_prefix("October/November Online"), strlen("October/November"));
	assert_int_equal(dates_prefix("online"), 0);
	assert_int_equal(dates_prefix("Mayor's office"), 0);
	assert_int_equal(dates_prefix("25.6.2020"), 9);
}

static void
periods(void **state)
{
	struct period p;
	char buf[32];

	(void)state;
	assert_int_equal(period_parse("2020-H1", &p), 0);
	assert_int_equal(p.year, 2020);
	assert_int_equal(p.half, 1);
	assert_int_equal(period_parse("2020-H3", &p), APP_EINPUT);
	assert_int_equal(period_parse("2020-h1", &p), APP_EINPUT);
	assert_int_equal(period_parse_text("January - June 2020", &p), 0);
	assert_int_equal(p.half, 1);
	assert_int_equal(period_parse_text("July-December 2021", &p), 0);
	assert_int_equal(p.year, 2021);
	assert_int_equal(p.half, 2);
	assert_int_equal(period_parse_text("JULY \xe2\x80\x93 DECEMBER 2019", &p), 0);
	assert_int_equal(p.half, 2);
	assert_int_equal(period_parse_text("H2 2022", &p), 0);
	assert_int_equal(period_parse_text("2020-h2", &p), 0);
	assert_int_equal(period_parse_text("Spring 2020", &p), APP_EINPUT);
	assert_int_equal(period_parse_text("January - June", &p), APP_EINPUT);
	period_format((struct period){2020, 2}, buf, sizeof(buf));
	assert_string_equal(buf, "2020-H2");
	period_label((struct period){2020, 1}, buf, sizeof(buf));
	assert_string_equal(buf, "January - June 2020");
	assert_int_equal(period_last_day((struct period){2020, 1}), 20200630);
	assert_int_equal(period_first_day((struct period){2020, 2}), 20200701);
	period_default_deadline((struct period){2020, 1}, buf, sizeof(buf));
	assert_string_equal(buf, "2020-07-31");
	period_default_deadline((struct period){2020, 2}, buf, sizeof(buf));
	assert_string_equal(buf, "2021-01-31");
}

/* Calendar days: the day count against known values, leap years, and
 * what is no date. */
static void
days(void **state)
{
	long d;

	(void)state;
	assert_int_equal(day_number("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(day_number("2000-03-01", &d), 0);
	assert_int_equal(d, 11017);
	assert_int_equal(day_number("2026-12-03T17:00:00Z", &d), 0);
	assert_int_equal(d, 20790);
	assert_int_equal(day_number("1969-12-31", &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(days_between("2024-02-28", "2024-03-01", &d), 0);
	assert_int_equal(d, 2); /* 2024 is a leap year */
	assert_int_equal(days_between("2100-02-28", "2100-03-01", &d), 0);
	assert_int_equal(d, 1); /* 2100 is not */
	assert_int_equal(days_between("2000-02-28", "2000-03-01", &d), 0);
	assert_int_equal(d, 2); /* 2000 is */
	assert_int_equal(days_between("2021-02-01", "2021-01-31", &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(day_number("2023-02-29", &d), APP_EINPUT);
	assert_int_equal(day_number("2023-13-01", &d), APP_EINPUT);
	assert_int_equal(day_number("2023-00-10", &d), APP_EINPUT);
	assert_int_equal(day_number("2023-1-10", &d), APP_EINPUT);
	assert_int_equal(day_number("", &d), APP_EINPUT);
	assert_int_equal(day_number(NULL, &d), APP_EINPUT);
	assert_int_equal(days_between("today", "2021-01-31", &d), APP_EINPUT);
}

/* The one way dates and times are written for people. */
static void
human(void **state)
{
	char b[64];

	(void)state;
	day_human("2026-12-02", b, sizeof(b));
	assert_string_equal(b, "2 December 2026");
	day_human("2026-12-02T15:46:09Z", b, sizeof(b));
	assert_string_equal(b, "2 December 2026, 15:46 UTC");
	day_human("2021-01-31", b, sizeof(b));
	assert_string_equal(b, "31 January 2021");
	/* Not a date: kept as it is, nothing hidden. */
	day_human("Fall 2019", b, sizeof(b));
	assert_string_equal(b, "Fall 2019");
	day_human("2026-12-02T25:00:00Z", b, sizeof(b));
	assert_string_equal(b, "2026-12-02T25:00:00Z");
	day_human("2026-02-30", b, sizeof(b));
	assert_string_equal(b, "2026-02-30");
	day_human(NULL, b, sizeof(b));
	assert_string_equal(b, "");
	day_human("2026-12-02T15:46:09Z", b, 8); /* cut, never overrun */
	assert_string_equal(b, "2 Decem");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted),
		cmocka_unit_test(refused),
		cmocka_unit_test(prefixes),
		cmocka_unit_test(periods),
		cmocka_unit_test(days),
		cmocka_unit_test(human),
	};

	return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
