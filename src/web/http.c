/* http.c - the HTTP server on libmicrohttpd: request decoding, sessions, CSRF, routing, error pages, static files, access log, shutdown. */
#include "http.h"
#include "pagecache.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api_v1.h"
#include "app_token.h"
#include "auth.h"
#include "fileio.h"
#include "html.h"
#include "layout.h"
#include "metrics.h"
#include "netaddr.h"
#include "route.h"

#define DEFAULT_MAX_BODY (1u << 20)
/* Most of a body made room for from its Content-Length alone. */
#define BODY_RESERVE_MAX (64u << 10)
#define STATIC_MAX_FILE (8u << 20)
#define STATIC_MAX_FILES 256
/* The sweep closes a late request's connection this long after its
 * deadline, so that a late body chunk can still be answered 408 first. */
#define SWEEP_GRACE_US 1000000

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

struct static_file {
	char name[104];
	size_t len;
	struct MHD_Response *resp; /* made once, queued many times */
};

/* One TCP connection, from its opening (MHD_CONNECTION_NOTIFY_STARTED) to
 * its closing (NOTIFY_CLOSED), across keep-alive requests. It holds what
 * must outlive a request or exist before one: the raw target, which MHD
 * shows only to the URI callback, and the start of the request deadline. */
struct sock {
	struct sock *prev, *next; /* in server.socks, under server.lock */
	struct server *srv;
	MHD_socket fd;
	char *uri;                /* the raw target of the current request, or NULL */
	_Atomic int64_t t_start;  /* µs; 0 = answered, no deadline now */
	int64_t t_uri;            /* µs; when the request line arrived */
	bool refused;             /* answered by refuse_raw(): serve nothing */
	bool cut;                 /* shut down by the deadline sweep */
};

struct server {
	struct app *app;
	pthread_mutex_t lock;  /* socks */
	struct sock *socks;    /* every open connection */
	int64_t request_us;    /* the whole-request deadline */
	FILE *log;
	size_t max_body;
	struct static_file *files;
	size_t nfiles;
	atomic_int inflight;   /* requests between their first line and completion */
	atomic_bool closing;   /* shutting down: answer with Connection: close */
	struct pagecache *cache; /* public pages, rendered once */
	struct store_watch *watch; /* other servers' changes (PostgreSQL), or NULL */
};

/* One request, from its first line to its completion. */
struct conn {
	struct http_req hr;    /* first, so that &c->hr.rq leads back to c */
	struct server *srv;
	struct sock *sock;     /* the connection; outlives the request */
	char *uri;             /* the raw request target (taken from sock) */
	char *path;            /* decoded */
	struct buf body;
	bool started;          /* the access handler has seen the headers */
	bool too_big;          /* the body passed max_body */
	bool late;             /* the request passed its deadline: 408 */
	bool answered;         /* a response is queued */
	bool head;
	int64_t t0;            /* µs */
	int64_t t_ready;       /* µs: the request complete, handed to handle(); 0 before */
	int status;
	size_t bytes;
	char method[16];
	char remote[64];       /* the peer, then the client (client_of) */
	const struct route *route; /* matched, or NULL */
	struct session session;
	struct user user;
	bool have_user;
	struct api_token token; /* the bearer token of an /api/v1 request, when have_token */
	bool have_token;
};

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
http_status_for(int err)
{
	switch (err) {
	case 0: return 200;
	case APP_EINPUT: return 400;
	case APP_EPERM: return 403;
	case APP_ENOTFOUND: return 404;
	case APP_ECONFLICT: return 409;
	case APP_ETOOBIG: return 413;
	default: return 500;
	}
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 400: return "The request could not be understood.";
	case 403: return "You may not do this.";
	case 404: return "There is no such page.";
	case 405: return "This address does not take that method.";
	case 409: return "Somebody else changed this in the meantime; reload the page to see the current version.";
	case 408: return "The request took too long to arrive; try again.";
	case 413: return "The request is too large.";
	case 414: return "The address is too long or has too many parameters.";
	case 429: return "Too many requests; try again later.";
	default: return "Something went wrong on our side; the error has been logged.";
	}
}

static const char *
status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 403: return "Forbidden";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 408: return "Request timeout";
	case 409: return "Conflict";
	case 413: return "Too large";
	case 414: return "Address too long";
	case 429: return "Too many requests";
	default: return "Server error";
	}
}

/* --- responses ---------------------------------------------------------- */

static bool
add_header(struct MHD_Response *r, const char *name, const char *value)
{
	return MHD_add_response_header(r, name, value) == MHD_YES;
}

/* The headers every response we make carries. */
static const struct {
	const char *name, *value;
} common_headers[] = {
	{"Content-Security-Policy", csp},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
};

static bool
add_common_headers(struct MHD_Response *r)
{
	size_t i;

	for (i = 0; i < sizeof(common_headers) / sizeof(common_headers[0]); i++)
		if (!add_header(r, common_headers[i].name, common_headers[i].value))
			return false;
	return true;
}

/* A response is on its way: the request deadline no longer applies (a slow
 * reader is the idle timeout's business), except for the 408 itself. */
static void
mark_answered(struct conn *c, int status, size_t len)
{
	c->answered = true;
	c->status = status;
	c->bytes = c->head ? 0 : len;
	if (c->sock != NULL && status != 408)
		atomic_store(&c->sock->t_start, 0);
}

/* Queues status with body (taken: malloc'd or NULL), and from rs (may be
 * NULL) the cookies and redirect, and allow for 405. */
