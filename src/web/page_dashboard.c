/* page_dashboard.c - GET /portfolio?platform=&partnership=&from=&to=&page=:
 * the dashboards over all partnerships, as the caller may know them
 * (app_portfolio decides what counts): the reporting status of each
 * partnership in each period, the SDG heat map, events by month and the
 * indicators per period. Every chart is inline SVG drawn here (role="img"
 * with a <title> and a <desc>), followed by its data as a table; colour is
 * never the only signal (status cells carry a letter, the tables the
 * numbers). Works without JavaScript: the filters are a GET form.
 *
 * Large portfolios: the two partnership-by-column charts (status, SDG)
 * show PAGE_ROWS partnerships a page ("Partnerships 1–50 of 1000", with
 * previous/next links); the per-period figures, the totals per goal, the
 * events and the indicators always count every partnership the filters
 * select. JSON with Accept: application/json (every partnership). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_portfolio.h"
#include "ctx.h"
#include "html.h"
#include "jsonout.h"
#include "layout.h"
#include "pages.h"
#include "period.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

#define PAGE_ROWS 50
#define FIRST_YEAR 2015

/* The status matrix's geometry (SVG user units). */
#define SM_LABEL 230
#define SM_CELL_W 46
#define SM_CELL_H 20
#define SM_HEAD 28

static const char *
param(const struct req *rq, const char *k)
{
	const char *v = req_query(rq, k);

	return v != NULL ? v : "";
}

struct view {
	const struct app_portfolio *pf;
	const struct app_portfolio_query *q;
	size_t page, pages, first, last; /* rows [first, last) */
};

/* The fill and letter of a status cell. Letters say what the colour says. */
static const char *
status_fill(const struct pf_cell *c)
{
	if (!c->has_report)
		return c->overdue ? "#fbe3e4" : "#ffffff";
	switch (c->status) {
	case REPORT_DRAFT:
		return "#e3e3e3";
	case REPORT_SUBMITTED:
		return "#cfe0f7";
	case REPORT_RETURNED:
		return "#ffe2b8";
	case REPORT_ACCEPTED:
		return "#c9ece8";
	case REPORT_PUBLISHED:
		return "#bfe5c7";
	}
	return "#ffffff";
}

static const char *
status_letter(const struct pf_cell *c)
{
	if (!c->has_report)
		return c->overdue ? "!" : "";
	switch (c->status) {
	case REPORT_DRAFT:
		return c->overdue ? "D!" : "D";
	case REPORT_SUBMITTED:
		return "S";
	case REPORT_RETURNED:
		return c->overdue ? "R!" : "R";
	case REPORT_ACCEPTED:
		return "A";
	case REPORT_PUBLISHED:
		return "P";
	}
	return "";
}

/* SDG levels: a sequential blue for agreement, orange for disagreement,
 * grey for not applicable, white for no answer. */
static const char *
level_fill(int lv)
{
	static const char *const fill[] = {"#08306b", "#4a84c4", "#c6dbef", "#fdbe85", "#d94801", "#bdbdbd"};

	return lv >= 0 && lv < 6 ? fill[lv] : "#ffffff";
}

/* "/portfolio?..." with the filters of q, at page (0: none). */
static int
self_url(struct buf *u, const struct app_portfolio *pf, size_t page)
{
	int rc;

	TRY(html_raw(u, "/portfolio?platform="));
	TRY(html_url_arg(u, pf->platform));
	TRY(html_raw(u, "&partnership="));
	TRY(html_url_arg(u, pf->partnership));
	TRY(html_raw(u, "&from="));
	TRY(html_url_arg(u, pf->from));
	TRY(html_raw(u, "&to="));
	TRY(html_url_arg(u, pf->to));
	if (page > 0)
		TRY(buf_printf(u, "&page=%zu", page));
out:
	return rc;
}

static int
period_options(struct buf *b, const char *selected, const char *today)
{
	struct period p;
	char v[8], label[40];
	int y, h, rc = 0, now_y = 0, i;

	for (i = 0; i < 4 && today[i] >= '0' && today[i] <= '9'; i++)
		now_y = now_y * 10 + (today[i] - '0');
	TRY(html_option(b, "", "Any", selected[0] == '\0'));
	for (y = now_y + 1; y >= FIRST_YEAR; y--)
		for (h = 2; h >= 1; h--) {
			p.year = y;
			p.half = h;
			period_format(p, v, sizeof(v));
			period_label(p, label, sizeof(label));
			TRY(html_option(b, v, label, strcmp(selected, v) == 0));
		}
out:
	return rc;
}

