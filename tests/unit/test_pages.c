/* test_pages.c - the read-only renderer, the access filter of ctx.c, and the
 * pages of page_public/page_login/page_review/page_members, run as handlers
 * against a real SQLite store in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_export.h"
#include "auth.h"
#include "ctx.h"
#include "html.h"
#include "http.h"
#include "layout.h"
#include "pages.h"
#include "render.h"
#include "report.h"
#include "store.h"
#include "testutil.h"

/* Stored in names, answers, comments and decisions: what must come out
 * escaped, and never raw. */
#define EVIL "<script>\"'&"
/* The same inside a JSON string. */
#define EVIL_JSON "<script>\\\"'&"
#define EVIL_ESC "&lt;script&gt;&quot;&#39;&amp;"
#define MARKER "SELF-ASSESSMENT-MARKER-7f3a"

/* --- fixture --------------------------------------------------------------- */

struct fx {
	char dir[64];
	char path[128];
	struct app app;
	struct form *form;
	int64_t pa, pb;          /* partnership A (evil name), B */
	struct user coord_a, member_a, member_b, committee, commission, admin;
	struct session sess;     /* shared by every logged-in request: csrf "tok" */
	int64_t rep_pub, rep_sub, rep_draft;
};

static char *
doc_json(const char *period, const char *extra_answers)
{
	char *s = malloc(8192);

	assert_non_null(s);
	snprintf(s, 8192,
		 "{\"form\": \"s3-monitoring-2020\", \"answers\": {"
		 "\"reporting_period\": \"%s\","
		 "\"partnership\": \"Mining " EVIL_JSON "\","
		 "\"start_date\": \"" EVIL_JSON "\","
		 "\"webpage\": \"javascript:alert(1)\","
		 "\"executive_summary\": \"First " EVIL_JSON "\\n\\nSecond paragraph\","
		 "\"participating_regions\": [{\"name\": \"Lapland " EVIL_JSON "\", \"country\": \"FI\", \"nuts\": \"FI1D7\"}],"
		 "\"working_areas\": [{\"area\": \"Area " EVIL_JSON "\", \"region_in_charge\": \"Lapland\"}],"
		 "\"sdg\": {\"9\": \"strongly_agree\", \"7\": \"maybe " EVIL_JSON "\"},"
		 "\"self_assessment\": {\"progress_rating\": \"on_plan\", \"risks\": \"" MARKER " " EVIL_JSON "\"}"
		 "%s}, \"unmapped\": [{\"line\": 3, \"text\": \"stray " MARKER "\"}]}",
		 period, extra_answers);
	return s;
}

static int64_t
add_report(struct fx *f, int64_t pid, const char *period, enum report_status st)
{
	struct report_row r;
	char *doc = doc_json(period, "");

	memset(&r, 0, sizeof(r));
	r.partnership_id = pid;
	snprintf(r.period, sizeof(r.period), "%s", period);
	r.form_id = (char *)"s3-monitoring-2020";
	r.status = st;
	r.doc = doc;
	assert_int_equal(store_report_create(f->app.store, &r, 0), 0);
	free(doc);
	return r.id;
}

static void
add_user(struct fx *f, struct user *u, const char *email, const char *name, const char *role,
	 int64_t pid)
{
	memset(u, 0, sizeof(*u));
	u->email = strdup(email);
	u->name = strdup(name);
	u->role = strdup(role);
	u->partnership_id = pid;
	/* Not a valid hash: these users never log in through the pages. */
	u->pw_hash = strdup("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA");
	u->active = true;
	assert_int_equal(store_user_create(f->app.store, u), 0);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct app_msg msg = {{0}};
	struct partnership p;

	if (f == NULL || auth_init() != 0)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/s3pm-pages-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/s3pm.db", f->dir);
	if (store_open(f->path, &f->app.store, &msg) != 0) {
		fprintf(stderr, "store_open: %s\n", msg.text);
		return -1;
	}
	f->form = tu_form();
	f->app.form = f->form;
	f->app.forms_dir = tu_env("S3PM_FORMS_DIR");
	f->app.max_body = 1 << 20;
	f->app.session_hours = 8;

	memset(&p, 0, sizeof(p));
	p.slug = (char *)"evil";
	p.name = (char *)"Mining " EVIL;
	p.platform = (char *)"Industrial Modernisation";
	p.start_date = (char *)"Fall " EVIL;
	p.webpage = (char *)"javascript:alert(1)";
	p.leading_regions = (char *)"Lapland " EVIL;
	p.participating_regions = (char *)"[{\"name\": \"Kainuu " EVIL_JSON "\", \"country\": \"FI\", \"nuts\": \"FI1D8\"}]";
	if (store_partnership_create(f->app.store, &p) != 0)
		return -1;
	f->pa = p.id;
	memset(&p, 0, sizeof(p));
	p.slug = (char *)"other";
	p.name = (char *)"Other partnership";
	p.platform = (char *)"Energy";
	p.webpage = (char *)"https://example.org/other";
	if (store_partnership_create(f->app.store, &p) != 0)
		return -1;
	f->pb = p.id;

	store_period_set(f->app.store, "2020-H1", "2020-07-31");
	store_period_set(f->app.store, "2020-H2", "2021-01-31");
	store_period_set(f->app.store, "2021-H1", "2021-07-31");
	store_period_set(f->app.store, "2099-H1", "2099-07-31");

	add_user(f, &f->coord_a, "coord@a.eu", "Coord " EVIL, "coordinator", f->pa);
	add_user(f, &f->member_a, "member@a.eu", "Member A", "member", f->pa);
	add_user(f, &f->member_b, "member@b.eu", "Member B", "member", f->pb);
	add_user(f, &f->committee, "committee@x.eu", "Committee " EVIL, "committee", 0);
	add_user(f, &f->commission, "commission@x.eu", "Commission " EVIL, "commission", 0);
	add_user(f, &f->admin, "admin@x.eu", "Admin", "admin", 0);
	snprintf(f->sess.csrf, sizeof(f->sess.csrf), "%s", "tok");

	f->rep_pub = add_report(f, f->pa, "2020-H1", REPORT_PUBLISHED);
	f->rep_sub = add_report(f, f->pa, "2020-H2", REPORT_SUBMITTED);
	f->rep_draft = add_report(f, f->pa, "2021-H1", REPORT_DRAFT);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	struct fx *f = *state;
	char p[200];
	size_t i;

	if (f == NULL)
		return 0;
	store_close(f->app.store);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, ext[i]);
		unlink(p);
	}
	rmdir(f->dir);
	form_free(f->form);
	user_cleanup(&f->coord_a);
	user_cleanup(&f->member_a);
	user_cleanup(&f->member_b);
	user_cleanup(&f->committee);
	user_cleanup(&f->commission);
	user_cleanup(&f->admin);
	free(f);
	return 0;
}

