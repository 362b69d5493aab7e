/* pdf_words.c - the words of a PDF with their positions, from poppler-glib:
 * each glyph's rectangle, glyphs joined into words where no space or gap
 * stands between them, words into lines by baseline, and page headers and
 * footers marked by where they stand and what repeats. */
#include "pdf_in_impl.h"

#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

void
pdoc_init(struct pdoc *d)
{
	memset(d, 0, sizeof(*d));
	buf_init(&d->pool, 256u * 1024 * 1024);
}

void
pdoc_cleanup(struct pdoc *d)
{
	free(d->w);
	free(d->l);
	buf_cleanup(&d->pool);
	memset(d, 0, sizeof(*d));
}

const char *
pdoc_word(const struct pdoc *d, size_t i)
{
	return d->pool.data + d->w[i].text;
}

/* Poppler's complaints about a damaged file go to GLib's log; the reader's
 * one-line error says what matters. */
static void
quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

/* The smallest PDF poppler reads: one empty page. */
static const char keeper_pdf[] = "%PDF-1.4\n"
				 "1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
				 "2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
				 "3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 1]>>\nendobj\n"
				 "xref\n0 4\n"
				 "0000000000 65535 f \n"
				 "0000000009 00000 n \n"
				 "0000000054 00000 n \n"
				 "0000000105 00000 n \n"
				 "trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n";

/* Held for the life of the process: poppler builds its global parameters
 * (the built-in font tables, fontconfig's setup) when its first document
 * opens and drops them when its last one closes, so without a document
 * kept open every file paid for them again (11% of a Chromium print's
 * reading time, measured with perf on bench_pdf). */
static PopplerDocument *keeper;

static gpointer
poppler_once(gpointer data)
{
	GBytes *b;

	(void)data;
	g_log_set_handler("Poppler", (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
						     G_LOG_FLAG_RECURSION), quiet_log, NULL);
	b = g_bytes_new_static(keeper_pdf, sizeof(keeper_pdf) - 1);
	keeper = poppler_document_new_from_bytes(b, NULL, NULL); /* NULL: only slower */
	g_bytes_unref(b);
	return NULL;
}

/* The word being built. */
struct wip {
	bool open;
	size_t start; /* its text's offset in the pool */
	double x0, y0, x1, y1, yc, h;
};

static int
word_end(struct pdoc *d, struct wip *w)
{
	struct pword *v;
	int rc;

	if (!w->open)
		return 0;
	w->open = false;
	if ((rc = buf_putc(&d->pool, '\0')) != 0)
		return rc;
	if (d->nw == d->capw) {
		size_t cap = d->capw ? d->capw * 2 : 1024;

		v = realloc(d->w, cap * sizeof(*v));
		if (v == NULL)
			return APP_ENOMEM;
		d->w = v;
		d->capw = cap;
	}
	v = &d->w[d->nw++];
	v->text = w->start;
	v->x0 = w->x0;
	v->y0 = w->y0;
	v->x1 = w->x1;
	v->y1 = w->y1;
	return 0;
}

/* The words of one page, appended to d->w. */
static int
page_words(struct pdoc *d, PopplerPage *page, size_t *glyphs)
{
	PopplerRectangle *r = NULL;
	guint n = 0, i = 0;
	char *text = NULL, *p;
	struct wip w = {0};
	int rc = 0;

	if (!poppler_page_get_text_layout(page, &r, &n) || n == 0)
		goto out;
	if ((*glyphs += n) > PDF_MAX_GLYPHS) {
		rc = APP_ETOOBIG;
		goto out;
	}
	text = poppler_page_get_text(page);
	if (text == NULL)
		goto out;
	for (p = text; *p != '\0' && i < n && rc == 0; p = g_utf8_next_char(p), i++) {
		gunichar c = g_utf8_get_char(p);
		const PopplerRectangle *g = &r[i];
		double x0 = g->x1 < g->x2 ? g->x1 : g->x2, x1 = g->x1 < g->x2 ? g->x2 : g->x1;
		double y0 = g->y1 < g->y2 ? g->y1 : g->y2, y1 = g->y1 < g->y2 ? g->y2 : g->y1;
		double h = y1 - y0, yc = (y0 + y1) / 2;

		if (g_unichar_isspace(c) || c == 0xA0 || c == 0x200B || !g_unichar_isdefined(c) ||
		    g_unichar_iscntrl(c)) {
			rc = word_end(d, &w);
			continue;
		}
		if (h <= 0)
			h = 1;
		/* A new word where the glyph leaves the baseline, goes back, or
		 * stands more than a quarter em from the last. */
		if (w.open && (yc > w.yc + 0.5 * w.h || yc < w.yc - 0.5 * w.h || x0 < w.x1 - 0.5 * w.h ||
			       x0 - w.x1 > 0.25 * (h < w.h ? h : w.h)))
			rc = word_end(d, &w);
		if (rc)
			break;
		if (!w.open) {
			w.open = true;
			w.start = d->pool.len;
			w.x0 = x0;
			w.y0 = y0;
			w.x1 = x1;
			w.y1 = y1;
			w.yc = yc;
			w.h = h;
		} else {
			w.x1 = x1 > w.x1 ? x1 : w.x1;
			w.y0 = y0 < w.y0 ? y0 : w.y0;
			w.y1 = y1 > w.y1 ? y1 : w.y1;
		}
		rc = buf_append(&d->pool, p, (size_t)(g_utf8_next_char(p) - p));
	}
	if (rc == 0)
		rc = word_end(d, &w);
out:
	g_free(text);
	g_free(r);
	return rc;
}

