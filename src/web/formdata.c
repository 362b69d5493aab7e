/* formdata.c - the edit form's field names both ways: posted fields into a
 * canonical report document, and one question's labelled inputs. */
#include "formdata.h"
#include "finding.h"
#include "html.h"
#include "period.h"
#include "report.h"
#include "strutil.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

/* Empty rows shown after a region list's entries. */
#define REGION_EMPTY_ROWS 3
/* Table cells allowed more characters than this are several lines high
 * (a textarea): descriptions, lists of actors; shorter ones are one line. */
#define TEXT_CELL_MAX 500

static const char *const region_cols[] = {"name", "country", "nuts"};
static const char *const region_labels[] = {"Name of the region", "Country", "NUTS code"};

size_t
formdata_row_cap(const struct form_question *q)
{
	return (q->max_rows ? q->max_rows : 200) + FORMDATA_ROW_SLACK;
}

static bool
section_ok(const struct form *f, const bool *editable, const struct form_question *q)
{
	return editable == NULL || (q->section < f->nsections && editable[q->section]);
}

/* ---- posted fields into a document ----------------------------------- */

/* The posted text as a JSON string, line breaks made LF. */
static int
field_value(const char *name, const char *s, json_t **out, struct app_msg *msg)
{
	size_t len = strlen(s), line, i, j;
	const char *what;
	char *t;

	*out = NULL;
	if (text_check(s, len, &line, &what) != 0)
		return app_fail(msg, APP_EINPUT, "field %.*s: %s", (int)str_utf8_cut(name, 100), name, what);
	t = malloc(len + 1);
	if (t == NULL)
		return APP_ENOMEM;
	for (i = j = 0; i < len; i++) {
		if (s[i] == '\r') {
			t[j++] = '\n';
			if (s[i + 1] == '\n')
				i++;
		} else {
			t[j++] = s[i];
		}
	}
	*out = json_stringn(t, j);
	free(t);
	return *out ? 0 : APP_ENOMEM;
}

/* The row number of a field: decimal, no sign or leading zero, below cap. */
static int
parse_row(const char *s, size_t cap, size_t *out)
{
	size_t v = 0;
	const char *p;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0') || strlen(s) > 9)
		return APP_EINPUT;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return APP_EINPUT;
		v = v * 10 + (size_t)(*p - '0');
	}
	if (v >= cap)
		return APP_ETOOBIG;
	*out = v;
	return 0;
}

/* The object member key of o, created empty when absent; NULL on OOM. */
static json_t *
child(json_t *o, const char *key)
{
	json_t *c = json_object_get(o, key);

	if (c != NULL)
		return c;
	c = json_object();
	if (c != NULL && json_object_set_new(o, key, c) != 0)
		return NULL;
	return c;
}

/* Sets o[key] = v (stealing v) unless it is there already. */
static int
put_unique(json_t *o, const char *key, json_t *v, const char *name, struct app_msg *msg)
{
	if (o == NULL) {
		json_decref(v);
		return APP_ENOMEM;
	}
	if (json_object_get(o, key) != NULL) {
		json_decref(v);
		return app_fail(msg, APP_EINPUT, "field %.*s is posted twice", (int)str_utf8_cut(name, 100), name);
	}
	return json_object_set_new(o, key, v) == 0 ? 0 : APP_ENOMEM;
}

static bool
region_col(const char *s)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, region_cols[i]) == 0)
			return true;
	return false;
}

static int
unknown(const char *name, struct app_msg *msg)
{
	return app_fail(msg, APP_EINPUT, "unknown field \"%.*s\"", (int)str_utf8_cut(name, 100), name);
}

/* One "a." field into raw answers: tables and regions as objects keyed by
 * row number (made arrays later), likert and group as objects. */
