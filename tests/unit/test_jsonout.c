/* test_jsonout.c - the JSON writer writes what jansson writes, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "err.h"
#include "jsonout.h"

/* Writes v at indent and compares with json_dumps; returns jsonout's rc. */
static int
same_as_jansson(json_t *v, int indent)
{
	struct buf b;
	char *ref;
	int rc;

	buf_init(&b, 1 << 20);
	rc = jsonout_write(&b, v, indent);
	if (rc == 0) {
		ref = json_dumps(v, JSON_INDENT(indent) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		assert_non_null(ref);
		assert_string_equal(buf_cstr(&b), ref);
		free(ref);
	}
	buf_cleanup(&b);
	return rc;
}

/* The compact form against json_dumps(JSON_COMPACT); returns jsonout's rc. */
static int
compact_as_jansson(json_t *v)
{
	struct buf b;
	char *ref;
	int rc;

	buf_init(&b, 1 << 20);
	rc = jsonout_write_compact(&b, v);
	if (rc == 0) {
		ref = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		assert_non_null(ref);
		assert_string_equal(buf_cstr(&b), ref);
		free(ref);
	}
	buf_cleanup(&b);
	return rc;
}

static json_t *
parse(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);

	assert_non_null(v);
	return v;
}

static void
documents_match_jansson(void **state)
{
	static const char *const docs[] = {
		"{}", "[]", "\"\"", "0", "-9223372036854775808", "true", "false", "null",
		"{\"a\": [], \"b\": {}, \"c\": [[]], \"d\": [{}]}",
		"{\"z\": 1, \"a\": 2, \"m\": {\"y\": [1, 2, {\"x\": \"\"}]}}",
		"[\"quote \\\" backslash \\\\ slash / tab \\t nl \\n cr \\r ff \\f bs \\b\"]",
		"[\"\\u0000\\u0001\\u001f\\u007f \\u00e9 \\u2028 \\ud83d\\ude00 Sterea Ell\\u00e1da\"]",
		"{\"k\\u00e9y\": \"v\", \"\\u00e9\": \"\\\"\"}",
		"{\"form\": \"s3-monitoring-2020\", \"answers\": {\"sdg\": {\"1\": \"agree\"}}, \"unmapped\": [{\"line\": 3, \"text\": \"x\"}]}",
	};
	size_t i;
	int ind;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		json_t *v = parse(docs[i]);

		for (ind = 0; ind <= 8; ind += 2)
			assert_int_equal(same_as_jansson(v, ind), 0);
		assert_int_equal(compact_as_jansson(v), 0);
		json_decref(v);
	}
}

/* Every byte that needs escaping, at every offset of the eight-byte steps. */
static void
escapes_at_every_offset(void **state)
{
	static const char *const special[] = {"\"", "\\", "\n", "\x01", "\x1f", "\t", "\xc3\xa9",
		"\x7f", "/", " "};
	char text[40];
	size_t pos, k;

	(void)state;
	for (k = 0; k < sizeof(special) / sizeof(special[0]); k++) {
		for (pos = 0; pos < 24; pos++) {
			size_t sl = strlen(special[k]);
			json_t *v;

			memset(text, 'a', 30);
			memcpy(text + pos, special[k], sl);
			memcpy(text + pos + sl + 3, special[k], sl);
			v = json_stringn(text, 30);
			assert_non_null(v);
			assert_int_equal(same_as_jansson(v, 2), 0);
			assert_int_equal(compact_as_jansson(v), 0);
			json_decref(v);
		}
	}
}

static void
deep_indent_matches(void **state)
{
	json_t *v = json_array(), *cur = v;
	int i;

	(void)state;
	/* Deeper than the writer's ready-made run of spaces. */
	for (i = 0; i < 40; i++) {
		json_t *n = json_array();

		json_array_append_new(cur, n);
		json_array_append_new(cur, json_string("x"));
		cur = n;
	}
	assert_int_equal(same_as_jansson(v, 4), 0);
	assert_int_equal(same_as_jansson(v, 31), 0);
	assert_int_equal(compact_as_jansson(v), 0);
	json_decref(v);
}

static void
left_to_jansson(void **state)
{
	struct buf b;
	json_t *v = parse("{\"a\": [1.5]}"), *deep = json_array(), *cur = deep;
	int i;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(jsonout_write(&b, v, 2), APP_EINPUT); /* a real number */
	assert_int_equal(jsonout_write(&b, v, 32), APP_EINPUT);
	assert_int_equal(jsonout_write(&b, NULL, 2), APP_EINPUT);
	assert_int_equal(jsonout_write_compact(&b, v), APP_EINPUT);
	assert_int_equal(jsonout_write_compact(&b, NULL), APP_EINPUT);
	for (i = 0; i < 3000; i++) {
		json_t *n = json_array();

		json_array_append_new(cur, n);
		cur = n;
	}
	buf_reset(&b);
	assert_int_equal(jsonout_write(&b, deep, 0), APP_EINPUT);
	buf_cleanup(&b);
	json_decref(v);
	json_decref(deep);
}

static void
buffer_limit_is_reported(void **state)
{
	struct buf b;
	json_t *v = parse("{\"text\": \"0123456789012345678901234567890123456789\"}");

	(void)state;
	buf_init(&b, 16);
	assert_int_equal(jsonout_write(&b, v, 2), APP_ETOOBIG);
	buf_cleanup(&b);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(documents_match_jansson),
		cmocka_unit_test(escapes_at_every_offset),
		cmocka_unit_test(deep_indent_matches),
		cmocka_unit_test(left_to_jansson),
		cmocka_unit_test(buffer_limit_is_reported),
	};

	return cmocka_run_group_tests_name("jsonout", tests, NULL, NULL);
}
