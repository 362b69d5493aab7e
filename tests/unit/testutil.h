/* testutil.h - shared helpers for the unit tests: data paths and file loading. */
#ifndef S3PM_TESTUTIL_H
#define S3PM_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "form.h"

/* $VAR, or abort: the tests must not pass by skipping their data. */
static inline const char *
tu_env(const char *var)
{
	const char *v = getenv(var);

	if (v == NULL || v[0] == '\0') {
		fprintf(stderr, "test setup: %s is not set\n", var);
		abort();
	}
	return v;
}

static inline char *
tu_read(const char *dirvar, const char *file, size_t *len)
{
	char path[4096];
	struct app_msg msg;
	char *data = NULL;

	snprintf(path, sizeof(path), "%s/%s", tu_env(dirvar), file);
	if (fileio_read(path, 64u << 20, &data, len, &msg) != 0) {
		fprintf(stderr, "test setup: %s\n", msg.text);
		abort();
	}
	return data;
}

static inline struct form *
tu_form(void)
{
	struct form *f = NULL;
	struct app_msg msg;

	if (form_load_id(tu_env("S3PM_FORMS_DIR"), "s3-monitoring-2020", &f, &msg) != 0) {
		fprintf(stderr, "test setup: %s\n", msg.text);
		abort();
	}
	return f;
}

#define TU_SEED "s3-monitoring-report-mining-2020H1.txt"

/* Replaces the first occurrence of from in s (malloc'd result). */
static inline char *
tu_replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	size_t a, b, c;
	char *r;

	if (p == NULL) {
		fprintf(stderr, "test setup: \"%s\" not found\n", from);
		abort();
	}
	a = (size_t)(p - s);
	b = strlen(to);
	c = strlen(p + strlen(from));
	r = malloc(a + b + c + 1);
	if (r == NULL)
		abort();
	memcpy(r, s, a);
	memcpy(r + a, to, b);
	memcpy(r + a + b, p + strlen(from), c + 1);
	return r;
}

#endif
