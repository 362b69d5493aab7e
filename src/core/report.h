/* report.h - the report document: {"form": id, "answers": {...}, "unmapped": [...]}.
 *
 * Answers are keyed by the form's interchange names; an unanswered question
 * is absent. The canonical document lists answers in form order, table rows
 * with every column (empty cells as ""), region entries as {name, country,
 * nuts}, and no empty answers or rows, so that reading a document and
 * writing it again gives the same bytes. */
#ifndef S3PM_REPORT_H
#define S3PM_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "form.h"

/* What a printed report shows where a question has no answer; the readers
 * take it for none. */
#define REPORT_NO_ANSWER "(no answer)"

/* Largest report file the readers accept. */
#define REPORT_MAX_BYTES (16u * 1024 * 1024)

/* Parses JSON text into *root (decref it). The message names name and the
 * line and column of a syntax error. APP_EINPUT or APP_ENOMEM on failure. */
int report_parse_json(const char *data, size_t len, const char *name, json_t **root,
		      struct app_msg *msg);

/* The form id a parsed document names, or NULL when it names none. */
const char *report_form_id(json_t *root);

/* Checks a parsed document against form f and builds its canonical copy in
 * *out. Wrong types, unknown members and unknown questions are APP_EINPUT
 * with a message naming name and the member path ("answers.sdg.3"). Values
 * of the right type that the form does not allow (an unknown choice, a goal
 * answered "maybe") are kept: finding them is validation's job. */
int report_canonical(const struct form *f, json_t *root, const char *name, json_t **out,
		     struct app_msg *msg);

/* Whether root is already what report_canonical would make of it (the
 * same members in the same order, the same values), checked without
 * building anything: a stored revision, written as report_dump wrote a
 * canonical document, can then be used as it was parsed. false for
 * anything else, which report_canonical then checks and rebuilds. */
bool report_is_canonical(const struct form *f, json_t *root);

/* The document as canonical JSON text: two-space indent, UTF-8, final
 * newline. malloc'd; NULL on OOM. */
char *report_dump(json_t *doc);

/* A new empty document for form f. NULL on OOM. */
json_t *report_new(const struct form *f);

/* The answers object of a document (borrowed), or NULL. */
json_t *report_answers(json_t *doc);

/* Removes every confidential answer from a canonical document, in place,
 * and the unmapped text (which may come from a confidential part): what
 * the public may see. */
void report_strip_confidential(const struct form *f, json_t *doc);

#endif
