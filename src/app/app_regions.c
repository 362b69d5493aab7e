/* app_regions.c - the map's counts and the region pages, with the access
 * rule applied to every report before it counts (policy_can_read). */
#include "app_regions.h"

#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "report_facts.h"
#include "store.h"

void
app_map_data_cleanup(struct app_map_data *m)
{
	if (m == NULL)
		return;
	free(m->region);
	free(m->country);
	memset(m, 0, sizeof(*m));
}

static bool
keep_report(const struct region_report *r, void *arg)
{
	return policy_can_read(arg, r->partnership_id, r->status);
}

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* [a-z0-9-]{1,100}: the partnerships' slugs. */
static bool
slug_shape(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 100 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

int
app_map_counts(struct app *app, const struct actor *a, const struct app_map_filter *f,
	       struct app_map_data *out, struct app_msg *msg)
{
	struct region_filter rf = {NULL, NULL, NULL};
	struct region_count *rc_list = NULL;
	struct country_count *cc_list = NULL;
	struct period p;
	size_t nr = 0, nc = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (f != NULL) {
		rf.platform = nonempty(f->platform);
		rf.period = nonempty(f->period);
		rf.partnership = nonempty(f->partnership);
	}
	if (rf.platform != NULL && !platform_ok(rf.platform))
		return app_fail(msg, APP_EINPUT, "“%s” is not a thematic platform", rf.platform);
	if (rf.period != NULL && (strlen(rf.period) != 7 || period_parse(rf.period, &p) != 0))
		return app_fail(msg, APP_EINPUT, "“%.40s” is not a period such as 2021-H2", rf.period);
	if (rf.partnership != NULL && !slug_shape(rf.partnership))
		return app_fail(msg, APP_EINPUT, "“%.40s” is not a partnership's short name", rf.partnership);
	rc = store_region_map(app->store, &rf, keep_report, (void *)a, &out->reports, &rc_list, &nr, &cc_list,
			      &nc);
	if (rc != 0)
		return app_fail(msg, rc, "the map's counts could not be read");
	/* The figures already are the caller's: they count only the reports
	 * keep_report accepted. */
	out->region = calloc(nr > 0 ? nr : 1, sizeof(*out->region));
	out->country = calloc(nc > 0 ? nc : 1, sizeof(*out->country));
	if (out->region == NULL || out->country == NULL) {
		free(rc_list);
		free(cc_list);
		app_map_data_cleanup(out);
		return app_fail(msg, APP_ENOMEM, "out of memory");
	}
	for (i = 0; i < nr; i++) {
		struct app_map_region *r = &out->region[i];

		memcpy(r->code, rc_list[i].code, sizeof(r->code));
		memcpy(r->country, rc_list[i].country, sizeof(r->country));
		r->count = rc_list[i].count;
		r->lead = rc_list[i].lead;
		if (r->count > out->max)
			out->max = r->count;
	}
	out->nregion = nr;
	for (i = 0; i < nc; i++) {
		memcpy(out->country[i].country, cc_list[i].country, sizeof(out->country[i].country));
		out->country[i].count = cc_list[i].count;
	}
	out->ncountry = nc;
	free(rc_list);
	free(cc_list);
	return 0;
}

int
app_map_partnerships(struct app *app, const struct actor *a, struct partnership **out, size_t *n)
{
	(void)a;
	return store_partnership_list(app->store, out, n);
}

const struct app_map_region *
app_map_find(const struct app_map_data *m, const char *code)
{
	size_t lo = 0, hi = m->nregion;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->region[mid].code, code);

		if (c == 0)
			return &m->region[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
app_region_name(const struct app *app, const char *code)
{
	const struct nuts_region *r;
	const char *en;

	if (app->nuts == NULL || (r = nuts_find(app->nuts, REPORT_FACTS_NUTS, code)) == NULL)
		return NULL;
	en = nuts_english_name(app->nuts, REPORT_FACTS_NUTS, code);
	return en != NULL && en[0] != '\0' ? en : nuts_label(app->nuts, r);
}

void
app_region_cleanup(struct app_region *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->np; i++) {
		free(r->p[i].slug);
		free(r->p[i].name);
		free(r->p[i].platform);
		free(r->p[i].period);
	}
	free(r->p);
	memset(r, 0, sizeof(*r));
}

/* A code of another version that stands for NUTS 2 regions of
 * REPORT_FACTS_NUTS: the candidates of the newest version that knows it. */
static int
other_version(struct app *app, const char *code, struct app_region *out)
{
	int k;

	for (k = NUTS_NVERSIONS - 1; k >= 0; k--) {
		int v = nuts_versions[k];
		const struct nuts_region *r;
		const char *c[APP_REGION_CANDIDATES];
		size_t n, i;

		if (v == REPORT_FACTS_NUTS || (r = nuts_find(app->nuts, v, code)) == NULL || r->level != 2)
			continue;
		n = nuts_code_in(app->nuts, v, code, REPORT_FACTS_NUTS, c, APP_REGION_CANDIDATES);
		for (i = 0; i < n && i < APP_REGION_CANDIDATES; i++) {
			const struct nuts_region *to = nuts_find(app->nuts, REPORT_FACTS_NUTS, c[i]);

			if (to != NULL && to->level == 2)
				out->candidate[out->ncandidate++] = c[i];
		}
		if (out->ncandidate > 0) {
			out->from = v;
			return 0;
		}
	}
	return APP_ENOTFOUND;
}

int
app_region(struct app *app, const struct actor *a, const char *code, struct app_region *out,
	   struct app_msg *msg)
{
	const struct nuts_region *r;
	struct region_entry *e = NULL;
	size_t n = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (app->nuts == NULL || code == NULL || !nuts_code_well_formed(code) || strlen(code) != 4)
		return app_fail(msg, APP_ENOTFOUND, "There is no NUTS 2 region with this code.");
	r = nuts_find(app->nuts, REPORT_FACTS_NUTS, code);
	if (r == NULL || r->level != 2) {
		if (r == NULL && other_version(app, code, out) == 0)
			return 0;
		return app_fail(msg, APP_ENOTFOUND, "There is no NUTS 2 region with this code.");
	}
	memcpy(out->code, code, 5);
	out->name = nuts_label(app->nuts, r);
	out->english = nuts_english_name(app->nuts, REPORT_FACTS_NUTS, code);
	if (out->english != NULL && (out->english[0] == '\0' || strcmp(out->english, out->name) == 0))
		out->english = NULL;
	memcpy(out->country, r->country, 2);
	out->country_name = nuts_country_name(r->country);
	out->eu13 = report_facts_eu13(r->country);
	if ((rc = store_region_reports(app->store, code, &e, &n)) != 0)
		return app_fail(msg, rc, "the region's partnerships could not be read");
	/* Rows come by partnership, newest period first; the caller's only. */
	for (i = 0; i < n; i++) {
		struct app_region_partnership *p;
		struct app_region_period *pp;

		if (!policy_can_read(a, e[i].partnership_id, e[i].status))
			continue;
		if (out->np == 0 || strcmp(out->p[out->np - 1].slug, e[i].slug) != 0) {
			void *v = realloc(out->p, (out->np + 1) * sizeof(*out->p));

			if (v == NULL)
				goto oom;
			out->p = v;
			p = &out->p[out->np++];
			memset(p, 0, sizeof(*p));
			p->slug = e[i].slug, e[i].slug = NULL;
			p->name = e[i].name, e[i].name = NULL;
			p->platform = e[i].platform, e[i].platform = NULL;
			p->lead = e[i].lead;
		}
		p = &out->p[out->np - 1];
		pp = realloc(p->period, (p->nperiod + 1) * sizeof(*p->period));
		if (pp == NULL)
			goto oom;
		p->period = pp;
		pp = &p->period[p->nperiod++];
		memcpy(pp->period, e[i].period, sizeof(pp->period));
		pp->status = e[i].status;
		pp->lead = e[i].lead;
	}
	region_entry_free_list(e, n);
	return 0;
oom:
	region_entry_free_list(e, n);
	app_region_cleanup(out);
	return app_fail(msg, APP_ENOMEM, "out of memory");
}
