/* app_import.c - a report read from a file into the database: the
 * partnership created when it is new, the period when it is missing, the
 * report in the status given, in one transaction with its audit entry. A
 * report imported as anything but published shares nothing with the
 * partnership's record: its answers stay the partnership's until
 * published. */
#include "app_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "report.h"
#include "report_facts.h"
#include "report_text.h"
#include "store.h"

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
create_partnership(struct store *st, struct app_import *j, struct partnership *p)
{
	json_t *a = report_answers(j->doc);
	int rc;

	memset(p, 0, sizeof(*p));
	p->slug = strdup(j->slug);
	p->name = strdup(j->name);
	p->platform = strdup(j->platform ? j->platform : "");
	/* The record takes the report's facts only from a published report:
	 * a draft's answers are the partnership's alone. */
	if (j->status != REPORT_PUBLISHED)
		a = NULL;
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
	struct app_import *j = arg;
	struct partnership p;
	struct report_row r;
	struct period per;
	struct period_row pr;
	static const struct report_text no_text;
	struct report_text *text = NULL;
	struct report_facts facts;
	size_t ntext = 0;
	char deadline[16], object[64];
	char *doc = NULL;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&r, 0, sizeof(r));
	memset(&facts, 0, sizeof(facts));
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
	if ((rc = report_text_flatten(j->form, j->doc, &text, &ntext)) != 0 ||
	    (rc = report_facts_of(j->form, j->nuts, j->period, j->doc, &facts)) != 0)
		goto out;
	rc = store_report_create_text(st, &r, j->by, text != NULL ? text : &no_text, ntext, &facts);
	if (rc == APP_ECONFLICT) {
		snprintf(j->msg, sizeof(j->msg), "%s already has a report for %s", j->slug, j->period);
		goto out;
	}
	if (rc)
		goto out;
	j->report_id = r.id;
	if (j->status >= REPORT_SUBMITTED &&
	    (rc = store_report_set_status(st, r.id, REPORT_DRAFT, REPORT_SUBMITTED, j->by)) != 0)
		goto out;
	if (j->status >= REPORT_ACCEPTED &&
	    (rc = store_report_set_status(st, r.id, REPORT_SUBMITTED, REPORT_ACCEPTED, j->by)) != 0)
		goto out;
	if (j->status == REPORT_PUBLISHED &&
	    (rc = store_report_set_status(st, r.id, REPORT_ACCEPTED, REPORT_PUBLISHED, j->by)) != 0)
		goto out;
	snprintf(object, sizeof(object), "report:%lld", (long long)r.id);
	rc = store_audit(st, j->by, "report.import", object, r.revision, j->file);
out:
	if (rc && j->msg[0] == '\0')
		snprintf(j->msg, sizeof(j->msg), "cannot store the report (%s)", app_strerror(rc));
	free(doc);
	report_text_free(text, ntext);
	report_facts_cleanup(&facts);
	partnership_cleanup(&p);
	report_row_cleanup(&r);
	return rc;
}


int
app_report_import(struct app *app, const struct actor *a, struct app_import *j)
{
	j->msg[0] = '\0';
	j->report_id = 0;
	j->created_partnership = false;
	if (!policy_can_administer(a)) {
		snprintf(j->msg, sizeof(j->msg), "only administrators import reports");
		return APP_EPERM;
	}
	if (j->doc == NULL || j->form == NULL || j->slug == NULL || j->name == NULL) {
		snprintf(j->msg, sizeof(j->msg), "nothing to import");
		return APP_EINPUT;
	}
	j->by = a->user_id;
	j->nuts = app->nuts;
	return store_tx(app->store, import_one, j);
}
