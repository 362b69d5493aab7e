/* cmd_validate.c - s3pm validate: findings for a report, like a compiler's. */
#include "cli.h"
#include "finding.h"
#include "docingest.h"
#include "nuts.h"
#include "paths.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
parse_version(const char *s)
{
	size_t i;

	for (i = 0; i < NUTS_NVERSIONS; i++) {
		char tmp[8];

		snprintf(tmp, sizeof(tmp), "%d", nuts_versions[i]);
		if (strcmp(s, tmp) == 0)
			return nuts_versions[i];
	}
	return 0;
}

int
cmd_validate(int argc, char **argv)
{
	const char *file = NULL, *form_id = PATHS_DEFAULT_FORM;
	struct validate_opts vo = {NULL, 0};
	struct app_msg msg = {{0}};
	struct form *form = NULL;
	struct nuts *nuts = NULL;
	struct findings fs;
	json_t *doc = NULL, *arr = NULL;
	struct buf notes, out;
	bool as_json = false;
	int i, rc, status = CLI_BADINPUT;

	findings_init(&fs);
	buf_init(&notes, 1 << 20);
	buf_init(&out, 64u << 20);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (strcmp(argv[i], "--nuts") == 0 && i + 1 < argc) {
			vo.nuts_version = parse_version(argv[++i]);
			if (vo.nuts_version == 0) {
				fprintf(stderr, "s3pm validate: --nuts takes 2013, 2016, 2021 or 2024, not \"%s\"\n",
					argv[i]);
				goto out;
			}
		} else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			form_id = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "s3pm validate: unknown option \"%s\"\n", argv[i]);
			goto out;
		} else if (file == NULL)
			file = argv[i];
		else {
			fprintf(stderr, "s3pm validate: one file at a time (\"%s\" is one too many)\n", argv[i]);
			goto out;
		}
	}
	if (file == NULL) {
		fputs("usage: s3pm validate FILE [--json] [--nuts 2013|2016|2021|2024] [--form ID]\n", stderr);
		goto out;
	}
	if (doc_ingest_file(paths_forms_dir(), form_id, file, &form, &doc, &notes, &msg) != 0) {
		cli_error(msg.text);
		goto out;
	}
	if (cli_nuts_load_required(&nuts) != 0)
		goto out;
	vo.nuts = nuts;
	if (validate_report(form, doc, &vo, &fs, NULL) != 0) {
		cli_error("out of memory");
		goto out;
	}
	if (as_json) {
		char *s;

		arr = findings_to_json(&fs);
		s = arr ? json_dumps(arr, JSON_INDENT(2)) : NULL;
		if (s == NULL) {
			cli_error("out of memory");
			goto out;
		}
		rc = buf_puts(&out, s);
		if (rc == 0)
			rc = buf_putc(&out, '\n');
		free(s);
	} else {
		rc = findings_print_text(&fs, file, &out);
	}
	if (rc) {
		cli_error("out of memory");
		goto out;
	}
	if (fputs(buf_cstr(&out), stdout) == EOF || fflush(stdout) != 0) {
		cli_error("cannot write to standard output");
		goto out;
	}
	status = findings_count(&fs, FINDING_ERROR) ? CLI_FINDINGS : CLI_OK;
out:
	json_decref(arr);
	json_decref(doc);
	form_free(form);
	nuts_free(nuts);
	findings_cleanup(&fs);
	buf_cleanup(&notes);
	buf_cleanup(&out);
	return status;
}
