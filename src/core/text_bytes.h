/* text_bytes.h - what text.c and text_fold.c share: the white space both
 * collapse, and the tests on eight bytes at a time (SWAR) that let them
 * copy plain ASCII without looking at each byte. Internal to src/core. */
#ifndef S3PM_TEXT_BYTES_H
#define S3PM_TEXT_BYTES_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define ONES UINT64_C(0x0101010101010101)

/* Whether the eight bytes of w are all printable ASCII, 0x20 to 0x7E: none
 * with the top bit, none below 0x20 (a borrow out of the subtraction), none
 * equal to 0x7F. A byte is flagged falsely only next to a true one. */
static inline bool
printable8(uint64_t w)
{
	return ((w | ((w - ONES * 0x20) & ~w) | ((w ^ (ONES * 0x7F)) - ONES)) & ONES * 0x80) == 0;
}

/* White space for cleaning and folding: GLib's, and the no-break and
 * other fixed-width spaces that PDF exports are full of. */
static inline bool
is_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x00A0 || c == 0x2007 || c == 0x202F ||
	       c == 0xFEFF || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

/* Eight bytes that cleaning copies as they are: printable ASCII (0x20 to
 * 0x7E) with no two spaces side by side. A space is flagged falsely only
 * next to a true one, which sends the bytes the slow way: never wrong. */
static inline bool
plain8(uint64_t w)
{
	uint64_t x = w ^ (ONES * 0x20);
	uint64_t sp = (x - ONES) & ~x & (ONES * 0x80);

	return printable8(w) && (sp & (sp << 8)) == 0;
}

#endif
