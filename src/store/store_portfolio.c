/* store_portfolio.c - the portfolio's rows in one read (store.h,
 * store_portfolio): the partnerships, the periods and every report with
 * its figures (report_facts), its events by month and the countries of its
 * regions (both packed in its report_facts row, migration 8: one row per
 * report, not every month and region row). Three statements, the reports
 * walked in id order (no sort in SQLite). No access rule is applied: that
 * is the application's. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"

#define TRY(e)                    \
	do {                      \
		if ((rc = (e)) != 0) \
			goto out; \
	} while (0)

void
portfolio_data_cleanup(struct portfolio_data *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->np; i++) {
		free(d->p[i].slug);
		free(d->p[i].name);
		free(d->p[i].platform);
	}
	free(d->p);
	free(d->period);
	free(d->r);
	free(d->month);
	free(d->cc);
	memset(d, 0, sizeof(*d));
}

static void
bind_opt(struct db_op *o, int i, const char *v)
{
	if (v != NULL)
		db_bind_text(o, i, v);
	else
		db_bind_null(o, i);
}

/* Every partnership (the filter form lists them all); selected: those the
 * query's slug and platform select. */
static int
read_partnerships(struct db_op *o, const struct portfolio_query *q, struct portfolio_data *d)
{
	size_t cap = 0;
	bool row;
	int rc;

	rc = db_prep(o, "SELECT id, slug, name, platform FROM partnerships ORDER BY name, slug");
	if (rc != 0)
		return rc;
	while ((rc = db_step(o, &row)) == 0 && row) {
		struct portfolio_partnership *p;

		if ((rc = db_list_grow(&d->p, &cap, d->np, sizeof(*d->p))) != 0)
			return rc;
		p = &d->p[d->np++];
		p->id = db_col_int64(o, 0);
		if ((rc = db_col_str(o, 1, &p->slug)) != 0 || (rc = db_col_str(o, 2, &p->name)) != 0 ||
		    (rc = db_col_str(o, 3, &p->platform)) != 0)
			return rc;
		p->selected = (q->slug == NULL || strcmp(q->slug, p->slug) == 0) &&
			      (q->platform == NULL || strcmp(q->platform, p->platform) == 0);
	}
	return rc;
}

static int
read_periods(struct db_op *o, const struct portfolio_query *q, struct portfolio_data *d)
{
	size_t cap = 0;
	bool row;
	int rc;

	rc = db_prep(o, "SELECT period, deadline FROM periods"
			" WHERE (CAST(?1 AS TEXT) IS NULL OR period >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR period <= ?2)"
			" ORDER BY period");
	if (rc != 0)
		return rc;
	bind_opt(o, 1, q->from);
	bind_opt(o, 2, q->to);
	while ((rc = db_step(o, &row)) == 0 && row) {
		struct period_row *p;

		if ((rc = db_list_grow(&d->period, &cap, d->nperiod, sizeof(*d->period))) != 0)
			return rc;
		p = &d->period[d->nperiod++];
		if ((rc = db_col_fixed(o, 0, p->period, sizeof(p->period))) != 0 ||
		    (rc = db_col_fixed(o, 1, p->deadline, sizeof(p->deadline))) != 0)
			return rc;
	}
	return rc;
}

/* A decimal number at *p (digits only), up to a byte not a digit. */
static int
number(const char **p)
{
	int n = 0;

	while (**p >= '0' && **p <= '9' && n < 100000000) {
		n = n * 10 + (**p - '0');
		(*p)++;
	}
	return n;
}

/* The packed months of report r (migration 8: "YYYY-MM:H:P" joined by
 * spaces) into d->month. */
static int
unpack_months(const char *s, struct portfolio_data *d, struct portfolio_report *r, size_t *cap)
{
	int rc;

	r->month_at = d->nmonth;
	while (*s != '\0') {
		struct report_fact_month *m;

		if (strlen(s) < 11 || s[7] != ':')
			return db_err(APP_EINTERNAL, "report %lld: malformed months", (long long)r->id);
		if ((rc = db_list_grow(&d->month, cap, d->nmonth, sizeof(*d->month))) != 0)
			return rc;
		m = &d->month[d->nmonth];
		memcpy(m->month, s, 7);
		m->month[7] = '\0';
		s += 8;
		m->held = number(&s);
		if (*s++ != ':')
			return db_err(APP_EINTERNAL, "report %lld: malformed months", (long long)r->id);
		m->planned = number(&s);
		if (*s == ' ')
			s++;
		else if (*s != '\0')
			return db_err(APP_EINTERNAL, "report %lld: malformed months", (long long)r->id);
		d->nmonth++;
		r->nmonth++;
	}
	return 0;
}

