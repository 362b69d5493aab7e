/* page_account_tokens.c - the JSON API's tokens on /account: the user's
 * tokens listed, a new one made (shown once, on the page that answers
 * the form) and one revoked, each through a CSRF-protected form. */
#include <stdio.h>
#include <string.h>

#include "app_token.h"
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

static int
token_row(struct req *rq, struct buf *b, const struct api_token *t)
{
	int rc;

	TRY(html_raw(b, "<tr><td>"));
	TRY(html_text(b, t->name));
	TRY(html_raw(b, "</td><td>"));
	TRY(html_raw(b, t->write ? "read and write" : "read only"));
	TRY(html_raw(b, "</td><td>"));
	TRY(render_time(b, t->created_at));
	TRY(html_raw(b, "</td><td>"));
	if (t->last_used_at[0] != '\0')
		TRY(render_time(b, t->last_used_at));
	else
		TRY(html_raw(b, "never"));
	TRY(html_raw(b, "</td><td>"));
	if (t->revoked_at[0] != '\0') {
		TRY(html_raw(b, "revoked "));
		TRY(render_time(b, t->revoked_at));
	} else {
		TRY(html_raw(b, "<form method=\"post\" action=\""));
		TRY(html_attrf(b, "/account/tokens/%lld/revoke", (long long)t->id));
		TRY(html_raw(b, "\">"));
		TRY(layout_csrf(rq, b));
		TRY(html_raw(b, "<button type=\"submit\" aria-label=\"Revoke "));
		TRY(html_attr(b, t->name));
		TRY(html_raw(b, "\">Revoke</button></form>"));
	}
	TRY(html_raw(b, "</td></tr>\n"));
out:
	return rc;
}

int
account_tokens_section(struct req *rq, struct buf *b, const char *new_token, const char *error)
{
	struct actor a = ctx_actor(rq);
	struct api_token *v = NULL;
	size_t n = 0, i;
	int rc;

	TRY(app_token_list(rq->app, &a, &v, &n));
	TRY(html_raw(b, "<section aria-labelledby=\"h-tokens\">\n<h2 id=\"h-tokens\">API tokens</h2>\n"
			"<p>A token lets a program use the JSON API (<code>/api/v1/</code>, described at "
			"<a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>) as you, with "
			"<code>Authorization: Bearer TOKEN</code>. A read-only token reads what you read; a "
			"read-write token also does what you may do.</p>\n"));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	if (new_token != NULL) {
		TRY(html_raw(b, "<div class=\"notice notice-success\" role=\"status\"><p>Your new token is "
				"shown only now: copy it to where your program keeps secrets.</p>\n"
				"<p><code id=\"new-token\">"));
		TRY(html_text(b, new_token));
		TRY(html_raw(b, "</code></p></div>\n"));
	}
	if (n > 0) {
		TRY(layout_table_begin(b, "tokens", "Your tokens"));
		TRY(html_raw(b, "<th scope=\"col\">Name</th><th scope=\"col\">Scope</th><th scope=\"col\">Created</th>"
				"<th scope=\"col\">Last used</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n"));
		for (i = 0; i < n; i++)
			TRY(token_row(rq, b, &v[i]));
		TRY(layout_table_end(b));
	}
	TRY(html_raw(b, "<form id=\"token-form\" class=\"stack narrow\" method=\"post\" action=\"/account/tokens\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"token-name\">Name of the new token</label>\n"
			"<input id=\"token-name\" name=\"name\" required maxlength=\"100\" "
			"aria-describedby=\"token-name-hint\">\n<p id=\"token-name-hint\" class=\"hint\">What "
			"it is for, e.g. the program that uses it.</p>\n</div>\n"
			"<fieldset>\n<legend>Scope</legend>\n"
			"<div class=\"field check\"><input id=\"token-read\" name=\"scope\" type=\"radio\" "
			"value=\"read\" checked><label for=\"token-read\">Read only</label></div>\n"
			"<div class=\"field check\"><input id=\"token-write\" name=\"scope\" type=\"radio\" "
			"value=\"write\"><label for=\"token-write\">Read and write</label></div>\n"
			"</fieldset>\n<button type=\"submit\">Create the token</button>\n</form>\n</section>\n"));
out:
	api_token_free_list(v, n);
	return rc;
}

int
page_account_token_create(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	const char *scope = req_form(rq, "scope");
	struct app_msg msg = {{0}};
	char token[APP_TOKEN_LEN];
	int rc;

	if (rq->user == NULL || !rq->csrf_ok)
		return APP_EPERM;
	if (scope == NULL || (strcmp(scope, "read") != 0 && strcmp(scope, "write") != 0)) {
		rs->status = 400;
		return own_account_page(rq, rs, NULL, "Choose the token's scope: read only, or read and write.");
	}
	rc = app_token_create(rq->app, &a, req_form(rq, "name"), strcmp(scope, "write") == 0, token, NULL, &msg);
	if (rc == APP_EINPUT) {
		rs->status = 400;
		return own_account_page(rq, rs, NULL, msg.text);
	}
	if (rc != 0)
		return rc;
	/* The page itself, not a redirect: the token is in no address and
	 * no later page (the answer is never cached: it has a session). */
	rc = own_account_page(rq, rs, token, NULL);
	memset(token, 0, sizeof(token));
	return rc;
}

int
page_account_token_revoke(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	long id = 0;
	int rc;

	if (rq->user == NULL || !rq->csrf_ok)
		return APP_EPERM;
	if (rq->nparams < 1 || edit_parse_int(rq->params[0], 1, 999999999, &id) != 0)
		return APP_ENOTFOUND;
	if ((rc = app_token_revoke(rq->app, &a, (int64_t)id)) != 0)
		return rc;
	return resp_redirect(rs, "/account?done=revoked#h-tokens");
}
