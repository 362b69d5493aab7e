/* pdf_out.c - a report document as a PDF laid out like the form: the title
 * block, then section by section the headings, static texts and each
 * question's wording with its answer. The page flow is pdf_layout.c's. */
#include "pdf_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "period.h"
#include "report.h"

#define GAP_QUESTION 9.0 /* under an answer */
#define GAP_LABEL 2.0    /* between a label (or help) and the answer */
#define GAP_FIELD 7.0    /* the same in a group */
#define GAP_SECTION 14.0 /* above a section's title */
#define NUMBER_W 20.0    /* the "#" column */
#define KEEP 40.0        /* room an answer needs under its label */


/* --- simple answers --------------------------------------------------------- */

static void
text_block(struct pl *pl, enum pl_font font, const char *text, double x, double w,
	   enum pl_colour colour)
{
	PangoLayout *l = pl_layout(pl, font, text, w, PL_ALIGN_LEFT, 0);

	pl_block(pl, l, x, colour);
	if (l != NULL)
		g_object_unref(l);
}

/* The same for a text of the form (kept for the next reports). */
static void
form_block(struct pl *pl, enum pl_font font, const char *text, double x, double w,
	   enum pl_colour colour)
{
	PangoLayout *l = pl_layout_form(pl, font, text, w, PL_ALIGN_LEFT, 0);

	pl_block(pl, l, x, colour);
	if (l != NULL)
		g_object_unref(l);
}

/* What a reader takes for no answer (report.h). */
static void
none(struct pl *pl, double x, double w)
{
	form_block(pl, PL_NONE, REPORT_NO_ANSWER, x, w, PL_GREY);
}

static bool
is_bullet(const char *s, size_t n, size_t *prefix)
{
	if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
		*prefix = 2;
		return true;
	}
	if (n >= 4 && memcmp(s, "\xe2\x80\xa2 ", 4) == 0) { /* "• " */
		*prefix = 4;
		return true;
	}
	return false;
}

/* Paragraphs apart ("\n\n"), line breaks kept, bullet lines ("- x",
 * "• x") with a hanging indent. */
static void
longtext(struct pl *pl, const char *text, double x, double w)
{
	const char *p = text;
	double line_h = 0;

	while (*p != '\0' && !pl->failed) {
		size_t n = strcspn(p, "\n"), prefix = 0;

		if (n == 0) {
			/* A blank line and a bit: the paragraphs stand clearly apart,
			 * also to a reader measuring distances between lines. */
			pl_skip(pl, line_h > 0 ? line_h * 1.3 : 14);
		} else {
			char *line = strndup(p, n);
			bool bullet = is_bullet(p, n, &prefix);
			PangoLayout *l;

			if (line == NULL) {
				pl->failed = true;
				return;
			}
			l = pl_layout(pl, PL_BODY, line, w, PL_ALIGN_LEFT, bullet ? 9.0 : 0);
			free(line);
			if (l != NULL) {
				PangoLayoutLine *first = pango_layout_get_line_readonly(l, 0);
				PangoRectangle r;

				pango_layout_line_get_extents(first, NULL, &r);
				line_h = (double)r.height / PANGO_SCALE;
				pl_block(pl, l, x, PL_BLACK);
				g_object_unref(l);
			}
		}
		p += n;
		if (*p == '\n')
			p++;
	}
}

