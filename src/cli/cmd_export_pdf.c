/* cmd_export_pdf.c - SCAFFOLD, replaced by the format's implementation. */
#include "cli.h"
#include "export.h"

#include <stdio.h>

int
export_pdf(const struct export_opts *o)
{
	(void)o;
	fputs("s3pm export: this format is not built yet\n", stderr);
	return CLI_BADINPUT;
}
