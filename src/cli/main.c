/* main.c - argv to subcommand. */
#include "cli.h"
#include "conf.h"
#include "paths.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: s3pm [--config FILE] COMMAND [ARGS]   (s3pm COMMAND --help for its options)\n"
	"\n"
	"  convert FILE [-o OUT] [--form ID]\n"
	"      print the report document (JSON) for a text export or a document\n"
	"  validate FILE [--json] [--nuts 2013|2016|2021|2024] [--form ID]\n"
	"      check a report against its form and NUTS; exit 0 fine, 1 errors, 2 unreadable\n"
	"  init [--db FILE]\n"
	"      create or upgrade the database (default s3pm.db)\n"
	"  period set PERIOD [--deadline YYYY-MM-DD] | period list   [--db FILE]\n"
	"  import FILE|FOLDER... [--status draft|submitted|accepted|published] [--platform NAME] [--db FILE]\n"
	"      reports into the database, each file all or nothing; folders walked\n"
	"  export --format pdf|xlsx|csv [--partnership SLUG] [--period P] [--platform NAME]\n"
	"         [--public] [--sheet NAME] -o FILE | --out DIR [--db FILE]; export --format pdf REPORT -o FILE\n"
	"      reports as PDF (one, or one per report into DIR), a workbook, or one sheet as CSV\n"
	"  demo --partnerships N --periods M [--seed S] [--today YYYY-MM-DD] [--db FILE]\n"
	"      fill the database with a made-up portfolio (the same seed, the same reports)\n"
	"  user add EMAIL --role ROLE [--partnership SLUG] [--name NAME] | user passwd EMAIL | user list\n"
	"  user role EMAIL ROLE [--partnership SLUG] | user deactivate EMAIL | user activate EMAIL\n"
	"  partnership add SLUG --name NAME [--platform P] | partnership set SLUG [--name N] [--platform P]\n"
	"  partnership list   [--db FILE]\n"
	"  audit [--object KIND:ID] [--limit N] [--db FILE]\n"
	"      the audit log, newest first\n"
	"  serve [--listen 127.0.0.1:8080] [--db s3pm.db] [--threads N] [--max-body BYTES]\n"
	"        [--session-hours H] [--access-log FILE] [--secure-cookies]\n"
	"        [--smtp smtp://HOST:PORT --mail-from ADDRESS] [--base-url URL]\n"
	"        [--remind-days 14,3] [--mail-retry SECONDS] [--trusted-proxies LIST]\n"
	"        [--metrics-allow LIST] [--smtp-user NAME --smtp-password-file FILE]\n"
	"      run the web application until SIGTERM or SIGINT; with --smtp it sends the mails\n"
	"  notify [--dry-run] [--today YYYY-MM-DD] [--db FILE] [mail options of serve]\n"
	"      queue the deadline reminders due and send the outbox once\n"
	"  reindex [--db FILE]\n"
	"      index for search the reports whose latest revision is not indexed (serve does it at start)\n"
	"  backup [--db FILE] [--force] BACKUP\n"
	"      copy the database into BACKUP while the server runs (checked, never over a file without --force)\n"
	"  restore [--db FILE] BACKUP\n"
	"      replace the database by BACKUP (stop the server first); the old one stays as FILE.before-restore\n"
	"  dump [--db FILE] [-o OUT]\n"
	"      every table as JSON lines (docs/internals/dump.md), to move to another database\n"
	"  load [--db FILE] [--check] DUMP|-\n"
	"      a dump into a new or empty database, all or nothing; exit 2 on a bad line\n"
	"  routes\n"
	"      print the web routes, one \"METHOD PATTERN\" a line (HEAD answers every GET route)\n"
	"  paths\n"
	"      the folders of the forms, data, NUTS lists and static files in use\n"
	"  version\n"
	"  help [COMMAND]\n"
	"\n"
	"Database: --db FILE is an SQLite file; --db postgresql://USER@HOST/DB a PostgreSQL database.\n"
	"Configuration: --config FILE, else S3PM_CONFIG, else /etc/s3pm/s3pm.conf when it exists;\n"
	"every key has an environment variable that overrides it (db: S3PM_DB, listen: S3PM_LISTEN,\n"
	"...), and flags override both. See etc/s3pm.conf.example and man s3pm.\n";

