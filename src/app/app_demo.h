/* app_demo.h - s3pm demo: a portfolio of made-up partnerships and their
 * reports, to measure and to show the system with (the operator's). */
#ifndef S3PM_APP_DEMO_H
#define S3PM_APP_DEMO_H

#include <stdint.h>

#include "app.h"

#define DEMO_MAX_PARTNERSHIPS 100000u
#define DEMO_MAX_PERIODS 60u

struct demo_opts {
	unsigned partnerships;  /* 1..DEMO_MAX_PARTNERSHIPS */
	unsigned periods;       /* 1..DEMO_MAX_PERIODS, ending with the latest complete half-year */
	uint64_t seed;          /* the same seed, the same reports */
	char today[11];         /* "YYYY-MM-DD" */
};

struct demo_result {
	size_t partnerships;
	size_t reports;
	size_t by_status[5];    /* indexed by enum report_status */
	size_t missing;         /* periods of a partnership with no report */
	size_t decisions;
	char first[8], last[8]; /* the periods filled */
};

/* Checks o: 0, or APP_EINPUT with msg saying what is wrong. */
int app_demo_check(const struct demo_opts *o, struct app_msg *msg);

/* Fills the database of app (app->form and app->nuts loaded) with
 * o->partnerships partnerships and their reports, each partnership in one
 * transaction, as the operator: periods set with their default deadlines,
 * reports imported in their statuses, decisions recorded by a demo
 * Commission account (created when missing). A generated URL name that is
 * taken already gets a number. APP_EPERM for anybody but administrators
 * and the operator; APP_EINPUT for options out of range (msg says which).
 * On failure the partnerships written before stay. */
int app_demo_fill(struct app *app, const struct actor *a, const struct demo_opts *o,
		  struct demo_result *res, struct app_msg *msg);

#endif
