/* page_public.c - the pages anybody may open: the partnerships by platform,
 * a partnership, a report, and a report as JSON. What each shows beyond the
 * published, public sections is decided by policy.h through ctx.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_partnership.h"
#include "app_compare.h"
#include "app_decision.h"
#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "links.h"
#include "page_text.h"
#include "pages.h"
#include "period.h"
#include "render.h"
#include "report.h"
#include "validate.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* The notices a redirect may ask for with ?done=...; the query value is
 * only ever a key, never shown. */
static const char *
done_text(const char *done)
{
	static const struct {
		const char *key, *text;
	} t[] = {
		{"commented", "Your comment was added."},
		{"returned", "The report was returned to the partnership with your comment."},
		{"published", "The report was accepted and published."},
		{"decided", "The decision was recorded."},
		{"resolved", "The comment is marked resolved."},
		{"reopened", "The comment is open again."},
		{"submitted", "The report was submitted to the committee."},
		{"saved", "Saved."},
		{"created", "The report was started."},
	};
	size_t i;

	for (i = 0; done != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(done, t[i].key) == 0)
			return t[i].text;
	return NULL;
}

static int
done_notice(struct req *rq, struct buf *b)
{
	const char *text = done_text(req_query(rq, "done"));

	return text != NULL ? layout_notice(b, "success", text) : 0;
}

/* <a href="/p/SLUG[/PERIOD[/SUFFIX]]">TEXT</a> */
static int
a_report(struct buf *b, const char *slug, const char *period, const char *suffix, const char *text)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	rc = link_report(&u, slug, period, suffix);
	if (rc == 0)
		rc = html_link(b, buf_cstr(&u), text);
	buf_cleanup(&u);
	return rc;
}

static void
label_of(const char *period, char *out, size_t n)
{
	struct period p;

	if (period_parse(period, &p) == 0)
		period_label(p, out, n);
	else
		snprintf(out, n, "%s", period);
}

/* --- GET / ---------------------------------------------------------------- */

static bool
known_platform(const char *s)
{
	return s[0] != '\0' && platform_ok(s);
}

