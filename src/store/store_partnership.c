/* store_partnership.c - partnerships: create, update, look up by slug or id, list. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store_check.h"
#include "store_rows.h"

#define PARTNERSHIP_COLS                                                                           \
	"id, slug, name, platform, start_date, webpage, leading_regions, participating_regions, " \
	"nuts_version, created_at"

int
store_read_partnership(struct db_op *o, int at, struct partnership *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->id = db_col_int64(o, at);
	p->nuts_version = db_col_int(o, at + 8);
	if ((rc = db_col_str(o, at + 1, &p->slug)) || (rc = db_col_str(o, at + 2, &p->name)) ||
	    (rc = db_col_str(o, at + 3, &p->platform)) || (rc = db_col_str(o, at + 4, &p->start_date)) ||
	    (rc = db_col_str(o, at + 5, &p->webpage)) || (rc = db_col_str(o, at + 6, &p->leading_regions)) ||
	    (rc = db_col_str(o, at + 7, &p->participating_regions)) ||
	    (rc = db_col_str(o, at + 9, &p->created_at)))
		partnership_cleanup(p);
	return rc;
}

static int
read_partnership(struct db_op *o, struct partnership *p)
{
	return store_read_partnership(o, 0, p);
}

static int
check_partnership(const struct partnership *p, bool with_slug)
{
	int rc;

	if (p == NULL)
		return db_err(APP_EINPUT, "partnership: missing");
	if (with_slug && !check_slug_ok(p->slug))
		return db_err(APP_EINPUT,
			       "partnership slug: 1 to 100 characters of a-z, 0-9 and '-' expected");
	if (!platform_ok(p->platform))
		return db_err(APP_EINPUT, "partnership platform \"%.80s\" is not one of the four",
			       p->platform);
	if (p->nuts_version < 0)
		return db_err(APP_EINPUT, "partnership NUTS version is negative");
	if ((rc = check_text(p->name, STORE_TEXT_MAX, true, "partnership name")) ||
	    (rc = check_text(p->start_date, STORE_TEXT_MAX, false, "start date")) ||
	    (rc = check_text(p->webpage, STORE_TEXT_MAX, false, "webpage")) ||
	    (rc = check_text(p->leading_regions, STORE_TEXT_MAX, false, "leading regions")) ||
	    (rc = check_text(p->participating_regions, STORE_TEXT_MAX, false,
			     "participating regions")))
		return rc;
	return 0;
}

/* Regions written as nothing are an empty JSON array, not "". */
static const char *
regions_or_empty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "[]";
}

/* Parameters 2 to 8: the fields that create and update both write. */
static void
bind_fields(struct db_op *o, const struct partnership *p)
{
	db_bind_text(o, 2, p->name);
	db_bind_text(o, 3, p->platform);
	db_bind_text(o, 4, p->start_date);
	db_bind_text(o, 5, p->webpage);
	db_bind_text(o, 6, p->leading_regions);
	db_bind_text(o, 7, regions_or_empty(p->participating_regions));
	db_bind_int(o, 8, p->nuts_version);
}

