/* cmd_init.c - s3pm init (create or upgrade the database) and s3pm period (reporting periods). */
#include "cli.h"
#include "period.h"
#include "app_partnership.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
cli_db_path(int argc, char **argv)
{
	int i;

	const char *env = getenv("S3PM_DB");

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--db") == 0)
			return argv[i + 1];
	return env != NULL && env[0] != '\0' ? env : "s3pm.db";
}

const char *
cli_db_label(const char *db)
{
	static char out[2048];
	const char *at, *colon, *slash, *p;
	size_t len = 0;

	if (db == NULL)
		return "";
	if (strncmp(db, "postgresql://", 13) != 0 && strncmp(db, "postgres://", 11) != 0)
		return db;
	/* USER:PASSWORD@ in the authority (before the first '/' after the scheme). */
	p = strstr(db, "://") + 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	colon = strchr(p, ':');
	if (at != NULL && (slash == NULL || at < slash) && colon != NULL && colon < at)
		len = (size_t)snprintf(out, sizeof(out), "%.*s:***%s", (int)(colon - db), db, at);
	else
		len = (size_t)snprintf(out, sizeof(out), "%s", db);
	if (len >= sizeof(out))
		return "(a PostgreSQL URL)";
	/* password=VALUE among the parameters. */
	p = strstr(out, "password=");
	if (p != NULL) {
		char *v = out + (p - out) + 9;
		char *end = strchr(v, '&');
		size_t rest = end != NULL ? strlen(end) : 0;

		if (v + 3 + rest < out + sizeof(out)) {
			memmove(v + 3, end != NULL ? end : v + strlen(v), rest + 1);
			memcpy(v, "***", 3);
		}
	}
	return out;
}

int
cli_open_app(const char *path, struct app *app)
{
	struct app_msg msg = {{0}};

	if (app_open_store(app, path, &msg) != 0) {
		cli_error(msg.text);
		return -1;
	}
	return 0;
}

int
cmd_init(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv);
	struct app app;
	int v = 0, i;

	memset(&app, 0, sizeof(app));

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			i++;
			continue;
		}
		fprintf(stderr, "usage: s3pm init [--db FILE]\n");
		return CLI_BADINPUT;
	}
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	if (app_schema_version(&app, &v) != 0) {
		cli_error("cannot read the schema version");
		app_close_store(&app);
		return CLI_BADINPUT;
	}
	printf("%s: ready (schema version %d)\n", cli_db_label(db), v);
	app_close_store(&app);
	return CLI_OK;
}

static bool
valid_date(const char *s)
{
	static const int dm[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= dm[m - 1];
}

/* s3pm period set PERIOD [--deadline YYYY-MM-DD] [--db FILE] | s3pm period list */
int
cmd_period(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *name = NULL, *deadline = NULL;
	struct app app;
	struct app_msg msg = {{0}};
	struct actor operator = app_system_actor();
	struct period_row *v = NULL;
	struct period p;
	char def[16];
	size_t n = 0, k;
	int i, status = CLI_BADINPUT;

	if (argc < 2 || (strcmp(argv[1], "set") != 0 && strcmp(argv[1], "list") != 0)) {
		fputs("usage: s3pm period set PERIOD [--deadline YYYY-MM-DD] [--db FILE]\n"
		      "       s3pm period list [--db FILE]\n", stderr);
		return CLI_BADINPUT;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--deadline") == 0 && i + 1 < argc)
			deadline = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else {
			fprintf(stderr, "s3pm period: unexpected \"%s\"\n", argv[i]);
			return CLI_BADINPUT;
		}
	}
	if (strcmp(argv[1], "set") == 0) {
		if (name == NULL || period_parse(name, &p) != 0) {
			fprintf(stderr, "s3pm period: \"%s\" is not a period (write 2020-H1 or 2020-H2)\n",
				name ? name : "");
			return CLI_BADINPUT;
		}
		if (deadline != NULL && !valid_date(deadline)) {
			fprintf(stderr, "s3pm period: \"%s\" is not a date (write YYYY-MM-DD)\n", deadline);
			return CLI_BADINPUT;
		}
		period_default_deadline(p, def, sizeof(def));
	}
	memset(&app, 0, sizeof(app));
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	if (strcmp(argv[1], "set") == 0) {
		if (app_period_set(&app, &operator, name, deadline ? deadline : def, &msg) != 0) {
			cli_error(msg.text[0] ? msg.text : "cannot store the period");
			goto out;
		}
		printf("%s: deadline %s\n", name, deadline ? deadline : def);
	} else {
		if (app_period_list(&app, &v, &n) != 0) {
			cli_error("cannot list the periods");
			goto out;
		}
		for (k = 0; k < n; k++)
			printf("%s\tdeadline %s\n", v[k].period, v[k].deadline);
	}
	status = CLI_OK;
out:
	free(v);
	app_close_store(&app);
	return status;
}

/* s3pm audit [--object KIND:ID] [--limit N] [--db FILE]: the audit log,
 * newest first, one entry a line. */
int
cmd_audit(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *object = NULL;
	struct actor operator = app_system_actor();
	struct audit_entry *v = NULL;
	struct app app;
	size_t n = 0, k, limit = 100;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--object") == 0 && i + 1 < argc)
			object = argv[++i];
		else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			const char *l = argv[++i];

			limit = 0;
			for (; *l >= '0' && *l <= '9' && limit < 1000000; l++)
				limit = limit * 10 + (size_t)(*l - '0');
			if (*l != '\0' || limit == 0) {
				fprintf(stderr, "s3pm audit: --limit takes a number from 1 to 1000000\n");
				return CLI_BADINPUT;
			}
		} else {
			fprintf(stderr, "usage: s3pm audit [--object KIND:ID] [--limit N] [--db FILE]\n");
			return CLI_BADINPUT;
		}
	}
	memset(&app, 0, sizeof(app));
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	if (app_audit_list(&app, &operator, object, limit, &v, &n) != 0) {
		cli_error("cannot read the audit log");
		app_close_store(&app);
		return CLI_BADINPUT;
	}
	for (k = 0; k < n; k++)
		printf("%s\t%s\t%s\t%s\t%d\t%s\n", v[k].created_at, v[k].actor != NULL && v[k].actor[0] ? v[k].actor : "system",
		       v[k].action, v[k].object, v[k].revision, v[k].detail != NULL ? v[k].detail : "");
	audit_free_list(v, n);
	app_close_store(&app);
	return CLI_OK;
}
