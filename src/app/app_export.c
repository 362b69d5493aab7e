/* app_export.c - every report the caller may read, each as the caller may
 * see it (app_report_open decides, report by report), for the exports. */
#include "app_export.h"
#include "app_report.h"

#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "store.h"

static int
cmp_name(const void *a, const void *b)
{
	const struct partnership *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->slug, y->slug);
}

/* Periods oldest first within a partnership. */
static int
cmp_period(const void *a, const void *b)
{
	return strcmp(((const struct report_row *)a)->period, ((const struct report_row *)b)->period);
}

static void
item_cleanup(struct export_item *it)
{
	free(it->slug);
	free(it->partnership);
	free(it->platform);
	free(it->updated_at);
	json_decref(it->doc);
}

void
export_set_cleanup(struct export_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		item_cleanup(&s->v[i]);
	free(s->v);
	for (i = 0; i < s->nforms; i++)
		form_free(s->forms[i]);
	free(s->forms);
	memset(s, 0, sizeof(*s));
}

/* Keeps v's form in the set when v owns it (a report on an older form):
 * one copy per form id. Returns the form the item borrows, NULL on OOM. */
static const struct form *
keep_form(struct export_set *s, struct report_view *v)
{
	struct form **nf;
	size_t i;

	if (!v->own_form)
		return v->form;
	for (i = 0; i < s->nforms; i++)
		if (strcmp(s->forms[i]->id, v->form->id) == 0)
			return s->forms[i];
	nf = realloc(s->forms, (s->nforms + 1) * sizeof(*nf));
	if (nf == NULL)
		return NULL;
	s->forms = nf;
	s->forms[s->nforms++] = v->form;
	v->own_form = false; /* the set frees it now */
	return v->form;
}

static char *
dup_or_empty(const char *s)
{
	return strdup(s != NULL ? s : "");
}

/* Adds the report of v (open, have_report) to s. */
static int
add_item(struct export_set *s, struct report_view *v, size_t *cap)
{
	struct export_item *it;
	size_t i;

	if (s->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct export_item *nv = realloc(s->v, nc * sizeof(*nv));

		if (nv == NULL)
			return APP_ENOMEM;
		s->v = nv;
		*cap = nc;
	}
	it = &s->v[s->n];
	memset(it, 0, sizeof(*it));
	it->slug = dup_or_empty(v->p.slug);
	it->partnership = dup_or_empty(v->p.name);
	it->platform = dup_or_empty(v->p.platform);
	it->updated_at = dup_or_empty(v->r.updated_at);
	memcpy(it->period, v->period, sizeof(it->period));
	it->status = v->status;
	it->form = keep_form(s, v);
	it->doc = report_view_visible_doc(v);
	for (i = 0; i < v->form->nsections; i++)
		if (v->form->sections[i].confidential && report_view_can_read_section(v, i))
			it->confidential = true;
	if (it->slug == NULL || it->partnership == NULL || it->platform == NULL ||
	    it->updated_at == NULL || it->form == NULL || it->doc == NULL) {
		item_cleanup(it);
		return APP_ENOMEM;
	}
	s->n++;
	return 0;
}

int
app_export_reports(struct app *app, const struct actor *a, const struct export_filter *f,
		   struct export_set *out, struct app_msg *msg)
{
	struct partnership *ps = NULL;
	struct report_row *rows = NULL;
	size_t np = 0, nr = 0, i, j, cap = 0;
	struct period per;
	char want[8] = "";
	int rc;

	memset(out, 0, sizeof(*out));
	if (f->period != NULL) {
		if (period_parse(f->period, &per) != 0)
			return app_fail(msg, APP_EINPUT, "\"%s\" is no reporting period (e.g. 2020-H1)", f->period);
		period_format(per, want, sizeof(want));
	}
	if ((rc = store_partnership_list(app->store, &ps, &np)) != 0)
		return app_fail(msg, rc == APP_ENOMEM ? rc : APP_EINTERNAL, "%s", "the partnerships could not be read");
	if (np > 1)
		qsort(ps, np, sizeof(*ps), cmp_name);
	for (i = 0; i < np && rc == 0; i++) {
		if (f->slug != NULL && strcmp(f->slug, ps[i].slug) != 0)
			continue;
		if (f->platform != NULL && strcmp(f->platform, ps[i].platform ? ps[i].platform : "") != 0)
			continue;
		if ((rc = store_report_list(app->store, ps[i].id, &rows, &nr)) != 0) {
			rc = app_fail(msg, rc == APP_ENOMEM ? rc : APP_EINTERNAL, "%s", "the reports could not be read");
			break;
		}
		if (nr > 1)
			qsort(rows, nr, sizeof(*rows), cmp_period);
		for (j = 0; j < nr && rc == 0; j++) {
			struct report_view v;

			if (want[0] != '\0' && strcmp(want, rows[j].period) != 0)
				continue;
			/* Cheap refusal first; app_report_open decides again. */
			if (!policy_can_read(a, ps[i].id, rows[j].status))
				continue;
			rc = app_report_open(app, a, ps[i].slug, rows[j].period, &v);
			if (rc == APP_ENOTFOUND) {
				rc = 0;
				continue;
			}
			if (rc == 0 && v.have_report)
				rc = add_item(out, &v, &cap);
			report_view_cleanup(&v);
			if (rc != 0)
				rc = app_fail(msg, rc == APP_ENOMEM ? rc : APP_EINTERNAL, "the report %s/%s could not be read",
					      ps[i].slug, rows[j].period);
		}
		report_row_free_list(rows, nr);
		rows = NULL;
		nr = 0;
	}
	for (i = 0; i < np; i++)
		partnership_cleanup(&ps[i]);
	free(ps);
	if (rc != 0)
		export_set_cleanup(out);
	return rc;
}
