/* app_decision.c - the Commission's decisions, checked and recorded with
 * their audit entry in one transaction. */
#include "app_decision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_outbox.h"
#include "app_report.h"
#include "period.h"
#include "store.h"
#include "strutil.h"

static bool
year_at(const char *s, int *y)
{
	int i, v = 0;

	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*y = v;
	return v >= 1990 && v <= 2100;
}

/* "2021-H1", "2021", or "2021-2022" (at most ten years). */
static bool
valid_term(const char *s)
{
	struct period p;
	size_t n = strlen(s);
	int a, b;

	if (period_parse(s, &p) == 0)
		return true;
	if (n == 4)
		return year_at(s, &a);
	if (n == 9 && s[4] == '-' && year_at(s, &a) && year_at(s + 5, &b))
		return a <= b && b - a <= 10;
	return false;
}

static int
trim_in_place(char **s)
{
	char *t = str_trimmed_dup(*s);

	if (t == NULL)
		return APP_ENOMEM;
	free(*s);
	*s = t;
	return 0;
}

struct decision_tx {
	struct app *app;
	const struct partnership *p;
	struct decision *d;
};

static int
decision_tx_fn(struct store *st, void *arg)
{
	struct decision_tx *t = arg;
	struct decision *d = t->d;
	char object[64], detail[160];
	int rc;

	if ((rc = store_decision_add(st, d)) != 0)
		return rc;
	app_object(object, sizeof(object), "partnership", d->partnership_id);
	snprintf(detail, sizeof(detail), "%s: %s", d->term, d->outcome);
	if ((rc = store_audit(st, d->user_id, "decision.record", object, 0, detail)) != 0)
		return rc;
	return outbox_event(t->app, st, MAIL_EV_DECISION, t->p, d->term, d->id);
}

int
app_decision_record(struct app *app, const struct actor *a, const char *slug, struct decision *d,
		    const char *msgs[5], size_t *nmsg, bool check_only)
{
	struct partnership p;
	int rc;

	*nmsg = 0;
	memset(&p, 0, sizeof(p));
	if ((rc = store_partnership_by_slug(app->store, slug, &p)) != 0)
		return rc;
	if (!policy_can_decide(a)) {
		rc = APP_EPERM;
		goto out;
	}
	if ((rc = trim_in_place(&d->term)) != 0 || (rc = trim_in_place(&d->outcome)) != 0 ||
	    (rc = trim_in_place(&d->conditions)) != 0 || (rc = trim_in_place(&d->rationale)) != 0)
		goto out;
	if (!valid_term(d->term))
		msgs[(*nmsg)++] = "Write the term as a half-year (2021-H1), a year (2021) or "
				  "years (2021-2022).";
	if (!decision_outcome_ok(d->outcome))
		msgs[(*nmsg)++] = "Choose an outcome: continue, continue with conditions, or "
				  "discontinue.";
	else if (strcmp(d->outcome, DECISION_WITH_CONDITIONS) == 0 && d->conditions[0] == '\0')
		msgs[(*nmsg)++] = "Write the conditions of continuing.";
	else if (strcmp(d->outcome, DECISION_WITH_CONDITIONS) != 0 && d->conditions[0] != '\0')
		msgs[(*nmsg)++] = "Conditions are recorded only with \"Continue with conditions\": "
				  "choose that outcome or empty the conditions.";
	if (d->rationale[0] == '\0')
		msgs[(*nmsg)++] = "Write the rationale of the decision.";
	if (str_utf8_chars(d->conditions) > APP_TEXT_MAX_CHARS ||
	    str_utf8_chars(d->rationale) > APP_TEXT_MAX_CHARS)
		msgs[(*nmsg)++] = "Conditions and rationale are limited to 10000 characters each.";
	if (*nmsg > 0) {
		rc = APP_EINPUT;
		goto out;
	}
	d->partnership_id = p.id;
	d->user_id = a->user_id;
	if (check_only)
		goto out;
	{
		struct decision_tx t = {app, &p, d};

		rc = store_tx(app->store, decision_tx_fn, &t);
	}
out:
	partnership_cleanup(&p);
	return rc;
}

int
app_decision_list(struct app *app, const struct actor *a, int64_t partnership_id,
		  struct decision **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!policy_can_follow(a, partnership_id))
		return APP_EPERM;
	return store_decision_list(app->store, partnership_id, out, n);
}
