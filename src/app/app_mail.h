/* app_mail.h - e-mail as the application sees it: the outbox that the
 * events fill (app_outbox.h, inside their transactions), deadline
 * reminders, the worker's side of sending, and the outbox for admins.
 * Sending itself (SMTP) is the mail edge's (src/mail). */
#ifndef S3PM_APP_MAIL_H
#define S3PM_APP_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

/* Reminder settings: a reminder goes when a report is due in at most one
 * of days[] days (the smallest such threshold: one mail per threshold),
 * and an overdue notice once a deadline has passed, for OVERDUE_WINDOW
 * days after it (older deadlines are history, not news). */
#define APP_REMIND_MAX 8
#define APP_OVERDUE_WINDOW 30
struct remind_config {
	int days[APP_REMIND_MAX]; /* descending after app_remind_parse */
	size_t ndays;
};
/* "14,3" (days before a deadline, 0 to 366 each, at most APP_REMIND_MAX);
 * APP_EINPUT with the reason in msg otherwise. */
int app_remind_parse(const char *s, struct remind_config *out, struct app_msg *msg);

/* Queues the reminders due on today ("YYYY-MM-DD") for every partnership's
 * coordinators who have not turned reminders off: each at most once.
 * With dry_run nothing is written. *out lists the mails queued (or that
 * would be). The command-line operator and admins only. */
int app_mail_remind(struct app *app, const struct actor *a, const char *today,
		    const struct remind_config *rc, bool dry_run, struct mail **out, size_t *n);

/* The sending worker's side (the operator's: no actor). app_mail_next
 * claims the mail due first, if any (*got), for a lease of lease seconds;
 * app_mail_result records the attempt: sent, or due again after a delay
 * that doubles from retry_base seconds (at most six hours), failed for
 * good after APP_MAIL_ATTEMPTS attempts. */
#define APP_MAIL_ATTEMPTS 10
int app_mail_next(struct app *app, int64_t now, int64_t lease, struct mail *m, bool *got);
int app_mail_result(struct app *app, const struct mail *m, bool sent, const char *error,
		    int64_t now, int retry_base);

/* The outbox, newest first (status: an enum mail_status or -1), and the
 * number of mails in each status: admins only. app_mail_retry queues a
 * failed mail again (audited). */
int app_mail_outbox(struct app *app, const struct actor *a, int status, size_t limit,
		    struct mail **out, size_t *n);
int app_mail_counts(struct app *app, const struct actor *a, size_t counts[4]);
int app_mail_retry(struct app *app, const struct actor *a, int64_t id);

/* The caller's own deadline reminders on or off. */
int app_user_set_reminders(struct app *app, const struct actor *a, bool on);

#endif
