/* report.c - the report document: type checks and the canonical form. */
#include "report.h"
#include "buf.h"
#include "jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
	const char *name;
	struct app_msg *msg;
};

static int
bad(struct ctx *c, const char *path, const char *what)
{
	return app_fail(c->msg, APP_EINPUT, "%s: %s: %s", c->name, path, what);
}

int
report_parse_json(const char *data, size_t len, const char *name, json_t **root,
		  struct app_msg *msg)
{
	json_error_t err;

	*root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (*root == NULL) {
		if (err.line > 0)
			return app_fail(msg, APP_EINPUT, "%s:%d:%d: not valid JSON: %s", name,
					err.line, err.column, err.text);
		return app_fail(msg, APP_EINPUT, "%s: not valid JSON: %s", name, err.text);
	}
	return 0;
}

const char *
report_form_id(json_t *root)
{
	return json_string_value(json_object_get(root, "form"));
}

/* A string value with surrounding white space dropped. Returns a new json
 * string, or NULL for "" (absent). *rc is set on OOM. */
static json_t *
trimmed(const char *s, int *rc)
{
	size_t a = 0, b = strlen(s);
	json_t *v;

	while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r'))
		b--;
	if (a == b)
		return NULL;
	/* A jansson string is valid UTF-8 (checked when it was made), and
	 * cutting ASCII white space off its ends keeps it so: no check again. */
	v = json_stringn_nocheck(s + a, b - a);
	if (v == NULL)
		*rc = APP_ENOMEM;
	return v;
}

/* Where an answer's value sits, for messages: "answers.QID", then
 * "[ROW]" in a row, then ".KEY" for a member. Written out only when
 * something is wrong: building it for every value cost more than the
 * checks. */
struct where {
	const char *qid;
	bool in_row;
	size_t row;      /* with in_row */
	const char *key; /* a member, or NULL */
};

static int
bad_at(struct ctx *c, const struct where *w, const char *what)
{
	char p[600];
	size_t n;

	n = (size_t)snprintf(p, sizeof(p), "answers.%s", w->qid);
	if (w->in_row && n < sizeof(p))
		n += (size_t)snprintf(p + n, sizeof(p) - n, "[%zu]", w->row);
	if (w->key != NULL && n < sizeof(p))
		snprintf(p + n, sizeof(p) - n, ".%s", w->key);
	return bad(c, p, what);
}

/* w's value, or its member key when key is not NULL, is a string. */
static int
need_string(struct ctx *c, json_t *v, const struct where *w, const char *key)
{
	struct where m = *w;

	if (json_is_string(v))
		return 0;
	m.key = key;
	return bad_at(c, &m, "must be a string");
}

static int
bad_member(struct ctx *c, const struct where *w, const char *key, const char *what)
{
	struct where m = *w;

	m.key = key;
	return bad_at(c, &m, what);
}

static int
canon_simple(struct ctx *c, json_t *v, const struct where *w, json_t **out)
{
	int rc;

	*out = NULL;
	if ((rc = need_string(c, v, w, NULL)) != 0)
		return rc;
	rc = 0;
	*out = trimmed(json_string_value(v), &rc);
	return rc;
}

/* An object whose members are all strings among keys[0..n); returns a new
 * object with every key (missing as ""), or NULL when all are empty. */
