/* app_parallel.h - one job over many items on the machine's cores: for the
 * exports, which load and check thousands of reports at once. */
#ifndef S3PM_APP_PARALLEL_H
#define S3PM_APP_PARALLEL_H

#include <stddef.h>

/* Calls fn(arg, i) once for each i in [0, n), on up to APP_PARALLEL_MAX
 * threads (the calling one included; fewer when the machine has fewer
 * cores, or when threads cannot be started), in no set order. fn must be
 * safe to call from several threads at once for different i. Returns 0
 * when every call returned 0; otherwise the code of the failed call with
 * the lowest i, and that i in *failed (when not NULL): after a failure the
 * items not yet started are skipped. APP_EINTERNAL when it cannot start. */
#define APP_PARALLEL_MAX 4
int app_parallel_for(size_t n, int (*fn)(void *arg, size_t i), void *arg, size_t *failed);

#endif
