/* page_save.c - saving a report from the edit page's form (without
 * JavaScript), with the choices of a conflict page, and submitting it. The
 * application layer merges, checks and refuses; this file turns the post
 * into a document and the outcome into a page. */
#include "confirm.h"
#include "ctx.h"
#include "edit.h"
#include "formdata.h"
#include "html.h"
#include "pages.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

/* Applies the choices of a conflict page: "conflict.PATH" = "theirs" takes
 * the stored answer for PATH. */
static int
apply_choices(struct req *rq, const struct report_view *c, const bool *ed, json_t **mine)
{
	json_t *canon = NULL;
	bool any = false;
	size_t i;
	int rc = 0;

	for (i = 0; i < rq->nform; i++) {
		const char *k = rq->form[i].key, *path;
		const struct form_question *q;

		if (k == NULL || strncmp(k, "conflict.", 9) != 0 || rq->form[i].value == NULL ||
		    strcmp(rq->form[i].value, "theirs") != 0)
			continue;
		path = k + 9;
		q = edit_question_of(c->form, path);
		if (q == NULL || q->section >= c->form->nsections || !ed[q->section])
			return APP_EINPUT;
		if ((rc = report_copy_part(c->form, *mine, c->doc, path)) != 0)
			return rc;
		any = true;
	}
	if (!any)
		return 0;
	rc = report_canonical(c->form, *mine, "form", &canon, NULL);
	if (rc == 0) {
		json_decref(*mine);
		*mine = canon;
	}
	return rc;
}

/* An "Apply" button of a finding (apply=QUESTION.ROW.COLUMN=VALUE): the
 * posted field of that cell takes the value, and a NUTS code brings its
 * country (the code's first two letters) along. APP_EINPUT when the
 * button names no posted cell of a regions question. */
static int
set_value(struct kv *f, const char *v, size_t n)
{
	char *copy = malloc(n + 1);

	if (copy == NULL)
		return APP_ENOMEM;
	memcpy(copy, v, n);
	copy[n] = '\0';
	free(f->value);
	f->value = copy;
	return 0;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n > k && strcmp(s + n - k, tail) == 0;
}

static int
apply_suggestion(struct req *rq, const struct report_view *c, char qid[128])
{
	const char *v = req_form(rq, "apply"), *eq;
	char key[256], ckey[256];
	const struct form_question *q;
	size_t i, n, qn;
	bool done = false;
	int rc;

	if (v == NULL)
		return 0;
	eq = strchr(v, '=');
	if (eq == NULL || eq[1] == '\0' || (size_t)(eq - v) + 3 > sizeof(key))
		return APP_EINPUT;
	n = (size_t)(eq - v);
	qn = strcspn(v, ".");
	if (qn >= n || qn >= 128)
		return APP_EINPUT;
	memcpy(qid, v, qn);
	qid[qn] = '\0';
	q = form_find(c->form, qid);
	if (q == NULL || q->type != FORM_REGIONS)
		return APP_EINPUT;
	memcpy(key, "a.", 2);
	memcpy(key + 2, v, n);
	key[n + 2] = '\0';
	if (!ends_with(key, ".nuts") && !ends_with(key, ".name") && !ends_with(key, ".country"))
		return APP_EINPUT;
	/* The row's country, for a NUTS code. */
	ckey[0] = '\0';
	if (ends_with(key, ".nuts") && strlen(eq + 1) >= 2) {
		n = strlen(key) - 5;
		memcpy(ckey, key, n);
		memcpy(ckey + n, ".country", 9);
	}
	for (i = 0; i < rq->nform; i++) {
		if (rq->form[i].key == NULL)
			continue;
		if (strcmp(rq->form[i].key, key) == 0) {
			if ((rc = set_value(&rq->form[i], eq + 1, strlen(eq + 1))) != 0)
				return rc;
			done = true;
		} else if (ckey[0] != '\0' && strcmp(rq->form[i].key, ckey) == 0) {
			if ((rc = set_value(&rq->form[i], eq + 1, 2)) != 0)
				return rc;
		}
	}
	return done ? 0 : APP_EINPUT;
}

/* The no-JS form post: its fields, then the conflict choices it carries. */
static int
mine_from_form(const struct report_view *c, const bool *ed, json_t **mine, void *arg)
{
	struct req *rq = arg;
	struct app_msg msg;
	int rc;

	if ((rc = formdata_to_doc(c->form, rq->form, rq->nform, ed, mine, &msg)) != 0)
		return rc;
	return apply_choices(rq, c, ed, mine);
}

