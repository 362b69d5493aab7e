/* ctx.c - the actor of a request, and the partnership, report and form a
 * report URL names, loaded once and checked against the access policy. */
#include "ctx.h"

#include <string.h>

#include "doccache.h"
#include "period.h"
#include "report.h"

struct actor
ctx_actor(const struct req *rq)
{
	struct actor a = {ROLE_PUBLIC, 0, 0};
	enum role r;

	if (rq == NULL || rq->user == NULL || !rq->user->active || rq->user->id <= 0)
		return a;
	/* An unknown role string reads as the public: never more rights than
	 * the data says. */
	if (role_parse(rq->user->role, &r) != 0)
		return a;
	a.role = r;
	a.user_id = rq->user->id;
	a.partnership_id = role_needs_partnership(r) ? rq->user->partnership_id : 0;
	return a;
}

/* The report's form: the application's when the ids match, else read from
 * the forms directory (reports written on an older form). */
static int
load_form(struct req *rq, const char *form_id, struct rctx *c)
{
	struct app_msg msg = {{0}};
	struct app *app = rq->app;
	int rc;

	if (form_id == NULL || (app->form != NULL && strcmp(form_id, app->form->id) == 0)) {
		c->form = app->form;
		c->own_form = false;
		return c->form != NULL ? 0 : APP_EINTERNAL;
	}
	rc = form_load_id(app->forms_dir, form_id, &c->form, &msg);
	if (rc != 0) {
		c->form = NULL;
		return rc == APP_ENOMEM ? rc : APP_EINTERNAL;
	}
	c->own_form = true;
	return 0;
}

static int
load_doc(struct doccache *dc, struct rctx *c)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL;
	int rc;

	if (c->r.doc == NULL || c->r.doc[0] == '\0') {
		c->doc = report_new(c->form);
		return c->doc != NULL ? 0 : APP_ENOMEM;
	}
	/* Usually the text the previous save of this report wrote. */
	c->doc = doccache_get(dc, c->r.id, c->form->id, c->r.doc);
	if (c->doc != NULL)
		return 0;
	rc = report_parse_json(c->r.doc, strlen(c->r.doc), "report", &root, &msg);
	if (rc == 0)
		rc = report_canonical(c->form, root, "report", &c->doc, &msg);
	json_decref(root);
	if (rc == 0)
		doccache_put(dc, c->r.id, c->form->id, c->r.doc, c->doc);
	/* A stored document that does not read back is our bug, not the
	 * caller's input. */
	if (rc != 0 && rc != APP_ENOMEM)
		rc = APP_EINTERNAL;
	return rc;
}

int
ctx_load_at(struct req *rq, const char *slug, const char *period, struct rctx *c)
{
	struct store *st = rq->app->store;
	struct period pp;
	int rc;

	memset(c, 0, sizeof(*c));
	c->actor = ctx_actor(rq);
	c->status = REPORT_DRAFT;
	if (slug == NULL || slug[0] == '\0')
		return APP_ENOTFOUND;
	if (period != NULL) {
		if (period_parse(period, &pp) != 0)
			return APP_ENOTFOUND;
		period_format(pp, c->period, sizeof(c->period));
		/* One spelling per page. */
		if (strcmp(c->period, period) != 0)
			return APP_ENOTFOUND;
	}
	rc = store_partnership_by_slug(st, slug, &c->p);
	if (rc != 0)
		goto fail;
	if (period == NULL)
		return load_form(rq, NULL, c);
	rc = store_report_get(st, c->p.id, c->period, &c->r);
	if (rc == APP_ENOTFOUND) {
		memset(&c->r, 0, sizeof(c->r));
		return load_form(rq, NULL, c);
	}
	if (rc != 0)
		goto fail;
	c->have_report = true;
	c->status = c->r.status;
	/* A report the actor may not know of looks exactly like no report. */
	if (!policy_can_read(&c->actor, c->p.id, c->status)) {
		rc = APP_ENOTFOUND;
		goto fail;
	}
	if ((rc = load_form(rq, c->r.form_id, c)) != 0)
		goto fail;
	if ((rc = load_doc(rq->app->docs, c)) != 0)
		goto fail;
	return 0;
fail:
	ctx_cleanup(c);
	return rc;
}

int
ctx_load(struct req *rq, struct rctx *c)
{
	const char *slug = rq->nparams > 0 ? rq->params[0] : NULL;
	const char *period = rq->nparams > 1 ? rq->params[1] : NULL;

	if (rq->nparams > 1 && period == NULL) {
		memset(c, 0, sizeof(*c));
		return APP_ENOTFOUND;
	}
	return ctx_load_at(rq, slug, period, c);
}

void
ctx_cleanup(struct rctx *c)
{
	if (c == NULL)
		return;
	partnership_cleanup(&c->p);
	report_row_cleanup(&c->r); /* zeroed when there is no report */
	if (c->own_form)
		form_free(c->form);
	json_decref(c->doc);
	memset(c, 0, sizeof(*c));
}

bool
ctx_can_read_section(const struct rctx *c, size_t i)
{
	if (!c->have_report || c->form == NULL || i >= c->form->nsections)
		return false;
	return policy_can_read_section(&c->actor, &c->form->sections[i], c->p.id, c->status);
}

json_t *
ctx_visible_doc(const struct rctx *c)
{
	const struct form_question *q;
	json_t *doc, *answers, *v;
	const char *k;
	void *tmp;
	bool all = true;
	size_t i;

	if (c->doc == NULL || c->form == NULL)
		return NULL;
	doc = json_deep_copy(c->doc);
	if (doc == NULL)
		return NULL;
	for (i = 0; i < c->form->nsections; i++)
		if (!ctx_can_read_section(c, i))
			all = false;
	answers = report_answers(doc);
	if (json_is_object(answers)) {
		json_object_foreach_safe(answers, tmp, k, v) {
			q = form_find(c->form, k);
			/* Unknown answers cannot be placed in a section: out. */
			if (q == NULL || !ctx_can_read_section(c, q->section))
				json_object_del(answers, k);
		}
	}
	if (!all && json_object_get(doc, "unmapped") != NULL &&
	    json_object_set_new(doc, "unmapped", json_array()) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}
