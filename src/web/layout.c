/* layout.c - the accessible frame of every page: head, skip link, header
 * with navigation and login state, main, footer. No inline script or style:
 * the Content-Security-Policy allows /static files only. */
#include "layout.h"

#include <string.h>

#include "app_partnership.h"
#include "app_work.h"
#include "ctx.h"
#include "html.h"
#include "http.h"
#include "page_text.h"
#include "strutil.h"
#include "policy.h"

#define SITE_NAME PAGE_TEXT_SITE_NAME

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

const char *
layout_role_label(const char *role)
{
	enum role r;

	if (role_parse(role, &r) != 0)
		return NULL;
	switch (r) {
	case ROLE_ADMIN:
		return "Administrator";
	case ROLE_COMMISSION:
		return "Commission officer";
	case ROLE_COMMITTEE:
		return "Committee member";
	case ROLE_COORDINATOR:
		return "Partnership coordinator";
	case ROLE_MEMBER:
		return "Partnership member";
	default:
		return NULL;
	}
}

static int
nav_link(struct buf *b, const char *href, const char *text, bool current)
{
	int rc;

	TRY(html_raw(b, "<li>"));
	TRY(html_link_attrs(b, href, text, current ? "aria-current=\"page\"" : NULL));
	TRY(html_raw(b, "</li>\n"));
out:
	return rc;
}

/* "My work", with the number of things awaiting the user. */
static int
work_link(struct req *rq, struct buf *b)
{
	struct actor a = ctx_actor(rq);
	bool here = rq->path != NULL && strcmp(rq->path, "/me") == 0;
	size_t n = 0;
	int rc;

	TRY(html_raw(b, here ? "<li><a href=\"/me\" aria-current=\"page\">My work"
			     : "<li><a href=\"/me\">My work"));
	/* A page must not fail for want of its header's count. */
	if (app_worklist_count(rq->app, &a, &n) == 0 && n > 0) {
		TRY(html_raw(b, " <span class=\"badge\">"));
		TRY(html_textf(b, "%zu", n));
		TRY(html_raw(b, "<span class=\"visually-hidden\"> waiting</span></span>"));
	}
	TRY(html_raw(b, "</a></li>\n"));
out:
	return rc;
}

bool
layout_next_ok(const char *p)
{
	return str_local_path(p) && strncmp(p, "/login", 6) != 0 && strncmp(p, "/logout", 7) != 0;
}

int
layout_begin(struct req *rq, struct resp *rs, const char *title)
{
	struct buf *b = &rs->body;
	const struct user *u = rq->user;
	struct partnership p;
	const char *rl;
	bool have_p = false;
	int rc;

	memset(&p, 0, sizeof(p));
	if (title == NULL || title[0] == '\0')
		title = SITE_NAME;
	if (rs->title == NULL && (rc = resp_title(rs, title)) != 0)
		goto out;
	TRY(html_raw(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			"<title>"));
	TRY(html_text(b, title));
	if (strcmp(title, SITE_NAME) != 0)
		TRY(html_raw(b, " – " SITE_NAME));
	TRY(html_raw(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
			"<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
			"<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">\n"
			"<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
			"<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
			"<header class=\"site-header\">\n<div class=\"wrap\">\n"
			"<a class=\"site-name\" href=\"/\">" SITE_NAME "</a>\n"
			"<nav class=\"site-nav\" aria-label=\"Main\">\n<ul>\n"));
	TRY(nav_link(b, "/", "Partnerships", rq->path != NULL && strcmp(rq->path, "/") == 0));
	TRY(nav_link(b, "/portfolio", "Portfolio", rq->path != NULL && strcmp(rq->path, "/portfolio") == 0));
	TRY(nav_link(b, "/search", "Search", rq->path != NULL && strcmp(rq->path, "/search") == 0));
	if (u != NULL && u->partnership_id > 0 &&
	    app_partnership_by_id(rq->app, u->partnership_id, &p) == 0) {
		struct buf href;
		size_t plen;

		have_p = true;
		buf_init(&href, 2048);
		rc = html_raw(&href, "/p/");
		if (rc == 0)
			rc = html_url_arg(&href, p.slug);
		plen = rq->path != NULL ? strlen(rq->path) : 0;
		if (rc == 0)
			rc = nav_link(b, buf_cstr(&href), "My partnership",
				      plen > 0 && strcmp(rq->path, buf_cstr(&href)) == 0);
		buf_cleanup(&href);
		if (rc != 0)
			goto out;
	}
	if (u != NULL)
		TRY(work_link(rq, b));
	if (u != NULL) {
		struct actor a = ctx_actor(rq);

		/* The section's pages are in it ("true"), the overview is it. */
		if (policy_can_administer(&a)) {
			bool here = rq->path != NULL && strcmp(rq->path, "/admin") == 0;
			bool in = rq->path != NULL && strncmp(rq->path, "/admin/", 7) == 0;

			TRY(html_raw(b, "<li>"));
			TRY(html_link_attrs(b, "/admin", "Administration",
					    here ? "aria-current=\"page\"" : in ? "aria-current=\"true\"" : NULL));
			TRY(html_raw(b, "</li>\n"));
		}
	}
	TRY(html_raw(b, "</ul>\n"));
	if (u != NULL) {
		TRY(html_raw(b, "<div class=\"user\">\n<p class=\"user-name\">Logged in as <strong>"));
		TRY(html_text(b, u->name != NULL && u->name[0] ? u->name : u->email));
		TRY(html_raw(b, "</strong>"));
		rl = layout_role_label(u->role);
		if (rl != NULL) {
			TRY(html_raw(b, " <span class=\"user-role\">("));
			TRY(html_text(b, rl));
			if (have_p) {
				TRY(html_raw(b, ", "));
				TRY(html_text(b, p.name));
			}
			TRY(html_raw(b, ")</span>"));
		}
		TRY(html_raw(b, "</p>\n"));
		TRY(html_link_attrs(b, "/account", "Your account",
				    rq->path != NULL && strcmp(rq->path, "/account") == 0 ? "aria-current=\"page\""
											: NULL));
		TRY(html_raw(b, "\n<form id=\"logout\" method=\"post\" action=\"/logout\">\n"));
		TRY(layout_csrf(rq, b));
		TRY(html_raw(b, "<button type=\"submit\" class=\"link-button\">Log out</button>\n"
				"</form>\n</div>\n"));
	} else {
		TRY(html_raw(b, "<p class=\"user\"><a class=\"login-link\" href=\"/login"));
		/* HEAD answers as GET does, to the byte. */
		if (rq->method != NULL && (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0) &&
		    layout_next_ok(rq->path) &&
		    strcmp(rq->path, "/") != 0) {
			TRY(html_raw(b, "?next="));
			TRY(html_url_arg(b, rq->path));
		}
		TRY(html_raw(b, "\">Log in</a></p>\n"));
	}
	TRY(html_raw(b, "</nav>\n</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>"));
	TRY(html_text(b, title));
	TRY(html_raw(b, "</h1>\n"));
out:
	partnership_cleanup(&p);
	return rc;
}

