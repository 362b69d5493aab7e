/* render_diff.c - what changed in an answer, for "changes since returned"
 * and the comparison of two reports: words removed (<del>) and added
 * (<ins>) inside a text, rows removed and added in a table, matrix rows
 * and group fields that changed, values before and after otherwise. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "app_report.h"
#include "diff.h"
#include "html.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* len bytes of s, escaped. */
static int
text_part(struct buf *b, const char *s, size_t len)
{
	struct buf one;
	int rc;

	buf_init(&one, len + 1);
	rc = buf_append(&one, s, len);
	if (rc == 0)
		rc = html_text(b, buf_cstr(&one));
	buf_cleanup(&one);
	return rc;
}

/* A word diff of two strings, in a paragraph kept as written. */
static int
words(struct buf *b, const char *before, const char *after)
{
	struct diff_span *v = NULL;
	size_t n = 0, i;
	int rc;

	TRY(diff_words(before, after, &v, &n));
	TRY(html_raw(b, "<p class=\"diff-text\">"));
	for (i = 0; i < n; i++) {
		const char *src = v[i].op == DIFF_INS ? after : before;

		if (v[i].op == DIFF_DEL)
			TRY(html_raw(b, "<del>"));
		else if (v[i].op == DIFF_INS)
			TRY(html_raw(b, "<ins>"));
		TRY(text_part(b, src + v[i].from, v[i].len));
		if (v[i].op == DIFF_DEL)
			TRY(html_raw(b, "</del>"));
		else if (v[i].op == DIFF_INS)
			TRY(html_raw(b, "</ins>"));
	}
	TRY(html_raw(b, "</p>\n"));
out:
	free(v);
	return rc;
}

