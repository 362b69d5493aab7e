/* auth.c - the web side of sessions: the session cookie, logging out, and
 * the login form's anti-CSRF token. Credentials and sessions themselves
 * are the application layer's (app_session.c, credentials.c). */
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "http.h"

#define LOGIN_COOKIE_SECONDS 3600

int
auth_session_cookie(struct app *app, const char *token, struct resp *rs)
{
	char c[256];
	int hours = app->session_hours > 0 ? app->session_hours : 12;

	if (!auth_token_well_formed(token))
		return APP_EINPUT;
	snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", AUTH_SESSION_COOKIE,
		 token, hours * 3600, app->secure_cookies ? "; Secure" : "");
	return resp_cookie(rs, c);
}

int
auth_logout(struct app *app, struct req *rq, struct resp *rs)
{
	char c[160];
	int rc = 0;

	if (rq->session != NULL)
		rc = app_logout(app, rq->session);
	snprintf(c, sizeof(c), "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", AUTH_SESSION_COOKIE,
		 app->secure_cookies ? "; Secure" : "");
	if (rc == 0)
		rc = resp_cookie(rs, c);
	return rc;
}

int
auth_login_csrf(struct req *rq, struct resp *rs, struct buf *b)
{
	const char *have = req_cookie(rq, AUTH_LOGIN_COOKIE);
	char token[AUTH_TOKEN_HEX];
	int rc;

	if (auth_token_well_formed(have)) {
		memcpy(token, have, AUTH_TOKEN_HEX);
	} else {
		char c[200];

		auth_random_token(token);
		snprintf(c, sizeof(c), "%s=%s; Path=/login; HttpOnly; SameSite=Strict; Max-Age=%d%s",
			 AUTH_LOGIN_COOKIE, token, LOGIN_COOKIE_SECONDS,
			 rq->app != NULL && rq->app->secure_cookies ? "; Secure" : "");
		if ((rc = resp_cookie(rs, c)) != 0)
			return rc;
	}
	return html_hidden(b, "csrf", token);
}

