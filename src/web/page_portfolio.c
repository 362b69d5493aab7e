/* page_portfolio.c - GET /portfolio.xlsx and GET /portfolio.csv?sheet=NAME:
 * the reports the signed-in committee member, Commission officer or
 * administrator may read, as a workbook or one of its sheets, filtered by
 * platform, period and partnership (query parameters); and the download
 * form that /me shows them. The public is sent to log in (as /me does);
 * other accounts get 403. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_partnership.h"
#include "app_sheet.h"
#include "ctx.h"
#include "fileio.h"
#include "html.h"
#include "pages.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* A workbook may pass the pages' body limit. */
#define PORTFOLIO_MAX_BYTES ((size_t)512 << 20)

static const char *
filter_value(const struct req *rq, const char *key)
{
	const char *v = req_query(rq, key);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* The caller's sheets, or an error: a redirect to log in for the public. */
static int
open_sheets(struct req *rq, struct resp *rs, const char *self, struct app_sheets *sh, bool *redirected)
{
	struct actor a = ctx_actor(rq);
	struct export_filter f;
	struct app_msg msg = {{0}};

	*redirected = false;
	if (rq->user == NULL) {
		*redirected = true;
		return resp_redirect(rs, self);
	}
	if (!app_sheets_allowed(&a))
		return APP_EPERM;
	f.platform = filter_value(rq, "platform");
	f.period = filter_value(rq, "period");
	f.slug = filter_value(rq, "partnership");
	return app_sheets_open(rq->app, &a, &f, sh, &msg);
}

int
page_portfolio_xlsx(struct req *rq, struct resp *rs)
{
	struct app_sheets sh;
	struct app_msg msg = {{0}};
	const char *dir = getenv("TMPDIR");
	char tmp[4096], *data = NULL;
	size_t len = 0;
	bool redirected;
	int fd, rc;

	memset(&sh, 0, sizeof(sh));
	tmp[0] = '\0';
	TRY(open_sheets(rq, rs, "/login?next=%2Fportfolio.xlsx", &sh, &redirected));
	if (redirected)
		goto out;
	snprintf(tmp, sizeof(tmp), "%s/s3pm-portfolio.XXXXXX", dir != NULL && dir[0] == '/' ? dir : "/tmp");
	if ((fd = mkstemp(tmp)) < 0) {
		tmp[0] = '\0';
		rc = APP_EIO;
		goto out;
	}
	close(fd);
	TRY(sheet_xlsx(&sh.set, tmp, &msg));
	TRY(fileio_read(tmp, PORTFOLIO_MAX_BYTES, &data, &len, &msg));
	buf_cleanup(&rs->body);
	buf_init(&rs->body, PORTFOLIO_MAX_BYTES);
	TRY(buf_append(&rs->body, data, len));
	rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if ((rs->disposition = strdup("attachment; filename=\"portfolio.xlsx\"")) == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
out:
	if (tmp[0] != '\0')
		(void)unlink(tmp);
	free(data);
	app_sheets_cleanup(&sh);
	return rc;
}

int
page_portfolio_csv(struct req *rq, struct resp *rs)
{
	struct app_sheets sh;
	struct app_msg msg = {{0}};
	const char *sheet = req_query(rq, "sheet");
	bool redirected;
	int rc;

	memset(&sh, 0, sizeof(sh));
	TRY(open_sheets(rq, rs, "/login?next=%2Fportfolio.csv", &sh, &redirected));
	if (redirected)
		goto out;
	buf_cleanup(&rs->body);
	buf_init(&rs->body, PORTFOLIO_MAX_BYTES);
	TRY(sheet_csv(&sh.set, sheet != NULL ? sheet : "Reports", &rs->body, &msg));
	rs->content_type = "text/csv; charset=utf-8; header=present";
	if ((rs->disposition = strdup("attachment; filename=\"portfolio.csv\"")) == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
out:
	app_sheets_cleanup(&sh);
	return rc;
}

/* The download form on /me: the filters and a button per format. */
int
portfolio_form(struct req *rq, struct buf *b)
{
	struct actor a = ctx_actor(rq);
	struct partnership_item *ps = NULL;
	struct sheet_set none;
	char **names = NULL;
	size_t i, np = 0;
	int rc = 0;

	memset(&none, 0, sizeof(none));
	none.form = rq->app->form;
	if (none.form == NULL || (names = sheet_names(&none)) == NULL)
		return none.form == NULL ? 0 : APP_ENOMEM;
	TRY(app_partnership_list(rq->app, &a, &ps, &np));
	TRY(html_raw(b, "<section aria-labelledby=\"h-portfolio\">\n"
			"<h2 id=\"h-portfolio\">Portfolio spreadsheet</h2>\n"
			"<p>Every report you may read, a row per report and a sheet per table, "
			"with the regions, the goals and the findings. Leave a filter empty for all.</p>\n"
			"<form method=\"get\" action=\"/portfolio.xlsx\" class=\"portfolio\">\n"
			"<p><label for=\"pf-platform\">Platform</label>\n"
			"<select id=\"pf-platform\" name=\"platform\">\n"));
	TRY(html_option(b, "", "All platforms", 1));
	for (i = 0; platform_names[i] != NULL; i++)
		TRY(html_option(b, platform_names[i], platform_names[i], 0));
	TRY(html_raw(b, "</select></p>\n"
			"<p><label for=\"pf-period\">Period</label>\n"
			"<input id=\"pf-period\" name=\"period\" size=\"8\" pattern=\"[0-9]{4}-H[12]\" "
			"aria-describedby=\"pf-period-hint\" autocomplete=\"off\">\n"
			"<span id=\"pf-period-hint\" class=\"hint\">A half-year such as 2021-H2</span></p>\n"
			"<p><label for=\"pf-partnership\">Partnership</label>\n"
			"<select id=\"pf-partnership\" name=\"partnership\">\n"));
	TRY(html_option(b, "", "All partnerships", 1));
	for (i = 0; i < np; i++)
		TRY(html_option(b, ps[i].p.slug, ps[i].p.name, 0));
	TRY(html_raw(b, "</select></p>\n"
			"<p><label for=\"pf-sheet\">Sheet for CSV</label>\n"
			"<select id=\"pf-sheet\" name=\"sheet\">\n"));
	for (i = 0; names[i] != NULL; i++)
		TRY(html_option(b, names[i], names[i], i == 0));
	TRY(html_raw(b, "</select></p>\n"
			"<p><button type=\"submit\">Download the workbook (XLSX)</button>\n"
			"<button type=\"submit\" formaction=\"/portfolio.csv\">Download the sheet (CSV)</button></p>\n"
			"</form>\n</section>\n"));
out:
	sheet_names_free(names);
	partnership_item_free_list(ps, np);
	return rc;
}
