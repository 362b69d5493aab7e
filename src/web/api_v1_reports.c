/* api_v1_reports.c - a partnership's report for one period in the JSON
 * API v1: read (the document cut as on the pages, with its revision as
 * ETag), its findings, a draft saved with If-Match, and the moves of the
 * review (submit, comment, return, accept); findings of a posted document
 * too. Each is one call of the application layer, which applies the
 * rules: a report the caller may not know of answers 404 like no report. */
#include "api_v1.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "edit.h"
#include "formdata.h"
#include "report.h"

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

/* "/api/v1/partnerships/SLUG/reports/PERIOD" and a suffix ("" or
 * "/findings"); slugs and periods need no escaping (route.c checks them). */
static json_t *
report_link(const struct report_view *c, const char *suffix)
{
	char u[256];

	snprintf(u, sizeof(u), "/api/v1/partnerships/%s/reports/%s%s", c->p.slug, c->period, suffix);
	return json_string(u);
}

/* The report's state (no document): what a move answers. */
static json_t *
report_state(const struct report_view *c)
{
	char pl[160];

	snprintf(pl, sizeof(pl), "/api/v1/partnerships/%s", c->p.slug);
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:{s:o, s:o, s:s}}", "partnership", c->p.slug, "period",
			 c->period, "status", report_status_name(c->r.status), "revision", c->r.revision, "form",
			 c->form->id, "links", "self", report_link(c, ""), "findings", report_link(c, "/findings"),
			 "partnership", pl);
}

/* Answers the report's state with its ETag, reloaded after a move. */
static int
reply_state(struct req *rq, struct resp *rs, int status)
{
	struct report_view c;
	int rc;

	memset(&c, 0, sizeof(c));
	TRY(ctx_load(rq, &c));
	if (!c.have_report) {
		rc = APP_ENOTFOUND;
		goto out;
	}
	TRY(api_v1_etag(rs, c.r.revision));
	rc = edit_reply_json(rs, status, report_state(&c));
out:
	report_view_cleanup(&c);
	return rc;
}

/* Loads the report of the route for a move: 404 when the caller may not
 * read it; a stale If-Match answers 412 (*answered). */
static int
load_for_move(struct req *rq, struct resp *rs, struct report_view *c, bool *answered)
{
	char detail[200];
	int rc;

	*answered = false;
	if ((rc = ctx_load(rq, c)) != 0)
		return rc;
	if (!c->have_report)
		return APP_ENOTFOUND;
	if (!api_v1_if_match(rq, c->r.revision)) {
		snprintf(detail, sizeof(detail),
			 "The report is at revision %d, not the one If-Match names; nothing was changed.",
			 c->r.revision);
		*answered = true;
		if ((rc = api_v1_etag(rs, c->r.revision)) != 0)
			return rc;
		return api_v1_problem(rq, rs, 412, "stale-revision", detail, NULL);
	}
	return 0;
}

/* The findings of fs about sections the caller reads, as JSON. */
static json_t *
visible_findings(const struct report_view *c, const struct findings *fs)
{
	bool *sections = report_view_sections(c);
	json_t *all = findings_to_json(fs), *out = json_array();
	size_t i;

	if (sections == NULL || all == NULL || out == NULL) {
		free(sections);
		json_decref(all);
		json_decref(out);
		return NULL;
	}
	for (i = 0; i < fs->n; i++) {
		const struct form_question *q = edit_question_of(c->form, fs->v[i].field);

		if (q != NULL && !sections[q->section])
			continue;
		if (json_array_append(out, json_array_get(all, i)) != 0) {
			json_decref(out);
			out = NULL;
			break;
		}
	}
	free(sections);
	json_decref(all);
	return out;
}

/* {"findings": [...], "errors": N, "warnings": N} */
static json_t *
findings_doc(json_t *list)
{
	size_t i, nerr = 0;

	if (list == NULL)
		return NULL;
	for (i = 0; i < json_array_size(list); i++) {
		const char *sev = json_string_value(json_object_get(json_array_get(list, i), "severity"));

		nerr += sev != NULL && strcmp(sev, "error") == 0;
	}
	return json_pack("{s:o, s:i, s:i}", "findings", list, "errors", (json_int_t)nerr, "warnings",
			 (json_int_t)(json_array_size(list) - nerr));
}

/* --- GET .../reports/:period ---------------------------------------------- */

int
api_v1_report_get(struct req *rq, struct resp *rs)
{
	struct report_view c;
	json_t *out = NULL, *doc;
	int rc;

	memset(&c, 0, sizeof(c));
	TRY(ctx_load(rq, &c));
	if (!c.have_report) {
		rc = APP_ENOTFOUND;
		goto out;
	}
	if ((doc = report_view_visible_doc(&c)) == NULL || (out = report_state(&c)) == NULL ||
	    json_object_set_new(out, "document", doc) != 0) {
		if (out == NULL)
			json_decref(doc);
		rc = APP_ENOMEM;
		goto out;
	}
	TRY(api_v1_etag(rs, c.r.revision));
	rc = edit_reply_json(rs, 200, out);
	out = NULL;
out:
	json_decref(out);
	report_view_cleanup(&c);
	return rc;
}

