/* sheet.h - reports as spreadsheets for the portfolio: an XLSX workbook
 * (libxlsxwriter) or one of its sheets as CSV (RFC 4180, UTF-8).
 *
 * Sheets: "Reports" (a row per report, a column per simple question, the
 * question's wording as header, its answer id in a note), one per table
 * question, "Regions" (each participating region with its NUTS finding),
 * "SDG" (report x 17 goals), "Findings" (validation findings). The caller
 * (the application layer) passes documents already cut to what the reader
 * may see, and says whether confidential columns are shown. */
#ifndef S3PM_SHEET_H
#define S3PM_SHEET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "finding.h"
#include "form.h"
#include "nuts.h"

struct sheet_report {
	const char *slug, *partnership, *platform; /* the partnership */
	const char *period;       /* "2020-H1" */
	const char *status;       /* "published", ... */
	const char *updated_at;   /* "YYYY-MM-DD HH:MM:SS" UTC or NULL */
	const struct form *form;  /* the report's form */
	json_t *doc;              /* canonical, cut to what the reader may see (borrowed) */
	const struct findings *findings; /* its validation findings; NULL: none computed */
};

struct sheet_set {
	const struct sheet_report *v;
	size_t n;
	const struct form *form;  /* the form whose questions make the columns */
	bool confidential;        /* confidential columns are shown */
	/* When not NULL, the findings may still be in the making (beside
	 * the first sheets, which show none): findings_wait(findings_arg,
	 * msg) is called before the first sheet that reads them is built,
	 * and returns 0 once they are all there, or the error that stopped
	 * them (msg says which report). */
	int (*findings_wait)(void *arg, struct app_msg *msg);
	void *findings_arg;
};

/* The sheets' names for set, in workbook order (a NULL-terminated,
 * malloc'd array of malloc'd strings; sheet_names_free). */
char **sheet_names(const struct sheet_set *s);
void sheet_names_free(char **v);

/* Writes the workbook to path. APP_EIO/APP_EINTERNAL with a message. */
int sheet_xlsx(const struct sheet_set *s, const char *path, struct app_msg *msg);

/* Appends sheet `name` as CSV to out. APP_EINPUT naming the sheets there
 * are when there is no such sheet. */
int sheet_csv(const struct sheet_set *s, const char *name, struct buf *out, struct app_msg *msg);

#endif
