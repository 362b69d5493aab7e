/* cmd_import.c - s3pm import: report files into the database, each file in one transaction. */
#include "cli.h"
#include "docingest.h"
#include "nuts.h"
#include "paths.h"
#include "period.h"
#include "report.h"
#include "app_import.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An import: what app_report_import takes, and what this command owns. */
struct job {
	struct app_import imp;
	json_t *doc;
	struct form *form;
	char *slug;
};

/* Reads the file and checks that it names a partnership and a period. */
static int
prepare(struct job *jb, struct buf *notes)
{
	struct app_import *j = &jb->imp;
	struct app_msg msg = {{0}};
	struct period per;
	json_t *a;
	const char *pe;

	if (doc_ingest_file(paths_forms_dir(), PATHS_DEFAULT_FORM, j->file, &jb->form, &jb->doc, notes, &msg) != 0) {
		snprintf(j->msg, sizeof(j->msg), "%s", msg.text);
		return APP_EINPUT;
	}
	a = report_answers(jb->doc);
	j->name = json_string_value(json_object_get(a, "partnership"));
	pe = json_string_value(json_object_get(a, "reporting_period"));
	if (j->name == NULL) {
		snprintf(j->msg, sizeof(j->msg), "%s: the report names no partnership", j->file);
		return APP_EINPUT;
	}
	if (pe == NULL || period_parse(pe, &per) != 0) {
		snprintf(j->msg, sizeof(j->msg), "%s: the report has no valid reporting period (e.g. 2020-H1)", j->file);
		return APP_EINPUT;
	}
	period_format(per, j->period, sizeof(j->period));
	jb->slug = text_slug(j->name);
	if (jb->slug == NULL)
		return APP_ENOMEM;
	j->slug = jb->slug;
	j->doc = jb->doc;
	j->form = jb->form;
	if (jb->slug[0] == '\0') {
		snprintf(j->msg, sizeof(j->msg), "%s: the partnership name \"%s\" gives no URL name", j->file, j->name);
		return APP_EINPUT;
	}
	return 0;
}

static void
progress(size_t done, size_t total, const char *file)
{
	char bar[31];
	size_t k, fill = total ? done * 30 / total : 30;

	for (k = 0; k < 30; k++)
		bar[k] = k < fill ? '#' : '-';
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu %-40.40s", bar, done, total, file);
	if (done == total)
		fputc('\n', stderr);
}

int
cmd_import(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *platform = NULL;
	enum report_status status = REPORT_DRAFT;
	struct app app;
	struct actor operator = app_system_actor();
	struct buf notes;
	const char **files;
	size_t nfiles = 0, k, ok = 0;
	bool tty = isatty(STDERR_FILENO);
	int i, status_code = CLI_OK;

	if (cli_nuts_load_required(NULL) != 0)
		return CLI_BADINPUT;
	files = calloc((size_t)argc, sizeof(*files));
	if (files == NULL)
		return CLI_BADINPUT;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			platform = argv[++i];
		else if (strcmp(argv[i], "--status") == 0 && i + 1 < argc) {
			if (report_status_parse(argv[++i], &status) != 0 || status == REPORT_RETURNED) {
				fprintf(stderr, "s3pm import: --status takes draft, submitted, accepted or published\n");
				free(files);
				return CLI_BADINPUT;
			}
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "s3pm import: unknown option \"%s\"\n", argv[i]);
			free(files);
			return CLI_BADINPUT;
		} else
			files[nfiles++] = argv[i];
	}
	if (nfiles == 0) {
		fputs("usage: s3pm import FILE... [--db FILE] [--status draft|submitted|accepted|published]"
		      " [--platform NAME]\n", stderr);
		free(files);
		return CLI_BADINPUT;
	}
	memset(&app, 0, sizeof(app));
	if (cli_open_app(db, &app) != 0) {
		free(files);
		return CLI_BADINPUT;
	}
	buf_init(&notes, 1 << 20);
	for (k = 0; k < nfiles; k++) {
		struct job j;

		memset(&j, 0, sizeof(j));
		j.imp.file = files[k];
		j.imp.status = status;
		j.imp.platform = platform;
		buf_reset(&notes);
		if (tty)
			progress(k, nfiles, j.imp.file);
		int rc = prepare(&j, &notes);

		if (rc == 0 && (rc = app_report_import(&app, &operator, &j.imp)) == 0) {
			ok++;
			if (!tty)
				printf("%s: imported as %s/%s (%s)%s\n", j.imp.file, j.imp.slug, j.imp.period,
				       report_status_name(status),
				       j.imp.created_partnership ? ", new partnership" : "");
		} else {
			if (tty)
				fputc('\n', stderr);
			if (rc == APP_EINPUT)
				fprintf(stderr, "s3pm import: %s\n", j.imp.msg);
			else
				fprintf(stderr, "s3pm import: %s: %s\n", j.imp.file, j.imp.msg[0] ? j.imp.msg : "failed");
			status_code = CLI_BADINPUT;
		}
		json_decref(j.doc);
		form_free(j.form);
		free(j.slug);
	}
	if (tty)
		progress(nfiles, nfiles, "");
	fprintf(stderr, "s3pm import: %zu of %zu files imported into %s\n", ok, nfiles, db);
	buf_cleanup(&notes);
	app_close_store(&app);
	free(files);
	return status_code;
}
