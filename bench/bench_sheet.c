/* bench_sheet.c - benchmark (not a test): the portfolio workbook of N
 * reports (10,000 by default) built in memory from the full fixture
 * (tests/pdf/full-report.json), each copy varied (partnership, period, a
 * text, a region code, some goals), timed through sheet_xlsx; the
 * findings are computed first (validation, timed apart) as the
 * application does. Goal (issue 9): the workbook of 10,000 reports in
 * less than 5 seconds.
 *
 *   build/bench/bench_sheet [N] [OUT.xlsx]
 *
 * Prints the seconds of each phase and the file's size; exit status 0
 * when the goal is met, 1 when not, 2 when it could not run. */
#include "err.h"
#include "fileio.h"
#include "finding.h"
#include "form.h"
#include "nuts.h"
#include "report.h"
#include "sheet.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef S3PM_DEFAULT_FORMS_DIR
#define S3PM_DEFAULT_FORMS_DIR "forms"
#endif
#ifndef S3PM_DEFAULT_NUTS_DIR
#define S3PM_DEFAULT_NUTS_DIR "data/nuts"
#endif
#ifndef S3PM_DEFAULT_DATA_DIR
#define S3PM_DEFAULT_DATA_DIR "data"
#endif
#ifndef S3PM_SOURCE_ROOT
#define S3PM_SOURCE_ROOT "."
#endif

#define GOAL_SECONDS 5.0

static const char *
env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return v != NULL && v[0] != '\0' ? v : def;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds (user and system) of the process so far: on a shared
 * machine the wall time alone says little. */
