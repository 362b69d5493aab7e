/* help.c - `s3pm help [COMMAND]` and `s3pm COMMAND --help`: each command's usage and options, on standard output. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#define DB_OPT                                                                                      \
	"  --db FILE|URL        the database: an SQLite file (default s3pm.db) or a\n"                  \
	"                       postgresql://USER@HOST/DB URL (db in the configuration)\n"
#define MAIL_OPTS                                                                                   \
	"  --smtp URL           smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT;\n"      \
	"                       without it mails wait in the outbox\n"                                 \
	"  --mail-from ADDRESS  the sender of the mails (needed with --smtp)\n"                        \
	"  --smtp-user NAME     log in to the SMTP server as NAME ...\n"                              \
	"  --smtp-password-file FILE  ... with the password on the first line of FILE\n"            \
	"  --base-url URL       the site's address for links in mails (https://HOST)\n"               \
	"  --remind-days LIST   days before a deadline to remind (default 14,3; none)\n"              \
	"  --mail-retry SECONDS the first wait after a failed attempt, doubling (default 60)\n"

struct help {
	const char *cmd, *text;
};

static const struct help helps[] = {
	{"convert", "usage: s3pm convert FILE [-o OUT] [--form ID]\n"
		    "Prints the report document (JSON) read from a text export, a PDF or a JSON document.\n"
		    "  -o OUT               write to OUT instead of standard output\n"
		    "  --form ID            the form to read it with (default the current one)\n"},
	{"validate", "usage: s3pm validate FILE [--json] [--nuts 2013|2016|2021|2024] [--form ID]\n"
		     "Checks a report against its form and the NUTS lists.\n"
		     "  --json               the findings as JSON\n"
		     "  --nuts VERSION       the NUTS version the regions are checked against\n"
		     "  --form ID            the form to check against\n"
		     "Exit status: 0 fine, 1 the report has errors, 2 unreadable.\n"},
	{"init", "usage: s3pm init [--db FILE]\n"
		 "Creates or upgrades the database.\n" DB_OPT},
	{"period", "usage: s3pm period set PERIOD [--deadline YYYY-MM-DD] [--db FILE]\n"
		   "       s3pm period list [--db FILE]\n"
		   "Opens a reporting period (YYYY-H1 or YYYY-H2) or lists them.\n"
		   "  --deadline DATE      the period's deadline, YYYY-MM-DD\n" DB_OPT},
	{"import", "usage: s3pm import FILE|FOLDER... [--status draft|submitted|accepted|published]\n"
		   "                   [--platform NAME] [--db FILE]\n"
		   "Imports reports, each file all or nothing; folders are walked.\n"
		   "  --status STATUS      the status the reports get (default draft)\n"
		   "  --platform NAME      the thematic platform of new partnerships\n" DB_OPT
		   "Exit status: 0 all imported, 1 some failed, 2 none could be.\n"},
	{"export", "usage: s3pm export --format pdf|xlsx|csv [--partnership SLUG] [--period P]\n"
		   "                   [--platform NAME] [--public] [--sheet NAME] -o FILE | --out DIR [--db FILE]\n"
		   "       s3pm export --format pdf REPORT -o FILE\n"
		   "Reports as PDF (one, or one per report into DIR), a workbook, or one sheet as CSV.\n"
		   "  --format FORMAT      pdf, xlsx or csv\n"
		   "  --partnership SLUG, --period P, --platform NAME   which reports\n"
		   "  --public             only what the public may read\n"
		   "  --sheet NAME         csv: the sheet of the workbook\n"
		   "  -o FILE, --out DIR   where to write\n" DB_OPT},
	{"demo", "usage: s3pm demo --partnerships N --periods M [--seed S] [--today YYYY-MM-DD] [--db FILE]\n"
		 "Fills the database with a made-up portfolio (the same seed, the same reports).\n"
		 "  --partnerships N     how many partnerships\n"
		 "  --periods M          how many reporting periods\n"
		 "  --seed S             the seed of the generator\n"
		 "  --today DATE         the day taken as today\n" DB_OPT},
	{"user", "usage: s3pm user add EMAIL --role ROLE [--partnership SLUG] [--name NAME] [--db FILE]\n"
		 "       s3pm user passwd EMAIL | user list | user deactivate EMAIL | user activate EMAIL\n"
		 "       s3pm user role EMAIL ROLE [--partnership SLUG]\n"
		 "Manages accounts; add and passwd print a generated password.\n"
		 "  --role ROLE          admin, commission, committee, coordinator or member\n"
		 "  --partnership SLUG   the partnership of a coordinator or member\n"
		 "  --name NAME          the person's name\n" DB_OPT},
	{"partnership", "usage: s3pm partnership add SLUG --name NAME [--platform P] [--db FILE]\n"
			"       s3pm partnership set SLUG [--name N] [--platform P] [--db FILE]\n"
			"       s3pm partnership list [--db FILE]\n"
			"Manages partnerships.\n"
			"  --name NAME          its name\n"
			"  --platform P         its thematic platform\n" DB_OPT},
	{"audit", "usage: s3pm audit [--object KIND:ID] [--limit N] [--db FILE]\n"
		  "Prints the audit log, newest first.\n"
		  "  --object KIND:ID     only entries about one object (report:12)\n"
		  "  --limit N            at most N entries\n" DB_OPT},
	{"serve", "usage: s3pm serve [OPTIONS]\n"
		  "Runs the web application until SIGTERM or SIGINT; with --smtp it sends the mails.\n"
		  "  --listen ADDR        HOST:PORT, [V6]:PORT or :PORT (default 127.0.0.1:8080)\n" DB_OPT
		  "  --threads N          worker threads, 1 to 256 (default one per CPU)\n"
		  "  --max-body BYTES     request body cap, 1024 to 1073741824 (default 1048576)\n"
		  "  --session-hours H    session lifetime, 1 to 720 (default 12)\n"
		  "  --search-merge-after N  merge the search index after N reports indexed (200)\n"
		  "  --search-merge-quiet SECONDS  ... once no save came for SECONDS (60)\n"
		  "  --access-log FILE    append the access log to FILE (default standard error)\n"
		  "  --secure-cookies, --no-secure-cookies   the Secure flag on cookies (behind TLS)\n"
		  "  --trusted-proxies LIST  addresses/networks whose X-Forwarded-For names the client\n"
		  "                       (default none)\n"
		  "  --metrics-allow LIST clients that may read /metrics (default 127.0.0.0/8, ::1; none)\n"
		  "  --legal-url URL, --privacy-url URL, --contact-url URL|mailto:ADDRESS   footer links\n"
		  MAIL_OPTS},
	{"notify", "usage: s3pm notify [--dry-run] [--today YYYY-MM-DD] [--db FILE] [mail options]\n"
		   "Queues the deadline reminders due and sends the outbox once.\n"
		   "  --dry-run            print the reminders due, queue and send nothing\n"
		   "  --today DATE         the day taken as today\n" DB_OPT MAIL_OPTS},
	{"reindex", "usage: s3pm reindex [--db FILE]\n"
		    "Indexes for search the reports whose latest revision is not indexed, then\n"
		    "merges the index into one segment (searches stay fast after many saves).\n" DB_OPT},
	{"backup", "usage: s3pm backup [--db FILE] [--force] BACKUP\n"
		   "Copies the SQLite database into BACKUP while the server runs (SQLite's online\n"
		   "backup), checks the copy and puts it in place; never over a file without --force.\n"
		   "On PostgreSQL: pg_dump or pg_basebackup, or s3pm dump.\n"
		   "  --force              replace BACKUP when it exists\n" DB_OPT},
	{"restore", "usage: s3pm restore [--db FILE] BACKUP\n"
		    "Replaces the SQLite database by BACKUP (checked first; stop the server first);\n"
		    "the old one stays as FILE.before-restore. On PostgreSQL: pg_restore, or s3pm load.\n" DB_OPT},
	{"dump", "usage: s3pm dump [--db FILE|URL] [-o OUT]\n"
		 "Writes every table as JSON lines (docs/internals/dump.md) from one snapshot, to move\n"
		 "the site to another database: SQLite and PostgreSQL write the same lines.\n"
		 "  -o OUT               write to OUT instead of standard output\n" DB_OPT},
	{"load", "usage: s3pm load [--db FILE|URL] [--check] DUMP|-\n"
		 "Reads a dump into a new or empty database in one transaction, then rebuilds the\n"
		 "search index and the portfolio's figures. Exit status: 0 loaded, 1 the database\n"
		 "is not empty, 2 a bad dump (its line named); nothing is written unless all is.\n"
		 "  --check              read and check everything, keep nothing\n" DB_OPT},
	{"routes", "usage: s3pm routes\n"
		   "Prints the web routes, one \"METHOD PATTERN\" a line (HEAD answers every GET route).\n"},
	{"paths", "usage: s3pm paths\n"
		  "Prints the folders of the forms, data, NUTS lists and static files in use.\n"},
	{"version", "usage: s3pm version\nPrints the version.\n"},
	{"help", "usage: s3pm help [COMMAND]\nPrints the commands, or one command's options.\n"},
};

static const char common[] =
	"\nEvery command reads the configuration file first: --config FILE (before or after\n"
	"the command), else S3PM_CONFIG, else /etc/s3pm/s3pm.conf when it exists.\n"
	"The environment overrides the file, and flags override both (man s3pm).\n";

int
cli_help(const char *cmd)
{
	size_t i;

	for (i = 0; i < sizeof(helps) / sizeof(helps[0]); i++)
		if (strcmp(helps[i].cmd, cmd) == 0) {
			fputs(helps[i].text, stdout);
			fputs(common, stdout);
			return fflush(stdout) == 0 ? CLI_OK : CLI_BADINPUT;
		}
	fprintf(stderr, "s3pm: no command \"%s\" (s3pm help lists them)\n", cmd);
	return CLI_BADINPUT;
}