static int
take_field(const struct form *f, const bool *editable, json_t *raw, const char *name,
	   const char *value, struct app_msg *msg)
{
	char tmp[256], *parts[4], *p;
	size_t np = 0, row;
	const struct form_question *q;
	json_t *v = NULL;
	int rc;

	if (strlen(name + 2) >= sizeof(tmp))
		return unknown(name, msg);
	memcpy(tmp, name + 2, strlen(name + 2) + 1);
	for (p = tmp;;) {
		if (np == 4)
			return unknown(name, msg);
		parts[np++] = p;
		p = strchr(p, '.');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	q = form_find(f, parts[0]);
	if (q == NULL)
		return unknown(name, msg);
	if (!section_ok(f, editable, q))
		return app_fail(msg, APP_EPERM, "field %.*s belongs to a section you may not edit", (int)str_utf8_cut(name, 100), name);
	switch (q->type) {
	case FORM_TABLE:
	case FORM_REGIONS:
		if (np != 3)
			return unknown(name, msg);
		if (q->type == FORM_TABLE ? form_column(q, parts[2]) == NULL : !region_col(parts[2]))
			return unknown(name, msg);
		rc = parse_row(parts[1], formdata_row_cap(q), &row);
		if (rc == APP_ETOOBIG)
			return app_fail(msg, APP_EINPUT,
					"field %.*s: too many rows (this question takes at most %zu; up to %zu are kept for review)",
					(int)str_utf8_cut(name, 100), name, q->max_rows, formdata_row_cap(q));
		if (rc)
			return unknown(name, msg);
		if ((rc = field_value(name, value, &v, msg)) != 0)
			return rc;
		return put_unique(child(child(raw, q->id), parts[1]), parts[2], v, name, msg);
	case FORM_LIKERT:
		if (np != 2 || form_option_find(q->rows, q->nrows, parts[1]) == NULL)
			return unknown(name, msg);
		break;
	case FORM_GROUP:
		if (np != 2 || form_field(q, parts[1]) == NULL)
			return unknown(name, msg);
		break;
	default:
		if (np != 1)
			return unknown(name, msg);
		if ((rc = field_value(name, value, &v, msg)) != 0)
			return rc;
		return put_unique(raw, q->id, v, name, msg);
	}
	if ((rc = field_value(name, value, &v, msg)) != 0)
		return rc;
	return put_unique(child(raw, q->id), parts[1], v, name, msg);
}

/* Tables and region lists from {"ROW": {...}} to arrays in row order. */
static int
rows_to_arrays(const struct form *f, json_t *raw)
{
	size_t i, r, cap;
	char key[16];

	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];
		json_t *o = json_object_get(raw, q->id), *arr, *row;

		if (o == NULL || (q->type != FORM_TABLE && q->type != FORM_REGIONS))
			continue;
		arr = json_array();
		if (arr == NULL)
			return APP_ENOMEM;
		cap = formdata_row_cap(q);
		for (r = 0; r < cap && json_array_size(arr) < json_object_size(o); r++) {
			snprintf(key, sizeof(key), "%zu", r);
			row = json_object_get(o, key);
			if (row != NULL && json_array_append(arr, row) != 0) {
				json_decref(arr);
				return APP_ENOMEM;
			}
		}
		if (json_object_set_new(raw, q->id, arr) != 0)
			return APP_ENOMEM;
	}
	return 0;
}

