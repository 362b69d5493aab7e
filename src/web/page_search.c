/* page_search.c - GET /search?q=&platform=&period=&question=&page=: the
 * answers matching the words, among what the caller may read (app_search
 * applies the rules), 20 a page, with a snippet in which the matching
 * words are marked; JSON with Accept: application/json. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_search.h"
#include "ctx.h"
#include "html.h"
#include "jsonout.h"
#include "layout.h"
#include "pages.h"
#include "period.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

#define FIRST_YEAR 2018

/* A query parameter, "" when absent. */
static const char *
param(const struct req *rq, const char *k)
{
	const char *v = req_query(rq, k);

	return v != NULL ? v : "";
}

/* The page number: 1 unless a plain number (1-999) was given. */
static size_t
page_of(const char *s)
{
	size_t n = 0, i;

	if (s[0] == '\0' || s[0] == '0' || strlen(s) > 3)
		return 1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 1;
		n = n * 10 + (size_t)(s[i] - '0');
	}
	return n;
}

/* A snippet: its text escaped, the bytes 0x02 and 0x03 made <mark> and
 * </mark> (balanced, whatever the text holds). */
static int
snippet_html(struct buf *b, const char *s)
{
	bool open = false;
	const char *p = s;
	char *part;
	int rc = 0;

	while (rc == 0 && *p != '\0') {
		size_t n = strcspn(p, "\x02\x03");

		if (n > 0) {
			if ((part = strndup(p, n)) == NULL)
				return APP_ENOMEM;
			rc = html_text(b, part);
			free(part);
			p += n;
			continue;
		}
		if (*p == '\x02' && !open) {
			rc = html_raw(b, "<mark>");
			open = true;
		} else if (*p == '\x03' && open) {
			rc = html_raw(b, "</mark>");
			open = false;
		}
		p++;
	}
	if (rc == 0 && open)
		rc = html_raw(b, "</mark>");
	return rc;
}

/* The snippet for JSON: {"text": the text without the markers,
 * "marked": the marked words in order}. NULL on OOM. */
json_t *
search_snippet_json(const char *s)
{
	json_t *o = json_object(), *marks = json_array();
	struct buf text, word;
	bool open = false;
	const char *p;

	buf_init(&text, 1u << 20);
	buf_init(&word, 1u << 16);
	for (p = s; *p != '\0'; p++) {
		if (*p == '\x02') {
			open = true;
			buf_reset(&word);
		} else if (*p == '\x03') {
			if (open && word.len > 0)
				json_array_append_new(marks, json_string(buf_cstr(&word)));
			open = false;
		} else {
			buf_putc(&text, *p);
			if (open)
				buf_putc(&word, *p);
		}
	}
	if (o != NULL && marks != NULL) {
		json_object_set_new(o, "text", json_string(text.len > 0 ? buf_cstr(&text) : ""));
		json_object_set_new(o, "marked", marks);
		marks = NULL;
	}
	json_decref(marks);
	buf_cleanup(&text);
	buf_cleanup(&word);
	return o;
}

/* /search?... with the query's words and filters, at page. */
static int
search_url(struct buf *u, const struct app_search_query *q, size_t page)
{
	int rc;

	TRY(html_raw(u, "/search?q="));
	TRY(html_url_arg(u, q->q));
	TRY(html_raw(u, "&platform="));
	TRY(html_url_arg(u, q->platform));
	TRY(html_raw(u, "&period="));
	TRY(html_url_arg(u, q->period));
	TRY(html_raw(u, "&question="));
	TRY(html_url_arg(u, q->question));
	TRY(buf_printf(u, "&page=%zu", page));
out:
	return rc;
}

