/* cmd_serve.c - s3pm serve: open the store, load the form, NUTS and static files, and run the web server. */
#include "cli.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_search.h"
#include "auth.h"
#include "doccache.h"
#include "form.h"
#include "http.h"
#include "mailopts.h"
#include "map.h"
#include "nuts.h"
#include "paths.h"
#include "web.h"

static const char serve_usage[] =
	"usage: s3pm serve [--listen 127.0.0.1:8080] [--db s3pm.db] [--threads N] [--max-body BYTES]\n"
	"                  [--session-hours H] [--access-log FILE] [--secure-cookies]\n"
	"                  " MAILOPTS_USAGE "\n"
	"                  [--legal-url URL] [--privacy-url URL] [--contact-url URL|mailto:ADDRESS]\n";

/* A footer link: http(s)://, mailto: or a path of this site, printable. */
static bool
footer_url_ok(const char *s)
{
	const unsigned char *p;

	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0 && strncmp(s, "mailto:", 7) != 0 &&
	    s[0] != '/')
		return false;
	if (strlen(s) > 2000)
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* --legal-url etc.: its value, or the environment's. */
static int
footer_link(const char *opt, const char *val, const char **out)
{
	if (!footer_url_ok(val)) {
		fprintf(stderr, "s3pm serve: %s takes an http(s):// or mailto: address or a path, not \"%s\"\n",
			opt, val);
		return -1;
	}
	*out = val;
	return 0;
}

/* A decimal number from min to max, digits only. */
static bool
parse_num(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v < min)
		return false;
	*out = v;
	return true;
}

