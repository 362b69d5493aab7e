/* page_admin_log.c - what happened, for administrators: /admin/audit, the
 * audit log with filters and pages, and /admin/mail, the mail outbox with
 * its counts, a filter by status, and "Send again" for a failed mail. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "app_audit.h"
#include "app_mail.h"
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

#define AUDIT_DEFAULT 50
#define MAIL_SHOWN 100

/* --- GET /admin/audit ------------------------------------------------------------ */

/* The object, linked where the administration has a page for it. */
static int
object_cell(struct buf *b, const char *object)
{
	char href[64];
	int64_t id;

	if (object != NULL && strncmp(object, "user:", 5) == 0 && admin_parse_id(object + 5, &id) == 0) {
		snprintf(href, sizeof(href), "/admin/accounts/%lld", (long long)id);
		return html_link(b, href, object);
	}
	return html_text(b, object != NULL && object[0] ? object : "—");
}

/* ?object=..&action=..&limit=..&before=ID into url. */
static int
audit_url(struct buf *url, const struct audit_query *q, int64_t before)
{
	int rc;

	TRY(html_raw(url, "/admin/audit?object="));
	TRY(html_url_arg(url, q->object));
	TRY(html_raw(url, "&action="));
	TRY(html_url_arg(url, q->action_prefix));
	TRY(buf_printf(url, "&limit=%zu", q->limit));
	if (before > 0)
		TRY(buf_printf(url, "&before=%lld", (long long)before));
out:
	return rc;
}

static int
audit_filter(struct buf *b, const struct audit_query *q)
{
	static const size_t limits[] = {20, 50, 100, 500};
	size_t i;
	int rc;

	TRY(html_raw(b, "<form id=\"audit-filter\" class=\"stack narrow\" method=\"get\" action=\"/admin/audit\">\n"
			"<div class=\"field\">\n<label for=\"au-object\">Object</label>\n"
			"<input id=\"au-object\" name=\"object\" type=\"text\" maxlength=\"64\" "
			"autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"au-object-hint\" value=\""));
	TRY(html_attr(b, q->object));
	TRY(html_raw(b, "\">\n<p id=\"au-object-hint\" class=\"hint\">Like <code>report:12</code>, "
			"<code>partnership:3</code>, <code>user:5</code>; empty: all.</p>\n</div>\n"
			"<div class=\"field\">\n<label for=\"au-action\">Action starts with</label>\n"
			"<input id=\"au-action\" name=\"action\" type=\"text\" maxlength=\"64\" "
			"autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"au-action-hint\" value=\""));
	TRY(html_attr(b, q->action_prefix));
	TRY(html_raw(b, "\">\n<p id=\"au-action-hint\" class=\"hint\">Like <code>user.</code> or "
			"<code>report.submit</code>; empty: all.</p>\n</div>\n"
			"<div class=\"field\">\n<label for=\"au-limit\">Entries per page</label>\n"
			"<select id=\"au-limit\" name=\"limit\">\n"));
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		char v[24];

		snprintf(v, sizeof(v), "%zu", limits[i]);
		TRY(html_option(b, v, v, q->limit == limits[i]));
	}
	TRY(html_raw(b, "</select>\n</div>\n<button type=\"submit\">Show</button>\n</form>\n"));
out:
	return rc;
}

static int
audit_table(struct buf *b, const struct audit_entry *e, size_t n)
{
	size_t i;
	int rc;

	TRY(layout_table_begin(b, "audit", "Audit log, newest first"));
	TRY(html_raw(b, "<th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">Action</th>"
			"<th scope=\"col\">Object</th><th scope=\"col\">Revision</th>"
			"<th scope=\"col\">Detail</th></tr></thead>\n<tbody>\n"));
	for (i = 0; i < n; i++) {
		TRY(html_raw(b, "<tr><td>"));
		TRY(render_time(b, e[i].created_at));
		TRY(html_raw(b, "</td><td>"));
		if (e[i].user_id == 0)
			TRY(html_raw(b, "The command line"));
		else
			TRY(html_text(b, e[i].actor != NULL && e[i].actor[0] ? e[i].actor : "A removed account"));
		TRY(html_raw(b, "</td><td><code>"));
		TRY(html_text(b, e[i].action));
		TRY(html_raw(b, "</code></td><td>"));
		TRY(object_cell(b, e[i].object));
		TRY(html_raw(b, "</td><td>"));
		if (e[i].revision > 0)
			TRY(html_textf(b, "%d", e[i].revision));
		else
			TRY(html_raw(b, "—"));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_text(b, e[i].detail));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	if (n == 0)
		TRY(html_raw(b, "<tr><td colspan=\"6\">No entry matches.</td></tr>\n"));
	TRY(layout_table_end(b));
out:
	return rc;
}

