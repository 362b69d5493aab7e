/* page_edit.c - the edit page of a report (the whole form, usable without
 * JavaScript, with hints, comments and conflicts) and starting a report.
 * Saving: page_save.c; the JSON endpoints behind static/app.js:
 * api_edit.c. */
#include "app_partnership.h"
#include "ctx.h"
#include "edit.h"
#include "formdata.h"
#include "html.h"
#include "jsonout.h"
#include "layout.h"
#include "links.h"
#include "pages.h"
#include "period.h"
#include "render.h"
#include "report.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

/* ---- small helpers ---------------------------------------------------- */

/* A decimal in [min, max], nothing else. */
int
edit_parse_int(const char *s, long min, long max, long *out)
{
	long v = 0;
	const char *p;

	if (s == NULL || *s == '\0' || strlen(s) > 9)
		return APP_EINPUT;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return APP_EINPUT;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return APP_EINPUT;
	*out = v;
	return 0;
}

/* "/p/SLUG/PERIOD" + suffix into b (a plain buffer, not HTML). */
static int
report_path(struct buf *b, const struct report_view *c, const char *suffix)
{
	int rc;

	TRY(link_report(b, c->p.slug, c->period, NULL));
	TRY(buf_puts(b, suffix));
out:
	return rc;
}

int
edit_redirect(struct resp *rs, const struct report_view *c, const char *suffix)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	rc = report_path(&u, c, suffix);
	if (rc == 0)
		rc = resp_redirect(rs, buf_cstr(&u));
	buf_cleanup(&u);
	return rc;
}

