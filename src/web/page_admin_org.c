/* page_admin_org.c - /admin/partnerships and /admin/periods: the
 * partnerships (create one, rename it, change its platform, a way to its
 * members) and the reporting periods with their deadlines (add one, change
 * a deadline), for administrators. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "app_partnership.h"
#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "links.h"
#include "pages.h"
#include "period.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* What a form sent, kept when it comes back with an error. */
struct org_form {
	const char *slug, *name, *platform;
};

static int
platform_select(struct buf *b, const char *id, const char *selected)
{
	size_t i;
	int rc;

	TRY(html_raw(b, "<select id=\""));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\" name=\"platform\">\n"));
	TRY(html_option(b, "", "Not said", selected == NULL || selected[0] == '\0'));
	for (i = 0; platform_names[i] != NULL; i++)
		TRY(html_option(b, platform_names[i], platform_names[i],
				selected != NULL && strcmp(selected, platform_names[i]) == 0));
	TRY(html_raw(b, "</select>\n"));
out:
	return rc;
}

/* --- /admin/partnerships ----------------------------------------------------- */

static const char *const partnerships_done[][2] = {
	{"created", "The partnership was created. Add its coordinator under Accounts or on its "
		    "members page."},
	{NULL, NULL},
};

static int
partnerships_page(struct req *rq, struct resp *rs, const char *error, const struct org_form *f)
{
	struct actor a = ctx_actor(rq);
	struct partnership_item *ps = NULL;
	struct buf *b = &rs->body;
	size_t np = 0, i;
	int rc;

	TRY(app_partnership_list(rq->app, &a, &ps, &np));
	TRY(admin_begin(rq, rs, "Partnerships"));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	else
		TRY(admin_done(rq, b, partnerships_done));
	if (np == 0) {
		TRY(html_raw(b, "<p>No partnership yet.</p>\n"));
	} else {
		TRY(layout_table_begin(b, "partnerships", "Partnerships, by platform and name"));
		TRY(html_raw(b, "<th scope=\"col\">Name</th><th scope=\"col\">Address</th>"
				"<th scope=\"col\">Platform</th><th scope=\"col\">Latest published</th>"
				"<th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n"));
		for (i = 0; i < np; i++) {
			const struct partnership *p = &ps[i].p;

			TRY(html_raw(b, "<tr><th scope=\"row\">"));
			TRY(a_partnership(b, p->slug, NULL, p->name));
			TRY(html_raw(b, "</th><td><code>"));
			TRY(html_text(b, p->slug));
			TRY(html_raw(b, "</code></td><td>"));
			TRY(html_text(b, p->platform != NULL && p->platform[0] ? p->platform : "Not said"));
			TRY(html_raw(b, "</td><td>"));
			TRY(html_text(b, ps[i].latest[0] ? ps[i].latest : "—"));
			TRY(html_raw(b, "</td><td class=\"actions\"><ul class=\"actions\">\n<li><a href=\""));
			TRY(html_raw(b, "/admin/partnerships/"));
			TRY(html_url_arg(b, p->slug));
			TRY(html_raw(b, "\">Change<span class=\"visually-hidden\"> "));
			TRY(html_text(b, p->name));
			TRY(html_raw(b, "</span></a></li>\n<li><a href=\""));
			TRY(attr_report(b, p->slug, NULL, "members"));
			TRY(html_raw(b, "\">Members<span class=\"visually-hidden\"> of "));
			TRY(html_text(b, p->name));
			TRY(html_raw(b, "</span></a></li>\n</ul></td></tr>\n"));
		}
		TRY(layout_table_end(b));
	}
	TRY(html_raw(b, "<section aria-labelledby=\"h-create\">\n<h2 id=\"h-create\">Create a partnership</h2>\n"
			"<form id=\"partnership-form\" class=\"stack narrow\" method=\"post\" "
			"action=\"/admin/partnerships\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"p-name\">Name</label>\n"
			"<input id=\"p-name\" name=\"name\" type=\"text\" required maxlength=\"200\" "
			"autocomplete=\"off\" value=\""));
	TRY(html_attr(b, f != NULL ? f->name : NULL));
	TRY(html_raw(b, "\">\n</div>\n<div class=\"field\">\n<label for=\"p-slug\">Address</label>\n"
			"<input id=\"p-slug\" name=\"slug\" type=\"text\" required maxlength=\"100\" "
			"pattern=\"[a-z0-9\\-]+\" autocomplete=\"off\" autocapitalize=\"none\" "
			"spellcheck=\"false\" aria-describedby=\"p-slug-hint\" value=\""));
	TRY(html_attr(b, f != NULL ? f->slug : NULL));
	TRY(html_raw(b, "\">\n<p id=\"p-slug-hint\" class=\"hint\">Its part of the address, /p/…: "
			"small letters, digits and hyphens, like <code>mining-industry</code>. It "
			"cannot be changed later.</p>\n</div>\n<div class=\"field\">\n"
			"<label for=\"p-platform\">Thematic platform</label>\n"));
	TRY(platform_select(b, "p-platform", f != NULL ? f->platform : NULL));
	TRY(html_raw(b, "</div>\n<button type=\"submit\">Create the partnership</button>\n</form>\n"
			"</section>\n"));
	TRY(layout_end(rq, rs));
out:
	partnership_item_free_list(ps, np);
	return rc;
}

