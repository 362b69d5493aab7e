/* db_checkpoint.h - the store's checkpointer (SQLite only, private to
 * db_sqlite.c): copies the write-ahead log into the database file in a
 * thread of its own, so that no request waits for it. */
#ifndef S3PM_DB_CHECKPOINT_H
#define S3PM_DB_CHECKPOINT_H

#include <pthread.h>

#include <sqlite3.h>

struct ckpt;

/* The log's size (in pages) at which a commit wakes the checkpointer, and
 * past which writers wait for it (ckpt_throttle), should it fall behind:
 * the bound of the log under any load of this process. */
#define CKPT_WAKE_PAGES 1000
#define CKPT_HARD_PAGES 4000

/* Starts the checkpointer of the database at path, with a connection of its
 * own; writers is the mutex this process's writers hold (it must outlive
 * the checkpointer). Returns 0, or APP_ENOMEM / APP_EIO with the reason in
 * db_errmsg(). */
int ckpt_start(const char *path, pthread_mutex_t *writers, struct ckpt **out);

/* Replaces SQLite's automatic checkpoint on db (which runs inside the
 * COMMIT that crosses the limit, under the write lock) by a wake-up of k. */
void ckpt_attach(struct ckpt *k, sqlite3 *db);

/* Called by a writer after its transaction, outside the writers' mutex:
 * while the log is past CKPT_HARD_PAGES, waits (a second at most) until the
 * checkpointer has copied it whole. NULL is a no-op. */
void ckpt_throttle(struct ckpt *k);

/* Stops the thread and closes its connection (the last one closed
 * copies the rest of the log); NULL is a no-op. Close the attached
 * connections first: their hook points at k. */
void ckpt_stop(struct ckpt *k);

#endif
