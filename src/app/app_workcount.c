/* app_workcount.c - the number beside "My work" in every page's header:
 * a user's work list counted once and kept until something it reads may
 * have changed. Every change a work list depends on (a report's status or
 * answers, a decision, a period, a partnership, an account) writes an
 * audit entry in the change's own transaction (the app layer's rule), so
 * the audit log's newest id, read with each request, tells a kept count
 * from a stale one, for any number of servers on one database; the date
 * too, since deadlines pass at midnight. Counting a Commission officer's
 * list reads every accepted and published report (tens of milliseconds on
 * a thousand partnerships); asking for the newest id reads one row. */
#include "app_work.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

#define SLOTS 512 /* users kept; a user's slot is picked by id */

struct workslot {
	bool used;
	int64_t user_id, partnership_id, audit;
	enum role role;
	char day[11];
	size_t n;
};

struct workcount {
	pthread_mutex_t mu;
	struct workslot slot[SLOTS];
};

struct workcount *
app_workcount_new(void)
{
	struct workcount *c = calloc(1, sizeof(*c));

	if (c != NULL && pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

void
app_workcount_free(struct workcount *c)
{
	if (c == NULL)
		return;
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static bool
same(const struct workslot *s, const struct actor *a, int64_t audit, const char *day)
{
	return s->used && s->user_id == a->user_id && s->partnership_id == a->partnership_id &&
	       s->role == a->role && s->audit == audit && strcmp(s->day, day) == 0;
}

int
app_worklist_count(struct app *app, const struct actor *a, size_t *n)
{
	struct workcount *c = app->workcount;
	struct workslot *s = NULL;
	struct worklist w;
	int64_t audit = 0;
	char day[11];
	bool hit = false;
	int rc;

	*n = 0;
	if (a->role == ROLE_PUBLIC || a->role == ROLE_SYSTEM || a->user_id <= 0)
		return 0;
	app_today(day);
	/* The newest id before the count: a change landing in between is
	 * counted under the older id, and counted again at the next request. */
	if (c != NULL && store_audit_last(app->store, &audit) == 0) {
		s = &c->slot[(uint64_t)a->user_id % SLOTS];
		pthread_mutex_lock(&c->mu);
		if (same(s, a, audit, day)) {
			*n = s->n;
			hit = true;
		}
		pthread_mutex_unlock(&c->mu);
		if (hit)
			return 0;
	}
	memset(&w, 0, sizeof(w));
	rc = app_worklist(app, a, day, &w);
	if (rc == 0) {
		*n = w.n;
		if (s != NULL) {
			pthread_mutex_lock(&c->mu);
			s->used = true;
			s->user_id = a->user_id;
			s->partnership_id = a->partnership_id;
			s->role = a->role;
			s->audit = audit;
			memcpy(s->day, day, sizeof(s->day));
			s->n = w.n;
			pthread_mutex_unlock(&c->mu);
		}
	}
	worklist_cleanup(&w);
	return rc;
}
