/* page_confirm.c - the confirmation page of an action (confirm.h). */
#include "confirm.h"

#include <stdlib.h>
#include <string.h>

#include "app_report.h"
#include "html.h"
#include "layout.h"
#include "links.h"
#include "render.h"

#define TRY(x)                        \
	do {                          \
		if ((rc = (x)) != 0)  \
			goto out;     \
	} while (0)

bool
confirm_given(struct req *rq)
{
	const char *v = req_form(rq, "confirmed");

	return v != NULL && strcmp(v, "yes") == 0;
}

int
confirm_page(struct req *rq, struct resp *rs, const struct confirm *cf)
{
	struct buf *b = &rs->body;
	size_t i;
	int rc;

	TRY(layout_begin(rq, rs, cf->title));
	for (i = 0; i < cf->nparas; i++) {
		TRY(html_raw(b, "<p>"));
		TRY(html_text(b, cf->paras[i]));
		TRY(html_raw(b, "</p>\n"));
	}
	if (cf->nfacts > 0) {
		TRY(html_raw(b, "<dl class=\"facts confirm-facts\">\n"));
		for (i = 0; i < cf->nfacts; i++) {
			TRY(html_raw(b, "<dt>"));
			TRY(html_text(b, cf->facts[i].name));
			TRY(html_raw(b, "</dt><dd>"));
			TRY(html_text_paras(b, cf->facts[i].value != NULL && cf->facts[i].value[0] != '\0'
						       ? cf->facts[i].value
						       : "—"));
			TRY(html_raw(b, "</dd>\n"));
		}
		TRY(html_raw(b, "</dl>\n"));
	}
	TRY(html_raw(b, "<form id=\"confirm-form\" class=\"actions-row\" method=\"post\" action=\""));
	TRY(html_attr(b, cf->action));
	TRY(html_raw(b, "\">\n"));
	TRY(layout_csrf(rq, b));
	TRY(html_hidden(b, "confirmed", "yes"));
	for (i = 0; i < cf->nfields; i++)
		TRY(html_hidden(b, cf->fields[i].name, cf->fields[i].value));
	if (cf->button_name != NULL) {
		TRY(html_raw(b, "<button type=\"submit\" name=\""));
		TRY(html_attr(b, cf->button_name));
		TRY(html_raw(b, "\" value=\""));
		TRY(html_attr(b, cf->button_value));
		TRY(html_raw(b, "\">"));
	} else {
		TRY(html_raw(b, "<button type=\"submit\">"));
	}
	TRY(html_text(b, cf->button));
	TRY(html_raw(b, "</button>\n"));
	if (cf->alt_button != NULL) {
		TRY(html_raw(b, "<button type=\"submit\" class=\"secondary\" name=\""));
		TRY(html_attr(b, cf->alt_name));
		TRY(html_raw(b, "\" value=\""));
		TRY(html_attr(b, cf->alt_value));
		TRY(html_raw(b, "\">"));
		TRY(html_text(b, cf->alt_button));
		TRY(html_raw(b, "</button>\n"));
	}
	TRY(html_link_attrs(b, cf->cancel_href, cf->cancel_text, "class=\"button secondary\""));
	TRY(html_raw(b, "\n</form>\n"));
	TRY(layout_end(rq, rs));
out:
	return rc;
}

/* "the 2020-H2 report of Mining industry" into t; the action's and the
 * cancel link's paths into act and back. */
static int
report_bits(const struct report_view *c, const char *verb, const char *suffix, const char *back_suffix,
	    struct buf *t, struct buf *act, struct buf *back)
{
	int rc;

	/* A title: escaped where the layout writes it. */
	TRY(buf_puts(t, verb));
	TRY(buf_puts(t, " the "));
	TRY(buf_puts(t, c->period));
	TRY(buf_puts(t, " report of "));
	TRY(buf_puts(t, c->p.name));
	TRY(buf_putc(t, '?'));
	TRY(link_report(act, c->p.slug, c->period, suffix));
	TRY(link_report(back, c->p.slug, c->period, back_suffix));
out:
	return rc;
}

static int
report_confirm(struct req *rq, struct resp *rs, const struct report_view *c, const char *verb,
	       const char *suffix, const char *back_suffix, bool from_form, const char *button,
	       const char *const *paras, size_t nparas, const struct confirm_field *facts,
	       size_t nfacts, const struct confirm_field *fields, size_t nfields)
{
	struct buf t, act, back;
	struct confirm cf;
	int rc;

	buf_init(&t, 4096);
	buf_init(&act, 4096);
	buf_init(&back, 4096);
	TRY(report_bits(c, verb, suffix, back_suffix, &t, &act, &back));
	memset(&cf, 0, sizeof(cf));
	cf.title = buf_cstr(&t);
	cf.action = buf_cstr(&act);
	cf.button = button;
	cf.cancel_href = buf_cstr(&back);
	cf.cancel_text = back_suffix != NULL ? "Back to editing" : "Back to the report";
	cf.paras = paras;
	cf.nparas = nparas;
	cf.facts = facts;
	cf.nfacts = nfacts;
	cf.fields = fields;
	cf.nfields = nfields;
	if (from_form) {
		/* The answers are not saved yet: submit them, or save them as
		 * a draft; leaving by the link loses them. */
		cf.button_name = "action";
		cf.button_value = "submit";
		cf.alt_button = "Save as a draft instead";
		cf.alt_name = "action";
		cf.alt_value = "save";
		cf.cancel_text = "Back to editing (what you wrote is not saved)";
	}
	rc = confirm_page(rq, rs, &cf);
out:
	buf_cleanup(&t);
	buf_cleanup(&act);
	buf_cleanup(&back);
	return rc;
}

