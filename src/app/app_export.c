/* app_export.c - every report the caller may read, each as the caller may
 * see it, for the exports: one read of the reports with their documents,
 * the access rules of app_report_open applied to each (policy_can_read,
 * then report_view_cut), the documents parsed and cut on every core. */
#include "app_export.h"
#include "app_parallel.h"
#include "app_report.h"

#include <stdlib.h>
#include <string.h>

#include "doccache.h"
#include "period.h"
#include "report.h"
#include "store.h"

static void
item_cleanup(struct export_item *it)
{
	free(it->slug);
	free(it->partnership);
	free(it->platform);
	free(it->updated_at);
	json_decref(it->doc);
}

static int
cleanup_one(void *arg, size_t i)
{
	item_cleanup(&((struct export_set *)arg)->v[i]);
	return 0;
}

void
export_set_cleanup(struct export_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	/* Thousands of documents take a while to free: on every core (the
	 * documents share nothing). app_parallel_for fails only before it
	 * starts any: then here, one by one. */
	if (s->n < 256 || app_parallel_for(s->n, cleanup_one, s, NULL) != 0)
		for (i = 0; i < s->n; i++)
			item_cleanup(&s->v[i]);
	free(s->v);
	for (i = 0; i < s->nforms; i++)
		form_free(s->forms[i]);
	free(s->forms);
	memset(s, 0, sizeof(*s));
}

/* The form a report names: the application's when the ids match, else
 * read from the forms directory once per id and kept in the set (which
 * frees it). NULL with *rc set when it cannot be read. */
static struct form *
item_form(struct app *app, struct export_set *s, const char *id, int *rc)
{
	struct app_msg msg = {{0}};
	struct form **nf, *f = NULL;
	size_t i;

	if (id == NULL || strcmp(id, app->form->id) == 0)
		return app->form;
	for (i = 0; i < s->nforms; i++)
		if (strcmp(s->forms[i]->id, id) == 0)
			return s->forms[i];
	nf = realloc(s->forms, (s->nforms + 1) * sizeof(*nf));
	if (nf == NULL) {
		*rc = APP_ENOMEM;
		return NULL;
	}
	s->forms = nf;
	if ((*rc = form_load_id(app->forms_dir, id, &f, &msg)) != 0)
		return NULL;
	s->forms[s->nforms++] = f;
	return f;
}

/* What the threads share: item i of out is the report of rows[row[i]]. */
struct load {
	struct app *app;
	const struct actor *a;
	struct report_full *rows;
	size_t *row;
	struct export_set *out;
};

/* The document of item i, as the caller may see it: the cached one (a
 * copy) or the stored text parsed and made canonical, as app_report_open
 * loads it; then cut as report_view_visible_doc cuts it. The stored text
 * is freed here. Runs on several threads at once. */
static int
load_one(void *arg, size_t i)
{
	struct load *l = arg;
	struct export_item *it = &l->out->v[i];
	struct report_full *x = &l->rows[l->row[i]];
	struct app_msg msg = {{0}};
	struct report_view v;
	json_t *doc = NULL, *root = NULL;
	size_t k;
	int rc = 0;

	/* A view of the report as app_report_open makes it, borrowing all. */
	memset(&v, 0, sizeof(v));
	v.actor = *l->a;
	v.p.id = x->p.id;
	v.have_report = true;
	v.status = x->r.status;
	v.form = (struct form *)it->form;
	if ((doc = doccache_get(l->app->docs, x->r.id, x->r.revision, v.form->id)) != NULL) {
		root = doc;
		doc = json_deep_copy(root);
		rc = doc != NULL ? 0 : APP_ENOMEM;
	} else if (x->r.doc == NULL || x->r.doc[0] == '\0') {
		doc = report_new(v.form);
		rc = doc != NULL ? 0 : APP_ENOMEM;
	} else if ((rc = report_parse_json(x->r.doc, strlen(x->r.doc), "report", &root, &msg)) == 0) {
		/* What the store holds is canonical (report_dump's text):
		 * checked, then used as parsed rather than rebuilt. */
		if (report_is_canonical(v.form, root)) {
			doc = root;
			root = NULL;
		} else {
			rc = report_canonical(v.form, root, "report", &doc, &msg);
		}
	}
	json_decref(root);
	free(x->r.doc);
	x->r.doc = NULL;
	if (rc == 0)
		rc = report_view_cut(&v, doc);
	if (rc != 0) {
		json_decref(doc);
		/* A stored document that does not read back is our bug. */
		return rc == APP_ENOMEM ? rc : APP_EINTERNAL;
	}
	it->doc = doc;
	for (k = 0; k < v.form->nsections; k++)
		if (v.form->sections[k].confidential && report_view_can_read_section(&v, k))
			it->confidential = true;
	return 0;
}

