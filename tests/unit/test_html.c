/* test_html.c - unit tests of the HTML escaping and tag helpers (html.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "err.h"
#include "html.h"

#define EVIL "<script>\"'&"

/* Runs one helper call on a fresh buffer and compares the output. */
#define EXPECT(call, want)                                      \
	do {                                                    \
		struct buf b;                                   \
		buf_init(&b, 1 << 16);                          \
		assert_int_equal((call), 0);                    \
		assert_string_equal(buf_cstr(&b), (want));      \
		buf_cleanup(&b);                                \
	} while (0)

static void
test_raw(void **state)
{
	(void)state;
	EXPECT(html_raw(&b, "<p class=\"x\">"), "<p class=\"x\">");
	EXPECT(html_raw(&b, NULL), "");
}

static void
test_text(void **state)
{
	(void)state;
	EXPECT(html_text(&b, EVIL), "&lt;script&gt;&quot;&#39;&amp;");
	EXPECT(html_text(&b, NULL), "");
	EXPECT(html_text(&b, ""), "");
	EXPECT(html_text(&b, "plain text"), "plain text");
	/* UTF-8 passes untouched. */
	EXPECT(html_text(&b, "Région Île-de-France – Ελλάδα €"), "Région Île-de-France – Ελλάδα €");
	EXPECT(html_text(&b, "a & b < c"), "a &amp; b &lt; c");
	/* Entities are not decoded first: & is always escaped. */
	EXPECT(html_text(&b, "&amp;"), "&amp;amp;");
}

static void
test_text_paras(void **state)
{
	(void)state;
	EXPECT(html_text_paras(&b, NULL), "");
	EXPECT(html_text_paras(&b, ""), "");
	EXPECT(html_text_paras(&b, "one"), "<p>one</p>");
	EXPECT(html_text_paras(&b, "one\ntwo"), "<p>one<br>two</p>");
	EXPECT(html_text_paras(&b, "one\r\ntwo\r\n\r\nthree"), "<p>one<br>two</p><p>three</p>");
	EXPECT(html_text_paras(&b, "\n\none\n \n\n\ntwo\n\n"), "<p>one</p><p>two</p>");
	EXPECT(html_text_paras(&b, EVIL "\n" EVIL),
	       "<p>&lt;script&gt;&quot;&#39;&amp;<br>&lt;script&gt;&quot;&#39;&amp;</p>");
	EXPECT(html_text_paras(&b, "Zoë\n\nŁódź"), "<p>Zoë</p><p>Łódź</p>");
}