/* {"form": id, "answers": answers, "unmapped": []}, taking answers. */
static json_t *
wrap(const struct form *f, json_t *answers)
{
	json_t *doc = json_object();

	if (doc == NULL || json_object_set_new(doc, "form", json_string(f->id)) != 0 ||
	    json_object_set_new(doc, "answers", answers) != 0 ||
	    json_object_set_new(doc, "unmapped", json_array()) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int
formdata_to_doc(const struct form *f, const struct kv *fields, size_t n, const bool *editable,
		json_t **out, struct app_msg *msg)
{
	json_t *raw = json_object(), *doc = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (raw == NULL)
		return APP_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *k = fields[i].key;

		if (k == NULL || strncmp(k, "a.", 2) != 0)
			continue;
		TRY(take_field(f, editable, raw, k, fields[i].value ? fields[i].value : "", msg));
	}
	TRY(rows_to_arrays(f, raw));
	doc = wrap(f, raw);
	raw = NULL;
	if (doc == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	rc = report_canonical(f, doc, "form", out, msg);
out:
	json_decref(raw);
	json_decref(doc);
	return rc;
}

int
formdata_from_json(const struct form *f, json_t *answers, const bool *editable, json_t **out,
		   struct app_msg *msg)
{
	json_t *doc, *canon = NULL, *v;
	const char *k;
	int rc;

	*out = NULL;
	if (!json_is_object(answers))
		return app_fail(msg, APP_EINPUT, "answers must be an object keyed by question");
	doc = wrap(f, json_incref(answers));
	if (doc == NULL)
		return APP_ENOMEM;
	rc = report_canonical(f, doc, "draft", &canon, msg);
	json_decref(doc);
	if (rc)
		return rc;
	json_object_foreach(report_answers(canon), k, v) {
		const struct form_question *q = form_find(f, k);

		if (!section_ok(f, editable, q)) {
			rc = app_fail(msg, APP_EPERM, "answers.%.*s belongs to a section you may not edit", (int)str_utf8_cut(k, 100), k);
			break;
		}
		if ((q->type == FORM_TABLE || q->type == FORM_REGIONS) &&
		    json_array_size(v) > formdata_row_cap(q)) {
			rc = app_fail(msg, APP_EINPUT, "answers.%.*s: too many rows (at most %zu are kept)", (int)str_utf8_cut(k, 100), k,
				      formdata_row_cap(q));
			break;
		}
	}
	if (rc) {
		json_decref(canon);
		return rc;
	}
	*out = canon;
	return 0;
}

/* ---- a question's inputs ---------------------------------------------- */

/* id="PREFIX-QID[-A[-B]]" pieces, escaped. */
static int
id_parts(struct buf *b, const char *prefix, const char *qid, const char *x, const char *y)
{
	int rc;

	TRY(html_attr(b, prefix)); /* a literal of ours; escaping keeps the lint simple */
	TRY(html_attr(b, qid));
	if (x) {
		TRY(html_raw(b, "-"));
		TRY(html_attr(b, x));
	}
	if (y) {
		TRY(html_raw(b, "-"));
		TRY(html_attr(b, y));
	}
out:
	return rc;
}

/* name="a.QID[.A[.B]]" */
static int
name_attr(struct buf *b, const char *qid, const char *x, const char *y)
{
	int rc;

	TRY(html_raw(b, " name=\"a."));
	TRY(html_attr(b, qid));
	if (x) {
		TRY(html_raw(b, "."));
		TRY(html_attr(b, x));
	}
	if (y) {
		TRY(html_raw(b, "."));
		TRY(html_attr(b, y));
	}
	TRY(html_raw(b, "\""));
out:
	return rc;
}

static int
required_marker(struct buf *b, bool mandatory)
{
	if (!mandatory)
		return 0;
	return html_raw(b, " <span class=\"required\"><span aria-hidden=\"true\">*</span> (required)</span>");
}

static bool
has_limit(const struct form_question *q)
{
	if (q->type == FORM_TEXT || q->type == FORM_LONGTEXT || q->type == FORM_URL)
		return q->max_length != 0;
	return (q->type == FORM_TABLE || q->type == FORM_REGIONS) && q->max_rows != 0;
}

static bool
has_help(const struct form_question *q)
{
	return q->help != NULL || has_limit(q);
}

/* The help paragraph and the length limit, id="help-QID". */
static int
help(struct buf *b, const struct form_question *q)
{
	int rc = 0;

	if (!has_help(q))
		return 0;
	TRY(html_raw(b, "<p class=\"help\" id=\""));
	TRY(id_parts(b, "help-", q->id, NULL, NULL));
	TRY(html_raw(b, "\">"));
	if (q->help) {
		TRY(html_text(b, q->help));
		TRY(html_raw(b, " "));
	}
	if (has_limit(q) && q->type == FORM_TABLE)
		TRY(buf_printf(b, "<span class=\"limit\">At most %zu rows.</span>", q->max_rows));
	else if (has_limit(q) && q->type == FORM_REGIONS)
		TRY(buf_printf(b, "<span class=\"limit\">At most %zu regions.</span>", q->max_rows));
	else if (has_limit(q))
		TRY(buf_printf(b, "<span class=\"limit\">At most %zu characters.</span>", q->max_length));
	TRY(html_raw(b, "</p>"));
out:
	return rc;
}


/* aria-describedby="help-QID hint-QID" */
static int
describedby(struct buf *b, const struct form_question *top)
{
	int rc;

	TRY(html_raw(b, " aria-describedby=\""));
	if (has_help(top)) {
		TRY(id_parts(b, "help-", top->id, NULL, NULL));
		TRY(html_raw(b, " "));
	}
	TRY(id_parts(b, "hint-", top->id, NULL, NULL));
	TRY(html_raw(b, "\""));
out:
	return rc;
}

static const struct formdata_list *
find_list(const struct formdata_view *v, const char *name)
{
	size_t i;

	for (i = 0; v && name && i < v->nlists; i++)
		if (strcmp(v->lists[i].name, name) == 0)
			return &v->lists[i];
	return NULL;
}

/* A report's period is fixed by its address (the server writes it into
 * every save): shown, not edited. <output> is labelable, so the question's
 * label still names it. */
static int
period_output(struct buf *b, const struct form_question *top, const char *field, const char *value)
{
	struct period p;
	char pl[48];
	int rc;

	TRY(html_raw(b, "<output class=\"fixed-answer\" id=\""));
	TRY(id_parts(b, "f-", top->id, field, NULL));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, value));
	if (value != NULL && period_parse(value, &p) == 0) {
		period_label(p, pl, sizeof(pl));
		TRY(html_raw(b, " ("));
		TRY(html_text(b, pl));
		TRY(html_raw(b, ")"));
	}
	TRY(html_raw(b, "</output>"));
out:
	return rc;
}

