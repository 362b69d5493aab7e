/* store_schema.c - the SQLite schema of the store as versioned migrations
 * (db.h), applied by db_sqlite.c's migration runner. */
#include "db.h"

/* Applied in order, each once and in its own transaction; the number of a
 * migration is its index + 1. Never edit one that has shipped: append. */
const char *const store_migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE partnerships ("
	" id INTEGER PRIMARY KEY,"
	" slug TEXT NOT NULL UNIQUE"
	"  CHECK (length(slug) BETWEEN 1 AND 100 AND slug NOT GLOB '*[^a-z0-9-]*'),"
	" name TEXT NOT NULL CHECK (length(name) > 0),"
	" platform TEXT NOT NULL DEFAULT '' CHECK (platform IN ('', 'Agri-Food', 'Energy',"
	"  'Industrial Modernisation', 'Sustainable Blue Economy')),"
	" start_date TEXT NOT NULL DEFAULT '',"
	" webpage TEXT NOT NULL DEFAULT '',"
	" leading_regions TEXT NOT NULL DEFAULT '',"
	" participating_regions TEXT NOT NULL DEFAULT '[]',"
	" nuts_version INTEGER NOT NULL DEFAULT 0 CHECK (nuts_version >= 0),"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX partnerships_platform ON partnerships (platform, name);"

	"CREATE TABLE periods ("
	" period TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-H[12]'),"
	" deadline TEXT NOT NULL"
	"  CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"
	") STRICT;"

	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),"
	" name TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL"
	"  CHECK (role IN ('admin', 'commission', 'committee', 'coordinator', 'member')),"
	" partnership_id INTEGER REFERENCES partnerships (id),"
	" pw_hash TEXT NOT NULL DEFAULT '',"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	" created_at TEXT NOT NULL,"
	" CHECK ((role IN ('coordinator', 'member')) = (partnership_id IS NOT NULL))"
	") STRICT;"
	"CREATE INDEX users_partnership ON users (partnership_id);"

	"CREATE TABLE reports ("
	" id INTEGER PRIMARY KEY,"
	" partnership_id INTEGER NOT NULL REFERENCES partnerships (id),"
	" period TEXT NOT NULL REFERENCES periods (period),"
	" form_id TEXT NOT NULL CHECK (length(form_id) > 0),"
	" status TEXT NOT NULL DEFAULT 'draft'"
	"  CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'published')),"
	" revision INTEGER NOT NULL CHECK (revision >= 1),"
	" updated_by INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" submitted_at TEXT,"
	" published_at TEXT,"
	" UNIQUE (partnership_id, period)"
	") STRICT;"
	"CREATE INDEX reports_period ON reports (period);"

	/* Every saved revision stays; the report row points at the latest. */
	"CREATE TABLE report_revisions ("
	" report_id INTEGER NOT NULL REFERENCES reports (id),"
	" revision INTEGER NOT NULL CHECK (revision >= 1),"
	" doc TEXT NOT NULL,"
	" user_id INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL,"
	" PRIMARY KEY (report_id, revision)"
	") STRICT;"

	"CREATE TABLE comments ("
	" id INTEGER PRIMARY KEY,"
	" report_id INTEGER NOT NULL REFERENCES reports (id),"
	" revision INTEGER NOT NULL CHECK (revision >= 1),"
	" question TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL CHECK (length(body) > 0),"
	" user_id INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX comments_report ON comments (report_id, id);"

	"CREATE TABLE decisions ("
	" id INTEGER PRIMARY KEY,"
	" partnership_id INTEGER NOT NULL REFERENCES partnerships (id),"
	" term TEXT NOT NULL CHECK (length(term) > 0),"
	" outcome TEXT NOT NULL"
	"  CHECK (outcome IN ('continue', 'continue_with_conditions', 'discontinue')),"
	" conditions TEXT NOT NULL DEFAULT '',"
	" rationale TEXT NOT NULL DEFAULT '',"
	" user_id INTEGER REFERENCES users (id),"
	" created_at TEXT NOT NULL,"
	" CHECK (outcome = 'continue_with_conditions' OR conditions = '')"
	") STRICT;"
	"CREATE INDEX decisions_partnership ON decisions (partnership_id, id);"

	"CREATE TABLE sessions ("
	" token_hash TEXT PRIMARY KEY CHECK (length(token_hash) BETWEEN 1 AND 64),"
	" user_id INTEGER NOT NULL REFERENCES users (id),"
	" csrf TEXT NOT NULL CHECK (length(csrf) BETWEEN 1 AND 64),"
	" expires INTEGER NOT NULL,"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX sessions_expires ON sessions (expires);"
	"CREATE INDEX sessions_user ON sessions (user_id);"

	"CREATE TABLE login_failures ("
	" key TEXT NOT NULL,"
	" at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX login_failures_key ON login_failures (key, at);"
	"CREATE INDEX login_failures_at ON login_failures (at);"

	/* No foreign key on user_id: the log must take any entry, also about
	 * what is gone. */
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" user_id INTEGER,"
	" action TEXT NOT NULL CHECK (length(action) > 0),"
	" object TEXT NOT NULL DEFAULT '',"
	" revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),"
	" detail TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX audit_object ON audit (object, id);",

	/* 2: every move of a report (submitted, returned, accepted,
	 * published), with the revision it concerned, who and when: each
	 * submission's time is kept, a resubmission after a return is known,
	 * and the revision that was returned can be compared with the new
	 * one. The moves of the reports already stored are taken from the
	 * audit log, where each was written with its revision. */
	"CREATE TABLE report_events ("
	" id INTEGER PRIMARY KEY,"
	" report_id INTEGER NOT NULL REFERENCES reports (id),"
	" status TEXT NOT NULL"
	"  CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'published')),"
	" revision INTEGER NOT NULL CHECK (revision >= 1),"
	" user_id INTEGER,"
	" created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX report_events_report ON report_events (report_id, id);"
	"CREATE INDEX report_events_status ON report_events (status, report_id);"
	"INSERT INTO report_events (report_id, status, revision, user_id, created_at)"
	" SELECT r.id, CASE a.action WHEN 'report.submit' THEN 'submitted'"
	"  WHEN 'report.return' THEN 'returned' WHEN 'report.accept' THEN 'accepted'"
	"  ELSE 'published' END, max(a.revision, 1), nullif(a.user_id, 0), a.created_at"
	" FROM audit a JOIN reports r ON a.object = 'report:' || r.id"
	" WHERE a.action IN ('report.submit', 'report.return', 'report.accept', 'report.publish')"
	" ORDER BY a.id;",

	/* 3: e-mail. Each mail is written here in the transaction of the
	 * event it tells of, and sent later by a worker (nothing is lost
	 * while the SMTP server is down); a worker claims a mail by moving
	 * it to 'sending', so that two servers never send one twice. dedup
	 * makes a reminder go once however often reminders are looked for.
	 * Users may turn deadline reminders off. */
	"ALTER TABLE users ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1"
	" CHECK (reminders IN (0, 1));"
	"CREATE TABLE mail_outbox ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('submitted', 'returned', 'published', 'decision',"
	"  'reminder', 'overdue')),"
	" user_id INTEGER REFERENCES users (id),"
	" to_addr TEXT NOT NULL CHECK (length(to_addr) BETWEEN 3 AND 254),"
	" to_name TEXT NOT NULL DEFAULT '',"
	" subject TEXT NOT NULL,"
	" body TEXT NOT NULL,"
	" link TEXT NOT NULL,"
	" object TEXT NOT NULL DEFAULT '',"
	" dedup TEXT UNIQUE,"
	" status TEXT NOT NULL DEFAULT 'queued'"
	"  CHECK (status IN ('queued', 'sending', 'sent', 'failed')),"
	" attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
	" next_at INTEGER NOT NULL,"
	" last_error TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL,"
	" sent_at TEXT"
	") STRICT;"
	"CREATE INDEX mail_outbox_due ON mail_outbox (status, next_at);",

	/* 4: a comment can be marked resolved (and reopened): when, by whom. */
	"ALTER TABLE comments ADD COLUMN resolved_at TEXT;"
	"ALTER TABLE comments ADD COLUMN resolved_by INTEGER REFERENCES users (id);",

	/* 5: full-text search over the answers of each report's latest
	 * revision: one row per answered question, its text as written
	 * (body, for snippets) and folded (letters like "ł" made "l", which
	 * the tokenizer keeps), in rows report_id * 4096 + k so that a
	 * report's rows are one rowid range. The application writes them
	 * with each revision; report_text_state says which revision a
	 * report's rows are of (none or an older one: the application
	 * indexes it again, e.g. the reports stored before this migration).
	 * Status, partnership, platform and period come from joins. */
	"CREATE VIRTUAL TABLE report_text USING fts5 (body, folded, report_id UNINDEXED,"
	" question UNINDEXED, section UNINDEXED,"
	" tokenize = 'porter unicode61 remove_diacritics 2');"
	"CREATE TABLE report_text_state ("
	" report_id INTEGER PRIMARY KEY REFERENCES reports (id),"
	" revision INTEGER NOT NULL CHECK (revision >= 1)"
	") STRICT;",

	/* 6: the portfolio's figures of each report's latest revision
	 * (report_facts.h), written with its search index (one state:
	 * report_text_state; emptied here, so that every report is indexed
	 * again with its figures). report_fact_region: the NUTS 2 regions
	 * (of version 2021) a report names, for the map; report_fact_month:
	 * its events by month. A report without a report_facts row counts
	 * with no figures. */
	"CREATE TABLE report_facts ("
	" report_id INTEGER PRIMARY KEY REFERENCES reports (id),"
	" sdg TEXT NOT NULL CHECK (length(sdg) = 17),"
	" regions INTEGER NOT NULL CHECK (regions >= 0),"
	" countries INTEGER NOT NULL CHECK (countries >= 0),"
	" eu13 INTEGER NOT NULL CHECK (eu13 >= 0),"
	" non_eu INTEGER NOT NULL CHECK (non_eu >= 0),"
	" unplaced INTEGER NOT NULL CHECK (unplaced >= 0),"
	" events_held INTEGER NOT NULL CHECK (events_held >= 0),"
	" events_planned INTEGER NOT NULL CHECK (events_planned >= 0),"
	" events_undated INTEGER NOT NULL CHECK (events_undated >= 0),"
	" outreach INTEGER NOT NULL CHECK (outreach >= 0)"
	") STRICT;"
	"CREATE TABLE report_fact_region ("
	" report_id INTEGER NOT NULL REFERENCES reports (id),"
	" code TEXT NOT NULL CHECK (length(code) = 4),"
	" country TEXT NOT NULL CHECK (length(country) = 2),"
	" lead INTEGER NOT NULL CHECK (lead IN (0, 1)),"
	" PRIMARY KEY (report_id, code)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX report_fact_region_code ON report_fact_region (code, report_id);"
	"CREATE TABLE report_fact_month ("
	" report_id INTEGER NOT NULL REFERENCES reports (id),"
	" month TEXT NOT NULL CHECK (length(month) = 7),"
	" held INTEGER NOT NULL CHECK (held >= 0),"
	" planned INTEGER NOT NULL CHECK (planned >= 0),"
	" PRIMARY KEY (report_id, month)"
	") STRICT, WITHOUT ROWID;"
	"DELETE FROM report_text_state;",

	/* 7: per-user tokens of the JSON API /api/v1. Only a hash
	 * of each token is kept (hex SHA-256: the tokens are 256 random
	 * bits, so a fast hash is as strong as a slow one). A revoked token
	 * stays listed, unusable. */
	"CREATE TABLE api_tokens ("
	" id INTEGER PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES users (id),"
	" token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),"
	" name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 400),"
	" scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),"
	" created_at TEXT NOT NULL,"
	" last_used_at TEXT,"
	" revoked_at TEXT"
	") STRICT;"
	"CREATE INDEX api_tokens_user ON api_tokens (user_id);",

	/* 8: each
	 * report's events by month and the countries of its placed regions
	 * also packed into its report_facts row, so that the portfolio reads
	 * one row per report instead of every month and region row: months
	 * "YYYY-MM:HELD:PLANNED" joined by spaces, countries the distinct
	 * NUTS prefixes joined by commas. Filled here from the tables
	 * above; store_facts_write keeps them. */
	"ALTER TABLE report_facts ADD COLUMN months TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE report_facts ADD COLUMN country_list TEXT NOT NULL DEFAULT '';"
	"UPDATE report_facts SET"
	" months = coalesce((SELECT group_concat(month || ':' || held || ':' || planned, ' ')"
	"  FROM report_fact_month m WHERE m.report_id = report_facts.report_id), ''),"
	" country_list = coalesce((SELECT group_concat(DISTINCT country)"
	"  FROM report_fact_region g WHERE g.report_id = report_facts.report_id), '');",

	/* 9: the index's row of an answer is its report's id * 4096 + its
	 * question's place in the form (store_search.c), so that a search
	 * reads no row's text: every report is indexed again. */
	"DELETE FROM report_text_state;",
};

const int store_nmigrations = (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));

