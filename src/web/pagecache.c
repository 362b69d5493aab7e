/* pagecache.c - public pages kept in memory: a hash table under a lock. */
#include "pagecache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct entry {
	char *key;
	void *val;
	uint64_t gen;
	int64_t expires_ms;
};

struct pagecache {
	pthread_rwlock_t lock;
	struct entry *v;     /* open addressing in cap slots; never deleted one by one */
	size_t cap;
	size_t n;
	size_t max_entries;
	int64_t ttl_ms;
	void (*destroy)(void *val);
	atomic_uint_fast64_t gen;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

struct pagecache *
pagecache_new(size_t max_entries, int64_t ttl_ms, void (*destroy)(void *val))
{
	struct pagecache *pc = calloc(1, sizeof(*pc));

	if (pc == NULL)
		return NULL;
	pc->cap = 16;
	while (pc->cap < max_entries * 2)
		pc->cap *= 2;
	pc->v = calloc(pc->cap, sizeof(*pc->v));
	if (pc->v == NULL || pthread_rwlock_init(&pc->lock, NULL) != 0) {
		free(pc->v);
		free(pc);
		return NULL;
	}
	pc->max_entries = max_entries;
	pc->ttl_ms = ttl_ms;
	pc->destroy = destroy;
	atomic_init(&pc->gen, 1);
	return pc;
}

static void
clear(struct pagecache *pc)
{
	size_t i;

	for (i = 0; i < pc->cap; i++) {
		if (pc->v[i].key == NULL)
			continue;
		free(pc->v[i].key);
		pc->destroy(pc->v[i].val);
		memset(&pc->v[i], 0, sizeof(pc->v[i]));
	}
	pc->n = 0;
}

void
pagecache_free(struct pagecache *pc)
{
	if (pc == NULL)
		return;
	clear(pc);
	free(pc->v);
	pthread_rwlock_destroy(&pc->lock);
	free(pc);
}

uint64_t
pagecache_generation(struct pagecache *pc)
{
	return atomic_load(&pc->gen);
}

void
pagecache_invalidate(struct pagecache *pc)
{
	atomic_fetch_add(&pc->gen, 1);
	pthread_rwlock_wrlock(&pc->lock);
	clear(pc);
	pthread_rwlock_unlock(&pc->lock);
}

/* The slot of key, or the empty slot where it would go. */
static struct entry *
slot(struct pagecache *pc, const char *key)
{
	size_t i = hash(key) & (pc->cap - 1);

	while (pc->v[i].key != NULL && strcmp(pc->v[i].key, key) != 0)
		i = (i + 1) & (pc->cap - 1);
	return &pc->v[i];
}

bool
pagecache_use(struct pagecache *pc, const char *key, int (*use)(void *val, void *arg), void *arg,
	      int *result)
{
	struct entry *e;
	bool hit = false;

	pthread_rwlock_rdlock(&pc->lock);
	e = slot(pc, key);
	if (e->key != NULL && e->gen == atomic_load(&pc->gen) && e->expires_ms > now_ms()) {
		*result = use(e->val, arg);
		hit = true;
	}
	pthread_rwlock_unlock(&pc->lock);
	return hit;
}

void
pagecache_put(struct pagecache *pc, const char *key, void *val, uint64_t gen)
{
	struct entry *e;
	char *k;

	if (strlen(key) > 2048 || (k = strdup(key)) == NULL) {
		pc->destroy(val);
		return;
	}
	pthread_rwlock_wrlock(&pc->lock);
	if (gen != atomic_load(&pc->gen)) {
		pthread_rwlock_unlock(&pc->lock);
		free(k);
		pc->destroy(val);
		return;
	}
	e = slot(pc, key);
	if (e->key == NULL && pc->n >= pc->max_entries) {
		/* Full: start afresh rather than track ages; pages come back on
		 * their next request. */
		clear(pc);
		e = slot(pc, key);
	}
	if (e->key == NULL) {
		e->key = k;
		k = NULL;
		pc->n++;
	} else {
		pc->destroy(e->val);
	}
	e->val = val;
	e->gen = gen;
	e->expires_ms = now_ms() + pc->ttl_ms;
	pthread_rwlock_unlock(&pc->lock);
	free(k);
}
