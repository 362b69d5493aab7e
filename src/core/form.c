/* form.c - reads and checks form definitions. */
#include "form.h"
#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM_FILE_MAX (4u * 1024 * 1024)

struct ctx {
	const char *name;   /* file name for messages */
	struct app_msg *msg;
	struct form *f;
};

static const char *const type_names[] = {
	[FORM_TEXT] = "text", [FORM_LONGTEXT] = "longtext", [FORM_CHOICE] = "choice",
	[FORM_URL] = "url", [FORM_PERIOD] = "period", [FORM_REGIONS] = "regions",
	[FORM_TABLE] = "table", [FORM_LIKERT] = "likert", [FORM_GROUP] = "group",
};

const char *
form_type_name(enum form_type t)
{
	if ((size_t)t < sizeof(type_names) / sizeof(type_names[0]))
		return type_names[t];
	return "?";
}

static int
bad(struct ctx *c, const char *path, const char *what)
{
	return app_fail(c->msg, APP_EFORM, "%s: %s: %s", c->name, path, what);
}

static bool
valid_id(const char *s, bool dash)
{
	const char *p;

	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return false;
	for (p = s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
			continue;
		if (dash && *p == '-')
			continue;
		return false;
	}
	return true;
}

/* Copies the string member key of o into *out. Absent is an error when
 * required; present but not a string always is. */
static int
get_str(struct ctx *c, json_t *o, const char *path, const char *key, bool required, char **out)
{
	json_t *v = json_object_get(o, key);
	char p[512];

	*out = NULL;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (v == NULL) {
		if (required)
			return bad(c, p, "missing");
		return 0;
	}
	if (!json_is_string(v))
		return bad(c, p, "must be a string");
	*out = strdup(json_string_value(v));
	if (*out == NULL)
		return APP_ENOMEM;
	return 0;
}

static int
get_size(struct ctx *c, json_t *o, const char *path, const char *key, size_t *out)
{
	json_t *v = json_object_get(o, key);
	char p[512];

	*out = 0;
	if (v == NULL)
		return 0;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000000)
		return bad(c, p, "must be a whole number from 0 to 100000000");
	*out = (size_t)json_integer_value(v);
	return 0;
}

static int
get_bool(struct ctx *c, json_t *o, const char *path, const char *key, bool *out)
{
	json_t *v = json_object_get(o, key);
	char p[512];

	*out = false;
	if (v == NULL)
		return 0;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!json_is_boolean(v))
		return bad(c, p, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

/* Rejects members that the definition format does not know, so that a typo
 * ("mandatroy") is an error and not a silently ignored setting. */
static int
known_keys(struct ctx *c, json_t *o, const char *path, const char *const *keys)
{
	const char *k;
	json_t *v;
	char p[512];

	json_object_foreach(o, k, v) {
		const char *const *kk;
		bool ok = false;

		(void)v;
		for (kk = keys; *kk; kk++)
			if (strcmp(*kk, k) == 0)
				ok = true;
		if (!ok) {
			snprintf(p, sizeof(p), "%s.%s", path, k);
			return bad(c, p, "unknown member");
		}
	}
	return 0;
}

static void
options_free(struct form_option *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].value);
		free(v[i].label);
	}
	free(v);
}

static int
read_options(struct ctx *c, json_t *o, const char *path, const char *key,
	     struct form_option **out, size_t *nout)
{
	json_t *arr = json_object_get(o, key), *e;
	char p[512], pe[600];
	size_t i, j;
	int rc;

	*out = NULL;
	*nout = 0;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, p, "must be a non-empty array");
	*out = calloc(json_array_size(arr), sizeof(**out));
	if (*out == NULL)
		return APP_ENOMEM;
	json_array_foreach(arr, i, e) {
		static const char *const keys[] = {"value", "label", NULL};

		snprintf(pe, sizeof(pe), "%s[%zu]", p, i);
		if (!json_is_object(e))
			return bad(c, pe, "must be an object {value, label}");
		if ((rc = known_keys(c, e, pe, keys)) != 0)
			return rc;
		*nout = i + 1;
		if ((rc = get_str(c, e, pe, "value", true, &(*out)[i].value)) != 0 ||
		    (rc = get_str(c, e, pe, "label", true, &(*out)[i].label)) != 0)
			return rc;
		if (!valid_id((*out)[i].value, false))
			return bad(c, pe, "value must be made of a-z, 0-9 and _");
		for (j = 0; j < i; j++)
			if (strcmp((*out)[j].value, (*out)[i].value) == 0)
				return bad(c, pe, "value repeats an earlier one");
	}
	return 0;
}

