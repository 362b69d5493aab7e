/* app_pdf.h - a report as PDF, as the caller may read it: the sections the
 * caller may not read are left out (the public gets a published report's
 * public sections, a partnership member its draft with everything). */
#ifndef S3PM_APP_PDF_H
#define S3PM_APP_PDF_H

#include "app.h"
#include "buf.h"

/* Appends the PDF of report slug/period as a reads it to out. Returns 0;
 * APP_ENOTFOUND (with a message naming slug and period) for an unknown
 * partnership, a malformed period, or a report the caller may not read,
 * which look alike; APP_ENOMEM, APP_ETOOBIG (out's limit) or
 * APP_EINTERNAL from the renderer. Thread-safe: for the web server's
 * threads. */
int app_report_pdf(struct app *app, const struct actor *a, const char *slug, const char *period,
		   struct buf *out, struct app_msg *msg);

#endif
