/* reader_text_impl.h - what the text reader (reader_text.c) shares with its
 * table reading (reader_table.c): the lines, markers and slots, the state of
 * one read, and the helpers both use. Private to src/core/reader_*.c. */
#ifndef S3PM_READER_TEXT_IMPL_H
#define S3PM_READER_TEXT_IMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "reader_text.h"

#define NO_OWNER ((size_t)-1)
#define NO_FOLD ((size_t)-1)
#define MAX_LINES 2000000

struct line {
	const char *raw;
	size_t rawlen;
	char *clean;       /* white space normalised, trimmed; in reader.cleans */
	size_t fold;       /* offset of its folded form in reader.folds, or NO_FOLD */
	size_t foldlen;    /* its length */
	size_t no;         /* from 1 */
	size_t chars;      /* length of clean in characters */
	bool blank;
	bool lead_space;   /* a page starts here in pdftotext-like output */
	bool trail_space;  /* the line was wrapped, not ended */
	uint32_t fw;       /* hash of the first word, lower case (see first_word) */
	bool fw_plain;
	bool skip;         /* footer, mandatory star, or part of a marker */
	size_t owner;      /* slot index, or NO_OWNER */
	size_t from;       /* byte offset into clean where content starts */
};

enum mkind {
	M_STATIC,  /* title, heading, explanatory text */
	M_LABEL,   /* question label: its answer follows */
	M_HELP,    /* help text under a label */
	M_COLHEAD, /* a table's column headers */
	M_SCALE,   /* a likert question's scale labels */
	M_ROW,     /* a likert row label: its answer follows */
	M_FIELD    /* a group field's label: its answer follows */
};

struct marker {
	enum mkind kind;
	char *fold;
	size_t foldlen;
	const char *text; /* as the form writes it; borrowed from the form */
	size_t slot;      /* where the following lines belong; NO_OWNER for M_STATIC */
	bool midline;     /* the marker may end inside a line */
	uint32_t fw;      /* hash of its first word, lower case (see first_word) */
	bool fw_plain;    /* that word is plain ASCII letters and digits */
};

/* A marker's key (the hash of its first word, or the first byte of its
 * folded text) and its index in form order. */
struct key_entry {
	uint32_t key;
	size_t k;
};

/* A slot collects the lines of one answer: a question, a likert row or a
 * group field. */
struct slot {
	const struct form_question *q;     /* top-level question */
	const struct form_question *field; /* group field, or NULL */
	size_t row;                        /* likert row index + 1, or 0 */
};

/* What the reader derives from a form alone (its markers and slots): built
 * once by reader_new, read-only afterwards. */
struct reader {
	const struct form *f;        /* borrowed */
	struct marker *m;
	size_t nm;
	struct slot *slots;
	size_t nslots;
	/* Indexes of the markers, each sorted by (key, index); see cand_start. */
	struct key_entry *by_fw;     /* with a plain first word, by its hash */
	size_t nby_fw;
	struct key_entry *odd_first; /* the others, by the first byte of their fold */
	size_t nodd_first;
	struct key_entry *by_first;  /* all, by the first byte of their fold */
	size_t nby_first;
};

struct piece {
	const char *text; /* clean text, from the line's content offset */
	bool gap;         /* a blank line (or page break) stands before it */
	bool wrapped;     /* the line before it was wrapped (ended in a space) */
	bool after_short; /* the line before it stopped well short of the page width */
	size_t line;
};

/* The state of one read. */
struct rtext {
	const struct form *f;
	const char *name;
	struct app_msg *msg;
	struct buf *notes;
	struct line *lines;
	size_t nlines;
	char *cleans;     /* every line's clean text, one after the other */
	struct buf folds; /* folded lines, NUL-separated, made as needed */
	struct marker *m;
	size_t nm;
	struct slot *slots;
	size_t nslots;
	const struct reader *plan; /* the form's markers and slots (m, slots point into it) */
	struct piece *pieces; /* room for a slot's pieces: nlines of them */
	json_t *unmapped;
	size_t width;     /* the longest line, in characters: the page width */
	bool exact;       /* each line break is one the writer made (reader_read_lines) */
};

/* reader_text.c */

/* Adds "NAME:LINE: note: " fmt (with arg) to r's notes, if any; a full
 * notes buffer is not an error. Returns 0 or APP_ENOMEM. */
int rtext_note(struct rtext *r, size_t line, const char *fmt, const char *arg);

/* Keeps pieces p[0..n) in the document's "unmapped" list, with a note
 * saying why. Returns 0 or APP_ENOMEM. */
int rtext_unmapped_add(struct rtext *r, const struct piece *p, size_t n, const char *why);

/* Sets o[key] to s[0..n) trimmed as the canonical document has it ("" when
 * nothing is left); *any becomes true when something is. 0 or APP_ENOMEM. */
int rtext_set_str(json_t *o, const char *key, const char *s, size_t n, bool *any);

/* reader_table.c */

/* Reads the pieces p[0..n) of table question q into *out (an array of row
 * objects, or NULL when there is none). 0 or APP_ENOMEM. */
int reader_table_read(struct rtext *r, const struct form_question *q, const struct piece *p,
		      size_t n, json_t **out);

#endif
