/* validate.h - checks a report document against its form and the NUTS
 * classification, and lists what is wrong as findings. */
#ifndef S3PM_VALIDATE_H
#define S3PM_VALIDATE_H

#include <jansson.h>

#include "finding.h"
#include "form.h"
#include "nuts.h"

struct validate_opts {
	const struct nuts *nuts; /* NULL: region codes are not checked */
	int nuts_version;        /* 0: the version in force in the reporting period */
};

/* Checks canonical document doc (see report.h) against form f. Adds
 * findings to out; returns 0 or APP_ENOMEM. The NUTS version used is
 * stored in *version_used when not NULL. */
int validate_report(const struct form *f, json_t *doc, const struct validate_opts *o,
		    struct findings *out, int *version_used);

/* True when s is an absolute http or https address with a host name. */
bool validate_url(const char *s);

#endif
