/* test_jsonfast.c - the quick JSON reader gives what json_loadb gives, or
 * declines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jsonfast.h"
#include "report.h"
#include "testutil.h"

/* The same values in the same order: compared as dumped text. */
static void
assert_same(json_t *a, json_t *b)
{
	char *x = json_dumps(a, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	char *y = json_dumps(b, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	assert_non_null(x);
	assert_non_null(y);
	assert_true(json_equal(a, b));
	assert_string_equal(x, y);
	free(x);
	free(y);
}

/* What jsonfast_load gives for data[0..len) when it reads it is what
 * json_loadb gives; returns whether it read it. */
static bool
agrees(const char *data, size_t len)
{
	json_error_t err;
	json_t *fast = NULL, *slow = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	int rc = jsonfast_load(data, len, &fast);

	assert_true(rc == 0 || rc == 1);
	if (rc == 0) {
		if (slow == NULL)
			fail_msg("jsonfast read what json_loadb refuses (%s): %.*s", err.text, (int)len, data);
		assert_same(fast, slow);
	} else {
		assert_null(fast);
	}
	json_decref(fast);
	json_decref(slow);
	return rc == 0;
}

static void
reads(void **state)
{
	static const char *const yes[] = {
		"{}", "[]", " \n\t{ } \r\n", "[1, -2, 0, -0, 123456789012345678, true, false, null]",
		"{\"a\": {\"b\": [\"c\", {}]}, \"z\": \"\", \"m\": 1}",
		"{\"esc\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}",
		"{\"u\": \"\\u00e9\\u20AC\\ud83d\\ude00 A\\u0041\"}",
		"{\"utf8\": \"Συνεργασία Małopolska Skåne 😀 中文\"}",
		"{\"k\\u00e9y\": 1, \"key\": 2}",
		"{\"\": \"empty key\"}",
	};
	static const char *const no[] = {
		"", "   ", "\"top string\"", "42", "true", "{", "[", "{\"a\" 1}", "{\"a\": 1,}", "[1,]",
		"{\"a\": 1} x", "{\"a\": 1.5}", "{\"a\": 1e3}", "{\"a\": 01}", "{\"a\": -}", "{\"a\": 1234567890123456789}",
		"{\"a\": \"\\u0000\"}", "{\"a\": \"\\ud800\"}", "{\"a\": \"\\udc00\"}", "{\"a\": \"\\ud800\\u0041\"}",
		"{\"a\": \"\\x\"}", "{\"a\": \"\\u12G4\"}", "{\"a\": \"tab\there\"}", "{\"a\": \"unterminated}",
		"{\"a\": 1, \"a\": 2}", "{\"a\\u0000\": 1}", "{\"a\": tru}", "{\"a\": nul}", "{a: 1}",
		"{\"a\": \"\xC3\"}", "{\"a\": \"\xC0\xAF\"}", "{\"a\": \"\xED\xA0\x80\"}", "{\"a\": \"\xF4\x90\x80\x80\"}",
		"{\"a\": \"\xE0\x80\xAF\"}", "{\"a\": \"\x80\"}", "{\"a\": \"\xF8\x88\x80\x80\x80\"}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!agrees(yes[i], strlen(yes[i])))
			fail_msg("declined: %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (agrees(no[i], strlen(no[i])))
			fail_msg("read: %s", no[i]);
	/* A NUL byte inside the text. */
	assert_false(agrees("{\"a\": \"x\0y\"}", 12));
	assert_false(agrees("{\"a\": 1}\0", 9));
}

/* Nesting: what jansson takes is read, deeper is declined. */
static void
depth(void **state)
{
	char *s = malloc(2 * 3000 + 1);
	size_t i, d;

	(void)state;
	assert_non_null(s);
	for (d = 100; d <= 3000; d += 2900) {
		for (i = 0; i < d; i++) {
			s[i] = '[';
			s[2 * d - 1 - i] = ']';
		}
		s[2 * d] = '\0';
		assert_int_equal(agrees(s, 2 * d), d < 2048);
	}
	free(s);
}

/* The full report fixture and its canonical text; then every one-byte
 * change of a small document (the reader must never take what jansson
 * refuses, nor read anything differently). */
static void
fixture_and_mutations(void **state)
{
	static const char small[] = "{\"form\": \"f\", \"answers\": {\"a\": \"Sk\xC3\xA5ne \\u00e9\\n\", "
				    "\"t\": [{\"x\": \"1\", \"y\": \"\"}], \"n\": -12}, \"unmapped\": [{\"line\": 3, \"text\": \"t\"}]}";
	static const char repl[] = "\"\\{}[],:0-.eE uU\x80\xC3\xED\xF0 a";
	char path[4096], *data = NULL, *m;
	struct app_msg msg;
	size_t len, i, j, n = sizeof(small) - 1;
	json_t *root = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/../tests/pdf/full-report.json", tu_env("S3PM_SAMPLES_DIR"));
	assert_int_equal(fileio_read(path, 1u << 24, &data, &len, &msg), 0);
	assert_true(agrees(data, len));
	assert_int_equal(report_parse_json(data, len, "full", &root, &msg), 0);
	free(data);
	data = report_dump(root);
	assert_true(agrees(data, strlen(data)));
	free(data);
	json_decref(root);
	assert_true(agrees(small, n));
	m = malloc(n);
	assert_non_null(m);
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(repl) - 1; j++) {
			memcpy(m, small, n);
			m[i] = repl[j];
			(void)agrees(m, n);
		}
		(void)agrees(small, i); /* cut short */
	}
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads),
		cmocka_unit_test(depth),
		cmocka_unit_test(fixture_and_mutations),
	};

	return cmocka_run_group_tests_name("jsonfast", tests, NULL, NULL);
}
