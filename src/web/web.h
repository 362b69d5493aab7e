/* web.h - what every page handler sees: the application, the request, the
 * response, and the route table's handler type. Only http.c knows
 * libmicrohttpd; handlers render into resp->body through html.h. */
#ifndef S3PM_WEB_H
#define S3PM_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "nuts.h"
#include "app.h"

struct kv {
	char *key;
	char *value;
};

struct req {
	struct app *app;
	const char *method;      /* "GET", "POST", "HEAD" */
	const char *path;        /* percent-decoded, without the query */
	struct kv *query;        /* decoded query parameters, in order */
	size_t nquery;
	struct kv *form;         /* decoded application/x-www-form-urlencoded body */
	size_t nform;
	const char *body;        /* raw body, NUL-terminated (JSON APIs) */
	size_t body_len;
	const char *content_type;
	const char *remote_addr; /* the client: the peer, or behind a trusted proxy
				  * the address X-Forwarded-For names (netaddr_client) */
	bool proxied;            /* X-Forwarded-For came from a peer not trusted */
	const char *params[4];   /* route parameters (":slug", ":period"), decoded */
	size_t nparams;
	/* Filled by the server before the handler runs: */
	struct user *user;       /* NULL for the public */
	struct session *session; /* NULL for the public */
	bool csrf_ok;            /* POST: the csrf form field or X-CSRF-Token header matched */
	bool wants_json;         /* Accept: application/json */
	/* /api/v1 (ROUTE_API): the user comes from the bearer token of the
	 * Authorization header, never from a cookie; session stays NULL. */
	bool token_write;        /* the token may write (scope "write") */
	const char *if_match;    /* the If-Match header, or NULL */
};

struct resp {
	int status;              /* 0 means 200 */
	const char *content_type;/* NULL means "text/html; charset=utf-8" */
	struct buf body;
	char *location;          /* redirect target (303 for POST, 302 for GET) when set; owned */
	char *cookies[4];        /* full Set-Cookie values; owned */
	size_t ncookies;
	char *title;             /* page title for the layout; owned */
	char *disposition;       /* Content-Disposition value, or NULL; owned */
	char *etag;              /* ETag value (with its quotes), or NULL; owned */
};

/* A handler renders into resp or returns an app error, which the server
 * maps to a status and an error page (under /api/v1 problem details,
 * api_v1.h): APP_EINPUT 400, APP_EPERM 403 (404
 * when the caller may not know the thing exists: handlers return
 * APP_ENOTFOUND then), APP_ENOTFOUND 404, APP_ECONFLICT 409, APP_ETOOBIG
 * 413, others 500. The message of an error page never contains data the
 * caller may not see. */
typedef int (*handler_fn)(struct req *rq, struct resp *rs);

/* Lookups; NULL when absent. Borrowed from rq. */
const char *req_query(const struct req *rq, const char *key);
const char *req_form(const struct req *rq, const char *key);

/* Sets a redirect (owned copy of url). */
int resp_redirect(struct resp *rs, const char *url);
/* Sets the page title (owned copy). */
int resp_title(struct resp *rs, const char *title);
/* The same from a format, whole (never cut). */
int resp_titlef(struct resp *rs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds a Set-Cookie value (owned copy). */
int resp_cookie(struct resp *rs, const char *value);

#endif