static enum MHD_Result
queue(struct conn *c, struct MHD_Connection *mc, int status, const char *ctype, char *body, size_t len,
      const struct resp *rs, const char *allow)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	bool ok, private;
	size_t i;

	/* Pages of a session, and any response that sets a cookie, stay out
	 * of every cache. */
	private = c->have_user || (rs != NULL && rs->ncookies > 0) ||
		  (c->route != NULL && (c->route->flags & ROUTE_OPS));
	if (body == NULL)
		len = 0;
	r = MHD_create_response_from_buffer(len, len > 0 ? body : (void *)"",
					    len > 0 ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	if (len == 0)
		free(body);
	ok = add_common_headers(r) &&
	     add_header(r, "Content-Type", ctype != NULL ? ctype : "text/html; charset=utf-8") &&
	     add_header(r, "Cache-Control", private ? "no-store" : "no-cache");
	if (ok && private)
		ok = add_header(r, "Vary", "Cookie");
	for (i = 0; ok && rs != NULL && i < rs->ncookies; i++)
		ok = add_header(r, "Set-Cookie", rs->cookies[i]);
	if (ok && rs != NULL && rs->location != NULL)
		ok = add_header(r, "Location", rs->location);
	if (ok && rs != NULL && rs->disposition != NULL)
		ok = add_header(r, "Content-Disposition", rs->disposition);
	if (ok && allow != NULL)
		ok = add_header(r, "Allow", allow);
	if (ok && rs != NULL && rs->etag != NULL)
		ok = add_header(r, "ETag", rs->etag);
	if (ok && status == 401)
		ok = add_header(r, "WWW-Authenticate", "Bearer realm=\"s3pm\"");
	if (ok && (atomic_load(&c->srv->closing) || c->too_big || c->late))
		ok = add_header(r, "Connection", "close");
	if (ok && c->t_ready != 0) {
		/* The server's time on the request, for operators and the
		 * benchmarks (docs/internals/http.md): ms with µs. */
		char st[48];
		int64_t us = now_us() - c->t_ready;

		snprintf(st, sizeof(st), "app;dur=%lld.%03lld", (long long)(us / 1000),
			 (long long)(us % 1000));
		ok = add_header(r, "Server-Timing", st);
	}
	if (!ok) {
		MHD_destroy_response(r);
		return MHD_NO;
	}
	ret = MHD_queue_response(mc, (unsigned)status, r);
	MHD_destroy_response(r);
	if (ret == MHD_YES)
		mark_answered(c, status, len);
	return ret;
}

static bool
is_api(const struct conn *c)
{
	/* Before the path is decoded (a 413 on the first call), the raw one. */
	const char *p = c->path != NULL ? c->path : c->uri;

	return p != NULL && strncmp(p, "/api/", 5) == 0;
}

/* How an error is told: a page, {"error": "..."} (the editor's /api/),
 * or problem details (/api/v1). */
enum err_kind { ERR_HTML, ERR_JSON, ERR_PROBLEM };

static enum err_kind
err_kind_of(const struct conn *c)
{
	const char *p = c->path != NULL ? c->path : c->uri;

	if (p != NULL && api_v1_path(p))
		return ERR_PROBLEM;
	return is_api(c) || c->hr.rq.wants_json ? ERR_JSON : ERR_HTML;
}

static const char *
err_type(enum err_kind k)
{
	return k == ERR_PROBLEM ? API_V1_PROBLEM_TYPE : k == ERR_JSON ? "application/json" : NULL;
}

/* The one error page into *body (malloc'd, *len bytes): an escaped
 * message, {"error": "..."} or problem details. */
static int
render_error(struct req *rq, int status, const char *message, enum err_kind kind, char **body, size_t *len)
{
	if (kind == ERR_PROBLEM) {
		*body = api_v1_problem_text(status, message, rq != NULL ? rq->path : NULL);
		if (*body == NULL)
			return APP_ENOMEM;
		*len = strlen(*body);
		return 0;
	}
	if (message == NULL)
		message = http_status_text(status);
	if (kind == ERR_JSON) {
		json_t *j = json_pack("{s:s}", "error", message);

		*body = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (*body == NULL)
			return APP_ENOMEM;
		*len = strlen(*body);
		return 0;
	}
	return layout_error(rq, status_title(status), message, status == 403, body, len);
}

/* The error page for c, queued. */
static enum MHD_Result
reply_error(struct conn *c, struct MHD_Connection *mc, int status, const char *message,
	    const struct resp *rs, const char *allow)
{
	enum err_kind kind = err_kind_of(c);
	char *body = NULL;
	size_t len = 0;

	if (render_error(&c->hr.rq, status, message, kind, &body, &len) != 0)
		return MHD_NO;
	return queue(c, mc, status, err_type(kind), body, len, rs, allow);
}

static enum MHD_Result
reply_too_big(struct conn *c, struct MHD_Connection *mc)
{
	char m[160];

	snprintf(m, sizeof(m), "The request body is larger than the limit of %zu bytes; nothing was saved.",
		 c->srv->max_body);
	c->too_big = true;
	return reply_error(c, mc, 413, m, NULL, NULL);
}

/* A handler's result: its page, its redirect, or the error page. */
static enum MHD_Result
reply_handler(struct conn *c, struct MHD_Connection *mc, int rc, struct resp *rs)
{
	char *body;
	size_t len = 0;
	int status;

	if (rc != 0) {
		status = http_status_for(rc);
		if (status == 500)
			fprintf(c->srv->log, "s3pm: %s %s: handler failed: %s\n", c->method,
				c->path != NULL ? c->path : "-", app_strerror(rc));
		/* The handler's cookies (a logout, say) still count. */
		return reply_error(c, mc, status, NULL, rs, NULL);
	}
	if (rs->location != NULL) {
		status = rs->status >= 300 && rs->status < 400
				 ? rs->status
				 : (strcmp(c->method, "POST") == 0 ? 303 : 302);
		buf_reset(&rs->body);
		return queue(c, mc, status, NULL, NULL, 0, rs, NULL);
	}
	status = rs->status != 0 ? rs->status : 200;
	body = buf_take(&rs->body, &len);
	return queue(c, mc, status, rs->content_type, body, len, rs, NULL);
}

/* --- static files -------------------------------------------------------- */

static const char *
static_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".js", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

static bool
static_name_ok(const char *n)
{
	size_t len = strlen(n);

	if (len == 0 || len >= sizeof(((struct static_file *)0)->name) || n[0] == '.')
		return false;
	for (; *n != '\0'; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') || *n == '.' || *n == '_' ||
		      *n == '-'))
			return false;
	return true;
}

static void
static_free(struct server *srv)
{
	size_t i;

	for (i = 0; i < srv->nfiles; i++)
		MHD_destroy_response(srv->files[i].resp);
	free(srv->files);
	srv->files = NULL;
	srv->nfiles = 0;
}

