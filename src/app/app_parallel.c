/* app_parallel.c - app_parallel_for: items handed out one at a time from
 * a shared counter to a few threads, the caller's among them. */
#include "app_parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "err.h"

struct par {
	size_t n;
	int (*fn)(void *arg, size_t i);
	void *arg;
	atomic_size_t next;    /* the next item to hand out */
	atomic_bool stop;      /* a call failed: start no more */
	pthread_mutex_t lock;  /* guards rc and failed */
	int rc;
	size_t failed;
};

static void *
work(void *p)
{
	struct par *w = p;
	size_t i;
	int rc;

	while (!atomic_load(&w->stop) && (i = atomic_fetch_add(&w->next, 1)) < w->n) {
		if ((rc = w->fn(w->arg, i)) == 0)
			continue;
		pthread_mutex_lock(&w->lock);
		if (w->rc == 0 || i < w->failed) {
			w->rc = rc;
			w->failed = i;
		}
		pthread_mutex_unlock(&w->lock);
		atomic_store(&w->stop, true);
	}
	return NULL;
}

int
app_parallel_for(size_t n, int (*fn)(void *arg, size_t i), void *arg, size_t *failed)
{
	pthread_t t[APP_PARALLEL_MAX - 1];
	struct par w;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = 0, want, k;

	w.n = n;
	w.fn = fn;
	w.arg = arg;
	atomic_init(&w.next, 0);
	atomic_init(&w.stop, false);
	w.rc = 0;
	w.failed = 0;
	if (pthread_mutex_init(&w.lock, NULL) != 0)
		return APP_EINTERNAL;
	want = cpus > 1 ? (size_t)cpus : 1;
	if (want > APP_PARALLEL_MAX)
		want = APP_PARALLEL_MAX;
	/* A few items are not worth a thread. */
	if (want > n / 16 + 1)
		want = n / 16 + 1;
	/* A thread that cannot be started leaves its share to the others. */
	while (nt + 1 < want && pthread_create(&t[nt], NULL, work, &w) == 0)
		nt++;
	work(&w);
	for (k = 0; k < nt; k++)
		pthread_join(t[k], NULL);
	pthread_mutex_destroy(&w.lock);
	if (w.rc != 0 && failed != NULL)
		*failed = w.failed;
	return w.rc;
}
