/* page_map.c - where the partnerships work: GET /portfolio/map (the map of
 * Europe by NUTS 2 region, shaded by the partnerships per region, with its
 * data as tables, filtered by platform, period and partnership) and GET
 * /regions/:code (one region's partnerships with their roles and periods).
 * What counts is what the caller may read (app_regions.h). Server-rendered
 * SVG; no script needed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_regions.h"
#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "links.h"
#include "map.h"
#include "pages.h"
#include "period.h"
#include "render.h"
#include "report_facts.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

#define FIRST_YEAR 2018
#define NCLASS 5 /* shades for counts above zero (style.css: .m1 .. .m5) */

static const char *
param(const struct req *rq, const char *k)
{
	const char *v = req_query(rq, k);

	return v != NULL ? v : "";
}

/* The classes of counts: class k (1..ncls) holds counts up to upper[k-1].
 * Counts up to NCLASS get a class each; above, NCLASS even steps. */
struct classes {
	int upper[NCLASS];
	int n;
};

static void
classes_of(int max, struct classes *c)
{
	int k;

	c->n = 0;
	if (max <= 0)
		return;
	for (k = 1; k <= NCLASS; k++) {
		int u = max <= NCLASS ? k : (max * k + NCLASS - 1) / NCLASS;

		if (c->n > 0 && u <= c->upper[c->n - 1])
			continue;
		c->upper[c->n++] = u;
		if (u >= max)
			break;
	}
}

/* The style class for a count: 0 for none; the darkest for the top class
 * whatever the number of classes. */
static int
class_for(const struct classes *c, int count)
{
	int k;

	if (count <= 0)
		return 0;
	for (k = 0; k < c->n; k++)
		if (count <= c->upper[k])
			return NCLASS - (c->n - 1 - k);
	return NCLASS;
}

static int
filter_form(struct req *rq, struct buf *b, const struct app_map_filter *f)
{
	struct actor a = ctx_actor(rq);
	struct partnership *ps = NULL;
	struct period p;
	char v[8], label[40], today[11];
	size_t i, np = 0;
	int rc, y, h, now_y;

	app_today(today);
	now_y = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
	TRY(app_map_partnerships(rq->app, &a, &ps, &np));
	TRY(html_raw(b, "<form class=\"stack narrow\" method=\"get\" action=\"/portfolio/map\" id=\"map-filter\">\n"
			"<div class=\"field\">\n<label for=\"m-platform\">Thematic platform</label>\n"
			"<select id=\"m-platform\" name=\"platform\">\n"));
	TRY(html_option(b, "", "All platforms", f->platform[0] == '\0'));
	for (i = 0; platform_names[i] != NULL; i++)
		TRY(html_option(b, platform_names[i], platform_names[i], strcmp(f->platform, platform_names[i]) == 0));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n<label for=\"m-period\">Period</label>\n"
			"<select id=\"m-period\" name=\"period\" aria-describedby=\"m-period-hint\">\n"));
	TRY(html_option(b, "", "Each partnership's latest report", f->period[0] == '\0'));
	for (y = now_y; y >= FIRST_YEAR; y--)
		for (h = 2; h >= 1; h--) {
			p.year = y;
			p.half = h;
			period_format(p, v, sizeof(v));
			period_label(p, label, sizeof(label));
			TRY(html_option(b, v, label, strcmp(f->period, v) == 0));
		}
	TRY(html_raw(b, "</select>\n<p id=\"m-period-hint\" class=\"hint\">Without a period, each partnership's "
			"latest report counts.</p>\n</div>\n"
			"<div class=\"field\">\n<label for=\"m-partnership\">Partnership</label>\n"
			"<select id=\"m-partnership\" name=\"partnership\">\n"));
	TRY(html_option(b, "", "All partnerships", f->partnership[0] == '\0'));
	for (i = 0; i < np; i++)
		TRY(html_option(b, ps[i].slug, ps[i].name, strcmp(f->partnership, ps[i].slug) == 0));
	TRY(html_raw(b, "</select>\n</div>\n<button type=\"submit\">Show</button>\n</form>\n"));
out:
	partnership_free_list(ps, np);
	return rc;
}

