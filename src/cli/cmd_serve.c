/* cmd_serve.c - s3pm serve: open the store, load the form, NUTS and static files, and run the web server. */
#include "cli.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_maint.h"
#include "app_search.h"
#include "auth.h"
#include "conf.h"
#include "doccache.h"
#include "form.h"
#include "http.h"
#include "mailopts.h"
#include "map.h"
#include "metrics.h"
#include "netaddr.h"
#include "nuts.h"
#include "paths.h"
#include "web.h"

static const char serve_usage[] =
	"usage: s3pm serve [--listen 127.0.0.1:8080] [--db s3pm.db] [--threads N] [--max-body BYTES]\n"
	"                  [--session-hours H] [--access-log FILE] [--secure-cookies|--no-secure-cookies]\n"
	"                  [--trusted-proxies LIST] [--metrics-allow LIST]\n"
	"                  [--search-merge-after N] [--search-merge-quiet SECONDS]\n"
	"                  " MAILOPTS_USAGE "\n"
	"                  [--legal-url URL] [--privacy-url URL] [--contact-url URL|mailto:ADDRESS]\n";

/* What the options set, before the server starts. */
struct serve_opts {
	struct http_config cfg;
	struct app *app;
	struct mail_opts mo;
	const char *db;
	FILE *log;
	struct netlist trusted, metrics;
	struct app_maint_config maint; /* the search index's housekeeping */
};

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

/* An address list of --trusted-proxies or --metrics-allow ("none": empty). */
static int
set_list(const char *what, const char *val, struct netlist *l)
{
	struct app_msg msg = {{0}};

	netlist_free(l);
	if (strcmp(val, "none") == 0)
		return 0;
	if (netlist_parse(val, l, &msg) != 0) {
		fprintf(stderr, "s3pm serve: %s: %s\n", what, msg.text);
		return -1;
	}
	if (l->n == 0) {
		fprintf(stderr, "s3pm serve: %s: no address (write none for an empty list)\n", what);
		return -1;
	}
	return 0;
}

/* The option opt with value val, given as what (the flag, or the
 * environment variable standing for it). 0, or -1 printed. */
static int
serve_set(struct serve_opts *o, const char *what, const char *opt, const char *val)
{
	struct app *app = o->app;
	uint64_t v;
	int taken = mailopts_take(&o->mo, "serve", opt, val);

	if (taken != 0)
		return taken < 0 ? -1 : 0;
	if (strcmp(opt, "--legal-url") == 0 || strcmp(opt, "--privacy-url") == 0 ||
	    strcmp(opt, "--contact-url") == 0) {
		if (!footer_url_ok(val)) {
			fprintf(stderr, "s3pm serve: %s takes an http(s):// or mailto: address or a path, not \"%s\"\n",
				what, val);
			return -1;
		}
		*(opt[2] == 'l' ? &app->legal_url : opt[2] == 'p' ? &app->privacy_url : &app->contact_url) = val;
	} else if (strcmp(opt, "--secure-cookies") == 0) {
		int b;

		if (conf_bool(val, &b) != 0) {
			fprintf(stderr, "s3pm serve: %s takes true or false, not \"%s\"\n", what, val);
			return -1;
		}
		app->secure_cookies = b != 0;
	} else if (strcmp(opt, "--listen") == 0) {
		o->cfg.listen = val;
	} else if (strcmp(opt, "--db") == 0) {
		o->db = val;
	} else if (strcmp(opt, "--threads") == 0) {
		if (!parse_num(val, 1, 256, &v)) {
			fprintf(stderr, "s3pm serve: %s takes a number from 1 to 256, not \"%s\"\n", what, val);
			return -1;
		}
		o->cfg.threads = (unsigned)v;
	} else if (strcmp(opt, "--max-body") == 0) {
		if (!parse_num(val, 1024, (uint64_t)1 << 30, &v)) {
			fprintf(stderr, "s3pm serve: %s takes bytes from 1024 to 1073741824, not \"%s\"\n", what,
				val);
			return -1;
		}
		app->max_body = (size_t)v;
	} else if (strcmp(opt, "--access-log") == 0) {
		if (o->log != NULL)
			fclose(o->log);
		if ((o->log = fopen(val, "a")) == NULL) {
			fprintf(stderr, "s3pm serve: %s: cannot open the access log %s\n", what, val);
			return -1;
		}
		setvbuf(o->log, NULL, _IOLBF, 0);
		o->cfg.access_log = o->log;
	} else if (strcmp(opt, "--session-hours") == 0) {
		if (!parse_num(val, 1, 24 * 30, &v)) {
			fprintf(stderr, "s3pm serve: %s takes a number from 1 to 720, not \"%s\"\n", what, val);
			return -1;
		}
		app->session_hours = (int)v;
	} else if (strcmp(opt, "--search-merge-after") == 0) {
		if (!parse_num(val, 1, 1000000, &v)) {
			fprintf(stderr, "s3pm serve: %s takes a number from 1 to 1000000, not \"%s\"\n", what, val);
			return -1;
		}
		o->maint.min_writes = (unsigned long)v;
		o->maint.force_writes = 25 * (unsigned long)v;
	} else if (strcmp(opt, "--search-merge-quiet") == 0) {
		if (!parse_num(val, 1, 86400, &v)) {
			fprintf(stderr, "s3pm serve: %s takes seconds from 1 to 86400, not \"%s\"\n", what, val);
			return -1;
		}
		o->maint.quiet_s = (unsigned)v;
		o->maint.check_s = v >= 60 ? 30 : (unsigned)(v + 1) / 2;
	} else if (strcmp(opt, "--trusted-proxies") == 0) {
		return set_list(what, val, &o->trusted);
	} else if (strcmp(opt, "--metrics-allow") == 0) {
		return set_list(what, val, &o->metrics);
	} else {
		fprintf(stderr, "s3pm serve: unknown option \"%s\"\n", opt);
		fputs(serve_usage, stderr);
		return -1;
	}
	return 0;
}