/* Writes v (stolen) as the JSON response. */
int
edit_reply_json(struct resp *rs, int status, json_t *v)
{
	size_t at = rs->body.len;
	char *s;
	int rc;

	if (v == NULL)
		return APP_ENOMEM;
	rs->content_type = "application/json";
	rs->status = status;
	/* The same bytes as json_dumps gives, at a fraction of the cost;
	 * jansson still writes what jsonout leaves to it (real numbers). */
	rc = jsonout_write_compact(&rs->body, v);
	if (rc != 0) { /* the body as it was */
		rs->body.len = at;
		if (rs->body.data != NULL)
			rs->body.data[at] = '\0';
	}
	if (rc != APP_EINPUT) {
		json_decref(v);
		return rc;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (s == NULL)
		return APP_ENOMEM;
	rc = buf_puts(&rs->body, s);
	free(s);
	return rc;
}

int
edit_check(struct req *rq, const struct form *f, json_t *doc, struct findings *out)
{
	return app_report_check(rq->app, f, doc, out);
}

/* The question a finding, comment or conflict path ("sdg.3") is about. */
static bool
about(const char *path, const char *qid)
{
	size_t n = strlen(qid);

	return path != NULL && strncmp(path, qid, n) == 0 && (path[n] == '\0' || path[n] == '.');
}

const struct form_question *
edit_question_of(const struct form *f, const char *path)
{
	size_t i;

	for (i = 0; path && i < f->nquestions; i++)
		if (about(path, f->questions[i]->id))
			return f->questions[i];
	return NULL;
}

/* Loads the report of the URL for someone who may edit it. */
static int
load_editable(struct req *rq, struct report_view *c)
{
	int rc = ctx_load(rq, c);

	if (rc)
		return rc;
	if (!c->have_report || c->doc == NULL)
		return APP_ENOTFOUND;
	if (!policy_can_edit(&c->actor, c->p.id, c->status))
		return APP_EPERM;
	return 0;
}

/* ---- the edit page ------------------------------------------------------ */

static int
render_hint(struct buf *b, const struct form_question *q, const struct findings *fnd)
{
	size_t i;
	bool any = false;
	int rc = 0;

	TRY(html_raw(b, "<div class=\"hint\" id=\"hint-"));
	TRY(html_attr(b, q->id));
	TRY(html_raw(b, "\">"));
	for (i = 0; fnd && i < fnd->n; i++) {
		const struct finding *d = &fnd->v[i];

		if (!about(d->field, q->id))
			continue;
		/* A finding about a row of a table sits on that row. */
		if (d->row > 0 && (q->type == FORM_TABLE || q->type == FORM_REGIONS))
			continue;
		if (!any)
			TRY(html_raw(b, "<ul>"));
		any = true;
		TRY(formdata_finding_item(b, q, d, true));
	}
	if (any)
		TRY(html_raw(b, "</ul>"));
	TRY(html_raw(b, "</div>"));
out:
	return rc;
}

static int
render_comment_list(struct buf *b, const struct comment *cm, size_t n, const struct form *f,
		    const char *qid)
{
	size_t i;
	bool any = false;
	int rc = 0;

	for (i = 0; i < n; i++) {
		/* Comments on the whole report, or on no question of this form,
		 * are listed above the form. */
		if (qid ? !about(cm[i].question, qid)
			: (cm[i].question && cm[i].question[0] != '\0' &&
			   edit_question_of(f, cm[i].question) != NULL))
			continue;
		if (!any) {
			TRY(html_raw(b, "<div class=\"comments\"><p class=\"comments-title\">"));
			if (qid)
				TRY(html_raw(b, "Comments of the committee on this question"));
			else
				TRY(html_raw(b, "Comments of the committee on the report"));
			TRY(html_raw(b, "</p><ul>"));
		}
		any = true;
		TRY(html_raw(b, "<li><p class=\"comment-meta\">"));
		TRY(html_text(b, cm[i].author));
		TRY(html_raw(b, ", "));
		TRY(html_text(b, cm[i].created_at));
		TRY(buf_printf(b, " (on revision %d)</p><div class=\"comment-body\">", cm[i].revision));
		TRY(html_text_paras(b, cm[i].body));
		TRY(html_raw(b, "</div></li>"));
	}
	if (any)
		TRY(html_raw(b, "</ul></div>"));
out:
	return rc;
}

/* The attribute data-NAME="JSON" (escaped), with a leading space. */
static int
json_attr(struct buf *b, const char *name, json_t *v)
{
	char *s = json_dumps(v ? v : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
	int rc;

	if (s == NULL)
		return APP_ENOMEM;
	rc = html_raw(b, " data-");
	if (rc == 0)
		rc = html_attr(b, name);
	if (rc == 0)
		rc = html_raw(b, "=\"");
	if (rc == 0)
		rc = html_attr(b, s);
	if (rc == 0)
		rc = html_raw(b, "\"");
	free(s);
	return rc;
}

static int
render_conflicts(struct buf *b, const struct form_question *q, json_t *conflicts)
{
	size_t i;
	json_t *e;
	int rc = 0;

	json_array_foreach(conflicts, i, e) {
		const char *path = json_string_value(json_object_get(e, "question"));
		const char *sub = path ? strchr(path, '.') : NULL;
		const char *label = json_string_value(json_object_get(e, "label"));
		const struct form_question *fq = NULL;
		const struct form_option *ro = NULL;

		if (!about(path, q->id))
			continue;
		if (sub) {
			sub++;
			if (q->type == FORM_GROUP)
				fq = form_field(q, sub);
			else if (q->type == FORM_LIKERT)
				ro = form_option_find(q->rows, q->nrows, sub);
		}
		TRY(html_raw(b, "<div class=\"conflict\" role=\"group\" aria-labelledby=\"cf-"));
		TRY(html_attr(b, path));
		/* The versions as data too, for app.js to put in the fields. */
		TRY(html_raw(b, "\" data-path=\""));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\""));
		TRY(json_attr(b, "mine", json_object_get(e, "mine")));
		TRY(json_attr(b, "theirs", json_object_get(e, "theirs")));
		TRY(html_raw(b, "><p class=\"conflict-title\" id=\"cf-"));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\"><strong>Someone else saved a different answer here while you were editing"));
		if (fq || ro || label) {
			TRY(html_raw(b, ": "));
			TRY(html_text(b, fq ? fq->label : ro ? ro->label : label));
		}
		TRY(html_raw(b, "</strong></p><div class=\"versions\"><div class=\"mine\"><p class=\"version-title\">Your version (now in the fields)</p>"));
		TRY(formdata_render_value(b, q, sub, json_object_get(e, "mine")));
		TRY(html_raw(b, "</div><div class=\"theirs\"><p class=\"version-title\">Saved by someone else</p>"));
		TRY(formdata_render_value(b, q, sub, json_object_get(e, "theirs")));
		TRY(html_raw(b, "</div></div><fieldset class=\"conflict-choice\"><legend>Which version should be kept?</legend>"));
		TRY(html_raw(b, "<span><input type=\"radio\" name=\"conflict."));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\" value=\"mine\" checked id=\"cfm-"));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\"><label for=\"cfm-"));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\">Keep my version (with any edits I make)</label></span> <span><input type=\"radio\" name=\"conflict."));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\" value=\"theirs\" id=\"cft-"));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\"><label for=\"cft-"));
		TRY(html_attr(b, path));
		TRY(html_raw(b, "\">Take the saved version</label></span></fieldset></div>"));
	}
