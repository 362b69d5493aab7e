/* fuzz_json.c - libFuzzer target: bytes as a report document, made canonical, validated, converted twice. */
#include "err.h"
#include "form.h"
#include "nuts.h"
#include "report.h"
#include "validate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef S3PM_DEFAULT_FORMS_DIR
#define S3PM_DEFAULT_FORMS_DIR "forms"
#endif
#ifndef S3PM_DEFAULT_DATA_DIR
#define S3PM_DEFAULT_DATA_DIR "data"
#endif

#define FUZZ_FORM_ID "s3-monitoring-2020"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once; reachable from here until exit, so LeakSanitizer is quiet. */
static struct form *form;
static struct nuts *nuts;

static const char *
env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return (v != NULL && v[0] != '\0') ? v : def;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct app_msg msg = {{0}};
	const char *nuts_dir = getenv("S3PM_NUTS_DIR");
	char names[4096];

	(void)argc;
	(void)argv;
	if (form_load_id(env_or("S3PM_FORMS_DIR", S3PM_DEFAULT_FORMS_DIR), FUZZ_FORM_ID, &form,
			 &msg) != 0) {
		fprintf(stderr, "fuzz_json: cannot load the form: %s (set S3PM_FORMS_DIR)\n", msg.text);
		abort();
	}
	if (nuts_dir != NULL && nuts_dir[0] != '\0') {
		snprintf(names, sizeof(names), "%s/region-names.tsv",
			 env_or("S3PM_DATA_DIR", S3PM_DEFAULT_DATA_DIR));
		if (nuts_load(nuts_dir, names, &nuts, &msg) != 0) {
			fprintf(stderr, "fuzz_json: NUTS not loaded, region codes are not checked: %s\n",
				msg.text);
			nuts = NULL;
		}
	}
	return 0;
}

/* A document converted again must be the same document, byte for byte. */
static void
check_round_trip(const char *dump)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL, *doc = NULL;
	char *again;
	int rc;

	if (report_parse_json(dump, strlen(dump), "dump", &root, &msg) != 0) {
		fprintf(stderr, "round trip: the dump does not parse: %s\n--- dump ---\n%s\n", msg.text,
			dump);
		abort();
	}
	rc = report_canonical(form, root, "dump", &doc, &msg);
	if (rc == APP_ENOMEM) {
		json_decref(root);
		return;
	}
	if (rc != 0) {
		fprintf(stderr, "round trip: the dump is no report: %s\n--- dump ---\n%s\n", msg.text,
			dump);
		abort();
	}
	again = report_dump(doc);
	if (again != NULL && strcmp(again, dump) != 0) {
		fprintf(stderr, "round trip: converting again changed the document\n"
			"--- first ---\n%s\n--- again ---\n%s\n", dump, again);
		abort();
	}
	free(again);
	json_decref(doc);
	json_decref(root);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct validate_opts vo = {nuts, 0};
	struct app_msg msg = {{0}};
	json_t *root = NULL, *doc = NULL;
	struct findings fs;
	struct buf out;
	char *dump = NULL;

	if (size > REPORT_MAX_BYTES)
		return 0;
	findings_init(&fs);
	buf_init(&out, 1 << 20);
	if (report_parse_json((const char *)data, size, "fuzz", &root, &msg) != 0)
		goto out;
	(void)report_form_id(root);
	if (report_canonical(form, root, "fuzz", &doc, &msg) != 0)
		goto out;
	if (validate_report(form, doc, &vo, &fs, NULL) != 0)
		goto out;
	(void)findings_print_text(&fs, "fuzz", &out);
	json_decref(findings_to_json(&fs));
	dump = report_dump(doc);
	if (dump != NULL)
		check_round_trip(dump);
	/* What the public may see is still a canonical document. */
	report_strip_confidential(form, doc);
	free(dump);
	dump = report_dump(doc);
	if (dump != NULL)
		check_round_trip(dump);
out:
	free(dump);
	json_decref(doc);
	json_decref(root);
	findings_cleanup(&fs);
	buf_cleanup(&out);
	return 0;
}