static int
filter_form(struct buf *b, const struct app_portfolio_query *q, const struct app_portfolio *pf, const char *today)
{
	const char *platform = q->platform != NULL ? q->platform : "";
	const char *slug = q->partnership != NULL ? q->partnership : "";
	const char *from = q->from != NULL ? q->from : "", *to = q->to != NULL ? q->to : "";
	size_t i;
	int rc;

	if (q->period != NULL && q->period[0] != '\0')
		from = to = q->period;
	TRY(html_raw(b, "<form id=\"pf-filter\" class=\"filters\" method=\"get\" action=\"/portfolio\" "
			"aria-label=\"Filter the portfolio\">\n"
			"<div class=\"field\">\n<label for=\"pf-platform\">Thematic platform</label>\n"
			"<select id=\"pf-platform\" name=\"platform\">\n"));
	TRY(html_option(b, "", "Any", platform[0] == '\0'));
	for (i = 0; platform_names[i] != NULL; i++)
		TRY(html_option(b, platform_names[i], platform_names[i], strcmp(platform, platform_names[i]) == 0));
	TRY(html_option(b, "none", "No platform", strcmp(platform, "none") == 0));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n<label for=\"pf-partnership\">Partnership</label>\n"
			"<select id=\"pf-partnership\" name=\"partnership\">\n"));
	TRY(html_option(b, "", "All partnerships", slug[0] == '\0'));
	for (i = 0; i < pf->nall; i++)
		TRY(html_option(b, pf->all[i].slug, pf->all[i].name, strcmp(slug, pf->all[i].slug) == 0));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n<label for=\"pf-from\">From</label>\n"
			"<select id=\"pf-from\" name=\"from\">\n"));
	TRY(period_options(b, from, today));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n<label for=\"pf-to\">To</label>\n"
			"<select id=\"pf-to\" name=\"to\">\n"));
	TRY(period_options(b, to, today));
	TRY(html_raw(b, "</select>\n</div>\n<button type=\"submit\">Show</button>\n</form>\n"));
out:
	return rc;
}

/* <svg ...><title id="ID-t">TITLE</title><desc id="ID-d">, left open
 * for the caller's description text. */
static int
svg_begin(struct buf *b, const char *id, int w, int h, const char *title)
{
	int rc;

	TRY(html_raw(b, "<figure class=\"chart\">\n<svg role=\"img\" class=\"chart\" aria-labelledby=\""));
	TRY(html_attrf(b, "%s-t %s-d", id, id));
	TRY(buf_printf(b, "\" viewBox=\"0 0 %d %d\" width=\"100%%\" preserveAspectRatio=\"xMinYMin meet\" "
			  "font-family=\"sans-serif\">\n<title id=\"", w, h));
	TRY(html_attrf(b, "%s-t", id));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, title));
	TRY(html_raw(b, "</title>\n<desc id=\""));
	TRY(html_attrf(b, "%s-d", id));
	TRY(html_raw(b, "\">"));
out:
	return rc;
}

static int
svg_end(struct buf *b)
{
	return html_raw(b, "</svg>\n</figure>\n");
}

static int
rect(struct buf *b, int x, int y, int w, int h, const char *fill, bool edge)
{
	int rc;

	TRY(buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", x, y, w, h));
	TRY(html_attr(b, fill));
	TRY(html_raw(b, edge ? "\" stroke=\"#6f6f6f\" stroke-width=\"0.5\"/>" : "\"/>"));
out:
	return rc;
}

/* <text> at x, y; anchor a literal ("start", "middle", "end"). */
static int
text_at(struct buf *b, int x, int y, int size, const char *anchor, const char *s)
{
	int rc;

	TRY(buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"#1b1b1b\" text-anchor=\"", x, y, size));
	TRY(html_attr(b, anchor));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, s));
	TRY(html_raw(b, "</text>\n"));
out:
	return rc;
}

/* A label cut to n characters (UTF-8 aware), with "…". */
static int
text_cut(struct buf *b, int x, int y, int size, const char *s, size_t n)
{
	char cut[160];
	size_t i = 0, chars = 0;

	while (s[i] != '\0' && chars < n && i < sizeof(cut) - 8) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (s[i] == '\0')
		return text_at(b, x, y, size, "start", s);
	memcpy(cut, s, i);
	memcpy(cut + i, "\xe2\x80\xa6", 4);
	return text_at(b, x, y, size, "start", cut);
}

static int
pct(int n, int d)
{
	return d > 0 ? (int)((n * 100L + d / 2) / d) : 0;
}

static int
showing(struct buf *b, const struct view *v)
{
	int rc = 0;

	if (v->pf->np == 0)
		return html_raw(b, "<p class=\"showing\">No partnership matches the filters.</p>\n");
	TRY(html_raw(b, "<p class=\"showing\">"));
	if (v->pages > 1)
		TRY(html_textf(b, "Showing partnerships %zu–%zu of %zu (page %zu of %zu). ", v->first + 1,
			       v->last, v->pf->np, v->page, v->pages));
	else
		TRY(html_textf(b, "Showing all %zu %s. ", v->pf->np, v->pf->np == 1 ? "partnership" : "partnerships"));
	TRY(html_raw(b, "Narrow the list with the filters above.</p>\n"));
out:
	return rc;
}

