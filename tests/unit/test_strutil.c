/* test_strutil.c - the small string helpers every ring shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strutil.h"

static void
trimming(void **state)
{
	char *s;

	(void)state;
	s = str_trimmed_dup(" \t\r\n a b \n\v\f");
	assert_string_equal(s, "a b");
	free(s);
	s = str_trimmed_dup(NULL);
	assert_string_equal(s, "");
	free(s);
	s = str_trimmed_dup("   ");
	assert_string_equal(s, "");
	free(s);
}

static void
utf8(void **state)
{
	(void)state;
	assert_int_equal(str_utf8_chars("Σητεία ąę"), 9);
	assert_int_equal(str_utf8_chars(""), 0);
	/* "aé" is 3 bytes: a cut at 2 would split é. */
	assert_int_equal(str_utf8_cut("aé", 2), 1);
	assert_int_equal(str_utf8_cut("aé", 3), 3);
	assert_int_equal(str_utf8_cut("aé", 9), 3);
	/* A 4-byte character cut anywhere inside goes whole. */
	assert_int_equal(str_utf8_cut("x\xf0\x9f\x98\x80y", 2), 1);
	assert_int_equal(str_utf8_cut("x\xf0\x9f\x98\x80y", 4), 1);
	assert_int_equal(str_utf8_cut("x\xf0\x9f\x98\x80y", 5), 5);
}

static void
hex_digits(void **state)
{
	(void)state;
	assert_int_equal(str_hex_digit('0'), 0);
	assert_int_equal(str_hex_digit('9'), 9);
	assert_int_equal(str_hex_digit('a'), 10);
	assert_int_equal(str_hex_digit('F'), 15);
	assert_int_equal(str_hex_digit('g'), -1);
	assert_int_equal(str_hex_digit('/'), -1);
	assert_int_equal(str_hex_digit(0xC3), -1);
}

static void
email(void **state)
{
	(void)state;
	assert_true(str_email_ok("ann@example.org"));
	assert_false(str_email_ok("ann@example"));
	assert_false(str_email_ok("ann@@example.org"));
	assert_false(str_email_ok("@example.org"));
	assert_false(str_email_ok("ann smith@example.org"));
	assert_false(str_email_ok("ann@example.org."));
	assert_false(str_email_ok("<ann@example.org>"));
	assert_false(str_email_ok(NULL));
	assert_true(str_has_control("a\tb"));
	assert_false(str_has_control("ab"));
}

static void
local_paths(void **state)
{
	char long_path[1100];

	(void)state;
	assert_true(str_local_path("/p/mining?x=1"));
	assert_false(str_local_path("//evil.example/"));
	assert_false(str_local_path("/\\evil.example"));
	assert_false(str_local_path("/a\\b"));
	assert_false(str_local_path("/a b"));
	assert_false(str_local_path("/a\nb"));
	assert_false(str_local_path("https://evil.example/"));
	assert_false(str_local_path(NULL));
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	long_path[sizeof(long_path) - 1] = '\0';
	assert_false(str_local_path(long_path));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trimming),
		cmocka_unit_test(utf8),
		cmocka_unit_test(hex_digits),
		cmocka_unit_test(email),
		cmocka_unit_test(local_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
