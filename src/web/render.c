/* render.c - a report read-only from its form and document, and the small
 * fragments the report pages share. All data goes through html.h. */
#include "render.h"

#include <string.h>

#include "daytime.h"
#include "html.h"
#include "layout.h"
#include "page_text.h"
#include "period.h"
#include "report.h"
#include "validate.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

static int
clamp_level(int level)
{
	if (level < 1)
		return 1;
	if (level > 6)
		return 6;
	return level;
}

/* <hN> with an optional id ("PREFIX" + id) and class. */
static int
heading_open(struct buf *b, int level, const char *idprefix, const char *id, const char *cls)
{
	int rc;

	TRY(buf_printf(b, "<h%d", clamp_level(level)));
	if (id != NULL) {
		TRY(html_raw(b, " id=\""));
		TRY(html_attr(b, idprefix));
		TRY(html_attr(b, id));
		TRY(html_raw(b, "\""));
	}
	if (cls != NULL) {
		TRY(html_raw(b, " class=\""));
		TRY(html_attr(b, cls));
		TRY(html_raw(b, "\""));
	}
	TRY(html_raw(b, ">"));
out:
	return rc;
}

static int
heading_close(struct buf *b, int level)
{
	return buf_printf(b, "</h%d>\n", clamp_level(level));
}

static int
no_answer(struct buf *b)
{
	return html_raw(b, "<p class=\"no-answer\">" PAGE_TEXT_NO_ANSWER "</p>\n");
}

/* --- statuses, outcomes, times ------------------------------------------ */

const char *
render_status_label(enum report_status s)
{
	switch (s) {
	case REPORT_DRAFT:
		return "Draft";
	case REPORT_SUBMITTED:
		return "Submitted";
	case REPORT_RETURNED:
		return "Returned";
	case REPORT_ACCEPTED:
		return "Accepted";
	case REPORT_PUBLISHED:
		return "Published";
	}
	return "Unknown";
}

const char *
render_outcome_label(const char *outcome)
{
	if (outcome == NULL)
		return NULL;
	if (strcmp(outcome, "continue") == 0)
		return "Continue";
	if (strcmp(outcome, "continue_with_conditions") == 0)
		return "Continue with conditions";
	if (strcmp(outcome, "discontinue") == 0)
		return "Discontinue";
	return NULL;
}

/* A stored time "YYYY-MM-DDTHH:MM:SSZ", or a date "YYYY-MM-DD". */
static bool
is_timestamp(const char *ts)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i, n;

	if (ts == NULL || ((n = strlen(ts)) != sizeof(pat) - 1 && n != 10))
		return false;
	for (i = 0; i < n; i++) {
		if (pat[i] == 'd') {
			if (ts[i] < '0' || ts[i] > '9')
				return false;
		} else if (ts[i] != pat[i]) {
			return false;
		}
	}
	return true;
}

int
render_time(struct buf *b, const char *ts)
{
	char shown[48];
	int rc;

	if (!is_timestamp(ts))
		return html_text(b, ts);
	/* "2020-07-31T14:05:09Z" -> "31 July 2020, 14:05 UTC": the one way. */
	day_human(ts, shown, sizeof(shown));
	TRY(html_raw(b, "<time datetime=\""));
	TRY(html_attr(b, ts));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, shown));
	TRY(html_raw(b, "</time>"));
out:
	return rc;
}

/* --- answers ------------------------------------------------------------- */

static const char *
str_or_null(json_t *v)
{
	const char *s = json_string_value(v);

	return (s != NULL && s[0] != '\0') ? s : NULL;
}

