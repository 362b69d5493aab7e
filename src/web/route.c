/* route.c - the route table of docs/internals/web.md and the matcher that fills the route parameters. */
#include "route.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_v1.h"
#include "pages.h"

/* Order matters only among routes of the same shape; the :period and
 * :slug constraints keep "members" and "decisions" apart from periods. */
static const struct route table[] = {
	{"GET", "/", page_index, 0},
	{"GET", "/login", page_login_form, 0},
	{"POST", "/login", page_login, ROUTE_LOGIN},
	{"POST", "/logout", page_logout, ROUTE_STATE | ROUTE_LOGOUT},
	{"GET", "/me", page_me, 0},
	{"GET", "/search", page_search, 0},
	{"GET", "/portfolio", page_dashboard, 0},
	{"GET", "/portfolio.xlsx", page_portfolio_xlsx, 0},
	{"GET", "/portfolio.csv", page_portfolio_csv, 0},
	{"GET", "/portfolio/map", page_map, 0},
	{"GET", "/regions/:code", page_region, 0},
	{"GET", "/account", page_account, 0},
	{"POST", "/account", page_account_password, ROUTE_STATE},
	{"POST", "/account/reminders", page_account_reminders, ROUTE_STATE},
	{"GET", "/admin", page_admin, 0},
	{"GET", "/admin/accounts", page_admin_accounts, 0},
	{"POST", "/admin/accounts", page_admin_account_add, ROUTE_STATE},
	{"GET", "/admin/accounts/:id", page_admin_account, 0},
	{"POST", "/admin/accounts/:id/role", page_admin_account_role, ROUTE_STATE},
	{"POST", "/admin/accounts/:id/active", page_admin_account_active, ROUTE_STATE},
	{"POST", "/admin/accounts/:id/password", page_admin_account_password, ROUTE_STATE},
	{"GET", "/admin/partnerships", page_admin_partnerships, 0},
	{"POST", "/admin/partnerships", page_admin_partnership_create, ROUTE_STATE},
	{"GET", "/admin/partnerships/:slug", page_admin_partnership, 0},
	{"POST", "/admin/partnerships/:slug", page_admin_partnership_update, ROUTE_STATE},
	{"GET", "/admin/periods", page_admin_periods, 0},
	{"POST", "/admin/periods", page_admin_period_set, ROUTE_STATE},
	{"GET", "/admin/audit", page_admin_audit, 0},
	{"GET", "/admin/mail", page_admin_mail, 0},
	{"POST", "/admin/mail/retry", page_admin_mail_retry, ROUTE_STATE},
	{"GET", "/healthz", page_healthz, ROUTE_OPS},
	{"GET", "/metrics", page_metrics, ROUTE_OPS},
	{"GET", "/static/:file", NULL, ROUTE_STATIC},
	{"GET", "/favicon.ico", NULL, ROUTE_STATIC}, /* static/favicon.ico, asked for by browsers */
	{"POST", "/api/validate", api_validate, ROUTE_JSON},
	{"GET", "/api/nuts", api_nuts, ROUTE_JSON},
	{"GET", "/api/p/:slug/:period", api_report, ROUTE_JSON},
	{"POST", "/api/p/:slug/:period/draft", api_draft, ROUTE_STATE | ROUTE_JSON},
	{"GET", "/p/:slug", page_partnership, 0},
	{"GET", "/p/:slug/members", page_members, 0},
	{"POST", "/p/:slug/members", page_members_add, ROUTE_STATE},
	{"POST", "/p/:slug/decisions", page_decision, ROUTE_STATE},
	{"GET", "/p/:slug/compare", page_compare_choose, 0},
	{"GET", "/p/:slug/compare/:period/:period", page_compare, 0},
	{"GET", "/p/:slug/:period", page_report, 0},
	{"GET", "/p/:slug/:period.pdf", page_report_pdf, 0},
	{"POST", "/p/:slug/:period/new", page_report_new, ROUTE_STATE},
	{"GET", "/p/:slug/:period/edit", page_edit, 0},
	{"POST", "/p/:slug/:period/edit", page_edit_save, ROUTE_STATE},
	{"POST", "/p/:slug/:period/submit", page_submit, ROUTE_STATE},
	{"POST", "/p/:slug/:period/comment", page_comment, ROUTE_STATE},
	{"POST", "/p/:slug/:period/return", page_return, ROUTE_STATE},
	{"POST", "/p/:slug/:period/accept", page_accept, ROUTE_STATE},
	{"POST", "/p/:slug/:period/comments/:id/resolve", page_comment_resolve, ROUTE_STATE},
	{"POST", "/account/tokens", page_account_token_create, ROUTE_STATE},
	{"POST", "/account/tokens/:id/revoke", page_account_token_revoke, ROUTE_STATE},
	/* The JSON API v1 (data/openapi.json describes each of these). */
	{"GET", "/api/v1/openapi.json", api_v1_openapi, ROUTE_API},
	{"GET", "/api/v1/periods", api_v1_periods, ROUTE_API},
	{"GET", "/api/v1/search", api_v1_search, ROUTE_API},
	{"GET", "/api/v1/portfolio", api_v1_portfolio, ROUTE_API},
	{"POST", "/api/v1/findings", api_v1_findings_post, ROUTE_API},
	{"GET", "/api/v1/partnerships", api_v1_partnerships, ROUTE_API},
	{"GET", "/api/v1/partnerships/:slug", api_v1_partnership, ROUTE_API},
	{"POST", "/api/v1/partnerships/:slug/decisions", api_v1_decide, ROUTE_API},
	{"GET", "/api/v1/partnerships/:slug/reports/:period", api_v1_report_get, ROUTE_API},
	{"PUT", "/api/v1/partnerships/:slug/reports/:period", api_v1_report_put, ROUTE_API},
	{"GET", "/api/v1/partnerships/:slug/reports/:period/findings", api_v1_findings_get, ROUTE_API},
	{"POST", "/api/v1/partnerships/:slug/reports/:period/submit", api_v1_submit, ROUTE_API},
	{"POST", "/api/v1/partnerships/:slug/reports/:period/comments", api_v1_comment, ROUTE_API},
	{"POST", "/api/v1/partnerships/:slug/reports/:period/return", api_v1_return, ROUTE_API},
	{"POST", "/api/v1/partnerships/:slug/reports/:period/accept", api_v1_accept, ROUTE_API},
};

