/* cmd_import.c - s3pm import: report files into the database, each file in one transaction. */
#include "cli.h"
#include "ingest.h"
#include "nuts.h"
#include "paths.h"
#include "period.h"
#include "report.h"
#include "store.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job {
	const char *file;
	json_t *doc;
	struct form *form;
	enum report_status status;
	const char *platform;
	char *slug;
	const char *name;
	char period[8];
	char msg[APP_MSG_MAX];
	int64_t report_id;
	bool created_partnership;
};

static const char *
str_or_empty(json_t *v)
{
	const char *s = json_string_value(v);

	return s ? s : "";
}

static char *
dump_str(json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT) : strdup("[]");
}

static int
create_partnership(struct store *st, struct job *j, struct partnership *p)
{
	json_t *a = report_answers(j->doc);
	int rc;

	memset(p, 0, sizeof(*p));
	p->slug = strdup(j->slug);
	p->name = strdup(j->name);
	p->platform = strdup(j->platform ? j->platform : "");
	p->start_date = strdup(str_or_empty(json_object_get(a, "start_date")));
	p->webpage = strdup(str_or_empty(json_object_get(a, "webpage")));
	p->leading_regions = strdup(str_or_empty(json_object_get(a, "leading_regions")));
	p->participating_regions = dump_str(json_object_get(a, "participating_regions"));
	{
		struct period per;

		/* The regions were written against the NUTS version of the period. */
		p->nuts_version = period_parse(j->period, &per) == 0 ? nuts_version_for_year(per.year) : 0;
	}
	if (!p->slug || !p->name || !p->platform || !p->start_date || !p->webpage ||
	    !p->leading_regions || !p->participating_regions)
		return APP_ENOMEM;
	rc = store_partnership_create(st, p);
	if (rc == 0)
		j->created_partnership = true;
	return rc;
}

/* One file, all or nothing. */
static int
import_one(struct store *st, void *arg)
{
	struct job *j = arg;
	struct partnership p;
	struct report_row r;
	struct period per;
	struct period_row pr;
	char deadline[16], object[64];
	char *doc = NULL;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&r, 0, sizeof(r));
	rc = store_partnership_by_slug(st, j->slug, &p);
	if (rc == APP_ENOTFOUND) {
		partnership_cleanup(&p);
		rc = create_partnership(st, j, &p);
	}
	if (rc) {
		snprintf(j->msg, sizeof(j->msg), "cannot store the partnership \"%s\"", j->slug);
		goto out;
	}
	if (store_period_get(st, j->period, &pr) == APP_ENOTFOUND) {
		period_parse(j->period, &per);
		period_default_deadline(per, deadline, sizeof(deadline));
		if ((rc = store_period_set(st, j->period, deadline)) != 0)
			goto out;
	}
	doc = json_dumps(j->doc, JSON_INDENT(2));
	if (doc == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	r.partnership_id = p.id;
	memcpy(r.period, j->period, sizeof(r.period));
	r.form_id = strdup(j->form->id);
	r.doc = doc;
	doc = NULL;
	r.status = REPORT_DRAFT;
	if (r.form_id == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	rc = store_report_create(st, &r, 0);
	if (rc == APP_ECONFLICT) {
		snprintf(j->msg, sizeof(j->msg), "%s already has a report for %s", j->slug, j->period);
		goto out;
	}
	if (rc)
		goto out;
	j->report_id = r.id;
	if (j->status >= REPORT_SUBMITTED &&
	    (rc = store_report_set_status(st, r.id, REPORT_DRAFT, REPORT_SUBMITTED, 0)) != 0)
		goto out;
	if (j->status >= REPORT_ACCEPTED &&
	    (rc = store_report_set_status(st, r.id, REPORT_SUBMITTED, REPORT_ACCEPTED, 0)) != 0)
		goto out;
	if (j->status == REPORT_PUBLISHED &&
	    (rc = store_report_set_status(st, r.id, REPORT_ACCEPTED, REPORT_PUBLISHED, 0)) != 0)
		goto out;
	snprintf(object, sizeof(object), "report:%lld", (long long)r.id);
	rc = store_audit(st, 0, "report.import", object, r.revision, j->file);
out:
	if (rc && j->msg[0] == '\0')
		snprintf(j->msg, sizeof(j->msg), "cannot store the report (%s)", app_strerror(rc));
	free(doc);
	partnership_cleanup(&p);
	report_row_cleanup(&r);
	return rc;
}

/* Reads the file and checks that it names a partnership and a period. */
static int
prepare(struct job *j, struct buf *notes)
{
	struct app_msg msg = {{0}};
	struct period per;
	json_t *a;
	const char *pe;

	if (ingest_file(paths_forms_dir(), PATHS_DEFAULT_FORM, j->file, &j->form, &j->doc, notes, &msg) != 0) {
		snprintf(j->msg, sizeof(j->msg), "%s", msg.text);
		return APP_EINPUT;
	}
	a = report_answers(j->doc);
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
	j->slug = text_slug(j->name);
	if (j->slug == NULL)
		return APP_ENOMEM;
	if (j->slug[0] == '\0') {
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
	struct store *st = NULL;
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
	if (cli_open_store(db, &st) != 0) {
		free(files);
		return CLI_BADINPUT;
	}
	buf_init(&notes, 1 << 20);
	for (k = 0; k < nfiles; k++) {
		struct job j;

		memset(&j, 0, sizeof(j));
		j.file = files[k];
		j.status = status;
		j.platform = platform;
		buf_reset(&notes);
		if (tty)
			progress(k, nfiles, j.file);
		int rc = prepare(&j, &notes);

		if (rc == 0 && (rc = store_tx(st, import_one, &j)) == 0) {
			ok++;
			if (!tty)
				printf("%s: imported as %s/%s (%s)%s\n", j.file, j.slug, j.period,
				       report_status_name(status),
				       j.created_partnership ? ", new partnership" : "");
		} else {
			if (tty)
				fputc('\n', stderr);
			if (rc == APP_EINPUT)
				fprintf(stderr, "s3pm import: %s\n", j.msg);
			else
				fprintf(stderr, "s3pm import: %s: %s\n", j.file, j.msg[0] ? j.msg : "failed");
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
	store_close(st);
	free(files);
	return status_code;
}
