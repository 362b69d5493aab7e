/* store_facts.c - the portfolio's figures of each report's latest revision
 * (migration 6: report_facts, report_fact_region, report_fact_month),
 * written under the transaction that writes the revision or its index. */
#include "store.h"

#include <string.h>

#include "buf.h"
#include "db.h"
#include "store_rows.h"

static int
clear(struct db_op *o, const char *sql, int64_t id)
{
	int rc = db_prep(o, sql);

	if (rc != 0)
		return rc;
	db_bind_int(o, 1, id);
	return db_exec(o);
}

/* The packed forms of migration 8: months "YYYY-MM:H:P" joined by
 * spaces, countries (distinct; regions come sorted by code) joined by
 * commas. */
static int
pack(const struct report_facts *f, struct buf *months, struct buf *countries)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < f->nmonth; i++)
		rc = buf_printf(months, "%s%s:%d:%d", i ? " " : "", f->month[i].month, f->month[i].held,
				f->month[i].planned);
	for (i = 0; rc == 0 && i < f->nregion; i++)
		if (i == 0 || strcmp(f->region[i].country, f->region[i - 1].country) != 0)
			rc = buf_printf(countries, "%s%s", countries->len ? "," : "", f->region[i].country);
	return rc;
}

int
store_facts_write(struct db_op *o, int64_t id, const struct report_facts *f)
{
	struct buf months, countries;
	size_t i;
	int rc;

	buf_init(&months, 1u << 20);
	buf_init(&countries, 1u << 16);
	if ((rc = clear(o, "DELETE FROM report_fact_region WHERE report_id = ?1", id)) ||
	    (rc = clear(o, "DELETE FROM report_fact_month WHERE report_id = ?1", id)) ||
	    (rc = clear(o, "DELETE FROM report_facts WHERE report_id = ?1", id)))
		return rc;
	if (f == NULL)
		return 0;
	rc = pack(f, &months, &countries);
	if (rc == 0)
		rc = db_prep(o, "INSERT INTO report_facts (report_id, sdg, regions, countries, eu13, non_eu,"
				" unplaced, events_held, events_planned, events_undated, outreach, months,"
				" country_list)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	if (rc != 0)
		goto out;
	db_bind_int(o, 1, id);
	db_bind_text(o, 2, f->sdg);
	db_bind_int(o, 3, f->regions);
	db_bind_int(o, 4, f->countries);
	db_bind_int(o, 5, f->eu13);
	db_bind_int(o, 6, f->non_eu);
	db_bind_int(o, 7, f->unplaced);
	db_bind_int(o, 8, f->events_held);
	db_bind_int(o, 9, f->events_planned);
	db_bind_int(o, 10, f->events_undated);
	db_bind_int(o, 11, f->outreach);
	db_bind_text(o, 12, buf_cstr(&months));
	db_bind_text(o, 13, buf_cstr(&countries));
	rc = db_exec(o);
out:
	buf_cleanup(&months);
	buf_cleanup(&countries);
	if (rc != 0)
		return rc;
	for (i = 0; i < f->nregion; i++) {
		rc = db_prep(o, "INSERT INTO report_fact_region (report_id, code, country, lead)"
				" VALUES (?1, ?2, ?3, ?4)");
		if (rc != 0)
			return rc;
		db_bind_int(o, 1, id);
		db_bind_text(o, 2, f->region[i].code);
		db_bind_text(o, 3, f->region[i].country);
		db_bind_int(o, 4, f->region[i].lead ? 1 : 0);
		if ((rc = db_exec(o)) != 0)
			return rc;
	}
	for (i = 0; i < f->nmonth; i++) {
		rc = db_prep(o, "INSERT INTO report_fact_month (report_id, month, held, planned)"
				" VALUES (?1, ?2, ?3, ?4)");
		if (rc != 0)
			return rc;
		db_bind_int(o, 1, id);
		db_bind_text(o, 2, f->month[i].month);
		db_bind_int(o, 3, f->month[i].held);
		db_bind_int(o, 4, f->month[i].planned);
		if ((rc = db_exec(o)) != 0)
			return rc;
	}
	return 0;
}