/* --- requests -------------------------------------------------------------- */

struct call {
	struct req rq;
	struct resp rs;
	struct kv form[6];
	struct kv query[2];
};

static void
call_init(struct call *c, struct fx *f, struct user *u, const char *method, const char *path,
	  const char *slug, const char *period)
{
	memset(c, 0, sizeof(*c));
	c->rq.app = &f->app;
	c->rq.method = method;
	c->rq.path = path;
	c->rq.remote_addr = "127.0.0.1";
	if (slug != NULL)
		c->rq.params[c->rq.nparams++] = slug;
	if (period != NULL)
		c->rq.params[c->rq.nparams++] = period;
	c->rq.user = u;
	c->rq.session = u != NULL ? &f->sess : NULL;
	c->rq.csrf_ok = u != NULL;
	c->rq.form = c->form;
	c->rq.query = c->query;
	resp_init(&c->rs);
}

static void
call_form(struct call *c, const char *key, const char *value)
{
	c->form[c->rq.nform].key = (char *)key;
	c->form[c->rq.nform].value = (char *)value;
	c->rq.nform++;
}

static void
call_query(struct call *c, const char *key, const char *value)
{
	c->query[c->rq.nquery].key = (char *)key;
	c->query[c->rq.nquery].value = (char *)value;
	c->rq.nquery++;
}

static const char *
body(const struct call *c)
{
	return buf_cstr(&c->rs.body);
}

/* GET a page as u: returns the handler's code; the body stays in c. */
static int
get(struct call *c, struct fx *f, struct user *u, handler_fn h, const char *slug,
    const char *period)
{
	call_init(c, f, u, "GET", "/x", slug, period);
	return h(&c->rq, &c->rs);
}

static void
assert_escaped(const char *html)
{
	if (strstr(html, EVIL) != NULL)
		fail_msg("raw %s in the page", EVIL);
	if (strstr(html, EVIL_ESC) == NULL)
		fail_msg("escaped %s missing from the page", EVIL_ESC);
}

static bool
has(const char *html, const char *needle)
{
	return strstr(html, needle) != NULL;
}

/* --- render level --------------------------------------------------------- */

static json_t *
canonical(struct form *form, const char *json)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL, *doc = NULL;

	assert_int_equal(report_parse_json(json, strlen(json), "t", &root, &msg), 0);
	if (report_canonical(form, root, "t", &doc, &msg) != 0)
		fail_msg("canonical: %s", msg.text);
	json_decref(root);
	return doc;
}

