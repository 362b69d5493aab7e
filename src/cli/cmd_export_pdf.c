/* cmd_export_pdf.c - s3pm export --format pdf: a report file, one report of
 * the database, or every report the caller may read into a folder. */
#include "app_export.h"
#include "app_pdf.h"
#include "cli.h"
#include "export.h"
#include "fileio.h"
#include "docingest.h"
#include "paths.h"
#include "pdf_out.h"
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Largest PDF written. */
#define PDF_OUT_MAX (256u * 1024 * 1024)

/* data to path ("-": standard output); a file is written whole or not at
 * all. */
static int
put(const char *path, const struct buf *b)
{
	struct app_msg msg = {{0}};

	if (strcmp(path, "-") == 0) {
		if (fwrite(b->data, 1, b->len, stdout) != b->len || fflush(stdout) != 0) {
			cli_error("cannot write to standard output");
			return CLI_BADINPUT;
		}
		return CLI_OK;
	}
	if (fileio_write_atomic(path, b->data, b->len, &msg) != 0) {
		cli_error(msg.text);
		return CLI_BADINPUT;
	}
	return CLI_OK;
}

static const char *
answer_str(json_t *doc, const char *id)
{
	json_t *v = json_object_get(report_answers(doc), id);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* (a) a report file (a document, a text export or a PDF): the operator's
 * own, every section printed. */
static int
from_file(const struct export_opts *o)
{
	struct app_msg msg = {{0}};
	struct form *form = NULL;
	json_t *doc = NULL;
	struct buf notes, out;
	struct pdf_meta m;
	int status = CLI_BADINPUT;

	buf_init(&notes, 1 << 20);
	buf_init(&out, PDF_OUT_MAX);
	if (doc_ingest_file(paths_forms_dir(), PATHS_DEFAULT_FORM, o->input, &form, &doc, &notes, &msg) != 0) {
		cli_error(msg.text);
		goto out;
	}
	memset(&m, 0, sizeof(m));
	m.partnership = answer_str(doc, "partnership");
	m.period = answer_str(doc, "reporting_period");
	m.confidential = true;
	if (pdf_report(form, doc, &m, &out, &msg) != 0) {
		fprintf(stderr, "s3pm export: %s: %s\n", o->input, msg.text);
		goto out;
	}
	status = put(o->output, &out);
out:
	buf_cleanup(&out);
	buf_cleanup(&notes);
	json_decref(doc);
	form_free(form);
	return status;
}

/* The operator on the command line, or the public with --public. */
static struct actor
caller(const struct export_opts *o)
{
	return o->public_only ? app_actor(NULL) : app_system_actor();
}

/* (b) one report of the database. */
static int
one_report(struct app *app, const struct export_opts *o)
{
	struct app_msg msg = {{0}};
	struct actor a = caller(o);
	struct buf out;
	int status = CLI_BADINPUT;

	buf_init(&out, PDF_OUT_MAX);
	if (o->partnership == NULL || o->period == NULL) {
		cli_error("export: -o FILE from the database needs --partnership SLUG and --period P");
		goto out;
	}
	if (app_report_pdf(app, &a, o->partnership, o->period, &out, &msg) != 0) {
		fprintf(stderr, "s3pm export: %s\n", msg.text);
		goto out;
	}
	status = put(o->output, &out);
out:
	buf_cleanup(&out);
	return status;
}

/* (c) every report the caller reads, as DIR/SLUG-PERIOD.pdf. */
static int
folder(struct app *app, const struct export_opts *o)
{
	struct app_msg msg = {{0}};
	struct actor a = caller(o);
	struct export_filter flt = {o->platform, o->period, o->partnership};
	struct export_set set;
	struct buf out;
	size_t i, failed = 0;
	int status = CLI_OK;

	if (mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "s3pm export: %s: cannot create the folder: %s\n", o->out_dir,
			strerror(errno));
		return CLI_BADINPUT;
	}
	buf_init(&out, PDF_OUT_MAX);
	if (app_export_reports(app, &a, &flt, &set, &msg) != 0) {
		fprintf(stderr, "s3pm export: %s\n", msg.text);
		buf_cleanup(&out);
		return CLI_BADINPUT;
	}
	for (i = 0; i < set.n; i++) {
		const struct export_item *it = &set.v[i];
		char path[4096], status_name[32];
		struct pdf_meta m;

		snprintf(status_name, sizeof(status_name), "%s", report_status_name(it->status));
		if (status_name[0] >= 'a' && status_name[0] <= 'z')
			status_name[0] = (char)(status_name[0] - 'a' + 'A');
		memset(&m, 0, sizeof(m));
		m.partnership = it->partnership;
		m.period = it->period;
		m.status = status_name;
		m.confidential = it->confidential;
		buf_reset(&out);
		if ((size_t)snprintf(path, sizeof(path), "%s/%s-%s.pdf", o->out_dir, it->slug,
				     it->period) >= sizeof(path)) {
			fprintf(stderr, "s3pm export: %s: the folder's name is too long\n", o->out_dir);
			failed++;
			continue;
		}
		if (pdf_report(it->form, it->doc, &m, &out, &msg) != 0) {
			fprintf(stderr, "\ns3pm export: %s/%s: %s\n", it->slug, it->period, msg.text);
			failed++;
			continue;
		}
		if (put(path, &out) != CLI_OK) {
			failed++;
			continue;
		}
		fprintf(stderr, "\rs3pm export: %zu of %zu reports", i + 1, set.n);
	}
	fprintf(stderr, "%ss3pm export: %zu of %zu reports written to %s\n", set.n > 0 ? "\n" : "",
		set.n - failed, set.n, o->out_dir);
	if (failed > 0)
		status = 1;
	export_set_cleanup(&set);
	buf_cleanup(&out);
	return status;
}

int
export_pdf(const struct export_opts *o)
{
	struct app_msg msg = {{0}};
	struct app app;
	int status;

	if (o->input != NULL) {
		if (o->out_dir != NULL || o->partnership != NULL || o->period != NULL ||
		    o->platform != NULL || o->public_only) {
			cli_error("export: a report file goes with -o FILE alone");
			return CLI_BADINPUT;
		}
		return from_file(o);
	}
	memset(&app, 0, sizeof(app));
	if (cli_open_app(o->db, &app) != 0)
		return CLI_BADINPUT;
	app.forms_dir = paths_forms_dir();
	if (form_load_id(app.forms_dir, PATHS_DEFAULT_FORM, &app.form, &msg) != 0) {
		cli_error(msg.text);
		app_close_store(&app);
		return CLI_BADINPUT;
	}
	status = o->out_dir != NULL ? folder(&app, o) : one_report(&app, o);
	form_free(app.form);
	app_close_store(&app);
	return status;
}