/* Reads every servable file of dir once. A missing folder is only noted. */
static int
static_load(struct server *srv, const char *dir)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (dir == NULL || (d = opendir(dir)) == NULL) {
		fprintf(srv->log, "s3pm: note: no static files (%s: %s)\n", dir != NULL ? dir : "(none)",
			dir != NULL ? strerror(errno) : "not set");
		return 0;
	}
	if ((srv->files = calloc(STATIC_MAX_FILES, sizeof(*srv->files))) == NULL) {
		closedir(d);
		return APP_ENOMEM;
	}
	while ((e = readdir(d)) != NULL && srv->nfiles < STATIC_MAX_FILES) {
		struct static_file *f = &srv->files[srv->nfiles];
		struct app_msg msg;
		const char *type = static_type(e->d_name);
		char path[4096], *data = NULL;
		size_t len = 0;
		struct stat st;

		if (!static_name_ok(e->d_name) || type == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if ((rc = fileio_read(path, STATIC_MAX_FILE, &data, &len, &msg)) != 0) {
			fprintf(srv->log, "s3pm: static file skipped: %s\n", msg.text);
			rc = 0;
			continue;
		}
		f->resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		if (f->resp == NULL) {
			free(data);
			rc = APP_ENOMEM;
			break;
		}
		if (!add_common_headers(f->resp) || !add_header(f->resp, "Content-Type", type) ||
		    !add_header(f->resp, "Cache-Control", "public, max-age=3600")) {
			MHD_destroy_response(f->resp);
			rc = APP_ENOMEM;
			break;
		}
		snprintf(f->name, sizeof(f->name), "%s", e->d_name);
		f->len = len;
		srv->nfiles++;
	}
	closedir(d);
	return rc;
}

static enum MHD_Result
reply_static(struct conn *c, struct MHD_Connection *mc, const char *name)
{
	size_t i;

	for (i = 0; i < c->srv->nfiles; i++) {
		if (strcmp(c->srv->files[i].name, name) == 0) {
			enum MHD_Result ret = MHD_queue_response(mc, MHD_HTTP_OK, c->srv->files[i].resp);

			if (ret == MHD_YES) {
				c->answered = true;
				c->status = 200;
				c->bytes = c->head ? 0 : c->srv->files[i].len;
			}
			return ret;
		}
	}
	return reply_error(c, mc, 404, NULL, NULL, NULL);
}

/* --- the request --------------------------------------------------------- */

static const char *
header(struct MHD_Connection *mc, const char *name)
{
	return MHD_lookup_connection_value(mc, MHD_HEADER_KIND, name);
}

/* Content-Length as a number; false when absent or not digits. */
static bool
content_length(struct MHD_Connection *mc, uint64_t *out)
{
	const char *s = header(mc, "Content-Length");
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return *s == '\0';
}

