/* store.h - the one storage interface: partnerships, periods, reports and
 * their revisions, comments, decisions, users, sessions, login attempts and
 * the audit log. SQLite (db_sqlite.c) or PostgreSQL (db_pg.c) under one
 * store_<entity>.c per record, see db.h. No HTML
 * and no HTTP here; pages never see SQL.
 *
 * Conventions: every function returns 0 or a negative enum app_err
 * (APP_ENOTFOUND when a looked-up row does not exist, APP_ECONFLICT when a
 * uniqueness rule or an expected revision/status does not hold). Strings in
 * the record structs are owned by the struct and freed by its _cleanup
 * function; list functions return arrays freed by the matching _free_list.
 * Timestamps are UTC text "YYYY-MM-DDTHH:MM:SSZ". A struct store may be
 * used from many threads at once. */
#ifndef S3PM_STORE_H
#define S3PM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "model.h"
#include "report_facts.h"
#include "report_text.h"

struct store;

/* Opens (creating if needed) the database at path and brings its schema up
 * to date with the versioned migrations. */
int store_open(const char *path, struct store **out, struct app_msg *msg);
/* Call once no thread uses st any more. Accepts NULL. */
void store_close(struct store *st);
/* The message of the latest failing store call in this thread (what, which
 * row, and the database's own text), for the log; "" if none. Borrowed
 * until the thread's next store call. */
const char *store_errmsg(struct store *st);
/* The schema version after migrations. */
int store_schema_version(struct store *st, int *version);
/* Whether the database answers: a trivial query on a pooled connection,
 * and its file is still the one opened (not removed or replaced under the
 * running process, which would lose every later write). 0 or an error
 * (APP_EIO) with store_errmsg saying what. */
int store_ping(struct store *st);

/* --- changes across servers (db_pg.c) -------------------------------------
 * Several servers on one PostgreSQL database tell each other of their
 * changes, so that what one keeps in memory (public pages) is dropped when
 * another changes the data: store_changed says "this process changed
 * something" (NOTIFY), a watch calls changed(arg) from its own thread for
 * every such word from any process (LISTEN), and after its connection was
 * lost and came back (a word may have been missed). On SQLite (one
 * machine) both do nothing: store_watch_start gives *out NULL and 0. */
struct store_watch;
int store_changed(struct store *st);
int store_watch_start(struct store *st, void (*changed)(void *arg), void *arg,
		      struct store_watch **out);
/* Stops and frees a watch (NULL is fine). */
void store_watch_stop(struct store_watch *w);

/* --- backups and moves (store_backup.c, store_dump.c) --------------------
 * These work on a database by its path, not on an open store: a backup
 * and a dump while a server writes to it, a restore and a load while
 * nothing has it open. Backups and restores copy SQLite files; a dump and
 * a load take a postgresql:// URL too (store_dump_pg.c, store_load_pg.c),
 * with the same lines. docs/internals/dump.md and durability.md. */

/* What a backup or restore did. */
struct store_copy_info {
	int schema;       /* the copy's schema version */
	int64_t pages;    /* its size in pages */
	int64_t bytes;    /* and in bytes */
};
/* Copies the database at db_path into file, online (SQLite's backup API,
 * in steps, from one read snapshot: writers go on meanwhile), through a
 * temporary file beside file that is checked (integrity, schema version),
 * fsync'd and renamed. APP_ECONFLICT when file exists and !force. */
int store_backup(const char *db_path, const char *file, bool force, struct store_copy_info *info,
		 struct app_msg *msg);
/* Replaces the database at db_path by a copy of file, a backup checked
 * first (an s3pm database, its integrity, a schema not newer than this
 * program's). The database being replaced is kept as before (a new
 * name: APP_ECONFLICT when it exists). APP_ECONFLICT too when another
 * s3pm process (a server) has db_path open. The schema is not migrated
 * here: store_open does it. */
