/* mailopts.h - the mail options that `s3pm serve` and `s3pm notify` share:
 * flags, with the environment as their defaults. */
#ifndef S3PM_MAILOPTS_H
#define S3PM_MAILOPTS_H

#include <stdbool.h>

#include "mail.h"

struct mail_opts {
	struct mail_config cfg;
	const char *base_url;
	const char *password_file; /* read by mailopts_check into password */
	char password[1024];
};

/* Defaults from S3PM_SMTP, S3PM_MAIL_FROM, S3PM_BASE_URL,
 * S3PM_REMIND_DAYS (else 14,3), S3PM_MAIL_RETRY (else 60 seconds),
 * S3PM_SMTP_USER and S3PM_SMTP_PASSWORD_FILE.
 * -1 (printed, naming the variable) when one is malformed. */
int mailopts_init(struct mail_opts *o, const char *cmd);
/* opt with its value val: 1 when it is a mail option (taken), 0 when it
 * is not, -1 (printed) when its value is wrong. */
int mailopts_take(struct mail_opts *o, const char *cmd, const char *opt, const char *val);
/* The options agree (an SMTP server needs a sender, a user a password
 * file), and the password file is read (its first line); -1 printed. */
int mailopts_check(struct mail_opts *o, const char *cmd);

#define MAILOPTS_USAGE                                                                    \
	"[--smtp smtp://HOST:PORT] [--mail-from ADDRESS] [--base-url URL]\n"             \
	"                  [--remind-days 14,3] [--mail-retry SECONDS]\n"                  \
	"                  [--smtp-user NAME --smtp-password-file FILE]"

#endif
