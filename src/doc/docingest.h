/* docingest.h - reads any report file, the kind known by its content: a PDF
 * (pdf_in.h), a report document (JSON) or the text of a PDF export
 * (ingest.h). */
#ifndef S3PM_DOCINGEST_H
#define S3PM_DOCINGEST_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"

/* As ingest_buf (ingest.h), PDFs included (read with form default_form). */
int doc_ingest_buf(const char *forms_dir, const char *default_form, const char *data, size_t len,
		   const char *name, struct form **form, json_t **doc, struct buf *notes,
		   struct app_msg *msg);

/* As ingest_file, PDFs included: files larger than PDF_MAX_BYTES (a PDF)
 * or REPORT_MAX_BYTES (anything else) are refused before they are read. */
int doc_ingest_file(const char *forms_dir, const char *default_form, const char *path,
		    struct form **form, json_t **doc, struct buf *notes, struct app_msg *msg);

#endif
