/* test_pagecache.c - kept public pages: found while fresh, gone after a state change or their time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pagecache.h"

static int destroyed;

static void
destroy(void *v)
{
	destroyed++;
	free(v);
}

static int
read_val(void *v, void *arg)
{
	*(const char **)arg = v;
	return 7;
}

static void
hit_miss_invalidate(void **state)
{
	struct pagecache *pc = pagecache_new(4, 60000, destroy);
	const char *got = NULL;
	int res = 0;
	uint64_t g;

	(void)state;
	destroyed = 0;
	assert_false(pagecache_use(pc, "h /", read_val, &got, &res));
	g = pagecache_generation(pc);
	pagecache_put(pc, "h /", strdup("index"), g);
	assert_true(pagecache_use(pc, "h /", read_val, &got, &res));
	assert_int_equal(res, 7);
	assert_string_equal(got, "index");
	/* Replacing a value destroys the old one. */
	pagecache_put(pc, "h /", strdup("index2"), g);
	assert_int_equal(destroyed, 1);
	/* A state change empties the cache... */
	pagecache_invalidate(pc);
	assert_false(pagecache_use(pc, "h /", read_val, &got, &res));
	assert_int_equal(destroyed, 2);
	/* ...and a page rendered before it is not kept. */
	pagecache_put(pc, "h /p/x", strdup("stale"), g);
	assert_int_equal(destroyed, 3);
	assert_false(pagecache_use(pc, "h /p/x", read_val, &got, &res));
	pagecache_free(pc);
}

static void
full_and_expiry(void **state)
{
	struct pagecache *pc = pagecache_new(2, 50, destroy);
	const char *got = NULL;
	int res = 0;
	uint64_t g = pagecache_generation(pc);
	struct timespec ts = {0, 80 * 1000 * 1000};

	(void)state;
	destroyed = 0;
	pagecache_put(pc, "a", strdup("a"), g);
	pagecache_put(pc, "b", strdup("b"), g);
	pagecache_put(pc, "c", strdup("c"), g); /* full: starts afresh */
	assert_int_equal(destroyed, 2);
	assert_true(pagecache_use(pc, "c", read_val, &got, &res));
	assert_false(pagecache_use(pc, "a", read_val, &got, &res));
	nanosleep(&ts, NULL);
	assert_false(pagecache_use(pc, "c", read_val, &got, &res));
	pagecache_free(pc);
	assert_int_equal(destroyed, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hit_miss_invalidate),
		cmocka_unit_test(full_and_expiry),
	};

	return cmocka_run_group_tests_name("pagecache", tests, NULL, NULL);
}
