/* bench_pdf.c - benchmark (not a test): PDF import throughput, pdf_read of
 * one PDF N times on one CPU, against the goal of 100 files a second.
 * Usage: bench_pdf FILE.pdf [N]; bench_pdf --text FILE.pdf prints the text
 * the PDF reader gives the text reader (for looking into a PDF). */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include "err.h"
#include "fileio.h"
#include "form.h"
#include "pdf_in.h"
#include "reader_text.h"
#include "report.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef S3PM_DEFAULT_FORMS_DIR
#define S3PM_DEFAULT_FORMS_DIR "forms"
#endif

#define BENCH_FORM "s3-monitoring-2020"
#define GOAL_PER_SEC 100.0

/* Seconds on clock c: CLOCK_MONOTONIC (wall) or CLOCK_PROCESS_CPUTIME_ID
 * (this process's CPU time, what the goal is judged on: the machine's
 * other work does not count against the reader). */
static double
now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("S3PM_FORMS_DIR"), *file;
	struct app_msg msg = {{0}};
	struct form *f = NULL;
	struct reader *rd = NULL;
	char *data = NULL;
	size_t len = 0, n = 200, i;
	bool text = argc > 1 && strcmp(argv[1], "--text") == 0;
	double t0, c0, t, c;
	cpu_set_t set;
	int rc = 1;

	if (argc < 2 + text) {
		fputs("usage: bench_pdf FILE.pdf [N] | bench_pdf --text FILE.pdf\n", stderr);
		return 2;
	}
	file = argv[1 + text];
	if (!text && argc > 2) {
		char *end;
		unsigned long v = strtoul(argv[2], &end, 10);

		if (*end != '\0' || v == 0 || v > 1000000) {
			fputs("bench_pdf: N is a number from 1 to 1000000\n", stderr);
			return 2;
		}
		n = v;
	}
	if (dir == NULL || dir[0] == '\0')
		dir = S3PM_DEFAULT_FORMS_DIR;
	if (form_load_id(dir, BENCH_FORM, &f, &msg) != 0 || reader_new(f, &rd, &msg) != 0 ||
	    fileio_read(file, PDF_MAX_BYTES, &data, &len, &msg) != 0) {
		fprintf(stderr, "bench_pdf: %s\n", msg.text);
		goto out;
	}
	if (text) {
		struct buf b;

		buf_init(&b, REPORT_MAX_BYTES);
		if (pdf_text(f, data, len, file, &b, &msg) != 0)
			fprintf(stderr, "bench_pdf: %s\n", msg.text);
		else if (fwrite(b.data, 1, b.len, stdout) == b.len)
			rc = 0;
		buf_cleanup(&b);
		goto out;
	}
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set); /* one core; not fatal if refused */
	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		json_t *doc = NULL;

		if (pdf_read(rd, f, data, len, file, &doc, NULL, &msg) != 0) {
			fprintf(stderr, "bench_pdf: %s\n", msg.text);
			goto out;
		}
		json_decref(doc);
	}
	c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	t = now(CLOCK_MONOTONIC) - t0;
	printf("pdf_read %s: %zu files in %.2f s CPU (%.2f s wall): %.1f files/s on one core (goal %.0f/s): %s\n",
	       file, n, c, t, (double)n / c, GOAL_PER_SEC, (double)n / c >= GOAL_PER_SEC ? "met" : "NOT met");
	/* A row of make bench's table (scripts/bench-all.sh). */
	printf("bench-row\tPDF import of %s, one core (bench_pdf)\t%.1f files/s of CPU\t>= %.0f/s\t%s\n", file,
	       (double)n / c, GOAL_PER_SEC, (double)n / c >= GOAL_PER_SEC ? "met" : "not met");
	rc = 0;
out:
	free(data);
	reader_free(rd);
	form_free(f);
	return rc;
}
