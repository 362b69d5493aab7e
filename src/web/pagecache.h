/* pagecache.h - rendered public pages kept in memory, so that a page every
 * visitor sees alike is built once, not once per request. Only what the
 * public receives goes in (no session, no cookie set, status 200); every
 * state-changing request empties the cache, and entries expire after a
 * short time so that changes made by other processes (an import, another
 * server) show without a restart. The values are opaque (the server keeps
 * ready-made responses); the cache owns them and destroys them with the
 * function given at creation. Thread-safe. */
#ifndef S3PM_PAGECACHE_H
#define S3PM_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pagecache;

/* At most max_entries values, each kept ttl_ms milliseconds; destroy frees
 * a value. NULL on OOM. */
struct pagecache *pagecache_new(size_t max_entries, int64_t ttl_ms, void (*destroy)(void *val));
void pagecache_free(struct pagecache *pc);

/* The current generation: read it before rendering, give it to put. */
uint64_t pagecache_generation(struct pagecache *pc);
/* Forgets every value (a state change happened). */
void pagecache_invalidate(struct pagecache *pc);

/* When a fresh value is kept for key, calls use(val, arg) while the value
 * cannot go away, and returns true with *result set to use's return. */
bool pagecache_use(struct pagecache *pc, const char *key, int (*use)(void *val, void *arg), void *arg,
		   int *result);
/* Keeps val (taken) for key if it was made while the generation was gen;
 * otherwise destroys it. */
void pagecache_put(struct pagecache *pc, const char *key, void *val, uint64_t gen);

#endif
