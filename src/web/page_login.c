/* page_login.c - logging in and out. The checks (passwords, throttling,
 * sessions, the login form's CSRF cookie) live in auth.c; these pages only
 * show the form and route the outcome. */
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "app_partnership.h"
#include "html.h"
#include "strutil.h"
#include "layout.h"
#include "pages.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

static int
login_form(struct req *rq, struct resp *rs, const char *email, const char *next,
	   const char *error)
{
	struct buf *b = &rs->body;
	int rc;

	TRY(layout_begin(rq, rs, "Log in"));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	else if (rq->user != NULL)
		TRY(layout_notice(b, "info", "You are already logged in. Logging in again "
					     "replaces your session."));
	TRY(html_raw(b, "<p>Partnership coordinators and members, committee members and "
			"Commission officers log in here. Published reports can be read without "
			"logging in.</p>\n"
			"<form id=\"login\" class=\"stack narrow\" method=\"post\" action=\"/login\">\n"));
	TRY(auth_login_csrf(rq, rs, b));
	if (layout_next_ok(next))
		TRY(html_hidden(b, "next", next));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"login-email\">E-mail address</label>\n"
			"<input id=\"login-email\" name=\"email\" type=\"email\" required "
			"maxlength=\"254\" autocomplete=\"username\" autocapitalize=\"none\" "
			"spellcheck=\"false\" value=\""));
	TRY(html_attr(b, email));
	TRY(html_raw(b, "\">\n</div>\n<div class=\"field\">\n"
			"<label for=\"login-password\">Password</label>\n"
			"<input id=\"login-password\" name=\"password\" type=\"password\" required "
			"maxlength=\"1024\" autocomplete=\"current-password\">\n</div>\n"
			"<button type=\"submit\">Log in</button>\n</form>\n"));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_login_form(struct req *rq, struct resp *rs)
{
	return login_form(rq, rs, NULL, req_query(rq, "next"), NULL);
}

/* Where to go after logging in: next when it is local, else the user's
 * work list. */
static int
after_login(struct resp *rs, const char *next)
{
	if (layout_next_ok(next))
		return resp_redirect(rs, next);
	return resp_redirect(rs, "/me");
}

int
page_login(struct req *rq, struct resp *rs)
{
	const char *email = req_form(rq, "email");
	const char *password = req_form(rq, "password");
	const char *next = req_form(rq, "next");
	struct app_msg msg = {{0}};
	char token[AUTH_TOKEN_HEX] = {0};
	struct user u;
	int rc;

	memset(&u, 0, sizeof(u));
	if (email == NULL || email[0] == '\0' || password == NULL || password[0] == '\0') {
		rs->status = 400;
		rc = login_form(rq, rs, email, next, "Enter your e-mail address and your password.");
		goto out;
	}
	rc = app_login(rq->app, email, password, rq->remote_addr, token, &u, &msg);
	if (rc == APP_EINPUT || rc == APP_EPERM) {
		/* Wrong credentials (401) or throttled (429): the form again,
		 * with auth's message, which says nothing about which was wrong. */
		rs->status = rc == APP_EPERM ? 429 : 401;
		rc = login_form(rq, rs, email, next,
				msg.text[0] ? msg.text : "Wrong e-mail address or password.");
		goto out;
	}
	if (rc != 0)
		goto out;
	TRY(auth_session_cookie(rq->app, token, rs));
	TRY(after_login(rs, next));
out:
	sodium_memzero(token, sizeof(token));
	user_cleanup(&u);
	return rc;
}

int
page_logout(struct req *rq, struct resp *rs)
{
	int rc;

	if (!rq->csrf_ok)
		return APP_EPERM;
	TRY(auth_logout(rq->app, rq, rs));
	TRY(resp_redirect(rs, "/"));
out:
	return rc;
}
