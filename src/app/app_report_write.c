/* app_report_write.c - changing a report's answers: starting it
 * pre-filled from the previous one, saving with a merge of what others
 * saved meanwhile, submitting it to the committee. */
#include "app_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doccache.h"
#include "merge.h"
#include "opstats.h"
#include "period.h"
#include "report.h"
#include "report_parts.h"
#include "report_facts.h"
#include "report_text.h"
#include "app_outbox.h"
#include "store.h"

#define TRY(e)                  \
	do {                    \
		rc = (e);       \
		if (rc)         \
			goto out; \
	} while (0)

/* Saves retried when another save slips in between our read and write. */
#define SAVE_TRIES 3

/* What a new report takes over from the previous one: the partnership's
 * standing facts, and the events it planned, offered as this period's past
 * events. Entries whose questions the form lacks are skipped. */
static const struct {
	const char *from;
	const char *to;
} carry[] = {
	{"start_date", "start_date"},
	{"webpage", "webpage"},
	{"leading_regions", "leading_regions"},
	{"participating_regions", "participating_regions"},
	{"interested_entities", "interested_entities"},
	{"working_areas", "working_areas"},
	{"planned_events", "past_events"},
};

/* Sets answers[q->id] to v fitted to q (stolen; table rows keep only the
 * form's columns), if the result is a valid answer. */
static int
put_fitted(const struct form *f, const struct form_question *q, json_t *answers, json_t *v)
{
	json_t *doc = NULL, *canon = NULL, *fit = v, *row, *cell;
	size_t i, c;
	int rc = 0;

	if (v == NULL)
		return 0;
	if (q->type == FORM_TABLE && json_is_array(v)) {
		fit = json_array();
		json_array_foreach(v, i, row) {
			json_t *nr = json_object();

			for (c = 0; nr && c < q->ncolumns; c++) {
				cell = json_object_get(row, q->columns[c].id);
				if (json_is_string(cell))
					json_object_set(nr, q->columns[c].id, cell);
			}
			if (nr == NULL || json_array_append_new(fit, nr) != 0)
				rc = APP_ENOMEM;
		}
		json_decref(v);
		if (rc)
			goto out;
	}
	doc = json_pack("{s:s, s:{s:O}}", "form", f->id, "answers", q->id, fit);
	if (doc == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	/* A value of another shape (from an older form) is left out. */
	if (report_canonical(f, doc, "previous report", &canon, NULL) != 0)
		goto out;
	cell = json_object_get(report_answers(canon), q->id);
	if (cell != NULL && json_object_set(answers, q->id, cell) != 0)
		rc = APP_ENOMEM;
out:
	json_decref(fit);
	json_decref(doc);
	json_decref(canon);
	return rc;
}

static json_t *
string_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : NULL;
}

/* The new report's document: the period and partnership, and what the
 * previous report (or else the partnership's record) says. */
static int
prefill(struct app *app, const struct report_view *c, const struct form *f, json_t **out, char *from,
	size_t fromsz)
{
	struct store *st = app->store;
	struct report_row *list = NULL, prev;
	size_t n = 0, i;
	json_t *pdoc = NULL, *pa = NULL, *answers, *doc = NULL;
	bool have_prev = false;
	int rc;

	memset(&prev, 0, sizeof(prev));
	from[0] = '\0';
	doc = report_new(f);
	if (doc == NULL)
		return APP_ENOMEM;
	answers = report_answers(doc);
	TRY(store_report_list(st, c->p.id, &list, &n));
	for (i = 0; i < n; i++)
		if (strcmp(list[i].period, c->period) < 0)
			break;
	if (i < n && store_report_get(st, c->p.id, list[i].period, &prev) == 0 && prev.doc &&
	    report_parse_json(prev.doc, strlen(prev.doc), "previous report", &pdoc, NULL) == 0) {
		pa = report_answers(pdoc);
		have_prev = json_is_object(pa);
		if (have_prev)
			snprintf(from, fromsz, "%s", list[i].period);
	}
	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];

		if (q->type == FORM_PERIOD)
			TRY(put_fitted(f, q, answers, json_string(c->period)));
		else if (q->type == FORM_CHOICE && q->choices_from && strcmp(q->choices_from, "partnerships") == 0)
			TRY(put_fitted(f, q, answers, string_or_null(c->p.name)));
	}
	for (i = 0; i < sizeof(carry) / sizeof(carry[0]); i++) {
		const struct form_question *q = form_find(f, carry[i].to);
		json_t *v = have_prev ? json_object_get(pa, carry[i].from) : NULL;

		if (q == NULL)
			continue;
		if (v != NULL) {
			TRY(put_fitted(f, q, answers, json_deep_copy(v)));
			continue;
		}
		if (have_prev || strcmp(carry[i].from, carry[i].to) != 0)
			continue;
		/* The first report: what the partnership's record holds. */
		if (strcmp(q->id, "start_date") == 0)
			TRY(put_fitted(f, q, answers, string_or_null(c->p.start_date)));
		else if (strcmp(q->id, "webpage") == 0)
			TRY(put_fitted(f, q, answers, string_or_null(c->p.webpage)));
		else if (strcmp(q->id, "leading_regions") == 0)
			TRY(put_fitted(f, q, answers, string_or_null(c->p.leading_regions)));
		else if (strcmp(q->id, "participating_regions") == 0 && c->p.participating_regions)
			TRY(put_fitted(f, q, answers, json_loads(c->p.participating_regions, 0, NULL)));
	}
	rc = report_canonical(f, doc, "new report", out, NULL);
