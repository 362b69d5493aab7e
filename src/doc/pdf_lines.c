/* pdf_lines.c - the lines of a PDF (pdf_words.c) as the text reader reads
 * them: paragraphs rejoined where a line was wrapped, a blank line where a
 * paragraph ends, the form's tables read by column under their headers
 * into one line a row ("N" U+001F cell U+001F cell ...; see
 * reader_text.h), participating regions as "Name (CC) CODE" lines, and the
 * SDG matrix read by the column of each mark. */
#include "page_text.h"
#include "pdf_in_impl.h"
#include "text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 16
#define UNIT_SEP '\x1f'

struct lay {
	const struct pdoc *d;
	const struct form *f;
	struct buf *out;
	size_t *li;       /* body lines (headers and footers left out), in order */
	size_t n;
	char **fw;        /* each word folded (loose), "" for punctuation: in fpool */
	struct buf fpool;
	double right;     /* the text block's right edge */
	double pitch;     /* the usual distance from a line's top to the next */
	double top;       /* where the body usually starts on a page */
	size_t *tries;    /* header placements left to try */
};

/* Against hostile PDFs: a header's lines have no more words than this,
 * and a document's headers are looked for with at most HEADER_TRIES
 * placements of a label in all (the form's own headers need about
 * a hundred). */
#define HEADER_MAX_WORDS 200
#define HEADER_TRIES 20000u

/* A header found: each label's left edge, and how many lines it takes. */
struct header {
	double left[MAX_COLS];
	size_t nlab;
	size_t nlines;
};

static const struct pline *
L(const struct lay *y, size_t i)
{
	return &y->d->l[y->li[i]];
}

static double
height(const struct pline *l)
{
	double h = l->y1 - l->y0;

	return h > 1 ? h : 1;
}

/* --- Headers ------------------------------------------------------------ */

/* Whether the words of lines [i, i + k) from x >= left[0], taken column by
 * column (left[j] <= x < left[j + 1]) and line by line, spell the labels. */
static bool
header_check(const struct lay *y, size_t i, size_t k, char **labs, const struct header *h)
{
	struct buf b;
	size_t j, a, w;
	bool ok = true;

	buf_init(&b, 1u << 16);
	for (j = 0; j < h->nlab && ok; j++) {
		double lo = h->left[j] - 1, hi = j + 1 < h->nlab ? h->left[j + 1] - 1 : 1e9;

		buf_reset(&b);
		for (a = i; a < i + k; a++) {
			const struct pline *l = L(y, a);

			for (w = l->w0; w < l->w0 + l->nw; w++) {
				const struct pword *pw = &y->d->w[w];

				if (pw->x0 < lo || pw->x0 >= hi || y->fw[w][0] == '\0')
					continue;
				if ((b.len && buf_putc(&b, ' ')) || buf_puts(&b, y->fw[w]))
					ok = false;
			}
		}
		ok = ok && strcmp(buf_cstr(&b), labs[j]) == 0;
	}
	buf_cleanup(&b);
	return ok;
}

/* Tries every placement of label j's first word right of minx, while
 * the document's budget (lay.tries) lasts. */
static bool
header_place(const struct lay *y, size_t i, size_t k, char **labs, struct header *h, size_t j,
	     double minx)
{
	size_t a, w, fl;

	if (j == h->nlab)
		return header_check(y, i, k, labs, h);
	fl = strcspn(labs[j], " ");
	for (a = i; a < i + k; a++) {
		const struct pline *l = L(y, a);

		for (w = l->w0; w < l->w0 + l->nw; w++) {
			const struct pword *pw = &y->d->w[w];

			if (pw->x0 <= minx || strlen(y->fw[w]) != fl || strncmp(y->fw[w], labs[j], fl) != 0)
				continue;
			if (*y->tries == 0)
				return false;
			--*y->tries;
			h->left[j] = pw->x0;
			if (header_place(y, i, k, labs, h, j + 1, pw->x0 + 1))
				return true;
		}
	}
	return false;
}

/* Whether line i starts a header of the folded labels labs[0..n): one to
 * three lines close together (a label may wrap). */