out:
	return rc;
}

static int
render_errors(struct buf *b, const struct form *f, const struct findings *fnd)
{
	size_t i, n = app_report_blocking(fnd);
	int rc;

	TRY(html_raw(b, "<div id=\"errors\" class=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>The report cannot be submitted yet</h2>"));
	TRY(buf_printf(b, "<p>%zu ", n));
	if (n == 1)
		TRY(html_raw(b, "answer needs to be corrected:</p><ul>"));
	else
		TRY(html_raw(b, "answers need to be corrected:</p><ul>"));
	for (i = 0; i < fnd->n; i++) {
		const struct finding *d = &fnd->v[i];
		const struct form_question *q = edit_question_of(f, d->field);

		if (d->severity != FINDING_ERROR)
			continue;
		TRY(html_raw(b, "<li><a href=\"#"));
		if (q) {
			TRY(html_raw(b, "q-"));
			TRY(html_attr(b, q->id));
		} else {
			TRY(html_raw(b, "report-form"));
		}
		TRY(html_raw(b, "\">"));
		if (q) {
			TRY(html_text(b, q->label));
			TRY(html_raw(b, ": "));
		}
		if (d->row)
			TRY(buf_printf(b, "row %zu: ", d->row));
		/* The label is there already; the message would repeat it. */
		if (q && d->code && strcmp(d->code, "missing-answer") == 0 && strcmp(d->field, q->id) == 0)
			TRY(html_raw(b, "not answered (required)"));
		else
			TRY(html_text(b, d->message));
		TRY(html_raw(b, "</a></li>"));
	}
	TRY(html_raw(b, "</ul></div>"));
out:
	return rc;
}

static int
render_question(struct buf *b, const struct form *f, const struct form_question *q,
		const struct view *v, const struct formdata_view *fv, const struct comment *cm,
		size_t ncm)
{
	int rc;

	/* A div: its label names it; a section would want a heading. */
	TRY(html_raw(b, "<div class=\"q\" id=\"q-"));
	TRY(html_attr(b, q->id));
	TRY(html_raw(b, "\" data-question=\""));
	TRY(html_attr(b, q->id));
	TRY(html_raw(b, "\">"));
	TRY(formdata_render_question(b, q, json_object_get(report_answers(v->doc), q->id), fv));
	if (v->conflicts)
		TRY(render_conflicts(b, q, v->conflicts));
	TRY(render_hint(b, q, v->fnd));
	TRY(render_comment_list(b, cm, ncm, f, q->id));
	TRY(html_raw(b, "</div>"));
out:
	return rc;
}