static int
index_group(struct buf *b, const char *title, const char *platform, int n,
	    const struct partnership_item *ps, size_t np)
{
	char label[64];
	size_t i;
	int rc;

	TRY(buf_printf(b, "<section class=\"platform\" aria-labelledby=\"pf-%d\">\n<h2 id=\"pf-%d\">",
		       n, n));
	TRY(html_text(b, title));
	TRY(html_raw(b, "</h2>\n<ul class=\"partnerships\">\n"));
	for (i = 0; i < np; i++) {
		if (strcmp(ps[i].p.platform != NULL ? ps[i].p.platform : "", platform) != 0)
			continue;
		TRY(html_raw(b, "<li>"));
		TRY(a_report(b, ps[i].p.slug, NULL, NULL, ps[i].p.name));
		if (ps[i].latest[0] != '\0') {
			label_of(ps[i].latest, label, sizeof(label));
			TRY(html_raw(b, " <span class=\"latest\">Latest published report: "));
			TRY(a_report(b, ps[i].p.slug, ps[i].latest, NULL, label));
			TRY(html_raw(b, "</span>"));
		} else {
			TRY(html_raw(b, " <span class=\"latest\">No published report yet</span>"));
		}
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n</section>\n"));
out:
	return rc;
}

int
page_index(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct buf *b = &rs->body;
	struct partnership_item *ps = NULL;
	size_t np = 0, i, j;
	int rc, n = 0;
	bool any;

	TRY(app_partnership_list(rq->app, &a, &ps, &np));
	TRY(layout_begin(rq, rs, "Thematic Smart Specialisation Partnerships"));
	TRY(html_raw(b, "<p class=\"lead\">The six-monthly monitoring progress reports of the EU "
			"Thematic Smart Specialisation Partnerships, by thematic platform. Each "
			"partnership's page shows its latest published report.</p>\n"
			"<div role=\"search\">\n<form id=\"home-search\" class=\"inline\" method=\"get\" "
			"action=\"/search\">\n<label for=\"home-q\">Search the reports</label>\n"
			"<input id=\"home-q\" name=\"q\" type=\"search\" maxlength=\"500\">\n"
			"<button type=\"submit\">Search</button>\n</form>\n</div>\n"));
	if (np == 0)
		TRY(html_raw(b, "<p>No partnerships have been registered yet.</p>\n"));
	/* The four platforms in their usual order, then any other platform
	 * named in the data, then the partnerships without one. */
	for (i = 0; platform_names[i] != NULL; i++) {
		any = false;
		for (j = 0; j < np && !any; j++)
			any = ps[j].p.platform != NULL && strcmp(ps[j].p.platform, platform_names[i]) == 0;
		if (any)
			TRY(index_group(b, platform_names[i], platform_names[i], ++n, ps, np));
	}
	for (i = 0; i < np; i++) {
		const char *pf = ps[i].p.platform != NULL ? ps[i].p.platform : "";

		if (pf[0] == '\0' || known_platform(pf))
			continue;
		for (j = 0; j < i; j++)
			if (ps[j].p.platform != NULL && strcmp(ps[j].p.platform, pf) == 0)
				break;
		if (j < i) /* shown with its first partnership */
			continue;
		TRY(index_group(b, pf, pf, ++n, ps, np));
	}
	any = false;
	for (j = 0; j < np && !any; j++)
		any = ps[j].p.platform == NULL || ps[j].p.platform[0] == '\0';
	if (any)
		TRY(index_group(b, "Other partnerships", "", ++n, ps, np));
	TRY(layout_end(rq, rs));
out:
	partnership_item_free_list(ps, np);
	return rc;
}

/* --- GET /p/:slug --------------------------------------------------------- */

/* " Compare with YYYY-Hn" for row i of the periods table: the next older
 * row with a report the caller may read. */
static int
compare_previous(struct buf *b, const struct partnership_view *pv, size_t i)
{
	char text[64];
	size_t j;
	int rc;

	for (j = i + 1; j < pv->nperiods; j++)
		if (pv->periods[j].has_report)
			break;
	if (j == pv->nperiods)
		return 0;
	snprintf(text, sizeof(text), "Compare with %s", pv->periods[j].period);
	if ((rc = html_raw(b, " ")) != 0)
		return rc;
	return compare_link(b, pv->p.slug, pv->periods[j].period, pv->periods[i].period, text);
}

static int
periods_table(struct req *rq, struct buf *b, const struct partnership_view *pv,
	      const struct actor *a)
{
	char label[64];
	size_t i;
	int rc = 0;

	(void)a;
	TRY(html_raw(b, "<section class=\"reporting\" aria-labelledby=\"h-periods\">\n"
			"<h2 id=\"h-periods\">Reporting periods</h2>\n"
			"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
			"aria-labelledby=\"cap-periods\">\n"
			"<table id=\"periods\">\n"
			"<caption id=\"cap-periods\">Reports by period, newest first</caption>\n"
			"<thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Status</th>"
			"<th scope=\"col\">Deadline</th><th scope=\"col\">Overdue</th>"
			"<th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n"));
	if (pv->nperiods == 0)
		TRY(html_raw(b, "<tr><td colspan=\"5\">No reporting periods have been set yet.</td></tr>\n"));
	for (i = 0; i < pv->nperiods; i++) {
		const struct period_item *row = &pv->periods[i];

		label_of(row->period, label, sizeof(label));
		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_text(b, row->period));
		TRY(html_raw(b, " <span class=\"period-label\">("));
		TRY(html_text(b, label));
		TRY(html_raw(b, ")</span></th><td>"));
		TRY(html_text(b, row->has_report ? render_status_label(row->status) : "Not started"));
		TRY(html_raw(b, "</td><td>"));
		TRY(row->deadline[0] ? render_time(b, row->deadline) : html_raw(b, "—"));
		TRY(html_raw(b, "</td><td>"));
		if (row->overdue)
			TRY(html_raw(b, "<strong class=\"overdue\">OVERDUE</strong>"));
		TRY(html_raw(b, "</td><td class=\"actions\">"));
		if (row->can_start) {
			TRY(html_raw(b, "<form class=\"start-report\" method=\"post\" action=\""));
			TRY(attr_report(b, pv->p.slug, row->period, "new"));
			TRY(html_raw(b, "\">\n"));
			TRY(layout_csrf(rq, b));
			TRY(html_raw(b, "<button type=\"submit\">Start the report for "));
			TRY(html_text(b, row->period));
			TRY(html_raw(b, "</button>\n</form>"));
		}
		if (row->can_edit) {
			TRY(html_raw(b, "<a href=\""));
			TRY(attr_report(b, pv->p.slug, row->period, "edit"));
			TRY(html_raw(b, "\">Edit<span class=\"visually-hidden\"> the report for "));
			TRY(html_text(b, row->period));
			TRY(html_raw(b, "</span></a> "));
		}
		if (row->has_report) {
			TRY(html_raw(b, "<a href=\""));
			TRY(attr_report(b, pv->p.slug, row->period, NULL));
			TRY(html_raw(b, "\">View<span class=\"visually-hidden\"> the report for "));
			TRY(html_text(b, row->period));
			TRY(html_raw(b, "</span></a>"));
			TRY(compare_previous(b, pv, i));
		}
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n</section>\n"));
out:
	return rc;
}

/* Decisions are shared with the partnership and those who oversee it
 * (policy_can_follow), never published: the rationale weighs the
 * confidential self-assessment, which the public never reads. */
static int
decisions_section(struct req *rq, struct buf *b, const struct partnership_view *pv)
{
	const struct decision *d = pv->decisions;
	size_t nd = pv->ndecisions;
	int rc = 0;

	TRY(html_raw(b, "<section id=\"decisions\" aria-labelledby=\"h-decisions\">\n"
			"<h2 id=\"h-decisions\">Decisions of the European Commission</h2>\n"
			"<p class=\"section-note\">Shared with the partnership, its Working/Steering "
			"Committee and the Commission; not published.</p>\n"));
	TRY(render_decisions(b, d, nd, 3));
	if (pv->can_decide) {
		TRY(html_raw(b, "<h3 id=\"h-decision-form\">Record a decision</h3>\n"));
		TRY(render_decision_form(b, rq, pv->p.slug, NULL));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

static int
regions_table(struct buf *b, const char *json)
{
	json_t *arr, *e;
	size_t i;
	int rc = 0;

	if (json == NULL || json[0] == '\0')
		return 0;
	arr = json_loads(json, 0, NULL);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		goto out;
	TRY(html_raw(b, "<section class=\"partnership-regions\" aria-labelledby=\"h-regions\">\n"
			"<h2 id=\"h-regions\">Participating regions</h2>\n"
			"<table class=\"regions\">\n"
			"<caption class=\"visually-hidden\">Participating regions</caption>\n"
			"<thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Country</th>"
			"<th scope=\"col\">NUTS code</th></tr></thead>\n<tbody>\n"));
	json_array_foreach(arr, i, e) {
		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_text(b, json_string_value(json_object_get(e, "name"))));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, json_string_value(json_object_get(e, "country"))));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_text(b, json_string_value(json_object_get(e, "nuts"))));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</section>\n"));
out:
	json_decref(arr);
	return rc;
}