/* Takes --config FILE (or --config=FILE) out of argv, wherever it is:
 * 1 found (*path set), 0 not, -1 without its value (printed). */
static int
take_config(int *argc, char **argv, const char **path)
{
	int i, j, skip;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--config") == 0) {
			if (i + 1 >= *argc) {
				cli_error("--config takes the path of a configuration file");
				return -1;
			}
			*path = argv[i + 1];
			skip = 2;
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			*path = argv[i] + 9;
			skip = 1;
		} else {
			continue;
		}
		for (j = i; j + skip <= *argc; j++)
			argv[j] = argv[j + skip];
		*argc -= skip;
		return 1;
	}
	return 0;
}

/* Reads the configuration file and hands its values on as defaults of
 * the environment. 0, or -1 printed. */
static int
load_config(const char *path)
{
	struct app_msg msg = {{0}};
	struct conf c;
	int rc;

	if (path == NULL) {
		const char *ev = getenv("S3PM_CONFIG");

		if (ev != NULL && ev[0] != '\0')
			path = ev;
		else if (access(CONF_DEFAULT_PATH, F_OK) == 0)
			path = CONF_DEFAULT_PATH;
		else
			return 0;
	}
	if ((rc = conf_load(path, &c, &msg)) == 0)
		rc = conf_export(&c, &msg);
	conf_free(&c);
	if (rc != 0) {
		fprintf(stderr, "s3pm: configuration: %s\n", msg.text);
		return -1;
	}
	return 0;
}

/* Whether the arguments after the command ask for its help. */
static bool
wants_help(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

void
cli_error(const char *msg)
{
	fprintf(stderr, "s3pm: %s\n", msg);
}

int
main(int argc, char **argv)
{
	const char *config = NULL;

	if (take_config(&argc, argv, &config) < 0)
		return CLI_BADINPUT;
	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_BADINPUT;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc > 2)
			return cli_help(strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0 ? "help" : argv[2]);
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (wants_help(argc, argv))
		return cli_help(argv[1]);
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("s3pm %s\n", S3PM_VERSION);
		return CLI_OK;
	}
	if (load_config(config) != 0)
		return CLI_BADINPUT;
	if (strcmp(argv[1], "convert") == 0)
		return cmd_convert(argc - 1, argv + 1);
	if (strcmp(argv[1], "validate") == 0)
		return cmd_validate(argc - 1, argv + 1);
	if (strcmp(argv[1], "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(argv[1], "init") == 0)
		return cmd_init(argc - 1, argv + 1);
	if (strcmp(argv[1], "period") == 0)
		return cmd_period(argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return cmd_import(argc - 1, argv + 1);
	if (strcmp(argv[1], "user") == 0)
		return cmd_user(argc - 1, argv + 1);
	if (strcmp(argv[1], "partnership") == 0)
		return cmd_partnership(argc - 1, argv + 1);
	if (strcmp(argv[1], "audit") == 0)
		return cmd_audit(argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return cmd_export(argc - 1, argv + 1);
	if (strcmp(argv[1], "demo") == 0)
		return cmd_demo(argc - 1, argv + 1);
	if (strcmp(argv[1], "notify") == 0)
		return cmd_notify(argc - 1, argv + 1);
	if (strcmp(argv[1], "reindex") == 0)
		return cmd_reindex(argc - 1, argv + 1);
	if (strcmp(argv[1], "backup") == 0)
		return cmd_backup(argc - 1, argv + 1);
	if (strcmp(argv[1], "restore") == 0)
		return cmd_restore(argc - 1, argv + 1);
	if (strcmp(argv[1], "dump") == 0)
		return cmd_dump(argc - 1, argv + 1);
	if (strcmp(argv[1], "load") == 0)
		return cmd_load(argc - 1, argv + 1);
	if (strcmp(argv[1], "routes") == 0)
		return cmd_routes(argc - 1, argv + 1);
	if (strcmp(argv[1], "paths") == 0)
		return cmd_paths(argc - 1, argv + 1);
	fprintf(stderr, "s3pm: unknown command \"%s\"\n\n", argv[1]);
	fputs(usage, stderr);
	return CLI_BADINPUT;
}