/* "Name (CODE)" of a region; code alone when the NUTS list lacks it. */
static int
region_label(struct buf *b, const struct app *app, const char *code)
{
	const char *name = app_region_name(app, code);

	if (name == NULL)
		return html_text(b, code);
	return html_textf(b, "%s (%s)", name, code);
}

/* The same as plain text into label (for html_link). */
static int
region_label_text(struct buf *label, const struct app *app, const char *code)
{
	const char *name = app_region_name(app, code);
	int rc = 0;

	if (name != NULL) {
		rc = buf_append(label, name, strlen(name));
		if (rc == 0)
			rc = buf_append(label, " (", 2);
	}
	if (rc == 0)
		rc = buf_append(label, code, strlen(code));
	if (rc == 0 && name != NULL)
		rc = buf_putc(label, ')');
	return rc;
}

/* <a href="/regions/CODE">Name (CODE)</a> */
static int
region_link(struct buf *b, const struct app *app, const char *code)
{
	struct buf href, label;
	int rc;

	buf_init(&href, 64);
	buf_init(&label, 1024);
	rc = html_raw(&href, "/regions/");
	if (rc == 0)
		rc = html_url_arg(&href, code);
	if (rc == 0)
		rc = region_label_text(&label, app, code);
	if (rc == 0)
		rc = html_link(b, buf_cstr(&href), buf_cstr(&label));
	buf_cleanup(&href);
	buf_cleanup(&label);
	return rc;
}

static int
count_text(struct buf *b, int n)
{
	if (n == 0)
		return html_raw(b, "no partnership");
	return html_textf(b, "%d %s", n, n == 1 ? "partnership" : "partnerships");
}

static int
legend(struct buf *b, const struct classes *c)
{
	int k, lo = 1, rc;

	TRY(html_raw(b, "<ul class=\"map-legend\" aria-label=\"Legend\">\n"
			"<li><span class=\"swatch m0\"></span>No partnership</li>\n"));
	for (k = 0; k < c->n; k++) {
		TRY(html_raw(b, "<li><span class=\"swatch m"));
		TRY(html_textf(b, "%d", NCLASS - (c->n - 1 - k)));
		TRY(html_raw(b, "\"></span>"));
		if (lo == c->upper[k])
			TRY(html_textf(b, "%d", lo));
		else
			TRY(html_textf(b, "%d to %d", lo, c->upper[k]));
		TRY(html_raw(b, c->upper[k] == 1 ? " partnership</li>\n" : " partnerships</li>\n"));
		lo = c->upper[k] + 1;
	}
	TRY(html_raw(b, "<li><span class=\"swatch eu13\"></span>Hatched: a region of the EU13 "
			"(Member States since 2004)</li>\n</ul>\n"));
out:
	return rc;
}

