/* auth.h - the web side of sessions: the session cookie, logging out, and
 * the login form's anti-CSRF token (sessions and passwords themselves:
 * app_session.h, credentials.h). */
#ifndef S3PM_AUTH_H
#define S3PM_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "app_session.h"
#include "credentials.h"
#include "web.h"

#define AUTH_SESSION_COOKIE "s3pm_session"
/* The pre-session anti-CSRF cookie of the login form (double submit). */
#define AUTH_LOGIN_COOKIE "s3pm_login"

/* Adds the Set-Cookie of a session token: s3pm_session=TOKEN; Path=/;
 * HttpOnly; SameSite=Strict; Max-Age=session lifetime (Secure when
 * app->secure_cookies). */
int auth_session_cookie(struct app *app, const char *token, struct resp *rs);

/* Deletes the request's session (if any) from the store and adds an
 * expiring cookie. The handler then redirects. */
int auth_logout(struct app *app, struct req *rq, struct resp *rs);

/* Login form anti-CSRF (double submit with a pre-session cookie):
 * page_login_form calls this INSIDE form#login. It writes
 * <input type="hidden" name="csrf" value="T"> into b and, when the request
 * has no s3pm_login cookie yet, adds one (Path=/login, HttpOnly,
 * SameSite=Strict, 1 hour). POST /login is refused with 403 by the server
 * unless the form's csrf equals that cookie. */
int auth_login_csrf(struct req *rq, struct resp *rs, struct buf *b);

#endif