static int
pager(struct buf *b, const struct view *v, const char *label)
{
	struct buf u;
	int rc = 0;

	if (v->pages <= 1)
		return 0;
	buf_init(&u, 4096);
	TRY(html_raw(b, "<nav class=\"pager\" aria-label=\""));
	TRY(html_attr(b, label));
	TRY(html_raw(b, "\"><ul class=\"actions\">\n"));
	if (v->page > 1) {
		TRY(self_url(&u, v->pf, v->page - 1));
		TRY(html_raw(b, "<li>"));
		TRY(html_link_attrs(b, buf_cstr(&u), "Previous partnerships", "rel=\"prev\""));
		TRY(html_raw(b, "</li>\n"));
	}
	if (v->page < v->pages) {
		buf_reset(&u);
		TRY(self_url(&u, v->pf, v->page + 1));
		TRY(html_raw(b, "<li>"));
		TRY(html_link_attrs(b, buf_cstr(&u), "Next partnerships", "rel=\"next\""));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul></nav>\n"));
out:
	buf_cleanup(&u);
	return rc;
}

/* --- reporting status --------------------------------------------------- */

static int
status_svg(struct buf *b, const struct view *v)
{
	const struct app_portfolio *pf = v->pf;
	int w = SM_LABEL + (int)pf->nper * SM_CELL_W + 4;
	int h = SM_HEAD + (int)(v->last - v->first) * SM_CELL_H + 30;
	size_t i, j;
	int rc, x, y;
	char share[16];

	TRY(svg_begin(b, "sm", w, h, "Reporting status by partnership and period"));
	TRY(html_textf(b, "Partnerships %zu to %zu of %zu as rows, %zu periods as columns. Each cell is "
			  "a report's status as you may see it: P published, A accepted, S submitted, "
			  "R returned, D draft; ! marks an overdue period, an empty cell a period without a "
			  "report you may read. The last row gives the share of all %zu partnerships that "
			  "submitted on time. The same data follows as a table.",
		       v->first + 1, v->last, pf->np, pf->nper, pf->np));
	TRY(html_raw(b, "</desc>\n"));
	for (j = 0; j < pf->nper; j++)
		TRY(text_at(b, SM_LABEL + (int)j * SM_CELL_W + SM_CELL_W / 2, SM_HEAD - 8, 10, "middle",
			    pf->per[j].period));
	/* Four layers, each with its attributes once: names, cells,
	 * overdue frames, letters. */
	for (i = v->first; i < v->last; i++)
		TRY(text_cut(b, 2, SM_HEAD + (int)(i - v->first) * SM_CELL_H + 14, 11, pf->p[i].name, 34));
	TRY(buf_printf(b, "<g stroke=\"#6f6f6f\" stroke-width=\"0.5\">\n"));
	for (i = v->first; i < v->last; i++)
		for (j = 0; j < pf->nper; j++) {
			x = SM_LABEL + (int)j * SM_CELL_W;
			y = SM_HEAD + (int)(i - v->first) * SM_CELL_H;
			TRY(buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", x + 1, y + 1,
				       SM_CELL_W - 2, SM_CELL_H - 2));
			TRY(html_attr(b, status_fill(&pf->cell[i * pf->nper + j])));
			TRY(html_raw(b, "\"/>"));
		}
	TRY(html_raw(b, "\n</g>\n<g fill=\"none\" stroke=\"#b10e1e\" stroke-width=\"2\">\n"));
	for (i = v->first; i < v->last; i++)
		for (j = 0; j < pf->nper; j++)
			if (pf->cell[i * pf->nper + j].overdue)
				TRY(buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
					       SM_LABEL + (int)j * SM_CELL_W + 2,
					       SM_HEAD + (int)(i - v->first) * SM_CELL_H + 2, SM_CELL_W - 4, SM_CELL_H - 4));
	TRY(html_raw(b, "\n</g>\n<g font-size=\"11\" text-anchor=\"middle\" fill=\"#1b1b1b\">\n"));
	for (i = v->first; i < v->last; i++)
		for (j = 0; j < pf->nper; j++) {
			const char *l = status_letter(&pf->cell[i * pf->nper + j]);

			if (l[0] == '\0')
				continue;
			TRY(buf_printf(b, "<text x=\"%d\" y=\"%d\">", SM_LABEL + (int)j * SM_CELL_W + SM_CELL_W / 2,
				       SM_HEAD + (int)(i - v->first) * SM_CELL_H + 14));
			TRY(html_text(b, l));
			TRY(html_raw(b, "</text>"));
		}
	TRY(html_raw(b, "\n</g>\n"));
	y = SM_HEAD + (int)(v->last - v->first) * SM_CELL_H + 20;
	TRY(text_at(b, 2, y, 11, "start", "On time (all partnerships)"));
	for (j = 0; j < pf->nper; j++) {
		if (pf->per[j].deadline[0] == '\0')
			snprintf(share, sizeof(share), "–");
		else
			snprintf(share, sizeof(share), "%d%%", pct(pf->per[j].on_time, (int)pf->np));
		TRY(text_at(b, SM_LABEL + (int)j * SM_CELL_W + SM_CELL_W / 2, y, 10, "middle", share));
	}
	TRY(svg_end(b));
out:
	return rc;
}

static int
status_legend(struct buf *b)
{
	return html_raw(b, "<ul class=\"legend\" aria-label=\"Key to the status chart\">\n"
			   "<li><span class=\"key st-p\">P</span> Published</li>\n"
			   "<li><span class=\"key st-a\">A</span> Accepted</li>\n"
			   "<li><span class=\"key st-s\">S</span> Submitted</li>\n"
			   "<li><span class=\"key st-r\">R</span> Returned</li>\n"
			   "<li><span class=\"key st-d\">D</span> Draft</li>\n"
			   "<li><span class=\"key st-o\">!</span> Overdue</li>\n"
			   "<li><span class=\"key st-n\">&nbsp;</span> No report you may read</li>\n</ul>\n");
}

static int
status_cell(struct buf *b, const struct app_portfolio *pf, size_t i, size_t j)
{
	const struct pf_cell *c = &pf->cell[i * pf->nper + j];
	struct buf href;
	int rc = 0;

	buf_init(&href, 2048);
	TRY(html_raw(b, c->overdue ? "<td class=\"overdue\">" : "<td>"));
	if (c->has_report) {
		TRY(html_raw(&href, "/p/"));
		TRY(html_url_arg(&href, pf->p[i].slug));
		TRY(html_raw(&href, "/"));
		TRY(html_url_arg(&href, pf->per[j].period));
		TRY(html_link(b, buf_cstr(&href), render_status_label(c->status)));
		if (c->on_time)
			TRY(html_raw(b, ", on time"));
		if (c->overdue)
			TRY(html_raw(b, ", <strong>overdue</strong>"));
	} else if (c->overdue) {
		TRY(html_raw(b, "<strong>Overdue</strong>"));
	} else {
		TRY(html_raw(b, "–<span class=\"visually-hidden\"> (no report)</span>"));
	}
	TRY(html_raw(b, "</td>"));
out:
	buf_cleanup(&href);
	return rc;
}