/* <select> of a choice question; a value the options lack is
 * kept as an extra option, so that saving does not lose it. */
static int
select_input(struct buf *b, const struct form_question *q, const struct form_question *top,
	     const char *field, const char *value, const struct formdata_view *v)
{
	const struct formdata_list *l = NULL;
	bool found = false;
	size_t i;
	int rc;

	if (q->type == FORM_PERIOD)
		l = find_list(v, "periods");
	else if (q->choices_from)
		l = find_list(v, q->choices_from);
	TRY(html_raw(b, "<select id=\""));
	TRY(id_parts(b, "f-", top->id, field, NULL));
	TRY(html_raw(b, "\""));
	TRY(name_attr(b, top->id, field, NULL));
	TRY(describedby(b, top));
	if (q->mandatory)
		TRY(html_raw(b, " aria-required=\"true\""));
	TRY(html_raw(b, ">"));
	TRY(html_option(b, "", "(no answer)", value == NULL || value[0] == '\0'));
	for (i = 0; i < q->nchoices; i++) {
		bool sel = value && strcmp(value, q->choices[i].value) == 0;

		found |= sel;
		TRY(html_option(b, q->choices[i].value, q->choices[i].label, sel));
	}
	for (i = 0; l && i < l->n; i++) {
		bool sel = value && strcmp(value, l->values[i]) == 0;
		struct period p;
		char label[64];

		found |= sel;
		if (q->type == FORM_PERIOD && period_parse(l->values[i], &p) == 0) {
			char pl[48];

			period_label(p, pl, sizeof(pl));
			snprintf(label, sizeof(label), "%s (%s)", l->values[i], pl);
			TRY(html_option(b, l->values[i], label, sel));
		} else {
			TRY(html_option(b, l->values[i], l->values[i], sel));
		}
	}
	if (value && value[0] && !found)
		TRY(html_option(b, value, value, 1));
	TRY(html_raw(b, "</select>"));
out:
	return rc;
}

/* The input of a simple type (text, longtext, url, choice, period), for a
 * top-level question (field NULL) or a group's field. */
