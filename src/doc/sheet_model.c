/* sheet_model.c - the portfolio's sheets built once as neutral tables:
 * "Reports" (a row per report, a column per simple question), one sheet
 * per table question, "Regions", one per scale question ("SDG") and
 * "Findings", one after the other. Texts are borrowed from the documents
 * and forms; what is made here (cut texts, joined findings) lives in the
 * arena of the sheet being built. */
#include "sheet_model.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "period.h"
#include "report.h"

/* ---- the arena ---- */

struct sm_chunk {
	struct sm_chunk *next;
	size_t used, cap;
	char data[];
};

#define ARENA_CHUNK (64u * 1024)

static char *
arena_dup(struct sheet_model *m, const char *s, size_t n)
{
	struct sm_chunk *c = m->arena;
	char *p;

	if (c == NULL || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;

		c = malloc(sizeof(*c) + cap);
		if (c == NULL)
			return NULL;
		c->next = m->arena;
		c->used = 0;
		c->cap = cap;
		m->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

bool
sheet_shown(const struct sheet_set *s, const struct form_question *q)
{
	return s->confidential || !form_confidential(s->form, q);
}

bool
sheet_simple_type(enum form_type t)
{
	return t == FORM_TEXT || t == FORM_LONGTEXT || t == FORM_CHOICE || t == FORM_URL ||
	       t == FORM_PERIOD;
}

/* ---- building ---- */

/* A text cut because it passed Excel's limit: said in Findings. */
struct cutnote {
	size_t report, seq, row;
	char *question; /* owned */
};

struct sm_build {
	const struct sheet_set *s;
	struct sheet_model *m;
	struct plan_item *plan;
	size_t nplan, next;
	struct cutnote *cuts;
	size_t ncuts, capcuts;
	size_t report;  /* the report being written */
	bool waited;    /* for the findings (sheet_set.findings_wait) */
};
#define build sm_build

/* Characters of the longest line of s, counted up to cap. */
static size_t
chars_capped(const char *s, size_t cap)
{
	size_t best = 0, line = 0;
	const unsigned char *p;

	if (s == NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\n') {
			line = 0;
			continue;
		}
		if ((*p & 0xC0) == 0x80)
			continue;
		if (++line > best && (best = line) >= cap)
			return cap;
	}
	return best;
}

static int
add_col(struct sm_table *t, const char *header, const char *note_a, const char *note_b)
{
	struct sm_col *nc = realloc(t->cols, (t->ncols + 1) * sizeof(*nc));
	struct sm_col *c;
	size_t w;

	if (nc == NULL)
		return APP_ENOMEM;
	t->cols = nc;
	c = &t->cols[t->ncols];
	memset(c, 0, sizeof(*c));
	c->header = header;
	if (note_a != NULL) {
		size_t la = strlen(note_a), lb = note_b ? strlen(note_b) : 0;

		c->note = malloc(la + lb + 2);
		if (c->note == NULL)
			return APP_ENOMEM;
		memcpy(c->note, note_a, la);
		c->note[la] = '\0';
		if (note_b != NULL) {
			c->note[la] = '.';
			memcpy(c->note + la + 1, note_b, lb + 1);
		}
	}
	/* The header wraps: it asks for a width, not for its whole length. */
	w = chars_capped(header, 24);
	c->width = w < 8 ? 8 : (unsigned)w;
	t->ncols++;
	return 0;
}

/* Room for n rows at once (the columns made): the rows are counted before
 * they are written, so that a big portfolio is not copied as it grows. */
static int
reserve_rows(struct sm_table *t, size_t n)
{
	struct sm_cell *cells;

	if (n <= t->caprows || t->ncols == 0)
		return 0;
	if ((cells = realloc(t->cells, n * t->ncols * sizeof(*cells))) == NULL)
		return APP_ENOMEM;
	t->cells = cells;
	t->caprows = n;
	return 0;
}

/* The rows of question id in every report (a table's or a list's). */
static size_t
count_rows(const struct sheet_set *s, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += json_array_size(json_object_get(report_answers(s->v[i].doc), id));
	return n;
}

/* A new row of empty cells; NULL on OOM. */
static struct sm_cell *
new_row(struct sm_table *t)
{
	if (t->nrows == t->caprows) {
		size_t nc = t->caprows ? t->caprows * 2 : 64;
		struct sm_cell *cells = realloc(t->cells, nc * t->ncols * sizeof(*cells));

		if (cells == NULL)
			return NULL;
		t->cells = cells;
		t->caprows = nc;
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(*t->cells));
	return &t->cells[t->nrows++ * t->ncols];
}

/* Where s reaches max UTF-16 code units, or its length when it does not. */
static size_t
utf16_prefix(const char *s, size_t len, size_t max)
{
	size_t i = 0, units = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		size_t u = n == 4 ? 2 : 1;

		if (units + u > max)
			return i;
		units += u;
		i += n;
	}
	return len;
}