static bool
header_at(const struct lay *y, size_t i, char **labs, size_t n, struct header *h)
{
	const struct pline *l = L(y, i);
	size_t k, w, nw = 0, fl = strcspn(labs[0], " ");
	bool first = false;

	if (n == 0 || n > MAX_COLS)
		return false;
	for (w = l->w0; w < l->w0 + l->nw && !first; w++)
		first = strlen(y->fw[w]) == fl && strncmp(y->fw[w], labs[0], fl) == 0;
	if (!first)
		return false;
	h->nlab = n;
	for (k = 1; k <= 3 && i + k <= y->n; k++) {
		const struct pline *m = L(y, i + k - 1);

		if (m->page != l->page || m->y0 > l->y0 + 3.2 * height(l) ||
		    (nw += m->nw) > HEADER_MAX_WORDS)
			break;
		if (header_place(y, i, k, labs, h, 0, -1e9)) {
			h->nlines = k;
			return true;
		}
	}
	return false;
}

/* --- Writing ------------------------------------------------------------ */

static int
put_words(const struct lay *y, const struct pline *l, struct buf *b)
{
	size_t w;
	int rc = 0;

	for (w = l->w0; w < l->w0 + l->nw && rc == 0; w++) {
		if (w > l->w0)
			rc = buf_putc(b, ' ');
		if (rc == 0)
			rc = buf_puts(b, pdoc_word(y->d, w));
	}
	return rc;
}

static bool
is_bullet(const char *s)
{
	static const char *const b[] = {"\xe2\x80\xa2", "\xc2\xb7", "\xe2\x96\xaa", "\xe2\x80\x93", "-", "*",
		"o", NULL};
	size_t i;

	for (i = 0; b[i]; i++)
		if (strcmp(s, b[i]) == 0 || (strncmp(s, b[i], strlen(b[i])) == 0 && i < 3))
			return true;
	i = 0;
	while (s[i] >= '0' && s[i] <= '9' && i < 3)
		i++;
	return i > 0 && (s[i] == '.' || s[i] == ')') && s[i + 1] == '\0';
}

/* Whether line b continues line a's paragraph after a soft wrap: b's
 * first word would not have fitted at the end of a, b starts where a did,
 * is of a's size and no list item, and no more than the usual line
 * distance parts them (or a page does). */
static bool
soft_wrap(const struct lay *y, const struct pline *a, const struct pline *b)
{
	const struct pword *w = &y->d->w[b->w0];
	double h = height(a);

	if (is_bullet(pdoc_word(y->d, b->w0)))
		return false;
	/* A paragraph's lines are of one size: a heading over a label is no
	 * paragraph. */
	if (height(b) > 1.15 * h || h > 1.15 * height(b))
		return false;
	if (b->x0 > a->x0 + h || b->x0 < a->x0 - h) {
		/* A list item's second line may stand under its text. */
		if (!is_bullet(pdoc_word(y->d, a->w0)) || a->nw < 2 ||
		    b->x0 > y->d->w[a->w0 + 1].x0 + h || b->x0 < y->d->w[a->w0 + 1].x0 - h)
			return false;
	}
	if (a->page == b->page && b->y0 - a->y0 > 1.15 * y->pitch)
		return false;
	if (a->page != b->page && b->y0 - y->top > 0.5 * y->pitch)
		return false; /* the page starts with a gap: a new paragraph */
	return a->x1 + 0.3 * h + (w->x1 - w->x0) > y->right - 0.4 * h;
}

/* Whether a line that ends in word a and wrapped onto a line that starts
 * with word b joins them without a space: a browser breaks a line after
 * the hyphen inside a compound ("socio-" / "economic"), and a word does
 * not end in a hyphen but before "and" or "or" ("short- and medium-term").
 * s3pm's own PDF never breaks there (pdf_layout.c keeps compounds whole). */
static bool
hyphen_join(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n < 2 || a[n - 1] != '-' || !g_unichar_isalpha(g_utf8_get_char(g_utf8_prev_char(a + n - 1))) ||
	    !g_unichar_isalpha(g_utf8_get_char(b)))
		return false;
	return strcmp(b, "and") != 0 && strcmp(b, "or") != 0;
}

static bool
para_gap(const struct lay *y, const struct pline *a, const struct pline *b)
{
	if (a->page != b->page)
		return b->y0 - y->top > 0.5 * y->pitch;
	return b->y0 - a->y0 > 1.5 * y->pitch;
}

/* --- Tables ------------------------------------------------------------- */

static size_t
column_of(const struct header *h, double x)
{
	size_t j = 0;

	while (j + 1 < h->nlab && x >= h->left[j + 1] - 2)
		j++;
	return j;
}

static bool
number_is(const char *s, size_t v)
{
	size_t n = 0, i = 0;

	while (s[i] >= '0' && s[i] <= '9' && i < 6)
		n = n * 10 + (size_t)(s[i++] - '0');
	return i > 0 && s[i] == '\0' && n == v;
}