static void question_cleanup(struct form_question *q);

static int read_question(struct ctx *c, json_t *o, const char *path, size_t section,
			 bool nested, struct form_question *q);

static int
read_columns(struct ctx *c, json_t *o, const char *path, struct form_question *q)
{
	json_t *arr = json_object_get(o, "columns"), *e;
	char p[512], pe[600];
	size_t i, j;
	int rc;

	snprintf(p, sizeof(p), "%s.columns", path);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, p, "a table needs a non-empty array of columns");
	q->columns = calloc(json_array_size(arr), sizeof(*q->columns));
	if (q->columns == NULL)
		return APP_ENOMEM;
	json_array_foreach(arr, i, e) {
		static const char *const keys[] = {"id", "label", "type", "max_length", NULL};
		struct form_column *col = &q->columns[i];
		char *type = NULL;

		snprintf(pe, sizeof(pe), "%s[%zu]", p, i);
		if (!json_is_object(e))
			return bad(c, pe, "must be an object");
		if ((rc = known_keys(c, e, pe, keys)) != 0)
			return rc;
		q->ncolumns = i + 1;
		if ((rc = get_str(c, e, pe, "id", true, &col->id)) != 0 ||
		    (rc = get_str(c, e, pe, "label", true, &col->label)) != 0 ||
		    (rc = get_size(c, e, pe, "max_length", &col->max_length)) != 0 ||
		    (rc = get_str(c, e, pe, "type", false, &type)) != 0)
			return rc;
		if (!valid_id(col->id, false)) {
			free(type);
			return bad(c, pe, "id must be made of a-z, 0-9 and _");
		}
		col->type = FORM_COL_TEXT;
		if (type != NULL && strcmp(type, "date") == 0)
			col->type = FORM_COL_DATE;
		else if (type != NULL && strcmp(type, "text") != 0) {
			free(type);
			return bad(c, pe, "type must be \"text\" or \"date\"");
		}
		free(type);
		for (j = 0; j < i; j++)
			if (strcmp(q->columns[j].id, col->id) == 0)
				return bad(c, pe, "column id repeats an earlier one");
	}
	return 0;
}

static int
read_fields(struct ctx *c, json_t *o, const char *path, size_t section, struct form_question *q)
{
	json_t *arr = json_object_get(o, "fields"), *e;
	char p[512], pe[600];
	size_t i, j;
	int rc;

	snprintf(p, sizeof(p), "%s.fields", path);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, p, "a group needs a non-empty array of fields");
	q->fields = calloc(json_array_size(arr), sizeof(*q->fields));
	if (q->fields == NULL)
		return APP_ENOMEM;
	json_array_foreach(arr, i, e) {
		snprintf(pe, sizeof(pe), "%s[%zu]", p, i);
		q->nfields = i + 1;
		if ((rc = read_question(c, e, pe, section, true, &q->fields[i])) != 0)
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(q->fields[j].id, q->fields[i].id) == 0)
				return bad(c, pe, "field id repeats an earlier one");
	}
	return 0;
}

static int
read_question(struct ctx *c, json_t *o, const char *path, size_t section, bool nested,
	      struct form_question *q)
{
	static const char *const keys[] = {"id", "label", "help", "type", "mandatory", "max_length",
		"max_rows", "when", "choices", "choices_from", "columns", "rows", "scale", "fields",
		"kind", NULL};
	char *type = NULL, *when = NULL, p[600];
	size_t t;
	int rc;

