/* test_ops.c - operations: the configuration file (conf.c), address lists
 * and the client behind trusted proxies (netaddr.c), the metrics text
 * (metrics.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"
#include "metrics.h"
#include "netaddr.h"
#include "opstats.h"
#include "route.h"

static int
parse(const char *text, struct conf *c, struct app_msg *msg)
{
	return conf_parse(text, strlen(text), "t.conf", c, msg);
}

static void
conf_good(void **state)
{
	struct app_msg msg = {{0}};
	struct conf c;

	(void)state;
	assert_int_equal(parse("# a comment\n; another\n\n  db = /var/lib/s3pm/s3pm.db  \r\n"
			       "listen=[::1]:8080\nsecure_cookies = yes\nmax_body = 2097152\n"
			       "trusted_proxies = 127.0.0.1, ::1 10.0.0.0/8\nmetrics_allow = none\n"
			       "contact_url = mailto:ops@example.eu\nlegal_url = https://x.eu/a#b\n"
			       "remind_days = 14,3\nsmtp = smtps://mail.example.eu:465",
			       &c, &msg),
			 0);
	assert_int_equal(c.n, 10);
	assert_string_equal(conf_get(&c, "db"), "/var/lib/s3pm/s3pm.db");
	assert_string_equal(conf_get(&c, "listen"), "[::1]:8080");
	assert_string_equal(conf_get(&c, "secure_cookies"), "1");
	assert_string_equal(conf_get(&c, "legal_url"), "https://x.eu/a#b");
	assert_null(conf_get(&c, "threads"));
	assert_int_equal(c.v[0].line, 4);
	conf_free(&c);
	assert_int_equal(parse("", &c, &msg), 0);
	assert_int_equal(c.n, 0);
	conf_free(&c);
}

static void
expect_bad(const char *text, const char *words)
{
	struct app_msg msg = {{0}};
	struct conf c;

	assert_int_equal(parse(text, &c, &msg), APP_EINPUT);
	assert_int_equal(c.n, 0);
	assert_null(c.v);
	if (strstr(msg.text, words) == NULL)
		fail_msg("\"%s\": \"%s\" does not say \"%s\"", text, msg.text, words);
}

static void
conf_bad(void **state)
{
	(void)state;
	expect_bad("db = a\nfoo = 1\n", "t.conf:2: unknown key \"foo\"");
	expect_bad("db = a\n\ndb = b\n", "t.conf:3: db is set twice (first on line 1)");
	expect_bad("threads = 0\n", "t.conf:1: threads: \"0\" is not a number from 1 to 256");
	expect_bad("threads = 257\n", "threads");
	expect_bad("max_body = 99999999999999999999999\n", "max_body");
	expect_bad("secure_cookies = maybe\n", "t.conf:1: secure_cookies");
	expect_bad("listen = 8080\n", "listen");
	expect_bad("listen = host:0\n", "listen");
	expect_bad("db = mysql://h/db\n", "an SQLite database file or a postgresql:// URL");
	expect_bad("db = postgresql://h/db name\n", "a PostgreSQL URL with a space");
	expect_bad("db =\n", "t.conf:1: db: no value");
	expect_bad("trusted_proxies = 10.0.0.1/8\n", "bits are set past the prefix");
	expect_bad("trusted_proxies = 10.0.0.0/33\n", "at most 32 bits");
	expect_bad("trusted_proxies = example.org\n", "not an address");
	expect_bad("metrics_allow = ,\n", "metrics_allow: no address (write none");
	expect_bad("base_url = ftp://x\n", "base_url");
	expect_bad("mail_from = nobody\n", "mail_from");
	expect_bad("remind_days = 14,,3\n", "remind_days");
	expect_bad("[serve]\n", "t.conf:1: sections are not used");
	expect_bad("just words\n", "t.conf:1: not key = value");
	expect_bad("Max_Body = 1\n", "is not a key");
	{
		struct app_msg msg = {{0}};
		struct conf c;

		assert_int_equal(conf_parse("db = a\nb\0c\n", 11, "t.conf", &c, &msg), APP_EINPUT);
		assert_string_equal(msg.text, "t.conf:2: a NUL byte: not a text file");
	}
}

static void
conf_table(void **state)
{
	size_t n, i, j;
	const struct conf_key *k = conf_keys(&n);

	(void)state;
	assert_true(n >= 20);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(conf_key(k[i].name), &k[i]);
		assert_true(strncmp(k[i].env, "S3PM_", 5) == 0);
		for (j = i + 1; j < n; j++)
			assert_string_not_equal(k[i].env, k[j].env);
	}
}

static void
conf_environment(void **state)
{
	struct app_msg msg = {{0}};
	struct conf c;

	(void)state;
	unsetenv("S3PM_THREADS");
	setenv("S3PM_SESSION_HOURS", "5", 1);
	assert_int_equal(parse("threads = 3\nsession_hours = 9\n", &c, &msg), 0);
	assert_int_equal(conf_export(&c, &msg), 0);
	assert_string_equal(getenv("S3PM_THREADS"), "3");
	/* The environment overrides the file. */
	assert_string_equal(getenv("S3PM_SESSION_HOURS"), "5");
	conf_free(&c);
	unsetenv("S3PM_THREADS");
	unsetenv("S3PM_SESSION_HOURS");
}

