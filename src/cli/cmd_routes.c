/* cmd_routes.c - s3pm routes: print the web route table, one "METHOD PATTERN" a line (HEAD answers every GET route). */
#include "cli.h"

#include <stdio.h>

#include "route.h"

int
cmd_routes(int argc, char **argv)
{
	const struct route *t;
	size_t n, i;

	(void)argv;
	if (argc != 1) {
		fputs("usage: s3pm routes\n", stderr);
		return CLI_BADINPUT;
	}
	t = route_table(&n);
	for (i = 0; i < n; i++)
		printf("%s %s\n", t[i].method, t[i].pattern);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("routes: cannot write to standard output");
		return CLI_BADINPUT;
	}
	return CLI_OK;
}