static const char *
str_of(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* --- tables ---------------------------------------------------------------- */

/* Column widths from how much the columns hold (characters, within limits),
 * stretched to width. */
static void
widths_by_content(double *w, const size_t *chars, const double *minw, size_t n, double width)
{
	double sum = 0, fixed = 0, wsum = 0;
	size_t c;
	int pass;

	for (c = 0; c < n; c++) {
		double v = (double)chars[c];

		if (v < 6)
			v = 6;
		if (v > 40)
			v = 40;
		w[c] = v;
		sum += v;
	}
	/* Shares of what is left once the columns whose longest word needs
	 * more than their share have it. */
	for (pass = 0; pass < 3; pass++) {
		bool changed = false;

		fixed = 0;
		wsum = 0;
		for (c = 0; c < n; c++) {
			if (w[c] < 0)
				fixed += -w[c];
			else
				wsum += w[c];
		}
		for (c = 0; c < n; c++)
			if (w[c] > 0 && w[c] * (width - fixed) / wsum < minw[c]) {
				w[c] = -minw[c];
				changed = true;
			}
		if (!changed)
			break;
	}
	fixed = 0;
	wsum = 0;
	for (c = 0; c < n; c++) {
		if (w[c] < 0)
			fixed += -w[c];
		else
			wsum += w[c];
	}
	for (c = 0; c < n; c++)
		w[c] = w[c] < 0 ? -w[c] : w[c] * (width - fixed) / (wsum > 0 ? wsum : 1);
	(void)sum;
}

/* Characters in the longest word of s. */
static size_t
longest_word(const char *s)
{
	size_t best = 0, cur = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			cur = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++cur > best)
			best = cur;
	}
	return best;
}

static size_t
longest_line(const char *s)
{
	size_t best = 0, cur = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\n') {
			cur = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++cur > best)
			best = cur;
	}
	return best;
}

/* A grid of cell texts: rows * ncols (a column of row numbers first when
 * numbered), laid out and placed. texts may hold NULL (empty cells). */
static void
grid(struct pl *pl, double x, double width, const char **labels, size_t ncols, const char **texts,
     size_t nrows, bool numbered)
{
	size_t tc = ncols + (numbered ? 1 : 0), r, c;
	PangoLayout **head = calloc(tc, sizeof(*head));
	PangoLayout **cells = calloc(tc * (nrows ? nrows : 1), sizeof(*cells));
	double *w = calloc(tc, sizeof(*w));
	size_t *chars = calloc(ncols, sizeof(*chars));
	double *minw = calloc(ncols, sizeof(*minw));
	size_t off = numbered ? 1 : 0;

	if (head == NULL || cells == NULL || w == NULL || chars == NULL || minw == NULL) {
		pl->failed = true;
		goto out;
	}
	for (c = 0; c < ncols; c++) {
		size_t word = longest_word(labels[c]);

		chars[c] = longest_line(labels[c]);
		for (r = 0; r < nrows; r++) {
			size_t k = longest_line(texts[r * ncols + c]);

			if (k > chars[c])
				chars[c] = k;
			if ((k = longest_word(texts[r * ncols + c])) > word)
				word = k;
		}
		/* About 5 points a character at the cells' size. */
		minw[c] = (double)(word < 24 ? word : 24) * 5.0 + 2 * PL_PAD;
	}
	if (numbered)
		w[0] = NUMBER_W;
	widths_by_content(w + off, chars, minw, ncols, width - (numbered ? NUMBER_W : 0));
	if (numbered)
		head[0] = pl_layout_form(pl, PL_CELLHEAD, "#", w[0] - 2 * PL_PAD, PL_ALIGN_LEFT, 0);
	for (c = 0; c < ncols; c++)
		head[off + c] = pl_layout_form(pl, PL_CELLHEAD, labels[c], w[off + c] - 2 * PL_PAD,
					       PL_ALIGN_LEFT, 0);
	for (r = 0; r < nrows; r++) {
		if (numbered) {
			char num[24];

			snprintf(num, sizeof(num), "%zu", r + 1);
			cells[r * tc] = pl_layout_form(pl, PL_CELL, num, w[0] - 2 * PL_PAD, PL_ALIGN_LEFT, 0);
		}
		for (c = 0; c < ncols; c++) {
			const char *t = texts[r * ncols + c];

			if (t != NULL && t[0] != '\0')
				cells[r * tc + off + c] = pl_layout(pl, PL_CELL, t, w[off + c] - 2 * PL_PAD,
								    PL_ALIGN_LEFT, 0);
		}
	}
	pl_table(pl, x, w, tc, head, cells, nrows);
out:
	if (head != NULL)
		for (c = 0; c < tc; c++)
			if (head[c] != NULL)
				g_object_unref(head[c]);
	if (cells != NULL)
		for (r = 0; r < tc * nrows; r++)
			if (cells[r] != NULL)
				g_object_unref(cells[r]);
	free(head);
	free(cells);
	free(w);
	free(chars);
	free(minw);
}

