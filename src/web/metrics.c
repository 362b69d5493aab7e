/* metrics.c - request counters, the latency histogram and the Prometheus text exposition (metrics.h). */
#include "metrics.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "opstats.h"

const double metrics_bucket_le[METRICS_NBUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
						    0.25,  0.5,    1,     2.5,  5,     10};

/* The statuses the server sends; the last slot counts any other. */
static const int statuses[] = {200, 201, 204, 206, 301, 302, 303, 304, 400, 401, 403, 404,
			       405, 406, 408, 409, 410, 412, 413, 414, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1)
static const char *const methods[] = {"GET", "HEAD", "POST", "other"};
#define NMETHOD 4
/* Slot METRICS_MAX_ROUTES: no route matched. */
#define NROUTE (METRICS_MAX_ROUTES + 1)

static atomic_uint_fast64_t requests[NROUTE][NMETHOD][NSTATUS];
static atomic_uint_fast64_t buckets[METRICS_NBUCKETS + 1]; /* not cumulative; the last is +Inf */
static atomic_uint_fast64_t sum_us;
static _Atomic int64_t started;

void
metrics_init(void)
{
	atomic_store(&started, (int64_t)time(NULL));
}

static size_t
route_slot(const struct route *r)
{
	const struct route *t;
	size_t n;

	if (r == NULL)
		return METRICS_MAX_ROUTES;
	t = route_table(&n);
	if (r < t || r >= t + n || (size_t)(r - t) >= METRICS_MAX_ROUTES)
		return METRICS_MAX_ROUTES;
	return (size_t)(r - t);
}

static size_t
method_slot(const char *m)
{
	size_t i;

	for (i = 0; m != NULL && i + 1 < NMETHOD; i++)
		if (strcmp(m, methods[i]) == 0)
			return i;
	return NMETHOD - 1;
}

static size_t
status_slot(int status)
{
	size_t i;

	for (i = 0; i + 1 < NSTATUS; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void
metrics_request(const struct route *r, const char *method, int status, int64_t us)
{
	size_t b;

	if (us < 0)
		us = 0;
	atomic_fetch_add_explicit(&requests[route_slot(r)][method_slot(method)][status_slot(status)], 1,
				  memory_order_relaxed);
	for (b = 0; b < METRICS_NBUCKETS; b++)
		if ((double)us <= metrics_bucket_le[b] * 1e6)
			break;
	atomic_fetch_add_explicit(&buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sum_us, (uint_fast64_t)us, memory_order_relaxed);
}

int
metrics_label(struct buf *out, const char *v)
{
	int rc = 0;

	for (; rc == 0 && *v != '\0'; v++) {
		if (*v == '\\')
			rc = buf_puts(out, "\\\\");
		else if (*v == '"')
			rc = buf_puts(out, "\\\"");
		else if (*v == '\n')
			rc = buf_puts(out, "\\n");
		else
			rc = buf_append(out, v, 1);
	}
	return rc;
}

static int
render_requests(struct buf *out)
{
	const struct route *t;
	size_t n, r, m, s;
	int rc;

	t = route_table(&n);
	rc = buf_puts(out, "# HELP s3pm_http_requests_total HTTP requests answered, by route pattern, method and "
			   "status.\n# TYPE s3pm_http_requests_total counter\n");
	for (r = 0; rc == 0 && r < NROUTE; r++) {
		const char *pattern = r == METRICS_MAX_ROUTES ? "none" : r < n ? t[r].pattern : NULL;

		if (pattern == NULL)
			continue;
		for (m = 0; rc == 0 && m < NMETHOD; m++)
			for (s = 0; rc == 0 && s < NSTATUS; s++) {
				uint64_t v = atomic_load_explicit(&requests[r][m][s], memory_order_relaxed);

				if (v == 0)
					continue;
				rc = buf_puts(out, "s3pm_http_requests_total{route=\"");
				if (rc == 0)
					rc = metrics_label(out, pattern);
				if (rc == 0)
					rc = buf_puts(out, "\",method=\"");
				if (rc == 0)
					rc = buf_puts(out, methods[m]);
				if (rc == 0 && s + 1 < NSTATUS)
					rc = buf_printf(out, "\",status=\"%d\"} %llu\n", statuses[s],
							(unsigned long long)v);
				else if (rc == 0)
					rc = buf_printf(out, "\",status=\"other\"} %llu\n", (unsigned long long)v);
			}
	}
	return rc;
}

static int
render_histogram(struct buf *out)
{
	uint64_t cum = 0, total;
	size_t b;
	int rc;

	rc = buf_puts(out, "# HELP s3pm_http_request_duration_seconds Time from a request's first line to its "
			   "answer.\n# TYPE s3pm_http_request_duration_seconds histogram\n");
	for (b = 0; rc == 0 && b < METRICS_NBUCKETS; b++) {
		cum += atomic_load_explicit(&buckets[b], memory_order_relaxed);
		rc = buf_printf(out, "s3pm_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
				metrics_bucket_le[b], (unsigned long long)cum);
	}
	/* +Inf last: read after the others, it is never below them. */
	total = cum + atomic_load_explicit(&buckets[METRICS_NBUCKETS], memory_order_relaxed);
	if (rc == 0)
		rc = buf_printf(out,
				"s3pm_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
				"s3pm_http_request_duration_seconds_sum %.6f\n"
				"s3pm_http_request_duration_seconds_count %llu\n",
				(unsigned long long)total,
				(double)atomic_load_explicit(&sum_us, memory_order_relaxed) / 1e6,
				(unsigned long long)total);
	return rc;
}

int
metrics_render(struct buf *out, long long mail_queued)
{
	int rc = render_requests(out);

	if (rc == 0)
		rc = render_histogram(out);
	if (rc == 0)
		rc = buf_printf(out,
				"# HELP s3pm_report_saves_total Reports saved (drafts and submissions).\n"
				"# TYPE s3pm_report_saves_total counter\n"
				"s3pm_report_saves_total %llu\n"
				"# HELP s3pm_db_errors_total Database errors (I/O, locks, memory, corruption).\n"
				"# TYPE s3pm_db_errors_total counter\n"
				"s3pm_db_errors_total %llu\n",
				(unsigned long long)opstats_saves(), (unsigned long long)opstats_db_errors());
	if (rc == 0 && mail_queued >= 0)
		rc = buf_printf(out,
				"# HELP s3pm_mail_queued Mails in the outbox waiting to be sent.\n"
				"# TYPE s3pm_mail_queued gauge\n"
				"s3pm_mail_queued %lld\n", mail_queued);
	if (rc == 0)
		rc = buf_printf(out,
				"# HELP process_start_time_seconds Start time of the process since the Unix epoch "
				"in seconds.\n# TYPE process_start_time_seconds gauge\n"
				"process_start_time_seconds %lld\n", (long long)atomic_load(&started));
	return rc;
}
