/* page_admin_account.c - /admin/accounts/:id, one account for
 * administrators: its details, and changing its role and partnership,
 * deactivating or activating it, resetting its password (a generated one,
 * shown once). Each change ends the account's sessions where the
 * application layer says so, and is audited there. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "admin.h"
#include "app_partnership.h"
#include "app_user.h"
#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

static const char *const account_done[][2] = {
	{"role", "The role was changed. The account's sessions have ended: the new rights apply "
		 "from its next login."},
	{"deactivated", "The account was deactivated. Its sessions have ended and it cannot log in."},
	{"activated", "The account was activated. It can log in again."},
	{NULL, NULL},
};

/* The account of the route's :id, for an administrator. */
static int
load(struct req *rq, struct user *u)
{
	struct actor a = ctx_actor(rq);
	int64_t id;

	memset(u, 0, sizeof(*u));
	if (admin_parse_id(rq->nparams > 0 ? rq->params[0] : NULL, &id) != 0)
		return APP_ENOTFOUND;
	return app_user_get(rq->app, &a, id, u);
}

static int
action(struct buf *b, const struct user *u, const char *what)
{
	int rc;

	TRY(html_raw(b, "\" method=\"post\" action=\""));
	TRY(html_attrf(b, "/admin/accounts/%lld/%s", (long long)u->id, what));
	TRY(html_raw(b, "\">\n"));
out:
	return rc;
}

static int
account_page(struct req *rq, struct resp *rs, const struct user *u, const char *error)
{
	struct buf *b = &rs->body;
	struct partnership p;
	const char *rl = layout_role_label(u->role);
	char href[96];
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	TRY(resp_titlef(rs, "Account: %s", u->name != NULL && u->name[0] ? u->name : u->email));
	TRY(admin_begin(rq, rs, rs->title));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	else
		TRY(admin_done(rq, b, account_done));
	if (u->partnership_id > 0 && app_partnership_by_id(rq->app, u->partnership_id, &p) != 0)
		partnership_cleanup(&p);
	TRY(html_raw(b, "<dl class=\"facts\">\n<dt>Name</dt><dd>"));
	TRY(html_text(b, u->name));
	TRY(html_raw(b, "</dd>\n<dt>E-mail address</dt><dd>"));
	TRY(html_text(b, u->email));
	TRY(html_raw(b, "</dd>\n<dt>Role</dt><dd>"));
	TRY(html_text(b, rl != NULL ? rl : u->role));
	TRY(html_raw(b, "</dd>\n<dt>Partnership</dt><dd>"));
	if (p.slug != NULL) {
		struct buf url;

		buf_init(&url, 512);
		rc = html_raw(&url, "/p/");
		if (rc == 0)
			rc = html_url_arg(&url, p.slug);
		if (rc == 0)
			rc = html_link(b, buf_cstr(&url), p.name);
		buf_cleanup(&url);
		if (rc != 0)
			goto out;
	} else {
		TRY(html_raw(b, "—"));
	}
	TRY(html_raw(b, "</dd>\n<dt>State</dt><dd>"));
	TRY(html_raw(b, u->active ? "Active" : "Deactivated: cannot log in"));
	TRY(html_raw(b, "</dd>\n<dt>Created</dt><dd>"));
	TRY(render_time(b, u->created_at));
	TRY(html_raw(b, "</dd>\n</dl>\n<p>"));
	snprintf(href, sizeof(href), "/admin/audit?object=user%%3A%lld", (long long)u->id);
	TRY(html_link(b, href, "This account in the audit log"));
	TRY(html_raw(b, "</p>\n"));

	/* Role and partnership. */
	TRY(html_raw(b, "<section aria-labelledby=\"h-role\">\n<h2 id=\"h-role\">Role and partnership</h2>\n"
			"<p>The account's sessions end, so that the new rights apply from its next "
			"login.</p>\n<form id=\"role-form\" class=\"stack narrow"));
	TRY(action(b, u, "role"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"r-role\">Role</label>\n"
			"<select id=\"r-role\" name=\"role\">\n"));
	for (i = 0; role_names[i] != NULL; i++)
		TRY(html_option(b, role_names[i], layout_role_label(role_names[i]),
				strcmp(u->role, role_names[i]) == 0));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n"
			"<label for=\"r-partnership\">Partnership</label>\n"));
	TRY(admin_partnership_select(rq, b, "r-partnership", p.slug));
	TRY(html_raw(b, "<p class=\"hint\">Coordinators and members belong to one partnership; the "
			"other roles to none.</p>\n</div>\n"
			"<button type=\"submit\">Change the role</button>\n</form>\n</section>\n"));

	/* Active or not. */
	TRY(html_raw(b, "<section aria-labelledby=\"h-active\">\n<h2 id=\"h-active\">Access</h2>\n"));
	TRY(html_raw(b, u->active ? "<p>A deactivated account cannot log in; its sessions end at "
				    "once. Its name stays in the history.</p>\n"
				  : "<p>This account is deactivated. Activated again, it logs in with "
				    "its password.</p>\n"));
	TRY(html_raw(b, "<form id=\"active-form\" class=\"stack narrow"));
	TRY(action(b, u, "active"));
	TRY(layout_csrf(rq, b));
	TRY(html_hidden(b, "active", u->active ? "no" : "yes"));
	TRY(html_raw(b, u->active ? "<button type=\"submit\">Deactivate the account</button>\n"
				  : "<button type=\"submit\">Activate the account</button>\n"));
	TRY(html_raw(b, "</form>\n</section>\n"));

	/* Password. */
	TRY(html_raw(b, "<section aria-labelledby=\"h-reset\">\n<h2 id=\"h-reset\">Password</h2>\n"
			"<p>A new password is generated and shown once; the old one stops working and "
			"the account's sessions end.</p>\n<form id=\"reset-form\" class=\"stack narrow"));
	TRY(action(b, u, "password"));
	TRY(layout_csrf(rq, b));
	/* Tells the form from an empty POST, which changes nothing. */
	TRY(html_hidden(b, "reset", "password"));
	TRY(html_raw(b, "<button type=\"submit\">Reset the password</button>\n</form>\n</section>\n"));
	TRY(layout_end(rq, rs));