/* --- GET .../reports/:period/findings ------------------------------------- */

int
api_v1_findings_get(struct req *rq, struct resp *rs)
{
	struct report_view c;
	struct findings fs;
	int rc;

	memset(&c, 0, sizeof(c));
	findings_init(&fs);
	TRY(ctx_load(rq, &c));
	if (!c.have_report) {
		rc = APP_ENOTFOUND;
		goto out;
	}
	/* Those who follow the partnership see its findings, as on the
	 * pages; the public reads the report only. */
	if (!policy_can_follow(&c.actor, c.p.id)) {
		rc = APP_EPERM;
		goto out;
	}
	TRY(app_report_check(rq->app, c.form, c.doc, &fs));
	TRY(api_v1_etag(rs, c.r.revision));
	rc = edit_reply_json(rs, 200, findings_doc(visible_findings(&c, &fs)));
out:
	findings_cleanup(&fs);
	report_view_cleanup(&c);
	return rc;
}

/* --- POST /api/v1/findings ------------------------------------------------ */

int
api_v1_findings_post(struct req *rq, struct resp *rs)
{
	struct findings fs;
	struct app_msg msg = {{0}};
	json_t *body = NULL;
	int rc;

	findings_init(&fs);
	TRY(api_v1_body(rq, rs, &body));
	if (body == NULL)
		goto out;
	rc = edit_validate_body(rq, &fs, &msg);
	if (rc == APP_EINPUT || rc == APP_ENOTFOUND) {
		rc = api_v1_problem(rq, rs, 400, "invalid-document", msg.text, NULL);
		goto out;
	}
	if (rc)
		goto out;
	rc = edit_reply_json(rs, 200, findings_doc(findings_to_json(&fs)));
out:
	json_decref(body);
	findings_cleanup(&fs);
	return rc;
}

/* --- PUT .../reports/:period ---------------------------------------------- */

struct put_arg {
	json_t *answers;
	struct app_msg msg;
	bool refused; /* the answers themselves were refused (msg says why) */
};

static int
mine_from_answers(const struct report_view *c, const bool *ed, json_t **mine, void *arg)
{
	struct put_arg *p = arg;
	int rc = formdata_from_json(c->form, p->answers, ed, mine, &p->msg);

	p->refused = rc == APP_EINPUT || rc == APP_EPERM;
	return rc;
}

int
api_v1_report_put(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view c, after;
	struct put_arg arg;
	struct app_saved s;
	struct findings fs;
	json_t *body = NULL, *out = NULL;
	bool answered;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&after, 0, sizeof(after));
	memset(&s, 0, sizeof(s));
	memset(&arg, 0, sizeof(arg));
	findings_init(&fs);
	if (!api_v1_may_write(rq, rs, &rc))
		goto out;
	TRY(api_v1_body(rq, rs, &body));
	if (body == NULL)
		goto out;
	arg.answers = json_object_get(body, "answers");
	if (!json_is_object(arg.answers)) {
		rc = api_v1_problem(rq, rs, 400, "invalid-input", "The body needs \"answers\": an object of answers "
				    "by question id, as in the report's document.",
				    json_pack("[{s:s, s:s}]", "pointer", "/answers", "detail", "an object is expected"));
		goto out;
	}
	TRY(load_for_move(rq, rs, &c, &answered));
	if (answered)
		goto out;
	if (!policy_can_edit(&c.actor, c.p.id, c.status)) {
		rc = APP_EPERM;
		goto out;
	}
	/* Without If-Match a save could undo what others saved unseen. */
	if (rq->if_match == NULL) {
		TRY(api_v1_etag(rs, c.r.revision));
		rc = api_v1_problem(rq, rs, 428, "revision-required",
				    "Send If-Match with the ETag of the revision the answers were written on.", NULL);
		goto out;
	}
	/* A save that lands between the check above and this one is merged
	 * as the web's saves are, or refused with 409 when it changed the
	 * same answers. */
	rc = app_report_save(rq->app, &a, c.p.slug, c.period, c.r.revision, mine_from_answers, &arg, false,
			     &after, &s, &fs);
	if (rc != 0 && arg.refused) {
		rc = api_v1_problem(rq, rs, 400, "invalid-input", arg.msg.text, NULL);
		goto out;
	}
	if (rc)
		goto out;
	if (s.conflicts != NULL && json_array_size(s.conflicts) > 0) {
		rc = api_v1_problem(rq, rs, 409, "conflict",
				    "Somebody else changed the same answers in the meantime; nothing was saved.",
				    json_incref(s.conflicts));
		goto out;
	}
	TRY(api_v1_etag(rs, s.revision));
	out = json_pack("{s:s, s:s, s:s, s:i, s:b, s:b, s:o}", "partnership", c.p.slug, "period", c.period,
			"status", report_status_name(after.have_report ? after.r.status : c.status), "revision",
			s.revision, "saved", s.changed, "merged", s.merged, "findings",
			visible_findings(&c, &fs));
	rc = edit_reply_json(rs, 200, out);
