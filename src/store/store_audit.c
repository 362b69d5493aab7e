/* store_audit.c - the audit log. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"

int
store_audit(struct store *st, int64_t user_id, const char *action, const char *object,
	    int revision, const char *detail)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	if (revision < 0)
		return db_err(APP_EINPUT, "audit: revision %d", revision);
	if ((rc = check_text(action, 200, true, "audit action")) ||
	    (rc = check_text(object, 200, false, "audit object")) ||
	    (rc = check_text(detail, STORE_TEXT_MAX, false, "audit detail")))
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "audit");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO audit (user_id, action, object, revision, detail,"
				 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (rc == 0) {
		db_bind_id(&o, 1, user_id);
		db_bind_text(&o, 2, action);
		db_bind_text(&o, 3, object);
		db_bind_int(&o, 4, revision);
		db_bind_text(&o, 5, detail);
		db_bind_text(&o, 6, now);
		rc = db_exec(&o);
	}
	return db_end(&o, rc);
}

int
store_audit_list(struct store *st, const char *object, size_t limit, struct audit_entry **out,
		 size_t *n)
{
	return store_audit_query(st, object, NULL, 0, limit, out, n);
}

int
store_audit_query(struct store *st, const char *object, const char *action_prefix, int64_t before_id,
		  size_t limit, struct audit_entry **out, size_t *n)
{
	struct audit_entry *v = NULL, *a;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "audit list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "audit list");
	if (rc != 0)
		goto out;
	/* Two statements, so that the object's index serves the common case.
	 * The prefix is compared, not matched with LIKE, so that "_" and "%"
	 * in it mean themselves ('' is every action). */
	if (object != NULL)
		rc = db_prep(&o, "SELECT a.id, a.user_id, u.email, a.action, a.object, a.revision,"
				 " a.detail, a.created_at FROM audit a LEFT JOIN users u ON u.id = a.user_id"
				 " WHERE a.object = ?1 AND substr(a.action, 1, length(CAST(?3 AS TEXT))) = ?3"
				 " AND (?4 = 0 OR a.id < ?4) ORDER BY a.id DESC LIMIT ?2");
	else
		rc = db_prep(&o, "SELECT a.id, a.user_id, u.email, a.action, a.object, a.revision,"
				 " a.detail, a.created_at FROM audit a LEFT JOIN users u ON u.id = a.user_id"
				 " WHERE substr(a.action, 1, length(CAST(?3 AS TEXT))) = ?3"
				 " AND (?4 = 0 OR a.id < ?4) ORDER BY a.id DESC LIMIT ?2");
	if (rc != 0)
		goto out;
	if (object != NULL)
		db_bind_text(&o, 1, object);
	/* 0 is "no limit": the largest one, which both SQLite and PostgreSQL
	 * take (SQLite's LIMIT -1 is an error in PostgreSQL). */
	db_bind_int(&o, 2, limit == 0 || limit > (size_t)INT64_MAX ? INT64_MAX : (int64_t)limit);
	db_bind_text(&o, 3, action_prefix);
	db_bind_int(&o, 4, before_id > 0 ? before_id : 0);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc != 0)
			break;
		a = &v[k];
		a->id = db_col_int64(&o, 0);
		a->user_id = db_col_int64(&o, 1);
		a->revision = db_col_int(&o, 5);
		if ((rc = db_col_str(&o, 2, &a->actor)) || (rc = db_col_str(&o, 3, &a->action)) ||
		    (rc = db_col_str(&o, 4, &a->object)) || (rc = db_col_str(&o, 6, &a->detail)) ||
		    (rc = db_col_str(&o, 7, &a->created_at))) {
			audit_cleanup(a);
			break;
		}
		k++;
	}
out:
	rc = db_end(&o, rc);
	if (rc != 0) {
		audit_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_audit_last(struct store *st, int64_t *id)
{
	struct db_op o;
	bool row;
	int rc;

	*id = 0;
	rc = db_begin(&o, st, false, "audit");
	if (rc == 0)
		rc = db_prep(&o, "SELECT coalesce(max(id), 0) FROM audit");
	if (rc == 0 && (rc = db_step(&o, &row)) == 0 && row)
		*id = db_col_int64(&o, 0);
	return db_end(&o, rc);
}