static int
simple_answer(struct buf *b, const struct form_question *q, const char *s)
{
	const struct form_option *opt;
	struct period p;
	char label[64];
	int rc;

	switch (q->type) {
	case FORM_LONGTEXT:
		TRY(html_raw(b, "<div class=\"answer long\">"));
		TRY(html_text_paras(b, s));
		TRY(html_raw(b, "</div>\n"));
		break;
	case FORM_URL:
		TRY(html_raw(b, "<p class=\"answer\">"));
		if (validate_url(s)) {
			/* Written by users: no referrer, no endorsement. */
			TRY(html_link_attrs(b, s, s, "rel=\"nofollow noopener noreferrer\""));
		} else {
			TRY(html_text(b, s));
		}
		TRY(html_raw(b, "</p>\n"));
		break;
	case FORM_PERIOD:
		TRY(html_raw(b, "<p class=\"answer\">"));
		if (period_parse(s, &p) == 0) {
			period_label(p, label, sizeof(label));
			TRY(html_text(b, label));
		} else {
			TRY(html_text(b, s));
		}
		TRY(html_raw(b, "</p>\n"));
		break;
	case FORM_CHOICE:
		opt = form_option_find(q->choices, q->nchoices, s);
		TRY(html_raw(b, "<p class=\"answer\">"));
		TRY(html_text(b, opt != NULL ? opt->label : s));
		TRY(html_raw(b, "</p>\n"));
		break;
	default:
		TRY(html_raw(b, "<p class=\"answer\">"));
		TRY(html_text(b, s));
		TRY(html_raw(b, "</p>\n"));
		break;
	}
	rc = 0;
out:
	return rc;
}

static int
table_open(struct buf *b, const struct form_question *q, const char *cls)
{
	int rc;

	/* On a narrow screen the table scrolls sideways inside its region,
	 * which takes the keyboard focus so that it can be scrolled without a
	 * mouse, and is named by the caption. */
	TRY(html_raw(b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
			"aria-labelledby=\"cap-"));
	TRY(html_attr(b, q->id));
	TRY(html_raw(b, "\">\n<table class=\""));
	TRY(html_attr(b, cls));
	/* The label is the question's heading just above: the caption repeats
	 * it for screen readers only. */
	TRY(html_raw(b, "\">\n<caption class=\"visually-hidden\" id=\"cap-"));
	TRY(html_attr(b, q->id));
	TRY(html_raw(b, "\">"));
	TRY(html_text(b, q->label));
	TRY(html_raw(b, "</caption>\n"));
out:
	return rc;
}

static int
th_col(struct buf *b, const char *label)
{
	int rc;

	TRY(html_raw(b, "<th scope=\"col\">"));
	TRY(html_text(b, label));
	TRY(html_raw(b, "</th>"));
out:
	return rc;
}

static int
cell(struct buf *b, const char *s, bool row_header)
{
	int rc;

	TRY(html_raw(b, row_header ? "<th scope=\"row\">" : "<td>"));
	TRY(html_text(b, s));
	TRY(html_raw(b, row_header ? "</th>" : "</td>"));
out:
	return rc;
}