/* Sets a text cell of column col, cutting it at Excel's limit (noted for
 * Findings under question qid, row). */
static int
set_text(struct build *b, struct sm_table *t, struct sm_cell *row, size_t col, const char *s,
	 const char *qid, size_t rown)
{
	struct sm_cell *c = &row[col];
	size_t len, w;

	if (s == NULL || s[0] == '\0')
		return 0;
	len = strlen(s);
	/* A UTF-8 string never has more UTF-16 units than bytes. */
	if (len > SHEET_CELL_MAX && utf16_prefix(s, len, SHEET_CELL_MAX) < len) {
		static const char mark[] = SHEET_CUT_MARK;
		size_t keep = utf16_prefix(s, len, SHEET_CELL_MAX - 6), ml = sizeof(mark) - 1;
		char *cut = arena_dup(b->m, s, keep + ml);

		if (cut == NULL)
			return APP_ENOMEM;
		memcpy(cut + keep, mark, ml + 1);
		s = cut;
		if (b->ncuts == b->capcuts) {
			size_t nc = b->capcuts ? b->capcuts * 2 : 16;
			struct cutnote *v = realloc(b->cuts, nc * sizeof(*v));

			if (v == NULL)
				return APP_ENOMEM;
			b->cuts = v;
			b->capcuts = nc;
		}
		b->cuts[b->ncuts].report = b->report;
		b->cuts[b->ncuts].seq = b->ncuts;
		b->cuts[b->ncuts].row = rown;
		b->cuts[b->ncuts].question = qid != NULL ? strdup(qid) : NULL;
		if (qid != NULL && b->cuts[b->ncuts].question == NULL)
			return APP_ENOMEM;
		b->ncuts++;
	}
	c->kind = SM_TEXT;
	c->s = s;
	w = chars_capped(s, SHEET_WIDTH_MAX);
	if (w > t->cols[col].width)
		t->cols[col].width = (unsigned)w;
	return 0;
}

static void
set_number(struct sm_table *t, struct sm_cell *row, size_t col, double v)
{
	row[col].kind = SM_NUMBER;
	row[col].num = v;
	if (t->cols[col].width < 6)
		t->cols[col].width = 6;
}

static bool
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* "YYYY-MM-DD HH:MM:SS" (or ISO 8601's "YYYY-MM-DDTHH:MM:SSZ", as the
 * store writes times; both UTC) as a date-time cell; anything else as
 * text. */
static int
set_datetime(struct build *b, struct sm_table *t, struct sm_cell *row, size_t col, const char *s)
{
	int y, mo, d, h, mi, se;

	size_t n = s != NULL ? strlen(s) : 0;

	if ((n == 19 || (n == 20 && s[19] == 'Z')) && digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &mo) &&
	    s[7] == '-' && digits(s + 8, 2, &d) && (s[10] == ' ' || s[10] == 'T') && digits(s + 11, 2, &h) &&
	    s[13] == ':' && digits(s + 14, 2, &mi) && s[16] == ':' && digits(s + 17, 2, &se) &&
	    y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 60) {
		row[col].kind = SM_DATETIME;
		row[col].ymd = y * 10000 + mo * 100 + d;
		row[col].hms = h * 10000 + mi * 100 + se;
		if (t->cols[col].width < 19)
			t->cols[col].width = 19;
		return 0;
	}
	return set_text(b, t, row, col, s, NULL, 0);
}