	q->section = section;
	if (!json_is_object(o))
		return bad(c, path, "must be an object");
	if ((rc = known_keys(c, o, path, keys)) != 0)
		return rc;
	if ((rc = get_str(c, o, path, "id", true, &q->id)) != 0 ||
	    (rc = get_str(c, o, path, "label", true, &q->label)) != 0 ||
	    (rc = get_str(c, o, path, "help", false, &q->help)) != 0 ||
	    (rc = get_bool(c, o, path, "mandatory", &q->mandatory)) != 0 ||
	    (rc = get_size(c, o, path, "max_length", &q->max_length)) != 0 ||
	    (rc = get_size(c, o, path, "max_rows", &q->max_rows)) != 0 ||
	    (rc = get_str(c, o, path, "choices_from", false, &q->choices_from)) != 0)
		return rc;
	if (!valid_id(q->id, false))
		return bad(c, path, "id must be made of a-z, 0-9 and _");
	if (q->label[0] == '\0')
		return bad(c, path, "label must not be empty");
	if ((rc = get_str(c, o, path, "type", true, &type)) != 0)
		return rc;
	for (t = 0; t < sizeof(type_names) / sizeof(type_names[0]); t++)
		if (strcmp(type, type_names[t]) == 0)
			break;
	snprintf(p, sizeof(p), "%s.type", path);
	if (t == sizeof(type_names) / sizeof(type_names[0])) {
		rc = app_fail(c->msg, APP_EFORM, "%s: %s: unknown type \"%s\"", c->name, p, type);
		goto out;
	}
	q->type = (enum form_type)t;
	if (nested && (q->type == FORM_GROUP || q->type == FORM_TABLE ||
		       q->type == FORM_REGIONS || q->type == FORM_LIKERT)) {
		rc = bad(c, p, "a group field must be a simple type");
		goto out;
	}
	if ((rc = get_str(c, o, path, "when", false, &when)) != 0)
		goto out;
	q->when = FORM_WHEN_ANY;
	if (when != NULL) {
		snprintf(p, sizeof(p), "%s.when", path);
		if (strcmp(when, "past") == 0)
			q->when = FORM_WHEN_PAST;
		else if (strcmp(when, "future") == 0)
			q->when = FORM_WHEN_FUTURE;
		else if (strcmp(when, "any") != 0) {
			rc = bad(c, p, "must be \"past\", \"future\" or \"any\"");
			goto out;
		}
	}
	switch (q->type) {
	case FORM_CHOICE:
		if (q->choices_from == NULL)
			rc = read_options(c, o, path, "choices", &q->choices, &q->nchoices);
		else if (json_object_get(o, "choices") != NULL)
			rc = bad(c, path, "give either choices or choices_from, not both");
		break;
	case FORM_TABLE:
		rc = read_columns(c, o, path, q);
		if (rc == 0 && q->max_rows == 0)
			rc = bad(c, path, "a table needs max_rows");
		break;
	case FORM_LIKERT:
		rc = read_options(c, o, path, "rows", &q->rows, &q->nrows);
		if (rc == 0)
			rc = read_options(c, o, path, "scale", &q->scale, &q->nscale);
		break;
	case FORM_GROUP:
		rc = read_fields(c, o, path, section, q);
		break;
	default:
		break;
	}
out:
	free(type);
	free(when);
	return rc;
}

static int
read_item(struct ctx *c, json_t *o, const char *path, size_t section, struct form_item *it)
{
	/* "note": for the form's maintainers (a wording to confirm, a
	 * source), never shown. */
	static const char *const text_keys[] = {"kind", "text", "note", NULL};
	json_t *kind;
	char *k = NULL;
	int rc;

	if (!json_is_object(o))
		return bad(c, path, "must be an object");
	kind = json_object_get(o, "kind");
	if (kind == NULL || json_object_get(o, "id") != NULL) {
		it->kind = FORM_ITEM_QUESTION;
		it->q = calloc(1, sizeof(*it->q));
		if (it->q == NULL)
			return APP_ENOMEM;
		return read_question(c, o, path, section, false, it->q);
	}
	if ((rc = known_keys(c, o, path, text_keys)) != 0)
		return rc;
	if ((rc = get_str(c, o, path, "kind", true, &k)) != 0)
		return rc;
	if (strcmp(k, "heading") == 0)
		it->kind = FORM_ITEM_HEADING;
	else if (strcmp(k, "text") == 0)
		it->kind = FORM_ITEM_TEXT;
	else
		rc = bad(c, path, "kind must be \"heading\" or \"text\" (a question has an id)");
	free(k);
	if (rc)
		return rc;
	rc = get_str(c, o, path, "text", true, &it->text);
	if (rc == 0 && it->text[0] == '\0')
		rc = bad(c, path, "text must not be empty");
	if (rc == 0 && json_object_get(o, "note") != NULL && !json_is_string(json_object_get(o, "note")))
		rc = bad(c, path, "note must be a string");
	return rc;
}

static int
read_strings(struct ctx *c, json_t *o, const char *path, const char *key, char ***out, size_t *n)
{
	json_t *arr = json_object_get(o, key), *e;
	char p[512];
	size_t i;

	*out = NULL;
	*n = 0;
	if (arr == NULL)
		return 0;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!json_is_array(arr))
		return bad(c, p, "must be an array of strings");
	*out = calloc(json_array_size(arr) + 1, sizeof(char *));
	if (*out == NULL)
		return APP_ENOMEM;
	json_array_foreach(arr, i, e) {
		if (!json_is_string(e))
			return bad(c, p, "must be an array of strings");
		(*out)[i] = strdup(json_string_value(e));
		if ((*out)[i] == NULL)
			return APP_ENOMEM;
		*n = i + 1;
	}
	return 0;
}

