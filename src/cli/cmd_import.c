/* cmd_import.c - s3pm import: report files and folders of them into the
 * database, each file in one transaction; a failed file is listed at the
 * end and the rest go on. Exit 0 when all were imported; 1 when some
 * failed of several files or a folder; 2 for a wrong command line or when
 * the one file given failed. */
#include "cli.h"
#include "docingest.h"
#include "nuts.h"
#include "paths.h"
#include "period.h"
#include "report.h"
#include "app_import.h"
#include "importlist.h"
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

/* One failure for the list at the end: "FILE: reason" (the reason names
 * the file already when it comes from reading it). */
static int
failed(struct buf *fails, const struct job *j, int rc)
{
	if (rc == APP_EINPUT && j->imp.msg[0] != '\0')
		return buf_printf(fails, "%s\n", j->imp.msg);
	return buf_printf(fails, "%s: %s\n", j->imp.file, j->imp.msg[0] ? j->imp.msg : app_strerror(rc));
}

/* Imports each file of list, one transaction each; the failures counted
 * in *nfail and their lines put into fails while it has room (the rest
 * counted in *unlisted). Returns how many were imported. */
static size_t
import_all(struct app *app, const struct importlist *list, enum report_status status,
	   const char *platform, struct buf *fails, size_t *nfail, size_t *unlisted)
{
	struct actor operator = app_system_actor();
	struct buf notes;
	bool tty = isatty(STDERR_FILENO);
	size_t k, ok = 0;

	buf_init(&notes, 1 << 20);
	for (k = 0; k < list->n; k++) {
		struct job j;
		int rc;

		memset(&j, 0, sizeof(j));
		j.imp.file = list->path[k];
		j.imp.status = status;
		j.imp.platform = platform;
		buf_reset(&notes);
		if (tty)
			progress(k, list->n, j.imp.file);
		rc = prepare(&j, &notes);
		if (rc == 0 && (rc = app_report_import(app, &operator, &j.imp)) == 0) {
			ok++;
			if (!tty)
				printf("%s: imported as %s/%s (%s)%s\n", j.imp.file, j.imp.slug, j.imp.period,
				       report_status_name(status),
				       j.imp.created_partnership ? ", new partnership" : "");
		} else {
			(*nfail)++;
			if (failed(fails, &j, rc) != 0)
				(*unlisted)++;
		}
		json_decref(j.doc);
		form_free(j.form);
		free(j.slug);
	}
	if (tty)
		progress(list->n, list->n, "");
	buf_cleanup(&notes);
	return ok;
}

int
cmd_import(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *platform = NULL;
	enum report_status status = REPORT_DRAFT;
	struct importlist list;
	struct app app;
	struct buf fails;
	struct nuts *nuts = NULL;
	size_t ok, nfail = 0, unlisted = 0, nargs = 0;
	int i, code = CLI_BADINPUT;

	/* Kept for the imports: the portfolio's figures place the regions. */
	if (cli_nuts_load_required(&nuts) != 0)
		return CLI_BADINPUT;
	importlist_init(&list);
	buf_init(&fails, 4u << 20);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			platform = argv[++i];
		else if (strcmp(argv[i], "--status") == 0 && i + 1 < argc) {
			if (report_status_parse(argv[++i], &status) != 0 || status == REPORT_RETURNED) {
				fprintf(stderr, "s3pm import: --status takes draft, submitted, accepted or published\n");
				goto out;
			}
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "s3pm import: unknown option \"%s\"\n", argv[i]);
			goto out;
		} else {
			nargs++;
		}
	}
	if (nargs == 0) {
		fputs("usage: s3pm import FILE|FOLDER... [--db FILE] [--status draft|submitted|accepted|published]"
		      " [--platform NAME]\n", stderr);
		goto out;
	}
	/* The options were checked first: a wrong command line walks nothing. */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--platform") == 0 ||
		    strcmp(argv[i], "--status") == 0)
			i++;
		else if (importlist_add(&list, argv[i]) != 0) {
			fputs("s3pm import: out of memory listing the files\n", stderr);
			goto out;
		}
	}
	if (list.n == 0 && list.ntrouble == 0) {
		fputs("s3pm import: the folders given hold no files to import\n", stderr);
		goto out;
	}
	memset(&app, 0, sizeof(app));
	if (cli_open_app(db, &app) != 0)
		goto out;
	app.nuts = nuts;
	ok = import_all(&app, &list, status, platform, &fails, &nfail, &unlisted);
	app_close_store(&app);
	nfail += list.ntrouble;
	if (nfail > 0 && (list.n > 1 || list.folder)) {
		fprintf(stderr, "s3pm import: %zu of %zu files imported into %s; these failed:\n%s%s", ok,
			list.n, cli_db_label(db), buf_cstr(&list.trouble), buf_cstr(&fails));
		if (unlisted > 0)
			fprintf(stderr, "... and %zu more\n", unlisted);
		code = CLI_PARTIAL;
	} else if (nfail > 0) {
		fprintf(stderr, "s3pm import: %s", buf_cstr(&fails)); /* one file: its one line */
		code = CLI_BADINPUT;
	} else {
		fprintf(stderr, "s3pm import: %zu of %zu files imported into %s\n", ok, list.n, cli_db_label(db));
		code = CLI_OK;
	}
out:
	nuts_free(nuts);
	buf_cleanup(&fails);
	importlist_cleanup(&list);
	return code;
}
