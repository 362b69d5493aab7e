/* pdf_in.h - reads a filled-in form's PDF back into a report document.
 *
 * Poppler gives the text with positions; lines are rebuilt from them, page
 * headers and footers dropped by where they stand, table columns told apart
 * by x under the form's column headers, the SDG matrix read by column (a
 * mark under a scale label). The rebuilt text goes to the text reader
 * (reader_text.h), so a PDF gives the same document as its text. */
#ifndef S3PM_PDF_IN_H
#define S3PM_PDF_IN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "reader_text.h"

/* Largest PDF the reader accepts, in bytes. */
#define PDF_MAX_BYTES (64u * 1024 * 1024)

/* True when data is a PDF by its content ("%PDF-" within its first 1024
 * bytes, as readers allow). */
bool pdf_sniff(const char *data, size_t len);

/* The text of the PDF data[0..len) as the text reader reads it, rebuilt
 * for form f, into text. APP_EINPUT with one line naming name for a broken,
 * cut-off or encrypted PDF, or one without a text layer ("... needs OCR
 * first"). */
int pdf_text(const struct form *f, const char *data, size_t len, const char *name, struct buf *text,
	     struct app_msg *msg);

/* pdf_text, then the text reader rd: a canonical document into *out. Notes
 * as reader_read gives them. APP_EINPUT as above, or when the PDF is no
 * report of rd's form. */
int pdf_read(const struct reader *rd, const struct form *f, const char *data, size_t len,
	     const char *name, json_t **out, struct buf *notes, struct app_msg *msg);

#endif
