/* app_sheet.c - the reports one caller may read, with their findings, as
 * the doc ring's sheet_set: the spreadsheets' use case. */
#include "app_sheet.h"
#include "app_parallel.h"
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

struct check {
	struct app *app;
	struct app_sheets *out;
};

/* The findings of report i, as its reader may see them. Runs on several
 * threads at once (app_report_check only reads the form and the NUTS). */
static int
check_one(void *arg, size_t i)
{
	struct check *c = arg;
	const struct export_item *it = &c->out->reports.v[i];
	int rc;

	if ((rc = app_report_check(c->app, it->form, it->doc, &c->out->fnd[i])) == 0)
		rc = keep_readable(it, &c->out->fnd[i]);
	return rc;
}

int
app_sheets_open(struct app *app, const struct actor *a, const struct export_filter *f,
		struct app_sheets *out, struct app_msg *msg)
{
	struct check c = { app, out };
	size_t i, bad = 0;
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
	if (out->fnd != NULL && (rc = app_parallel_for(out->reports.n, check_one, &c, &bad)) != 0) {
		rc = app_fail(msg, rc == APP_ENOMEM ? rc : APP_EINTERNAL, "the report %s/%s could not be checked",
			      out->reports.v[bad].slug, out->reports.v[bad].period);
		app_sheets_cleanup(out);
		return rc;
	}
	out->set.v = out->rows;
	out->set.n = out->reports.n;
	return 0;
}

void
app_sheets_cleanup(struct app_sheets *s)
{
	size_t i;

	if (s == NULL)
		return;
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
