/* page_pdf.c - GET /p/:slug/:period.pdf: the report as PDF, as the caller
 * may read it (app_report_pdf): what the HTML page would not show gives the
 * same 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_pdf.h"
#include "ctx.h"
#include "pages.h"

int
page_report_pdf(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct app_msg msg = {{0}};
	char disp[160];
	int rc;

	if (rq->nparams < 2)
		return APP_ENOTFOUND;
	/* The route let through a slug of [A-Za-z0-9_-] and a period
	 * "YYYY-Hn" only: nothing to quote in the file name. */
	snprintf(disp, sizeof(disp), "inline; filename=\"%s-%s.pdf\"", rq->params[0], rq->params[1]);
	rc = app_report_pdf(rq->app, &a, rq->params[0], rq->params[1], &rs->body, &msg);
	if (rc != 0) {
		buf_reset(&rs->body);
		return rc;
	}
	if ((rs->disposition = strdup(disp)) == NULL)
		return APP_ENOMEM;
	rs->content_type = "application/pdf";
	return 0;
}