static int
simple_input(struct buf *b, const struct form_question *q, const struct form_question *top,
	     const char *field, const char *value, const struct formdata_view *v)
{
	int rc = 0;

	switch (q->type) {
	case FORM_PERIOD:
		return period_output(b, top, field, value);
	case FORM_CHOICE:
		return select_input(b, q, top, field, value, v);
	case FORM_LONGTEXT:
		TRY(html_raw(b, "<textarea rows=\"8\" cols=\"80\" id=\""));
		break;
	case FORM_URL:
		TRY(html_raw(b, "<input type=\"url\" inputmode=\"url\" autocomplete=\"url\" id=\""));
		break;
	default:
		TRY(html_raw(b, "<input type=\"text\" id=\""));
		break;
	}
	TRY(id_parts(b, "f-", top->id, field, NULL));
	TRY(html_raw(b, "\""));
	TRY(name_attr(b, top->id, field, NULL));
	TRY(describedby(b, top));
	if (q->mandatory)
		TRY(html_raw(b, " aria-required=\"true\""));
	if (q->max_length)
		TRY(buf_printf(b, " data-max-length=\"%zu\"", q->max_length));
	if (q->type == FORM_LONGTEXT) {
		TRY(html_raw(b, ">"));
		TRY(html_text(b, value));
		TRY(html_raw(b, "</textarea>"));
	} else {
		TRY(html_raw(b, " value=\""));
		TRY(html_attr(b, value));
		TRY(html_raw(b, "\">"));
	}
out:
	return rc;
}

static int
label_for(struct buf *b, const char *cls, const char *qid, const char *field, const char *text,
	  bool mandatory)
{
	int rc;

	TRY(html_raw(b, "<label class=\""));
	TRY(html_attr(b, cls));
	TRY(html_raw(b, "\" for=\""));
	TRY(id_parts(b, "f-", qid, field, NULL));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, text));
	TRY(required_marker(b, mandatory));
	TRY(html_raw(b, "</label>"));
out:
	return rc;
}

static int
fieldset_open(struct buf *b, const char *cls, const struct form_question *q)
{
	int rc;

	TRY(html_raw(b, "<fieldset class=\""));
	TRY(html_attr(b, cls));
	TRY(html_raw(b, "\"><legend class=\"q-label\">"));
	TRY(html_text(b, q->label));
	TRY(required_marker(b, q->mandatory));
	TRY(html_raw(b, "</legend>"));
	TRY(help(b, q));
out:
	return rc;
}

static int
group_inputs(struct buf *b, const struct form_question *q, json_t *answer,
	     const struct formdata_view *v)
{
	size_t i;
	int rc;

	TRY(fieldset_open(b, "group", q));
	for (i = 0; i < q->nfields; i++) {
		const struct form_question *fq = &q->fields[i];
		const char *val = json_string_value(json_object_get(answer, fq->id));

		TRY(html_raw(b, "<div class=\"field\">"));
		TRY(label_for(b, "field-label", q->id, fq->id, fq->label, fq->mandatory));
		TRY(simple_input(b, fq, q, fq->id, val, v));
		TRY(html_raw(b, "</div>"));
	}
	TRY(html_raw(b, "</fieldset>"));
out:
	return rc;
}

static int
likert_inputs(struct buf *b, const struct form_question *q, json_t *answer)
{
	size_t i, j;
	char k[24];
	int rc;

	TRY(fieldset_open(b, "likert", q));
	for (i = 0; i < q->nrows; i++) {
		const char *rv = q->rows[i].value;
		const char *val = json_string_value(json_object_get(answer, rv));
		bool found = false;

		TRY(html_raw(b, "<fieldset class=\"likert-row\"><legend>"));
		TRY(html_text(b, q->rows[i].label));
		TRY(html_raw(b, "</legend><div class=\"likert-options\">"));
		for (j = 0; j <= q->nscale + 1; j++) {
			const char *ov, *ol;

			if (j < q->nscale) {
				ov = q->scale[j].value;
				ol = q->scale[j].label;
				snprintf(k, sizeof(k), "%zu", j);
			} else if (j == q->nscale) {
				/* A value that is not on the scale is kept as data. */
				if (found || val == NULL || val[0] == '\0')
					continue;
				ov = ol = val;
				snprintf(k, sizeof(k), "other");
			} else {
				ov = "";
				ol = "No answer";
				snprintf(k, sizeof(k), "none");
			}
			bool sel = j == q->nscale + 1 ? (val == NULL || val[0] == '\0')
						      : (val != NULL && strcmp(val, ov) == 0);
			found |= sel;
			TRY(html_raw(b, "<span class=\"likert-option\"><input type=\"radio\" id=\""));
			TRY(id_parts(b, "f-", q->id, rv, k));
			TRY(html_raw(b, "\""));
			TRY(name_attr(b, q->id, rv, NULL));
			TRY(html_raw(b, " value=\""));
			TRY(html_attr(b, ov));
			if (sel)
				TRY(html_raw(b, "\" checked>"));
			else
				TRY(html_raw(b, "\">"));
			TRY(html_raw(b, "<label for=\""));
			TRY(id_parts(b, "f-", q->id, rv, k));
			TRY(html_raw(b, "\">"));
			TRY(html_text(b, ol));
			TRY(html_raw(b, "</label></span>"));
		}
		TRY(html_raw(b, "</div></fieldset>"));
	}
	TRY(html_raw(b, "</fieldset>"));
out:
	return rc;
}

