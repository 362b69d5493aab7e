/* metrics.h - the counters of /metrics: requests by route pattern, method
 * and status, a latency histogram, and their Prometheus text exposition
 * (format 0.0.4) with the store's and the application's counters. Every
 * counter is a C11 atomic (relaxed): counting takes no lock. */
#ifndef S3PM_METRICS_H
#define S3PM_METRICS_H

#include <stdint.h>

#include "buf.h"
#include "route.h"
#include "web.h"

/* Routes counted apart; the table is smaller (a unit test checks). */
#define METRICS_MAX_ROUTES 128
/* The upper bounds of the latency buckets, in seconds, and their number. */
#define METRICS_NBUCKETS 13
extern const double metrics_bucket_le[METRICS_NBUCKETS];

/* Remembers the process's start time (process_start_time_seconds); call
 * once before serving. */
void metrics_init(void);

/* One answered request: r is the route matched (NULL: none, counted as
 * route="none"), method "GET"/"HEAD"/"POST" (others count as "other"),
 * status as sent (unusual ones count as status="other"), us its duration
 * in microseconds. Thread-safe, lock-free. */
void metrics_request(const struct route *r, const char *method, int status, int64_t us);

/* The exposition text into out: every counter, the histogram, the
 * gauges; mail_queued is the outbox's count of mails waiting (queued or
 * being sent), or -1 when it could not be read (the line is left out).
 * 0 or APP_ENOMEM. */
int metrics_render(struct buf *out, long long mail_queued);

/* Label value escaping of the format (backslash, quote, newline). */
int metrics_label(struct buf *out, const char *v);

#endif