/* Makes item out->v[out->n] of row x, its document still to load: x gives
 * up its strings to the item (and keeps them when this fails). */
static int
add_item(struct app *app, struct export_set *out, struct report_full *x)
{
	struct export_item *it = &out->v[out->n];
	int rc = 0;

	memset(it, 0, sizeof(*it));
	if (x->p.slug == NULL || x->p.name == NULL || x->p.platform == NULL || x->r.updated_at == NULL)
		return APP_EINTERNAL;
	if ((it->form = item_form(app, out, x->r.form_id, &rc)) == NULL)
		return rc == APP_ENOMEM ? rc : APP_EINTERNAL;
	it->slug = x->p.slug;
	it->partnership = x->p.name;
	it->platform = x->p.platform;
	it->updated_at = x->r.updated_at;
	x->p.slug = x->p.name = x->p.platform = x->r.updated_at = NULL;
	memcpy(it->period, x->r.period, sizeof(it->period));
	it->status = x->r.status;
	out->n++;
	return 0;
}

int
app_export_reports(struct app *app, const struct actor *a, const struct export_filter *f,
		   struct export_set *out, struct app_msg *msg)
{
	struct report_full *rows = NULL;
	struct load l;
	size_t nr = 0, i, bad = 0, *row = NULL;
	const char *what = NULL, *when = NULL; /* the report that failed */
	struct period per;
	char want[8] = "";
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (f->period != NULL) {
		if (period_parse(f->period, &per) != 0)
			return app_fail(msg, APP_EINPUT, "\"%s\" is no reporting period (e.g. 2020-H1)", f->period);
		period_format(per, want, sizeof(want));
	}
	if (app->form == NULL)
		return app_fail(msg, APP_EINTERNAL, "%s", "no form is loaded");
	if ((rc = store_report_list_all(app->store, f->slug, f->platform, want[0] != '\0' ? want : NULL, &rows,
					&nr)) != 0)
		return app_fail(msg, rc == APP_ENOMEM ? rc : APP_EINTERNAL, "%s", "the reports could not be read");
	out->v = calloc(nr + 1, sizeof(*out->v));
	row = calloc(nr + 1, sizeof(*row));
	if (out->v == NULL || row == NULL)
		rc = APP_ENOMEM;
	/* A report the caller may not know of is left out, as
	 * app_report_open leaves it. */
	for (i = 0; i < nr && rc == 0; i++) {
		if (!policy_can_read(a, rows[i].p.id, rows[i].r.status))
			continue;
		row[out->n] = i;
		if ((rc = add_item(app, out, &rows[i])) != 0)
			what = rows[i].p.slug, when = rows[i].r.period;
	}
	if (rc == 0) {
		l.app = app;
		l.a = a;
		l.rows = rows;
		l.row = row;
		l.out = out;
		if ((rc = app_parallel_for(out->n, load_one, &l, &bad)) != 0)
			what = out->v[bad].slug, when = out->v[bad].period;
	}
	if (rc != 0) {
		if (what != NULL)
			rc = app_fail(msg, rc == APP_ENOMEM ? rc : APP_EINTERNAL, "the report %s/%s could not be read",
				      what, when);
		else
			rc = app_fail(msg, rc, "%s", "out of memory");
		export_set_cleanup(out);
	}
	report_full_free_list(rows, nr);
	free(row);
	return rc;
}