static int
read_section(struct ctx *c, json_t *o, const char *path, size_t index, struct form_section *s)
{
	static const char *const keys[] = {"id", "title", "visibility", "audience", "items", NULL};
	json_t *items, *e;
	char *vis = NULL, p[512], pe[600];
	size_t i;
	int rc;

	if (!json_is_object(o))
		return bad(c, path, "must be an object");
	if ((rc = known_keys(c, o, path, keys)) != 0)
		return rc;
	if ((rc = get_str(c, o, path, "id", true, &s->id)) != 0 ||
	    (rc = get_str(c, o, path, "title", true, &s->title)) != 0 ||
	    (rc = get_str(c, o, path, "visibility", true, &vis)) != 0)
		return rc;
	if (!valid_id(s->id, false))
		rc = bad(c, path, "id must be made of a-z, 0-9 and _");
	else if (strcmp(vis, "confidential") == 0)
		s->confidential = true;
	else if (strcmp(vis, "public") != 0) {
		snprintf(p, sizeof(p), "%s.visibility", path);
		rc = bad(c, p, "must be \"public\" or \"confidential\"");
	}
	free(vis);
	if (rc)
		return rc;
	if ((rc = read_strings(c, o, path, "audience", &s->audience, &s->naudience)) != 0)
		return rc;
	if (s->confidential && s->naudience == 0)
		return bad(c, path, "a confidential section must name its audience");
	items = json_object_get(o, "items");
	snprintf(p, sizeof(p), "%s.items", path);
	if (!json_is_array(items))
		return bad(c, p, "must be an array");
	s->items = calloc(json_array_size(items) + 1, sizeof(*s->items));
	if (s->items == NULL)
		return APP_ENOMEM;
	json_array_foreach(items, i, e) {
		snprintf(pe, sizeof(pe), "%s[%zu]", p, i);
		s->nitems = i + 1;
		if ((rc = read_item(c, e, pe, index, &s->items[i])) != 0)
			return rc;
	}
	return 0;
}

/* Builds the flat list of top-level questions and rejects repeated ids. */
static int
index_questions(struct ctx *c)
{
	struct form *f = c->f;
	size_t s, i, n = 0, j;

	for (s = 0; s < f->nsections; s++)
		n += f->sections[s].nitems;
	f->questions = calloc(n + 1, sizeof(*f->questions));
	if (f->questions == NULL)
		return APP_ENOMEM;
	for (s = 0; s < f->nsections; s++) {
		for (i = 0; i < f->sections[s].nitems; i++) {
			struct form_question *q = f->sections[s].items[i].q;

			if (q == NULL)
				continue;
			for (j = 0; j < f->nquestions; j++)
				if (strcmp(f->questions[j]->id, q->id) == 0)
					return app_fail(c->msg, APP_EFORM,
							"%s: question id \"%s\" is used twice", c->name, q->id);
			f->questions[f->nquestions++] = q;
		}
	}
	if (f->nquestions == 0)
		return app_fail(c->msg, APP_EFORM, "%s: the form has no question", c->name);
	return 0;
}

