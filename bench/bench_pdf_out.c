/* bench_pdf_out.c - benchmark (not a test): pdf_report of the full fixture
 * (tests/pdf/full-report.json) N times on one CPU, in reports per second;
 * bench/pdf-bench.sh compares it with a browser printing the report page. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include "buf.h"
#include "err.h"
#include "form.h"
#include "ingest.h"
#include "pdf_out.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef S3PM_DEFAULT_FORMS_DIR
#define S3PM_DEFAULT_FORMS_DIR "forms"
#endif
#ifndef S3PM_DEFAULT_FIXTURE
#define S3PM_DEFAULT_FIXTURE "tests/pdf/full-report.json"
#endif

#define TARGET_PER_SEC 200.0

static double
clock_s(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* The threads' check: each renders the report n times and must get the
 * bytes the main thread got (pdf_report is called from the web server's
 * thread pool). */
struct job {
	const struct form *form;
	json_t *doc;
	const struct pdf_meta *m;
	const char *want;
	size_t wantlen;
	long n;
	int bad;
};

static void *
run(void *arg)
{
	struct job *j = arg;
	struct app_msg msg = {{0}};
	struct buf out;
	long i;

	buf_init(&out, 64u << 20);
	for (i = 0; i < j->n; i++) {
		buf_reset(&out);
		if (pdf_report(j->form, j->doc, j->m, &out, &msg) != 0 || out.len != j->wantlen ||
		    memcmp(out.data, j->want, out.len) != 0)
			j->bad++;
	}
	buf_cleanup(&out);
	return NULL;
}

/* Runs on one CPU: the first of the allowed ones. */
static void
pin(void)
{
	cpu_set_t set;
	int cpu;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			break;
	if (cpu == CPU_SETSIZE)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		printf("pinning to CPU %d failed (%s); running unpinned\n", cpu, strerror(errno));
	else
		printf("pinned to CPU %d\n", cpu);
}

int
main(int argc, char **argv)
{
	const char *forms = getenv("S3PM_FORMS_DIR");
	const char *file = argc > 1 ? argv[1] : S3PM_DEFAULT_FIXTURE;
	long n = 400, i, nthreads = 0;
	struct app_msg msg = {{0}};
	struct form *form = NULL;
	json_t *doc = NULL;
	struct buf notes, out;
	struct pdf_meta m;
	double t0, t, c0, c;
	size_t bytes = 0;

	if (argc > 2) {
		char *end;

		n = (long)strtod(argv[2], &end);
		if (*end != '\0' || n < 1)
			n = 400;
	}
	if (argc > 3) {
		char *end;

		nthreads = (long)strtod(argv[3], &end);
		if (*end != '\0' || nthreads < 0 || nthreads > 64)
			nthreads = 0;
	}
	if (forms == NULL || forms[0] == '\0')
		forms = S3PM_DEFAULT_FORMS_DIR;
	buf_init(&notes, 1 << 20);
	buf_init(&out, 64u << 20);
	if (ingest_file(forms, "s3-monitoring-2020", file, &form, &doc, &notes, &msg) != 0) {
		fprintf(stderr, "bench_pdf_out: %s\n", msg.text);
		return 2;
	}
	memset(&m, 0, sizeof(m));
	m.partnership = "Food safety";
	m.period = "2021-H2";
	m.status = "Published";
	m.url = "https://s3pm.example.eu/p/food-safety/2021-H2";
	m.confidential = true;
	m.created = 1700000000; /* the same bytes every time */
	if (nthreads > 0) {
		pthread_t tid[64];
		struct job jobs[64];
		long k;
		int bad = 0;

		if (pdf_report(form, doc, &m, &out, &msg) != 0) {
			fprintf(stderr, "bench_pdf_out: %s\n", msg.text);
			return 1;
		}
		t0 = now();
		for (k = 0; k < nthreads; k++) {
			jobs[k] = (struct job){form, doc, &m, out.data, out.len, n, 0};
			pthread_create(&tid[k], NULL, run, &jobs[k]);
		}
		for (k = 0; k < nthreads; k++) {
			pthread_join(tid[k], NULL);
			bad += jobs[k].bad;
		}
		t = now() - t0;
		printf("s3pm pdf_report: %ld threads x %ld reports in %.3f s: %.1f reports/s, %d differing\n",
		       nthreads, n, t, (double)(n * nthreads) / t, bad);
		buf_cleanup(&out);
		buf_cleanup(&notes);
		json_decref(doc);
		form_free(form);
		return bad == 0 ? 0 : 1;
	}
	pin();
	/* One warm-up: the thread's font map loads the fonts. */
	if (pdf_report(form, doc, &m, &out, &msg) != 0) {
		fprintf(stderr, "bench_pdf_out: %s\n", msg.text);
		return 1;
	}
	t0 = now();
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		buf_reset(&out);
		if (pdf_report(form, doc, &m, &out, &msg) != 0) {
			fprintf(stderr, "bench_pdf_out: %s\n", msg.text);
			return 1;
		}
		bytes += out.len;
	}
	t = now() - t0;
	c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	/* The CPU time says what one core does when the machine is shared. */
	printf("s3pm pdf_report: %ld reports of %s in %.3f s (%.3f s of CPU): %.1f reports/s "
	       "(%.1f/s of CPU time; %.2f ms each, %zu bytes each); goal %.0f/s: %s\n",
	       n, file, t, c, (double)n / t, (double)n / c, 1000.0 * c / (double)n, bytes / (size_t)n,
	       TARGET_PER_SEC, (double)n / c >= TARGET_PER_SEC ? "met" : "NOT met");
	buf_cleanup(&out);
	buf_cleanup(&notes);
	json_decref(doc);
	form_free(form);
	return 0;
}
