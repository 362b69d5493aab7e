/* dates.h - the dates people write in tables: "12-13.2.2020", "11.3.2020",
 * "2020-06-25", "September", "October/November 2020", "Q3 2020", "TBC". */
#ifndef S3PM_DATES_H
#define S3PM_DATES_H

#include <stdbool.h>
#include <stddef.h>

struct date_span {
	/* yyyymmdd of the first and last day the expression can mean, or 0 when
	 * the year is not written ("September"); day 0 / month 0 do not occur:
	 * a month stands for its first to last day. */
	int first;
	int last;
	bool undetermined; /* "TBC", "to be decided" */
};

/* Parses the whole of s (surrounding spaces and a final '.' allowed).
 * Returns 0, or APP_EINPUT when s is not a date or names an impossible day
 * (31.2.2020, 13/13/2020). */
int dates_parse(const char *s, struct date_span *out);

/* The length in bytes of the longest date expression at the start of s that
 * ends at a word boundary, or 0. Used to find the date cell in a row of a
 * flattened table. */
size_t dates_prefix(const char *s);

#endif
