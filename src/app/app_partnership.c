/* app_partnership.c - partnerships as each caller may see them, reporting
 * periods, and the audit log. A partnership's public facts come from its
 * latest published report only: never from a draft, never from an older
 * report. */
#include "app_partnership.h"
#include "app_periods.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daytime.h"
#include "period.h"
#include "report.h"
#include "store.h"

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

void
partnership_item_free_list(struct partnership_item *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		partnership_cleanup(&v[i].p);
	free(v);
}

/* The newest published period of partnership pid in rr, or NULL. */
static const char *
latest_published(const struct report_row *rr, size_t nr, int64_t pid)
{
	const char *best = NULL;
	size_t i;

	for (i = 0; i < nr; i++)
		if (rr[i].partnership_id == pid && rr[i].status == REPORT_PUBLISHED &&
		    (best == NULL || strcmp(rr[i].period, best) > 0))
			best = rr[i].period;
	return best;
}

static int
by_partnership(const void *k, const void *e)
{
	int64_t id = *(const int64_t *)k, other = ((const struct latest_period *)e)->partnership_id;

	return (id > other) - (id < other);
}

int
app_partnership_list(struct app *app, const struct actor *a, struct partnership_item **out,
		     size_t *n)
{
	struct partnership *ps = NULL;
	struct latest_period *lp = NULL;
	const struct latest_period *l;
	size_t np = 0, nl = 0, i;
	int rc;

	(void)a;
	*out = NULL;
	*n = 0;
	TRY(store_partnership_list(app->store, &ps, &np));
	TRY(store_latest_published(app->store, &lp, &nl));
	*out = calloc(np + 1, sizeof(**out));
	if (*out == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < np; i++) {
		(*out)[i].p = ps[i];
		l = nl > 0 ? bsearch(&ps[i].id, lp, nl, sizeof(*lp), by_partnership) : NULL;
		snprintf((*out)[i].latest, sizeof((*out)[i].latest), "%s", l != NULL ? l->period : "");
	}
	*n = np;
	free(ps); /* the records moved into *out */
	ps = NULL;
	np = 0;
out:
	partnership_free_list(ps, np);
	free(lp);
	return rc;
}

void
partnership_view_cleanup(struct partnership_view *v)
{
	if (v == NULL)
		return;
	partnership_cleanup(&v->p);
	free(v->start_date);
	free(v->webpage);
	free(v->leading_regions);
	free(v->participating_regions);
	free(v->periods);
	free(v->published);
	decision_free_list(v->decisions, v->ndecisions);
	memset(v, 0, sizeof(*v));
}

static char *
answer_text(json_t *answers, const char *id)
{
	const char *s = json_string_value(json_object_get(answers, id));

	return strdup(s != NULL ? s : "");
}

/* The facts of the newest published report of v->p. */
static int
facts(struct app *app, struct partnership_view *v)
{
	struct report_row r;
	json_t *doc = NULL, *answers, *regions;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = store_report_latest(app->store, v->p.id, REPORT_PUBLISHED, &r);
	if (rc != 0)
		return rc;
	if (r.status != REPORT_PUBLISHED || r.doc == NULL ||
	    report_parse_json(r.doc, strlen(r.doc), "report", &doc, NULL) != 0) {
		rc = APP_EINTERNAL;
		goto out;
	}
	answers = report_answers(doc);
	v->start_date = answer_text(answers, "start_date");
	v->webpage = answer_text(answers, "webpage");
	v->leading_regions = answer_text(answers, "leading_regions");
	regions = json_object_get(answers, "participating_regions");
	if (json_is_array(regions))
		v->participating_regions = json_dumps(regions, JSON_COMPACT);
	if (v->start_date == NULL || v->webpage == NULL || v->leading_regions == NULL ||
	    (json_is_array(regions) && v->participating_regions == NULL))
		rc = APP_ENOMEM;
out:
	json_decref(doc);
	report_row_cleanup(&r);
	return rc;
}

static int
period_cmp_desc(const void *a, const void *b)
{
	return strcmp(((const struct period_item *)b)->period, ((const struct period_item *)a)->period);
}

void
app_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "%s", "0000-00-00");
}

/* Not submitted as the caller sees it: no readable report, or one being
 * written. */
static bool
period_open(bool has_report, enum report_status s)
{
	return !has_report || s == REPORT_DRAFT || s == REPORT_RETURNED;
}

bool
app_period_overdue(bool has_report, enum report_status s, const char *deadline, const char *today)
{
	return period_open(has_report, s) && deadline != NULL && strlen(deadline) == 10 &&
	       today != NULL && strcmp(today, deadline) > 0;
}

bool
app_period_on_time(bool has_report, enum report_status s, const char *submitted, const char *deadline)
{
	return !period_open(has_report, s) && submitted != NULL && strlen(submitted) >= 10 &&
	       deadline != NULL && strlen(deadline) == 10 && strncmp(submitted, deadline, 10) <= 0;
}