static void
render_escapes_and_shapes(void **state)
{
	struct fx *f = *state;
	char *json = doc_json("2020-H1", "");
	json_t *doc = canonical(f->form, json);
	struct comment cm[3];
	struct render_opts o = {0};
	struct buf b;
	const char *s;

	memset(cm, 0, sizeof(cm));
	cm[0].question = (char *)"executive_summary";
	cm[0].body = (char *)"On the summary " EVIL;
	cm[0].author = (char *)"Author " EVIL;
	cm[0].created_at = (char *)"2020-08-01T10:11:12Z";
	cm[0].revision = 2;
	cm[1].question = (char *)"";
	cm[1].body = (char *)"Whole report " EVIL;
	cm[1].author = (char *)"X";
	cm[2].question = (char *)"no_such_question";
	cm[2].body = (char *)"Orphan comment";
	cm[2].author = (char *)"Y";
	o.comments = cm;
	o.ncomments = 3;
	buf_init(&b, 1 << 22);
	assert_int_equal(render_report(&b, f->form, doc, &o), 0);
	s = buf_cstr(&b);
	assert_escaped(s);
	assert_true(has(s, "<div id=\"report\" class=\"report\">"));
	/* One heading per section, the exact labels, table semantics. */
	assert_true(has(s, "<h2 id=\"h-s-management\">I. Management report</h2>"));
	assert_true(has(s, "Please provide an overview of the  of your partnership working areas"));
	assert_true(has(s, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-participating_regions\">"));
	assert_true(has(s, "<caption class=\"visually-hidden\" id=\"cap-participating_regions\">Please provide the list of participating regions.</caption>"));
	assert_true(has(s, "<th scope=\"col\">NUTS code</th>"));
	assert_true(has(s, "<th scope=\"row\">Lapland &lt;script&gt;"));
	assert_true(has(s, "<th scope=\"col\">Working area</th>"));
	/* SDG matrix: the chosen value's label; an unknown value as written. */
	assert_true(has(s, "<th scope=\"row\">Goal 9. Build resilient infrastructure, promote inclusive and sustainable industrialisation &amp; foster innovation</th><td>Strongly agree</td>"));
	assert_true(has(s, "<td>maybe &lt;script&gt;"));
	assert_true(has(s, "<td class=\"no-answer\">Not answered</td>"));
	/* Long text in paragraphs; the period as words; the group's choice label. */
	assert_true(has(s, "<p>First &lt;script&gt;&quot;&#39;&amp;</p><p>Second paragraph</p>"));
	assert_true(has(s, "January - June 2020"));
	assert_true(has(s, "On plan"));
	/* javascript: never becomes a link. */
	assert_false(has(s, "href=\"javascript"));
	/* Comments: per question, and the general ones (also orphans) first. */
	assert_true(has(s, "Comments on the whole report"));
	assert_true(has(s, "Orphan comment"));
	assert_true(has(s, "<time datetime=\"2020-08-01T10:11:12Z\">1 August 2020, 10:11 UTC</time>, on revision 2"));
	assert_true(strstr(s, "Whole report") < strstr(s, "id=\"s-header\""));
	assert_true(strstr(s, "On the summary") > strstr(s, "id=\"q-executive_summary\""));
	/* Unanswered questions say so. */
	assert_true(has(s, "<section class=\"q\" id=\"q-outreach\">"));
	assert_true(has(s, "No answer"));
	assert_true(has(s, "Text not placed in the form"));

	/* Hidden sections write nothing, and their comments go with them. */
	{
		bool shown[16] = {false};
		size_t i;
		struct comment sa = {0};

		for (i = 0; i < f->form->nsections; i++)
			shown[i] = !f->form->sections[i].confidential;
		sa.question = (char *)"self_assessment";
		sa.body = (char *)"SA comment";
		o.comments = &sa;
		o.ncomments = 1;
		o.sections = shown;
		buf_reset(&b);
		assert_int_equal(render_report(&b, f->form, doc, &o), 0);
		s = buf_cstr(&b);
		assert_false(has(s, "id=\"s-self_assessment\""));
		assert_false(has(s, "SA comment"));
		assert_false(has(s, "Comments on the whole report"));
	}
	buf_cleanup(&b);
	json_decref(doc);
	free(json);
}

