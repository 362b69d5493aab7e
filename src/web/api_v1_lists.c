/* api_v1_lists.c - the JSON API v1's partnerships (the list, one
 * partnership with its periods and decisions as the caller may see them),
 * reporting periods and search, and the Commission's decisions. */
#include "api_v1.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_decision.h"
#include "app_partnership.h"
#include "app_search.h"
#include "ctx.h"
#include "edit.h"
#include "pages.h"

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

/* A string, or null for "" and NULL. */
static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *
partnership_link(const char *slug)
{
	char u[160];

	snprintf(u, sizeof(u), "/api/v1/partnerships/%s", slug);
	return json_string(u);
}

static json_t *
report_link(const char *slug, const char *period)
{
	char u[200];

	if (period == NULL || period[0] == '\0')
		return json_null();
	snprintf(u, sizeof(u), "/api/v1/partnerships/%s/reports/%s", slug, period);
	return json_string(u);
}

/* Appends item (stolen) to arr; APP_ENOMEM when either is NULL. */
static int
append(json_t *arr, json_t *item)
{
	if (arr == NULL || item == NULL) {
		json_decref(item);
		return APP_ENOMEM;
	}
	return json_array_append_new(arr, item) != 0 ? APP_ENOMEM : 0;
}

/* Answers out (stolen; NULL: out of memory) with "items" (stolen) and the
 * page's members (api_v1_paged). */
static int
reply_page(struct req *rq, struct resp *rs, json_t *out, json_t *items, size_t page, size_t per, size_t total)
{
	int rc;

	if (out == NULL || items == NULL) {
		json_decref(out);
		json_decref(items);
		return APP_ENOMEM;
	}
	if (json_object_set_new(out, "items", items) != 0) {
		json_decref(out);
		return APP_ENOMEM;
	}
	if ((rc = api_v1_paged(rq, out, page, per, total)) != 0) {
		json_decref(out);
		return rc;
	}
	return edit_reply_json(rs, 200, out);
}

/* --- GET /api/v1/partnerships --------------------------------------------- */

int
api_v1_partnerships(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct partnership_item *v = NULL;
	size_t n = 0, page, per, i;
	json_t *items = NULL;
	int rc;

	if (!api_v1_paging(rq, rs, &page, &per, &rc))
		return rc;
	TRY(app_partnership_list(rq->app, &a, &v, &n));
	items = json_array();
	for (i = (page - 1) * per; i < n && i < page * per; i++) {
		const struct partnership_item *e = &v[i];

		TRY(append(items, json_pack("{s:s, s:s, s:o, s:o, s:{s:o, s:o}}", "slug", e->p.slug, "name",
					    e->p.name, "platform", str_or_null(e->p.platform), "latest",
					    str_or_null(e->latest), "links", "self", partnership_link(e->p.slug),
					    "latest", report_link(e->p.slug, e->latest))));
	}
	rc = reply_page(rq, rs, json_object(), items, page, per, n);
	items = NULL;
out:
	json_decref(items);
	partnership_item_free_list(v, n);
	return rc;
}

/* --- GET /api/v1/partnerships/:slug --------------------------------------- */

static json_t *
decision_json(const struct decision *d)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)d->id, "term", d->term, "outcome",
			 d->outcome, "conditions", d->conditions != NULL ? d->conditions : "", "rationale",
			 d->rationale, "created_at", str_or_null(d->created_at));
}

static int
follower_parts(const struct partnership_view *pv, json_t *out)
{
	json_t *periods = json_array(), *decisions = json_array();
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < pv->nperiods; i++) {
		const struct period_item *e = &pv->periods[i];

		rc = append(periods, json_pack("{s:s, s:o, s:o, s:b, s:b, s:b, s:o}", "period", e->period,
					       "deadline", str_or_null(e->deadline), "status",
					       e->has_report ? json_string(report_status_name(e->status)) : json_null(),
					       "overdue", e->overdue, "can_start", e->can_start, "can_edit", e->can_edit,
					       "report", e->has_report ? report_link(pv->p.slug, e->period) : json_null()));
	}
	for (i = 0; rc == 0 && i < pv->ndecisions; i++)
		rc = append(decisions, decision_json(&pv->decisions[i]));
	if (rc == 0 && (json_object_set(out, "periods", periods) != 0 ||
			json_object_set(out, "decisions", decisions) != 0))
		rc = APP_ENOMEM;
	json_decref(periods);
	json_decref(decisions);
	return rc;
}