out:
	json_decref(body);
	findings_cleanup(&fs);
	app_saved_cleanup(&s);
	report_view_cleanup(&after);
	report_view_cleanup(&c);
	return rc;
}

/* --- POST .../submit, /comments, /return, /accept ------------------------- */

enum move { MOVE_SUBMIT, MOVE_COMMENT, MOVE_RETURN, MOVE_ACCEPT };

/* A text field of body: absent (when !required) or a string; the app
 * layer checks its length. Else a 400 pointing at it, and false. */
static bool
text_field(struct req *rq, struct resp *rs, json_t *body, const char *name, bool required,
	   const char **out, int *rc)
{
	json_t *v = json_object_get(body, name);
	char detail[160], ptr[40];

	*out = json_string_value(v);
	if ((v == NULL && !required) || json_is_string(v))
		return true;
	snprintf(detail, sizeof(detail), "\"%s\" must be %s.", name,
		 required ? "given, as a string" : "a string when given");
	snprintf(ptr, sizeof(ptr), "/%s", name);
	*rc = api_v1_problem(rq, rs, 400, "invalid-input", detail,
			     json_pack("[{s:s, s:s}]", "pointer", ptr, "detail", detail));
	return false;
}

/* The fields of a move's body: submit and accept take none (no body, or
 * any JSON object), a comment "body" and maybe "question", a return
 * "reason". False when the problem is answered. */
static bool
move_fields(struct req *rq, struct resp *rs, enum move m, json_t **body, const char **text,
	    const char **question, int *rc)
{
	*rc = 0;
	if ((m == MOVE_SUBMIT || m == MOVE_ACCEPT) && rq->body_len == 0) {
		/* Nothing to read, whatever its type. */
		*body = json_object();
		*rc = *body != NULL ? 0 : APP_ENOMEM;
		return *body != NULL;
	}
	if ((*rc = api_v1_body(rq, rs, body)) != 0 || *body == NULL)
		return false;
	if (m == MOVE_COMMENT)
		return text_field(rq, rs, *body, "question", false, question, rc) &&
		       text_field(rq, rs, *body, "body", true, text, rc);
	if (m == MOVE_RETURN)
		return text_field(rq, rs, *body, "reason", true, text, rc);
	return true;
}

/* One move of a report: a read-write token, the body's fields, the report
 * (If-Match, when sent, must name its revision), then the one app call,
 * which applies the rules; the answer is the report's state afterwards. */
static int
move(struct req *rq, struct resp *rs, enum move m)
{
	struct actor a = ctx_actor(rq);
	struct report_view c, v;
	struct findings fs;
	json_t *body = NULL;
	const char *text = NULL, *question = NULL;
	bool answered, blocked = false;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&v, 0, sizeof(v));
	findings_init(&fs);
	if (!api_v1_may_write(rq, rs, &rc) || !move_fields(rq, rs, m, &body, &text, &question, &rc))
		goto out;
	TRY(load_for_move(rq, rs, &c, &answered));
	if (answered)
		goto out;
	switch (m) {
	case MOVE_SUBMIT:
		rc = app_report_submit(rq->app, &a, c.p.slug, c.period, &v, &fs, &blocked, false);
		break;
	case MOVE_COMMENT:
		rc = app_report_comment(rq->app, &a, c.p.slug, c.period, question, text, &v);
		break;
	case MOVE_RETURN:
		rc = app_report_return(rq->app, &a, c.p.slug, c.period, text, &v, false);
		break;
	case MOVE_ACCEPT:
		rc = app_report_accept(rq->app, &a, c.p.slug, c.period, &v, false);
		break;
	}
	if (rc == APP_EINPUT && (m == MOVE_COMMENT || m == MOVE_RETURN)) {
		rc = api_v1_problem(rq, rs, 400, "invalid-input",
				    m == MOVE_RETURN ? "\"reason\" must hold 1 to 10000 characters."
						     : "\"body\" must hold 1 to 10000 characters, and \"question\" "
						       "(when given) name a question of a section the caller reads.",
				    NULL);
		goto out;
	}
	if (rc)
		goto out;
	if (blocked) {
		rc = api_v1_problem(rq, rs, 422, "submission-blocked",
				    "The report has errors that stop a submission; nothing was changed.",
				    visible_findings(&c, &fs));
		goto out;
	}
	rc = reply_state(rq, rs, m == MOVE_COMMENT ? 201 : 200);
out:
	json_decref(body);
	findings_cleanup(&fs);
	report_view_cleanup(&v);
	report_view_cleanup(&c);
	return rc;
}

int
api_v1_submit(struct req *rq, struct resp *rs)
{
	return move(rq, rs, MOVE_SUBMIT);
}

int
api_v1_comment(struct req *rq, struct resp *rs)
{
	return move(rq, rs, MOVE_COMMENT);
}

int
api_v1_return(struct req *rq, struct resp *rs)
{
	return move(rq, rs, MOVE_RETURN);
}

int
api_v1_accept(struct req *rq, struct resp *rs)
{
	return move(rq, rs, MOVE_ACCEPT);
}
