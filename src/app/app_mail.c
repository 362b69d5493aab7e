/* app_mail.c - the mails of the system: written to the outbox with the
 * events they tell of (outbox_event), deadline reminders (app_mail_remind),
 * the sending worker's claims and results, and the outbox for admins.
 *
 * What a mail says: which partnership, which report or term, what
 * happened, and the link to the page. Never an answer, a comment or a
 * decision's text: those stay behind the login, where the access rules
 * hold (mail leaves the system for good). */
#include "app_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_outbox.h"
#include "app_partnership.h"
#include "app_periods.h"
#include "buf.h"
#include "daytime.h"
#include "period.h"
#include "store.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

#define MAIL_BODY_MAX (64u << 10)
#define DEFAULT_BASE_URL "http://127.0.0.1:8080"
#define SIGNATURE "-- \nS3 Partnership Monitor\n"

static const char *
base_url(const struct app *app)
{
	return app->base_url != NULL && app->base_url[0] != '\0' ? app->base_url : DEFAULT_BASE_URL;
}

/* base + path, without a doubled slash. */
static int
url_of(const struct app *app, const char *path, char **out)
{
	const char *b = base_url(app);
	size_t n = strlen(b);
	struct buf u;

	buf_init(&u, 8192);
	while (n > 0 && b[n - 1] == '/')
		n--;
	if (buf_append(&u, b, n) != 0 || buf_puts(&u, path) != 0) {
		buf_cleanup(&u);
		return APP_ENOMEM;
	}
	*out = buf_take(&u, NULL);
	return *out != NULL ? 0 : APP_ENOMEM;
}

/* "2020-H2 (July - December 2020)" */
static void
period_words(const char *period, char *out, size_t n)
{
	struct period p;
	char label[64];

	if (period_parse(period, &p) != 0) {
		snprintf(out, n, "%s", period);
		return;
	}
	period_label(p, label, sizeof(label));
	snprintf(out, n, "%s (%s)", period, label);
}

static const char *
name_of(const struct user *u)
{
	return u->name != NULL && u->name[0] != '\0' ? u->name : u->email;
}

/* One mail into the outbox; *added false when its dedup key was there. */
static int
queue(struct store *st, const char *kind, const struct user *u, const char *subject,
      const char *body, const char *link, const char *object, const char *dedup, bool *added)
{
	struct mail m;

	memset(&m, 0, sizeof(m));
	m.kind = (char *)kind;
	m.user_id = u->id;
	m.to_addr = u->email;
	m.to_name = u->name;
	m.subject = (char *)subject;
	m.body = (char *)body;
	m.link = (char *)link;
	m.object = (char *)object;
	m.dedup = (char *)dedup;
	m.next_at = (int64_t)time(NULL);
	return store_mail_add(st, &m, added);
}

/* Who hears of an event: the active committee members, or the active
 * coordinators and members of the partnership. */
static bool
hears(enum mail_event ev, const struct user *u, int64_t partnership_id)
{
	enum role r;

	if (!u->active || role_parse(u->role, &r) != 0)
		return false;
	if (ev == MAIL_EV_SUBMITTED || ev == MAIL_EV_RESUBMITTED)
		return r == ROLE_COMMITTEE;
	return (r == ROLE_COORDINATOR || r == ROLE_MEMBER) && u->partnership_id == partnership_id;
}

static const char *const event_kinds[] = {"submitted", "submitted", "returned", "published",
					  "decision"};

