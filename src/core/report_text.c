/* report_text.c - a report's answers as plain text for the search index,
 * and the full-text query built from a user's words. */
#include "report_text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "text.h"

#define SEP " · "

static int
put_sep(struct buf *b)
{
	return b->len > 0 ? buf_puts(b, SEP) : 0;
}

/* A string as text: control characters (the snippet markers among them)
 * become spaces. */
static int
put_text(struct buf *b, const char *s)
{
	int rc;

	if (s == NULL || s[0] == '\0')
		return 0;
	if ((rc = put_sep(b)) != 0)
		return rc;
	for (; *s != '\0'; s++)
		if ((rc = buf_putc(b, (unsigned char)*s < 0x20 && *s != '\n' ? ' ' : *s)) != 0)
			return rc;
	return 0;
}

static const char *
option_label(const struct form_option *v, size_t n, const char *value)
{
	const struct form_option *o = form_option_find(v, n, value);

	return o != NULL && o->label != NULL ? o->label : value;
}

static int flatten_value(const struct form_question *q, json_t *v, struct buf *b);

/* Every string of an array of objects (table rows, regions), in order. */
static int
flatten_rows(json_t *v, struct buf *b)
{
	json_t *row, *cell;
	const char *k;
	size_t i;
	int rc;

	json_array_foreach(v, i, row) {
		if (json_is_string(row)) {
			if ((rc = put_text(b, json_string_value(row))) != 0)
				return rc;
			continue;
		}
		json_object_foreach(row, k, cell)
			if (json_is_string(cell) && (rc = put_text(b, json_string_value(cell))) != 0)
				return rc;
	}
	return 0;
}

static int
flatten_likert(const struct form_question *q, json_t *v, struct buf *b)
{
	struct buf line;
	json_t *e;
	const char *k;
	int rc = 0;

	buf_init(&line, 4096);
	json_object_foreach(v, k, e) {
		if (!json_is_string(e))
			continue;
		buf_reset(&line);
		if ((rc = buf_puts(&line, option_label(q->rows, q->nrows, k))) != 0 ||
		    (rc = buf_puts(&line, ": ")) != 0 ||
		    (rc = buf_puts(&line, option_label(q->scale, q->nscale, json_string_value(e)))) != 0 ||
		    (rc = put_text(b, buf_cstr(&line))) != 0)
			break;
	}
	buf_cleanup(&line);
	return rc;
}

static int
flatten_group(const struct form_question *q, json_t *v, struct buf *b)
{
	const struct form_question *fq;
	json_t *e;
	const char *k;
	int rc;

	json_object_foreach(v, k, e) {
		fq = form_field(q, k);
		if (fq == NULL) {
			if (json_is_string(e) && (rc = put_text(b, json_string_value(e))) != 0)
				return rc;
			continue;
		}
		if ((rc = flatten_value(fq, e, b)) != 0)
			return rc;
	}
	return 0;
}

static int
flatten_value(const struct form_question *q, json_t *v, struct buf *b)
{
	switch (q->type) {
	case FORM_REGIONS:
	case FORM_TABLE:
		return json_is_array(v) ? flatten_rows(v, b) : 0;
	case FORM_LIKERT:
		return json_is_object(v) ? flatten_likert(q, v, b) : 0;
	case FORM_GROUP:
		return json_is_object(v) ? flatten_group(q, v, b) : 0;
	case FORM_CHOICE:
		if (!json_is_string(v))
			return 0;
		return put_text(b, q->choices_from != NULL
					   ? json_string_value(v)
					   : option_label(q->choices, q->nchoices, json_string_value(v)));
	default:
		return json_is_string(v) ? put_text(b, json_string_value(v)) : 0;
	}
}

void
report_text_free(struct report_text *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].question);
		free(v[i].text);
		free(v[i].folded);
	}
	free(v);
}

int
report_text_flatten(const struct form *f, json_t *doc, struct report_text **out, size_t *n)
{
	json_t *answers = report_answers(doc), *v;
	struct report_text *r = NULL, *e;
	struct buf b;
	size_t i, k = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!json_is_object(answers))
		return 0;
	buf_init(&b, 32u * 1024 * 1024);
	r = calloc(f->nquestions + 1, sizeof(*r));
	if (r == NULL)
		return APP_ENOMEM;
	for (i = 0; i < f->nquestions && k < REPORT_TEXT_MAX; i++) {
		const struct form_question *q = f->questions[i];

		v = json_object_get(answers, q->id);
		if (v == NULL)
			continue;
		buf_reset(&b);
		if ((rc = flatten_value(q, v, &b)) != 0)
			goto out;
		if (b.len == 0)
			continue;
		e = &r[k];
		e->section = q->section;
		e->index = i;
		e->question = strdup(q->id);
		e->text = buf_take(&b, NULL);
		e->folded = e->text != NULL ? text_fold(e->text, strlen(e->text), true) : NULL;
		k++;
		if (e->question == NULL || e->text == NULL || e->folded == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
	}
out:
	buf_cleanup(&b);
	if (rc != 0 || k == 0) {
		report_text_free(r, k);
		return rc;
	}
	*out = r;
	*n = k;
	return 0;
}

static bool
word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Appends "TEXT" (quotes doubled) and the '*' of a prefix. */
static int
put_phrase(struct buf *out, const char *t, size_t len, bool prefix)
{
	size_t i;
	int rc = buf_putc(out, '"');

	for (i = 0; rc == 0 && i < len; i++)
		rc = t[i] == '"' ? buf_puts(out, "\"\"") : buf_putc(out, t[i]);
	if (rc == 0)
		rc = buf_puts(out, prefix ? "\"*" : "\"");
	return rc;
}

int
report_text_match(const char *q, struct buf *out, size_t *nwords)
{
	size_t start = out->len, len, cut, words = 0;
	const char *s = q != NULL ? q : "";
	char *folded;
	bool prefix;
	int rc = 0;

	*nwords = 0;
	while (*s != '\0' && words < REPORT_TEXT_MAX_WORDS) {
		if (!word_byte((unsigned char)*s)) {
			s++;
			continue;
		}
		for (len = 0; word_byte((unsigned char)s[len]); len++)
			;
		prefix = s[len] == '*';
		cut = text_prefix(s, len < REPORT_TEXT_MAX_WORD ? len : REPORT_TEXT_MAX_WORD);
		folded = text_fold(s, cut, true);
		if (folded == NULL) {
			rc = APP_ENOMEM;
			goto fail;
		}
		/* A word of punctuation only (a dash, a guillemet) folds to
		 * nothing: no word. */
		if (folded[0] == '\0') {
			free(folded);
			s += len;
			continue;
		}
		/* The folded word finds the folded text; the word as written
		 * too, so that the text as written is marked where it can be
		 * ("łódź" in "Łódź"). */
		rc = buf_puts(out, words > 0 ? " AND (" : "(");
		if (rc == 0)
			rc = put_phrase(out, folded, strlen(folded), prefix);
		if (rc == 0)
			rc = buf_puts(out, " OR ");
		if (rc == 0)
			rc = put_phrase(out, s, cut, prefix);
		if (rc == 0)
			rc = buf_putc(out, ')');
		free(folded);
		s += len;
		if (rc != 0)
			goto fail;
		words++;
	}
	*nwords = words;
	return 0;
fail:
	out->len = start;
	if (out->data != NULL)
		out->data[start] = '\0';
	return rc;
}
