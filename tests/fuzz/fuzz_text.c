/* fuzz_text.c - libFuzzer target: bytes as a text export, read, validated, converted twice. */
#include "err.h"
#include "fuzz_common.h"
#include "form.h"
#include "nuts.h"
#include "reader_text.h"
#include "report.h"
#include "text.h"
#include "validate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once; reachable from here until exit, so LeakSanitizer is quiet. */
static struct form *form;
static struct reader *reader;
static struct nuts *nuts;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct app_msg msg = {{0}};

	(void)argc;
	(void)argv;
	form = fuzz_load_form("fuzz_text");
	if (reader_new(form, &reader, &msg) != 0) {
		fprintf(stderr, "fuzz_text: %s\n", msg.text);
		exit(1);
	}
	nuts = fuzz_load_nuts("fuzz_text");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *what = NULL;
	struct validate_opts vo = {nuts, 0};
	struct app_msg msg = {{0}};
	struct findings fs;
	struct buf notes;
	json_t *doc = NULL;
	char *dump = NULL;
	size_t line = 0;

	/* As ingest_buf does before it picks a reader. */
	if (size > REPORT_MAX_BYTES)
		return 0;
	if (size >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		size -= 3;
	}
	if (text_check(s, size, &line, &what) != 0)
		return 0;
	findings_init(&fs);
	buf_init(&notes, 1 << 20);
	if (reader_read(reader, s, size, "fuzz", &doc, &notes, &msg) != 0)
		goto out;
	if (validate_report(form, doc, &vo, &fs, NULL) != 0)
		goto out;
	(void)findings_print_text(&fs, "fuzz", &notes);
	json_decref(findings_to_json(&fs));
	dump = report_dump(doc);
	if (dump != NULL)
		fuzz_check_round_trip(form, dump);
out:
	free(dump);
	json_decref(doc);
	findings_cleanup(&fs);
	buf_cleanup(&notes);
	return 0;
}