static int
by_y(const void *a, const void *b)
{
	const struct pword *x = a, *y = b;
	double p = x->y0 + x->y1, q = y->y0 + y->y1;

	return p < q ? -1 : p > q ? 1 : x->x0 < y->x0 ? -1 : x->x0 > y->x0 ? 1 : 0;
}

static int
by_x(const void *a, const void *b)
{
	const struct pword *x = a, *y = b;

	return x->x0 < y->x0 ? -1 : x->x0 > y->x0 ? 1 : 0;
}

static int
line_add(struct pdoc *d, size_t w0, size_t nw, size_t page)
{
	struct pline *l;
	size_t i;

	if (d->nl == d->capl) {
		size_t cap = d->capl ? d->capl * 2 : 256;

		l = realloc(d->l, cap * sizeof(*l));
		if (l == NULL)
			return APP_ENOMEM;
		d->l = l;
		d->capl = cap;
	}
	qsort(d->w + w0, nw, sizeof(*d->w), by_x);
	l = &d->l[d->nl++];
	memset(l, 0, sizeof(*l));
	l->w0 = w0;
	l->nw = nw;
	l->page = page;
	l->x0 = d->w[w0].x0;
	l->x1 = d->w[w0].x1;
	l->y0 = d->w[w0].y0;
	l->y1 = d->w[w0].y1;
	for (i = w0; i < w0 + nw; i++) {
		const struct pword *w = &d->w[i];

		l->x0 = w->x0 < l->x0 ? w->x0 : l->x0;
		l->x1 = w->x1 > l->x1 ? w->x1 : l->x1;
		l->y0 = w->y0 < l->y0 ? w->y0 : l->y0;
		l->y1 = w->y1 > l->y1 ? w->y1 : l->y1;
	}
	return 0;
}

/* The words d->w[w0..) of one page into lines: sorted by their vertical
 * centre, a word joins the line while its centre lies within 0.35 of the
 * line's first word's height of that word's centre. */
static int
page_lines(struct pdoc *d, size_t w0, size_t page)
{
	size_t i, a = w0;
	double yc = 0, h = 0;
	int rc = 0;

	if (d->nw == w0)
		return 0;
	qsort(d->w + w0, d->nw - w0, sizeof(*d->w), by_y);
	for (i = w0; i <= d->nw && rc == 0; i++) {
		const struct pword *w = i < d->nw ? &d->w[i] : NULL;
		double c = w ? (w->y0 + w->y1) / 2 : 0;

		if (i > a && (w == NULL || c > yc + 0.35 * h)) {
			rc = line_add(d, a, i - a, page);
			a = i;
		}
		if (w != NULL && i == a) {
			yc = c;
			h = w->y1 - w->y0;
		}
	}
	return rc;
}

/* A line's text into b, each run of digits masked as one '#' when mask:
 * what repeats from page to page in a running header or footer ("9/10"
 * and "10/10" alike). */
static int
line_text(const struct pdoc *d, const struct pline *l, bool mask, struct buf *b)
{
	size_t i, j;
	int rc = 0;

	buf_reset(b);
	for (i = l->w0; i < l->w0 + l->nw && rc == 0; i++) {
		const char *s = pdoc_word(d, i);

		if (i > l->w0)
			rc = buf_putc(b, ' ');
		for (j = 0; s[j] && rc == 0; j++)
			if (!mask || !g_ascii_isdigit(s[j]))
				rc = buf_putc(b, s[j]);
			else if (j == 0 || !g_ascii_isdigit(s[j - 1]))
				rc = buf_putc(b, '#');
	}
	if (rc == 0)
		rc = buf_putc(b, '\0');
	return rc;
}

/* "3", "- 3 -", "3 / 7", "3/7", "Page 3", "Page 3 of 7", "p. 3". */
static bool
page_number(const char *s)
{
	size_t i = 0, nums = 0;

	if (g_ascii_strncasecmp(s, "page ", 5) == 0)
		i = 5;
	else if (g_ascii_strncasecmp(s, "p. ", 3) == 0)
		i = 3;
	while (s[i]) {
		if (g_ascii_isdigit(s[i])) {
			nums++;
			while (g_ascii_isdigit(s[i]))
				i++;
		} else if (s[i] == ' ' || s[i] == '/' || s[i] == '-') {
			i++;
		} else if (g_ascii_strncasecmp(s + i, "of ", 3) == 0) {
			i += 3;
		} else {
			return false;
		}
	}
	return nums >= 1 && nums <= 2;
}