static int
status_table(struct buf *b, const struct view *v)
{
	const struct app_portfolio *pf = v->pf;
	struct buf href;
	size_t i, j;
	int rc;

	buf_init(&href, 2048);
	TRY(html_raw(b, "<details class=\"data\" id=\"status-data\">\n<summary>Reporting status as a table</summary>\n"));
	TRY(layout_table_begin(b, "status-table", "Reporting status by partnership and period"));
	TRY(html_raw(b, "<th scope=\"col\">Partnership</th><th scope=\"col\">Platform</th>"));
	for (j = 0; j < pf->nper; j++) {
		TRY(html_raw(b, "<th scope=\"col\">"));
		TRY(html_text(b, pf->per[j].period));
		TRY(html_raw(b, "</th>"));
	}
	TRY(html_raw(b, "</tr></thead>\n<tbody>\n"));
	for (i = v->first; i < v->last; i++) {
		buf_reset(&href);
		TRY(html_raw(&href, "/p/"));
		TRY(html_url_arg(&href, pf->p[i].slug));
		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_link(b, buf_cstr(&href), pf->p[i].name));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, pf->p[i].platform));
		TRY(html_raw(b, "</td>"));
		for (j = 0; j < pf->nper; j++)
			TRY(status_cell(b, pf, i, j));
		TRY(html_raw(b, "</tr>\n"));
	}
	TRY(layout_table_end(b));
	TRY(html_raw(b, "</details>\n"));
out:
	buf_cleanup(&href);
	return rc;
}

/* Per period, over every partnership the filters select. */
static int
period_table(struct buf *b, const struct app_portfolio *pf)
{
	size_t j;
	int rc, s;

	TRY(layout_table_begin(b, "period-table", "Reports per period, all partnerships selected"));
	TRY(html_raw(b, "<th scope=\"col\">Period</th><th scope=\"col\">Deadline</th>"
			"<th scope=\"col\">Reports</th><th scope=\"col\">Published</th>"
			"<th scope=\"col\">Accepted</th><th scope=\"col\">Submitted</th>"
			"<th scope=\"col\">Returned</th><th scope=\"col\">Draft</th>"
			"<th scope=\"col\">On time</th><th scope=\"col\">Share on time</th>"
			"<th scope=\"col\">Overdue</th></tr></thead>\n<tbody>\n"));
	for (j = 0; j < pf->nper; j++) {
		const struct pf_period *p = &pf->per[j];
		static const enum report_status order[] = {REPORT_PUBLISHED, REPORT_ACCEPTED, REPORT_SUBMITTED,
							   REPORT_RETURNED, REPORT_DRAFT};

		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_text(b, p->period));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, p->deadline[0] ? p->deadline : "none set"));
		TRY(buf_printf(b, "</td><td>%d</td>", p->reports));
		for (s = 0; s < 5; s++)
			TRY(buf_printf(b, "<td>%d</td>", p->by_status[order[s]]));
		TRY(buf_printf(b, "<td>%d</td>", p->on_time));
		if (p->deadline[0] != '\0')
			TRY(buf_printf(b, "<td>%d%%</td>", pct(p->on_time, (int)pf->np)));
		else
			TRY(html_raw(b, "<td>–</td>"));
		TRY(buf_printf(b, "<td>%d</td></tr>\n", p->overdue));
	}
	TRY(layout_table_end(b));
out:
	return rc;
}

