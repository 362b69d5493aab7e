/* api_edit.c - the JSON endpoints behind static/app.js: the autosave, the
 * hints of a document, and NUTS suggestions. */
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

/* NUTS suggestions per request. */
#define NUTS_MAX 10

/* The autosave: the "answers" of its JSON body. */
static int
mine_from_json(const struct report_view *c, const bool *ed, json_t **mine, void *arg)
{
	struct app_msg msg;

	return formdata_from_json(c->form, arg, ed, mine, &msg);
}

int
api_draft(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct report_view c;
	struct app_saved s;
	struct findings fnd;
	struct app_msg msg;
	json_t *body = NULL, *jb, *res = NULL;
	json_int_t base;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	findings_init(&fnd);
	if (!rq->csrf_ok)
		return APP_EPERM;
	if (rq->body == NULL)
		return APP_EINPUT;
	TRY(report_parse_json(rq->body, rq->body_len, "request", &body, &msg));
	jb = json_object_get(body, "base_revision");
	if (!json_is_integer(jb) || json_integer_value(jb) < 1 || json_integer_value(jb) > 999999999 ||
	    !json_is_object(json_object_get(body, "answers"))) {
		rc = APP_EINPUT;
		goto out;
	}
	base = json_integer_value(jb);
	TRY(app_report_save(rq->app, &a, edit_param(rq, 0), edit_param(rq, 1), (int)base, mine_from_json,
			    json_object_get(body, "answers"), false, &c, &s, &fnd));
	if (s.conflicts) {
		res = json_pack("{s:O, s:i, s:O}", "conflicts", s.conflicts, "revision", s.revision,
				"answers", report_answers(s.view));
		rc = edit_reply_json(rs, 409, res);
		goto out;
	}
	res = json_pack("{s:i, s:b, s:b, s:[], s:o}", "revision", s.revision, "merged", s.merged,
			"saved", s.changed, "conflicts", "findings", findings_to_json(&fnd));
	/* After a merge the page lacks what others wrote: it takes it from here. */
	if (res && s.merged && json_object_set(res, "answers", report_answers(s.doc)) != 0) {
		json_decref(res);
		res = NULL;
	}
	rc = edit_reply_json(rs, 200, res);
out:
	findings_cleanup(&fnd);
	app_saved_cleanup(&s);
	json_decref(body);
	report_view_cleanup(&c);
	return rc;
}

int
api_validate(struct req *rq, struct resp *rs)
{
	struct findings fnd;
	struct app_msg msg;
	int rc;

	findings_init(&fnd);
	TRY(edit_validate_body(rq, &fnd, &msg));
	rc = edit_reply_json(rs, 200, findings_to_json(&fnd));
out:
	findings_cleanup(&fnd);
	return rc;
}

int
edit_validate_body(struct req *rq, struct findings *out, struct app_msg *msg)
{
	struct app *app = rq->app;
	struct form *own = NULL;
	const struct form *f = app->form;
	json_t *root = NULL, *doc = NULL;
	const char *fid;
	int rc;

	if (rq->body == NULL)
		return app_fail(msg, APP_EINPUT, "no body");
	TRY(report_parse_json(rq->body, rq->body_len, "request", &root, msg));
	if (!json_is_object(root)) {
		rc = app_fail(msg, APP_EINPUT, "a report document (a JSON object) is expected");
		goto out;
	}
	fid = report_form_id(root);
	if (fid == NULL) {
		if (json_object_set_new(root, "form", json_string(f->id)) != 0) {
			rc = APP_ENOMEM;
			goto out;
		}
	} else if (strcmp(fid, f->id) != 0) {
		rc = form_load_id(app->forms_dir, fid, &own, msg);
		if (rc == APP_EIO)
			rc = APP_ENOTFOUND;
		if (rc)
			goto out;
		f = own;
	}
	TRY(report_canonical(f, root, "request", &doc, msg));
	TRY(edit_check(rq, f, doc, out));
out:
	json_decref(root);
	json_decref(doc);
	form_free(own);
	return rc;
}

int
api_nuts(struct req *rq, struct resp *rs)
{
	const struct nuts *n = rq->app->nuts;
	const struct nuts_region *found[NUTS_MAX];
	const char *q = req_query(rq, "q"), *vs = req_query(rq, "version");
	json_t *arr = json_array();
	long version = 0;
	size_t i, k;
	int rc = 0;

	if (arr == NULL)
		return APP_ENOMEM;
	if (vs && vs[0] && edit_parse_int(vs, 1000, 9999, &version) != 0) {
		json_decref(arr);
		return APP_EINPUT;
	}
	if (n == NULL || q == NULL || strlen(q) < 2 || strlen(q) > 100)
		return edit_reply_json(rs, 200, arr);
	if (version == 0)
		for (i = NUTS_NVERSIONS; i-- > 0;)
			if (nuts_has_version(n, nuts_versions[i])) {
				version = nuts_versions[i];
				break;
			}
	if (!nuts_has_version(n, (int)version))
		return edit_reply_json(rs, 200, arr);
	k = nuts_search(n, (int)version, q, found, NUTS_MAX);
	for (i = 0; i < k && rc == 0; i++) {
		const char *label = nuts_label(n, found[i]);
		const char *en = nuts_english_name(n, (int)version, found[i]->code);

		if (json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, s:s}", "code", found[i]->code,
							 "name", en ? en : label, "label", label, "level",
							 found[i]->level, "country", found[i]->country)) != 0)
			rc = APP_ENOMEM;
	}
	/* Nothing written so: the names near it, as the validator would
	 * suggest them for a misspelling ("Cenrto Portugal" -> Centro),
	 * within the row's country when it is given. */
	if (k < NUTS_MAX && rc == 0) {
		struct nuts_near near[NUTS_MAX];
		const char *cc = req_query(rq, "country");
		size_t nn = nuts_near_names(n, (int)version, q, cc != NULL && cc[0] ? cc : NULL, near,
					    NUTS_MAX - k);

		for (i = 0; i < nn && rc == 0; i++) {
			size_t j;
			bool dup = false;

			for (j = 0; j < k; j++)
				dup = dup || found[j] == near[i].region;
			if (dup)
				continue;
			if (json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, s:s, s:b}", "code",
								 near[i].region->code, "name", near[i].spelling,
								 "label", nuts_label(n, near[i].region), "level",
								 near[i].region->level, "country",
								 near[i].region->country, "near", 1)) != 0)
				rc = APP_ENOMEM;
		}
	}
	if (rc) {
		json_decref(arr);
		return rc;
	}
	return edit_reply_json(rs, 200, arr);
}
