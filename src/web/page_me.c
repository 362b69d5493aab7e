/* page_me.c - GET /me, the work list: what awaits the logged-in user, by
 * role (app_work.h). Everybody lands here after logging in; the public is
 * sent to the login page. */
#include <stdio.h>
#include <string.h>

#include "app_work.h"
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

/* "in 12 days", "today", "3 days ago" */
static int
days_text(struct buf *b, long d)
{
	if (d == 0)
		return html_raw(b, "today");
	if (d == 1)
		return html_raw(b, "tomorrow");
	if (d == -1)
		return html_raw(b, "yesterday");
	if (d > 0)
		return html_textf(b, "in %lld days", (long long)d);
	return html_textf(b, "%lld days ago", -(long long)d);
}

static int
date_text(struct buf *b, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return html_raw(b, "—");
	return render_time(b, s);
}

/* The partnership and period as one link to the report (or to the
 * partnership when the caller may not read the report). */
static int
report_cell(struct buf *b, const struct work_item *it)
{
	int rc;

	TRY(html_raw(b, "<th scope=\"row\"><a href=\""));
	TRY(attr_report(b, it->slug, it->has_report ? it->period : NULL, NULL));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, it->name));
	TRY(html_raw(b, ", <span class=\"period\">"));
	TRY(html_text(b, it->period));
	TRY(html_raw(b, "</span></a></th>"));
out:
	return rc;
}

static size_t
count_kind(const struct worklist *w, enum work_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < w->n; i++)
		n += w->items[i].kind == k;
	return n;
}