/* One table row out: "N" U+001F cells, or for regions "Name (CC) CODE". */
static int
row_out(const struct lay *y, size_t no, struct buf *cells, size_t nc, bool regions)
{
	size_t j;
	int rc = 0;

	if (regions) {
		if (cells[0].len == 0 && cells[1].len == 0 && cells[2].len == 0)
			return 0;
		rc = buf_puts(y->out, buf_cstr(&cells[0]));
		if (rc == 0 && cells[1].len)
			rc = buf_printf(y->out, " (%s)", buf_cstr(&cells[1]));
		if (rc == 0 && cells[2].len)
			rc = buf_printf(y->out, " %s", buf_cstr(&cells[2]));
		return rc ? rc : buf_putc(y->out, '\n');
	}
	rc = buf_printf(y->out, "%zu", no);
	for (j = 0; j < nc && rc == 0; j++) {
		rc = buf_putc(y->out, UNIT_SEP);
		if (rc == 0)
			rc = buf_puts(y->out, buf_cstr(&cells[j]));
	}
	return rc ? rc : buf_putc(y->out, '\n');
}

/* Whether line l starts a row of a table without row numbers (a browser's
 * print of a report page): the first line under the header, the first on
 * a page, or one that stands apart from the line above by more than the
 * space between two lines of a cell (a row's padding and rule). */
static bool
row_break(const struct pline *prev, const struct pline *l)
{
	return prev == NULL || l->page != prev->page || l->y0 - prev->y1 > 0.6 * height(prev);
}

/* Whether the header h on the lines [a, a + h->nlines) is a table's,
 * its labels apart by at least a line's height, as cells are (a line of
 * text that only reads as the labels has single spaces between them). */
static bool
header_spaced(const struct lay *y, size_t a, const struct header *h)
{
	double end[MAX_COLS];
	size_t j, k, w;

	for (j = 0; j < h->nlab; j++)
		end[j] = -1e9;
	for (k = a; k < a + h->nlines; k++) {
		const struct pline *l = L(y, k);

		for (w = l->w0; w < l->w0 + l->nw; w++) {
			const struct pword *pw = &y->d->w[w];

			j = column_of(h, pw->x0);
			end[j] = pw->x1 > end[j] ? pw->x1 : end[j];
		}
	}
	for (j = 0; j + 1 < h->nlab; j++)
		if (h->left[j + 1] - end[j] < height(L(y, a)))
			return false;
	return true;
}

/* The rows under header h at line *i, words by column: numbered in the
 * left gutter, or (no number beside the first row, and the header spaced
 * as a table's) told apart by the space between them (row_break). A
 * header repeated after a page break skipped; a table without numbers ends
 * at a line left of its first column, at a gap wider than two lines, or at
 * a page that does not repeat its header. *i ends on the first line after
 * the table. */
static int
table_read(const struct lay *y, size_t *i, char **labs, const struct header *h, bool regions)
{
	struct buf cells[MAX_COLS];
	size_t seen[MAX_COLS] = {0}; /* the line (+ 1) that last put a word in each cell */
	size_t j, no = 0, a = *i, hpage = L(y, *i - 1)->page;
	const struct pline *prev = NULL;
	bool numbered = true;
	struct header again;
	int rc = 0;

	for (j = 0; j < h->nlab; j++)
		buf_init(&cells[j], 1u << 20);
	while (a < y->n && rc == 0) {
		const struct pline *l = L(y, a);
		const struct pword *w0 = &y->d->w[l->w0];
		bool gutter = w0->x0 < h->left[0] - 2;
		size_t w;

		if (header_at(y, a, labs, h->nlab, &again)) {
			a += again.nlines; /* repeated after a page break */
			hpage = L(y, a - 1)->page;
			continue;
		}
		if (no == 0 && !gutter) {
			if (!header_spaced(y, *i - h->nlines, h))
				break;
			numbered = false;
		}
		if (!numbered) {
			if (gutter || l->page != hpage ||
			    (prev != NULL && l->page == prev->page && l->y0 - prev->y1 > 2 * height(prev)))
				break;
			if (row_break(prev, l)) {
				if (no > 0)
					rc = row_out(y, no, cells, h->nlab, regions);
				for (j = 0; j < h->nlab; j++)
					buf_reset(&cells[j]);
				no++;
			}
		} else if (gutter) {
			/* The gutter: the next row's number, or the table's end. */
			if (!number_is(pdoc_word(y->d, l->w0), no + 1) ||
			    (l->nw > 1 && y->d->w[l->w0 + 1].x0 < h->left[0] - 2))
				break;
			if (no > 0)
				rc = row_out(y, no, cells, h->nlab, regions);
			for (j = 0; j < h->nlab; j++)
				buf_reset(&cells[j]);
			no++;
		}
		for (w = l->w0 + (numbered && gutter); w < l->w0 + l->nw && rc == 0; w++) {
			size_t col = column_of(h, y->d->w[w].x0);
			struct buf *c = &cells[col];
			const char *last = c->len ? strrchr(buf_cstr(c), ' ') : NULL;

			/* A cell's line wrapped after a compound's hyphen. */
			last = last != NULL ? last + 1 : buf_cstr(c);
			if (c->len && (seen[col] == a + 1 || !hyphen_join(last, pdoc_word(y->d, w))))
				rc = buf_putc(c, ' ');
			seen[col] = a + 1;
			if (rc == 0)
				rc = buf_puts(c, pdoc_word(y->d, w));
		}
		prev = l;
		a++;
	}
	if (rc == 0 && no > 0)
		rc = row_out(y, no, cells, h->nlab, regions);
	for (j = 0; j < h->nlab; j++)
		buf_cleanup(&cells[j]);
	*i = a;
	return rc;
}

