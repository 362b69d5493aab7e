/* app_sheet.c - the reports one caller may read, with their findings, as
 * the doc ring's sheet_set: the spreadsheets' use case. The findings are
 * computed on a thread of their own while the first sheets are built and
 * written (they show none). */
#include "app_sheet.h"
#include "app_report.h"

#include <stdlib.h>
#include <string.h>

/* Findings about a question of a section the item's reader does not read
 * are dropped: they were found in a document cut without it. */
static int
keep_readable(const struct export_item *it, struct findings *fnd)
{
	size_t i, j = 0;

	if (it->confidential)
		return 0;
	for (i = 0; i < fnd->n; i++) {
		struct finding *d = &fnd->v[i];
		const struct form_question *q = NULL;
		char id[128];
		size_t n = d->field ? strcspn(d->field, ".[") : 0;

		if (d->field != NULL && n < sizeof(id)) {
			memcpy(id, d->field, n);
			id[n] = '\0';
			q = form_find(it->form, id);
		}
		if (q != NULL && form_confidential(it->form, q)) {
			free(d->field);
			free(d->code);
			free(d->message);
			free(d->suggestion);
			continue;
		}
		fnd->v[j++] = *d;
	}
	fnd->n = j;
	return 0;
}

/* The findings of report i, as its reader may see them. Runs beside the
 * sheets being built, which only read the documents too (app_report_check
 * only reads the form, the NUTS and the document). */
static int
check_one(struct app_sheets *s, size_t i)
{
	const struct export_item *it = &s->reports.v[i];
	int rc;

	if ((rc = app_report_check(s->app, it->form, it->doc, &s->fnd[i])) == 0)
		rc = keep_readable(it, &s->fnd[i]);
	return rc;
}

/* The checker thread: every report in turn (one thread: the other core
 * writes the first sheets meanwhile), stopping at the first failure. */
static void *
check_all(void *arg)
{
	struct app_sheets *s = arg;
	size_t i;
	int rc;

	for (i = 0; i < s->reports.n; i++)
		if ((rc = check_one(s, i)) != 0) {
			s->check_rc = rc;
			s->check_bad = i;
			break;
		}
	return NULL;
}

/* sheet_set.findings_wait: joins the checker (once). */
static int
findings_wait(void *arg, struct app_msg *msg)
{
	struct app_sheets *s = arg;

	if (s->checking) {
		pthread_join(s->checker, NULL);
		s->checking = false;
	}
	if (s->check_rc != 0)
		return app_fail(msg, s->check_rc == APP_ENOMEM ? APP_ENOMEM : APP_EINTERNAL,
				"the report %s/%s could not be checked", s->reports.v[s->check_bad].slug,
				s->reports.v[s->check_bad].period);
	return 0;
}

int
app_sheets_open(struct app *app, const struct actor *a, const struct export_filter *f,
		struct app_sheets *out, struct app_msg *msg)
{
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (app->form == NULL)
		return app_fail(msg, APP_EINTERNAL, "%s", "no form is loaded");
	if ((rc = app_export_reports(app, a, f, &out->reports, msg)) != 0)
		return rc;
	out->rows = calloc(out->reports.n + 1, sizeof(*out->rows));
	if (a->role != ROLE_PUBLIC)
		out->fnd = calloc(out->reports.n + 1, sizeof(*out->fnd));
	if (out->rows == NULL || (a->role != ROLE_PUBLIC && out->fnd == NULL)) {
		app_sheets_cleanup(out);
		return app_fail(msg, APP_ENOMEM, "%s", "out of memory");
	}
	out->set.form = app->form;
	out->set.confidential = a->role == ROLE_SYSTEM;
	for (i = 0; i < out->reports.n; i++) {
		const struct export_item *it = &out->reports.v[i];
		struct sheet_report *r = &out->rows[i];

		r->slug = it->slug;
		r->partnership = it->partnership;
		r->platform = it->platform;
		r->period = it->period;
		r->status = report_status_name(it->status);
		r->updated_at = it->updated_at;
		r->form = it->form;
		r->doc = it->doc;
		if (it->confidential)
			out->set.confidential = true;
		if (out->fnd != NULL) {
			findings_init(&out->fnd[i]);
			r->findings = &out->fnd[i];
		}
	}
	out->set.v = out->rows;
	out->set.n = out->reports.n;
	if (out->fnd == NULL)
		return 0;
	out->app = app;
	out->set.findings_wait = findings_wait;
	out->set.findings_arg = out;
	if (pthread_create(&out->checker, NULL, check_all, out) == 0) {
		out->checking = true;
		return 0;
	}
	/* No thread: checked here and now. */
	check_all(out);
	if ((rc = findings_wait(out, msg)) != 0)
		app_sheets_cleanup(out);
	return rc;
}

void
app_sheets_cleanup(struct app_sheets *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->checking)
		pthread_join(s->checker, NULL);
	if (s->fnd != NULL)
		for (i = 0; i < s->reports.n; i++)
			findings_cleanup(&s->fnd[i]);
	free(s->fnd);
	free(s->rows);
	export_set_cleanup(&s->reports);
	memset(s, 0, sizeof(*s));
}

bool
app_sheets_allowed(const struct actor *a)
{
	return a->role == ROLE_COMMITTEE || a->role == ROLE_COMMISSION || a->role == ROLE_ADMIN;
}