int
app_period_rows(struct app *app, const struct actor *a, int64_t partnership_id, const char *today,
		const struct report_row *rr, size_t nr, struct period_item **out, size_t *nout)
{
	struct period_row *pr = NULL;
	struct period_item *rows;
	size_t npr = 0, n = 0, i, j;
	const char *newest = NULL;
	char next[8];
	struct period np;
	int rc;

	TRY(store_period_list(app->store, &pr, &npr));
	rows = calloc(npr + nr + 2, sizeof(*rows));
	if (rows == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	*out = rows; /* the caller's from here, errors or not */
	for (i = 0; i < npr; i++) {
		snprintf(rows[n].period, sizeof(rows[n].period), "%s", pr[i].period);
		snprintf(rows[n++].deadline, sizeof(rows[0].deadline), "%s", pr[i].deadline);
	}
	for (i = 0; i < nr; i++) {
		if (rr[i].partnership_id != partnership_id ||
		    !policy_can_read(a, partnership_id, rr[i].status))
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(rows[j].period, rr[i].period) == 0)
				break;
		if (j == n)
			snprintf(rows[n++].period, sizeof(rows[0].period), "%s", rr[i].period);
		rows[j].has_report = true;
		rows[j].status = rr[i].status;
		if (newest == NULL || strcmp(rr[i].period, newest) > 0)
			newest = rr[i].period;
	}
	if (newest != NULL && period_parse(newest, &np) == 0) {
		np.year += np.half == 2;
		np.half = np.half == 1 ? 2 : 1;
		period_format(np, next, sizeof(next));
		for (j = 0; j < n; j++)
			if (strcmp(rows[j].period, next) == 0)
				break;
		if (j == n)
			snprintf(rows[n++].period, sizeof(rows[0].period), "%s", next);
	}
	if (n > 1)
		qsort(rows, n, sizeof(*rows), period_cmp_desc);
	for (i = 0; i < n; i++) {
		struct period_item *r = &rows[i];

		r->overdue = app_period_overdue(r->has_report, r->status, r->deadline, today);
		r->can_start = !r->has_report && policy_can_edit(a, partnership_id, REPORT_DRAFT);
		r->can_edit = r->has_report && policy_can_edit(a, partnership_id, r->status);
	}
	*nout = n;
out:
	free(pr);
	return rc;
}

int
app_partnership_view(struct app *app, const struct actor *a, const char *slug, const char *today,
		     struct partnership_view *v)
{
	struct report_row *rr = NULL;
	size_t nr = 0, i;
	const char *l;
	char now[11];
	int rc;

	memset(v, 0, sizeof(*v));
	if (slug == NULL || slug[0] == '\0')
		return APP_ENOTFOUND;
	if (today == NULL) {
		app_today(now);
		today = now;
	}
	TRY(store_partnership_by_slug(app->store, slug, &v->p));
	/* The record's own facts were written by imports and set-up: what
	 * the public reads is what the partnership published last. */
	free(v->p.start_date);
	free(v->p.webpage);
	free(v->p.leading_regions);
	free(v->p.participating_regions);
	v->p.start_date = v->p.webpage = v->p.leading_regions = v->p.participating_regions = NULL;
	TRY(store_report_list(app->store, v->p.id, &rr, &nr));
	l = latest_published(rr, nr, v->p.id);
	/* The list is newest period first already (store_report_list). */
	if (nr > 0 && (v->published = calloc(nr, sizeof(*v->published))) == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < nr; i++)
		if (rr[i].partnership_id == v->p.id && rr[i].status == REPORT_PUBLISHED)
			snprintf(v->published[v->npublished++], sizeof(v->published[0]), "%s", rr[i].period);
	snprintf(v->latest, sizeof(v->latest), "%s", l != NULL ? l : "");
	if (l != NULL)
		TRY(facts(app, v));
	v->can_follow = policy_can_follow(a, v->p.id);
	v->can_decide = policy_can_decide(a);
	v->can_manage_members = policy_can_manage_members(a, v->p.id);
	if (v->can_follow) {
		TRY(app_period_rows(app, a, v->p.id, today, rr, nr, &v->periods, &v->nperiods));
		TRY(store_decision_list(app->store, v->p.id, &v->decisions, &v->ndecisions));
	}
out:
	report_row_free_list(rr, nr);
	if (rc)
		partnership_view_cleanup(v);
	return rc;
}

int
app_partnership_by_id(struct app *app, int64_t id, struct partnership *out)
{
	return store_partnership_by_id(app->store, id, out);
}

int
app_partnership_by_slug(struct app *app, const char *slug, struct partnership *out)
{
	return store_partnership_by_slug(app->store, slug, out);
}

struct create_tx {
	struct partnership *p;
	int64_t by;
};

