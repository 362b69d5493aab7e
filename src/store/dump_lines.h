/* dump_lines.h - the dump's lines, whichever the backend (private to
 * src/store): writing a line, the header, the closing count and a blob;
 * reading a dump one line at a time, its header, each row checked against
 * its table (every column, each value of its column's type) and the
 * closing count. The backends' writers and loaders (store_dump.c,
 * store_dump_pg.c, store_load.c, store_load_pg.c) do the database's part
 * only, so that both write and accept the same lines with the same
 * messages. The format is docs/internals/dump.md. */
#ifndef S3PM_DUMP_LINES_H
#define S3PM_DUMP_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "db.h"
#include "dump_schema.h"

/* --- writing ------------------------------------------------------------- */

/* Writes line as one compact JSON line to out and takes its reference
 * (NULL: out of memory, reported naming what). */
int dump_put_line(FILE *out, json_t *line, const char *what);
/* The first line: {"s3pm_dump":1,"schema":N,"created":NOW}. */
int dump_put_header(FILE *out, int schema, const char *what);
/* The last line: {"s3pm_dump_end":ROWS}, and out flushed. */
int dump_put_end(FILE *out, size_t rows, const char *what);
/* {"base64": "..."} of the n bytes at p; NULL when out of memory. */
json_t *dump_blob_json(const unsigned char *p, size_t n);
/* The SELECT of a data table's rows: its columns by name, in t->order;
 * malloc'd, NULL when out of memory. */
char *dump_select_sql(const struct dump_table *t);

/* --- reading ------------------------------------------------------------- */

/* The longest line taken: a document (STORE_DOC_MAX) escaped as JSON,
 * with room for its row. */
#define DUMP_LINE_MAX ((size_t)STORE_DOC_MAX * 6 + (1u << 20))

struct dump_reader {
	FILE *in;
	const char *name; /* the input's name for messages */
	size_t line;      /* the number of the line read last */
	struct buf buf;   /* that line, without its newline */
	size_t rows;      /* the row lines given out so far */
};

void dump_reader_init(struct dump_reader *r, FILE *in, const char *name);
void dump_reader_cleanup(struct dump_reader *r);
/* Reads and checks the first line: *schema gets its schema version (not
 * newer than this program's). */
int dump_read_header(struct dump_reader *r, int *schema);
/* The next row: *t its table (a data table present in sc, as the
 * database at the dump's schema has it), *line the whole line (the
 * caller's to json_decref) and *row its "row", which has every column of
 * *t and no other, each value of its column's type (a blob's base64
 * well-formed). At the closing line, checked (the count, nothing after
 * it): 0 with *line NULL. Errors are APP_EINPUT (APP_ETOOBIG for a line
 * too long) with the input's name and the line's number. */
int dump_read_row(struct dump_reader *r, const struct dump_schema *sc, const struct dump_table **t,
		  json_t **line, json_t **row);
/* Strict base64 (padded, no spaces) of the len bytes at s into *out
 * (malloc'd, *n bytes): 0, -1 when not base64, -2 when out of memory. */
int dump_b64_decode(const char *s, size_t len, unsigned char **out, size_t *n);

#endif