static bool
is_form_type(const char *ct)
{
	size_t n = strlen("application/x-www-form-urlencoded");

	return ct != NULL && strncasecmp(ct, "application/x-www-form-urlencoded", n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Fills rq->user and rq->session from the session cookie. */
static int
find_session(struct conn *c)
{
	const char *token = req_cookie(&c->hr.rq, AUTH_SESSION_COOKIE);
	int rc;

	if (token == NULL)
		return 0;
	rc = app_session_find(c->srv->app, token, &c->session, &c->user);
	if (rc == APP_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	c->have_user = true;
	c->hr.rq.user = &c->user;
	c->hr.rq.session = &c->session;
	return 0;
}

/* /api/v1: the user of the request's bearer token ("Authorization: Bearer
 * s3pm_..."); none is the public. 0, or 401 with *why for a token that is
 * malformed, unknown, revoked or of an inactive user (one answer for all),
 * or 500. */
static int
find_token(struct conn *c, struct MHD_Connection *mc, const char **why)
{
	const char *h = header(mc, "Authorization");
	int rc;

	if (h == NULL)
		return 0;
	*why = "The bearer token is not valid: it is malformed, unknown or revoked, or its account is "
	       "inactive.";
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return 401;
	for (h += 7; *h == ' '; h++)
		;
	rc = app_token_find(c->srv->app, h, &c->token, &c->user);
	if (rc == APP_ENOTFOUND)
		return 401;
	if (rc) {
		fprintf(c->srv->log, "s3pm: token lookup failed: %s\n", app_strerror(rc));
		*why = NULL;
		return 500;
	}
	c->have_user = true;
	c->have_token = true;
	c->hr.rq.user = &c->user;
	c->hr.rq.token_write = c->token.write;
	return 0;
}

/* Decides rq->csrf_ok for a POST, and whether the route may run at all:
 * returns 0, or a status with *why set (or 303 home for a logout without a
 * session). */
static int
check_csrf(struct conn *c, struct MHD_Connection *mc, const struct route *route, const char **why)
{
	struct req *rq = &c->hr.rq;
	const char *site = header(mc, "Sec-Fetch-Site");
	const char *given = req_form(rq, "csrf");

	if (given == NULL)
		given = header(mc, "X-CSRF-Token");
	/* Browsers say where a request comes from; no POST from other sites. */
	if (site != NULL && (strcasecmp(site, "cross-site") == 0 || strcasecmp(site, "same-site") == 0)) {
		*why = "This form was sent from another site; open the page here and try again.";
		return 403;
	}
	if (route->flags & ROUTE_LOGIN) {
		rq->csrf_ok = auth_token_equal(req_cookie(rq, AUTH_LOGIN_COOKIE), given);
		if (!rq->csrf_ok) {
			*why = "The login form has expired; reload the page and log in again.";
			return 403;
		}
		return 0;
	}
	if (rq->session != NULL)
		rq->csrf_ok = auth_token_equal(rq->session->csrf, given);
	if (!(route->flags & ROUTE_STATE))
		return 0;
	if (rq->session == NULL) {
		if (route->flags & ROUTE_LOGOUT)
			return 303;
		*why = "Please log in first; your session may have expired.";
		return 403;
	}
	if (!rq->csrf_ok) {
		*why = "The form has expired or was not sent from this site; reload the page and try again.";
		return 403;
	}
	return 0;
}

/* --- the public page cache ---------------------------------------------- */

struct cached_use {
	struct conn *c;
	struct MHD_Connection *mc;
	enum MHD_Result ret;
};

/* A kept page: a response queued as often as asked, and its size. */
struct cached {
	struct MHD_Response *r;
	size_t len;
};

/* Another server changed the data (app_watch_changes). */
static void
cache_changed(void *arg)
{
	pagecache_invalidate(arg);
}

static void
destroy_cached(void *val)
{
	struct cached *k = val;

	MHD_destroy_response(k->r);
	free(k);
}

/* Queues a kept response (called while the cache holds it). */
static int
queue_cached(void *val, void *arg)
{
	struct cached_use *cu = arg;
	struct cached *k = val;

	cu->ret = MHD_queue_response(cu->mc, MHD_HTTP_OK, k->r);
	if (cu->ret == MHD_YES)
		mark_answered(cu->c, 200, k->len);
	return 0;
}

/* Makes a response that can be queued many times from a page just
 * rendered, with the headers queue() gives a public page. */
static void
keep_cached(struct server *srv, const char *key, const struct resp *rs, uint64_t gen)
{
	struct cached *k = malloc(sizeof(*k));
	struct MHD_Response *r;

	if (k == NULL)
		return;
	r = MHD_create_response_from_buffer(rs->body.len, (void *)buf_cstr(&rs->body), MHD_RESPMEM_MUST_COPY);
	if (r == NULL || !add_common_headers(r) ||
	    !add_header(r, "Content-Type", rs->content_type != NULL ? rs->content_type : "text/html; charset=utf-8") ||
	    !add_header(r, "Cache-Control", "no-cache") ||
	    (rs->disposition != NULL && !add_header(r, "Content-Disposition", rs->disposition)) ||
	    (rs->etag != NULL && !add_header(r, "ETag", rs->etag))) {
		if (r != NULL)
			MHD_destroy_response(r);
		free(k);
		return;
	}
	k->r = r;
	k->len = rs->body.len;
	pagecache_put(srv->cache, key, k, gen);
}

/* The X-Forwarded-For headers, joined in their order. */
struct xff {
	struct buf b;
	bool cut; /* past the cap: only the left part, which proves nothing */
};

static enum MHD_Result
xff_each(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct xff *x = cls;

	(void)kind;
	if (key != NULL && value != NULL && strcasecmp(key, "X-Forwarded-For") == 0 &&
	    ((x->b.len > 0 && buf_puts(&x->b, ",") != 0) || buf_puts(&x->b, value) != 0)) {
		x->cut = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/* c->remote becomes the client: the peer, or behind a trusted proxy the
 * address its X-Forwarded-For names (netaddr_client); rq->proxied tells
 * that an untrusted peer sent one, which is then ignored. */
static void
client_of(struct conn *c, struct MHD_Connection *mc)
{
	const struct netlist *trusted = c->srv->app->trusted_proxies;
	struct xff x;
	char client[sizeof(c->remote)];

	buf_init(&x.b, 8192);
	x.cut = false;
	c->hr.rq.proxied = false;
	(void)MHD_get_connection_values(mc, MHD_HEADER_KIND, xff_each, &x);
	if (x.b.len > 0 || x.cut) {
		if (!netlist_has(trusted, c->remote)) {
			c->hr.rq.proxied = true;
		} else if (!x.cut) {
			netaddr_client(c->remote, buf_cstr(&x.b), trusted, client, sizeof(client));
			snprintf(c->remote, sizeof(c->remote), "%s", client);
		}
	}
	buf_cleanup(&x.b);
}

static enum MHD_Result
handle(struct conn *c, struct MHD_Connection *mc)
{
	struct server *srv = c->srv;
	struct req *rq = &c->hr.rq;
	struct route_result rr;
	struct resp rs;
	const char *target, *q, *accept, *cookie, *why = NULL;
	enum MHD_Result ret = MHD_NO;
	size_t i, plen;
	int rc, status;
	bool cacheable = false;
	char key[2100];
	uint64_t gen = 0;

	memset(&rr, 0, sizeof(rr));
	resp_init(&rs);
	rq->app = srv->app;
	rq->method = c->method;
	client_of(c, mc);
	rq->remote_addr = c->remote;
	if (c->too_big) {
		ret = reply_too_big(c, mc);
		goto cleanup;
	}
	target = c->uri;
	if (strncasecmp(target, "http://", 7) == 0 || strncasecmp(target, "https://", 8) == 0) {
		/* Absolute form (RFC 9112 3.2.2): the host is the Host header's business. */
		target = strstr(target, "://") + 3;
		target += strcspn(target, "/?");
	}
	q = strchr(target, '?');
	plen = q != NULL ? (size_t)(q - target) : strlen(target);
	if (req_decode_path(target, plen, &c->path) != 0) {
		ret = reply_error(c, mc, 400, "The address is not valid.", NULL, NULL);
		goto cleanup;
	}
	rq->path = c->path;
	accept = header(mc, "Accept");
	rq->wants_json = accept != NULL && strstr(accept, "application/json") != NULL;
	if ((rc = route_match(c->method, c->path, &rr)) != 0) {
		ret = reply_error(c, mc, 500, NULL, NULL, NULL);
		goto cleanup;
	}
	if (rr.status != 0) {
		ret = reply_error(c, mc, rr.status, NULL, NULL, rr.status == 405 ? rr.allow : NULL);
		goto cleanup;
	}
	c->route = rr.route;
	for (i = 0; i < rr.nparams; i++)
		rq->params[i] = rr.params[i];
	rq->nparams = rr.nparams;
	if (rr.route->flags & ROUTE_STATIC) {
		ret = reply_static(c, mc, rr.nparams > 0 ? rr.params[0] : strrchr(rr.route->pattern, '/') + 1);
		goto cleanup;
	}

	if (q != NULL) {
		rc = req_parse_urlencoded(q + 1, strlen(q + 1), &rq->query, &rq->nquery);
		if (rc) {
			ret = reply_error(c, mc, rc == APP_ETOOBIG ? 413 : 400,
					  rc == APP_ETOOBIG ? "The address has too many parameters."
							    : "The address is not valid text (UTF-8).",
					  NULL, NULL);
			goto cleanup;
		}
	}
	if (rr.route->flags & ROUTE_API) {
		/* A token, never a cookie: nothing a browser sends by itself
		 * acts for anybody here, so no CSRF token is needed. */
		if ((status = find_token(c, mc, &why)) != 0) {
			ret = reply_error(c, mc, status, why, NULL, NULL);
			goto cleanup;
		}
		rq->if_match = header(mc, "If-Match");
	} else if ((cookie = header(mc, "Cookie")) != NULL &&
		   req_parse_cookies(cookie, &c->hr.cookies, &c->hr.ncookies) != 0) {
		ret = reply_error(c, mc, 500, NULL, NULL, NULL);
		goto cleanup;
	}
	if (!(rr.route->flags & ROUTE_API) && (rc = find_session(c)) != 0) {
		fprintf(srv->log, "s3pm: session lookup failed: %s\n", app_strerror(rc));
		ret = reply_error(c, mc, 500, NULL, NULL, NULL);
		goto cleanup;
	}

	rq->content_type = header(mc, "Content-Type");
	rq->body = buf_cstr(&c->body);
	rq->body_len = c->body.len;
	if (strcmp(c->method, "POST") == 0 && is_form_type(rq->content_type) && !(rr.route->flags & ROUTE_API)) {
		rc = req_parse_urlencoded(c->body.data, c->body.len, &rq->form, &rq->nform);
		if (rc) {
			ret = reply_error(c, mc, rc == APP_ETOOBIG ? 413 : 400,
					  rc == APP_ETOOBIG ? "The form has too many fields."
							    : "The form data is not valid text (UTF-8).",
					  NULL, NULL);
			goto cleanup;
		}
	}
	if (strcmp(c->method, "POST") == 0 && !(rr.route->flags & ROUTE_API)) {
		status = check_csrf(c, mc, rr.route, &why);
		if (status == 303) {
			rs.location = strdup("/");
			ret = rs.location != NULL ? reply_handler(c, mc, 0, &rs) : MHD_NO;
			goto cleanup;
		}
		if (status != 0) {
			ret = reply_error(c, mc, status, why, NULL, NULL);
			goto cleanup;
		}
	}

	/* What the public gets from a GET is the same for everybody: serve it
	 * from the cache, or render it and keep it. */
	cacheable = !c->have_user && !(rr.route->flags & ROUTE_OPS) && (strcmp(c->method, "GET") == 0 || strcmp(c->method, "HEAD") == 0) &&
		    srv->cache != NULL && !atomic_load(&srv->closing) && strlen(c->uri) + 3 < sizeof(key);
	if (cacheable) {
		struct cached_use cu = {c, mc, MHD_NO};
		int hit = 0;

		snprintf(key, sizeof(key), "%c %s", rq->wants_json ? 'j' : 'h', c->uri);
		if (pagecache_use(srv->cache, key, queue_cached, &cu, &hit)) {
			ret = cu.ret;
			goto cleanup;
		}
		gen = pagecache_generation(srv->cache);
	}
	rc = rr.route->handler(rq, &rs);
	if (cacheable && rc == 0 && rs.location == NULL && rs.ncookies == 0 &&
	    (rs.status == 0 || rs.status == 200))
		keep_cached(srv, key, &rs, gen);
	/* Any request that may change state makes every kept page stale,
	 * here and on the other servers of the database. */
	if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0 && srv->cache != NULL) {
		pagecache_invalidate(srv->cache);
		if (srv->watch != NULL)
			app_changed(srv->app);
	}
	ret = reply_handler(c, mc, rc, &rs);
cleanup:
	resp_cleanup(&rs);
	route_result_cleanup(&rr);
	/* params pointed into rr's scratch */
	memset((void *)rq->params, 0, sizeof(rq->params));
	rq->nparams = 0;
	return ret;
}

int
http_target_status(const char *target)
{
	const char *q;
	size_t pieces = 1;

	if (strlen(target) > HTTP_MAX_TARGET)
		return 414;
	if ((q = strchr(target, '?')) == NULL)
		return 0;
	for (q++; *q != '\0'; q++)
		if (*q == '&' && ++pieces > HTTP_MAX_QUERY_PIECES)
			return 414;
	return 0;
}

/* The socket context MHD keeps for mc, or NULL. */
static struct sock *
sock_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* Whether k's request has taken longer than the deadline plus grace µs. */
static bool
past_deadline(const struct sock *k, int64_t now, int64_t grace)
{
	int64_t t = atomic_load(&k->t_start);

	return t != 0 && now - t > k->srv->request_us + grace;
}

/* Answers status with our error page straight on the socket and ends our
 * side of the connection (shutdown for writing), where MHD cannot answer in
 * time. A late body (see on_request). A target MHD could not hold: when its
 * memory pool cannot take the query's parameters, libmicrohttpd 0.9.75 logs
 * "Not enough memory in pool to allocate header record!" and, with epoll,
 * neither answers nor closes until the idle timeout (with poll it closes
 * without an answer). In both cases MHD has written nothing for this
 * request (it writes only once a request is complete), so the socket is
 * ours. The client reads the answer and closes, and MHD then cleans up; a
 * client that does not close meets the request deadline. */
static void
refuse_raw(struct sock *k, int status, const char *target)
{
	char head[1024], *body = NULL;
	size_t len = 0, hlen, i;
	enum err_kind kind = api_v1_path(target) ? ERR_PROBLEM
				: strncmp(target, "/api/", 5) == 0 ? ERR_JSON : ERR_HTML;
	int n;

	k->refused = true; /* the request deadline still runs: the sweep ends it */
	if (render_error(NULL, status, NULL, kind, &body, &len) != 0)
		goto out;
	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n", status,
		     status == 414 ? "URI Too Long" : status == 408 ? "Request Timeout" : status_title(status));
	for (i = 0; n > 0 && (size_t)n < sizeof(head) && i < sizeof(common_headers) / sizeof(common_headers[0]); i++)
		n += snprintf(head + n, sizeof(head) - (size_t)n, "%s: %s\r\n", common_headers[i].name,
			      common_headers[i].value);
	if (n > 0 && (size_t)n < sizeof(head))
		n += snprintf(head + n, sizeof(head) - (size_t)n,
			      "Content-Type: %s\r\nCache-Control: no-cache\r\nConnection: close\r\n"
			      "Content-Length: %zu\r\n\r\n",
			      kind != ERR_HTML ? err_type(kind) : "text/html; charset=utf-8", len);
	if (n <= 0 || (size_t)n >= sizeof(head))
		goto out;
	hlen = (size_t)n;
	/* Both fit the socket's send buffer of a fresh connection; what does
	 * not go out at once is dropped with the connection. */
	if (send(k->fd, head, hlen, MSG_NOSIGNAL) == (ssize_t)hlen)
		(void)send(k->fd, body, len, MSG_NOSIGNAL);
out:
	free(body);
	shutdown(k->fd, SHUT_WR);
}

/* Closes every connection whose request has not arrived whole in time: MHD
 * then ends it as a client abort. Called by the main thread; the lock keeps
 * each fd open (MHD notifies NOTIFY_CLOSED before it closes the socket). */
static void
sweep(struct server *srv)
{
	struct sock *k;
	int64_t now = now_us();
	unsigned cut = 0;

	pthread_mutex_lock(&srv->lock);
	for (k = srv->socks; k != NULL; k = k->next)
		if (!k->cut && past_deadline(k, now, SWEEP_GRACE_US)) {
			k->cut = true;
			shutdown(k->fd, SHUT_RDWR);
			cut++;
		}
	pthread_mutex_unlock(&srv->lock);
	if (cut > 0)
		fprintf(srv->log, "s3pm: %u connection%s closed: the request was not complete after %lld s\n", cut,
			cut == 1 ? "" : "s", (long long)(srv->request_us / 1000000));
}

static void
on_connection(void *cls, struct MHD_Connection *mc, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	struct sock *k = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);

		/* Without one, the access handler refuses the request. */
		if (ci == NULL || (k = calloc(1, sizeof(*k))) == NULL)
			return;
		k->srv = srv;
		k->fd = ci->connect_fd;
		atomic_init(&k->t_start, now_us());
		pthread_mutex_lock(&srv->lock);
		k->next = srv->socks;
		if (srv->socks != NULL)
			srv->socks->prev = k;
		srv->socks = k;
		pthread_mutex_unlock(&srv->lock);
		*socket_context = k;
		return;
	}
	if (k == NULL)
		return;
	pthread_mutex_lock(&srv->lock);
	if (k->prev != NULL)
		k->prev->next = k->next;
	else
		srv->socks = k->next;
	if (k->next != NULL)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&srv->lock);
	*socket_context = NULL;
	free(k->uri);
	free(k);
}

