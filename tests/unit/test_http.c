/* test_http.c - unit tests of the HTTP edge without a socket: decoding (req.c), cookies, forms, routes (route.c), status mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "pages.h"
#include "route.h"

static void
test_decode(void **state)
{
	char *s = NULL;

	(void)state;
	assert_int_equal(req_decode("a%20b+c", 7, true, &s), 0);
	assert_string_equal(s, "a b c");
	free(s);
	assert_int_equal(req_decode("a%20b+c", 7, false, &s), 0);
	assert_string_equal(s, "a b+c");
	free(s);
	assert_int_equal(req_decode("%C3%A9t%c3%a9", 13, true, &s), 0);
	assert_string_equal(s, "été");
	free(s);
	assert_int_equal(req_decode("", 0, true, &s), 0);
	assert_string_equal(s, "");
	free(s);
	/* Only len bytes are read. */
	assert_int_equal(req_decode("abc%41", 3, true, &s), 0);
	assert_string_equal(s, "abc");
	free(s);
	/* Line breaks and tabs of a textarea are text. */
	assert_int_equal(req_decode("a%0D%0Ab%09c", 12, true, &s), 0);
	assert_string_equal(s, "a\r\nb\tc");
	free(s);

	/* Bad escapes, NUL, invalid UTF-8, control characters: refused. */
	assert_int_equal(req_decode("%", 1, true, &s), APP_EINPUT);
	assert_null(s);
	assert_int_equal(req_decode("%4", 2, true, &s), APP_EINPUT);
	assert_int_equal(req_decode("%zz", 3, true, &s), APP_EINPUT);
	assert_int_equal(req_decode("a%00b", 5, true, &s), APP_EINPUT);
	assert_int_equal(req_decode("%C3", 3, true, &s), APP_EINPUT);
	assert_int_equal(req_decode("%FF%FE", 6, true, &s), APP_EINPUT);
	assert_int_equal(req_decode("%C0%AF", 6, true, &s), APP_EINPUT); /* overlong '/' */
	assert_int_equal(req_decode("%ED%A0%80", 9, true, &s), APP_EINPUT); /* surrogate */
	assert_int_equal(req_decode("\xC3", 1, true, &s), APP_EINPUT);  /* raw bytes too */
	assert_int_equal(req_decode("%01", 3, true, &s), APP_EINPUT);
	assert_int_equal(req_decode("%0C", 3, true, &s), APP_EINPUT);
	assert_null(s);
}