static void
netlists(void **state)
{
	struct app_msg msg = {{0}};
	struct netlist l;

	(void)state;
	assert_int_equal(netlist_parse("127.0.0.0/8, ::1\t10.1.0.0/16 2001:db8::/32", &l, &msg), 0);
	assert_int_equal(l.n, 4);
	assert_true(netlist_has(&l, "127.0.0.1"));
	assert_true(netlist_has(&l, "127.255.0.9"));
	assert_true(netlist_has(&l, "::ffff:127.0.0.1")); /* a dual-stack socket's IPv4 peer */
	assert_true(netlist_has(&l, "::1"));
	assert_true(netlist_has(&l, "10.1.200.3"));
	assert_false(netlist_has(&l, "10.2.0.1"));
	assert_true(netlist_has(&l, "2001:DB8:0::5"));
	assert_false(netlist_has(&l, "2001:db9::5"));
	assert_false(netlist_has(&l, "::2"));
	assert_false(netlist_has(&l, "junk"));
	assert_false(netlist_has(&l, ""));
	assert_false(netlist_has(&l, NULL));
	netlist_free(&l);
	assert_int_equal(netlist_parse("0.0.0.0/0", &l, &msg), 0);
	assert_true(netlist_has(&l, "203.0.113.9"));
	assert_false(netlist_has(&l, "2001:db8::1"));
	netlist_free(&l);
	assert_int_equal(netlist_parse("", &l, &msg), 0);
	assert_int_equal(l.n, 0);
	assert_false(netlist_has(&l, "127.0.0.1"));
	assert_false(netlist_has(NULL, "127.0.0.1"));
	assert_int_equal(netlist_parse("1.2.3.4, 1.2.3", &l, &msg), APP_EINPUT);
	assert_non_null(strstr(msg.text, "\"1.2.3\""));
	assert_int_equal(l.n, 0);
	assert_int_equal(netlist_parse("fe80::1%eth0", &l, &msg), APP_EINPUT);
	assert_int_equal(netlist_parse("::/129", &l, &msg), APP_EINPUT);
	assert_int_equal(netlist_parse("1.2.3.4/", &l, &msg), APP_EINPUT);
	assert_int_equal(netlist_parse("1.2.3.4/x", &l, &msg), APP_EINPUT);
}