static int
rows_answer(struct buf *b, const struct form_question *q, json_t *rows)
{
	static const char *const region_keys[] = {"name", "country", "nuts"};
	static const char *const region_labels[] = {PAGE_TEXT_REGION_NAME, PAGE_TEXT_REGION_COUNTRY,
						     PAGE_TEXT_REGION_NUTS};
	const char *keys[64];
	const char *labels[64];
	size_t ncol, i, j;
	json_t *row;
	int rc;

	if (q->type == FORM_REGIONS) {
		ncol = 3;
		for (i = 0; i < ncol; i++) {
			keys[i] = region_keys[i];
			labels[i] = region_labels[i];
		}
	} else {
		ncol = q->ncolumns < 64 ? q->ncolumns : 64;
		for (i = 0; i < ncol; i++) {
			keys[i] = q->columns[i].id;
			labels[i] = q->columns[i].label;
		}
	}
	TRY(table_open(b, q, q->type == FORM_REGIONS ? "regions" : "answer-table"));
	TRY(html_raw(b, "<thead><tr>"));
	for (i = 0; i < ncol; i++)
		TRY(th_col(b, labels[i]));
	TRY(html_raw(b, "</tr></thead>\n<tbody>\n"));
	json_array_foreach(rows, i, row) {
		if (!json_is_object(row))
			continue;
		TRY(html_raw(b, "<tr>"));
		for (j = 0; j < ncol; j++)
			TRY(cell(b, json_string_value(json_object_get(row, keys[j])), j == 0));
		TRY(html_raw(b, "</tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n"));
out:
	return rc;
}

static int
likert_answer(struct buf *b, const struct form_question *q, json_t *ans)
{
	const struct form_option *opt;
	const char *v;
	size_t i;
	int rc;

	TRY(table_open(b, q, "likert"));
	TRY(html_raw(b, "<thead><tr>"));
	TRY(th_col(b, PAGE_TEXT_LIKERT_ROW));
	TRY(th_col(b, PAGE_TEXT_LIKERT_LEVEL));
	TRY(html_raw(b, "</tr></thead>\n<tbody>\n"));
	for (i = 0; i < q->nrows; i++) {
		v = str_or_null(json_object_get(ans, q->rows[i].value));
		TRY(html_raw(b, "<tr>"));
		TRY(cell(b, q->rows[i].label, true));
		if (v == NULL) {
			TRY(html_raw(b, "<td class=\"no-answer\">" PAGE_TEXT_LIKERT_NONE "</td>"));
		} else {
			opt = form_option_find(q->scale, q->nscale, v);
			TRY(cell(b, opt != NULL ? opt->label : v, false));
		}
		TRY(html_raw(b, "</tr>\n"));
	}
	TRY(html_raw(b, "</tbody>\n</table>\n</div>\n"));
out:
	return rc;
}

static int
group_answer(struct buf *b, const struct form_question *q, json_t *ans, int level)
{
	const struct form_question *fq;
	size_t i;
	int rc;

	TRY(html_raw(b, "<div class=\"group\">\n"));
	for (i = 0; i < q->nfields; i++) {
		fq = &q->fields[i];
		TRY(html_raw(b, "<div class=\"field\">\n"));
		TRY(heading_open(b, level + 1, NULL, NULL, "q-label"));
		TRY(html_text(b, fq->label));
		TRY(heading_close(b, level + 1));
		TRY(render_answer(b, fq, json_object_get(ans, fq->id), level + 1));
		TRY(html_raw(b, "</div>\n"));
	}
	TRY(html_raw(b, "</div>\n"));
out:
	return rc;
}

int
render_answer(struct buf *b, const struct form_question *q, json_t *answer, int level)
{
	const char *s;

	switch (q->type) {
	case FORM_REGIONS:
	case FORM_TABLE:
		if (!json_is_array(answer) || json_array_size(answer) == 0)
			return no_answer(b);
		return rows_answer(b, q, answer);
	case FORM_LIKERT:
		if (!json_is_object(answer) || json_object_size(answer) == 0)
			return no_answer(b);
		return likert_answer(b, q, answer);
	case FORM_GROUP:
		if (!json_is_object(answer) || json_object_size(answer) == 0)
			return no_answer(b);
		return group_answer(b, q, answer, level);
	default:
		s = str_or_null(answer);
		if (s == NULL)
			return no_answer(b);
		return simple_answer(b, q, s);
	}
}

/* --- comments and findings ----------------------------------------------- */

/* Does comment c belong under question (or, for "" with f set, to the
 * general list, which also takes comments on questions f does not know)? */
static bool
comment_matches(const struct comment *c, const char *question, const struct form *f)
{
	const char *cq = c->question != NULL ? c->question : "";

	if (strcmp(cq, question) == 0)
		return true;
	return f != NULL && question[0] == '\0' && form_find(f, cq) == NULL;
}

/* A comment's resolved state, and the button that changes it. */
static int
comment_state(struct buf *b, const struct comment *c, const struct render_opts *o)
{
	bool resolved = c->resolved_at != NULL && c->resolved_at[0] != '\0';
	int rc = 0;

	if (resolved) {
		TRY(html_raw(b, "<p class=\"resolved-note\">Resolved by "));
		TRY(html_text(b, c->resolver != NULL && c->resolver[0] ? c->resolver : "a former user"));
		TRY(html_raw(b, ", "));
		TRY(render_time(b, c->resolved_at));
		TRY(html_raw(b, "</p>\n"));
	}
	if (o == NULL || !o->can_resolve || o->base == NULL || o->csrf == NULL)
		return 0;
	TRY(html_raw(b, "<form class=\"resolve-form\" method=\"post\" action=\""));
	TRY(html_attr(b, o->base));
	TRY(html_attrf(b, "/comments/%lld/resolve", (long long)c->id));
	TRY(html_raw(b, "\">"));
	TRY(html_hidden(b, "csrf", o->csrf));
	TRY(html_hidden(b, "state", resolved ? "open" : "resolved"));
	TRY(html_raw(b, resolved ? "<button type=\"submit\" class=\"secondary small\">Reopen</button>"
				 : "<button type=\"submit\" class=\"secondary small\">Mark resolved</button>"));
	TRY(html_raw(b, "</form>\n"));
out:
	return rc;
}

static int
comments_list(struct buf *b, const struct comment *v, size_t n, const char *question,
	      const struct form *f, bool title, const struct render_opts *o)
{
	size_t i, count = 0;
	int rc = 0;

	if (question == NULL)
		question = "";
	for (i = 0; i < n; i++)
		if (comment_matches(&v[i], question, f))
			count++;
	if (count == 0)
		return 0;
	TRY(html_raw(b, "<div class=\"comments\">\n"));
	if (title)
		TRY(html_raw(b, "<p class=\"comments-title\">Comments</p>\n"));
	TRY(html_raw(b, "<ul>\n"));
	for (i = 0; i < n; i++) {
		if (!comment_matches(&v[i], question, f))
			continue;
		TRY(html_raw(b, v[i].resolved_at != NULL && v[i].resolved_at[0]
				    ? "<li class=\"comment resolved\"><p class=\"comment-meta\"><span class=\"author\">"
				    : "<li class=\"comment\"><p class=\"comment-meta\"><span class=\"author\">"));
		TRY(html_text(b, v[i].author != NULL && v[i].author[0] ? v[i].author : "A committee member"));
		TRY(html_raw(b, "</span>, "));
		TRY(render_time(b, v[i].created_at));
		if (v[i].revision > 0)
			TRY(buf_printf(b, ", on revision %d", v[i].revision));
		TRY(html_raw(b, "</p>\n<div class=\"comment-body\">"));
		TRY(html_text_paras(b, v[i].body));
		TRY(html_raw(b, "</div>\n"));
		TRY(comment_state(b, &v[i], o));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n</div>\n"));
out:
	return rc;
}

int
render_comments(struct buf *b, const struct comment *v, size_t n, const char *question)
{
	return comments_list(b, v, n, question, NULL, true, NULL);
}

/* The question a finding's field names ("self_assessment.risks" -> the
 * group "self_assessment"), or NULL. */
static const struct form_question *
finding_question(const struct form *f, const char *field)
{
	char top[128];
	size_t n;

	if (field == NULL || field[0] == '\0')
		return NULL;
	n = strcspn(field, ".[");
	if (n >= sizeof(top))
		return NULL;
	memcpy(top, field, n);
	top[n] = '\0';
	return form_find(f, top);
}

static bool
finding_about(const struct finding *fd, const char *question)
{
	size_t n;

	if (fd->field == NULL || question == NULL)
		return false;
	n = strlen(question);
	return strncmp(fd->field, question, n) == 0 &&
	       (fd->field[n] == '\0' || fd->field[n] == '.' || fd->field[n] == '[');
}

static int
finding_text(struct buf *b, const struct finding *fd)
{
	int rc;

	TRY(html_raw(b, fd->severity == FINDING_ERROR ? "<span class=\"severity\">Error:</span> "
						       : "<span class=\"severity\">Warning:</span> "));
	if (fd->row > 0)
		TRY(buf_printf(b, "row %zu: ", fd->row));
	TRY(html_text(b, fd->message));
	if (fd->suggestion != NULL && fd->suggestion[0] != '\0') {
		TRY(html_raw(b, " (suggestion: "));
		TRY(html_text(b, fd->suggestion));
		TRY(html_raw(b, ")"));
	}
out:
	return rc;
}

int
render_findings(struct buf *b, const struct findings *fs, const char *question)
{
	size_t i, count = 0;
	int rc = 0;

	if (fs == NULL)
		return 0;
	for (i = 0; i < fs->n; i++)
		if (finding_about(&fs->v[i], question))
			count++;
	if (count == 0)
		return 0;
	TRY(html_raw(b, "<ul class=\"findings\">\n"));
	for (i = 0; i < fs->n; i++) {
		if (!finding_about(&fs->v[i], question))
			continue;
		TRY(html_raw(b, fs->v[i].severity == FINDING_ERROR ? "<li class=\"hint error\">"
								    : "<li class=\"hint warning\">"));
		TRY(finding_text(b, &fs->v[i]));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n"));
out:
	return rc;
}

int
render_findings_summary(struct buf *b, const struct form *f, const struct findings *fs,
			const bool *sections, int heading_level)
{
	const struct form_question *q;
	size_t i, nerr = 0, nwarn = 0;
	int rc;

	for (i = 0; fs != NULL && i < fs->n; i++) {
		q = finding_question(f, fs->v[i].field);
		if (q != NULL && sections != NULL && !sections[q->section])
			continue;
		if (fs->v[i].severity == FINDING_ERROR)
			nerr++;
		else
			nwarn++;
	}
	TRY(html_raw(b, "<section id=\"findings\" class=\"findings-summary\" aria-labelledby=\"h-findings\">\n"));
	TRY(heading_open(b, heading_level, "", "h-findings", NULL));
	TRY(html_raw(b, "Validation"));
	TRY(heading_close(b, heading_level));
	if (nerr + nwarn == 0) {
		TRY(html_raw(b, "<p>No problems found.</p>\n</section>\n"));
		goto out;
	}
	TRY(buf_printf(b, "<p>%zu ", nerr));
	TRY(html_raw(b, nerr == 1 ? "error" : "errors"));
	TRY(buf_printf(b, ", %zu ", nwarn));
	TRY(html_raw(b, nwarn == 1 ? "warning.</p>\n<ul>\n" : "warnings.</p>\n<ul>\n"));
	for (i = 0; fs != NULL && i < fs->n; i++) {
		q = finding_question(f, fs->v[i].field);
		if (q != NULL && sections != NULL && !sections[q->section])
			continue;
		TRY(html_raw(b, fs->v[i].severity == FINDING_ERROR ? "<li class=\"hint error\">"
								    : "<li class=\"hint warning\">"));
		if (q != NULL) {
			TRY(html_raw(b, "<a href=\"#q-"));
			TRY(html_attr(b, q->id));
			TRY(html_raw(b, "\">"));
			TRY(html_text(b, q->label));
			TRY(html_raw(b, "</a>: "));
		}
		TRY(finding_text(b, &fs->v[i]));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n</section>\n"));
out:
	return rc;
}

/* --- the report ---------------------------------------------------------- */

static const char *
audience_name(const char *a)
{
	if (strcmp(a, "partnership") == 0)
		return "the partnership";
	if (strcmp(a, "committee") == 0)
		return "its Working/Steering Committee";
	if (strcmp(a, "commission") == 0)
		return "the European Commission";
	return a;
}

static int
confidential_note(struct buf *b, const struct form_section *sec)
{
	size_t i;
	int rc;

	TRY(html_raw(b, "<p class=\"confidential-note\"><strong>Confidential.</strong> "
			"Never published"));
	if (sec->naudience > 0) {
		TRY(html_raw(b, "; read only by "));
		for (i = 0; i < sec->naudience; i++) {
			if (i > 0)
				TRY(html_raw(b, i + 1 == sec->naudience ? " and " : ", "));
			TRY(html_text(b, audience_name(sec->audience[i])));
		}
	}
	TRY(html_raw(b, ".</p>\n"));
out:
	return rc;
}

static int
render_question(struct buf *b, const struct form_question *q, json_t *answers, int level,
		const struct render_opts *o)
{
	int rc;

	TRY(html_raw(b, "<section class=\"q\" id=\"q-"));
	TRY(html_attr(b, q->id));
	TRY(html_raw(b, "\">\n"));
	TRY(heading_open(b, level, "l-", q->id, "q-label"));
	TRY(html_text(b, q->label));
	TRY(heading_close(b, level));
	TRY(render_answer(b, q, json_object_get(answers, q->id), level));
	TRY(render_findings(b, o->findings, q->id));
	if (o->comments != NULL)
		TRY(comments_list(b, o->comments, o->ncomments, q->id, NULL, true, o));
	if (o->can_comment && o->base != NULL) {
		/* To the review form, this question chosen. */
		TRY(html_raw(b, "<p class=\"comment-link\"><a href=\""));
		TRY(html_attr(b, o->base));
		TRY(html_raw(b, "?question="));
		TRY(html_url_arg(b, q->id));
		TRY(html_raw(b, "#comment-form\">Comment on this question<span class=\"visually-hidden\">: "));
		TRY(html_text(b, q->label));
		TRY(html_raw(b, "</span></a></p>\n"));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

static int
render_section(struct buf *b, const struct form *f, const struct form_section *sec,
	       json_t *answers, int level, const struct render_opts *o)
{
	const char *title = sec->title != NULL && sec->title[0] ? sec->title : f->title;
	const struct form_item *it;
	int qlevel = level + 1;
	size_t i;
	int rc;

	TRY(html_raw(b, "<section class=\"report-section"));
	if (sec->confidential)
		TRY(html_raw(b, " confidential"));
	TRY(html_raw(b, "\" id=\"s-"));
	TRY(html_attr(b, sec->id));
	TRY(html_raw(b, "\" aria-labelledby=\"h-s-"));
	TRY(html_attr(b, sec->id));
	TRY(html_raw(b, "\">\n"));
	TRY(heading_open(b, level, "h-s-", sec->id, NULL));
	TRY(html_text(b, title));
	TRY(heading_close(b, level));
	if (sec->confidential)
		TRY(confidential_note(b, sec));
	for (i = 0; i < sec->nitems; i++) {
		it = &sec->items[i];
		switch (it->kind) {
		case FORM_ITEM_HEADING:
			TRY(heading_open(b, level + 1, NULL, NULL, "form-heading"));
			TRY(html_text(b, it->text));
			TRY(heading_close(b, level + 1));
			qlevel = level + 2;
			break;
		case FORM_ITEM_TEXT:
			/* The form's first line repeats its title, our heading. */
			if (it->text != NULL && title != NULL && strcmp(it->text, title) == 0)
				break;
			TRY(html_raw(b, "<p class=\"form-text\">"));
			TRY(html_text(b, it->text));
			TRY(html_raw(b, "</p>\n"));
			break;
		case FORM_ITEM_QUESTION:
			TRY(render_question(b, it->q, answers, qlevel, o));
			break;
		}
	}
	TRY(html_raw(b, "</section>\n"));
out:
	return rc;
}

static int
render_unmapped(struct buf *b, json_t *unmapped, int level)
{
	json_t *e, *line;
	size_t i;
	int rc;

	TRY(html_raw(b, "<section class=\"report-section unmapped\" id=\"s-unmapped\" "
			"aria-labelledby=\"h-s-unmapped\">\n"));
	TRY(heading_open(b, level, "", "h-s-unmapped", NULL));
	TRY(html_raw(b, "Text not placed in the form"));
	TRY(heading_close(b, level));
	TRY(html_raw(b, "<p class=\"form-text\">Lines of the imported document that "
			"could not be matched to a question.</p>\n<ul>\n"));
	json_array_foreach(unmapped, i, e) {
		line = json_object_get(e, "line");
		TRY(html_raw(b, "<li>"));
		if (json_is_integer(line))
			TRY(buf_printf(b, "<span class=\"line\">Line %lld:</span> ",
				       (long long)json_integer_value(line)));
		TRY(html_text(b, json_string_value(json_object_get(e, "text"))));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n</section>\n"));
out:
	return rc;
}

int
render_report(struct buf *b, const struct form *f, json_t *doc, const struct render_opts *o)
{
	static const struct render_opts none;
	json_t *answers = doc != NULL ? report_answers(doc) : NULL;
	json_t *unmapped = doc != NULL ? json_object_get(doc, "unmapped") : NULL;
	int level;
	size_t i;
	int rc;

	if (o == NULL)
		o = &none;
	level = o->level == 0 ? 2 : o->level;
	if (level < 2)
		level = 2;
	if (level > 4)
		level = 4;
	TRY(html_raw(b, "<div id=\"report\" class=\"report\">\n"));
	if (o->comments != NULL) {
		size_t k, count = 0;

		for (k = 0; k < o->ncomments; k++)
			if (comment_matches(&o->comments[k], "", f))
				count++;
		if (count > 0) {
			TRY(html_raw(b, "<section class=\"comments-general\" aria-labelledby=\"h-comments\">\n"));
			TRY(heading_open(b, level, "", "h-comments", NULL));
			TRY(html_raw(b, "Comments on the whole report"));
			TRY(heading_close(b, level));
			TRY(comments_list(b, o->comments, o->ncomments, "", f, false, o));
			TRY(html_raw(b, "</section>\n"));
		}
	}
	for (i = 0; i < f->nsections; i++) {
		if (o->sections != NULL && !o->sections[i])
			continue;
		TRY(render_section(b, f, &f->sections[i], answers, level, o));
	}
	if (json_is_array(unmapped) && json_array_size(unmapped) > 0)
		TRY(render_unmapped(b, unmapped, level));
	TRY(html_raw(b, "</div>\n"));
out:
	return rc;
}

/* --- shared forms -------------------------------------------------------- */

static int
field_value(struct buf *b, const char *v)
{
	int rc;

	TRY(html_raw(b, " value=\""));
	TRY(html_attr(b, v));
	TRY(html_raw(b, "\""));
out:
	return rc;
}

int
render_decision_form(struct buf *b, struct req *rq, const char *slug,
		     const struct decision *prefill)
{
	static const char *const outcomes[] = {"continue", "continue_with_conditions", "discontinue"};
	const char *chosen = prefill != NULL ? prefill->outcome : NULL;
	size_t i;
	int rc;

	TRY(html_raw(b, "<form id=\"decision-form\" class=\"stack\" method=\"post\" "
			"data-confirm=\"Record this decision? It cannot be changed afterwards.\" "
			"data-confirm-label=\"Record the decision\" action=\"/p/"));
	TRY(html_url_arg(b, slug));
	TRY(html_raw(b, "/decisions\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_raw(b, "<div class=\"field\">\n<label for=\"d-term\">Term</label>\n"
			"<p class=\"field-help\" id=\"d-term-help\">The term decided on: a half-year "
			"such as 2021-H1, a year such as 2021, or years such as 2021-2022.</p>\n"
			"<input id=\"d-term\" name=\"term\" type=\"text\" required maxlength=\"20\" "
			"autocomplete=\"off\" aria-describedby=\"d-term-help\""));
	TRY(field_value(b, prefill != NULL ? prefill->term : NULL));
	TRY(html_raw(b, ">\n</div>\n<div class=\"field\">\n<label for=\"d-outcome\">Outcome</label>\n"
			"<select id=\"d-outcome\" name=\"outcome\" required>\n"));
	TRY(html_option(b, "", "Choose an outcome", chosen == NULL || chosen[0] == '\0'));
	for (i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		TRY(html_option(b, outcomes[i], render_outcome_label(outcomes[i]),
				chosen != NULL && strcmp(chosen, outcomes[i]) == 0));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n"
			"<label for=\"d-conditions\">Conditions</label>\n"
			"<p class=\"field-help\" id=\"d-conditions-help\">Required when the partnership "
			"continues with conditions; leave empty otherwise.</p>\n"
			"<textarea id=\"d-conditions\" name=\"conditions\" rows=\"4\" maxlength=\"10000\" "
			"aria-describedby=\"d-conditions-help\">"));
	TRY(html_text(b, prefill != NULL ? prefill->conditions : NULL));
	TRY(html_raw(b, "</textarea>\n</div>\n<div class=\"field\">\n"
			"<label for=\"d-rationale\">Rationale</label>\n"
			"<p class=\"field-help\" id=\"d-rationale-help\">Shown to the partnership, "
			"its committee and the Commission; not published.</p>\n"
			"<textarea id=\"d-rationale\" name=\"rationale\" rows=\"6\" required "
			"maxlength=\"10000\" aria-describedby=\"d-rationale-help\">"));
	TRY(html_text(b, prefill != NULL ? prefill->rationale : NULL));
	TRY(html_raw(b, "</textarea>\n</div>\n"
			"<button type=\"submit\">Record the decision</button>\n</form>\n"));
out:
	return rc;
}

int
render_input_errors(struct buf *b, const char *const *msgs, size_t n)
{
	size_t i;
	int rc = 0;

	if (n == 0)
		return 0;
	TRY(html_raw(b, "<div id=\"errors\" class=\"errors\" role=\"alert\" tabindex=\"-1\">\n"
			"<h2>Please correct the following</h2>\n<ul>\n"));
	for (i = 0; i < n; i++) {
		TRY(html_raw(b, "<li>"));
		TRY(html_text(b, msgs[i]));
		TRY(html_raw(b, "</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n</div>\n"));
out:
	return rc;
}

int
render_decisions(struct buf *b, const struct decision *d, size_t nd, int level)
{
	const char *ol;
	size_t i;
	int rc = 0;

	if (nd == 0)
		return html_raw(b, "<p>No decision has been recorded yet.</p>\n");
	TRY(html_raw(b, "<ul class=\"decisions\">\n"));
	for (i = 0; i < nd; i++) {
		ol = render_outcome_label(d[i].outcome);
		TRY(html_raw(b, "<li class=\"decision\">\n"));
		TRY(heading_open(b, level, "", NULL, NULL));
		TRY(html_raw(b, "Term "));
		TRY(html_text(b, d[i].term));
		TRY(html_raw(b, ": "));
		TRY(html_text(b, ol != NULL ? ol : d[i].outcome));
		TRY(heading_close(b, level));
		TRY(html_raw(b, "<p class=\"meta\">Recorded by "));
		TRY(html_text(b, d[i].author != NULL && d[i].author[0] ? d[i].author
								       : "a Commission officer"));
		TRY(html_raw(b, ", "));
		TRY(render_time(b, d[i].created_at));
		TRY(html_raw(b, "</p>\n<dl>\n"));
		if (d[i].conditions != NULL && d[i].conditions[0] != '\0') {
			TRY(html_raw(b, "<dt>Conditions</dt><dd>"));
			TRY(html_text_paras(b, d[i].conditions));
			TRY(html_raw(b, "</dd>\n"));
		}
		TRY(html_raw(b, "<dt>Rationale</dt><dd>"));
		TRY(html_text_paras(b, d[i].rationale));
		TRY(html_raw(b, "</dd>\n</dl>\n</li>\n"));
	}
	TRY(html_raw(b, "</ul>\n"));
out:
	return rc;
}
