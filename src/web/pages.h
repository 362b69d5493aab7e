/* pages.h - every handler of the route table (route.c). */
#ifndef S3PM_PAGES_H
#define S3PM_PAGES_H

#include <jansson.h>

#include "web.h"

/* page_public.c: what anybody may read */
int page_index(struct req *rq, struct resp *rs);          /* GET  /  partnerships by platform */
int page_partnership(struct req *rq, struct resp *rs);    /* GET  /p/:slug */
int page_report(struct req *rq, struct resp *rs);         /* GET  /p/:slug/:period */
int api_report(struct req *rq, struct resp *rs);          /* GET  /api/p/:slug/:period  (JSON, filtered) */
int page_report_pdf(struct req *rq, struct resp *rs);     /* GET  /p/:slug/:period.pdf  (the report as PDF, filtered) */

/* page_login.c */
int page_login_form(struct req *rq, struct resp *rs);     /* GET  /login */
int page_login(struct req *rq, struct resp *rs);          /* POST /login */
int page_logout(struct req *rq, struct resp *rs);         /* POST /logout */

/* page_edit.c: filling in */
int page_report_new(struct req *rq, struct resp *rs);     /* POST /p/:slug/:period/new  (pre-filled from the previous report) */
int page_edit(struct req *rq, struct resp *rs);           /* GET  /p/:slug/:period/edit */
int page_edit_save(struct req *rq, struct resp *rs);      /* POST /p/:slug/:period/edit (no-JS save, or save and submit) */
int page_submit(struct req *rq, struct resp *rs);         /* POST /p/:slug/:period/submit */
int api_draft(struct req *rq, struct resp *rs);           /* POST /api/p/:slug/:period/draft */
int api_validate(struct req *rq, struct resp *rs);        /* POST /api/validate */
int api_nuts(struct req *rq, struct resp *rs);            /* GET  /api/nuts?q=&version= */

/* page_review.c: committee and Commission */
int page_comment(struct req *rq, struct resp *rs);        /* POST /p/:slug/:period/comment */
int page_return(struct req *rq, struct resp *rs);         /* POST /p/:slug/:period/return */
int page_accept(struct req *rq, struct resp *rs);         /* POST /p/:slug/:period/accept */
int page_comment_resolve(struct req *rq, struct resp *rs); /* POST /p/:slug/:period/comments/:id/resolve */
int page_decision(struct req *rq, struct resp *rs);       /* POST /p/:slug/decisions */

/* page_compare.c: two reports side by side */
int page_compare_choose(struct req *rq, struct resp *rs); /* GET  /p/:slug/compare?from=&to= (chooses; redirects) */
int page_compare(struct req *rq, struct resp *rs);        /* GET  /p/:slug/compare/:period/:period */
/* <a href="/p/SLUG/compare/FROM/TO">TEXT</a> into b (for the partnership
 * and report pages). */
int compare_link(struct buf *b, const char *slug, const char *from, const char *to, const char *text);

/* page_account.c */
int page_account(struct req *rq, struct resp *rs);          /* GET  /account */
int page_account_password(struct req *rq, struct resp *rs); /* POST /account  (change one's password) */
int page_account_reminders(struct req *rq, struct resp *rs); /* POST /account/reminders */

/* page_account_tokens.c: the JSON API's tokens on /account */
int page_account_token_create(struct req *rq, struct resp *rs); /* POST /account/tokens (shown once) */
int page_account_token_revoke(struct req *rq, struct resp *rs); /* POST /account/tokens/:id/revoke */
/* /account with the tokens section's new token (shown once) and error
 * (each may be NULL). */
int own_account_page(struct req *rq, struct resp *rs, const char *new_token, const char *token_error);
/* The tokens section of /account; new_token (may be NULL): one just made, shown once. */
int account_tokens_section(struct req *rq, struct buf *b, const char *new_token, const char *error);