static int
canon_row(struct ctx *c, json_t *v, const struct where *w, const char *const *keys, size_t n,
	  json_t **out)
{
	const char *k;
	json_t *m, *o;
	size_t i;
	bool any = false;
	int rc = 0;

	*out = NULL;
	if (!json_is_object(v))
		return bad_at(c, w, "must be an object");
	json_object_foreach(v, k, m) {
		for (i = 0; i < n; i++)
			if (strcmp(keys[i], k) == 0)
				break;
		if (i == n)
			return bad_member(c, w, k, "unknown member");
		if ((rc = need_string(c, m, w, k)) != 0)
			return rc;
	}
	o = json_object();
	if (o == NULL)
		return APP_ENOMEM;
	for (i = 0; i < n && rc == 0; i++) {
		json_t *s = json_object_get(v, keys[i]);
		json_t *t = s ? trimmed(json_string_value(s), &rc) : NULL;

		if (t != NULL)
			any = true;
		if (rc == 0 && json_object_set_new_nocheck(o, keys[i], t ? t : json_string("")) != 0)
			rc = APP_ENOMEM;
	}
	if (rc || !any) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

static int
canon_rows(struct ctx *c, json_t *v, const struct where *w, const char *const *keys, size_t n,
	   json_t **out)
{
	struct where rw = *w;
	json_t *arr, *e, *row;
	size_t i;
	int rc;

	*out = NULL;
	if (!json_is_array(v))
		return bad_at(c, w, "must be an array");
	arr = json_array();
	if (arr == NULL)
		return APP_ENOMEM;
	rw.in_row = true;
	json_array_foreach(v, i, e) {
		rw.row = i;
		if ((rc = canon_row(c, e, &rw, keys, n, &row)) != 0) {
			json_decref(arr);
			return rc;
		}
		if (row != NULL && json_array_append_new(arr, row) != 0) {
			json_decref(arr);
			return APP_ENOMEM;
		}
	}
	if (json_array_size(arr) == 0) {
		json_decref(arr);
		return 0;
	}
	*out = arr;
	return 0;
}

static int
canon_likert(struct ctx *c, const struct form_question *q, json_t *v, const struct where *w,
	     json_t **out)
{
	const char *k;
	json_t *m, *o;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!json_is_object(v))
		return bad_at(c, w, "must be an object keyed by row (\"1\", \"2\", ...)");
	json_object_foreach(v, k, m) {
		if (form_option_find(q->rows, q->nrows, k) == NULL)
			return bad_member(c, w, k, "no such row in the form");
		if ((rc = need_string(c, m, w, k)) != 0)
			return rc;
	}
	o = json_object();
	if (o == NULL)
		return APP_ENOMEM;
	for (i = 0; i < q->nrows && rc == 0; i++) {
		json_t *s = json_object_get(v, q->rows[i].value);
		json_t *t = s ? trimmed(json_string_value(s), &rc) : NULL;

		if (t != NULL && json_object_set_new_nocheck(o, q->rows[i].value, t) != 0)
			rc = APP_ENOMEM;
	}
	if (rc || json_object_size(o) == 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

static int
canon_group(struct ctx *c, const struct form_question *q, json_t *v, const struct where *w,
	    json_t **out)
{
	const char *k;
	json_t *m, *o, *t;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!json_is_object(v))
		return bad_at(c, w, "must be an object");
	json_object_foreach(v, k, m) {
		if (form_field(q, k) == NULL)
			return bad_member(c, w, k, "no such field in the form");
		if ((rc = need_string(c, m, w, k)) != 0)
			return rc;
	}
	o = json_object();
	if (o == NULL)
		return APP_ENOMEM;
	for (i = 0; i < q->nfields && rc == 0; i++) {
		m = json_object_get(v, q->fields[i].id);
		t = m ? trimmed(json_string_value(m), &rc) : NULL;
		if (t != NULL && json_object_set_new_nocheck(o, q->fields[i].id, t) != 0)
			rc = APP_ENOMEM;
	}
	if (rc || json_object_size(o) == 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

static const char *const region_keys[] = {"name", "country", "nuts"};

static int
canon_answer(struct ctx *c, const struct form_question *q, json_t *v, json_t **out)
{
	const struct where w = {q->id, false, 0, NULL};
	const char *keys[64];
	size_t i;

	switch (q->type) {
	case FORM_REGIONS:
		return canon_rows(c, v, &w, region_keys, 3, out);
	case FORM_TABLE:
		if (q->ncolumns > 64)
			return bad_at(c, &w, "table has too many columns");
		for (i = 0; i < q->ncolumns; i++)
			keys[i] = q->columns[i].id;
		return canon_rows(c, v, &w, keys, q->ncolumns, out);
	case FORM_LIKERT:
		return canon_likert(c, q, v, &w, out);
	case FORM_GROUP:
		return canon_group(c, q, v, &w, out);
	default:
		return canon_simple(c, v, &w, out);
	}
}

static int
canon_unmapped(struct ctx *c, json_t *v, json_t **out)
{
	json_t *arr, *e, *o;
	char p[64];
	size_t i;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return bad(c, "unmapped", "must be an array");
	arr = json_array();
	if (arr == NULL)
		return APP_ENOMEM;
	json_array_foreach(v, i, e) {
		json_t *line, *text;

		if (json_is_string(e)) {
			o = json_pack("{s:O}", "text", e);
		} else if (json_is_object(e)) {
			line = json_object_get(e, "line");
			text = json_object_get(e, "text");
			if (!json_is_string(text) || json_object_size(e) != (line ? 2u : 1u) ||
			    (line && (!json_is_integer(line) || json_integer_value(line) < 1))) {
				json_decref(arr);
				snprintf(p, sizeof(p), "unmapped[%zu]", i);
				return bad(c, p, "must be {\"line\": N, \"text\": \"...\"}");
			}
			o = line ? json_pack("{s:O, s:O}", "line", line, "text", text)
				 : json_pack("{s:O}", "text", text);
		} else {
			json_decref(arr);
			snprintf(p, sizeof(p), "unmapped[%zu]", i);
			return bad(c, p, "must be an object or a string");
		}
		if (o == NULL || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return APP_ENOMEM;
		}
	}
	*out = arr;
	return 0;
}

int
report_canonical(const struct form *f, json_t *root, const char *name, json_t **out,
		 struct app_msg *msg)
{
	struct ctx c = {name, msg};
	json_t *doc = NULL, *answers, *na = NULL, *un = NULL, *v, *cv = NULL;
	const char *k, *fid;
	char p[600];
	size_t i;
	int rc;

	*out = NULL;
	if (!json_is_object(root))
		return bad(&c, "top level", "a report document is a JSON object {\"form\", \"answers\", \"unmapped\"}");
	json_object_foreach(root, k, v) {
		if (strcmp(k, "form") != 0 && strcmp(k, "answers") != 0 && strcmp(k, "unmapped") != 0)
			return bad(&c, k, "unknown member (a report has form, answers and unmapped)");
	}
	fid = report_form_id(root);
	if (fid == NULL)
		return bad(&c, "form", "missing, or not a string naming the form");
	if (strcmp(fid, f->id) != 0)
		return bad(&c, "form", "names another form");
	answers = json_object_get(root, "answers");
	if (answers == NULL)
		return bad(&c, "answers", "missing");
	if (!json_is_object(answers))
		return bad(&c, "answers", "must be an object");
	json_object_foreach(answers, k, v) {
		if (form_find(f, k) == NULL) {
			snprintf(p, sizeof(p), "answers.%s", k);
			return app_fail(msg, APP_EINPUT, "%s: %s: no such question in form %s", name, p, f->id);
		}
	}
	if ((rc = canon_unmapped(&c, json_object_get(root, "unmapped"), &un)) != 0)
		return rc;
	na = json_object();
	if (na == NULL) {
		rc = APP_ENOMEM;
		goto fail;
	}
	/* Keys set without a check are the form's ids, which jansson read
	 * from the form file: valid UTF-8. */
	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];

		v = json_object_get(answers, q->id);
		if (v == NULL)
			continue;
		if ((rc = canon_answer(&c, q, v, &cv)) != 0)
			goto fail;
		if (cv != NULL && json_object_set_new_nocheck(na, q->id, cv) != 0) {
			rc = APP_ENOMEM;
			goto fail;
		}
	}
	doc = json_pack("{s:s, s:o, s:o}", "form", f->id, "answers", na,
			"unmapped", un ? un : json_array());
	na = un = NULL;
	if (doc == NULL) {
		rc = APP_ENOMEM;
		goto fail;
	}
	*out = doc;
	return 0;
fail:
	if (rc == APP_ENOMEM)
		app_fail(msg, rc, "%s: out of memory", name);
	json_decref(na);
	json_decref(un);
	return rc;
}

/* The checks of report_is_canonical: each says whether report_canonical
 * would give back the value as it is (same members in the same order, same
 * strings), reading only. */

static bool
ws(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/* A string trimmed() keeps as it is: "" only when empty_ok. */
static bool
is_trimmed(json_t *v, bool empty_ok)
{
	const char *s = json_string_value(v);
	size_t n;

	if (s == NULL)
		return false;
	n = json_string_length(v);
	/* An embedded NUL would be cut by trimmed(): not as it is. */
	if (n == 0)
		return empty_ok;
	return strlen(s) == n && !ws(s[0]) && !ws(s[n - 1]);
}

/* An object whose members are, in order, a subsequence of keys[0..n) (all
 * of them when all), each a trimmed string, not all empty. */
static bool
is_canon_keyed(json_t *v, const char *const *keys, size_t n, bool all)
{
	void *it = json_object_iter(v);
	bool any = false;
	size_t i;

	if (!json_is_object(v))
		return false;
	for (i = 0; i < n && it != NULL; i++) {
		json_t *m;

		if (strcmp(json_object_iter_key(it), keys[i]) != 0) {
			if (all)
				return false;
			continue;
		}
		m = json_object_iter_value(it);
		if (!is_trimmed(m, all))
			return false;
		if (json_string_length(m) > 0)
			any = true;
		it = json_object_iter_next(v, it);
	}
	return it == NULL && any && (!all || i == n);
}

static bool
is_canon_rows(json_t *v, const char *const *keys, size_t n)
{
	json_t *e;
	size_t i;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return false;
	json_array_foreach(v, i, e)
		if (!is_canon_keyed(e, keys, n, true))
			return false;
	return true;
}

static bool
is_canon_answer(const struct form_question *q, json_t *v)
{
	const char *keys[64];
	size_t i, n;

	switch (q->type) {
	case FORM_REGIONS:
		return is_canon_rows(v, region_keys, 3);
	case FORM_TABLE:
		if (q->ncolumns > 64)
			return false;
		for (i = 0; i < q->ncolumns; i++)
			keys[i] = q->columns[i].id;
		return is_canon_rows(v, keys, q->ncolumns);
	case FORM_LIKERT:
	case FORM_GROUP:
		n = q->type == FORM_LIKERT ? q->nrows : q->nfields;
		if (n > 64)
			return false;
		for (i = 0; i < n; i++)
			keys[i] = q->type == FORM_LIKERT ? q->rows[i].value : q->fields[i].id;
		return is_canon_keyed(v, keys, n, false);
	default:
		return is_trimmed(v, false);
	}
}

static bool
is_canon_unmapped(json_t *v)
{
	json_t *e, *line;
	size_t i;

	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, e) {
		void *it = json_object_iter(e);

		if (!json_is_object(e) || it == NULL)
			return false;
		if (strcmp(json_object_iter_key(it), "line") == 0) {
			line = json_object_iter_value(it);
			if (!json_is_integer(line) || json_integer_value(line) < 1)
				return false;
			it = json_object_iter_next(e, it);
		}
		if (it == NULL || strcmp(json_object_iter_key(it), "text") != 0 ||
		    !json_is_string(json_object_iter_value(it)) || json_object_iter_next(e, it) != NULL)
			return false;
	}
	return true;
}

bool
report_is_canonical(const struct form *f, json_t *root)
{
	static const char *const top[] = {"form", "answers", "unmapped"};
	json_t *v[3], *answers;
	void *it = json_object_iter(root);
	size_t i;

	if (!json_is_object(root) || json_object_size(root) != 3)
		return false;
	for (i = 0; i < 3; i++, it = json_object_iter_next(root, it)) {
		if (it == NULL || strcmp(json_object_iter_key(it), top[i]) != 0)
			return false;
		v[i] = json_object_iter_value(it);
	}
	if (!json_is_string(v[0]) || strcmp(json_string_value(v[0]), f->id) != 0 || !is_canon_unmapped(v[2]))
		return false;
	answers = v[1];
	if (!json_is_object(answers))
		return false;
	it = json_object_iter(answers);
	for (i = 0; i < f->nquestions && it != NULL; i++) {
		const struct form_question *q = f->questions[i];

		if (strcmp(json_object_iter_key(it), q->id) != 0)
			continue;
		if (!is_canon_answer(q, json_object_iter_value(it)))
			return false;
		it = json_object_iter_next(answers, it);
	}
	return it == NULL;
}

char *
report_dump(json_t *doc)
{
	struct buf b;
	char *s, *r;
	size_t n;

	buf_init(&b, (size_t)-1 / 2);
	if (buf_reserve(&b, 16384) != 0) /* a whole report, usually */
		return NULL;
	switch (jsonout_write(&b, doc, 2)) {
	case 0:
		if (buf_putc(&b, '\n') != 0)
			break;
		return buf_take(&b, NULL);
	case APP_EINPUT: /* a real number: jansson writes it */
		buf_cleanup(&b);
		s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s == NULL)
			return NULL;
		n = strlen(s);
		r = realloc(s, n + 2);
		if (r == NULL) {
			free(s);
			return NULL;
		}
		r[n] = '\n';
		r[n + 1] = '\0';
		return r;
	default:
		break;
	}
	buf_cleanup(&b);
	return NULL;
}

json_t *
report_new(const struct form *f)
{
	return json_pack("{s:s, s:{}, s:[]}", "form", f->id, "answers", "unmapped");
}

json_t *
report_answers(json_t *doc)
{
	return json_object_get(doc, "answers");
}

void
report_strip_confidential(const struct form *f, json_t *doc)
{
	json_t *a = report_answers(doc);
	size_t i;

	for (i = 0; i < f->nquestions; i++)
		if (form_confidential(f, f->questions[i]))
			json_object_del(a, f->questions[i]->id);
	/* Text the reader could not place may come from a confidential part. */
	json_object_set_new(doc, "unmapped", json_array());
}