out:
	partnership_cleanup(&p);
	return rc;
}

int
page_admin_account(struct req *rq, struct resp *rs)
{
	bool redirected;
	struct user u;
	int rc;

	memset(&u, 0, sizeof(u));
	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	TRY(load(rq, &u));
	rc = account_page(rq, rs, &u, NULL);
out:
	user_cleanup(&u);
	return rc;
}

/* The start of each POST: the gate, the token, the account. */
static int
post_begin(struct req *rq, struct resp *rs, struct user *u, bool *redirected)
{
	int rc;

	memset(u, 0, sizeof(*u));
	if ((rc = admin_gate(rq, rs, redirected)) != 0 || *redirected)
		return rc;
	if (!rq->csrf_ok)
		return APP_EPERM;
	return load(rq, u);
}

static int
redirect_done(struct resp *rs, const struct user *u, const char *done)
{
	char url[96];

	snprintf(url, sizeof(url), "/admin/accounts/%lld?done=%s", (long long)u->id, done);
	return resp_redirect(rs, url);
}

/* A refusal for bad input: 400 and the page again with the reason. */
static int
bad_input(struct req *rq, struct resp *rs, const struct user *u, const char *why)
{
	rs->status = 400;
	return account_page(rq, rs, u, why);
}

int
page_admin_account_role(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *role = req_form(rq, "role"), *slug = req_form(rq, "partnership");
	struct app_msg msg = {{0}};
	struct partnership p;
	bool redirected;
	struct user u;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = post_begin(rq, rs, &u, &redirected)) != 0 || redirected)
		goto out;
	if (role == NULL || role[0] == '\0') {
		rc = bad_input(rq, rs, &u, "Choose the role.");
		goto out;
	}
	if (slug != NULL && slug[0] != '\0' && app_partnership_by_slug(rq->app, slug, &p) != 0) {
		rc = bad_input(rq, rs, &u, "Choose the partnership from the list.");
		goto out;
	}
	rc = app_user_set_role(rq->app, &a, u.email, role, p.id, &msg);
	if (rc == APP_EINPUT) {
		rc = bad_input(rq, rs, &u, msg.text);
		goto out;
	}
	if (rc == 0)
		rc = redirect_done(rs, &u, "role");
out:
	partnership_cleanup(&p);
	user_cleanup(&u);
	return rc;
}

int
page_admin_account_active(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *v = req_form(rq, "active");
	struct app_msg msg = {{0}};
	bool redirected, on;
	struct user u;
	int rc;

	if ((rc = post_begin(rq, rs, &u, &redirected)) != 0 || redirected)
		goto out;
	if (v == NULL || (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)) {
		rc = bad_input(rq, rs, &u, "Say whether the account is to be active (yes or no).");
		goto out;
	}
	on = strcmp(v, "yes") == 0;
	rc = app_user_set_active(rq->app, &a, u.email, on, &msg);
	if (rc == APP_EINPUT) {
		rc = bad_input(rq, rs, &u, msg.text);
		goto out;
	}
	if (rc == 0)
		rc = redirect_done(rs, &u, on ? "activated" : "deactivated");
out:
	user_cleanup(&u);
	return rc;
}

int
page_admin_account_password(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *v = req_form(rq, "reset");
	char pw[APP_PW_CHARS + 1] = {0};
	struct app_msg msg = {{0}};
	struct buf *b = &rs->body;
	char href[64];
	bool redirected;
	struct user u;
	int rc;

	if ((rc = post_begin(rq, rs, &u, &redirected)) != 0 || redirected)
		goto out;
	if (v == NULL || strcmp(v, "password") != 0) {
		rc = bad_input(rq, rs, &u, "Use the button \"Reset the password\" to reset it.");
		goto out;
	}
	/* The administrator's own session stays if it is their own account. */
	TRY(app_user_set_password(rq->app, &a, u.email, NULL,
				  rq->session != NULL ? rq->session->token_hash : NULL, pw, &msg));
	snprintf(href, sizeof(href), "/admin/accounts/%lld", (long long)u.id);
	TRY(admin_begin(rq, rs, "Password reset"));
	TRY(html_raw(b, "<div class=\"notice notice-success\" role=\"status\"><p>"));
	TRY(html_textf(b, "The password of %s (%s) was reset; their sessions have ended.", u.name, u.email));
	TRY(html_raw(b, "</p></div>\n<p>The new password is shown only this once:</p>\n"
			"<p class=\"password\"><code>"));
	TRY(html_text(b, pw));
	TRY(html_raw(b, "</code></p>\n<p>Give it to them by a safe channel. They can change it on "
			"their account page.</p>\n<p>"));
	TRY(html_link(b, href, "Back to the account"));
	TRY(html_raw(b, "</p>\n"));
	TRY(layout_end(rq, rs));
out:
	sodium_memzero(pw, sizeof(pw));
	user_cleanup(&u);
	return rc;
}
