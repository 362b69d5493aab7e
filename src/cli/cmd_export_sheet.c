/* cmd_export_sheet.c - s3pm export --format xlsx|csv: the portfolio's
 * spreadsheets from the database, as the operator reads them (every
 * section) or, with --public, as the public does. The workbook goes to a
 * temporary file beside the output and is renamed onto it: a failure
 * leaves nothing written. */
#include "batchmem.h"
#include "cli.h"
#include "export.h"
#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "app_sheet.h"
#include "nuts.h"

/* Copies the file at path to standard output. */
static int
copy_out(const char *path)
{
	char chunk[65536];
	FILE *in = fopen(path, "rb");
	size_t n;
	int rc = 0;

	if (in == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (fwrite(chunk, 1, n, stdout) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fflush(stdout) != 0)
		rc = -1;
	return rc;
}

/* A temporary file's name beside out ("DIR/.NAME.XXXXXX"), created empty;
 * or under $TMPDIR for standard output. 0 or -1 (errno). */
static int
temp_beside(const char *out, char *tmp, size_t n)
{
	const char *slash = strrchr(out, '/');
	mode_t mask;
	int fd, len;

	if (strcmp(out, "-") == 0) {
		const char *d = getenv("TMPDIR");

		len = snprintf(tmp, n, "%s/s3pm-export.XXXXXX", d != NULL && d[0] != '\0' ? d : "/tmp");
	} else if (slash == NULL)
		len = snprintf(tmp, n, ".%s.XXXXXX", out);
	else
		len = snprintf(tmp, n, "%.*s/.%s.XXXXXX", (int)(slash - out), out, slash + 1);
	if (len < 0 || (size_t)len >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(tmp)) < 0)
		return -1;
	/* mkstemp's 0600 would survive the rename: the umask's mode instead. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	close(fd);
	return 0;
}

static int
write_xlsx(const struct sheet_set *set, const char *output)
{
	struct app_msg msg = {{0}};
	char tmp[4096];

	if (temp_beside(output, tmp, sizeof(tmp)) != 0) {
		fprintf(stderr, "s3pm export: %s: cannot write there: %s\n", output, strerror(errno));
		return CLI_BADINPUT;
	}
	if (sheet_xlsx(set, tmp, &msg) != 0) {
		(void)remove(tmp);
		fprintf(stderr, "s3pm export: %s: %s\n", output, msg.text);
		return CLI_BADINPUT;
	}
	if (strcmp(output, "-") == 0) {
		int rc = copy_out(tmp);

		(void)remove(tmp);
		if (rc != 0) {
			fputs("s3pm export: the workbook could not be written to standard output\n", stderr);
			return CLI_BADINPUT;
		}
		return CLI_OK;
	}
	if (rename(tmp, output) != 0) {
		fprintf(stderr, "s3pm export: %s: %s\n", output, strerror(errno));
		(void)remove(tmp);
		return CLI_BADINPUT;
	}
	return CLI_OK;
}

static int
write_csv(const struct sheet_set *set, const char *sheet, const char *output)
{
	struct app_msg msg = {{0}};
	struct buf b;
	char tmp[4096];
	FILE *fp = NULL;
	int rc = CLI_BADINPUT;

	buf_init(&b, (size_t)1 << 31);
	if (sheet_csv(set, sheet, &b, &msg) != 0) {
		fprintf(stderr, "s3pm export: %s\n", msg.text);
		goto out;
	}
	if (strcmp(output, "-") == 0) {
		if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0)
			fputs("s3pm export: the sheet could not be written to standard output\n", stderr);
		else
			rc = CLI_OK;
		goto out;
	}
	if (temp_beside(output, tmp, sizeof(tmp)) != 0 || (fp = fopen(tmp, "wb")) == NULL) {
		fprintf(stderr, "s3pm export: %s: cannot write there: %s\n", output, strerror(errno));
		goto out;
	}
	if (fwrite(b.data, 1, b.len, fp) != b.len || fclose(fp) != 0 || rename(tmp, output) != 0) {
		fprintf(stderr, "s3pm export: %s: %s\n", output, strerror(errno));
		(void)remove(tmp);
		goto out;
	}
	rc = CLI_OK;
out:
	buf_cleanup(&b);
	return rc;
}

int
export_sheet(const struct export_opts *o)
{
	struct app app;
	struct app_msg msg = {{0}};
	struct export_filter f = { o->platform, o->period, o->partnership };
	struct actor a = o->public_only ? app_actor(NULL) : app_system_actor();
	struct app_sheets sh;
	int rc, status = CLI_BADINPUT;

	cli_batch_memory();
	memset(&app, 0, sizeof(app));
	memset(&sh, 0, sizeof(sh));
	app.forms_dir = paths_forms_dir();
	if (form_load_id(app.forms_dir, PATHS_DEFAULT_FORM, &app.form, &msg) != 0) {
		fprintf(stderr, "s3pm export: %s\n", msg.text);
		return CLI_BADINPUT;
	}
	if (cli_nuts_load_required(&app.nuts) != 0)
		goto out_form;
	if (cli_open_app(o->db, &app) != 0)
		goto out_nuts;
	rc = app_sheets_open(&app, &a, &f, &sh, &msg);
	if (rc != 0) {
		fprintf(stderr, "s3pm export: %s%s%s\n", rc == APP_EINPUT ? "" : cli_db_label(o->db),
			rc == APP_EINPUT ? "" : ": ", msg.text);
		goto out_app;
	}
	if (o->format == EXPORT_XLSX)
		status = write_xlsx(&sh.set, o->output);
	else
		status = write_csv(&sh.set, o->sheet, o->output);
	if (status == CLI_OK && strcmp(o->output, "-") != 0)
		fprintf(stderr, "s3pm export: %zu report%s into %s\n", sh.set.n, sh.set.n == 1 ? "" : "s",
			o->output);
out_app:
	app_sheets_cleanup(&sh);
	app_close_store(&app);
out_nuts:
	nuts_free(app.nuts);
out_form:
	form_free(app.form);
	return status;
}
