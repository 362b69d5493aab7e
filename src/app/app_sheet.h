/* app_sheet.h - the portfolio's spreadsheets for one caller: the reports
 * they may read (app_export_reports), each with its validation findings,
 * made into the doc ring's sheet_set (sheet.h) for sheet_xlsx or
 * sheet_csv. Shared by the command line and the web download. */
#ifndef S3PM_APP_SHEET_H
#define S3PM_APP_SHEET_H

#include <pthread.h>
#include <stdbool.h>

#include "app_export.h"
#include "sheet.h"

struct app_sheets {
	struct sheet_set set;       /* what sheet_xlsx and sheet_csv take; borrows the rest */
	struct export_set reports;
	struct sheet_report *rows;
	struct findings *fnd;       /* one per report; none for the public */
	/* The findings are computed on a thread of their own while the
	 * first sheets are written (set.findings_wait waits for them): the
	 * struct must stay where app_sheets_open filled it. */
	struct app *app;
	pthread_t checker;
	bool checking;              /* checker runs or is to be joined */
	int check_rc;               /* the first failure, at report check_bad */
	size_t check_bad;
};

/* The reports a may read, filtered (f), as sheets of app->form's columns.
 * The confidential columns are there when a reads a confidential section
 * of a report there (for the operator always). Findings are computed for
 * signed-in callers and the operator, without those about sections the
 * caller does not read; the public gets none (the public pages show none).
 * The findings are still being computed when this returns (the sheets wait
 * for them where they need them): out must not be moved or copied.
 * APP_EINPUT for a malformed period (msg), APP_ENOMEM, APP_EINTERNAL.
 * app_sheets_cleanup frees everything, also after a failure. */
int app_sheets_open(struct app *app, const struct actor *a, const struct export_filter *f,
		    struct app_sheets *out, struct app_msg *msg);
void app_sheets_cleanup(struct app_sheets *s);

/* May a download the portfolio in the browser? The committee, the
 * Commission and the administrators (each gets what they read). */
bool app_sheets_allowed(const struct actor *a);

#endif