int
outbox_event(struct app *app, struct store *st, enum mail_event ev, const struct partnership *p,
	     const char *period, int64_t object_id)
{
	struct user *users = NULL;
	struct buf subject, body;
	char words[96], object[64], path[256], *link = NULL;
	size_t nu = 0, i;
	int rc;

	buf_init(&subject, 2000);
	buf_init(&body, MAIL_BODY_MAX);
	TRY(store_user_list(st, ev == MAIL_EV_SUBMITTED || ev == MAIL_EV_RESUBMITTED ? 0 : p->id,
			    &users, &nu));
	if (ev == MAIL_EV_DECISION) {
		app_object(object, sizeof(object), "partnership", p->id);
		snprintf(path, sizeof(path), "/p/%s", p->slug);
	} else {
		app_object(object, sizeof(object), "report", object_id);
		snprintf(path, sizeof(path), "/p/%s/%s", p->slug, period);
	}
	TRY(url_of(app, path, &link));
	period_words(period, words, sizeof(words));
	for (i = 0; i < nu; i++) {
		const struct user *u = &users[i];

		if (!hears(ev, u, p->id))
			continue;
		buf_reset(&subject);
		buf_reset(&body);
		if (buf_printf(&body, "Dear %s,\n\n", name_of(u)) != 0)
			goto nomem;
		switch (ev) {
		case MAIL_EV_SUBMITTED:
		case MAIL_EV_RESUBMITTED:
			rc = buf_printf(&subject, "%s: the %s report awaits your review", p->name, period);
			if (rc == 0)
				rc = buf_printf(&body,
						"%s %s its monitoring progress report for %s.\n"
						"It awaits the committee's review.\n\n"
						"Review the report:\n%s\n\n",
						p->name,
						ev == MAIL_EV_RESUBMITTED ? "submitted again, after it was returned,"
									  : "submitted",
						words, link);
			break;
		case MAIL_EV_RETURNED:
			rc = buf_printf(&subject, "%s: the %s report was returned with comments", p->name,
					period);
			if (rc == 0)
				rc = buf_printf(&body,
						"The committee returned the monitoring progress report of %s\n"
						"for %s with comments. Read them, change the report and\n"
						"submit it again:\n%s\n\n",
						p->name, words, link);
			break;
		case MAIL_EV_PUBLISHED:
			rc = buf_printf(&subject, "%s: the %s report was accepted and published", p->name,
					period);
			if (rc == 0)
				rc = buf_printf(&body,
						"The committee accepted the monitoring progress report of %s\n"
						"for %s. Its public sections are now published:\n%s\n\n",
						p->name, words, link);
			break;
		case MAIL_EV_DECISION:
			rc = buf_printf(&subject, "%s: the Commission recorded a decision for %s", p->name,
					period);
			if (rc == 0)
				rc = buf_printf(&body,
						"The European Commission recorded its decision on the support\n"
						"of %s for the term %s. Read it on the partnership's page:\n%s\n\n",
						p->name, period, link);
			break;
		}
		if (rc != 0)
			goto nomem;
		if (buf_printf(&body, "Everything that awaits you:\n%s/me\n\n%s", base_url(app), SIGNATURE) != 0)
			goto nomem;
		TRY(queue(st, event_kinds[ev], u, buf_cstr(&subject), buf_cstr(&body), link, object, NULL,
			  NULL));
	}
	rc = 0;
	goto out;
nomem:
	rc = APP_ENOMEM;
out:
	free(link);
	user_free_list(users, nu);
	buf_cleanup(&subject);
	buf_cleanup(&body);
	return rc;
}

/* --- reminders ------------------------------------------------------------ */

int
app_remind_parse(const char *s, struct remind_config *out, struct app_msg *msg)
{
	const char *p = s;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	if (s == NULL || *s == '\0') {
		return app_fail(msg, APP_EINPUT, "reminder days: a list such as 14,3 expected");
	}
	while (*p != '\0') {
		int v = 0, digits = 0;

		while (*p >= '0' && *p <= '9' && digits < 4) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0 || v > 366 || (*p != ',' && *p != '\0')) {
			return app_fail(msg, APP_EINPUT, "reminder days \"%s\": numbers of days from 0 to"
					" 366, separated by commas, expected", s);
		}
		if (out->ndays == APP_REMIND_MAX) {
			return app_fail(msg, APP_EINPUT, "reminder days \"%s\": at most %d thresholds", s,
					APP_REMIND_MAX);
		}
		out->days[out->ndays++] = v;
		if (*p == ',')
			p++;
		if (*p == '\0' && p[-1] == ',') {
			return app_fail(msg, APP_EINPUT, "reminder days \"%s\": a number expected after"
					" the last comma", s);
		}
	}
	/* Descending, without repeats. */
	for (i = 1; i < out->ndays; i++)
		for (j = i; j > 0 && out->days[j - 1] < out->days[j]; j--) {
			int t = out->days[j];

			out->days[j] = out->days[j - 1];
			out->days[j - 1] = t;
		}
	for (i = 1, j = 1; i < out->ndays; i++)
		if (out->days[i] != out->days[j - 1])
			out->days[j++] = out->days[i];
	out->ndays = j;
	return 0;
}

struct remind_tx {
	struct app *app;
	const char *today;
	const struct remind_config *cfg;
	bool dry_run;
	struct mail *out; /* the mails queued */
	size_t n, cap;
};

/* The smallest threshold of cfg that days_left is within, or -1. */
static int
threshold(const struct remind_config *cfg, long days_left)
{
	int t = -1;
	size_t i;

	for (i = 0; i < cfg->ndays; i++)
		if (days_left >= 0 && days_left <= cfg->days[i])
			t = cfg->days[i];
	return t;
}