static int
status_section(struct buf *b, const struct view *v, bool public)
{
	int rc;

	TRY(html_raw(b, "<section aria-labelledby=\"h-status\">\n<h2 id=\"h-status\">Reporting status</h2>\n"));
	TRY(html_raw(b, public ? "<p>Each partnership's reports per half-year as the public sees them: "
				 "published reports only. A period is overdue when its deadline has passed "
				 "without a published report. “On time”: first submitted by the deadline.</p>\n"
			       : "<p>Each partnership's reports per half-year as you may see them. A period "
				 "is overdue when its deadline has passed and no report you may read was "
				 "submitted (it is missing, in draft or returned). “On time”: first "
				 "submitted by the deadline.</p>\n"));
	TRY(showing(b, v));
	if (v->pf->np > 0 && v->pf->nper > 0) {
		TRY(status_legend(b));
		TRY(status_svg(b, v));
		TRY(status_table(b, v));
		TRY(pager(b, v, "Pages of partnerships"));
	}
	if (v->pf->nper > 0) {
		TRY(html_raw(b, "<details class=\"data\">\n<summary>Reports per period as a table</summary>\n"));
		TRY(period_table(b, v->pf));
		TRY(html_raw(b, "</details>\n"));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

/* --- SDG heat map ---------------------------------------------------------- */

#define HM_LABEL 230
#define HM_CELL 26
#define HM_HEAD 24

static int
sdg_svg(struct buf *b, const struct view *v)
{
	const struct app_portfolio *pf = v->pf;
	int w = HM_LABEL + REPORT_FACTS_GOALS * HM_CELL + 4, h = HM_HEAD + (int)(v->last - v->first) * HM_CELL + 4;
	size_t i, g;
	char n[8];
	int rc, y;

	TRY(svg_begin(b, "hm", w, h, "Contribution to the 17 Sustainable Development Goals"));
	TRY(html_textf(b, "Partnerships %zu to %zu of %zu as rows, goals 1 to 17 as columns; the darker the "
			  "blue, the stronger the partnership agrees that it contributes to the goal; orange "
			  "for disagreement, grey for not applicable, white for no answer. The levels follow "
			  "as numbers in a table.",
		       v->first + 1, v->last, pf->np));
	TRY(html_raw(b, "</desc>\n"));
	for (g = 0; g < REPORT_FACTS_GOALS; g++) {
		snprintf(n, sizeof(n), "%zu", g + 1);
		TRY(text_at(b, HM_LABEL + (int)g * HM_CELL + HM_CELL / 2, HM_HEAD - 8, 10, "middle", n));
	}
	for (i = v->first; i < v->last; i++)
		TRY(text_cut(b, 2, HM_HEAD + (int)(i - v->first) * HM_CELL + 17, 11, pf->p[i].name, 34));
	TRY(html_raw(b, "<g stroke=\"#6f6f6f\" stroke-width=\"0.5\">\n"));
	for (i = v->first; i < v->last; i++) {
		const char *s = pf->p[i].sdg;

		y = HM_HEAD + (int)(i - v->first) * HM_CELL;
		for (g = 0; g < REPORT_FACTS_GOALS; g++) {
			int lv = s[0] != '\0' && s[g] >= '0' && s[g] <= '9' ? s[g] - '0' : -1;

			TRY(rect(b, HM_LABEL + (int)g * HM_CELL + 1, y + 1, HM_CELL - 2, HM_CELL - 2, level_fill(lv),
				 false));
		}
	}
	TRY(html_raw(b, "</g>\n"));
	TRY(svg_end(b));
out:
	return rc;
}

static int
sdg_key(struct buf *b, const struct app_portfolio *pf)
{
	size_t k;
	int rc = 0;

	TRY(html_raw(b, "<ul class=\"legend\" aria-label=\"Key to the SDG chart\">\n"));
	for (k = 0; k < pf->nlevel; k++) {
		TRY(buf_printf(b, "<li><span class=\"key lv-%zu\">%zu</span> ", k, k + 1));
		TRY(html_text(b, pf->level[k]));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "<li><span class=\"key st-n\">–</span> No answer</li>\n</ul>\n"));
out:
	return rc;
}

static int
sdg_table(struct buf *b, const struct view *v)
{
	const struct app_portfolio *pf = v->pf;
	struct buf href;
	size_t i, g;
	int rc;

	buf_init(&href, 2048);
	TRY(html_raw(b, "<details class=\"data\" id=\"sdg-data\">\n<summary>SDG levels as a table</summary>\n"));
	TRY(layout_table_begin(b, "sdg-table", "SDG level per partnership and goal (1 = strongly agree; – no answer)"));
	TRY(html_raw(b, "<th scope=\"col\">Partnership</th><th scope=\"col\">Report</th>"));
	for (g = 0; g < REPORT_FACTS_GOALS; g++)
		TRY(buf_printf(b, "<th scope=\"col\">Goal %zu</th>", g + 1));
	TRY(html_raw(b, "</tr></thead>\n<tbody>\n"));
	for (i = v->first; i < v->last; i++) {
		const char *s = pf->p[i].sdg;

		buf_reset(&href);
		TRY(html_raw(&href, "/p/"));
		TRY(html_url_arg(&href, pf->p[i].slug));
		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_link(b, buf_cstr(&href), pf->p[i].name));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, s[0] != '\0' ? pf->p[i].sdg_period : "none"));
		TRY(html_raw(b, "</td>"));
		for (g = 0; g < REPORT_FACTS_GOALS; g++) {
			if (s[0] != '\0' && s[g] >= '0' && s[g] <= '9')
				TRY(buf_printf(b, "<td>%d</td>", s[g] - '0' + 1));
			else
				TRY(html_raw(b, "<td>–</td>"));
		}
		TRY(html_raw(b, "</tr>\n"));
	}
	TRY(layout_table_end(b));
	TRY(html_raw(b, "</details>\n"));
out:
	buf_cleanup(&href);
	return rc;
}

/* Totals per goal over every partnership selected. */
static int
sdg_totals(struct buf *b, const struct app_portfolio *pf)
{
	size_t g, k;
	int rc;

	TRY(layout_table_begin(b, "sdg-totals", "Partnerships per goal and level, all partnerships selected "
						"(each one's newest report you may read)"));
	TRY(html_raw(b, "<th scope=\"col\">Goal</th>"));
	for (k = 0; k < pf->nlevel; k++) {
		TRY(html_raw(b, "<th scope=\"col\">"));
		TRY(html_text(b, pf->level[k]));
		TRY(html_raw(b, "</th>"));
	}
	TRY(html_raw(b, "<th scope=\"col\">No answer</th></tr></thead>\n<tbody>\n"));
	for (g = 0; g < REPORT_FACTS_GOALS; g++) {
		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		if (pf->goal[g] != NULL)
			TRY(html_text(b, pf->goal[g]));
		else
			TRY(html_textf(b, "Goal %zu", g + 1));
		TRY(html_raw(b, "</th>"));
		for (k = 0; k < pf->nlevel; k++)
			TRY(buf_printf(b, "<td>%d</td>", pf->sdg_total[g][k]));
		TRY(buf_printf(b, "<td>%d</td></tr>\n", pf->sdg_total[g][PF_LEVELS]));
	}
	TRY(layout_table_end(b));
out:
	return rc;
}