/* Rows of a table question: only the filled ones, numbered 1..n. */
static void
table_answer(struct pl *pl, const struct form_question *q, json_t *rows, double x, double w)
{
	size_t n = json_array_size(rows), r, c, k = 0;
	const char **labels = calloc(q->ncolumns ? q->ncolumns : 1, sizeof(*labels));
	const char **texts = calloc((n ? n : 1) * (q->ncolumns ? q->ncolumns : 1), sizeof(*texts));

	if (labels == NULL || texts == NULL) {
		pl->failed = true;
		goto out;
	}
	for (c = 0; c < q->ncolumns; c++)
		labels[c] = q->columns[c].label;
	for (r = 0; r < n; r++) {
		json_t *row = json_array_get(rows, r);
		bool filled = false;

		for (c = 0; c < q->ncolumns; c++) {
			const char *t = str_of(json_object_get(row, q->columns[c].id));

			texts[k * q->ncolumns + c] = t;
			if (!blank(t))
				filled = true;
		}
		if (filled)
			k++;
	}
	if (k == 0 || q->ncolumns == 0)
		none(pl, x, w);
	else
		grid(pl, x, w, labels, q->ncolumns, texts, k, true);
out:
	free(labels);
	free(texts);
}

/* Regions as a table numbered like the table questions (the PDF reader
 * finds rows by their number in the "#" column). */
static void
regions_answer(struct pl *pl, json_t *list, double x, double w)
{
	static const char *const labels[3] = {"Name", "Country", "NUTS"};
	static const char *const keys[3] = {"name", "country", "nuts"};
	size_t n = json_array_size(list), r, c, k = 0;
	const char **texts = calloc((n ? n : 1) * 3, sizeof(*texts));

	if (texts == NULL) {
		pl->failed = true;
		return;
	}
	for (r = 0; r < n; r++) {
		bool filled = false;

		for (c = 0; c < 3; c++) {
			const char *t = str_of(json_object_get(json_array_get(list, r), keys[c]));

			texts[k * 3 + c] = t;
			if (!blank(t))
				filled = true;
		}
		if (filled)
			k++;
	}
	if (k == 0)
		none(pl, x, w);
	else
		grid(pl, x, w, (const char **)labels, 3, texts, k, true);
	free(texts);
}

/* The likert matrix: the row label, then a column per scale label, the
 * chosen level marked "X" in the middle of its cell. */
