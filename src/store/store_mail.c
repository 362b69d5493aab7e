/* store_mail.c - the e-mail outbox: mails written with their events,
 * claimed one at a time by a sending worker, marked sent or due again. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"

#define MAIL_COLS                                                                      \
	"id, kind, user_id, to_addr, to_name, subject, body, link, object, dedup, status," \
	" attempts, next_at, last_error, created_at, sent_at"

static const char *const mail_statuses[] = {"queued", "sending", "sent", "failed", NULL};
_Static_assert(MAIL_QUEUED == 0 && MAIL_FAILED == 3, "mail_statuses follows enum mail_status");

static int
read_mail(struct db_op *o, struct mail *m)
{
	char status[16];
	int rc, i;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(o, 0);
	m->user_id = db_col_int64(o, 2);
	m->attempts = db_col_int(o, 11);
	m->next_at = db_col_int64(o, 12);
	if ((rc = db_col_str(o, 1, &m->kind)) || (rc = db_col_str(o, 3, &m->to_addr)) ||
	    (rc = db_col_str(o, 4, &m->to_name)) || (rc = db_col_str(o, 5, &m->subject)) ||
	    (rc = db_col_str(o, 6, &m->body)) || (rc = db_col_str(o, 7, &m->link)) ||
	    (rc = db_col_str(o, 8, &m->object)) || (rc = db_col_dup(o, 9, true, &m->dedup)) ||
	    (rc = db_col_fixed(o, 10, status, sizeof(status))) ||
	    (rc = db_col_str(o, 13, &m->last_error)) || (rc = db_col_str(o, 14, &m->created_at)) ||
	    (rc = db_col_str(o, 15, &m->sent_at))) {
		mail_cleanup(m);
		return rc;
	}
	for (i = 0; mail_statuses[i] != NULL; i++)
		if (strcmp(status, mail_statuses[i]) == 0)
			m->status = (enum mail_status)i;
	return 0;
}

int
store_mail_add(struct store *st, struct mail *m, bool *added)
{
	char now[DB_TS_LEN];
	struct db_op o;
	bool row = false;
	int rc;

	if (added != NULL)
		*added = false;
	if (m == NULL)
		return db_err(APP_EINPUT, "mail: missing");
	if ((rc = check_text(m->kind, 20, true, "mail kind")) ||
	    (rc = check_text(m->to_addr, STORE_EMAIL_MAX, true, "mail recipient")) ||
	    (rc = check_text(m->to_name, 1000, false, "mail recipient's name")) ||
	    (rc = check_text(m->subject, 1000, true, "mail subject")) ||
	    (rc = check_text(m->body, STORE_TEXT_MAX, true, "mail body")) ||
	    (rc = check_text(m->link, 4000, true, "mail link")) ||
	    (rc = check_text(m->object, 100, false, "mail object")) ||
	    (rc = check_text(m->dedup, 400, false, "mail key")))
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "mail add");
	/* A key already sent or queued: nothing is added (the reminder went). */
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO mail_outbox (kind, user_id, to_addr, to_name, subject, body,"
				 " link, object, dedup, next_at, created_at)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
				 " ON CONFLICT (dedup) DO NOTHING RETURNING id");
	if (rc != 0)
		goto out;
	db_bind_text(&o, 1, m->kind);
	db_bind_id(&o, 2, m->user_id);
	db_bind_text(&o, 3, m->to_addr);
	db_bind_text(&o, 4, m->to_name);
	db_bind_text(&o, 5, m->subject);
	db_bind_text(&o, 6, m->body);
	db_bind_text(&o, 7, m->link);
	db_bind_text(&o, 8, m->object);
	if (m->dedup != NULL && m->dedup[0] != '\0')
		db_bind_text(&o, 9, m->dedup);
	else
		db_bind_null(&o, 9);
	db_bind_int(&o, 10, m->next_at);
	db_bind_text(&o, 11, now);
	rc = db_step(&o, &row);
	if (rc == 0 && row) {
		m->id = db_col_int64(&o, 0);
		if (added != NULL)
			*added = true;
		/* The row is written once the statement has run to its end. */
		rc = db_step(&o, &row);
	}
out:
	return db_end(&o, rc);
}