static int
fact(struct buf *b, const char *term, const char *value)
{
	int rc = 0;

	if (value == NULL || value[0] == '\0')
		return 0;
	TRY(html_raw(b, "<dt>"));
	TRY(html_text(b, term));
	TRY(html_raw(b, "</dt><dd>"));
	TRY(html_text(b, value));
	TRY(html_raw(b, "</dd>\n"));
out:
	return rc;
}

static int
partnership_facts(struct buf *b, const struct partnership_view *pv)
{
	const struct partnership *p = &pv->p;
	int rc;

	TRY(html_raw(b, "<dl class=\"facts\">\n"));
	TRY(fact(b, "Thematic platform", p->platform));
	TRY(fact(b, "Start date", pv->start_date));
	if (pv->webpage != NULL && pv->webpage[0] != '\0') {
		TRY(html_raw(b, "<dt>Web page</dt><dd>"));
		/* Only http(s) addresses become links: no javascript: hrefs. */
		if (validate_url(pv->webpage)) {
			TRY(html_link_attrs(b, pv->webpage, pv->webpage, "rel=\"noopener noreferrer\""));
		} else {
			TRY(html_text(b, pv->webpage));
		}
		TRY(html_raw(b, "</dd>\n"));
	}
	TRY(fact(b, "Leading regions", pv->leading_regions));
	TRY(html_raw(b, "</dl>\n"));
out:
	return rc;
}