static void
render_comments_and_findings(void **state)
{
	struct comment cm[2];
	struct findings fs;
	struct buf b;
	const char *s;

	(void)state;
	memset(cm, 0, sizeof(cm));
	cm[0].question = (char *)"sdg";
	cm[0].body = (char *)"Line one " EVIL "\nline two";
	cm[0].author = NULL;
	cm[0].created_at = (char *)"not a time " EVIL;
	cm[1].question = (char *)"outreach";
	cm[1].body = (char *)"Elsewhere";
	buf_init(&b, 1 << 20);
	assert_int_equal(render_comments(&b, cm, 2, "webpage"), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(render_comments(&b, cm, 2, "sdg"), 0);
	s = buf_cstr(&b);
	assert_true(has(s, "<div class=\"comments\">"));
	assert_true(has(s, "Line one " EVIL_ESC "<br>line two"));
	assert_true(has(s, "not a time " EVIL_ESC));
	assert_false(has(s, "Elsewhere"));
	assert_false(has(s, EVIL));

	findings_init(&fs);
	assert_int_equal(findings_add(&fs, FINDING_ERROR, "participating_regions", 2, "x",
				      "FI1D8 " EVIL, "bad code %s", EVIL), 0);
	assert_int_equal(findings_add(&fs, FINDING_WARNING, "self_assessment.risks", 0, "y", NULL,
				      "secret finding"), 0);
	buf_reset(&b);
	assert_int_equal(render_findings(&b, &fs, "participating_regions"), 0);
	s = buf_cstr(&b);
	assert_true(has(s, "<li class=\"hint error\">"));
	assert_true(has(s, "row 2: bad code " EVIL_ESC));
	assert_true(has(s, "(suggestion: FI1D8 " EVIL_ESC ")"));
	assert_false(has(s, EVIL));
	buf_reset(&b);
	assert_int_equal(render_findings(&b, &fs, "self_assessment"), 0);
	assert_true(has(buf_cstr(&b), "secret finding"));
	{
		struct form *form = tu_form();
		bool shown[16] = {false};
		size_t i;

		for (i = 0; i < form->nsections; i++)
			shown[i] = !form->sections[i].confidential;
		buf_reset(&b);
		assert_int_equal(render_findings_summary(&b, form, &fs, shown, 2), 0);
		s = buf_cstr(&b);
		assert_true(has(s, "1 error, 0 warnings."));
		assert_true(has(s, "<a href=\"#q-participating_regions\">"));
		assert_false(has(s, "secret finding"));
		form_free(form);
	}
	findings_cleanup(&fs);
	buf_cleanup(&b);
}

/* --- ctx_visible_doc: the access filter ------------------------------------ */

static bool
visible_has_marker(struct fx *f, json_t *doc, struct actor a, enum report_status st)
{
	struct report_view c;
	json_t *v;
	char *text;
	bool r;

	memset(&c, 0, sizeof(c));
	c.p.id = f->pa;
	c.have_report = true;
	c.status = st;
	c.form = f->form;
	c.doc = doc;
	c.actor = a;
	v = report_view_visible_doc(&c);
	assert_non_null(v);
	text = json_dumps(v, 0);
	r = strstr(text, MARKER) != NULL;
	/* The unmapped lines (which hold the marker too) go with it. */
	assert_int_equal(r, json_array_size(json_object_get(v, "unmapped")) > 0);
	free(text);
	json_decref(v);
	return r;
}

static void
visible_doc_policy(void **state)
{
	struct fx *f = *state;
	char *json = doc_json("2020-H1", "");
	json_t *doc = canonical(f->form, json);
	struct actor pub = {ROLE_PUBLIC, 0, 0};
	struct actor coord = {ROLE_COORDINATOR, 1, f->pa};
	struct actor other = {ROLE_MEMBER, 3, f->pb};
	struct actor committee = {ROLE_COMMITTEE, 4, 0};
	struct actor commission = {ROLE_COMMISSION, 5, 0};

	assert_false(visible_has_marker(f, doc, pub, REPORT_PUBLISHED));
	assert_false(visible_has_marker(f, doc, other, REPORT_PUBLISHED));
	assert_false(visible_has_marker(f, doc, other, REPORT_SUBMITTED));
	assert_true(visible_has_marker(f, doc, coord, REPORT_DRAFT));
	assert_true(visible_has_marker(f, doc, coord, REPORT_PUBLISHED));
	assert_false(visible_has_marker(f, doc, committee, REPORT_DRAFT));
	assert_true(visible_has_marker(f, doc, committee, REPORT_SUBMITTED));
	assert_true(visible_has_marker(f, doc, committee, REPORT_PUBLISHED));
	assert_true(visible_has_marker(f, doc, commission, REPORT_SUBMITTED));
	/* The public sections stay for the public. */
	{
		struct report_view c;
		json_t *v;

		memset(&c, 0, sizeof(c));
		c.p.id = f->pa;
		c.have_report = true;
		c.status = REPORT_PUBLISHED;
		c.form = f->form;
		c.doc = doc;
		c.actor = pub;
		v = report_view_visible_doc(&c);
		assert_non_null(json_object_get(report_answers(v), "executive_summary"));
		assert_null(json_object_get(report_answers(v), "self_assessment"));
		json_decref(v);
		/* Not readable at all: nothing is left. */
		c.status = REPORT_DRAFT;
		v = report_view_visible_doc(&c);
		assert_int_equal(json_object_size(report_answers(v)), 0);
		json_decref(v);
	}
	json_decref(doc);
	free(json);
}

/* --- pages ------------------------------------------------------------------ */

static void
pages_escape_stored_text(void **state)
{
	struct fx *f = *state;
	struct call c;
	struct comment cm = {0};
	struct decision d = {0};

	cm.report_id = f->rep_sub;
	cm.revision = 1;
	cm.question = (char *)"executive_summary";
	cm.body = (char *)"Comment " EVIL;
	cm.user_id = f->committee.id;
	assert_int_equal(store_comment_add(f->app.store, &cm), 0);
	d.partnership_id = f->pa;
	d.term = (char *)"2021-2022";
	d.outcome = (char *)"continue_with_conditions";
	d.conditions = (char *)"Conditions " EVIL;
	d.rationale = (char *)"Rationale " EVIL;
	d.user_id = f->commission.id;
	assert_int_equal(store_decision_add(f->app.store, &d), 0);

	assert_int_equal(get(&c, f, NULL, page_index, NULL, NULL), 0);
	assert_escaped(body(&c));
	assert_true(has(body(&c), "href=\"/p/evil/2020-H1\""));
	/* Platforms in their order: Energy before Industrial Modernisation. */
	assert_true(strstr(body(&c), ">Energy<") < strstr(body(&c), ">Industrial Modernisation<"));
	resp_cleanup(&c.rs);

	assert_int_equal(get(&c, f, NULL, page_partnership, "evil", NULL), 0);
	assert_escaped(body(&c));
	assert_false(has(body(&c), "href=\"javascript"));
	assert_false(has(body(&c), "id=\"periods\""));
	assert_false(has(body(&c), "id=\"decisions\""));
	assert_false(has(body(&c), "Rationale"));
	resp_cleanup(&c.rs);

	assert_int_equal(get(&c, f, &f->coord_a, page_partnership, "evil", NULL), 0);
	assert_escaped(body(&c));
	assert_true(has(body(&c), "Conditions " EVIL_ESC));
	assert_true(has(body(&c), "Rationale " EVIL_ESC));
	assert_true(has(body(&c), "Commission " EVIL_ESC));
	resp_cleanup(&c.rs);

	assert_int_equal(get(&c, f, NULL, page_report, "evil", "2020-H1"), 0);
	assert_escaped(body(&c));
	resp_cleanup(&c.rs);

	assert_int_equal(get(&c, f, &f->committee, page_report, "evil", "2020-H2"), 0);
	assert_escaped(body(&c));
	assert_true(has(body(&c), "Comment " EVIL_ESC));
	assert_true(has(body(&c), "Committee " EVIL_ESC)); /* author and header */
	resp_cleanup(&c.rs);

	assert_int_equal(get(&c, f, &f->coord_a, page_members, "evil", NULL), 0);
	assert_escaped(body(&c));
	resp_cleanup(&c.rs);

	assert_int_equal(get(&c, f, NULL, page_login_form, NULL, NULL), 0);
	assert_false(has(body(&c), EVIL));
	resp_cleanup(&c.rs);
}

/* The marker of the self-assessment: absent for the public and for another
 * partnership, present for the own partnership and (once submitted) the
 * committee. */
static void
pages_confidential_marker(void **state)
{
	struct fx *f = *state;
	struct call c;

	/* Published report. */
	assert_int_equal(get(&c, f, NULL, page_report, "evil", "2020-H1"), 0);
	assert_false(has(body(&c), MARKER));
	assert_true(has(body(&c), "id=\"s-management\""));
	assert_false(has(body(&c), "id=\"s-self_assessment\""));
	assert_false(has(body(&c), "comment-form"));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, NULL, api_report, "evil", "2020-H1"), 0);
	assert_false(has(body(&c), MARKER));
	assert_true(has(body(&c), "\"status\": \"published\""));
	assert_string_equal(c.rs.content_type, "application/json");
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, NULL, page_partnership, "evil", NULL), 0);
	assert_false(has(body(&c), MARKER));
	assert_true(has(body(&c), "Latest published report"));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_b, page_report, "evil", "2020-H1"), 0);
	assert_false(has(body(&c), MARKER));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_b, api_report, "evil", "2020-H1"), 0);
	assert_false(has(body(&c), MARKER));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->coord_a, page_report, "evil", "2020-H1"), 0);
	assert_true(has(body(&c), MARKER));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->committee, page_report, "evil", "2020-H1"), 0);
	assert_true(has(body(&c), MARKER));
	resp_cleanup(&c.rs);

	/* Submitted report: another partnership and the public may not know it. */
	assert_int_equal(get(&c, f, NULL, page_report, "evil", "2020-H2"), APP_ENOTFOUND);
	assert_int_equal(c.rs.body.len, 0);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_b, page_report, "evil", "2020-H2"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_b, api_report, "evil", "2020-H2"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->coord_a, page_report, "evil", "2020-H2"), 0);
	assert_true(has(body(&c), MARKER));
	assert_false(has(body(&c), "comment-form"));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->committee, page_report, "evil", "2020-H2"), 0);
	assert_true(has(body(&c), MARKER));
	assert_true(has(body(&c), "<form id=\"comment-form\""));
	assert_true(has(body(&c), "<form id=\"return-form\""));
	assert_true(has(body(&c), "<form id=\"accept-form\""));
	assert_true(has(body(&c), "<option value=\"self_assessment\">Self-assessment</option>"));
	assert_true(has(body(&c), "id=\"findings\""));
	assert_true(has(body(&c), "name=\"csrf\" value=\"tok\""));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->commission, api_report, "evil", "2020-H2"), 0);
	assert_true(has(body(&c), MARKER));
	resp_cleanup(&c.rs);

	/* A draft: the own partnership only; for everybody else exactly like a
	 * period without a report. */
	assert_int_equal(get(&c, f, &f->member_a, page_report, "evil", "2021-H1"), 0);
	assert_true(has(body(&c), MARKER));
	assert_true(has(body(&c), "/p/evil/2021-H1/edit"));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->committee, page_report, "evil", "2021-H1"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_b, page_report, "evil", "2021-H1"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_b, page_report, "evil", "2099-H1"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, NULL, page_report, "evil", "2021-H1"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, NULL, page_report, "nobody", "2021-H1"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, NULL, page_report, "evil", "2021-h1"), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
	/* The partnership may start a report for a period without one. */
	assert_int_equal(get(&c, f, &f->member_a, page_report, "evil", "2099-H1"), 0);
	assert_true(has(body(&c), "<form class=\"start-report\" method=\"post\" action=\"/p/evil/2099-H1/new\">"));
	resp_cleanup(&c.rs);
}

