/* render.h - a report read-only, from its form definition and a document,
 * and the fragments the report pages share (comments, findings, statuses,
 * dates, the Commission's decision form). Everything is written into a
 * struct buf through html.h; nothing here decides who may read what: the
 * caller passes a document already reduced to what the reader may see
 * (ctx_visible_doc) and says which sections to show. */
#ifndef S3PM_RENDER_H
#define S3PM_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "finding.h"
#include "form.h"
#include "model.h"
#include "web.h"

struct render_opts {
	/* Heading level of the section headings (2..4; 0 means 2). Static
	 * headings of the form and question labels sit one or two levels
	 * below, group fields one more. */
	int level;
	/* Per form section (f->nsections entries): show it? NULL shows every
	 * section. A hidden section writes nothing at all. */
	const bool *sections;
	/* Comments shown beside their questions (comment.question == the
	 * question's id); those on the whole report ("") or on a question the
	 * form does not know are shown first, under "Comments on the whole
	 * report". A comment on a question of a hidden section is not shown.
	 * NULL/0: no comments. Borrowed. */
	const struct comment *comments;
	size_t ncomments;
	/* The report's address ("/p/SLUG/PERIOD") and the session's CSRF
	 * token: with them each comment gets a "Mark resolved" (or "Reopen")
	 * button when can_resolve, and each question a "Comment on this
	 * question" link to the review form when can_comment. */
	const char *base;
	const char *csrf;
	bool can_resolve, can_comment;
	/* Validation findings shown beside their questions; NULL: none. */
	const struct findings *findings;
};

/* Writes <div id="report"> with one <section id="s-SECTION"> per shown
 * form section: its heading, the form's static texts, and per question a
 * <section class="q" id="q-QID"> with the exact label and the answer ("No
 * answer" when absent). Confidential sections carry a note saying so. The
 * document's "unmapped" lines, when it has any, close it. doc is
 * a canonical report document (report.h) or NULL (nothing answered). */
int render_report(struct buf *b, const struct form *f, json_t *doc, const struct render_opts *o);

/* The answer to one question (no label), read-only: text, paragraphs,
 * choice labels, links for http(s) addresses, tables with <caption> (the
 * label) and <th scope>, regions as name/country/NUTS, the likert scale as
 * a table of rows with the chosen value's label, groups field by field
 * with headings at level+1. answer NULL writes "No answer". */
int render_answer(struct buf *b, const struct form_question *q, json_t *answer, int level);

/* <div class="comments"> listing the comments on question (a question id,
 * or "" for the whole report), oldest first, each with author, time and
 * revision. Writes nothing when none matches. For the edit page too. */
int render_comments(struct buf *b, const struct comment *v, size_t n, const char *question);

/* <ul class="findings"> of the findings about question (each li.hint with
 * class error or warning); nothing when none matches. */
int render_findings(struct buf *b, const struct findings *fs, const char *question);

/* A summary of findings for overseers: counts, then each finding linking
 * to its question (#q-QID). Findings about questions in hidden sections
 * (sections[i] false) are left out. heading_level is the <hN> of its
 * title. */
int render_findings_summary(struct buf *b, const struct form *f, const struct findings *fs,
			    const bool *sections, int heading_level);

/* "Draft", "Submitted", "Returned", "Accepted", "Published". */
const char *render_status_label(enum report_status s);
/* "Continue", "Continue with conditions", "Discontinue", or NULL for an
 * unknown outcome. */
const char *render_outcome_label(const char *outcome);

/* A stored UTC time "YYYY-MM-DDTHH:MM:SSZ" as <time datetime="...">2
 * December 2026, 15:46 UTC</time>, a date "YYYY-MM-DD" as <time
 * datetime="...">2 December 2026</time> (daytime.h: the one way dates are
 * shown); other text is written escaped as it is. */
int render_time(struct buf *b, const char *ts);

/* The list of decisions (ul.decisions; each term and outcome a heading of
 * level), or "No decision has been recorded yet." */
int render_decisions(struct buf *b, const struct decision *d, size_t nd, int level);

/* form#decision-form posting to /p/SLUG/decisions, with the fields of the
 * HTML contract (term, outcome, conditions, rationale) pre-filled from
 * prefill (may be NULL) and the csrf field of rq's session. */
int render_decision_form(struct buf *b, struct req *rq, const char *slug,
			 const struct decision *prefill);

/* A list of input errors: <div id="errors" role="alert"> with a heading
 * and one <li> per message (escaped). Nothing when n is 0. */
int render_input_errors(struct buf *b, const char *const *msgs, size_t n);

/* "Changes since the report was returned" (render_diff.c): nothing unless
 * ch->shown. */
struct report_changes;
int render_changes(struct buf *b, const struct report_changes *ch, int level);

/* What changed in q's answer from before to after (either NULL: no
 * answer), by its shape: a row diff of a table or regions (a table with a
 * Change column: Added, Removed, Unchanged), the changed keys of a matrix
 * or group (named by the form's labels, values by the scale's), a word
 * diff of anything else (<p class="diff-text"> with <del> and <ins>). */
int render_answer_diff(struct buf *b, const struct form_question *q, const json_t *before,
		       const json_t *after);

#endif
