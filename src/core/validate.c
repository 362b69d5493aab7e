/* validate.c - report validation: answers against the form, regions against NUTS. */
#include "validate.h"
#include "dates.h"
#include "period.h"
#include "regioncheck.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct vctx {
	const struct form *f;
	const struct validate_opts *o;
	struct findings *out;
	struct period period;
	bool have_period;
	int version;
};

bool
validate_url(const char *s)
{
	const char *host, *p;
	size_t hl = 0;
	bool dot = false;

	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return false;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	for (p = host; *p && *p != '/' && *p != '?' && *p != '#' && *p != ':'; p++) {
		if (*p == '.') {
			if (p == host || p[-1] == '.')
				return false;
			dot = true;
		} else if (!isalnum((unsigned char)*p) && *p != '-' && (unsigned char)*p < 0x80) {
			return false;
		}
		hl++;
	}
	if (hl == 0 || host[hl - 1] == '.' || host[0] == '-')
		return false;
	if (*p == ':') {
		size_t d = 0;

		for (p++; isdigit((unsigned char)*p); p++)
			d++;
		if (d == 0 || d > 5 || (*p && *p != '/' && *p != '?' && *p != '#'))
			return false;
	}
	return dot || strncmp(host, "localhost", 9) == 0;
}

/* what names the value after "the": "answer", "region's name" or a
 * table column's label (not formatted into a buffer for every cell). */
static int
check_length(struct vctx *c, const char *field, size_t row, const char *what, const char *s,
	     size_t max)
{
	size_t n;

	/* A string has at least as many bytes as characters. */
	if (max == 0 || strlen(s) <= max)
		return 0;
	n = text_chars(s);
	if (n <= max)
		return 0;
	return findings_add(c->out, FINDING_ERROR, field, row, "too-long", NULL,
			    "the %s is %zu characters long; the form allows %zu", what, n, max);
}

/* A simple (string) answer of question q. */
static int
check_simple(struct vctx *c, const struct form_question *q, const char *field, const char *s)
{
	struct period p;
	int rc;

	if ((rc = check_length(c, field, 0, "answer", s, q->max_length)) != 0)
		return rc;
	switch (q->type) {
	case FORM_URL:
		if (!validate_url(s))
			return findings_add(c->out, FINDING_ERROR, field, 0, "bad-url", NULL,
					    "\"%s\" is not a web address (it must start with https:// or http:// and name a host)",
					    s);
		break;
	case FORM_PERIOD:
		if (period_parse(s, &p) != 0) {
			char sug[16] = "";

			if (period_parse_text(s, &p) == 0)
				period_format(p, sug, sizeof(sug));
			return findings_add(c->out, FINDING_ERROR, field, 0, "bad-period", sug[0] ? sug : NULL,
					    "\"%s\" is not a reporting period (write YYYY-H1 for January - June, YYYY-H2 for July - December)",
					    s);
		}
		break;
	case FORM_CHOICE:
		if (q->nchoices && form_option_find(q->choices, q->nchoices, s) == NULL)
			return findings_add(c->out, FINDING_ERROR, field, 0, "bad-choice", NULL,
					    "\"%s\" is not one of the choices of this question", s);
		break;
	default:
		break;
	}
	return 0;
}

static int
check_regions(struct vctx *c, const struct form_question *q, json_t *v)
{
	size_t i;
	json_t *e;
	int rc = 0;

	if (q->max_rows && json_array_size(v) > q->max_rows)
		rc = findings_add(c->out, FINDING_ERROR, q->id, 0, "too-many-rows", NULL,
				  "%zu regions are listed; the form allows %zu", json_array_size(v), q->max_rows);
	json_array_foreach(v, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));
		const char *cc = json_string_value(json_object_get(e, "country"));
		const char *code = json_string_value(json_object_get(e, "nuts"));

		if (rc)
			break;
		if (name[0] == '\0')
			rc = findings_add(c->out, FINDING_ERROR, q->id, i + 1, "region-name-missing", NULL,
					  "the region has no name");
		if (rc == 0)
			rc = check_length(c, q->id, i + 1, "region's name", name, 200);
		if (rc)
			break;
		if (c->o->nuts != NULL)
			rc = regioncheck_entry(c->o->nuts, c->version, q->id, i + 1, name, cc, code, c->out);
	}
	return rc;
}

static int
check_date(struct vctx *c, const struct form_question *q, size_t row, const char *s)
{
	struct date_span d;

	if (s[0] == '\0')
		return 0;
	if (dates_parse(s, &d) != 0)
		return findings_add(c->out, FINDING_ERROR, q->id, row, "bad-date", NULL,
				    "\"%s\" is not a date (write e.g. 25.6.2020, 12-13.2.2020, 2020-06-25 or September 2020)",
				    s);
	if (!c->have_period || d.undetermined)
		return 0;
	if (q->when == FORM_WHEN_PAST && d.first && d.first > period_last_day(c->period))
		return findings_add(c->out, FINDING_WARNING, q->id, row, "date-after-period", NULL,
				    "%s is after the end of the reporting period, but this table lists past events",
				    s);
	if (q->when == FORM_WHEN_FUTURE && d.last && d.last < period_first_day(c->period))
		return findings_add(c->out, FINDING_WARNING, q->id, row, "date-before-period", NULL,
				    "%s is before the reporting period, but this table lists planned events", s);
	return 0;
}

