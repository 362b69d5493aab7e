/* fuzz_json.c - libFuzzer target: bytes as a report document, made canonical, validated, converted twice. */
#include "err.h"
#include "fuzz_common.h"
#include "form.h"
#include "nuts.h"
#include "report.h"
#include "validate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once; reachable from here until exit, so LeakSanitizer is quiet. */
static struct form *form;
static struct nuts *nuts;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	form = fuzz_load_form("fuzz_json");
	nuts = fuzz_load_nuts("fuzz_json");
	return 0;
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
	fuzz_check_writer(root);
	(void)report_form_id(root);
	if (report_canonical(form, root, "fuzz", &doc, &msg) != 0)
		goto out;
	if (validate_report(form, doc, &vo, &fs, NULL) != 0)
		goto out;
	(void)findings_print_text(&fs, "fuzz", &out);
	json_decref(findings_to_json(&fs));
	fuzz_check_writer(doc);
	dump = report_dump(doc);
	if (dump != NULL)
		fuzz_check_round_trip(form, dump);
	/* What the public may see is still a canonical document. */
	report_strip_confidential(form, doc);
	free(dump);
	dump = report_dump(doc);
	if (dump != NULL)
		fuzz_check_round_trip(form, dump);
out:
	free(dump);
	json_decref(doc);
	json_decref(root);
	findings_cleanup(&fs);
	buf_cleanup(&out);
	return 0;
}