int store_restore(const char *db_path, const char *file, const char *before,
		  struct store_copy_info *info, struct app_msg *msg);

/* Writes every table's rows as JSON lines to out (docs/internals/dump.md),
 * from one read snapshot, in constant memory; the derived tables (the
 * search index and the portfolio figures) are left out. *rows (may be
 * NULL) counts the rows written. */
int store_dump(const char *db_path, FILE *out, size_t *rows, struct app_msg *msg);
/* Reads a dump from in (named name in messages) into the database at
 * db_path, which must be new or empty (APP_ECONFLICT otherwise): created
 * at the dump's schema version, filled in one transaction (check_only:
 * rolled back at the end). Bad input is APP_EINPUT (or APP_ETOOBIG) with
 * the line number in msg, and nothing written (a file created here is
 * removed; on PostgreSQL the schema is made in the same transaction and
 * rolled back with it). The derived tables stay empty: the caller
 * reindexes after store_open (which also migrates to this program's
 * schema). */
int store_load(const char *db_path, FILE *in, const char *name, bool check_only, size_t *rows,
	       int *schema, struct app_msg *msg);

/* Runs fn inside one transaction (all or nothing); fn's non-zero return
 * rolls back and is returned. The store functions called from fn with the
 * same st join the transaction. */
int store_tx(struct store *st, int (*fn)(struct store *st, void *arg), void *arg);

/* --- partnerships -------------------------------------------------------- */

/* Creates; p->id is set. APP_ECONFLICT when the slug exists. */
int store_partnership_create(struct store *st, struct partnership *p);
/* Updates every field but id, slug and created_at. */
int store_partnership_update(struct store *st, const struct partnership *p);
int store_partnership_by_slug(struct store *st, const char *slug, struct partnership *out);
int store_partnership_by_id(struct store *st, int64_t id, struct partnership *out);
/* All partnerships ordered by platform, then name. */
int store_partnership_list(struct store *st, struct partnership **out, size_t *n);

/* --- reporting periods --------------------------------------------------- */

/* Creates the period if missing, or sets its deadline. */
int store_period_set(struct store *st, const char *period, const char *deadline);
int store_period_get(struct store *st, const char *period, struct period_row *out);
/* Ordered oldest first. free() the array. */
int store_period_list(struct store *st, struct period_row **out, size_t *n);

/* --- reports and revisions ------------------------------------------------ */

/* Creates the report of a partnership for a period with revision 1, doc
 * and status taken from r (an import may create it in a later status).
 * APP_ECONFLICT when it exists; APP_ENOTFOUND when the partnership, the
 * period (store_period_set first) or the user does not exist. r->id and
 * r->revision are set. */
int store_report_create(struct store *st, struct report_row *r, int64_t user_id);
int store_report_get(struct store *st, int64_t partnership_id, const char *period, struct report_row *out);
/* Partnership slug and its report of period (without the document), in
 * one read: *have_report false when the partnership has no report for
 * period. APP_ENOTFOUND when there is no such partnership. */
int store_partnership_report(struct store *st, const char *slug, const char *period,
			     struct partnership *p, struct report_row *r, bool *have_report);
/* store_report_get without the document (doc NULL): its revision number
 * says which one to read (store_report_revision) when it is not at hand. */
int store_report_head(struct store *st, int64_t partnership_id, const char *period,
		      struct report_row *out);
/* The report of the partnership in that status with the newest period,
 * doc filled in as by store_report_get; APP_ENOTFOUND when it has none. */
int store_report_latest(struct store *st, int64_t partnership_id, enum report_status status,
			struct report_row *out);
int store_report_by_id(struct store *st, int64_t id, struct report_row *out);
/* Reports of one partnership (partnership_id > 0) or of all (0), newest
 * period first; doc is left NULL in list results. */