/* The client's address as text, or "-". */
static void
remote_of(struct MHD_Connection *mc, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(out, n, "-");
	if (ci != NULL && ci->client_addr != NULL) {
		socklen_t len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
								      : sizeof(struct sockaddr_in);

		if (getnameinfo(ci->client_addr, len, out, (socklen_t)n, NULL, 0, NI_NUMERICHOST) != 0)
			snprintf(out, n, "-");
	}
}

/* The first call of the access handler: the request's state, which
 * on_completed frees. */
static struct conn *
conn_new(struct server *srv, struct sock *k, struct MHD_Connection *mc)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->srv = srv;
	c->sock = k;
	c->hr.magic = HTTP_REQ_MAGIC;
	c->t0 = k->t_uri != 0 ? k->t_uri : now_us();
	buf_init(&c->body, srv->max_body);
	c->uri = k->uri; /* taken */
	k->uri = NULL;
	remote_of(mc, c->remote, sizeof(c->remote));
	atomic_fetch_add(&srv->inflight, 1);
	return c;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method, const char *version,
	   const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn *c = *con_cls;
	uint64_t cl;

	(void)url;
	(void)version;
	if (c == NULL) {
		/* First call: headers only. Answering here would cost the
		 * keep-alive, except for a body that is known to be too big,
		 * which is refused before it is sent (no 100 Continue). */
		struct sock *k = sock_of(mc);

		if (k == NULL || k->uri == NULL || k->refused)
			return MHD_NO; /* out of memory, or answered by refuse_raw() */
		if ((c = conn_new(srv, k, mc)) == NULL)
			return MHD_NO;
		*con_cls = c;
		c->started = true;
		snprintf(c->method, sizeof(c->method), "%s", method);
		c->head = strcmp(method, "HEAD") == 0;
		if (c->head)
			snprintf(c->method, sizeof(c->method), "HEAD");
		if (!content_length(mc, &cl))
			return MHD_YES;
		if (cl > c->srv->max_body)
			return reply_too_big(c, mc);
		/* The body arrives in pieces: room for it at once rather than
		 * copies at every doubling. Capped, so that a Content-Length
		 * alone does not reserve much; failing is harmless. */
		if (cl > 0)
			(void)buf_reserve(&c->body, cl < BODY_RESERVE_MAX ? (size_t)cl : BODY_RESERVE_MAX);
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (c->answered || c->too_big || c->late)
			return MHD_YES; /* discarded */
		if (past_deadline(c->sock, now_us(), 0)) {
			/* A body that trickles in. MHD 0.9.75 sends a queued
			 * response only once the body is complete, so the 408
			 * goes straight out (MHD has written nothing for this
			 * request); the rest is discarded and the sweep closes
			 * the connection if the client does not. */
			c->late = true;
			refuse_raw(c->sock, 408, c->uri);
			mark_answered(c, 408, 0);
			return MHD_YES;
		}
		if (buf_append(&c->body, upload_data, n) != 0) {
			/* Past the cap (chunked or a wrong Content-Length):
			 * answer now if MHD lets us, else at the end. */
			c->too_big = true;
			(void)reply_too_big(c, mc);
		}
		return MHD_YES;
	}
	if (c->late)
		return MHD_NO; /* answered on the socket: close */
	if (c->answered)
		return MHD_YES;
	c->t_ready = now_us();
	return handle(c, mc);
}

