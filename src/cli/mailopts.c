/* mailopts.c - the mail options of `s3pm serve` and `s3pm notify`. */
#include "mailopts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "strutil.h"

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* An address without spaces or control characters after its scheme. */
static bool
url_ok(const char *s, const char *const *schemes)
{
	const unsigned char *p;
	size_t i;

	for (i = 0; schemes[i] != NULL; i++)
		if (starts(s, schemes[i]) && strlen(s) > strlen(schemes[i]))
			break;
	if (schemes[i] == NULL || strlen(s) > 2000)
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}

static const char *const smtp_schemes[] = {"smtp://", "smtps://", NULL};
static const char *const web_schemes[] = {"http://", "https://", NULL};

static int
set(struct mail_opts *o, const char *cmd, const char *what, const char *opt, const char *val)
{
	struct app_msg msg = {{0}};

	if (strcmp(opt, "--smtp") == 0) {
		if (!url_ok(val, smtp_schemes)) {
			fprintf(stderr, "s3pm %s: %s takes smtp://HOST:PORT or smtps://HOST:PORT, not \"%s\"\n",
				cmd, what, val);
			return -1;
		}
		o->cfg.smtp_url = val;
	} else if (strcmp(opt, "--mail-from") == 0) {
		if (!str_email_ok(val)) {
			fprintf(stderr, "s3pm %s: %s takes an e-mail address, not \"%s\"\n", cmd, what, val);
			return -1;
		}
		o->cfg.from = val;
	} else if (strcmp(opt, "--base-url") == 0) {
		if (!url_ok(val, web_schemes)) {
			fprintf(stderr, "s3pm %s: %s takes the site's address, http(s)://HOST[:PORT][/PATH],"
					" not \"%s\"\n", cmd, what, val);
			return -1;
		}
		o->base_url = val;
	} else if (strcmp(opt, "--smtp-user") == 0) {
		if (val[0] == '\0' || str_has_control(val) || strlen(val) > 256) {
			fprintf(stderr, "s3pm %s: %s takes a user name, not \"%s\"\n", cmd, what, val);
			return -1;
		}
		o->cfg.user = val;
	} else if (strcmp(opt, "--smtp-password-file") == 0) {
		o->password_file = val;
	} else if (strcmp(opt, "--remind-days") == 0) {
		if (app_remind_parse(val, &o->cfg.remind, &msg) != 0) {
			fprintf(stderr, "s3pm %s: %s: %s\n", cmd, what, msg.text);
			return -1;
		}
	} else if (strcmp(opt, "--mail-retry") == 0) {
		const char *p = val;
		int v = 0;

		for (; *p >= '0' && *p <= '9' && v <= 86400; p++)
			v = v * 10 + (*p - '0');
		if (*val == '\0' || *p != '\0' || v < 1 || v > 86400) {
			fprintf(stderr, "s3pm %s: %s takes seconds from 1 to 86400, not \"%s\"\n", cmd, what,
				val);
			return -1;
		}
		o->cfg.retry_base = v;
	} else {
		return 0;
	}
	return 1;
}

int
mailopts_init(struct mail_opts *o, const char *cmd)
{
	static const char *const env[][2] = {
		{"S3PM_SMTP", "--smtp"},          {"S3PM_MAIL_FROM", "--mail-from"},
		{"S3PM_BASE_URL", "--base-url"},  {"S3PM_REMIND_DAYS", "--remind-days"},
		{"S3PM_MAIL_RETRY", "--mail-retry"}, {"S3PM_SMTP_USER", "--smtp-user"},
		{"S3PM_SMTP_PASSWORD_FILE", "--smtp-password-file"},
	};
	struct app_msg msg = {{0}};
	size_t i;

	memset(o, 0, sizeof(*o));
	o->cfg.retry_base = 60;
	if (app_remind_parse("14,3", &o->cfg.remind, &msg) != 0)
		return -1;
	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		const char *v = getenv(env[i][0]);

		if (v != NULL && v[0] != '\0' && set(o, cmd, env[i][0], env[i][1], v) < 0)
			return -1;
	}
	return 0;
}

int
mailopts_take(struct mail_opts *o, const char *cmd, const char *opt, const char *val)
{
	return set(o, cmd, opt, opt, val);
}

int
mailopts_check(struct mail_opts *o, const char *cmd)
{
	if ((o->cfg.user != NULL) != (o->password_file != NULL)) {
		fprintf(stderr, "s3pm %s: --smtp-user and --smtp-password-file go together\n", cmd);
		return -1;
	}
	if (o->password_file != NULL) {
		struct app_msg msg = {{0}};
		char *text = NULL;
		size_t len = 0;

		if (fileio_read(o->password_file, sizeof(o->password) - 1, &text, &len, &msg) != 0) {
			fprintf(stderr, "s3pm %s: the SMTP password: %s\n", cmd, msg.text);
			return -1;
		}
		len = strcspn(text, "\r\n");
		memcpy(o->password, text, len);
		o->password[len] = '\0';
		memset(text, 0, len);
		free(text);
		o->cfg.password = o->password;
	}
	if (o->cfg.smtp_url != NULL && o->cfg.from == NULL) {
		fprintf(stderr, "s3pm %s: --smtp needs --mail-from ADDRESS (or S3PM_MAIL_FROM), the sender"
				" of the mails\n", cmd);
		return -1;
	}
	return 0;
}