/* The environment (and through it the configuration file), then the flags. */
static int
serve_options(struct serve_opts *o, int argc, char **argv)
{
	static const char *const env[][2] = {
		{"S3PM_LEGAL_URL", "--legal-url"},     {"S3PM_PRIVACY_URL", "--privacy-url"},
		{"S3PM_CONTACT_URL", "--contact-url"}, {"S3PM_LISTEN", "--listen"},
		{"S3PM_DB", "--db"},                   {"S3PM_THREADS", "--threads"},
		{"S3PM_MAX_BODY", "--max-body"},       {"S3PM_SESSION_HOURS", "--session-hours"},
		{"S3PM_ACCESS_LOG", "--access-log"},   {"S3PM_SECURE_COOKIES", "--secure-cookies"},
		{"S3PM_TRUSTED_PROXIES", "--trusted-proxies"}, {"S3PM_METRICS_ALLOW", "--metrics-allow"},
		{"S3PM_SEARCH_MERGE_AFTER", "--search-merge-after"},
		{"S3PM_SEARCH_MERGE_QUIET", "--search-merge-quiet"},
	};
	size_t k;
	int i;

	if (mailopts_init(&o->mo, "serve") != 0)
		return -1;
	if (set_list("the default of --metrics-allow", "127.0.0.0/8, ::1", &o->metrics) != 0)
		return -1;
	for (k = 0; k < sizeof(env) / sizeof(env[0]); k++) {
		const char *ev = getenv(env[k][0]);

		if (ev != NULL && ev[0] != '\0' && serve_set(o, env[k][0], env[k][1], ev) != 0)
			return -1;
	}
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(opt, "--secure-cookies") == 0 || strcmp(opt, "--no-secure-cookies") == 0) {
			o->app->secure_cookies = opt[2] == 's';
			continue;
		}
		if (val == NULL || opt[0] != '-') {
			fputs(serve_usage, stderr);
			return -1;
		}
		i++;
		if (serve_set(o, opt, opt, val) != 0)
			return -1;
	}
	return 0;
}

int
cmd_serve(int argc, char **argv)
{
	struct serve_opts o;
	struct app app;
	struct app_msg msg = {{0}};
	struct mail_worker *mailer = NULL;
	struct app_maint *maint = NULL;
	static const struct app_maint_config maint_defaults = APP_MAINT_DEFAULTS;
	char listen_url[300];
	bool curl_ready = false;
	int status = CLI_BADINPUT;

	memset(&app, 0, sizeof(app));
	memset(&o, 0, sizeof(o));
	o.app = &app;
	o.db = "s3pm.db";
	o.maint = maint_defaults;
	http_config_init(&o.cfg);
	app.max_body = 1u << 20;
	app.session_hours = 12;
	if (serve_options(&o, argc, argv) != 0)
		goto cleanup;
	app.trusted_proxies = &o.trusted;
	app.metrics_allow = &o.metrics;

	if (mailopts_check(&o.mo, "serve") != 0)
		goto cleanup;
	if (o.mo.base_url == NULL) {
		/* Links in mails lead to where this server listens unless told. */
		snprintf(listen_url, sizeof(listen_url), "http://%s", o.cfg.listen != NULL ? o.cfg.listen
										   : "127.0.0.1:8080");
		app.base_url = listen_url;
	} else {
		app.base_url = o.mo.base_url;
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
	if (app_open_store(&app, o.db, &msg) != 0) {
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

	if (o.mo.cfg.smtp_url != NULL) {
		if (mail_global_init() != 0) {
			cli_error("libcurl could not be initialised");
			goto cleanup;
		}
		curl_ready = true;
		if (mail_worker_start(&app, &o.mo.cfg, &mailer) != 0) {
			cli_error("cannot start the mail worker");
			goto cleanup;
		}
	} else {
		fputs("s3pm: no SMTP server (--smtp): mails wait in the outbox\n", stderr);
	}

	/* Without the housekeeping thread the site works; searches slow
	 * down as saves split the index, until s3pm reindex merges it. */
	if (app_maint_start(&app, &o.maint, &maint) != 0)
		fputs("s3pm: cannot start the search index's housekeeping thread\n", stderr);
	metrics_init();
	if (http_serve(&app, &o.cfg, &msg) != 0) {
		cli_error(msg.text);
		goto cleanup;
	}
	status = CLI_OK;
cleanup:
	app_maint_stop(maint);
	mail_worker_stop(mailer);
	if (curl_ready)
		mail_global_cleanup();
	doccache_free(app.docs);
	nuts_free(app.nuts);
	map_free(app.map);
	form_free(app.form);
	app_close_store(&app);
	if (o.log != NULL)
		fclose(o.log);
	netlist_free(&o.trusted);
	netlist_free(&o.metrics);
	return status;
}