static int
check_table(struct vctx *c, const struct form_question *q, json_t *v)
{
	size_t i, j;
	json_t *row;
	int rc = 0;

	if (json_array_size(v) > q->max_rows)
		rc = findings_add(c->out, FINDING_ERROR, q->id, q->max_rows + 1, "too-many-rows", NULL,
				  "the table has %zu rows; the form allows %zu", json_array_size(v), q->max_rows);
	json_array_foreach(v, i, row) {
		for (j = 0; j < q->ncolumns && rc == 0; j++) {
			const struct form_column *col = &q->columns[j];
			const char *s = json_string_value(json_object_get(row, col->id));

			if (s == NULL)
				continue;
			rc = check_length(c, q->id, i + 1, col->label, s, col->max_length);
			if (rc == 0 && col->type == FORM_COL_DATE)
				rc = check_date(c, q, i + 1, s);
		}
		if (rc)
			break;
	}
	return rc;
}

static int
check_likert(struct vctx *c, const struct form_question *q, json_t *v)
{
	const char *k;
	json_t *e;
	int rc = 0;

	json_object_foreach(v, k, e) {
		const char *s = json_string_value(e);
		const struct form_option *row = form_option_find(q->rows, q->nrows, k);
		size_t idx = row ? (size_t)(row - q->rows) + 1 : 0;

		if (form_option_find(q->scale, q->nscale, s) == NULL) {
			rc = findings_add(c->out, FINDING_ERROR, q->id, idx, "bad-choice", NULL,
					  "\"%s\" is not a value of the scale (strongly_agree ... not_applicable)", s);
			if (rc)
				break;
		}
	}
	return rc;
}

static int
check_group(struct vctx *c, const struct form_question *q, json_t *v)
{
	size_t i;
	char field[300];
	int rc = 0;

	for (i = 0; i < q->nfields && rc == 0; i++) {
		const struct form_question *fq = &q->fields[i];
		json_t *e = json_object_get(v, fq->id);

		snprintf(field, sizeof(field), "%s.%s", q->id, fq->id);
		if (e == NULL) {
			if (fq->mandatory)
				rc = findings_add(c->out, FINDING_ERROR, field, 0, "missing-answer", NULL,
						  "this mandatory question is not answered: \"%s\"", fq->label);
			continue;
		}
		rc = check_simple(c, fq, field, json_string_value(e));
	}
	return rc;
}

static int
pick_version(struct vctx *c, json_t *answers)
{
	const char *p = NULL;
	size_t i;

	for (i = 0; i < c->f->nquestions; i++)
		if (c->f->questions[i]->type == FORM_PERIOD) {
			p = json_string_value(json_object_get(answers, c->f->questions[i]->id));
			break;
		}
	c->have_period = p != NULL && period_parse(p, &c->period) == 0;
	if (c->o->nuts_version)
		c->version = c->o->nuts_version;
	else if (c->have_period)
		c->version = nuts_version_for_year(c->period.year);
	else
		c->version = nuts_versions[NUTS_NVERSIONS - 1];
	if (c->o->nuts && !c->o->nuts_version && !c->have_period)
		return findings_add(c->out, FINDING_WARNING, NULL, 0, "nuts-version-assumed", NULL,
				    "the report has no valid reporting period, so regions were checked against NUTS %d",
				    c->version);
	return 0;
}

int
validate_report(const struct form *f, json_t *doc, const struct validate_opts *o,
		struct findings *out, int *version_used)
{
	struct vctx c = {f, o, out, {0, 0}, false, 0};
	json_t *answers = json_object_get(doc, "answers"), *v, *u;
	size_t i;
	int rc;

	if ((rc = pick_version(&c, answers)) != 0)
		return rc;
	if (version_used)
		*version_used = c.version;
	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];

		v = json_object_get(answers, q->id);
		if (v == NULL) {
			if (q->mandatory &&
			    (rc = findings_add(out, FINDING_ERROR, q->id, 0, "missing-answer", NULL,
					       "this mandatory question is not answered: \"%s\"", q->label)) != 0)
				return rc;
			continue;
		}
		switch (q->type) {
		case FORM_REGIONS:
			rc = check_regions(&c, q, v);
			break;
		case FORM_TABLE:
			rc = check_table(&c, q, v);
			break;
		case FORM_LIKERT:
			rc = check_likert(&c, q, v);
			break;
		case FORM_GROUP:
			rc = check_group(&c, q, v);
			break;
		default:
			rc = check_simple(&c, q, q->id, json_string_value(v));
			break;
		}
		if (rc)
			return rc;
	}
	json_array_foreach(json_object_get(doc, "unmapped"), i, u) {
		json_t *line = json_object_get(u, "line");
		const char *t = json_string_value(json_object_get(u, "text"));

		int cut = (int)text_prefix(t, 80);

		if (line)
			rc = findings_add(out, FINDING_WARNING, NULL, 0, "unmapped-text", NULL,
					  "text at line %lld belongs to no question: \"%.*s%s\"",
					  (long long)json_integer_value(line), cut, t, t[cut] ? "..." : "");
		else
			rc = findings_add(out, FINDING_WARNING, NULL, 0, "unmapped-text", NULL,
					  "text belongs to no question: \"%.*s%s\"", cut, t, t[cut] ? "..." : "");
		if (rc)
			return rc;
	}
	return 0;
}
