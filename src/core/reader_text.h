/* reader_text.h - reads the text of a filled-in form's PDF export into a
 * report document, driven only by the labels of the form definition. */
#ifndef S3PM_READER_TEXT_H
#define S3PM_READER_TEXT_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"

/* Reads data[0..len) (UTF-8, already checked) as an export of form f.
 * On success *out is a canonical report document (decref it). Text that
 * belongs to no answer goes to the document's "unmapped" list; page footers
 * are left out. Either is said in notes (may be NULL), one line each:
 * "NAME:LINE: note: ...". Returns APP_EINPUT with a one-line message when
 * the text is no export of f, or is cut short before the form's end. */
int reader_text(const struct form *f, const char *data, size_t len, const char *name,
		json_t **out, struct buf *notes, struct app_msg *msg);

#endif
