/* app_report.h - a partnership's report for one period as the caller may
 * see it, and everything done to it: starting it pre-filled, saving drafts
 * with a merge of concurrent saves, submitting, the committee's comments,
 * return and acceptance (which publishes it).
 *
 * A report the caller may not know of (a draft of another partnership)
 * looks exactly like no report: the same error, the same status. */
#ifndef S3PM_APP_REPORT_H
#define S3PM_APP_REPORT_H

#include <jansson.h>

#include "app.h"
#include "finding.h"

/* A report as one caller sees it. */
struct report_view {
	struct partnership p;       /* always loaded (names are public) */
	bool have_report;           /* a report the caller may read exists */
	struct report_row r;        /* when have_report (r.doc NULL: see doc) */
	enum report_status status;  /* of r (REPORT_DRAFT when none) */
	struct form *form;          /* the report's form (the app's when it is that one) */
	bool own_form;
	json_t *doc;                /* the revision's document (canonical; every section), or NULL;
				     * read-only: it may be shared with other threads */
	struct actor actor;
	char period[8];             /* "YYYY-H1|H2" */
};

/* Loads partnership slug and, when period is not NULL, that period's
 * report if the caller may read it. APP_ENOTFOUND for an unknown slug or a
 * malformed period (one spelling per period: "2020-H1"). */
int app_report_open(struct app *app, const struct actor *a, const char *slug, const char *period,
		    struct report_view *v);
void report_view_cleanup(struct report_view *v);

/* A report's history as the caller may see it: its moves (submitted,
 * returned, accepted, published: by whom and when, oldest first) and who
 * saved its latest revision when. Only for those who follow the
 * partnership (policy_can_follow); empty for everybody else. */
struct report_history {
	struct report_event *events;
	size_t nevents;
	char *saved_by;  /* the latest revision's author: name or address; "" for an import */
	char *saved_at;  /* its time; NULL when not shown */
};
int app_report_history(struct app *app, const struct report_view *v, struct report_history *out);

/* What changed in a report submitted again after a return: question by
 * question (of the sections the caller reads), between the revision that
 * was returned and the one submitted now. shown is false (and the list
 * empty) unless the report is submitted after a return and the caller
 * follows the partnership. h: the report's history (app_report_history). */
struct report_change {
	const struct form_question *q;
	json_t *before, *after; /* borrowed from the two documents; NULL: no answer */
};
struct report_changes {
	bool shown;
	int from_revision, to_revision;
	const char *returned_at;  /* borrowed from h */
	json_t *before_doc;       /* owned */
	struct report_change *v;
	size_t n;
};
int app_report_changes(struct app *app, const struct report_view *v, const struct report_history *h,
		       struct report_changes *out);
void report_changes_cleanup(struct report_changes *c);
/* null, "", [] and {} are all "no answer". */
bool app_answer_empty(const json_t *v);
void report_history_cleanup(struct report_history *h);

/* May the caller read section i of v->form? False for every section when
 * there is no report. */
bool report_view_can_read_section(const struct report_view *v, size_t i);
/* Whether the caller reads each section (malloc'd, nsections + 1 entries). */
bool *report_view_sections(const struct report_view *v);
/* The document with every section the caller may not read removed (a new
 * reference; NULL when there is no document, or out of memory). The
 * "unmapped" lines (text an import could not place, which may come from
 * any section) are kept only for a caller who reads every section. */
json_t *report_view_visible_doc(const struct report_view *v);
/* The same cut, made in doc itself (one the caller owns and may change,
 * read with v->form; v->doc is not used): 0, or APP_ENOMEM. */
int report_view_cut(const struct report_view *v, json_t *doc);

/* The comments on v's report, for those who follow the partnership
 * (policy_can_follow): none for others. Comments on questions of sections
 * the caller may not read are left out. */
int app_report_comments(struct app *app, const struct report_view *v, struct comment **out,
			size_t *n);

/* Validation of doc (form f) with the NUTS lists; findings into out. */
int app_report_check(struct app *app, const struct form *f, json_t *doc, struct findings *out);
/* How many of the findings stop a submission (every error does). */
size_t app_report_blocking(const struct findings *fnd);

