/* page_admin.c - /admin, the administrators' overview, and /admin/accounts:
 * every account, filtered by role and state, and adding one (of any role,
 * with a generated password shown once). What the /admin pages share
 * (admin.h) lives here too. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "admin.h"
#include "app_partnership.h"
#include "app_user.h"
#include "ctx.h"
#include "edit.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

/* --- shared ------------------------------------------------------------- */

int
admin_gate(struct req *rq, struct resp *rs, bool *redirected)
{
	struct actor a = ctx_actor(rq);
	struct buf url;
	int rc;

	*redirected = false;
	if (rq->user != NULL)
		return policy_can_administer(&a) ? 0 : APP_EPERM;
	buf_init(&url, 2048);
	rc = html_raw(&url, "/login?next=");
	if (rc == 0)
		rc = html_url_arg(&url, rq->path != NULL ? rq->path : "/admin");
	if (rc == 0)
		rc = resp_redirect(rs, buf_cstr(&url));
	buf_cleanup(&url);
	*redirected = rc == 0;
	return rc;
}

int
admin_begin(struct req *rq, struct resp *rs, const char *title)
{
	int rc;

	TRY(layout_begin(rq, rs, title));
	if (rq->path != NULL && strcmp(rq->path, "/admin") != 0)
		TRY(html_raw(&rs->body, "<p><a href=\"/admin\">Back to the administration</a></p>\n"));
out:
	return rc;
}

int
admin_done(struct req *rq, struct buf *b, const char *const done[][2])
{
	const char *key = req_query(rq, "done");
	size_t i;

	if (key == NULL)
		return 0;
	for (i = 0; done[i][0] != NULL; i++)
		if (strcmp(done[i][0], key) == 0)
			return layout_notice(b, "success", done[i][1]);
	return 0;
}

int
admin_parse_id(const char *s, int64_t *out)
{
	long v;
	int rc = edit_parse_int(s, 1, 999999999, &v);

	*out = rc == 0 ? (int64_t)v : 0;
	return rc;
}

/* --- GET /admin ----------------------------------------------------------- */

int
page_admin(struct req *rq, struct resp *rs)
{
	struct buf *b = &rs->body;
	bool redirected;
	int rc;

	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	TRY(admin_begin(rq, rs, "Administration"));
	TRY(html_raw(b, "<p>Run the system: accounts, partnerships, reporting periods, and what "
			"happened (the audit log, the mails). Every change here is written to the "
			"audit log with your name.</p>\n<ul class=\"admin-sections\">\n"
			"<li><a href=\"/admin/accounts\">Accounts</a>: add an account of any role, change "
			"its role or partnership, deactivate it, reset its password.</li>\n"
			"<li><a href=\"/admin/partnerships\">Partnerships</a>: create one, rename it, "
			"change its thematic platform, manage its members.</li>\n"
			"<li><a href=\"/admin/periods\">Reporting periods</a>: add a period, change a "
			"deadline.</li>\n"
			"<li><a href=\"/admin/audit\">Audit log</a>: who did what and when, by object "
			"and action.</li>\n"
			"<li><a href=\"/admin/mail\">Mail outbox</a>: the mails waiting, sent and failed; "
			"send a failed one again.</li>\n</ul>\n"));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

/* --- GET /admin/accounts ---------------------------------------------------- */

/* What the add form keeps when it comes back with errors. */
struct account_form {
	const char *email, *name, *role, *partnership;
};

static const char *
partnership_name(const struct partnership_item *ps, size_t np, int64_t id)
{
	size_t i;

	for (i = 0; i < np; i++)
		if (ps[i].p.id == id)
			return ps[i].p.name;
	return NULL;
}

/* The role's <select> (value: the role's name) with selected chosen. */
static int
role_select(struct buf *b, const char *id, const char *selected, bool any)
{
	size_t i;
	int rc;

	TRY(html_raw(b, "<select id=\""));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\" name=\"role\">\n"));
	if (any)
		TRY(html_option(b, "", "Any role", selected == NULL || selected[0] == '\0'));
	for (i = 0; role_names[i] != NULL; i++)
		TRY(html_option(b, role_names[i], layout_role_label(role_names[i]),
				selected != NULL && strcmp(selected, role_names[i]) == 0));
	TRY(html_raw(b, "</select>\n"));
out:
	return rc;
}

int
admin_partnership_select(struct req *rq, struct buf *b, const char *id, const char *selected)
{
	struct actor a = ctx_actor(rq);
	struct partnership_item *ps = NULL;
	size_t np = 0, i;
	int rc;

	TRY(app_partnership_list(rq->app, &a, &ps, &np));
	TRY(html_raw(b, "<select id=\""));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\" name=\"partnership\">\n"));
	TRY(html_option(b, "", "None (not a coordinator or member)", selected == NULL || selected[0] == '\0'));
	for (i = 0; i < np; i++)
		TRY(html_option(b, ps[i].p.slug, ps[i].p.name, selected != NULL && strcmp(selected, ps[i].p.slug) == 0));
	TRY(html_raw(b, "</select>\n"));
