/* api_v1_portfolio.c - GET /api/v1/portfolio: the portfolio's figures as
 * the caller may know them (app_portfolio decides what counts: a report
 * the caller may not read counts exactly like no report), with the
 * filters of /portfolio (read by the page's own dashboard_query) and its
 * partnerships paged like the API's lists; the per-period figures, the
 * totals per goal and the events count every partnership selected. */
#include "api_v1.h"

#include <stdio.h>
#include <string.h>

#include "app_portfolio.h"
#include "ctx.h"
#include "edit.h"
#include "pages.h"

/* The 400 problem of a bad query parameter name (NULL: not known), with
 * detail; 0 or APP_ENOMEM. */
static int
bad_parameter(struct req *rq, struct resp *rs, const char *name, const char *detail)
{
	json_t *errs = NULL;

	if (name != NULL && (errs = json_pack("[{s:s, s:s}]", "parameter", name, "detail", detail)) == NULL)
		return APP_ENOMEM;
	return api_v1_problem(rq, rs, 400, "invalid-parameter", detail, errs);
}

int
api_v1_portfolio(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct app_portfolio_query q;
	struct app_portfolio pf;
	struct app_msg msg = {{0}};
	size_t page, per;
	json_t *out = NULL;
	int rc;

	memset(&pf, 0, sizeof(pf));
	rc = dashboard_query(rq, &q, &page, &msg);
	if (rc == APP_EINPUT)
		return bad_parameter(rq, rs, "page", msg.text);
	if (rc != 0 || !api_v1_query_number(rq, rs, "per_page", API_V1_PER_PAGE_MAX, API_V1_PER_PAGE, &per, &rc))
		return rc;
	rc = app_portfolio(rq->app, &a, &q, &pf, &msg);
	if (rc == APP_EINPUT) {
		rc = bad_parameter(rq, rs, pf.bad_filter, msg.text);
		goto out;
	}
	if (rc != 0)
		goto out;
	/* page <= 999999 and per <= API_V1_PER_PAGE_MAX: no overflow. */
	out = app_portfolio_json_rows(&pf, (page - 1) * per, per);
	if (out == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	if ((rc = api_v1_paged(rq, out, page, per, pf.np)) != 0)
		goto out;
	rc = edit_reply_json(rs, 200, out);
	out = NULL;
out:
	json_decref(out);
	app_portfolio_cleanup(&pf);
	return rc;
}
