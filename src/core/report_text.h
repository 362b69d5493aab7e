/* report_text.h - a report's answers as plain text, for the search index:
 * one entry per answered question, and the full-text query built from a
 * user's words (never the user's text as FTS5 syntax). */
#ifndef S3PM_REPORT_TEXT_H
#define S3PM_REPORT_TEXT_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"

/* At most this many entries per report (the store numbers them). */
#define REPORT_TEXT_MAX 1024
/* A query uses at most this many words; longer words are cut. */
#define REPORT_TEXT_MAX_WORDS 16
#define REPORT_TEXT_MAX_WORD 64

struct report_text {
	char *question; /* top-level question id */
	size_t section; /* index into the form's sections */
	char *text;     /* the answer as text (UTF-8; control characters made spaces) */
	char *folded;   /* text folded for search (text_fold: lower case, no accents,
			 * letters like "ł" made "l") */
	size_t index;   /* the question's place in the form (form->questions): the
			 * index finds the question from it without reading the text */
};

/* The answered questions of doc (canonical, of form f), in form order:
 * texts as they are, choices and scale values by their labels, table
 * cells, regions and group fields joined by " · " (likert rows as "ROW:
 * LEVEL"). *out (report_text_free) may be NULL when nothing is answered.
 * 0 or APP_ENOMEM. */
int report_text_flatten(const struct form *f, json_t *doc, struct report_text **out, size_t *n);
void report_text_free(struct report_text *v, size_t n);

/* Appends to out the FTS5 MATCH expression for the user's query q: its
 * words (runs of letters and digits), all required, each as
 * ("FOLDED" OR "AS WRITTEN") - folded like report_text's folded text,
 * double-quoted strings with quotes doubled; a word written with a '*'
 * right after it matches as a prefix. Everything else in q
 * (quotes, operators, parentheses, column names, NEAR) is only a word or
 * a separator. *nwords gets the number of words (0: nothing to search;
 * out is then left as it was). 0, APP_ENOMEM or APP_ETOOBIG. */
int report_text_match(const char *q, struct buf *out, size_t *nwords);

#endif
