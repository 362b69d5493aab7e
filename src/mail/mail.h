/* mail.h - the mail edge: the outbox's mails sent through an SMTP server
 * with libcurl (plain text and an HTML alternative), once by a command
 * (mail_drain) or by a worker thread inside `s3pm serve`. The mails
 * themselves are written by the application layer (app_mail.h). */
#ifndef S3PM_MAIL_H
#define S3PM_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "app_mail.h"
#include "buf.h"

/* The longest error text of one attempt. */
#define MAIL_ERR_MAX 512

struct mail_config {
	const char *smtp_url;  /* smtp://HOST:PORT (STARTTLS when offered), smtps://...;
				* user:password@ in it to log in; NULL: mails wait */
	const char *from;      /* the sender address */
	const char *from_name; /* its display name; NULL: "S3 Partnership Monitor" */
	const char *user;      /* logs in as user with password when not NULL */
	const char *password;
	int retry_base;        /* seconds before the first retry (doubling); 0: 60 */
	long timeout;          /* seconds per attempt; 0: 30 */
	int poll_ms;           /* how often the worker looks for due mails; 0: 1000 */
	struct remind_config remind; /* ndays 0: no reminders from the worker */
};

/* Once per process, before any thread starts (libcurl's global state). */
int mail_global_init(void);
void mail_global_cleanup(void);

/* Sends m once. 0, or APP_EIO with the SMTP server's or libcurl's words in
 * err. */
int mail_send(const struct mail_config *cfg, const struct mail *m, char *err, size_t errn);

/* The HTML alternative of m's plain-text body (mail_html.c): its
 * paragraphs, the links made links, everything escaped. */
int mail_html(const struct mail *m, struct buf *out);

/* Sends every mail due now, one attempt each, and records each result.
 * *sent and *failed count the attempts (either may be NULL). */
int mail_drain(struct app *app, const struct mail_config *cfg, size_t *sent, size_t *failed);

/* The worker of `s3pm serve`: sends what is due every poll, and queues
 * the due reminders at start and then hourly. Messages go to stderr. */
struct mail_worker;
int mail_worker_start(struct app *app, const struct mail_config *cfg, struct mail_worker **out);
void mail_worker_stop(struct mail_worker *w);

#endif
