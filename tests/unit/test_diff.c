/* test_diff.c - word and row differences: each text given back whole by
 * its spans, changes grouped for reading, rows matched, and inputs too big
 * to compare in full still answered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diff.h"

/* The spans as "=same-del+ins" marks, e.g. "=a -b+x =c". */
static void
show(const char *a, const char *b, char *out, size_t n)
{
	struct diff_span *v = NULL;
	size_t k = 0, i, at = 0;

	assert_int_equal(diff_words(a, b, &v, &k), 0);
	out[0] = '\0';
	for (i = 0; i < k; i++) {
		const char *src = v[i].op == DIFF_INS ? b : a;

		at += (size_t)snprintf(out + at, n - at, "%c[%.*s]", v[i].op == DIFF_SAME ? '=' : v[i].op == DIFF_DEL ? '-' : '+',
				       (int)v[i].len, src + v[i].from);
	}
	free(v);
}

/* Joining the SAME and DEL spans gives a back; SAME and INS give b (a
 * SAME span is counted in the old text). */
static void
whole(const char *a, const char *b)
{
	struct diff_span *v = NULL;
	size_t k = 0, i;
	char *ra = calloc(strlen(a) + 1, 1), *rb = calloc(strlen(b) + 1, 1);

	assert_int_equal(diff_words(a, b, &v, &k), 0);
	for (i = 0; i < k; i++) {
		if (v[i].op != DIFF_INS)
			strncat(ra, a + v[i].from, v[i].len);
		if (v[i].op == DIFF_INS)
			strncat(rb, b + v[i].from, v[i].len);
		else if (v[i].op == DIFF_SAME) /* a span of the old text */
			strncat(rb, a + v[i].from, v[i].len);
	}
	assert_string_equal(ra, a);
	assert_string_equal(rb, b);
	free(ra);
	free(rb);
	free(v);
}

static void
words(void **state)
{
	char got[512];

	(void)state;
	show("the cat sat", "the dog sat", got, sizeof(got));
	assert_string_equal(got, "=[the ]-[cat]+[dog]=[ sat]");
	/* Neighbouring changed words are one change. */
	show("Mining industries partnership", "The mining partnership", got, sizeof(got));
	assert_string_equal(got, "-[Mining industries]+[The mining]=[ partnership]");
	show("", "new text", got, sizeof(got));
	assert_string_equal(got, "+[new text]");
	show("old text", "", got, sizeof(got));
	assert_string_equal(got, "-[old text]");
	show("same\n\nparagraphs", "same\n\nparagraphs", got, sizeof(got));
	assert_string_equal(got, "=[same\n\nparagraphs]");
	whole("Λαπωνία ąę x y z", "Λαπωνία ęą x z w");
	whole("a  b\tc\n", "a b c");
	whole("", "");
}

static void
big(void **state)
{
	size_t n = 40000, i;
	char *a = malloc(n * 2 + 1), *b = malloc(n * 2 + 1);

	(void)state;
	/* 40,000 words each, all different: past DIFF_MAX_CELLS, so the
	 * middle is removed and added whole; still exact. */
	for (i = 0; i < n; i++) {
		a[2 * i] = 'a';
		a[2 * i + 1] = ' ';
		b[2 * i] = 'b';
		b[2 * i + 1] = ' ';
	}
	a[2 * n] = b[2 * n] = '\0';
	whole(a, b);
	free(a);
	free(b);
}

static void
rows(void **state)
{
	const char *a[] = {"r1", "r2", "r3"};
	const char *b[] = {"r1", "r3", "r4"};
	struct diff_row *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(diff_rows(a, 3, b, 3, &v, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(v[0].op, DIFF_SAME);
	assert_int_equal(v[0].index, 0);
	assert_int_equal(v[1].op, DIFF_DEL);
	assert_int_equal(v[1].index, 1);
	assert_int_equal(v[2].op, DIFF_SAME);
	assert_int_equal(v[2].index, 2);
	assert_int_equal(v[3].op, DIFF_INS);
	assert_int_equal(v[3].index, 2);
	free(v);
	assert_int_equal(diff_rows(NULL, 0, NULL, 0, &v, &n), 0);
	assert_int_equal(n, 0);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words),
		cmocka_unit_test(big),
		cmocka_unit_test(rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