out:
	report_row_free_list(list, n);
	report_row_cleanup(&prev);
	json_decref(pdoc);
	json_decref(doc);
	return rc;
}

/* Whether s is a period no later than next year; *deadline its default
 * deadline, a month after its end. */
static bool
period_near(const char *s, char *deadline, size_t n)
{
	struct period p;
	time_t now = time(NULL);
	struct tm tm;

	if (period_parse(s, &p) != 0 || gmtime_r(&now, &tm) == NULL)
		return false;
	period_default_deadline(p, deadline, n);
	return p.year <= tm.tm_year + 1900 + 1;
}

static int
audit_report(struct store *st, const struct report_view *c, const char *action, int revision,
	     const char *detail)
{
	char obj[40];

	app_object(obj, sizeof(obj), "report", c->r.id);
	return store_audit(st, c->actor.user_id, action, obj, revision, detail);
}

int
app_report_start(struct app *app, const struct actor *a, const char *slug, const char *period,
		 struct report_view *v, bool *created)
{
	struct store *st = app->store;
	static const struct report_text no_text;
	struct report_text *text = NULL;
	struct report_facts facts;
	size_t ntext = 0;
	struct report_row r;
	struct period_row pr;
	json_t *doc = NULL;
	char from[8], detail[64], deadline[16];
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&facts, 0, sizeof(facts));
	*created = false;
	TRY(app_report_open(app, a, slug, period, v));
	/* Only the partnership starts its reports; to everybody else this
	 * answers the same whether a report they may not see exists or not. */
	if (!policy_can_edit(a, v->p.id, REPORT_DRAFT)) {
		rc = v->have_report ? 0 : APP_EPERM;
		goto out;
	}
	if (v->have_report) /* started already (a second click, or a colleague) */
		goto out;
	/* Administrators set periods and their deadlines; a report may also be
	 * started for a period they have not set (not for years ahead), which
	 * then gets the usual deadline, a month after the half-year. */
	rc = store_period_get(st, v->period, &pr);
	if (rc == APP_ENOTFOUND) {
		if (!period_near(v->period, deadline, sizeof(deadline)))
			goto out;
		rc = store_period_set(st, v->period, deadline);
	}
	if (rc)
		goto out;
	TRY(prefill(app, v, app->form, &doc, from, sizeof(from)));
	r.partnership_id = v->p.id;
	snprintf(r.period, sizeof(r.period), "%s", v->period);
	r.form_id = strdup(app->form->id);
	r.status = REPORT_DRAFT;
	r.doc = report_dump(doc);
	if (r.form_id == NULL || r.doc == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	TRY(report_text_flatten(app->form, doc, &text, &ntext));
	TRY(report_facts_of(app->form, app->nuts, r.period, doc, &facts));
	rc = store_report_create_text(st, &r, a->user_id, text != NULL ? text : &no_text, ntext, &facts);
	if (rc == APP_ECONFLICT) { /* a colleague was quicker */
		rc = 0;
		goto reload;
	}
	if (rc)
		goto out;
	if (from[0])
		snprintf(detail, sizeof(detail), "pre-filled from %s", from);
	else
		snprintf(detail, sizeof(detail), "pre-filled from the partnership's record");
	v->r.id = r.id;
	TRY(audit_report(st, v, "report.create", r.revision, detail));
	*created = true;
reload:
	report_view_cleanup(v);
	rc = app_report_open(app, a, slug, period, v);
out:
	json_decref(doc);
	report_row_cleanup(&r);
	report_text_free(text, ntext);
	report_facts_cleanup(&facts);
	return rc;
}

/* ---- saving ------------------------------------------------------------- */

void
app_saved_cleanup(struct app_saved *s)
{
	json_decref(s->doc);
	json_decref(s->conflicts);
	json_decref(s->view);
	memset(s, 0, sizeof(*s));
}

