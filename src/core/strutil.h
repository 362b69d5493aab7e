/* strutil.h - small string helpers every ring shares: trimming, lengths in
 * characters, plausibility of an e-mail address, local paths. */
#ifndef S3PM_STRUTIL_H
#define S3PM_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* A copy of s without surrounding white space (space, tab, CR, LF, VT,
 * FF); malloc'd, "" for NULL; NULL when out of memory. */
char *str_trimmed_dup(const char *s);
/* The number of UTF-8 characters of s (continuation bytes not counted). */
size_t str_utf8_chars(const char *s);
/* Whether s holds an ASCII control character (below 0x20, or 0x7f). */
bool str_has_control(const char *s);
/* A plausible address: one @, something on both sides, a dot in the
 * domain, no spaces, control characters or <>",; and 3 to 254 bytes. */
bool str_email_ok(const char *s);
/* Lower-cases the ASCII letters of s in place. */
void str_ascii_lower(char *s);
/* A path on this site: "/" not followed by "/" or a backslash, no
 * backslash, space or control character, at most 1024 bytes ("/p/x?y=1",
 * never "//evil.example" or "/\\evil"). */
bool str_local_path(const char *p);
/* The longest prefix of s of at most n bytes that does not end inside a
 * UTF-8 character: its length. */
size_t str_utf8_cut(const char *s, size_t n);
/* The value of the hexadecimal digit c (0-9, a-f, A-F), or -1. */
int str_hex_digit(int c);

#endif