static void
likert_answer(struct pl *pl, const struct form_question *q, json_t *ans, double x, double width)
{
	size_t tc = q->nscale + 1, r, c, answered = 0;
	double *w = calloc(tc, sizeof(*w)), sw;
	PangoLayout **head = calloc(tc, sizeof(*head));
	PangoLayout **cells = calloc(tc * (q->nrows ? q->nrows : 1), sizeof(*cells));

	if (w == NULL || head == NULL || cells == NULL) {
		pl->failed = true;
		goto out;
	}
	sw = q->nscale > 0 ? width * 0.55 / (double)q->nscale : 0;
	if (sw > 52)
		sw = 52;
	/* Every scale label's words whole on their lines. */
	for (c = 0; c < q->nscale; c++) {
		char **words = g_strsplit(q->scale[c].label, " ", -1);
		size_t k;

		for (k = 0; words != NULL && words[k] != NULL; k++) {
			double ww = pl_text_width(pl, PL_CELLHEAD, words[k]) + 2 * PL_PAD + 1;

			if (ww > sw && ww < width / (double)(q->nscale + 2))
				sw = ww;
		}
		g_strfreev(words);
	}
	w[0] = width - sw * (double)q->nscale;
	head[0] = pl_layout_form(pl, PL_CELLHEAD, "", w[0] - 2 * PL_PAD, PL_ALIGN_LEFT, 0);
	for (c = 0; c < q->nscale; c++) {
		w[c + 1] = sw;
		head[c + 1] = pl_layout_form(pl, PL_CELLHEAD, q->scale[c].label, sw - 2 * PL_PAD,
					     PL_ALIGN_LEFT, 0);
	}
	for (r = 0; r < q->nrows; r++) {
		const char *v = str_of(json_object_get(ans, q->rows[r].value));

		cells[r * tc] =
		    pl_layout_form(pl, PL_CELL, q->rows[r].label, w[0] - 2 * PL_PAD, PL_ALIGN_LEFT, 0);
		if (v == NULL)
			continue;
		answered++;
		for (c = 0; c < q->nscale; c++)
			if (strcmp(v, q->scale[c].value) == 0)
				cells[r * tc + c + 1] = pl_layout_form(pl, PL_CELLHEAD, "X", sw - 2 * PL_PAD,
								       PL_ALIGN_CENTER, 0);
	}
	if (answered == 0)
		none(pl, x, width);
	else
		pl_table(pl, x, w, tc, head, cells, q->nrows);
out:
	if (head != NULL)
		for (c = 0; c < tc; c++)
			if (head[c] != NULL)
				g_object_unref(head[c]);
	if (cells != NULL)
		for (r = 0; r < tc * q->nrows; r++)
			if (cells[r] != NULL)
				g_object_unref(cells[r]);
	free(w);
	free(head);
	free(cells);
}

static bool
is_web_address(const char *s)
{
	return (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0) &&
	       strpbrk(s, " \t\n") == NULL;
}

static void question(struct pl *pl, const struct form_question *q, json_t *ans, double x, double w,
		     double gap);

static void
group_answer(struct pl *pl, const struct form_question *q, json_t *ans, double x, double w)
{
	size_t i;

	if (json_object_size(ans) == 0) {
		none(pl, x, w);
		return;
	}
	for (i = 0; i < q->nfields && !pl->failed; i++) {
		if (i > 0)
			pl_skip(pl, 6);
		/* A wider gap under a field's label: a reader must not take the
		 * answer for the label's last line. */
		question(pl, &q->fields[i], json_object_get(ans, q->fields[i].id), x, w, GAP_FIELD);
	}
}

static void
answer(struct pl *pl, const struct form_question *q, json_t *ans, double x, double w)
{
	const char *s = str_of(ans);
	char label[64];
	struct period per;
	const struct form_option *o;
	PangoLayout *l;

	switch (q->type) {
	case FORM_REGIONS:
		regions_answer(pl, ans, x, w);
		return;
	case FORM_TABLE:
		table_answer(pl, q, ans, x, w);
		return;
	case FORM_LIKERT:
		likert_answer(pl, q, ans, x, w);
		return;
	case FORM_GROUP:
		group_answer(pl, q, ans, x, w);
		return;
	default:
		break;
	}
	if (blank(s)) {
		none(pl, x, w);
		return;
	}
	switch (q->type) {
	case FORM_LONGTEXT:
		longtext(pl, s, x, w);
		break;
	case FORM_CHOICE:
		o = form_option_find(q->choices, q->nchoices, s);
		if (o != NULL)
			form_block(pl, PL_BODY, o->label, x, w, PL_BLACK);
		else
			text_block(pl, PL_BODY, s, x, w, PL_BLACK);
		break;
	case FORM_PERIOD:
		if (period_parse(s, &per) == 0) {
			period_label(per, label, sizeof(label));
			s = label;
		}
		text_block(pl, PL_BODY, s, x, w, PL_BLACK);
		break;
	case FORM_URL:
		if (!is_web_address(s)) {
			text_block(pl, PL_BODY, s, x, w, PL_BLACK);
			break;
		}
		l = pl_layout(pl, PL_BODY, s, w, PL_ALIGN_LEFT, 0);
		pl_block_link(pl, l, x, PL_BLUE, s);
		if (l != NULL)
			g_object_unref(l);
		break;
	default:
		text_block(pl, PL_BODY, s, x, w, PL_BLACK);
	}
}