int
app_report_revision(struct app *app, const struct report_view *c, int rev, json_t **out)
{
	char *text = NULL;
	json_t *root = NULL;
	int rc;

	*out = NULL;
	TRY(store_report_revision(app->store, c->r.id, rev, &text));
	TRY(report_parse_json(text, strlen(text), "revision", &root, NULL));
	rc = report_canonical(c->form, root, "revision", out, NULL);
out:
	free(text);
	json_decref(root);
	return rc;
}

/* A new revision (when the text changed) and the submission, with their
 * audit entries, in one transaction: all or nothing, one commit. */
struct save_tx {
	struct app *app;
	const struct report_view *c;
	const char *text;   /* NULL: no new revision */
	const char *detail;
	bool submit;
	int revision;       /* out */
	const struct report_text *index; /* the new revision's search index */
	size_t nindex;
	const struct report_facts *facts; /* and its portfolio figures */
};

static int
save_tx_fn(struct store *st, void *arg)
{
	struct save_tx *a = arg;
	const struct report_view *c = a->c;
	int rc = 0;

	a->revision = c->r.revision;
	if (a->text != NULL) {
		TRY(store_report_save_text(st, c->r.id, c->r.revision, a->text, c->actor.user_id, a->index,
					   a->nindex, a->facts, &a->revision));
		TRY(audit_report(st, c, "report.save", a->revision, a->detail));
	}
	if (a->submit) {
		TRY(store_report_set_status(st, c->r.id, c->status, REPORT_SUBMITTED, c->actor.user_id));
		TRY(audit_report(st, c, "report.submit", a->revision, ""));
		TRY(outbox_event(a->app, st,
				 c->status == REPORT_RETURNED ? MAIL_EV_RESUBMITTED : MAIL_EV_SUBMITTED, &c->p,
				 c->period, c->r.id));
	}
out:
	return rc;
}

/* The period is the report's address, whatever a form sent: a report
 * moves to another period by no save. my's answers are its own (made by
 * report_keep_locked). */
static int
fix_period(const struct form *f, json_t *my, const char *period)
{
	json_t *answers = report_answers(my);
	size_t i;

	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i]->type == FORM_PERIOD &&
		    json_object_set_new(answers, f->questions[i]->id, json_string(period)) != 0)
			return APP_ENOMEM;
	return 0;
}

/* Saves mine, written on revision base, as a new revision: merged with the
 * saves made since base, unless they changed the same answers (then
 * s->conflicts, and nothing is saved). APP_ECONFLICT when another save
 * came in between (the caller reloads and tries again). */
