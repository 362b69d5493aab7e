/* pdf_in_impl.h - what the PDF reader's parts share: the words poppler
 * gives (pdf_words.c), put into lines and rid of page headers and footers,
 * and the layout reading that turns them into the text reader's text
 * (pdf_lines.c). Private to src/doc/pdf_*.c. */
#ifndef S3PM_PDF_IN_IMPL_H
#define S3PM_PDF_IN_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"

/* Caps against hostile PDFs. */
#define PDF_MAX_PAGES 2000
#define PDF_MAX_GLYPHS 4000000u

/* A word: a run of glyphs on one baseline without a space between them.
 * Coordinates in points, y from the top of the page. */
struct pword {
	size_t text; /* offset of its NUL-terminated UTF-8 text in pdoc.pool */
	double x0, y0, x1, y1;
};

/* A line: words on one baseline, by x. */
struct pline {
	size_t w0, nw;   /* its words: pdoc.w[w0 .. w0 + nw) */
	double x0, y0, x1, y1;
	size_t page;
	bool drop;       /* a page header or footer */
};

/* The words and lines of a PDF, pages in order, lines top to bottom. */
struct pdoc {
	struct pword *w;
	size_t nw, capw;
	struct pline *l;
	size_t nl, capl;
	struct buf pool; /* word texts */
	size_t npages;
	double page_h;   /* the first page's height */
};

void pdoc_init(struct pdoc *d);
void pdoc_cleanup(struct pdoc *d);

/* The text of word i. */
const char *pdoc_word(const struct pdoc *d, size_t i);

/* pdf_words.c: the words and lines of the PDF data[0..len) into d, page
 * headers and footers marked drop. APP_EINPUT with one line naming name
 * for a PDF poppler cannot open, an encrypted one, or one without text. */
int pdf_words(const char *data, size_t len, const char *name, struct pdoc *d,
	      struct app_msg *msg);

/* pdf_lines.c: the text of d for form f as the text reader reads it,
 * appended to text. 0, APP_ENOMEM or APP_ETOOBIG. */
int pdf_lines(const struct pdoc *d, const struct form *f, struct buf *text);

#endif