int
page_admin_audit(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct audit_query q = {req_query(rq, "object"), req_query(rq, "action"), 0, AUDIT_DEFAULT};
	const char *ls = req_query(rq, "limit"), *bs = req_query(rq, "before");
	struct audit_entry *e = NULL;
	struct app_msg msg = {{0}};
	struct buf *b = &rs->body, url;
	const char *error = NULL;
	size_t n = 0;
	bool redirected, more = false;
	int64_t v;
	int rc;

	buf_init(&url, 4096);
	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		goto out;
	if (q.object == NULL)
		q.object = "";
	if (q.action_prefix == NULL)
		q.action_prefix = "";
	if (ls != NULL && ls[0] != '\0') {
		if (admin_parse_id(ls, &v) != 0 || v > APP_AUDIT_PAGE_MAX)
			error = "Show 1 to 500 entries at a time.";
		else
			q.limit = (size_t)v;
	}
	if (bs != NULL && bs[0] != '\0' && strcmp(bs, "0") != 0) {
		if (admin_parse_id(bs, &v) != 0)
			error = "No such page of the log.";
		else
			q.before_id = v;
	}
	if (error == NULL) {
		rc = app_audit_query(rq->app, &a, &q, &e, &n, &more, &msg);
		if (rc == APP_EINPUT)
			error = msg.text;
		else if (rc != 0)
			goto out;
	}
	if (error != NULL)
		rs->status = 400;
	TRY(admin_begin(rq, rs, "Audit log"));
	TRY(html_raw(b, "<p>Who did what and when: every change made in the browser or at the "
			"command line, logins and logouts.</p>\n"));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	TRY(audit_filter(b, &q));
	if (error == NULL) {
		TRY(audit_table(b, e, n));
		if (q.before_id > 0 || more) {
			TRY(html_raw(b, "<nav aria-label=\"Pages of the log\"><ul class=\"actions\">\n"));
			if (q.before_id > 0) {
				struct audit_query first = q;

				first.before_id = 0;
				TRY(audit_url(&url, &first, 0));
				TRY(html_raw(b, "<li>"));
				TRY(html_link(b, buf_cstr(&url), "Newest entries"));
				TRY(html_raw(b, "</li>\n"));
				buf_reset(&url);
			}
			if (more && n > 0) {
				TRY(audit_url(&url, &q, e[n - 1].id));
				TRY(html_raw(b, "<li>"));
				TRY(html_link(b, buf_cstr(&url), "Older entries"));
				TRY(html_raw(b, "</li>\n"));
			}
			TRY(html_raw(b, "</ul></nav>\n"));
		}
	}
	TRY(layout_end(rq, rs));
out:
	buf_cleanup(&url);
	audit_free_list(e, n);
	return rc;
}

/* --- GET /admin/mail ----------------------------------------------------------------- */

static const char *const mail_done[][2] = {
	{"retry", "The mail is queued again; it goes with the next round of sending."},
	{NULL, NULL},
};

static const char *
status_label(enum mail_status s)
{
	switch (s) {
	case MAIL_QUEUED:
		return "Waiting";
	case MAIL_SENDING:
		return "Being sent";
	case MAIL_SENT:
		return "Sent";
	case MAIL_FAILED:
		return "Failed";
	}
	return "Unknown";
}

static int
mail_filter(struct buf *b, int status)
{
	int rc, s;

	TRY(html_raw(b, "<form id=\"mail-filter\" class=\"stack narrow\" method=\"get\" action=\"/admin/mail\">\n"
			"<div class=\"field\">\n<label for=\"m-status\">Status</label>\n"
			"<select id=\"m-status\" name=\"status\">\n"));
	TRY(html_option(b, "", "Any status", status < 0));
	for (s = MAIL_QUEUED; s <= MAIL_FAILED; s++)
		TRY(html_option(b, mail_status_name((enum mail_status)s), status_label((enum mail_status)s),
				status == s));
	TRY(html_raw(b, "</select>\n</div>\n<button type=\"submit\">Show</button>\n</form>\n"));
out:
	return rc;
}

