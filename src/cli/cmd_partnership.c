/* cmd_partnership.c - s3pm partnership add / set / list: partnerships from
 * the command line (the operator's), through the application layer. */
#include "app_partnership.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
usage(void)
{
	fputs("usage: s3pm partnership add SLUG --name NAME [--platform PLATFORM] [--db FILE]\n"
	      "       s3pm partnership set SLUG [--name NAME] [--platform PLATFORM] [--db FILE]\n"
	      "       s3pm partnership list [--db FILE]\n"
	      "PLATFORM: \"Agri-Food\", \"Energy\", \"Industrial Modernisation\", "
	      "\"Sustainable Blue Economy\" or \"\"\n", stderr);
	return CLI_BADINPUT;
}

static int
list(struct app *app)
{
	struct actor operator = app_system_actor();
	struct partnership_item *v = NULL;
	size_t n = 0, i;

	if (app_partnership_list(app, &operator, &v, &n) != 0) {
		cli_error("cannot list the partnerships");
		return CLI_BADINPUT;
	}
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\n", v[i].p.slug, v[i].p.name,
		       v[i].p.platform != NULL && v[i].p.platform[0] ? v[i].p.platform : "-",
		       v[i].latest[0] ? v[i].latest : "-");
	partnership_item_free_list(v, n);
	return CLI_OK;
}

int
cmd_partnership(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *slug = NULL, *name = NULL, *platform = NULL;
	struct actor operator = app_system_actor();
	struct app_msg msg = {{0}};
	struct partnership p;
	struct app app;
	int i, rc, status = CLI_BADINPUT;

	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "set") != 0 &&
			 strcmp(argv[1], "list") != 0))
		return usage();
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			platform = argv[++i];
		else if (slug == NULL && argv[i][0] != '-' && strcmp(argv[1], "list") != 0)
			slug = argv[i];
		else {
			fprintf(stderr, "s3pm partnership: unexpected \"%s\"\n", argv[i]);
			return usage();
		}
	}
	if (strcmp(argv[1], "list") != 0 && slug == NULL)
		return usage();
	if (strcmp(argv[1], "add") == 0 && name == NULL)
		return usage();
	memset(&app, 0, sizeof(app));
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	if (strcmp(argv[1], "list") == 0) {
		status = list(&app);
		goto out;
	}
	if (strcmp(argv[1], "set") == 0) {
		rc = app_partnership_update(&app, &operator, slug, name, platform, &msg);
	} else {
		memset(&p, 0, sizeof(p));
		p.slug = strdup(slug);
		p.name = strdup(name);
		p.platform = strdup(platform != NULL ? platform : "");
		p.start_date = strdup("");
		p.webpage = strdup("");
		p.leading_regions = strdup("");
		p.participating_regions = strdup("[]");
		if (!p.slug || !p.name || !p.platform || !p.start_date || !p.webpage ||
		    !p.leading_regions || !p.participating_regions)
			rc = app_fail(&msg, APP_ENOMEM, "out of memory");
		else
			rc = app_partnership_create(&app, &operator, &p, &msg);
		partnership_cleanup(&p);
	}
	if (rc != 0) {
		fprintf(stderr, "s3pm partnership %s: %s\n", argv[1], msg.text[0] ? msg.text : app_strerror(rc));
		goto out;
	}
	printf("%s: %s\n", slug, strcmp(argv[1], "add") == 0 ? "added" : "changed");
	status = CLI_OK;
out:
	app_close_store(&app);
	return status;
}