int
page_edit_save(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view c;
	struct app_saved s;
	struct findings fnd;
	bool want_submit, ask, applied = false;
	char qid[128] = "", back[160];
	const char *action = req_form(rq, "action");
	long base = 0;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	findings_init(&fnd);
	if (!rq->csrf_ok)
		return APP_EPERM;
	want_submit = action && strcmp(action, "submit") == 0;
	/* Submitting from the form without the confirmation (no JavaScript):
	 * nothing is saved yet; the confirmation page (for those who may
	 * submit) posts the same answers again with confirmed=yes, and that
	 * post saves and submits in one, or refuses and saves nothing. */
	ask = want_submit && !confirm_given(rq);
	if (ask && req_form(rq, "apply") == NULL) {
		bool blocked = false;

		TRY(app_report_submit(rq->app, &a, edit_param(rq, 0), edit_param(rq, 1), &c, &fnd, &blocked,
				      true));
		rc = confirm_edit_submit(rq, rs, &c);
		goto out;
	}
	if (action && !want_submit && strcmp(action, "save") != 0)
		return APP_EINPUT;
	if (edit_parse_int(req_form(rq, "base_revision"), 1, 999999999, &base) != 0)
		return APP_EINPUT;
	/* An Apply button: a save with the suggestion in its cell. */
	if (req_form(rq, "apply") != NULL) {
		want_submit = ask = false;
		TRY(ctx_load_at(rq, edit_param(rq, 0), edit_param(rq, 1), &c));
		TRY(apply_suggestion(rq, &c, qid));
		report_view_cleanup(&c);
		memset(&c, 0, sizeof(c));
		applied = true;
	}
	/* A refused submission saves nothing (app_report_save checks the
	 * right to submit before it saves). */
	TRY(app_report_save(rq->app, &a, edit_param(rq, 0), edit_param(rq, 1), (int)base, mine_from_form, rq,
			    want_submit, &c, &s, &fnd));
	if (s.conflicts) {
		struct view v = {s.view, s.revision, &fnd, false, s.conflicts,
				 "Not saved: someone else changed some of the same answers. See below.", "error"};

		findings_cleanup(&fnd);
		findings_init(&fnd);
		TRY(edit_check(rq, c.form, s.view, &fnd));
		rs->status = 409;
		rc = edit_render(rq, rs, &c, &v);
		goto out;
	}
	if (s.blocked) {
		struct view v = {s.doc, s.revision, &fnd, true, NULL,
				 "Not submitted, and not saved: correct the errors listed below, then save or submit again.",
				 "error"};

		rs->status = 422;
		rc = edit_render(rq, rs, &c, &v);
		goto out;
	}
	if (s.submitted) {
		rc = edit_redirect(rs, &c, "?submitted=1");
		goto out;
	}

	if (applied) {
		/* Back to the question (its id is a form id: [a-z0-9_]). */
		snprintf(back, sizeof(back), "/edit?saved=1#q-%s", qid);
		rc = edit_redirect(rs, &c, back);
	}
	else
		rc = edit_redirect(rs, &c, s.merged ? "/edit?saved=1&merged=1" : "/edit?saved=1");
out:
	findings_cleanup(&fnd);
	app_saved_cleanup(&s);
	report_view_cleanup(&c);
	return rc;
}

int
page_submit(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view c;
	struct findings fnd;
	bool blocked = false;
	int rc;

	memset(&c, 0, sizeof(c));
	findings_init(&fnd);
	if (!rq->csrf_ok)
		return APP_EPERM;
	TRY(app_report_submit(rq->app, &a, edit_param(rq, 0), edit_param(rq, 1), &c, &fnd, &blocked,
			      !confirm_given(rq)));
	if (blocked) {
		struct view v = {c.doc, c.r.revision, &fnd, true, NULL, NULL, NULL};

		rs->status = 422;
		rc = edit_render(rq, rs, &c, &v);
		goto out;
	}
	if (!confirm_given(rq))
		rc = confirm_submit(rq, rs, &c);
	else
		rc = edit_redirect(rs, &c, "?submitted=1");
out:
	findings_cleanup(&fnd);
	report_view_cleanup(&c);
	return rc;
}