static int
map_svg(struct req *rq, struct buf *b, const struct map *m, const struct app_map_data *d,
	const struct classes *c)
{
	size_t i;
	int rc;

	TRY(html_raw(b, "<figure class=\"map\">\n"
			"<p><a class=\"map-skip\" href=\"#map-regions\">Skip the map: to the table of regions</a></p>\n"
			"<svg class=\"map-svg\" xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" "
			"aria-labelledby=\"map-title\" aria-describedby=\"map-desc\" viewBox=\"0 0 "));
	TRY(html_textf(b, "%d %d", m->width, m->height));
	TRY(html_raw(b, "\">\n<title id=\"map-title\">Partnerships by NUTS 2 region</title>\n"
			"<desc id=\"map-desc\">A map of Europe by NUTS 2 region (NUTS 2021): the darker a region, "
			"the more partnerships name it. Regions of the EU13 are hatched. The Canary Islands, the "
			"Azores, Madeira, the French outermost regions and Svalbard are drawn in boxes at the left. "
			"Each region is a link to its page; the tables below hold the same figures.</desc>\n"
			"<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
			"patternTransform=\"rotate(45)\"><path class=\"hatch-line\" d=\"M0 0v8\"/></pattern></defs>\n"
			"<g class=\"regions\">\n"));
	for (i = 0; i < m->nregion; i++) {
		const struct map_region *r = &m->region[i];
		const struct app_map_region *ct = app_map_find(d, r->code);
		int n = ct != NULL ? ct->count : 0;

		TRY(html_raw(b, "<a href=\"/regions/"));
		TRY(html_attr(b, r->code));
		TRY(html_raw(b, "\"><title>"));
		TRY(region_label(b, rq->app, r->code));
		TRY(html_raw(b, ": "));
		TRY(count_text(b, n));
		TRY(html_raw(b, "</title><path id=\"r-"));
		TRY(html_attr(b, r->code));
		TRY(html_raw(b, "\" class=\"m"));
		TRY(html_textf(b, "%d", class_for(c, n)));
		TRY(html_raw(b, "\" d=\""));
		TRY(html_attr(b, r->path));
		TRY(html_raw(b, "\"/></a>\n"));
	}
	TRY(html_raw(b, "</g>\n<g class=\"eu13-marks\" aria-hidden=\"true\">"));
	for (i = 0; i < m->nregion; i++) {
		char cc[3];

		memcpy(cc, m->region[i].code, 2);
		cc[2] = '\0';
		if (!report_facts_eu13(cc))
			continue;
		TRY(html_raw(b, "<use href=\"#r-"));
		TRY(html_attr(b, m->region[i].code));
		TRY(html_raw(b, "\"/>"));
	}
	TRY(html_raw(b, "</g>\n"));
	if (m->borders[0] != '\0') {
		TRY(html_raw(b, "<path class=\"map-borders\" aria-hidden=\"true\" d=\""));
		TRY(html_attr(b, m->borders));
		TRY(html_raw(b, "\"/>\n"));
	}
	if (m->insets[0] != '\0') {
		TRY(html_raw(b, "<path class=\"map-insets\" aria-hidden=\"true\" d=\""));
		TRY(html_attr(b, m->insets));
		TRY(html_raw(b, "\"/>\n"));
	}
	TRY(html_raw(b, "</svg>\n<figcaption>\n"));
	TRY(legend(b, c));
	TRY(html_raw(b, "<p class=\"attribution\">© EuroGeographics for the administrative boundaries. "
			"Source: Eurostat/GISCO, NUTS 2021 at 1:60 million, simplified.</p>\n"
			"</figcaption>\n</figure>\n"));
out:
	return rc;
}

static int
region_table(struct req *rq, struct buf *b, const struct app_map_data *d)
{
	size_t i;
	int rc;

	TRY(html_raw(b, "<h2 id=\"map-regions\" tabindex=\"-1\">Partnerships by region</h2>\n"));
	if (d->nregion == 0) {
		TRY(html_raw(b, "<p>No report counted names a region.</p>\n"));
		goto out;
	}
	TRY(layout_table_begin(b, "t-regions", "Partnerships by NUTS 2 region (NUTS 2021)"));
	TRY(html_raw(b, "<th scope=\"col\">Region</th><th scope=\"col\">Country</th>"
			"<th scope=\"col\" class=\"num\">Partnerships</th>"
			"<th scope=\"col\" class=\"num\">of which leading</th><th scope=\"col\">EU13</th>"
			"</tr></thead>\n<tbody>\n"));
	for (i = 0; i < d->nregion; i++) {
		const struct app_map_region *r = &d->region[i];
		const char *cn = nuts_country_name(r->country);

		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(region_link(b, rq->app, r->code));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, cn != NULL ? cn : r->country));
		TRY(html_raw(b, "</td><td class=\"num\">"));
		TRY(html_textf(b, "%d", r->count));
		TRY(html_raw(b, "</td><td class=\"num\">"));
		TRY(html_textf(b, "%d", r->lead));
		TRY(html_raw(b, "</td><td>"));
		if (report_facts_eu13(r->country))
			TRY(html_raw(b, "yes"));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(layout_table_end(b));
out:
	return rc;
}