static int
search_form(struct req *rq, struct buf *b, const struct app_search_query *q)
{
	const struct form *f = rq->app->form;
	struct period p;
	char v[8], label[40];
	size_t i;
	int rc, y, h, now_y = 2100;

	{
		char today[11];

		app_today(today);
		now_y = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
	}
	TRY(html_raw(b, "<div role=\"search\">\n<form id=\"search\" class=\"stack narrow\" method=\"get\" action=\"/search\">\n"
			"<div class=\"field\">\n<label for=\"s-q\">Words to find</label>\n"
			"<input id=\"s-q\" name=\"q\" type=\"search\" maxlength=\"500\" "
			"aria-describedby=\"s-q-hint\" value=\""));
	TRY(html_attr(b, q->q));
	TRY(html_raw(b, "\">\n<p id=\"s-q-hint\" class=\"hint\">Every word must occur in the answer; "
			"capitals and accents do not matter, and other forms of a word are found "
			"(“partnerships” finds “partnership”). End a word with * to find "
			"words starting with it.</p>\n</div>\n"
			"<div class=\"field\">\n<label for=\"s-platform\">Thematic platform</label>\n"
			"<select id=\"s-platform\" name=\"platform\">\n"));
	TRY(html_option(b, "", "Any", q->platform[0] == '\0'));
	for (i = 0; platform_names[i] != NULL; i++)
		TRY(html_option(b, platform_names[i], platform_names[i], strcmp(q->platform, platform_names[i]) == 0));
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n<label for=\"s-period\">Period</label>\n"
			"<select id=\"s-period\" name=\"period\">\n"));
	TRY(html_option(b, "", "Any", q->period[0] == '\0'));
	/* The half-years up to this one, newest first: no stored data. */
	for (y = now_y; y >= FIRST_YEAR; y--)
		for (h = 2; h >= 1; h--) {
			p.year = y;
			p.half = h;
			period_format(p, v, sizeof(v));
			period_label(p, label, sizeof(label));
			TRY(html_option(b, v, label, strcmp(q->period, v) == 0));
		}
	TRY(html_raw(b, "</select>\n</div>\n<div class=\"field\">\n<label for=\"s-question\">Question</label>\n"
			"<select id=\"s-question\" name=\"question\">\n"));
	TRY(html_option(b, "", "Any", q->question[0] == '\0'));
	for (i = 0; f != NULL && i < f->nquestions; i++)
		TRY(html_option(b, f->questions[i]->id, f->questions[i]->label,
				strcmp(q->question, f->questions[i]->id) == 0));
	TRY(html_raw(b, "</select>\n</div>\n<button type=\"submit\">Search</button>\n</form>\n</div>\n"));
out:
	return rc;
}

static int
result_html(struct buf *b, const struct app_search_item *e)
{
	struct buf href;
	int rc;

	buf_init(&href, 4096);
	TRY(html_raw(&href, "/p/"));
	TRY(html_url_arg(&href, e->slug));
	TRY(html_raw(&href, "/"));
	TRY(html_url_arg(&href, e->period));
	TRY(html_raw(&href, "#q-"));
	TRY(html_url_arg(&href, e->question));
	TRY(html_raw(b, "<li class=\"search-hit\">\n<h3>"));
	TRY(html_link(b, buf_cstr(&href), e->label));
	TRY(html_raw(b, "</h3>\n<p class=\"meta\">"));
	TRY(html_text(b, e->name));
	TRY(html_raw(b, " · "));
	TRY(html_text(b, e->period));
	if (e->platform != NULL && e->platform[0] != '\0') {
		TRY(html_raw(b, " · "));
		TRY(html_text(b, e->platform));
	}
	if (e->status != REPORT_PUBLISHED) {
		TRY(html_raw(b, " · "));
		TRY(html_text(b, render_status_label(e->status)));
	}
	TRY(html_raw(b, "</p>\n<p class=\"snippet\">"));
	TRY(snippet_html(b, e->snippet));
	TRY(html_raw(b, "</p>\n</li>\n"));
out:
	buf_cleanup(&href);
	return rc;
}

