/* store_period.c - reporting periods and their deadlines. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"

int
store_period_set(struct store *st, const char *period, const char *deadline)
{
	struct db_op o;
	int rc;

	if (!check_period_ok(period))
		return db_err(APP_EINPUT, "period: YYYY-H1 or YYYY-H2 (1990-2100) expected");
	if (!check_date_ok(deadline))
		return db_err(APP_EINPUT, "deadline: YYYY-MM-DD expected");
	rc = db_begin(&o, st, true, "period set");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO periods (period, deadline) VALUES (?1, ?2)"
				 " ON CONFLICT (period) DO UPDATE SET deadline = excluded.deadline");
	if (rc == 0) {
		db_bind_text(&o, 1, period);
		db_bind_text(&o, 2, deadline);
		rc = db_exec(&o);
	}
	return db_end(&o, rc);
}

static int
read_period(struct db_op *o, struct period_row *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	rc = db_col_fixed(o, 0, p->period, sizeof(p->period));
	if (rc == 0)
		rc = db_col_fixed(o, 1, p->deadline, sizeof(p->deadline));
	return rc;
}

int
store_period_get(struct store *st, const char *period, struct period_row *out)
{
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL)
		return db_err(APP_EINPUT, "period: no output");
	memset(out, 0, sizeof(*out));
	if (!check_period_ok(period))
		return db_err(APP_EINPUT, "period: YYYY-H1 or YYYY-H2 (1990-2100) expected");
	rc = db_begin(&o, st, false, "period");
	if (rc == 0)
		rc = db_prep(&o, "SELECT period, deadline FROM periods WHERE period = ?1");
	if (rc == 0) {
		db_bind_text(&o, 1, period);
		rc = db_step(&o, &row);
	}
	if (rc == 0 && !row)
		rc = db_err(APP_ENOTFOUND, "period %s does not exist", period);
	if (rc == 0)
		rc = read_period(&o, out);
	return db_end(&o, rc);
}

int
store_period_list(struct store *st, struct period_row **out, size_t *n)
{
	struct period_row *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "period list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "period list");
	if (rc == 0)
		rc = db_prep(&o, "SELECT period, deadline FROM periods ORDER BY period");
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_period(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