int
layout_end(struct req *rq, struct resp *rs)
{
	const struct app *app = rq != NULL ? rq->app : NULL;
	struct buf *b = &rs->body;
	int rc;

	TRY(html_raw(b, "</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n"));
	if (app != NULL && (app->legal_url != NULL || app->privacy_url != NULL || app->contact_url != NULL)) {
		/* The operator's own pages, as configured. */
		TRY(html_raw(b, "<ul class=\"footer-links\">\n"));
		if (app->legal_url != NULL) {
			TRY(html_raw(b, "<li>"));
			TRY(html_link(b, app->legal_url, "Legal notice"));
			TRY(html_raw(b, "</li>\n"));
		}
		if (app->privacy_url != NULL) {
			TRY(html_raw(b, "<li>"));
			TRY(html_link(b, app->privacy_url, "Privacy statement"));
			TRY(html_raw(b, "</li>\n"));
		}
		if (app->contact_url != NULL) {
			TRY(html_raw(b, "<li>"));
			TRY(html_link(b, app->contact_url, "Contact"));
			TRY(html_raw(b, "</li>\n"));
		}
		TRY(html_raw(b, "</ul>\n"));
	}
	rc = html_raw(b,
			"<p>" PAGE_TEXT_FOOTER " "
			"<a href=\"https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12\">"
			"European Union Public Licence (EUPL-1.2)</a>.</p>\n"
			"<p class=\"data-sources\">NUTS: © EuroGeographics for the administrative "
			"boundaries; Source: Eurostat</p>\n"
			"</div>\n</footer>\n</body>\n</html>\n");
out:
	return rc;
}

int
layout_csrf(struct req *rq, struct buf *b)
{
	if (rq == NULL || rq->session == NULL || rq->session->csrf[0] == '\0')
		return 0;
	return html_hidden(b, "csrf", rq->session->csrf);
}

int
layout_table_begin(struct buf *b, const char *id, const char *caption)
{
	int rc;

	TRY(html_raw(b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-"));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\">\n<table id=\""));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\">\n<caption id=\"cap-"));
	TRY(html_attr(b, id));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, caption));
	TRY(html_raw(b, "</caption>\n<thead><tr>"));
out:
	return rc;
}

int
layout_table_end(struct buf *b)
{
	return html_raw(b, "</tbody>\n</table>\n</div>\n");
}

int
layout_notice(struct buf *b, const char *kind, const char *text)
{
	int rc;

	if (kind == NULL || (strcmp(kind, "error") != 0 && strcmp(kind, "success") != 0))
		kind = "info";
	TRY(html_raw(b, "<div class=\"notice notice-"));
	TRY(html_attr(b, kind));
	TRY(html_raw(b, "\" role=\"status\"><p>"));
	TRY(html_text(b, text));
	TRY(html_raw(b, "</p></div>\n"));
out:
	return rc;
}

int
layout_error(struct req *rq, const char *title, const char *message, bool login_link, char **body,
	     size_t *len)
{
	struct req anon;
	struct resp rs;
	int rc;

	if (rq == NULL) {
		memset(&anon, 0, sizeof(anon));
		rq = &anon;
	}
	resp_init(&rs);
	TRY(layout_begin(rq, &rs, title));
	TRY(html_raw(&rs.body, "<p class=\"error-message\" role=\"alert\">"));
	TRY(html_text(&rs.body, message));
	TRY(html_raw(&rs.body, "</p>\n"));
	if (login_link && rq->user == NULL)
		TRY(html_raw(&rs.body, "<p><a href=\"/login\">Log in</a></p>\n"));
	TRY(html_raw(&rs.body, "<p><a href=\"/\">Back to the partnerships</a></p>\n"));
	TRY(layout_end(rq, &rs));
	*body = buf_take(&rs.body, len);
	if (*body == NULL)
		rc = APP_ENOMEM;
out:
	resp_cleanup(&rs);
	return rc;
}
