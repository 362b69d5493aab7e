/* merge.c - three-way merge of report documents, question by question. */
#include "merge.h"
#include "err.h"

#include <stdio.h>
#include <string.h>

static bool
same(json_t *a, json_t *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return json_equal(a, b) != 0;
}

/* Merges one unit (a question, an SDG row, a group field). Sets the result
 * in `into` under key and records a conflict when both sides changed it
 * differently. */
static int
unit(json_t *into, const char *key, json_t *b, json_t *m, json_t *t, const char *qkey,
     const char *label, json_t *conflicts)
{
	json_t *r;

	if (same(m, t))
		r = m;
	else if (same(m, b))
		r = t;
	else if (same(t, b))
		r = m;
	else {
		json_t *c = json_pack("{s:s, s:s, s:O?, s:O?}", "question", qkey, "label", label,
				      "mine", m, "theirs", t);

		if (c == NULL || json_array_append_new(conflicts, c) != 0)
			return APP_ENOMEM;
		r = t;
	}
	if (r != NULL && json_object_set(into, key, r) != 0)
		return APP_ENOMEM;
	return 0;
}

/* The members of a likert answer (rows) or of a group (fields), merged one
 * by one. */
static int
nested(json_t *answers, const struct form_question *q, json_t *b, json_t *m, json_t *t,
       json_t *conflicts)
{
	json_t *o = json_object();
	size_t i, n = q->type == FORM_LIKERT ? q->nrows : q->nfields;
	char key[256];
	int rc = 0;

	if (o == NULL)
		return APP_ENOMEM;
	for (i = 0; i < n && rc == 0; i++) {
		const char *id = q->type == FORM_LIKERT ? q->rows[i].value : q->fields[i].id;
		const char *label = q->type == FORM_LIKERT ? q->rows[i].label : q->fields[i].label;

		snprintf(key, sizeof(key), "%s.%s", q->id, id);
		rc = unit(o, id, json_object_get(b, id), json_object_get(m, id), json_object_get(t, id),
			  key, label, conflicts);
	}
	if (rc == 0 && json_object_size(o) > 0 && json_object_set(answers, q->id, o) != 0)
		rc = APP_ENOMEM;
	json_decref(o);
	return rc;
}

int
merge_docs(const struct form *f, json_t *base, json_t *mine, json_t *theirs, json_t **merged,
	   json_t **conflicts)
{
	json_t *ba = json_object_get(base, "answers"), *ma = json_object_get(mine, "answers");
	json_t *ta = json_object_get(theirs, "answers"), *answers, *doc = NULL, *un;
	size_t i;
	int rc = 0;

	*merged = NULL;
	*conflicts = json_array();
	answers = json_object();
	if (*conflicts == NULL || answers == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < f->nquestions && rc == 0; i++) {
		const struct form_question *q = f->questions[i];
		json_t *b = json_object_get(ba, q->id), *m = json_object_get(ma, q->id);
		json_t *t = json_object_get(ta, q->id);

		if (q->type == FORM_LIKERT || q->type == FORM_GROUP)
			rc = nested(answers, q, b, m, t, *conflicts);
		else
			rc = unit(answers, q->id, b, m, t, q->id, q->label, *conflicts);
	}
	if (rc)
		goto out;
	un = json_object_get(theirs, "unmapped");
	doc = json_pack("{s:s, s:O, s:O}", "form", f->id, "answers", answers, "unmapped",
			un ? un : json_array());
	if (doc == NULL)
		rc = APP_ENOMEM;
out:
	json_decref(answers);
	if (rc) {
		json_decref(*conflicts);
		*conflicts = NULL;
		return rc;
	}
	*merged = doc;
	return 0;
}
