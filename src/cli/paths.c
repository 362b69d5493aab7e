/* paths.c - data locations: environment first, build-time defaults second. */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>

static const char *
env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return (v != NULL && v[0] != '\0') ? v : def;
}

const char *
paths_forms_dir(void)
{
	return env_or("S3PM_FORMS_DIR", S3PM_DEFAULT_FORMS_DIR);
}

const char *
paths_data_dir(void)
{
	return env_or("S3PM_DATA_DIR", S3PM_DEFAULT_DATA_DIR);
}

const char *
paths_nuts_dir(void)
{
	return env_or("S3PM_NUTS_DIR", S3PM_DEFAULT_NUTS_DIR);
}

const char *
paths_static_dir(void)
{
	return env_or("S3PM_STATIC_DIR", S3PM_DEFAULT_STATIC_DIR);
}

void
paths_region_names(char *out, unsigned long n)
{
	snprintf(out, n, "%s/region-names.tsv", paths_data_dir());
}
