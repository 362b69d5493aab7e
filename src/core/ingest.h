/* ingest.h - reads any report file: a report document (JSON) or the text of
 * a PDF export, checked byte for byte before it is parsed. */
#ifndef S3PM_INGEST_H
#define S3PM_INGEST_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"

/* Reads data[0..len) named name. A document names its form; a text export
 * is read with form default_form. Both are looked up in forms_dir.
 * On success *form (form_free) and *doc (canonical; json_decref) are set.
 * Returns APP_EINPUT with one line naming name (and the line where there
 * is one) for an empty, binary, non-UTF-8, malformed, truncated or
 * unrecognised input; APP_EFORM when the form definition is faulty. */
int ingest_buf(const char *forms_dir, const char *default_form, const char *data, size_t len,
	       const char *name, struct form **form, json_t **doc, struct buf *notes,
	       struct app_msg *msg);

/* The same for a file ("-" = standard input), refusing files larger than
 * REPORT_MAX_BYTES before reading them. */
int ingest_file(const char *forms_dir, const char *default_form, const char *path,
		struct form **form, json_t **doc, struct buf *notes, struct app_msg *msg);

#endif