int store_report_list(struct store *st, int64_t partnership_id, struct report_row **out, size_t *n);
/* A partnership's newest published period. */
struct latest_period {
	int64_t partnership_id;
	char period[8];
};
/* For every partnership with a published report, its newest published
 * period, by partnership id (*out: free()). */
int store_latest_published(struct store *st, struct latest_period **out, size_t *n);
/* A report with its partnership, as store_report_list_all lists them. */
struct report_full {
	struct partnership p;
	struct report_row r;    /* r.doc: the latest revision's document text */
};
void report_full_free_list(struct report_full *v, size_t n);
/* Every report with its partnership and the text of its latest revision,
 * in one read, by partnership name (then slug) and period, oldest first:
 * for the exports. Filters (NULL: any): the partnership's slug, its
 * platform ("" for none), the period. No access rule is applied here. */
int store_report_list_all(struct store *st, const char *slug, const char *platform, const char *period,
			  struct report_full **out, size_t *n);
/* Saves doc as a new revision if the latest revision is still
 * base_revision and the report is a draft or returned; APP_ECONFLICT
 * (nothing written) otherwise. *new_revision is set. */
int store_report_save(struct store *st, int64_t id, int base_revision, const char *doc,
		      int64_t user_id, int *new_revision);
/* store_report_create and store_report_save that also write the search
 * index of the new revision in the same transaction: text[0..ntext) (see
 * report_text.h, at most REPORT_TEXT_MAX entries), and its portfolio
 * figures (report_facts.h; NULL: none, the report counts with no figures).
 * text NULL: the revision is left unindexed (store_search_stale lists the
 * report). */
int store_report_create_text(struct store *st, struct report_row *r, int64_t user_id,
			     const struct report_text *text, size_t ntext,
			     const struct report_facts *facts);
int store_report_save_text(struct store *st, int64_t id, int base_revision, const char *doc,
			   int64_t user_id, const struct report_text *text, size_t ntext,
			   const struct report_facts *facts, int *new_revision);
/* Who wrote one revision (the user's name, or address; "" for an import)
 * and when (malloc'd). */
int store_revision_author(struct store *st, int64_t id, int revision, char **author, char **created_at);
/* The document of one revision (malloc'd JSON text). */
int store_report_revision(struct store *st, int64_t id, int revision, char **doc);
/* Changes status if it is currently `from`; APP_ECONFLICT otherwise. Sets
 * submitted_at (first submission only) / published_at as the new status
 * implies, and records the move (store_report_events). Moves allowed (else APP_EINPUT): draft->submitted,
 * submitted->returned|accepted|published, returned->draft|submitted,
 * accepted->published. */
int store_report_set_status(struct store *st, int64_t id, enum report_status from,
			    enum report_status to, int64_t user_id);
/* The moves of a report (store_report_set_status records each), oldest
 * first. */
int store_report_events(struct store *st, int64_t id, struct report_event **out, size_t *n);
/* Every report in status, of one partnership (partnership_id > 0) or of
 * all (0), the longest waiting first (by the time it moved to status). */
int store_report_queue(struct store *st, enum report_status status, int64_t partnership_id,
		       struct report_entry **out, size_t *n);
/* The reports awaiting a decision: accepted or published, their
 * partnership without a decision since they moved to that status (since
 * and decided_at set; was_returned and comments not read). In no order. */
int store_decide_queue(struct store *st, struct report_entry **out, size_t *n);

/* --- full-text search over the latest revisions' answers --------------- */

/* Sets the search index of report id to text[0..ntext) and its portfolio
 * figures to facts (NULL: none) for revision,
 * when that is still the report's latest revision (else nothing is
 * written: a save came in between and indexed its own). */
int store_search_index(struct store *st, int64_t id, int revision, const struct report_text *text,
		       size_t ntext, const struct report_facts *facts);
/* The reports whose latest revision is not indexed: ids and revisions
 * (free() both). */
int store_search_stale(struct store *st, int64_t **ids, int **revisions, size_t *n);