static void
set_period_start(struct sm_table *t, struct sm_cell *row, size_t col, const char *period)
{
	struct period p;

	if (period == NULL || period_parse(period, &p) != 0)
		return;
	row[col].kind = SM_DATE;
	row[col].ymd = period_first_day(p);
	if (t->cols[col].width < 12)
		t->cols[col].width = 12;
}

static json_t *
answer(const struct sheet_report *r, const char *id)
{
	return json_object_get(report_answers(r->doc), id);
}

/* A simple answer as a person reads it: a choice's label, else the text. */
static const char *
simple_text(const struct form_question *q, json_t *v)
{
	const struct form_option *o;
	const char *s = json_string_value(v);

	if (s == NULL)
		return NULL;
	if (q->type == FORM_CHOICE && (o = form_option_find(q->choices, q->nchoices, s)) != NULL)
		return o->label;
	return s;
}

/* Partnership and period: the first columns of every sheet but Reports. */
static int
key_cols(struct sm_table *t)
{
	int rc;

	if ((rc = add_col(t, "Partnership", NULL, NULL)) != 0)
		return rc;
	return add_col(t, "Period", NULL, NULL);
}

static int
key_cells(struct build *b, struct sm_table *t, struct sm_cell *row, const struct sheet_report *r)
{
	int rc;

	if ((rc = set_text(b, t, row, 0, r->partnership, NULL, 0)) != 0)
		return rc;
	return set_text(b, t, row, 1, r->period, NULL, 0);
}

/* A Reports column: a simple question, or a field of a group. */
struct rcol {
	const struct form_question *q, *group;
	char *id; /* "q" or "group.field", owned by the column's note */
};

static int
build_reports(struct build *b, struct sm_table *t)
{
	static const char *fixed[] = { "Partnership", "Slug", "Platform", "Period", "Period start",
				       "Status", "Updated" };
	const struct form *f = b->s->form;
	struct rcol *rc = NULL;
	size_t nrc = 0, i, j, k, nfixed = sizeof(fixed) / sizeof(fixed[0]);
	int e = 0;

	for (i = 0; i < nfixed && e == 0; i++)
		e = add_col(t, fixed[i], NULL, NULL);
	rc = calloc(1, sizeof(*rc));
	for (i = 0; i < f->nquestions && e == 0 && rc != NULL; i++) {
		const struct form_question *q = f->questions[i];
		size_t nf = q->type == FORM_GROUP ? q->nfields : 1;
		struct rcol *nv;

		if (!sheet_shown(b->s, q) || (!sheet_simple_type(q->type) && q->type != FORM_GROUP))
			continue;
		if ((nv = realloc(rc, (nrc + nf + 1) * sizeof(*nv))) == NULL) {
			e = APP_ENOMEM;
			break;
		}
		rc = nv;
		for (j = 0; j < nf && e == 0; j++) {
			const struct form_question *fq = q->type == FORM_GROUP ? &q->fields[j] : q;

			if (!sheet_simple_type(fq->type))
				continue;
			e = add_col(t, fq->label, q->id, fq == q ? NULL : fq->id);
			rc[nrc].q = fq;
			rc[nrc].group = fq == q ? NULL : q;
			rc[nrc].id = t->cols[t->ncols - 1].note;
			nrc++;
		}
	}
	if (rc == NULL)
		e = APP_ENOMEM;
	if (e == 0)
		e = reserve_rows(t, b->s->n);
	for (i = 0; i < b->s->n && e == 0; i++) {
		const struct sheet_report *r = &b->s->v[i];
		struct sm_cell *row = new_row(t);

		b->report = i;
		if (row == NULL) {
			e = APP_ENOMEM;
			break;
		}
		if ((e = set_text(b, t, row, 0, r->partnership, NULL, 0)) != 0 ||
		    (e = set_text(b, t, row, 1, r->slug, NULL, 0)) != 0 ||
		    (e = set_text(b, t, row, 2, r->platform, NULL, 0)) != 0 ||
		    (e = set_text(b, t, row, 3, r->period, NULL, 0)) != 0 ||
		    (e = set_text(b, t, row, 5, r->status, NULL, 0)) != 0 ||
		    (e = set_datetime(b, t, row, 6, r->updated_at)) != 0)
			break;
		set_period_start(t, row, 4, r->period);
		for (k = 0; k < nrc && e == 0; k++) {
			json_t *v = rc[k].group ? json_object_get(answer(r, rc[k].group->id), rc[k].q->id)
						: answer(r, rc[k].q->id);

			e = set_text(b, t, row, nfixed + k, simple_text(rc[k].q, v), rc[k].id, 0);
		}
	}
	free(rc);
	return e;
}

