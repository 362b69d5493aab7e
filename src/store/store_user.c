/* store_user.c - user accounts. */
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "store_check.h"

#define USER_COLS "id, email, name, role, partnership_id, pw_hash, active, created_at, reminders"

static int
read_user(struct db_op *o, struct user *u)
{
	int rc;

	memset(u, 0, sizeof(*u));
	u->id = db_col_int64(o, 0);
	u->partnership_id = db_col_int64(o, 4);
	u->active = db_col_int(o, 6) != 0;
	u->reminders = db_col_int(o, 8) != 0;
	if ((rc = db_col_str(o, 1, &u->email)) || (rc = db_col_str(o, 2, &u->name)) ||
	    (rc = db_col_str(o, 3, &u->role)) || (rc = db_col_str(o, 5, &u->pw_hash)) ||
	    (rc = db_col_str(o, 7, &u->created_at)))
		user_cleanup(u);
	return rc;
}

/* Role and partnership agree with model.h: coordinators and members
 * belong to one partnership, the others to none. */
static int
check_user(const struct user *u)
{
	enum role role;
	int rc;

	if (u == NULL)
		return db_err(APP_EINPUT, "user: missing");
	if (!check_role_ok(u->role, &role))
		return db_err(APP_EINPUT, "user role: admin, commission, committee, coordinator or"
					  " member expected");
	if (role_needs_partnership(role) && u->partnership_id <= 0)
		return db_err(APP_EINPUT, "user: a %s needs a partnership", u->role);
	if (!role_needs_partnership(role) && u->partnership_id != 0)
		return db_err(APP_EINPUT, "user: a %s belongs to no partnership", u->role);
	if ((rc = check_text(u->name, 1000, false, "user name")) ||
	    (rc = check_text(u->pw_hash, 1000, false, "password hash")))
		return rc;
	return 0;
}

int
store_user_create(struct store *st, struct user *u)
{
	int64_t id = 0;
	char now[DB_TS_LEN], *email = NULL;
	struct db_op o;
	int rc;

	rc = check_user(u);
	if (rc == 0)
		rc = check_email_norm(u->email, &email);
	if (rc != 0)
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "user create");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO users (email, name, role, partnership_id, pw_hash, active,"
				 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
	if (rc != 0)
		goto out;
	db_bind_text(&o, 1, email);
	db_bind_text(&o, 2, u->name);
	db_bind_text(&o, 3, u->role);
	db_bind_id(&o, 4, u->partnership_id);
	db_bind_text(&o, 5, u->pw_hash);
	db_bind_int(&o, 6, u->active ? 1 : 0);
	db_bind_text(&o, 7, now);
	rc = db_insert(&o, &id);
	if (rc == APP_ECONFLICT)
		rc = db_err(APP_ECONFLICT, "a user with the e-mail address %s exists", email);
	if (rc == 0)
		u->id = id;
out:
	rc = db_end(&o, rc);
	free(email);
	return rc;
}

static int
user_one(struct store *st, const char *sql, const char *email, int64_t id, struct user *out)
{
	struct db_op o;
	bool row;
	int rc;

	rc = db_begin(&o, st, false, "user");
	if (rc == 0)
		rc = db_prep(&o, sql);
	if (rc != 0)
		goto out;
	if (email != NULL)
		db_bind_text(&o, 1, email);
	else
		db_bind_int(&o, 1, id);
	rc = db_step(&o, &row);
	if (rc == 0 && !row)
		rc = email != NULL ? db_err(APP_ENOTFOUND, "no user has the e-mail address %s", email)
				   : db_err(APP_ENOTFOUND, "user %lld does not exist", (long long)id);
	if (rc == 0)
		rc = read_user(&o, out);
out:
	return db_end(&o, rc);
}

int
store_user_by_email(struct store *st, const char *email, struct user *out)
{
	char *norm = NULL;
	int rc;

	if (out == NULL)
		return db_err(APP_EINPUT, "user: no output");
	memset(out, 0, sizeof(*out));
	/* What cannot be an address (a login form's garbage) names no one. */
	rc = check_email_norm(email, &norm);
	if (rc == APP_EINPUT || rc == APP_ETOOBIG)
		return db_err(APP_ENOTFOUND, "no user has that e-mail address");
	if (rc != 0)
		return rc;
	rc = user_one(st, "SELECT " USER_COLS " FROM users WHERE email = ?1", norm, 0, out);
	free(norm);
	return rc;
}

int
store_user_by_id(struct store *st, int64_t id, struct user *out)
{
	if (out == NULL)
		return db_err(APP_EINPUT, "user: no output");
	memset(out, 0, sizeof(*out));
	return user_one(st, "SELECT " USER_COLS " FROM users WHERE id = ?1", NULL, id, out);
}