/* page_dashboard.c */
int page_dashboard(struct req *rq, struct resp *rs); /* GET /portfolio?platform=&partnership=&from=&to=&page= */
struct app_portfolio_query;
/* The query of a portfolio request, as /portfolio reads it (and
 * /api/v1/portfolio): the filters platform, partnership, period, from and
 * to into *q (borrowed from rq; "" when absent, app_portfolio checks them)
 * and the page number (1 when absent). APP_EINPUT when page is not a
 * number from 1 to 999999: msg says so, naming the parameter. */
int dashboard_query(const struct req *rq, struct app_portfolio_query *q, size_t *page, struct app_msg *msg);

/* page_portfolio.c */
int page_portfolio_xlsx(struct req *rq, struct resp *rs); /* GET /portfolio.xlsx */
int page_portfolio_csv(struct req *rq, struct resp *rs);  /* GET /portfolio.csv?sheet=NAME */
/* The download form of /me (committee, Commission, administrators). */
int portfolio_form(struct req *rq, struct buf *b);

/* page_map.c: where the partnerships work */
int page_map(struct req *rq, struct resp *rs);           /* GET  /portfolio/map?platform=&period=&partnership= */
int page_region(struct req *rq, struct resp *rs);        /* GET  /regions/:code  a NUTS 2 region's partnerships */

/* page_search.c */
int page_search(struct req *rq, struct resp *rs);         /* GET  /search?q=&platform=&period=&question=&page= */
/* A result's snippet (matches between the bytes 0x02 and 0x03) as
 * {"text": without the markers, "marked": the marked words in order};
 * NULL on OOM. */
json_t *search_snippet_json(const char *s);

/* page_me.c */
int page_me(struct req *rq, struct resp *rs);             /* GET  /me  the work list */

/* page_members.c */
int page_members(struct req *rq, struct resp *rs);        /* GET  /p/:slug/members */
int page_members_add(struct req *rq, struct resp *rs);    /* POST /p/:slug/members */

/* page_admin.c, page_admin_account.c, page_admin_org.c, page_admin_log.c:
 * administration (administrators only; the public is sent to log in) */
int page_admin(struct req *rq, struct resp *rs);                     /* GET  /admin */
int page_admin_accounts(struct req *rq, struct resp *rs);            /* GET  /admin/accounts?role=&state= */
int page_admin_account_add(struct req *rq, struct resp *rs);         /* POST /admin/accounts */
int page_admin_account(struct req *rq, struct resp *rs);             /* GET  /admin/accounts/:id */
int page_admin_account_role(struct req *rq, struct resp *rs);        /* POST /admin/accounts/:id/role */
int page_admin_account_active(struct req *rq, struct resp *rs);      /* POST /admin/accounts/:id/active */
int page_admin_account_password(struct req *rq, struct resp *rs);    /* POST /admin/accounts/:id/password */
int page_admin_partnerships(struct req *rq, struct resp *rs);        /* GET  /admin/partnerships */
int page_admin_partnership_create(struct req *rq, struct resp *rs);  /* POST /admin/partnerships */
int page_admin_partnership(struct req *rq, struct resp *rs);         /* GET  /admin/partnerships/:slug */
int page_admin_partnership_update(struct req *rq, struct resp *rs);  /* POST /admin/partnerships/:slug */
int page_admin_periods(struct req *rq, struct resp *rs);             /* GET  /admin/periods */
int page_admin_period_set(struct req *rq, struct resp *rs);          /* POST /admin/periods */
int page_admin_audit(struct req *rq, struct resp *rs);               /* GET  /admin/audit?object=&action=&limit=&before= */
int page_admin_mail(struct req *rq, struct resp *rs);                /* GET  /admin/mail?status= */
int page_admin_mail_retry(struct req *rq, struct resp *rs);          /* POST /admin/mail/retry */

/* page_ops.c: for operators' machines (ROUTE_OPS) */
int page_healthz(struct req *rq, struct resp *rs);        /* GET  /healthz  "ok", or 503 when the database does not answer */
int page_metrics(struct req *rq, struct resp *rs);        /* GET  /metrics  Prometheus text; 404 unless metrics_allow */

#endif
