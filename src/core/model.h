/* model.h - the domain's records and vocabularies, defined once: roles,
 * report statuses, thematic platforms, and the records the store keeps
 * (partnerships, periods, reports, comments, decisions, users, sessions,
 * audit entries). Every ring uses these: the store checks its input and
 * its schema against them, the application layer decides with them, the
 * edges show them. Strings in the records are owned by the record and freed
 * by its _cleanup function; lists are freed by the matching _free_list.
 * Timestamps are UTC text "YYYY-MM-DDTHH:MM:SSZ". */
#ifndef S3PM_MODEL_H
#define S3PM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- vocabularies ------------------------------------------------------- */

/* Who acts. ROLE_PUBLIC is nobody logged in; ROLE_SYSTEM is the operator at
 * the command line (imports, set-up), never a stored user's role. */
enum role {
	ROLE_PUBLIC,      /* not logged in */
	ROLE_ADMIN,       /* runs the system; not an audience of the self-assessment */
	ROLE_COMMISSION,  /* Commission officer */
	ROLE_COMMITTEE,   /* Working/Steering Committee member */
	ROLE_COORDINATOR, /* partnership coordinator */
	ROLE_MEMBER,      /* partnership member */
	ROLE_SYSTEM       /* the command-line operator */
};
/* "admin", "commission", "committee", "coordinator", "member" <-> enum:
 * the roles a user account may hold (not public, not system). */
int role_parse(const char *s, enum role *out);
const char *role_name(enum role r); /* "public", "system" for those two */
/* A role that belongs to one partnership (coordinator, member). */
bool role_needs_partnership(enum role r);
/* The account roles, NULL-terminated, in the order above. */
extern const char *const role_names[];

/* The Commission's decision outcomes, NULL-terminated: "continue",
 * "continue_with_conditions" (the only one with conditions),
 * "discontinue". */
extern const char *const decision_outcomes[];
bool decision_outcome_ok(const char *s);
#define DECISION_WITH_CONDITIONS "continue_with_conditions"

/* Thematic platforms; "" is "not said". */
extern const char *const platform_names[]; /* NULL-terminated, without "" */
bool platform_ok(const char *s);           /* one of them, or "" (NULL counts as "") */

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

struct period_row {
	char period[8];    /* "2020-H1" */
	char deadline[11]; /* "2020-07-31" */
};

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

/* One move of a report: the status it moved to, on which revision, by
 * whom and when. */
struct report_event {
	enum report_status status;
	int revision;
	int64_t user_id;   /* 0 = the system (an import) */
	char *author;      /* the user's name, or e-mail when it has none; "" for the system */
	char *created_at;
};
void report_event_free_list(struct report_event *v, size_t n);

/* A report in a queue (every report in one status, across partnerships),
 * without its document. */
struct report_entry {
	int64_t id;
	int64_t partnership_id;
	char *slug, *name;   /* the partnership's */
	char period[8];
	enum report_status status;
	int revision;
	char *since;         /* when it last moved to this status ("" when unknown) */
	bool was_returned;   /* returned at least once before */
	int comments;        /* comments written since its last submission, not resolved */
	char *decided_at;    /* the partnership's newest decision, NULL when none */
};
void report_entry_free_list(struct report_entry *v, size_t n);

struct comment {
	int64_t id;
	int64_t report_id;
	int revision;      /* the revision it was written on */
	char *question;    /* question id, or "" for the whole report */
	char *body;
	int64_t user_id;
	char *author;      /* the user's name, filled in by list */
	char *created_at;
	char *resolved_at; /* "" while open */
	char *resolver;    /* who marked it resolved (name or address); "" while open */
};
void comment_cleanup(struct comment *c);
void comment_free_list(struct comment *v, size_t n);

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

struct user {
	int64_t id;
	char *email;
	char *name;
	char *role;            /* admin, commission, committee, coordinator, member */
	int64_t partnership_id; /* coordinator and member: their partnership; else 0 */
	char *pw_hash;         /* argon2id string from libsodium */
	bool active;
	bool reminders;        /* wants deadline reminders by e-mail (the default) */
	char *created_at;
};
void user_cleanup(struct user *u);
void user_free_list(struct user *v, size_t n);

struct session {
	char token_hash[65]; /* hex SHA-256 of the cookie token; the token itself is never stored */
	int64_t user_id;
	char csrf[65];       /* the session's CSRF token */
	int64_t expires;     /* Unix time */
};

/* A token of the JSON API: what its owner sees of it; the token itself
 * is shown once, at its creation, and never stored. */
struct api_token {
	int64_t id;
	int64_t user_id;
	char token_hash[65]; /* hex SHA-256 of the token */
	char *name;          /* the owner's label for it */
	bool write;          /* scope "write" (else "read") */
	char *created_at;
	char *last_used_at;  /* "" when never used */
	char *revoked_at;    /* "" while it works */
};
void api_token_cleanup(struct api_token *t);
void api_token_free_list(struct api_token *v, size_t n);

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

/* One e-mail of the outbox: written with the event it tells of, sent
 * later. The body is plain text (the sender adds an HTML alternative);
 * mails carry facts and links, never an answer or a comment. */
enum mail_status { MAIL_QUEUED, MAIL_SENDING, MAIL_SENT, MAIL_FAILED };
struct mail {
	int64_t id;
	char *kind;        /* submitted, returned, published, decision, reminder, overdue */
	int64_t user_id;   /* the recipient's account (0: none) */
	char *to_addr, *to_name;
	char *subject;
	char *body;        /* plain text, lines of at most ~76 characters but for links */
	char *link;        /* the page the mail is about (absolute URL) */
	char *object;      /* "report:12", "partnership:3" */
	char *dedup;       /* NULL, or a key sent at most once (reminders) */
	enum mail_status status;
	int attempts;
	int64_t next_at;   /* Unix time of the next attempt */
	char *last_error;
	char *created_at, *sent_at; /* sent_at "" until sent */
};
void mail_cleanup(struct mail *m);
void mail_free_list(struct mail *v, size_t n);
/* "queued", "sending", "sent", "failed". */
const char *mail_status_name(enum mail_status s);

#endif