int
form_load_buf(const char *data, size_t len, const char *name, struct form **out, struct app_msg *msg)
{
	static const char *const keys[] = {"id", "title", "description", "notes", "mandatory_marker",
		"sections", NULL};
	struct ctx c = {name, msg, NULL};
	json_error_t jerr;
	json_t *root, *secs, *e;
	size_t i, j;
	char pe[64];
	int rc;

	*out = NULL;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return app_fail(msg, APP_EFORM, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
	c.f = calloc(1, sizeof(*c.f));
	if (c.f == NULL) {
		json_decref(root);
		return APP_ENOMEM;
	}
	c.f->source = root;
	if (!json_is_object(root)) {
		rc = bad(&c, "top level", "must be an object");
		goto fail;
	}
	if ((rc = known_keys(&c, root, "form", keys)) != 0 ||
	    (rc = get_str(&c, root, "form", "id", true, &c.f->id)) != 0 ||
	    (rc = get_str(&c, root, "form", "title", true, &c.f->title)) != 0 ||
	    (rc = get_str(&c, root, "form", "description", false, &c.f->description)) != 0 ||
	    (rc = get_str(&c, root, "form", "mandatory_marker", false, &c.f->mandatory_marker)) != 0 ||
	    (rc = read_strings(&c, root, "form", "notes", &c.f->notes, &c.f->nnotes)) != 0)
		goto fail;
	if (!valid_id(c.f->id, true)) {
		rc = bad(&c, "form.id", "must be made of a-z, 0-9, _ and -");
		goto fail;
	}
	secs = json_object_get(root, "sections");
	if (!json_is_array(secs) || json_array_size(secs) == 0) {
		rc = bad(&c, "form.sections", "must be a non-empty array");
		goto fail;
	}
	c.f->sections = calloc(json_array_size(secs), sizeof(*c.f->sections));
	if (c.f->sections == NULL) {
		rc = APP_ENOMEM;
		goto fail;
	}
	json_array_foreach(secs, i, e) {
		snprintf(pe, sizeof(pe), "sections[%zu]", i);
		c.f->nsections = i + 1;
		if ((rc = read_section(&c, e, pe, i, &c.f->sections[i])) != 0)
			goto fail;
		for (j = 0; j < i; j++)
			if (strcmp(c.f->sections[j].id, c.f->sections[i].id) == 0) {
				rc = bad(&c, pe, "section id repeats an earlier one");
				goto fail;
			}
	}
	if ((rc = index_questions(&c)) != 0)
		goto fail;
	*out = c.f;
	return 0;
fail:
	if (rc == APP_ENOMEM)
		app_fail(msg, rc, "%s: out of memory", name);
	form_free(c.f);
	return rc;
}

int
form_load_file(const char *path, struct form **out, struct app_msg *msg)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = fileio_read(path, FORM_FILE_MAX, &data, &len, msg);
	if (rc)
		return rc == APP_ENOTFOUND ? rc : APP_EFORM;
	rc = form_load_buf(data, len, path, out, msg);
	free(data);
	return rc;
}

int
form_load_id(const char *dir, const char *id, struct form **out, struct app_msg *msg)
{
	char path[4096];
	int rc;

	*out = NULL;
	if (!valid_id(id, true))
		return app_fail(msg, APP_EINPUT, "\"%.64s\" is not a form id (a-z, 0-9, _ and - only)", id);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.json", dir, id) >= sizeof(path))
		return app_fail(msg, APP_EINPUT, "the forms folder name is too long");
	rc = form_load_file(path, out, msg);
	if (rc == APP_ENOTFOUND)
		app_fail(msg, rc, "unknown form \"%s\": there is no %s", id, path);
	return rc;
}

static void
question_cleanup(struct form_question *q)
{
	size_t i;

	if (q == NULL)
		return;
	free(q->id);
	free(q->label);
	free(q->help);
	free(q->choices_from);
	options_free(q->choices, q->nchoices);
	options_free(q->rows, q->nrows);
	options_free(q->scale, q->nscale);
	for (i = 0; i < q->ncolumns; i++) {
		free(q->columns[i].id);
		free(q->columns[i].label);
	}
	free(q->columns);
	for (i = 0; i < q->nfields; i++)
		question_cleanup(&q->fields[i]);
	free(q->fields);
}

void
form_free(struct form *f)
{
	size_t s, i;

	if (f == NULL)
		return;
	for (s = 0; s < f->nsections; s++) {
		struct form_section *sec = &f->sections[s];

		for (i = 0; i < sec->nitems; i++) {
			free(sec->items[i].text);
			question_cleanup(sec->items[i].q);
			free(sec->items[i].q);
		}
		free(sec->items);
		for (i = 0; i < sec->naudience; i++)
			free(sec->audience[i]);
		free(sec->audience);
		free(sec->id);
		free(sec->title);
	}
	for (i = 0; i < f->nnotes; i++)
		free(f->notes[i]);
	free(f->notes);
	free(f->sections);
	free(f->questions);
	free(f->id);
	free(f->title);
	free(f->description);
	free(f->mandatory_marker);
	json_decref(f->source);
	free(f);
}

const struct form_question *
form_find(const struct form *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nquestions; i++)
		if (strcmp(f->questions[i]->id, id) == 0)
			return f->questions[i];
	return NULL;
}

const struct form_question *
form_field(const struct form_question *group, const char *id)
{
	size_t i;

	for (i = 0; i < group->nfields; i++)
		if (strcmp(group->fields[i].id, id) == 0)
			return &group->fields[i];
	return NULL;
}

const struct form_column *
form_column(const struct form_question *table, const char *id)
{
	size_t i;

	for (i = 0; i < table->ncolumns; i++)
		if (strcmp(table->columns[i].id, id) == 0)
			return &table->columns[i];
	return NULL;
}

const struct form_option *
form_option_find(const struct form_option *v, size_t n, const char *value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].value, value) == 0)
			return &v[i];
	return NULL;
}

bool
form_confidential(const struct form *f, const struct form_question *q)
{
	return q->section < f->nsections && f->sections[q->section].confidential;
}
