/* api_v1.c - what the JSON API v1's handlers share: problem details
 * (RFC 9457) for every error under /api/v1, JSON request bodies, the
 * token's right to write, paging and its links, If-Match and ETag on a
 * report's revision; and the API's own description, data/openapi.json. */
#include "api_v1.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "edit.h"
#include "fileio.h"
#include "html.h"
#include "report.h"

#define OPENAPI_MAX (1u << 20)

bool
api_v1_path(const char *path)
{
	return path != NULL && strncmp(path, "/api/v1", 7) == 0 && (path[7] == '\0' || path[7] == '/');
}

const char *
api_v1_param(const struct req *rq, size_t i)
{
	return rq->nparams > i ? rq->params[i] : NULL;
}

/* The reason phrase of status (RFC 9110), the title of about:blank. */
static const char *
reason(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	default: return "Internal Server Error";
	}
}

/* What the API says of an error status when the handler said nothing:
 * never anything about the data. */
static const char *
default_detail(int status)
{
	switch (status) {
	case 400: return "The request is not valid.";
	case 401: return "The bearer token is not valid.";
	case 403: return "The caller may not do this.";
	case 404: return "There is nothing at this address for the caller.";
	case 405: return "This address does not take that method; the Allow header lists those it takes.";
	case 409: return "The report is not in a state that allows this, or somebody changed the same "
			 "answers in the meantime; nothing was changed.";
	case 413: return "The request body is too large.";
	case 414: return "The address is too long or has too many parameters.";
	default: return "Something went wrong on our side; the error has been logged.";
	}
}

static json_t *
problem_json(int status, const char *type, const char *detail, const char *instance)
{
	char urn[96];
	json_t *p;

	if (type != NULL)
		snprintf(urn, sizeof(urn), "urn:s3pm:problem:%s", type);
	p = json_pack("{s:s, s:s, s:i, s:s}", "type", type != NULL ? urn : "about:blank", "title",
		      reason(status), "status", status, "detail", detail != NULL ? detail : default_detail(status));
	if (p != NULL && instance != NULL && json_object_set_new(p, "instance", json_string(instance)) != 0) {
		json_decref(p);
		return NULL;
	}
	return p;
}

char *
api_v1_problem_text(int status, const char *detail, const char *instance)
{
	json_t *p = problem_json(status, NULL, detail, instance);
	char *s = p != NULL ? json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(p);
	return s;
}

int
api_v1_problem(struct req *rq, struct resp *rs, int status, const char *type, const char *detail,
	       json_t *errors)
{
	json_t *p = problem_json(status, type, detail, rq->path);
	int rc;

	if (p == NULL || (errors != NULL && json_object_set_new(p, "errors", errors) != 0)) {
		if (p == NULL)
			json_decref(errors);
		json_decref(p);
		return APP_ENOMEM;
	}
	buf_reset(&rs->body);
	rc = edit_reply_json(rs, status, p);
	rs->content_type = API_V1_PROBLEM_TYPE;
	return rc;
}

/* "application/json", maybe with parameters, or any "+json" type. */
static bool
is_json_type(const char *ct)
{
	size_t n = ct != NULL ? strcspn(ct, "; ") : 0;

	if (ct == NULL)
		return false;
	return (n == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
	       (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0);
}

int
api_v1_body(struct req *rq, struct resp *rs, json_t **out)
{
	struct app_msg msg = {{0}};
	int rc;

	*out = NULL;
	if (!is_json_type(rq->content_type))
		return api_v1_problem(rq, rs, 415, "unsupported-media-type",
				      "The body must be JSON, sent with Content-Type: application/json.", NULL);
	if (rq->body == NULL || rq->body_len == 0)
		return api_v1_problem(rq, rs, 400, "invalid-json", "The body is empty; a JSON object is expected.",
				      NULL);
	rc = report_parse_json(rq->body, rq->body_len, "the request body", out, &msg);
	if (rc == APP_EINPUT)
		return api_v1_problem(rq, rs, 400, "invalid-json", msg.text, NULL);
	if (rc)
		return rc;
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return api_v1_problem(rq, rs, 400, "invalid-json", "The body must be a JSON object.", NULL);
	}
	return 0;
}

bool
api_v1_may_write(struct req *rq, struct resp *rs, int *rc)
{
	if (rq->user == NULL) {
		*rc = api_v1_problem(rq, rs, 401, "token-required",
				     "This needs a read-write token: send it as Authorization: Bearer TOKEN.", NULL);
		return false;
	}
	if (!rq->token_write) {
		*rc = api_v1_problem(rq, rs, 403, "read-only-token",
				     "This token is read-only; a read-write token is needed to change anything.",
				     NULL);
		return false;
	}
	*rc = 0;
	return true;
}