/* Called by MHD once the request line is read, before it parses the query
 * into its memory pool: keeps the raw target on the connection (the access
 * handler takes it), and refuses a target past the limits at once. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	struct sock *k = sock_of(mc);
	int status;

	(void)cls;
	if (k == NULL)
		return NULL;
	if (uri == NULL)
		uri = "";
	free(k->uri);
	k->uri = NULL;
	k->refused = false;
	k->t_uri = now_us();
	if ((status = http_target_status(uri)) != 0) {
		refuse_raw(k, status, uri);
		fprintf(k->srv->log, "s3pm: a request target of %zu bytes refused with %d\n", strlen(uri), status);
		return NULL;
	}
	k->uri = strdup(uri); /* NULL: the access handler refuses */
	return NULL;
}
/* The request target for the log, with anything unprintable escaped. */
static void
log_target(const char *s, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;

	for (; s != NULL && *s != '\0' && j + 4 < n; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
			out[j++] = '%';
			out[j++] = hex[ch >> 4];
			out[j++] = hex[ch & 15];
		} else {
			out[j++] = (char)ch;
		}
	}
	out[j] = '\0';
}

static void
on_completed(void *cls, struct MHD_Connection *mc, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct conn *c = *con_cls;
	struct sock *k = sock_of(mc);
	char when[40], target[1024], user[24], remote[64];
	struct tm tm;
	time_t t = time(NULL);

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S +0000", &tm);
	if (k != NULL)
		atomic_store(&k->t_start, now_us()); /* the next request's deadline runs */
	if (c == NULL) {
		/* Answered by MHD itself (a malformed request, say) or
		 * refused before the access handler: no status we know. */
		if (k == NULL || (k->uri == NULL && !k->refused))
			return;
		log_target(k->uri, target, sizeof(target));
		remote_of(mc, remote, sizeof(remote));
		fprintf(srv->log, "%s - - [%s] \"- %s HTTP/1.1\" %d 0 %lldus aborted\n", remote, when, target,
			k->refused ? 414 : 0, (long long)(now_us() - k->t_uri));
		free(k->uri);
		k->uri = NULL;
		return;
	}
	*con_cls = NULL;
	metrics_request(c->route, c->method, c->status, now_us() - c->t0);
	if (c->route != NULL && (c->route->flags & ROUTE_OPS) && c->status == 200)
		goto done; /* health probes and scrapes: no log line when all is well */
	log_target(c->uri, target, sizeof(target));
	if (c->have_user)
		snprintf(user, sizeof(user), "%lld", (long long)c->user.id);
	else
		snprintf(user, sizeof(user), "-");
	/* Common log format, then the duration in µs. */
	fprintf(srv->log, "%s - %s [%s] \"%s %s HTTP/1.1\" %d %zu %lldus%s\n", c->remote, user, when,
		c->method[0] != '\0' ? c->method : "-", target, c->status, c->bytes,
		(long long)(now_us() - c->t0), toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
done:
	if (c->have_user)
		user_cleanup(&c->user);
	if (c->have_token)
		api_token_cleanup(&c->token);
	req_kv_free(c->hr.rq.query, c->hr.rq.nquery);
	req_kv_free(c->hr.rq.form, c->hr.rq.nform);
	req_kv_free(c->hr.cookies, c->hr.ncookies);
	buf_cleanup(&c->body);
	free(c->path);
	free(c->uri);
	memset(&c->session, 0, sizeof(c->session));
	free(c);
	atomic_fetch_sub(&srv->inflight, 1);
}

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *srv = cls;

	fputs("s3pm: http: ", srv->log);
	vfprintf(srv->log, fmt, ap);
}