/* --- The SDG matrix ----------------------------------------------------- */

struct mrow {
	struct buf text; /* the row label as printed */
	struct buf fold;
	struct buf level; /* the chosen level's label, folded (a page's print) */
	size_t page;
	double y0, y1;
	size_t mark;     /* scale index + 1, or 0 */
};

static bool
prefix_of(const char *label, const char *s)
{
	size_t n = strlen(s);

	return n > 0 && strncmp(label, s, n) == 0 && (label[n] == '\0' || label[n] == ' ');
}

/* A mark: a short word such as "X" or a check mark. */
static bool
mark_like(const char *s)
{
	return g_utf8_strlen(s, 8) <= 2;
}

/* Appends word w's fold to b, a space between. 0 or APP_ENOMEM. */
static int
fold_add(const struct lay *y, size_t w, struct buf *b)
{
	if (y->fw[w][0] == '\0')
		return 0;
	return ((b->len ? buf_putc(b, ' ') : 0) || buf_puts(b, y->fw[w])) ? APP_ENOMEM : 0;
}

/* The SDG matrix under header h at line *i: each row's label left of the
 * first column, wrapped over lines, known by the form's row labels rows[]
 * (folded). Its answer is either a mark (an X, a check mark) in the column
 * of the chosen level (h: the scale's labels), or, in a report page's print
 * (levels: h is the page's two column headers), the chosen level's label
 * in the second column, known by scale[] (folded); another text there
 * ("Not answered") is no answer. *i ends on the first line after it. */
