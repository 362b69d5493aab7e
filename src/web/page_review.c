/* page_review.c - what the Working/Steering Committee does with a submitted
 * report (comment, return, accept, which publishes it) and what the
 * Commission records (decisions per term). Every handler checks the CSRF
 * token and the policy itself, changes the store in one transaction with its
 * audit entries, and redirects (303) back with ?done=... for the notice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "period.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* Longest comment, condition or rationale, in characters. */
#define REVIEW_MAX_CHARS 10000

/* A copy of s without surrounding white space (malloc'd; "" for NULL). */
static char *
trimmed_dup(const char *s)
{
	size_t a = 0, z;
	char *r;

	if (s == NULL)
		s = "";
	z = strlen(s);
	while (a < z && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n'))
		a++;
	while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r' || s[z - 1] == '\n'))
		z--;
	r = malloc(z - a + 1);
	if (r != NULL) {
		memcpy(r, s + a, z - a);
		r[z - a] = '\0';
	}
	return r;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* /p/SLUG/PERIOD?done=DONE#FRAGMENT (period, fragment may be NULL). */
static int
redirect_back(struct resp *rs, const char *slug, const char *period, const char *done,
	      const char *fragment)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	TRY(html_raw(&u, "/p/"));
	TRY(html_url_arg(&u, slug));
	if (period != NULL) {
		TRY(html_raw(&u, "/"));
		TRY(html_url_arg(&u, period));
	}
	TRY(html_raw(&u, "?done="));
	TRY(html_url_arg(&u, done));
	if (fragment != NULL) {
		TRY(html_raw(&u, "#"));
		TRY(html_url_arg(&u, fragment));
	}
	TRY(resp_redirect(rs, buf_cstr(&u)));
out:
	buf_cleanup(&u);
	return rc;
}

/* Loads the report of the URL and checks that the actor may review it now.
 * A report the actor may not even read is "not found" (ctx_load); one they
 * read but may not review (not a committee member, or not submitted) is
 * "forbidden". */
static int
load_for_review(struct req *rq, struct rctx *c)
{
	int rc = ctx_load(rq, c);

	if (rc != 0)
		return rc;
	if (!c->have_report)
		return APP_ENOTFOUND;
	if (!rq->csrf_ok)
		return APP_EPERM;
	if (!policy_can_review(&c->actor, c->status))
		return APP_EPERM;
	return 0;
}

/* --- POST /p/:slug/:period/comment, /return, /accept ---------------------- */

struct review_tx {
	const struct rctx *c;
	struct comment *cm;   /* added first when not NULL */
	const char *action;   /* audit of the comment */
	int steps;            /* 0: comment only, 1: return, 2: accept and publish */
};

static int
review_tx_fn(struct store *st, void *arg)
{
	struct review_tx *t = arg;
	const struct rctx *c = t->c;
	char object[64];
	int64_t uid = c->actor.user_id;
	int rc;

	snprintf(object, sizeof(object), "report:%lld", (long long)c->r.id);
	if (t->cm != NULL) {
		TRY(store_comment_add(st, t->cm));
		if (t->steps == 0)
			TRY(store_audit(st, uid, "report.comment", object, c->r.revision,
					t->cm->question));
	}
	if (t->steps == 1) {
		TRY(store_report_set_status(st, c->r.id, REPORT_SUBMITTED, REPORT_RETURNED, uid));
		TRY(store_audit(st, uid, "report.return", object, c->r.revision,
				"returned with a comment"));
	} else if (t->steps == 2) {
		TRY(store_report_set_status(st, c->r.id, REPORT_SUBMITTED, REPORT_ACCEPTED, uid));
		TRY(store_audit(st, uid, "report.accept", object, c->r.revision, ""));
		TRY(store_report_set_status(st, c->r.id, REPORT_ACCEPTED, REPORT_PUBLISHED, uid));
		TRY(store_audit(st, uid, "report.publish", object, c->r.revision, ""));
	}
out:
	return rc;
}

/* A comment from the posted body, on question (already checked). */
static int
posted_comment(struct req *rq, const struct rctx *c, const char *question, struct comment *cm)
{
	memset(cm, 0, sizeof(*cm));
	cm->body = trimmed_dup(req_form(rq, "body"));
	cm->question = strdup(question);
	if (cm->body == NULL || cm->question == NULL)
		return APP_ENOMEM;
	if (cm->body[0] == '\0' || utf8_chars(cm->body) > REVIEW_MAX_CHARS)
		return APP_EINPUT;
	cm->report_id = c->r.id;
	cm->revision = c->r.revision;
	cm->user_id = c->actor.user_id;
	return 0;
}

int
page_comment(struct req *rq, struct resp *rs)
{
	const struct form_question *q = NULL;
	struct review_tx t = {0};
	struct comment cm;
	const char *question;
	struct rctx c;
	int rc;

	memset(&cm, 0, sizeof(cm));
	TRY(load_for_review(rq, &c));
	question = req_form(rq, "question");
	if (question == NULL)
		question = "";
	if (question[0] != '\0') {
		/* A question of the form, in a section the reviewer reads. */
		q = form_find(c.form, question);
		if (q == NULL || !ctx_can_read_section(&c, q->section)) {
			rc = APP_EINPUT;
			goto out;
		}
	}
	TRY(posted_comment(rq, &c, question, &cm));
	t.c = &c;
	t.cm = &cm;
	t.steps = 0;
	TRY(store_tx(rq->app->store, review_tx_fn, &t));
	if (q != NULL) {
		char frag[160];

		snprintf(frag, sizeof(frag), "q-%s", q->id);
		TRY(redirect_back(rs, c.p.slug, c.period, "commented", frag));
	} else {
		TRY(redirect_back(rs, c.p.slug, c.period, "commented", "report"));
	}
out:
	comment_cleanup(&cm);
	ctx_cleanup(&c);
	return rc;
}

int
page_return(struct req *rq, struct resp *rs)
{
	struct review_tx t = {0};
	struct comment cm;
	struct rctx c;
	int rc;

	memset(&cm, 0, sizeof(cm));
	TRY(load_for_review(rq, &c));
	/* Returning needs a reason: it is stored first, as a comment on the
	 * whole report, so that the partnership sees what must change. */
	TRY(posted_comment(rq, &c, "", &cm));
	t.c = &c;
	t.cm = &cm;
	t.steps = 1;
	TRY(store_tx(rq->app->store, review_tx_fn, &t));
	TRY(redirect_back(rs, c.p.slug, c.period, "returned", NULL));
out:
	comment_cleanup(&cm);
	ctx_cleanup(&c);
	return rc;
}

int
page_accept(struct req *rq, struct resp *rs)
{
	struct review_tx t = {0};
	struct rctx c;
	int rc;

	TRY(load_for_review(rq, &c));
	t.c = &c;
	t.steps = 2;
	TRY(store_tx(rq->app->store, review_tx_fn, &t));
	TRY(redirect_back(rs, c.p.slug, c.period, "published", NULL));
out:
	ctx_cleanup(&c);
	return rc;
}

/* --- POST /p/:slug/decisions ---------------------------------------------- */

static bool
year_at(const char *s, int *y)
{
	int i, v = 0;

	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*y = v;
	return v >= 1990 && v <= 2100;
}

/* "2021-H1", "2021", or "2021-2022" (at most ten years). */
static bool
valid_term(const char *s)
{
	struct period p;
	size_t n = strlen(s);
	int a, b;

	if (period_parse(s, &p) == 0)
		return true;
	if (n == 4)
		return year_at(s, &a);
	if (n == 9 && s[4] == '-' && year_at(s, &a) && year_at(s + 5, &b))
		return a <= b && b - a <= 10;
	return false;
}

struct decision_tx {
	struct decision *d;
	int64_t user_id;
};

static int
decision_tx_fn(struct store *st, void *arg)
{
	struct decision_tx *t = arg;
	char object[64], detail[160];
	int rc;

	TRY(store_decision_add(st, t->d));
	snprintf(object, sizeof(object), "partnership:%lld", (long long)t->d->partnership_id);
	snprintf(detail, sizeof(detail), "%s: %s", t->d->term, t->d->outcome);
	TRY(store_audit(st, t->user_id, "decision.record", object, 0, detail));
out:
	return rc;
}

static int
decision_errors_page(struct req *rq, struct resp *rs, const struct rctx *c,
		     const struct decision *d, const char *const *msgs, size_t n)
{
	struct buf *b = &rs->body;
	char title[400];
	int rc;

	snprintf(title, sizeof(title), "Record a decision: %s", c->p.name);
	rs->status = 400;
	TRY(layout_begin(rq, rs, title));
	TRY(render_input_errors(b, msgs, n));
	TRY(html_raw(b, "<p><a href=\"/p/"));
	TRY(html_url_arg(b, c->p.slug));
	TRY(html_raw(b, "#decisions\">Back to the partnership</a></p>\n"));
	TRY(render_decision_form(b, rq, c->p.slug, d));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_decision(struct req *rq, struct resp *rs)
{
	struct decision_tx t = {0};
	struct decision d;
	const char *msgs[5];
	size_t nmsg = 0;
	struct rctx c;
	int rc;

	memset(&d, 0, sizeof(d));
	TRY(ctx_load_at(rq, rq->nparams > 0 ? rq->params[0] : NULL, NULL, &c));
	if (!rq->csrf_ok || !policy_can_decide(&c.actor)) {
		rc = APP_EPERM;
		goto out;
	}
	d.term = trimmed_dup(req_form(rq, "term"));
	d.outcome = trimmed_dup(req_form(rq, "outcome"));
	d.conditions = trimmed_dup(req_form(rq, "conditions"));
	d.rationale = trimmed_dup(req_form(rq, "rationale"));
	if (d.term == NULL || d.outcome == NULL || d.conditions == NULL || d.rationale == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	if (!valid_term(d.term))
		msgs[nmsg++] = "Write the term as a half-year (2021-H1), a year (2021) or "
			       "years (2021-2022).";
	if (render_outcome_label(d.outcome) == NULL)
		msgs[nmsg++] = "Choose an outcome: continue, continue with conditions, or "
			       "discontinue.";
	else if (strcmp(d.outcome, "continue_with_conditions") == 0 && d.conditions[0] == '\0')
		msgs[nmsg++] = "Write the conditions of continuing.";
	else if (strcmp(d.outcome, "continue_with_conditions") != 0 && d.conditions[0] != '\0')
		msgs[nmsg++] = "Conditions are recorded only with \"Continue with conditions\": "
			       "choose that outcome or empty the conditions.";
	if (d.rationale[0] == '\0')
		msgs[nmsg++] = "Write the rationale of the decision.";
	if (utf8_chars(d.conditions) > REVIEW_MAX_CHARS || utf8_chars(d.rationale) > REVIEW_MAX_CHARS)
		msgs[nmsg++] = "Conditions and rationale are limited to 10000 characters each.";
	if (nmsg > 0) {
		rc = decision_errors_page(rq, rs, &c, &d, msgs, nmsg);
		goto out;
	}
	d.partnership_id = c.p.id;
	d.user_id = c.actor.user_id;
	t.d = &d;
	t.user_id = c.actor.user_id;
	TRY(store_tx(rq->app->store, decision_tx_fn, &t));
	TRY(redirect_back(rs, c.p.slug, NULL, "decided", "decisions"));
out:
	decision_cleanup(&d);
	ctx_cleanup(&c);
	return rc;
}