static int
build_table(struct build *b, struct sm_table *t, const struct form_question *q)
{
	size_t i, j, k;
	int e;

	if ((e = key_cols(t)) != 0 || (e = add_col(t, "Row", NULL, NULL)) != 0)
		return e;
	for (k = 0; k < q->ncolumns && e == 0; k++)
		e = add_col(t, q->columns[k].label, q->id, q->columns[k].id);
	if (e == 0)
		e = reserve_rows(t, count_rows(b->s, q->id));
	for (i = 0; i < b->s->n && e == 0; i++) {
		const struct sheet_report *r = &b->s->v[i];
		json_t *rows = answer(r, q->id);

		b->report = i;
		for (j = 0; j < json_array_size(rows) && e == 0; j++) {
			json_t *o = json_array_get(rows, j);
			struct sm_cell *row = new_row(t);

			if (row == NULL)
				return APP_ENOMEM;
			if ((e = key_cells(b, t, row, r)) != 0)
				break;
			set_number(t, row, 2, (double)(j + 1));
			for (k = 0; k < q->ncolumns && e == 0; k++)
				e = set_text(b, t, row, 3 + k,
					     json_string_value(json_object_get(o, q->columns[k].id)), q->id, j + 1);
		}
	}
	return e;
}

static const char *
severity_name(enum finding_severity s)
{
	return s == FINDING_ERROR ? "error" : "warning";
}

/* The findings of r about row (from 1) of question id, joined as
 * "error: message; warning: message"; "ok" when there are none; NULL when
 * r has no findings computed. */
static int
row_findings(struct build *b, const struct sheet_report *r, const char *id, size_t rown,
	     const char **out)
{
	struct buf t;
	size_t i;
	int e = 0;

	*out = NULL;
	if (r->findings == NULL)
		return 0;
	*out = "ok";
	buf_init(&t, 1024 * 1024);
	for (i = 0; i < r->findings->n && e == 0; i++) {
		const struct finding *d = &r->findings->v[i];

		if (d->row != rown || d->field == NULL || strcmp(d->field, id) != 0)
			continue;
		if (t.len > 0)
			e = buf_puts(&t, "; ");
		if (e == 0)
			e = buf_printf(&t, "%s: %s", severity_name(d->severity), d->message ? d->message : "");
	}
	if (e == 0 && t.len > 0 && (*out = arena_dup(b->m, buf_cstr(&t), t.len)) == NULL)
		e = APP_ENOMEM;
	buf_cleanup(&t);
	return e;
}

static int
build_regions(struct build *b, struct sm_table *t)
{
	static const char *cols[] = { "Name", "Country", "NUTS code", "NUTS finding" };
	static const char *keys[] = { "name", "country", "nuts" };
	const struct form *f = b->s->form;
	size_t i, j, k, qi;
	int e;

	if ((e = key_cols(t)) != 0)
		return e;
	for (k = 0; k < 4 && e == 0; k++)
		e = add_col(t, cols[k], NULL, NULL);
	for (qi = 0, k = 0; qi < f->nquestions; qi++)
		if (f->questions[qi]->type == FORM_REGIONS && sheet_shown(b->s, f->questions[qi]))
			k += count_rows(b->s, f->questions[qi]->id);
	if (e == 0)
		e = reserve_rows(t, k);
	for (i = 0; i < b->s->n && e == 0; i++) {
		const struct sheet_report *r = &b->s->v[i];

		b->report = i;
		for (qi = 0; qi < f->nquestions && e == 0; qi++) {
			const struct form_question *q = f->questions[qi];
			json_t *rows;

			if (q->type != FORM_REGIONS || !sheet_shown(b->s, q))
				continue;
			rows = answer(r, q->id);
			for (j = 0; j < json_array_size(rows) && e == 0; j++) {
				json_t *o = json_array_get(rows, j);
				struct sm_cell *row = new_row(t);
				const char *fnd;

				if (row == NULL)
					return APP_ENOMEM;
				if ((e = key_cells(b, t, row, r)) != 0)
					break;
				for (k = 0; k < 3 && e == 0; k++)
					e = set_text(b, t, row, 2 + k,
						     json_string_value(json_object_get(o, keys[k])), q->id, j + 1);
				if (e == 0 && (e = row_findings(b, r, q->id, j + 1, &fnd)) == 0)
					e = set_text(b, t, row, 5, fnd, NULL, 0);
			}
		}
	}
	return e;
}