static int
note_queued(struct remind_tx *t, const char *kind, const struct user *u, const char *subject,
	    const char *link)
{
	struct mail *m;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		struct mail *v = realloc(t->out, cap * sizeof(*v));

		if (v == NULL)
			return APP_ENOMEM;
		t->out = v;
		t->cap = cap;
	}
	m = &t->out[t->n];
	memset(m, 0, sizeof(*m));
	m->kind = strdup(kind);
	m->user_id = u->id;
	m->to_addr = strdup(u->email);
	m->to_name = strdup(u->name != NULL ? u->name : "");
	m->subject = strdup(subject);
	m->link = strdup(link);
	t->n++;
	if (m->kind == NULL || m->to_addr == NULL || m->to_name == NULL || m->subject == NULL ||
	    m->link == NULL)
		return APP_ENOMEM;
	return 0;
}

/* The reminders of one partnership's period for its coordinators. */
static int
remind_period(struct remind_tx *t, struct store *st, const struct partnership *p,
	      const struct period_item *it, const struct user *users, size_t nu)
{
	struct buf subject, body;
	char words[96], due[48], key[200], object[64], path[256], *link = NULL;
	long left;
	int rc = 0, th;
	bool overdue;
	size_t i;

	if (it->deadline[0] == '\0' || days_between(t->today, it->deadline, &left) != 0)
		return 0;
	if (it->has_report && it->status != REPORT_DRAFT && it->status != REPORT_RETURNED)
		return 0; /* submitted, accepted or published: nothing is due */
	overdue = left < 0;
	th = threshold(t->cfg, left);
	if (overdue ? -left > APP_OVERDUE_WINDOW : th < 0)
		return 0;
	buf_init(&subject, 2000);
	buf_init(&body, MAIL_BODY_MAX);
	period_words(it->period, words, sizeof(words));
	day_human(it->deadline, due, sizeof(due));
	snprintf(path, sizeof(path), "/p/%s", p->slug);
	app_object(object, sizeof(object), "partnership", p->id);
	TRY(url_of(t->app, path, &link));
	for (i = 0; i < nu; i++) {
		const struct user *u = &users[i];
		enum role r;
		bool added = false;

		if (!u->active || !u->reminders || role_parse(u->role, &r) != 0 ||
		    r != ROLE_COORDINATOR || u->partnership_id != p->id)
			continue;
		buf_reset(&subject);
		buf_reset(&body);
		if (overdue) {
			snprintf(key, sizeof(key), "overdue:%lld:%lld:%s", (long long)u->id, (long long)p->id,
				 it->period);
			rc = buf_printf(&subject, "%s: the %s report is overdue (due %s)", p->name,
					it->period, due);
			if (rc == 0)
				rc = buf_printf(&body,
						"Dear %s,\n\nthe monitoring progress report of %s for %s\n"
						"was due on %s and has not been submitted.\n"
						"Please complete and submit it:\n%s\n\n",
						name_of(u), p->name, words, due, link);
		} else {
			snprintf(key, sizeof(key), "reminder:%lld:%lld:%s:%d", (long long)u->id,
				 (long long)p->id, it->period, th);
			rc = buf_printf(&subject, "%s: the %s report is due on %s (%s)", p->name, it->period,
					due, left == 0 ? "today" : left == 1 ? "tomorrow" : "soon");
			if (rc == 0 && left > 1) {
				buf_reset(&subject);
				rc = buf_printf(&subject, "%s: the %s report is due on %s (%ld days left)",
						p->name, it->period, due, left);
			}
			if (rc == 0)
				rc = buf_printf(&body,
						"Dear %s,\n\nthe monitoring progress report of %s for %s\n"
						"is due on %s%s. It has not been submitted yet:\n%s\n\n",
						name_of(u), p->name, words, due,
						left == 0 ? ", today" : left == 1 ? ", tomorrow" : "", link);
		}
		if (rc == 0)
			rc = buf_printf(&body,
					"You receive reminders as the partnership's coordinator. To stop\n"
					"them, turn them off on your account page:\n%s/account\n\n%s",
					base_url(t->app), SIGNATURE);
		if (rc != 0) {
			rc = APP_ENOMEM;
			goto out;
		}
		TRY(queue(st, overdue ? "overdue" : "reminder", u, buf_cstr(&subject), buf_cstr(&body), link,
			  object, key, &added));
		if (added)
			TRY(note_queued(t, overdue ? "overdue" : "reminder", u, buf_cstr(&subject), link));
	}
out:
	free(link);
	buf_cleanup(&subject);
	buf_cleanup(&body);
	return rc;
}

/* Positive: a dry run's rollback, not an error. */
#define DRY_RUN_ROLLBACK 1

