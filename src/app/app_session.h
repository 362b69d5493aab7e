/* app_session.h - logging in and out, and the session behind a cookie. */
#ifndef S3PM_APP_SESSION_H
#define S3PM_APP_SESSION_H

#include "app.h"
#include "credentials.h"

/* Login throttling: failures counted per e-mail address and per client
 * address over a sliding window. */
#define AUTH_WINDOW_SECONDS (15 * 60)
#define AUTH_MAX_FAILS_EMAIL 5
#define AUTH_MAX_FAILS_IP 20

/* Checks an e-mail/password pair and opens a session, ending the user's
 * other sessions. On success returns 0, writes the cookie token (hex) into
 * token_out and the user into user_out (caller: user_cleanup); the session
 * is stored with its CSRF token.
 * Errors, each with msg set to a text safe to show:
 *   APP_EINPUT  wrong e-mail or password, or an inactive account (one text
 *               for all: "Wrong e-mail address or password.");
 *   APP_EPERM   too many failures: "Too many failed attempts; try again in
 *               N minutes." (nothing was checked);
 *   others      store failures.
 * At most AUTH_MAX_FAILS_EMAIL failures per e-mail and AUTH_MAX_FAILS_IP per
 * remote_addr (may be NULL) in AUTH_WINDOW_SECONDS. An unknown e-mail costs
 * as much time as a wrong password. A password hashed with old parameters
 * is rehashed on success. */
int app_login(struct app *app, const char *email, const char *password, const char *remote_addr,
	      char token_out[AUTH_TOKEN_HEX], struct user *user_out, struct app_msg *msg);

/* The logged-in user changes their own password: old_pw must be the
 * current one (wrong guesses count as failed logins and are throttled the
 * same way); new_pw has at least 10 characters, differs from the current
 * one and from the e-mail address. The user's other sessions end; current
 * stays. APP_EINPUT / APP_EPERM with msg a text to show; nothing changes
 * then. */
int app_password_change(struct app *app, const struct actor *a, const struct session *current,
			const char *old_pw, const char *new_pw, const char *remote_addr, struct app_msg *msg);

/* Ends session s (NULL: nothing) and records it. */
int app_logout(struct app *app, const struct session *s);

/* The session of a cookie token: 0 and *s, *u filled (caller:
 * user_cleanup) when the session exists, has not expired and its user is
 * active; APP_ENOTFOUND otherwise (also for a malformed token). */
int app_session_find(struct app *app, const char *token, struct session *s, struct user *u);

#endif