/* The wording in bold, the help under it in grey, gap, the answer. */
static void
question(struct pl *pl, const struct form_question *q, json_t *ans, double x, double w, double gap)
{
	PangoLayout *lab = pl_layout_form(pl, PL_LABEL, q->label, w, PL_ALIGN_LEFT, 0);
	PangoLayout *hl = q->help != NULL && q->help[0] != '\0'
				  ? pl_layout_form(pl, PL_HELP, q->help, w, PL_ALIGN_LEFT, 0)
				  : NULL;

	pl_need(pl, pl_height(lab) + pl_height(hl) + KEEP);
	pl_block(pl, lab, x, PL_BLACK);
	if (hl != NULL) {
		pl_skip(pl, 1);
		pl_block(pl, hl, x, PL_GREY);
	}
	pl_skip(pl, gap);
	answer(pl, q, ans, x, w);
	if (lab != NULL)
		g_object_unref(lab);
	if (hl != NULL)
		g_object_unref(hl);
}

/* --- the document ----------------------------------------------------------- */

static void
title_block(struct pl *pl, const struct form *f, const char *partnership, const char *period,
	    const struct pdf_meta *m)
{
	/* The marker first, as the form has it above its title. */
	if (f->mandatory_marker != NULL) {
		form_block(pl, PL_HELP, f->mandatory_marker, PL_LEFT, PL_WIDTH, PL_GREY);
		pl_skip(pl, 4);
	}
	form_block(pl, PL_TITLE, f->title, PL_LEFT, PL_WIDTH, PL_BLACK);
	pl_skip(pl, 6);
	if (partnership[0] != '\0')
		text_block(pl, PL_SUBTITLE, partnership, PL_LEFT, PL_WIDTH, PL_BLACK);
	if (period[0] != '\0')
		text_block(pl, PL_SUBTITLE, period, PL_LEFT, PL_WIDTH, PL_BLACK);
	if (m->status != NULL && m->status[0] != '\0') {
		char *s = g_strconcat("Status: ", m->status, NULL);

		text_block(pl, PL_BODY, s, PL_LEFT, PL_WIDTH, PL_GREY);
		g_free(s);
	}
	if (m->url != NULL && is_web_address(m->url)) {
		PangoLayout *l = pl_layout(pl, PL_BODY, m->url, PL_WIDTH, PL_ALIGN_LEFT, 0);

		pl_block_link(pl, l, PL_LEFT, PL_BLUE, m->url);
		if (l != NULL)
			g_object_unref(l);
	}
	pl_skip(pl, 10);
}

static void
section(struct pl *pl, const struct form *f, const struct form_section *sec, json_t *answers)
{
	size_t i;

	if (sec->title != NULL && sec->title[0] != '\0') {
		PangoLayout *l = pl_layout_form(pl, PL_SECTION, sec->title, PL_WIDTH, PL_ALIGN_LEFT, 0);

		if (!pl_at_top(pl))
			pl_skip(pl, GAP_SECTION);
		pl_need(pl, pl_height(l) + 2 * KEEP);
		pl_mark(pl, sec->title);
		pl_block(pl, l, PL_LEFT, PL_BLACK);
		if (l != NULL)
			g_object_unref(l);
		pl_skip(pl, 6);
	}
	for (i = 0; i < sec->nitems && !pl->failed; i++) {
		const struct form_item *it = &sec->items[i];

		switch (it->kind) {
		case FORM_ITEM_HEADING:
			pl_skip(pl, 4);
			pl_need(pl, 2 * KEEP);
			form_block(pl, PL_HEADING, it->text, PL_LEFT, PL_WIDTH, PL_BLACK);
			pl_skip(pl, 5);
			break;
		case FORM_ITEM_TEXT:
			/* The form's title opens the header: the title block has it. */
			if (f->title != NULL && strcmp(it->text, f->title) == 0)
				break;
			form_block(pl, PL_BODY, it->text, PL_LEFT, PL_WIDTH, PL_BLACK);
			/* Half a line or more between paragraphs: a reader tells
			 * them apart by the gap. */
			pl_skip(pl, 8);
			break;
		case FORM_ITEM_QUESTION:
			question(pl, it->q, json_object_get(answers, it->q->id), PL_LEFT, PL_WIDTH, GAP_LABEL);
			pl_skip(pl, GAP_QUESTION);
			break;
		}
	}
}