static int
country_table(struct buf *b, const struct app_map_data *d)
{
	size_t i;
	int rc = 0;

	TRY(html_raw(b, "<h2 id=\"map-countries\">Partnerships by country</h2>\n"));
	if (d->ncountry == 0) {
		TRY(html_raw(b, "<p>No report counted names a region in any country.</p>\n"));
		goto out;
	}
	TRY(layout_table_begin(b, "t-countries", "Partnerships with a region in each country"));
	TRY(html_raw(b, "<th scope=\"col\">Country</th><th scope=\"col\">Code</th>"
			"<th scope=\"col\" class=\"num\">Partnerships</th><th scope=\"col\">EU13</th>"
			"</tr></thead>\n<tbody>\n"));
	for (i = 0; i < d->ncountry; i++) {
		const struct app_map_country *c = &d->country[i];
		const char *cn = nuts_country_name(c->country);

		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_text(b, cn != NULL ? cn : c->country));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, c->country));
		TRY(html_raw(b, "</td><td class=\"num\">"));
		TRY(html_textf(b, "%d", c->count));
		TRY(html_raw(b, "</td><td>"));
		if (report_facts_eu13(c->country))
			TRY(html_raw(b, "yes"));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(layout_table_end(b));
out:
	return rc;
}

int
page_map(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct app_map_filter f = {param(rq, "platform"), param(rq, "period"), param(rq, "partnership")};
	struct app_map_data d;
	struct app_msg msg = {{0}};
	struct classes c;
	struct buf *b = &rs->body;
	int rc, frc;

	memset(&d, 0, sizeof(d));
	frc = app_map_counts(rq->app, &a, &f, &d, &msg);
	if (frc != 0 && frc != APP_EINPUT)
		return frc;
	TRY(layout_begin(rq, rs, "Where the partnerships work"));
	TRY(html_raw(b, a.role == ROLE_PUBLIC
				? "<p class=\"lead\">The regions named in the published reports, by NUTS 2 region "
				  "and by country.</p>\n"
				: "<p class=\"lead\">The regions named in the reports you may read, by NUTS 2 region "
				  "and by country.</p>\n"));
	if (frc == APP_EINPUT) {
		/* A filter that cannot be: say which, and offer the form. */
		rs->status = 400;
		TRY(layout_notice(b, "error", msg.text));
		f.platform = f.period = f.partnership = "";
		TRY(filter_form(rq, b, &f));
		TRY(layout_end(rq, rs));
		goto out;
	}
	TRY(filter_form(rq, b, &f));
	TRY(html_raw(b, "<p role=\"status\">"));
	TRY(html_textf(b, "%zu %s counted", d.reports, d.reports == 1 ? "report" : "reports"));
	TRY(html_raw(b, f.period[0] == '\0' ? " (each partnership's latest)" : ""));
	TRY(html_textf(b, ": %zu %s in %zu %s.", d.nregion, d.nregion == 1 ? "region" : "regions", d.ncountry,
		       d.ncountry == 1 ? "country" : "countries"));
	TRY(html_raw(b, "</p>\n"));
	classes_of(d.max, &c);
	if (rq->app->map != NULL)
		TRY(map_svg(rq, b, rq->app->map, &d, &c));
	else
		TRY(layout_notice(b, "info", "The map is not installed on this server (its file " MAP_FILE
					     " is missing from the data folder); the tables below hold its figures."));
	TRY(region_table(rq, b, &d));
	TRY(country_table(b, &d));
	TRY(layout_end(rq, rs));
out:
	app_map_data_cleanup(&d);
	return rc;
}

/* /regions/OLD of another NUTS version: one region of 2021 → there;
 * several → the list. */
