/* page_members.c - a partnership's members: the list (for those who follow
 * the partnership) and adding a member or coordinator (its coordinator, and
 * administrators), who gets a random initial password shown once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app_user.h"
#include "ctx.h"
#include "html.h"
#include "layout.h"
#include "links.h"
#include "pages.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

struct member_form {
	const char *email;
	const char *name;
	const char *role;
};

static int
members_table(struct req *rq, struct buf *b, const struct report_view *c)
{
	struct user *u = NULL;
	size_t n = 0, i;
	enum role r;
	int rc;

	TRY(app_user_list(rq->app, &c->actor, c->p.id, &u, &n));
	if (n == 0) {
		TRY(html_raw(b, "<p>No members yet.</p>\n"));
		goto out;
	}
	TRY(html_raw(b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
			"aria-labelledby=\"cap-members\">\n<table id=\"members\">\n"
			"<caption id=\"cap-members\">Members of the partnership</caption>\n"
			"<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">E-mail address</th>"
			"<th scope=\"col\">Role</th><th scope=\"col\">Account</th></tr></thead>\n"
			"<tbody>\n"));
	for (i = 0; i < n; i++) {
		TRY(html_raw(b, "<tr><th scope=\"row\">"));
		TRY(html_text(b, u[i].name));
		TRY(html_raw(b, "</th><td>"));
		TRY(html_text(b, u[i].email));
		TRY(html_raw(b, "</td><td>"));
		if (role_parse(u[i].role, &r) == 0 && r == ROLE_COORDINATOR)
			TRY(html_raw(b, "Coordinator"));
		else if (role_parse(u[i].role, &r) == 0 && r == ROLE_MEMBER)
			TRY(html_raw(b, "Member"));
		else
			TRY(html_text(b, u[i].role));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_raw(b, u[i].active ? "Active" : "Inactive"));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n"));
out:
	user_free_list(u, n);
	return rc;
}

static int
add_form(struct req *rq, struct buf *b, const struct report_view *c, const struct member_form *pf)
{
	bool coord = pf != NULL && pf->role != NULL && strcmp(pf->role, "coordinator") == 0;
	int rc;

	TRY(html_raw(b, "<h2 id=\"h-add\">Add a member</h2>\n"
			"<form id=\"member-form\" class=\"stack narrow\" method=\"post\" action=\""));
	TRY(attr_report(b, c->p.slug, NULL, "members"));
	TRY(html_raw(b, "\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"m-email\">E-mail address</label>\n"
			"<input id=\"m-email\" name=\"email\" type=\"email\" required maxlength=\"254\" "
			"autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" value=\""));
	TRY(html_attr(b, pf != NULL ? pf->email : NULL));
	TRY(html_raw(b, "\">\n</div>\n<div class=\"field\">\n<label for=\"m-name\">Name</label>\n"
			"<input id=\"m-name\" name=\"name\" type=\"text\" required maxlength=\"200\" "
			"autocomplete=\"off\" value=\""));
	TRY(html_attr(b, pf != NULL ? pf->name : NULL));
	TRY(html_raw(b, "\">\n</div>\n<fieldset class=\"field\">\n<legend>Role</legend>\n"
			"<div class=\"choice\"><input type=\"radio\" id=\"m-role-member\" name=\"role\" "
			"value=\"member\""));
	TRY(html_raw(b, coord ? "" : " checked"));
	TRY(html_raw(b, "> <label for=\"m-role-member\">Member: fills in the reports</label></div>\n"
			"<div class=\"choice\"><input type=\"radio\" id=\"m-role-coordinator\" "
			"name=\"role\" value=\"coordinator\""));
	TRY(html_raw(b, coord ? " checked" : ""));
	TRY(html_raw(b, "> <label for=\"m-role-coordinator\">Coordinator: also submits the "
			"reports and manages the members</label></div>\n</fieldset>\n"
			"<button type=\"submit\">Add the member</button>\n</form>\n"));
out:
	return rc;
}

static int
members_page(struct req *rq, struct resp *rs, const struct report_view *c, const char *const *errs,
	     size_t nerr, const struct member_form *pf)
{
	struct buf *b = &rs->body;
	int rc;

	TRY(resp_titlef(rs, "Members: %s", c->p.name != NULL ? c->p.name : ""));
	TRY(layout_begin(rq, rs, rs->title));
	TRY(render_input_errors(b, errs, nerr));
	TRY(html_raw(b, "<p>"));
	TRY(a_partnership(b, c->p.slug, NULL, "Back to the partnership"));
	TRY(html_raw(b, "</p>\n"));
	TRY(members_table(rq, b, c));
	if (policy_can_manage_members(&c->actor, c->p.id))
		TRY(add_form(rq, b, c, pf));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_members(struct req *rq, struct resp *rs)
{
	struct report_view c;
	int rc;

	TRY(ctx_load_at(rq, rq->nparams > 0 ? rq->params[0] : NULL, NULL, &c));
	/* The partnership itself is public; who belongs to it is not. */
	if (!policy_can_follow(&c.actor, c.p.id)) {
		rc = APP_EPERM;
		goto out;
	}
	TRY(members_page(rq, rs, &c, NULL, 0, NULL));
