/* store_session.c - login sessions and the failed-login counts that throttle logins. */
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "store_check.h"

/* Failed logins are kept this long (seconds) before store_session_purge
 * drops them; throttling windows are far shorter. */
#define STORE_LOGIN_KEEP 86400

int
store_session_create(struct store *st, const struct session *s)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	if (s == NULL)
		return db_err(APP_EINPUT, "session: missing");
	if ((rc = check_fixed(s->token_hash, sizeof(s->token_hash), "session token hash")) ||
	    (rc = check_fixed(s->csrf, sizeof(s->csrf), "session CSRF token")))
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "session create");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO sessions (token_hash, user_id, csrf, expires, created_at)"
				 " VALUES (?1, ?2, ?3, ?4, ?5)");
	if (rc == 0) {
		db_bind_text(&o, 1, s->token_hash);
		db_bind_int(&o, 2, s->user_id);
		db_bind_text(&o, 3, s->csrf);
		db_bind_int(&o, 4, s->expires);
		db_bind_text(&o, 5, now);
		rc = db_exec(&o);
	}
	return db_end(&o, rc);
}

int
store_session_get(struct store *st, const char *token_hash, struct session *out)
{
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL)
		return db_err(APP_EINPUT, "session: no output");
	memset(out, 0, sizeof(*out));
	if (token_hash == NULL)
		return db_err(APP_EINPUT, "session: no token hash");
	rc = db_begin(&o, st, false, "session");
	if (rc == 0)
		rc = db_prep(&o, "SELECT token_hash, user_id, csrf, expires FROM sessions"
				 " WHERE token_hash = ?1 AND expires > ?2");
	if (rc == 0) {
		/* An expired session is dead even before the purge removes it,
		 * whatever the caller forgets to check. */
		db_bind_text(&o, 1, token_hash);
		db_bind_int(&o, 2, (int64_t)time(NULL));
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "no such session");
	if (rc == 0) {
		out->user_id = db_col_int64(&o, 1);
		out->expires = db_col_int64(&o, 3);
		rc = db_col_fixed(&o, 0, out->token_hash, sizeof(out->token_hash));
		if (rc == 0)
			rc = db_col_fixed(&o, 2, out->csrf, sizeof(out->csrf));
		if (rc != 0)
			memset(out, 0, sizeof(*out));
	}
	return db_end(&o, rc);
}

int
store_session_delete(struct store *st, const char *token_hash)
{
	struct db_op o;
	int rc;

	if (token_hash == NULL)
		return db_err(APP_EINPUT, "session: no token hash");
	rc = db_begin(&o, st, true, "session delete");
	if (rc == 0)
		rc = db_prep(&o, "DELETE FROM sessions WHERE token_hash = ?1");
	if (rc == 0) {
		db_bind_text(&o, 1, token_hash);
		rc = db_exec(&o);
	}
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "no such session");
	return db_end(&o, rc);
}

int
store_session_delete_user(struct store *st, int64_t user_id, const char *keep_token_hash)
{
	struct db_op o;
	int rc;

	if (user_id <= 0)
		return db_err(APP_EINPUT, "sessions: user id %lld", (long long)user_id);
	rc = check_text(keep_token_hash, 64, false, "session token hash to keep");
	if (rc != 0)
		return rc;
	rc = db_begin(&o, st, true, "session delete user");
	/* No stored token hash is empty (the schema checks it), so '' for NULL
	 * keeps none: one statement, and no untyped NULL parameter that
	 * PostgreSQL could not infer. */
	if (rc == 0)
		rc = db_prep(&o, "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2");
	if (rc == 0) {
		db_bind_int(&o, 1, user_id);
		db_bind_text(&o, 2, keep_token_hash != NULL ? keep_token_hash : "");
		rc = db_exec(&o);
	}
	return db_end(&o, rc);
}

int
store_session_purge(struct store *st, int64_t now)
{
	struct db_op o;
	int rc;

	rc = db_begin(&o, st, true, "session purge");
	if (rc == 0)
		rc = db_prep(&o, "DELETE FROM sessions WHERE expires <= ?1");
	if (rc == 0) {
		db_bind_int(&o, 1, now);
		rc = db_exec(&o);
	}
	if (rc == 0)
		rc = db_prep(&o, "DELETE FROM login_failures WHERE at < ?1");
	if (rc == 0) {
		db_bind_int(&o, 1, now - STORE_LOGIN_KEEP);
		rc = db_exec(&o);
	}
	return db_end(&o, rc);
}

static int
count_failures(struct db_op *o, const char *key, int64_t since, int *count)
{
	bool row;
	int rc;

	rc = db_prep(o, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2");
	if (rc != 0)
		return rc;
	db_bind_text(o, 1, key);
	db_bind_int(o, 2, since);
	rc = db_step(o, &row);
	if (rc == 0 && row)
		*count = db_col_int(o, 0);
	return rc;
}

int
store_login_failure(struct store *st, const char *key, int64_t now, int64_t since, int *count)
{
	struct db_op o;
	int rc;

	if (count == NULL)
		return db_err(APP_EINPUT, "login failure: no output");
	*count = 0;
	rc = check_text(key, 1000, true, "login key");
	if (rc != 0)
		return rc;
	rc = db_begin(&o, st, true, "login failure");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO login_failures (key, at) VALUES (?1, ?2)");
	if (rc == 0) {
		db_bind_text(&o, 1, key);
		db_bind_int(&o, 2, now);
		rc = db_exec(&o);
	}
	if (rc == 0)
		rc = count_failures(&o, key, since, count);
	rc = db_end(&o, rc);
	if (rc != 0)
		*count = 0;
	return rc;
}

int
store_login_failures(struct store *st, const char *key, int64_t since, int *count)
{
	struct db_op o;
	int rc;

	if (count == NULL)
		return db_err(APP_EINPUT, "login failures: no output");
	*count = 0;
	rc = check_text(key, 1000, true, "login key");
	if (rc != 0)
		return rc;
	rc = db_begin(&o, st, false, "login failures");
	if (rc == 0)
		rc = count_failures(&o, key, since, count);
	return db_end(&o, rc);
}

int
store_login_clear(struct store *st, const char *key)
{
	struct db_op o;
	int rc;

	rc = check_text(key, 1000, true, "login key");
	if (rc != 0)
		return rc;
	rc = db_begin(&o, st, true, "login clear");
	if (rc == 0)
		rc = db_prep(&o, "DELETE FROM login_failures WHERE key = ?1");
	if (rc == 0) {
		db_bind_text(&o, 1, key);
		rc = db_exec(&o);
	}
	return db_end(&o, rc);
}