static int
create_tx_fn(struct store *st, void *arg)
{
	struct create_tx *t = arg;
	char obj[40];
	int rc;

	TRY(store_partnership_create(st, t->p));
	app_object(obj, sizeof(obj), "partnership", t->p->id);
	rc = store_audit(st, t->by, "partnership.create", obj, 0, t->p->slug);
out:
	return rc;
}

int
app_partnership_create(struct app *app, const struct actor *a, struct partnership *p,
		       struct app_msg *msg)
{
	struct create_tx t = {p, a->user_id};
	int rc;

	if (!policy_can_administer(a))
		return app_fail(msg, APP_EPERM, "Only administrators create partnerships.");
	if (!platform_ok(p->platform))
		return app_fail(msg, APP_EINPUT, "Unknown thematic platform \"%s\".", p->platform);
	rc = store_tx(app->store, create_tx_fn, &t);
	if (rc == APP_ECONFLICT)
		return app_fail(msg, rc, "A partnership \"%s\" exists already.", p->slug);
	if (rc == APP_EINPUT)
		return app_fail(msg, rc, "The partnership is not valid: %s", store_errmsg(app->store));
	return rc;
}

struct update_tx {
	const struct partnership *p;
	int64_t by;
};

static int
update_tx_fn(struct store *st, void *arg)
{
	struct update_tx *t = arg;
	char obj[40];
	int rc;

	TRY(store_partnership_update(st, t->p));
	app_object(obj, sizeof(obj), "partnership", t->p->id);
	rc = store_audit(st, t->by, "partnership.update", obj, 0, t->p->name);
out:
	return rc;
}

int
app_partnership_update(struct app *app, const struct actor *a, const char *slug, const char *name,
		       const char *platform, struct app_msg *msg)
{
	struct partnership p;
	struct update_tx t;
	char *v;
	int rc;

	memset(&p, 0, sizeof(p));
	if (!policy_can_administer(a))
		return app_fail(msg, APP_EPERM, "Only administrators change partnerships.");
	if (platform != NULL && !platform_ok(platform))
		return app_fail(msg, APP_EINPUT, "Unknown thematic platform \"%s\".", platform);
	if (name != NULL && (name[0] == '\0' || strlen(name) > 200))
		return app_fail(msg, APP_EINPUT, "A partnership's name has 1 to 200 bytes.");
	rc = store_partnership_by_slug(app->store, slug, &p);
	if (rc == APP_ENOTFOUND || rc == APP_EINPUT)
		return app_fail(msg, APP_ENOTFOUND, "No partnership \"%s\".", slug != NULL ? slug : "");
	if (rc)
		return rc;
	if (name != NULL) {
		if ((v = strdup(name)) == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		free(p.name);
		p.name = v;
	}
	if (platform != NULL) {
		if ((v = strdup(platform)) == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		free(p.platform);
		p.platform = v;
	}
	t = (struct update_tx){&p, a->user_id};
	rc = store_tx(app->store, update_tx_fn, &t);
out:
	partnership_cleanup(&p);
	return rc;
}

struct period_tx {
	const char *period, *deadline;
	int64_t by;
};

static int
period_tx_fn(struct store *st, void *arg)
{
	struct period_tx *t = arg;
	int rc;

	TRY(store_period_set(st, t->period, t->deadline));
	rc = store_audit(st, t->by, "period.set", "period", 0, t->period);
out:
	return rc;
}

int
app_period_set(struct app *app, const struct actor *a, const char *period, const char *deadline,
	       struct app_msg *msg)
{
	struct period_tx t = {period, deadline, a->user_id};
	struct period p;
	char canon[8];
	long day;
	int rc;

	if (!policy_can_administer(a))
		return app_fail(msg, APP_EPERM, "Only administrators set reporting periods.");
	if (period == NULL || period_parse(period, &p) != 0)
		return app_fail(msg, APP_EINPUT, "\"%s\" is not a period like 2021-H1.",
				period != NULL ? period : "");
	/* A real calendar day, not just its shape. */
	if (deadline == NULL || strlen(deadline) != 10 || day_number(deadline, &day) != 0)
		return app_fail(msg, APP_EINPUT, "\"%s\" is not a deadline like 2021-07-31.",
				deadline != NULL ? deadline : "");
	period_format(p, canon, sizeof(canon));
	t.period = canon;
	rc = store_tx(app->store, period_tx_fn, &t);
	if (rc == APP_EINPUT)
		return app_fail(msg, rc, "\"%s\" is not a deadline like 2021-07-31.",
				deadline != NULL ? deadline : "");
	return rc;
}

int
app_period_list(struct app *app, struct period_row **out, size_t *n)
{
	return store_period_list(app->store, out, n);
}

int
app_audit_list(struct app *app, const struct actor *a, const char *object, size_t limit,
	       struct audit_entry **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!policy_can_administer(a))
		return APP_EPERM;
	return store_audit_list(app->store, object, limit, out, n);
}