static int
region_moved(struct req *rq, struct resp *rs, const char *code, const struct app_region *r)
{
	struct buf *b = &rs->body;
	struct buf url;
	size_t i;
	int rc;

	buf_init(&url, 64);
	if (r->ncandidate == 1) {
		TRY(html_raw(&url, "/regions/"));
		TRY(html_url_arg(&url, r->candidate[0]));
		rs->status = 308;
		TRY(resp_redirect(rs, buf_cstr(&url)));
		goto out;
	}
	TRY(resp_titlef(rs, "Region %s", code));
	TRY(layout_begin(rq, rs, rs->title));
	TRY(html_raw(b, "<p>"));
	TRY(html_textf(b, "%s is a NUTS 2 code of NUTS %d. In NUTS %d, its area belongs to these regions:", code,
		       r->from, REPORT_FACTS_NUTS));
	TRY(html_raw(b, "</p>\n<ul>\n"));
	for (i = 0; i < r->ncandidate; i++) {
		TRY(html_raw(b, "<li>"));
		TRY(region_link(b, rq->app, r->candidate[i]));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n"));
	TRY(layout_end(rq, rs));
out:
	buf_cleanup(&url);
	return rc;
}

static int
periods_cell(struct buf *b, const struct app_region_partnership *p)
{
	struct buf href;
	size_t i;
	int rc = 0;

	buf_init(&href, 512);
	TRY(html_raw(b, "<ul class=\"plain\">"));
	for (i = 0; i < p->nperiod; i++) {
		buf_reset(&href);
		TRY(link_report(&href, p->slug, p->period[i].period, NULL));
		TRY(html_raw(b, "<li>"));
		TRY(html_link(b, buf_cstr(&href), p->period[i].period));
		TRY(html_raw(b, p->period[i].lead ? " (leading)" : " (participating)"));
		if (p->period[i].status != REPORT_PUBLISHED) {
			TRY(html_raw(b, ", "));
			TRY(html_text(b, render_status_label(p->period[i].status)));
		}
		TRY(html_raw(b, "</li>"));
	}
	TRY(html_raw(b, "</ul>"));
out:
	buf_cleanup(&href);
	return rc;
}

int
page_region(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *code = rq->nparams > 0 ? rq->params[0] : "";
	struct app_region r;
	struct app_msg msg = {{0}};
	struct buf *b = &rs->body;
	size_t i;
	int rc;

	TRY(app_region(rq->app, &a, code, &r, &msg));
	if (r.code[0] == '\0') {
		rc = region_moved(rq, rs, code, &r);
		goto out;
	}
	TRY(resp_titlef(rs, "%s (%s)", r.english != NULL ? r.english : r.name, r.code));
	TRY(layout_begin(rq, rs, rs->title));
	TRY(html_raw(b, "<dl class=\"facts\">\n"));
	if (r.english != NULL) {
		TRY(html_raw(b, "<dt>NUTS name</dt><dd>"));
		TRY(html_text(b, r.name));
		TRY(html_raw(b, "</dd>\n"));
	}
	TRY(html_raw(b, "<dt>Country</dt><dd>"));
	TRY(html_textf(b, "%s (%s)", r.country_name != NULL ? r.country_name : r.country, r.country));
	TRY(html_raw(b, r.eu13 ? ", EU13</dd>\n" : "</dd>\n"));
	TRY(html_raw(b, "<dt>Classification</dt><dd>"));
	TRY(html_textf(b, "NUTS 2, version %d", REPORT_FACTS_NUTS));
	TRY(html_raw(b, "</dd>\n</dl>\n<p><a href=\"/portfolio/map\">Back to the map</a></p>\n"
			"<h2 id=\"partnerships\">Partnerships in this region</h2>\n"));
	if (r.np == 0) {
		TRY(html_raw(b, a.role == ROLE_PUBLIC ? "<p>No published report names this region.</p>\n"
						      : "<p>No report you may read names this region.</p>\n"));
	} else {
		TRY(html_raw(b, "<p>"));
		TRY(html_textf(b, "%zu %s this region in their reports. The role is the one of the "
				  "latest report listed: leading when the region is among the leading regions, "
				  "else participating.", r.np, r.np == 1 ? "partnership names" : "partnerships name"));
		TRY(html_raw(b, "</p>\n"));
		TRY(layout_table_begin(b, "t-region", "Partnerships naming this region, with their roles and periods"));
		TRY(html_raw(b, "<th scope=\"col\">Partnership</th><th scope=\"col\">Platform</th>"
				"<th scope=\"col\">Role</th><th scope=\"col\">Periods</th></tr></thead>\n<tbody>\n"));
		for (i = 0; i < r.np; i++) {
			const struct app_region_partnership *p = &r.p[i];

			TRY(html_raw(b, "<tr><th scope=\"row\">"));
			TRY(a_partnership(b, p->slug, NULL, p->name));
			TRY(html_raw(b, "</th><td>"));
			TRY(html_text(b, p->platform));
			TRY(html_raw(b, "</td><td>"));
			TRY(html_raw(b, p->lead ? "leading" : "participating"));
			TRY(html_raw(b, "</td><td>"));
			TRY(periods_cell(b, p));
			TRY(html_raw(b, "</td></tr>\n"));
		}
		TRY(layout_table_end(b));
	}
	TRY(layout_end(rq, rs));
out:
	app_region_cleanup(&r);
	return rc;
}
