/* cmd_backup.c - s3pm backup and s3pm restore: options in, the outcome
 * printed (app_backup.h does the work). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "app_backup.h"

static int
status_of(int rc)
{
	return rc == APP_EINPUT || rc == APP_ENOTFOUND ? CLI_BADINPUT : 1;
}

/* [--db DB] [--force] FILE; *force NULL: --force is not taken. */
static int
parse(int argc, char **argv, const char **db, const char **file, bool *force)
{
	int i;

	*db = cli_db_path(argc, argv);
	*file = NULL;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (force != NULL && strcmp(argv[i], "--force") == 0)
			*force = true;
		else if (argv[i][0] != '-' && *file == NULL)
			*file = argv[i];
		else
			return -1;
	}
	return *file != NULL ? 0 : -1;
}

int
cmd_backup(int argc, char **argv)
{
	struct app_msg msg = {{0}};
	struct app_copy_result r;
	const char *db, *file;
	bool force = false;
	int rc;

	if (parse(argc, argv, &db, &file, &force) != 0) {
		fputs("usage: s3pm backup [--db DB] [--force] FILE\n", stderr);
		return CLI_BADINPUT;
	}
	rc = app_backup(db, file, force, &r, &msg);
	if (rc != 0) {
		fprintf(stderr, "s3pm backup: %s\n", msg.text);
		return status_of(rc);
	}
	printf("%s: backup of %s, schema %d, %lld bytes, integrity ok\n", file, db, r.schema,
	       (long long)r.bytes);
	return CLI_OK;
}

int
cmd_restore(int argc, char **argv)
{
	struct app_msg msg = {{0}};
	struct app_copy_result r;
	const char *db, *file;
	int rc;

	if (parse(argc, argv, &db, &file, NULL) != 0) {
		fputs("usage: s3pm restore [--db DB] FILE   (stop the server first)\n", stderr);
		return CLI_BADINPUT;
	}
	rc = app_restore(db, file, &r, &msg);
	if (rc != 0) {
		fprintf(stderr, "s3pm restore: %s\n", msg.text);
		return status_of(rc);
	}
	printf("%s: restored from %s (schema %d%s%d)", db, file, r.schema,
	       r.schema_now != r.schema ? ", migrated to " : ", now ", r.schema_now);
	if (r.before[0] != '\0')
		printf("; the previous database is kept as %s\n", r.before);
	else
		printf("\n");
	return CLI_OK;
}
