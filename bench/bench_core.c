/* bench_core.c - benchmark (not a test): convert+validate throughput of the core on one CPU. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include "err.h"
#include "fileio.h"
#include "finding.h"
#include "form.h"
#include "nuts.h"
#include "reader_text.h"
#include "report.h"
#include "text.h"
#include "validate.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#ifndef S3PM_DEFAULT_FORMS_DIR
#define S3PM_DEFAULT_FORMS_DIR "forms"
#endif
#ifndef S3PM_DEFAULT_DATA_DIR
#define S3PM_DEFAULT_DATA_DIR "data"
#endif
#ifndef S3PM_DEFAULT_NUTS_DIR
#define S3PM_DEFAULT_NUTS_DIR "../shared/data/nuts"
#endif
#ifndef S3PM_DEFAULT_SAMPLES_DIR
#define S3PM_DEFAULT_SAMPLES_DIR "samples"
#endif

#define BENCH_FORM "s3-monitoring-2020"
#define BENCH_SAMPLE "s3-monitoring-report-mining-2020H1.txt"
#define TARGET_PER_SEC 10000.0

struct env {
	const struct form *form;
	const struct reader *reader; /* of form, built once */
	const struct nuts *nuts;
	const char *text; /* the sample export */
	size_t text_len;
	const char *json; /* its report document */
	size_t json_len;
	size_t dump_len;  /* what every iteration must produce */
};

/* One iteration's work; returns 0 and the length of the dump. */
typedef int (*bench_fn)(const struct env *e, size_t *dump_len);

static const char *
env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return (v != NULL && v[0] != '\0') ? v : def;
}

static double
now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Peak resident set size so far, in MiB (ru_maxrss is in KiB on Linux). */
static double
peak_rss_mib(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)ru.ru_maxrss / 1024.0;
}

/* Current resident set size in MiB, from /proc/self/statm ("size resident
 * ..." in pages); 0 when unknown. */