int
cmd_serve(int argc, char **argv)
{
	struct http_config cfg;
	struct app app;
	struct app_msg msg = {{0}};
	struct mail_opts mo;
	struct mail_worker *mailer = NULL;
	char listen_url[300];
	bool curl_ready = false;
	const char *db = "s3pm.db";
	FILE *log = NULL;
	uint64_t v;
	int i, status = CLI_BADINPUT;

	memset(&app, 0, sizeof(app));
	http_config_init(&cfg);
	app.max_body = 1u << 20;
	app.session_hours = 12;
	if (mailopts_init(&mo, "serve") != 0)
		goto cleanup;
	{
		static const char *const env[] = {"S3PM_LEGAL_URL", "S3PM_PRIVACY_URL", "S3PM_CONTACT_URL"};
		const char **dst[] = {&app.legal_url, &app.privacy_url, &app.contact_url};
		size_t k;

		for (k = 0; k < 3; k++) {
			const char *ev = getenv(env[k]);

			if (ev != NULL && ev[0] != '\0' && footer_link(env[k], ev, dst[k]) != 0)
				goto cleanup;
		}
	}
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(opt, "--secure-cookies") == 0) {
			app.secure_cookies = true;
			continue;
		}
		if (val == NULL || opt[0] != '-') {
			fputs(serve_usage, stderr);
			goto cleanup;
		}
		i++;
		int taken = mailopts_take(&mo, "serve", opt, val);

		if (taken < 0)
			goto cleanup;
		if (taken > 0)
			continue;
		if (strcmp(opt, "--legal-url") == 0) {
			if (footer_link(opt, val, &app.legal_url) != 0)
				goto cleanup;
		} else if (strcmp(opt, "--privacy-url") == 0) {
			if (footer_link(opt, val, &app.privacy_url) != 0)
				goto cleanup;
		} else if (strcmp(opt, "--contact-url") == 0) {
			if (footer_link(opt, val, &app.contact_url) != 0)
				goto cleanup;
		} else if (strcmp(opt, "--listen") == 0) {
			cfg.listen = val;
		} else if (strcmp(opt, "--db") == 0) {
			db = val;
		} else if (strcmp(opt, "--threads") == 0) {
			if (!parse_num(val, 1, 256, &v)) {
				fprintf(stderr, "s3pm serve: --threads takes a number from 1 to 256, not \"%s\"\n", val);
				goto cleanup;
			}
			cfg.threads = (unsigned)v;
		} else if (strcmp(opt, "--max-body") == 0) {
			if (!parse_num(val, 1024, (uint64_t)1 << 30, &v)) {
				fprintf(stderr, "s3pm serve: --max-body takes bytes from 1024 to 1073741824, not \"%s\"\n",
					val);
				goto cleanup;
			}
			app.max_body = (size_t)v;
		} else if (strcmp(opt, "--access-log") == 0) {
			if (log != NULL)
				fclose(log);
			if ((log = fopen(val, "a")) == NULL) {
				fprintf(stderr, "s3pm serve: cannot open the access log %s\n", val);
				goto cleanup;
			}
			setvbuf(log, NULL, _IOLBF, 0);
			cfg.access_log = log;
		} else if (strcmp(opt, "--session-hours") == 0) {
			if (!parse_num(val, 1, 24 * 30, &v)) {
				fprintf(stderr, "s3pm serve: --session-hours takes a number from 1 to 720, not \"%s\"\n",
					val);
				goto cleanup;
			}
			app.session_hours = (int)v;
		} else {
			fprintf(stderr, "s3pm serve: unknown option \"%s\"\n", opt);
			fputs(serve_usage, stderr);
			goto cleanup;
		}
	}

	if (mailopts_check(&mo, "serve") != 0)
		goto cleanup;
	if (mo.base_url == NULL) {
		/* Links in mails lead to where this server listens unless told. */
		snprintf(listen_url, sizeof(listen_url), "http://%s", cfg.listen != NULL ? cfg.listen
										   : "127.0.0.1:8080");
		app.base_url = listen_url;
	} else {
		app.base_url = mo.base_url;
	}
	/* Every thread started from here on (the store's checkpointer, the
	 * mail worker, the web server's) leaves SIGTERM and SIGINT to the
	 * main thread, which waits for them in http_serve: the set is blocked
	 * before the first starts. */
	{
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGINT);
		pthread_sigmask(SIG_BLOCK, &set, NULL);
	}
	if (auth_init() != 0) {
		cli_error("libsodium could not be initialised");
		goto cleanup;
	}
	if (app_open_store(&app, db, &msg) != 0) {
		cli_error(msg.text);
		goto cleanup;
	}
	app.forms_dir = paths_forms_dir();
	if (form_load_id(app.forms_dir, PATHS_DEFAULT_FORM, &app.form, &msg) != 0) {
		cli_error(msg.text);
		goto cleanup;
	}
	if (cli_nuts_load_required(&app.nuts) != 0)
		goto cleanup;
	/* Reports stored before search existed, or saved without their
	 * index, are found again. A failure leaves them unfound, not the
	 * site down. */
	{
		size_t nidx = 0;
		int irc = app_search_reindex(&app, &nidx);

		if (irc != 0)
			fprintf(stderr, "s3pm: search index: %zu reports indexed, then: %s\n", nidx,
				app_strerror(irc));
		else if (nidx > 0)
			fprintf(stderr, "s3pm: search index: %zu reports indexed\n", nidx);
	}
	/* The map: without its file the map page says so and the rest
	 * works; a damaged file stops the start, naming file and line. */
	{
		char map_path[4096];
		int mrc;

		snprintf(map_path, sizeof(map_path), "%s/%s", paths_data_dir(), MAP_FILE);
		mrc = map_load(map_path, &app.map, &msg);
		if (mrc == APP_ENOTFOUND) {
			fprintf(stderr, "s3pm: no map at %s: /portfolio/map shows the tables only\n", map_path);
		} else if (mrc != 0) {
			cli_error(msg.text);
			goto cleanup;
		}
	}
	app.static_dir = paths_static_dir();
	app.data_dir = paths_data_dir();
	/* Room for the reports edited at one time; a full report is about
	 * 20 KB, so a few MB in practice (128 texts of 128 KB at worst). */
	app.docs = doccache_new(128, 128u << 10);
	if (app.docs == NULL) {
		cli_error("out of memory");
		goto cleanup;
	}

	if (mo.cfg.smtp_url != NULL) {
		if (mail_global_init() != 0) {
			cli_error("libcurl could not be initialised");
			goto cleanup;
		}
		curl_ready = true;
		if (mail_worker_start(&app, &mo.cfg, &mailer) != 0) {
			cli_error("cannot start the mail worker");
			goto cleanup;
		}
	} else {
		fputs("s3pm: no SMTP server (--smtp): mails wait in the outbox\n", stderr);
	}

	if (http_serve(&app, &cfg, &msg) != 0) {
		cli_error(msg.text);
		goto cleanup;
	}
	status = CLI_OK;
cleanup:
	mail_worker_stop(mailer);
	if (curl_ready)
		mail_global_cleanup();
	doccache_free(app.docs);
	nuts_free(app.nuts);
	map_free(app.map);
	form_free(app.form);
	app_close_store(&app);
	if (log != NULL)
		fclose(log);
	return status;
}
