/* store_load.c - s3pm load's reader on SQLite (store.h): a dump's JSON
 * lines (docs/internals/dump.md) checked line by line and inserted into a
 * new or empty database in one transaction; bad input names its line and
 * leaves nothing written. */
#include "db.h"
#include "db_sqlite.h"
#include "dump_schema.h"

#include "buf.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The longest line taken: a document (STORE_DOC_MAX) escaped as JSON,
 * with room for its row. */
#define LOAD_LINE_MAX ((size_t)STORE_DOC_MAX * 6 + (1u << 20))

struct loader {
	FILE *in;
	const char *name;   /* the input's name for messages */
	size_t line;        /* the number of the line read last */
	struct buf buf;     /* that line, without its newline */
	sqlite3 *db;
	const char *path;
	struct dump_schema sc;
	sqlite3_stmt **ins; /* per table of sc: its INSERT, prepared when first needed */
	size_t rows;
};

/* Reads the next line into l->buf; *eof when there is none. A last line
 * without its newline is taken too. */
static int
read_line(struct loader *l, bool *eof)
{
	char chunk[1 << 14];
	size_t n;
	int c = 0, rc = 0;

	*eof = false;
	buf_reset(&l->buf);
	l->line++;
	for (;;) {
		n = 0;
		while (n < sizeof(chunk) && (c = getc_unlocked(l->in)) != EOF && c != '\n')
			chunk[n++] = (char)c;
		if (n > 0 && buf_append(&l->buf, chunk, n) != 0)
			return db_err(APP_ETOOBIG, "%s line %zu: longer than %zu bytes", l->name, l->line,
				      LOAD_LINE_MAX);
		if (n == sizeof(chunk))
			continue;
		break;
	}
	if (ferror(l->in))
		return db_err(APP_EIO, "%s line %zu: %s", l->name, l->line, strerror(errno));
	if (c == EOF && l->buf.len == 0)
		*eof = true;
	return rc;
}

/* The current line as a JSON object. */
static int
parse_line(struct loader *l, json_t **out)
{
	json_error_t e;

	*out = NULL;
	if (l->buf.len == 0)
		return db_err(APP_EINPUT, "%s line %zu: empty line", l->name, l->line);
	*out = json_loadb(l->buf.data, l->buf.len, JSON_REJECT_DUPLICATES, &e);
	if (*out == NULL)
		return db_err(APP_EINPUT, "%s line %zu: bad JSON at column %d: %s", l->name, l->line,
			      e.column, e.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return db_err(APP_EINPUT, "%s line %zu: not a JSON object", l->name, l->line);
	}
	return 0;
}

/* {"s3pm_dump":1,"schema":N,"created":"..."}: *schema = N. */
static int
read_header(struct loader *l, int *schema)
{
	json_t *h = NULL, *f, *v, *c;
	bool eof;
	int rc;

	*schema = 0;
	rc = read_line(l, &eof);
	if (rc == 0 && eof)
		rc = db_err(APP_EINPUT, "%s: empty input, not an s3pm dump", l->name);
	if (rc == 0)
		rc = parse_line(l, &h);
	if (rc != 0)
		goto out;
	f = json_object_get(h, "s3pm_dump");
	v = json_object_get(h, "schema");
	c = json_object_get(h, "created");
	if (f == NULL) {
		rc = db_err(APP_EINPUT, "%s line 1: not an s3pm dump (no \"s3pm_dump\" header)", l->name);
	} else if (!json_is_integer(f) || json_integer_value(f) != DUMP_FORMAT) {
		rc = db_err(APP_EINPUT, "%s line 1: dump format %s, this program reads %d", l->name,
			    json_is_integer(f) ? "unknown" : "not a number", DUMP_FORMAT);
	} else if (!json_is_integer(v) || json_integer_value(v) < 1) {
		rc = db_err(APP_EINPUT, "%s line 1: \"schema\" is not a schema version", l->name);
	} else if (json_integer_value(v) > store_nmigrations) {
		rc = db_err(APP_EINPUT, "%s line 1: schema version %lld is newer than this program's %d",
			    l->name, (long long)json_integer_value(v), store_nmigrations);
	} else if (!json_is_string(c) || json_object_size(h) != 3) {
		rc = db_err(APP_EINPUT,
			    "%s line 1: the header has exactly \"s3pm_dump\", \"schema\" and \"created\" (a string)",
			    l->name);
	} else {
		*schema = (int)json_integer_value(v);
	}
out:
	json_decref(h);
	return rc;
}

