/* text.h - UTF-8 checks and the normalisations that matching and cleaning share. */
#ifndef S3PM_TEXT_H
#define S3PM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Checks that s[0..len) is UTF-8 text: valid sequences, no NUL byte, no
 * control characters other than tab, LF, CR and form feed. Returns 0 or
 * APP_EINPUT, and then sets *line (from 1) and *what ("invalid UTF-8",
 * "a NUL byte", "a control character") for the message. */
int text_check(const char *s, size_t len, size_t *line, const char **what);

/* A copy of s[0..len) with every run of white space (including no-break and
 * other Unicode spaces) made one ASCII space, and no space at either end.
 * Returns malloc'd memory or NULL on OOM. */
char *text_clean(const char *s, size_t len);

/* The same into out, which has room for len + 1 bytes (the result is never
 * longer). Returns the length in bytes; *chars (may be NULL) gets it in
 * characters. */
size_t text_clean_to(char *out, const char *s, size_t len, size_t *chars);

/* The form used to compare names and labels: lower case, accents removed,
 * typographic quotes and dashes made ASCII, '*' dropped, white space
 * collapsed, trimmed. When loose is true, every character that is not a
 * letter or digit also becomes a space (for place names). Returns malloc'd
 * memory or NULL on OOM. */
char *text_fold(const char *s, size_t len, bool loose);

/* The same, appended to b (see buf.h; b stays NUL-terminated). 0,
 * APP_ENOMEM or APP_ETOOBIG. */
int text_fold_to(struct buf *b, const char *s, size_t len, bool loose);

/* The same rules applied to the whole string through GLib at once: slower,
 * and the reference the tests hold text_fold to. malloc'd; NULL on OOM. */
char *text_fold_reference(const char *s, size_t len, bool loose);

/* The number of bytes of s, at most max, that end on a character boundary:
 * for cutting a UTF-8 string short without breaking a character. */
size_t text_prefix(const char *s, size_t max);

/* A URL slug: "Mining industry" -> "mining-industry", "Côte d'Azur" ->
 * "cote-d-azur"; letters and digits folded to ASCII where they can be, runs
 * of anything else made one '-'. At most 60 bytes. "" when nothing is left.
 * malloc'd; NULL on OOM. */
char *text_slug(const char *s);

/* Length in characters (code points) of a valid UTF-8 string. */
size_t text_chars(const char *s);

/* Damerau-Levenshtein (optimal string alignment) distance between two UTF-8
 * strings, counted in characters; stops early and returns limit + 1 when the
 * distance is larger than limit. */
size_t text_distance(const char *a, const char *b, size_t limit);

#endif
