/* page_compare.c - two reports of a partnership side by side, question by
 * question (GET /p/:slug/compare/:period/:period), with the review's diff
 * (render_diff.c) for what changed; the page that chooses the two periods
 * (GET /p/:slug/compare, a plain GET form that works without JavaScript);
 * and the "compare with the previous report" links of the partnership and
 * report pages. Who may read what is decided by app_compare.c. */
#include <stdlib.h>
#include <string.h>

#include "app_compare.h"
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

static void
label_of(const char *period, char *out, size_t n)
{
	struct period p;

	if (period_parse(period, &p) == 0)
		period_label(p, out, n);
	else
		snprintf(out, n, "%s", period);
}

int
compare_link(struct buf *b, const char *slug, const char *from, const char *to, const char *text)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	rc = link_compare(&u, slug, from, to);
	if (rc == 0)
		rc = html_link(b, buf_cstr(&u), text);
	buf_cleanup(&u);
	return rc;
}

/* <a href="/p/SLUG/PERIOD">TEXT</a> */
static int
a_report(struct buf *b, const char *slug, const char *period, const char *text)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	rc = link_report(&u, slug, period, NULL);
	if (rc == 0)
		rc = html_link(b, buf_cstr(&u), text);
	buf_cleanup(&u);
	return rc;
}

static int
breadcrumb(struct buf *b, const char *slug, const char *name, bool here)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	TRY(html_raw(b, "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n<ol>\n"
			"<li><a href=\"/\">Partnerships</a></li>\n<li>"));
	TRY(a_partnership(b, slug, NULL, name));
	if (here) {
		TRY(html_raw(b, "</li>\n<li aria-current=\"page\">Compare reports</li>\n</ol>\n</nav>\n"));
	} else {
		TRY(html_raw(b, "</li>\n<li>"));
		TRY(link_compare(&u, slug, NULL, NULL));
		TRY(html_link(b, buf_cstr(&u), "Compare reports"));
		TRY(html_raw(b, "</li>\n<li aria-current=\"page\">Comparison</li>\n</ol>\n</nav>\n"));
	}
out:
	buf_cleanup(&u);
	return rc;
}

static int
period_select(struct buf *b, const char *id, const char *name, const char *label, char (*v)[8],
	      size_t n, const char *chosen)
{
	char text[64];
	size_t i;
	int rc;

	TRY(html_raw(b, "<div class=\"field\">\n<label for=\""));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, label));
	TRY(html_raw(b, "</label>\n<select id=\""));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\" name=\""));
	TRY(html_attr(b, name));
	TRY(html_raw(b, "\">\n"));
	for (i = 0; i < n; i++) {
		label_of(v[i], text, sizeof(text));
		TRY(html_option(b, v[i], text, chosen != NULL && strcmp(chosen, v[i]) == 0));
	}
	TRY(html_raw(b, "</select>\n</div>\n"));
out:
	return rc;
}

/* The GET form choosing two periods among those the caller may read. */
static int
choose_form(struct buf *b, const char *slug, char (*v)[8], size_t n, const char *from, const char *to)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	if (n < 2) {
		rc = html_raw(b, "<p id=\"compare-none\">There are fewer than two reports of this "
				 "partnership that you may read: there is nothing to compare yet.</p>\n");
		goto out;
	}
	/* Defaults: the previous report against the newest. */
	if (from == NULL || to == NULL) {
		from = v[1];
		to = v[0];
	}
	TRY(link_compare(&u, slug, NULL, NULL));
	TRY(html_raw(b, "<form id=\"compare-form\" class=\"inline\" method=\"get\" action=\""));
	TRY(html_attr(b, buf_cstr(&u)));
	TRY(html_raw(b, "\">\n"));
	TRY(period_select(b, "cmp-from", "from", "Compare the report of", v, n, from));
	TRY(period_select(b, "cmp-to", "to", "with the report of", v, n, to));
	TRY(html_raw(b, "<button type=\"submit\">Compare</button>\n</form>\n"));
out:
	buf_cleanup(&u);
	return rc;
}

/* --- GET /p/:slug/compare ------------------------------------------------- */

