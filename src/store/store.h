/* store.h - the one storage interface: partnerships, periods, reports and
 * their revisions, comments, decisions, users, sessions, login attempts and
 * the audit log. SQLite now (store_sqlite.c); PostgreSQL later behind the
 * same functions. No HTML and no HTTP here; pages never see SQL.
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

#include "err.h"

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

/* Runs fn inside one transaction (all or nothing); fn's non-zero return
 * rolls back and is returned. The store functions called from fn with the
 * same st join the transaction. */
int store_tx(struct store *st, int (*fn)(struct store *st, void *arg), void *arg);

/* --- partnerships -------------------------------------------------------- */

struct partnership {
	int64_t id;
	char *slug;          /* "mining-industry" */
	char *name;          /* "Mining industry" */
	char *platform;      /* "Agri-Food", "Energy", "Industrial Modernisation", "Sustainable Blue Economy", or "" */
	char *start_date;    /* free text, "Fall 2019" */
	char *webpage;
	char *leading_regions;       /* as written */
	char *participating_regions; /* JSON array of {name, country, nuts} */
	int nuts_version;            /* version the regions were written against; 0 unknown */
	char *created_at;
};
void partnership_cleanup(struct partnership *p);
void partnership_free_list(struct partnership *v, size_t n);

/* Creates; p->id is set. APP_ECONFLICT when the slug exists. */
int store_partnership_create(struct store *st, struct partnership *p);
/* Updates every field but id, slug and created_at. */
int store_partnership_update(struct store *st, const struct partnership *p);
int store_partnership_by_slug(struct store *st, const char *slug, struct partnership *out);
int store_partnership_by_id(struct store *st, int64_t id, struct partnership *out);
/* All partnerships ordered by platform, then name. */
int store_partnership_list(struct store *st, struct partnership **out, size_t *n);

/* --- reporting periods --------------------------------------------------- */

struct period_row {
	char period[8];    /* "2020-H1" */
	char deadline[11]; /* "2020-07-31" */
};
/* Creates the period if missing, or sets its deadline. */
int store_period_set(struct store *st, const char *period, const char *deadline);
int store_period_get(struct store *st, const char *period, struct period_row *out);
/* Ordered oldest first. free() the array. */
int store_period_list(struct store *st, struct period_row **out, size_t *n);

/* --- reports and revisions ------------------------------------------------ */

enum report_status {
	REPORT_DRAFT,
	REPORT_SUBMITTED,
	REPORT_RETURNED,
	REPORT_ACCEPTED,
	REPORT_PUBLISHED
};
const char *report_status_name(enum report_status s); /* "draft", ... */
int report_status_parse(const char *s, enum report_status *out);

struct report_row {
	int64_t id;
	int64_t partnership_id;
	char period[8];
	char *form_id;
	enum report_status status;
	int revision;        /* number of the latest revision, from 1 */
	char *doc;           /* the latest revision's report document (JSON text) */
	int64_t updated_by;  /* user id, 0 = none (import) */
	char *updated_at;
	char *submitted_at;  /* NULL until first submitted */
	char *published_at;  /* NULL until published */
};
void report_row_cleanup(struct report_row *r);
void report_row_free_list(struct report_row *v, size_t n);

/* Creates the report of a partnership for a period with revision 1, doc
 * and status taken from r (an import may create it in a later status).
 * APP_ECONFLICT when it exists; APP_ENOTFOUND when the partnership, the
 * period (store_period_set first) or the user does not exist. r->id and
 * r->revision are set. */
int store_report_create(struct store *st, struct report_row *r, int64_t user_id);
int store_report_get(struct store *st, int64_t partnership_id, const char *period, struct report_row *out);
int store_report_by_id(struct store *st, int64_t id, struct report_row *out);
/* Reports of one partnership (partnership_id > 0) or of all (0), newest
 * period first; doc is left NULL in list results. */
int store_report_list(struct store *st, int64_t partnership_id, struct report_row **out, size_t *n);
/* Saves doc as a new revision if the latest revision is still
 * base_revision and the report is a draft or returned; APP_ECONFLICT
 * (nothing written) otherwise. *new_revision is set. */
int store_report_save(struct store *st, int64_t id, int base_revision, const char *doc,
		      int64_t user_id, int *new_revision);
/* The document of one revision (malloc'd JSON text). */
int store_report_revision(struct store *st, int64_t id, int revision, char **doc);
/* Changes status if it is currently `from`; APP_ECONFLICT otherwise. Sets
 * submitted_at (first submission only) / published_at as the new status
 * implies. Moves allowed (else APP_EINPUT): draft->submitted,
 * submitted->returned|accepted|published, returned->draft|submitted,
 * accepted->published. */
