/* db_checkpoint.c - the store's checkpointer on SQLite.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the
 * write-ahead log past 1000 pages: in the committing request, while this
 * process's other writers queue behind it (db_sqlite.c serialises them),
 * and it ends with two fsyncs. Under the draft benchmark that cost the
 * requests some 30 % of a core spent waiting and a p99 of 13-15 ms.
 *
 * Here each connection's WAL hook only wakes a thread, which runs PASSIVE
 * checkpoints on a connection of its own: they copy what no reader still
 * needs and never wait for a lock, while readers and writers go on. The
 * log restarts from its beginning only when a writer finds it wholly
 * copied, which a steady stream of commits would prevent: so the thread
 * copies in rounds until little is left, then holds this process's writers
 * back for the last, short round (copy_log). Should the thread still fall
 * behind, past CKPT_HARD_PAGES each writer of this process waits after its
 * commit (ckpt_throttle, outside the writers' mutex) until the log has been
 * copied whole, for a second at most: that bounds the log. */
#include "db_checkpoint.h"

#include "db.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

/* Rounds of copying while the writers go on, and the rest (in pages) small
 * enough to copy with them held back. */
#define CKPT_ROUNDS 3
#define CKPT_REST_PAGES 100
/* How long a writer waits at most for the log to be copied once it is past
 * the hard limit, and how soon the thread tries again when readers kept it
 * from copying everything. */
#define CKPT_WAIT_MS 1000
#define CKPT_RETRY_MS 10

struct ckpt {
	sqlite3 *db;
	pthread_mutex_t *writers; /* the store's writer mutex (db_sqlite.c) */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;      /* wakes the thread */
	pthread_cond_t copied;  /* the log was copied whole */
	bool due;  /* a commit asked for a checkpoint */
	bool over; /* the log is past CKPT_HARD_PAGES: writers wait (ckpt_throttle) */
	bool stop; /* ckpt_stop asked the thread to end */
};

/* Copies the log in rounds while the writers go on, each round copying
 * what the last one left; once the rest is small, the last round holds
 * this process's writers back so that it copies everything and the next
 * writer can start the log again from its beginning. Returns whether the
 * log was copied whole. SQLITE_BUSY (another checkpoint is running, maybe
 * in another process) and I/O errors are left for the next wake-up: the
 * commits are safe in the log either way. */
static bool
copy_log(struct ckpt *k)
{
	int round, log = 0, done = 0;

	for (round = 0; round < CKPT_ROUNDS; round++) {
		if (sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) !=
		    SQLITE_OK)
			return false;
		if (log - done <= CKPT_REST_PAGES)
			break;
	}
	pthread_mutex_lock(k->writers);
	if (sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) != SQLITE_OK)
		log = -1;
	pthread_mutex_unlock(k->writers);
	return log >= 0 && log == done;
}

static void *
ckpt_main(void *arg)
{
	struct ckpt *k = arg;
	bool whole;

	pthread_mutex_lock(&k->mu);
	for (;;) {
		while (!k->due && !k->stop)
			pthread_cond_wait(&k->cv, &k->mu);
		if (k->stop)
			break;
		k->due = false;
		pthread_mutex_unlock(&k->mu);
		whole = copy_log(k);
		pthread_mutex_lock(&k->mu);
		if (whole) {
			k->over = false;
			pthread_cond_broadcast(&k->copied);
		} else if (k->over) {
			/* Readers (maybe of another process) still need the log:
			 * try again shortly, without spinning. */
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += CKPT_RETRY_MS * 1000000L;
			ts.tv_sec += ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
			if (!k->stop)
				pthread_cond_timedwait(&k->cv, &k->mu, &ts);
			k->due = true;
		}
	}
	pthread_mutex_unlock(&k->mu);
	return NULL;
}

/* Called by SQLite after each commit on an attached connection, with the
 * log's size in pages (the committing thread still holds the writers'
 * mutex: only flags are set here). */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct ckpt *k = arg;

	(void)db;
	(void)name;
	if (pages < CKPT_WAKE_PAGES)
		return SQLITE_OK;
	pthread_mutex_lock(&k->mu);
	if (pages >= CKPT_HARD_PAGES)
		k->over = true;
	if (!k->due) {
		k->due = true;
		pthread_cond_signal(&k->cv);
	}
	pthread_mutex_unlock(&k->mu);
	return SQLITE_OK;
}

void
ckpt_throttle(struct ckpt *k)
{
	struct timespec ts;

	if (k == NULL)
		return;
	pthread_mutex_lock(&k->mu);
	if (k->over && !k->stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += CKPT_WAIT_MS / 1000;
		ts.tv_nsec += (CKPT_WAIT_MS % 1000) * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		while (k->over && !k->stop)
			if (pthread_cond_timedwait(&k->copied, &k->mu, &ts) != 0)
				break;
	}
	pthread_mutex_unlock(&k->mu);
}

int
ckpt_start(const char *path, pthread_mutex_t *writers, struct ckpt **out)
{
	struct ckpt *k;
	int r;

	*out = NULL;
	k = calloc(1, sizeof(*k));
	if (k == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", path);
	r = sqlite3_open_v2(path, &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (r != SQLITE_OK) {
		int rc = db_err(APP_EIO, "%s: the checkpointer cannot open the database (%s)", path,
				k->db != NULL ? sqlite3_errmsg(k->db) : sqlite3_errstr(r));

		sqlite3_close(k->db);
		free(k);
		return rc;
	}
	k->writers = writers;
	/* Its own commits (none) must not call back into it. A connection
	 * knows the file is in WAL mode only once it has read it: before
	 * that, a checkpoint on it does nothing. */
	sqlite3_wal_autocheckpoint(k->db, 0);
	r = sqlite3_exec(k->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (r != SQLITE_OK) {
		int rc = db_err(APP_EIO, "%s: the checkpointer cannot read the database (%s)", path,
				sqlite3_errmsg(k->db));

		sqlite3_close(k->db);
		free(k);
		return rc;
	}
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->cv, NULL);
	pthread_cond_init(&k->copied, NULL);
	if (pthread_create(&k->thread, NULL, ckpt_main, k) != 0) {
		pthread_cond_destroy(&k->copied);
		pthread_cond_destroy(&k->cv);
		pthread_mutex_destroy(&k->mu);
		sqlite3_close(k->db);
		free(k);
		return db_err(APP_ENOMEM, "%s: cannot start the checkpointer thread", path);
	}
	*out = k;
	return 0;
}

void
ckpt_attach(struct ckpt *k, sqlite3 *db)
{
	if (k != NULL)
		sqlite3_wal_hook(db, wal_hook, k);
}

void
ckpt_stop(struct ckpt *k)
{
	if (k == NULL)
		return;
	pthread_mutex_lock(&k->mu);
	k->stop = true;
	pthread_cond_signal(&k->cv);
	pthread_cond_broadcast(&k->copied);
	pthread_mutex_unlock(&k->mu);
	pthread_join(k->thread, NULL);
	sqlite3_close(k->db);
	pthread_cond_destroy(&k->copied);
	pthread_cond_destroy(&k->cv);
	pthread_mutex_destroy(&k->mu);
	free(k);
}