static int
results_html(struct buf *b, const struct app_search_query *q, const struct app_search_result *r)
{
	struct buf url;
	size_t i;
	int rc;

	buf_init(&url, 8192);
	TRY(html_raw(b, "<section aria-labelledby=\"results\">\n<h2 id=\"results\">Results</h2>\n<p role=\"status\">"));
	if (r->total == 0)
		TRY(html_raw(b, "No answer matches."));
	else if (r->more)
		TRY(html_textf(b, "More than %d answers match; %d of those in the reports stored last are "
				  "shown, latest period first (more words or a filter narrow the search). "
				  "Page %zu of %zu.", APP_SEARCH_CAP, APP_SEARCH_CAP, r->page, r->pages));
	else
		TRY(html_textf(b, "%zu %s, latest period first. Page %zu of %zu.", r->total,
			       r->total == 1 ? "answer matches" : "answers match", r->page,
			       r->pages > 0 ? r->pages : 1));
	TRY(html_raw(b, "</p>\n"));
	if (r->n > 0) {
		TRY(html_raw(b, "<ol class=\"search-results\">\n"));
		for (i = 0; i < r->n; i++)
			TRY(result_html(b, &r->v[i]));
		TRY(html_raw(b, "</ol>\n"));
	}
	if (r->pages > 1) {
		TRY(html_raw(b, "<nav aria-label=\"Pages of results\"><ul class=\"actions\">\n"));
		if (r->page > 1) {
			buf_reset(&url);
			TRY(search_url(&url, q, r->page - 1));
			TRY(html_raw(b, "<li>"));
			TRY(html_link_attrs(b, buf_cstr(&url), "Previous page", "rel=\"prev\""));
			TRY(html_raw(b, "</li>\n"));
		}
		if (r->page < r->pages) {
			buf_reset(&url);
			TRY(search_url(&url, q, r->page + 1));
			TRY(html_raw(b, "<li>"));
			TRY(html_link_attrs(b, buf_cstr(&url), "Next page", "rel=\"next\""));
			TRY(html_raw(b, "</li>\n"));
		}
		TRY(html_raw(b, "</ul></nav>\n"));
	}
	TRY(html_raw(b, "</section>\n"));
out:
	buf_cleanup(&url);
	return rc;
}

static int
results_json(struct buf *b, const struct app_search_query *q, const struct app_search_result *r)
{
	json_t *o, *arr;
	size_t i;
	int rc;

	arr = json_array();
	o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:b, s:I, s:I}", "q", q->q, "platform", q->platform,
		      "period", q->period, "question", q->question, "words", (json_int_t)r->nwords,
		      "total", (json_int_t)r->total, "more", r->more, "page", (json_int_t)(r->page > 0 ? r->page : 1),
		      "pages", (json_int_t)r->pages);
	if (o == NULL || arr == NULL) {
		json_decref(arr);
		rc = APP_ENOMEM;
		goto out;
	}
	json_object_set_new(o, "results", arr);
	for (i = 0; i < r->n; i++) {
		const struct app_search_item *e = &r->v[i];
		json_t *s = search_snippet_json(e->snippet);
		char href[400];

		snprintf(href, sizeof(href), "/p/%s/%s#q-%s", e->slug, e->period, e->question);
		if (s == NULL || json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
			"partnership", e->slug, "name", e->name, "platform", e->platform, "period", e->period,
			"status", report_status_name(e->status), "question", e->question, "label", e->label,
			"href", href, "snippet", s)) != 0) {
			rc = APP_ENOMEM;
			goto out;
		}
	}
	TRY(jsonout_write(b, o, 2));
	TRY(buf_putc(b, '\n'));
out:
	json_decref(o);
	return rc;
}

int
page_search(struct req *rq, struct resp *rs)
{
	struct actor a = ctx_actor(rq);
	struct app_search_query q = {param(rq, "q"), param(rq, "platform"), param(rq, "period"),
				     param(rq, "question"), page_of(param(rq, "page"))};
	struct app_search_result r;
	struct buf *b = &rs->body;
	int rc;

	memset(&r, 0, sizeof(r));
	TRY(app_search(rq->app, &a, &q, &r));
	if (rq->wants_json) {
		rs->content_type = "application/json";
		TRY(results_json(b, &q, &r));
		goto out;
	}
	TRY(layout_begin(rq, rs, "Search the reports"));
	TRY(html_raw(b, a.role == ROLE_PUBLIC
				? "<p class=\"lead\">Search the answers of the published reports.</p>\n"
				: "<p class=\"lead\">Search the answers of the reports you may read.</p>\n"));
	TRY(search_form(rq, b, &q));
	if (r.nwords > 0)
		TRY(results_html(b, &q, &r));
	else if (q.q[0] != '\0')
		TRY(html_raw(b, "<p role=\"status\">The query has no word to search for: "
				"write letters or digits.</p>\n"));
	TRY(layout_end(rq, rs));
out:
	app_search_result_cleanup(&r);
	return rc;
}
