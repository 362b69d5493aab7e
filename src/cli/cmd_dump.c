/* cmd_dump.c - s3pm dump and s3pm load: options in, the outcome printed
 * (app_backup.h does the work; the format is docs/internals/dump.md). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_backup.h"
#include "paths.h"

int
cmd_dump(int argc, char **argv)
{
	struct app_msg msg = {{0}};
	const char *db = cli_db_path(argc, argv), *file = NULL;
	char tmp[4096];
	FILE *out = stdout;
	size_t rows = 0;
	int i, rc, n;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			i++;
			continue;
		}
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && file == NULL) {
			file = argv[++i];
			continue;
		}
		fputs("usage: s3pm dump [--db DB] [-o FILE]\n", stderr);
		return CLI_BADINPUT;
	}
	if (file != NULL && strcmp(file, "-") != 0) {
		/* Written beside, renamed once whole: FILE is never half a dump. */
		n = snprintf(tmp, sizeof(tmp), "%s.tmp", file);
		if (n < 0 || (size_t)n >= sizeof(tmp)) {
			cli_error("dump: the file name is too long");
			return CLI_BADINPUT;
		}
		out = fopen(tmp, "w");
		if (out == NULL) {
			fprintf(stderr, "s3pm dump: %s: %s\n", tmp, strerror(errno));
			return 1;
		}
	}
	rc = app_dump(db, out, &rows, &msg);
	if (out != stdout) {
		if (fclose(out) != 0 && rc == 0)
			rc = app_fail(&msg, APP_EIO, "%s: %s", tmp, strerror(errno));
		if (rc == 0 && rename(tmp, file) != 0)
			rc = app_fail(&msg, APP_EIO, "%s: %s", file, strerror(errno));
		if (rc != 0)
			unlink(tmp);
	}
	if (rc != 0) {
		fprintf(stderr, "s3pm dump: %s\n", msg.text);
		return rc == APP_EINPUT || rc == APP_ENOTFOUND ? CLI_BADINPUT : 1;
	}
	if (out != stdout)
		fprintf(stderr, "s3pm dump: %zu rows of %s into %s\n", rows, cli_db_label(db), file);
	return CLI_OK;
}

int
cmd_load(int argc, char **argv)
{
	struct app_msg msg = {{0}};
	struct app_load_result r;
	const char *db = cli_db_path(argc, argv), *file = NULL;
	bool check = false, bad = false;
	struct app app;
	FILE *in;
	int i, rc, status = CLI_BADINPUT;

	memset(&app, 0, sizeof(app));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--check") == 0)
			check = true;
		else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && file == NULL)
			file = argv[i];
		else
			bad = true;
	}
	if (file == NULL || bad) {
		fputs("usage: s3pm load [--db DB] [--check] FILE|-\n", stderr);
		return CLI_BADINPUT;
	}
	in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (in == NULL) {
		fprintf(stderr, "s3pm load: %s: %s\n", file, strerror(errno));
		return CLI_BADINPUT;
	}
	app.forms_dir = paths_forms_dir();
	if (!check) {
		if (form_load_id(app.forms_dir, PATHS_DEFAULT_FORM, &app.form, &msg) != 0) {
			cli_error(msg.text);
			goto out;
		}
		if (cli_nuts_load_required(&app.nuts) != 0)
			goto out;
	}
	rc = app_load(&app, db, in, strcmp(file, "-") == 0 ? "stdin" : file, check, &r, &msg);
	if (rc != 0) {
		fprintf(stderr, "s3pm load: %s\n", msg.text);
		status = rc == APP_EINPUT || rc == APP_ETOOBIG ? CLI_BADINPUT : 1;
		goto out;
	}
	if (check)
		printf("%s: a good dump of schema %d, %zu rows (nothing written)\n", file, r.schema, r.rows);
	else
		printf("%s: %zu rows loaded from %s (schema %d, now %d), %zu reports indexed\n", cli_db_label(db),
		       r.rows, file, r.schema, r.schema_now, r.indexed);
	status = CLI_OK;
out:
	if (in != stdin)
		fclose(in);
	nuts_free(app.nuts);
	form_free(app.form);
	return status;
}
