/* regioncheck.h - checks one region entry {name, country, nuts} against NUTS. */
#ifndef S3PM_REGIONCHECK_H
#define S3PM_REGIONCHECK_H

#include <stddef.h>

#include "finding.h"
#include "nuts.h"

/* Checks a region as written in a report against NUTS `version` and adds
 * findings for `field`, `row` (from 1). name, country and code may be NULL or
 * "" when not given. Returns 0 or APP_ENOMEM. */
int regioncheck_entry(const struct nuts *n, int version, const char *field, size_t row,
		      const char *name, const char *country, const char *code,
		      struct findings *out);

/* Checks a country code alone (e.g. from a table cell): unknown code is an
 * error, an ISO code where NUTS differs (GR, GB) a warning that explains. */
int regioncheck_country(const struct nuts *n, const char *field, size_t row, const char *country,
			struct findings *out);

#endif