static int
save_doc(struct app *app, const struct report_view *c, int base, json_t *mine, const bool *ed,
	 bool submit, struct app_saved *s, struct findings *fnd)
{
	const struct form *f = c->form;
	json_t *my = json_incref(mine), *basedoc = NULL, *final = NULL, *conf = NULL;
	static const struct report_text no_text;
	struct report_text *index = NULL;
	struct report_facts facts;
	size_t nindex = 0;
	char *text = NULL, detail[96];
	struct save_tx tx;
	size_t i;
	json_t *e;
	int rc;

	memset(&facts, 0, sizeof(facts));
	memset(s, 0, sizeof(*s));
	if (base < 1 || base > c->r.revision) {
		rc = APP_EINPUT;
		goto out;
	}
	if (base == c->r.revision) {
		TRY(report_keep_locked(f, ed, c->doc, &my));
		TRY(fix_period(f, my, c->period));
		final = json_incref(my);
	} else {
		TRY(app_report_revision(app, c, base, &basedoc));
		TRY(report_keep_locked(f, ed, basedoc, &my));
		TRY(fix_period(f, my, c->period));
		TRY(merge_docs(f, basedoc, my, c->doc, &e, &conf));
		rc = report_canonical(f, e, "merged", &final, NULL);
		json_decref(e);
		if (rc)
			goto out;
		if (json_array_size(conf) > 0) {
			json_t *view = json_deep_copy(final), *cv = NULL;

			if (view == NULL) {
				rc = APP_ENOMEM;
				goto out;
			}
			json_array_foreach(conf, i, e) {
				const char *path = json_string_value(json_object_get(e, "question"));

				if (path && (rc = report_copy_part(f, view, my, path)) != 0 && rc != APP_EINPUT)
					break;
				rc = 0;
			}
			if (rc == 0)
				rc = report_canonical(f, view, "merged", &cv, NULL);
			json_decref(view);
			if (rc)
				goto out;
			s->view = cv;
			s->conflicts = json_incref(conf);
			s->doc = json_incref(c->doc);
			s->revision = c->r.revision;
			goto out;
		}
		s->merged = true;
	}
	if (fnd != NULL) {
		findings_cleanup(fnd);
		findings_init(fnd);
		TRY(app_report_check(app, f, final, fnd));
		/* A refused submission saves nothing: the page shows the
		 * caller's values with the errors. */
		if (submit && app_report_blocking(fnd) > 0) {
			s->blocked = true;
			s->doc = json_incref(final);
			s->revision = c->r.revision;
			goto out;
		}
	}
	if (!json_equal(final, c->doc)) {
		text = report_dump(final);
		if (text == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
	} else if (!submit) {
		s->doc = json_incref(c->doc);
		s->revision = c->r.revision;
		goto out;
	}
	if (s->merged)
		snprintf(detail, sizeof(detail), "written on revision %d, merged with revision %d", base,
			 c->r.revision);
	else
		detail[0] = '\0';
	if (text != NULL) {
		TRY(report_text_flatten(f, final, &index, &nindex));
		TRY(report_facts_of(f, app->nuts, c->period, final, &facts));
	}
	tx = (struct save_tx){app, c, text, detail, submit, 0, index != NULL ? index : &no_text, nindex,
			      &facts};
	TRY(store_tx(app->store, save_tx_fn, &tx));
	/* The next autosave is written on this revision: spare it the parse.
	 * final is not changed from here on (s->doc is only read): the cache
	 * keeps it without a copy. */
	if (text != NULL)
		doccache_keep(app->docs, c->r.id, tx.revision, f->id, strlen(text), final);
	s->changed = text != NULL;
	s->submitted = submit;
	s->revision = tx.revision;
	s->doc = json_incref(final);
out:
	free(text);
	report_text_free(index, nindex);
	report_facts_cleanup(&facts);
	json_decref(my);
	json_decref(basedoc);
	json_decref(final);
	json_decref(conf);
	if (rc)
		app_saved_cleanup(s);
	return rc;
}

/* Loads the report for someone who may edit it (and submit it, when
 * asked). */
static int
load_editable(struct app *app, const struct actor *a, const char *slug, const char *period,
	      bool submit, struct report_view *c)
{
	int rc = app_report_open(app, a, slug, period, c);

	if (rc)
		return rc;
	if (!c->have_report || c->doc == NULL)
		return APP_ENOTFOUND;
	if (!policy_can_edit(a, c->p.id, c->status))
		return APP_EPERM;
	if (submit && !policy_can_submit(a, c->p.id, c->status))
		return APP_EPERM;
	return 0;
}

int
app_report_save(struct app *app, const struct actor *a, const char *slug, const char *period,
		int base, app_build_fn build, void *arg, bool submit, struct report_view *c,
		struct app_saved *s, struct findings *fnd)
{
	struct findings own;
	json_t *mine = NULL;
	bool *ed = NULL;
	int rc = 0, tries;

	findings_init(&own);
	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	/* A submission is always checked. */
	if (submit && fnd == NULL)
		fnd = &own;
	/* When another save slips in between, start again from the loading. */
	for (tries = 0; tries < SAVE_TRIES; tries++) {
		report_view_cleanup(c);
		json_decref(mine);
		mine = NULL;
		free(ed);
		ed = NULL;
		if ((rc = load_editable(app, a, slug, period, submit, c)) != 0)
			break;
		ed = calloc(c->form->nsections + 1, sizeof(*ed));
		if (ed == NULL) {
			rc = APP_ENOMEM;
			break;
		}
		report_editable_sections(c->form, a, c->p.id, c->status, ed);
		if ((rc = build(c, ed, &mine, arg)) != 0)
			break;
		rc = save_doc(app, c, base, mine, ed, submit, s, fnd);
		if (rc != APP_ECONFLICT)
			break;
	}
	if (rc == 0)
		opstats_count_save();
	json_decref(mine);
	free(ed);
	findings_cleanup(&own);
	return rc;
}

int
app_report_submit(struct app *app, const struct actor *a, const char *slug, const char *period,
		  struct report_view *c, struct findings *fnd, bool *blocked, bool check_only)
{
	struct save_tx tx;
	int rc;

	*blocked = false;
	TRY(load_editable(app, a, slug, period, true, c));
	TRY(app_report_check(app, c->form, c->doc, fnd));
	if (app_report_blocking(fnd) > 0) {
		*blocked = true;
		goto out;
	}
	if (check_only)
		goto out;
	tx = (struct save_tx){app, c, NULL, "", true, 0, NULL, 0, NULL};
	TRY(store_tx(app->store, save_tx_fn, &tx));
out:
	return rc;
}
