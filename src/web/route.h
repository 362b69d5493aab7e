/* route.h - the route table: method and path pattern to handler, with the rules the server applies before it. */
#ifndef S3PM_ROUTE_H
#define S3PM_ROUTE_H

#include <stddef.h>

#include "web.h"

enum route_flags {
	ROUTE_STATE = 1,  /* changes state: needs a session and its CSRF token */
	ROUTE_JSON = 2,   /* an /api/ route: errors as {"error": "..."} */
	ROUTE_LOGIN = 4,  /* POST /login: the login form's own anti-CSRF token */
	ROUTE_LOGOUT = 8, /* POST /logout: without a session, just go home */
	ROUTE_STATIC = 16, /* /static/:file (or the pattern's last segment), served from memory */
	ROUTE_API = 32,    /* /api/v1: a bearer token instead of cookies (no CSRF: nothing
			    * ambient), errors as problem details (api_v1.h) */
	ROUTE_OPS = 64     /* /healthz, /metrics: never cached (no-store), logged only when not 200 */
};

struct route {
	const char *method;  /* "GET", "POST" or "PUT"; HEAD matches GET routes */
	const char *pattern; /* "/p/:slug/:period/edit"; :name is one segment, maybe
			      * with a literal suffix (":period.pdf") */
	handler_fn handler;  /* NULL for ROUTE_STATIC */
	unsigned flags;
};

/* Parameter constraints, by name: :period is YYYY-H1 or YYYY-H2, :slug is
 * [A-Za-z0-9_-]{1,100}, :file is [a-z0-9._-]{1,100} not starting with '.',
 * :id is a decimal number of 1 to 9 digits, not starting with 0, :code
 * (a NUTS code) is [A-Za-z0-9]{1,5}.
 * That is what keeps /p/:slug/members out of /p/:slug/:period. */

struct route_result {
	const struct route *route; /* the match, or NULL */
	int status;                /* 0 matched, 404 no such path, 405 path known but not the method */
	char allow[64];            /* for 405: "GET, HEAD, POST, PUT" */
	const char *params[4];     /* into scratch, or into cut */
	char cut[4][101];          /* parameters cut from a suffixed segment (":period.pdf") */
	size_t nparams;
	char *scratch;             /* owned copy of the path */
};

/* Matches a decoded path. 0 (see res->status) or APP_ENOMEM. Clean up
 * res with route_result_cleanup in any case. */
int route_match(const char *method, const char *path, struct route_result *res);
void route_result_cleanup(struct route_result *res);

/* The whole table (for tests and documentation). */
const struct route *route_table(size_t *n);

#endif