int store_report_set_status(struct store *st, int64_t id, enum report_status from,
			    enum report_status to, int64_t user_id);

/* --- comments ------------------------------------------------------------ */

struct comment {
	int64_t id;
	int64_t report_id;
	int revision;      /* the revision it was written on */
	char *question;    /* question id, or "" for the whole report */
	char *body;
	int64_t user_id;
	char *author;      /* the user's name, filled in by list */
	char *created_at;
};
void comment_cleanup(struct comment *c);
void comment_free_list(struct comment *v, size_t n);
int store_comment_add(struct store *st, struct comment *c);
/* Oldest first. */
int store_comment_list(struct store *st, int64_t report_id, struct comment **out, size_t *n);

/* --- the Commission's decisions ----------------------------------------- */

struct decision {
	int64_t id;
	int64_t partnership_id;
	char *term;        /* the term decided on, e.g. "2021-H1" or "2021-2022" */
	char *outcome;     /* "continue", "continue_with_conditions", "discontinue" */
	char *conditions;  /* "" unless continue_with_conditions */
	char *rationale;
	int64_t user_id;
	char *author;
	char *created_at;
};
void decision_cleanup(struct decision *d);
void decision_free_list(struct decision *v, size_t n);
int store_decision_add(struct store *st, struct decision *d);
/* Newest first. */
int store_decision_list(struct store *st, int64_t partnership_id, struct decision **out, size_t *n);

/* --- users and sessions --------------------------------------------------- */

struct user {
	int64_t id;
	char *email;
	char *name;
	char *role;            /* admin, commission, committee, coordinator, member */
	int64_t partnership_id; /* coordinator and member: their partnership; else 0 */
	char *pw_hash;         /* argon2id string from libsodium */
	bool active;
	char *created_at;
};
void user_cleanup(struct user *u);
void user_free_list(struct user *v, size_t n);
/* APP_ECONFLICT when the e-mail address is taken. u->id is set. */
int store_user_create(struct store *st, struct user *u);
int store_user_by_email(struct store *st, const char *email, struct user *out);
int store_user_by_id(struct store *st, int64_t id, struct user *out);
int store_user_set_password(struct store *st, int64_t id, const char *pw_hash);
int store_user_update(struct store *st, const struct user *u); /* name, role, partnership, active */
/* All users (partnership_id 0) or one partnership's. */
int store_user_list(struct store *st, int64_t partnership_id, struct user **out, size_t *n);

struct session {
	char token_hash[65]; /* hex SHA-256 of the cookie token; the token itself is never stored */
	int64_t user_id;
	char csrf[65];       /* the session's CSRF token */
	int64_t expires;     /* Unix time */
};
int store_session_create(struct store *st, const struct session *s);
/* APP_ENOTFOUND also when expired (expires <= the clock's time now). */
int store_session_get(struct store *st, const char *token_hash, struct session *out);
int store_session_delete(struct store *st, const char *token_hash);
/* Deletes sessions with expires <= now and login failures older than a
 * day (now - 86400). */
int store_session_purge(struct store *st, int64_t now);

/* Records a failed login for key (e.g. "email:x@y" or "ip:1.2.3.4") at time
 * now, and returns in *count the failures for key since `since`. */
int store_login_failure(struct store *st, const char *key, int64_t now, int64_t since, int *count);
int store_login_failures(struct store *st, const char *key, int64_t since, int *count);
int store_login_clear(struct store *st, const char *key);

/* --- audit log ------------------------------------------------------------ */

struct audit_entry {
	int64_t id;
	int64_t user_id;     /* 0 = the system or a command-line import */
	char *actor;         /* user's e-mail, filled in by list */
	char *action;        /* "report.save", "report.submit", "user.create", ... */
	char *object;        /* "report:12", "partnership:3", "user:5" */
	int revision;        /* report revision concerned, or 0 */
	char *detail;        /* short free text */
	char *created_at;
};
void audit_cleanup(struct audit_entry *a);
void audit_free_list(struct audit_entry *v, size_t n);
int store_audit(struct store *st, int64_t user_id, const char *action, const char *object,
		int revision, const char *detail);
/* Newest first; object NULL = all; at most limit entries (0 = no limit). */
int store_audit_list(struct store *st, const char *object, size_t limit, struct audit_entry **out,
		     size_t *n);

#endif