int
edit_render(struct req *rq, struct resp *rs, struct report_view *c, const struct view *v)
{
	const struct form *f = c->form;
	struct comment *cm = NULL;
	struct partnership_item *ps = NULL;
	struct period_row *pr = NULL;
	size_t ncm = 0, nps = 0, npr = 0, i, j;
	const char **pnames = NULL, **periods = NULL;
	struct formdata_list lists[2];
	struct formdata_view fv = {lists, 2, v->fnd};
	struct report_history hist = {0};
	bool *ed = NULL, can_submit, titled;
	struct buf t, *b = &rs->body;
	struct period per;
	int rc;

	buf_init(&t, 4096);
	TRY(app_report_comments(rq->app, c, &cm, &ncm));
	TRY(app_partnership_list(rq->app, &c->actor, &ps, &nps));
	TRY(app_period_list(rq->app, &pr, &npr));
	pnames = calloc(nps + 1, sizeof(*pnames));
	periods = calloc(npr + 1, sizeof(*periods));
	ed = calloc(f->nsections + 1, sizeof(*ed));
	if (pnames == NULL || periods == NULL || ed == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < nps; i++)
		pnames[i] = ps[i].p.name;
	for (i = 0; i < npr; i++)
		periods[i] = pr[i].period;
	lists[0] = (struct formdata_list){"partnerships", pnames, nps};
	lists[1] = (struct formdata_list){"periods", periods, npr};
	report_editable_sections(f, &c->actor, c->p.id, c->status, ed);
	can_submit = policy_can_submit(&c->actor, c->p.id, c->status);

	TRY(buf_puts(&t, "Report "));
	TRY(buf_puts(&t, c->period));
	TRY(buf_puts(&t, ": "));
	TRY(buf_puts(&t, c->p.name));
	TRY(layout_begin(rq, rs, buf_cstr(&t)));

	TRY(html_raw(b, "<p class=\"report-status\">Status: <strong>"));
	TRY(html_text(b, render_status_label(c->r.status)));
	TRY(html_raw(b, "</strong>. "));
	/* Who saved last and when, in words: the revision number stays in
	 * the form (base_revision) for the merge, not for people. */
	if (app_report_history(rq->app, c, &hist) == 0 && hist.saved_at != NULL) {
		TRY(html_raw(b, "Last saved "));
		if (hist.saved_by != NULL && hist.saved_by[0]) {
			TRY(html_raw(b, "by "));
			TRY(html_text(b, hist.saved_by));
			TRY(html_raw(b, ", "));
		}
		TRY(render_time(b, hist.saved_at));
		TRY(html_raw(b, ". "));
	}
	buf_reset(&t);
	TRY(report_path(&t, c, ""));
	TRY(html_link(b, buf_cstr(&t), "Read the report as it is saved"));
	TRY(html_raw(b, ".</p>"));
	if (v->notice)
		TRY(layout_notice(b, v->notice_kind, v->notice));
	if (c->r.status == REPORT_RETURNED)
		TRY(layout_notice(b, "info", "The committee returned this report for changes. Their comments are shown beside the questions."));
	if (v->conflicts && json_array_size(v->conflicts)) {
		json_t *e;

		TRY(html_raw(b, "<div id=\"conflicts\" class=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>Someone else saved this report while you were editing</h2><p>Your other changes were merged with theirs, but not saved yet. Choose which version to keep of these answers, then save again:</p><ul>"));
		json_array_foreach(v->conflicts, i, e) {
			const char *path = json_string_value(json_object_get(e, "question"));
			const struct form_question *q = edit_question_of(f, path);

			if (q == NULL)
				continue;
			TRY(html_raw(b, "<li><a href=\"#q-"));
			TRY(html_attr(b, q->id));
			TRY(html_raw(b, "\">"));
			TRY(html_text(b, q->label));
			TRY(html_raw(b, "</a></li>"));
		}
		TRY(html_raw(b, "</ul></div>"));
	}
	if (v->submit_failed && v->fnd)
		TRY(render_errors(b, f, v->fnd));
	TRY(render_comment_list(b, cm, ncm, f, NULL));
	if (f->mandatory_marker) {
		TRY(html_raw(b, "<p class=\"mandatory-note\">"));
		TRY(html_text(b, f->mandatory_marker));
		TRY(html_raw(b, " They are marked \"(required)\" below. Drafts may be saved with any answers missing.</p>"));
	}

	TRY(html_raw(b, "<form id=\"report-form\" class=\"report-form\" method=\"post\" novalidate action=\""));
	buf_reset(&t);
	TRY(report_path(&t, c, "/edit"));
	TRY(html_attr(b, buf_cstr(&t)));
	TRY(html_raw(b, "\" data-draft-url=\""));
	buf_reset(&t);
	TRY(buf_puts(&t, "/api"));
	TRY(report_path(&t, c, "/draft"));
	TRY(html_attr(b, buf_cstr(&t)));
	TRY(html_raw(b, "\" data-validate-url=\"/api/validate\" data-nuts-url=\"/api/nuts\" data-form=\""));
	TRY(html_attr(b, f->id));
	TRY(html_raw(b, "\""));
	if (period_parse(c->period, &per) == 0)
		TRY(buf_printf(b, " data-nuts-version=\"%d\"", nuts_version_for_year(per.year)));
	TRY(html_raw(b, ">"));
	TRY(layout_csrf(rq, b));
	buf_reset(&t);
	TRY(buf_printf(&t, "%d", v->revision));
	TRY(html_hidden(b, "base_revision", buf_cstr(&t)));

	for (i = 0; i < f->nsections; i++) {
		const struct form_section *sec = &f->sections[i];

		/* What the actor may not change is not shown here: it is kept
		 * as stored when saving (report_keep_locked). */
		if (!ed[i])
			continue;
		/* A part without a title (the header) is no section of its own. */
		titled = sec->title && sec->title[0];
		TRY(html_raw(b, titled ? "<section class=\"form-section\" id=\"s-"
				       : "<div class=\"form-section\" id=\"s-"));
		TRY(html_attr(b, sec->id));
		if (titled) {
			TRY(html_raw(b, "\" aria-labelledby=\"st-"));
			TRY(html_attr(b, sec->id));
			TRY(html_raw(b, "\"><h2 id=\"st-"));
			TRY(html_attr(b, sec->id));
			TRY(html_raw(b, "\">"));
			TRY(html_text(b, sec->title));
			TRY(html_raw(b, "</h2>"));
		} else {
			TRY(html_raw(b, "\">"));
		}
		if (sec->confidential)
			TRY(html_raw(b, "<p class=\"confidential\"><strong>Confidential:</strong> this part is not published.</p>"));
		for (j = 0; j < sec->nitems; j++) {
			const struct form_item *it = &sec->items[j];

			switch (it->kind) {
			case FORM_ITEM_HEADING:
				TRY(html_raw(b, "<h3>"));
				TRY(html_text(b, it->text));
				TRY(html_raw(b, "</h3>"));
				break;
			case FORM_ITEM_TEXT:
				TRY(html_raw(b, "<p class=\"form-text\">"));
				TRY(html_text(b, it->text));
				TRY(html_raw(b, "</p>"));
				break;
			case FORM_ITEM_QUESTION:
				TRY(render_question(b, f, it->q, v, &fv, cm, ncm));
				break;
			}
		}
		TRY(html_raw(b, titled ? "</section>" : "</div>"));
	}

	TRY(html_raw(b, "<div class=\"form-actions\"><button type=\"submit\" name=\"action\" value=\"save\">Save draft</button>"));
	if (can_submit)
		TRY(html_raw(b, " <button type=\"submit\" name=\"action\" value=\"submit\" "
				"data-confirm=\"Submit the report to the committee? You cannot change it "
				"while the committee reviews it.\" data-confirm-label=\"Submit the report\">"
				"Submit to the committee</button>"));
	else
		TRY(html_raw(b, " <span class=\"note\">The partnership's coordinator submits the report to the committee.</span>"));
	TRY(html_raw(b, "<p id=\"save-status\" class=\"save-status\" role=\"status\" aria-live=\"polite\">"));
	if (v->notice && strcmp(v->notice_kind, "success") == 0)
		TRY(html_raw(b, "Saved"));
	TRY(html_raw(b, "</p></div></form>"));
	TRY(layout_end(rq, rs));
out:
	report_history_cleanup(&hist);
	buf_cleanup(&t);
	free(pnames);
	free(periods);
	free(ed);
	comment_free_list(cm, ncm);
	partnership_item_free_list(ps, nps);
	free(pr);
	return rc;
}

