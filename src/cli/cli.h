/* cli.h - the s3pm subcommands; each returns the process exit status. */
#ifndef S3PM_CLI_H
#define S3PM_CLI_H

/* Exit statuses shared by the subcommands. */
#define CLI_OK 0
#define CLI_FINDINGS 1 /* validate: the report has errors */
#define CLI_BADINPUT 2 /* the input cannot be read, or the command line is wrong */
#define CLI_PARTIAL 1  /* import: some of several files (or a folder's) failed */

#include <stddef.h>

struct app;

int cmd_convert(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_period(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_partnership(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_notify(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_load(int argc, char **argv);

/* The value of --db, else S3PM_DB (maybe from the configuration file),
 * else "s3pm.db". */
const char *cli_db_path(int argc, char **argv);
/* db as it may be printed: a PostgreSQL URL's password (USER:PASSWORD@,
 * password=...) shown as "***". A buffer of its own, valid until the next
 * call. */
const char *cli_db_label(const char *db);
/* Opens the application's store (app zeroed by the caller), printing the
 * error; 0 or -1. app_close_store closes it. */
int cli_open_app(const char *path, struct app *app);

/* COMMAND --help: its usage and options on stdout; CLI_OK, or
 * CLI_BADINPUT for an unknown command (help.c). */
int cli_help(const char *cmd);

/* Prints "s3pm: <msg>" on stderr. */
void cli_error(const char *msg);

#endif