/* Whether line i stands in the top or bottom 8% of its page, apart from
 * the body: a table header repeated at the top of each page is close to
 * the row under it, a running header is not. */
static bool
in_band(const struct pdoc *d, size_t i)
{
	const struct pline *l = &d->l[i];
	double band = d->page_h * 0.08, h = l->y1 - l->y0;

	if (l->y1 < band)
		return i + 1 >= d->nl || d->l[i + 1].page != l->page || d->l[i + 1].y0 - l->y1 > 0.3 * h;
	if (l->y0 > d->page_h - band)
		return i == 0 || d->l[i - 1].page != l->page || l->y0 - d->l[i - 1].y1 > 0.3 * h;
	return false;
}

/* A band line's text, digits masked, as first seen: where, and whether a
 * line of the same text stands at about its height on another page. */
struct seen {
	size_t page;
	double y0;
	bool again;
};

/* Marks running headers and footers: lines in the top or bottom 8% of the
 * page that read as a page number, or that, digits masked, stand at about
 * the same height on another page (any other: a footer may be on some
 * pages only). One pass to see the band lines, one to mark them. */
static int
mark_running(struct pdoc *d)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	struct buf a;
	size_t i;
	int pass, rc = 0;

	buf_init(&a, 1u << 20);
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		for (i = 0; i < d->nl && rc == 0; i++) {
			struct pline *l = &d->l[i];
			struct seen *e;

			if (!in_band(d, i))
				continue;
			if ((rc = line_text(d, l, false, &a)) != 0)
				break;
			if (page_number(a.data)) {
				l->drop = true;
				continue;
			}
			if ((rc = line_text(d, l, true, &a)) != 0)
				break;
			e = g_hash_table_lookup(h, a.data);
			if (pass == 1) {
				l->drop = e != NULL && e->again;
			} else if (e == NULL) {
				e = g_new(struct seen, 1);
				e->page = l->page;
				e->y0 = l->y0;
				e->again = false;
				g_hash_table_insert(h, g_strdup(a.data), e);
			} else if (e->page != l->page && l->y0 - e->y0 <= 6 && e->y0 - l->y0 <= 6) {
				e->again = true;
			}
		}
	}
	g_hash_table_destroy(h);
	buf_cleanup(&a);
	return rc;
}

int
pdf_words(const char *data, size_t len, const char *name, struct pdoc *d, struct app_msg *msg)
{
	static GOnce once = G_ONCE_INIT;
	PopplerDocument *doc = NULL;
	GBytes *bytes = NULL;
	GError *err = NULL;
	size_t glyphs = 0, p, w0;
	int npages, rc = 0;

	g_once(&once, poppler_once, NULL);
	/* Poppler may keep the bytes: a copy of its own. */
	bytes = g_bytes_new(data, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (doc == NULL) {
		if (err != NULL && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
			rc = app_fail(msg, APP_EINPUT,
				      "%s: is encrypted: remove the password first (e.g. qpdf --decrypt)", name);
		else
			rc = app_fail(msg, APP_EINPUT, "%s: is not a readable PDF (damaged or cut off)", name);
		goto out;
	}
	npages = poppler_document_get_n_pages(doc);
	if (npages <= 0) {
		rc = app_fail(msg, APP_EINPUT, "%s: is not a readable PDF (damaged or cut off): no pages", name);
		goto out;
	}
	if (npages > PDF_MAX_PAGES) {
		rc = app_fail(msg, APP_EINPUT, "%s: has %d pages, more than the %d a report may have", name,
			      npages, PDF_MAX_PAGES);
		goto out;
	}
	for (p = 0; p < (size_t)npages && rc == 0; p++) {
		PopplerPage *page = poppler_document_get_page(doc, (int)p);
		double pw = 0, ph = 0;

		if (page == NULL)
			continue;
		poppler_page_get_size(page, &pw, &ph);
		if (p == 0)
			d->page_h = ph;
		w0 = d->nw;
		rc = page_words(d, page, &glyphs);
		if (rc == 0)
			rc = page_lines(d, w0, p);
		g_object_unref(page);
	}
	d->npages = (size_t)npages;
	if (rc == APP_ETOOBIG) {
		rc = app_fail(msg, APP_EINPUT, "%s: has more than %u characters of text, more than a report may have",
			      name, PDF_MAX_GLYPHS);
		goto out;
	}
	if (rc)
		goto out;
	if (d->nw == 0) {
		rc = app_fail(msg, APP_EINPUT,
			      "%s: has no text layer (a scan?): it needs OCR first, e.g. ocrmypdf", name);
		goto out;
	}
	if (d->npages > 1)
		rc = mark_running(d);
	else
		rc = 0;
out:
	if (err != NULL)
		g_error_free(err);
	if (doc != NULL)
		g_object_unref(doc);
	g_bytes_unref(bytes);
	return rc;
}
