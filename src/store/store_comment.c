/* store_comment.c - the committee's comments on reports. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"

int
store_comment_add(struct store *st, struct comment *c)
{
	int64_t id = 0;
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	if (c == NULL)
		return db_err(APP_EINPUT, "comment: missing");
	if (c->revision < 1)
		return db_err(APP_EINPUT, "comment: revision %d", c->revision);
	if ((rc = check_text(c->question, 200, false, "comment question")) ||
	    (rc = check_text(c->body, STORE_TEXT_MAX, true, "comment")))
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "comment add");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO comments (report_id, revision, question, body, user_id,"
				 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, c->report_id);
	db_bind_int(&o, 2, c->revision);
	db_bind_text(&o, 3, c->question);
	db_bind_text(&o, 4, c->body);
	db_bind_id(&o, 5, c->user_id);
	db_bind_text(&o, 6, now);
	rc = db_insert(&o, &id);
	if (rc == 0)
		c->id = id;
out:
	return db_end(&o, rc);
}

int
store_comment_list(struct store *st, int64_t report_id, struct comment **out, size_t *n)
{
	struct comment *v = NULL, *c;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "comment list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "comment list");
	if (rc == 0)
		rc = db_prep(&o, "SELECT c.id, c.report_id, c.revision, c.question, c.body, c.user_id,"
				 " u.name, c.created_at, c.resolved_at,"
				 " coalesce(nullif(r.name, ''), r.email, '') FROM comments c"
				 " LEFT JOIN users u ON u.id = c.user_id"
				 " LEFT JOIN users r ON r.id = c.resolved_by"
				 " WHERE c.report_id = ?1 ORDER BY c.id");
	if (rc == 0)
		db_bind_int(&o, 1, report_id);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc != 0)
			break;
		c = &v[k];
		c->id = db_col_int64(&o, 0);
		c->report_id = db_col_int64(&o, 1);
		c->revision = db_col_int(&o, 2);
		c->user_id = db_col_int64(&o, 5);
		if ((rc = db_col_str(&o, 3, &c->question)) || (rc = db_col_str(&o, 4, &c->body)) ||
		    (rc = db_col_str(&o, 6, &c->author)) || (rc = db_col_str(&o, 7, &c->created_at)) ||
		    (rc = db_col_str(&o, 8, &c->resolved_at)) || (rc = db_col_str(&o, 9, &c->resolver))) {
			comment_cleanup(c);
			break;
		}
		k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		comment_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_comment_resolve(struct store *st, int64_t report_id, int64_t id, int64_t user_id)
{
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	db_now(now);
	rc = db_begin(&o, st, true, "comment resolve");
	if (rc == 0)
		rc = db_prep(&o, user_id > 0 ? "UPDATE comments SET resolved_at = ?3, resolved_by = ?4"
					       " WHERE id = ?1 AND report_id = ?2"
					     : "UPDATE comments SET resolved_at = NULL, resolved_by = NULL"
					       " WHERE id = ?1 AND report_id = ?2 AND CAST(?3 AS TEXT) <> '' AND CAST(?4 AS BIGINT) IS NULL");
	if (rc == 0) {
		db_bind_int(&o, 1, id);
		db_bind_int(&o, 2, report_id);
		db_bind_text(&o, 3, now);
		db_bind_id(&o, 4, user_id);
		rc = db_exec(&o);
	}
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "comment %lld is not on report %lld", (long long)id,
			    (long long)report_id);
	return db_end(&o, rc);
}
