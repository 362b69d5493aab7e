/* paths.c - data locations: environment first, then the checkout when the
 * binary runs from its build folder, else the installed copy.
 *
 * Why the binary's own place decides: a build folder's binary must use the
 * checkout it was built from (developers, the test scripts), and an installed
 * binary must use the installed data even when the checkout still exists or
 * the working directory is anywhere. /proc/self/exe is the resolved path of
 * the running binary; comparing its folder with the resolved build folder
 * (S3PM_BUILD_DIR, set by meson.build) tells the two apart without guessing
 * from which folders happen to exist. Where /proc is not mounted, the
 * installed copy is used when it exists, the checkout otherwise. */
#include "paths.h"

#include "cli.h"
#include "err.h"
#include "nuts.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATHS_MAX 4096

/* True when the running binary lies in the build folder it was built in. */
static bool
from_build_dir(void)
{
	char exe[PATHS_MAX], build[PATHS_MAX];
	struct stat st;
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return stat(S3PM_INSTALL_DIR, &st) != 0 || !S_ISDIR(st.st_mode);
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	if (realpath(S3PM_BUILD_DIR, build) == NULL)
		return false;
	return strcmp(exe, build) == 0;
}

static const char *
env_value(const char *var)
{
	const char *v = getenv(var);

	return (v != NULL && v[0] != '\0') ? v : NULL;
}

static const char *
dir_for(const char *var, const char *checkout, const char *installed)
{
	const char *v = env_value(var);

	if (v != NULL)
		return v;
	return from_build_dir() ? checkout : installed;
}

/* Where the folder named by var comes from, for messages. */
static const char *
origin(const char *var)
{
	if (env_value(var) != NULL)
		return var;
	return from_build_dir() ? "the checkout: this binary runs from its build folder"
				: "the installed data";
}

const char *
paths_forms_dir(void)
{
	return dir_for("S3PM_FORMS_DIR", S3PM_DEFAULT_FORMS_DIR, S3PM_INSTALL_DIR "/forms");
}

const char *
paths_data_dir(void)
{
	return dir_for("S3PM_DATA_DIR", S3PM_DEFAULT_DATA_DIR, S3PM_INSTALL_DIR "/data");
}

const char *
paths_nuts_dir(void)
{
	return dir_for("S3PM_NUTS_DIR", S3PM_DEFAULT_NUTS_DIR, S3PM_INSTALL_DIR "/data/nuts");
}

const char *
paths_static_dir(void)
{
	return dir_for("S3PM_STATIC_DIR", S3PM_DEFAULT_STATIC_DIR, S3PM_INSTALL_DIR "/static");
}

void
paths_region_names(char *out, unsigned long n)
{
	snprintf(out, n, "%s/region-names.tsv", paths_data_dir());
}

int
cli_nuts_load_required(struct nuts **out)
{
	struct app_msg msg = {{0}};
	struct nuts *n = NULL;
	char names[PATHS_MAX];
	const char *dir = paths_nuts_dir();
	int rc;

	if (out != NULL)
		*out = NULL;
	paths_region_names(names, sizeof(names));
	rc = nuts_load(dir, names, &n, &msg);
	if (rc) {
		fprintf(stderr, "s3pm: %s: %s\n",
			rc == APP_ENOTFOUND ? "no NUTS data, so region codes cannot be checked"
					    : "the NUTS data cannot be read",
			msg.text);
		fprintf(stderr,
			"s3pm: looked in %s (from %s); set S3PM_NUTS_DIR to a folder holding "
			"nuts-2013.tsv to nuts-2024.tsv and the nuts-changes tables, such as data/nuts "
			"of the s3pm sources\n",
			dir, origin("S3PM_NUTS_DIR"));
		return rc;
	}
	if (out != NULL)
		*out = n;
	else
		nuts_free(n);
	return 0;
}

int
cmd_paths(int argc, char **argv)
{
	static const struct {
		const char *name, *var;
		const char *(*dir)(void);
	} rows[] = {
		{"forms", "S3PM_FORMS_DIR", paths_forms_dir},
		{"data", "S3PM_DATA_DIR", paths_data_dir},
		{"nuts", "S3PM_NUTS_DIR", paths_nuts_dir},
		{"static", "S3PM_STATIC_DIR", paths_static_dir},
	};
	size_t i;

	(void)argv;
	if (argc > 1) {
		fputs("usage: s3pm paths\n", stderr);
		return CLI_BADINPUT;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		printf("%-7s %s (from %s)\n", rows[i].name, rows[i].dir(), origin(rows[i].var));
	if (fflush(stdout) != 0) {
		cli_error("cannot write to standard output");
		return CLI_BADINPUT;
	}
	return CLI_OK;
}