#define NTABLE (sizeof(table) / sizeof(table[0]))
#define MAX_SEGMENTS 8
#define MAX_PARAM 100

const struct route *
route_table(size_t *n)
{
	*n = NTABLE;
	return table;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "2020-H1", "2020-H2". */
static bool
ok_period(const char *s)
{
	return strlen(s) == 7 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
	       is_digit(s[3]) && s[4] == '-' && s[5] == 'H' && (s[6] == '1' || s[6] == '2');
}

static bool
ok_chars(const char *s, const char *extra, bool upper)
{
	size_t n = strlen(s);

	if (n == 0 || n > MAX_PARAM)
		return false;
	for (; *s != '\0'; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || is_digit(c) || (upper && c >= 'A' && c <= 'Z') ||
		      strchr(extra, c) != NULL))
			return false;
	}
	return true;
}

static bool
param_ok(const char *name, const char *value)
{
	if (strcmp(name, "period") == 0)
		return ok_period(value);
	if (strcmp(name, "slug") == 0)
		return ok_chars(value, "_-", true);
	if (strcmp(name, "id") == 0)
		return ok_chars(value, "", false) && strspn(value, "0123456789") == strlen(value) &&
		       strlen(value) <= 9 && value[0] != '0';
	if (strcmp(name, "code") == 0)
		return strlen(value) <= 5 && ok_chars(value, "", true);
	if (strcmp(name, "file") == 0)
		return value[0] != '.' && ok_chars(value, "._-", false);
	return value[0] != '\0';
}