int
formdata_finding_item(struct buf *b, const struct form_question *q, const struct finding *d,
		      bool with_row)
{
	int rc;

	if (d->severity == FINDING_ERROR)
		TRY(html_raw(b, "<li class=\"error\"><strong>Error:</strong> "));
	else
		TRY(html_raw(b, "<li class=\"warning\"><strong>Warning:</strong> "));
	if (d->row && with_row)
		TRY(buf_printf(b, "Row %zu: ", d->row));
	TRY(html_text(b, d->message));
	if (d->suggestion) {
		TRY(html_raw(b, " <span class=\"suggestion\">Suggestion: "));
		TRY(html_text(b, d->suggestion));
		TRY(html_raw(b, "</span>"));
	}
	if (finding_column(d) != NULL) {
		/* One click: a submit button of the form (the answers are saved
		 * with the suggestion in place); app.js fills the field at once
		 * instead. */
		TRY(html_raw(b, " <button type=\"submit\" class=\"secondary small apply\" name=\"apply\" "
				"value=\""));
		TRY(html_attrf(b, "%s.%zu.%s=%s", q->id, d->row - 1, finding_column(d), d->suggestion));
		TRY(html_raw(b, "\">Apply<span class=\"visually-hidden\"> "));
		TRY(html_textf(b, "%s to row %zu", d->suggestion, d->row));
		TRY(html_raw(b, "</span></button>"));
	}
	TRY(html_raw(b, "</li>"));
out:
	return rc;
}

/* Is d about row r (from 0) of question q? */
static bool
on_row(const struct finding *d, const struct form_question *q, size_t r)
{
	size_t n = strlen(q->id);

	return d->row == r + 1 && d->field != NULL && strncmp(d->field, q->id, n) == 0 &&
	       (d->field[n] == '\0' || d->field[n] == '.');
}

/* The findings of row r, in its first cell (id "rf-QID-R", which the
 * row's inputs name in aria-describedby). */
static int
row_findings(struct buf *b, const struct form_question *q, size_t r, const struct findings *fnd)
{
	size_t i;
	bool any = false;
	int rc = 0;

	for (i = 0; fnd != NULL && i < fnd->n; i++) {
		if (!on_row(&fnd->v[i], q, r))
			continue;
		if (!any) {
			TRY(html_raw(b, "<ul class=\"row-findings\" id=\""));
			TRY(html_attrf(b, "rf-%s-%zu", q->id, r));
			TRY(html_raw(b, "\">"));
		}
		any = true;
		TRY(formdata_finding_item(b, q, &fnd->v[i], false));
	}
	if (any)
		TRY(html_raw(b, "</ul>"));
out:
	return rc;
}

static bool
row_has_findings(const struct form_question *q, size_t r, const struct findings *fnd)
{
	size_t i;

	for (i = 0; fnd != NULL && i < fnd->n; i++)
		if (on_row(&fnd->v[i], q, r))
			return true;
	return false;
}

/* A table or region list: a table of inputs, one row per entry; the
 * findings about a row in its first cell. */
