/* app_review.c - what the Working/Steering Committee does with a submitted
 * report (comment, return, accept, which publishes it). Each use case
 * checks the policy, then changes the store in one transaction with its
 * audit entries. */
#include "app_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_outbox.h"
#include "store.h"
#include "strutil.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* Loads the report and checks that the caller may review it now. A report
 * the caller may not even read is "not found"; one they read but may not
 * review (not a committee member, or not submitted) is "forbidden". */
static int
load_for_review(struct app *app, const struct actor *a, const char *slug, const char *period,
		struct report_view *c)
{
	int rc = app_report_open(app, a, slug, period, c);

	if (rc != 0)
		return rc;
	if (!c->have_report)
		return APP_ENOTFOUND;
	if (!policy_can_review(a, c->status))
		return APP_EPERM;
	return 0;
}

struct review_tx {
	struct app *app;
	const struct report_view *c;
	struct comment *cm;   /* added first when not NULL */
	int steps;            /* 0: comment only, 1: return, 2: accept and publish */
};

static int
review_tx_fn(struct store *st, void *arg)
{
	struct review_tx *t = arg;
	const struct report_view *c = t->c;
	char object[64];
	int64_t uid = c->actor.user_id;
	int rc = 0;

	app_object(object, sizeof(object), "report", c->r.id);
	if (t->cm != NULL) {
		TRY(store_comment_add(st, t->cm));
		if (t->steps == 0)
			TRY(store_audit(st, uid, "report.comment", object, c->r.revision, t->cm->question));
	}
	if (t->steps == 1) {
		TRY(store_report_set_status(st, c->r.id, REPORT_SUBMITTED, REPORT_RETURNED, uid));
		TRY(store_audit(st, uid, "report.return", object, c->r.revision, "returned with a comment"));
		TRY(outbox_event(t->app, st, MAIL_EV_RETURNED, &c->p, c->period, c->r.id));
	} else if (t->steps == 2) {
		TRY(store_report_set_status(st, c->r.id, REPORT_SUBMITTED, REPORT_ACCEPTED, uid));
		TRY(store_audit(st, uid, "report.accept", object, c->r.revision, ""));
		TRY(store_report_set_status(st, c->r.id, REPORT_ACCEPTED, REPORT_PUBLISHED, uid));
		TRY(store_audit(st, uid, "report.publish", object, c->r.revision, ""));
		TRY(outbox_event(t->app, st, MAIL_EV_PUBLISHED, &c->p, c->period, c->r.id));
	}
out:
	return rc;
}

/* A comment of body on question (already checked). */
static int
new_comment(const struct report_view *c, const char *question, const char *body, struct comment *cm)
{
	memset(cm, 0, sizeof(*cm));
	cm->body = str_trimmed_dup(body);
	cm->question = strdup(question);
	if (cm->body == NULL || cm->question == NULL)
		return APP_ENOMEM;
	if (cm->body[0] == '\0' || str_utf8_chars(cm->body) > APP_TEXT_MAX_CHARS)
		return APP_EINPUT;
	cm->report_id = c->r.id;
	cm->revision = c->r.revision;
	cm->user_id = c->actor.user_id;
	return 0;
}

int
app_report_comment(struct app *app, const struct actor *a, const char *slug, const char *period,
		   const char *question, const char *body, struct report_view *c)
{
	const struct form_question *q;
	struct review_tx t = {0};
	struct comment cm;
	int rc;

	memset(&cm, 0, sizeof(cm));
	TRY(load_for_review(app, a, slug, period, c));
	if (question == NULL)
		question = "";
	if (question[0] != '\0') {
		/* A question of the form, in a section the reviewer reads. */
		q = form_find(c->form, question);
		if (q == NULL || !report_view_can_read_section(c, q->section)) {
			rc = APP_EINPUT;
			goto out;
		}
	}
	TRY(new_comment(c, question, body, &cm));
	t.app = app;
	t.c = c;
	t.cm = &cm;
	rc = store_tx(app->store, review_tx_fn, &t);
out:
	comment_cleanup(&cm);
	return rc;
}

int
app_report_return(struct app *app, const struct actor *a, const char *slug, const char *period,
		  const char *body, struct report_view *c, bool check_only)
{
	struct review_tx t = {0};
	struct comment cm;
	int rc;

	memset(&cm, 0, sizeof(cm));
	TRY(load_for_review(app, a, slug, period, c));
	/* Returning needs a reason: it is stored first, as a comment on the
	 * whole report, so that the partnership sees what must change. */
	TRY(new_comment(c, "", body, &cm));
	if (check_only)
		goto out;
	t.app = app;
	t.c = c;
	t.cm = &cm;
	t.steps = 1;
	rc = store_tx(app->store, review_tx_fn, &t);
out:
	comment_cleanup(&cm);
	return rc;
}

int
app_report_accept(struct app *app, const struct actor *a, const char *slug, const char *period,
		  struct report_view *c, bool check_only)
{
	struct review_tx t = {0};
	int rc;

	TRY(load_for_review(app, a, slug, period, c));
	if (check_only)
		goto out;
	t.app = app;
	t.c = c;
	t.steps = 2;
	rc = store_tx(app->store, review_tx_fn, &t);
out:
	return rc;
}

bool
app_can_resolve(const struct report_view *c)
{
	const struct actor *a = &c->actor;

	if (!c->have_report || !policy_can_follow(a, c->p.id))
		return false;
	return a->role == ROLE_COMMITTEE ||
	       ((a->role == ROLE_COORDINATOR || a->role == ROLE_MEMBER) && a->partnership_id == c->p.id);
}

struct resolve_tx {
	const struct report_view *c;
	int64_t id;
	bool resolved;
};

static int
resolve_tx_fn(struct store *st, void *arg)
{
	struct resolve_tx *t = arg;
	char object[64], detail[64];
	int rc;

	if ((rc = store_comment_resolve(st, t->c->r.id, t->id, t->resolved ? t->c->actor.user_id : 0)) != 0)
		return rc;
	app_object(object, sizeof(object), "report", t->c->r.id);
	snprintf(detail, sizeof(detail), "comment %lld", (long long)t->id);
	return store_audit(st, t->c->actor.user_id, t->resolved ? "comment.resolve" : "comment.reopen",
			   object, t->c->r.revision, detail);
}

int
app_comment_resolve(struct app *app, const struct actor *a, const char *slug, const char *period,
		    int64_t id, bool resolved, struct report_view *c)
{
	struct resolve_tx t;
	int rc;

	TRY(app_report_open(app, a, slug, period, c));
	if (!c->have_report) {
		rc = APP_ENOTFOUND;
		goto out;
	}
	if (!app_can_resolve(c)) {
		rc = APP_EPERM;
		goto out;
	}
	t.c = c;
	t.id = id;
	t.resolved = resolved;
	rc = store_tx(app->store, resolve_tx_fn, &t);
out:
	return rc;
}
