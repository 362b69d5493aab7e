/* cmd_export.c - s3pm export: reports as PDF, XLSX or CSV. Reads the
 * command line; the formats are in cmd_export_pdf.c and cmd_export_sheet.c. */
#include "cli.h"
#include "export.h"

#include <stdio.h>
#include <string.h>

static const char export_usage[] =
	"usage: s3pm export --format pdf --partnership SLUG --period P [--public] -o FILE [--db DB]\n"
	"       s3pm export --format pdf [--partnership SLUG] [--period P] [--platform NAME] [--public]\n"
	"                   --out DIR [--db DB]\n"
	"       s3pm export --format pdf REPORT -o FILE\n"
	"       s3pm export --format xlsx [--platform NAME] [--period P] [--partnership SLUG] [--public]\n"
	"                   -o FILE [--db DB]\n"
	"       s3pm export --format csv --sheet NAME [the filters of xlsx] -o FILE [--db DB]\n";

static int
bad(const char *fmt, const char *arg)
{
	fputs("s3pm export: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(export_usage, stderr);
	return CLI_BADINPUT;
}

int
cmd_export(int argc, char **argv)
{
	struct export_opts o;
	const char *format = NULL;
	int i;

	memset(&o, 0, sizeof(o));
	o.db = cli_db_path(argc, argv);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], **slot = NULL;

		if (strcmp(a, "--public") == 0) {
			o.public_only = true;
			continue;
		}
		if (strcmp(a, "--format") == 0)
			slot = &format;
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			slot = &o.output;
		else if (strcmp(a, "--out") == 0)
			slot = &o.out_dir;
		else if (strcmp(a, "--partnership") == 0)
			slot = &o.partnership;
		else if (strcmp(a, "--period") == 0)
			slot = &o.period;
		else if (strcmp(a, "--platform") == 0)
			slot = &o.platform;
		else if (strcmp(a, "--sheet") == 0)
			slot = &o.sheet;
		else if (strcmp(a, "--db") == 0) {
			i++;
			continue;
		} else if (a[0] == '-' && a[1] != '\0')
			return bad("unknown option \"%s\"", a);
		else if (o.input != NULL)
			return bad("one report file at a time (\"%s\")", a);
		else {
			o.input = a;
			continue;
		}
		if (i + 1 >= argc)
			return bad("%s needs a value", a);
		*slot = argv[++i];
	}
	if (format == NULL)
		return bad("%s", "--format pdf, xlsx or csv is needed");
	if (strcmp(format, "pdf") == 0)
		o.format = EXPORT_PDF;
	else if (strcmp(format, "xlsx") == 0)
		o.format = EXPORT_XLSX;
	else if (strcmp(format, "csv") == 0)
		o.format = EXPORT_CSV;
	else
		return bad("unknown format \"%s\" (pdf, xlsx or csv)", format);
	if (o.output == NULL && o.out_dir == NULL)
		return bad("%s", "-o FILE (or --out DIR for PDFs) is needed");
	if (o.output != NULL && o.out_dir != NULL)
		return bad("%s", "-o and --out exclude each other");
	if (o.out_dir != NULL && o.format != EXPORT_PDF)
		return bad("%s", "--out DIR writes PDFs only: use -o FILE");
	if (o.sheet != NULL && o.format != EXPORT_CSV)
		return bad("%s", "--sheet goes with --format csv");
	if (o.format == EXPORT_CSV && o.sheet == NULL)
		return bad("%s", "--format csv needs --sheet NAME");
	if (o.input != NULL && o.format != EXPORT_PDF)
		return bad("%s", "a report file is exported as PDF only");
	return o.format == EXPORT_PDF ? export_pdf(&o) : export_sheet(&o);
}