/* --- start and stop ------------------------------------------------------- */

/* *out = the environment variable name when it is a number in [min, max]. */
static void
env_unsigned(const char *name, unsigned min, unsigned max, unsigned *out)
{
	const char *v = getenv(name);
	unsigned long n = 0;

	if (v == NULL || *v == '\0' || strlen(v) > 9)
		return;
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '9')
			return;
		n = n * 10 + (unsigned long)(*v - '0');
	}
	if (n >= min && n <= max)
		*out = (unsigned)n;
}

void
http_config_init(struct http_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->listen = "127.0.0.1:8080";
	cfg->connection_limit = 512;
	cfg->timeout_seconds = 30;
	cfg->drain_seconds = 10;
	cfg->per_ip_limit = 64;
	cfg->request_seconds = 60;
	env_unsigned("S3PM_HTTP_PER_IP_LIMIT", 1, 100000, &cfg->per_ip_limit);
	env_unsigned("S3PM_HTTP_REQUEST_SECONDS", 1, 86400, &cfg->request_seconds);
}

/* "host:port", "[v6]:port" or ":port" into an address. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen, struct app_msg *msg)
{
	char host[256], port[8];
	const char *colon;
	struct addrinfo hints, *res = NULL;
	size_t hlen, i;
	int gai;

	if (listen == NULL || *listen == '\0')
		return app_fail(msg, APP_EINPUT, "no address to listen on");
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		if (close == NULL || close[1] != ':')
			return app_fail(msg, APP_EINPUT, "\"%s\": expected [ADDRESS]:PORT", listen);
		hlen = (size_t)(close - listen - 1);
		if (hlen >= sizeof(host))
			return app_fail(msg, APP_EINPUT, "\"%s\": address too long", listen);
		memcpy(host, listen + 1, hlen);
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (colon == NULL)
			return app_fail(msg, APP_EINPUT, "\"%s\": expected HOST:PORT", listen);
		hlen = (size_t)(colon - listen);
		if (hlen >= sizeof(host))
			return app_fail(msg, APP_EINPUT, "\"%s\": address too long", listen);
		memcpy(host, listen, hlen);
	}
	host[hlen] = '\0';
	if (strlen(colon + 1) == 0 || strlen(colon + 1) > 5)
		return app_fail(msg, APP_EINPUT, "\"%s\": the port must be a number from 1 to 65535", listen);
	for (i = 0; colon[1 + i] != '\0'; i++)
		if (colon[1 + i] < '0' || colon[1 + i] > '9')
			return app_fail(msg, APP_EINPUT, "\"%s\": the port must be a number from 1 to 65535", listen);
	snprintf(port, sizeof(port), "%s", colon + 1);
	{
		unsigned p = 0;

		for (i = 0; port[i] != '\0'; i++)
			p = p * 10 + (unsigned)(port[i] - '0');
		if (p < 1 || p > 65535)
			return app_fail(msg, APP_EINPUT, "\"%s\": the port must be a number from 1 to 65535",
					listen);
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	gai = getaddrinfo(hlen > 0 ? host : NULL, port, &hints, &res);
	if (gai != 0 || res == NULL)
		return app_fail(msg, APP_EINPUT, "\"%s\": %s", listen, gai_strerror(gai));
	if (hlen == 0) {
		/* ":port": every IPv4 interface, as most servers do. */
		struct addrinfo *a;

		for (a = res; a != NULL && a->ai_family != AF_INET; a = a->ai_next)
			;
		if (a != NULL) {
			memcpy(ss, a->ai_addr, a->ai_addrlen);
			*sslen = a->ai_addrlen;
			freeaddrinfo(res);
			return 0;
		}
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static unsigned
cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 && n < 1024 ? (unsigned)n : 2;
}

