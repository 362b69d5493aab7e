/* pdf_layout.c - the page flow of a PDF report: pango layouts placed line by
 * line into a display list, page by page, then drawn with cairo. */
#include "pdf_layout.h"
#include "pdf_out.h"

#include <cairo-pdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum item_kind { IT_LINE, IT_RECT, IT_FILL, IT_LINK };

struct pl_item {
	enum item_kind kind;
	enum pl_colour colour;
	int page;
	int line;            /* IT_LINE: the line of layout */
	double x, y, w, h;   /* IT_LINE: the baseline's start; others: the rectangle */
	PangoLayout *layout; /* IT_LINE: a reference */
	char *uri;           /* IT_LINK: owned */
};

struct pl_mark {
	int page;
	double y;
	char *title; /* owned */
};

#define BOTTOM_Y (PL_PAGE_H - PL_BOTTOM)
/* Where the running header and footer are drawn (pl_draw). */
#define HEAD_Y 30.0
#define HEAD_RULE_Y 44.0
#define FOOT_Y (PL_PAGE_H - 38.0)

/* The bands promised in pdf_out.h: header and footer inside, content out. */
_Static_assert(PL_TOP > PDF_OUT_HEADER_BAND && HEAD_RULE_Y < PDF_OUT_HEADER_BAND,
	       "the running header's band");
_Static_assert(PL_BOTTOM > PDF_OUT_FOOTER_BAND && FOOT_Y > PL_PAGE_H - PDF_OUT_FOOTER_BAND,
	       "the footer's band");

static const char *const font_names[PL_NFONTS] = {
	[PL_BODY] = "DejaVu Sans 9.5",
	[PL_LABEL] = "DejaVu Sans Bold 9.5",
	[PL_HELP] = "DejaVu Sans 8",
	[PL_NONE] = "DejaVu Sans Oblique 9",
	[PL_TITLE] = "DejaVu Sans Bold 16",
	[PL_SUBTITLE] = "DejaVu Sans 12",
	[PL_SECTION] = "DejaVu Sans Bold 13.5",
	[PL_HEADING] = "DejaVu Sans Bold 11",
	[PL_CELL] = "DejaVu Sans 8",
	[PL_CELLHEAD] = "DejaVu Sans Bold 8",
	[PL_RUNNING] = "DejaVu Sans 7.5",
};

bool
pl_init(struct pl *pl)
{
	PangoFontMap *fm;
	cairo_font_options_t *fo;
	int i;

	memset(pl, 0, sizeof(*pl));
	/* The default font map is the calling thread's own (pango >= 1.32.6),
	 * kept for the thread's life: fonts are loaded once per thread. */
	fm = pango_cairo_font_map_get_default();
	if (fm == NULL || (pl->ctx = pango_font_map_create_context(fm)) == NULL)
		return false;
	/* What a PDF surface wants: metrics as designed, no hinting; points as
	 * the user unit. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pl->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pl->ctx, 72.0);
	if ((pl->attrs = pango_attr_list_new()) == NULL)
		return false;
	pango_attr_list_insert(pl->attrs, pango_attr_insert_hyphens_new(FALSE));
	for (i = 0; i < PL_NFONTS; i++)
		if ((pl->fonts[i] = pango_font_description_from_string(font_names[i])) == NULL)
			return false;
	return true;
}

void
pl_cleanup(struct pl *pl)
{
	size_t i;
	int f;

	for (i = 0; i < pl->nitems; i++) {
		if (pl->items[i].layout != NULL)
			g_object_unref(pl->items[i].layout);
		free(pl->items[i].uri);
	}
	free(pl->items);
	for (i = 0; i < pl->nmarks; i++)
		free(pl->marks[i].title);
	free(pl->marks);
	for (f = 0; f < PL_NFONTS; f++)
		if (pl->fonts[f] != NULL)
			pango_font_description_free(pl->fonts[f]);
	if (pl->attrs != NULL)
		pango_attr_list_unref(pl->attrs);
	if (pl->ctx != NULL)
		g_object_unref(pl->ctx);
	memset(pl, 0, sizeof(*pl));
}

PangoLayout *
pl_layout(struct pl *pl, enum pl_font font, const char *text, double width, enum pl_align align,
	  double indent)
{
	PangoLayout *l = pango_layout_new(pl->ctx);

	if (l == NULL) {
		pl->failed = true;
		return NULL;
	}
	pango_layout_set_font_description(l, pl->fonts[font]);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	if (align == PL_ALIGN_CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	if (indent > 0)
		pango_layout_set_indent(l, (int)(-indent * PANGO_SCALE));
	/* No hyphens put in where a word is broken: the text must read back
	 * as written. */
	pango_layout_set_attributes(l, pl->attrs);
	pango_layout_set_text(l, text != NULL ? text : "", -1);
	return l;
}

