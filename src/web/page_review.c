/* page_review.c - what the Working/Steering Committee does with a submitted
 * report (comment, return, accept, which publishes it) and what the
 * Commission records (decisions per term). Every handler checks the CSRF
 * token and the policy itself, changes the store in one transaction with its
 * audit entries, and redirects (303) back with ?done=... for the notice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_decision.h"
#include "confirm.h"
#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "links.h"
#include "pages.h"
#include "period.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* /p/SLUG/PERIOD?done=DONE#FRAGMENT (period, fragment may be NULL). */
static int
redirect_back(struct resp *rs, const char *slug, const char *period, const char *done,
	      const char *fragment)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	TRY(link_report(&u, slug, period, NULL));
	TRY(buf_puts(&u, "?done="));
	TRY(html_url_arg(&u, done));
	if (fragment != NULL) {
		TRY(buf_putc(&u, '#'));
		TRY(html_url_arg(&u, fragment));
	}
	TRY(resp_redirect(rs, buf_cstr(&u)));
out:
	buf_cleanup(&u);
	return rc;
}

static const char *
param(const struct req *rq, size_t i)
{
	return rq->nparams > i ? rq->params[i] : NULL;
}

/* --- POST /p/:slug/:period/comment, /return, /accept ---------------------- */

int
page_comment(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const struct form_question *q;
	const char *question = req_form(rq, "question");
	struct report_view c;
	char frag[160];
	int rc;

	memset(&c, 0, sizeof(c));
	if (!rq->csrf_ok)
		return APP_EPERM;
	TRY(app_report_comment(rq->app, &a, param(rq, 0), param(rq, 1), question,
			       req_form(rq, "body"), &c));
	q = question != NULL && question[0] ? form_find(c.form, question) : NULL;
	snprintf(frag, sizeof(frag), "q-%s", q != NULL ? q->id : "");
	TRY(redirect_back(rs, c.p.slug, c.period, "commented", q != NULL ? frag : "report"));
out:
	report_view_cleanup(&c);
	return rc;
}

int
page_return(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view c;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!rq->csrf_ok)
		return APP_EPERM;
	TRY(app_report_return(rq->app, &a, param(rq, 0), param(rq, 1), req_form(rq, "body"), &c,
			      !confirm_given(rq)));
	if (!confirm_given(rq))
		TRY(confirm_return(rq, rs, &c, req_form(rq, "body")));
	else
		TRY(redirect_back(rs, c.p.slug, c.period, "returned", NULL));
out:
	report_view_cleanup(&c);
	return rc;
}

int
page_accept(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view c;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!rq->csrf_ok)
		return APP_EPERM;
	TRY(app_report_accept(rq->app, &a, param(rq, 0), param(rq, 1), &c, !confirm_given(rq)));
	if (!confirm_given(rq))
		TRY(confirm_accept(rq, rs, &c));
	else
		TRY(redirect_back(rs, c.p.slug, c.period, "published", NULL));
out:
	report_view_cleanup(&c);
	return rc;
}

/* --- POST /p/:slug/decisions ---------------------------------------------- */

static int
decision_errors_page(struct req *rq, struct resp *rs, const struct report_view *c,
		     const struct decision *d, const char *const *msgs, size_t n)
{
	struct buf *b = &rs->body;
	int rc;

	rs->status = 400;
	TRY(resp_titlef(rs, "Record a decision: %s", c->p.name));
	TRY(layout_begin(rq, rs, rs->title));
	TRY(render_input_errors(b, msgs, n));
	TRY(html_raw(b, "<p>"));
	TRY(a_partnership(b, c->p.slug, "#decisions", "Back to the partnership"));
	TRY(html_raw(b, "</p>\n"));
	TRY(render_decision_form(b, rq, c->p.slug, d));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_decision(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct decision d;
	const char *msgs[5];
	size_t nmsg = 0;
	struct report_view c;
	int rc;

	memset(&d, 0, sizeof(d));
	memset(&c, 0, sizeof(c));
	TRY(ctx_load_at(rq, param(rq, 0), NULL, &c));
	if (!rq->csrf_ok) {
		rc = APP_EPERM;
		goto out;
	}
	d.term = strdup(req_form(rq, "term") ? req_form(rq, "term") : "");
	d.outcome = strdup(req_form(rq, "outcome") ? req_form(rq, "outcome") : "");
	d.conditions = strdup(req_form(rq, "conditions") ? req_form(rq, "conditions") : "");
	d.rationale = strdup(req_form(rq, "rationale") ? req_form(rq, "rationale") : "");
	if (d.term == NULL || d.outcome == NULL || d.conditions == NULL || d.rationale == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	rc = app_decision_record(rq->app, &a, c.p.slug, &d, msgs, &nmsg, !confirm_given(rq));
	if (rc == APP_EINPUT && nmsg > 0) {
		rc = decision_errors_page(rq, rs, &c, &d, msgs, nmsg);
		goto out;
	}
	if (rc)
		goto out;
	if (!confirm_given(rq))
		TRY(confirm_decision(rq, rs, &c, &d));
	else
		TRY(redirect_back(rs, c.p.slug, NULL, "decided", "decisions"));
out:
	decision_cleanup(&d);
	report_view_cleanup(&c);
	return rc;
}

/* --- POST /p/:slug/:period/comments/:id/resolve ----------------------------- */

int
page_comment_resolve(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *state = req_form(rq, "state");
	struct report_view c;
	long long id = 0;
	const char *p;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!rq->csrf_ok)
		return APP_EPERM;
	for (p = param(rq, 2); p != NULL && *p >= '0' && *p <= '9' && id < 100000000000LL; p++)
		id = id * 10 + (*p - '0');
	if (p == NULL || *p != '\0' || id <= 0)
		return APP_ENOTFOUND;
	if (state == NULL || (strcmp(state, "resolved") != 0 && strcmp(state, "open") != 0))
		return APP_EINPUT;
	TRY(app_comment_resolve(rq->app, &a, param(rq, 0), param(rq, 1), (int64_t)id,
				strcmp(state, "resolved") == 0, &c));
	TRY(redirect_back(rs, c.p.slug, c.period, strcmp(state, "resolved") == 0 ? "resolved" : "reopened",
			  NULL));
out:
	report_view_cleanup(&c);
	return rc;
}
