/* cmd_notify.c - s3pm notify: queue the deadline reminders due today and
 * send what the outbox holds, once (for cron, or instead of the worker of
 * `s3pm serve`). */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "mailopts.h"

static const char notify_usage[] =
	"usage: s3pm notify [--dry-run] [--today YYYY-MM-DD] [--db FILE]\n"
	"                  " MAILOPTS_USAGE "\n";

int
cmd_notify(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *today_arg = NULL;
	struct actor sys = app_system_actor();
	struct mail_opts mo;
	struct mail *v = NULL;
	struct app app;
	char today[11];
	bool dry_run = false, curl_ready = false;
	size_t n = 0, i, sent = 0, failed = 0;
	int rc, status = CLI_BADINPUT;

	memset(&app, 0, sizeof(app));
	if (mailopts_init(&mo, "notify") != 0)
		return CLI_BADINPUT;
	for (i = 1; i < (size_t)argc; i++) {
		const char *opt = argv[i], *val = i + 1 < (size_t)argc ? argv[i + 1] : NULL;
		int taken;

		if (strcmp(opt, "--dry-run") == 0) {
			dry_run = true;
			continue;
		}
		if (val == NULL || opt[0] != '-') {
			fputs(notify_usage, stderr);
			return CLI_BADINPUT;
		}
		i++;
		if ((taken = mailopts_take(&mo, "notify", opt, val)) < 0)
			return CLI_BADINPUT;
		if (taken > 0)
			continue;
		if (strcmp(opt, "--db") == 0) {
			db = val;
		} else if (strcmp(opt, "--today") == 0) {
			today_arg = val;
		} else {
			fprintf(stderr, "s3pm notify: unknown option \"%s\"\n", opt);
			fputs(notify_usage, stderr);
			return CLI_BADINPUT;
		}
	}
	if (mailopts_check(&mo, "notify") != 0)
		return CLI_BADINPUT;
	if (today_arg != NULL) {
		if (strlen(today_arg) != 10) {
			fprintf(stderr, "s3pm notify: --today takes a date YYYY-MM-DD, not \"%s\"\n", today_arg);
			return CLI_BADINPUT;
		}
		memcpy(today, today_arg, 11);
	} else {
		app_today(today);
	}
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	app.base_url = mo.base_url;
	rc = app_mail_remind(&app, &sys, today, &mo.cfg.remind, dry_run, &v, &n);
	if (rc == APP_EINPUT) {
		fprintf(stderr, "s3pm notify: --today takes a date YYYY-MM-DD, not \"%s\"\n", today);
		goto out;
	}
	if (rc != 0) {
		fprintf(stderr, "s3pm notify: %s\n", app_strerror(rc));
		goto out;
	}
	for (i = 0; i < n; i++)
		printf("%s %s to %s: %s\n", dry_run ? "would queue" : "queued", v[i].kind, v[i].to_addr,
		       v[i].subject);
	printf("%zu reminder%s %s for %s\n", n, n == 1 ? "" : "s", dry_run ? "due (dry run: nothing written)"
									 : "queued", today);
	status = CLI_OK;
	if (dry_run)
		goto out;
	if (mo.cfg.smtp_url == NULL) {
		printf("no SMTP server given (--smtp): the mails wait in the outbox\n");
		goto out;
	}
	if (mail_global_init() != 0) {
		cli_error("libcurl could not be initialised");
		status = CLI_BADINPUT;
		goto out;
	}
	curl_ready = true;
	rc = mail_drain(&app, &mo.cfg, &sent, &failed);
	if (rc != 0) {
		fprintf(stderr, "s3pm notify: the outbox: %s\n", app_strerror(rc));
		status = CLI_BADINPUT;
	}
	printf("%zu mail%s sent, %zu not sent (they stay in the outbox and are tried again)\n", sent,
	       sent == 1 ? "" : "s", failed);
	if (failed > 0 && status == CLI_OK)
		status = CLI_FINDINGS;
out:
	if (curl_ready)
		mail_global_cleanup();
	mail_free_list(v, n);
	app_close_store(&app);
	return status;
}
