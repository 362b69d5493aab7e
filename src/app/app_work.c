/* app_work.c - each caller's work list (app_work.h):
 *   coordinator, member: the partnership's open periods with a deadline
 *     (and any draft), soonest deadline first, and its returned reports;
 *   committee: submitted reports, the longest waiting first;
 *   Commission: per partnership, the newest accepted or published report
 *     when no decision was recorded since it was accepted;
 *   administrator: every partnership past a deadline without a submitted
 *     report, and the accounts.
 * A period is overdue as on the partnership's page: its deadline has
 * passed and no report of it was submitted (as the caller sees it). */
#include "app_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_periods.h"
#include "daytime.h"
#include "store.h"

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

void
worklist_cleanup(struct worklist *w)
{
	size_t i;

	if (w == NULL)
		return;
	mail_free_list(w->failed, w->nfailed);
	for (i = 0; i < w->n; i++) {
		free(w->items[i].slug);
		free(w->items[i].name);
		free(w->items[i].since);
	}
	free(w->items);
	memset(w, 0, sizeof(*w));
}

static char *
dup_or_empty(const char *s)
{
	return strdup(s != NULL ? s : "");
}

/* A new item at the end of w, its strings copied; NULL when out of
 * memory. */
static struct work_item *
add(struct worklist *w, size_t *cap, enum work_kind kind, const char *slug, const char *name,
    const char *period, const char *since)
{
	struct work_item *it;

	if (w->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct work_item *v = realloc(w->items, ncap * sizeof(*v));

		if (v == NULL)
			return NULL;
		w->items = v;
		*cap = ncap;
	}
	it = &w->items[w->n];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->slug = dup_or_empty(slug);
	it->name = dup_or_empty(name);
	it->since = dup_or_empty(since);
	snprintf(it->period, sizeof(it->period), "%s", period != NULL ? period : "");
	w->n++;
	if (it->slug == NULL || it->name == NULL || it->since == NULL)
		return NULL; /* worklist_cleanup frees what was made */
	return it;
}

static void
set_deadline(struct work_item *it, const char *deadline, const char *today)
{
	snprintf(it->deadline, sizeof(it->deadline), "%s", deadline);
	if (days_between(today, deadline, &it->days_left) != 0) {
		it->deadline[0] = '\0';
		it->days_left = 0;
	}
}

