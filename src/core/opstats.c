/* opstats.c - process-wide counters for /metrics (opstats.h). */
#include "opstats.h"

#include <stdatomic.h>

static atomic_uint_fast64_t saves, db_errors;

void
opstats_count_save(void)
{
	atomic_fetch_add_explicit(&saves, 1, memory_order_relaxed);
}

void
opstats_count_db_error(void)
{
	atomic_fetch_add_explicit(&db_errors, 1, memory_order_relaxed);
}

uint64_t
opstats_saves(void)
{
	return atomic_load_explicit(&saves, memory_order_relaxed);
}

uint64_t
opstats_db_errors(void)
{
	return atomic_load_explicit(&db_errors, memory_order_relaxed);
}