out:
	partnership_item_free_list(ps, np);
	return rc;
}

static int
accounts_table(struct req *rq, struct buf *b, const char *role, const char *state)
{
	struct actor a = ctx_actor(rq);
	struct partnership_item *ps = NULL;
	struct user *u = NULL;
	size_t nu = 0, np = 0, i, shown = 0;
	const char *pn;
	int rc;

	TRY(app_user_list(rq->app, &a, 0, &u, &nu));
	TRY(app_partnership_list(rq->app, &a, &ps, &np));
	TRY(layout_table_begin(b, "accounts", "Accounts"));
	TRY(html_raw(b, "<th scope=\"col\">Name</th><th scope=\"col\">E-mail address</th>"
			"<th scope=\"col\">Role</th><th scope=\"col\">Partnership</th>"
			"<th scope=\"col\">Account</th></tr></thead>\n<tbody>\n"));
	for (i = 0; i < nu; i++) {
		char href[64];

		if (role[0] && strcmp(u[i].role, role) != 0)
			continue;
		if ((strcmp(state, "active") == 0 && !u[i].active) ||
		    (strcmp(state, "deactivated") == 0 && u[i].active))
			continue;
		shown++;
		snprintf(href, sizeof(href), "/admin/accounts/%lld", (long long)u[i].id);
		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_link(b, href, u[i].name != NULL && u[i].name[0] ? u[i].name : u[i].email));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, u[i].email));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_text(b, layout_role_label(u[i].role) != NULL ? layout_role_label(u[i].role) : u[i].role));
		TRY(html_raw(b, "</td><td>"));
		pn = u[i].partnership_id > 0 ? partnership_name(ps, np, u[i].partnership_id) : NULL;
		TRY(html_text(b, pn != NULL ? pn : "—"));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_raw(b, u[i].active ? "Active" : "<strong>Deactivated</strong>"));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	if (shown == 0)
		TRY(html_raw(b, "<tr><td colspan=\"5\">No account matches.</td></tr>\n"));
	TRY(layout_table_end(b));
	TRY(html_raw(b, "<p>"));
	TRY(html_textf(b, "%zu of %zu accounts shown.", shown, nu));
	TRY(html_raw(b, "</p>\n"));
out:
	user_free_list(u, nu);
	partnership_item_free_list(ps, np);
	return rc;
}

static int
filter_form(struct buf *b, const char *role, const char *state)
{
	int rc;

	TRY(html_raw(b, "<form id=\"account-filter\" class=\"stack narrow\" method=\"get\" "
			"action=\"/admin/accounts\">\n<div class=\"field\">\n"
			"<label for=\"f-role\">Role</label>\n"));
	TRY(role_select(b, "f-role", role, true));
	TRY(html_raw(b, "</div>\n<div class=\"field\">\n<label for=\"f-state\">State</label>\n"
			"<select id=\"f-state\" name=\"state\">\n"));
	TRY(html_option(b, "", "Active and deactivated", state[0] == '\0'));
	TRY(html_option(b, "active", "Active", strcmp(state, "active") == 0));
	TRY(html_option(b, "deactivated", "Deactivated", strcmp(state, "deactivated") == 0));
	TRY(html_raw(b, "</select>\n</div>\n<button type=\"submit\">Show</button>\n</form>\n"));
out:
	return rc;
}

static int
add_form(struct req *rq, struct buf *b, const struct account_form *f)
{
	int rc;

	TRY(html_raw(b, "<section aria-labelledby=\"h-add\">\n<h2 id=\"h-add\">Add an account</h2>\n"
			"<p>The new account gets a generated password, shown once on the next page.</p>\n"
			"<form id=\"account-form\" class=\"stack narrow\" method=\"post\" "
			"action=\"/admin/accounts\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"a-email\">E-mail address</label>\n"
			"<input id=\"a-email\" name=\"email\" type=\"email\" required maxlength=\"254\" "
			"autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" value=\""));
	TRY(html_attr(b, f != NULL ? f->email : NULL));
	TRY(html_raw(b, "\">\n</div>\n<div class=\"field\">\n<label for=\"a-name\">Name</label>\n"
			"<input id=\"a-name\" name=\"name\" type=\"text\" required maxlength=\"200\" "
			"autocomplete=\"off\" value=\""));
	TRY(html_attr(b, f != NULL ? f->name : NULL));
	TRY(html_raw(b, "\">\n</div>\n<div class=\"field\">\n<label for=\"a-role\">Role</label>\n"));
	TRY(role_select(b, "a-role", f != NULL && f->role != NULL ? f->role : "member", false));
	TRY(html_raw(b, "</div>\n<div class=\"field\">\n<label for=\"a-partnership\">Partnership</label>\n"));
	TRY(admin_partnership_select(rq, b, "a-partnership", f != NULL ? f->partnership : NULL));
	TRY(html_raw(b, "<p class=\"hint\">Coordinators and members belong to one partnership; the "
			"other roles to none.</p>\n</div>\n"
			"<button type=\"submit\">Add the account</button>\n</form>\n</section>\n"));
out:
	return rc;
}

