/* cmd_reindex.c - s3pm reindex: brings the search index up to date (the
 * reports whose latest revision is not indexed; serve does the same when
 * it starts), then merges it into one piece. */
#include "cli.h"
#include "nuts.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "app_search.h"
#include "nuts.h"
#include "paths.h"

int
cmd_reindex(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv);
	struct app_msg msg = {{0}};
	struct app app;
	size_t n = 0;
	int i, rc, status = CLI_BADINPUT;

	memset(&app, 0, sizeof(app));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			i++;
			continue;
		}
		fputs("usage: s3pm reindex [--db FILE]\n", stderr);
		return CLI_BADINPUT;
	}
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	/* The portfolio's figures place the regions (report_facts.h). */
	if (cli_nuts_load_required(&app.nuts) != 0)
		goto out;
	app.forms_dir = paths_forms_dir();
	if (form_load_id(app.forms_dir, PATHS_DEFAULT_FORM, &app.form, &msg) != 0) {
		cli_error(msg.text);
		goto out;
	}
	rc = app_search_reindex(&app, &n);
	if (rc != 0) {
		fprintf(stderr, "s3pm reindex: %zu reports indexed, then: %s\n", n, app_strerror(rc));
		goto out;
	}
	/* An operator's maintenance: the index in one piece again, however
	 * many saves split it since (searches read every piece). */
	if ((rc = app_search_optimize(&app)) != 0) {
		fprintf(stderr, "s3pm reindex: %zu reports indexed, then merging the index: %s\n", n,
			app_strerror(rc));
		goto out;
	}
	printf("%zu reports indexed, the index merged\n", n);
	status = CLI_OK;
out:
	nuts_free(app.nuts);
	form_free(app.form);
	app_close_store(&app);
	return status;
}
