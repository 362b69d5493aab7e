/* test_text.c - UTF-8 checks, cleaning, folding, edit distance, and the bounded buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "text.h"

static void
check(void **state)
{
	size_t line = 0;
	const char *what = NULL;

	(void)state;
	assert_int_equal(text_check("a\nb\xc3\xa4\n", 6, &line, &what), 0);
	assert_int_equal(text_check("a\nb\n\xff", 5, &line, &what), APP_EINPUT);
	assert_int_equal(line, 3);
	assert_string_equal(what, "invalid UTF-8");
	assert_int_equal(text_check("a\n\nb\0c", 6, &line, &what), APP_EINPUT);
	assert_int_equal(line, 3);
	assert_string_equal(what, "a NUL byte");
	assert_int_equal(text_check("a\x01", 2, &line, &what), APP_EINPUT);
	assert_string_equal(what, "a control character");
	/* A sequence cut at the end of the input. */
	assert_int_equal(text_check("ab\xc3", 3, &line, &what), APP_EINPUT);
	/* An overlong form, a surrogate, a code point past U+10FFFF. */
	assert_int_equal(text_check("a\xc0\x80", 3, &line, &what), APP_EINPUT);
	assert_string_equal(what, "invalid UTF-8");
	assert_int_equal(text_check("a\xe0\x80\xaf", 4, &line, &what), APP_EINPUT);
	assert_int_equal(text_check("a\xed\xa0\x80", 4, &line, &what), APP_EINPUT);
	assert_int_equal(text_check("a\xf4\x90\x80\x80", 5, &line, &what), APP_EINPUT);
	assert_int_equal(text_check("a\xf0\x9f\x98\x80", 5, &line, &what), 0);
	/* Every refused byte is found wherever it sits in the eight-byte
	 * steps, and the line is counted to it. */
	{
		static const struct {
			char byte;
			const char *what;
		} bad[] = {{'\x01', "a control character"}, {'\x1f', "a control character"},
			{'\x7f', "a control character"}, {'\0', "a NUL byte"}, {'\x80', "invalid UTF-8"},
			{'\xff', "invalid UTF-8"}, {'\xc0', "invalid UTF-8"}};
		char text[48];
		size_t pos, k;

		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			for (pos = 0; pos < 40; pos++) {
				memset(text, 'x', sizeof(text));
				text[5] = '\n';
				text[pos == 5 ? 6 : pos] = bad[k].byte;
				line = 0;
				assert_int_equal(text_check(text, sizeof(text), &line, &what), APP_EINPUT);
				assert_string_equal(what, bad[k].what);
				assert_int_equal(line, pos < 5 ? 1 : 2);
			}
		}
		memset(text, '~', sizeof(text));
		text[9] = '\t';
		text[17] = '\r';
		text[30] = '\f';
		assert_int_equal(text_check(text, sizeof(text), &line, &what), 0);
	}
}

static char *
clean(const char *s)
{
	return text_clean(s, strlen(s));
}

static char *
fold(const char *s, bool loose)
{
	return text_fold(s, strlen(s), loose);
}

static void
clean_and_fold(void **state)
{
	char *s;

	(void)state;
	s = clean("  a\xc2\xa0\xc2\xa0 b\t c  ");
	assert_string_equal(s, "a b c");
	free(s);
	s = fold("V\xc3\xa4sterbotten \xe2\x80\x93 \xc5\x81\xc3\xb3" "d\xc5\xba " "Partnership\xe2\x80\x99s *", false);
	assert_string_equal(s, "vasterbotten - lodz partnership's");
	free(s);
	s = fold("Castilla y'Le\xc3\xb3n (ES)", true);
	assert_string_equal(s, "castilla y leon es");
	free(s);
	s = fold("ABC  def", false);
	assert_string_equal(s, "abc def");
	free(s);
	s = fold("\xce\xa3\xcf\x84\xce\xb5\xcf\x81\xce\xb5\xce\xac", false);
	assert_string_equal(s, "\xcf\x83\xcf\x84\xce\xb5\xcf\x81\xce\xb5\xce\xb1");
	free(s);
	assert_int_equal(text_chars("L\xc3\xa4pland"), 7);
	assert_int_equal(text_prefix("\xc3\xa4\xc3\xa4", 3), 2);
	assert_int_equal(text_prefix("abc", 10), 3);
}

