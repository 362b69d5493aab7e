/* store_rows.h - rows read into records, shared by the entity files of the
 * store when one statement reads two kinds of row. Private to src/store. */
#ifndef S3PM_STORE_ROWS_H
#define S3PM_STORE_ROWS_H

#include "db.h"
#include "model.h"

/* The 10 columns of a partnership (PARTNERSHIP_COLS, in that order) from
 * column `at` on. */
int store_read_partnership(struct db_op *o, int at, struct partnership *p);

/* Under o's running write: replaces the search index of report id by
 * text[0..n) and its figures by facts as those of revision (store_search.c);
 * text NULL removes both
 * (the report is then stale). */
int store_text_write(struct db_op *o, int64_t id, int revision, const struct report_text *text,
		     size_t n, const struct report_facts *facts);
/* Under o's running write: replaces the portfolio figures of report id by
 * facts (NULL: removes them) (store_facts.c). */
int store_facts_write(struct db_op *o, int64_t id, const struct report_facts *facts);

#endif