static int
sdg_section(struct buf *b, const struct view *v)
{
	int rc;

	TRY(html_raw(b, "<section aria-labelledby=\"h-sdg\">\n<h2 id=\"h-sdg\">Sustainable Development Goals</h2>\n"
			"<p>How strongly each partnership says it contributes to each goal, from its newest "
			"report in the periods selected.</p>\n"));
	if (v->pf->np > 0) {
		TRY(showing(b, v));
		TRY(sdg_key(b, v->pf));
		TRY(sdg_svg(b, v));
		TRY(sdg_table(b, v));
		TRY(pager(b, v, "Pages of partnerships (SDG)"));
	}
	TRY(sdg_totals(b, v->pf));
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

/* --- events by month -------------------------------------------------------- */

#define EV_LEFT 40
#define EV_TOP 10
#define EV_H 160
#define EV_BAR 6

/* A round upper bound for an axis: 1, 2, 5 times a power of ten. */
static int
axis_max(int v)
{
	int p = 1;

	if (v <= 4)
		return 4;
	for (;;) {
		if (v <= p * 2 && p * 2 % 4 == 0)
			return p * 2;
		if (v <= p * 4)
			return p * 4;
		if (v <= p * 8)
			return p * 8;
		p *= 10;
		if (v <= p)
			return p;
	}
}

static int
events_svg(struct buf *b, const struct app_portfolio *pf)
{
	int max = 0, top, w, rc, k, x, hh;
	size_t i;
	char lab[16];

	for (i = 0; i < pf->nmonth; i++) {
		max = pf->month[i].held > max ? pf->month[i].held : max;
		max = pf->month[i].planned > max ? pf->month[i].planned : max;
	}
	top = axis_max(max);
	w = EV_LEFT + (int)pf->nmonth * (2 * EV_BAR + 2) + 10;
	TRY(svg_begin(b, "ev", w < 300 ? 300 : w, EV_TOP + EV_H + 40, "Events held and planned by month"));
	TRY(html_textf(b, "Bars per month from %s to %s: events held (dark blue, left) and planned (light "
			  "orange, right), as the reports you may read list them; the highest month has %d. "
			  "The numbers follow as a table.",
		       pf->month[0].month, pf->month[pf->nmonth - 1].month, max));
	TRY(html_raw(b, "</desc>\n"));
	for (k = 0; k <= 4; k++) {
		int y = EV_TOP + EV_H - k * EV_H / 4;

		TRY(buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#c9cedb\"/>\n", EV_LEFT, w, y, y));
		snprintf(lab, sizeof(lab), "%d", top * k / 4);
		TRY(text_at(b, EV_LEFT - 4, y + 4, 10, "end", lab));
	}
	for (i = 0; i < pf->nmonth; i++) {
		const struct pf_month *m = &pf->month[i];

		x = EV_LEFT + 2 + (int)i * (2 * EV_BAR + 2);
		hh = m->held * EV_H / top;
		if (hh > 0)
			TRY(rect(b, x, EV_TOP + EV_H - hh, EV_BAR, hh, "#1f4e9c", false));
		hh = m->planned * EV_H / top;
		if (hh > 0)
			TRY(rect(b, x + EV_BAR, EV_TOP + EV_H - hh, EV_BAR, hh, "#f2a65a", false));
		if (strcmp(m->month + 5, "01") == 0 || i == 0) {
			memcpy(lab, m->month, 4);
			lab[4] = '\0';
			TRY(text_at(b, x, EV_TOP + EV_H + 16, 10, "start", lab));
		}
	}
	TRY(svg_end(b));
out:
	return rc;
}

static int
events_section(struct buf *b, const struct app_portfolio *pf)
{
	size_t i;
	int rc;

	TRY(html_raw(b, "<section aria-labelledby=\"h-events\">\n<h2 id=\"h-events\">Events over time</h2>\n"
			"<p>Meetings, workshops and dissemination events by month: held (from the reports' past "
			"events) and planned (as announced; an event planned in one report and held in a later "
			"one counts in both).</p>\n"));
	if (pf->nmonth == 0) {
		TRY(html_raw(b, "<p>No dated event in the reports selected.</p>\n"));
	} else {
		TRY(html_raw(b, "<ul class=\"legend\" aria-label=\"Key to the events chart\">\n"
				"<li><span class=\"key ev-held\">&nbsp;</span> Held</li>\n"
				"<li><span class=\"key ev-planned\">&nbsp;</span> Planned</li>\n</ul>\n"));
		TRY(events_svg(b, pf));
		TRY(html_raw(b, "<details class=\"data\" id=\"events-data\">\n<summary>Events by month as a table</summary>\n"));
		TRY(layout_table_begin(b, "events-table", "Events by month"));
		TRY(html_raw(b, "<th scope=\"col\">Month</th><th scope=\"col\">Held</th><th scope=\"col\">Planned</th>"
				"</tr></thead>\n<tbody>\n"));
		for (i = 0; i < pf->nmonth; i++) {
			TRY(html_raw(b, "<tr><th scope=\"row\">"));
			TRY(html_text(b, pf->month[i].month));
			TRY(buf_printf(b, "</th><td>%d</td><td>%d</td></tr>\n", pf->month[i].held, pf->month[i].planned));
		}
		TRY(layout_table_end(b));
		TRY(html_raw(b, "</details>\n"));
	}
	if (pf->events_undated > 0) {
		TRY(html_raw(b, "<p>"));
		TRY(html_textf(b, "%d events have no date that names a month; they are not in the chart.",
			       pf->events_undated));
		TRY(html_raw(b, "</p>\n"));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

/* --- indicators per period ----------------------------------------------- */

struct indicator {
	const char *id, *name, *unit;
	int (*value)(const struct pf_period *p);
};

static int v_regions(const struct pf_period *p) { return p->regions; }
static int v_countries(const struct pf_period *p) { return p->countries; }
static int v_eu13(const struct pf_period *p) { return pct(p->eu13, p->regions); }
static int v_non_eu(const struct pf_period *p) { return p->non_eu; }
static int v_events(const struct pf_period *p) { return p->events_held; }
static int v_outreach(const struct pf_period *p) { return p->outreach; }

static const struct indicator indicators[] = {
	{"in-regions", "Participating regions", "", v_regions},
	{"in-countries", "Countries", "", v_countries},
	{"in-eu13", "EU13 share of the regions", "%", v_eu13},
	{"in-noneu", "Regions from outside the EU", "", v_non_eu},
	{"in-events", "Events held", "", v_events},
	{"in-outreach", "Outreach items", "", v_outreach},
};
#define NINDICATORS (sizeof(indicators) / sizeof(indicators[0]))

#define IN_W 320
#define IN_H 150
#define IN_LEFT 44
#define IN_TOP 12
#define IN_PLOT 100

static int
indicator_svg(struct buf *b, const struct app_portfolio *pf, const struct indicator *in)
{
	int max = 0, top, rc, x, y, k;
	int step = pf->nper > 1 ? (IN_W - IN_LEFT - 12) / (int)(pf->nper - 1) : 0;
	size_t j;
	char lab[24];

	for (j = 0; j < pf->nper; j++)
		max = in->value(&pf->per[j]) > max ? in->value(&pf->per[j]) : max;
	top = in->unit[0] == '%' ? 100 : axis_max(max);
	TRY(svg_begin(b, in->id, IN_W, IN_H, in->name));
	TRY(html_textf(b, "A line over %zu periods from %s to %s: %d%s in the first, %d%s in the last, "
			  "%d%s at the highest.",
		       pf->nper, pf->per[0].period, pf->per[pf->nper - 1].period, in->value(&pf->per[0]), in->unit,
		       in->value(&pf->per[pf->nper - 1]), in->unit, max, in->unit));
	TRY(html_raw(b, "</desc>\n"));
	for (k = 0; k <= 2; k++) {
		y = IN_TOP + IN_PLOT - k * IN_PLOT / 2;
		TRY(buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#c9cedb\"/>\n", IN_LEFT,
			       IN_W - 8, y, y));
		snprintf(lab, sizeof(lab), "%d%s", top * k / 2, in->unit);
		TRY(text_at(b, IN_LEFT - 4, y + 4, 10, "end", lab));
	}
	TRY(html_raw(b, "<polyline fill=\"none\" stroke=\"#003399\" stroke-width=\"2\" points=\""));
	for (j = 0; j < pf->nper; j++) {
		x = IN_LEFT + 4 + (int)j * step;
		y = IN_TOP + IN_PLOT - in->value(&pf->per[j]) * IN_PLOT / top;
		TRY(buf_printf(b, j ? " %d,%d" : "%d,%d", x, y));
	}
	TRY(html_raw(b, "\"/>\n"));
	for (j = 0; j < pf->nper; j++) {
		x = IN_LEFT + 4 + (int)j * step;
		y = IN_TOP + IN_PLOT - in->value(&pf->per[j]) * IN_PLOT / top;
		TRY(buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#003399\"/>\n", x, y));
	}
	TRY(text_at(b, IN_LEFT, IN_TOP + IN_PLOT + 18, 10, "start", pf->per[0].period));
	if (pf->nper > 1)
		TRY(text_at(b, IN_W - 8, IN_TOP + IN_PLOT + 18, 10, "end", pf->per[pf->nper - 1].period));
	TRY(svg_end(b));
out:
	return rc;
}

static int
indicators_section(struct buf *b, const struct app_portfolio *pf)
{
	size_t j, k;
	int rc;

	TRY(html_raw(b, "<section aria-labelledby=\"h-ind\">\n<h2 id=\"h-ind\">Indicators per period</h2>\n"
			"<p>Summed over the reports of each half-year that you may read. Countries: the "
			"distinct countries of the regions placed on the map. EU13: the Member States that "
			"joined from 2004. Outside the EU: regions of known countries outside the EU at the time "
			"(the United Kingdom from 2020).</p>\n"));
	if (pf->nper == 0) {
		TRY(html_raw(b, "<p>No period selected.</p>\n</section>\n"));
		goto out;
	}
	TRY(html_raw(b, "<div class=\"chart-grid\">\n"));
	for (k = 0; k < NINDICATORS; k++)
		TRY(indicator_svg(b, pf, &indicators[k]));
	TRY(html_raw(b, "</div>\n<details class=\"data\" id=\"indicators-data\">\n"
			"<summary>Indicators as a table</summary>\n"));
	TRY(layout_table_begin(b, "indicators-table", "Indicators per period (their trends: the charts above)"));
	TRY(html_raw(b, "<th scope=\"col\">Period</th><th scope=\"col\">Reports counted</th>"));
	for (k = 0; k < NINDICATORS; k++) {
		TRY(html_raw(b, "<th scope=\"col\">"));
		TRY(html_text(b, indicators[k].name));
		TRY(html_raw(b, "</th>"));
	}
	TRY(html_raw(b, "<th scope=\"col\">Events planned</th></tr></thead>\n<tbody>\n"));
	for (j = 0; j < pf->nper; j++) {
		const struct pf_period *p = &pf->per[j];

		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_text(b, p->period));
		TRY(buf_printf(b, "</th><td>%d</td>", p->counted));
		for (k = 0; k < NINDICATORS; k++) {
			int now = indicators[k].value(p);

			TRY(buf_printf(b, "<td>%d", now));
			TRY(html_text(b, indicators[k].unit));
			TRY(html_raw(b, "</td>"));
		}
		TRY(buf_printf(b, "<td>%d</td></tr>\n", p->events_planned));
	}
	TRY(layout_table_end(b));
	TRY(html_raw(b, "</details>\n</section>\n"));
out:
	return rc;
}

/* --- the page -------------------------------------------------------------- */

/* The page number: 1 unless a plain number; APP_EINPUT otherwise. */
static int
page_of(const char *s, size_t *out)
{
	size_t n = 0, i;

	*out = 1;
	if (s[0] == '\0')
		return 0;
	if (strlen(s) > 6)
		return APP_EINPUT;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return APP_EINPUT;
		n = n * 10 + (size_t)(s[i] - '0');
	}
	if (n == 0)
		return APP_EINPUT;
	*out = n;
	return 0;
}

int
dashboard_query(const struct req *rq, struct app_portfolio_query *q, size_t *page, struct app_msg *msg)
{
	memset(q, 0, sizeof(*q));
	q->platform = param(rq, "platform");
	q->partnership = param(rq, "partnership");
	q->from = param(rq, "from");
	q->to = param(rq, "to");
	q->period = param(rq, "period");
	if (page_of(param(rq, "page"), page) != 0)
		return app_fail(msg, APP_EINPUT, "\"%.20s\" is not a page number from 1 to 999999 (page).",
				param(rq, "page"));
	return 0;
}

static int
intro(struct buf *b, const struct app_portfolio *pf, bool public)
{
	int rc;

	TRY(html_raw(b, public ? "<p class=\"lead\">The published reports of all partnerships at a glance. "
				 "Log in to see the reports your role lets you read.</p>\n"
			       : "<p class=\"lead\">All partnerships at a glance, over the reports you may read.</p>\n"));
	TRY(html_raw(b, "<p>"));
	TRY(html_textf(b, "%zu partnerships, %zu periods, %zu reports counted.", pf->np, pf->nper, pf->reports));
	TRY(html_raw(b, " See also the <a href=\"/portfolio/map\">map of the participating regions</a>.</p>\n"));
out:
	return rc;
}

int
page_dashboard(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct app_portfolio_query q;
	struct app_portfolio pf;
	struct app_msg msg = {{0}};
	struct buf *b = &rs->body;
	struct view v;
	bool public = a.role == ROLE_PUBLIC;
	char today[11];
	json_t *j = NULL;
	int rc, bad;

	memset(&pf, 0, sizeof(pf));
	memset(&v, 0, sizeof(v));
	app_today(today);
	bad = dashboard_query(rq, &q, &v.page, &msg);
	if (bad == 0)
		bad = app_portfolio(rq->app, &a, &q, &pf, &msg);
	if (bad != 0 && bad != APP_EINPUT) {
		rc = bad;
		goto out;
	}
	if (rq->wants_json) {
		if (bad != 0) {
			rs->status = 400;
			rs->content_type = "application/json";
			j = json_pack("{s:s}", "error", msg.text);
		} else {
			rs->content_type = "application/json";
			j = app_portfolio_json(&pf);
		}
		if (j == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		TRY(jsonout_write(b, j, 2));
		TRY(buf_putc(b, '\n'));
		goto out;
	}
	TRY(layout_begin(rq, rs, "Portfolio"));
	if (bad != 0) {
		/* The form again with what was asked, its choices from the
		 * unfiltered portfolio. */
		struct app_portfolio_query none = {NULL, NULL, NULL, NULL, NULL, NULL};
		struct app_msg m2 = {{0}};

		rs->status = 400;
		TRY(layout_notice(b, "error", msg.text));
		TRY(app_portfolio(rq->app, &a, &none, &pf, &m2));
		TRY(filter_form(b, &q, &pf, today));
		TRY(layout_end(rq, rs));
		goto out;
	}
	v.pf = &pf;
	v.q = &q;
	v.pages = (pf.np + PAGE_ROWS - 1) / PAGE_ROWS;
	if (v.page > v.pages)
		v.page = v.pages > 0 ? v.pages : 1;
	v.first = (v.page - 1) * PAGE_ROWS;
	v.last = v.first + PAGE_ROWS < pf.np ? v.first + PAGE_ROWS : pf.np;
	TRY(intro(b, &pf, public));
	TRY(filter_form(b, &q, &pf, today));
	TRY(status_section(b, &v, public));
	TRY(sdg_section(b, &v));
	TRY(html_raw(b, "<section aria-labelledby=\"h-map\">\n<h2 id=\"h-map\">Regions</h2>\n"
			"<p>Where the participating regions are: the <a href=\"/portfolio/map\">portfolio map</a>, "
			"with a page per region.</p>\n</section>\n"));
	TRY(events_section(b, &pf));
	TRY(indicators_section(b, &pf));
	TRY(layout_end(rq, rs));
out:
	json_decref(j);
	app_portfolio_cleanup(&pf);
	return rc;
}