/* Cleaning, the slow way: the pieces between white space joined by one
 * space. The white space here: ASCII space, tab, LF, CR, FF and U+00A0. */
static void
clean_reference(const char *s, char *out)
{
	char *q = out;
	bool space = false;

	while (*s) {
		size_t n = 1;
		bool ws = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f';

		if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
			ws = true;
			n = 2;
		} else if ((unsigned char)s[0] >= 0xC0) {
			n = 2; /* the alphabet below has only two-byte characters */
		}
		if (ws) {
			space = q > out;
		} else {
			if (space)
				*q++ = ' ';
			space = false;
			memcpy(q, s, n);
			q += n;
		}
		s += n;
	}
	*q = '\0';
}

/* The word-at-a-time cleaning agrees with the slow way on random text
 * made of words, runs of white space and non-ASCII letters, at every
 * alignment. */
static void
clean_matches_reference(void **state)
{
	static const char *const alphabet[] = {"a", "b", "Zz", " ", " ", "  ", "\t", "\xc2\xa0",
		"\xc3\xa9", "\n", ".", "x", "word ", " y ", "~", "!"};
	char text[256], ref[256];
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t n = 0, pieces, i, chars;
		char *got;

		seed = seed * 1103515245u + 12345u;
		pieces = (seed >> 16) % 40;
		for (i = 0; i < pieces; i++) {
			const char *a;

			seed = seed * 1103515245u + 12345u;
			a = alphabet[(seed >> 16) % (sizeof(alphabet) / sizeof(alphabet[0]))];
			memcpy(text + n, a, strlen(a));
			n += strlen(a);
		}
		text[n] = '\0';
		clean_reference(text, ref);
		got = text_clean(text, n);
		assert_non_null(got);
		if (strcmp(got, ref) != 0)
			fail_msg("clean(\"%s\") = \"%s\", expected \"%s\"", text, got, ref);
		free(got);
		{
			char buf[257];

			assert_int_equal(text_clean_to(buf, text, n, &chars), strlen(ref));
			assert_int_equal(chars, text_chars(ref));
		}
	}
}

/* Folding plain ASCII (by table, eight bytes at a time) agrees with the
 * whole-string reference on random text, in both modes, at every
 * alignment; and so does text with a few non-ASCII letters in it. */
static void
fold_ascii_matches_reference(void **state)
{
	static const char *const alphabet[] = {"a", "B", "Zz", " ", "  ", "\t", "*", " * ", "`",
		"Word ", "x.Y", "\x01", "~", "9", "\v", "A-b", "\xc3\x89", "\xe2\x80\x99"};
	char text[256];
	unsigned seed = 777;
	int round, loose;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t n = 0, pieces, i;
		bool ascii = round % 4 != 0;

		seed = seed * 1103515245u + 12345u;
		pieces = (seed >> 16) % 40;
		for (i = 0; i < pieces; i++) {
			const char *a;

			seed = seed * 1103515245u + 12345u;
			a = alphabet[(seed >> 16) % (sizeof(alphabet) / sizeof(alphabet[0]) - (ascii ? 2 : 0))];
			memcpy(text + n, a, strlen(a));
			n += strlen(a);
		}
		text[n] = '\0';
		for (loose = 0; loose < 2; loose++) {
			char *a = text_fold(text, n, loose), *b = text_fold_reference(text, n, loose);

			assert_non_null(a);
			assert_non_null(b);
			if (strcmp(a, b) != 0)
				fail_msg("fold(\"%s\", loose %d) = \"%s\", reference \"%s\"", text, loose, a, b);
			free(a);
			free(b);
		}
	}
}