static void
client_choice(void **state)
{
	struct app_msg msg = {{0}};
	struct netlist t;
	char out[NETADDR_TEXT];

	(void)state;
	assert_int_equal(netlist_parse("127.0.0.1, 10.0.0.0/8, fd00::/8", &t, &msg), 0);
	/* Untrusted peer: the header is ignored. */
	netaddr_client("203.0.113.5", "198.51.100.1", &t, out, sizeof(out));
	assert_string_equal(out, "203.0.113.5");
	/* Trusted peer: its entry. */
	netaddr_client("127.0.0.1", "198.51.100.1", &t, out, sizeof(out));
	assert_string_equal(out, "198.51.100.1");
	/* A forged left part: the right-most untrusted address wins. */
	netaddr_client("127.0.0.1", "6.6.6.6, 198.51.100.1", &t, out, sizeof(out));
	assert_string_equal(out, "198.51.100.1");
	/* Through two trusted proxies. */
	netaddr_client("127.0.0.1", "6.6.6.6,198.51.100.1 , 10.0.0.7", &t, out, sizeof(out));
	assert_string_equal(out, "198.51.100.1");
	/* IPv6, in canonical form. */
	netaddr_client("fd00::1", "2001:DB8:0:0::1", &t, out, sizeof(out));
	assert_string_equal(out, "2001:db8::1");
	/* Every hop trusted: the left-most. */
	netaddr_client("127.0.0.1", "10.0.0.9, 10.0.0.8", &t, out, sizeof(out));
	assert_string_equal(out, "10.0.0.9");
	/* Garbage on the way, an empty header, none: the peer. */
	netaddr_client("127.0.0.1", "6.6.6.6, junk", &t, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	netaddr_client("127.0.0.1", "198.51.100.1:443", &t, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	netaddr_client("127.0.0.1", "", &t, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	netaddr_client("127.0.0.1", " , ", &t, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	netaddr_client("127.0.0.1", NULL, &t, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	/* Empty pieces are skipped. */
	netaddr_client("127.0.0.1", "198.51.100.1,,", &t, out, sizeof(out));
	assert_string_equal(out, "198.51.100.1");
	/* A dual-stack peer in IPv4-mapped form. */
	netaddr_client("::ffff:127.0.0.1", "198.51.100.2", &t, out, sizeof(out));
	assert_string_equal(out, "198.51.100.2");
	/* No trusted list at all. */
	netaddr_client("127.0.0.1", "198.51.100.1", NULL, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	netaddr_client("-", "198.51.100.1", &t, out, sizeof(out));
	assert_string_equal(out, "-");
	netlist_free(&t);
}

/* Every line of the exposition is a comment (# HELP/# TYPE) or
 * NAME{LABELS} VALUE with a known name. */
static void
metrics_text(void **state)
{
	const struct route *t;
	struct buf b;
	size_t n, i;
	char *text, *line, *save = NULL;
	const struct route *save_route = NULL;

	(void)state;
	t = route_table(&n);
	assert_true(n < METRICS_MAX_ROUTES);
	for (i = 0; i < n; i++)
		if (strcmp(t[i].pattern, "/p/:slug/:period/edit") == 0 && strcmp(t[i].method, "POST") == 0)
			save_route = &t[i];
	assert_non_null(save_route);
	metrics_init();
	metrics_request(save_route, "POST", 303, 1500);
	metrics_request(save_route, "POST", 303, 700);
	metrics_request(NULL, "GET", 404, 20000000);
	metrics_request(&t[0], "PATCH", 299, 10);
	opstats_count_save();
	buf_init(&b, 1u << 20);
	assert_int_equal(metrics_render(&b, 7), 0);
	text = buf_take(&b, &n);
	assert_non_null(strstr(text, "s3pm_http_requests_total{route=\"/p/:slug/:period/edit\",method=\"POST\","
				     "status=\"303\"} 2\n"));
	assert_non_null(strstr(text, "s3pm_http_requests_total{route=\"none\",method=\"GET\",status=\"404\"} 1\n"));
	assert_non_null(strstr(text, "method=\"other\",status=\"other\"} 1\n"));
	assert_non_null(strstr(text, "s3pm_http_request_duration_seconds_bucket{le=\"0.001\"} 2\n"));
	assert_non_null(strstr(text, "s3pm_http_request_duration_seconds_bucket{le=\"0.0025\"} 3\n"));
	assert_non_null(strstr(text, "s3pm_http_request_duration_seconds_bucket{le=\"10\"} 3\n"));
	assert_non_null(strstr(text, "s3pm_http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"));
	assert_non_null(strstr(text, "s3pm_http_request_duration_seconds_count 4\n"));
	assert_non_null(strstr(text, "s3pm_http_request_duration_seconds_sum 20.002210\n"));
	assert_non_null(strstr(text, "s3pm_report_saves_total 1\n"));
	assert_non_null(strstr(text, "s3pm_mail_queued 7\n"));
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#') {
			assert_true(strncmp(line, "# HELP ", 7) == 0 || strncmp(line, "# TYPE ", 7) == 0);
			continue;
		}
		assert_true(strncmp(line, "s3pm_", 5) == 0 || strncmp(line, "process_", 8) == 0);
		assert_non_null(strchr(line, ' '));
	}
	free(text);
	buf_init(&b, 1u << 20);
	assert_int_equal(metrics_render(&b, -1), 0);
	assert_null(strstr(buf_cstr(&b), "s3pm_mail_queued"));
	buf_cleanup(&b);
	buf_init(&b, 100);
	assert_int_equal(metrics_label(&b, "a\"b\\c\nd"), 0);
	assert_string_equal(buf_cstr(&b), "a\\\"b\\\\c\\nd");
	buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conf_good),   cmocka_unit_test(conf_bad),      cmocka_unit_test(conf_table),
		cmocka_unit_test(conf_environment), cmocka_unit_test(netlists), cmocka_unit_test(client_choice),
		cmocka_unit_test(metrics_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