static double
cpu(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
	       (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static const char *const levels[] = { "strongly_agree", "agree", "neutral", "disagree", "strongly_disagree",
				      "not_applicable" };

/* Copy i of the fixture: partnership i / 20, period by i % 20, and some
 * answers changed so that no two rows are the same. */
static json_t *
variant(json_t *base, size_t i)
{
	json_t *d = json_deep_copy(base), *a = report_answers(d), *regions, *sdg, *sa;
	char s[256];
	int year = 2015 + (int)(i % 20) / 2, half = (int)(i % 2) + 1;

	if (d == NULL)
		return NULL;
	snprintf(s, sizeof(s), "%d-H%d", year, half);
	json_object_set_new(a, "reporting_period", json_string(s));
	snprintf(s, sizeof(s), "Partnership %zu – Συνεργασία %zu", i / 20, i / 20);
	json_object_set_new(a, "partnership", json_string(s));
	snprintf(s, sizeof(s), "Report %zu: clusters in Skåne and Małopolska; the Nordic Food Safety Network.", i);
	json_object_set_new(a, "interested_entities", json_string(s));
	regions = json_object_get(a, "participating_regions");
	if (i % 7 == 0 && json_array_size(regions) > 1)
		json_object_set_new(json_array_get(regions, 1), "nuts", json_string("PL99"));
	sdg = json_object_get(a, "sdg");
	json_object_set_new(sdg, "3", json_string(levels[i % 6]));
	json_object_set_new(sdg, "9", json_string(levels[(i / 6) % 6]));
	sa = json_object_get(a, "self_assessment");
	if (sa != NULL) {
		snprintf(s, sizeof(s), "Copy %zu: the risks are managed by the steering group.", i);
		json_object_set_new(sa, "risks", json_string(s));
	}
	return d;
}

int
main(int argc, char **argv)
{
	const char *forms = env_or("S3PM_FORMS_DIR", S3PM_DEFAULT_FORMS_DIR);
	const char *nutsdir = env_or("S3PM_NUTS_DIR", S3PM_DEFAULT_NUTS_DIR);
	const char *fixture = S3PM_SOURCE_ROOT "/tests/pdf/full-report.json";
	char out[4096], names[4096], slugs[64], periods[16];
	struct app_msg msg = {{0}};
	struct form *form = NULL;
	struct nuts *nuts = NULL;
	struct sheet_report *rows = NULL;
	struct findings *fnd = NULL;
	struct sheet_set set;
	json_t *root = NULL, *base = NULL;
	char *text = NULL, **slug = NULL, **period = NULL;
	size_t n = 10000, len = 0, i, nf = 0;
	double t0, c0, t_build, t_check, t_xlsx, c_xlsx;
	struct stat st;
	int status = 2;
	char *end;

	if (argc > 1) {
		size_t v = 0;

		for (end = argv[1]; *end >= '0' && *end <= '9' && v <= 1000000; end++)
			v = v * 10 + (size_t)(*end - '0');
		if (*end != '\0' || v == 0 || v > 1000000) {
			fprintf(stderr, "bench_sheet: N must be 1 to 1000000, not \"%s\"\n", argv[1]);
			return 2;
		}
		n = v;
	}
	snprintf(out, sizeof(out), "%s", argc > 2 ? argv[2] : "/tmp/bench-sheet.xlsx");
	snprintf(names, sizeof(names), "%s/region-names.tsv", env_or("S3PM_DATA_DIR", S3PM_DEFAULT_DATA_DIR));
	if (form_load_id(forms, "s3-monitoring-2020", &form, &msg) != 0 ||
	    nuts_load(nutsdir, names, &nuts, &msg) != 0 ||
	    fileio_read(fixture, REPORT_MAX_BYTES, &text, &len, &msg) != 0 ||
	    report_parse_json(text, len, fixture, &root, &msg) != 0 ||
	    report_canonical(form, root, fixture, &base, &msg) != 0) {
		fprintf(stderr, "bench_sheet: %s\n", msg.text);
		goto out;
	}
	rows = calloc(n, sizeof(*rows));
	fnd = calloc(n, sizeof(*fnd));
	slug = calloc(n, sizeof(*slug));
	period = calloc(n, sizeof(*period));
	if (rows == NULL || fnd == NULL || slug == NULL || period == NULL)
		goto out;

	t0 = now();
	for (i = 0; i < n; i++) {
		json_t *d = variant(base, i);
		json_t *a = report_answers(d);

		if (d == NULL)
			goto out;
		snprintf(slugs, sizeof(slugs), "partnership-%zu", i / 20);
		snprintf(periods, sizeof(periods), "%s", json_string_value(json_object_get(a, "reporting_period")));
		slug[i] = strdup(slugs);
		period[i] = strdup(periods);
		rows[i].slug = slug[i];
		rows[i].partnership = json_string_value(json_object_get(a, "partnership"));
		rows[i].platform = i % 3 == 0 ? "Agri-Food" : "Energy";
		rows[i].period = period[i];
		rows[i].status = i % 2 ? "published" : "submitted";
		rows[i].updated_at = "2024-03-01T10:20:30Z";
		rows[i].form = form;
		rows[i].doc = d;
		nf++;
	}
	t_build = now() - t0;

	t0 = now();
	for (i = 0; i < n; i++) {
		struct validate_opts vo = { nuts, 0 };

		findings_init(&fnd[i]);
		if (validate_report(form, rows[i].doc, &vo, &fnd[i], NULL) != 0)
			goto out;
		rows[i].findings = &fnd[i];
	}
	t_check = now() - t0;

	memset(&set, 0, sizeof(set));
	set.v = rows;
	set.n = n;
	set.form = form;
	set.confidential = true;
	t0 = now();
	c0 = cpu();
	if (sheet_xlsx(&set, out, &msg) != 0) {
		fprintf(stderr, "bench_sheet: %s\n", msg.text);
		goto out;
	}
	t_xlsx = now() - t0;
	c_xlsx = cpu() - c0;
	if (stat(out, &st) != 0)
		goto out;
	printf("bench_sheet: %zu reports built in memory in %.2f s, validated in %.2f s\n", n, t_build, t_check);
	printf("bench_sheet: sheet_xlsx of %zu reports: %.2f s wall, %.2f s CPU (goal < %.0f s for 10,000: %s), "
	       "%s %.1f MB\n",
	       n, t_xlsx, c_xlsx, GOAL_SECONDS, t_xlsx < GOAL_SECONDS * (double)n / 10000.0 ? "met" : "NOT met", out,
	       (double)st.st_size / 1e6);
	status = t_xlsx < GOAL_SECONDS * (double)n / 10000.0 ? 0 : 1;
out:
	for (i = 0; i < nf; i++) {
		json_decref((json_t *)rows[i].doc);
		findings_cleanup(&fnd[i]);
		free(slug[i]);
		free(period[i]);
	}
	free(rows);
	free(fnd);
	free(slug);
	free(period);
	json_decref(base);
	json_decref(root);
	free(text);
	nuts_free(nuts);
	form_free(form);
	return status;
}
