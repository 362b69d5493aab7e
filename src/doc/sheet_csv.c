/* sheet_csv.c - one sheet of the portfolio as CSV (RFC 4180): the rows and
 * columns of the workbook's sheet, its header first; fields holding a
 * comma, a double quote, CR or LF are quoted, quotes doubled; lines end in
 * CRLF; UTF-8 without a byte-order mark (a spreadsheet asked to open it
 * should be told so; tools reading CSV take it as it is). Dates are
 * written YYYY-MM-DD, date-times YYYY-MM-DD HH:MM:SS (UTC). */
#include "sheet_model.h"

#include <string.h>
#include <strings.h>

static int
field(struct buf *out, const char *s)
{
	const char *p;
	int rc;

	if (s[strcspn(s, ",\"\r\n")] == '\0')
		return buf_puts(out, s);
	if ((rc = buf_puts(out, "\"")) != 0)
		return rc;
	while ((p = strchr(s, '"')) != NULL) {
		if ((rc = buf_append(out, s, (size_t)(p - s) + 1)) != 0 || (rc = buf_puts(out, "\"")) != 0)
			return rc;
		s = p + 1;
	}
	if ((rc = buf_puts(out, s)) != 0)
		return rc;
	return buf_puts(out, "\"");
}

static int
table_csv(const struct sm_table *t, struct buf *out)
{
	char tmp[64];
	size_t i, j;
	int rc = 0;

	for (j = 0; j < t->ncols && rc == 0; j++) {
		if (j > 0)
			rc = buf_puts(out, ",");
		if (rc == 0)
			rc = field(out, t->cols[j].header);
	}
	if (rc == 0)
		rc = buf_puts(out, "\r\n");
	for (i = 0; i < t->nrows && rc == 0; i++) {
		for (j = 0; j < t->ncols && rc == 0; j++) {
			if (j > 0)
				rc = buf_puts(out, ",");
			if (rc == 0)
				rc = field(out, sm_cell_text(&t->cells[i * t->ncols + j], tmp, sizeof(tmp)));
		}
		if (rc == 0)
			rc = buf_puts(out, "\r\n");
	}
	return rc;
}

/* "\"Reports\", \"Working areas\", ..." into b. */
static int
list_names(char **names, struct buf *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; names[i] != NULL && rc == 0; i++)
		rc = buf_printf(b, "%s\"%s\"", i > 0 ? ", " : "", names[i]);
	return rc;
}

int
sheet_csv(const struct sheet_set *s, const char *name, struct buf *out, struct app_msg *msg)
{
	struct sheet_model m;
	struct buf list;
	char **names = sheet_names(s);
	size_t i, k, n;
	int rc;

	memset(&m, 0, sizeof(m));
	buf_init(&list, 4096);
	if (names == NULL) {
		rc = app_fail(msg, APP_ENOMEM, "%s", "out of memory");
		goto out;
	}
	for (k = 0; names[k] != NULL && strcasecmp(names[k], name) != 0; k++)
		;
	for (n = k; names[n] != NULL; n++)
		;
	if (names[k] == NULL) {
		rc = list_names(names, &list);
		rc = app_fail(msg, rc == 0 ? APP_EINPUT : rc, "there is no sheet \"%s\": the sheets are %s", name,
			      buf_cstr(&list));
		goto out;
	}
	if ((rc = sheet_model_begin(s, &m, msg)) != 0)
		goto out;
	/* The last sheet (Findings) lists the texts cut on the sheets before
	 * it, which are built for it; any other is built alone. */
	for (i = 0; i < k; i++) {
		if (k + 1 < n)
			sheet_model_skip(&m);
		else if ((rc = sheet_model_next(&m, msg)) < 0)
			goto out;
	}
	if ((rc = sheet_model_next(&m, msg)) < 0)
		goto out;
	if ((rc = table_csv(&m.t, out)) != 0)
		rc = app_fail(msg, rc, "the sheet \"%s\" does not fit in memory", name);
out:
	sheet_names_free(names);
	buf_cleanup(&list);
	sheet_model_cleanup(&m);
	return rc;
}
