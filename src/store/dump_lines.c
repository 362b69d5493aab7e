/* dump_lines.c - the dump's lines, whichever the backend (dump_lines.h):
 * written one at a time, read one at a time and checked against the
 * tables before a backend inserts them. */
#include "dump_lines.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* --- writing ----------------------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

json_t *
dump_blob_json(const unsigned char *p, size_t n)
{
	struct buf b;
	json_t *j = NULL;
	char q[4];
	size_t i;
	uint32_t v;
	int rc = 0;

	buf_init(&b, STORE_DOC_MAX * 2);
	for (i = 0; rc == 0 && i < n; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		rc = buf_append(&b, q, 4);
	}
	if (rc == 0)
		j = json_pack("{s:s}", "base64", b.data != NULL ? b.data : "");
	buf_cleanup(&b);
	return j;
}

char *
dump_select_sql(const struct dump_table *t)
{
	struct buf b;
	char *q;
	size_t i;
	int rc;

	buf_init(&b, 1 << 16);
	rc = buf_puts(&b, "SELECT ");
	for (i = 0; rc == 0 && i < t->ncols; i++) {
		q = dump_quote(t->cols[i].name);
		rc = q == NULL ? APP_ENOMEM : buf_printf(&b, "%s%s", i ? ", " : "", q);
		free(q);
	}
	q = dump_quote(t->name);
	if (rc == 0)
		rc = q == NULL ? APP_ENOMEM : buf_printf(&b, " FROM %s %s", q, t->order);
	free(q);
	if (rc != 0) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_take(&b, NULL);
}

