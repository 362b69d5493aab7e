/* report_parts.c - which sections of a report an actor may change, and
 * documents assembled from parts of two: what an editor cannot change kept
 * as stored, one answer taken from another revision. */
#include "report_parts.h"

#include <string.h>

#include "report.h"

static bool
section_ok(const struct form *f, const bool *editable, const struct form_question *q)
{
	return editable == NULL || (q->section < f->nsections && editable[q->section]);
}

void
report_editable_sections(const struct form *f, const struct actor *a, int64_t partnership_id,
		  enum report_status s, bool *editable)
{
	bool can = policy_can_edit(a, partnership_id, s);
	size_t i;

	for (i = 0; i < f->nsections; i++)
		editable[i] = can && policy_can_read_section(a, &f->sections[i], partnership_id, s);
}

int
report_keep_locked(const struct form *f, const bool *editable, json_t *from, json_t **doc)
{
	json_t *mine = report_answers(*doc), *theirs = report_answers(from), *a, *un, *v, *d;
	size_t i;

	if (mine == NULL)
		return APP_EINPUT;
	a = json_object();
	if (a == NULL)
		return APP_ENOMEM;
	/* Both documents are canonical: each answer taken whole from one of
	 * them, in form order, gives a canonical document without another
	 * report_canonical pass over the whole of it. The answers are shared,
	 * not copied (as merge_docs shares them): documents are not changed
	 * once built, and both belong to this request. */
	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];

		v = json_object_get(section_ok(f, editable, q) ? mine : theirs, q->id);
		if (v != NULL && json_object_set_nocheck(a, q->id, v) != 0) {
			json_decref(a);
			return APP_ENOMEM;
		}
	}
	un = json_object_get(from, "unmapped");
	un = un != NULL ? json_incref(un) : json_array();
	if (un == NULL) {
		json_decref(a);
		return APP_ENOMEM;
	}
	/* json_pack takes a and un, also when it fails. */
	d = json_pack("{s:s, s:o, s:o}", "form", f->id, "answers", a, "unmapped", un);
	if (d == NULL)
		return APP_ENOMEM;
	json_decref(*doc);
	*doc = d;
	return 0;
}

int
report_copy_part(const struct form *f, json_t *doc, json_t *src, const char *path)
{
	char qid[128];
	const char *sub = strchr(path, '.');
	const struct form_question *q;
	json_t *da = report_answers(doc), *sa = report_answers(src), *sv, *dq;
	size_t n = sub ? (size_t)(sub - path) : strlen(path);

	if (n >= sizeof(qid) || da == NULL)
		return APP_EINPUT;
	memcpy(qid, path, n);
	qid[n] = '\0';
	q = form_find(f, qid);
	if (q == NULL)
		return APP_EINPUT;
	if (sub == NULL) {
		sv = json_object_get(sa, qid);
		if (sv == NULL) {
			json_object_del(da, qid);
			return 0;
		}
		return json_object_set_new(da, qid, json_deep_copy(sv)) == 0 ? 0 : APP_ENOMEM;
	}
	sub++;
	if (!(q->type == FORM_LIKERT && form_option_find(q->rows, q->nrows, sub)) &&
	    !(q->type == FORM_GROUP && form_field(q, sub)))
		return APP_EINPUT;
	sv = json_object_get(json_object_get(sa, qid), sub);
	dq = json_object_get(da, qid);
	if (sv == NULL) {
		if (dq != NULL)
			json_object_del(dq, sub);
		if (dq != NULL && json_object_size(dq) == 0)
			json_object_del(da, qid);
		return 0;
	}
	if (dq == NULL) {
		dq = json_object();
		if (dq == NULL || json_object_set_new(da, qid, dq) != 0)
			return APP_ENOMEM;
	}
	return json_object_set_new(dq, sub, json_deep_copy(sv)) == 0 ? 0 : APP_ENOMEM;
}
