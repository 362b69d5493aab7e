/* app_maint.c - the server's housekeeping thread: keeps the search index
 * in one piece. Each indexed save adds a segment to the FTS5 index and
 * marks the rows it replaces as deleted in it; FTS5 merges segments only
 * now and then, and a search reads every segment: after 3,000 saves of
 * 300 reports on 1,000 x 20 the index had 17 segments and a page's
 * snippets took ten times as long as on one (FTS5's own incremental
 * 'merge' after every 100 saves still left 10). So when this process has
 * indexed min_writes reports since the last merge, the thread merges the
 * whole index (store_search_optimize, a few seconds of write lock on a
 * large portfolio) at the first quiet moment (no index write for quiet_s
 * seconds), or at once past force_writes, so that a deadline's rush of
 * saves does not leave search slow for long either. */
#include "app_maint.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store.h"

struct app_maint {
	struct app *app;
	struct app_maint_config cfg;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Merges when the thresholds say so; *merged_at and *last_seen/at carry
 * the state from one look to the next. */
static void
look(struct app_maint *m, uint64_t *merged_at, uint64_t *seen, double *seen_at)
{
	uint64_t w = store_search_writes();
	double t = now_s(), t0;
	int rc;

	if (w != *seen) {
		*seen = w;
		*seen_at = t;
	}
	if (w - *merged_at < m->cfg.min_writes)
		return;
	if (t - *seen_at < m->cfg.quiet_s && w - *merged_at < m->cfg.force_writes)
		return;
	t0 = now_s();
	rc = store_search_optimize(m->app->store);
	if (rc != 0) {
		fprintf(stderr, "s3pm: search index: merging: %s\n", app_strerror(rc));
		return;
	}
	fprintf(stderr, "s3pm: search index merged after %llu reports indexed, in %.0f ms\n",
		(unsigned long long)(w - *merged_at), (now_s() - t0) * 1000);
	*merged_at = w;
}

static void *
maint_main(void *arg)
{
	struct app_maint *m = arg;
	uint64_t merged_at = store_search_writes(), seen = merged_at;
	double seen_at = now_s();
	struct timespec ts;

	pthread_mutex_lock(&m->mu);
	while (!m->stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += m->cfg.check_s;
		while (!m->stop && pthread_cond_timedwait(&m->cv, &m->mu, &ts) != ETIMEDOUT)
			;
		if (m->stop)
			break;
		pthread_mutex_unlock(&m->mu);
		look(m, &merged_at, &seen, &seen_at);
		pthread_mutex_lock(&m->mu);
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

int
app_maint_start(struct app *app, const struct app_maint_config *cfg, struct app_maint **out)
{
	static const struct app_maint_config defaults = APP_MAINT_DEFAULTS;
	struct app_maint *m;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return APP_ENOMEM;
	m->app = app;
	m->cfg = cfg != NULL ? *cfg : defaults;
	if (m->cfg.check_s == 0)
		m->cfg.check_s = 1;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (pthread_create(&m->thread, NULL, maint_main, m) != 0) {
		pthread_cond_destroy(&m->cv);
		pthread_mutex_destroy(&m->mu);
		free(m);
		return APP_EINTERNAL;
	}
	*out = m;
	return 0;
}

void
app_maint_stop(struct app_maint *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	m->stop = true;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->mu);
	free(m);
}
