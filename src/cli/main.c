/* main.c - argv to subcommand. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: s3pm COMMAND [ARGS]\n"
	"\n"
	"  convert FILE [-o OUT] [--form ID]\n"
	"      print the report document (JSON) for a text export or a document\n"
	"  validate FILE [--json] [--nuts 2013|2016|2021|2024] [--form ID]\n"
	"      check a report against its form and NUTS; exit 0 fine, 1 errors, 2 unreadable\n"
	"  version\n"
	"\n"
	"Environment: S3PM_FORMS_DIR, S3PM_DATA_DIR, S3PM_NUTS_DIR (see README.md).\n";

void
cli_error(const char *msg)
{
	fprintf(stderr, "s3pm: %s\n", msg);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_BADINPUT;
	}
	if (strcmp(argv[1], "convert") == 0)
		return cmd_convert(argc - 1, argv + 1);
	if (strcmp(argv[1], "validate") == 0)
		return cmd_validate(argc - 1, argv + 1);
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("s3pm %s\n", S3PM_VERSION);
		return CLI_OK;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	fprintf(stderr, "s3pm: unknown command \"%s\"\n\n", argv[1]);
	fputs(usage, stderr);
	return CLI_BADINPUT;
}