/* Starts the report of slug for period, pre-filled from the previous one
 * (or the partnership's record): only its coordinator and members, for a
 * period no later than next year. 0 and *created true: started now; 0 and
 * *created false: it existed and the caller may read it (v says whether
 * they may edit it). APP_EPERM when the caller may not start reports of
 * this partnership, whether or not a report they may not see exists.
 * v is filled on success. */
int app_report_start(struct app *app, const struct actor *a, const char *slug, const char *period,
		     struct report_view *v, bool *created);

/* The caller's document for v, given the sections they may change
 * (editable[i]): built by the edge from what was posted. */
typedef int (*app_build_fn)(const struct report_view *v, const bool *editable, json_t **mine,
			    void *arg);

struct app_saved {
	int revision;      /* the stored revision afterwards */
	bool changed;      /* a new revision was written */
	bool merged;       /* with what others saved since the base */
	bool submitted;    /* submitted too */
	bool blocked;      /* submit asked, findings stop it: nothing was saved */
	json_t *doc;       /* the stored document afterwards; when blocked or in conflict, the caller's */
	json_t *conflicts; /* non-empty: nothing was saved */
	json_t *view;      /* with conflicts: merged, with mine where they conflict */
};
void app_saved_cleanup(struct app_saved *s);

/* Saves the caller's answers (built by build, written on revision base) of
 * report slug/period as a new revision, merged with the saves made since
 * base unless they changed the same answers (then s->conflicts, nothing
 * saved). With submit, the caller must be allowed to submit (APP_EPERM
 * before anything is read from the request otherwise) and the result must
 * have no blocking finding (else s->blocked, nothing saved); then the save
 * and the submission are one transaction. fnd (may be NULL) receives the
 * findings of the resulting document. v is the report as loaded for the
 * save (for the edge's page); it is filled whenever the report could be
 * read. */
int app_report_save(struct app *app, const struct actor *a, const char *slug, const char *period,
		     int base, app_build_fn build, void *arg, bool submit, struct report_view *v,
		     struct app_saved *s, struct findings *fnd);

/* Submits the stored draft as it is (the coordinator, from draft or
 * returned). *blocked and the findings when errors stop it. With
 * check_only, every check is made and nothing is changed (for the edges'
 * confirmation step: 0 means the submission would be taken). The same for
 * the review's and the decision's use cases below. */
int app_report_submit(struct app *app, const struct actor *a, const char *slug, const char *period,
		      struct report_view *v, struct findings *fnd, bool *blocked, bool check_only);

/* The document of revision rev of v's report, canonical (for a merge). */
int app_report_revision(struct app *app, const struct report_view *v, int rev, json_t **out);

/* --- review: the Working/Steering Committee --------------------------------- */

/* Longest comment, condition or rationale, in characters. */
#define APP_TEXT_MAX_CHARS 10000

/* A committee member's comment on a submitted report, on one question of a
 * section they read or on the whole report (question "" or NULL). body is
 * trimmed; empty or longer than APP_TEXT_MAX_CHARS: APP_EINPUT. *qid_out
 * (may be NULL) points to the question's id in v->form, or NULL. */
int app_report_comment(struct app *app, const struct actor *a, const char *slug, const char *period,
		       const char *question, const char *body, struct report_view *v);
/* Returns a submitted report to the partnership with a reason (a comment
 * on the whole report), in one transaction. */
int app_report_return(struct app *app, const struct actor *a, const char *slug, const char *period,
		      const char *body, struct report_view *v, bool check_only);
/* Marks comment id of the report resolved (or open again): the committee
 * and the partnership's own coordinator and members, who read its
 * comments. Audited. A report the caller may not read, or a comment not
 * on it: APP_ENOTFOUND. */
int app_comment_resolve(struct app *app, const struct actor *a, const char *slug, const char *period,
			int64_t id, bool resolved, struct report_view *v);
/* May the caller of v mark v's comments resolved? */
bool app_can_resolve(const struct report_view *v);
/* Accepts a submitted report and publishes it, in one transaction. */
int app_report_accept(struct app *app, const struct actor *a, const char *slug, const char *period,
		      struct report_view *v, bool check_only);

#endif
