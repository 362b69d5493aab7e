/* ingest.c - reads any report file into a canonical document. */
#include "ingest.h"
#include "fileio.h"
#include "reader_text.h"
#include "report.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

int
ingest_buf(const char *forms_dir, const char *default_form, const char *data, size_t len,
	   const char *name, struct form **form, json_t **doc, struct buf *notes,
	   struct app_msg *msg)
{
	const char *what = NULL;
	size_t i = 0, line = 0;
	json_t *root = NULL;
	const char *fid;
	int rc;

	*form = NULL;
	*doc = NULL;
	if (len > REPORT_MAX_BYTES)
		return app_fail(msg, APP_ETOOBIG, "%s: too large (%zu bytes; the limit is %u bytes)", name,
				len, REPORT_MAX_BYTES);
	/* A UTF-8 byte order mark is allowed and ignored. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (text_check(data, len, &line, &what) != 0)
		return app_fail(msg, APP_EINPUT, "%s:%zu: not a text file: %s%s", name, line, what,
				strcmp(what, "invalid UTF-8") == 0 ? " (the reader takes UTF-8 text)" : "");
	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	if (i == len)
		return app_fail(msg, APP_EINPUT, "%s: the file is empty", name);
	if (data[i] == '{' || data[i] == '[') {
		if ((rc = report_parse_json(data, len, name, &root, msg)) != 0)
			return rc;
		fid = report_form_id(root);
		if (fid == NULL) {
			rc = app_fail(msg, APP_EINPUT,
				      "%s: not a report document: it has no \"form\" member naming its form", name);
			goto out;
		}
		if ((rc = form_load_id(forms_dir, fid, form, msg)) != 0) {
			if (rc != APP_EFORM) {
				char why[APP_MSG_MAX];

				memcpy(why, msg->text, sizeof(why));
				rc = app_fail(msg, APP_EINPUT, "%s: form: %s", name, why);
			}
			goto out;
		}
		rc = report_canonical(*form, root, name, doc, msg);
	} else {
		if ((rc = form_load_id(forms_dir, default_form, form, msg)) != 0)
			goto out;
		rc = reader_text(*form, data, len, name, doc, notes, msg);
	}
out:
	json_decref(root);
	if (rc) {
		form_free(*form);
		*form = NULL;
	}
	return rc;
}

int
ingest_file(const char *forms_dir, const char *default_form, const char *path,
	    struct form **form, json_t **doc, struct buf *notes, struct app_msg *msg)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*form = NULL;
	*doc = NULL;
	rc = fileio_read(path, REPORT_MAX_BYTES, &data, &len, msg);
	if (rc)
		return rc;
	rc = ingest_buf(forms_dir, default_form, data, len, path, form, doc, notes, msg);
	free(data);
	return rc;
}