static int
build_likert(struct build *b, struct sm_table *t, const struct form_question *q)
{
	size_t i, k;
	int e;

	if ((e = key_cols(t)) != 0)
		return e;
	for (k = 0; k < q->nrows && e == 0; k++)
		e = add_col(t, q->rows[k].label, q->id, q->rows[k].value);
	if (e == 0)
		e = reserve_rows(t, b->s->n);
	for (i = 0; i < b->s->n && e == 0; i++) {
		const struct sheet_report *r = &b->s->v[i];
		json_t *a = answer(r, q->id);
		struct sm_cell *row;

		if (a == NULL)
			continue;
		b->report = i;
		if ((row = new_row(t)) == NULL)
			return APP_ENOMEM;
		if ((e = key_cells(b, t, row, r)) != 0)
			break;
		for (k = 0; k < q->nrows && e == 0; k++) {
			const char *v = json_string_value(json_object_get(a, q->rows[k].value));
			const struct form_option *o = v ? form_option_find(q->scale, q->nscale, v) : NULL;

			e = set_text(b, t, row, 2 + k, o != NULL ? o->label : v, NULL, 0);
		}
	}
	return e;
}

/* Findings about a question the reader does not see are left out: its
 * column is not there, and the finding could tell of its answer. */
static bool
finding_shown(const struct sheet_set *s, const struct finding *d)
{
	const struct form_question *q;
	char id[128];
	size_t n;

	if (d->field == NULL || s->confidential)
		return true;
	n = strcspn(d->field, ".[");
	if (n >= sizeof(id))
		return false;
	memcpy(id, d->field, n);
	id[n] = '\0';
	q = form_find(s->form, id);
	return q == NULL || !form_confidential(s->form, q);
}

