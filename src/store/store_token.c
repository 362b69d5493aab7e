/* store_token.c - the JSON API's tokens: created, found by hash, listed,
 * revoked, and when each was last used. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"

#define TOKEN_COLS "id, user_id, token_hash, name, scope, created_at, last_used_at, revoked_at"

static int
read_token(struct db_op *o, struct api_token *t)
{
	char scope[8];
	int rc;

	memset(t, 0, sizeof(*t));
	t->id = db_col_int64(o, 0);
	t->user_id = db_col_int64(o, 1);
	if ((rc = db_col_fixed(o, 2, t->token_hash, sizeof(t->token_hash))) ||
	    (rc = db_col_fixed(o, 4, scope, sizeof(scope))) || (rc = db_col_str(o, 3, &t->name)) ||
	    (rc = db_col_str(o, 5, &t->created_at)) || (rc = db_col_str(o, 6, &t->last_used_at)) ||
	    (rc = db_col_str(o, 7, &t->revoked_at))) {
		api_token_cleanup(t);
		return rc;
	}
	t->write = strcmp(scope, "write") == 0;
	return 0;
}

int
store_token_create(struct store *st, struct api_token *t)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	if (t == NULL || t->user_id <= 0)
		return db_err(APP_EINPUT, "API token: no user");
	if ((rc = check_fixed(t->token_hash, sizeof(t->token_hash), "API token hash")) ||
	    (rc = check_text(t->name, 400, true, "API token name")))
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "token create");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO api_tokens (user_id, token_hash, name, scope, created_at)"
				 " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
	if (rc == 0) {
		db_bind_int(&o, 1, t->user_id);
		db_bind_text(&o, 2, t->token_hash);
		db_bind_text(&o, 3, t->name);
		db_bind_text(&o, 4, t->write ? "write" : "read");
		db_bind_text(&o, 5, now);
		rc = db_insert(&o, &t->id);
	}
	return db_end(&o, rc);
}

int
store_token_find(struct store *st, const char *token_hash, struct api_token *out)
{
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL)
		return db_err(APP_EINPUT, "API token: no output");
	memset(out, 0, sizeof(*out));
	if (token_hash == NULL)
		return db_err(APP_EINPUT, "API token: no hash");
	rc = db_begin(&o, st, false, "token find");
	if (rc == 0)
		rc = db_prep(&o, "SELECT " TOKEN_COLS " FROM api_tokens WHERE token_hash = ?1");
	if (rc == 0) {
		db_bind_text(&o, 1, token_hash);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "no such API token");
	if (rc == 0)
		rc = read_token(&o, out);
	return db_end(&o, rc);
}

int
store_token_list(struct store *st, int64_t user_id, struct api_token **out, size_t *n)
{
	struct api_token *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "API token list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "token list");
	if (rc == 0)
		rc = db_prep(&o, "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = ?1 ORDER BY id DESC");
	if (rc == 0)
		db_bind_int(&o, 1, user_id);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_token(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		api_token_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_token_revoke(struct store *st, int64_t user_id, int64_t id)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	db_now(now);
	rc = db_begin(&o, st, true, "token revoke");
	if (rc == 0)
		rc = db_prep(&o, "UPDATE api_tokens SET revoked_at = ?3"
				 " WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_int(&o, 2, user_id);
		db_bind_text(&o, 3, now);
		rc = db_exec(&o);
	}
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "no such API token");
	return db_end(&o, rc);
}

int
store_token_touch(struct store *st, int64_t id)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	db_now(now);
	rc = db_begin(&o, st, true, "token touch");
	if (rc == 0)
		rc = db_prep(&o, "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_text(&o, 2, now);
		rc = db_exec(&o);
	}
	return db_end(&o, rc);
}
