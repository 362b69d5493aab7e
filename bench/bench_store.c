/* bench_store.c - draft saves per second on the SQLite store, with 1, 2 and 4 threads saving ~20 KB documents. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "err.h"
#include "fileio.h"
#include "store.h"

/* The sample report; usage: bench_store [TEXT-FILE], BENCH_SECONDS=1..9. */
#ifdef S3PM_DEFAULT_SAMPLES_DIR
#define SAMPLES_DIR S3PM_DEFAULT_SAMPLES_DIR
#else
#define SAMPLES_DIR "samples"
#endif
#define SAMPLE "s3-monitoring-report-mining-2020H1.txt"

#define MAX_THREADS 4
#define DOC_TARGET 20000 /* bytes: a full report with its tables */

struct worker {
	struct store *st;
	int64_t report;
	int64_t user;
	const char *doc;
	double seconds;
	long saves;
	int rc;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The sample report's text in a report document, with its answers padded
 * by the same text until the document weighs about DOC_TARGET bytes. */
static char *
make_doc(const char *text)
{
	json_t *doc = json_object(), *answers = json_object();
	size_t len = strlen(text), need;
	char *out = NULL, *cut;

	if (doc == NULL || answers == NULL)
		goto out;
	json_object_set_new(doc, "form", json_string("s3-monitoring-2020"));
	json_object_set(doc, "answers", answers);
	json_object_set_new(answers, "reporting_period", json_string("2020-H1"));
	json_object_set_new(answers, "partnership", json_string("Mining industry"));
	json_object_set_new(answers, "report_text", json_string(text));
	out = json_dumps(doc, JSON_COMPACT);
	if (out == NULL || strlen(out) >= DOC_TARGET)
		goto out;
	need = DOC_TARGET - strlen(out);
	if (need > len)
		need = len;
	/* Cut on a character boundary. */
	while (need > 0 && ((unsigned char)text[need] & 0xC0) == 0x80)
		need--;
	cut = strndup(text, need);
	if (cut == NULL)
		goto out;
	json_object_set_new(answers, "notes", json_string(cut));
	free(cut);
	free(out);
	out = json_dumps(doc, JSON_COMPACT);
out:
	json_decref(answers);
	json_decref(doc);
	return out;
}

static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
saver(void *arg)
{
	struct worker *w = arg;
	struct report_row r;
	double end;
	int rev;

	memset(&r, 0, sizeof(r));
	w->rc = store_report_by_id(w->st, w->report, &r);
	if (w->rc != 0)
		return NULL;
	rev = r.revision;
	report_row_cleanup(&r);
	end = now_s() + w->seconds;
	while (now_s() < end) {
		w->rc = store_report_save(w->st, w->report, rev, w->doc, w->user, &rev);
		if (w->rc != 0)
			return NULL;
		w->saves++;
	}
	return NULL;
}

static int
run(struct store *st, const int64_t *reports, int64_t user, const char *doc, int nthreads,
    double seconds)
{
	struct worker w[MAX_THREADS];
	pthread_t t[MAX_THREADS];
	double t0, c0, el, cpu;
	long total = 0;
	int i;

	memset(w, 0, sizeof(w));
	t0 = now_s();
	c0 = cpu_s();
	for (i = 0; i < nthreads; i++) {
		w[i].st = st;
		w[i].report = reports[i];
		w[i].user = user;
		w[i].doc = doc;
		w[i].seconds = seconds;
		if (pthread_create(&t[i], NULL, saver, &w[i]) != 0) {
			fprintf(stderr, "bench_store: cannot start a thread\n");
			return -1;
		}
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	el = now_s() - t0;
	cpu = cpu_s() - c0;
	for (i = 0; i < nthreads; i++) {
		if (w[i].rc != 0) {
			fprintf(stderr, "bench_store: save failed: %s: %s\n", app_strerror(w[i].rc),
				store_errmsg(st));
			return -1;
		}
		total += w[i].saves;
	}
	/* CPU time per save tells the cost apart from a busy machine's noise. */
	printf("%d thread%s: %ld saves in %.2f s = %.0f saves/s (%.0f us CPU per save)\n", nthreads,
	       nthreads > 1 ? "s" : "", total, el, (double)total / el,
	       total > 0 ? cpu * 1e6 / (double)total : 0.0);
	return 0;
}

static int
setup(struct store *st, int64_t reports[MAX_THREADS], int64_t *user, const char *doc)
{
	struct partnership p;
	struct report_row r;
	struct user u;
	char slug[32];
	int i, rc;

	rc = store_period_set(st, "2020-H1", "2020-07-31");
	for (i = 0; rc == 0 && i < MAX_THREADS; i++) {
		memset(&p, 0, sizeof(p));
		snprintf(slug, sizeof(slug), "bench-%d", i);
		p.slug = slug;
		p.name = "Bench";
		rc = store_partnership_create(st, &p);
		if (rc == 0 && i == 0) {
			memset(&u, 0, sizeof(u));
			u.email = "bench@example.eu";
			u.name = "Bench";
			u.role = "coordinator";
			u.partnership_id = p.id;
			u.active = true;
			rc = store_user_create(st, &u);
			*user = u.id;
		}
		if (rc != 0)
			break;
		memset(&r, 0, sizeof(r));
		r.partnership_id = p.id;
		memcpy(r.period, "2020-H1", 8);
		r.form_id = "s3-monitoring-2020";
		r.doc = (char *)doc;
		rc = store_report_create(st, &r, *user);
		reports[i] = r.id;
	}
	if (rc != 0)
		fprintf(stderr, "bench_store: setup: %s\n", store_errmsg(st));
	return rc;
}

int
main(int argc, char **argv)
{
	const char *samples = getenv("S3PM_SAMPLES_DIR");
	const char *secs = getenv("BENCH_SECONDS");
	double seconds = 3.0;
	char dir[64], path[128], p2[160], sample[4096], *text = NULL, *doc = NULL;
	int64_t reports[MAX_THREADS] = {0}, user = 0;
	struct store *st = NULL;
	struct app_msg msg;
	size_t len = 0;
	int status = 1, n;

	if (samples == NULL || samples[0] == '\0')
		samples = SAMPLES_DIR;
	if (argc > 1)
		snprintf(sample, sizeof(sample), "%s", argv[1]);
	else
		snprintf(sample, sizeof(sample), "%s/%s", samples, SAMPLE);
	if (secs != NULL && secs[0] >= '1' && secs[0] <= '9' && secs[1] == '\0')
		seconds = secs[0] - '0';
	if (fileio_read(sample, 1u << 20, &text, &len, &msg) != 0) {
		fprintf(stderr, "bench_store: %s\n", msg.text);
		return 1;
	}
	doc = make_doc(text);
	if (doc == NULL) {
		fprintf(stderr, "bench_store: cannot build the document\n");
		goto out;
	}
	snprintf(dir, sizeof(dir), "/tmp/s3pm-bench-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("bench_store: mkdtemp");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	if (store_open(path, &st, &msg) != 0) {
		fprintf(stderr, "bench_store: %s\n", msg.text);
		goto rm;
	}
	if (setup(st, reports, &user, doc) != 0)
		goto rm;
	printf("document: %zu bytes; database: %s; %.0f s per run\n", strlen(doc), path, seconds);
	status = 0;
	for (n = 1; n <= MAX_THREADS && status == 0; n *= 2)
		status = run(st, reports, user, doc, n, seconds) != 0;
rm:
	store_close(st);
	snprintf(p2, sizeof(p2), "%s-wal", path);
	unlink(p2);
	snprintf(p2, sizeof(p2), "%s-shm", path);
	unlink(p2);
	unlink(path);
	rmdir(dir);
out:
	free(doc);
	free(text);
	return status;
}