static int
rows_inputs(struct buf *b, const struct form_question *q, json_t *answer, const struct findings *fnd)
{
	bool regions = q->type == FORM_REGIONS;
	size_t ncols = regions ? 3 : q->ncolumns, nrows, have = json_array_size(answer), r, c;
	char rk[24];
	int rc;

	if (regions) {
		nrows = have + REGION_EMPTY_ROWS;
		if (q->max_rows && nrows > q->max_rows)
			nrows = have > q->max_rows ? have : q->max_rows;
	} else {
		nrows = have > q->max_rows ? have : q->max_rows;
	}
	TRY(fieldset_open(b, regions ? "rows regions" : "rows table", q));
	TRY(html_raw(b, "<div class=\"table-scroll\"><table class=\"rows\"><thead><tr><th scope=\"col\">"));
	if (regions)
		TRY(html_raw(b, "Region"));
	else
		TRY(html_raw(b, "Row"));
	TRY(html_raw(b, "</th>"));
	for (c = 0; c < ncols; c++) {
		TRY(html_raw(b, "<th scope=\"col\">"));
		TRY(html_text(b, regions ? region_labels[c] : q->columns[c].label));
		TRY(html_raw(b, "</th>"));
	}
	TRY(html_raw(b, "</tr></thead><tbody data-rows=\""));
	TRY(html_attr(b, q->id));
	TRY(html_raw(b, "\""));
	TRY(buf_printf(b, " data-max-rows=\"%zu\"", q->max_rows ? q->max_rows : formdata_row_cap(q)));
	if (regions)
		TRY(html_raw(b, " data-kind=\"regions\">"));
	else
		TRY(html_raw(b, " data-kind=\"table\">"));
	for (r = 0; r < nrows; r++) {
		json_t *row = json_array_get(answer, r);

		snprintf(rk, sizeof(rk), "%zu", r);
		TRY(buf_printf(b, "<tr data-row=\"%zu\"><th scope=\"row\">%zu</th>", r, r + 1));
		for (c = 0; c < ncols; c++) {
			const char *cid = regions ? region_cols[c] : q->columns[c].id;
			const char *clabel = regions ? region_labels[c] : q->columns[c].label;

			TRY(html_raw(b, "<td><label class=\"visually-hidden\" for=\""));
			TRY(id_parts(b, "f-", q->id, rk, cid));
			TRY(html_raw(b, "\">"));
			TRY(html_text(b, clabel));
			if (regions)
				TRY(html_raw(b, ", region "));
			else
				TRY(html_raw(b, ", row "));
			TRY(buf_printf(b, "%zu</label>", r + 1));
			if (!regions && (q->columns[c].max_length == 0 || q->columns[c].max_length > TEXT_CELL_MAX)) {
				/* A cell for sentences: several lines. */
				TRY(html_raw(b, "<textarea rows=\"2\" cols=\"30\" id=\""));
				TRY(id_parts(b, "f-", q->id, rk, cid));
				TRY(html_raw(b, "\""));
				TRY(name_attr(b, q->id, rk, cid));
				if (row_has_findings(q, r, fnd)) {
					TRY(html_raw(b, " aria-describedby=\""));
					TRY(html_attrf(b, "rf-%s-%zu", q->id, r));
					TRY(html_raw(b, "\""));
				}
				TRY(html_raw(b, " data-col=\""));
				TRY(html_attr(b, cid));
				TRY(html_raw(b, "\">"));
				TRY(html_text(b, json_string_value(json_object_get(row, cid))));
				TRY(html_raw(b, "</textarea>"));
				if (c == 0)
					TRY(row_findings(b, q, r, fnd));
				TRY(html_raw(b, "</td>"));
				continue;
			}
			TRY(html_raw(b, "<input type=\"text\" id=\""));
			TRY(id_parts(b, "f-", q->id, rk, cid));
			TRY(html_raw(b, "\""));
			TRY(name_attr(b, q->id, rk, cid));
			if (row_has_findings(q, r, fnd)) {
				TRY(html_raw(b, " aria-describedby=\""));
				TRY(html_attrf(b, "rf-%s-%zu", q->id, r));
				TRY(html_raw(b, "\""));
			}
			TRY(html_raw(b, " data-col=\""));
			TRY(html_attr(b, cid));
			TRY(html_raw(b, "\""));
			if (!regions && q->columns[c].type == FORM_COL_DATE)
				TRY(html_raw(b, " class=\"date\" placeholder=\"e.g. 25.6.2020\""));
			if (regions && c == 1)
				TRY(html_raw(b, " size=\"4\""));
			if (regions && c == 2)
				TRY(html_raw(b, " size=\"8\""));
			TRY(html_raw(b, " value=\""));
			TRY(html_attr(b, json_string_value(json_object_get(row, cid))));
			TRY(html_raw(b, "\">"));
			if (c == 0)
				TRY(row_findings(b, q, r, fnd));
			TRY(html_raw(b, "</td>"));
		}
		TRY(html_raw(b, "</tr>"));
	}
	TRY(html_raw(b, "</tbody></table></div></fieldset>"));
out:
	return rc;
}

