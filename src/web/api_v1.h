/* api_v1.h - the JSON API v1 under /api/v1 (data/openapi.json describes
 * it): what its handlers share (problem details, JSON bodies, the token's
 * right to write, paging, If-Match) and the handlers of the route table.
 * The caller is the owner of the request's bearer token (http.c finds it;
 * none: the public), and everything goes through the application layer
 * as on the pages: the same rules, the same cuts. */
#ifndef S3PM_API_V1_H
#define S3PM_API_V1_H

#include <jansson.h>

#include "web.h"

#define API_V1_PROBLEM_TYPE "application/problem+json"
/* Items a page of a list holds by default and at most. */
#define API_V1_PER_PAGE 50
#define API_V1_PER_PAGE_MAX 200

/* Whether path is the API's ("/api/v1" or below). */
bool api_v1_path(const char *path);

/* Problem details (RFC 9457) of an error the server answers by itself
 * (404 of a path, 405, 413, 401, an app error...): type "about:blank",
 * the status's title, detail (NULL: a text for the status) and instance
 * (may be NULL). malloc'd JSON text, NULL when out of memory. */
char *api_v1_problem_text(int status, const char *detail, const char *instance);

/* A problem answer in rs from a handler: status, type (a name, e.g.
 * "stale-revision", made "urn:s3pm:problem:NAME"; NULL: about:blank),
 * detail, and errors (stolen; may be NULL): [{"pointer", "detail"}...] or
 * findings. Returns 0 (the answer is made) or APP_ENOMEM. */
int api_v1_problem(struct req *rq, struct resp *rs, int status, const char *type, const char *detail,
		   json_t *errors);

/* The JSON object of the request's body into *out (decref it). When the
 * body is not JSON (415), not valid JSON (400, naming line and column) or
 * not an object (400), the problem is answered in rs and *out is NULL:
 * the handler returns 0 then. APP_ENOMEM on failure. */
int api_v1_body(struct req *rq, struct resp *rs, json_t **out);

/* A write needs a read-write token: true when the caller has one; else
 * the problem (401 without a token, 403 for a read-only one) is answered
 * in rs (*rc set: 0 or APP_ENOMEM) and false returned. */
bool api_v1_may_write(struct req *rq, struct resp *rs, int *rc);

/* The query parameter name as a whole number in [1, max] (dflt when
 * absent): true, or the 400 problem answered (*rc set) and false. */
bool api_v1_query_number(struct req *rq, struct resp *rs, const char *name, long max, long dflt, size_t *out,
			 int *rc);
/* page and per_page of the query (1.., 1..API_V1_PER_PAGE_MAX): true, or
 * the 400 problem answered (*rc set) and false. */
bool api_v1_paging(struct req *rq, struct resp *rs, size_t *page, size_t *per_page, int *rc);
/* Adds "page", "per_page", "total" and "links" (self, first, last, prev,
 * next: the request's path with the page's query) to list. */
int api_v1_paged(struct req *rq, json_t *list, size_t page, size_t per_page, size_t total);

/* Does the If-Match header (a list of "N" or *) name revision rev? Also
 * true when there is no header (the caller decides whether it must be
 * there). */
bool api_v1_if_match(const struct req *rq, int rev);
/* rs->etag = "\"rev\"". */
int api_v1_etag(struct resp *rs, int rev);

/* The route's parameter i, or NULL. */
const char *api_v1_param(const struct req *rq, size_t i);

/* api_v1.c */
int api_v1_openapi(struct req *rq, struct resp *rs);       /* GET  /api/v1/openapi.json */
/* api_v1_lists.c */
int api_v1_partnerships(struct req *rq, struct resp *rs);  /* GET  /api/v1/partnerships */
int api_v1_partnership(struct req *rq, struct resp *rs);   /* GET  /api/v1/partnerships/:slug */
int api_v1_periods(struct req *rq, struct resp *rs);       /* GET  /api/v1/periods */
int api_v1_search(struct req *rq, struct resp *rs);        /* GET  /api/v1/search */
int api_v1_decide(struct req *rq, struct resp *rs);        /* POST /api/v1/partnerships/:slug/decisions */
/* api_v1_reports.c */
int api_v1_report_get(struct req *rq, struct resp *rs);    /* GET  .../reports/:period */
int api_v1_report_put(struct req *rq, struct resp *rs);    /* PUT  .../reports/:period (If-Match) */
int api_v1_findings_get(struct req *rq, struct resp *rs);  /* GET  .../reports/:period/findings */
int api_v1_findings_post(struct req *rq, struct resp *rs); /* POST /api/v1/findings */
int api_v1_submit(struct req *rq, struct resp *rs);        /* POST .../reports/:period/submit */
int api_v1_comment(struct req *rq, struct resp *rs);       /* POST .../reports/:period/comments */
int api_v1_return(struct req *rq, struct resp *rs);        /* POST .../reports/:period/return */
int api_v1_accept(struct req *rq, struct resp *rs);        /* POST .../reports/:period/accept */
/* api_v1_portfolio.c */
int api_v1_portfolio(struct req *rq, struct resp *rs);     /* GET  /api/v1/portfolio */

#endif
