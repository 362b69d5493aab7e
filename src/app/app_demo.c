/* app_demo.c - s3pm demo: the portfolio of demo_gen.c written into the
 * database through the use cases of the application layer (imports,
 * periods, decisions), one transaction per partnership (the use cases'
 * own transactions join it as savepoints). */
#include "app_demo.h"
#include "app_search.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_decision.h"
#include "app_import.h"
#include "app_partnership.h"
#include "app_user.h"
#include "demo_gen.h"
#include "report.h"
#include "store.h"
#include "text.h"

#define DEMO_COMMISSION "demo.commission@example.eu"

struct demo {
	struct app *app;
	const struct actor *op;
	struct actor commission;
	const struct demo_opts *o;
	struct demo_pool pool;
	struct period last;
	struct demo_result *res;
	struct app_msg *msg;
	/* the partnership being written */
	const struct demo_profile *p;
	size_t idx;
	char *slug;
};

/* The half-year before p. */
static struct period
prev_period(struct period p)
{
	if (p.half == 2)
		p.half = 1;
	else {
		p.half = 2;
		p.year--;
	}
	return p;
}

static int
day_number(const char *s, size_t at, size_t n)
{
	int v = 0;
	size_t i;

	for (i = at; i < at + n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The status of a report age half-years older than the newest period
 * (STATUS_NONE: no report). */
#define STATUS_NONE (-1)
static int
pick_status(unsigned age, struct demo_rng *r)
{
	unsigned w = demo_rng_below(r, 100);

	if (age == 0)
		return w < 20 ? STATUS_NONE : w < 70 ? REPORT_DRAFT : w < 85 ? REPORT_SUBMITTED
			: w < 90 ? REPORT_RETURNED : w < 95 ? REPORT_ACCEPTED : REPORT_PUBLISHED;
	if (age == 1)
		return w < 10 ? STATUS_NONE : w < 15 ? REPORT_DRAFT : w < 30 ? REPORT_SUBMITTED
			: w < 35 ? REPORT_RETURNED : w < 55 ? REPORT_ACCEPTED : REPORT_PUBLISHED;
	return w < 6 ? STATUS_NONE : w < 8 ? REPORT_SUBMITTED : w < 10 ? REPORT_RETURNED
		: w < 15 ? REPORT_ACCEPTED : REPORT_PUBLISHED;
}

/* One report: built, made canonical, imported, returned when it must be. */
static int
write_report(struct store *st, struct demo *d, struct period per, unsigned k, enum report_status status,
	     struct demo_rng *rng)
{
	struct app_import j;
	json_t *raw, *doc = NULL;
	char object[64];
	int rc;

	raw = demo_report_doc(&d->pool, d->p, per, k, status, rng);
	if (raw == NULL)
		return app_fail(d->msg, APP_ENOMEM, "out of memory building a report");
	json_object_set_new(raw, "form", json_string(d->app->form->id));
	rc = report_canonical(d->app->form, raw, "demo", &doc, d->msg);
	json_decref(raw);
	if (rc != 0)
		return rc;
	memset(&j, 0, sizeof(j));
	j.file = "s3pm demo";
	j.doc = doc;
	j.form = d->app->form;
	j.status = status == REPORT_RETURNED ? REPORT_SUBMITTED : status;
	j.platform = platform_names[d->p->platform];
	j.slug = d->slug;
	j.name = d->p->name;
	period_format(per, j.period, sizeof(j.period));
	rc = app_report_import(d->app, d->op, &j);
	json_decref(doc);
	if (rc != 0)
		return app_fail(d->msg, rc, "%s/%s: %s", d->slug, j.period, j.msg);
	if (status == REPORT_RETURNED) {
		if ((rc = store_report_set_status(st, j.report_id, REPORT_SUBMITTED, REPORT_RETURNED, j.by)) != 0)
			return app_fail(d->msg, rc, "%s/%s: cannot return the report", d->slug, j.period);
		app_object(object, sizeof(object), "report", j.report_id);
		if ((rc = store_audit(st, j.by, "report.return", object, 1, "s3pm demo")) != 0)
			return app_fail(d->msg, rc, "%s/%s: cannot write the audit entry", d->slug, j.period);
	}
	return 0;
}

static int
write_decision(struct demo *d, int year, struct demo_rng *rng, size_t *ndone)
{
	static const char *const outcomes[] = {"continue", "continue", "continue", DECISION_WITH_CONDITIONS,
					       DECISION_WITH_CONDITIONS, "discontinue"};
	const char *msgs[5];
	struct decision dec;
	char term[16];
	size_t nmsg = 0;
	int rc;

	memset(&dec, 0, sizeof(dec));
	if (demo_rng_pct(rng, 50))
		snprintf(term, sizeof(term), "%d", year);
	else
		snprintf(term, sizeof(term), "%d-H%u", year, 1 + demo_rng_below(rng, 2));
	dec.term = strdup(term);
	dec.outcome = strdup(outcomes[demo_rng_below(rng, 6)]);
	if (dec.term == NULL || dec.outcome == NULL ||
	    demo_decision_texts(d->p, strcmp(dec.outcome, DECISION_WITH_CONDITIONS) == 0, rng, &dec.rationale,
				&dec.conditions) != 0) {
		decision_cleanup(&dec);
		return app_fail(d->msg, APP_ENOMEM, "out of memory writing a decision");
	}
	rc = app_decision_record(d->app, &d->commission, d->slug, &dec, msgs, &nmsg, false);
	decision_cleanup(&dec);
	if (rc != 0)
		return app_fail(d->msg, rc, "%s: cannot record the decision on %s: %s", d->slug, term,
				nmsg ? msgs[0] : app_strerror(rc));
	(*ndone)++;
	return 0;
}

/* Counts of one partnership, added to the result after its commit. */
struct counts {
	size_t reports, by_status[5], missing, decisions;
};

static int
one_partnership(struct store *st, void *arg)
{
	struct demo *d = arg;
	const struct demo_profile *p = d->p;
	struct counts c;
	struct demo_rng rng;
	struct period per = {p->start_year, p->start_half};
	unsigned k = 0, age, nper = 0, nd, i;
	int rc, s;

	memset(&c, 0, sizeof(c));
	demo_rng_seed(&rng, d->o->seed, d->idx * 2 + 1);
	for (; per.year * 2 + per.half <= d->last.year * 2 + d->last.half; k++) {
		age = (unsigned)((d->last.year * 2 + d->last.half) - (per.year * 2 + per.half));
		s = pick_status(age, &rng);
		/* Every partnership has a report at least. */
		if (s == STATUS_NONE && age == 0 && c.reports == 0)
			s = REPORT_DRAFT;
		if (s == STATUS_NONE)
			c.missing++;
		else {
			if ((rc = write_report(st, d, per, k, (enum report_status)s, &rng)) != 0)
				return rc;
			c.reports++;
			c.by_status[s]++;
		}
		nper++;
		per.year += per.half == 2;
		per.half = per.half == 2 ? 1 : 2;
	}
	/* The Commission decided on a third of them, once a year or so. */
	if (d->commission.role == ROLE_COMMISSION && nper >= 2 && demo_rng_pct(&rng, 35)) {
		nd = 1 + demo_rng_below(&rng, nper / 4 + 1);
		for (i = 0; i < nd && i < 4; i++) {
			int year = p->start_year + 1 + (int)demo_rng_below(&rng, nper / 2 + 1);

			if (year > d->last.year)
				year = d->last.year;
			if ((rc = write_decision(d, year, &rng, &c.decisions)) != 0)
				return rc;
		}
	}
	d->res->reports += c.reports;
	d->res->missing += c.missing;
	d->res->decisions += c.decisions;
	for (i = 0; i < 5; i++)
		d->res->by_status[i] += c.by_status[i];
	return 0;
}

/* The demo Commission account: created, or found when it exists. */
static int
commission_account(struct demo *d)
{
	struct user_input in = {DEMO_COMMISSION, "Demo Commission officer", "commission", 0, NULL};
	char pw[APP_PW_CHARS + 1];
	const char *errs[4];
	struct user u, *v = NULL;
	size_t nerr = 0, n = 0, k;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = app_user_add(d->app, d->op, &in, pw, &u, errs, &nerr, d->msg);
	if (rc == 0) {
		d->commission = app_actor(&u);
		user_cleanup(&u);
		return 0;
	}
	user_cleanup(&u);
	if (rc != APP_ECONFLICT)
		return rc;
	if ((rc = app_user_list(d->app, d->op, 0, &v, &n)) != 0)
		return app_fail(d->msg, rc, "cannot list the accounts");
	for (k = 0; k < n; k++)
		if (strcmp(v[k].email, DEMO_COMMISSION) == 0)
			d->commission = app_actor(&v[k]);
	user_free_list(v, n);
	if (d->commission.role != ROLE_COMMISSION)
		return app_fail(d->msg, APP_ECONFLICT, "the account %s exists and is no active Commission account",
				DEMO_COMMISSION);
	return 0;
}

/* Slugs taken: the database's and the ones generated so far. */
static int
taken_slugs(struct demo *d, GHashTable *taken)
{
	struct partnership_item *v = NULL;
	size_t n = 0, k;
	int rc;

	if ((rc = app_partnership_list(d->app, d->op, &v, &n)) != 0)
		return app_fail(d->msg, rc, "cannot list the partnerships");
	for (k = 0; k < n; k++)
		g_hash_table_add(taken, g_strdup(v[k].p.slug));
	partnership_item_free_list(v, n);
	return 0;
}

/* Profile idx with a name whose URL name is free: "Name 2", "Name 3"...
 * (its URL name the base one cut to leave room for "-2", since URL names
 * are at most 60 bytes). */
static int
make_profile(struct demo *d, GHashTable *taken, struct period first, struct demo_profile *p, char **slug)
{
	char *base = NULL, *bslug = NULL;
	unsigned n;
	int rc;

	*slug = NULL;
	if ((rc = demo_profile_make(&d->pool, d->o->seed, d->idx, first, d->o->periods, p)) != 0)
		return rc;
	if ((bslug = text_slug(p->name)) == NULL)
		return APP_ENOMEM;
	if (!g_hash_table_contains(taken, bslug)) {
		*slug = bslug;
		g_hash_table_add(taken, g_strdup(bslug));
		return 0;
	}
	if ((base = strdup(p->name)) == NULL)
		goto oom;
	if (strlen(bslug) > 50)
		bslug[50] = '\0';
	while (bslug[0] != '\0' && bslug[strlen(bslug) - 1] == '-')
		bslug[strlen(bslug) - 1] = '\0';
	for (n = 2;; n++) {
		char s[72];

		snprintf(s, sizeof(s), "%s-%u", bslug, n);
		if (!g_hash_table_contains(taken, s) && (*slug = strdup(s)) != NULL)
			break;
		if (!g_hash_table_contains(taken, s))
			goto oom;
	}
	if (demo_profile_rename(p, base, n) != 0)
		goto oom;
	free(base);
	free(bslug);
	g_hash_table_add(taken, g_strdup(*slug));
	return 0;
oom:
	free(base);
	free(bslug);
	return APP_ENOMEM;
}

static int
check_opts(const struct demo_opts *o, struct period *last, struct app_msg *msg)
{
	const char *t = o->today;
	int i, m;

	if (o->partnerships < 1 || o->partnerships > DEMO_MAX_PARTNERSHIPS)
		return app_fail(msg, APP_EINPUT, "the number of partnerships must be from 1 to %u",
				DEMO_MAX_PARTNERSHIPS);
	if (o->periods < 1 || o->periods > DEMO_MAX_PERIODS)
		return app_fail(msg, APP_EINPUT, "the number of periods must be from 1 to %u", DEMO_MAX_PERIODS);
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? t[i] != '-' : t[i] < '0' || t[i] > '9')
			return app_fail(msg, APP_EINPUT, "today \"%s\" is not a date (YYYY-MM-DD)", t);
	m = day_number(t, 5, 2);
	last->year = day_number(t, 0, 4);
	if (m < 1 || m > 12 || day_number(t, 8, 2) < 1 || day_number(t, 8, 2) > 31 ||
	    last->year < 1990 + 31 || last->year > 2100)
		return app_fail(msg, APP_EINPUT, "today \"%s\" is not a valid date from 2021 to 2100", t);
	/* The latest complete half-year. */
	if (m >= 7)
		last->half = 1;
	else {
		last->half = 2;
		last->year--;
	}
	return 0;
}

int
app_demo_check(const struct demo_opts *o, struct app_msg *msg)
{
	struct period last;

	return check_opts(o, &last, msg);
}

int
app_demo_fill(struct app *app, const struct actor *a, const struct demo_opts *o, struct demo_result *res,
	      struct app_msg *msg)
{
	struct demo d;
	struct period first, per;
	struct app_msg pm = {{0}};
	GHashTable *taken = NULL;
	char name[8], deadline[16];
	unsigned k;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&d, 0, sizeof(d));
	if (!policy_can_administer(a))
		return app_fail(msg, APP_EPERM, "only administrators fill in a demo portfolio");
	if (app->form == NULL || app->nuts == NULL)
		return app_fail(msg, APP_EINPUT, "the demo needs the form and the NUTS lists");
	if ((rc = check_opts(o, &d.last, msg)) != 0)
		return rc;
	d.app = app;
	d.op = a;
	d.o = o;
	d.res = res;
	d.msg = msg;
	first = d.last;
	for (k = 1; k < o->periods; k++)
		first = prev_period(first);
	period_format(first, res->first, sizeof(res->first));
	period_format(d.last, res->last, sizeof(res->last));
	if ((rc = demo_pool_init(&d.pool, app->nuts)) != 0) {
		rc = app_fail(msg, rc, "the NUTS lists lack regions of some countries the demo draws from");
		goto out;
	}
	/* The periods, with their default deadlines. */
	for (per = first, k = 0; k < o->periods; k++) {
		period_format(per, name, sizeof(name));
		period_default_deadline(per, deadline, sizeof(deadline));
		if ((rc = app_period_set(app, a, name, deadline, &pm)) != 0) {
			rc = app_fail(msg, rc, "cannot set the period %s: %s", name, pm.text);
			goto out;
		}
		per.year += per.half == 2;
		per.half = per.half == 2 ? 1 : 2;
	}
	if (o->periods >= 2 && (rc = commission_account(&d)) != 0)
		goto out;
	taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if ((rc = taken_slugs(&d, taken)) != 0)
		goto out;
	for (d.idx = 0; d.idx < o->partnerships; d.idx++) {
		struct demo_profile p;

		rc = make_profile(&d, taken, first, &p, &d.slug);
		if (rc == 0) {
			d.p = &p;
			rc = store_tx(app->store, one_partnership, &d);
			if (rc == 0)
				res->partnerships++;
		} else {
			app_fail(msg, rc, "out of memory making partnership %zu", d.idx + 1);
		}
		demo_profile_cleanup(&p);
		free(d.slug);
		d.slug = NULL;
		d.p = NULL;
		if (rc != 0)
			goto out;
	}
	/* Thousands of reports written one by one: the index in one piece. */
	if ((rc = app_search_optimize(app)) != 0)
		app_fail(msg, rc, "cannot merge the search index");
out:
	if (taken != NULL)
		g_hash_table_destroy(taken);
	demo_pool_cleanup(&d.pool);
	return rc;
}