static void
partnership_page_periods(void **state)
{
	struct fx *f = *state;
	struct call c;
	const char *s;

	assert_int_equal(get(&c, f, &f->coord_a, page_partnership, "evil", NULL), 0);
	s = body(&c);
	assert_true(has(s, "<table id=\"periods\">"));
	assert_true(has(s, "<section id=\"decisions\""));
	assert_true(has(s, "Start the report for 2099-H1"));
	assert_true(has(s, "action=\"/p/evil/2099-H1/new\""));
	assert_false(has(s, "Start the report for 2020-H1"));
	/* The draft's deadline has passed: overdue; the published one is not. */
	{
		const char *row = strstr(s, "<th scope=\"row\">2021-H1");
		const char *end = row != NULL ? strstr(row, "</tr>") : NULL;
		const char *ov = row != NULL ? strstr(row, "OVERDUE") : NULL;

		assert_non_null(row);
		assert_true(ov != NULL && ov < end);
		row = strstr(s, "<th scope=\"row\">2020-H1");
		end = strstr(row, "</tr>");
		ov = strstr(row, "OVERDUE");
		assert_true(ov == NULL || ov > end);
		row = strstr(s, "<th scope=\"row\">2099-H1");
		end = strstr(row, "</tr>");
		ov = strstr(row, "OVERDUE");
		assert_true(ov == NULL || ov > end);
	}
	assert_false(has(s, "id=\"decision-form\""));
	resp_cleanup(&c.rs);

	/* Commission: the decision form, no start forms. */
	assert_int_equal(get(&c, f, &f->commission, page_partnership, "evil", NULL), 0);
	s = body(&c);
	assert_true(has(s, "<form id=\"decision-form\""));
	assert_true(has(s, "name=\"term\""));
	assert_true(has(s, "<option value=\"continue_with_conditions\">"));
	assert_true(has(s, "name=\"conditions\""));
	assert_true(has(s, "name=\"rationale\""));
	assert_false(has(s, "start-report"));
	/* An overseer may not open a draft: no link to it. */
	assert_false(has(s, "href=\"/p/evil/2021-H1\""));
	resp_cleanup(&c.rs);

	/* Another partnership's member: the public view. */
	assert_int_equal(get(&c, f, &f->member_b, page_partnership, "evil", NULL), 0);
	assert_false(has(body(&c), "id=\"periods\""));
	assert_false(has(body(&c), "id=\"decisions\""));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, NULL, page_partnership, "nobody", NULL), APP_ENOTFOUND);
	resp_cleanup(&c.rs);
}