/* What a search looks for besides the words (NULL or "": any). A
 * question is the keep function's to filter: the store knows no form. */
struct search_filter {
	const char *platform;
	const char *period;   /* "2020-H1" */
};
/* An answer that matches, while the store scans the index: keep decides
 * whether it counts. form_id is the store's, valid during the call. */
struct search_cand {
	int64_t report_id, partnership_id;
	const char *form_id;
	char period[8];
	enum report_status status;
	size_t index;           /* its question's place in the form (form->questions) */
};
/* Decides whether the caller may see an answer (no store call inside). */
typedef bool (*search_keep_fn)(const struct search_cand *c, void *arg);
/* One answer found, with its report and partnership (strings malloc'd). */
struct search_hit {
	int64_t rowid;          /* the index row (store_search_snippet) */
	int64_t report_id, partnership_id;
	char *slug, *name, *platform;
	char period[8];
	enum report_status status;
	char *form_id;
	size_t index;           /* its question's place in the form */
};
void search_hit_free_list(struct search_hit *v, size_t n);
/* The answers matching match (an FTS5 expression: report_text_match
 * builds it) and filter that keep accepts. The index is read newest row
 * first and only the rows' ids are read (never their text) until cap + 1
 * are accepted: *total counts them (cap + 1 when there are more). They
 * are ordered by period (latest first), then report (newest first), then
 * question (form order); *out gets max of them from the skip-th on
 * (search_hit_free_list). */
int store_search(struct store *st, const char *match, const struct search_filter *filter,
		 search_keep_fn keep, void *arg, size_t skip, size_t max, size_t cap,
		 struct search_hit **out, size_t *n, size_t *total);
/* The snippet of one hit: its answer's words around the match, the
 * matching words between the bytes 0x02 and 0x03 (which the indexed text
 * never holds), "…" where text is cut. malloc'd. */
int store_search_snippet(struct store *st, const char *match, int64_t rowid, char **snippet);
/* Merges the index into one segment (FTS5's 'optimize'): each write adds
 * a segment and FTS5 merges them only now and then, and every search
 * reads every segment (24 of them after 14,000 reports made a search's
 * snippets ten times slower). Holds the write lock while it runs (about
 * 2 s for 300,000 answers). */
int store_search_optimize(struct store *st);
/* How many reports' index rows this process has written since it started
 * (a count for housekeeping: app_maint.c merges the index after many). */
uint64_t store_search_writes(void);

/* --- the portfolio (store_portfolio.c) ------------------------------------ */

/* What the portfolio reads (NULL: any): a partnership's slug, a platform
 * ("" for partnerships without one), the first and last period. */
struct portfolio_query {
	const char *slug, *platform, *from, *to;
};
struct portfolio_partnership {
	int64_t id;
	char *slug, *name, *platform;
	bool selected; /* by the query's slug and platform */
};
/* One report with its figures (report_facts.h; has_facts false: none
 * stored, the numbers are 0 and sdg ""). Its events by month are
 * month[month_at..+nmonth) and the countries of its placed regions
 * cc[cc_at..+ncc) of the portfolio_data. */
struct portfolio_report {
	int64_t id, partnership_id;
	char period[8];
	enum report_status status;
	char submitted[11];   /* the day of its first submission, "" if none */
	bool has_facts;
	char sdg[REPORT_FACTS_GOALS + 1];
	int regions, countries, eu13, non_eu, unplaced;
	int events_held, events_planned, events_undated, outreach;
	size_t month_at, nmonth, cc_at, ncc;
};
struct portfolio_data {
	struct portfolio_partnership *p; /* all of them, by name, then slug */
	size_t np;
	struct period_row *period;       /* the periods set, oldest first */
	size_t nperiod;
	struct portfolio_report *r;      /* by report id */
	size_t nr;
	struct report_fact_month *month;
	size_t nmonth;
	char (*cc)[3];
	size_t ncc;
};
/* Everything the portfolio counts, filtered by q, in one read: every
 * partnership (those q selects marked), the periods and the reports (of
 * the partnerships and periods selected) with their figures. No access rule is applied here.
 * portfolio_data_cleanup frees it (also after a failure). */