/* Renders the edit page for the stored document, with hints. */
static int
render_stored(struct req *rq, struct resp *rs, struct report_view *c, json_t *doc, int revision,
	      bool submit_failed, const char *notice, const char *kind)
{
	struct findings fnd;
	struct view v = {doc, revision, &fnd, submit_failed, NULL, notice, kind};
	int rc;

	findings_init(&fnd);
	rc = edit_check(rq, c->form, doc, &fnd);
	if (rc == 0)
		rc = edit_render(rq, rs, c, &v);
	findings_cleanup(&fnd);
	return rc;
}

int
page_edit(struct req *rq, struct resp *rs)
{
	struct report_view c;
	const char *notice = NULL, *kind = "success";
	int rc;

	memset(&c, 0, sizeof(c));
	TRY(load_editable(rq, &c));
	if (req_query(rq, "merged"))
		notice = "Saved. Changes that someone else saved meanwhile were merged with yours.";
	else if (req_query(rq, "saved"))
		notice = "Saved.";
	else if (req_query(rq, "created")) {
		notice = "The report was started. Answers were copied from the partnership's previous report where there was one: please check them.";
		kind = "info";
	}
	rc = render_stored(rq, rs, &c, c.doc, c.r.revision, false, notice, kind);
out:
	report_view_cleanup(&c);
	return rc;
}

/* ---- starting a report ---------------------------------------------------- */

int
page_report_new(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view c;
	bool created = false;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!rq->csrf_ok)
		return APP_EPERM;
	TRY(app_report_start(rq->app, &a, rq->nparams > 0 ? rq->params[0] : NULL,
			     rq->nparams > 1 ? rq->params[1] : NULL, &c, &created));
	if (created)
		rc = edit_redirect(rs, &c, "/edit?created=1");
	else
		rc = edit_redirect(rs, &c, policy_can_edit(&c.actor, c.p.id, c.status) ? "/edit" : "");
out:
	report_view_cleanup(&c);
	return rc;
}

const char *
edit_param(const struct req *rq, size_t i)
{
	return rq->nparams > i ? rq->params[i] : NULL;
}