struct sink {
	struct buf *b;
	int err; /* the first append's failure */
};

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *k = closure;
	int rc = k->err == 0 ? buf_append(k->b, data, len) : k->err;

	if (rc != 0) {
		k->err = rc;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

int
pdf_report(const struct form *f, json_t *doc, const struct pdf_meta *m, struct buf *out,
	   struct app_msg *msg)
{
	json_t *answers = report_answers(doc);
	const char *partnership = m->partnership != NULL ? m->partnership : "";
	const char *pid = m->period != NULL ? m->period : str_of(json_object_get(answers, "reporting_period"));
	char period[64] = "", created[32];
	char *running = NULL, *title = NULL, *subject = NULL;
	struct pl pl;
	struct pl_doc d;
	struct sink sink = {out, 0};
	struct period per;
	struct tm tm;
	time_t now = m->created != 0 ? m->created : time(NULL);
	const char *why = "";
	size_t i, start = out->len;
	int rc = 0;

	if (pid != NULL && period_parse(pid, &per) == 0)
		period_label(per, period, sizeof(period));
	else if (pid != NULL)
		snprintf(period, sizeof(period), "%s", pid);
	if (!pl_init(&pl)) {
		pl_cleanup(&pl);
		return app_fail(msg, APP_EINTERNAL, "PDF: pango could not be set up (fonts?)");
	}
	pl.y = PL_TOP;
	title_block(&pl, f, partnership, period, m);
	for (i = 0; i < f->nsections && !pl.failed; i++) {
		if (f->sections[i].confidential && !m->confidential)
			continue;
		section(&pl, f, &f->sections[i], answers);
	}
	if (pl.failed) {
		rc = app_fail(msg, APP_ENOMEM, "PDF: out of memory");
		goto out;
	}
	running = g_strjoin(" \xc2\xb7 ", partnership[0] ? partnership : f->title,
			    period[0] ? period : "-", m->status != NULL ? m->status : "", NULL);
	if (m->status == NULL || m->status[0] == '\0')
		running[strlen(running) - strlen(" \xc2\xb7 ")] = '\0';
	title = g_strconcat(f->title, partnership[0] ? " \xe2\x80\x94 " : "", partnership,
			    period[0] ? " \xe2\x80\x94 " : "", period, NULL);
	subject = g_strconcat("Monitoring Progress Report", partnership[0] ? " of " : "", partnership,
			      period[0] ? ", " : "", period, NULL);
	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	memset(&d, 0, sizeof(d));
	d.running = running;
	d.title = title;
	d.author = partnership[0] ? partnership : NULL;
	d.subject = subject;
	d.keywords = f->id;
	d.created = created;
	if (!pl_draw(&pl, &d, write_buf, &sink, &why)) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		if (sink.err != 0)
			rc = app_fail(msg, sink.err, "PDF: %s", app_strerror(sink.err));
		else
			rc = app_fail(msg, APP_EINTERNAL, "PDF: %s", why);
		goto out;
	}
	if (pl.failed) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		rc = app_fail(msg, APP_ENOMEM, "PDF: out of memory");
	}
out:
	g_free(running);
	g_free(title);
	g_free(subject);
	pl_cleanup(&pl);
	return rc;
}