int
store_user_set_password(struct store *st, int64_t id, const char *pw_hash)
{
	struct db_op o;
	int rc;

	rc = check_text(pw_hash, 1000, true, "password hash");
	if (rc != 0)
		return rc;
	rc = db_begin(&o, st, true, "user password");
	if (rc == 0)
		rc = db_prep(&o, "UPDATE users SET pw_hash = ?2 WHERE id = ?1");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_text(&o, 2, pw_hash);
		rc = db_exec(&o);
	}
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "user %lld does not exist", (long long)id);
	return db_end(&o, rc);
}

int
store_user_update(struct store *st, const struct user *u)
{
	struct db_op o;
	int rc;

	rc = check_user(u);
	if (rc != 0)
		return rc;
	rc = db_begin(&o, st, true, "user update");
	if (rc == 0)
		rc = db_prep(&o, "UPDATE users SET name = ?2, role = ?3, partnership_id = ?4,"
				 " active = ?5 WHERE id = ?1");
	if (rc == 0) {
		db_bind_int(&o, 1, u->id);
		db_bind_text(&o, 2, u->name);
		db_bind_text(&o, 3, u->role);
		db_bind_id(&o, 4, u->partnership_id);
		db_bind_int(&o, 5, u->active ? 1 : 0);
		rc = db_exec(&o);
	}
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "user %lld does not exist", (long long)u->id);
	return db_end(&o, rc);
}

int
store_user_set_reminders(struct store *st, int64_t id, bool on)
{
	struct db_op o;
	int rc;

	rc = db_begin(&o, st, true, "user reminders");
	if (rc == 0)
		rc = db_prep(&o, "UPDATE users SET reminders = ?2 WHERE id = ?1");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_int(&o, 2, on ? 1 : 0);
		rc = db_exec(&o);
	}
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "user %lld does not exist", (long long)id);
	return db_end(&o, rc);
}

int
store_user_count(struct store *st, size_t *n)
{
	struct db_op o;
	bool row;
	int rc;

	if (n == NULL)
		return db_err(APP_EINPUT, "user count: no output");
	*n = 0;
	rc = db_begin(&o, st, false, "user count");
	if (rc == 0)
		rc = db_prep(&o, "SELECT count(*) FROM users");
	if (rc == 0)
		rc = db_step(&o, &row);
	if (rc == 0 && !row)
		rc = db_err(APP_EINTERNAL, "user count: no result");
	if (rc == 0 && db_col_int64(&o, 0) < 0)
		rc = db_err(APP_EINTERNAL, "user count: negative");
	if (rc == 0)
		*n = (size_t)db_col_int64(&o, 0);
	return db_end(&o, rc);
}

int
store_user_list(struct store *st, int64_t partnership_id, struct user **out, size_t *n)
{
	struct user *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "user list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "user list");
	if (rc == 0)
		rc = db_prep(&o, "SELECT " USER_COLS " FROM users"
				 " WHERE ?1 = 0 OR partnership_id = ?1 ORDER BY name, email");
	if (rc == 0)
		db_bind_int(&o, 1, partnership_id > 0 ? partnership_id : 0);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_user(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		user_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_session_user(struct store *st, const char *token_hash, struct session *s, struct user *u)
{
	struct db_op o;
	bool row;
	int rc;

	if (s == NULL || u == NULL)
		return db_err(APP_EINPUT, "session: no output");
	memset(s, 0, sizeof(*s));
	memset(u, 0, sizeof(*u));
	if (token_hash == NULL)
		return db_err(APP_EINPUT, "session: no token hash");
	rc = db_begin(&o, st, false, "session");
	if (rc == 0)
		rc = db_prep(&o, "SELECT u.id, u.email, u.name, u.role, u.partnership_id, u.pw_hash,"
				 " u.active, u.created_at, u.reminders, s.token_hash, s.csrf, s.expires"
				 " FROM sessions s JOIN users u ON u.id = s.user_id"
				 " WHERE s.token_hash = ?1 AND s.expires > ?2");
	if (rc == 0) {
		/* An expired session is dead even before the purge removes it. */
		db_bind_text(&o, 1, token_hash);
		db_bind_int(&o, 2, (int64_t)time(NULL));
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "no such session");
	if (rc == 0 && (rc = read_user(&o, u)) == 0) {
		s->user_id = u->id;
		s->expires = db_col_int64(&o, 11);
		rc = db_col_fixed(&o, 9, s->token_hash, sizeof(s->token_hash));
		if (rc == 0)
			rc = db_col_fixed(&o, 10, s->csrf, sizeof(s->csrf));
		if (rc != 0) {
			user_cleanup(u);
			memset(s, 0, sizeof(*s));
		}
	}
	return db_end(&o, rc);
}
