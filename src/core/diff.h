/* diff.h - what changed between two versions of an answer: word by word
 * inside a text, row by row in a table. Used by the review's "changes
 * since returned" (and, later, by comparing two reports).
 *
 * Both are a longest common subsequence of items (words, rows) after the
 * common start and end are set aside; past DIFF_MAX_CELLS the middle is
 * reported as removed and added whole, so that no input makes it slow. */
#ifndef S3PM_DIFF_H
#define S3PM_DIFF_H

#include <stddef.h>

#define DIFF_MAX_CELLS (4u << 20)

enum diff_op { DIFF_SAME, DIFF_DEL, DIFF_INS };

/* A run of text: bytes [from, from + len) of the old text (SAME, DEL) or of
 * the new one (INS). */
struct diff_span {
	enum diff_op op;
	size_t from, len;
};

/* The spans that turn a into b, in reading order; words are runs of
 * non-blank bytes and runs of blanks, so that the spans together give back
 * each text whole. *out is the caller's to free(). 0 or APP_ENOMEM. */
int diff_words(const char *a, const char *b, struct diff_span **out, size_t *n);

/* One row of a table: index into the old rows (SAME, DEL) or the new
 * ones (INS). */
struct diff_row {
	enum diff_op op;
	size_t index;
};

/* The rows that turn a into b (rows equal when their strings are). */
int diff_rows(const char *const *a, size_t na, const char *const *b, size_t nb,
	      struct diff_row **out, size_t *n);

#endif
