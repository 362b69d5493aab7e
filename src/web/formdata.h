/* formdata.h - the edit form's field names, both ways: a posted form (or
 * the autosave's JSON answers) into a canonical report document, and the
 * labelled inputs of one question for the edit page.
 *
 * Field names (docs/internals/web.md): "a.QID" for a simple answer,
 * "a.QID.ROW.COL" for a table cell or a region entry (ROW from 0, COL a
 * column id or name/country/nuts), "a.QID.ROW" for one row of a likert
 * question ("a.sdg.3"), "a.QID.FIELD" for a field of a group
 * ("a.self_assessment.risks"). Other names (csrf, base_revision, action,
 * conflict.*) are not answers and are left to the caller. */
#ifndef S3PM_FORMDATA_H
#define S3PM_FORMDATA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "policy.h"
#include "report_parts.h"
#include "web.h"

/* Rows a table or region list may be posted with beyond its max_rows: they
 * are kept (validation flags them, nothing is cut silently), and past them
 * the post is refused, which bounds what one request can make us store. */
#define FORMDATA_ROW_SLACK 50

/* The highest number of rows accepted for q (max_rows + FORMDATA_ROW_SLACK;
 * 200 + slack when the form sets no limit). */
size_t formdata_row_cap(const struct form_question *q);

/* A posted form into a new canonical document of form f (empty answers
 * and rows dropped, rows in the order of their numbers, line breaks made
 * LF, "unmapped" empty). Fields of sections not editable are refused
 * (APP_EPERM), and so are unknown "a." fields, a field posted twice, a row
 * number past formdata_row_cap and text that is not UTF-8 (APP_EINPUT);
 * msg names the field. editable NULL means every section. */
int formdata_to_doc(const struct form *f, const struct kv *fields, size_t n, const bool *editable,
		    json_t **out, struct app_msg *msg);

/* The same for the "answers" object of a JSON request (the autosave): a
 * new canonical document, with the same refusals. */
int formdata_from_json(const struct form *f, json_t *answers, const bool *editable, json_t **out,
		       struct app_msg *msg);

/* A list the system supplies for a choice (choices_from) or a period
 * question: "partnerships" (names), "periods" ("2020-H1"). */
struct formdata_list {
	const char *name;
	const char *const *values;
	size_t n;
};

struct formdata_view {
	const struct formdata_list *lists;
	size_t nlists;
	/* Findings shown on the rows of tables and region lists they are
	 * about (the rest is the page's .hint); NULL: none. */
	const struct findings *fnd;
};

struct finding;
/* One finding as a list item: severity, "Row N: " when about a row and
 * not shown on it (with_row), the message, the suggestion and, when it
 * applies to a region cell, its Apply button (a submit button of the
 * form: apply=QID.ROW.COLUMN=VALUE). */
int formdata_finding_item(struct buf *b, const struct form_question *q, const struct finding *d,
			  bool with_row);

/* Writes the label (or fieldset and legend), the help text, the mandatory
 * marker and the inputs of question q, with answer (NULL = unanswered) as
 * their values. Ids: "f-QID[-ROW[-COL]]" for inputs, "help-QID" for the
 * help text, and aria-describedby also names "hint-QID", the .hint the
 * page writes beside it. Tables get every row up to max_rows (more when
 * answered so), region lists their rows and 3 empty ones. All data goes
 * through html.h. */
int formdata_render_question(struct buf *b, const struct form_question *q, json_t *answer,
			     const struct formdata_view *v);

/* A read-only rendering of an answer (or of one part of it: a likert
 * value, a field's text, a table's rows) for the conflict view. */
int formdata_render_value(struct buf *b, const struct form_question *q, const char *sub,
			  json_t *value);

#endif