/* Coordinators and members: their partnership's periods. */
static int
partnership_work(struct app *app, const struct actor *a, const char *today, struct worklist *w,
		 size_t *cap)
{
	struct partnership p;
	struct report_row *rr = NULL;
	struct period_item *rows = NULL;
	struct report_entry *ret = NULL;
	size_t nr = 0, nrows = 0, nret = 0, i, j;
	struct work_item *it;
	int rc;

	memset(&p, 0, sizeof(p));
	TRY(store_partnership_by_id(app->store, a->partnership_id, &p));
	TRY(store_report_list(app->store, p.id, &rr, &nr));
	TRY(app_period_rows(app, a, p.id, today, rr, nr, &rows, &nrows));
	TRY(store_report_queue(app->store, REPORT_RETURNED, p.id, &ret, &nret));
	/* Returned reports first: the committee waits for them. */
	for (i = 0; i < nret; i++) {
		if (!policy_can_read(a, p.id, ret[i].status))
			continue;
		it = add(w, cap, WORK_RETURNED, p.slug, p.name, ret[i].period, ret[i].since);
		if (it == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		it->has_report = true;
		it->status = REPORT_RETURNED;
		it->comments = ret[i].comments;
		it->can_edit = policy_can_edit(a, p.id, REPORT_RETURNED);
		for (j = 0; j < nrows; j++)
			if (strcmp(rows[j].period, ret[i].period) == 0 && rows[j].deadline[0])
				set_deadline(it, rows[j].deadline, today);
	}
	/* Then the open periods, the soonest deadline first (rows are newest
	 * first: walk them backwards). A period with no deadline is listed
	 * only when a draft of it exists. */
	for (i = nrows; i-- > 0;) {
		const struct period_item *r = &rows[i];
		bool draft = r->has_report && r->status == REPORT_DRAFT;

		if (!(draft || (!r->has_report && r->deadline[0])))
			continue;
		it = add(w, cap, WORK_DUE, p.slug, p.name, r->period, "");
		if (it == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		it->has_report = r->has_report;
		it->status = r->status;
		it->can_start = r->can_start;
		it->can_edit = r->can_edit;
		if (r->deadline[0])
			set_deadline(it, r->deadline, today);
	}
out:
	report_entry_free_list(ret, nret);
	free(rows);
	report_row_free_list(rr, nr);
	partnership_cleanup(&p);
	return rc;
}

static int
review_work(struct app *app, const struct actor *a, struct worklist *w, size_t *cap)
{
	struct report_entry *q = NULL;
	struct work_item *it;
	size_t nq = 0, i;
	int rc;

	TRY(store_report_queue(app->store, REPORT_SUBMITTED, 0, &q, &nq));
	for (i = 0; i < nq; i++) {
		if (!policy_can_review(a, q[i].status) ||
		    !policy_can_read(a, q[i].partnership_id, q[i].status))
			continue;
		it = add(w, cap, WORK_REVIEW, q[i].slug, q[i].name, q[i].period, q[i].since);
		if (it == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		it->has_report = true;
		it->status = q[i].status;
		it->resubmitted = q[i].was_returned;
	}
out:
	report_entry_free_list(q, nq);
	return rc;
}

static int
by_since(const void *x, const void *y)
{
	const struct work_item *a = x, *b = y;
	int c = strcmp(a->since, b->since);

	return c != 0 ? c : strcmp(a->name, b->name);
}

/* By partnership, then newest period first. */
static int
by_slug_newest(const void *x, const void *y)
{
	const struct report_entry *a = *(const struct report_entry *const *)x;
	const struct report_entry *b = *(const struct report_entry *const *)y;
	int c = strcmp(a->slug, b->slug);

	return c != 0 ? c : strcmp(b->period, a->period);
}

static int
decide_work(struct app *app, const struct actor *a, struct worklist *w, size_t *cap)
{
	struct report_entry *v = NULL;
	const struct report_entry **todo = NULL;
	size_t nv = 0, ntodo = 0, i, first = w->n;
	int rc;

	/* The reports accepted or published and not decided on since. */
	TRY(store_decide_queue(app->store, &v, &nv));
	if (nv == 0)
		goto out;
	todo = calloc(nv, sizeof(*todo));
	if (todo == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < nv; i++)
		if (policy_can_read(a, v[i].partnership_id, v[i].status))
			todo[ntodo++] = &v[i];
	/* One item per partnership: its newest period among them. */
	if (ntodo > 1)
		qsort(todo, ntodo, sizeof(*todo), by_slug_newest);
	for (i = 0; i < ntodo; i++) {
		const struct report_entry *e = todo[i];
		struct work_item *it;

		if (i > 0 && strcmp(todo[i - 1]->slug, e->slug) == 0)
			continue;
		it = add(w, cap, WORK_DECIDE, e->slug, e->name, e->period, e->since);
		if (it == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		it->has_report = true;
		it->status = e->status;
	}
	if (w->n - first > 1) /* qsort takes no NULL array, even empty */
		qsort(w->items + first, w->n - first, sizeof(*w->items), by_since);
out:
	free(todo);
	report_entry_free_list(v, nv);
	return rc;
}

static int
by_deadline(const void *x, const void *y)
{
	const struct work_item *a = x, *b = y;
	int c = strcmp(a->deadline, b->deadline);

	return c != 0 ? c : strcmp(a->name, b->name);
}

static int
admin_work(struct app *app, const struct actor *a, const char *today, struct worklist *w,
	   size_t *cap)
{
	struct partnership *ps = NULL;
	struct report_row *rr = NULL;
	struct user *us = NULL;
	size_t np = 0, nr = 0, nu = 0, i, j, first = w->n;
	int rc;

	TRY(store_partnership_list(app->store, &ps, &np));
	TRY(store_report_list(app->store, 0, &rr, &nr));
	for (i = 0; i < np; i++) {
		struct period_item *rows = NULL;
		size_t nrows = 0;

		rc = app_period_rows(app, a, ps[i].id, today, rr, nr, &rows, &nrows);
		for (j = 0; rc == 0 && j < nrows; j++) {
			struct work_item *it;

			if (!rows[j].overdue)
				continue;
			it = add(w, cap, WORK_OVERDUE, ps[i].slug, ps[i].name, rows[j].period, "");
			if (it == NULL) {
				rc = APP_ENOMEM;
				break;
			}
			it->has_report = rows[j].has_report;
			it->status = rows[j].status;
			set_deadline(it, rows[j].deadline, today);
		}
		free(rows);
		if (rc != 0)
			goto out;
	}
	if (w->n - first > 1) /* qsort takes no NULL array, even empty */
		qsort(w->items + first, w->n - first, sizeof(*w->items), by_deadline);
	TRY(store_user_list(app->store, 0, &us, &nu));
	w->accounts = true;
	w->users = nu;
	for (i = 0; i < nu; i++)
		w->inactive += !us[i].active;
	TRY(store_mail_counts(app->store, w->mail));
	if (w->mail[MAIL_FAILED] > 0)
		TRY(store_mail_list(app->store, MAIL_FAILED, 10, &w->failed, &w->nfailed));
out:
	user_free_list(us, nu);
	report_row_free_list(rr, nr);
	partnership_free_list(ps, np);
	return rc;
}

int
app_worklist(struct app *app, const struct actor *a, const char *today, struct worklist *out)
{
	char now[11];
	size_t cap = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (today == NULL) {
		app_today(now);
		today = now;
	}
	switch (a->role) {
	case ROLE_COORDINATOR:
	case ROLE_MEMBER:
		if (a->partnership_id > 0)
			rc = partnership_work(app, a, today, out, &cap);
		break;
	case ROLE_COMMITTEE:
		rc = review_work(app, a, out, &cap);
		break;
	case ROLE_COMMISSION:
		rc = decide_work(app, a, out, &cap);
		break;
	case ROLE_ADMIN:
		rc = admin_work(app, a, today, out, &cap);
		break;
	case ROLE_PUBLIC:
	case ROLE_SYSTEM:
		break;
	}
	if (rc != 0)
		worklist_cleanup(out);
	return rc;
}