static int
mail_table(struct req *rq, struct buf *b, const struct mail *m, size_t n)
{
	size_t i;
	int rc;

	TRY(layout_table_begin(b, "outbox", "Mails, newest first"));
	TRY(html_raw(b, "<th scope=\"col\">Created</th><th scope=\"col\">To</th>"
			"<th scope=\"col\">Subject</th><th scope=\"col\">Status</th>"
			"<th scope=\"col\">Attempts</th><th scope=\"col\">Last error</th>"
			"<th scope=\"col\">Sent</th><th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n"));
	for (i = 0; i < n; i++) {
		char id[24];

		TRY(html_raw(b, "<tr><td>"));
		TRY(render_time(b, m[i].created_at));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_text(b, m[i].to_addr));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_text(b, m[i].subject));
		TRY(html_raw(b, "</td><td>"));
		if (m[i].status == MAIL_FAILED)
			TRY(html_raw(b, "<strong>Failed</strong>"));
		else
			TRY(html_text(b, status_label(m[i].status)));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_textf(b, "%d", m[i].attempts));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_text(b, m[i].last_error != NULL && m[i].last_error[0] ? m[i].last_error : "—"));
		TRY(html_raw(b, "</td><td>"));
		if (m[i].sent_at != NULL && m[i].sent_at[0])
			TRY(render_time(b, m[i].sent_at));
		else
			TRY(html_raw(b, "—"));
		TRY(html_raw(b, "</td><td class=\"actions\">"));
		if (m[i].status == MAIL_FAILED) {
			snprintf(id, sizeof(id), "%lld", (long long)m[i].id);
			TRY(html_raw(b, "<form method=\"post\" action=\"/admin/mail/retry\">\n"));
			TRY(layout_csrf(rq, b));
			TRY(html_hidden(b, "id", id));
			TRY(html_raw(b, "<button type=\"submit\">Send again<span class=\"visually-hidden\"> "));
			TRY(html_textf(b, "the mail to %s", m[i].to_addr));
			TRY(html_raw(b, "</span></button>\n</form>"));
		}
		TRY(html_raw(b, "</td></tr>\n"));
	}
	if (n == 0)
		TRY(html_raw(b, "<tr><td colspan=\"8\">No mail matches.</td></tr>\n"));
	TRY(layout_table_end(b));
out:
	return rc;
}

static int
mail_page(struct req *rq, struct resp *rs, const char *error)
{
	struct actor a = ctx_actor(rq);
	const char *ss = req_query(rq, "status");
	struct buf *b = &rs->body;
	struct mail *m = NULL;
	size_t n = 0, counts[4] = {0, 0, 0, 0};
	int rc, status = -1, s;

	if (ss != NULL && ss[0] != '\0')
		for (s = MAIL_QUEUED; s <= MAIL_FAILED; s++)
			if (strcmp(ss, mail_status_name((enum mail_status)s)) == 0)
				status = s;
	TRY(app_mail_counts(rq->app, &a, counts));
	TRY(app_mail_outbox(rq->app, &a, status, MAIL_SHOWN, &m, &n));
	TRY(admin_begin(rq, rs, "Mail outbox"));
	if (error != NULL)
		TRY(layout_notice(b, "error", error));
	else
		TRY(admin_done(rq, b, mail_done));
	TRY(html_raw(b, "<p>Mails are written with the events they tell of and sent by the server "
			"in the background, with retries. A mail that failed for good can be sent "
			"again.</p>\n<dl class=\"facts\" id=\"mail-counts\">\n<dt>Waiting</dt><dd>"));
	TRY(html_textf(b, "%zu", counts[MAIL_QUEUED]));
	TRY(html_raw(b, "</dd>\n<dt>Being sent</dt><dd>"));
	TRY(html_textf(b, "%zu", counts[MAIL_SENDING]));
	TRY(html_raw(b, "</dd>\n<dt>Sent</dt><dd>"));
	TRY(html_textf(b, "%zu", counts[MAIL_SENT]));
	TRY(html_raw(b, "</dd>\n<dt>Failed</dt><dd>"));
	TRY(html_textf(b, "%zu", counts[MAIL_FAILED]));
	TRY(html_raw(b, "</dd>\n</dl>\n"));
	TRY(mail_filter(b, status));
	TRY(mail_table(rq, b, m, n));
	TRY(html_raw(b, "<p>"));
	TRY(html_textf(b, "The newest %d mails at most are shown.", MAIL_SHOWN));
	TRY(html_raw(b, "</p>\n"));
	TRY(layout_end(rq, rs));
out:
	mail_free_list(m, n);
	return rc;
}

int
page_admin_mail(struct req *rq, struct resp *rs)
{
	bool redirected;
	int rc;

	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	return mail_page(rq, rs, NULL);
}

int
page_admin_mail_retry(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	bool redirected;
	int64_t id;
	int rc;

	if ((rc = admin_gate(rq, rs, &redirected)) != 0 || redirected)
		return rc;
	if (!rq->csrf_ok)
		return APP_EPERM;
	if (admin_parse_id(req_form(rq, "id"), &id) != 0) {
		rs->status = 400;
		return mail_page(rq, rs, "Choose the mail to send again with its button.");
	}
	rc = app_mail_retry(rq->app, &a, id);
	if (rc == APP_ENOTFOUND) {
		rs->status = 404;
		return mail_page(rq, rs, "That mail is not a failed one (it may have been sent again already).");
	}
	if (rc != 0)
		return rc;
	return resp_redirect(rs, "/admin/mail?done=retry");
}
