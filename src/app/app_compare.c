/* app_compare.c - two reports of one partnership lined up question by
 * question, each opened as the caller may see it (app_report.c), and the
 * periods the caller may compare. */
#include "app_compare.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "store.h"

void
report_compare_cleanup(struct report_compare *c)
{
	if (c == NULL)
		return;
	free(c->v);
	json_decref(c->from_doc);
	json_decref(c->to_doc);
	report_view_cleanup(&c->from);
	report_view_cleanup(&c->to);
	memset(c, 0, sizeof(*c));
}

static int
add(struct report_compare *c, size_t *cap, const struct form_question *q,
    const struct form_section *sec, enum compare_state st, json_t *before, json_t *after)
{
	if (c->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		struct compare_item *w = realloc(c->v, ncap * sizeof(*w));

		if (w == NULL)
			return APP_ENOMEM;
		c->v = w;
		*cap = ncap;
	}
	c->v[c->n].q = q;
	c->v[c->n].sec = sec;
	c->v[c->n].state = st;
	c->v[c->n].before = app_answer_empty(before) ? NULL : before;
	c->v[c->n].after = app_answer_empty(after) ? NULL : after;
	c->n++;
	if (st == COMPARE_SAME)
		c->nsame++;
	else if (st == COMPARE_CHANGED)
		c->nchanged++;
	else
		c->nonly++;
	return 0;
}

/* Walks form f (of view side); other is the other report's view. second:
 * f is the second report's form (every question of it is listed); else
 * only the questions the second form lacks. */
static int
walk(struct report_compare *c, size_t *cap, bool second)
{
	const struct report_view *mine = second ? &c->to : &c->from;
	const struct report_view *other = second ? &c->from : &c->to;
	json_t *ans_from = report_answers(c->from_doc), *ans_to = report_answers(c->to_doc);
	const struct form *f = mine->form;
	size_t i, j;
	int rc;

	for (i = 0; i < f->nsections; i++) {
		const struct form_section *sec = &f->sections[i];
		bool here = report_view_can_read_section(mine, i);

		for (j = 0; j < sec->nitems; j++) {
			const struct form_question *q = sec->items[j].q, *oq;
			json_t *a, *b;
			bool there;

			if (sec->items[j].kind != FORM_ITEM_QUESTION || q == NULL)
				continue;
			oq = form_find(other->form, q->id);
			if (!second && oq != NULL)
				continue; /* listed with the second form */
			there = oq != NULL && report_view_can_read_section(other, oq->section);
			if (!here && (oq == NULL || !there))
				continue; /* read in neither: not mentioned */
			if (!here || (oq != NULL && !there)) {
				c->nhidden++;
				continue;
			}
			a = json_is_object(ans_from) ? json_object_get(ans_from, q->id) : NULL;
			b = json_is_object(ans_to) ? json_object_get(ans_to, q->id) : NULL;
			if (oq == NULL)
				rc = add(c, cap, q, sec, second ? COMPARE_ONLY_NEW : COMPARE_ONLY_OLD, a, b);
			else if ((app_answer_empty(a) && app_answer_empty(b)) ||
				 (a != NULL && b != NULL && json_equal(a, b)))
				rc = add(c, cap, q, sec, COMPARE_SAME, a, b);
			else
				rc = add(c, cap, q, sec, COMPARE_CHANGED, a, b);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

int
app_report_compare(struct app *app, const struct actor *a, const char *slug, const char *from,
		   const char *to, struct report_compare *out, struct app_msg *msg)
{
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (from == NULL || to == NULL)
		return APP_ENOTFOUND;
	if ((rc = app_report_open(app, a, slug, from, &out->from)) != 0)
		goto fail;
	if ((rc = app_report_open(app, a, slug, to, &out->to)) != 0)
		goto fail;
	/* Both must be reports the caller may read: anything else is the
	 * one page's "not found". */
	if (!out->from.have_report || !out->to.have_report || out->from.doc == NULL ||
	    out->to.doc == NULL) {
		rc = APP_ENOTFOUND;
		goto fail;
	}
	if (strcmp(out->from.period, out->to.period) == 0) {
		rc = app_fail(msg, APP_EINPUT, "Choose two different periods to compare (both are %s).",
			      out->from.period);
		goto fail;
	}
	out->from_doc = report_view_visible_doc(&out->from);
	out->to_doc = report_view_visible_doc(&out->to);
	if (out->from_doc == NULL || out->to_doc == NULL) {
		rc = APP_ENOMEM;
		goto fail;
	}
	if ((rc = walk(out, &cap, true)) != 0 || (rc = walk(out, &cap, false)) != 0)
		goto fail;
	return 0;
fail:
	report_compare_cleanup(out);
	return rc;
}

int
app_compare_periods(struct app *app, const struct actor *a, const char *slug, char (**out)[8],
		    size_t *n)
{
	struct partnership p;
	struct report_row *rows = NULL;
	size_t nrows = 0, i, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	memset(&p, 0, sizeof(p));
	if (slug == NULL || slug[0] == '\0')
		return APP_ENOTFOUND;
	if ((rc = store_partnership_by_slug(app->store, slug, &p)) != 0)
		goto out;
	if ((rc = store_report_list(app->store, p.id, &rows, &nrows)) != 0)
		goto out;
	if ((*out = calloc(nrows + 1, sizeof(**out))) == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	/* Newest first, as the store lists them; only reports the caller
	 * may know of. */
	for (i = 0; i < nrows; i++)
		if (policy_can_read(a, p.id, rows[i].status))
			memcpy((*out)[k++], rows[i].period, sizeof(rows[i].period));
	*n = k;
out:
	report_row_free_list(rows, nrows);
	partnership_cleanup(&p);
	return rc;
}

const char *
app_compare_previous(char (*v)[8], size_t n, const char *period)
{
	size_t i;

	/* v is newest first: the first one older than period. */
	for (i = 0; period != NULL && i < n; i++)
		if (strcmp(v[i], period) < 0)
			return v[i];
	return NULL;
}