static int
matrix_read(const struct lay *y, size_t *i, const struct form_question *q, char **labs, char **rows,
	    char **scale, bool levels, const struct header *h)
{
	struct mrow *r = calloc(q->nrows, sizeof(*r));
	struct { size_t page; double yc; size_t col; } *mk = NULL;
	size_t nmk = 0, cap = 0, j, a = *i, cur = 0, have = 0;
	double edge = h->left[levels ? 1 : 0] - 2;
	struct header again;
	struct buf tmp;
	int rc = 0;

	if (r == NULL)
		return APP_ENOMEM;
	buf_init(&tmp, 1u << 16);
	for (j = 0; j < q->nrows; j++) {
		buf_init(&r[j].text, 1u << 16);
		buf_init(&r[j].fold, 1u << 16);
		buf_init(&r[j].level, 1u << 16);
	}
	while (a < y->n && rc == 0) {
		const struct pline *l = L(y, a);
		size_t w, nleft = 0;

		if (header_at(y, a, labs, h->nlab, &again)) {
			a += again.nlines; /* repeated after a page break */
			continue;
		}
		buf_reset(&tmp);
		for (w = l->w0; w < l->w0 + l->nw && rc == 0; w++)
			if (y->d->w[w].x0 < edge && y->fw[w][0] != '\0') {
				nleft++;
				rc = ((tmp.len ? buf_putc(&tmp, ' ') : 0) || buf_puts(&tmp, y->fw[w])) ? APP_ENOMEM : 0;
			}
		if (rc)
			break;
		if (nleft > 0) {
			struct mrow *m = have ? &r[cur] : NULL;
			bool more = false;

			if (m != NULL) {
				size_t keep = m->fold.len;

				rc = (buf_putc(&m->fold, ' ') || buf_puts(&m->fold, buf_cstr(&tmp))) ? APP_ENOMEM : 0;
				more = rc == 0 && prefix_of(rows[cur], buf_cstr(&m->fold));
				if (!more && rc == 0) {
					/* A word broken at the cell's edge. */
					memmove(m->fold.data + keep, m->fold.data + keep + 1, m->fold.len - keep);
					m->fold.len--;
					more = prefix_of(rows[cur], buf_cstr(&m->fold));
				}
				if (!more) {
					m->fold.len = keep;
					m->fold.data[keep] = '\0';
				}
			}
			if (!more) {
				size_t next = have ? cur + 1 : 0;

				if (next >= q->nrows || !prefix_of(rows[next], buf_cstr(&tmp)))
					break;
				cur = next;
				have = 1;
				m = &r[cur];
				rc = buf_puts(&m->fold, buf_cstr(&tmp));
				m->page = l->page;
				m->y0 = l->y0;
			}
			if (l->page == m->page)
				m->y1 = l->y1; /* the band where its marks are looked for */
			for (w = l->w0; w < l->w0 + l->nw && rc == 0; w++)
				if (y->d->w[w].x0 < edge) {
					rc = ((m->text.len ? buf_putc(&m->text, ' ') : 0) ||
					      buf_puts(&m->text, pdoc_word(y->d, w))) ? APP_ENOMEM : 0;
				}
		} else if (!have) {
			break;
		}
		/* (A level's label is short: more is none, and kept no longer.) */
		for (w = l->w0; levels && w < l->w0 + l->nw && rc == 0 && r[cur].level.len < 1024; w++)
			if (y->d->w[w].x0 >= edge)
				rc = fold_add(y, w, &r[cur].level);
		for (w = l->w0; !levels && w < l->w0 + l->nw && rc == 0; w++) {
			const struct pword *pw = &y->d->w[w];

			if (pw->x0 < edge || !mark_like(pdoc_word(y->d, w)))
				continue;
			if (nmk == cap) {
				void *v = realloc(mk, (cap = cap ? cap * 2 : 32) * sizeof(*mk));

				if (v == NULL) {
					rc = APP_ENOMEM;
					break;
				}
				mk = v;
			}
			mk[nmk].page = l->page;
			mk[nmk].yc = (pw->y0 + pw->y1) / 2;
			mk[nmk].col = column_of(h, (pw->x0 + pw->x1) / 2);
			nmk++;
		}
		a++;
	}
	/* Each mark to the row whose label spans it, or the nearest. */
	for (j = 0; j < nmk && rc == 0; j++) {
		size_t k, best = q->nrows;
		double bd = 1e18;

		for (k = 0; k < q->nrows; k++) {
			double dd;

			if (r[k].text.len == 0 || r[k].page != mk[j].page)
				continue;
			dd = mk[j].yc < r[k].y0 ? r[k].y0 - mk[j].yc : mk[j].yc > r[k].y1 ? mk[j].yc - r[k].y1 : 0;
			if (dd < bd) {
				bd = dd;
				best = k;
			}
		}
		if (best < q->nrows)
			r[best].mark = mk[j].col + 1;
	}
	for (j = 0; levels && j < q->nrows; j++) {
		size_t k;

		for (k = 0; k < q->nscale && r[j].level.len > 0; k++)
			if (strcmp(buf_cstr(&r[j].level), scale[k]) == 0)
				r[j].mark = k + 1;
	}
	for (j = 0; j < q->nrows && rc == 0; j++) {
		if (r[j].text.len == 0)
			continue;
		rc = buf_printf(y->out, "%s\n", buf_cstr(&r[j].text));
		if (rc == 0 && r[j].mark)
			rc = buf_printf(y->out, "%s\n", q->scale[r[j].mark - 1].label);
	}
	for (j = 0; j < q->nrows; j++) {
		buf_cleanup(&r[j].text);
		buf_cleanup(&r[j].fold);
		buf_cleanup(&r[j].level);
	}
	buf_cleanup(&tmp);
	free(r);
	free(mk);
	*i = a;
	return rc;
}

/* --- The whole text ----------------------------------------------------- */

/* A special question as one layout prints it: the header labels it is
 * found by, and for the SDG matrix its rows and scale, all folded. A
 * question has a special for each layout (s3pm's PDF and other tools'; a
 * report page printed by a browser). */
