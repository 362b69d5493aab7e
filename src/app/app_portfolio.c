/* app_portfolio.c - the portfolio's figures for one caller
 * (app_portfolio.h): one read of the store (store_portfolio), then every
 * report row passes policy_can_read or counts as no report at all. The
 * overdue and on-time rules are the periods table's (app_periods.h). */
#include "app_portfolio.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_periods.h"
#include "period.h"
#include "store.h"

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

/* Months counted: from January FIRST_YEAR for MONTH_SPAN months. */
#define FIRST_YEAR 1990
#define MONTH_SPAN (200 * 12)

void
app_portfolio_cleanup(struct app_portfolio *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->np; i++) {
		free(pf->p[i].slug);
		free(pf->p[i].name);
		free(pf->p[i].platform);
	}
	free(pf->p);
	for (i = 0; i < pf->nall; i++) {
		free(pf->all[i].slug);
		free(pf->all[i].name);
	}
	free(pf->all);
	free(pf->per);
	free(pf->cell);
	free(pf->month);
	memset(pf, 0, sizeof(*pf));
}

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* A half-year filter value into out[8]; name: the filter, for the message
 * and *bad. */
static int
half_year(const char *v, const char *name, char out[8], const char **bad, struct app_msg *msg)
{
	struct period p;

	if (strlen(v) != 7 || period_parse(v, &p) != 0) {
		*bad = name;
		return app_fail(msg, APP_EINPUT, "\"%.40s\" is not a half-year like 2021-H1 (%s).", v, name);
	}
	memcpy(out, v, 8);
	return 0;
}

/* Checks the filters into pf's copies and the store's query; *bad: the
 * filter at fault on APP_EINPUT (untouched otherwise). */
static int
check_query(const struct app_portfolio_query *q, struct app_portfolio *pf, struct portfolio_query *sq,
	    const char **bad, struct app_msg *msg)
{
	const char *platform = nonempty(q->platform), *slug = nonempty(q->partnership);
	const char *from = nonempty(q->from), *to = nonempty(q->to), *period = nonempty(q->period);
	int rc;

	memset(sq, 0, sizeof(*sq));
	if (platform != NULL) {
		if (strcmp(platform, "none") == 0) {
			sq->platform = "";
		} else if (platform_ok(platform)) {
			sq->platform = platform;
		} else {
			*bad = "platform";
			return app_fail(msg, APP_EINPUT, "\"%.40s\" is not a thematic platform.", platform);
		}
		snprintf(pf->platform, sizeof(pf->platform), "%s", platform);
	}
	if (slug != NULL) {
		if (strlen(slug) >= sizeof(pf->partnership)) {
			*bad = "partnership";
			return app_fail(msg, APP_EINPUT, "There is no partnership \"%.40s…\".", slug);
		}
		snprintf(pf->partnership, sizeof(pf->partnership), "%s", slug);
		sq->slug = pf->partnership;
	}
	if (period != NULL) {
		if ((from != NULL && strcmp(from, period) != 0) || (to != NULL && strcmp(to, period) != 0)) {
			*bad = "period";
			return app_fail(msg, APP_EINPUT, "Give either a period or a range (from, to), not both.");
		}
		if ((rc = half_year(period, "period", pf->from, bad, msg)) != 0)
			return rc;
		memcpy(pf->to, pf->from, 8);
	} else {
		if (from != NULL && (rc = half_year(from, "from", pf->from, bad, msg)) != 0)
			return rc;
		if (to != NULL && (rc = half_year(to, "to", pf->to, bad, msg)) != 0)
			return rc;
	}
	if (pf->from[0] != '\0' && pf->to[0] != '\0' && strcmp(pf->from, pf->to) > 0) {
		*bad = "from";
		return app_fail(msg, APP_EINPUT, "The first period (from, %s) comes after the last (to, %s).",
				pf->from, pf->to);
	}
	sq->from = pf->from[0] != '\0' ? pf->from : NULL;
	sq->to = pf->to[0] != '\0' ? pf->to : NULL;
	return 0;
}

struct id_index {
	int64_t id;
	size_t at;
};

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;

	return x < y ? -1 : x > y;
}

static int
cmp_period(const void *a, const void *b)
{
	return strcmp(((const struct pf_period *)a)->period, ((const struct pf_period *)b)->period);
}