int
page_compare_choose(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view pv;
	const char *slug = rq->nparams > 0 ? rq->params[0] : NULL;
	const char *from = req_query(rq, "from"), *to = req_query(rq, "to");
	char (*v)[8] = NULL;
	struct period p;
	struct buf u;
	size_t n = 0;
	int rc;

	buf_init(&u, 4096);
	memset(&pv, 0, sizeof(pv));
	TRY(ctx_load_at(rq, slug, NULL, &pv));
	TRY(app_compare_periods(rq->app, &a, slug, &v, &n));
	/* The form's answer: to the comparison's own address, where every
	 * check is made. */
	if (from != NULL || to != NULL) {
		if (from == NULL || to == NULL || period_parse(from, &p) != 0 ||
		    period_parse(to, &p) != 0) {
			rs->status = 400;
			TRY(resp_titlef(rs, "%s: compare reports", pv.p.name));
			TRY(layout_begin(rq, rs, rs->title));
			TRY(breadcrumb(&rs->body, slug, pv.p.name, true));
			TRY(layout_notice(&rs->body, "error",
					  "Choose two periods, each written like 2020-H1 (from and to)."));
			TRY(choose_form(&rs->body, slug, v, n, NULL, NULL));
			TRY(layout_end(rq, rs));
			goto out;
		}
		TRY(link_compare(&u, slug, from, to));
		TRY(resp_redirect(rs, buf_cstr(&u)));
		goto out;
	}
	TRY(resp_titlef(rs, "%s: compare reports", pv.p.name));
	TRY(layout_begin(rq, rs, rs->title));
	TRY(breadcrumb(&rs->body, slug, pv.p.name, true));
	TRY(html_raw(&rs->body, "<p class=\"lead\">Choose two reports of the partnership to see "
				"what changed between them, question by question.</p>\n"));
	TRY(choose_form(&rs->body, slug, v, n, NULL, NULL));
	TRY(layout_end(rq, rs));
out:
	free(v);
	buf_cleanup(&u);
	report_view_cleanup(&pv);
	return rc;
}

/* --- GET /p/:slug/compare/:period/:period --------------------------------- */

static const char *
section_title(const struct form_section *s)
{
	return s->title != NULL && s->title[0] != '\0' ? s->title : "Header";
}

static int
summary(struct buf *b, const struct report_compare *c)
{
	int rc;

	TRY(html_raw(b, "<section id=\"compare-summary\" aria-labelledby=\"h-summary\">\n"
			"<h2 id=\"h-summary\">Summary</h2>\n<p id=\"compare-counts\">"));
	if (c->nchanged == 0)
		TRY(html_raw(b, "No answer changed"));
	else
		TRY(html_textf(b, "%zu of %zu questions changed", c->nchanged, c->n));
	TRY(html_textf(b, "; %zu unchanged", c->nsame));
	if (c->nonly > 0)
		TRY(html_textf(b, "; %zu in the form of one report only", c->nonly));
	TRY(html_raw(b, ".</p>\n"));
	if (c->nhidden > 0) {
		TRY(html_raw(b, "<p class=\"section-note\">"));
		TRY(html_textf(b, "%zu questions of sections you may read in only one of the two "
				  "reports are left out.", c->nhidden));
		TRY(html_raw(b, "</p>\n"));
	}
	TRY(html_raw(b, "<p>Removed words are struck through (<del>like this</del>), added words "
			"underlined (<ins>like this</ins>); in tables, each row is marked added, "
			"removed or unchanged. Unchanged answers are folded away.</p>\n</section>\n"));
out:
	return rc;
}

