/* pdf_in.c - a filled-in form's PDF read back: its words and lines
 * (pdf_words.c), their text as the text reader reads it (pdf_lines.c), and
 * that text read (reader_text.h). */
#include "pdf_in.h"
#include "pdf_in_impl.h"
#include "report.h"

int
pdf_text(const struct form *f, const char *data, size_t len, const char *name, struct buf *text,
	 struct app_msg *msg)
{
	struct pdoc d;
	int rc;

	if (len > PDF_MAX_BYTES)
		return app_fail(msg, APP_EINPUT, "%s: too large: %zu MB, larger than the %u MB a report file may be",
				name, len >> 20, PDF_MAX_BYTES >> 20);
	pdoc_init(&d);
	rc = pdf_words(data, len, name, &d, msg);
	if (rc == 0)
		rc = pdf_lines(&d, f, text);
	if (rc == APP_ETOOBIG)
		rc = app_fail(msg, APP_EINPUT, "%s: its text is larger than a report may be", name);
	else if (rc == APP_ENOMEM)
		rc = app_fail(msg, APP_ENOMEM, "%s: out of memory reading the PDF", name);
	pdoc_cleanup(&d);
	return rc;
}

int
pdf_read(const struct reader *rd, const struct form *f, const char *data, size_t len,
	 const char *name, json_t **out, struct buf *notes, struct app_msg *msg)
{
	struct buf text;
	int rc;

	*out = NULL;
	buf_init(&text, REPORT_MAX_BYTES);
	rc = pdf_text(f, data, len, name, &text, msg);
	if (rc == 0)
		rc = reader_read_lines(rd, text.data ? text.data : "", text.len, name, true, out, notes, msg);
	buf_cleanup(&text);
	return rc;
}