int store_portfolio(struct store *st, const struct portfolio_query *q, struct portfolio_data *out);
void portfolio_data_cleanup(struct portfolio_data *d);

/* --- the map: partnerships by NUTS 2 region (store_regions.c) ----------- */

/* Which reports the map counts (NULL or "": any). */
struct region_filter {
	const char *platform;
	const char *period;      /* "2020-H1" */
	const char *partnership; /* a slug */
};
/* A report the map might count: the keep function sees it before it is
 * taken (the store decides nothing about access). */
struct region_report {
	int64_t id, partnership_id;
	enum report_status status;
	char period[8];
};
typedef bool (*region_keep_fn)(const struct region_report *r, void *arg);
/* Partnerships (or, with report_count, reports) per NUTS 2 code, and the
 * leading ones among them. */
struct region_count {
	char code[5];
	char country[3];
	int count;
	int lead;
};
/* Partnerships with a region in a country. */
struct country_count {
	char country[3];
	int count;
};
/* For each partnership matching filter, the newest report (by period)
 * that keep accepts; then, over these reports, how many name each NUTS 2
 * code (*regions sorted by code) and each country (*countries sorted by
 * country), from the facts of the reports' latest revisions. *nreports
 * gets how many reports were taken. free() both lists. */
int store_region_map(struct store *st, const struct region_filter *filter, region_keep_fn keep, void *arg,
		     size_t *nreports, struct region_count **regions, size_t *nregions,
		     struct country_count **countries, size_t *ncountries);

/* A report naming a region, with its partnership. */
struct region_entry {
	int64_t report_id, partnership_id;
	char *slug, *name, *platform;
	enum report_status status;
	char period[8];
	bool lead;
};
void region_entry_free_list(struct region_entry *v, size_t n);
/* Every report whose latest revision names code (a NUTS 2 code), by
 * partnership name, then period newest first (*out, region_entry_free_list). */
int store_region_reports(struct store *st, const char *code, struct region_entry **out, size_t *n);

/* --- comments ------------------------------------------------------------ */

int store_comment_add(struct store *st, struct comment *c);
/* Marks comment id of report_id resolved by user_id, or open again
 * (user_id 0). APP_ENOTFOUND when the report has no such comment. */
int store_comment_resolve(struct store *st, int64_t report_id, int64_t id, int64_t user_id);
/* Oldest first. */
int store_comment_list(struct store *st, int64_t report_id, struct comment **out, size_t *n);

/* --- the Commission's decisions ----------------------------------------- */

int store_decision_add(struct store *st, struct decision *d);
/* Newest first. */
int store_decision_list(struct store *st, int64_t partnership_id, struct decision **out, size_t *n);

/* --- users and sessions --------------------------------------------------- */

/* APP_ECONFLICT when the e-mail address is taken. u->id is set. */
int store_user_create(struct store *st, struct user *u);
int store_user_by_email(struct store *st, const char *email, struct user *out);
int store_user_by_id(struct store *st, int64_t id, struct user *out);
int store_user_set_password(struct store *st, int64_t id, const char *pw_hash);
int store_user_update(struct store *st, const struct user *u); /* name, role, partnership, active */
/* Deadline reminders by e-mail on or off. */
int store_user_set_reminders(struct store *st, int64_t id, bool on);
/* All users (partnership_id 0) or one partnership's. */
int store_user_list(struct store *st, int64_t partnership_id, struct user **out, size_t *n);
/* The number of users (active or not). */
int store_user_count(struct store *st, size_t *n);

