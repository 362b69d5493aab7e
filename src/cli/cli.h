/* cli.h - the s3pm subcommands; each returns the process exit status. */
#ifndef S3PM_CLI_H
#define S3PM_CLI_H

/* Exit statuses shared by the subcommands. */
#define CLI_OK 0
#define CLI_FINDINGS 1 /* validate: the report has errors */
#define CLI_BADINPUT 2 /* the input cannot be read, or the command line is wrong */

int cmd_convert(int argc, char **argv);
int cmd_validate(int argc, char **argv);

/* Prints "s3pm: <msg>" on stderr. */
void cli_error(const char *msg);

#endif