static int
returned_section(struct req *rq, struct buf *b, const struct worklist *w)
{
	size_t i;
	int rc = 0;

	(void)rq;
	if (count_kind(w, WORK_RETURNED) == 0)
		return 0;
	TRY(html_raw(b, "<section aria-labelledby=\"h-returned\">\n"
			"<h2 id=\"h-returned\">Returned to you by the committee</h2>\n"));
	TRY(layout_table_begin(b, "returned", "Reports returned with comments, to change and submit again"));
	TRY(html_raw(b, "<th scope=\"col\">Report</th><th scope=\"col\">Returned</th>"
			"<th scope=\"col\">Open comments</th><th scope=\"col\">Deadline</th>"
			"<th scope=\"col\">Actions</th>"
			"</tr></thead>\n<tbody>\n"));
	for (i = 0; i < w->n; i++) {
		const struct work_item *it = &w->items[i];

		if (it->kind != WORK_RETURNED)
			continue;
		TRY(html_raw(b, "<tr>"));
		TRY(report_cell(b, it));
		TRY(html_raw(b, "<td>"));
		TRY(date_text(b, it->since));
		TRY(html_raw(b, "</td><td>"));
		TRY(html_textf(b, "%d", it->comments));
		TRY(html_raw(b, "</td><td>"));
		TRY(date_text(b, it->deadline));
		TRY(html_raw(b, "</td><td class=\"actions\">"));
		if (it->can_edit) {
			TRY(html_raw(b, "<a href=\""));
			TRY(attr_report(b, it->slug, it->period, "edit"));
			TRY(html_raw(b, "\">Edit<span class=\"visually-hidden\"> the report for "));
			TRY(html_text(b, it->period));
			TRY(html_raw(b, "</span></a>"));
		}
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n</section>\n"));
out:
	return rc;
}

static int
due_section(struct req *rq, struct buf *b, const struct worklist *w)
{
	size_t i;
	int rc = 0;

	if (count_kind(w, WORK_DUE) == 0)
		return html_raw(b, "<section aria-labelledby=\"h-due\">\n<h2 id=\"h-due\">Reports due</h2>\n"
				   "<p>No report is due: every period set so far has been submitted.</p>\n"
				   "</section>\n");
	TRY(html_raw(b, "<section aria-labelledby=\"h-due\">\n<h2 id=\"h-due\">Reports due</h2>\n"));
	TRY(layout_table_begin(b, "due", "Reports to write or finish, the soonest deadline first"));
	TRY(html_raw(b, "<th scope=\"col\">Report</th><th scope=\"col\">Status</th>"
			"<th scope=\"col\">Deadline</th><th scope=\"col\">Time left</th>"
			"<th scope=\"col\">Actions</th>"
			"</tr></thead>\n<tbody>\n"));
	for (i = 0; i < w->n; i++) {
		const struct work_item *it = &w->items[i];

		if (it->kind != WORK_DUE)
			continue;
		TRY(html_raw(b, "<tr>"));
		TRY(report_cell(b, it));
		TRY(html_raw(b, "<td>"));
		TRY(html_text(b, it->has_report ? render_status_label(it->status) : "Not started"));
		TRY(html_raw(b, "</td><td>"));
		TRY(date_text(b, it->deadline));
		TRY(html_raw(b, "</td><td>"));
		if (it->deadline[0] && it->days_left < 0) {
			TRY(html_raw(b, "<strong class=\"overdue\">Overdue</strong>, due "));
			TRY(days_text(b, it->days_left));
		} else if (it->deadline[0]) {
			TRY(html_raw(b, "Due "));
			TRY(days_text(b, it->days_left));
		} else {
			TRY(html_raw(b, "—"));
		}
		TRY(html_raw(b, "</td><td class=\"actions\">"));
		if (it->can_start) {
			TRY(html_raw(b, "<form class=\"start-report\" method=\"post\" action=\""));
			TRY(attr_report(b, it->slug, it->period, "new"));
			TRY(html_raw(b, "\">\n"));
			TRY(layout_csrf(rq, b));
			TRY(html_raw(b, "<button type=\"submit\">Start the report for "));
			TRY(html_text(b, it->period));
			TRY(html_raw(b, "</button>\n</form>"));
		}
		if (it->can_edit) {
			TRY(html_raw(b, "<a href=\""));
			TRY(attr_report(b, it->slug, it->period, "edit"));
			TRY(html_raw(b, "\">Edit<span class=\"visually-hidden\"> the report for "));
			TRY(html_text(b, it->period));
			TRY(html_raw(b, "</span></a>"));
		}
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n</section>\n"));
out:
	return rc;
}

static int
review_section(struct buf *b, const struct worklist *w)
{
	size_t i;
	int rc = 0;

	TRY(html_raw(b, "<section aria-labelledby=\"h-review\">\n"
			"<h2 id=\"h-review\">Reports to review</h2>\n"));
	if (w->n == 0) {
		TRY(html_raw(b, "<p>No submitted report awaits review.</p>\n</section>\n"));
		goto out;
	}
	TRY(layout_table_begin(b, "review", "Submitted reports, the longest waiting first"));
	TRY(html_raw(b, "<th scope=\"col\">Report</th><th scope=\"col\">Submitted</th>"
			"<th scope=\"col\">Note</th>"
			"</tr></thead>\n<tbody>\n"));
	for (i = 0; i < w->n; i++) {
		const struct work_item *it = &w->items[i];

		TRY(html_raw(b, "<tr>"));
		TRY(report_cell(b, it));
		TRY(html_raw(b, "<td>"));
		TRY(date_text(b, it->since));
		TRY(html_raw(b, "</td><td>"));
		if (it->resubmitted)
			TRY(html_raw(b, "<strong class=\"resubmitted\">Resubmitted</strong> after it was "
					"returned"));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n</section>\n"));
out:
	return rc;
}

static int
decide_section(struct buf *b, const struct worklist *w)
{
	size_t i;
	int rc = 0;

	TRY(html_raw(b, "<section aria-labelledby=\"h-decide\">\n"
			"<h2 id=\"h-decide\">Reports awaiting a decision</h2>\n"));
	if (w->n == 0) {
		TRY(html_raw(b, "<p>Every accepted report has a decision recorded after it.</p>\n"
				"</section>\n"));
		goto out;
	}
	TRY(layout_table_begin(b, "decide", "The newest accepted report of each partnership with no decision since"));
	TRY(html_raw(b, "<th scope=\"col\">Report</th><th scope=\"col\">Status</th>"
			"<th scope=\"col\">Since</th><th scope=\"col\">Actions</th>"
			"</tr></thead>\n<tbody>\n"));
	for (i = 0; i < w->n; i++) {
		const struct work_item *it = &w->items[i];

		TRY(html_raw(b, "<tr>"));
		TRY(report_cell(b, it));
		TRY(html_raw(b, "<td>"));
		TRY(html_text(b, render_status_label(it->status)));
		TRY(html_raw(b, "</td><td>"));
		TRY(date_text(b, it->since));
		TRY(html_raw(b, "</td><td class=\"actions\">"));
		TRY(a_partnership(b, it->slug, "#decisions", "Record a decision"));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n</section>\n"));
out:
	return rc;
}

/* The mail outbox: how many mails wait, went, failed; the failures with
 * their reason. */
static int
outbox_section(struct buf *b, const struct worklist *w)
{
	size_t i;
	int rc = 0;

	TRY(html_raw(b, "<section aria-labelledby=\"h-outbox\">\n"
			"<h2 id=\"h-outbox\">Mail outbox</h2>\n<p>"));
	TRY(html_textf(b, "%zu waiting to be sent, %zu sent, %zu failed.",
		       w->mail[MAIL_QUEUED] + w->mail[MAIL_SENDING], w->mail[MAIL_SENT], w->mail[MAIL_FAILED]));
	TRY(html_raw(b, "</p>\n"));
	if (w->nfailed > 0) {
		TRY(layout_table_begin(b, "failed-mail", "Mails that could not be sent, newest first"));
		TRY(html_raw(b, "<th scope=\"col\">To</th><th scope=\"col\">Subject</th>"
				"<th scope=\"col\">Attempts</th><th scope=\"col\">Last error</th>"
				"</tr></thead>\n<tbody>\n"));
		for (i = 0; i < w->nfailed; i++) {
			const struct mail *m = &w->failed[i];

			TRY(html_raw(b, "<tr><td>"));
			TRY(html_text(b, m->to_addr));
			TRY(html_raw(b, "</td><td>"));
			TRY(html_text(b, m->subject));
			TRY(html_raw(b, "</td><td>"));
			TRY(html_textf(b, "%d", m->attempts));
			TRY(html_raw(b, "</td><td>"));
			TRY(html_text(b, m->last_error));
			TRY(html_raw(b, "</td></tr>\n"));
		}
		TRY(layout_table_end(b));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

static int
admin_section(struct buf *b, const struct worklist *w)
{
	size_t i;
	int rc = 0;

	TRY(html_raw(b, "<section aria-labelledby=\"h-overdue\">\n"
			"<h2 id=\"h-overdue\">Overdue reports</h2>\n"));
	if (count_kind(w, WORK_OVERDUE) == 0) {
		TRY(html_raw(b, "<p>No partnership is past a deadline.</p>\n</section>\n"));
	} else {
		TRY(layout_table_begin(b, "overdue", "Partnerships past a deadline without a submitted report"));
		TRY(html_raw(b, "<th scope=\"col\">Report</th><th scope=\"col\">Deadline</th>"
				"<th scope=\"col\">Overdue since</th>"
				"</tr></thead>\n<tbody>\n"));
		for (i = 0; i < w->n; i++) {
			const struct work_item *it = &w->items[i];

			if (it->kind != WORK_OVERDUE)
				continue;
			TRY(html_raw(b, "<tr>"));
			TRY(report_cell(b, it));
			TRY(html_raw(b, "<td>"));
			TRY(date_text(b, it->deadline));
			TRY(html_raw(b, "</td><td>"));
			TRY(days_text(b, it->days_left));
			TRY(html_raw(b, "</td></tr>\n"));
		}
		TRY(html_raw(b, "</tbody>\n</table>\n</div>\n</section>\n"));
	}
	if (w->accounts) {
		TRY(html_raw(b, "<section aria-labelledby=\"h-accounts\">\n"
				"<h2 id=\"h-accounts\">Accounts</h2>\n"));
		TRY(html_raw(b, "<p>"));
		TRY(html_textf(b, "%zu account%s, %zu of them deactivated.", w->users,
			       w->users == 1 ? "" : "s", w->inactive));
		TRY(html_raw(b, "</p>\n</section>\n"));
		TRY(outbox_section(b, w));
	}
out:
	return rc;
}

int
page_me(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct buf *b = &rs->body;
	struct worklist w;
	int rc;

	memset(&w, 0, sizeof(w));
	if (rq->user == NULL)
		return resp_redirect(rs, "/login?next=%2Fme");
	TRY(app_worklist(rq->app, &a, NULL, &w));
	TRY(layout_begin(rq, rs, "My work"));
	switch (a.role) {
	case ROLE_COORDINATOR:
	case ROLE_MEMBER:
		TRY(returned_section(rq, b, &w));
		TRY(due_section(rq, b, &w));
		break;
	case ROLE_COMMITTEE:
		TRY(review_section(b, &w));
		TRY(portfolio_form(rq, b));
		break;
	case ROLE_COMMISSION:
		TRY(decide_section(b, &w));
		TRY(portfolio_form(rq, b));
		break;
	case ROLE_ADMIN:
		TRY(admin_section(b, &w));
		TRY(portfolio_form(rq, b));
		break;
	default:
		TRY(html_raw(b, "<p>Nothing awaits you.</p>\n"));
		break;
	}
	TRY(layout_end(rq, rs));
out:
	worklist_cleanup(&w);
	return rc;
}
