/* fuzz_pdf.c - libFuzzer target: bytes as a PDF, its text rebuilt for the
 * form (pdf_text: poppler's words, lines, headers and footers, tables and
 * the SDG matrix) and, when there is one, read by the text reader. */
#include "err.h"
#include "fuzz_common.h"
#include "form.h"
#include "pdf_in.h"
#include "reader_text.h"
#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once; reachable from here until exit, so LeakSanitizer is quiet. */
static struct form *form;
static struct reader *reader;

/* Inputs past this are not tried: poppler's own time on a large file is
 * not what this target looks for (the reader's limit is PDF_MAX_BYTES). */
#define FUZZ_PDF_MAX (256u * 1024)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct app_msg msg = {{0}};

	(void)argc;
	(void)argv;
	form = fuzz_load_form("fuzz_pdf");
	if (reader_new(form, &reader, &msg) != 0) {
		fprintf(stderr, "fuzz_pdf: %s\n", msg.text);
		exit(1);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app_msg msg = {{0}};
	struct buf text, notes;
	json_t *doc = NULL;
	char *dump;
	int rc;

	if (size > FUZZ_PDF_MAX || !pdf_sniff((const char *)data, size))
		return 0;
	buf_init(&text, REPORT_MAX_BYTES);
	buf_init(&notes, 1 << 20);
	rc = pdf_text(form, (const char *)data, size, "fuzz.pdf", &text, &msg);
	if (rc != 0 && rc != APP_EINPUT && rc != APP_ENOMEM) {
		fprintf(stderr, "fuzz_pdf: unexpected error %d: %s\n", rc, msg.text);
		abort();
	}
	if (rc == 0 && text.len > 0 &&
	    reader_read(reader, text.data, text.len, "fuzz.pdf", &doc, &notes, &msg) == 0) {
		dump = report_dump(doc);
		if (dump != NULL)
			fuzz_check_round_trip(form, dump);
		free(dump);
	}
	json_decref(doc);
	buf_cleanup(&notes);
	buf_cleanup(&text);
	return 0;
}
