/* app_pdf.c - a report as PDF for one caller: the report view's visible
 * document and what the caller may know of it, handed to pdf_out.c. */
#include "app_pdf.h"

#include <stdio.h>
#include <string.h>

#include "app_report.h"
#include "pdf_out.h"

/* "Published" for "published". */
static void
status_label(enum report_status s, char *out, size_t n)
{
	snprintf(out, n, "%s", report_status_name(s));
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

int
app_report_pdf(struct app *app, const struct actor *a, const char *slug, const char *period,
	       struct buf *out, struct app_msg *msg)
{
	struct report_view v;
	struct pdf_meta m;
	json_t *doc = NULL;
	char status[32], url[512];
	size_t i;
	int rc;

	memset(&v, 0, sizeof(v));
	rc = app_report_open(app, a, slug, period, &v);
	if (rc == 0 && !v.have_report)
		rc = APP_ENOTFOUND;
	if (rc != 0) {
		if (rc == APP_ENOTFOUND)
			app_fail(msg, rc, "no report %s/%s", slug, period != NULL ? period : "");
		else
			app_fail(msg, rc, "report %s/%s: %s", slug, period != NULL ? period : "",
				 app_strerror(rc));
		goto out;
	}
	if ((doc = report_view_visible_doc(&v)) == NULL) {
		rc = app_fail(msg, APP_ENOMEM, "out of memory");
		goto out;
	}
	memset(&m, 0, sizeof(m));
	status_label(v.status, status, sizeof(status));
	m.partnership = v.p.name;
	m.period = v.period;
	m.status = status;
	/* The report's page, when the site's address is known. */
	if (app->base_url != NULL && app->base_url[0] != '\0' &&
	    (size_t)snprintf(url, sizeof(url), "%s/p/%s/%s", app->base_url, v.p.slug, v.period) <
		    sizeof(url))
		m.url = url;
	/* The confidential sections are printed only when the caller reads
	 * one; the visible document holds no others anyway. */
	for (i = 0; i < v.form->nsections; i++)
		if (v.form->sections[i].confidential && report_view_can_read_section(&v, i))
			m.confidential = true;
	rc = pdf_report(v.form, doc, &m, out, msg);
out:
	json_decref(doc);
	report_view_cleanup(&v);
	return rc;
}