static void
layout_frame(void **state)
{
	struct fx *f = *state;
	struct call c;
	const char *s;

	assert_int_equal(get(&c, f, &f->coord_a, page_index, NULL, NULL), 0);
	s = body(&c);
	assert_true(has(s, "<html lang=\"en\">"));
	assert_true(has(s, "<a class=\"skip-link\" href=\"#main\">"));
	assert_true(has(s, "<main id=\"main\""));
	assert_true(has(s, "<form id=\"logout\" method=\"post\" action=\"/logout\">"));
	assert_true(has(s, "Coord " EVIL_ESC));
	assert_true(has(s, "EUPL-1.2"));
	assert_true(has(s, "NUTS: © EuroGeographics for the administrative boundaries; Source: Eurostat"));
	assert_false(has(s, "style="));
	assert_false(has(s, "<style"));
	assert_false(has(s, "<script>"));
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, NULL, page_index, NULL, NULL), 0);
	assert_true(has(body(&c), ">Log in</a>"));
	assert_false(has(body(&c), "id=\"logout\""));
	resp_cleanup(&c.rs);
}

static void
login_form_next(void **state)
{
	struct fx *f = *state;
	struct call c;

	call_init(&c, f, NULL, "GET", "/login", NULL, NULL);
	call_query(&c, "next", "/p/evil");
	assert_int_equal(page_login_form(&c.rq, &c.rs), 0);
	assert_true(has(body(&c), "<form id=\"login\""));
	assert_true(has(body(&c), "name=\"email\""));
	assert_true(has(body(&c), "autocomplete=\"current-password\""));
	assert_true(has(body(&c), "<label for=\"login-password\">"));
	assert_true(has(body(&c), "name=\"next\" value=\"/p/evil\""));
	resp_cleanup(&c.rs);
	call_init(&c, f, NULL, "GET", "/login", NULL, NULL);
	call_query(&c, "next", "//evil.example/x");
	assert_int_equal(page_login_form(&c.rq, &c.rs), 0);
	assert_false(has(body(&c), "name=\"next\""));
	resp_cleanup(&c.rs);
}

static enum report_status
status_of(struct fx *f, int64_t id)
{
	struct report_row r;
	enum report_status s;

	assert_int_equal(store_report_by_id(f->app.store, id, &r), 0);
	s = r.status;
	report_row_cleanup(&r);
	return s;
}

static bool
audited(struct fx *f, int64_t report_id, const char *action)
{
	struct audit_entry *a = NULL;
	char object[64];
	size_t n = 0, i;
	bool found = false;

	snprintf(object, sizeof(object), "report:%lld", (long long)report_id);
	assert_int_equal(store_audit_list(f->app.store, object, 100, &a, &n), 0);
	for (i = 0; i < n; i++)
		if (strcmp(a[i].action, action) == 0)
			found = true;
	audit_free_list(a, n);
	return found;
}