out:
	report_view_cleanup(&c);
	return rc;
}

/* --- POST /p/:slug/members ------------------------------------------------ */

static int
added_page(struct req *rq, struct resp *rs, const struct report_view *c, const struct user *u,
	   const char *pw)
{
	struct buf *b = &rs->body;
	int rc;

	TRY(layout_begin(rq, rs, "Member added"));
	TRY(html_raw(b, "<div class=\"notice notice-success\" role=\"status\"><p>"));
	TRY(html_text(b, u->name));
	TRY(html_raw(b, " ("));
	TRY(html_text(b, u->email));
	TRY(html_raw(b, strcmp(u->role, "coordinator") == 0 ? ") was added as a coordinator.</p></div>\n"
							       : ") was added as a member.</p></div>\n"));
	TRY(html_raw(b, "<p>Their initial password is shown only this once:</p>\n"
			"<p class=\"password\"><code>"));
	TRY(html_text(b, pw));
	TRY(html_raw(b, "</code></p>\n<p>Give it to them by a safe channel (not in the same "
			"e-mail as the address of this site). They log in with their e-mail "
			"address and this password.</p>\n<p><a href=\""));
	TRY(attr_report(b, c->p.slug, NULL, "members"));
	TRY(html_raw(b, "\">Back to the members</a></p>\n"));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

int
page_members_add(struct req *rq, struct resp *rs)
{
	struct member_form pf = {0};
	struct user_input in = {0};
	struct app_msg msg = {{0}};
	char pw[APP_PW_CHARS + 1] = {0};
	const char *errs[4];
	size_t nerr = 0;
	struct user u;
	struct report_view c;
	int rc;

	memset(&u, 0, sizeof(u));
	TRY(ctx_load_at(rq, rq->nparams > 0 ? rq->params[0] : NULL, NULL, &c));
	if (!rq->csrf_ok || !policy_can_manage_members(&c.actor, c.p.id)) {
		rc = APP_EPERM;
		goto out;
	}
	pf.email = req_form(rq, "email");
	pf.name = req_form(rq, "name");
	pf.role = req_form(rq, "role");
	in.email = pf.email != NULL ? pf.email : "";
	in.name = pf.name != NULL ? pf.name : "";
	in.role = pf.role != NULL ? pf.role : "";
	/* Here only members and coordinators are added, to this partnership. */
	if (strcmp(in.role, "member") != 0 && strcmp(in.role, "coordinator") != 0)
		in.role = "";
	in.partnership_id = c.p.id;
	rc = app_user_add(rq->app, &c.actor, &in, pw, &u, errs, &nerr, &msg);
	if ((rc == APP_EINPUT || rc == APP_ECONFLICT) && nerr > 0) {
		rs->status = rc == APP_EINPUT ? 400 : 409;
		rc = members_page(rq, rs, &c, errs, nerr, &pf);
		goto out;
	}
	if (rc != 0)
		goto out;
	TRY(added_page(rq, rs, &c, &u, pw));
out:
	sodium_memzero(pw, sizeof(pw));
	user_cleanup(&u);
	report_view_cleanup(&c);
	return rc;
}
