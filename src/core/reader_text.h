/* reader_text.h - reads the text of a filled-in form's PDF export into a
 * report document, driven only by the labels of the form definition. */
#ifndef S3PM_READER_TEXT_H
#define S3PM_READER_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"

/* What the reader derives from a form once (the form's words to look for,
 * indexed, and where the lines after each belong). Read-only after
 * reader_new: one reader may serve any number of threads. It borrows the
 * form, which must outlive it. */
struct reader;

/* Builds the reader of form f. Returns 0 and *out (free with reader_free),
 * or APP_ENOMEM. */
int reader_new(const struct form *f, struct reader **out, struct app_msg *msg);

/* Frees a reader; NULL is allowed. */
void reader_free(struct reader *rd);

/* Reads data[0..len) (UTF-8, already checked) as an export of rd's form.
 * On success *out is a canonical report document (decref it). Text that
 * belongs to no answer goes to the document's "unmapped" list; page footers
 * are left out. Either is said in notes (may be NULL), one line each:
 * "NAME:LINE: note: ...". Returns APP_EINPUT with a one-line message when
 * the text is no export of the form, or is cut short before the form's end. */
int reader_read(const struct reader *rd, const char *data, size_t len, const char *name,
		json_t **out, struct buf *notes, struct app_msg *msg);

/* reader_read for a text whose lines are already joined where they were
 * wrapped (exact: the PDF reader rebuilds paragraphs from positions), so
 * that each line break left is one the writer made. Table rows may come as
 * one line each, "N" U+001F "cell" U+001F "cell" ..., taken as exactly
 * those cells (reader_table.c); outside text never holds U+001F, which
 * ingest refuses. With exact false, this is reader_read. */
int reader_read_lines(const struct reader *rd, const char *data, size_t len, const char *name,
		      bool exact, json_t **out, struct buf *notes, struct app_msg *msg);

/* reader_read with a reader of f built for this one call: for a single
 * read. Callers that read many exports of one form keep a reader. */
int reader_text(const struct form *f, const char *data, size_t len, const char *name,
		json_t **out, struct buf *notes, struct app_msg *msg);

#endif
