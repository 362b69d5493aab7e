/* page_account.c - /account: the logged-in user's own account; for now
 * their details and changing their password (the current one asked; their
 * other sessions end). */
#include <string.h>

#include "app_mail.h"
#include "app_session.h"
#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "pages.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* Which mails come to the user, and the reminders switch for those who
 * receive reminders (coordinators). */
static int
mail_section(struct req *rq, struct buf *b)
{
	const struct user *u = rq->user;
	struct actor a = ctx_actor(rq);
	int rc;

	TRY(html_raw(b, "<section aria-labelledby=\"h-mail\">\n<h2 id=\"h-mail\">E-mail</h2>\n<p>"));
	switch (a.role) {
	case ROLE_COORDINATOR:
	case ROLE_MEMBER:
		TRY(html_raw(b, "You receive a mail when a report of your partnership is returned with "
				"comments or accepted and published, and when the Commission records a "
				"decision on it."));
		break;
	case ROLE_COMMITTEE:
		TRY(html_raw(b, "You receive a mail when a report is submitted for review."));
		break;
	default:
		TRY(html_raw(b, "No mails about reports come to your role."));
		break;
	}
	TRY(html_raw(b, " Mails name the report and link to it; what it says stays here.</p>\n"));
	if (a.role == ROLE_COORDINATOR) {
		TRY(html_raw(b, "<form id=\"reminders-form\" class=\"stack narrow\" method=\"post\" "
				"action=\"/account/reminders\">\n"));
		TRY(layout_csrf(rq, b));
		/* An unticked box sends nothing: this field tells the form
		 * from an empty POST, which changes nothing. */
		TRY(html_raw(b, "<input type=\"hidden\" name=\"setting\" value=\"reminders\">\n"));
		TRY(html_raw(b, "<div class=\"field check\">\n<input id=\"reminders\" name=\"reminders\" "
				"type=\"checkbox\" value=\"on\""));
		if (u->reminders)
			TRY(html_raw(b, " checked"));
		TRY(html_raw(b, " aria-describedby=\"reminders-hint\">\n<label for=\"reminders\">Send me "
				"deadline reminders</label>\n<p id=\"reminders-hint\" class=\"hint\">Before a "
				"report of your partnership is due, and once when it is overdue.</p>\n</div>\n"
				"<button type=\"submit\">Save</button>\n</form>\n"));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

/* The page, with error (about the password) and the tokens section's
 * new token and error (each may be NULL). */
static int
render_page(struct req *rq, struct resp *rs, const char *error, const char *new_token, const char *token_error)
{
	struct buf *b = &rs->body;
	const struct user *u = rq->user;
	int rc;

	TRY(layout_begin(rq, rs, "Your account"));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	else if (req_query(rq, "done") != NULL && strcmp(req_query(rq, "done"), "password") == 0)
		TRY(layout_notice(b, "success", "Your password was changed. Your sessions in other "
						"browsers have ended."));
	else if (req_query(rq, "done") != NULL && strcmp(req_query(rq, "done"), "reminders") == 0)
		TRY(layout_notice(b, "success", u->reminders ? "Deadline reminders are on."
							      : "Deadline reminders are off."));
	else if (req_query(rq, "done") != NULL && strcmp(req_query(rq, "done"), "revoked") == 0)
		TRY(layout_notice(b, "success", "The token was revoked: it no longer works."));
	TRY(html_raw(b, "<dl class=\"facts\">\n<dt>Name</dt><dd>"));
	TRY(html_text(b, u->name != NULL && u->name[0] ? u->name : "—"));
	TRY(html_raw(b, "</dd>\n<dt>E-mail address</dt><dd>"));
	TRY(html_text(b, u->email));
	TRY(html_raw(b, "</dd>\n</dl>\n"
			"<section aria-labelledby=\"h-password\">\n"
			"<h2 id=\"h-password\">Change your password</h2>\n"
			"<p>Give your current password, then the new one twice. The new one needs at "
			"least 10 characters. Your sessions in other browsers end; this one stays.</p>\n"
			"<form id=\"password-form\" class=\"stack narrow\" method=\"post\" action=\"/account\">\n"));
	TRY(layout_csrf(rq, b));
	/* The address, for password managers: they file the new password
	 * under it. */
	TRY(html_raw(b, "<input type=\"hidden\" name=\"username\" autocomplete=\"username\" value=\""));
	TRY(html_attr(b, u->email));
	TRY(html_raw(b, "\">\n"
			"<div class=\"field\">\n<label for=\"pw-current\">Current password</label>\n"
			"<input id=\"pw-current\" name=\"current\" type=\"password\" required "
			"maxlength=\"1024\" autocomplete=\"current-password\">\n</div>\n"
			"<div class=\"field\">\n<label for=\"pw-new\">New password</label>\n"
			"<input id=\"pw-new\" name=\"new\" type=\"password\" required minlength=\"10\" "
			"maxlength=\"1024\" autocomplete=\"new-password\" aria-describedby=\"pw-new-hint\">\n"
			"<p id=\"pw-new-hint\" class=\"hint\">At least 10 characters.</p>\n</div>\n"
			"<div class=\"field\">\n<label for=\"pw-again\">New password again</label>\n"
			"<input id=\"pw-again\" name=\"again\" type=\"password\" required minlength=\"10\" "
			"maxlength=\"1024\" autocomplete=\"new-password\">\n</div>\n"
			"<button type=\"submit\">Change the password</button>\n</form>\n</section>\n"));
	TRY(mail_section(rq, b));
	TRY(account_tokens_section(rq, b, new_token, token_error));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
own_account_page(struct req *rq, struct resp *rs, const char *new_token, const char *token_error)
{
	return render_page(rq, rs, NULL, new_token, token_error);
}

int
page_account(struct req *rq, struct resp *rs)
{
	if (rq->user == NULL)
		return resp_redirect(rs, "/login?next=%2Faccount");
	return render_page(rq, rs, NULL, NULL, NULL);
}

int
page_account_password(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *cur = req_form(rq, "current"), *nw = req_form(rq, "new"), *again = req_form(rq, "again");
	struct app_msg msg = {{0}};
	int rc;

	if (rq->user == NULL || rq->session == NULL || !rq->csrf_ok)
		return APP_EPERM;
	if (nw == NULL || again == NULL || strcmp(nw, again) != 0) {
		rs->status = 400;
		return render_page(rq, rs, "The new password and its repetition differ.", NULL, NULL);
	}
	rc = app_password_change(rq->app, &a, rq->session, cur, nw, rq->remote_addr, &msg);
	if (rc == APP_EINPUT || rc == APP_EPERM) {
		rs->status = rc == APP_EPERM ? 429 : 400;
		return render_page(rq, rs, msg.text, NULL, NULL);
	}
	if (rc != 0)
		return rc;
	return resp_redirect(rs, "/account?done=password");
}

int
page_account_reminders(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *v = req_form(rq, "reminders");
	int rc;

	if (rq->user == NULL || !rq->csrf_ok)
		return APP_EPERM;
	if (a.role != ROLE_COORDINATOR)
		return APP_EPERM;
	if (req_form(rq, "setting") == NULL || strcmp(req_form(rq, "setting"), "reminders") != 0)
		return APP_EINPUT;
	rc = app_user_set_reminders(rq->app, &a, v != NULL && strcmp(v, "on") == 0);
	if (rc != 0)
		return rc;
	return resp_redirect(rs, "/account?done=reminders");
}