static int
remind_tx_fn(struct store *st, void *arg)
{
	struct remind_tx *t = arg;
	struct actor sys = app_system_actor();
	struct partnership *ps = NULL;
	struct user *users = NULL;
	size_t np = 0, nu = 0, i, j;
	int rc;

	TRY(store_partnership_list(st, &ps, &np));
	TRY(store_user_list(st, 0, &users, &nu));
	for (i = 0; i < np; i++) {
		struct report_row *rr = NULL;
		struct period_item *items = NULL;
		size_t nr = 0, ni = 0;

		rc = store_report_list(st, ps[i].id, &rr, &nr);
		if (rc == 0)
			rc = app_period_rows(t->app, &sys, ps[i].id, t->today, rr, nr, &items, &ni);
		for (j = 0; rc == 0 && j < ni; j++)
			rc = remind_period(t, st, &ps[i], &items[j], users, nu);
		free(items);
		report_row_free_list(rr, nr);
		if (rc != 0)
			goto out;
	}
	if (t->dry_run)
		rc = DRY_RUN_ROLLBACK;
out:
	user_free_list(users, nu);
	partnership_free_list(ps, np);
	return rc;
}

int
app_mail_remind(struct app *app, const struct actor *a, const char *today,
		const struct remind_config *cfg, bool dry_run, struct mail **out, size_t *n)
{
	struct remind_tx t;
	long day;
	int rc;

	*out = NULL;
	*n = 0;
	if (!policy_can_administer(a))
		return APP_EPERM;
	if (today == NULL || strlen(today) != 10 || day_number(today, &day) != 0)
		return APP_EINPUT;
	memset(&t, 0, sizeof(t));
	t.app = app;
	t.today = today;
	t.cfg = cfg;
	t.dry_run = dry_run;
	rc = store_tx(app->store, remind_tx_fn, &t);
	if (rc == DRY_RUN_ROLLBACK)
		rc = 0;
	if (rc != 0) {
		mail_free_list(t.out, t.n);
		return rc;
	}
	*out = t.out;
	*n = t.n;
	return 0;
}

/* --- the sending worker ----------------------------------------------------- */

int
app_mail_next(struct app *app, int64_t now, int64_t lease, struct mail *m, bool *got)
{
	return store_mail_claim(app->store, now, lease, m, got);
}

int
app_mail_result(struct app *app, const struct mail *m, bool sent, const char *error, int64_t now,
		int retry_base)
{
	int64_t delay = retry_base > 0 ? retry_base : 60;
	int k;

	/* m->attempts counts the attempts before this one. */
	for (k = 0; k < m->attempts && delay < 6 * 3600; k++)
		delay *= 2;
	if (delay > 6 * 3600)
		delay = 6 * 3600;
	return store_mail_done(app->store, m->id, sent, error != NULL ? error : "", now + delay,
			       !sent && m->attempts + 1 >= APP_MAIL_ATTEMPTS);
}

/* --- the outbox for admins ---------------------------------------------------- */

int
app_mail_outbox(struct app *app, const struct actor *a, int status, size_t limit, struct mail **out,
		size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!policy_can_administer(a))
		return APP_EPERM;
	return store_mail_list(app->store, status, limit, out, n);
}

int
app_mail_counts(struct app *app, const struct actor *a, size_t counts[4])
{
	memset(counts, 0, 4 * sizeof(counts[0]));
	if (!policy_can_administer(a))
		return APP_EPERM;
	return store_mail_counts(app->store, counts);
}

struct retry_tx {
	int64_t id, user_id;
};

static int
retry_tx_fn(struct store *st, void *arg)
{
	struct retry_tx *t = arg;
	char object[64];
	int rc;

	app_object(object, sizeof(object), "mail", t->id);
	if ((rc = store_mail_retry(st, t->id, (int64_t)time(NULL))) != 0)
		return rc;
	return store_audit(st, t->user_id, "mail.retry", object, 0, "");
}

int
app_mail_retry(struct app *app, const struct actor *a, int64_t id)
{
	struct retry_tx t = {id, a->user_id};

	if (!policy_can_administer(a))
		return APP_EPERM;
	return store_tx(app->store, retry_tx_fn, &t);
}

struct reminders_tx {
	int64_t user_id;
	bool on;
};

static int
reminders_tx_fn(struct store *st, void *arg)
{
	struct reminders_tx *t = arg;
	char object[64];
	int rc;

	app_object(object, sizeof(object), "user", t->user_id);
	if ((rc = store_user_set_reminders(st, t->user_id, t->on)) != 0)
		return rc;
	return store_audit(st, t->user_id, "user.reminders", object, 0, t->on ? "on" : "off");
}

int
app_user_set_reminders(struct app *app, const struct actor *a, bool on)
{
	struct reminders_tx t = {a->user_id, on};

	if (a->user_id <= 0 || a->role == ROLE_PUBLIC || a->role == ROLE_SYSTEM)
		return APP_EPERM;
	return store_tx(app->store, reminders_tx_fn, &t);
}