int
confirm_submit(struct req *rq, struct resp *rs, const struct report_view *c)
{
	static const char *const paras[] = {
		"The report goes to the Working/Steering Committee, whose members are told by e-mail.",
		"While the committee reviews it, the report cannot be changed. The committee accepts "
		"and publishes it, or returns it to the partnership with comments.",
	};

	return report_confirm(rq, rs, c, "Submit", "submit", "edit", false, "Submit the report", paras, 2,
			      NULL, 0, NULL, 0);
}

int
confirm_edit_submit(struct req *rq, struct resp *rs, const struct report_view *c)
{
	static const char *const paras[] = {
		"The report, with the answers you have just written, goes to the Working/Steering "
		"Committee, whose members are told by e-mail. Nothing is saved until you confirm.",
		"While the committee reviews it, the report cannot be changed. The committee accepts "
		"and publishes it, or returns it to the partnership with comments.",
	};
	struct confirm_field *fields;
	size_t i, n = 0;
	int rc;

	fields = calloc(rq->nform + 1, sizeof(*fields));
	if (fields == NULL)
		return APP_ENOMEM;
	for (i = 0; i < rq->nform; i++) {
		const char *k = rq->form[i].key;

		if (k == NULL || strcmp(k, "csrf") == 0 || strcmp(k, "confirmed") == 0 ||
		    strcmp(k, "action") == 0)
			continue;
		fields[n].name = k;
		fields[n].value = rq->form[i].value != NULL ? rq->form[i].value : "";
		n++;
	}
	rc = report_confirm(rq, rs, c, "Submit", "edit", "edit", true, "Submit the report", paras, 2, NULL,
			    0, fields, n);
	free(fields);
	return rc;
}

int
confirm_return(struct req *rq, struct resp *rs, const struct report_view *c, const char *body)
{
	static const char *const paras[] = {
		"The report goes back to the partnership with the comment below, and its "
		"coordinator and members are told by e-mail (the mail does not carry the comment).",
		"The partnership can then change the report and submit it again.",
	};
	const struct confirm_field facts[] = {{"Comment", body}};
	const struct confirm_field fields[] = {{"body", body}};

	return report_confirm(rq, rs, c, "Return", "return", NULL, false, "Return the report", paras, 2,
			      facts, 1, fields, 1);
}

int
confirm_accept(struct req *rq, struct resp *rs, const struct report_view *c)
{
	static const char *const paras[] = {
		"Accepting publishes the header, the management report, the progress report and the "
		"SDGs on the partnership's public page. The self-assessment stays confidential.",
		"The partnership's coordinator and members are told by e-mail. A published report "
		"is not changed any more.",
	};

	return report_confirm(rq, rs, c, "Accept and publish", "accept", NULL, false, "Accept and publish",
			      paras, 2, NULL, 0, NULL, 0);
}

int
confirm_decision(struct req *rq, struct resp *rs, const struct report_view *c,
		 const struct decision *d)
{
	static const char *const paras[] = {
		"The decision is recorded under your name and cannot be changed afterwards. The "
		"partnership's coordinator and members are told by e-mail that a decision was "
		"recorded (the mail does not carry it).",
	};
	const struct confirm_field facts[] = {
		{"Term", d->term},
		{"Outcome", render_outcome_label(d->outcome)},
		{"Conditions", d->conditions},
		{"Rationale", d->rationale},
	};
	const struct confirm_field fields[] = {
		{"term", d->term},
		{"outcome", d->outcome},
		{"conditions", d->conditions},
		{"rationale", d->rationale},
	};
	struct buf t, act, back;
	struct confirm cf;
	int rc;

	buf_init(&t, 4096);
	buf_init(&act, 4096);
	buf_init(&back, 4096);
	TRY(buf_puts(&t, "Record this decision on "));
	TRY(buf_puts(&t, c->p.name));
	TRY(buf_putc(&t, '?'));
	TRY(link_report(&act, c->p.slug, NULL, "decisions"));
	TRY(link_report(&back, c->p.slug, NULL, NULL));
	TRY(buf_puts(&back, "#decisions"));
	memset(&cf, 0, sizeof(cf));
	cf.title = buf_cstr(&t);
	cf.action = buf_cstr(&act);
	cf.button = "Record the decision";
	cf.cancel_href = buf_cstr(&back);
	cf.cancel_text = "Back to the partnership";
	cf.paras = paras;
	cf.nparas = 1;
	cf.facts = facts;
	cf.nfacts = 4;
	cf.fields = fields;
	cf.nfields = 4;
	rc = confirm_page(rq, rs, &cf);
out:
	buf_cleanup(&t);
	buf_cleanup(&act);
	buf_cleanup(&back);
	return rc;
}