/* Matches pattern against the path's segments; fills params on success. */
static bool
match(const char *pattern, char **seg, size_t nseg, const char **params, size_t *nparams,
      char cut[4][MAX_PARAM + 1])
{
	const char *p = pattern + 1;
	size_t i = 0, np = 0;

	if (strcmp(pattern, "/") == 0)
		return nseg == 0;
	while (*p != '\0') {
		size_t len = strcspn(p, "/");

		if (i >= nseg)
			return false;
		if (p[0] == ':') {
			char name[16];
			/* ":period.pdf": the parameter, then a literal suffix. */
			size_t nlen = strcspn(p + 1, "./") , slen = len - 1 - nlen;
			size_t vlen = strlen(seg[i]);

			if (nlen >= sizeof(name) || np >= 4)
				return false;
			memcpy(name, p + 1, nlen);
			name[nlen] = '\0';
			if (slen > 0) {
				if (vlen <= slen || vlen - slen > MAX_PARAM ||
				    memcmp(seg[i] + vlen - slen, p + 1 + nlen, slen) != 0)
					return false;
				memcpy(cut[np], seg[i], vlen - slen);
				cut[np][vlen - slen] = '\0';
				if (!param_ok(name, cut[np]))
					return false;
				params[np] = cut[np];
				np++;
			} else {
				if (!param_ok(name, seg[i]))
					return false;
				params[np++] = seg[i];
			}
		} else if (strlen(seg[i]) != len || memcmp(seg[i], p, len) != 0) {
			return false;
		}
		i++;
		p += len;
		if (*p == '/')
			p++;
	}
	if (i != nseg)
		return false;
	*nparams = np;
	return true;
}

static void
allow_add(char *allow, size_t n, const char *method)
{
	size_t len = strlen(allow);

	if (strstr(allow, method) == NULL)
		snprintf(allow + len, n - len, "%s%s", len > 0 ? ", " : "", method);
}

int
route_match(const char *method, const char *path, struct route_result *res)
{
	char *seg[MAX_SEGMENTS], *p;
	size_t nseg = 0, i;
	bool head = method != NULL && strcmp(method, "HEAD") == 0;
	bool get_known = false, post_known = false, put_known = false;

	memset(res, 0, sizeof(*res));
	res->status = 404;
	if (path == NULL || path[0] != '/')
		return 0;
	if ((res->scratch = strdup(path + 1)) == NULL)
		return APP_ENOMEM;
	if (res->scratch[0] != '\0') {
		for (p = res->scratch;; p++) {
			char *slash = strchr(p, '/');

			if (nseg == MAX_SEGMENTS)
				return 0;
			seg[nseg++] = p;
			if (slash == NULL)
				break;
			*slash = '\0';
			p = slash;
		}
	}
	for (i = 0; i < NTABLE; i++) {
		const char *params[4] = {NULL, NULL, NULL, NULL};
		char cut[4][MAX_PARAM + 1];
		size_t np = 0, k;

		if (!match(table[i].pattern, seg, nseg, params, &np, cut))
			continue;
		if (strcmp(table[i].method, "GET") == 0)
			get_known = true;
		else if (strcmp(table[i].method, "PUT") == 0)
			put_known = true;
		else
			post_known = true;
		if (res->route == NULL && method != NULL &&
		    (strcmp(table[i].method, method) == 0 ||
		     (head && strcmp(table[i].method, "GET") == 0))) {
			res->route = &table[i];
			/* Parameters cut from a suffixed segment live in cut:
			 * keep them in res. */
			for (k = 0; k < np; k++) {
				if (params[k] == cut[k]) {
					memcpy(res->cut[k], cut[k], sizeof(res->cut[k]));
					params[k] = res->cut[k];
				}
			}
			memcpy(res->params, params, sizeof(params));
			res->nparams = np;
		}
	}
	if (res->route != NULL) {
		res->status = 0;
	} else if (get_known || post_known || put_known) {
		res->status = 405;
		if (get_known) {
			allow_add(res->allow, sizeof(res->allow), "GET");
			allow_add(res->allow, sizeof(res->allow), "HEAD");
		}
		if (post_known)
			allow_add(res->allow, sizeof(res->allow), "POST");
		if (put_known)
			allow_add(res->allow, sizeof(res->allow), "PUT");
	}
	return 0;
}

void
route_result_cleanup(struct route_result *res)
{
	if (res == NULL)
		return;
	free(res->scratch);
	memset(res, 0, sizeof(*res));
}