int
page_admin_partnerships(struct req *rq, struct resp *rs)
{
	bool redirected;
	int rc;

	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	return partnerships_page(rq, rs, NULL, NULL);
}

static bool
slug_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 100)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

int
page_admin_partnership_create(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct org_form f = {req_form(rq, "slug"), req_form(rq, "name"), req_form(rq, "platform")};
	struct app_msg msg = {{0}};
	struct partnership p;
	bool redirected;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	if (!rq->csrf_ok)
		return APP_EPERM;
	if (f.name == NULL || f.name[0] == '\0' || strlen(f.name) > 200) {
		rs->status = 400;
		return partnerships_page(rq, rs, "Enter the partnership's name (at most 200 characters).", &f);
	}
	if (f.slug == NULL || !slug_ok(f.slug)) {
		rs->status = 400;
		return partnerships_page(rq, rs, "The address takes small letters, digits and hyphens "
						 "only (at most 100), like mining-industry.", &f);
	}
	p.slug = (char *)f.slug;
	p.name = (char *)f.name;
	p.platform = (char *)(f.platform != NULL ? f.platform : "");
	rc = app_partnership_create(rq->app, &a, &p, &msg);
	if (rc == APP_EINPUT || rc == APP_ECONFLICT) {
		rs->status = rc == APP_EINPUT ? 400 : 409;
		return partnerships_page(rq, rs, msg.text, &f);
	}
	if (rc != 0)
		return rc;
	return resp_redirect(rs, "/admin/partnerships?done=created");
}

/* --- /admin/partnerships/:slug ---------------------------------------------- */

static const char *const partnership_done[][2] = {
	{"updated", "The partnership was changed."},
	{NULL, NULL},
};