static void
review_flow(void **state)
{
	struct fx *f = *state;
	struct comment *cm = NULL;
	struct call c;
	size_t n = 0;

	/* Without the CSRF token, or not a committee member: refused. */
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	c.rq.csrf_ok = false;
	call_form(&c, "body", "x");
	assert_int_equal(page_comment(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->coord_a, "POST", "/x", "evil", "2020-H2");
	assert_int_equal(page_accept(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->member_b, "POST", "/x", "evil", "2020-H2");
	assert_int_equal(page_accept(&c.rq, &c.rs), APP_ENOTFOUND);
	resp_cleanup(&c.rs);

	/* A comment on a question. */
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	call_form(&c, "question", "working_areas");
	call_form(&c, "body", "  Name the regions  ");
	assert_int_equal(page_comment(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/evil/2020-H2?done=commented#q-working_areas");
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	call_form(&c, "question", "no_such");
	call_form(&c, "body", "x");
	assert_int_equal(page_comment(&c.rq, &c.rs), APP_EINPUT);
	resp_cleanup(&c.rs);

	/* Return needs a reason; the reason is stored as a comment. */
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	call_form(&c, "body", "   ");
	assert_int_equal(page_return(&c.rq, &c.rs), APP_EINPUT);
	resp_cleanup(&c.rs);
	assert_int_equal(status_of(f, f->rep_sub), REPORT_SUBMITTED);
	/* Unconfirmed: the confirmation page, the comment carried, nothing changed. */
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	call_form(&c, "body", "Fix the regions");
	assert_int_equal(page_return(&c.rq, &c.rs), 0);
	assert_true(c.rs.status == 0 || c.rs.status == 200); /* the page, no redirect */
	assert_null(c.rs.location);
	assert_true(has(body(&c), "name=\"body\" value=\"Fix the regions\""));
	resp_cleanup(&c.rs);
	assert_int_equal(status_of(f, f->rep_sub), REPORT_SUBMITTED);
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	call_form(&c, "body", "Fix the regions");
	call_form(&c, "confirmed", "yes");
	assert_int_equal(page_return(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/evil/2020-H2?done=returned");
	resp_cleanup(&c.rs);
	assert_int_equal(status_of(f, f->rep_sub), REPORT_RETURNED);
	assert_true(audited(f, f->rep_sub, "report.return"));
	assert_int_equal(store_comment_list(f->app.store, f->rep_sub, &cm, &n), 0);
	assert_true(n >= 2);
	assert_string_equal(cm[n - 2].body, "Name the regions");
	assert_string_equal(cm[n - 1].body, "Fix the regions");
	assert_string_equal(cm[n - 1].question, "");
	comment_free_list(cm, n);

	/* Returned: no more reviewing; the partnership sees the comment. */
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	assert_int_equal(page_accept(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->coord_a, page_report, "evil", "2020-H2"), 0);
	assert_true(has(body(&c), "Fix the regions"));
	assert_true(has(body(&c), "Comments on the whole report"));
	resp_cleanup(&c.rs);

	/* Submitted again, then accepted: published in one go. */
	assert_int_equal(store_report_set_status(f->app.store, f->rep_sub, REPORT_RETURNED,
						 REPORT_SUBMITTED, f->coord_a.id), 0);
	call_init(&c, f, &f->committee, "POST", "/x", "evil", "2020-H2");
	call_form(&c, "confirmed", "yes");
	assert_int_equal(page_accept(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/evil/2020-H2?done=published");
	resp_cleanup(&c.rs);
	assert_int_equal(status_of(f, f->rep_sub), REPORT_PUBLISHED);
	assert_true(audited(f, f->rep_sub, "report.accept"));
	assert_true(audited(f, f->rep_sub, "report.publish"));
	/* Now the public reads it, without the self-assessment or comments. */
	call_init(&c, f, NULL, "GET", "/x", "evil", "2020-H2");
	call_query(&c, "done", "published");
	assert_int_equal(page_report(&c.rq, &c.rs), 0);
	assert_false(has(body(&c), MARKER));
	assert_false(has(body(&c), "Fix the regions"));
	assert_true(has(body(&c), "The report was accepted and published."));
	resp_cleanup(&c.rs);
}

static void
decision_flow(void **state)
{
	struct fx *f = *state;
	struct decision *d = NULL;
	struct call c;
	size_t n = 0;

	call_init(&c, f, &f->committee, "POST", "/x", "evil", NULL);
	call_form(&c, "term", "2021");
	call_form(&c, "outcome", "continue");
	call_form(&c, "rationale", "x");
	assert_int_equal(page_decision(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);

	/* Conditions are required with continue_with_conditions: the form again. */
	call_init(&c, f, &f->commission, "POST", "/x", "evil", NULL);
	call_form(&c, "term", "2021-H9");
	call_form(&c, "outcome", "continue_with_conditions");
	call_form(&c, "conditions", "");
	call_form(&c, "rationale", "Because " EVIL);
	assert_int_equal(page_decision(&c.rq, &c.rs), 0);
	assert_int_equal(c.rs.status, 400);
	assert_true(has(body(&c), "id=\"errors\""));
	assert_true(has(body(&c), "Write the conditions"));
	assert_true(has(body(&c), "Write the term"));
	assert_true(has(body(&c), "Because " EVIL_ESC));
	assert_false(has(body(&c), EVIL));
	resp_cleanup(&c.rs);
	call_init(&c, f, &f->commission, "POST", "/x", "evil", NULL);
	call_form(&c, "term", "2021");
	call_form(&c, "outcome", "maybe");
	call_form(&c, "rationale", "x");
	assert_int_equal(page_decision(&c.rq, &c.rs), 0);
	assert_int_equal(c.rs.status, 400);
	resp_cleanup(&c.rs);

	call_init(&c, f, &f->commission, "POST", "/x", "evil", NULL);
	call_form(&c, "term", " 2021-2022 ");
	call_form(&c, "outcome", "discontinue");
	call_form(&c, "conditions", "");
	call_form(&c, "rationale", "No progress");
	call_form(&c, "confirmed", "yes");
	assert_int_equal(page_decision(&c.rq, &c.rs), 0);
	assert_string_equal(c.rs.location, "/p/evil?done=decided#decisions");
	resp_cleanup(&c.rs);
	assert_int_equal(store_decision_list(f->app.store, f->pa, &d, &n), 0);
	assert_true(n >= 1);
	assert_string_equal(d[0].term, "2021-2022");
	assert_string_equal(d[0].outcome, "discontinue");
	decision_free_list(d, n);
}

static void
members_flow(void **state)
{
	struct fx *f = *state;
	struct call c;
	struct user u;
	const char *code, *end;
	char pw[64];

	assert_int_equal(get(&c, f, NULL, page_members, "evil", NULL), APP_EPERM);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_b, page_members, "evil", NULL), APP_EPERM);
	resp_cleanup(&c.rs);
	assert_int_equal(get(&c, f, &f->member_a, page_members, "evil", NULL), 0);
	assert_true(has(body(&c), "Member A"));
	assert_false(has(body(&c), "member-form"));
	resp_cleanup(&c.rs);

	call_init(&c, f, &f->member_a, "POST", "/x", "evil", NULL);
	call_form(&c, "email", "new@a.eu");
	call_form(&c, "name", "New");
	call_form(&c, "role", "member");
	assert_int_equal(page_members_add(&c.rq, &c.rs), APP_EPERM);
	resp_cleanup(&c.rs);

	call_init(&c, f, &f->coord_a, "POST", "/x", "evil", NULL);
	call_form(&c, "email", "not-an-address");
	call_form(&c, "name", "New " EVIL);
	call_form(&c, "role", "admin");
	assert_int_equal(page_members_add(&c.rq, &c.rs), 0);
	assert_int_equal(c.rs.status, 400);
	assert_true(has(body(&c), "id=\"errors\""));
	assert_escaped(body(&c));
	resp_cleanup(&c.rs);

	call_init(&c, f, &f->coord_a, "POST", "/x", "evil", NULL);
	call_form(&c, "email", "New.Member@A.eu");
	call_form(&c, "name", "New " EVIL);
	call_form(&c, "role", "coordinator");
	assert_int_equal(page_members_add(&c.rq, &c.rs), 0);
	code = strstr(body(&c), "<code>");
	assert_non_null(code);
	code += 6;
	end = strstr(code, "</code>");
	assert_int_equal(end - code, 16);
	memcpy(pw, code, 16);
	pw[16] = '\0';
	assert_escaped(body(&c));
	resp_cleanup(&c.rs);
	memset(&u, 0, sizeof(u));
	assert_int_equal(store_user_by_email(f->app.store, "new.member@a.eu", &u), 0);
	assert_string_equal(u.role, "coordinator");
	assert_int_equal(u.partnership_id, f->pa);
	assert_int_equal(auth_verify_password(u.pw_hash, pw), 0);
	user_cleanup(&u);

	/* The same address again: the form with an error, nothing created. */
	call_init(&c, f, &f->coord_a, "POST", "/x", "evil", NULL);
	call_form(&c, "email", "new.member@a.eu");
	call_form(&c, "name", "Again");
	call_form(&c, "role", "member");
	assert_int_equal(page_members_add(&c.rq, &c.rs), 0);
	assert_int_equal(c.rs.status, 409);
	assert_true(has(body(&c), "exists already"));
	resp_cleanup(&c.rs);
}

/* --- exports: every report the caller may read ------------------------------ */

static size_t
export_count(struct fx *f, const struct user *u, const char *period, const char *platform,
	     bool *confidential, bool *self_assessment)
{
	struct actor a = app_actor(u);
	struct export_filter flt = {platform, period, NULL};
	struct export_set s;
	struct app_msg msg = {{0}};
	size_t i, n;

	if (app_export_reports(&f->app, &a, &flt, &s, &msg) != 0)
		fail_msg("app_export_reports: %s", msg.text);
	*confidential = *self_assessment = false;
	for (i = 0; i < s.n; i++) {
		assert_string_equal(s.v[i].slug, "evil");
		if (s.v[i].confidential)
			*confidential = true;
		if (json_object_get(report_answers(s.v[i].doc), "self_assessment") != NULL)
			*self_assessment = true;
		/* Oldest period first. */
		if (i > 0)
			assert_true(strcmp(s.v[i - 1].period, s.v[i].period) < 0);
	}
	n = s.n;
	export_set_cleanup(&s);
	return n;
}

static void
export_set_policy(void **state)
{
	struct fx *f = *state;
	struct actor pub = app_actor(NULL);
	struct export_filter bad = {NULL, "2020-H3", NULL};
	struct export_set s;
	struct app_msg msg = {{0}};
	bool conf, sa;

	/* The public and another partnership's member: the published report,
	 * without its self-assessment. */
	assert_int_equal(export_count(f, NULL, NULL, NULL, &conf, &sa), 1);
	assert_false(conf);
	assert_false(sa);
	assert_int_equal(export_count(f, &f->member_b, NULL, NULL, &conf, &sa), 1);
	assert_false(conf);
	assert_false(sa);
	/* The partnership's own member: all three, draft included. */
	assert_int_equal(export_count(f, &f->member_a, NULL, NULL, &conf, &sa), 3);
	assert_true(conf);
	assert_true(sa);
	/* The committee: submitted and published, not the draft. */
	assert_int_equal(export_count(f, &f->committee, NULL, NULL, &conf, &sa), 2);
	assert_true(sa);
	/* Filters. */
	assert_int_equal(export_count(f, &f->member_a, "2020-H2", NULL, &conf, &sa), 1);
	assert_int_equal(export_count(f, &f->member_a, NULL, "Energy", &conf, &sa), 0);
	assert_int_equal(export_count(f, &f->member_a, NULL, "Industrial Modernisation", &conf, &sa), 3);
	assert_int_equal(app_export_reports(&f->app, &pub, &bad, &s, &msg), APP_EINPUT);
	assert_non_null(strstr(msg.text, "2020-H3"));
	assert_int_equal(s.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(render_escapes_and_shapes, setup, teardown),
		cmocka_unit_test(render_comments_and_findings),
		cmocka_unit_test_setup_teardown(visible_doc_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(pages_escape_stored_text, setup, teardown),
		cmocka_unit_test_setup_teardown(pages_confidential_marker, setup, teardown),
		cmocka_unit_test_setup_teardown(partnership_page_periods, setup, teardown),
		cmocka_unit_test_setup_teardown(layout_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(login_form_next, setup, teardown),
		cmocka_unit_test_setup_teardown(review_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(decision_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(members_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(export_set_policy, setup, teardown),
	};

	return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