int
store_mail_claim(struct store *st, int64_t now, int64_t lease, struct mail *out, bool *got)
{
	struct db_op o;
	bool row = false;
	int rc;

	*got = false;
	memset(out, 0, sizeof(*out));
	rc = db_begin(&o, st, true, "mail claim");
	/* One statement: two workers never claim the same mail. A mail whose
	 * worker died while sending is due again when its lease ends. */
	if (rc == 0)
		rc = db_prep(&o, "UPDATE mail_outbox SET status = 'sending', next_at = ?2"
				 " WHERE id = (SELECT id FROM mail_outbox"
				 "  WHERE status IN ('queued', 'sending') AND next_at <= ?1"
				 "  ORDER BY next_at, id LIMIT 1)"
				 " RETURNING " MAIL_COLS);
	if (rc == 0) {
		db_bind_int(&o, 1, now);
		db_bind_int(&o, 2, now + lease);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && row && (rc = read_mail(&o, out)) == 0) {
		*got = true;
		rc = db_step(&o, &row);
		if (rc != 0) {
			mail_cleanup(out);
			*got = false;
		}
	}
	return db_end(&o, rc);
}

int
store_mail_done(struct store *st, int64_t id, bool sent, const char *error, int64_t next_at,
		bool give_up)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	db_now(now);
	rc = db_begin(&o, st, true, "mail done");
	if (rc == 0 && sent) {
		rc = db_prep(&o, "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1,"
				 " last_error = '', sent_at = ?2 WHERE id = ?1");
		if (rc == 0) {
			db_bind_int(&o, 1, id);
			db_bind_text(&o, 2, now);
		}
	} else if (rc == 0) {
		rc = db_prep(&o, "UPDATE mail_outbox SET status = ?2, attempts = attempts + 1,"
				 " last_error = ?3, next_at = ?4 WHERE id = ?1");
		if (rc == 0) {
			db_bind_int(&o, 1, id);
			db_bind_text(&o, 2, give_up ? "failed" : "queued");
			db_bind_text(&o, 3, error);
			db_bind_int(&o, 4, next_at);
		}
	}
	if (rc == 0)
		rc = db_exec(&o);
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "mail %lld does not exist", (long long)id);
	return db_end(&o, rc);
}

int
store_mail_retry(struct store *st, int64_t id, int64_t now)
{
	struct db_op o;
	int rc;

	rc = db_begin(&o, st, true, "mail retry");
	if (rc == 0)
		rc = db_prep(&o, "UPDATE mail_outbox SET status = 'queued', next_at = ?2"
				 " WHERE id = ?1 AND status = 'failed'");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_int(&o, 2, now);
		rc = db_exec(&o);
	}
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "mail %lld is not a failed mail", (long long)id);
	return db_end(&o, rc);
}

int
store_mail_list(struct store *st, int status, size_t limit, struct mail **out, size_t *n)
{
	struct mail *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "mail list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "mail list");
	if (rc == 0)
		rc = db_prep(&o, "SELECT " MAIL_COLS " FROM mail_outbox"
				 " WHERE CAST(?1 AS TEXT) = '' OR status = ?1 ORDER BY id DESC LIMIT ?2");
	if (rc == 0) {
		db_bind_text(&o, 1, status >= 0 && status <= MAIL_FAILED ? mail_statuses[status] : "");
		db_bind_int(&o, 2, limit > 0 && limit < 1000000 ? (int64_t)limit : 1000000);
	}
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_mail(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		mail_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_mail_counts(struct store *st, size_t counts[4])
{
	char status[16];
	struct db_op o;
	bool row;
	int rc, i;

	memset(counts, 0, 4 * sizeof(counts[0]));
	rc = db_begin(&o, st, false, "mail counts");
	if (rc == 0)
		rc = db_prep(&o, "SELECT status, count(*) FROM mail_outbox GROUP BY status");
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_col_fixed(&o, 0, status, sizeof(status));
		for (i = 0; rc == 0 && mail_statuses[i] != NULL; i++)
			if (strcmp(status, mail_statuses[i]) == 0 && db_col_int64(&o, 1) > 0)
				counts[i] = (size_t)db_col_int64(&o, 1);
	}
	return db_end(&o, rc);
}
