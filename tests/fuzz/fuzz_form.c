/* fuzz_form.c - libFuzzer target: bytes as a form definition, then the sample read with it. */
#include "err.h"
#include "fuzz_common.h"
#include "fileio.h"
#include "form.h"
#include "reader_text.h"
#include "report.h"
#include "validate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef S3PM_DEFAULT_SAMPLES_DIR
#define S3PM_DEFAULT_SAMPLES_DIR "samples"
#endif

#define FUZZ_SAMPLE "s3-monitoring-report-mining-2020H1.txt"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The sample export, read once: every form that loads also drives the text
 * reader over it, which is where a strange definition could do harm. */
static char *sample;
static size_t sample_len;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct app_msg msg = {{0}};
	const char *dir = getenv("S3PM_SAMPLES_DIR");
	char path[4096];

	(void)argc;
	(void)argv;
	if (dir == NULL || dir[0] == '\0')
		dir = S3PM_DEFAULT_SAMPLES_DIR;
	snprintf(path, sizeof(path), "%s/%s", dir, FUZZ_SAMPLE);
	if (fileio_read(path, REPORT_MAX_BYTES, &sample, &sample_len, &msg) != 0) {
		fprintf(stderr, "fuzz_form: %s (set S3PM_SAMPLES_DIR); forms are only loaded\n", msg.text);
		sample = NULL;
		sample_len = 0;
	}
	return 0;
}

/* Validates doc and checks that its dump converts to itself. */
static void
exercise(const struct form *f, json_t *doc)
{
	struct validate_opts vo = {NULL, 0};
	struct findings fs;
	char *dump;

	findings_init(&fs);
	(void)validate_report(f, doc, &vo, &fs, NULL);
	findings_cleanup(&fs);
	dump = report_dump(doc);
	if (dump != NULL)
		fuzz_check_round_trip(f, dump);
	free(dump);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app_msg msg = {{0}};
	struct form *f = NULL;
	json_t *doc = NULL;
	size_t i;

	if (form_load_buf((const char *)data, size, "fuzz", &f, &msg) != 0)
		return 0;
	/* The lookups every reader and checker relies on. */
	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];

		if (form_find(f, q->id) != q)
			abort();
		(void)form_confidential(f, q);
		(void)form_type_name(q->type);
	}
	doc = report_new(f);
	if (doc != NULL)
		exercise(f, doc);
	json_decref(doc);
	doc = NULL;
	if (sample != NULL && reader_text(f, sample, sample_len, "sample", &doc, NULL, &msg) == 0)
		exercise(f, doc);
	json_decref(doc);
	form_free(f);
	return 0;
}