static int
cmp_cut(const void *x, const void *y)
{
	const struct cutnote *a = x, *b = y;

	if (a->report != b->report)
		return a->report < b->report ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
build_findings(struct build *b, struct sm_table *t)
{
	static const char *cols[] = { "Question", "Row", "Severity", "Message" };
	static const char cutmsg[] = "The text passed Excel's limit of 32,767 characters in a cell: "
				     "it is cut where it ends in \xE2\x80\xA6[cut].";
	size_t i, j, c = 0;
	int e;

	if ((e = key_cols(t)) != 0)
		return e;
	for (j = 0; j < 4 && e == 0; j++)
		e = add_col(t, cols[j], NULL, NULL);
	if (b->ncuts > 1)
		qsort(b->cuts, b->ncuts, sizeof(*b->cuts), cmp_cut);
	for (i = 0; i < b->s->n && e == 0; i++) {
		const struct sheet_report *r = &b->s->v[i];
		size_t nf = r->findings ? r->findings->n : 0;
		struct sm_cell *row;

		b->report = i;
		for (j = 0; j < nf && e == 0; j++) {
			const struct finding *d = &r->findings->v[j];

			if (!finding_shown(b->s, d))
				continue;
			if ((row = new_row(t)) == NULL)
				return APP_ENOMEM;
			if ((e = key_cells(b, t, row, r)) != 0 || (e = set_text(b, t, row, 2, d->field, NULL, 0)) != 0)
				break;
			if (d->row > 0)
				set_number(t, row, 3, (double)d->row);
			if ((e = set_text(b, t, row, 4, severity_name(d->severity), NULL, 0)) == 0)
				e = set_text(b, t, row, 5, d->message, NULL, 0);
		}
		for (; c < b->ncuts && b->cuts[c].report == i && e == 0; c++) {
			if ((row = new_row(t)) == NULL)
				return APP_ENOMEM;
			if ((e = key_cells(b, t, row, r)) != 0 ||
			    (e = set_text(b, t, row, 2, b->cuts[c].question, NULL, 0)) != 0)
				break;
			if (b->cuts[c].row > 0)
				set_number(t, row, 3, (double)b->cuts[c].row);
			if ((e = set_text(b, t, row, 4, "note", NULL, 0)) == 0)
				e = set_text(b, t, row, 5, cutmsg, NULL, 0);
		}
	}
	return e;
}

static void
table_free(struct sm_table *t)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		free(t->cols[j].note);
	free(t->cols);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static void
arena_free(struct sheet_model *m)
{
	while (m->arena != NULL) {
		struct sm_chunk *c = m->arena;

		m->arena = c->next;
		free(c);
	}
}

int
sheet_model_begin(const struct sheet_set *s, struct sheet_model *m, struct app_msg *msg)
{
	memset(m, 0, sizeof(*m));
	if ((m->b = calloc(1, sizeof(*m->b))) == NULL)
		return app_fail(msg, APP_ENOMEM, "%s", "out of memory while building the sheets");
	m->b->s = s;
	m->b->m = m;
	if (sheet_plan(s, &m->b->plan, &m->b->nplan) != 0)
		return app_fail(msg, APP_ENOMEM, "%s", "out of memory while building the sheets");
	return 0;
}

int
sheet_model_next(struct sheet_model *m, struct app_msg *msg)
{
	struct sm_build *b = m->b;
	const struct plan_item *p;
	int e = 0;

	table_free(&m->t);
	arena_free(m);
	if (b == NULL || b->next >= b->nplan)
		return 0;
	p = &b->plan[b->next++];
	/* Regions and Findings are the sheets that read the findings. */
	if ((p->kind == SM_REGIONS || p->kind == SM_FINDINGS) && !b->waited && b->s->findings_wait != NULL) {
		if ((e = b->s->findings_wait(b->s->findings_arg, msg)) != 0)
			return e;
		b->waited = true;
	}
	snprintf(m->t.name, sizeof(m->t.name), "%s", p->name);
	switch (p->kind) {
	case SM_REPORTS: e = build_reports(b, &m->t); break;
	case SM_TABLE: e = build_table(b, &m->t, p->q); break;
	case SM_REGIONS: e = build_regions(b, &m->t); break;
	case SM_LIKERT: e = build_likert(b, &m->t, p->q); break;
	case SM_FINDINGS: e = build_findings(b, &m->t); break;
	}
	if (e != 0)
		return app_fail(msg, e, "out of memory while building the sheet \"%s\"", p->name);
	return 1;
}

void
sheet_model_take(struct sheet_model *m, struct sheet_model *out)
{
	memset(out, 0, sizeof(*out));
	out->t = m->t;
	out->arena = m->arena;
	memset(&m->t, 0, sizeof(m->t));
	m->arena = NULL;
}

void
sheet_model_skip(struct sheet_model *m)
{
	table_free(&m->t);
	arena_free(m);
	if (m->b != NULL && m->b->next < m->b->nplan)
		m->b->next++;
}

void
sheet_model_cleanup(struct sheet_model *m)
{
	size_t i;

	if (m == NULL)
		return;
	table_free(&m->t);
	arena_free(m);
	if (m->b != NULL) {
		for (i = 0; i < m->b->ncuts; i++)
			free(m->b->cuts[i].question);
		free(m->b->cuts);
		free(m->b->plan);
		free(m->b);
	}
	memset(m, 0, sizeof(*m));
}

const char *
sm_cell_text(const struct sm_cell *c, char *tmp, size_t n)
{
	switch (c->kind) {
	case SM_TEXT:
		return c->s;
	case SM_NUMBER:
		snprintf(tmp, n, "%.15g", c->num);
		return tmp;
	case SM_DATE:
		snprintf(tmp, n, "%04d-%02d-%02d", c->ymd / 10000, c->ymd / 100 % 100, c->ymd % 100);
		return tmp;
	case SM_DATETIME:
		snprintf(tmp, n, "%04d-%02d-%02d %02d:%02d:%02d", c->ymd / 10000, c->ymd / 100 % 100,
			 c->ymd % 100, c->hms / 10000, c->hms / 100 % 100, c->hms % 100);
		return tmp;
	case SM_EMPTY:
		break;
	}
	return "";
}
