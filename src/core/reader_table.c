/* reader_table.c - the text reader's tables: the lines of a table question
 * split into numbered rows, and each row into its columns (dates found
 * where the form has a date column). */
#include "reader_text_impl.h"
#include "dates.h"
#include "report.h"
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- Tables ------------------------------------------------------------ */

struct cell {
	char *text;
};

struct trow {
	char **blocks; /* cell-like runs of lines separated by blank lines */
	size_t nblocks;
	size_t line;
	bool exact;    /* a unit-separated row: blocks are its cells, as given */
};

static void
trows_free(struct trow *rows, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < rows[i].nblocks; j++)
			free(rows[i].blocks[j]);
		free(rows[i].blocks);
	}
	free(rows);
}

static int
add_block(struct trow *t, const char *s, size_t n)
{
	char **v;

	while (n > 0 && s[0] == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return 0;
	v = realloc(t->blocks, (t->nblocks + 1) * sizeof(*v));
	if (v == NULL)
		return APP_ENOMEM;
	t->blocks = v;
	v[t->nblocks] = strndup(s, n);
	if (v[t->nblocks] == NULL)
		return APP_ENOMEM;
	t->nblocks++;
	return 0;
}

/* The row number a line starts with, if it is `expect`; sets *rest. */
static bool
row_start(const char *s, size_t expect, const char **rest)
{
	size_t v = 0, i = 0;

	while (isdigit((unsigned char)s[i]) && i < 4) {
		v = v * 10 + (size_t)(s[i] - '0');
		i++;
	}
	if (i == 0 || v != expect || (s[i] != '\0' && s[i] != ' '))
		return false;
	*rest = s + i + (s[i] == ' ');
	return true;
}

/* A row given cell by cell (see reader_text.h): "N" U+001F cell U+001F
 * cell ..., N being `expect`. Its cells, empty ones too, become t's
 * blocks. 0 when s is no such row (*hit false), or APP_ENOMEM. */
static int
unit_row(const char *s, size_t expect, struct trow *t, bool *hit)
{
	size_t v = 0, i = 0, n;
	char **cells;

	*hit = false;
	while (isdigit((unsigned char)s[i]) && i < 4) {
		v = v * 10 + (size_t)(s[i] - '0');
		i++;
	}
	if (i == 0 || v != expect || s[i] != '\x1f')
		return 0;
	*hit = true;
	for (s += i + 1;; s += n + 1) {
		n = strcspn(s, "\x1f");
		if (t->nblocks >= 64)
			break;
		cells = realloc(t->blocks, (t->nblocks + 1) * sizeof(*cells));
		if (cells == NULL)
			return APP_ENOMEM;
		t->blocks = cells;
		if ((cells[t->nblocks] = strndup(s, n)) == NULL)
			return APP_ENOMEM;
		t->nblocks++;
		if (s[n] == '\0')
			break;
	}
	return 0;
}

/* Splits a table's lines into numbered rows of blocks. Lines before the
 * first row number go to *lead (unmapped). Empty rows are dropped. */
static int
table_rows(const struct piece *p, size_t n, struct trow **out, size_t *nout, struct buf *lead,
	   size_t *lead_line)
{
	struct trow *rows = NULL, *t = NULL;
	size_t i, j, expect = 1, nr = 0;
	struct buf cur;
	const char *rest;
	int rc = 0;

	buf_init(&cur, REPORT_MAX_BYTES);
	*out = NULL;
	*nout = 0;
	*lead_line = 0;
	for (i = 0; i < n && rc == 0; i++) {
		bool hit = false;

		if (strchr(p[i].text, '\x1f') != NULL) {
			struct trow row = {0}, *v;

			if (t != NULL && (rc = add_block(t, cur.data ? cur.data : "", cur.len)) != 0)
				break;
			buf_reset(&cur);
			t = NULL;
			rc = unit_row(p[i].text, expect, &row, &hit);
			v = rc == 0 && hit ? realloc(rows, (nr + 1) * sizeof(*v)) : NULL;
			if (hit && v != NULL) {
				rows = v;
				row.line = p[i].line;
				row.exact = true;
				rows[nr++] = row;
				expect++;
				continue;
			}
			for (j = 0; j < row.nblocks; j++)
				free(row.blocks[j]);
			free(row.blocks);
			if (rc == 0 && hit)
				rc = APP_ENOMEM;
			if (rc)
				break;
			/* A line with a separator but no row of this number: text. */
		}
		if (row_start(p[i].text, expect, &rest)) {
			struct trow *v;

			if (t != NULL && (rc = add_block(t, cur.data ? cur.data : "", cur.len)) != 0)
				break;
			buf_reset(&cur);
			v = realloc(rows, (nr + 1) * sizeof(*v));
			if (v == NULL) {
				rc = APP_ENOMEM;
				break;
			}
			rows = v;
			t = &rows[nr++];
			memset(t, 0, sizeof(*t));
			t->line = p[i].line;
			expect++;
			rc = buf_puts(&cur, rest);
			continue;
		}
		if (t == NULL && nr > 0 && rows[nr - 1].exact) {
			/* Text after a unit-separated row belongs to no cell. */
			t = NULL;
		}
		if (t == NULL) {
			if (*lead_line == 0)
				*lead_line = p[i].line;
			rc = lead->len ? buf_putc(lead, ' ') : 0;
			if (rc == 0)
				rc = buf_puts(lead, p[i].text);
			continue;
		}
		if (p[i].gap && cur.len > 0) {
			rc = add_block(t, cur.data, cur.len);
			buf_reset(&cur);
		} else if (cur.len > 0) {
			rc = buf_putc(&cur, ' ');
		}
		if (rc == 0)
			rc = buf_puts(&cur, p[i].text);
	}
	if (rc == 0 && t != NULL)
		rc = add_block(t, cur.data ? cur.data : "", cur.len);
	buf_cleanup(&cur);
	if (rc) {
		trows_free(rows, nr);
		return rc;
	}
	*out = rows;
	*nout = nr;
	return 0;
}

/* Finds a date in the row's blocks: numeric dates first ("12-13.2.2020"),
 * then others ("September", "Q3 2020"), which must start with a capital
 * letter or a digit so that "may" in a sentence is not taken for a month. */
static bool
find_date(const struct trow *t, size_t *blk, size_t *off, size_t *len)
{
	int pass;
	size_t b, i, n;

	for (pass = 0; pass < 2; pass++) {
		for (b = 0; b < t->nblocks; b++) {
			const char *s = t->blocks[b];

			for (i = 0; s[i]; i++) {
				if (i > 0 && s[i - 1] != ' ')
					continue;
				if (pass == 0 && !isdigit((unsigned char)s[i]))
					continue;
				if (pass == 1 && !isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
					continue;
				n = dates_prefix(s + i);
				if (n == 0)
					continue;
				if (pass == 0 && strcspn(s + i, "./-") >= n)
					continue;
				*blk = b;
				*off = i;
				*len = n;
				return true;
			}
		}
	}
	return false;
}

/* Puts pieces[0..np) into columns [c0, c1): one piece a column, the rest
 * joined into the last one. */
static int
fill_columns(char **cells, size_t c0, size_t c1, char **pieces, size_t np)
{
	size_t i, c;
	struct buf b;

	if (c1 <= c0 || np == 0)
		return 0;
	for (i = 0; i < np && c0 + i < c1 - 1; i++) {
		cells[c0 + i] = strdup(pieces[i]);
		if (cells[c0 + i] == NULL)
			return APP_ENOMEM;
	}
	c = c0 + i;
	buf_init(&b, REPORT_MAX_BYTES);
	for (; i < np; i++) {
		if ((b.len && buf_putc(&b, ' ') != 0) || buf_puts(&b, pieces[i]) != 0) {
			buf_cleanup(&b);
			return APP_ENOMEM;
		}
	}
	free(cells[c]);
	cells[c] = buf_take(&b, NULL);
	return cells[c] == NULL ? APP_ENOMEM : 0;
}

static bool
suffix_ci(const char *s, const char *suf, size_t *at)
{
	size_t n = strlen(s), m = strlen(suf);

	if (m == 0 || n <= m + 1 || s[n - m - 1] != ' ' || strcasecmp(s + n - m, suf) != 0)
		return false;
	*at = n - m - 1;
	return true;
}

int
reader_table_read(struct rtext *r, const struct form_question *q, const struct piece *p, size_t n,
		  json_t **out)
{
	struct trow *rows = NULL;
	size_t nr = 0, i, j, dc = q->ncolumns, lead_line;
	struct buf lead;
	json_t *arr = NULL, *o;
	char **cells = NULL, **pieces = NULL;
	int rc;

	*out = NULL;
	buf_init(&lead, REPORT_MAX_BYTES);
	if ((rc = table_rows(p, n, &rows, &nr, &lead, &lead_line)) != 0)
		goto out;
	if (lead.len) {
		o = json_pack("{s:I, s:s}", "line", (json_int_t)lead_line, "text", buf_cstr(&lead));
		if (o == NULL || json_array_append_new(r->unmapped, o) != 0) {
			rc = APP_ENOMEM;
			goto out;
		}
		if ((rc = rtext_note(r, lead_line, "text before the first row of a table kept in unmapped: \"%s\"",
			       buf_cstr(&lead))) != 0)
			goto out;
	}
	for (j = 0; j < q->ncolumns; j++)
		if (q->columns[j].type == FORM_COL_DATE) {
			dc = j;
			break;
		}
	/* A one-line row "2 Sustainability of mining In progress" is split where
	 * it ends with a value that other rows give as a cell of its own. */
	if (dc == q->ncolumns) {
		for (i = 0; i < nr; i++) {
			size_t at, k;

			if (rows[i].nblocks != 1)
				continue;
			for (k = 0; k < nr; k++) {
				if (k == i || rows[k].nblocks < 2)
					continue;
				if (suffix_ci(rows[i].blocks[0], rows[k].blocks[1], &at)) {
					const char *tail = rows[i].blocks[0] + at + 1;

					if ((rc = add_block(&rows[i], tail, strlen(tail))) != 0)
						goto out;
					rows[i].blocks[0][at] = '\0';
					break;
				}
			}
		}
	}
	arr = json_array();
	cells = calloc(q->ncolumns, sizeof(*cells));
	pieces = calloc(q->ncolumns + 64, sizeof(*pieces));
	if (arr == NULL || cells == NULL || pieces == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < nr; i++) {
		struct trow *t = &rows[i];
		size_t blk, off, len, np = 0, b;
		char *before = NULL, *date = NULL, *after = NULL;
		bool any;

		if (t->nblocks == 0)
			continue;
		memset(cells, 0, q->ncolumns * sizeof(*cells));
		if (t->nblocks > q->ncolumns + 60) {
			rc = app_fail(r->msg, APP_EINPUT, "%s:%zu: a table row with too many parts", r->name, t->line);
			goto out;
		}
		if (t->exact) {
			for (b = 0; b < t->nblocks && b < q->ncolumns; b++)
				pieces[np++] = t->blocks[b];
			for (b = 0; b < np && rc == 0; b++)
				if ((cells[b] = strdup(pieces[b])) == NULL)
					rc = APP_ENOMEM;
			if (rc == 0 && t->nblocks > q->ncolumns)
				rc = fill_columns(cells, q->ncolumns - 1, q->ncolumns,
						  t->blocks + q->ncolumns - 1, t->nblocks - q->ncolumns + 1);
		} else if (dc < q->ncolumns && find_date(t, &blk, &off, &len)) {
			const char *s = t->blocks[blk];

			before = strndup(s, off);
			date = strndup(s + off, len);
			after = strdup(s + off + len);
			if (before == NULL || date == NULL || after == NULL) {
				free(before);
				free(date);
				free(after);
				rc = APP_ENOMEM;
				goto out;
			}
			for (b = 0; b < blk; b++)
				pieces[np++] = t->blocks[b];
			{
				char *bb = before;
				size_t bl = strlen(bb);

				while (bl > 0 && bb[bl - 1] == ' ')
					bb[--bl] = '\0';
				if (bl > 0)
					pieces[np++] = bb;
			}
			rc = fill_columns(cells, 0, dc, pieces, np);
			if (rc == 0 && dc == 0 && np > 0)
				rc = APP_EINTERNAL;
			cells[dc] = date;
			date = NULL;
			np = 0;
			{
				char *aa = after;

				while (*aa == ' ' || *aa == ',')
					aa++;
				if (*aa)
					pieces[np++] = aa;
			}
			for (b = blk + 1; b < t->nblocks; b++)
				pieces[np++] = t->blocks[b];
			if (rc == 0 && dc + 1 < q->ncolumns)
				rc = fill_columns(cells, dc + 1, q->ncolumns, pieces, np);
			else if (rc == 0 && np > 0)
				rc = fill_columns(cells, dc, dc + 1, pieces, np);
			free(before);
			free(after);
		} else {
			for (b = 0; b < t->nblocks; b++)
				pieces[np++] = t->blocks[b];
			rc = fill_columns(cells, 0, q->ncolumns, pieces, np);
		}
		if (rc)
			goto cells_out;
		o = json_object();
		if (o == NULL) {
			rc = APP_ENOMEM;
			goto cells_out;
		}
		any = false;
		for (j = 0; j < q->ncolumns && rc == 0; j++)
			rc = rtext_set_str(o, q->columns[j].id, cells[j] ? cells[j] : "",
				     cells[j] ? strlen(cells[j]) : 0, &any);
		if (rc || !any)
			json_decref(o);
		else if (json_array_append_new(arr, o) != 0)
			rc = APP_ENOMEM;
cells_out:
		for (j = 0; j < q->ncolumns; j++)
			free(cells[j]);
		if (rc)
			goto out;
	}
	if (json_array_size(arr) > 0) {
		*out = arr;
		arr = NULL;
	}
out:
	json_decref(arr);
	free(cells);
	free(pieces);
	trows_free(rows, nr);
	buf_cleanup(&lead);
	return rc;
}