int
dump_put_line(FILE *out, json_t *line, const char *what)
{
	int r;

	if (line == NULL)
		return db_err(APP_ENOMEM, "%s: out of memory", what);
	r = json_dumpf(line, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(line);
	if (r != 0 || fputc('\n', out) == EOF)
		return db_err(APP_EIO, "%s: cannot write the dump", what);
	return 0;
}

int
dump_put_header(FILE *out, int schema, const char *what)
{
	char now[DB_TS_LEN];

	db_now(now);
	return dump_put_line(out,
			     json_pack("{s:i, s:i, s:s}", "s3pm_dump", DUMP_FORMAT, "schema", schema,
				       "created", now),
			     what);
}

int
dump_put_end(FILE *out, size_t rows, const char *what)
{
	int rc = dump_put_line(out, json_pack("{s:I}", "s3pm_dump_end", (json_int_t)rows), what);

	if (rc == 0 && fflush(out) != 0)
		rc = db_err(APP_EIO, "cannot write the dump");
	return rc;
}

/* --- reading ----------------------------------------------------------------- */

void
dump_reader_init(struct dump_reader *r, FILE *in, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->in = in;
	r->name = name != NULL ? name : "input";
	buf_init(&r->buf, DUMP_LINE_MAX);
}

void
dump_reader_cleanup(struct dump_reader *r)
{
	buf_cleanup(&r->buf);
}

/* Reads the next line into r->buf; *eof when there is none. A last line
 * without its newline is taken too. */
static int
read_line(struct dump_reader *r, bool *eof)
{
	char chunk[1 << 14];
	size_t n;
	int c = 0;

	*eof = false;
	buf_reset(&r->buf);
	r->line++;
	for (;;) {
		n = 0;
		while (n < sizeof(chunk) && (c = getc_unlocked(r->in)) != EOF && c != '\n')
			chunk[n++] = (char)c;
		if (n > 0 && buf_append(&r->buf, chunk, n) != 0)
			return db_err(APP_ETOOBIG, "%s line %zu: longer than %zu bytes", r->name, r->line,
				      DUMP_LINE_MAX);
		if (n == sizeof(chunk))
			continue;
		break;
	}
	if (ferror(r->in))
		return db_err(APP_EIO, "%s line %zu: %s", r->name, r->line, strerror(errno));
	if (c == EOF && r->buf.len == 0)
		*eof = true;
	return 0;
}

/* The current line as a JSON object. */
static int
parse_line(struct dump_reader *r, json_t **out)
{
	json_error_t e;

	*out = NULL;
	if (r->buf.len == 0)
		return db_err(APP_EINPUT, "%s line %zu: empty line", r->name, r->line);
	*out = json_loadb(r->buf.data, r->buf.len, JSON_REJECT_DUPLICATES, &e);
	if (*out == NULL)
		return db_err(APP_EINPUT, "%s line %zu: bad JSON at column %d: %s", r->name, r->line,
			      e.column, e.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return db_err(APP_EINPUT, "%s line %zu: not a JSON object", r->name, r->line);
	}
	return 0;
}

int
dump_read_header(struct dump_reader *r, int *schema)
{
	json_t *h = NULL, *f, *v, *c;
	bool eof;
	int rc;

	*schema = 0;
	rc = read_line(r, &eof);
	if (rc == 0 && eof)
		rc = db_err(APP_EINPUT, "%s: empty input, not an s3pm dump", r->name);
	if (rc == 0)
		rc = parse_line(r, &h);
	if (rc != 0)
		goto out;
	f = json_object_get(h, "s3pm_dump");
	v = json_object_get(h, "schema");
	c = json_object_get(h, "created");
	if (f == NULL) {
		rc = db_err(APP_EINPUT, "%s line 1: not an s3pm dump (no \"s3pm_dump\" header)", r->name);
	} else if (!json_is_integer(f) || json_integer_value(f) != DUMP_FORMAT) {
		rc = db_err(APP_EINPUT, "%s line 1: dump format %s, this program reads %d", r->name,
			    json_is_integer(f) ? "unknown" : "not a number", DUMP_FORMAT);
	} else if (!json_is_integer(v) || json_integer_value(v) < 1) {
		rc = db_err(APP_EINPUT, "%s line 1: \"schema\" is not a schema version", r->name);
	} else if (json_integer_value(v) > store_nmigrations) {
		rc = db_err(APP_EINPUT, "%s line 1: schema version %lld is newer than this program's %d",
			    r->name, (long long)json_integer_value(v), store_nmigrations);
	} else if (!json_is_string(c) || json_object_size(h) != 3) {
		rc = db_err(APP_EINPUT,
			    "%s line 1: the header has exactly \"s3pm_dump\", \"schema\" and \"created\" (a string)",
			    r->name);
	} else {
		*schema = (int)json_integer_value(v);
	}
out:
	json_decref(h);
	return rc;
}

static const char *
json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static const char *const type_names[] = {"an integer", "a real number", "a number", "a string",
					 "{\"base64\": ...}", "a value"};

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
dump_b64_decode(const char *s, size_t len, unsigned char **out, size_t *n)
{
	unsigned char *p;
	size_t i, k = 0, pad = 0;
	int a, b, c, d;

	*out = NULL;
	*n = 0;
	if (len % 4 != 0)
		return -1;
	if (len > 0 && s[len - 1] == '=')
		pad++;
	if (len > 1 && s[len - 2] == '=')
		pad++;
	p = malloc(len / 4 * 3 + 1);
	if (p == NULL)
		return -2;
	for (i = 0; i < len; i += 4) {
		a = b64_value((unsigned char)s[i]);
		b = b64_value((unsigned char)s[i + 1]);
		c = i + 4 == len && pad == 2 ? 0 : b64_value((unsigned char)s[i + 2]);
		d = i + 4 == len && pad >= 1 ? 0 : b64_value((unsigned char)s[i + 3]);
		if (a < 0 || b < 0 || c < 0 || d < 0) {
			free(p);
			return -1;
		}
		p[k++] = (unsigned char)(a << 2 | b >> 4);
		p[k++] = (unsigned char)((b & 15) << 4 | c >> 2);
		p[k++] = (unsigned char)((c & 3) << 6 | d);
	}
	*out = p;
	*n = k - pad;
	return 0;
}

/* Whether v belongs in column k of t (the rules both backends bind by). */
static int
check_value(const struct dump_reader *r, const struct dump_table *t, size_t k, json_t *v)
{
	const struct dump_col *c = &t->cols[k];
	unsigned char *blob;
	json_t *b64v;
	size_t n;
	int d;

	if (json_is_null(v))
		return 0;
	if (json_is_integer(v) && c->type != DT_TEXT && c->type != DT_BLOB)
		return 0;
	if (json_is_real(v) && (c->type == DT_REAL || c->type == DT_NUMERIC || c->type == DT_ANY))
		return 0;
	if (json_is_string(v) && (c->type == DT_TEXT || c->type == DT_ANY))
		return 0;
	if (json_is_object(v) && (c->type == DT_BLOB || c->type == DT_ANY)) {
		b64v = json_object_get(v, "base64");
		if (!json_is_string(b64v) || json_object_size(v) != 1)
			return db_err(APP_EINPUT, "%s line %zu: table %s, column %s: a blob is {\"base64\": \"...\"}",
				      r->name, r->line, t->name, c->name);
		d = dump_b64_decode(json_string_value(b64v), json_string_length(b64v), &blob, &n);
		free(blob);
		if (d == -2)
			return db_err(APP_ENOMEM, "%s line %zu: out of memory", r->name, r->line);
		if (d != 0)
			return db_err(APP_EINPUT, "%s line %zu: table %s, column %s: bad base64", r->name,
				      r->line, t->name, c->name);
		return 0;
	}
	return db_err(APP_EINPUT, "%s line %zu: table %s, column %s: %s where %s belongs", r->name,
		      r->line, t->name, c->name, json_kind(v), type_names[c->type]);
}

/* {"table": T, "row": {...}}: T and its row, checked. */
static int
check_row(struct dump_reader *r, const struct dump_schema *sc, json_t *line,
	  const struct dump_table **out, json_t **outrow)
{
	const struct dump_table *t;
	json_t *jt = json_object_get(line, "table"), *row = json_object_get(line, "row"), *v;
	const char *key;
	size_t k;
	int rc;

	if (!json_is_string(jt) || !json_is_object(row) || json_object_size(line) != 2)
		return db_err(APP_EINPUT, "%s line %zu: a row line is {\"table\": NAME, \"row\": {...}}",
			      r->name, r->line);
	t = dump_schema_find(sc, json_string_value(jt));
	if (t == NULL || t->kind == DUMP_META)
		return db_err(APP_EINPUT, "%s line %zu: unknown table \"%s\"", r->name, r->line,
			      json_string_value(jt));
	if (t->kind == DUMP_DERIVED)
		return db_err(APP_EINPUT,
			      "%s line %zu: table %s is derived (rebuilt after a load), not loaded", r->name,
			      r->line, t->name);
	if (!t->present)
		return db_err(APP_EINPUT, "%s line %zu: table %s does not exist at the dump's schema",
			      r->name, r->line, t->name);
	json_object_foreach (row, key, v) {
		for (k = 0; k < t->ncols; k++)
			if (strcmp(t->cols[k].name, key) == 0)
				break;
		if (k == t->ncols)
			return db_err(APP_EINPUT, "%s line %zu: table %s has no column \"%s\"", r->name,
				      r->line, t->name, key);
	}
	for (k = 0; k < t->ncols; k++) {
		v = json_object_get(row, t->cols[k].name);
		if (v == NULL)
			return db_err(APP_EINPUT, "%s line %zu: table %s: column %s is missing", r->name,
				      r->line, t->name, t->cols[k].name);
		rc = check_value(r, t, k, v);
		if (rc != 0)
			return rc;
	}
	*out = t;
	*outrow = row;
	return 0;
}

/* The closing line {"s3pm_dump_end": N}: N the rows read, and nothing
 * after it. */
static int
check_end(struct dump_reader *r, json_t *line, json_t *end)
{
	bool eof;
	int rc = 0;

	if (!json_is_integer(end) || json_object_size(line) != 1)
		rc = db_err(APP_EINPUT, "%s line %zu: the last line is {\"s3pm_dump_end\": ROWS}", r->name,
			    r->line);
	else if (json_integer_value(end) < 0 || (size_t)json_integer_value(end) != r->rows)
		rc = db_err(APP_EINPUT, "%s line %zu: the dump says %lld rows, %zu were read", r->name,
			    r->line, (long long)json_integer_value(end), r->rows);
	if (rc != 0)
		return rc;
	rc = read_line(r, &eof);
	if (rc == 0 && !eof)
		rc = db_err(APP_EINPUT, "%s line %zu: more after the dump's last line", r->name, r->line);
	return rc;
}

int
dump_read_row(struct dump_reader *r, const struct dump_schema *sc, const struct dump_table **t,
	      json_t **line, json_t **row)
{
	json_t *end;
	bool eof;
	int rc;

	*t = NULL;
	*line = NULL;
	*row = NULL;
	rc = read_line(r, &eof);
	if (rc != 0)
		return rc;
	if (eof)
		return db_err(APP_EINPUT,
			      "%s line %zu: the dump ends before its last line {\"s3pm_dump_end\": ROWS} (cut short?)",
			      r->name, r->line);
	rc = parse_line(r, line);
	if (rc != 0)
		return rc;
	end = json_object_get(*line, "s3pm_dump_end");
	if (end != NULL)
		rc = check_end(r, *line, end);
	else
		rc = check_row(r, sc, *line, t, row);
	if (rc != 0 || end != NULL) {
		json_decref(*line);
		*line = NULL;
		*t = NULL;
		*row = NULL;
		return rc;
	}
	r->rows++;
	return 0;
}
