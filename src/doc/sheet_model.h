/* sheet_model.h - the portfolio's sheets as neutral tables (rows of typed
 * cells under named columns), built once from a sheet_set and written by
 * sheet_xlsx.c and sheet_csv.c alike, so that a CSV sheet has exactly the
 * rows and columns of the workbook's sheet. Private to the doc ring. */
#ifndef S3PM_SHEET_MODEL_H
#define S3PM_SHEET_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sheet.h"

/* Excel's limit of characters in a cell (UTF-16 code units). A longer text
 * is cut, ending in SHEET_CUT_MARK, and the Findings sheet says so. */
#define SHEET_CELL_MAX 32767
#define SHEET_CUT_MARK "\xE2\x80\xA6[cut]"
/* Fitted column widths stop here (characters). */
#define SHEET_WIDTH_MAX 60
/* Excel's limit of a sheet name's length (characters; ours are ASCII). */
#define SHEET_NAME_MAX 31

enum sm_kind {
	SM_EMPTY,
	SM_TEXT,     /* s */
	SM_NUMBER,   /* num */
	SM_DATE,     /* ymd: yyyymmdd */
	SM_DATETIME  /* ymd and hms: hhmmss */
};

/* 16 bytes: a big portfolio has millions of cells. */
struct sm_cell {
	union {
		const char *s; /* SM_TEXT: borrowed from the set's documents and forms, or from the arena */
		double num;    /* SM_NUMBER */
		struct {
			int32_t ymd; /* SM_DATE, SM_DATETIME: yyyymmdd */
			int32_t hms; /* SM_DATETIME: hhmmss */
		};
	};
	unsigned char kind; /* enum sm_kind */
};

struct sm_col {
	const char *header; /* borrowed */
	char *note;         /* the question id shown as the header's comment, or NULL; owned */
	unsigned width;     /* fitted, in characters, at most SHEET_WIDTH_MAX */
};

struct sm_table {
	char name[SHEET_NAME_MAX + 1];
	struct sm_col *cols;
	size_t ncols;
	struct sm_cell *cells; /* nrows * ncols, row by row */
	size_t nrows, caprows;
};

struct sm_chunk;
struct sm_build;

/* The sheets one at a time: each is built when the previous one is done
 * with, in the memory it leaves (a big portfolio's tables take tens of
 * megabytes each). */
struct sheet_model {
	struct sm_table t;      /* the sheet sheet_model_next built last */
	struct sm_chunk *arena; /* strings made for it (cut texts, joined findings) */
	struct sm_build *b;     /* private: the plan, where it is, the texts cut so far */
};

/* The kinds of sheet, and one sheet of a workbook's plan (sheet_names.c). */
enum sm_sheet { SM_REPORTS, SM_TABLE, SM_REGIONS, SM_LIKERT, SM_FINDINGS };

struct plan_item {
	enum sm_sheet kind;
	const struct form_question *q; /* SM_TABLE, SM_LIKERT */
	char name[SHEET_NAME_MAX + 1];
};

/* The sheets of s in workbook order, named: *out is malloc'd (free it).
 * 0 or APP_ENOMEM. */
int sheet_plan(const struct sheet_set *s, struct plan_item **out, size_t *n);
/* Whether q's answers are shown to the set's reader (confidential ones
 * only when s->confidential). */
bool sheet_shown(const struct sheet_set *s, const struct form_question *q);
/* text, longtext, choice, url, period: one cell each. */
bool sheet_simple_type(enum form_type t);

/* Starts the sheets of s (borrowed until the cleanup). 0 or APP_ENOMEM
 * (msg says so). sheet_model_cleanup in any case. */
int sheet_model_begin(const struct sheet_set *s, struct sheet_model *m, struct app_msg *msg);
/* Builds the next sheet into m->t, the previous one freed: 1, or 0 when
 * every sheet was built, or APP_ENOMEM (msg). Findings comes last: it
 * lists the texts cut on the sheets before it. */
int sheet_model_next(struct sheet_model *m, struct app_msg *msg);
/* Moves the sheet sheet_model_next built last into *out, a model of that
 * one sheet (m keeps none of it, and goes on with the next): a writer can
 * write it while the next one is built. sheet_model_cleanup(out) frees it. */
void sheet_model_take(struct sheet_model *m, struct sheet_model *out);
/* Passes over the next sheet without building it (its cut texts are then
 * missing from Findings). */
void sheet_model_skip(struct sheet_model *m);
void sheet_model_cleanup(struct sheet_model *m);

/* The text a cell shows in CSV (dates as YYYY-MM-DD, date-times as
 * YYYY-MM-DD HH:MM:SS, numbers without trailing zeros); tmp (>= 32 bytes)
 * holds it when it is made. Borrowed: valid while its sheet and tmp live. */
const char *sm_cell_text(const struct sm_cell *c, char *tmp, size_t n);

#endif