double
pl_text_width(struct pl *pl, enum pl_font font, const char *text)
{
	PangoLayout *l = pl_layout(pl, font, text, 0, PL_ALIGN_LEFT, 0);
	int w, h;

	if (l == NULL)
		return 0;
	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)w / PANGO_SCALE;
}

double
pl_height(PangoLayout *l)
{
	int w, h;

	if (l == NULL)
		return 0;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

bool
pl_at_top(const struct pl *pl)
{
	return pl->y <= PL_TOP + 0.01;
}

void
pl_newpage(struct pl *pl)
{
	pl->page++;
	pl->y = PL_TOP;
}

void
pl_need(struct pl *pl, double h)
{
	if (pl->y + h > BOTTOM_Y && !pl_at_top(pl))
		pl_newpage(pl);
}

void
pl_skip(struct pl *pl, double h)
{
	pl->y += h;
	if (pl->y > BOTTOM_Y)
		pl_newpage(pl);
}

static struct pl_item *
item_add(struct pl *pl, enum item_kind kind)
{
	struct pl_item *it;

	if (pl->nitems == pl->capitems) {
		size_t cap = pl->capitems ? pl->capitems * 2 : 256;
		struct pl_item *v = realloc(pl->items, cap * sizeof(*v));

		if (v == NULL) {
			pl->failed = true;
			return NULL;
		}
		pl->items = v;
		pl->capitems = cap;
	}
	it = &pl->items[pl->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->page = pl->page;
	return it;
}

static void
rect_add(struct pl *pl, enum item_kind kind, double x, double y, double w, double h)
{
	struct pl_item *it = item_add(pl, kind);

	if (it == NULL)
		return;
	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->colour = kind == IT_FILL ? PL_GREY : PL_BLACK;
}

static void
link_add(struct pl *pl, double x, double y, double w, double h, const char *uri, size_t len)
{
	struct pl_item *it;
	char *u = malloc(len + 1);

	if (u == NULL) {
		pl->failed = true;
		return;
	}
	memcpy(u, uri, len);
	u[len] = '\0';
	if ((it = item_add(pl, IT_LINK)) == NULL) {
		free(u);
		return;
	}
	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->uri = u;
}

/* The address starting at text[i] ("http://" or "https://" at a word's
 * start), its length in bytes without trailing punctuation; 0: none. */
static size_t
url_at(const char *text, size_t i)
{
	const char *s = text + i;
	size_t n = 0;

	if (i > 0 && !(text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '(' ||
		       text[i - 1] == '\t' || text[i - 1] == '<' || text[i - 1] == '"'))
		return 0;
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return 0;
	while (s[n] != '\0' && (unsigned char)s[n] > ' ' && s[n] != '"' && s[n] != '<' &&
	       s[n] != '>')
		n++;
	while (n > 0 && strchr(".,;:!?)]'", s[n - 1]) != NULL)
		n--;
	return n > 8 ? n : 0;
}

/* Links for the addresses inside line (at baseline x, top y, height h). */
static void
line_links(struct pl *pl, PangoLayoutLine *line, const char *text, double x, double top, double h)
{
	size_t i, start = (size_t)line->start_index, end = start + (size_t)line->length;

	/* An address that began on an earlier line continues here. */
	for (i = start; i > 0 && (unsigned char)text[i - 1] > ' '; i--)
		;
	for (; i < end; i++) {
		size_t n = url_at(text, i);
		size_t a, b;
		int xa, xb;

		if (n == 0)
			continue;
		a = i < start ? start : i;
		b = i + n > end ? end : i + n;
		if (a < b) {
			pango_layout_line_index_to_x(line, (int)a, 0, &xa);
			pango_layout_line_index_to_x(line, (int)b, 0, &xb);
			if (xb > xa)
				link_add(pl, x + (double)xa / PANGO_SCALE, top,
					 (double)(xb - xa) / PANGO_SCALE, h, text + i, n);
		}
		i += n;
	}
}

/* Places the lines of l from line first on, the first at top y, below
 * which none may pass limit (but the first, when force). Returns the
 * index of the first line left over (the number of lines when done);
 * *used gets the height placed. uri: the whole layout links there;
 * NULL: the addresses inside link. */
static int
put_lines(struct pl *pl, PangoLayout *l, double x, double y, int first, double limit, bool force,
	  enum pl_colour colour, const char *uri, double *used)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	const char *text = pango_layout_get_text(l);
	int i = 0, y0 = 0;
	bool started = false;

	*used = 0;
	do {
		PangoRectangle lg;
		int t, b, base;
		double top, h;
		struct pl_item *item;

		if (i < first) {
			i++;
			continue;
		}
		pango_layout_iter_get_line_yrange(it, &t, &b);
		pango_layout_iter_get_line_extents(it, NULL, &lg);
		base = pango_layout_iter_get_baseline(it);
		if (!started) {
			y0 = t;
			started = true;
		}
		top = y + (double)(t - y0) / PANGO_SCALE;
		h = (double)(b - t) / PANGO_SCALE;
		if (top + h > limit && !(force && i == first))
			break;
		if ((item = item_add(pl, IT_LINE)) == NULL)
			break;
		item->layout = g_object_ref(l);
		item->line = i;
		item->colour = colour;
		item->x = x + (double)lg.x / PANGO_SCALE;
		item->y = top + (double)(base - t) / PANGO_SCALE;
		if (uri != NULL && lg.width > 0)
			link_add(pl, item->x, top, (double)lg.width / PANGO_SCALE, h, uri, strlen(uri));
		else if (uri == NULL && strstr(text, "http") != NULL)
			line_links(pl, pango_layout_iter_get_line_readonly(it), text, item->x, top, h);
		*used = top + h - y;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return i;
}

static void
block(struct pl *pl, PangoLayout *l, double x, enum pl_colour colour, const char *uri)
{
	int n, next = 0;

	if (l == NULL)
		return;
	n = pango_layout_get_line_count(l);
	while (next < n && !pl->failed) {
		double used;

		next = put_lines(pl, l, x, pl->y, next, BOTTOM_Y, pl_at_top(pl), colour, uri, &used);
		pl->y += used;
		if (next < n)
			pl_newpage(pl);
	}
}

void
pl_block(struct pl *pl, PangoLayout *l, double x, enum pl_colour colour)
{
	block(pl, l, x, colour, NULL);
}

void
pl_block_link(struct pl *pl, PangoLayout *l, double x, enum pl_colour colour, const char *uri)
{
	block(pl, l, x, colour, uri);
}

void
pl_mark(struct pl *pl, const char *title)
{
	struct pl_mark *m;

	if (pl->nmarks == pl->capmarks) {
		size_t cap = pl->capmarks ? pl->capmarks * 2 : 16;
		struct pl_mark *v = realloc(pl->marks, cap * sizeof(*v));

		if (v == NULL) {
			pl->failed = true;
			return;
		}
		pl->marks = v;
		pl->capmarks = cap;
	}
	m = &pl->marks[pl->nmarks];
	if ((m->title = strdup(title)) == NULL) {
		pl->failed = true;
		return;
	}
	m->page = pl->page;
	m->y = pl->y;
	pl->nmarks++;
}

/* --- tables ---------------------------------------------------------------- */

static double
row_height(PangoLayout **cells, size_t ncols)
{
	double h = 0;
	size_t c;

	for (c = 0; c < ncols; c++) {
		double ch = pl_height(cells[c]);

		if (ch > h)
			h = ch;
	}
	return h + 2 * PL_PAD;
}

/* The header row at the cursor: a grey band, the labels at their column's
 * left edge, rules round each cell. */
static void
put_head(struct pl *pl, double x, const double *widths, size_t ncols, PangoLayout **head, double hh)
{
	double cx = x, used, total = 0;
	size_t c;

	for (c = 0; c < ncols; c++)
		total += widths[c];
	rect_add(pl, IT_FILL, x, pl->y, total, hh);
	for (c = 0; c < ncols; c++) {
		if (head[c] != NULL)
			put_lines(pl, head[c], cx + PL_PAD, pl->y + PL_PAD, 0, PL_PAGE_H, true, PL_BLACK,
				  NULL, &used);
		rect_add(pl, IT_RECT, cx, pl->y, widths[c], hh);
		cx += widths[c];
	}
	pl->y += hh;
}

void
pl_table(struct pl *pl, double x, const double *widths, size_t ncols, PangoLayout **head,
	 PangoLayout **cells, size_t nrows)
{
	double hh = row_height(head, ncols);
	int next[32];
	size_t r, c;

	if (ncols == 0 || ncols > 32)
		return;
	/* The header with the first row (when it fits a page), never alone. */
	pl_need(pl, hh + (nrows > 0 ? row_height(cells, ncols) : 0));
	put_head(pl, x, widths, ncols, head, hh);
	for (r = 0; r < nrows && !pl->failed; r++) {
		PangoLayout **row = cells + r * ncols;
		double rh = row_height(row, ncols);
		bool more = true;

		if (pl->y + rh > BOTTOM_Y && rh <= BOTTOM_Y - PL_TOP - hh) {
			pl_newpage(pl);
			put_head(pl, x, widths, ncols, head, hh);
		}
		memset(next, 0, sizeof(next));
		while (more && !pl->failed) {
			double seg = 2 * PL_PAD, cx = x;

			more = false;
			for (c = 0; c < ncols; c++) {
				double used = 0;

				if (row[c] != NULL && next[c] < pango_layout_get_line_count(row[c])) {
					next[c] = put_lines(pl, row[c], cx + PL_PAD, pl->y + PL_PAD, next[c],
							    BOTTOM_Y - PL_PAD, true, PL_BLACK, NULL, &used);
					if (next[c] < pango_layout_get_line_count(row[c]))
						more = true;
				}
				if (used + 2 * PL_PAD > seg)
					seg = used + 2 * PL_PAD;
				cx += widths[c];
			}
			cx = x;
			for (c = 0; c < ncols; c++) {
				rect_add(pl, IT_RECT, cx, pl->y, widths[c], seg);
				cx += widths[c];
			}
			pl->y += seg;
			if (more) {
				pl_newpage(pl);
				put_head(pl, x, widths, ncols, head, hh);
			}
		}
	}
}

/* --- drawing --------------------------------------------------------------- */

static void
colour_set(cairo_t *cr, enum pl_colour c)
{
	switch (c) {
	case PL_GREY:
		cairo_set_source_rgb(cr, 0.38, 0.38, 0.38);
		break;
	case PL_BLUE:
		cairo_set_source_rgb(cr, 0.05, 0.25, 0.6);
		break;
	default:
		cairo_set_source_rgb(cr, 0, 0, 0);
	}
}

/* cairo's attribute strings quote with '...': a quote or a backslash in
 * the address is escaped with a backslash. */
static char *
link_attrs(const struct pl_item *it)
{
	size_t n = strlen(it->uri), i, j;
	char *out = malloc(2 * n + 128);

	if (out == NULL)
		return NULL;
	j = (size_t)snprintf(out, 128, "rect=[%.2f %.2f %.2f %.2f] uri='", it->x, it->y, it->w, it->h);
	for (i = 0; i < n; i++) {
		if (it->uri[i] == '\'' || it->uri[i] == '\\')
			out[j++] = '\\';
		out[j++] = it->uri[i];
	}
	out[j++] = '\'';
	out[j] = '\0';
	return out;
}

static void
running(cairo_t *cr, struct pl *pl, const char *text, double y, bool centre)
{
	PangoLayout *l = pl_layout(pl, PL_RUNNING, text, PL_WIDTH,
				   centre ? PL_ALIGN_CENTER : PL_ALIGN_LEFT, 0);

	if (l == NULL)
		return;
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	colour_set(cr, PL_GREY);
	cairo_move_to(cr, PL_LEFT, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

bool
pl_draw(struct pl *pl, const struct pl_doc *d, cairo_write_func_t write, void *closure,
	const char **why)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write, closure, PL_PAGE_W, PL_PAGE_H);
	cairo_t *cr;
	int npages = pl->page + 1, p;
	size_t i = 0, m = 0;
	cairo_status_t st;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		*why = cairo_status_to_string(cairo_surface_status(s));
		cairo_surface_destroy(s);
		return false;
	}
	if (d->title != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	if (d->author != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->author);
	if (d->subject != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->subject);
	if (d->keywords != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, d->keywords);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "s3pm");
	if (d->created != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, d->created);
	cr = cairo_create(s);
	/* Everything inside one structure element: cairo 1.16 leaves a link's
	 * structure parent unwritten (a broken cross-reference table) when no
	 * structure tag encloses it. */
	cairo_tag_begin(cr, "Document", "");
	cairo_set_line_width(cr, 0.5);
	for (p = 0; p < npages; p++) {
		char foot[64];

		for (; m < pl->nmarks && pl->marks[m].page == p; m++) {
			char attrs[80];

			snprintf(attrs, sizeof(attrs), "page=%d pos=[%.1f %.1f]", p + 1, PL_LEFT,
				 pl->marks[m].y);
			cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, pl->marks[m].title, attrs,
						      0);
		}
		running(cr, pl, d->running, HEAD_Y, false);
		cairo_move_to(cr, PL_LEFT, HEAD_RULE_Y);
		cairo_line_to(cr, PL_PAGE_W - PL_RIGHT, HEAD_RULE_Y);
		cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
		cairo_stroke(cr);
		for (; i < pl->nitems && pl->items[i].page == p; i++) {
			struct pl_item *it = &pl->items[i];
			char *attrs;

			switch (it->kind) {
			case IT_LINE:
				colour_set(cr, it->colour);
				cairo_move_to(cr, it->x, it->y);
				pango_cairo_show_layout_line(
					cr, pango_layout_get_line_readonly(it->layout, it->line));
				break;
			case IT_FILL:
				cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
				cairo_rectangle(cr, it->x, it->y, it->w, it->h);
				cairo_fill(cr);
				break;
			case IT_RECT:
				cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
				cairo_rectangle(cr, it->x, it->y, it->w, it->h);
				cairo_stroke(cr);
				break;
			case IT_LINK:
				if ((attrs = link_attrs(it)) == NULL) {
					pl->failed = true;
					break;
				}
				cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
				cairo_tag_end(cr, CAIRO_TAG_LINK);
				free(attrs);
				break;
			}
		}
		snprintf(foot, sizeof(foot), "page %d of %d", p + 1, npages);
		running(cr, pl, foot, FOOT_Y, true);
		cairo_show_page(cr);
	}
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		*why = cairo_status_to_string(st);
		return false;
	}
	return true;
}