static void
test_attr(void **state)
{
	(void)state;
	EXPECT(html_attr(&b, EVIL), "&lt;script&gt;&quot;&#39;&amp;");
	EXPECT(html_attr(&b, NULL), "");
	EXPECT(html_attr(&b, "x\" onmouseover=\"alert(1)"), "x&quot; onmouseover=&quot;alert(1)");
	EXPECT(html_attr(&b, "a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
	/* Other control characters cannot be written in HTML at all. */
	EXPECT(html_attr(&b, "a\x01" "b\x7f" "c"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
	EXPECT(html_attr(&b, "Ελλάδα"), "Ελλάδα");
}

static void
test_url_arg(void **state)
{
	(void)state;
	EXPECT(html_url_arg(&b, EVIL), "%3Cscript%3E%22%27%26");
	EXPECT(html_url_arg(&b, NULL), "");
	EXPECT(html_url_arg(&b, "a b/c?d=e&f#g"), "a%20b%2Fc%3Fd%3De%26f%23g");
	EXPECT(html_url_arg(&b, "AZaz09-._~"), "AZaz09-._~");
	EXPECT(html_url_arg(&b, "é"), "%C3%A9");
	EXPECT(html_url_arg(&b, "+%"), "%2B%25");
}

static void
test_formats(void **state)
{
	(void)state;
	EXPECT(html_textf(&b, "%s has %d reports (%zu)", EVIL, 3, (size_t)4),
	       "&lt;script&gt;&quot;&#39;&amp; has 3 reports (4)");
	EXPECT(html_attrf(&b, "q-%s-%lld", EVIL "\n", 12LL), "q-&lt;script&gt;&quot;&#39;&amp;&#10;-12");
	EXPECT(html_textf(&b, "%s", "Île"), "Île");
	EXPECT(html_textf(&b, NULL), "");
}

static void
test_link(void **state)
{
	(void)state;
	EXPECT(html_link(&b, "/p/a?x=1&y=" EVIL, EVIL),
	       "<a href=\"/p/a?x=1&amp;y=&lt;script&gt;&quot;&#39;&amp;\">&lt;script&gt;&quot;&#39;&amp;</a>");
	EXPECT(html_link(&b, NULL, NULL), "<a href=\"\"></a>");
	EXPECT(html_link(&b, "https://example.org/a", "site"), "<a href=\"https://example.org/a\">site</a>");
	EXPECT(html_link(&b, "mailto:x@example.org", "mail"), "<a href=\"mailto:x@example.org\">mail</a>");
	/* Script and data URLs from stored data never become links. */
	EXPECT(html_link(&b, "javascript:alert(1)", "x"), "<a href=\"#\">x</a>");
	EXPECT(html_link_attrs(&b, "https://example.org/" EVIL, EVIL, "rel=\"nofollow\""),
	       "<a rel=\"nofollow\" href=\"https://example.org/&lt;script&gt;&quot;&#39;&amp;\">&lt;script&gt;&quot;&#39;&amp;</a>");
	EXPECT(html_link_attrs(&b, "javascript:x", "y", "class=\"button\""), "<a class=\"button\" href=\"#\">y</a>");
	EXPECT(html_link(&b, "JaVaScRiPt:alert(1)", "x"), "<a href=\"#\">x</a>");
	EXPECT(html_link(&b, "java\tscript:alert(1)", "x"), "<a href=\"#\">x</a>");
	EXPECT(html_link(&b, "data:text/html,<b>", "x"), "<a href=\"#\">x</a>");
	EXPECT(html_link(&b, "/a:b", "x"), "<a href=\"/a:b\">x</a>");
}

static void
test_hidden_option(void **state)
{
	(void)state;
	EXPECT(html_hidden(&b, "csrf", EVIL),
	       "<input type=\"hidden\" name=\"csrf\" value=\"&lt;script&gt;&quot;&#39;&amp;\">");
	EXPECT(html_hidden(&b, NULL, NULL), "<input type=\"hidden\" name=\"\" value=\"\">");
	EXPECT(html_hidden(&b, EVIL, "v"),
	       "<input type=\"hidden\" name=\"&lt;script&gt;&quot;&#39;&amp;\" value=\"v\">");
	EXPECT(html_option(&b, EVIL, EVIL, 1),
	       "<option value=\"&lt;script&gt;&quot;&#39;&amp;\" selected>&lt;script&gt;&quot;&#39;&amp;</option>");
	EXPECT(html_option(&b, "continue", "Continue", 0), "<option value=\"continue\">Continue</option>");
	EXPECT(html_option(&b, NULL, NULL, 0), "<option value=\"\"></option>");
}

/* Past the buffer's cap every helper says so, and the buffer stays usable. */
static void
test_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(html_text(&b, "12345678"), 0);
	assert_int_equal(html_text(&b, "<"), APP_ETOOBIG);
	assert_int_equal(html_attr(&b, "x"), APP_ETOOBIG);
	assert_int_equal(html_url_arg(&b, "x"), APP_ETOOBIG);
	assert_int_equal(html_textf(&b, "%d", 1), APP_ETOOBIG);
	assert_int_equal(html_link(&b, "/", "x"), APP_ETOOBIG);
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_cleanup(&b);
	buf_init(&b, 4);
	assert_int_equal(html_text(&b, "&"), APP_ETOOBIG); /* "&amp;" is 5 bytes */
	buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_paras),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_url_arg),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_hidden_option),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
