/* store_decision.c - the Commission's decisions on partnerships. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"

int
store_decision_add(struct store *st, struct decision *d)
{
	int64_t id = 0;
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	if (d == NULL)
		return db_err(APP_EINPUT, "decision: missing");
	if (!decision_outcome_ok(d->outcome))
		return db_err(APP_EINPUT, "decision outcome: continue, continue_with_conditions or"
					   " discontinue expected");
	if (strcmp(d->outcome, DECISION_WITH_CONDITIONS) != 0 && d->conditions != NULL &&
	    d->conditions[0] != '\0')
		return db_err(APP_EINPUT, "decision: conditions only go with continue_with_conditions");
	if ((rc = check_text(d->term, 200, true, "decision term")) ||
	    (rc = check_text(d->conditions, STORE_TEXT_MAX, false, "conditions")) ||
	    (rc = check_text(d->rationale, STORE_TEXT_MAX, false, "rationale")))
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "decision add");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO decisions (partnership_id, term, outcome, conditions,"
				 " rationale, user_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
				 " RETURNING id");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, d->partnership_id);
	db_bind_text(&o, 2, d->term);
	db_bind_text(&o, 3, d->outcome);
	db_bind_text(&o, 4, d->conditions);
	db_bind_text(&o, 5, d->rationale);
	db_bind_id(&o, 6, d->user_id);
	db_bind_text(&o, 7, now);
	rc = db_insert(&o, &id);
	if (rc == 0)
		d->id = id;
out:
	return db_end(&o, rc);
}

int
store_decision_list(struct store *st, int64_t partnership_id, struct decision **out, size_t *n)
{
	struct decision *v = NULL, *d;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "decision list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "decision list");
	if (rc == 0)
		rc = db_prep(&o, "SELECT d.id, d.partnership_id, d.term, d.outcome, d.conditions,"
				 " d.rationale, d.user_id, u.name, d.created_at FROM decisions d"
				 " LEFT JOIN users u ON u.id = d.user_id"
				 " WHERE d.partnership_id = ?1 ORDER BY d.id DESC");
	if (rc == 0)
		db_bind_int(&o, 1, partnership_id);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc != 0)
			break;
		d = &v[k];
		d->id = db_col_int64(&o, 0);
		d->partnership_id = db_col_int64(&o, 1);
		d->user_id = db_col_int64(&o, 6);
		if ((rc = db_col_str(&o, 2, &d->term)) || (rc = db_col_str(&o, 3, &d->outcome)) ||
		    (rc = db_col_str(&o, 4, &d->conditions)) || (rc = db_col_str(&o, 5, &d->rationale)) ||
		    (rc = db_col_str(&o, 7, &d->author)) || (rc = db_col_str(&o, 8, &d->created_at))) {
			decision_cleanup(d);
			break;
		}
		k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		decision_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