/* The column of period in pf (sorted); -1 when none. */
static long
column(const struct app_portfolio *pf, const char *period)
{
	size_t lo = 0, hi = pf->nper;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(pf->per[mid].period, period);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The columns: the periods set, and those of reports the caller reads. */
static int
columns(const struct portfolio_data *d, const bool *readable, struct app_portfolio *pf)
{
	size_t i, n = 0, cap = d->nperiod + 8;

	pf->per = calloc(cap, sizeof(*pf->per));
	if (pf->per == NULL)
		return APP_ENOMEM;
	for (i = 0; i < d->nperiod; i++) {
		memcpy(pf->per[n].period, d->period[i].period, sizeof(pf->per[n].period));
		memcpy(pf->per[n].deadline, d->period[i].deadline, sizeof(pf->per[n].deadline));
		pf->per[n].past = strlen(pf->per[n].deadline) == 10 && strcmp(pf->today, pf->per[n].deadline) > 0;
		n++;
	}
	pf->nper = n;
	/* Reports outside the periods set are rare (an import of an old
	 * period): a sort per new one is cheap. */
	for (i = 0; i < d->nr; i++) {
		if (!readable[i] || column(pf, d->r[i].period) >= 0)
			continue;
		if (pf->nper == cap) {
			struct pf_period *v = realloc(pf->per, 2 * cap * sizeof(*v));

			if (v == NULL)
				return APP_ENOMEM;
			memset(v + cap, 0, cap * sizeof(*v));
			pf->per = v;
			cap *= 2;
		}
		memcpy(pf->per[pf->nper++].period, d->r[i].period, sizeof(pf->per[0].period));
		qsort(pf->per, pf->nper, sizeof(*pf->per), cmp_period);
	}
	return 0;
}

/* The partnerships' rows, and an index of them by id (sorted, *idx). */
static int
rows(struct portfolio_data *d, struct app_portfolio *pf, struct id_index **idx)
{
	size_t i;

	pf->p = calloc(d->np + 1, sizeof(*pf->p));
	pf->all = calloc(d->np + 1, sizeof(*pf->all));
	*idx = calloc(d->np + 1, sizeof(**idx));
	if (pf->p == NULL || pf->all == NULL || *idx == NULL)
		return APP_ENOMEM;
	for (i = 0; i < d->np; i++) {
		struct pf_choice *c = &pf->all[pf->nall];
		struct pf_partnership *p = &pf->p[pf->np];

		if ((c->slug = strdup(d->p[i].slug)) == NULL || (c->name = strdup(d->p[i].name)) == NULL) {
			free(c->slug);
			return APP_ENOMEM;
		}
		pf->nall++;
		if (!d->p[i].selected)
			continue;
		/* Taken over from the store's rows. */
		p->id = d->p[i].id;
		p->slug = d->p[i].slug;
		p->name = d->p[i].name;
		p->platform = d->p[i].platform;
		d->p[i].slug = d->p[i].name = d->p[i].platform = NULL;
		(*idx)[pf->np].id = p->id;
		(*idx)[pf->np].at = pf->np;
		pf->np++;
	}
	if (pf->np > 1)
		qsort(*idx, pf->np, sizeof(**idx), cmp_id);
	return 0;
}

static long
row_of(const struct id_index *idx, size_t n, int64_t id)
{
	struct id_index key = {id, 0}, *hit;

	hit = n > 0 ? bsearch(&key, idx, n, sizeof(*idx), cmp_id) : NULL;
	return hit != NULL ? (long)hit->at : -1;
}

/* "YYYY-MM" as months since January FIRST_YEAR; -1 outside the span. */
static long
month_index(const char *m)
{
	int y = 0, mo = 0, i;

	if (strlen(m) != 7 || m[4] != '-')
		return -1;
	for (i = 0; i < 4; i++) {
		if (m[i] < '0' || m[i] > '9')
			return -1;
		y = y * 10 + (m[i] - '0');
	}
	if (m[5] < '0' || m[5] > '9' || m[6] < '0' || m[6] > '9')
		return -1;
	mo = (m[5] - '0') * 10 + (m[6] - '0');
	if (mo < 1 || mo > 12 || y < FIRST_YEAR || (y - FIRST_YEAR) * 12 + mo - 1 >= MONTH_SPAN)
		return -1;
	return (long)(y - FIRST_YEAR) * 12 + mo - 1;
}

/* Events by month: from the first month with an event to the last, every
 * month in between included (a continuous axis). */
static int
months(const struct portfolio_data *d, const bool *readable, struct app_portfolio *pf)
{
	int (*cnt)[2] = calloc(MONTH_SPAN, sizeof(*cnt));
	long lo = MONTH_SPAN, hi = -1, k;
	size_t i, j;

	if (cnt == NULL)
		return APP_ENOMEM;
	for (i = 0; i < d->nr; i++) {
		if (!readable[i])
			continue;
		for (j = 0; j < d->r[i].nmonth; j++) {
			const struct report_fact_month *m = &d->month[d->r[i].month_at + j];

			if ((k = month_index(m->month)) < 0) {
				pf->events_undated += m->held + m->planned;
				continue;
			}
			cnt[k][0] += m->held;
			cnt[k][1] += m->planned;
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
		}
	}
	if (hi >= lo) {
		pf->month = calloc((size_t)(hi - lo + 1), sizeof(*pf->month));
		if (pf->month == NULL) {
			free(cnt);
			return APP_ENOMEM;
		}
		for (k = lo; k <= hi; k++) {
			struct pf_month *m = &pf->month[pf->nmonth++];

			snprintf(m->month, sizeof(m->month), "%04ld-%02ld", FIRST_YEAR + k / 12, k % 12 + 1);
			m->held = cnt[k][0];
			m->planned = cnt[k][1];
		}
	}
	free(cnt);
	return 0;
}

/* The SDG question's scale and goals, borrowed from the form. */
static void
sdg_labels(const struct form *f, struct app_portfolio *pf)
{
	const struct form_question *q = f != NULL ? form_find(f, "sdg") : NULL;
	size_t i;

	if (q == NULL || q->type != FORM_LIKERT)
		return;
	for (i = 0; i < q->nscale && i < PF_LEVELS; i++)
		pf->level[i] = q->scale[i].label;
	pf->nlevel = i;
	for (i = 0; i < q->nrows && i < REPORT_FACTS_GOALS; i++)
		pf->goal[i] = q->rows[i].label;
}

static void
sdg_totals(struct app_portfolio *pf)
{
	size_t i, g;

	for (i = 0; i < pf->np; i++)
		for (g = 0; g < REPORT_FACTS_GOALS; g++) {
			const char *s = pf->p[i].sdg;
			int lv = s[0] != '\0' && s[g] >= '0' && s[g] < '0' + PF_LEVELS ? s[g] - '0' : PF_LEVELS;

			pf->sdg_total[g][lv]++;
		}
}

/* Countries seen in a period: one bit per two-letter code. */
#define CC_BITS (26 * 26)

static int
cc_bit(const char *cc)
{
	if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return -1;
	return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

int
app_portfolio(struct app *app, const struct actor *a, const struct app_portfolio_query *q,
	      struct app_portfolio *out, struct app_msg *msg)
{
	struct portfolio_data d;
	struct portfolio_query sq;
	struct id_index *idx = NULL;
	bool *readable = NULL;
	unsigned char *seen = NULL;
	const char *bad = NULL;
	size_t i, j;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	if (q->today != NULL && strlen(q->today) == 10)
		memcpy(out->today, q->today, sizeof(out->today));
	else
		app_today(out->today);
	TRY(check_query(q, out, &sq, &bad, msg));
	TRY(store_portfolio(app->store, &sq, &d));
	TRY(rows(&d, out, &idx));
	if (sq.slug != NULL && out->np == 0) {
		for (i = 0; i < out->nall; i++)
			if (strcmp(out->all[i].slug, sq.slug) == 0)
				break;
		/* A partnership outside the platform chosen is no error: nothing. */
		if (i == out->nall) {
			bad = "partnership";
			rc = app_fail(msg, APP_EINPUT, "There is no partnership \"%.60s\".", sq.slug);
			goto out;
		}
	}
	readable = calloc(d.nr + 1, sizeof(*readable));
	if (readable == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	/* The one place where a report becomes visible, or stays unknown. */
	for (i = 0; i < d.nr; i++)
		readable[i] = policy_can_read(a, d.r[i].partnership_id, d.r[i].status);
	TRY(columns(&d, readable, out));
	out->cell = calloc(out->np * out->nper + 1, sizeof(*out->cell));
	seen = calloc(out->nper * CC_BITS + 1, 1);
	if (out->cell == NULL || seen == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < d.nr; i++) {
		const struct portfolio_report *r = &d.r[i];
		long row, col;
		struct pf_period *per;
		struct pf_partnership *p;

		if (!readable[i] || (row = row_of(idx, out->np, r->partnership_id)) < 0 ||
		    (col = column(out, r->period)) < 0)
			continue;
		per = &out->per[col];
		p = &out->p[row];
		out->cell[(size_t)row * out->nper + (size_t)col].has_report = true;
		out->cell[(size_t)row * out->nper + (size_t)col].status = r->status;
		out->cell[(size_t)row * out->nper + (size_t)col].on_time =
			app_period_on_time(true, r->status, r->submitted, per->deadline);
		out->reports++;
		per->reports++;
		per->by_status[r->status]++;
		if (!r->has_facts)
			continue;
		per->counted++;
		per->regions += r->regions;
		per->eu13 += r->eu13;
		per->non_eu += r->non_eu;
		per->events_held += r->events_held;
		per->events_planned += r->events_planned;
		per->outreach += r->outreach;
		out->events_undated += r->events_undated;
		for (j = 0; j < r->ncc; j++) {
			int bit = cc_bit(d.cc[r->cc_at + j]);
			unsigned char *s = &seen[(size_t)col * CC_BITS + (size_t)(bit < 0 ? 0 : bit)];

			if (bit >= 0 && !*s) {
				*s = 1;
				per->countries++;
			}
		}
		if (strcmp(r->period, p->sdg_period) > 0) {
			memcpy(p->sdg, r->sdg, sizeof(p->sdg));
			memcpy(p->sdg_period, r->period, sizeof(p->sdg_period));
		}
	}
	for (i = 0; i < out->np; i++)
		for (j = 0; j < out->nper; j++) {
			struct pf_cell *c = &out->cell[i * out->nper + j];

			c->overdue = app_period_overdue(c->has_report, c->status, out->per[j].deadline,
							out->today);
			out->per[j].overdue += c->overdue;
			out->per[j].on_time += c->on_time;
		}
	sdg_labels(app->form, out);
	sdg_totals(out);
	TRY(months(&d, readable, out));
out:
	free(seen);
	free(idx);
	free(readable);
	portfolio_data_cleanup(&d);
	if (rc != 0) {
		app_portfolio_cleanup(out);
		if (rc == APP_EINPUT)
			out->bad_filter = bad;
	}
	return rc;
}

/* Adds v (a new reference) under key; false on OOM. */
static bool
put(json_t *o, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(o, key, v) == 0;
}

static json_t *
period_json(const struct pf_period *p)
{
	json_t *o = json_object(), *st = json_object();
	int s;

	if (o == NULL || st == NULL) {
		json_decref(o);
		json_decref(st);
		return NULL;
	}
	for (s = REPORT_DRAFT; s <= REPORT_PUBLISHED; s++)
		json_object_set_new(st, report_status_name((enum report_status)s), json_integer(p->by_status[s]));
	json_object_set_new(o, "by_status", st);
	if (!put(o, "period", json_string(p->period)) ||
	    !put(o, "deadline", p->deadline[0] ? json_string(p->deadline) : json_null()) ||
	    !put(o, "deadline_passed", json_boolean(p->past)) || !put(o, "reports", json_integer(p->reports)) ||
	    !put(o, "on_time", json_integer(p->on_time)) || !put(o, "overdue", json_integer(p->overdue)) ||
	    !put(o, "counted", json_integer(p->counted)) || !put(o, "regions", json_integer(p->regions)) ||
	    !put(o, "countries", json_integer(p->countries)) || !put(o, "eu13", json_integer(p->eu13)) ||
	    !put(o, "non_eu", json_integer(p->non_eu)) ||
	    !put(o, "events_held", json_integer(p->events_held)) ||
	    !put(o, "events_planned", json_integer(p->events_planned)) ||
	    !put(o, "outreach", json_integer(p->outreach))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
partnership_json(const struct app_portfolio *pf, size_t i)
{
	const struct pf_partnership *p = &pf->p[i];
	json_t *o = json_object(), *cells = json_array(), *sdg = json_array();
	size_t j, g;
	bool ok = o != NULL && cells != NULL && sdg != NULL;

	for (j = 0; ok && j < pf->nper; j++) {
		const struct pf_cell *c = &pf->cell[i * pf->nper + j];

		ok = json_array_append_new(cells, json_pack("{s:s, s:o, s:b, s:b}", "period", pf->per[j].period,
			"status", c->has_report ? json_string(report_status_name(c->status)) : json_null(),
			"overdue", c->overdue, "on_time", c->on_time)) == 0;
	}
	for (g = 0; ok && p->sdg[0] != '\0' && g < REPORT_FACTS_GOALS; g++)
		ok = json_array_append_new(sdg, p->sdg[g] >= '0' && p->sdg[g] <= '9'
					   ? json_integer(p->sdg[g] - '0') : json_null()) == 0;
	if (ok) {
		json_object_set_new(o, "cells", cells);
		json_object_set_new(o, "sdg", p->sdg[0] != '\0' ? sdg : json_null());
		if (p->sdg[0] == '\0')
			json_decref(sdg);
		cells = sdg = NULL;
		ok = put(o, "slug", json_string(p->slug)) && put(o, "name", json_string(p->name)) &&
		     put(o, "platform", json_string(p->platform)) &&
		     put(o, "sdg_period", p->sdg_period[0] ? json_string(p->sdg_period) : json_null());
	}
	json_decref(cells);
	json_decref(sdg);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
app_portfolio_json(const struct app_portfolio *pf)
{
	return app_portfolio_json_rows(pf, 0, pf->np);
}

json_t *
app_portfolio_json_rows(const struct app_portfolio *pf, size_t first, size_t n)
{
	json_t *o = json_object(), *ps = json_array(), *per = json_array(), *mo = json_array(),
	       *lv = json_array(), *goals = json_array();
	size_t i, k;
	bool ok = o != NULL && ps != NULL && per != NULL && mo != NULL && lv != NULL && goals != NULL;

	if (ok) {
		json_object_set_new(o, "partnerships", ps);
		json_object_set_new(o, "periods", per);
		json_object_set_new(o, "months", mo);
		json_object_set_new(o, "sdg_levels", lv);
		json_object_set_new(o, "sdg_totals", goals);
	} else {
		json_decref(ps);
		json_decref(per);
		json_decref(mo);
		json_decref(lv);
		json_decref(goals);
	}
	ok = ok && put(o, "today", json_string(pf->today)) && put(o, "platform", json_string(pf->platform)) &&
	     put(o, "partnership", json_string(pf->partnership)) && put(o, "from", json_string(pf->from)) &&
	     put(o, "to", json_string(pf->to)) && put(o, "reports", json_integer((json_int_t)pf->reports)) &&
	     put(o, "events_undated", json_integer(pf->events_undated));
	for (i = first; ok && i < pf->np && i - first < n; i++)
		ok = json_array_append_new(ps, partnership_json(pf, i)) == 0;
	for (i = 0; ok && i < pf->nper; i++)
		ok = json_array_append_new(per, period_json(&pf->per[i])) == 0;
	for (i = 0; ok && i < pf->nmonth; i++)
		ok = json_array_append_new(mo, json_pack("{s:s, s:i, s:i}", "month", pf->month[i].month, "held",
							 pf->month[i].held, "planned", pf->month[i].planned)) == 0;
	for (i = 0; ok && i < pf->nlevel; i++)
		ok = json_array_append_new(lv, json_string(pf->level[i])) == 0;
	for (i = 0; ok && i < REPORT_FACTS_GOALS; i++) {
		json_t *g = json_array();

		for (k = 0; g != NULL && k < pf->nlevel; k++)
			json_array_append_new(g, json_integer(pf->sdg_total[i][k]));
		ok = g != NULL && json_array_append_new(goals, json_pack("{s:I, s:o, s:i}", "goal", (json_int_t)i + 1,
			"levels", g, "no_answer", pf->sdg_total[i][PF_LEVELS])) == 0;
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}