/* UTF-8 of c into out (room for 5); returns the length. */
static size_t
utf8(unsigned c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* The fast fold (ASCII table, cached characters, GLib in runs) gives what
 * folding the whole string through GLib gives, for every character of the
 * cached ranges and beyond, alone, between words, and before a combining
 * mark. */
static void
fold_matches_reference(void **state)
{
	static const unsigned extra[] = {0x1E9E, 0xFB01, 0xFB00, 0x2160, 0x24B6, 0xAC00, 0x3000,
		0x10400, 0x1F600, 0x0301, 0x0345, 0xFEFF, 0x202F};
	static const char *const shapes[] = {"%s", "Ab %s cD", "x%sy", "%s\xcc\x81" "e", "* %s *"};
	char ch[8], text[64];
	unsigned c;
	size_t i, k, n;
	int loose;

	(void)state;
	for (c = 1, i = 0; c < 0x3100 || i < sizeof(extra) / sizeof(extra[0]);) {
		unsigned cp = c < 0x3100 ? c++ : extra[i++];

		if (cp >= 0xD800 && cp < 0xE000)
			continue;
		n = utf8(cp, ch);
		ch[n] = '\0';
		for (k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
			snprintf(text, sizeof(text), shapes[k], ch);
			for (loose = 0; loose < 2; loose++) {
				char *a = text_fold(text, strlen(text), loose);
				char *b = text_fold_reference(text, strlen(text), loose);

				assert_non_null(a);
				assert_non_null(b);
				if (strcmp(a, b) != 0)
					fail_msg("U+%04X in \"%s\" (loose %d): \"%s\", reference \"%s\"", cp,
						 shapes[k], loose, a, b);
				free(a);
				free(b);
			}
		}
	}
}

static void
distance(void **state)
{
	(void)state;
	assert_int_equal(text_distance("centro", "cenrto", 3), 1);
	assert_int_equal(text_distance("kainuu", "kainuu", 3), 0);
	assert_int_equal(text_distance("l\xc3\xa4pland", "lapland", 3), 1);
	assert_int_equal(text_distance("abcdef", "uvwxyz", 2), 3);
	assert_int_equal(text_distance("", "abc", 5), 3);
	/* Longer than the stack rows: the same answers from the heap. */
	{
		char a[131], b[131];

		memset(a, 'x', 130);
		memset(b, 'x', 130);
		a[130] = b[130] = '\0';
		a[10] = 'q';
		b[100] = 'r';
		b[101] = 's';
		assert_int_equal(text_distance(a, b, 5), 3);
		assert_int_equal(text_distance(a, b, 2), 3);
		b[129] = '\0';
		assert_int_equal(text_distance(a, b, 5), 3); /* q deleted, r and s */
	}
}

static void
buffer(void **state)
{
	struct buf b;
	char *p;
	size_t n;

	(void)state;
	buf_init(&b, 8);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "abcd"), 0);
	assert_int_equal(buf_printf(&b, "%d", 123), 0);
	assert_string_equal(buf_cstr(&b), "abcd123");
	assert_int_equal(buf_puts(&b, "xy"), APP_ETOOBIG);
	assert_string_equal(buf_cstr(&b), "abcd123");
	assert_int_equal(buf_printf(&b, "%s", "zz"), APP_ETOOBIG);
	assert_int_equal(buf_putc(&b, '!'), 0);
	assert_int_equal(b.len, 8);
	p = buf_take(&b, &n);
	assert_int_equal(n, 8);
	assert_string_equal(p, "abcd123!");
	free(p);
	assert_int_equal(b.len, 0);
	p = buf_take(&b, &n);
	assert_string_equal(p, "");
	free(p);
	buf_cleanup(&b);
	buf_cleanup(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check),
		cmocka_unit_test(clean_and_fold),
		cmocka_unit_test(fold_matches_reference),
		cmocka_unit_test(clean_matches_reference),
		cmocka_unit_test(fold_ascii_matches_reference),
		cmocka_unit_test(distance),
		cmocka_unit_test(buffer),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
