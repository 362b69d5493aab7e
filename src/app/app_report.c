/* app_report.c - a report as one caller may see it: loaded once, checked
 * against the access policy, with what the caller may not read removed;
 * its comments and its validation. */
#include "app_report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doccache.h"
#include "period.h"
#include "report.h"
#include "store.h"
#include "validate.h"

/* The report's form: the application's when the ids match, else read from
 * the forms directory (reports written on an older form). */
static int
load_form(struct app *app, const char *form_id, struct report_view *c)
{
	struct app_msg msg = {{0}};
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
load_doc(struct app *app, struct report_view *c)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL;
	char *text = NULL;
	int rc;

	/* Usually the revision the previous save of this report wrote. */
	c->doc = doccache_get(app->docs, c->r.id, c->r.revision, c->form->id);
	if (c->doc != NULL)
		return 0;
	if ((rc = store_report_revision(app->store, c->r.id, c->r.revision, &text)) != 0)
		return rc == APP_ENOMEM ? rc : APP_EINTERNAL;
	if (text[0] == '\0') {
		c->doc = report_new(c->form);
		free(text);
		return c->doc != NULL ? 0 : APP_ENOMEM;
	}
	rc = report_parse_json(text, strlen(text), "report", &root, &msg);
	if (rc == 0 && report_is_canonical(c->form, root)) {
		c->doc = root; /* as stored: canonical already */
		root = NULL;
	} else if (rc == 0) {
		rc = report_canonical(c->form, root, "report", &c->doc, &msg);
	}
	json_decref(root);
	if (rc == 0) /* c->doc is read-only from here on */
		doccache_keep(app->docs, c->r.id, c->r.revision, c->form->id, strlen(text), c->doc);
	free(text);
	/* A stored document that does not read back is our bug, not the
	 * caller's input. */
	if (rc != 0 && rc != APP_ENOMEM)
		rc = APP_EINTERNAL;
	return rc;
}

int
app_report_open(struct app *app, const struct actor *a, const char *slug, const char *period,
		struct report_view *c)
{
	struct store *st = app->store;
	struct period pp;
	int rc;

	memset(c, 0, sizeof(*c));
	c->actor = *a;
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
	if (period == NULL) {
		if ((rc = store_partnership_by_slug(st, slug, &c->p)) != 0)
			goto fail;
		return load_form(app, NULL, c);
	}
	/* The partnership and its report of the period in one read. */
	rc = store_partnership_report(st, slug, c->period, &c->p, &c->r, &c->have_report);
	if (rc != 0)
		goto fail;
	if (!c->have_report)
		return load_form(app, NULL, c);
	c->have_report = false;
	/* A report the actor may not know of looks exactly like no report. */
	if (!policy_can_read(&c->actor, c->p.id, c->r.status)) {
		report_row_cleanup(&c->r);
		return load_form(app, NULL, c);
	}
	c->have_report = true;
	c->status = c->r.status;
	if ((rc = load_form(app, c->r.form_id, c)) != 0)
		goto fail;
	if ((rc = load_doc(app, c)) != 0)
		goto fail;
	return 0;
fail:
	report_view_cleanup(c);
	return rc;
}

void
report_view_cleanup(struct report_view *c)
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

void
report_history_cleanup(struct report_history *h)
{
	if (h == NULL)
		return;
	report_event_free_list(h->events, h->nevents);
	free(h->saved_by);
	free(h->saved_at);
	memset(h, 0, sizeof(*h));
}

int
app_report_history(struct app *app, const struct report_view *v, struct report_history *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!v->have_report || !policy_can_follow(&v->actor, v->p.id))
		return 0;
	if ((rc = store_report_events(app->store, v->r.id, &out->events, &out->nevents)) == 0)
		rc = store_revision_author(app->store, v->r.id, v->r.revision, &out->saved_by, &out->saved_at);
	if (rc != 0)
		report_history_cleanup(out);
	return rc;
}

void
report_changes_cleanup(struct report_changes *c)
{
	if (c == NULL)
		return;
	json_decref(c->before_doc);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

bool
app_answer_empty(const json_t *v)
{
	return v == NULL || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0) ||
	       (json_is_array(v) && json_array_size(v) == 0) ||
	       (json_is_object(v) && json_object_size(v) == 0);
}

