/* app_periods.h - shared inside the application layer (never included by
 * an edge): a partnership's reporting periods as a caller sees them, and
 * today's date. */
#ifndef S3PM_APP_PERIODS_H
#define S3PM_APP_PERIODS_H

#include "app_partnership.h"

/* The rows of a partnership's periods table, newest first: every period
 * set, every report of rr (a list of the store's, the partnership's own
 * or everybody's) the caller may read, and the half-year after the newest
 * of those (which can always be started). A report the caller may not
 * read is no row of its own and changes nothing in the others. *out is
 * the caller's to free() even on error. */
int app_period_rows(struct app *app, const struct actor *a, int64_t partnership_id, const char *today,
		    const struct report_row *rr, size_t nr, struct period_item **out, size_t *n);

/* The one rule of "overdue": a period whose deadline ("YYYY-MM-DD", ""
 * for none) has passed by today while no report the caller may read was
 * submitted (none readable, or one in draft or returned). The periods
 * table, the work lists and the portfolio use it. */
bool app_period_overdue(bool has_report, enum report_status s, const char *deadline,
			const char *today);
/* And "on time": a readable report past draft and returned (submitted,
 * accepted or published) first submitted (submitted: its day
 * "YYYY-MM-DD") on or before the deadline. */
bool app_period_on_time(bool has_report, enum report_status s, const char *submitted,
			const char *deadline);

#endif