int
formdata_render_question(struct buf *b, const struct form_question *q, json_t *answer,
			 const struct formdata_view *v)
{
	int rc;

	switch (q->type) {
	case FORM_GROUP:
		return group_inputs(b, q, answer, v);
	case FORM_LIKERT:
		return likert_inputs(b, q, answer);
	case FORM_TABLE:
	case FORM_REGIONS:
		return rows_inputs(b, q, answer, v != NULL ? v->fnd : NULL);
	default:
		break;
	}
	TRY(label_for(b, "q-label", q->id, NULL, q->label, q->mandatory));
	TRY(help(b, q));
	TRY(simple_input(b, q, q, NULL, json_string_value(answer), v));
out:
	return rc;
}

/* ---- read-only values (conflicts) ------------------------------------- */

int
formdata_render_value(struct buf *b, const struct form_question *q, const char *sub,
		      json_t *value)
{
	const struct form_option *o;
	size_t i, c, ncols;
	json_t *row;
	int rc = 0;

	if (value == NULL || json_is_null(value))
		return html_raw(b, "<p class=\"empty\">(no answer)</p>");
	if (json_is_string(value)) {
		const char *s = json_string_value(value);

		if (q->type == FORM_LIKERT && sub && (o = form_option_find(q->scale, q->nscale, s)))
			s = o->label;
		else if (q->type == FORM_CHOICE && (o = form_option_find(q->choices, q->nchoices, s)))
			s = o->label;
		TRY(html_raw(b, "<div class=\"value\">"));
		TRY(html_text_paras(b, s));
		TRY(html_raw(b, "</div>"));
		goto out;
	}
	if (json_is_array(value)) {
		ncols = q->type == FORM_REGIONS ? 3 : q->ncolumns;
		TRY(html_raw(b, "<ol class=\"value\">"));
		json_array_foreach(value, i, row) {
			bool first = true;

			TRY(html_raw(b, "<li>"));
			for (c = 0; c < ncols; c++) {
				const char *id = q->type == FORM_REGIONS ? region_cols[c] : q->columns[c].id;
				const char *s = json_string_value(json_object_get(row, id));

				if (s == NULL || s[0] == '\0')
					continue;
				if (!first)
					TRY(html_raw(b, "; "));
				TRY(html_text(b, s));
				first = false;
			}
			TRY(html_raw(b, "</li>"));
		}
		TRY(html_raw(b, "</ol>"));
		goto out;
	}
	if (json_is_object(value)) {
		const char *k;
		json_t *e;

		TRY(html_raw(b, "<ul class=\"value\">"));
		json_object_foreach(value, k, e) {
			const struct form_option *ro = q->type == FORM_LIKERT ? form_option_find(q->rows, q->nrows, k) : NULL;
			const struct form_question *fq = q->type == FORM_GROUP ? form_field(q, k) : NULL;
			const char *s = json_string_value(e);

			if (q->type == FORM_LIKERT && (o = form_option_find(q->scale, q->nscale, s)))
				s = o->label;
			TRY(html_raw(b, "<li>"));
			TRY(html_text(b, ro ? ro->label : fq ? fq->label : k));
			TRY(html_raw(b, ": "));
			TRY(html_text(b, s));
			TRY(html_raw(b, "</li>"));
		}
		TRY(html_raw(b, "</ul>"));
	}
out:
	return rc;
}
