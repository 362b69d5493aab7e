/* finding.c - validation findings. */
#include "finding.h"
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
findings_init(struct findings *f)
{
	f->v = NULL;
	f->n = 0;
	f->cap = 0;
}

void
findings_cleanup(struct findings *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->v[i].field);
		free(f->v[i].code);
		free(f->v[i].message);
		free(f->v[i].suggestion);
	}
	free(f->v);
	findings_init(f);
}

static char *
dup_or_null(const char *s, int *oom)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = strdup(s);
	if (p == NULL)
		*oom = 1;
	return p;
}

int
findings_add(struct findings *f, enum finding_severity sev, const char *field, size_t row,
	     const char *code, const char *suggestion, const char *fmt, ...)
{
	struct finding *d, *nv;
	va_list ap;
	struct buf msg;
	int oom = 0, rc;

	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 8;
		nv = realloc(f->v, ncap * sizeof(*nv));
		if (nv == NULL)
			return APP_ENOMEM;
		f->v = nv;
		f->cap = ncap;
	}
	buf_init(&msg, 64 * 1024);
	va_start(ap, fmt);
	rc = buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (rc) {
		buf_cleanup(&msg);
		return rc;
	}
	d = &f->v[f->n];
	d->severity = sev;
	d->row = row;
	d->field = dup_or_null(field, &oom);
	d->code = dup_or_null(code, &oom);
	d->suggestion = dup_or_null(suggestion, &oom);
	d->message = buf_take(&msg, NULL);
	if (oom || d->message == NULL) {
		free(d->field);
		free(d->code);
		free(d->suggestion);
		free(d->message);
		return APP_ENOMEM;
	}
	f->n++;
	return 0;
}

size_t
findings_count(const struct findings *f, enum finding_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		if (f->v[i].severity == sev)
			n++;
	return n;
}

static const char *
sev_name(enum finding_severity s)
{
	return s == FINDING_ERROR ? "error" : "warning";
}

int
findings_print_text(const struct findings *f, const char *file, struct buf *out)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < f->n && rc == 0; i++) {
		const struct finding *d = &f->v[i];

		rc = buf_printf(out, "%s: ", file);
		if (rc == 0 && d->field)
			rc = buf_printf(out, "%s", d->field);
		if (rc == 0 && d->row)
			rc = buf_printf(out, " row %zu", d->row);
		if (rc == 0)
			rc = buf_printf(out, "%s%s: %s", d->field ? ": " : "",
					sev_name(d->severity), d->message);
		if (rc == 0 && d->suggestion && d->suggestion[0])
			rc = buf_printf(out, " [suggestion: %s]", d->suggestion);
		if (rc == 0)
			rc = buf_putc(out, '\n');
	}
	return rc;
}

json_t *
findings_to_json(const struct findings *f)
{
	json_t *arr, *o;
	size_t i;

	arr = json_array();
	if (arr == NULL)
		return NULL;
	for (i = 0; i < f->n; i++) {
		const struct finding *d = &f->v[i];

		o = json_pack("{s:s, s:s?, s:o, s:s?, s:s, s:s?, s:s?}",
			      "severity", sev_name(d->severity),
			      "field", d->field,
			      "row", d->row ? json_integer((json_int_t)d->row) : json_null(),
			      "code", d->code,
			      "message", d->message,
			      "suggestion", d->suggestion,
			      "column", finding_column(d));
		if (o == NULL || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

const char *
finding_column(const struct finding *d)
{
	const char *s = d->suggestion, *c = d->code;
	size_t n;

	if (s == NULL || s[0] == '\0' || d->row == 0 || c == NULL)
		return NULL;
	n = strlen(s);
	if (strncmp(c, "region-name-", 12) == 0)
		return "name";
	/* A country finding suggests the country's code, or (when the
	 * region's name is known elsewhere) the region's NUTS code. */
	if (strncmp(c, "country-", 8) == 0)
		return n == 2 ? "country" : "nuts";
	if (strncmp(c, "nuts-", 5) == 0)
		return "nuts";
	return NULL;
}