enum sp_kind {
	SP_TABLE,   /* a table's rows, by column */
	SP_REGIONS, /* a region list: name, country, NUTS code */
	SP_MARKS,   /* the matrix, a mark in the chosen level's column */
	SP_LEVELS   /* the matrix, the chosen level's label beside each row */
};

struct special {
	const struct form_question *q;
	enum sp_kind kind;
	char *labs[MAX_COLS];
	size_t nlab;
	char **rows;  /* SP_MARKS, SP_LEVELS: q->nrows */
	char **scale; /* SP_LEVELS: q->nscale */
	bool done;
};

static char *
fold(const char *s)
{
	return text_fold(s, strlen(s), true);
}

static void
specials_free(struct special *s, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < s[i].nlab; j++)
			free(s[i].labs[j]);
		if (s[i].rows != NULL)
			for (j = 0; j < s[i].q->nrows; j++)
				free(s[i].rows[j]);
		free(s[i].rows);
		if (s[i].scale != NULL)
			for (j = 0; j < s[i].q->nscale; j++)
				free(s[i].scale[j]);
		free(s[i].scale);
	}
	free(s);
}

/* n texts folded into a new array *out. 0 or APP_ENOMEM (what was made
 * is in *out for specials_free). */
static int
fold_all(const struct form_option *v, size_t n, char ***out)
{
	size_t j;

	if ((*out = calloc(n + 1, sizeof(**out))) == NULL)
		return APP_ENOMEM;
	for (j = 0; j < n; j++)
		if (((*out)[j] = fold(v[j].label)) == NULL)
			return APP_ENOMEM;
	return 0;
}

/* A special of question q in kind with the n header labels labs into
 * s[*n]. 0 or APP_ENOMEM. */
static int
special_add(struct special *s, size_t *n, const struct form_question *q, enum sp_kind kind,
	    const char *const *labs, size_t nlab)
{
	struct special *p = &s[(*n)++];
	size_t j;
	int rc = 0;

	p->q = q;
	p->kind = kind;
	for (j = 0; j < nlab; j++)
		if ((p->labs[p->nlab++] = fold(labs[j])) == NULL || p->labs[j][0] == '\0')
			rc = APP_ENOMEM;
	if (rc == 0 && (kind == SP_MARKS || kind == SP_LEVELS))
		rc = fold_all(q->rows, q->nrows, &p->rows);
	if (rc == 0 && kind == SP_LEVELS)
		rc = fold_all(q->scale, q->nscale, &p->scale);
	return rc;
}

static int
specials_make(const struct form *f, struct special **out, size_t *nout)
{
	/* s3pm's PDF (pdf_out.c), and a report page (render.c). */
	static const char *const region_cols[] = {"Name", "Country", "NUTS"};
	static const char *const page_region_cols[] = {PAGE_TEXT_REGION_NAME, PAGE_TEXT_REGION_COUNTRY,
						       PAGE_TEXT_REGION_NUTS};
	static const char *const page_likert_cols[] = {PAGE_TEXT_LIKERT_ROW, PAGE_TEXT_LIKERT_LEVEL};
	struct special *s = calloc(2 * f->nquestions + 1, sizeof(*s));
	const char *labs[MAX_COLS];
	size_t i, j, n = 0;
	int rc = 0;

	if (s == NULL)
		return APP_ENOMEM;
	for (i = 0; i < f->nquestions && rc == 0; i++) {
		const struct form_question *q = f->questions[i];

		if (q->type == FORM_TABLE && q->ncolumns <= MAX_COLS && q->ncolumns > 0) {
			for (j = 0; j < q->ncolumns; j++)
				labs[j] = q->columns[j].label;
			rc = special_add(s, &n, q, SP_TABLE, labs, q->ncolumns);
		} else if (q->type == FORM_REGIONS) {
			rc = special_add(s, &n, q, SP_REGIONS, region_cols, 3);
			if (rc == 0)
				rc = special_add(s, &n, q, SP_REGIONS, page_region_cols, 3);
		} else if (q->type == FORM_LIKERT && q->nscale <= MAX_COLS && q->nrows > 0 && q->nscale > 0) {
			for (j = 0; j < q->nscale; j++)
				labs[j] = q->scale[j].label;
			rc = special_add(s, &n, q, SP_MARKS, labs, q->nscale);
			if (rc == 0)
				rc = special_add(s, &n, q, SP_LEVELS, page_likert_cols, 2);
		}
	}
	if (rc) {
		specials_free(s, n);
		return rc;
	}
	*out = s;
	*nout = n;
	return 0;
}