static void
test_decode_path(void **state)
{
	char *s = NULL;

	(void)state;
	assert_int_equal(req_decode_path("/p/a%20b/2020-H1", 16, &s), 0);
	assert_string_equal(s, "/p/a b/2020-H1");
	free(s);
	/* '+' is a plus in a path. */
	assert_int_equal(req_decode_path("/a+b", 4, &s), 0);
	assert_string_equal(s, "/a+b");
	free(s);
	assert_int_equal(req_decode_path("/", 1, &s), 0);
	assert_string_equal(s, "/");
	free(s);
	assert_int_equal(req_decode_path("", 0, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("p/x", 3, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("*", 1, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/p/a%2Fb", 8, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/p/a%2fb", 8, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/static/../x", 12, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/static/%2E%2E/x", 16, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/static/.", 9, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/..", 3, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/a%00", 5, &s), APP_EINPUT);
	assert_int_equal(req_decode_path("/a%FF", 5, &s), APP_EINPUT);
	assert_null(s);
	/* Names that merely contain dots are fine. */
	assert_int_equal(req_decode_path("/static/app.js", 14, &s), 0);
	free(s);
	assert_int_equal(req_decode_path("/a/..b/c...", 11, &s), 0);
	free(s);
}

static void
test_urlencoded(void **state)
{
	const char *body = "csrf=abc&a.q1=x+y%21&&a.q2=&flag&a.q1=second&%C3%A9=%C3%A9";
	struct kv *v = NULL;
	size_t n = 0;
	struct req rq;

	(void)state;
	assert_int_equal(req_parse_urlencoded(body, strlen(body), &v, &n), 0);
	assert_int_equal(n, 6);
	assert_string_equal(v[0].key, "csrf");
	assert_string_equal(v[0].value, "abc");
	assert_string_equal(v[1].key, "a.q1");
	assert_string_equal(v[1].value, "x y!");
	assert_string_equal(v[2].key, "a.q2");
	assert_string_equal(v[2].value, "");
	assert_string_equal(v[3].key, "flag");
	assert_string_equal(v[3].value, "");
	assert_string_equal(v[5].key, "é");
	/* req_form and req_query give the first of a name. */
	memset(&rq, 0, sizeof(rq));
	rq.form = v;
	rq.nform = n;
	rq.query = v;
	rq.nquery = n;
	assert_string_equal(req_form(&rq, "a.q1"), "x y!");
	assert_string_equal(req_query(&rq, "flag"), "");
	assert_null(req_form(&rq, "missing"));
	assert_null(req_form(&rq, NULL));
	assert_null(req_query(NULL, "a"));
	req_kv_free(v, n);

	assert_int_equal(req_parse_urlencoded("", 0, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(req_parse_urlencoded(NULL, 0, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(req_parse_urlencoded("&&&", 3, &v, &n), 0);
	assert_int_equal(n, 0);
	/* One bad field spoils the lot: nothing half-parsed. */
	assert_int_equal(req_parse_urlencoded("a=1&b=%FF", 9, &v, &n), APP_EINPUT);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(req_parse_urlencoded("a=1&b%00=2", 10, &v, &n), APP_EINPUT);
	assert_int_equal(req_parse_urlencoded("a=%", 3, &v, &n), APP_EINPUT);
}

static void
test_field_cap(void **state)
{
	size_t i, n = 0, len;
	struct kv *v = NULL;
	char *s;

	(void)state;
	len = (REQ_MAX_FIELDS + 1) * 4;
	s = malloc(len + 1);
	assert_non_null(s);
	for (i = 0; i < REQ_MAX_FIELDS + 1; i++)
		memcpy(s + i * 4, "a=1&", 4);
	/* Exactly the cap: fine. */
	assert_int_equal(req_parse_urlencoded(s, REQ_MAX_FIELDS * 4, &v, &n), 0);
	assert_int_equal(n, REQ_MAX_FIELDS);
	req_kv_free(v, n);
	/* One more: refused as too big (413), not cut. */
	assert_int_equal(req_parse_urlencoded(s, len, &v, &n), APP_ETOOBIG);
	assert_null(v);
	free(s);
}

static void
test_cookies(void **state)
{
	struct http_req hr;
	struct kv *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(req_parse_cookies("s3pm_session=abc; theme=\"dark\";x=1;  empty=; =novalue; bad name=1; "
					   "nv; q=a\"b; s3pm_session=second",
					   &v, &n),
			 0);
	assert_int_equal(n, 5);
	assert_string_equal(v[0].key, "s3pm_session");
	assert_string_equal(v[0].value, "abc");
	assert_string_equal(v[1].key, "theme");
	assert_string_equal(v[1].value, "dark");
	assert_string_equal(v[2].key, "x");
	assert_string_equal(v[2].value, "1");
	assert_string_equal(v[3].key, "empty");
	assert_string_equal(v[3].value, "");
	assert_string_equal(v[4].value, "second");

	/* req_cookie works on the server's request only. */
	memset(&hr, 0, sizeof(hr));
	hr.cookies = v;
	hr.ncookies = n;
	assert_null(req_cookie(&hr.rq, "s3pm_session"));
	hr.magic = HTTP_REQ_MAGIC;
	assert_string_equal(req_cookie(&hr.rq, "s3pm_session"), "abc");
	assert_string_equal(req_cookie(&hr.rq, "theme"), "dark");
	assert_null(req_cookie(&hr.rq, "nope"));
	assert_null(req_cookie(NULL, "x"));
	req_kv_free(v, n);

	assert_int_equal(req_parse_cookies("", &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(req_parse_cookies(NULL, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(req_parse_cookies(";;; ;", &v, &n), 0);
	assert_int_equal(n, 0);
}

static void
test_cookie_cap(void **state)
{
	char h[REQ_MAX_COOKIES * 8 + 64];
	size_t i, off = 0, n = 0;
	struct kv *v = NULL;

	(void)state;
	for (i = 0; i < REQ_MAX_COOKIES + 5; i++)
		off += (size_t)snprintf(h + off, sizeof(h) - off, "c%zu=1; ", i);
	assert_int_equal(req_parse_cookies(h, &v, &n), 0);
	assert_int_equal(n, REQ_MAX_COOKIES);
	req_kv_free(v, n);
}

static void
test_resp(void **state)
{
	struct resp rs;
	size_t i;

	(void)state;
	resp_init(&rs);
	assert_int_equal(resp_redirect(&rs, "/p/x"), 0);
	assert_string_equal(rs.location, "/p/x");
	assert_int_equal(resp_redirect(&rs, "/p/y?a=1"), 0);
	assert_string_equal(rs.location, "/p/y?a=1");
	/* Only places on this site, and nothing that splits a header. */
	assert_int_equal(resp_redirect(&rs, "https://evil.example/"), APP_EINPUT);
	assert_int_equal(resp_redirect(&rs, "//evil.example/"), APP_EINPUT);
	assert_int_equal(resp_redirect(&rs, "/\\evil.example/"), APP_EINPUT);
	assert_int_equal(resp_redirect(&rs, "/a\r\nSet-Cookie: x=1"), APP_EINPUT);
	assert_int_equal(resp_redirect(&rs, NULL), APP_EINPUT);
	assert_string_equal(rs.location, "/p/y?a=1");
	assert_int_equal(resp_title(&rs, "Zoë"), 0);
	assert_string_equal(rs.title, "Zoë");
	assert_int_equal(resp_title(&rs, NULL), 0);
	assert_string_equal(rs.title, "");
	for (i = 0; i < 4; i++)
		assert_int_equal(resp_cookie(&rs, "a=1; Path=/"), 0);
	assert_int_equal(resp_cookie(&rs, "a=1"), APP_ETOOBIG);
	assert_int_equal(rs.ncookies, 4);
	resp_cleanup(&rs);
	resp_init(&rs);
	assert_int_equal(resp_cookie(&rs, "a=1\nb"), APP_EINPUT);
	assert_int_equal(rs.ncookies, 0);
	resp_cleanup(&rs);
}

/* Matches and checks the handler and parameters. */
static void
expect_route(const char *method, const char *path, handler_fn h, const char *p0, const char *p1)
{
	struct route_result rr;

	assert_int_equal(route_match(method, path, &rr), 0);
	if (rr.status != 0)
		fail_msg("%s %s: status %d", method, path, rr.status);
	assert_non_null(rr.route);
	assert_ptr_equal(rr.route->handler, h);
	if (p0 != NULL)
		assert_string_equal(rr.params[0], p0);
	if (p1 != NULL) {
		assert_int_equal(rr.nparams, 2);
		assert_string_equal(rr.params[1], p1);
	}
	route_result_cleanup(&rr);
}

static void
expect_status(const char *method, const char *path, int status, const char *allow)
{
	struct route_result rr;

	assert_int_equal(route_match(method, path, &rr), 0);
	if (rr.status != status)
		fail_msg("%s %s: status %d, expected %d", method, path, rr.status, status);
	assert_null(rr.route);
	if (allow != NULL)
		assert_string_equal(rr.allow, allow);
	route_result_cleanup(&rr);
}

static void
test_routes(void **state)
{
	struct route_result rr;

	(void)state;
	expect_route("GET", "/", page_index, NULL, NULL);
	expect_route("HEAD", "/", page_index, NULL, NULL);
	expect_route("GET", "/login", page_login_form, NULL, NULL);
	expect_route("POST", "/login", page_login, NULL, NULL);
	expect_route("POST", "/logout", page_logout, NULL, NULL);
	expect_route("GET", "/p/mining-industry", page_partnership, "mining-industry", NULL);
	expect_route("GET", "/p/mining-industry/2020-H1", page_report, "mining-industry", "2020-H1");
	expect_route("GET", "/p/mining-industry/2021-H2/edit", page_edit, "mining-industry", "2021-H2");
	expect_route("POST", "/p/mining-industry/2021-H2/edit", page_edit_save, NULL, "2021-H2");
	expect_route("POST", "/p/m/2020-H2/new", page_report_new, "m", "2020-H2");
	expect_route("POST", "/p/m/2020-H2/submit", page_submit, NULL, NULL);
	expect_route("POST", "/p/m/2020-H2/comment", page_comment, NULL, NULL);
	expect_route("POST", "/p/m/2020-H2/return", page_return, NULL, NULL);
	expect_route("POST", "/p/m/2020-H2/accept", page_accept, NULL, NULL);
	expect_route("POST", "/p/m/decisions", page_decision, "m", NULL);
	expect_route("GET", "/api/p/m/2020-H1", api_report, "m", "2020-H1");
	expect_route("POST", "/api/p/m/2020-H1/draft", api_draft, "m", "2020-H1");
	expect_route("POST", "/api/validate", api_validate, NULL, NULL);
	expect_route("GET", "/api/nuts", api_nuts, NULL, NULL);

	/* The members page is not a period, and a period must look like one. */
	expect_route("GET", "/p/mining-industry/members", page_members, "mining-industry", NULL);
	expect_route("POST", "/p/mining-industry/members", page_members_add, "mining-industry", NULL);
	assert_int_equal(route_match("GET", "/p/x/members", &rr), 0);
	assert_int_equal(rr.nparams, 1);
	route_result_cleanup(&rr);
	expect_status("GET", "/p/x/2020-H3", 404, NULL);
	expect_status("GET", "/p/x/2020-h1", 404, NULL);
	expect_status("GET", "/p/x/20201-H1", 404, NULL);
	expect_status("GET", "/p/x/decisions", 405, "POST");
	expect_status("GET", "/p/x/members/edit", 404, NULL);

	/* A parameter with a suffix: the PDF of a report. */
	expect_route("GET", "/p/mining-industry/2020-H1.pdf", page_report_pdf, "mining-industry",
		     "2020-H1");
	expect_route("HEAD", "/p/m/2021-H2.pdf", page_report_pdf, "m", "2021-H2");
	expect_status("GET", "/p/x/2020-H3.pdf", 404, NULL);
	expect_status("GET", "/p/x/.pdf", 404, NULL);
	expect_status("GET", "/p/x/2020-H1.pd", 404, NULL);
	expect_status("GET", "/p/x/2020-H1.pdf.pdf", 404, NULL);
	expect_status("GET", "/p/x/members.pdf", 404, NULL);
	expect_status("POST", "/p/x/2020-H1.pdf", 405, "GET, HEAD");

	/* Static files: plain names only. */
	assert_int_equal(route_match("GET", "/static/app.js", &rr), 0);
	assert_non_null(rr.route);
	assert_true(rr.route->flags & ROUTE_STATIC);
	assert_string_equal(rr.params[0], "app.js");
	route_result_cleanup(&rr);
	expect_status("GET", "/static/.hidden", 404, NULL);
	expect_status("GET", "/static/App.js", 404, NULL);
	expect_status("GET", "/static/a b.js", 404, NULL);
	expect_status("GET", "/static/", 404, NULL);
	expect_status("GET", "/static/a/b.js", 404, NULL);

	/* Unknown paths 404; known paths with another method 405 and Allow. */
	expect_status("GET", "/nope", 404, NULL);
	expect_status("GET", "/p", 404, NULL);
	expect_status("GET", "/p/", 404, NULL);
	expect_status("GET", "/p/x/", 404, NULL);
	expect_status("GET", "//", 404, NULL);
	expect_status("GET", "/p/bad%slug", 404, NULL);
	expect_status("GET", "/a/b/c/d/e/f/g/h/i/j/k", 404, NULL);
	expect_status("GET", "", 404, NULL);
	expect_status("GET", "/logout", 405, "POST");
	expect_status("DELETE", "/", 405, "GET, HEAD");
	expect_status("PUT", "/login", 405, "GET, HEAD, POST");
	expect_status("PUT", "/p/x/2020-H1/edit", 405, "GET, HEAD, POST");
	expect_status("POST", "/p/x/2020-H1", 405, "GET, HEAD");
	expect_status("HEAD", "/logout", 405, "POST");
	expect_status("DELETE", "/api/v1/partnerships/x/reports/2020-H1", 405, "GET, HEAD, PUT");
	expect_status("GET", "/api/v1/partnerships/x/reports/2020-H1/submit", 405, "POST");
	expect_status("GET", "/api/v1/nothing", 404, "");
}

/* Every state-changing POST needs the CSRF check, but the JSON API v1's,
 * which take a bearer token and no cookie (ROUTE_API: every route under
 * /api/v1 and no other); GETs never change state; PUT is the API's. */
static void
test_route_flags(void **state)
{
	const struct route *t;
	size_t n, i;

	(void)state;
	t = route_table(&n);
	assert_true(n >= 20);
	for (i = 0; i < n; i++) {
		bool v1 = strncmp(t[i].pattern, "/api/v1/", 8) == 0;
		bool api = strncmp(t[i].pattern, "/api/", 5) == 0 && !v1;

		assert_int_equal(v1, (t[i].flags & ROUTE_API) != 0);
		if (v1) {
			assert_false(t[i].flags & (ROUTE_STATE | ROUTE_LOGIN | ROUTE_JSON | ROUTE_STATIC));
			assert_true(strcmp(t[i].method, "GET") == 0 || strcmp(t[i].method, "POST") == 0 ||
				    strcmp(t[i].method, "PUT") == 0);
			assert_non_null(t[i].handler);
			continue;
		}
		assert_true(strcmp(t[i].method, "GET") == 0 || strcmp(t[i].method, "POST") == 0);
		if (strcmp(t[i].method, "GET") == 0)
			assert_false(t[i].flags & (ROUTE_STATE | ROUTE_LOGIN));
		else if (strcmp(t[i].pattern, "/login") == 0)
			assert_true(t[i].flags & ROUTE_LOGIN);
		else if (strcmp(t[i].pattern, "/api/validate") != 0)
			assert_true(t[i].flags & ROUTE_STATE);
		assert_int_equal(api, (t[i].flags & ROUTE_JSON) != 0);
		assert_true((t[i].handler == NULL) == ((t[i].flags & ROUTE_STATIC) != 0));
	}
}

static void
test_status_mapping(void **state)
{
	(void)state;
	assert_int_equal(http_status_for(0), 200);
	assert_int_equal(http_status_for(APP_EINPUT), 400);
	assert_int_equal(http_status_for(APP_EPERM), 403);
	assert_int_equal(http_status_for(APP_ENOTFOUND), 404);
	assert_int_equal(http_status_for(APP_ECONFLICT), 409);
	assert_int_equal(http_status_for(APP_ETOOBIG), 413);
	assert_int_equal(http_status_for(APP_ENOMEM), 500);
	assert_int_equal(http_status_for(APP_EIO), 500);
	assert_int_equal(http_status_for(APP_EFORM), 500);
	assert_int_equal(http_status_for(APP_EINTERNAL), 500);
	assert_int_equal(http_status_for(-1234), 500);
	assert_non_null(http_status_text(404));
	assert_non_null(http_status_text(999));
}

/* The target limits that decide a 414 before MHD parses the query. */
static void
test_target_limits(void **state)
{
	size_t n = HTTP_MAX_TARGET + 2, i;
	char *t = malloc(n);

	(void)state;
	assert_non_null(t);
	assert_int_equal(http_target_status("/"), 0);
	assert_int_equal(http_target_status("/p/x?a=1&b=2"), 0);
	assert_int_equal(http_target_status(""), 0);
	/* exactly HTTP_MAX_TARGET bytes is taken, one more is not */
	memset(t, 'a', n);
	t[0] = '/';
	t[HTTP_MAX_TARGET] = '\0';
	assert_int_equal(http_target_status(t), 0);
	t[HTTP_MAX_TARGET] = 'a';
	t[HTTP_MAX_TARGET + 1] = '\0';
	assert_int_equal(http_target_status(t), 414);
	/* HTTP_MAX_QUERY_PIECES pieces are taken, one more is not */
	memcpy(t, "/?a", 3);
	for (i = 1; i < HTTP_MAX_QUERY_PIECES; i++)
		memcpy(t + 1 + 2 * i, "&a", 2);
	t[1 + 2 * HTTP_MAX_QUERY_PIECES] = '\0';
	assert_int_equal(http_target_status(t), 0);
	t[1 + 2 * HTTP_MAX_QUERY_PIECES] = '&';
	t[2 + 2 * HTTP_MAX_QUERY_PIECES] = '\0';
	assert_int_equal(http_target_status(t), 414);
	/* '&' in the path does not count */
	memset(t, '&', HTTP_MAX_QUERY_PIECES + 10);
	t[0] = '/';
	t[HTTP_MAX_QUERY_PIECES + 10] = '\0';
	assert_int_equal(http_target_status(t), 0);
	free(t);
}

static void
test_config_env(void **state)
{
	struct http_config cfg;

	(void)state;
	unsetenv("S3PM_HTTP_PER_IP_LIMIT");
	unsetenv("S3PM_HTTP_REQUEST_SECONDS");
	http_config_init(&cfg);
	assert_int_equal(cfg.per_ip_limit, 64);
	assert_int_equal(cfg.request_seconds, 60);
	setenv("S3PM_HTTP_PER_IP_LIMIT", "8", 1);
	setenv("S3PM_HTTP_REQUEST_SECONDS", "5", 1);
	http_config_init(&cfg);
	assert_int_equal(cfg.per_ip_limit, 8);
	assert_int_equal(cfg.request_seconds, 5);
	/* what is not a number in range is ignored */
	setenv("S3PM_HTTP_PER_IP_LIMIT", "0", 1);
	setenv("S3PM_HTTP_REQUEST_SECONDS", "5s", 1);
	http_config_init(&cfg);
	assert_int_equal(cfg.per_ip_limit, 64);
	assert_int_equal(cfg.request_seconds, 60);
	setenv("S3PM_HTTP_REQUEST_SECONDS", "99999999999", 1);
	http_config_init(&cfg);
	assert_int_equal(cfg.request_seconds, 60);
	unsetenv("S3PM_HTTP_PER_IP_LIMIT");
	unsetenv("S3PM_HTTP_REQUEST_SECONDS");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_path),
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_cookie_cap),
		cmocka_unit_test(test_resp),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_route_flags),
		cmocka_unit_test(test_status_mapping),
		cmocka_unit_test(test_target_limits),
		cmocka_unit_test(test_config_env),
	};

	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
