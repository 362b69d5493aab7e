/* store_regions.c - the map's queries over the portfolio figures
 * (report_fact_region of migration 6): the reports a map counts, one per
 * partnership, and their regions and countries counted; the reports
 * naming one region. No access rule here: the caller's keep function
 * decides which reports count. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "store_check.h"
#include "store_rows.h"

static void
bind_filter(struct db_op *o, int i, const char *v)
{
	if (v != NULL && v[0] != '\0')
		db_bind_text(o, i, v);
	else
		db_bind_null(o, i);
}

/* The newest report keep accepts of each partnership: ids as a JSON
 * array into ids. */
static int
pick_reports(struct db_op *o, const struct region_filter *f, region_keep_fn keep, void *arg,
	     struct buf *ids, size_t *n)
{
	struct region_report r;
	int64_t last = 0;
	char t[16];
	bool row;
	int rc;

	*n = 0;
	rc = db_prep(o, "SELECT r.id, r.partnership_id, r.status, r.period FROM reports r"
			" JOIN partnerships p ON p.id = r.partnership_id"
			" WHERE (CAST(?1 AS TEXT) IS NULL OR p.platform = ?1) AND (CAST(?2 AS TEXT) IS NULL OR r.period = ?2)"
			" AND (CAST(?3 AS TEXT) IS NULL OR p.slug = ?3)"
			" ORDER BY r.partnership_id DESC, r.period DESC");
	if (rc != 0)
		return rc;
	bind_filter(o, 1, f != NULL ? f->platform : NULL);
	bind_filter(o, 2, f != NULL ? f->period : NULL);
	bind_filter(o, 3, f != NULL ? f->partnership : NULL);
	if ((rc = buf_putc(ids, '[')) != 0)
		return rc;
	while ((rc = db_step(o, &row)) == 0 && row) {
		r.partnership_id = db_col_int64(o, 1);
		if (r.partnership_id == last)
			continue; /* this partnership's report is taken */
		r.id = db_col_int64(o, 0);
		if ((rc = db_col_fixed(o, 2, t, sizeof(t))) != 0 ||
		    (rc = db_col_fixed(o, 3, r.period, sizeof(r.period))) != 0)
			return rc;
		if (report_status_parse(t, &r.status) != 0)
			return db_err(APP_EINTERNAL, "report %lld: unknown status", (long long)r.id);
		if (!keep(&r, arg))
			continue;
		last = r.partnership_id;
		if ((rc = buf_printf(ids, "%s%lld", *n > 0 ? "," : "", (long long)r.id)) != 0)
			return rc;
		(*n)++;
	}
	if (rc != 0)
		return rc;
	return buf_putc(ids, ']');
}

static int
count_regions(struct db_op *o, const char *ids, struct region_count **out, size_t *n)
{
	size_t cap = 0;
	bool row;
	int rc;

	/* ids is a JSON array of report ids. */
	if (db_is_pg(o->st))
		rc = db_prep(o, "SELECT code, country, COUNT(*), SUM(lead) FROM report_fact_region"
				" WHERE report_id IN (SELECT json_array_elements_text(?1::json)::bigint)"
				" GROUP BY code, country ORDER BY code");
	else
		rc = db_prep(o, "SELECT code, country, COUNT(*), SUM(lead) FROM report_fact_region"
				" WHERE report_id IN (SELECT value FROM json_each(?1))"
				" GROUP BY code, country ORDER BY code");
	if (rc != 0)
		return rc;
	db_bind_text(o, 1, ids);
	while ((rc = db_step(o, &row)) == 0 && row) {
		struct region_count *c;

		if ((rc = db_list_grow(out, &cap, *n, sizeof(**out))) != 0)
			return rc;
		c = &(*out)[*n];
		memset(c, 0, sizeof(*c));
		if ((rc = db_col_fixed(o, 0, c->code, sizeof(c->code))) != 0 ||
		    (rc = db_col_fixed(o, 1, c->country, sizeof(c->country))) != 0)
			return rc;
		c->count = db_col_int(o, 2);
		c->lead = db_col_int(o, 3);
		(*n)++;
	}
	return rc;
}