bool
api_v1_query_number(struct req *rq, struct resp *rs, const char *name, long max, long dflt, size_t *out, int *rc)
{
	const char *v = req_query(rq, name);
	char detail[160];
	long n = dflt;

	if (v != NULL && edit_parse_int(v, 1, max, &n) != 0) {
		snprintf(detail, sizeof(detail), "The query parameter %s must be a whole number from 1 to %ld.", name,
			 max);
		*rc = api_v1_problem(rq, rs, 400, "invalid-parameter", detail,
				     json_pack("[{s:s, s:s}]", "parameter", name, "detail", detail));
		return false;
	}
	*out = (size_t)n;
	return true;
}

bool
api_v1_paging(struct req *rq, struct resp *rs, size_t *page, size_t *per_page, int *rc)
{
	*rc = 0;
	return api_v1_query_number(rq, rs, "page", 1000000, 1, page, rc) &&
	       api_v1_query_number(rq, rs, "per_page", API_V1_PER_PAGE_MAX, API_V1_PER_PAGE, per_page, rc);
}

/* The request's path and query with page=N instead of its page. */
static json_t *
page_link(const struct req *rq, size_t page)
{
	struct buf u;
	json_t *s = NULL;
	char num[24];
	size_t i;
	int rc;

	buf_init(&u, 20000);
	/* The path of a matched route: slugs and periods need no escaping. */
	rc = buf_puts(&u, rq->path);
	if (rc == 0)
		rc = buf_puts(&u, "?");
	for (i = 0; rc == 0 && i < rq->nquery; i++) {
		if (strcmp(rq->query[i].key, "page") == 0)
			continue;
		if ((rc = html_url_arg(&u, rq->query[i].key)) == 0 && (rc = buf_putc(&u, '=')) == 0 &&
		    (rc = html_url_arg(&u, rq->query[i].value)) == 0)
			rc = buf_putc(&u, '&');
	}
	snprintf(num, sizeof(num), "page=%zu", page);
	if (rc == 0 && buf_puts(&u, num) == 0)
		s = json_string(buf_cstr(&u));
	buf_cleanup(&u);
	return s;
}

int
api_v1_paged(struct req *rq, json_t *list, size_t page, size_t per_page, size_t total)
{
	size_t last = total == 0 ? 1 : (total + per_page - 1) / per_page;
	json_t *links = json_object();
	int bad = links == NULL;

	bad = bad || json_object_set_new(links, "self", page_link(rq, page)) != 0;
	bad = bad || json_object_set_new(links, "first", page_link(rq, 1)) != 0;
	bad = bad || json_object_set_new(links, "last", page_link(rq, last)) != 0;
	if (page > 1)
		bad = bad || json_object_set_new(links, "prev", page_link(rq, page - 1 < last ? page - 1 : last)) != 0;
	if (page < last)
		bad = bad || json_object_set_new(links, "next", page_link(rq, page + 1)) != 0;
	bad = bad || json_object_set_new(list, "page", json_integer((json_int_t)page)) != 0;
	bad = bad || json_object_set_new(list, "per_page", json_integer((json_int_t)per_page)) != 0;
	bad = bad || json_object_set_new(list, "total", json_integer((json_int_t)total)) != 0;
	if (bad) {
		json_decref(links);
		return APP_ENOMEM;
	}
	return json_object_set_new(list, "links", links) != 0 ? APP_ENOMEM : 0;
}

bool
api_v1_if_match(const struct req *rq, int rev)
{
	const char *p = rq->if_match;
	char want[24];
	size_t n;

	if (p == NULL)
		return true;
	n = (size_t)snprintf(want, sizeof(want), "\"%d\"", rev);
	while (*p != '\0') {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len == 1 && p[0] == '*')
			return true;
		if (len == n && memcmp(p, want, n) == 0)
			return true;
		p += len;
	}
	return false;
}

int
api_v1_etag(struct resp *rs, int rev)
{
	char tag[24];

	snprintf(tag, sizeof(tag), "\"%d\"", rev);
	free(rs->etag);
	rs->etag = strdup(tag);
	return rs->etag != NULL ? 0 : APP_ENOMEM;
}

/* --- GET /api/v1/openapi.json ------------------------------------------- */

int
api_v1_openapi(struct req *rq, struct resp *rs)
{
	struct app_msg msg = {{0}};
	char path[4096], *data = NULL;
	size_t len = 0;
	int rc;

	if (rq->app->data_dir == NULL)
		return APP_ENOTFOUND;
	snprintf(path, sizeof(path), "%s/openapi.json", rq->app->data_dir);
	if ((rc = fileio_read(path, OPENAPI_MAX, &data, &len, &msg)) != 0)
		return rc == APP_ENOMEM ? rc : APP_EINTERNAL;
	rc = buf_append(&rs->body, data, len);
	free(data);
	rs->content_type = "application/json";
	return rc;
}