static double
cur_rss_mib(void)
{
	FILE *fp = fopen("/proc/self/statm", "r");
	char line[256];
	unsigned long long res = 0;
	size_t n, i = 0;

	if (fp == NULL)
		return 0;
	n = fread(line, 1, sizeof(line) - 1, fp);
	fclose(fp);
	line[n] = '\0';
	while (line[i] >= '0' && line[i] <= '9')
		i++;
	if (line[i] != ' ')
		return 0;
	for (i++; line[i] >= '0' && line[i] <= '9' && res < (1ULL << 40); i++)
		res = res * 10 + (unsigned long long)(line[i] - '0');
	return (double)res * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* Whole seconds from 1 to 600; -1 when s is anything else. */
static int
parse_seconds(const char *s)
{
	int v = 0;
	size_t i;

	if (s[0] == '\0' || strlen(s) > 3)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return (v >= 1 && v <= 600) ? v : -1;
}

/* Pins the process to the first CPU it may run on. */
static void
pin_one_cpu(void)
{
	cpu_set_t set;
	int cpu;

	if (sched_getaffinity(0, sizeof(set), &set) != 0) {
		printf("pinning: sched_getaffinity failed (%s); running unpinned\n", strerror(errno));
		return;
	}
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			break;
	if (cpu == CPU_SETSIZE) {
		printf("pinning: no CPU in the affinity mask; running unpinned\n");
		return;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		printf("pinning: sched_setaffinity to CPU %d failed (%s); running unpinned\n", cpu,
		       strerror(errno));
	else
		printf("pinning: the benchmark runs on CPU %d only\n", cpu);
}

/* The text path: what `s3pm convert` + `s3pm validate` do with an export,
 * without the file reading: byte check, reader, validation, dump. */
static int
run_text(const struct env *e, size_t *dump_len)
{
	struct validate_opts vo = {e->nuts, 0};
	struct app_msg msg = {{0}};
	const char *what = NULL;
	struct findings fs;
	struct buf notes;
	json_t *doc = NULL;
	char *dump = NULL;
	size_t line = 0;
	int rc;

	findings_init(&fs);
	buf_init(&notes, 1 << 20);
	if ((rc = text_check(e->text, e->text_len, &line, &what)) != 0 ||
	    (rc = reader_read(e->reader, e->text, e->text_len, "bench", &doc, &notes, &msg)) != 0 ||
	    (rc = validate_report(e->form, doc, &vo, &fs, NULL)) != 0)
		goto out;
	dump = report_dump(doc);
	if (dump == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	*dump_len = strlen(dump);
out:
	if (rc && msg.text[0])
		fprintf(stderr, "bench_core: %s\n", msg.text);
	free(dump);
	json_decref(doc);
	findings_cleanup(&fs);
	buf_cleanup(&notes);
	return rc;
}

/* The document path: parse, canonical copy, validation, dump. */
static int
run_json(const struct env *e, size_t *dump_len)
{
	struct validate_opts vo = {e->nuts, 0};
	struct app_msg msg = {{0}};
	json_t *root = NULL, *doc = NULL;
	struct findings fs;
	char *dump = NULL;
	int rc;

	findings_init(&fs);
	if ((rc = report_parse_json(e->json, e->json_len, "bench", &root, &msg)) != 0 ||
	    (rc = report_canonical(e->form, root, "bench", &doc, &msg)) != 0 ||
	    (rc = validate_report(e->form, doc, &vo, &fs, NULL)) != 0)
		goto out;
	dump = report_dump(doc);
	if (dump == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	*dump_len = strlen(dump);
out:
	if (rc && msg.text[0])
		fprintf(stderr, "bench_core: %s\n", msg.text);
	free(dump);
	json_decref(doc);
	json_decref(root);
	findings_cleanup(&fs);
	return rc;
}

/* Runs fn for about secs seconds of wall time; prints the result line. */
static int
measure(const char *label, bench_fn fn, const struct env *e, int secs, double *per_sec,
	double *per_cpu_sec)
{
	double t0, c0, t, cpu, rss0 = peak_rss_mib();
	unsigned long long n = 0;
	size_t len = 0;
	int rc;

	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	do {
		if ((rc = fn(e, &len)) != 0)
			return rc;
		if (len != e->dump_len) {
			fprintf(stderr, "bench_core: %s: iteration %llu gave %zu bytes, not %zu\n", label, n,
				len, e->dump_len);
			return APP_EINTERNAL;
		}
		n++;
		t = now(CLOCK_MONOTONIC) - t0;
	} while (t < (double)secs);
	cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	*per_sec = (double)n / t;
	*per_cpu_sec = cpu > 0 ? (double)n / cpu : 0;
	printf("convert+validate (%s): %.0f reports/s on 1 core (%.1f us/report)\n", label, *per_sec,
	       t * 1e6 / (double)n);
	printf("    %llu iterations in %.3f s wall, %.3f s CPU (%.0f%% of the core): %.0f reports per CPU-second (%.1f us CPU/report)\n",
	       n, t, cpu, 100.0 * cpu / t, *per_cpu_sec, cpu * 1e6 / (double)n);
	printf("    peak RSS %.1f MiB before, %.1f MiB after (+%.1f MiB)\n", rss0, peak_rss_mib(),
	       peak_rss_mib() - rss0);
	if (cpu < 0.9 * t)
		printf("    note: the core was shared with other processes; the per-CPU-second figure is what one free core does\n");
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* measure() `rounds` times; the medians of the rounds' rates go to *per_sec
 * and *per_cpu_sec. A shared machine makes single rounds vary: the median
 * and the spread say how much. */
static int
measure_rounds(const char *label, bench_fn fn, const struct env *e, int secs, int rounds,
	       double *per_sec, double *per_cpu_sec)
{
	double wall[20], cpu[20];
	int i, rc;

	for (i = 0; i < rounds; i++)
		if ((rc = measure(label, fn, e, secs, &wall[i], &cpu[i])) != 0)
			return rc;
	qsort(wall, (size_t)rounds, sizeof(wall[0]), cmp_double);
	qsort(cpu, (size_t)rounds, sizeof(cpu[0]), cmp_double);
	*per_sec = wall[rounds / 2];
	*per_cpu_sec = cpu[rounds / 2];
	if (rounds > 1)
		printf("%s path, median of %d rounds: %.0f reports per CPU-second (%.1f us), rounds from %.0f to %.0f\n",
		       label, rounds, *per_cpu_sec, 1e6 / *per_cpu_sec, cpu[0], cpu[rounds - 1]);
	return 0;
}

/* Where a text-path report's time goes: each step timed on its own over
 * the same input, in CPU time. */
static int
parts(const struct env *e, int secs)
{
	struct validate_opts vo = {e->nuts, 0};
	struct app_msg msg = {{0}};
	double t_check = 0, t_read = 0, t_val = 0, t_dump = 0, t_ref = 0, t0, start;
	unsigned long long n = 0;
	int rc = 0;

	start = now(CLOCK_PROCESS_CPUTIME_ID);
	do {
		struct findings fs;
		const char *what = NULL;
		json_t *doc = NULL;
		char *dump = NULL;
		size_t line = 0;

		findings_init(&fs);
		t0 = now(CLOCK_PROCESS_CPUTIME_ID);
		rc = text_check(e->text, e->text_len, &line, &what);
		t_check += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
		t0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (rc == 0)
			rc = reader_read(e->reader, e->text, e->text_len, "bench", &doc, NULL, &msg);
		t_read += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
		t0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (rc == 0)
			rc = validate_report(e->form, doc, &vo, &fs, NULL);
		t_val += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
		t0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (rc == 0 && (dump = report_dump(doc)) == NULL)
			rc = APP_ENOMEM;
		t_dump += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
		/* The reference: jansson writing the same document. */
		if (rc == 0) {
			char *ref;

			t0 = now(CLOCK_PROCESS_CPUTIME_ID);
			ref = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			t_ref += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
			if (ref == NULL || strlen(ref) + 1 != strlen(dump))
				rc = APP_EINTERNAL;
			free(ref);
		}
		free(dump);
		json_decref(doc);
		findings_cleanup(&fs);
		n++;
	} while (rc == 0 && now(CLOCK_PROCESS_CPUTIME_ID) - start < (double)secs);
	if (rc != 0) {
		fprintf(stderr, "bench_core: parts: step failed (%d) %s\n", rc, msg.text);
		return rc;
	}
	printf("per report, CPU time of each step over %llu rounds (the clock reads add ~0.1 us each):\n", n);
	printf("    byte check %.1f us, text reader %.1f us, validation %.1f us, JSON writing %.1f us\n",
	       t_check * 1e6 / (double)n, t_read * 1e6 / (double)n, t_val * 1e6 / (double)n,
	       t_dump * 1e6 / (double)n);
	printf("    reference: jansson's json_dumps writes the same document in %.1f us (%.1fx the project's writer)\n",
	       t_ref * 1e6 / (double)n, t_dump > 0 ? t_ref / t_dump : 0);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *forms_dir = env_or("S3PM_FORMS_DIR", S3PM_DEFAULT_FORMS_DIR);
	const char *nuts_dir = env_or("S3PM_NUTS_DIR", S3PM_DEFAULT_NUTS_DIR);
	const char *sample = NULL;
	struct app_msg msg = {{0}};
	struct form *form = NULL;
	struct reader *reader = NULL;
	struct nuts *nuts = NULL;
	struct env e;
	char names[4096], spath[4096], *text = NULL, *json = NULL;
	size_t text_len = 0;
	double t0, text_rate = 0, json_rate = 0, text_cpu_rate = 0, json_cpu_rate = 0;
	int i, secs = 3, rounds = 5, rc, status = 1, only = 0; /* 1 text, 2 json, 3 parts */

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			if ((secs = parse_seconds(argv[++i])) < 0) {
				fprintf(stderr, "bench_core: -t takes whole seconds from 1 to 600\n");
				return 2;
			}
		} else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
			rounds = parse_seconds(argv[++i]); /* a whole number, 1 to 600 */
			if (rounds < 1 || rounds > 20) {
				fprintf(stderr, "bench_core: -r takes 1 to 20 rounds\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
			i++;
			if (strcmp(argv[i], "text") == 0)
				only = 1;
			else if (strcmp(argv[i], "json") == 0)
				only = 2;
			else if (strcmp(argv[i], "parts") == 0)
				only = 3;
			else {
				fprintf(stderr, "bench_core: --only takes text, json or parts\n");
				return 2;
			}
		} else if (argv[i][0] == '-' || sample != NULL) {
			fprintf(stderr, "usage: bench_core [-t SECONDS] [-r ROUNDS] [--only text|json|parts] [EXPORT.txt]\n");
			return 2;
		} else {
			sample = argv[i];
		}
	}
	if (sample == NULL) {
		snprintf(spath, sizeof(spath), "%s/%s", env_or("S3PM_SAMPLES_DIR", S3PM_DEFAULT_SAMPLES_DIR),
			 BENCH_SAMPLE);
		sample = spath;
	}
	printf("bench_core: convert+validate throughput, %d round(s) of %d s per path\n", rounds, secs);
	pin_one_cpu();

	/* One-time loading, outside the timed loops. */
	if (form_load_id(forms_dir, BENCH_FORM, &form, &msg) != 0) {
		fprintf(stderr, "bench_core: %s\n", msg.text);
		goto out;
	}
	snprintf(names, sizeof(names), "%s/region-names.tsv", env_or("S3PM_DATA_DIR", S3PM_DEFAULT_DATA_DIR));
	t0 = now(CLOCK_MONOTONIC);
	rc = nuts_load(nuts_dir, names, &nuts, &msg);
	if (rc == 0) {
		printf("NUTS: loaded from %s in %.0f ms (regions are checked)\n", nuts_dir,
		       (now(CLOCK_MONOTONIC) - t0) * 1e3);
	} else {
		printf("NUTS: NOT loaded (%s); regions are not checked, so the figures are too good\n",
		       msg.text);
		nuts = NULL;
	}
	if (fileio_read(sample, REPORT_MAX_BYTES, &text, &text_len, &msg) != 0) {
		fprintf(stderr, "bench_core: %s\n", msg.text);
		goto out;
	}
	printf("sample: %s (%zu bytes)\n", sample, text_len);

	/* A first run gives the document for the JSON path and the size every
	 * later run must reproduce. */
	memset(&e, 0, sizeof(e));
	if (reader_new(form, &reader, &msg) != 0) {
		fprintf(stderr, "bench_core: %s\n", msg.text);
		goto out;
	}
	e.form = form;
	e.reader = reader;
	e.nuts = nuts;
	e.text = text;
	e.text_len = text_len;
	{
		struct validate_opts vo = {nuts, 0};
		struct findings fs;
		json_t *doc = NULL;

		findings_init(&fs);
		if (reader_read(reader, text, text_len, sample, &doc, NULL, &msg) != 0) {
			fprintf(stderr, "bench_core: %s\n", msg.text);
			goto out;
		}
		rc = validate_report(form, doc, &vo, &fs, NULL);
		json = report_dump(doc);
		json_decref(doc);
		if (rc != 0 || json == NULL) {
			findings_cleanup(&fs);
			fprintf(stderr, "bench_core: out of memory\n");
			goto out;
		}
		printf("report: %zu bytes of JSON, %zu errors and %zu warnings\n", strlen(json),
		       findings_count(&fs, FINDING_ERROR), findings_count(&fs, FINDING_WARNING));
		findings_cleanup(&fs);
	}
	e.json = json;
	e.json_len = strlen(json);
	e.dump_len = e.json_len;

	printf("RSS before the loops: %.1f MiB now, %.1f MiB peak\n", cur_rss_mib(), peak_rss_mib());
	if (only == 3) {
		status = parts(&e, secs) != 0;
		goto out;
	}
	if ((only != 2 && measure_rounds("text", run_text, &e, secs, rounds, &text_rate, &text_cpu_rate) != 0) ||
	    (only != 1 && measure_rounds("json", run_json, &e, secs, rounds, &json_rate, &json_cpu_rate) != 0))
		goto out;
	if (only == 0 && parts(&e, secs) != 0)
		goto out;
	printf("RSS after the loops: %.1f MiB now, %.1f MiB peak\n", cur_rss_mib(), peak_rss_mib());
	/* Judged per CPU-second: on a shared machine the wall-clock rate says
	 * more about the neighbours than about the code. */
	if (only != 2)
		printf("target: >= %.0f reports/s/core on the text path: %s (%.0f per CPU-second, %.2fx; %.0f/s wall)\n",
		       TARGET_PER_SEC, text_cpu_rate >= TARGET_PER_SEC ? "met" : "NOT met", text_cpu_rate,
		       text_cpu_rate / TARGET_PER_SEC, text_rate);
	if (only != 2) /* a row of make bench's table (scripts/bench-all.sh) */
		printf("bench-row\tconvert+validate, text export, one core (bench_core)\t%.0f reports/s of CPU\t"
		       ">= %.0f/s\t%s\n", text_cpu_rate, TARGET_PER_SEC,
		       text_cpu_rate >= TARGET_PER_SEC ? "met" : "not met");
	if (only == 0)
		printf("json path: %.0f reports per CPU-second (%.0f/s wall), %.1fx the text path\n",
		       json_cpu_rate, json_rate, text_cpu_rate > 0 ? json_cpu_rate / text_cpu_rate : 0);
	status = 0;
out:
	free(text);
	free(json);
	nuts_free(nuts);
	reader_free(reader);
	form_free(form);
	return status;
}
