/* daytime.h - calendar days and the one way the system writes a date or a
 * time for people: "2 December 2026" and "2 December 2026, 15:46 UTC".
 * Stored times are UTC text "YYYY-MM-DDTHH:MM:SSZ", dates "YYYY-MM-DD". */
#ifndef S3PM_DAYTIME_H
#define S3PM_DAYTIME_H

#include <stddef.h>

/* Days since 1970-01-01 of the date at the start of s ("YYYY-MM-DD", a
 * stored time also does). 0, or APP_EINPUT for anything but a real
 * calendar date. */
int day_number(const char *s, long *out);

/* Days from the date today to the date day (negative: day is past).
 * APP_EINPUT when either is not a date. */
int days_between(const char *today, const char *day, long *out);

/* For people: a date "YYYY-MM-DD" as "2 December 2026"; a stored time as
 * "2 December 2026, 15:46 UTC". Anything else is copied as it is (so that
 * nothing is hidden). out gets at least 32 bytes for the two forms. */
void day_human(const char *s, char *out, size_t n);

#endif