/* --- The end of a report page's print ----------------------------------- */

/* What s3pm's report page prints after the report (page_text.h), folded:
 * a heading that is all of its lines, and the footer, which its first
 * line begins with. */
struct page_end {
	char *decisions, *footer;
};

/* Whether line i starts what follows the report on s3pm's report page:
 * the decisions' heading (over up to three lines) or the site's footer,
 * at the start of a paragraph (not after a soft wrap of prev). */
static bool
page_end_at(const struct lay *y, size_t i, const struct pline *prev, const struct page_end *e,
	    struct buf *b)
{
	const struct pline *l = L(y, i);
	size_t k, w;

	if (prev != NULL && soft_wrap(y, prev, l))
		return false;
	w = l->w0;
	if (strncmp(y->fw[w], e->decisions, strcspn(e->decisions, " ")) != 0 &&
	    strncmp(y->fw[w], e->footer, strcspn(e->footer, " ")) != 0)
		return false;
	buf_reset(b);
	for (k = i; k < i + 3 && k < y->n && L(y, k)->page == l->page; k++) {
		const struct pline *m = L(y, k);

		for (w = m->w0; w < m->w0 + m->nw; w++)
			if (fold_add(y, w, b) != 0)
				return false;
		if (strcmp(buf_cstr(b), e->decisions) == 0)
			return true;
		if (k == i && strncmp(buf_cstr(b), e->footer, strlen(e->footer)) == 0 &&
		    (b->data[strlen(e->footer)] == ' ' || b->data[strlen(e->footer)] == '\0'))
			return true;
	}
	return false;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The text block's right edge: where wrapped lines end, the rightmost
 * place at which at least three lines end within two line heights (a
 * single long line, such as a label that was not wrapped, is no margin);
 * the rightmost end when there are too few lines. r[0..n) sorted. */
static double
right_edge(const double *r, size_t n, double h)
{
	size_t i, j;

	if (n < 3)
		return n ? r[n - 1] : 0;
	for (i = n, j = n; i-- > 0;) {
		while (j > i + 1 && r[j - 1] - r[i] > 2 * h)
			j--;
		if (j - i >= 3)
			return r[j - 1];
	}
	return r[n - 1];
}

/* The block's right edge and the usual line distance. */
static int
measure(struct lay *y)
{
	double *v = malloc((y->n + 1) * sizeof(*v)), *r = malloc((y->n + 1) * sizeof(*r)), *hs = NULL;
	size_t i, j, nv = 0, best = 0;

	if (v == NULL || r == NULL || (hs = malloc((y->n + 1) * sizeof(*hs))) == NULL) {
		free(v);
		free(r);
		return APP_ENOMEM;
	}
	for (i = 0; i < y->n; i++) {
		const struct pline *l = L(y, i);

		r[i] = l->x1;
		hs[i] = height(l);
		if (i > 0 && L(y, i - 1)->page == l->page) {
			double dd = l->y0 - L(y, i - 1)->y0;

			if (dd > 0.5 * height(l) && dd < 3 * height(l))
				v[nv++] = dd;
		}
	}
	qsort(r, y->n, sizeof(*r), cmp_double);
	qsort(hs, y->n, sizeof(*hs), cmp_double);
	y->right = right_edge(r, y->n, y->n ? hs[y->n / 2] : 10);
	/* The body's top: the median first line of the pages after the first
	 * (the first may start lower, under a title). */
	for (i = 0, j = 0; i < y->n; i++)
		if ((i == 0 || L(y, i - 1)->page != L(y, i)->page) && (L(y, i)->page > 0 || y->n == 1))
			r[j++] = L(y, i)->y0;
	if (j == 0)
		r[j++] = y->n ? L(y, 0)->y0 : 0;
	qsort(r, j, sizeof(*r), cmp_double);
	y->top = r[j / 2];
	qsort(v, nv, sizeof(*v), cmp_double);
	/* The most common distance (within half a point): lines of a
	 * paragraph outnumber the gaps between paragraphs and table rows. */
	y->pitch = nv ? v[0] : 14;
	for (i = 0, j = 0; i < nv; i++) {
		while (v[i] - v[j] > 0.5)
			j++;
		if (i - j + 1 > best) {
			best = i - j + 1;
			y->pitch = v[j];
		}
	}
	free(v);
	free(r);
	free(hs);
	return 0;
}

int
pdf_lines(const struct pdoc *d, const struct form *f, struct buf *text)
{
	size_t tries = HEADER_TRIES;
	struct lay y = {.d = d, .f = f, .out = text, .tries = &tries};
	struct special *sp = NULL;
	size_t nsp = 0, i, k, *off = NULL;
	const struct pline *prev = NULL;
	struct page_end end = {NULL, NULL};
	struct buf scratch = {0};
	int rc;

	y.li = malloc((d->nl + 1) * sizeof(*y.li));
	y.fw = calloc(d->nw + 1, sizeof(*y.fw));
	if (y.li == NULL || y.fw == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < d->nl; i++)
		if (!d->l[i].drop && d->l[i].nw > 0)
			y.li[y.n++] = i;
	/* The folds in one pool (no allocation a word): offsets first, as
	 * the pool may move while it grows, then pointers. */
	buf_init(&y.fpool, 4 * d->pool.len + (1u << 20));
	if ((off = malloc((d->nw + 1) * sizeof(*off))) == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < d->nw; i++) {
		const char *w = pdoc_word(d, i);

		off[i] = y.fpool.len;
		if ((rc = text_fold_to(&y.fpool, w, strlen(w), true)) != 0 ||
		    (rc = buf_append(&y.fpool, "", 1)) != 0)
			goto out;
	}
	for (i = 0; i < d->nw; i++)
		y.fw[i] = y.fpool.data + off[i];
	if ((rc = measure(&y)) != 0 || (rc = specials_make(f, &sp, &nsp)) != 0)
		goto out;
	end.decisions = fold(PAGE_TEXT_DECISIONS);
	end.footer = fold(PAGE_TEXT_FOOTER);
	if (end.decisions == NULL || end.footer == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	buf_init(&scratch, 1u << 16);
	i = 0;
	while (i < y.n && rc == 0) {
		const struct pline *l = L(&y, i);
		struct header h;
		bool hit = false;

		/* A browser's print of s3pm's report page: the page's own texts
		 * after the report are not read, as a running footer is not. */
		if (page_end_at(&y, i, prev, &end, &scratch))
			break;

		for (k = 0; k < nsp && !hit; k++) {
			struct special *s = &sp[k];
			size_t j;

			if (s->done || !header_at(&y, i, s->labs, s->nlab, &h))
				continue;
			hit = true;
			for (j = 0; j < nsp; j++)
				sp[j].done = sp[j].done || sp[j].q == s->q;
			i += h.nlines;
			rc = prev != NULL ? buf_putc(text, '\n') : 0;
			if (rc == 0 && s->kind != SP_REGIONS) {
				/* The header as the form words it, for the text reader. */
				size_t nh = s->kind == SP_TABLE ? s->q->ncolumns : s->q->nscale;

				for (j = 0; j < nh && rc == 0; j++)
					rc = (buf_puts(text, j ? " " : "") ||
					      buf_puts(text, s->kind == SP_TABLE ? s->q->columns[j].label
										   : s->q->scale[j].label)) ? APP_ENOMEM : 0;
				if (rc == 0)
					rc = buf_putc(text, '\n');
			}
			if (rc == 0 && (s->kind == SP_MARKS || s->kind == SP_LEVELS))
				rc = matrix_read(&y, &i, s->q, s->labs, s->rows, s->scale, s->kind == SP_LEVELS, &h);
			else if (rc == 0)
				rc = table_read(&y, &i, s->labs, &h, s->kind == SP_REGIONS);
			if (rc == 0)
				rc = buf_putc(text, '\n');
			prev = NULL;
		}
		if (hit)
			continue;
		if (prev != NULL) {
			if (soft_wrap(&y, prev, l))
				rc = hyphen_join(pdoc_word(d, prev->w0 + prev->nw - 1), pdoc_word(d, l->w0)) ? 0
													 : buf_putc(text, ' ');
			else if (para_gap(&y, prev, l))
				rc = buf_puts(text, "\n\n");
			else
				rc = buf_putc(text, '\n');
		}
		if (rc == 0)
			rc = put_words(&y, l, text);
		prev = l;
		i++;
	}
	if (rc == 0 && prev != NULL)
		rc = buf_putc(text, '\n');
out:
	buf_cleanup(&scratch);
	free(end.decisions);
	free(end.footer);
	buf_cleanup(&y.fpool);
	free(off);
	free(y.fw);
	free(y.li);
	specials_free(sp, nsp);
	return rc;
}