/* The packed countries ("AT,DE") of report r into d->cc. */
static int
unpack_countries(const char *s, struct portfolio_data *d, struct portfolio_report *r, size_t *cap)
{
	int rc;

	r->cc_at = d->ncc;
	while (s[0] != '\0' && s[1] != '\0') {
		if ((rc = db_list_grow(&d->cc, cap, d->ncc, sizeof(*d->cc))) != 0)
			return rc;
		memcpy(d->cc[d->ncc], s, 2);
		d->cc[d->ncc][2] = '\0';
		d->ncc++;
		r->ncc++;
		s += 2;
		if (*s == ',')
			s++;
	}
	return 0;
}

/* The reports, by id (the table's order). Columns: the report, then its
 * figures (NULL without a report_facts row). */
static int
read_reports(struct db_op *o, const struct portfolio_query *q, struct portfolio_data *d)
{
	size_t cap = 0, mcap = 0, ccap = 0;
	bool row;
	int rc;

	/* One allocation for each list rather than a dozen reallocations
	 * (each touching fresh pages): the reports' number, and room for
	 * eight months and four countries a report (more grow). */
	if ((rc = db_prep(o, "SELECT count(*) FROM reports")) != 0 || (rc = db_step(o, &row)) != 0)
		return rc;
	cap = row ? (size_t)db_col_int64(o, 0) + 1 : 1;
	mcap = cap * 8;
	ccap = cap * 4;
	d->r = malloc(cap * sizeof(*d->r));
	d->month = malloc(mcap * sizeof(*d->month));
	d->cc = malloc(ccap * sizeof(*d->cc));
	if (d->r == NULL || d->month == NULL || d->cc == NULL)
		return db_err(APP_ENOMEM, "portfolio: out of memory");
	rc = db_prep(o, "SELECT r.id, r.partnership_id, r.period, r.status, substr(r.submitted_at, 1, 10),"
			" f.sdg, f.regions, f.countries, f.eu13, f.non_eu, f.unplaced, f.events_held,"
			" f.events_planned, f.events_undated, f.outreach, f.months, f.country_list"
			" FROM reports r JOIN partnerships p ON p.id = r.partnership_id"
			" LEFT JOIN report_facts f ON f.report_id = r.id"
			" WHERE (CAST(?1 AS TEXT) IS NULL OR p.slug = ?1) AND (CAST(?2 AS TEXT) IS NULL OR p.platform = ?2)"
			" AND (CAST(?3 AS TEXT) IS NULL OR r.period >= ?3) AND (CAST(?4 AS TEXT) IS NULL OR r.period <= ?4)"
			" ORDER BY r.id");
	if (rc != 0)
		return rc;
	bind_opt(o, 1, q->slug);
	bind_opt(o, 2, q->platform);
	bind_opt(o, 3, q->from);
	bind_opt(o, 4, q->to);
	while ((rc = db_step(o, &row)) == 0 && row) {
		struct portfolio_report *r;
		char st[16], *packed;

		if ((rc = db_list_grow(&d->r, &cap, d->nr, sizeof(*d->r))) != 0)
			return rc;
		r = &d->r[d->nr];
		r->id = db_col_int64(o, 0);
		r->partnership_id = db_col_int64(o, 1);
		if ((rc = db_col_fixed(o, 2, r->period, sizeof(r->period))) != 0 ||
		    (rc = db_col_fixed(o, 3, st, sizeof(st))) != 0 ||
		    (rc = db_col_fixed(o, 4, r->submitted, sizeof(r->submitted))) != 0 ||
		    (rc = db_col_fixed(o, 5, r->sdg, sizeof(r->sdg))) != 0)
			return rc;
		if (report_status_parse(st, &r->status) != 0)
			return db_err(APP_EINTERNAL, "report %lld: unknown status", (long long)r->id);
		r->has_facts = strlen(r->sdg) == REPORT_FACTS_GOALS;
		r->regions = db_col_int(o, 6);
		r->countries = db_col_int(o, 7);
		r->eu13 = db_col_int(o, 8);
		r->non_eu = db_col_int(o, 9);
		r->unplaced = db_col_int(o, 10);
		r->events_held = db_col_int(o, 11);
		r->events_planned = db_col_int(o, 12);
		r->events_undated = db_col_int(o, 13);
		r->outreach = db_col_int(o, 14);
		d->nr++;
		if ((rc = db_col_str(o, 15, &packed)) == 0) {
			rc = unpack_months(packed, d, r, &mcap);
			free(packed);
		}
		if (rc == 0 && (rc = db_col_str(o, 16, &packed)) == 0) {
			rc = unpack_countries(packed, d, r, &ccap);
			free(packed);
		}
		if (rc != 0)
			return rc;
	}
	return rc;
}

int
store_portfolio(struct store *st, const struct portfolio_query *q, struct portfolio_data *out)
{
	struct db_op o;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_begin(&o, st, false, "portfolio");
	if (rc == 0) {
		TRY(read_partnerships(&o, q, out));
		TRY(read_periods(&o, q, out));
		TRY(read_reports(&o, q, out));
	}
out:
	rc = db_end(&o, rc);
	if (rc != 0)
		portfolio_data_cleanup(out);
	return rc;
}