int store_session_create(struct store *st, const struct session *s);
/* APP_ENOTFOUND also when expired (expires <= the clock's time now). */
int store_session_get(struct store *st, const char *token_hash, struct session *out);
int store_session_delete(struct store *st, const char *token_hash);
/* The session of token_hash (not expired) and its user, in one read;
 * APP_ENOTFOUND when there is none. u: user_cleanup. */
int store_session_user(struct store *st, const char *token_hash, struct session *s, struct user *u);
/* Deletes every session of the user but the one whose token hash is
 * keep_token_hash (NULL: all of them), e.g. after a password change.
 * 0 also when there was none to delete. */
int store_session_delete_user(struct store *st, int64_t user_id, const char *keep_token_hash);
/* Deletes sessions with expires <= now and login failures older than a
 * day (now - 86400). */
int store_session_purge(struct store *st, int64_t now);

/* Records a failed login for key (e.g. "email:x@y" or "ip:1.2.3.4") at time
 * now, and returns in *count the failures for key since `since`. */
int store_login_failure(struct store *st, const char *key, int64_t now, int64_t since, int *count);
int store_login_failures(struct store *st, const char *key, int64_t since, int *count);
int store_login_clear(struct store *st, const char *key);

/* --- API tokens (store_token.c) ------------------------------------------ */

/* Stores t (user_id, token_hash, name, write); sets t->id. */
int store_token_create(struct store *st, struct api_token *t);
/* The token of a hash, revoked or not (caller: api_token_cleanup). */
int store_token_find(struct store *st, const char *token_hash, struct api_token *out);
/* A user's tokens, newest first (caller: api_token_free_list). */
int store_token_list(struct store *st, int64_t user_id, struct api_token **out, size_t *n);
/* Revokes token id of user_id: APP_ENOTFOUND when it is not theirs or
 * revoked already. */
int store_token_revoke(struct store *st, int64_t user_id, int64_t id);
/* Notes that token id was used now. */
int store_token_touch(struct store *st, int64_t id);

/* --- audit log ------------------------------------------------------------ */

int store_audit(struct store *st, int64_t user_id, const char *action, const char *object,
		int revision, const char *detail);
/* Newest first; object NULL = all; at most limit entries (0 = no limit). */
int store_audit_list(struct store *st, const char *object, size_t limit, struct audit_entry **out,
		     size_t *n);
/* The same with more filters: actions starting with action_prefix (NULL
 * or "": all), entries older than before_id (0: from the newest), for
 * paging. */
int store_audit_query(struct store *st, const char *object, const char *action_prefix, int64_t before_id,
		      size_t limit, struct audit_entry **out, size_t *n);
/* The newest entry's id (0: none): it grows with every change the
 * application makes, which writes its entry in the change's transaction. */
int store_audit_last(struct store *st, int64_t *id);

/* --- the e-mail outbox ------------------------------------------------------ */

/* Queues m (status queued, due at m->next_at); m->id is set. A mail whose
 * dedup key is already in the outbox is not added: *added tells. */
int store_mail_add(struct store *st, struct mail *m, bool *added);
/* Claims the mail due first (next_at <= now), queued or left 'sending' by
 * a worker whose lease ran out: it becomes 'sending' until now + lease.
 * *got is false when none is due. */
int store_mail_claim(struct store *st, int64_t now, int64_t lease, struct mail *out, bool *got);
/* After an attempt: sent, or due again at next_at with error (failed for
 * good when give_up). */
int store_mail_done(struct store *st, int64_t id, bool sent, const char *error, int64_t next_at,
		    bool give_up);
/* A failed mail queued again, due at now. */
int store_mail_retry(struct store *st, int64_t id, int64_t now);
/* Newest first; status an enum mail_status or -1 for all; at most limit. */
int store_mail_list(struct store *st, int status, size_t limit, struct mail **out, size_t *n);
/* How many mails are in each enum mail_status. */
int store_mail_counts(struct store *st, size_t counts[4]);

#endif
