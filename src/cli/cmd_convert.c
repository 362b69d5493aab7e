/* cmd_convert.c - s3pm convert: any report file to its report document. */
#include "cli.h"
#include "fileio.h"
#include "docingest.h"
#include "paths.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
cmd_convert(int argc, char **argv)
{
	const char *file = NULL, *outpath = NULL, *form_id = PATHS_DEFAULT_FORM;
	struct app_msg msg = {{0}};
	struct form *form = NULL;
	json_t *doc = NULL;
	struct buf notes;
	char *text = NULL;
	int i, status = CLI_BADINPUT;

	buf_init(&notes, 1 << 20);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			outpath = argv[++i];
		else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			form_id = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "s3pm convert: unknown option \"%s\"\n", argv[i]);
			goto out;
		} else if (file == NULL)
			file = argv[i];
		else {
			fprintf(stderr, "s3pm convert: one file at a time (\"%s\" is one too many)\n", argv[i]);
			goto out;
		}
	}
	if (file == NULL) {
		fputs("usage: s3pm convert FILE [-o OUT] [--form ID]\n", stderr);
		goto out;
	}
	if (doc_ingest_file(paths_forms_dir(), form_id, file, &form, &doc, &notes, &msg) != 0) {
		fputs(buf_cstr(&notes), stderr);
		cli_error(msg.text);
		goto out;
	}
	fputs(buf_cstr(&notes), stderr);
	text = report_dump(doc);
	if (text == NULL) {
		cli_error("out of memory");
		goto out;
	}
	if (outpath != NULL) {
		if (fileio_write_atomic(outpath, text, strlen(text), &msg) != 0) {
			cli_error(msg.text);
			goto out;
		}
	} else if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
		cli_error("cannot write to standard output");
		goto out;
	}
	status = CLI_OK;
out:
	free(text);
	json_decref(doc);
	form_free(form);
	buf_cleanup(&notes);
	return status;
}