static int
partnership_page(struct req *rq, struct resp *rs, const struct partnership *p, const char *error,
		 const struct org_form *f)
{
	struct buf *b = &rs->body;
	int rc;

	TRY(resp_titlef(rs, "Partnership: %s", p->name));
	TRY(admin_begin(rq, rs, rs->title));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	else
		TRY(admin_done(rq, b, partnership_done));
	TRY(html_raw(b, "<p>"));
	TRY(a_partnership(b, p->slug, NULL, "The partnership's page"));
	TRY(html_raw(b, " · <a href=\""));
	TRY(attr_report(b, p->slug, NULL, "members"));
	TRY(html_raw(b, "\">Its members</a> · <a href=\"/admin/partnerships\">All partnerships</a></p>\n"
			"<form id=\"partnership-edit\" class=\"stack narrow\" method=\"post\" action=\""));
	TRY(html_raw(b, "/admin/partnerships/"));
	TRY(html_url_arg(b, p->slug));
	TRY(html_raw(b, "\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"e-name\">Name</label>\n"
			"<input id=\"e-name\" name=\"name\" type=\"text\" required maxlength=\"200\" "
			"autocomplete=\"off\" value=\""));
	TRY(html_attr(b, f != NULL ? f->name : p->name));
	TRY(html_raw(b, "\">\n</div>\n<div class=\"field\">\n"
			"<label for=\"e-platform\">Thematic platform</label>\n"));
	TRY(platform_select(b, "e-platform", f != NULL ? f->platform : p->platform));
	TRY(html_raw(b, "</div>\n<p class=\"hint\">The address, <code>/p/"));
	TRY(html_text(b, p->slug));
	TRY(html_raw(b, "</code>, stays. The facts shown to the public (start, web page, regions) "
			"come from the partnership's published reports.</p>\n"
			"<button type=\"submit\">Save the changes</button>\n</form>\n"));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_admin_partnership(struct req *rq, struct resp *rs)
{
	struct partnership p;
	bool redirected;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	TRY(app_partnership_by_slug(rq->app, rq->nparams > 0 ? rq->params[0] : NULL, &p));
	rc = partnership_page(rq, rs, &p, NULL, NULL);
out:
	partnership_cleanup(&p);
	return rc;
}

int
page_admin_partnership_update(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct org_form f = {NULL, req_form(rq, "name"), req_form(rq, "platform")};
	struct app_msg msg = {{0}};
	struct partnership p;
	struct buf url;
	bool redirected;
	int rc;

	memset(&p, 0, sizeof(p));
	buf_init(&url, 512);
	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		goto out;
	if (!rq->csrf_ok) {
		rc = APP_EPERM;
		goto out;
	}
	TRY(app_partnership_by_slug(rq->app, rq->nparams > 0 ? rq->params[0] : NULL, &p));
	if (f.name == NULL || f.name[0] == '\0' || strlen(f.name) > 200) {
		rs->status = 400;
		rc = partnership_page(rq, rs, &p, "Enter the partnership's name (at most 200 characters).", &f);
		goto out;
	}
	rc = app_partnership_update(rq->app, &a, p.slug, f.name, f.platform != NULL ? f.platform : "", &msg);
	if (rc == APP_EINPUT) {
		rs->status = 400;
		rc = partnership_page(rq, rs, &p, msg.text, &f);
		goto out;
	}
	if (rc != 0)
		goto out;
	TRY(html_raw(&url, "/admin/partnerships/"));
	TRY(html_url_arg(&url, p.slug));
	TRY(html_raw(&url, "?done=updated"));
	rc = resp_redirect(rs, buf_cstr(&url));
out:
	buf_cleanup(&url);
	partnership_cleanup(&p);
	return rc;
}

/* --- /admin/periods ------------------------------------------------------------ */

static const char *const periods_done[][2] = {
	{"set", "The period was saved with its deadline."},
	{NULL, NULL},
};

struct period_form {
	const char *period, *deadline;
};

static int
periods_page(struct req *rq, struct resp *rs, const char *error, const struct period_form *f)
{
	struct buf *b = &rs->body;
	struct period_row *pr = NULL;
	size_t n = 0, i;
	int rc;

	TRY(app_period_list(rq->app, &pr, &n));
	TRY(admin_begin(rq, rs, "Reporting periods"));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	else
		TRY(admin_done(rq, b, periods_done));
	TRY(html_raw(b, "<p>Partnerships report on each half-year. A report is overdue when its "
			"period's deadline has passed before it was submitted.</p>\n"));
	if (n == 0) {
		TRY(html_raw(b, "<p>No period yet.</p>\n"));
	} else {
		TRY(layout_table_begin(b, "periods-admin", "Reporting periods, newest first"));
		TRY(html_raw(b, "<th scope=\"col\">Period</th><th scope=\"col\">Months</th>"
				"<th scope=\"col\">Deadline</th></tr></thead>\n<tbody>\n"));
		for (i = n; i-- > 0;) {
			struct period p;
			char label[40] = "";

			if (period_parse(pr[i].period, &p) == 0)
				period_label(p, label, sizeof(label));
			TRY(html_raw(b, "<tr><th scope=\"row\">"));
			TRY(html_text(b, pr[i].period));
			TRY(html_raw(b, "</th><td>"));
			TRY(html_text(b, label));
			TRY(html_raw(b, "</td><td>"));
			if (pr[i].deadline[0])
				TRY(render_time(b, pr[i].deadline));
			else
				TRY(html_raw(b, "—"));
			TRY(html_raw(b, "</td></tr>\n"));
		}
		TRY(layout_table_end(b));
	}
	TRY(html_raw(b, "<section aria-labelledby=\"h-period\">\n"
			"<h2 id=\"h-period\">Add a period or change a deadline</h2>\n"
			"<form id=\"period-form\" class=\"stack narrow\" method=\"post\" action=\"/admin/periods\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"pe-period\">Period</label>\n"
			"<input id=\"pe-period\" name=\"period\" type=\"text\" required maxlength=\"7\" "
			"pattern=\"[0-9]{4}-H[12]\" autocomplete=\"off\" aria-describedby=\"pe-period-hint\" "
			"value=\""));
	TRY(html_attr(b, f != NULL ? f->period : NULL));
	TRY(html_raw(b, "\">\n<p id=\"pe-period-hint\" class=\"hint\">A half-year: 2025-H1 is "
			"January - June 2025, 2025-H2 July - December.</p>\n</div>\n"
			"<div class=\"field\">\n<label for=\"pe-deadline\">Deadline</label>\n"
			"<input id=\"pe-deadline\" name=\"deadline\" type=\"date\" "
			"aria-describedby=\"pe-deadline-hint\" value=\""));
	TRY(html_attr(b, f != NULL ? f->deadline : NULL));
	TRY(html_raw(b, "\">\n<p id=\"pe-deadline-hint\" class=\"hint\">Left empty: a month after the "
			"period ends.</p>\n</div>\n<button type=\"submit\">Save the period</button>\n"
			"</form>\n</section>\n"));
	TRY(layout_end(rq, rs));
out:
	free(pr);
	return rc;
}

int
page_admin_periods(struct req *rq, struct resp *rs)
{
	bool redirected;
	int rc;

	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	return periods_page(rq, rs, NULL, NULL);
}

int
page_admin_period_set(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct period_form f = {req_form(rq, "period"), req_form(rq, "deadline")};
	struct app_msg msg = {{0}};
	char def[16];
	struct period p;
	bool redirected;
	int rc;

	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	if (!rq->csrf_ok)
		return APP_EPERM;
	if (f.period == NULL || period_parse(f.period, &p) != 0) {
		rs->status = 400;
		return periods_page(rq, rs, "Write the period as a year and a half, like 2025-H1 or 2025-H2.", &f);
	}
	period_default_deadline(p, def, sizeof(def));
	rc = app_period_set(rq->app, &a, f.period, f.deadline != NULL && f.deadline[0] ? f.deadline : def, &msg);
	if (rc == APP_EINPUT) {
		rs->status = 400;
		return periods_page(rq, rs, msg.text, &f);
	}
	if (rc != 0)
		return rc;
	return resp_redirect(rs, "/admin/periods?done=set");
}