int
store_partnership_create(struct store *st, struct partnership *p)
{
	int64_t id = 0;
	char now[DB_TS_LEN];
	struct db_op o;
	int rc;

	rc = check_partnership(p, true);
	if (rc != 0)
		return rc;
	db_now(now);
	rc = db_begin(&o, st, true, "partnership create");
	if (rc == 0)
		rc = db_prep(&o, "INSERT INTO partnerships (slug, name, platform, start_date, webpage,"
				 " leading_regions, participating_regions, nuts_version, created_at)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
	if (rc != 0)
		goto out;
	db_bind_text(&o, 1, p->slug);
	bind_fields(&o, p);
	db_bind_text(&o, 9, now);
	rc = db_insert(&o, &id);
	if (rc == APP_ECONFLICT)
		rc = db_err(APP_ECONFLICT, "partnership \"%s\" exists", p->slug);
	if (rc == 0)
		p->id = id;
out:
	return db_end(&o, rc);
}

int
store_partnership_update(struct store *st, const struct partnership *p)
{
	struct db_op o;
	int rc;

	rc = check_partnership(p, false);
	if (rc != 0)
		return rc;
	rc = db_begin(&o, st, true, "partnership update");
	if (rc == 0)
		rc = db_prep(&o, "UPDATE partnerships SET name = ?2, platform = ?3, start_date = ?4,"
				 " webpage = ?5, leading_regions = ?6, participating_regions = ?7,"
				 " nuts_version = ?8 WHERE id = ?1");
	if (rc != 0)
		goto out;
	db_bind_int(&o, 1, p->id);
	bind_fields(&o, p);
	rc = db_exec(&o);
	if (rc == 0 && db_changes(&o) == 0)
		rc = db_err(APP_ENOTFOUND, "partnership %lld does not exist", (long long)p->id);
out:
	return db_end(&o, rc);
}

/* Fills out from the one row sql returns for the bound key. */
static int
partnership_one(struct store *st, const char *sql, const char *slug, int64_t id,
		struct partnership *out)
{
	struct db_op o;
	bool row;
	int rc;

	rc = db_begin(&o, st, false, "partnership");
	if (rc == 0)
		rc = db_prep(&o, sql);
	if (rc != 0)
		goto out;
	if (slug != NULL)
		db_bind_text(&o, 1, slug);
	else
		db_bind_int(&o, 1, id);
	rc = db_step(&o, &row);
	if (rc == 0 && !row)
		rc = slug != NULL ? db_err(APP_ENOTFOUND, "partnership \"%.100s\" does not exist", slug)
				  : db_err(APP_ENOTFOUND, "partnership %lld does not exist",
					    (long long)id);
	if (rc == 0)
		rc = read_partnership(&o, out);
out:
	return db_end(&o, rc);
}

int
store_partnership_by_slug(struct store *st, const char *slug, struct partnership *out)
{
	if (out == NULL)
		return db_err(APP_EINPUT, "partnership: no output");
	memset(out, 0, sizeof(*out));
	if (slug == NULL)
		return db_err(APP_EINPUT, "partnership: no slug");
	if (!check_slug_ok(slug))
		return db_err(APP_ENOTFOUND, "partnership \"%.100s\" does not exist", slug);
	return partnership_one(st, "SELECT " PARTNERSHIP_COLS " FROM partnerships WHERE slug = ?1",
			       slug, 0, out);
}

int
store_partnership_by_id(struct store *st, int64_t id, struct partnership *out)
{
	if (out == NULL)
		return db_err(APP_EINPUT, "partnership: no output");
	memset(out, 0, sizeof(*out));
	return partnership_one(st, "SELECT " PARTNERSHIP_COLS " FROM partnerships WHERE id = ?1", NULL,
			       id, out);
}

int
store_partnership_list(struct store *st, struct partnership **out, size_t *n)
{
	struct partnership *v = NULL;
	size_t cap = 0, k = 0;
	struct db_op o;
	bool row;
	int rc;

	if (out == NULL || n == NULL)
		return db_err(APP_EINPUT, "partnership list: no output");
	*out = NULL;
	*n = 0;
	rc = db_begin(&o, st, false, "partnership list");
	if (rc == 0)
		rc = db_prep(&o, "SELECT " PARTNERSHIP_COLS
				 " FROM partnerships ORDER BY platform, name, id");
	while (rc == 0 && (rc = db_step(&o, &row)) == 0 && row) {
		rc = db_list_grow(&v, &cap, k, sizeof(*v));
		if (rc == 0)
			rc = read_partnership(&o, &v[k]);
		if (rc == 0)
			k++;
	}
	rc = db_end(&o, rc);
	if (rc != 0) {
		partnership_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