/* A value for people: a string as it is, anything else as compact JSON. */
static char *
value_text(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return strdup("");
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

/* The cells of a row in the question's column order ("" for a missing one). */
static int
row_cells(struct buf *b, const struct form_question *q, const json_t *row)
{
	size_t i;
	int rc = 0;

	if (q->ncolumns == 0 || !json_is_object(row)) {
		char *t = value_text(row);

		if (t == NULL)
			return APP_ENOMEM;
		rc = html_raw(b, "<td>");
		if (rc == 0)
			rc = html_text(b, t);
		if (rc == 0)
			rc = html_raw(b, "</td>");
		free(t);
		return rc;
	}
	for (i = 0; i < q->ncolumns; i++) {
		const json_t *c = json_object_get(row, q->columns[i].id);

		TRY(html_raw(b, "<td>"));
		TRY(html_text(b, json_is_string(c) ? json_string_value(c) : ""));
		TRY(html_raw(b, "</td>"));
	}
out:
	return rc;
}

/* Columns of a regions question, which has none in the form. */
static const char *const region_cols[][2] = {{"name", "Name of the region"}, {"country", "Country"},
					     {"nuts", "NUTS code"}};

/* A row diff of two arrays of rows. */
static int
rows(struct buf *b, const struct form_question *q, const json_t *before, const json_t *after)
{
	const char *label = q->label;
	size_t na = json_is_array(before) ? json_array_size(before) : 0;
	size_t nb = json_is_array(after) ? json_array_size(after) : 0;
	char **ka = calloc(na + 1, sizeof(*ka)), **kb = calloc(nb + 1, sizeof(*kb));
	struct form_question regions;
	struct form_column cols[3];
	struct diff_row *v = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (ka == NULL || kb == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < na; i++)
		if ((ka[i] = json_dumps(json_array_get(before, i), JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
			ka[i] = strdup("");
	for (i = 0; i < nb; i++)
		if ((kb[i] = json_dumps(json_array_get(after, i), JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
			kb[i] = strdup("");
	TRY(diff_rows((const char *const *)ka, na, (const char *const *)kb, nb, &v, &n));
	if (q->type == FORM_REGIONS) {
		/* The regions' own columns, as the edit page shows them. */
		memset(&regions, 0, sizeof(regions));
		memset(cols, 0, sizeof(cols));
		for (i = 0; i < 3; i++) {
			cols[i].id = (char *)region_cols[i][0];
			cols[i].label = (char *)region_cols[i][1];
		}
		regions.columns = cols;
		regions.ncolumns = 3;
		q = &regions;
	}
	TRY(html_raw(b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Rows "
			"changed: "));
	TRY(html_attr(b, label));
	TRY(html_raw(b, "\"><table class=\"diff-rows\">\n<thead><tr><th scope=\"col\">Change</th>"));
	for (i = 0; i < q->ncolumns; i++) {
		TRY(html_raw(b, "<th scope=\"col\">"));
		TRY(html_text(b, q->columns[i].label));
		TRY(html_raw(b, "</th>"));
	}
	if (q->ncolumns == 0)
		TRY(html_raw(b, "<th scope=\"col\">Row</th>"));
	TRY(html_raw(b, "</tr></thead>\n<tbody>\n"));
	for (i = 0; i < n; i++) {
		const json_t *row = v[i].op == DIFF_INS ? json_array_get(after, v[i].index)
							: json_array_get(before, v[i].index);

		TRY(html_raw(b, v[i].op == DIFF_INS   ? "<tr class=\"row-ins\"><td>Added</td>"
				: v[i].op == DIFF_DEL ? "<tr class=\"row-del\"><td>Removed</td>"
						      : "<tr class=\"row-same\"><td>Unchanged</td>"));
		TRY(row_cells(b, q, row));
		TRY(html_raw(b, "</tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table></div>\n"));
out:
	for (i = 0; ka != NULL && i < na; i++)
		free(ka[i]);
	for (i = 0; kb != NULL && i < nb; i++)
		free(kb[i]);
	free(ka);
	free(kb);
	free(v);
	return rc;
}

/* The name of key k of an object answer to q: a matrix row's label (an
 * SDG), a group field's label, else the key itself. Borrowed. */
static const char *
key_label(const struct form_question *q, const char *k)
{
	const struct form_option *o;
	const struct form_question *f;

	if (q != NULL && q->type == FORM_LIKERT && (o = form_option_find(q->rows, q->nrows, k)) != NULL)
		return o->label;
	if (q != NULL && q->type == FORM_GROUP && (f = form_field(q, k)) != NULL)
		return f->label;
	return k;
}

/* A value of key k for people: a matrix's scale label, else value_text. */
static char *
key_value(const struct form_question *q, const json_t *v)
{
	const struct form_option *o;

	if (q != NULL && q->type == FORM_LIKERT && json_is_string(v) &&
	    (o = form_option_find(q->scale, q->nscale, json_string_value(v))) != NULL)
		return strdup(o->label);
	return value_text(v);
}

/* An object of answers (a group's fields, a matrix's rows): each key that
 * changed, named as the form names it, with a word diff of its values. */
static int
keyed(struct buf *b, const struct form_question *q, const json_t *before, const json_t *after)
{
	const char *k;
	json_t *x;
	int rc = 0, pass;

	TRY(html_raw(b, "<dl class=\"diff-keys\">\n"));
	for (pass = 0; pass < 2; pass++) {
		const json_t *from = pass == 0 ? before : after;

		if (!json_is_object(from))
			continue;
		json_object_foreach((json_t *)from, k, x) {
			const json_t *a = json_is_object(before) ? json_object_get(before, k) : NULL;
			const json_t *c = json_is_object(after) ? json_object_get(after, k) : NULL;
			char *ta, *tc;

			if (pass == 1 && a != NULL)
				continue; /* seen in the first pass */
			if (a != NULL && c != NULL && json_equal(a, c))
				continue;
			ta = key_value(q, a);
			tc = key_value(q, c);
			rc = ta != NULL && tc != NULL ? 0 : APP_ENOMEM;
			if (rc == 0)
				rc = html_raw(b, "<dt>");
			if (rc == 0)
				rc = html_text(b, key_label(q, k));
			if (rc == 0)
				rc = html_raw(b, "</dt><dd>");
			if (rc == 0)
				rc = words(b, ta, tc);
			if (rc == 0)
				rc = html_raw(b, "</dd>\n");
			free(ta);
			free(tc);
			if (rc != 0)
				goto out;
		}
	}
	TRY(html_raw(b, "</dl>\n"));
out:
	return rc;
}

int
render_answer_diff(struct buf *b, const struct form_question *q, const json_t *before,
		   const json_t *after)
{
	char *ta, *tc;
	int rc;

	if ((before == NULL || json_is_array(before)) && (after == NULL || json_is_array(after)) &&
	    (json_is_array(before) || json_is_array(after)))
		return rows(b, q, before, after);
	if ((before == NULL || json_is_object(before)) && (after == NULL || json_is_object(after)))
		return keyed(b, q, before, after);
	ta = value_text(before);
	tc = value_text(after);
	rc = ta != NULL && tc != NULL ? words(b, ta, tc) : APP_ENOMEM;
	free(ta);
	free(tc);
	return rc;
}

int
render_changes(struct buf *b, const struct report_changes *ch, int level)
{
	size_t i;
	int rc = 0;

	if (!ch->shown)
		return 0;
	TRY(html_raw(b, "<section id=\"changes\" class=\"changes\" aria-labelledby=\"h-changes\">\n"));
	(void)level;
	TRY(html_raw(b, "<h2 id=\"h-changes\">Changes since the report was returned</h2>\n<p>"
			"Between the report as it was returned on "));
	TRY(render_time(b, ch->returned_at));
	TRY(html_raw(b, " and as it was submitted again. Removed words are struck through "
			"(<del>like this</del>), added words underlined (<ins>like this</ins>).</p>\n"));
	if (ch->n == 0)
		TRY(html_raw(b, "<p>No answer changed.</p>\n"));
	for (i = 0; i < ch->n; i++) {
		const struct report_change *c = &ch->v[i];

		TRY(html_raw(b, "<div class=\"change\">\n<h3>"));
		TRY(html_text(b, c->q->label));
		TRY(html_raw(b, "</h3>\n"));
		TRY(render_answer_diff(b, c->q, c->before, c->after));
		TRY(html_raw(b, "</div>\n"));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}