int
app_report_changes(struct app *app, const struct report_view *v, const struct report_history *h,
		   struct report_changes *out)
{
	json_t *before_answers, *after_answers;
	size_t i, j, last_sub = SIZE_MAX, ret = SIZE_MAX, cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!v->have_report || v->status != REPORT_SUBMITTED || v->doc == NULL ||
	    !policy_can_follow(&v->actor, v->p.id))
		return 0;
	/* The latest submission, and the return just before it. */
	for (i = h->nevents; i-- > 0;)
		if (h->events[i].status == REPORT_SUBMITTED) {
			last_sub = i;
			break;
		}
	if (last_sub == SIZE_MAX || last_sub == 0 || h->events[last_sub - 1].status != REPORT_RETURNED)
		return 0;
	ret = last_sub - 1;
	out->from_revision = h->events[ret].revision;
	out->to_revision = v->r.revision;
	out->returned_at = h->events[ret].created_at;
	if ((rc = app_report_revision(app, v, out->from_revision, &out->before_doc)) != 0) {
		report_changes_cleanup(out);
		return rc;
	}
	out->shown = true;
	before_answers = report_answers(out->before_doc);
	after_answers = report_answers(v->doc);
	for (i = 0; i < v->form->nsections; i++) {
		const struct form_section *sec = &v->form->sections[i];

		if (!report_view_can_read_section(v, i))
			continue;
		for (j = 0; j < sec->nitems; j++) {
			const struct form_question *q = sec->items[j].q;
			json_t *a, *b;

			if (sec->items[j].kind != FORM_ITEM_QUESTION || q == NULL)
				continue;
			a = before_answers != NULL ? json_object_get(before_answers, q->id) : NULL;
			b = after_answers != NULL ? json_object_get(after_answers, q->id) : NULL;
			if ((app_answer_empty(a) && app_answer_empty(b)) || (a != NULL && b != NULL && json_equal(a, b)))
				continue;
			if (out->n == cap) {
				struct report_change *w;

				cap = cap ? cap * 2 : 8;
				w = realloc(out->v, cap * sizeof(*w));
				if (w == NULL) {
					report_changes_cleanup(out);
					return APP_ENOMEM;
				}
				out->v = w;
			}
			out->v[out->n].q = q;
			out->v[out->n].before = app_answer_empty(a) ? NULL : a;
			out->v[out->n].after = app_answer_empty(b) ? NULL : b;
			out->n++;
		}
	}
	return 0;
}

bool
report_view_can_read_section(const struct report_view *c, size_t i)
{
	if (!c->have_report || c->form == NULL || i >= c->form->nsections)
		return false;
	return policy_can_read_section(&c->actor, &c->form->sections[i], c->p.id, c->status);
}

int
report_view_cut(const struct report_view *c, json_t *doc)
{
	const struct form_question *q;
	json_t *answers, *v;
	const char *k;
	void *tmp;
	bool all = true;
	size_t i;

	for (i = 0; i < c->form->nsections; i++)
		if (!report_view_can_read_section(c, i))
			all = false;
	answers = report_answers(doc);
	if (json_is_object(answers)) {
		json_object_foreach_safe(answers, tmp, k, v) {
			q = form_find(c->form, k);
			/* Unknown answers cannot be placed in a section: out. */
			if (q == NULL || !report_view_can_read_section(c, q->section))
				json_object_del(answers, k);
		}
	}
	if (!all && json_object_get(doc, "unmapped") != NULL &&
	    json_object_set_new(doc, "unmapped", json_array()) != 0)
		return APP_ENOMEM;
	return 0;
}

json_t *
report_view_visible_doc(const struct report_view *c)
{
	json_t *doc;

	if (c->doc == NULL || c->form == NULL)
		return NULL;
	doc = json_deep_copy(c->doc);
	if (doc != NULL && report_view_cut(c, doc) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

bool *
report_view_sections(const struct report_view *v)
{
	bool *r = calloc(v->form->nsections + 1, sizeof(*r));
	size_t i;

	if (r != NULL)
		for (i = 0; i < v->form->nsections; i++)
			r[i] = report_view_can_read_section(v, i);
	return r;
}

int
app_report_comments(struct app *app, const struct report_view *v, struct comment **out, size_t *n)
{
	const struct form_question *q;
	size_t i, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!v->have_report || !policy_can_follow(&v->actor, v->p.id))
		return 0;
	if ((rc = store_comment_list(app->store, v->r.id, out, n)) != 0)
		return rc;
	/* A comment on a question is read with the question. */
	for (i = 0; i < *n; i++) {
		q = (*out)[i].question != NULL && (*out)[i].question[0] ? form_find(v->form, (*out)[i].question)
									 : NULL;
		if (q != NULL && !report_view_can_read_section(v, q->section)) {
			comment_cleanup(&(*out)[i]);
			continue;
		}
		(*out)[k++] = (*out)[i];
	}
	*n = k;
	return 0;
}

int
app_report_check(struct app *app, const struct form *f, json_t *doc, struct findings *out)
{
	struct validate_opts o = {app->nuts, 0};

	return validate_report(f, doc, &o, out, NULL);
}

size_t
app_report_blocking(const struct findings *fnd)
{
	size_t i, n = 0;

	/* Every error stops a submission, the NUTS checks of the regions
	 * included (validation down to region codes is the point); warnings
	 * never do. */
	for (i = 0; i < fnd->n; i++)
		n += fnd->v[i].severity == FINDING_ERROR;
	return n;
}
