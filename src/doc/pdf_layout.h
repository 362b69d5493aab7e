/* pdf_layout.h - the page flow under pdf_out.c: pango layouts placed line
 * by line on A4 pages (text blocks broken between lines, ruled tables
 * whose header row repeats on every page they continue on), recorded in a
 * display list; then the list drawn on a cairo PDF surface with the
 * running header and footer, once the number of pages is known.
 *
 * One struct pl per document, used by one thread. Every layout is created
 * in the pango context of the struct pl (the calling thread's default
 * pangocairo font map, which pango keeps per thread). */
#ifndef S3PM_PDF_LAYOUT_H
#define S3PM_PDF_LAYOUT_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

/* A4 in points, and the bands of the running header and footer: content
 * keeps out of the top PL_TOP and bottom PL_BOTTOM points, wider than the
 * bands pdf_out.h promises the PDF reader (PDF_OUT_HEADER_BAND, ...). */
#define PL_PAGE_W 595.276
#define PL_PAGE_H 841.890
#define PL_LEFT 56.0
#define PL_RIGHT 56.0
#define PL_TOP 64.0
#define PL_BOTTOM 60.0
#define PL_WIDTH (PL_PAGE_W - PL_LEFT - PL_RIGHT)

enum pl_font {
	PL_BODY,     /* answers, static texts */
	PL_LABEL,    /* a question's wording: bold */
	PL_HELP,     /* the text under a label: smaller */
	PL_NONE,     /* "(no answer)": italic */
	PL_TITLE,    /* the form's title */
	PL_SUBTITLE, /* the partnership, the period */
	PL_SECTION,  /* a section's title */
	PL_HEADING,  /* a heading inside a section */
	PL_CELL,     /* table cells */
	PL_CELLHEAD, /* table header cells: bold */
	PL_RUNNING,  /* the running header and footer */
	PL_NFONTS
};

enum pl_colour { PL_BLACK, PL_GREY, PL_BLUE };

enum pl_align { PL_ALIGN_LEFT, PL_ALIGN_CENTER };

struct pl_item;
struct pl_mark;

struct pl {
	PangoContext *ctx;
	PangoFontDescription *fonts[PL_NFONTS];
	PangoAttrList *attrs;  /* of every layout */
	struct pl_item *items;
	size_t nitems, capitems;
	struct pl_mark *marks; /* outline entries */
	size_t nmarks, capmarks;
	int page;              /* 0-based page being filled */
	double y;              /* next free y on it */
	bool failed;           /* out of memory somewhere: the result is void */
};

/* Sets up an empty flow on the calling thread's font map. false when
 * pango could not be set up. pl_cleanup frees everything. */
bool pl_init(struct pl *pl);
void pl_cleanup(struct pl *pl);

/* A new layout of text in font, wrapped at width points (<= 0: no
 * wrapping), with a hanging indent of indent points (0: none). The
 * caller owns it (g_object_unref); NULL when out of memory. */
PangoLayout *pl_layout(struct pl *pl, enum pl_font font, const char *text, double width,
		       enum pl_align align, double indent);

/* The width of text on one line in font, in points. */
double pl_text_width(struct pl *pl, enum pl_font font, const char *text);

/* The height of a layout in points. */
double pl_height(PangoLayout *l);

/* Starts a new page when less than h points are left on this one (and
 * something is already on it). */
void pl_need(struct pl *pl, double h);
/* Moves the cursor down by h points (no page break: a gap at the bottom
 * of a page is simply lost). */
void pl_skip(struct pl *pl, double h);
void pl_newpage(struct pl *pl);
bool pl_at_top(const struct pl *pl);

/* Places the lines of l at x, from the cursor down, breaking pages
 * between lines; the cursor ends under the last line. Takes its own
 * reference to l. Addresses (http:// and https:// words) become links. */
void pl_block(struct pl *pl, PangoLayout *l, double x, enum pl_colour colour);
/* The same, the whole layout as one link to uri. */
void pl_block_link(struct pl *pl, PangoLayout *l, double x, enum pl_colour colour, const char *uri);

/* An outline entry (a bookmark) for the cursor's place. */
void pl_mark(struct pl *pl, const char *title);

/* A ruled table: ncols columns of the given widths (points) from x, a
 * header row of bold labels (repeated at the top of every page the table
 * continues on), then rows of cells (nrows * ncols layouts, row-major,
 * laid out at their column's width less PL_PAD on each side; a NULL cell
 * is empty). A row moves whole to the next page when it fits on one;
 * a taller row is broken between lines. The table takes its own
 * references to the layouts. */
#define PL_PAD 3.0
void pl_table(struct pl *pl, double x, const double *widths, size_t ncols, PangoLayout **head,
	      PangoLayout **cells, size_t nrows);

/* Metadata and the running header's text for pl_draw. */
struct pl_doc {
	const char *running;  /* the header line ("partnership · period · status") */
	const char *title, *author, *subject, *keywords;
	const char *created;  /* "YYYY-MM-DDThh:mm:ssZ" */
};

/* Draws the flow on a PDF surface writing to write(closure) and finishes
 * it. false with a cairo status text in *why when cairo fails. */
bool pl_draw(struct pl *pl, const struct pl_doc *d, cairo_write_func_t write, void *closure,
	     const char **why);

#endif
