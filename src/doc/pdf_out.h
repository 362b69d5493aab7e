/* pdf_out.h - a report document as a PDF laid out like the form (cairo and
 * pango, A4): title block, sections, each question's wording in bold with
 * its answer below, ruled tables whose header row repeats on every page,
 * the SDG matrix with the chosen level marked, a running header and footer
 * ("page N of M"), an outline by section, live links and metadata.
 *
 * The renderer prints what it is given: the caller (the application layer)
 * passes a document already cut to what the reader may see. */
#ifndef S3PM_PDF_OUT_H
#define S3PM_PDF_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "form.h"

/* Where things stand on a page (PostScript points, from the top edge of an
 * A4 page, 595.276 x 841.89): the running header ("partnership · period ·
 * status") has its text within the top PDF_OUT_HEADER_BAND points and the
 * footer ("page N of M") within the bottom PDF_OUT_FOOTER_BAND points;
 * content never enters either band. Tables print each column's header
 * label at the column's left edge (plus 3 points), a table question's row
 * numbers in a first column headed "#", and the SDG matrix's mark "X" in
 * the middle of the chosen level's column. For the PDF reader (pdf_in.c). */
#define PDF_OUT_HEADER_BAND 50.0
#define PDF_OUT_FOOTER_BAND 50.0

struct pdf_meta {
	const char *partnership; /* its name: the running header, the author; NULL: "" */
	const char *period;      /* "2020-H1": printed as "January - June 2020"; NULL: from the doc */
	const char *status;      /* "Published", "Draft", ...; NULL: not printed */
	const char *url;         /* the report's page, printed as a live link; NULL: none */
	bool confidential;       /* the reader may read confidential sections: print them
				  * (without it they are left out, whatever doc holds) */
	time_t created;          /* the document's creation date; 0: now */
};

/* Renders doc (canonical, form f) as PDF bytes appended to out. Returns 0,
 * APP_ENOMEM, or APP_EINTERNAL with a message when cairo fails. */
int pdf_report(const struct form *f, json_t *doc, const struct pdf_meta *m, struct buf *out,
	       struct app_msg *msg);

#endif