static int
item(struct buf *b, const struct report_compare *c, const struct compare_item *it)
{
	static const char *const cls[] = {"cmp-same", "cmp-changed", "cmp-only", "cmp-only"};
	char label[64];
	int rc;

	TRY(html_raw(b, "<section class=\"cmp-q "));
	TRY(html_attr(b, cls[it->state]));
	TRY(html_raw(b, "\" id=\"q-"));
	TRY(html_attr(b, it->q->id));
	TRY(html_raw(b, "\">\n<h3>"));
	TRY(html_text(b, it->q->label));
	TRY(html_raw(b, "</h3>\n"));
	switch (it->state) {
	case COMPARE_CHANGED:
		TRY(html_raw(b, "<p class=\"cmp-state\"><strong>Changed</strong></p>\n"));
		TRY(render_answer_diff(b, it->q, it->before, it->after));
		break;
	case COMPARE_SAME:
		TRY(html_raw(b, "<details class=\"cmp-same\">\n<summary>Unchanged"));
		if (it->after == NULL)
			TRY(html_raw(b, " (no answer in either report)"));
		TRY(html_raw(b, "</summary>\n"));
		TRY(render_answer(b, it->q, it->after, 4));
		TRY(html_raw(b, "</details>\n"));
		break;
	case COMPARE_ONLY_OLD:
	case COMPARE_ONLY_NEW:
		label_of(it->state == COMPARE_ONLY_NEW ? c->to.period : c->from.period, label,
			 sizeof(label));
		TRY(html_raw(b, "<p class=\"cmp-state\">"));
		TRY(html_textf(b, "Only in the form of the report of %s; the other report's form "
				  "does not ask it.", label));
		TRY(html_raw(b, "</p>\n"));
		TRY(render_answer(b, it->q, it->state == COMPARE_ONLY_NEW ? it->after : it->before, 4));
		break;
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

int
page_compare(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_compare c;
	struct app_msg msg = {{0}};
	const char *slug = rq->nparams > 0 ? rq->params[0] : NULL;
	const char *from = rq->nparams > 2 ? rq->params[1] : NULL;
	const char *to = rq->nparams > 2 ? rq->params[2] : NULL;
	const struct form_section *sec = NULL;
	char lfrom[64], lto[64];
	char (*v)[8] = NULL;
	struct buf *b = &rs->body;
	size_t n = 0, i;
	int rc, nsec = 0;

	memset(&c, 0, sizeof(c));
	rc = app_report_compare(rq->app, &a, slug, from, to, &c, &msg);
	if (rc == APP_EINPUT) {
		/* Both reports exist and may be read: the same one twice. */
		struct report_view pv;

		memset(&pv, 0, sizeof(pv));
		rs->status = 400;
		rc = ctx_load_at(rq, slug, NULL, &pv);
		if (rc == 0)
			rc = app_compare_periods(rq->app, &a, slug, &v, &n);
		if (rc == 0)
			rc = resp_titlef(rs, "%s: compare reports", pv.p.name);
		if (rc == 0)
			rc = layout_begin(rq, rs, rs->title);
		if (rc == 0)
			rc = breadcrumb(b, slug, pv.p.name, false);
		if (rc == 0)
			rc = layout_notice(b, "error", msg.text);
		if (rc == 0)
			rc = choose_form(b, slug, v, n, NULL, NULL);
		if (rc == 0)
			rc = layout_end(rq, rs);
		report_view_cleanup(&pv);
		goto out;
	}
	if (rc != 0)
		goto out;
	TRY(app_compare_periods(rq->app, &a, slug, &v, &n));
	label_of(c.from.period, lfrom, sizeof(lfrom));
	label_of(c.to.period, lto, sizeof(lto));
	TRY(resp_titlef(rs, "%s: %s compared with %s", c.to.p.name, lfrom, lto));
	TRY(layout_begin(rq, rs, rs->title));
	TRY(breadcrumb(b, slug, c.to.p.name, false));
	TRY(html_raw(b, "<p class=\"lead\">What changed from the report of "));
	TRY(a_report(b, slug, c.from.period, lfrom));
	TRY(html_raw(b, " (" ));
	TRY(html_text(b, render_status_label(c.from.status)));
	TRY(html_raw(b, ") to the report of "));
	TRY(a_report(b, slug, c.to.period, lto));
	TRY(html_raw(b, " ("));
	TRY(html_text(b, render_status_label(c.to.status)));
	TRY(html_raw(b, ").</p>\n"));
	TRY(choose_form(b, slug, v, n, c.from.period, c.to.period));
	TRY(summary(b, &c));
	TRY(html_raw(b, "<div id=\"comparison\">\n"));
	for (i = 0; i < c.n; i++) {
		if (c.v[i].sec != sec) {
			if (sec != NULL)
				TRY(html_raw(b, "</section>\n"));
			sec = c.v[i].sec;
			nsec++;
			TRY(buf_printf(b, "<section class=\"cmp-section\" aria-labelledby=\"cs-%d\">\n"
					  "<h2 id=\"cs-%d\">", nsec, nsec));
			TRY(html_text(b, section_title(sec)));
			TRY(html_raw(b, "</h2>\n"));
		}
		TRY(item(b, &c, &c.v[i]));
	}
	if (sec != NULL)
		TRY(html_raw(b, "</section>\n"));
	TRY(html_raw(b, "</div>\n"));
	TRY(layout_end(rq, rs));
out:
	free(v);
	report_compare_cleanup(&c);
	return rc;
}
