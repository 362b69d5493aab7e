/* cmd_demo.c - s3pm demo: fills a database with a made-up portfolio
 * (app_demo.h) and prints a one-line summary. The command line is checked
 * before the database is opened: a wrong one writes nothing. */
#include "cli.h"
#include "form.h"
#include "nuts.h"
#include "paths.h"
#include "app_demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char demo_usage[] =
	"usage: s3pm demo --partnerships N --periods M [--seed S] [--today YYYY-MM-DD] [--db FILE]\n";

/* A decimal number from 1 to max into *out; false when s is none. */
static bool
number(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return v >= 1;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int
cmd_demo(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv);
	struct demo_opts o;
	struct demo_result res;
	struct app_msg msg = {{0}};
	struct actor operator = app_system_actor();
	struct timespec t0;
	struct app app;
	uint64_t v;
	int i, rc, code = CLI_BADINPUT;
	bool have_n = false, have_m = false;

	memset(&o, 0, sizeof(o));
	o.seed = 1;
	app_today(o.today);
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (val == NULL || (strcmp(opt, "--db") != 0 && strcmp(opt, "--partnerships") != 0 &&
				    strcmp(opt, "--periods") != 0 && strcmp(opt, "--seed") != 0 &&
				    strcmp(opt, "--today") != 0)) {
			fprintf(stderr, "s3pm demo: unexpected \"%s\"%s\n%s", opt,
				val == NULL && opt[0] == '-' ? " (it takes a value)" : "", demo_usage);
			return CLI_BADINPUT;
		}
		i++;
		if (strcmp(opt, "--partnerships") == 0) {
			if (!number(val, DEMO_MAX_PARTNERSHIPS, &v)) {
				fprintf(stderr, "s3pm demo: --partnerships \"%s\": write a number from 1 to %u\n", val,
					DEMO_MAX_PARTNERSHIPS);
				return CLI_BADINPUT;
			}
			o.partnerships = (unsigned)v;
			have_n = true;
		} else if (strcmp(opt, "--periods") == 0) {
			if (!number(val, DEMO_MAX_PERIODS, &v)) {
				fprintf(stderr, "s3pm demo: --periods \"%s\": write a number from 1 to %u\n", val,
					DEMO_MAX_PERIODS);
				return CLI_BADINPUT;
			}
			o.periods = (unsigned)v;
			have_m = true;
		} else if (strcmp(opt, "--seed") == 0) {
			if (strcmp(val, "0") == 0)
				o.seed = 0;
			else if (!number(val, UINT64_MAX, &o.seed)) {
				fprintf(stderr, "s3pm demo: --seed \"%s\": write a number from 0 to %llu\n", val,
					(unsigned long long)UINT64_MAX);
				return CLI_BADINPUT;
			}
		} else if (strcmp(opt, "--today") == 0) {
			if (strlen(val) != 10) {
				fprintf(stderr, "s3pm demo: --today \"%s\": write a date YYYY-MM-DD\n", val);
				return CLI_BADINPUT;
			}
			memcpy(o.today, val, 11);
		}
	}
	if (!have_n || !have_m) {
		fprintf(stderr, "s3pm demo: --partnerships and --periods are required\n%s", demo_usage);
		return CLI_BADINPUT;
	}
	memset(&app, 0, sizeof(app));
	app.forms_dir = paths_forms_dir();
	/* Checked before the database is opened, so that a wrong date
	 * creates no file. */
	if (app_demo_check(&o, &msg) != 0) {
		fprintf(stderr, "s3pm demo: %s\n", msg.text);
		return CLI_BADINPUT;
	}
	if (form_load_id(app.forms_dir, PATHS_DEFAULT_FORM, &app.form, &msg) != 0) {
		cli_error(msg.text);
		return CLI_BADINPUT;
	}
	if (cli_nuts_load_required(&app.nuts) != 0)
		goto out;
	if (cli_open_app(db, &app) != 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = app_demo_fill(&app, &operator, &o, &res, &msg);
	app_close_store(&app);
	if (rc != 0) {
		fprintf(stderr, "s3pm demo: %s (%zu partnerships written)\n", msg.text[0] ? msg.text : app_strerror(rc),
			res.partnerships);
		code = 1;
		goto out;
	}
	printf("s3pm demo: %zu partnerships, %zu reports %s..%s (%zu draft, %zu submitted, %zu returned, "
	       "%zu accepted, %zu published), %zu missing, %zu decisions into %s in %.2f s\n",
	       res.partnerships, res.reports, res.first, res.last, res.by_status[REPORT_DRAFT],
	       res.by_status[REPORT_SUBMITTED], res.by_status[REPORT_RETURNED], res.by_status[REPORT_ACCEPTED],
	       res.by_status[REPORT_PUBLISHED], res.missing, res.decisions, cli_db_label(db), seconds_since(&t0));
	code = CLI_OK;
out:
	nuts_free(app.nuts);
	form_free(app.form);
	return code;
}