static int
latest_report(struct req *rq, struct buf *b, const struct partnership_view *pv)
{
	struct report_view c;
	const char *period = pv->latest[0] ? pv->latest : NULL;
	char label[64];
	json_t *doc = NULL;
	bool *sections = NULL;
	struct render_opts o = {0};
	int rc;

	memset(&c, 0, sizeof(c));
	TRY(html_raw(b, "<section class=\"latest-report\" aria-labelledby=\"h-latest\">\n"));
	if (period == NULL) {
		TRY(html_raw(b, "<h2 id=\"h-latest\">Latest published report</h2>\n"
				"<p>No report has been published yet.</p>\n</section>\n"));
		goto out;
	}
	TRY(ctx_load_at(rq, pv->p.slug, period, &c));
	label_of(period, label, sizeof(label));
	TRY(html_raw(b, "<h2 id=\"h-latest\">Latest published report: "));
	TRY(html_text(b, label));
	TRY(html_raw(b, "</h2>\n<p>"));
	TRY(a_report(b, pv->p.slug, period, NULL, "Open this report on its own page"));
	TRY(html_raw(b, "</p>\n"));
	doc = report_view_visible_doc(&c);
	sections = report_view_sections(&c);
	if (sections == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	o.level = 3;
	o.sections = sections;
	TRY(render_report(b, c.form, doc, &o));
	TRY(html_raw(b, "</section>\n"));
out:
	free(sections);
	json_decref(doc);
	report_view_cleanup(&c);
	return rc;
}

/* Every published report, newest first: the partnership's record for
 * everybody. */
static int
published_list(struct buf *b, const struct partnership_view *pv)
{
	char label[64];
	size_t i;
	int rc = 0;

	if (pv->npublished == 0)
		return 0;
	TRY(html_raw(b, "<section class=\"published-reports\" aria-labelledby=\"h-published\">\n"
			"<h2 id=\"h-published\">Published reports</h2>\n<ul>\n"));
	for (i = 0; i < pv->npublished; i++) {
		label_of(pv->published[i], label, sizeof(label));
		TRY(html_raw(b, "<li>"));
		TRY(a_report(b, pv->p.slug, pv->published[i], NULL, label));
		if (i + 1 < pv->npublished) {
			char text[96];

			label_of(pv->published[i + 1], label, sizeof(label));
			snprintf(text, sizeof(text), "compare with %s", label);
			TRY(html_raw(b, " <span class=\"compare\">("));
			TRY(compare_link(b, pv->p.slug, pv->published[i + 1], pv->published[i], text));
			TRY(html_raw(b, ")</span>"));
		}
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n"));
	if (pv->npublished > 1) {
		TRY(html_raw(b, "<p>"));
		TRY(compare_link(b, pv->p.slug, NULL, NULL, "Compare any two reports"));
		TRY(html_raw(b, "</p>\n"));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

int
page_partnership(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct buf *b = &rs->body;
	struct partnership_view pv;
	int rc;

	TRY(app_partnership_view(rq->app, &a, rq->nparams > 0 ? rq->params[0] : NULL, NULL, &pv));
	TRY(layout_begin(rq, rs, pv.p.name));
	TRY(done_notice(rq, b));
	TRY(partnership_facts(b, &pv));
	if (pv.can_follow) {
		TRY(html_raw(b, "<p class=\"members-link\">"));
		TRY(a_report(b, pv.p.slug, NULL, "members", "Members of the partnership"));
		TRY(html_raw(b, "</p>\n"));
		TRY(periods_table(rq, b, &pv, &a));
		TRY(decisions_section(rq, b, &pv));
	}
	TRY(regions_table(b, pv.participating_regions));
	TRY(published_list(b, &pv));
	TRY(latest_report(rq, b, &pv));
	TRY(layout_end(rq, rs));
out:
	partnership_view_cleanup(&pv);
	return rc;
}

/* --- GET /p/:slug/:period ------------------------------------------------- */

static int
page_title(struct resp *rs, const struct report_view *c)
{
	char label[64];

	label_of(c->period, label, sizeof(label));
	return resp_titlef(rs, "%s: progress report %s", c->p.name != NULL ? c->p.name : "", label);
}

static int
breadcrumb(struct buf *b, const struct report_view *c)
{
	int rc;

	TRY(html_raw(b, "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n<ol>\n"
			"<li><a href=\"/\">Partnerships</a></li>\n<li>"));
	TRY(a_report(b, c->p.slug, NULL, NULL, c->p.name));
	TRY(html_raw(b, "</li>\n<li aria-current=\"page\">"));
	TRY(html_text(b, c->period));
	TRY(html_raw(b, "</li>\n</ol>\n</nav>\n"));
out:
	return rc;
}

/* The page of a period that has no report yet: only the partnership gets
 * here (everybody else sees "not found"). */
static int
no_report_page(struct req *rq, struct resp *rs, const struct report_view *c, const char *title)
{
	struct buf *b = &rs->body;
	int rc;

	TRY(layout_begin(rq, rs, title));
	TRY(breadcrumb(b, c));
	TRY(html_raw(b, "<p>There is no report for this period yet.</p>\n"
			"<form class=\"start-report\" method=\"post\" action=\""));
	TRY(attr_report(b, c->p.slug, c->period, "new"));
	TRY(html_raw(b, "\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<button type=\"submit\">Start the report for "));
	TRY(html_text(b, c->period));
	TRY(html_raw(b, "</button>\n</form>\n"));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

static int
meta_row(struct buf *b, const char *term, const char *time_or_text, bool is_time)
{
	int rc = 0;

	if (time_or_text == NULL || time_or_text[0] == '\0')
		return 0;
	TRY(html_raw(b, "<dt>"));
	TRY(html_text(b, term));
	TRY(html_raw(b, "</dt><dd>"));
	TRY(is_time ? render_time(b, time_or_text) : html_text(b, time_or_text));
	TRY(html_raw(b, "</dd>\n"));
out:
	return rc;
}

static const char *
event_words(enum report_status s)
{
	switch (s) {
	case REPORT_SUBMITTED:
		return "Submitted";
	case REPORT_RETURNED:
		return "Returned for changes";
	case REPORT_ACCEPTED:
		return "Accepted";
	case REPORT_PUBLISHED:
		return "Published";
	case REPORT_DRAFT:
		break;
	}
	return "Reopened";
}

/* "by NAME, <time>" (an import has no name). */
static int
by_when(struct buf *b, const char *who, const char *when)
{
	int rc = 0;

	if (who != NULL && who[0]) {
		TRY(html_raw(b, "by "));
		TRY(html_text(b, who));
		TRY(html_raw(b, ", "));
	}
	TRY(render_time(b, when));
out:
	return rc;
}

/* Status, the latest save and every submission (for those who follow the
 * partnership), publication. */
static int
report_meta(struct buf *b, const struct report_view *c, const struct report_history *h)
{
	size_t i, nsub = 0;
	int rc;

	TRY(html_raw(b, "<dl class=\"report-meta\">\n"));
	TRY(meta_row(b, "Status", render_status_label(c->r.status), false));
	if (h->saved_at != NULL) {
		TRY(html_raw(b, "<dt>Last saved</dt><dd>"));
		TRY(by_when(b, h->saved_by, h->saved_at));
		TRY(html_raw(b, "</dd>\n"));
	}
	for (i = 0; i < h->nevents; i++) {
		if (h->events[i].status != REPORT_SUBMITTED)
			continue;
		TRY(html_raw(b, nsub++ == 0 ? "<dt>Submitted</dt><dd>" : "<dd>"));
		TRY(by_when(b, h->events[i].author, h->events[i].created_at));
		if (nsub > 1)
			TRY(html_raw(b, " (again)"));
		TRY(html_raw(b, "</dd>\n"));
	}
	TRY(meta_row(b, "Published", c->r.published_at, true));
	TRY(html_raw(b, "</dl>\n"));
out:
	return rc;
}

/* The report's moves in words, oldest first. */
static int
history_section(struct buf *b, const struct report_history *h)
{
	size_t i;
	int rc = 0;

	if (h->nevents == 0)
		return 0;
	TRY(html_raw(b, "<details class=\"history\">\n<summary>History of this report</summary>\n<ol>\n"));
	for (i = 0; i < h->nevents; i++) {
		const struct report_event *e = &h->events[i];

		TRY(html_raw(b, "<li>"));
		TRY(html_text(b, event_words(e->status)));
		TRY(html_raw(b, " "));
		TRY(by_when(b, e->author, e->created_at));
		TRY(html_textf(b, " (revision %d)", e->revision));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ol>\n</details>\n"));
out:
	return rc;
}

static int
question_options(struct buf *b, const struct form *f, const bool *sections, const char *chosen)
{
	const struct form_section *sec;
	size_t i, j;
	int rc;

	if (chosen != NULL && form_find(f, chosen) == NULL)
		chosen = NULL;
	TRY(html_option(b, "", "Whole report", chosen == NULL));
	for (i = 0; i < f->nsections; i++) {
		sec = &f->sections[i];
		if (sections != NULL && !sections[i])
			continue;
		TRY(html_raw(b, "<optgroup label=\""));
		TRY(html_attr(b, sec->title != NULL && sec->title[0] ? sec->title : "Header"));
		TRY(html_raw(b, "\">\n"));
		for (j = 0; j < sec->nitems; j++)
			if (sec->items[j].kind == FORM_ITEM_QUESTION)
				TRY(html_option(b, sec->items[j].q->id, sec->items[j].q->label,
						chosen != NULL && strcmp(chosen, sec->items[j].q->id) == 0));
		TRY(html_raw(b, "</optgroup>\n"));
	}
out:
	return rc;
}

static int
review_forms(struct req *rq, struct buf *b, const struct report_view *c, const bool *sections)
{
	int rc;

	TRY(html_raw(b, "<section id=\"review\" class=\"review\" aria-labelledby=\"h-review\">\n"
			"<h2 id=\"h-review\">Review</h2>\n"
			"<h3 id=\"h-comment\">Comment on a question</h3>\n"
			"<form id=\"comment-form\" class=\"stack\" method=\"post\" action=\""));
	TRY(attr_report(b, c->p.slug, c->period, "comment"));
	TRY(html_raw(b, "\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"c-question\">Question</label>\n"
			"<select id=\"c-question\" name=\"question\">\n"));
	TRY(question_options(b, c->form, sections, req_query(rq, "question")));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n"
			"<label for=\"c-body\">Comment</label>\n"
			"<textarea id=\"c-body\" name=\"body\" rows=\"5\" required maxlength=\"10000\">"
			"</textarea>\n</div>\n<button type=\"submit\">Add the comment</button>\n</form>\n"
			"<h3 id=\"h-return\">Return to the partnership</h3>\n"
			"<form id=\"return-form\" class=\"stack\" method=\"post\" "
			"data-confirm=\"Return the report to the partnership with this comment?\" "
			"data-confirm-label=\"Return the report\" action=\""));
	TRY(attr_report(b, c->p.slug, c->period, "return"));
	TRY(html_raw(b, "\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"r-body\">What must change</label>\n"
			"<p class=\"field-help\" id=\"r-body-help\">Stored as a comment on the whole "
			"report; the partnership can then edit the report and submit it again.</p>\n"
			"<textarea id=\"r-body\" name=\"body\" rows=\"5\" required maxlength=\"10000\" "
			"aria-describedby=\"r-body-help\"></textarea>\n</div>\n"
			"<button type=\"submit\">Return the report</button>\n</form>\n"
			"<h3 id=\"h-accept\">Accept and publish</h3>\n"
			"<form id=\"accept-form\" class=\"stack\" method=\"post\" "
			"data-confirm=\"Accept the report and publish its public sections?\" "
			"data-confirm-label=\"Accept and publish\" action=\""));
	TRY(attr_report(b, c->p.slug, c->period, "accept"));
	TRY(html_raw(b, "\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<p>Accepting publishes the header, the management report, the progress "
			"report and the SDGs on the partnership's public page. The self-assessment "
			"stays confidential.</p>\n"
			"<button type=\"submit\">Accept and publish</button>\n</form>\n</section>\n"));
out:
	return rc;
}

int
page_report(struct req *rq, struct resp *rs)
{
	struct buf *b = &rs->body;
	struct comment *cm = NULL;
	struct findings fs;
	struct validate_opts vo = {0};
	struct render_opts o = {0};
	struct report_view c;
	json_t *doc = NULL;
	bool *sections = NULL;
	struct report_history hist;
	struct report_changes changes;
	struct buf base;
	struct decision *dec = NULL;
	bool follower, overseer, own;
	char (*readable)[8] = NULL;
	const char *prev;
	size_t ncm = 0, ndec = 0, nreadable = 0;
	int rc;

	memset(&hist, 0, sizeof(hist));
	memset(&changes, 0, sizeof(changes));
	buf_init(&base, 4096);
	findings_init(&fs);
	TRY(ctx_load(rq, &c));
	TRY(page_title(rs, &c));
	own = policy_can_edit(&c.actor, c.p.id, REPORT_DRAFT);
	if (!c.have_report) {
		if (!own) {
			rc = APP_ENOTFOUND;
			goto out;
		}
		TRY(no_report_page(rq, rs, &c, rs->title));
		goto out;
	}
	follower = policy_can_follow(&c.actor, c.p.id);
	overseer = follower && !own;
	sections = report_view_sections(&c);
	doc = report_view_visible_doc(&c);
	if (sections == NULL || doc == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}

	TRY(layout_begin(rq, rs, rs->title));
	TRY(breadcrumb(b, &c));
	TRY(done_notice(rq, b));
	TRY(app_report_history(rq->app, &c, &hist));
	TRY(report_meta(b, &c, &hist));
	TRY(history_section(b, &hist));
	if (c.status == REPORT_RETURNED && own)
		TRY(layout_notice(b, "info", "The committee returned this report: see its comments, "
					     "edit the report and submit it again."));
	TRY(html_raw(b, "<ul class=\"actions\">\n"));
	if (policy_can_edit(&c.actor, c.p.id, c.status)) {
		TRY(html_raw(b, "<li><a class=\"button\" href=\""));
		TRY(attr_report(b, c.p.slug, c.period, "edit"));
		TRY(html_raw(b, "\">Edit</a></li>\n"));
	}
	if (policy_can_review(&c.actor, c.status))
		TRY(html_raw(b, "<li><a href=\"#review\">Go to the review forms</a></li>\n"));
	TRY(html_raw(b, "<li><a href=\""));
	TRY(attr_report(b, c.p.slug, c.period, NULL));
	TRY(html_raw(b, ".pdf\" type=\"application/pdf\">Download as PDF</a></li>\n"));
	TRY(html_raw(b, "<li><a href=\"/api"));
	TRY(attr_report(b, c.p.slug, c.period, NULL));
	TRY(html_raw(b, "\">This report as JSON</a></li>\n"));
	TRY(app_compare_periods(rq->app, &c.actor, c.p.slug, &readable, &nreadable));
	if ((prev = app_compare_previous(readable, nreadable, c.period)) != NULL) {
		char text[64];

		snprintf(text, sizeof(text), "Compare with the report for %s", prev);
		TRY(html_raw(b, "<li>"));
		TRY(compare_link(b, c.p.slug, prev, c.period, text));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n"));

	if (overseer) {
		/* Overseers read every section once the report is submitted;
		 * the summary still leaves out what they may not read. */
		vo.nuts = rq->app->nuts;
		TRY(validate_report(c.form, c.doc, &vo, &fs, NULL));
		TRY(render_findings_summary(b, c.form, &fs, sections, 2));
		o.findings = &fs;
	}
	if (follower) {
		TRY(app_report_comments(rq->app, &c, &cm, &ncm));
		o.comments = cm;
		o.ncomments = ncm;
	}
	TRY(link_report(&base, c.p.slug, c.period, NULL));
	o.base = buf_cstr(&base);
	o.csrf = rq->session != NULL ? rq->session->csrf : NULL;
	o.can_resolve = app_can_resolve(&c);
	o.can_comment = policy_can_review(&c.actor, c.status);
	/* A report submitted again after a return: what changed, first. */
	TRY(app_report_changes(rq->app, &c, &hist, &changes));
	TRY(render_changes(b, &changes, 2));
	o.level = 2;
	o.sections = sections;
	TRY(render_report(b, c.form, doc, &o));
	if (policy_can_review(&c.actor, c.status))
		TRY(review_forms(rq, b, &c, sections));
	/* The Commission's decisions on the partnership, for those who may
	 * read them (never the public). */
	if (follower) {
		TRY(app_decision_list(rq->app, &c.actor, c.p.id, &dec, &ndec));
		TRY(html_raw(b, "<section id=\"report-decisions\" aria-labelledby=\"h-report-decisions\">\n"
				"<h2 id=\"h-report-decisions\">" PAGE_TEXT_DECISIONS "</h2>\n"));
		TRY(render_decisions(b, dec, ndec, 3));
		TRY(html_raw(b, "</section>\n"));
	}
	TRY(layout_end(rq, rs));
out:
	free(readable);
	decision_free_list(dec, ndec);
	report_changes_cleanup(&changes);
	buf_cleanup(&base);
	report_history_cleanup(&hist);
	comment_free_list(cm, ncm);
	findings_cleanup(&fs);
	free(sections);
	json_decref(doc);
	report_view_cleanup(&c);
	return rc;
}

/* --- GET /api/p/:slug/:period --------------------------------------------- */

int
api_report(struct req *rq, struct resp *rs)
{
	struct report_view c;
	json_t *out = NULL, *doc;
	char *text = NULL;
	int rc;

	TRY(ctx_load(rq, &c));
	if (!c.have_report) {
		rc = APP_ENOTFOUND;
		goto out;
	}
	doc = report_view_visible_doc(&c);
	if (doc == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	out = json_pack("{s:s, s:s, s:s, s:i, s:o}", "partnership", c.p.slug, "period", c.period,
			"status", report_status_name(c.r.status), "revision", c.r.revision,
			"document", doc);
	if (out == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	TRY(buf_puts(&rs->body, text));
	TRY(buf_putc(&rs->body, '\n'));
	rs->content_type = "application/json";
out:
	free(text);
	json_decref(out);
	report_view_cleanup(&c);
	return rc;
}
