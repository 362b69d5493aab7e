/* app_search.c - full-text search with the access rules applied to each
 * hit before it is counted or paged, and the index brought up to date. */
#include "app_search.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report.h"
#include "report_text.h"
#include "store.h"

#define MAX_FORMS 8

/* The forms met during one search (reports on older forms), with the
 * caller: read by the keep function. */
struct keep_ctx {
	struct app *app;
	const struct actor *a;
	const char *question; /* the question asked for (NULL or "": any) */
	struct form *forms[MAX_FORMS];
	size_t nforms;
};

static const struct form *
form_of(struct keep_ctx *k, const char *id)
{
	struct app_msg msg = {{0}};
	struct form *f = NULL;
	size_t i;

	if (k->app->form != NULL && strcmp(k->app->form->id, id) == 0)
		return k->app->form;
	for (i = 0; i < k->nforms; i++)
		if (strcmp(k->forms[i]->id, id) == 0)
			return k->forms[i];
	if (k->nforms == MAX_FORMS || form_load_id(k->app->forms_dir, id, &f, &msg) != 0)
		return NULL;
	k->forms[k->nforms++] = f;
	return f;
}

/* The question of an answer found: its place in its report's form.
 * NULL when the form cannot be read or has no such question. */
static const struct form_question *
question_of(struct keep_ctx *k, const char *form_id, size_t index)
{
	const struct form *f = form_of(k, form_id);

	return f != NULL && index < f->nquestions ? f->questions[index] : NULL;
}

/* What the report page would show: the report, then the answer's
 * section; and the question asked for, if any. A form that cannot be
 * read shows nothing. */
static bool
keep(const struct search_cand *c, void *arg)
{
	struct keep_ctx *k = arg;
	const struct form_question *q;
	const struct form *f;

	if (!policy_can_read(k->a, c->partnership_id, c->status))
		return false;
	f = form_of(k, c->form_id);
	if (f == NULL || c->index >= f->nquestions)
		return false;
	q = f->questions[c->index];
	if (k->question != NULL && k->question[0] != '\0' && strcmp(q->id, k->question) != 0)
		return false;
	if (q->section >= f->nsections)
		return false;
	return policy_can_read_section(k->a, &f->sections[q->section], c->partnership_id, c->status);
}

void
app_search_result_cleanup(struct app_search_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].slug);
		free(r->v[i].name);
		free(r->v[i].platform);
		free(r->v[i].question);
		free(r->v[i].label);
		free(r->v[i].snippet);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static char *
dup_or_empty(const char *s)
{
	return strdup(s != NULL ? s : "");
}

int
app_search(struct app *app, const struct actor *a, const struct app_search_query *q,
	   struct app_search_result *out)
{
	struct keep_ctx k = {app, a, q->question, {NULL}, 0};
	struct search_filter filt = {q->platform, q->period};
	struct search_hit *h = NULL;
	struct buf match;
	size_t n = 0, total = 0, i, page = q->page > 0 ? q->page : 1;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&match, 8192);
	if ((rc = report_text_match(q->q, &match, &out->nwords)) != 0 || out->nwords == 0)
		goto out;
	if (page > APP_SEARCH_CAP / APP_SEARCH_PAGE + 1)
		page = APP_SEARCH_CAP / APP_SEARCH_PAGE + 1;
	rc = store_search(app->store, buf_cstr(&match), &filt, keep, &k, (page - 1) * APP_SEARCH_PAGE,
			  APP_SEARCH_PAGE, APP_SEARCH_CAP, &h, &n, &total);
	if (rc != 0)
		goto out;
	out->more = total > APP_SEARCH_CAP;
	out->total = out->more ? APP_SEARCH_CAP : total;
	out->page = page;
	out->pages = (out->total + APP_SEARCH_PAGE - 1) / APP_SEARCH_PAGE;
	if (n > 0 && (out->v = calloc(n, sizeof(*out->v))) == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct app_search_item *e = &out->v[out->n];
		const struct form_question *fq = question_of(&k, h[i].form_id, h[i].index);

		out->n++;
		e->status = h[i].status;
		memcpy(e->period, h[i].period, sizeof(e->period));
		e->slug = h[i].slug, h[i].slug = NULL;
		e->name = h[i].name, h[i].name = NULL;
		e->platform = h[i].platform, h[i].platform = NULL;
		e->question = dup_or_empty(fq != NULL ? fq->id : NULL);
		e->label = dup_or_empty(fq != NULL ? fq->label : NULL);
		if (e->question == NULL || e->label == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		if ((rc = store_search_snippet(app->store, buf_cstr(&match), h[i].rowid, &e->snippet)) != 0)
			goto out;
	}
out:
	for (i = 0; i < k.nforms; i++)
		form_free(k.forms[i]);
	search_hit_free_list(h, n);
	buf_cleanup(&match);
	if (rc != 0)
		app_search_result_cleanup(out);
	return rc;
}

/* Indexes one report at its revision (nothing when a save came in
 * between: the save indexed its own). */
static int
index_one(struct app *app, struct keep_ctx *k, int64_t id, int revision)
{
	struct report_row r;
	struct report_text *t = NULL;
	struct report_facts facts;
	const struct form *f;
	json_t *root = NULL, *doc = NULL;
	char *text = NULL;
	size_t nt = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&facts, 0, sizeof(facts));
	if ((rc = store_report_by_id(app->store, id, &r)) != 0)
		goto out;
	f = form_of(k, r.form_id);
	if (f == NULL) {
		rc = APP_EINTERNAL;
		goto out;
	}
	if ((rc = store_report_revision(app->store, id, revision, &text)) != 0)
		goto out;
	if (text[0] != '\0') {
		if ((rc = report_parse_json(text, strlen(text), "report", &root, NULL)) != 0 ||
		    (rc = report_canonical(f, root, "report", &doc, NULL)) != 0)
			goto out;
		if ((rc = report_text_flatten(f, doc, &t, &nt)) != 0 ||
		    (rc = report_facts_of(f, app->nuts, r.period, doc, &facts)) != 0)
			goto out;
	}
	rc = store_search_index(app->store, id, revision, t, nt, doc != NULL ? &facts : NULL);
out:
	report_row_cleanup(&r);
	report_text_free(t, nt);
	report_facts_cleanup(&facts);
	json_decref(root);
	json_decref(doc);
	free(text);
	return rc;
}

int
app_search_reindex(struct app *app, size_t *count)
{
	struct keep_ctx k = {app, NULL, NULL, {NULL}, 0};
	int64_t *ids = NULL;
	int *revs = NULL;
	size_t n = 0, i, done = 0;
	int rc;

	if (count != NULL)
		*count = 0;
	if ((rc = store_search_stale(app->store, &ids, &revs, &n)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		rc = index_one(app, &k, ids[i], revs[i]);
		if (rc != 0)
			break;
		done++;
	}
	if (rc == 0 && done >= APP_SEARCH_OPTIMIZE_AT)
		rc = store_search_optimize(app->store);
	for (i = 0; i < k.nforms; i++)
		form_free(k.forms[i]);
	free(ids);
	free(revs);
	if (count != NULL)
		*count = done;
	return rc;
}

int
app_search_optimize(struct app *app)
{
	return store_search_optimize(app->store);
}
