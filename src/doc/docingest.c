/* docingest.c - any report file, the kind known by its content: a PDF
 * (pdf_in.h) or what ingest.h reads (a report document, a text export). */
#include "docingest.h"
#include "fileio.h"
#include "ingest.h"
#include "pdf_in.h"
#include "reader_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
doc_ingest_buf(const char *forms_dir, const char *default_form, const char *data, size_t len,
	       const char *name, struct form **form, json_t **doc, struct buf *notes,
	       struct app_msg *msg)
{
	struct reader *rd = NULL;
	int rc;

	*form = NULL;
	*doc = NULL;
	if (!pdf_sniff(data, len))
		return ingest_buf(forms_dir, default_form, data, len, name, form, doc, notes, msg);
	if ((rc = form_load_id(forms_dir, default_form, form, msg)) != 0)
		return rc;
	if ((rc = reader_new(*form, &rd, msg)) == 0)
		rc = pdf_read(rd, *form, data, len, name, doc, notes, msg);
	reader_free(rd);
	if (rc) {
		form_free(*form);
		*form = NULL;
	}
	return rc;
}

int
doc_ingest_file(const char *forms_dir, const char *default_form, const char *path,
		struct form **form, json_t **doc, struct buf *notes, struct app_msg *msg)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*form = NULL;
	*doc = NULL;
	/* The larger limit first, said in words a person reads; the report
	 * limit is ingest_buf's once the content says it is no PDF. */
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > PDF_MAX_BYTES)
		return app_fail(msg, APP_EINPUT, "%s: too large: %llu MB, larger than the %u MB a report file may be",
				path, (unsigned long long)st.st_size >> 20, PDF_MAX_BYTES >> 20);
	rc = fileio_read(path, PDF_MAX_BYTES, &data, &len, msg);
	if (rc == APP_ETOOBIG)
		rc = app_fail(msg, APP_EINPUT, "%s: too large: larger than the %u MB a report file may be", path,
			      PDF_MAX_BYTES >> 20);
	if (rc)
		return rc;
	rc = doc_ingest_buf(forms_dir, default_form, data, len, path, form, doc, notes, msg);
	free(data);
	return rc;
}