static int
count_countries(struct db_op *o, const char *ids, struct country_count **out, size_t *n)
{
	size_t cap = 0;
	bool row;
	int rc;

	if (db_is_pg(o->st))
		rc = db_prep(o, "SELECT country, COUNT(DISTINCT report_id) FROM report_fact_region"
				" WHERE report_id IN (SELECT json_array_elements_text(?1::json)::bigint)"
				" GROUP BY country ORDER BY country");
	else
		rc = db_prep(o, "SELECT country, COUNT(DISTINCT report_id) FROM report_fact_region"
				" WHERE report_id IN (SELECT value FROM json_each(?1))"
				" GROUP BY country ORDER BY country");
	if (rc != 0)
		return rc;
	db_bind_text(o, 1, ids);
	while ((rc = db_step(o, &row)) == 0 && row) {
		struct country_count *c;

		if ((rc = db_list_grow(out, &cap, *n, sizeof(**out))) != 0)
			return rc;
		c = &(*out)[*n];
		memset(c, 0, sizeof(*c));
		if ((rc = db_col_fixed(o, 0, c->country, sizeof(c->country))) != 0)
			return rc;
		c->count = db_col_int(o, 1);
		(*n)++;
	}
	return rc;
}

int
store_region_map(struct store *st, const struct region_filter *filter, region_keep_fn keep, void *arg,
		 size_t *nreports, struct region_count **regions, size_t *nregions,
		 struct country_count **countries, size_t *ncountries)
{
	struct db_op o;
	struct buf ids;
	int rc;

	if (keep == NULL || nreports == NULL || regions == NULL || nregions == NULL || countries == NULL ||
	    ncountries == NULL)
		return db_err(APP_EINPUT, "region map: no output");
	*regions = NULL;
	*countries = NULL;
	*nregions = *ncountries = *nreports = 0;
	buf_init(&ids, (size_t)64 << 20);
	rc = db_begin(&o, st, false, "region map");
	if (rc == 0)
		rc = pick_reports(&o, filter, keep, arg, &ids, nreports);
	if (rc == 0 && *nreports > 0)
		rc = count_regions(&o, buf_cstr(&ids), regions, nregions);
	if (rc == 0 && *nreports > 0)
		rc = count_countries(&o, buf_cstr(&ids), countries, ncountries);
	rc = db_end(&o, rc);
	buf_cleanup(&ids);
	if (rc != 0) {
		free(*regions);
		free(*countries);
		*regions = NULL;
		*countries = NULL;
		*nregions = *ncountries = *nreports = 0;
	}
	return rc;
}

void
region_entry_free_list(struct region_entry *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].slug);
		free(v[i].name);
		free(v[i].platform);
	}
	free(v);
}

int
store_region_reports(struct store *st, const char *code, struct region_entry **out, size_t *n)
{
	struct region_entry *v = NULL, *e;
	size_t cap = 0, k = 0;
	struct db_op o;
	char t[16];
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "region reports: no output");
	*out = NULL;
	*n = 0;
	if ((rc = check_text(code, 8, true, "region code")) != 0)
		return rc;
	rc = db_begin(&o, st, false, "region reports");
	if (rc == 0)
		rc = db_prep(&o, "SELECT r.id, p.id, p.slug, p.name, p.platform, r.status, r.period, f.lead"
				 " FROM report_fact_region f JOIN reports r ON r.id = f.report_id"
				 " JOIN partnerships p ON p.id = r.partnership_id"
				 " WHERE f.code = ?1 ORDER BY p.name, p.id, r.period DESC");
	if (rc == 0)
		db_bind_text(&o, 1, code);
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		if ((rc = db_list_grow(&v, &cap, k, sizeof(*v))) != 0)
			break;
		e = &v[k++];
		memset(e, 0, sizeof(*e));
		e->report_id = db_col_int64(&o, 0);
		e->partnership_id = db_col_int64(&o, 1);
		e->lead = db_col_int(&o, 7) != 0;
		if ((rc = db_col_str(&o, 2, &e->slug)) || (rc = db_col_str(&o, 3, &e->name)) ||
		    (rc = db_col_str(&o, 4, &e->platform)) || (rc = db_col_fixed(&o, 5, t, sizeof(t))) ||
		    (rc = db_col_fixed(&o, 6, e->period, sizeof(e->period))))
			break;
		if (report_status_parse(t, &e->status) != 0)
			rc = db_err(APP_EINTERNAL, "report %lld: unknown status", (long long)e->report_id);
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		region_entry_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