static int
accounts_page(struct req *rq, struct resp *rs, const char *const *errs, size_t nerr,
	      const struct account_form *f)
{
	struct buf *b = &rs->body;
	const char *role = req_query(rq, "role"), *state = req_query(rq, "state");
	enum role r;
	int rc;

	/* An unknown filter shows everything rather than nothing. */
	if (role == NULL || role_parse(role, &r) != 0)
		role = "";
	if (state == NULL || (strcmp(state, "active") != 0 && strcmp(state, "deactivated") != 0))
		state = "";
	TRY(admin_begin(rq, rs, "Accounts"));
	TRY(render_input_errors(b, errs, nerr));
	TRY(filter_form(b, role, state));
	TRY(accounts_table(rq, b, role, state));
	TRY(add_form(rq, b, f));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_admin_accounts(struct req *rq, struct resp *rs)
{
	bool redirected;
	int rc;

	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	return accounts_page(rq, rs, NULL, 0, NULL);
}

/* --- POST /admin/accounts --------------------------------------------------- */

static int
added_page(struct req *rq, struct resp *rs, const struct user *u, const char *pw)
{
	struct buf *b = &rs->body;
	const char *rl = layout_role_label(u->role);
	char href[64];
	int rc;

	snprintf(href, sizeof(href), "/admin/accounts/%lld", (long long)u->id);
	TRY(admin_begin(rq, rs, "Account added"));
	TRY(html_raw(b, "<div class=\"notice notice-success\" role=\"status\"><p>"));
	TRY(html_textf(b, "%s (%s) was added as %s.", u->name, u->email, rl != NULL ? rl : u->role));
	TRY(html_raw(b, "</p></div>\n<p>Their initial password is shown only this once:</p>\n"
			"<p class=\"password\"><code>"));
	TRY(html_text(b, pw));
	TRY(html_raw(b, "</code></p>\n<p>Give it to them by a safe channel (not in the same "
			"e-mail as the address of this site). They log in with their e-mail "
			"address and this password, and can change it on their account page.</p>\n<p>"));
	TRY(html_link(b, href, "The new account"));
	TRY(html_raw(b, " · <a href=\"/admin/accounts\">All accounts</a></p>\n"));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_admin_account_add(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct account_form f = {0};
	struct user_input in = {0};
	struct app_msg msg = {{0}};
	char pw[APP_PW_CHARS + 1] = {0};
	const char *errs[4] = {NULL, NULL, NULL, NULL};
	struct partnership p;
	size_t nerr = 0;
	bool redirected;
	struct user u;
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&p, 0, sizeof(p));
	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	if (!rq->csrf_ok)
		return APP_EPERM;
	f.email = req_form(rq, "email");
	f.name = req_form(rq, "name");
	f.role = req_form(rq, "role");
	f.partnership = req_form(rq, "partnership");
	in.email = f.email != NULL ? f.email : "";
	in.name = f.name != NULL ? f.name : "";
	in.role = f.role != NULL ? f.role : "";
	if (f.partnership != NULL && f.partnership[0] != '\0') {
		if (app_partnership_by_slug(rq->app, f.partnership, &p) != 0) {
			errs[0] = "Choose the partnership from the list.";
			nerr = 1;
			rs->status = 400;
			rc = accounts_page(rq, rs, errs, nerr, &f);
			goto out;
		}
		in.partnership_id = p.id;
	}
	rc = app_user_add(rq->app, &a, &in, pw, &u, errs, &nerr, &msg);
	if ((rc == APP_EINPUT || rc == APP_ECONFLICT) && nerr > 0) {
		rs->status = rc == APP_EINPUT ? 400 : 409;
		rc = accounts_page(rq, rs, errs, nerr, &f);
		goto out;
	}
	if (rc != 0)
		goto out;
	rc = added_page(rq, rs, &u, pw);
out:
	sodium_memzero(pw, sizeof(pw));
	user_cleanup(&u);
	partnership_cleanup(&p);
	return rc;
}