int
http_serve(struct app *app, const struct http_config *cfg, struct app_msg *msg)
{
	struct server srv;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	struct MHD_Daemon *d = NULL;
	sigset_t set;
	struct sigaction sa;
	unsigned threads, flags;
	MHD_socket lsock;
	int64_t deadline;
	int rc, sig = 0;

	memset(&srv, 0, sizeof(srv));
	srv.app = app;
	srv.log = cfg->access_log != NULL ? cfg->access_log : stderr;
	srv.max_body = app->max_body > 0 ? app->max_body : DEFAULT_MAX_BODY;
	atomic_init(&srv.inflight, 0);
	atomic_init(&srv.closing, false);
	srv.request_us = (int64_t)(cfg->request_seconds > 0 ? cfg->request_seconds : 60) * 1000000;
	if (pthread_mutex_init(&srv.lock, NULL) != 0)
		return app_fail(msg, APP_EINTERNAL, "cannot make a mutex");
	/* 1024 public pages, each kept one second at most. */
	srv.cache = pagecache_new(1024, 1000, destroy_cached);
	if (srv.cache == NULL) {
		pthread_mutex_destroy(&srv.lock);
		return app_fail(msg, APP_ENOMEM, "out of memory");
	}
	/* Another server's changes empty the cache too (PostgreSQL). */
	if ((rc = app_watch_changes(app, cache_changed, srv.cache, &srv.watch, msg)) != 0) {
		pagecache_free(srv.cache);
		pthread_mutex_destroy(&srv.lock);
		return rc;
	}
	if (app->session_hours <= 0)
		app->session_hours = 12;
	if (app->max_body == 0)
		app->max_body = srv.max_body;
	if ((rc = parse_listen(cfg->listen, &ss, &sslen, msg)) != 0)
		goto cleanup;
	if (auth_init() != 0) {
		rc = app_fail(msg, APP_EINTERNAL, "libsodium could not be initialised");
		goto cleanup;
	}
	if ((rc = static_load(&srv, app->static_dir)) != 0) {
		app_fail(msg, rc, "static files: %s", app_strerror(rc));
		goto cleanup;
	}

	/* The workers must not take SIGTERM/SIGINT: this thread waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	threads = cfg->threads > 0 ? cfg->threads : cpu_count();
	/* poll, not epoll: libmicrohttpd 0.9.75 with epoll misses a client's close that
	 * arrives with its last bytes (the connection stays in CLOSE-WAIT, its
	 * request in flight, until the idle timeout) and hangs when a query
	 * overflows its memory pool; with poll it sees both. */
	flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
			     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, &srv,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_THREAD_POOL_SIZE, threads,
			     MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit > 0 ? cfg->connection_limit : 512u,
			     MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds > 0 ? cfg->timeout_seconds : 30u,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit > 0 ? cfg->per_ip_limit : 64u,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
			     MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
			     MHD_OPTION_END);
	if (d == NULL) {
		rc = app_fail(msg, APP_EIO, "cannot listen on %s (is the port taken?)", cfg->listen);
		goto cleanup;
	}
	fprintf(srv.log, "s3pm: listening on http://%s/ with %u thread%s, %zu static file%s\n", cfg->listen,
		threads, threads == 1 ? "" : "s", srv.nfiles, srv.nfiles == 1 ? "" : "s");
	fflush(srv.log);

	/* Wait for a signal; meanwhile cut the requests past their deadline. */
	for (;;) {
		struct timespec ts = {0, 250 * 1000 * 1000};

		if ((sig = sigtimedwait(&set, NULL, &ts)) > 0)
			break;
		sweep(&srv);
	}
	fprintf(srv.log, "s3pm: %s: shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	atomic_store(&srv.closing, true);
	lsock = MHD_quiesce_daemon(d);
	/* Let what is under way finish; a second signal stops at once. */
	deadline = now_us() + (int64_t)(cfg->drain_seconds > 0 ? cfg->drain_seconds : 10) * 1000000;
	while (atomic_load(&srv.inflight) > 0 && now_us() < deadline) {
		struct timespec ts = {0, 20 * 1000 * 1000};

		if (sigtimedwait(&set, NULL, &ts) > 0) {
			fprintf(srv.log, "s3pm: second signal: stopping now\n");
			break;
		}
		sweep(&srv);
	}
	if (atomic_load(&srv.inflight) > 0)
		fprintf(srv.log, "s3pm: %d request%s cut short\n", atomic_load(&srv.inflight),
			atomic_load(&srv.inflight) == 1 ? "" : "s");
	MHD_stop_daemon(d);
	d = NULL;
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	fprintf(srv.log, "s3pm: stopped\n");
	fflush(srv.log);
	rc = 0;
cleanup:
	if (d != NULL)
		MHD_stop_daemon(d);
	static_free(&srv);
	app_watch_stop(srv.watch);
	pagecache_free(srv.cache);
	pthread_mutex_destroy(&srv.lock);
	return rc;
}

