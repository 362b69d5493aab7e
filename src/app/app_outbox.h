/* app_outbox.h - inside the application layer only (never included by an
 * edge): the mails an event sends, queued in the event's own transaction
 * so that they go out exactly when the event happened. */
#ifndef S3PM_APP_OUTBOX_H
#define S3PM_APP_OUTBOX_H

#include "app.h"

struct store;

enum mail_event {
	MAIL_EV_SUBMITTED,   /* to the committee */
	MAIL_EV_RESUBMITTED, /* to the committee, after a return */
	MAIL_EV_RETURNED,    /* to the partnership */
	MAIL_EV_PUBLISHED,   /* to the partnership: accepted and published */
	MAIL_EV_DECISION     /* to the partnership */
};

/* Queues the mails of one event about partnership p (period: the report's,
 * or the decision's term for MAIL_EV_DECISION) on st, inside the running
 * transaction. The mails name the event and link to its page; they never
 * carry an answer, a comment or a decision's text. */
int outbox_event(struct app *app, struct store *st, enum mail_event ev, const struct partnership *p,
		 const char *period, int64_t object_id);

#endif