int
api_v1_partnership(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct partnership_view pv;
	json_t *out = NULL, *published = NULL, *regions = NULL;
	size_t i;
	int rc;

	memset(&pv, 0, sizeof(pv));
	TRY(app_partnership_view(rq->app, &a, api_v1_param(rq, 0), NULL, &pv));
	published = json_array();
	for (i = 0; i < pv.npublished; i++)
		TRY(append(published, json_string(pv.published[i])));
	if (pv.participating_regions != NULL && pv.participating_regions[0] != '\0')
		regions = json_loads(pv.participating_regions, 0, NULL);
	if (!json_is_array(regions)) {
		json_decref(regions);
		regions = json_null();
	}
	out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:O, s:b, s:{s:o, s:o}}", "slug", pv.p.slug, "name",
			pv.p.name, "platform", str_or_null(pv.p.platform), "latest", str_or_null(pv.latest),
			"start_date", str_or_null(pv.start_date), "webpage", str_or_null(pv.webpage),
			"leading_regions", str_or_null(pv.leading_regions), "participating_regions", regions,
			"published", published, "follows", pv.can_follow, "links", "self",
			partnership_link(pv.p.slug), "latest", report_link(pv.p.slug, pv.latest));
	regions = NULL;
	if (out == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	/* Periods and decisions only for those who follow the partnership,
	 * as on its page: the public does not learn of drafts or decisions. */
	if (pv.can_follow)
		TRY(follower_parts(&pv, out));
	rc = edit_reply_json(rs, 200, out);
	out = NULL;
out:
	json_decref(out);
	json_decref(published);
	partnership_view_cleanup(&pv);
	return rc;
}

/* --- GET /api/v1/periods -------------------------------------------------- */

int
api_v1_periods(struct req *rq, struct resp *rs)
{
	struct period_row *v = NULL;
	size_t n = 0, page, per, i;
	json_t *items = NULL;
	int rc;

	if (!api_v1_paging(rq, rs, &page, &per, &rc))
		return rc;
	TRY(app_period_list(rq->app, &v, &n));
	items = json_array();
	for (i = (page - 1) * per; i < n && i < page * per; i++)
		TRY(append(items, json_pack("{s:s, s:o}", "period", v[i].period, "deadline",
					    str_or_null(v[i].deadline))));
	rc = reply_page(rq, rs, json_object(), items, page, per, n);
	items = NULL;
out:
	json_decref(items);
	free(v);
	return rc;
}

/* --- GET /api/v1/search --------------------------------------------------- */

static const char *
query_or_empty(const struct req *rq, const char *k)
{
	const char *v = req_query(rq, k);

	return v != NULL ? v : "";
}

int
api_v1_search(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct app_search_query q = {query_or_empty(rq, "q"), query_or_empty(rq, "platform"),
				     query_or_empty(rq, "period"), query_or_empty(rq, "question"), 1};
	struct app_search_result r;
	json_t *items = NULL;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	if (!api_v1_query_number(rq, rs, "page", 1000000, 1, &q.page, &rc))
		return rc;
	TRY(app_search(rq->app, &a, &q, &r));
	items = json_array();
	for (i = 0; i < r.n; i++) {
		const struct app_search_item *e = &r.v[i];

		TRY(append(items, json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:{s:o}}", "partnership",
					    e->slug, "name", e->name, "platform", str_or_null(e->platform), "period",
					    e->period, "status", report_status_name(e->status), "question",
					    e->question, "label", e->label, "snippet", search_snippet_json(e->snippet),
					    "links", "report", report_link(e->slug, e->period))));
	}
	rc = reply_page(rq, rs, json_pack("{s:s, s:I, s:b}", "q", q.q, "words", (json_int_t)r.nwords, "more", r.more),
			items, q.page, APP_SEARCH_PAGE, r.total);
	items = NULL;
out:
	json_decref(items);
	app_search_result_cleanup(&r);
	return rc;
}

/* --- POST /api/v1/partnerships/:slug/decisions ---------------------------- */

/* A string field of body into *out (a copy; "" when absent): false when
 * it is there but no string. */
static bool
copy_field(json_t *body, const char *name, char **out)
{
	json_t *v = json_object_get(body, name);

	*out = strdup(json_is_string(v) ? json_string_value(v) : "");
	return v == NULL || json_is_string(v);
}

int
api_v1_decide(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct decision d;
	const char *msgs[5];
	size_t nmsg = 0, i;
	json_t *body = NULL, *errs;
	bool ok;
	int rc;

	memset(&d, 0, sizeof(d));
	if (!api_v1_may_write(rq, rs, &rc))
		return rc;
	TRY(api_v1_body(rq, rs, &body));
	if (body == NULL)
		goto out;
	ok = copy_field(body, "term", &d.term);
	ok = copy_field(body, "outcome", &d.outcome) && ok;
	ok = copy_field(body, "conditions", &d.conditions) && ok;
	ok = copy_field(body, "rationale", &d.rationale) && ok;
	if (d.term == NULL || d.outcome == NULL || d.conditions == NULL || d.rationale == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	if (!ok) {
		rc = api_v1_problem(rq, rs, 400, "invalid-input",
				    "\"term\", \"outcome\", \"conditions\" and \"rationale\" must be strings.", NULL);
		goto out;
	}
	rc = app_decision_record(rq->app, &a, api_v1_param(rq, 0), &d, msgs, &nmsg, false);
	if (rc == APP_EINPUT && nmsg > 0) {
		errs = json_array();
		for (i = 0; errs != NULL && i < nmsg; i++)
			if (append(errs, json_pack("{s:s}", "detail", msgs[i])) != 0) {
				json_decref(errs);
				errs = NULL;
			}
		rc = api_v1_problem(rq, rs, 400, "invalid-input", msgs[0], errs);
		goto out;
	}
	if (rc)
		goto out;
	rc = edit_reply_json(rs, 201, decision_json(&d));
out:
	json_decref(body);
	decision_cleanup(&d);
	return rc;
}