/* The INSERT of table i with every column, in the table's order. */
static int
insert_of(struct loader *l, size_t i, sqlite3_stmt **out)
{
	const struct dump_table *t = &l->sc.t[i];
	struct buf b;
	char *q;
	size_t k;
	int r, rc;

	*out = l->ins[i];
	if (*out != NULL)
		return 0;
	buf_init(&b, 1 << 16);
	q = dump_quote(t->name);
	rc = q == NULL ? APP_ENOMEM : buf_printf(&b, "INSERT INTO %s (", q);
	free(q);
	for (k = 0; rc == 0 && k < t->ncols; k++) {
		q = dump_quote(t->cols[k].name);
		rc = q == NULL ? APP_ENOMEM : buf_printf(&b, "%s%s", k ? ", " : "", q);
		free(q);
	}
	if (rc == 0)
		rc = buf_puts(&b, ") VALUES (");
	for (k = 0; rc == 0 && k < t->ncols; k++)
		rc = buf_printf(&b, "%s?%zu", k ? ", " : "", k + 1);
	if (rc == 0)
		rc = buf_puts(&b, ")");
	if (rc != 0) {
		buf_cleanup(&b);
		return db_err(APP_ENOMEM, "%s: out of memory", t->name);
	}
	r = sqlite3_prepare_v2(l->db, b.data, -1, &l->ins[i], NULL);
	buf_cleanup(&b);
	if (r != SQLITE_OK)
		return db_sqlite_fail(l->db, r, t->name);
	*out = l->ins[i];
	return 0;
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

/* Strict base64 (padded, no spaces) of s into out (malloc'd, *n bytes). */
static int
b64_decode(const char *s, size_t len, unsigned char **out, size_t *n)
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

/* Binds v to parameter k + 1 of s for column c of table t. */
static int
bind_value(struct loader *l, sqlite3_stmt *s, const struct dump_table *t, size_t k, json_t *v)
{
	const struct dump_col *c = &t->cols[k];
	unsigned char *blob;
	json_t *b64;
	size_t n;
	int r, i = (int)k + 1, d;

	if (json_is_null(v))
		r = sqlite3_bind_null(s, i);
	else if (json_is_integer(v) && c->type != DT_TEXT && c->type != DT_BLOB)
		r = sqlite3_bind_int64(s, i, json_integer_value(v));
	else if (json_is_real(v) && (c->type == DT_REAL || c->type == DT_NUMERIC || c->type == DT_ANY))
		r = sqlite3_bind_double(s, i, json_real_value(v));
	else if (json_is_string(v) && (c->type == DT_TEXT || c->type == DT_ANY))
		r = sqlite3_bind_text64(s, i, json_string_value(v), json_string_length(v), SQLITE_TRANSIENT,
					SQLITE_UTF8);
	else if (json_is_object(v) && (c->type == DT_BLOB || c->type == DT_ANY)) {
		b64 = json_object_get(v, "base64");
		if (!json_is_string(b64) || json_object_size(v) != 1)
			return db_err(APP_EINPUT, "%s line %zu: table %s, column %s: a blob is {\"base64\": \"...\"}",
				      l->name, l->line, t->name, c->name);
		d = b64_decode(json_string_value(b64), json_string_length(b64), &blob, &n);
		if (d == -2)
			return db_err(APP_ENOMEM, "%s line %zu: out of memory", l->name, l->line);
		if (d != 0)
			return db_err(APP_EINPUT, "%s line %zu: table %s, column %s: bad base64", l->name,
				      l->line, t->name, c->name);
		r = sqlite3_bind_blob64(s, i, blob, n, free);
	} else
		return db_err(APP_EINPUT, "%s line %zu: table %s, column %s: %s where %s belongs",
			      l->name, l->line, t->name, c->name, json_kind(v), type_names[c->type]);
	return r == SQLITE_OK ? 0 : db_sqlite_fail(l->db, r, t->name);
}

/* {"table": T, "row": {...}} into T. */
static int
load_row(struct loader *l, json_t *line)
{
	const struct dump_table *t;
	json_t *jt = json_object_get(line, "table"), *row = json_object_get(line, "row"), *v;
	sqlite3_stmt *s;
	const char *key;
	size_t k, i;
	int r, rc;

	if (!json_is_string(jt) || !json_is_object(row) || json_object_size(line) != 2)
		return db_err(APP_EINPUT, "%s line %zu: a row line is {\"table\": NAME, \"row\": {...}}",
			      l->name, l->line);
	t = dump_schema_find(&l->sc, json_string_value(jt));
	if (t == NULL || t->kind == DUMP_META)
		return db_err(APP_EINPUT, "%s line %zu: unknown table \"%s\"", l->name, l->line,
			      json_string_value(jt));
	if (t->kind == DUMP_DERIVED)
		return db_err(APP_EINPUT,
			      "%s line %zu: table %s is derived (rebuilt after a load), not loaded", l->name,
			      l->line, t->name);
	if (!t->present)
		return db_err(APP_EINPUT, "%s line %zu: table %s does not exist at the dump's schema",
			      l->name, l->line, t->name);
	i = (size_t)(t - l->sc.t);
	rc = insert_of(l, i, &s);
	if (rc != 0)
		return rc;
	json_object_foreach (row, key, v) {
		for (k = 0; k < t->ncols; k++)
			if (strcmp(t->cols[k].name, key) == 0)
				break;
		if (k == t->ncols)
			return db_err(APP_EINPUT, "%s line %zu: table %s has no column \"%s\"", l->name,
				      l->line, t->name, key);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	for (k = 0; k < t->ncols; k++) {
		v = json_object_get(row, t->cols[k].name);
		if (v == NULL)
			return db_err(APP_EINPUT, "%s line %zu: table %s: column %s is missing", l->name,
				      l->line, t->name, t->cols[k].name);
		rc = bind_value(l, s, t, k, v);
		if (rc != 0)
			return rc;
	}
	r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r != SQLITE_DONE) {
		rc = db_sqlite_fail(l->db, r, t->name);
		/* A broken rule of the schema is the input's fault. */
		if (rc == APP_ECONFLICT || rc == APP_ENOTFOUND || rc == APP_EINTERNAL || rc == APP_ETOOBIG)
			rc = db_err(rc == APP_ETOOBIG ? APP_ETOOBIG : APP_EINPUT, "%s line %zu: table %s: %s",
				    l->name, l->line, t->name, sqlite3_errmsg(l->db));
		return rc;
	}
	l->rows++;
	return 0;
}

/* The database is empty: no data table has a row. */
static int
check_empty(struct loader *l)
{
	sqlite3_stmt *s = NULL;
	struct buf b;
	char *q;
	size_t i;
	int r, rc = 0;

	buf_init(&b, 4096);
	for (i = 0; rc == 0 && i < l->sc.n; i++) {
		if (!l->sc.t[i].present || l->sc.t[i].kind != DUMP_DATA)
			continue;
		buf_reset(&b);
		q = dump_quote(l->sc.t[i].name);
		if (q == NULL || buf_printf(&b, "SELECT EXISTS (SELECT 1 FROM %s)", q) != 0) {
			free(q);
			rc = db_err(APP_ENOMEM, "%s: out of memory", l->path);
			break;
		}
		free(q);
		r = sqlite3_prepare_v2(l->db, b.data, -1, &s, NULL);
		if (r == SQLITE_OK)
			r = sqlite3_step(s);
		if (r != SQLITE_ROW)
			rc = db_sqlite_fail(l->db, r, l->path);
		else if (sqlite3_column_int(s, 0) != 0)
			rc = db_err(APP_ECONFLICT,
				    "%s is not empty (table %s has rows): load only into a new or empty database",
				    l->path, l->sc.t[i].name);
		sqlite3_finalize(s);
		s = NULL;
	}
	buf_cleanup(&b);
	return rc;
}

/* Every reference holds, else names the first that does not. */
static int
check_references(struct loader *l)
{
	sqlite3_stmt *s = NULL;
	const char *t, *p;
	int r, rc = 0;

	r = sqlite3_prepare_v2(l->db, "PRAGMA foreign_key_check", -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(s, 0);
		p = (const char *)sqlite3_column_text(s, 2);
		rc = db_err(APP_EINPUT, "%s: a row of table %s (rowid %lld) refers to a row of %s that is not in the dump",
			    l->name, t != NULL ? t : "?", (long long)sqlite3_column_int64(s, 1),
			    p != NULL ? p : "?");
	} else if (r != SQLITE_DONE) {
		rc = db_sqlite_fail(l->db, r, l->path);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The rows after the header, up to the closing {"s3pm_dump_end": N}. */
static int
load_rows(struct loader *l)
{
	json_t *line = NULL, *end;
	bool eof;
	int rc;

	for (;;) {
		rc = read_line(l, &eof);
		if (rc != 0)
			return rc;
		if (eof)
			return db_err(APP_EINPUT,
				      "%s line %zu: the dump ends before its last line {\"s3pm_dump_end\": ROWS} (cut short?)",
				      l->name, l->line);
		rc = parse_line(l, &line);
		if (rc != 0)
			return rc;
		end = json_object_get(line, "s3pm_dump_end");
		if (end != NULL)
			break;
		rc = load_row(l, line);
		json_decref(line);
		line = NULL;
		if (rc != 0)
			return rc;
	}
	if (!json_is_integer(end) || json_object_size(line) != 1)
		rc = db_err(APP_EINPUT, "%s line %zu: the last line is {\"s3pm_dump_end\": ROWS}", l->name,
			    l->line);
	else if (json_integer_value(end) < 0 || (size_t)json_integer_value(end) != l->rows)
		rc = db_err(APP_EINPUT, "%s line %zu: the dump says %lld rows, %zu were read", l->name,
			    l->line, (long long)json_integer_value(end), l->rows);
	json_decref(line);
	if (rc != 0)
		return rc;
	rc = read_line(l, &eof);
	if (rc == 0 && !eof)
		rc = db_err(APP_EINPUT, "%s line %zu: more after the dump's last line", l->name, l->line);
	return rc;
}

static bool
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static void
remove_db(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-lock", path);
	unlink(side);
}

int
store_load(const char *db_path, FILE *in, const char *name, bool check_only, size_t *rows, int *schema,
	   struct app_msg *msg)
{
	struct loader l;
	bool created;
	size_t i;
	int rc, have = 0, want = 0, lockfd = -1;

	if (rows != NULL)
		*rows = 0;
	if (schema != NULL)
		*schema = 0;
	if (db_path == NULL || in == NULL)
		return app_fail(msg, APP_EINPUT, "load: no database or no input");
	memset(&l, 0, sizeof(l));
	l.in = in;
	l.name = name != NULL ? name : "input";
	l.path = db_path;
	buf_init(&l.buf, LOAD_LINE_MAX);
	/* The header first: a file that is no dump touches nothing. */
	rc = read_header(&l, &want);
	if (rc != 0)
		goto out;
	created = !file_exists(db_path);
	/* Nobody else has the database open meanwhile. */
	rc = db_sqlite_lock(db_path, true, &lockfd);
	if (rc == 0)
		rc = db_sqlite_open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &l.db);
	/* The store's journal mode from the start: fewer syncs meanwhile. */
	if (rc == 0)
		rc = db_sqlite_exec(l.db, "PRAGMA journal_mode = WAL", db_path);
	if (rc == 0)
		rc = dump_schema_version(l.db, db_path, &have);
	if (rc == 0 && have > want)
		rc = db_err(APP_ECONFLICT,
			    "%s has schema version %d, the dump %d: load it into a new file (it is migrated after)",
			    db_path, have, want);
	if (rc == 0)
		rc = db_sqlite_migrate(l.db, db_path, want);
	if (rc == 0)
		rc = dump_schema_load(l.db, db_path, &l.sc);
	if (rc == 0) {
		l.ins = calloc(l.sc.n, sizeof(*l.ins));
		if (l.ins == NULL)
			rc = db_err(APP_ENOMEM, "%s: out of memory", db_path);
	}
	if (rc == 0)
		rc = db_sqlite_exec(l.db, "BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON", db_path);
	if (rc == 0)
		rc = check_empty(&l);
	if (rc == 0)
		rc = load_rows(&l);
	if (rc == 0)
		rc = check_references(&l);
	for (i = 0; l.ins != NULL && i < l.sc.n; i++)
		sqlite3_finalize(l.ins[i]);
	if (rc == 0 && !check_only)
		rc = db_sqlite_exec(l.db, "COMMIT", db_path);
	if (l.db != NULL && !sqlite3_get_autocommit(l.db))
		sqlite3_exec(l.db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(l.db);
	l.db = NULL;
	if ((rc != 0 || check_only) && created)
		remove_db(db_path);
out:
	if (lockfd >= 0)
		close(lockfd);
	free(l.ins);
	dump_schema_cleanup(&l.sc);
	buf_cleanup(&l.buf);
	if (rc != 0)
		return app_fail(msg, rc, "%s", db_errmsg());
	if (rows != NULL)
		*rows = l.rows;
	if (schema != NULL)
		*schema = want;
	return 0;
}
