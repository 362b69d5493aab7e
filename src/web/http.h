/* http.h - the HTTP edge: the server (http.c, the only user of libmicrohttpd) and the request decoders of req.c. */
#ifndef S3PM_HTTP_H
#define S3PM_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "web.h"

/* --- the server (http.c) ----------------------------------------------- */

struct http_config {
	const char *listen;        /* "127.0.0.1:8080", "[::1]:8080", "localhost:8080", ":8080" */
	unsigned threads;          /* worker threads; 0 = one per CPU */
	unsigned connection_limit; /* open connections at most */
	unsigned timeout_seconds;  /* idle connections are closed after this */
	unsigned drain_seconds;    /* at shutdown, how long in-flight requests may finish */
	unsigned per_ip_limit;     /* open connections from one address at most */
	unsigned request_seconds;  /* a request must arrive whole (headers and body)
				      within this, counted from the connection's
				      opening or the end of its previous request */
	FILE *access_log;          /* one line per request; NULL = stderr */
};

/* Defaults: 127.0.0.1:8080, one thread per CPU, 512 connections, 64 per
 * address, 30 s idle timeout, 60 s for a whole request, 10 s to drain.
 * The environment may change two of them: S3PM_HTTP_PER_IP_LIMIT (1 to
 * 100000) and S3PM_HTTP_REQUEST_SECONDS (1 to 86400); other values are
 * ignored. */
void http_config_init(struct http_config *cfg);

/* The longest request target (path and query) and the most query pieces
 * (split at '&') that the server takes; past either it answers 414 at once.
 * The per-connection memory of libmicrohttpd (HTTP_CONN_MEMORY) is sized so
 * that every target within these limits, with its headers, fits. */
#define HTTP_MAX_TARGET 16384
#define HTTP_MAX_QUERY_PIECES 512
#define HTTP_CONN_MEMORY (64u << 10)

/* 0 when the raw request target is within the limits above, else 414. */
int http_target_status(const char *target);

/* Serves app until SIGTERM or SIGINT: then stops accepting, lets in-flight
 * requests finish (up to drain_seconds) and returns 0. Start-up failures
 * (bad address, port taken) return an error with msg set. The caller owns
 * app and closes its store afterwards. app->max_body 0 means 1 MiB,
 * app->session_hours 0 means 12. */
int http_serve(struct app *app, const struct http_config *cfg, struct app_msg *msg);

/* The status for a handler's error, as web.h says: APP_EINPUT 400,
 * APP_EPERM 403, APP_ENOTFOUND 404, APP_ECONFLICT 409, APP_ETOOBIG 413,
 * anything else 500. */
int http_status_for(int err);
/* A short message for an error status that says nothing about the data. */
const char *http_status_text(int status);

/* --- request decoding (req.c) ------------------------------------------ */

#define REQ_MAX_FIELDS 4096  /* form fields or query parameters per request */
#define REQ_MAX_COOKIES 64

/* The request as the server holds it: what handlers see plus what only the
 * edge needs. Handlers get &hr->rq; req_cookie finds the rest. */
#define HTTP_REQ_MAGIC 0x53335051u
struct http_req {
	struct req rq;     /* first */
	uint32_t magic;    /* HTTP_REQ_MAGIC */
	struct kv *cookies;
	size_t ncookies;
};

/* Percent-decodes s[0..len) into a new NUL-terminated string (*out, free()
 * it); '+' becomes a space when plus_is_space (form encoding). The result
 * must be UTF-8 text (text_check): APP_EINPUT for a bad escape, a NUL,
 * invalid UTF-8 or a control character other than tab, CR, LF. */
int req_decode(const char *s, size_t len, bool plus_is_space, char **out);
/* Decodes a URL path ("/p/a%20b"): APP_EINPUT unless it starts with '/'
 * or when it contains an encoded '/' or "..", or what req_decode refuses. */
int req_decode_path(const char *s, size_t len, char **out);
/* Parses "a=1&b=x+y" (a query string or an urlencoded body) into
 * decoded pairs, in order; empty pieces are skipped, "a" alone gives
 * value "". APP_ETOOBIG past REQ_MAX_FIELDS, APP_EINPUT as req_decode. */
int req_parse_urlencoded(const char *s, size_t len, struct kv **out, size_t *n);
/* Parses a Cookie header ("a=1; b=\"2\"") into pairs; values are not
 * decoded, surrounding quotes are removed, malformed pieces are skipped,
 * at most REQ_MAX_COOKIES are kept. */
int req_parse_cookies(const char *header, struct kv **out, size_t *n);
void req_kv_free(struct kv *v, size_t n);
/* A cookie of the request (the first of that name), or NULL. Borrowed. */
const char *req_cookie(const struct req *rq, const char *name);

/* A response ready for a handler: status 0, empty body capped at
 * RESP_MAX_BODY, no redirect, cookies or title. */
#define RESP_MAX_BODY (32u << 20)
void resp_init(struct resp *rs);
void resp_cleanup(struct resp *rs);

#endif
