/* mail_worker.c - sending the outbox: once (mail_drain, for `s3pm
 * notify`), or by a thread of `s3pm serve` that drains it every poll and
 * queues the due reminders hourly. A mail is claimed before it is sent
 * (app_mail_next), so that several servers on one database never send it
 * twice; a worker that dies mid-send leaves it to the next after a lease. */
#include "mail.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* Seconds a claimed mail is left to its worker before another may try. */
#define MAIL_LEASE 300
/* Seconds between two looks for due reminders. */
#define REMIND_EVERY 3600

int
mail_drain(struct app *app, const struct mail_config *cfg, size_t *sent, size_t *failed)
{
	char err[MAIL_ERR_MAX];
	int64_t start = (int64_t)time(NULL);
	struct mail m;
	bool got;
	int rc;

	if (sent != NULL)
		*sent = 0;
	if (failed != NULL)
		*failed = 0;
	for (;;) {
		/* Only what was due when the round began: a mail that failed
		 * now is due again later, not in this round. */
		rc = app_mail_next(app, start, MAIL_LEASE, &m, &got);
		if (rc != 0 || !got)
			return rc;
		if (mail_send(cfg, &m, err, sizeof(err)) == 0) {
			rc = app_mail_result(app, &m, true, NULL, (int64_t)time(NULL), cfg->retry_base);
			if (sent != NULL)
				(*sent)++;
		} else {
			fprintf(stderr, "s3pm: mail %lld to %s not sent (attempt %d): %s\n", (long long)m.id,
				m.to_addr, m.attempts + 1, err);
			rc = app_mail_result(app, &m, false, err, (int64_t)time(NULL), cfg->retry_base);
			if (failed != NULL)
				(*failed)++;
		}
		mail_cleanup(&m);
		if (rc != 0)
			return rc;
	}
}

struct mail_worker {
	struct app *app;
	struct mail_config cfg;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
};

static void
remind(struct mail_worker *w)
{
	struct actor sys = app_system_actor();
	struct mail *v = NULL;
	char today[11];
	size_t n = 0;
	int rc;

	app_today(today);
	rc = app_mail_remind(w->app, &sys, today, &w->cfg.remind, false, &v, &n);
	if (rc != 0)
		fprintf(stderr, "s3pm: reminders: %s\n", app_strerror(rc));
	else if (n > 0)
		fprintf(stderr, "s3pm: %zu reminder%s queued\n", n, n == 1 ? "" : "s");
	mail_free_list(v, n);
}

static void *
worker_main(void *arg)
{
	struct mail_worker *w = arg;
	int64_t next_remind = 0;
	struct timespec ts;
	int rc;

	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		pthread_mutex_unlock(&w->mu);
		if (w->cfg.remind.ndays > 0 && (int64_t)time(NULL) >= next_remind) {
			remind(w);
			next_remind = (int64_t)time(NULL) + REMIND_EVERY;
		}
		rc = mail_drain(w->app, &w->cfg, NULL, NULL);
		if (rc != 0)
			fprintf(stderr, "s3pm: mail outbox: %s\n", app_strerror(rc));
		pthread_mutex_lock(&w->mu);
		if (w->stop)
			break;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)(w->cfg.poll_ms % 1000) * 1000000L;
		ts.tv_sec += w->cfg.poll_ms / 1000 + ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&w->cv, &w->mu, &ts);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int
mail_worker_start(struct app *app, const struct mail_config *cfg, struct mail_worker **out)
{
	struct mail_worker *w;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return APP_ENOMEM;
	w->app = app;
	w->cfg = *cfg;
	if (w->cfg.poll_ms <= 0)
		w->cfg.poll_ms = 1000;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return APP_ENOMEM;
	}
	*out = w;
	return 0;
}

void
mail_worker_stop(struct mail_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	/* A send under way ends within its timeout. */
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
