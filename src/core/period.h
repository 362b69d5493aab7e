/* period.h - reporting periods: half-years written "2020-H1" (January - June
 * 2020) and "2020-H2" (July - December 2020). */
#ifndef S3PM_PERIOD_H
#define S3PM_PERIOD_H

#include <stddef.h>

struct period {
	int year; /* 1990..2100 */
	int half; /* 1 or 2 */
};

/* Parses the interchange form "YYYY-H1" / "YYYY-H2". 0 or APP_EINPUT. */
int period_parse(const char *s, struct period *out);

/* Parses what people and the PDF form write: "January - June 2020",
 * "July-December 2020", "H1 2020", "2020 H2", "1st half 2020", and the
 * interchange form. Case and dashes do not matter. 0 or APP_EINPUT. */
int period_parse_text(const char *s, struct period *out);

/* "2020-H1" into out (at least 8 bytes). */
void period_format(struct period p, char *out, size_t n);

/* "January - June 2020" into out. */
void period_label(struct period p, char *out, size_t n);

/* The default deadline of a period, a month after it ends, as
 * "YYYY-MM-DD" into out (at least 11 bytes). */
void period_default_deadline(struct period p, char *out, size_t n);

/* First and last day as yyyymmdd. */
int period_first_day(struct period p);
int period_last_day(struct period p);

#endif
