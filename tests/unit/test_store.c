/* test_store.c - unit tests of the store (db.c, its backends and the
 * store_<entity>.c files): on a real SQLite file in a temporary directory;
 * or, when S3PM_TEST_PG_URL names a PostgreSQL database (which the tests
 * empty before each test: never a database that matters), on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store.h"

struct fx {
	char dir[64];
	char path[512];
	struct store *st;
	int64_t pid;  /* partnership "mining-industry" */
	int64_t uid;  /* its coordinator */
	int64_t cid;  /* a committee member */
};

static void
rm_db(struct fx *f)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char p[160];
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, ext[i]);
		unlink(p);
	}
}

static struct store *
open_ok(const char *path)
{
	struct app_msg msg = {{0}};
	struct store *st = NULL;

	if (store_open(path, &st, &msg) != 0) {
		fprintf(stderr, "store_open: %s\n", msg.text);
		return NULL;
	}
	return st;
}

/* The PostgreSQL database of the tests, or NULL: SQLite files. */
static const char *
pg_url(void)
{
	const char *u = getenv("S3PM_TEST_PG_URL");

	return u != NULL && u[0] != '\0' ? u : NULL;
}

/* Runs sql on a raw PostgreSQL connection to url; 0 or -1. */
static int
pg_raw(const char *url, const char *sql, int *v)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r = NULL;
	int rc = -1;

	if (PQstatus(c) == CONNECTION_OK) {
		r = PQexec(c, sql);
		if (PQresultStatus(r) == PGRES_COMMAND_OK)
			rc = 0;
		else if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) >= 1) {
			if (v != NULL)
				*v = atoi(PQgetvalue(r, 0, 0));
			rc = 0;
		} else {
			fprintf(stderr, "PostgreSQL: %s: %s", sql, PQerrorMessage(c));
		}
	} else {
		fprintf(stderr, "PostgreSQL: %s", PQerrorMessage(c));
	}
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* Skips the running test on PostgreSQL (it tests SQLite's files). */
#define SQLITE_ONLY()                                                                              \
	do {                                                                                       \
		if (pg_url() != NULL)                                                              \
			skip();                                                                    \
	} while (0)

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/s3pm-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/s3pm.db", f->dir);
	if (pg_url() != NULL) {
		snprintf(f->path, sizeof(f->path), "%s", pg_url());
		if (pg_raw(f->path, "SET client_min_messages = warning;"
				       " DROP SCHEMA public CASCADE; CREATE SCHEMA public", NULL) != 0)
			return -1;
	}
	f->st = open_ok(f->path);
	if (f->st == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f == NULL)
		return 0;
	store_close(f->st);
	rm_db(f);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* A partnership, two periods, a coordinator and a committee member. */
static int
setup_data(void **state)
{
	struct partnership p = {0};
	struct user u = {0};
	struct fx *f;

	if (setup(state) != 0)
		return -1;
	f = *state;
	p.slug = "mining-industry";
	p.name = "Mining industry";
	p.platform = "Industrial Modernisation";
	p.start_date = "Fall 2019";
	if (store_partnership_create(f->st, &p) != 0)
		return -1;
	f->pid = p.id;
	if (store_period_set(f->st, "2020-H1", "2020-07-31") != 0 ||
	    store_period_set(f->st, "2020-H2", "2021-01-31") != 0)
		return -1;
	u.email = "coord@example.eu";
	u.name = "Cora Coordinator";
	u.role = "coordinator";
	u.partnership_id = f->pid;
	u.pw_hash = "$argon2id$x";
	u.active = true;
	if (store_user_create(f->st, &u) != 0)
		return -1;
	f->uid = u.id;
	memset(&u, 0, sizeof(u));
	u.email = "committee@example.eu";
	u.name = "Carl Committee";
	u.role = "committee";
	u.active = true;
	if (store_user_create(f->st, &u) != 0)
		return -1;
	f->cid = u.id;
	return 0;
}

static int64_t
new_report(struct fx *f, const char *period, const char *doc)
{
	struct report_row r = {0};

	r.partnership_id = f->pid;
	memcpy(r.period, period, strlen(period) + 1);
	r.form_id = "s3-monitoring-2020";
	r.doc = (char *)doc;
	if (store_report_create(f->st, &r, f->uid) != 0)
		return -1;
	return r.id;
}

/* A raw connection beside the store, to look at what it wrote. */
static int
raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (pg_url() != NULL) {
		pg_raw(path, sql, &v);
		return v;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* --- opening and migrations ------------------------------------------------ */

static void
migrations_idempotent(void **state)
{
	struct fx *f = *state;
	struct partnership p = {0}, q = {0};
	int v = 0, v2 = 0;

	assert_int_equal(store_schema_version(f->st, &v), 0);
	assert_true(v >= 1);
	p.slug = "energy";
	p.name = "Energy";
	assert_int_equal(store_partnership_create(f->st, &p), 0);
	store_close(f->st);
	f->st = open_ok(f->path);
	assert_non_null(f->st);
	assert_int_equal(store_schema_version(f->st, &v2), 0);
	assert_int_equal(v2, v);
	/* Each migration recorded once, data kept. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM schema_version"), v);
	assert_int_equal(store_partnership_by_slug(f->st, "energy", &q), 0);
	assert_string_equal(q.name, "Energy");
	partnership_cleanup(&q);
	/* The pragmas took: WAL is stored in the file. */
	if (pg_url() == NULL)
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pragma_journal_mode"
						  " WHERE journal_mode = 'wal'"),
				 1);
}

static void
open_errors(void **state)
{
	struct fx *f = *state;
	struct app_msg msg = {{0}};
	struct store *st = (struct store *)1;
	char path[200];
	sqlite3 *db = NULL;

	if (pg_url() != NULL) {
		/* No server there: a clear message, nothing opened. */
		assert_int_equal(store_open("postgresql://nobody@/none?host=/nonexistent-dir", &st, &msg),
				 APP_EIO);
		assert_null(st);
		assert_non_null(strstr(msg.text, "cannot connect"));
		/* A schema newer than this program. */
		store_close(f->st);
		f->st = NULL;
		assert_int_equal(pg_raw(f->path,
					"INSERT INTO schema_version (version, applied_at)"
					" VALUES (999, '2030-01-01T00:00:00Z')",
					NULL),
				 0);
		st = (struct store *)1;
		assert_int_equal(store_open(f->path, &st, &msg), APP_EINPUT);
		assert_null(st);
		assert_non_null(strstr(msg.text, "newer"));
		return;
	}
	assert_int_equal(store_open("/nonexistent-dir/x/s3pm.db", &st, &msg), APP_EIO);
	assert_null(st);
	assert_non_null(strstr(msg.text, "/nonexistent-dir/x/s3pm.db"));
	assert_non_null(strstr(msg.text, "unable to open"));
	assert_int_equal(store_open(":memory:", &st, &msg), APP_EINPUT);
	assert_int_equal(store_open(NULL, &st, &msg), APP_EINPUT);
	assert_int_equal(store_open("x", NULL, NULL), APP_EINPUT);

	/* Not a database. */
	snprintf(path, sizeof(path), "%s/junk.db", f->dir);
	{
		FILE *fp = fopen(path, "w");

		assert_non_null(fp);
		fputs("this is not a database file, not at all, and it is long enough to tell\n", fp);
		for (int i = 0; i < 100; i++)
			fputs("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", fp);
		fclose(fp);
	}
	assert_int_equal(store_open(path, &st, &msg), APP_EIO);
	assert_non_null(strstr(msg.text, path));
	unlink(path);

	/* A schema newer than this program. */
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO schema_version (version, applied_at)"
				      " VALUES (999, '2030-01-01T00:00:00Z')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->path, &st, &msg), APP_EINPUT);
	assert_non_null(strstr(msg.text, "newer"));
}

/* --- partnerships and periods ---------------------------------------------------- */

static void
partnerships(void **state)
{
	struct fx *f = *state;
	struct partnership p = {0}, q = {0}, *v = NULL;
	size_t n = 0;

	p.slug = "mining-industry";
	p.name = "Mining industry";
	p.platform = "Industrial Modernisation";
	p.start_date = "Fall 2019";
	p.webpage = "https://s3platform.jrc.ec.europa.eu/mining-industry";
	p.leading_regions = "Andalusia, Lapland";
	p.participating_regions = "[{\"name\":\"Lapland\",\"country\":\"FI\",\"nuts\":\"FI1D7\"}]";
	p.nuts_version = 2016;
	assert_int_equal(store_partnership_create(f->st, &p), 0);
	assert_true(p.id > 0);

	assert_int_equal(store_partnership_by_slug(f->st, "mining-industry", &q), 0);
	assert_int_equal(q.id, p.id);
	assert_string_equal(q.name, p.name);
	assert_string_equal(q.platform, p.platform);
	assert_string_equal(q.start_date, p.start_date);
	assert_string_equal(q.webpage, p.webpage);
	assert_string_equal(q.leading_regions, p.leading_regions);
	assert_string_equal(q.participating_regions, p.participating_regions);
	assert_int_equal(q.nuts_version, 2016);
	assert_int_equal(strlen(q.created_at), 20);
	assert_int_equal(q.created_at[19], 'Z');
	partnership_cleanup(&q);
	partnership_cleanup(&q); /* twice is harmless */

	/* Duplicate slug: a conflict, with a message. */
	q.slug = "mining-industry";
	q.name = "Another";
	assert_int_equal(store_partnership_create(f->st, &q), APP_ECONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "mining-industry"));
	q.slug = "Bad Slug";
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	q.slug = "x";
	q.platform = "Space";
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	q.platform = NULL;
	q.name = NULL;
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	assert_int_equal(store_partnership_create(f->st, NULL), APP_EINPUT);
	q.name = "bad \xC3\x28 utf-8";
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	/* UTF-8 as PostgreSQL takes it: overlong forms, surrogates and cut
	 * sequences are refused, also after a long ASCII run. */
	q.name = "0123456789abcdef\xC0\xAF";
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	q.name = "0123456789abcdefgh\xED\xA0\x80";
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	q.name = "0123456789abcdefghi\xF0\x9D\x84";
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	q.name = "\xF4\x90\x80\x80";
	assert_int_equal(store_partnership_create(f->st, &q), APP_EINPUT);
	q.slug = "utf8";
	q.name = "R\xC3\xA9gion \xE2\x80\x94 \xF0\x9D\x84\x9E Th\xC3\xBCringen, \xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1";
	assert_int_equal(store_partnership_create(f->st, &q), 0);
	{
		struct partnership r = {0};

		assert_int_equal(store_partnership_by_slug(f->st, "utf8", &r), 0);
		assert_string_equal(r.name, q.name);
		partnership_cleanup(&r);
	}
	q.slug = "x";
	memset(&q, 0, sizeof(q));

	/* Update everything but slug; no regions means an empty array. */
	p.name = "Mining Industry";
	p.platform = "Energy";
	p.participating_regions = NULL;
	p.slug = "ignored";
	assert_int_equal(store_partnership_update(f->st, &p), 0);
	assert_int_equal(store_partnership_by_id(f->st, p.id, &q), 0);
	assert_string_equal(q.slug, "mining-industry");
	assert_string_equal(q.name, "Mining Industry");
	assert_string_equal(q.platform, "Energy");
	assert_string_equal(q.participating_regions, "[]");
	partnership_cleanup(&q);
	p.id = 9999;
	assert_int_equal(store_partnership_update(f->st, &p), APP_ENOTFOUND);

	assert_int_equal(store_partnership_by_slug(f->st, "nope", &q), APP_ENOTFOUND);
	assert_null(q.slug);
	assert_int_equal(store_partnership_by_slug(f->st, "'; DROP TABLE partnerships; --", &q),
			 APP_ENOTFOUND);
	assert_int_equal(store_partnership_by_slug(f->st, NULL, &q), APP_EINPUT);
	assert_int_equal(store_partnership_by_id(f->st, 12345, &q), APP_ENOTFOUND);

	/* Ordered by platform, then name. */
	memset(&q, 0, sizeof(q));
	q.slug = "blue-b";
	q.name = "Zeta blue";
	q.platform = "Sustainable Blue Economy";
	assert_int_equal(store_partnership_create(f->st, &q), 0);
	q.slug = "blue-a";
	q.name = "Alpha blue";
	assert_int_equal(store_partnership_create(f->st, &q), 0);
	q.slug = "agri";
	q.name = "Agri";
	q.platform = "Agri-Food";
	assert_int_equal(store_partnership_create(f->st, &q), 0);
	assert_int_equal(store_partnership_list(f->st, &v, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(v[0].slug, "utf8"); /* no platform */
	assert_string_equal(v[1].slug, "agri");
	assert_string_equal(v[2].slug, "mining-industry"); /* Energy */
	assert_string_equal(v[3].slug, "blue-a");
	assert_string_equal(v[4].slug, "blue-b");
	partnership_free_list(v, n);
	partnership_free_list(NULL, 0);
	assert_int_equal(store_partnership_list(f->st, NULL, &n), APP_EINPUT);
}

static void
periods(void **state)
{
	struct fx *f = *state;
	struct period_row r, *v = NULL;
	size_t n = 9;

	assert_int_equal(store_period_list(f->st, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(store_period_set(f->st, "2021-H1", "2021-07-31"), 0);
	assert_int_equal(store_period_set(f->st, "2020-H2", "2021-01-31"), 0);
	assert_int_equal(store_period_set(f->st, "2020-H1", "2020-07-15"), 0);
	assert_int_equal(store_period_set(f->st, "2020-H1", "2020-07-31"), 0); /* moves it */
	assert_int_equal(store_period_get(f->st, "2020-H1", &r), 0);
	assert_string_equal(r.period, "2020-H1");
	assert_string_equal(r.deadline, "2020-07-31");
	assert_int_equal(store_period_get(f->st, "2019-H2", &r), APP_ENOTFOUND);
	assert_int_equal(store_period_get(f->st, "2019-H3", &r), APP_EINPUT);
	assert_int_equal(store_period_get(f->st, "2019-H1-and-a-long-tail", &r), APP_EINPUT);
	assert_int_equal(store_period_set(f->st, "2020H1", "2020-07-31"), APP_EINPUT);
	assert_int_equal(store_period_set(f->st, "2020-H1", "31/07/2020"), APP_EINPUT);
	assert_int_equal(store_period_set(f->st, "2020-H1", "2020-13-01"), APP_EINPUT);
	assert_int_equal(store_period_set(f->st, NULL, NULL), APP_EINPUT);
	/* The period is core's (period_parse): its years only. */
	assert_int_equal(store_period_set(f->st, "1989-H2", "1990-01-31"), APP_EINPUT);
	assert_non_null(strstr(store_errmsg(f->st), "1990-2100"));
	assert_int_equal(store_period_set(f->st, "2101-H1", "2101-07-31"), APP_EINPUT);
	assert_int_equal(store_period_get(f->st, "1990-H1", &r), APP_ENOTFOUND);
	assert_int_equal(store_period_list(f->st, &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].period, "2020-H1");
	assert_string_equal(v[1].period, "2020-H2");
	assert_string_equal(v[2].period, "2021-H1");
	assert_string_equal(v[2].deadline, "2021-07-31");
	free(v);
}

/* --- users ----------------------------------------------------------------------- */

static void
users(void **state)
{
	struct fx *f = *state;
	struct user u = {0}, g = {0}, *v = NULL;
	size_t n = 0;

	u.email = "Anna.Member@Example.EU";
	u.name = "Anna Member";
	u.role = "member";
	u.partnership_id = f->pid;
	u.pw_hash = "$argon2id$v=19$m=65536,t=2,p=1$abc$def";
	u.active = true;
	assert_int_equal(store_user_create(f->st, &u), 0);
	assert_true(u.id > 0);

	/* Stored lower-cased; found whatever the case. */
	assert_int_equal(store_user_by_email(f->st, "ANNA.member@example.eu", &g), 0);
	assert_int_equal(g.id, u.id);
	assert_string_equal(g.email, "anna.member@example.eu");
	assert_string_equal(g.name, "Anna Member");
	assert_string_equal(g.role, "member");
	assert_int_equal(g.partnership_id, f->pid);
	assert_string_equal(g.pw_hash, u.pw_hash);
	assert_true(g.active);
	assert_int_equal(strlen(g.created_at), 20);
	user_cleanup(&g);

	/* The same address in other letters is taken. */
	u.email = "anna.member@EXAMPLE.eu";
	assert_int_equal(store_user_create(f->st, &u), APP_ECONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "anna.member@example.eu"));
	u.email = "no-at-sign";
	assert_int_equal(store_user_create(f->st, &u), APP_EINPUT);
	u.email = "x@y.eu";
	u.role = "king";
	assert_int_equal(store_user_create(f->st, &u), APP_EINPUT);
	u.role = "member";
	u.partnership_id = 0;
	assert_int_equal(store_user_create(f->st, &u), APP_EINPUT);
	u.role = "admin";
	u.partnership_id = f->pid;
	assert_int_equal(store_user_create(f->st, &u), APP_EINPUT);
	u.role = "member";
	u.partnership_id = 777; /* no such partnership */
	assert_int_equal(store_user_create(f->st, &u), APP_ENOTFOUND);

	assert_int_equal(store_user_by_email(f->st, "nobody@example.eu", &g), APP_ENOTFOUND);
	assert_int_equal(store_user_by_email(f->st, "", &g), APP_ENOTFOUND);
	assert_int_equal(store_user_by_email(f->st, NULL, &g), APP_ENOTFOUND);
	assert_int_equal(store_user_by_id(f->st, 4242, &g), APP_ENOTFOUND);

	assert_int_equal(store_user_set_password(f->st, f->uid, "$argon2id$new"), 0);
	assert_int_equal(store_user_by_id(f->st, f->uid, &g), 0);
	assert_string_equal(g.pw_hash, "$argon2id$new");
	assert_string_equal(g.email, "coord@example.eu");
	user_cleanup(&g);
	assert_int_equal(store_user_set_password(f->st, 4242, "$x"), APP_ENOTFOUND);
	assert_int_equal(store_user_set_password(f->st, f->uid, NULL), APP_EINPUT);

	/* Update: name, role, partnership, active; never the address. */
	memset(&g, 0, sizeof(g));
	g.id = u.id;
	g.email = "ignored@example.eu";
	g.name = "Anna C.";
	g.role = "commission";
	g.partnership_id = 0;
	g.active = false;
	assert_int_equal(store_user_update(f->st, &g), 0);
	memset(&g, 0, sizeof(g));
	assert_int_equal(store_user_by_id(f->st, u.id, &g), 0);
	assert_string_equal(g.email, "anna.member@example.eu");
	assert_string_equal(g.name, "Anna C.");
	assert_string_equal(g.role, "commission");
	assert_int_equal(g.partnership_id, 0);
	assert_false(g.active);
	g.id = 4242;
	assert_int_equal(store_user_update(f->st, &g), APP_ENOTFOUND);
	user_cleanup(&g);

	assert_int_equal(store_user_list(f->st, 0, &v, &n), 0);
	assert_int_equal(n, 3);
	/* By name: Anna, Carl, Cora. */
	assert_string_equal(v[0].name, "Anna C.");
	assert_string_equal(v[1].name, "Carl Committee");
	assert_string_equal(v[2].name, "Cora Coordinator");
	user_free_list(v, n);
	assert_int_equal(store_user_list(f->st, f->pid, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, f->uid);
	user_free_list(v, n);
}

/* --- reports ------------------------------------------------------------------------- */

static void
reports_roundtrip(void **state)
{
	struct fx *f = *state;
	struct report_row r = {0}, g = {0}, *v = NULL;
	int64_t id, id2;
	size_t n = 0;
	int rev = 0;

	id = new_report(f, "2020-H1", "{\"answers\":{}}");
	assert_true(id > 0);
	assert_int_equal(store_report_get(f->st, f->pid, "2020-H1", &g), 0);
	assert_int_equal(g.id, id);
	assert_int_equal(g.partnership_id, f->pid);
	assert_string_equal(g.period, "2020-H1");
	assert_string_equal(g.form_id, "s3-monitoring-2020");
	assert_int_equal(g.status, REPORT_DRAFT);
	assert_int_equal(g.revision, 1);
	assert_string_equal(g.doc, "{\"answers\":{}}");
	assert_int_equal(g.updated_by, f->uid);
	assert_non_null(g.updated_at);
	assert_null(g.submitted_at);
	assert_null(g.published_at);
	report_row_cleanup(&g);

	/* One report per partnership and period. */
	r.partnership_id = f->pid;
	memcpy(r.period, "2020-H1", 8);
	r.form_id = "s3-monitoring-2020";
	r.doc = "{}";
	assert_int_equal(store_report_create(f->st, &r, f->uid), APP_ECONFLICT);
	memcpy(r.period, "2019-H1", 8); /* no such period */
	assert_int_equal(store_report_create(f->st, &r, f->uid), APP_ENOTFOUND);
	memcpy(r.period, "2020-H2", 8);
	r.partnership_id = 999;
	assert_int_equal(store_report_create(f->st, &r, f->uid), APP_ENOTFOUND);
	r.partnership_id = f->pid;
	r.doc = NULL;
	assert_int_equal(store_report_create(f->st, &r, f->uid), APP_EINPUT);
	r.doc = "{}";
	r.status = (enum report_status)42;
	assert_int_equal(store_report_create(f->st, &r, f->uid), APP_EINPUT);
	r.status = REPORT_DRAFT;
	memcpy(r.period, "2020-HX", 8);
	assert_int_equal(store_report_create(f->st, &r, f->uid), APP_EINPUT);
	assert_int_equal(store_report_create(f->st, NULL, f->uid), APP_EINPUT);

	/* By id, then save a second one by the system (user 0). */
	assert_int_equal(store_report_by_id(f->st, id, &g), 0);
	assert_int_equal(g.revision, 1);
	report_row_cleanup(&g);
	assert_int_equal(store_report_by_id(f->st, 31337, &g), APP_ENOTFOUND);
	assert_int_equal(store_report_get(f->st, f->pid, "2020-H2", &g), APP_ENOTFOUND);

	memcpy(r.period, "2020-H2", 8);
	assert_int_equal(store_report_create(f->st, &r, 0), 0);
	id2 = r.id;
	assert_int_equal(r.revision, 1);
	assert_int_equal(store_report_save(f->st, id2, 1, "{\"v\":2}", 0, &rev), 0);
	assert_int_equal(rev, 2);
	assert_int_equal(store_report_by_id(f->st, id2, &g), 0);
	assert_int_equal(g.updated_by, 0);
	assert_string_equal(g.doc, "{\"v\":2}");
	report_row_cleanup(&g);

	/* Newest period first, no documents. */
	assert_int_equal(store_report_list(f->st, f->pid, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].period, "2020-H2");
	assert_string_equal(v[1].period, "2020-H1");
	assert_null(v[0].doc);
	assert_null(v[1].doc);
	assert_int_equal(v[0].revision, 2);
	report_row_free_list(v, n);
	assert_int_equal(store_report_list(f->st, 0, &v, &n), 0);
	assert_int_equal(n, 2);
	report_row_free_list(v, n);
	assert_int_equal(store_report_list(f->st, 555, &v, &n), 0);
	assert_int_equal(n, 0);
	report_row_free_list(v, n);
}

/* Every report with its partnership and latest document in one read, by
 * partnership name then period, filtered. */
static void
report_list_all(void **state)
{
	struct fx *f = *state;
	struct partnership p = {0};
	struct report_full *v = NULL;
	struct report_row r = {0};
	size_t n = 9;
	int rev = 0;
	int64_t id1;

	id1 = new_report(f, "2020-H2", "{\"m\":1}");
	assert_true(id1 > 0);
	assert_true(new_report(f, "2020-H1", "{\"m\":0}") > 0);
	assert_int_equal(store_report_save(f->st, id1, 1, "{\"m\":2}", f->uid, &rev), 0);
	/* A partnership without a platform, named to sort first. */
	p.slug = "agri-food";
	p.name = "Agri-food";
	assert_int_equal(store_partnership_create(f->st, &p), 0);
	r.partnership_id = p.id;
	memcpy(r.period, "2020-H1", 8);
	r.form_id = "s3-monitoring-2020";
	r.doc = "{\"a\":1}";
	assert_int_equal(store_report_create(f->st, &r, f->uid), 0);

	assert_int_equal(store_report_list_all(f->st, NULL, NULL, NULL, &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].p.slug, "agri-food");
	assert_string_equal(v[0].p.platform, "");
	assert_string_equal(v[0].r.doc, "{\"a\":1}");
	assert_string_equal(v[1].p.name, "Mining industry");
	assert_string_equal(v[1].p.platform, "Industrial Modernisation");
	assert_int_equal(v[1].p.id, f->pid);
	assert_string_equal(v[1].r.period, "2020-H1");
	assert_string_equal(v[1].r.doc, "{\"m\":0}");
	/* The latest revision's document. */
	assert_string_equal(v[2].r.period, "2020-H2");
	assert_int_equal(v[2].r.id, id1);
	assert_int_equal(v[2].r.revision, 2);
	assert_string_equal(v[2].r.doc, "{\"m\":2}");
	assert_string_equal(v[2].r.form_id, "s3-monitoring-2020");
	assert_int_equal(v[2].r.status, REPORT_DRAFT);
	report_full_free_list(v, n);

	/* Filters: slug, platform ("" for none), period; together. */
	assert_int_equal(store_report_list_all(f->st, "mining-industry", NULL, NULL, &v, &n), 0);
	assert_int_equal(n, 2);
	report_full_free_list(v, n);
	assert_int_equal(store_report_list_all(f->st, NULL, "", NULL, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].p.slug, "agri-food");
	report_full_free_list(v, n);
	assert_int_equal(store_report_list_all(f->st, NULL, "Industrial Modernisation", "2020-H2", &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].r.id, id1);
	report_full_free_list(v, n);
	assert_int_equal(store_report_list_all(f->st, NULL, NULL, "2020-H1", &v, &n), 0);
	assert_int_equal(n, 2);
	report_full_free_list(v, n);
	assert_int_equal(store_report_list_all(f->st, "nobody", NULL, NULL, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(store_report_list_all(f->st, NULL, NULL, NULL, NULL, &n), APP_EINPUT);
}

/* A partnership and its report of a period in one read. */
static void
partnership_report(void **state)
{
	struct fx *f = *state;
	struct partnership p;
	struct report_row r;
	bool have = true;
	int64_t id = new_report(f, "2020-H1", "{\"n\":1}");

	assert_int_equal(store_partnership_report(f->st, "mining-industry", "2020-H1", &p, &r, &have), 0);
	assert_true(have);
	assert_int_equal(p.id, f->pid);
	assert_string_equal(p.slug, "mining-industry");
	assert_int_equal(r.id, id);
	assert_int_equal(r.revision, 1);
	assert_string_equal(r.period, "2020-H1");
	assert_null(r.doc);
	partnership_cleanup(&p);
	report_row_cleanup(&r);
	assert_int_equal(store_partnership_report(f->st, "mining-industry", "2021-H1", &p, &r, &have), 0);
	assert_false(have);
	assert_int_equal(p.id, f->pid);
	assert_int_equal(r.id, 0);
	partnership_cleanup(&p);
	assert_int_equal(store_partnership_report(f->st, "nobody", "2020-H1", &p, &r, &have), APP_ENOTFOUND);
	assert_int_equal(store_partnership_report(f->st, "Bad Slug", "2020-H1", &p, &r, &have), APP_ENOTFOUND);
	assert_int_equal(store_partnership_report(f->st, "mining-industry", "2020", &p, &r, &have), APP_EINPUT);
}

/* The write-ahead log is checkpointed by the store's checkpointer thread,
 * or past its hard limit (4,000 pages of 4 KiB) by the committing
 * connection: after many large saves made as fast as one thread can, the
 * log stays under that limit plus one save instead of growing with every
 * save. Each save here writes some 14 pages (the document and the revision
 * kept), so 600 of them would make a log of about 33 MB. */
static void
log_checkpointed(void **state)
{
	struct fx *f = *state;
	char wal[200], *doc;
	struct stat sb;
	int64_t id;
	int i, rev = 0;

	SQLITE_ONLY();
	id = new_report(f, "2020-H1", "{\"n\":1}");
	assert_true(id > 0);
	doc = malloc(40001);
	assert_non_null(doc);
	for (i = 1; i <= 600; i++) {
		snprintf(doc, 40001, "{\"n\":%d,\"t\":\"", i);
		memset(doc + strlen(doc), 'a' + i % 26, 39990 - strlen(doc));
		snprintf(doc + 39990, 11, "\"}");
		assert_int_equal(store_report_save(f->st, id, i, doc, f->uid, &rev), 0);
	}
	free(doc);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size < (4000 + 100) * 4096);
}

static void
revisions_kept(void **state)
{
	struct fx *f = *state;
	struct report_row g = {0};
	char doc[64], *d = NULL;
	int64_t id;
	int i, rev = 0;

	id = new_report(f, "2020-H1", "{\"n\":1}");
	assert_true(id > 0);
	for (i = 1; i < 30; i++) {
		snprintf(doc, sizeof(doc), "{\"n\":%d}", i + 1);
		assert_int_equal(store_report_save(f->st, id, i, doc, f->uid, &rev), 0);
		assert_int_equal(rev, i + 1);
	}
	/* Every revision stays readable. */
	for (i = 1; i <= 30; i++) {
		snprintf(doc, sizeof(doc), "{\"n\":%d}", i);
		assert_int_equal(store_report_revision(f->st, id, i, &d), 0);
		assert_string_equal(d, doc);
		free(d);
	}
	assert_int_equal(store_report_revision(f->st, id, 31, &d), APP_ENOTFOUND);
	assert_null(d);
	assert_int_equal(store_report_revision(f->st, id, 0, &d), APP_ENOTFOUND);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM report_revisions"), 30);

	/* A stale base revision: a conflict, and nothing written. */
	assert_int_equal(store_report_save(f->st, id, 29, "{\"stale\":1}", f->uid, &rev), APP_ECONFLICT);
	assert_int_equal(rev, 0);
	assert_non_null(strstr(store_errmsg(f->st), "revision 30"));
	assert_int_equal(store_report_save(f->st, id, 31, "{}", f->uid, &rev), APP_ECONFLICT);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM report_revisions"), 30);
	assert_int_equal(store_report_get(f->st, f->pid, "2020-H1", &g), 0);
	assert_int_equal(g.revision, 30);
	assert_string_equal(g.doc, "{\"n\":30}");
	report_row_cleanup(&g);

	/* Bad input. */
	assert_int_equal(store_report_save(f->st, 999, 1, "{}", f->uid, &rev), APP_ENOTFOUND);
	assert_int_equal(store_report_save(f->st, id, 30, NULL, f->uid, &rev), APP_EINPUT);
	assert_int_equal(store_report_save(f->st, id, 0, "{}", f->uid, &rev), APP_EINPUT);
	assert_int_equal(store_report_save(f->st, id, 30, "{}", f->uid, NULL), APP_EINPUT);
	assert_int_equal(store_report_save(f->st, id, 30, "{}", 98765, &rev), APP_ENOTFOUND);
	assert_int_equal(store_report_save(f->st, id, 30, "\xff\xfe", f->uid, &rev), APP_EINPUT);
	assert_int_equal(store_report_save(NULL, id, 30, "{}", f->uid, &rev), APP_EINPUT);
	assert_int_equal(raw_int(f->path, "SELECT revision FROM reports"), 30);
}

/* Every move of a report is recorded with its revision and who made it;
 * the queue of a status lists the reports in it, the longest waiting
 * first, with whether one was returned before and the comments of the
 * last review. */
static void
events_and_queues(void **state)
{
	struct fx *f = *state;
	struct report_event *e = NULL;
	struct report_entry *q = NULL;
	struct comment c = {0};
	size_t n = 0;
	int64_t a, b;
	int rev = 0;

	a = new_report(f, "2020-H1", "{}");
	b = new_report(f, "2020-H2", "{}");
	assert_true(a > 0 && b > 0);
	assert_int_equal(store_report_events(f->st, a, &e, &n), 0);
	assert_int_equal(n, 0);
	report_event_free_list(e, n);
	/* Drafts are in no queue but the drafts'. */
	assert_int_equal(store_report_queue(f->st, REPORT_SUBMITTED, 0, &q, &n), 0);
	assert_int_equal(n, 0);
	report_entry_free_list(q, n);

	assert_int_equal(store_report_set_status(f->st, a, REPORT_DRAFT, REPORT_SUBMITTED, f->uid), 0);
	assert_int_equal(store_report_set_status(f->st, a, REPORT_SUBMITTED, REPORT_RETURNED, f->cid), 0);
	c.report_id = a;
	c.revision = 1;
	c.question = "executive_summary";
	c.body = "Say more.";
	c.user_id = f->cid;
	assert_int_equal(store_comment_add(f->st, &c), 0);
	assert_int_equal(store_report_queue(f->st, REPORT_RETURNED, f->pid, &q, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(q[0].id, a);
	assert_int_equal(q[0].comments, 1);
	assert_true(q[0].was_returned);
	assert_string_equal(q[0].slug, "mining-industry");
	assert_string_equal(q[0].name, "Mining industry");
	assert_int_equal(strlen(q[0].since), 20);
	assert_null(q[0].decided_at);
	report_entry_free_list(q, n);

	assert_int_equal(store_report_save(f->st, a, 1, "{\"fixed\":1}", f->uid, &rev), 0);
	assert_int_equal(store_report_set_status(f->st, b, REPORT_DRAFT, REPORT_SUBMITTED, f->uid), 0);
	assert_int_equal(store_report_set_status(f->st, a, REPORT_RETURNED, REPORT_SUBMITTED, f->uid), 0);
	assert_int_equal(store_report_queue(f->st, REPORT_SUBMITTED, 0, &q, &n), 0);
	assert_int_equal(n, 2);
	/* b was submitted before a was submitted again. */
	assert_int_equal(q[0].id, b);
	assert_false(q[0].was_returned);
	assert_int_equal(q[1].id, a);
	assert_true(q[1].was_returned);
	/* The comment was written before the resubmission. */
	assert_int_equal(q[1].comments, 0);
	report_entry_free_list(q, n);
	/* One partnership only: the other has none. */
	assert_int_equal(store_report_queue(f->st, REPORT_SUBMITTED, f->pid + 1000, &q, &n), 0);
	assert_int_equal(n, 0);
	report_entry_free_list(q, n);

	assert_int_equal(store_report_events(f->st, a, &e, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(e[0].status, REPORT_SUBMITTED);
	assert_int_equal(e[0].revision, 1);
	assert_string_equal(e[0].author, "Cora Coordinator");
	assert_int_equal(e[1].status, REPORT_RETURNED);
	assert_int_equal(e[1].user_id, f->cid);
	assert_string_equal(e[1].author, "Carl Committee");
	assert_int_equal(e[2].status, REPORT_SUBMITTED);
	assert_int_equal(e[2].revision, 2); /* every submission kept, with its revision */
	assert_int_equal(strlen(e[2].created_at), 20);
	report_event_free_list(e, n);
	/* A refused move records nothing. */
	assert_int_equal(store_report_set_status(f->st, a, REPORT_DRAFT, REPORT_SUBMITTED, f->uid),
			 APP_ECONFLICT);
	assert_int_equal(store_report_events(f->st, a, &e, &n), 0);
	assert_int_equal(n, 3);
	report_event_free_list(e, n);
	assert_int_equal(store_report_queue(f->st, (enum report_status)42, 0, &q, &n), APP_EINPUT);
}

static void
status_flow(void **state)
{
	struct fx *f = *state;
	struct report_row g = {0};
	enum report_status s;
	char *first = NULL;
	int64_t id;
	int rev = 0;

	assert_string_equal(report_status_name(REPORT_RETURNED), "returned");
	assert_string_equal(report_status_name((enum report_status)17), "unknown");
	assert_int_equal(report_status_parse("published", &s), 0);
	assert_int_equal(s, REPORT_PUBLISHED);
	assert_int_equal(report_status_parse("Published", &s), APP_EINPUT);
	assert_int_equal(report_status_parse(NULL, &s), APP_EINPUT);

	id = new_report(f, "2020-H1", "{}");
	assert_true(id > 0);
	/* Wrong current status: a conflict; a move the diagram lacks: input. */
	assert_int_equal(store_report_set_status(f->st, id, REPORT_SUBMITTED, REPORT_ACCEPTED, f->cid),
			 APP_ECONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "draft"));
	assert_int_equal(store_report_set_status(f->st, id, REPORT_DRAFT, REPORT_PUBLISHED, f->cid),
			 APP_EINPUT);
	assert_int_equal(store_report_set_status(f->st, id, REPORT_DRAFT, REPORT_DRAFT, f->cid),
			 APP_EINPUT);
	assert_int_equal(store_report_set_status(f->st, 4040, REPORT_DRAFT, REPORT_SUBMITTED, f->uid),
			 APP_ENOTFOUND);

	assert_int_equal(store_report_set_status(f->st, id, REPORT_DRAFT, REPORT_SUBMITTED, f->uid), 0);
	assert_int_equal(store_report_by_id(f->st, id, &g), 0);
	assert_int_equal(g.status, REPORT_SUBMITTED);
	assert_non_null(g.submitted_at);
	assert_null(g.published_at);
	first = strdup(g.submitted_at);
	report_row_cleanup(&g);
	/* Twice the same move: the second finds it submitted already. */
	assert_int_equal(store_report_set_status(f->st, id, REPORT_DRAFT, REPORT_SUBMITTED, f->uid),
			 APP_ECONFLICT);
	/* A submitted report is not edited. */
	assert_int_equal(store_report_save(f->st, id, 1, "{\"late\":1}", f->uid, &rev), APP_ECONFLICT);
	assert_int_equal(store_report_set_status(f->st, id, REPORT_SUBMITTED, REPORT_RETURNED, f->cid), 0);
	assert_int_equal(store_report_save(f->st, id, 1, "{\"fixed\":1}", f->uid, &rev), 0);
	assert_int_equal(rev, 2);
	assert_int_equal(store_report_set_status(f->st, id, REPORT_RETURNED, REPORT_SUBMITTED, f->uid), 0);
	assert_int_equal(store_report_set_status(f->st, id, REPORT_SUBMITTED, REPORT_ACCEPTED, f->cid), 0);
	assert_int_equal(store_report_set_status(f->st, id, REPORT_ACCEPTED, REPORT_PUBLISHED, f->cid), 0);
	assert_int_equal(store_report_by_id(f->st, id, &g), 0);
	assert_int_equal(g.status, REPORT_PUBLISHED);
	assert_string_equal(g.submitted_at, first); /* the first submission counts */
	assert_non_null(g.published_at);
	assert_int_equal(g.updated_by, f->cid);
	assert_int_equal(g.revision, 2);
	report_row_cleanup(&g);
	free(first);
	assert_int_equal(store_report_save(f->st, id, 2, "{}", f->uid, &rev), APP_ECONFLICT);

	/* An import creates a published report directly. */
	{
		struct report_row r = {0};

		r.partnership_id = f->pid;
		memcpy(r.period, "2020-H2", 8);
		r.form_id = "s3-monitoring-2020";
		r.doc = "{}";
		r.status = REPORT_PUBLISHED;
		assert_int_equal(store_report_create(f->st, &r, 0), 0);
		assert_int_equal(store_report_by_id(f->st, r.id, &g), 0);
		assert_int_equal(g.status, REPORT_PUBLISHED);
		assert_non_null(g.submitted_at);
		assert_non_null(g.published_at);
		report_row_cleanup(&g);
	}
}

/* --- comments and decisions ----------------------------------------------------------- */

static void
comments(void **state)
{
	struct fx *f = *state;
	struct comment c = {0}, *v = NULL;
	int64_t id;
	size_t n = 0;

	id = new_report(f, "2020-H1", "{}");
	c.report_id = id;
	c.revision = 1;
	c.question = "executive_summary";
	c.body = "Please say more about <the> \"targets\" & 'milestones'.";
	c.user_id = f->cid;
	assert_int_equal(store_comment_add(f->st, &c), 0);
	assert_true(c.id > 0);
	c.question = NULL; /* the whole report */
	c.body = "Second.";
	assert_int_equal(store_comment_add(f->st, &c), 0);
	c.body = "";
	assert_int_equal(store_comment_add(f->st, &c), APP_EINPUT);
	c.body = "x";
	c.revision = 0;
	assert_int_equal(store_comment_add(f->st, &c), APP_EINPUT);
	c.revision = 1;
	c.report_id = 9090;
	assert_int_equal(store_comment_add(f->st, &c), APP_ENOTFOUND);

	assert_int_equal(store_comment_list(f->st, id, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].question, "executive_summary");
	assert_string_equal(v[0].body, "Please say more about <the> \"targets\" & 'milestones'.");
	assert_string_equal(v[0].author, "Carl Committee");
	assert_int_equal(v[0].user_id, f->cid);
	assert_int_equal(v[0].revision, 1);
	assert_string_equal(v[1].question, "");
	assert_string_equal(v[1].body, "Second.");
	assert_true(v[0].id < v[1].id);
	comment_free_list(v, n);
	assert_int_equal(store_comment_list(f->st, 9090, &v, &n), 0);
	assert_int_equal(n, 0);
	comment_free_list(v, n);
}

static void
decisions(void **state)
{
	struct fx *f = *state;
	struct decision d = {0}, *v = NULL;
	size_t n = 0;

	d.partnership_id = f->pid;
	d.term = "2021-H1";
	d.outcome = "continue";
	d.rationale = "Good progress.";
	d.user_id = f->cid;
	assert_int_equal(store_decision_add(f->st, &d), 0);
	assert_true(d.id > 0);
	d.term = "2021-H2";
	d.outcome = "continue_with_conditions";
	d.conditions = "Add two regions.";
	assert_int_equal(store_decision_add(f->st, &d), 0);
	d.outcome = "discontinue";
	assert_int_equal(store_decision_add(f->st, &d), APP_EINPUT); /* conditions without them */
	d.conditions = "";
	d.outcome = "maybe";
	assert_int_equal(store_decision_add(f->st, &d), APP_EINPUT);
	d.outcome = "discontinue";
	d.partnership_id = 8080;
	assert_int_equal(store_decision_add(f->st, &d), APP_ENOTFOUND);

	assert_int_equal(store_decision_list(f->st, f->pid, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].term, "2021-H2"); /* newest first */
	assert_string_equal(v[0].outcome, "continue_with_conditions");
	assert_string_equal(v[0].conditions, "Add two regions.");
	assert_string_equal(v[0].author, "Carl Committee");
	assert_string_equal(v[1].term, "2021-H1");
	assert_string_equal(v[1].conditions, "");
	assert_string_equal(v[1].rationale, "Good progress.");
	decision_free_list(v, n);
}

/* --- sessions, login failures, audit ------------------------------------------------------ */

static void
sessions(void **state)
{
	struct fx *f = *state;
	int64_t now = (int64_t)time(NULL);
	struct session s, g;

	memset(&s, 0, sizeof(s));

	memset(s.token_hash, 'a', 64);
	memset(s.csrf, 'c', 64);
	s.user_id = f->uid;
	s.expires = now + 100;
	assert_int_equal(store_session_create(f->st, &s), 0);
	assert_int_equal(store_session_create(f->st, &s), APP_ECONFLICT);
	memset(s.token_hash, 'b', 64);
	s.expires = now + 10000;
	assert_int_equal(store_session_create(f->st, &s), 0);
	memset(s.token_hash, 'd', 64);
	s.user_id = 5555;
	assert_int_equal(store_session_create(f->st, &s), APP_ENOTFOUND);
	s.user_id = f->uid;
	memset(s.token_hash, 'e', sizeof(s.token_hash)); /* not terminated */
	assert_int_equal(store_session_create(f->st, &s), APP_EINPUT);
	s.token_hash[0] = '\0';
	assert_int_equal(store_session_create(f->st, &s), APP_EINPUT);
	/* Already expired by the clock: stored, never found. */
	memset(s.token_hash, 0, sizeof(s.token_hash));
	memset(s.token_hash, 'f', 64);
	s.expires = now - 1;
	assert_int_equal(store_session_create(f->st, &s), 0);
	memset(s.token_hash, 0, sizeof(s.token_hash));
	memset(s.token_hash, 'f', 64);
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), APP_ENOTFOUND);

	memset(s.token_hash, 'a', 64);
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), 0);
	assert_string_equal(g.token_hash, s.token_hash);
	assert_string_equal(g.csrf, s.csrf);
	assert_int_equal(g.user_id, f->uid);
	assert_int_equal(g.expires, now + 100);
	assert_int_equal(store_session_get(f->st, "zzz", &g), APP_ENOTFOUND);
	assert_int_equal(store_session_get(f->st, NULL, &g), APP_EINPUT);

	/* The purge drops what expired by then, and only that. */
	assert_int_equal(store_session_purge(f->st, now + 200), 0);
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), APP_ENOTFOUND);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sessions"), 1);
	memset(s.token_hash, 'b', 64);
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), 0);
	assert_int_equal(store_session_delete(f->st, s.token_hash), 0);
	assert_int_equal(store_session_delete(f->st, s.token_hash), APP_ENOTFOUND);
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), APP_ENOTFOUND);
}

static void
login_failures(void **state)
{
	struct fx *f = *state;
	int count = -1;

	assert_int_equal(store_login_failure(f->st, "email:x@y.eu", 1000, 0, &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_login_failure(f->st, "email:x@y.eu", 1010, 0, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(store_login_failure(f->st, "ip:10.0.0.1", 1015, 0, &count), 0);
	assert_int_equal(count, 1);
	/* Counted inside the window only. */
	assert_int_equal(store_login_failure(f->st, "email:x@y.eu", 1020, 1005, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(store_login_failures(f->st, "email:x@y.eu", 0, &count), 0);
	assert_int_equal(count, 3);
	assert_int_equal(store_login_failures(f->st, "email:x@y.eu", 1011, &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_login_failures(f->st, "email:other", 0, &count), 0);
	assert_int_equal(count, 0);
	assert_int_equal(store_login_failures(f->st, NULL, 0, &count), APP_EINPUT);

	assert_int_equal(store_login_clear(f->st, "email:x@y.eu"), 0);
	assert_int_equal(store_login_failures(f->st, "email:x@y.eu", 0, &count), 0);
	assert_int_equal(count, 0);
	assert_int_equal(store_login_failures(f->st, "ip:10.0.0.1", 0, &count), 0);
	assert_int_equal(count, 1);
	/* A day later the purge forgets them. */
	assert_int_equal(store_session_purge(f->st, 1015 + 86400), 0);
	assert_int_equal(store_login_failures(f->st, "ip:10.0.0.1", 0, &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_session_purge(f->st, 1016 + 86400), 0);
	assert_int_equal(store_login_failures(f->st, "ip:10.0.0.1", 0, &count), 0);
	assert_int_equal(count, 0);
}

static void
audit(void **state)
{
	struct fx *f = *state;
	struct audit_entry *v = NULL;
	size_t n = 0;

	assert_int_equal(store_audit(f->st, f->uid, "report.save", "report:1", 2, "draft"), 0);
	assert_int_equal(store_audit(f->st, 0, "user.create", "user:5", 0, NULL), 0);
	assert_int_equal(store_audit(f->st, f->uid, "report.submit", "report:1", 3, ""), 0);
	assert_int_equal(store_audit(f->st, f->uid, NULL, "report:1", 3, ""), APP_EINPUT);
	assert_int_equal(store_audit(f->st, f->uid, "x", "report:1", -1, ""), APP_EINPUT);

	assert_int_equal(store_audit_list(f->st, NULL, 0, &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].action, "report.submit");
	assert_string_equal(v[0].actor, "coord@example.eu");
	assert_int_equal(v[0].revision, 3);
	assert_string_equal(v[1].action, "user.create");
	assert_string_equal(v[1].actor, "");
	assert_int_equal(v[1].user_id, 0);
	assert_string_equal(v[1].detail, "");
	assert_string_equal(v[2].action, "report.save");
	assert_string_equal(v[2].detail, "draft");
	assert_int_equal(strlen(v[2].created_at), 20);
	assert_true(v[0].id > v[1].id && v[1].id > v[2].id);
	audit_free_list(v, n);

	assert_int_equal(store_audit_list(f->st, "report:1", 10, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].action, "report.submit");
	assert_string_equal(v[1].action, "report.save");
	audit_free_list(v, n);
	assert_int_equal(store_audit_list(f->st, "report:1", 1, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].action, "report.submit");
	audit_free_list(v, n);
	assert_int_equal(store_audit_list(f->st, "report:404", 10, &v, &n), 0);
	assert_int_equal(n, 0);
	audit_free_list(v, n);
}

/* --- core's vocabularies against the schema ------------------------------------------- */

/* Every role, platform and report status core knows is one the schema's
 * CHECK constraints take: core and schema cannot drift apart unnoticed. */
static void
vocabulary_in_schema(void **state)
{
	struct fx *f = *state;
	static const char *const periods[] = {"2021-H1", "2021-H2", "2022-H1", "2022-H2", "2023-H1"};
	bool seen[REPORT_PUBLISHED + 1] = {false};
	struct report_row r, g;
	struct partnership p, q;
	struct user u, w;
	char slug[64], email[64];
	size_t i, n = 0, users0 = 0;
	int64_t id;
	int s;

	for (i = 0; platform_names[i] != NULL; i++) {
		memset(&p, 0, sizeof(p));
		snprintf(slug, sizeof(slug), "platform-%zu", i);
		p.slug = slug;
		p.name = "Per platform";
		p.platform = (char *)platform_names[i];
		assert_int_equal(store_partnership_create(f->st, &p), 0);
		assert_int_equal(store_partnership_by_id(f->st, p.id, &q), 0);
		assert_string_equal(q.platform, platform_names[i]);
		partnership_cleanup(&q);
	}
	assert_true(i >= 4);

	assert_int_equal(store_user_count(f->st, &users0), 0);
	for (i = 0; role_names[i] != NULL; i++) {
		enum role role;

		assert_int_equal(role_parse(role_names[i], &role), 0);
		memset(&u, 0, sizeof(u));
		snprintf(email, sizeof(email), "role-%zu@example.eu", i);
		u.email = email;
		u.name = "Per role";
		u.role = (char *)role_names[i];
		u.partnership_id = role_needs_partnership(role) ? f->pid : 0;
		u.active = true;
		assert_int_equal(store_user_create(f->st, &u), 0);
		assert_int_equal(store_user_by_id(f->st, u.id, &w), 0);
		assert_string_equal(w.role, role_names[i]);
		user_cleanup(&w);
	}
	assert_int_equal(store_user_count(f->st, &n), 0);
	assert_int_equal(n, users0 + i);

	/* Each status as an import creates it... */
	for (s = REPORT_DRAFT; s <= REPORT_PUBLISHED; s++) {
		assert_string_not_equal(report_status_name((enum report_status)s), "unknown");
		assert_int_equal(store_period_set(f->st, periods[s], "2030-01-31"), 0);
		memset(&r, 0, sizeof(r));
		r.partnership_id = f->pid;
		memcpy(r.period, periods[s], 8);
		r.form_id = "s3-monitoring-2020";
		r.doc = "{}";
		r.status = (enum report_status)s;
		assert_int_equal(store_report_create(f->st, &r, f->uid), 0);
		assert_int_equal(store_report_by_id(f->st, r.id, &g), 0);
		assert_int_equal(g.status, s);
		report_row_cleanup(&g);
	}
	/* ...and as the moves reach it: draft, submitted, returned, submitted,
	 * accepted, published. */
	id = new_report(f, "2020-H1", "{}");
	assert_true(id > 0);
	{
		static const enum report_status path[] = {REPORT_SUBMITTED, REPORT_RETURNED,
			REPORT_SUBMITTED, REPORT_ACCEPTED, REPORT_PUBLISHED};
		enum report_status cur = REPORT_DRAFT;

		seen[cur] = true;
		for (i = 0; i < sizeof(path) / sizeof(path[0]); i++) {
			assert_int_equal(store_report_set_status(f->st, id, cur, path[i], f->cid), 0);
			assert_int_equal(store_report_by_id(f->st, id, &g), 0);
			assert_int_equal(g.status, path[i]);
			report_row_cleanup(&g);
			cur = path[i];
			seen[cur] = true;
		}
	}
	for (s = REPORT_DRAFT; s <= REPORT_PUBLISHED; s++)
		assert_true(seen[s]);
}

/* --- the calls added for the second backend's sake --------------------------------------- */

static void
set_token(struct session *s, char c)
{
	memset(s->token_hash, 0, sizeof(s->token_hash));
	memset(s->token_hash, c, 64);
}

static void
session_delete_user(void **state)
{
	struct fx *f = *state;
	int64_t now = (int64_t)time(NULL);
	struct session s, g;
	char keep[65];

	memset(&s, 0, sizeof(s));
	memset(s.csrf, 'c', 64);
	s.expires = now + 1000;
	s.user_id = f->uid;
	set_token(&s, 'a');
	assert_int_equal(store_session_create(f->st, &s), 0);
	set_token(&s, 'b');
	assert_int_equal(store_session_create(f->st, &s), 0);
	set_token(&s, 'd');
	assert_int_equal(store_session_create(f->st, &s), 0);
	s.user_id = f->cid;
	set_token(&s, 'e');
	assert_int_equal(store_session_create(f->st, &s), 0);

	/* All but the one kept, and only the user's. */
	memset(keep, 0, sizeof(keep));
	memset(keep, 'b', 64);
	assert_int_equal(store_session_delete_user(f->st, f->uid, keep), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sessions"), 2);
	assert_int_equal(store_session_get(f->st, keep, &g), 0);
	assert_int_equal(g.user_id, f->uid);
	set_token(&s, 'a');
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), APP_ENOTFOUND);
	set_token(&s, 'e');
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), 0);
	assert_int_equal(g.user_id, f->cid);

	/* Another user's token to keep keeps nothing of this one's. */
	assert_int_equal(store_session_delete_user(f->st, f->uid, s.token_hash), 0);
	assert_int_equal(store_session_get(f->st, keep, &g), APP_ENOTFOUND);
	assert_int_equal(store_session_get(f->st, s.token_hash, &g), 0);

	/* NULL keeps none; none left is no error. */
	assert_int_equal(store_session_delete_user(f->st, f->cid, NULL), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(store_session_delete_user(f->st, f->cid, NULL), 0);
	assert_int_equal(store_session_delete_user(f->st, 424242, NULL), 0);

	assert_int_equal(store_session_delete_user(f->st, 0, NULL), APP_EINPUT);
	assert_int_equal(store_session_delete_user(f->st, -3, keep), APP_EINPUT);
	assert_int_equal(store_session_delete_user(f->st, f->uid, "\xff\xfe"), APP_EINPUT);
	assert_int_equal(store_session_delete_user(NULL, f->uid, NULL), APP_EINPUT);
}

static void
report_latest(void **state)
{
	struct fx *f = *state;
	struct report_row g = {0}, r;
	struct partnership p = {0};
	int64_t h1, h2;

	assert_int_equal(store_report_latest(f->st, f->pid, REPORT_DRAFT, &g), APP_ENOTFOUND);
	assert_non_null(strstr(store_errmsg(f->st), "draft"));
	h1 = new_report(f, "2020-H1", "{\"h\":1}");
	h2 = new_report(f, "2020-H2", "{\"h\":2}");
	assert_true(h1 > 0 && h2 > 0);

	/* The newest period wins, not the newest row: 2019-H2 comes last. */
	assert_int_equal(store_period_set(f->st, "2019-H2", "2020-01-31"), 0);
	assert_true(new_report(f, "2019-H2", "{\"h\":0}") > 0);
	assert_int_equal(store_report_latest(f->st, f->pid, REPORT_DRAFT, &g), 0);
	assert_int_equal(g.id, h2);
	assert_string_equal(g.period, "2020-H2");
	assert_string_equal(g.doc, "{\"h\":2}");
	assert_int_equal(g.status, REPORT_DRAFT);
	assert_int_equal(g.partnership_id, f->pid);
	report_row_cleanup(&g);

	/* The status filters; the document is the latest revision's. */
	assert_int_equal(store_report_latest(f->st, f->pid, REPORT_SUBMITTED, &g), APP_ENOTFOUND);
	{
		int rev = 0;

		assert_int_equal(store_report_save(f->st, h1, 1, "{\"h\":11}", f->uid, &rev), 0);
	}
	assert_int_equal(store_report_set_status(f->st, h1, REPORT_DRAFT, REPORT_SUBMITTED, f->uid), 0);
	assert_int_equal(store_report_latest(f->st, f->pid, REPORT_SUBMITTED, &g), 0);
	assert_int_equal(g.id, h1);
	assert_string_equal(g.doc, "{\"h\":11}");
	assert_int_equal(g.revision, 2);
	report_row_cleanup(&g);
	assert_int_equal(store_report_latest(f->st, f->pid, REPORT_PUBLISHED, &g), APP_ENOTFOUND);

	/* Another partnership's reports are not this one's. */
	p.slug = "energy";
	p.name = "Energy";
	assert_int_equal(store_partnership_create(f->st, &p), 0);
	memset(&r, 0, sizeof(r));
	r.partnership_id = p.id;
	memcpy(r.period, "2020-H2", 8);
	r.form_id = "s3-monitoring-2020";
	r.doc = "{}";
	r.status = REPORT_PUBLISHED;
	assert_int_equal(store_report_create(f->st, &r, 0), 0);
	assert_int_equal(store_report_latest(f->st, f->pid, REPORT_PUBLISHED, &g), APP_ENOTFOUND);
	assert_int_equal(store_report_latest(f->st, p.id, REPORT_PUBLISHED, &g), 0);
	assert_int_equal(g.id, r.id);
	report_row_cleanup(&g);
	assert_int_equal(store_report_latest(f->st, 9999, REPORT_DRAFT, &g), APP_ENOTFOUND);

	assert_int_equal(store_report_latest(f->st, f->pid, (enum report_status)9, &g), APP_EINPUT);
	assert_int_equal(store_report_latest(f->st, f->pid, (enum report_status)-1, &g), APP_EINPUT);
	assert_int_equal(store_report_latest(f->st, f->pid, REPORT_DRAFT, NULL), APP_EINPUT);
	assert_int_equal(store_report_latest(NULL, f->pid, REPORT_DRAFT, &g), APP_EINPUT);
}

static void
user_count(void **state)
{
	struct fx *f = *state;
	struct user u = {0};
	size_t n = 99;

	assert_int_equal(store_user_count(f->st, &n), 0);
	assert_int_equal(n, 2);
	u.email = "Admin@Example.eu";
	u.role = "admin";
	assert_int_equal(store_user_create(f->st, &u), 0);
	/* A refused one does not count; an inactive one does. */
	u.email = "admin@example.eu";
	assert_int_equal(store_user_create(f->st, &u), APP_ECONFLICT);
	assert_int_equal(store_user_count(f->st, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_user_count(f->st, NULL), APP_EINPUT);
	n = 99;
	assert_int_equal(store_user_count(NULL, &n), APP_EINPUT);
	assert_int_equal(n, 0);
}

static void
user_count_empty(void **state)
{
	struct fx *f = *state;
	size_t n = 99;

	assert_int_equal(store_user_count(f->st, &n), 0);
	assert_int_equal(n, 0);
}

/* --- transactions ------------------------------------------------------------------------ */

struct txarg {
	struct fx *f;
	int64_t report;
	int fail;
	int inner_rc;
};

static int
tx_two_partnerships(struct store *st, void *arg)
{
	struct txarg *a = arg;
	struct partnership p = {0};
	int rc;

	p.slug = "tx-one";
	p.name = "One";
	rc = store_partnership_create(st, &p);
	if (rc != 0)
		return rc;
	rc = store_audit(st, 0, "partnership.create", "partnership:x", 0, NULL);
	if (rc != 0)
		return rc;
	p.slug = "tx-two";
	p.name = "Two";
	rc = store_partnership_create(st, &p);
	if (rc != 0)
		return rc;
	return a->fail;
}

/* A conflicting save inside a transaction fails alone; the rest commits. */
static int
tx_save_conflict(struct store *st, void *arg)
{
	struct txarg *a = arg;
	int rev = 0, rc;

	rc = store_report_save(st, a->report, 1, "{\"a\":1}", a->f->uid, &rev);
	if (rc != 0)
		return rc;
	a->inner_rc = store_report_save(st, a->report, 1, "{\"b\":1}", a->f->uid, &rev);
	return store_audit(st, a->f->uid, "report.save", "report:tx", rev, NULL);
}

static int
tx_nested_inner(struct store *st, void *arg)
{
	struct partnership p = {0};
	int rc;

	(void)arg;
	p.slug = "tx-inner";
	p.name = "Inner";
	rc = store_partnership_create(st, &p);
	if (rc == 0)
		rc = store_audit(st, 0, "inner", "nested", 0, NULL);
	return rc != 0 ? rc : APP_EPERM;
}

static int
tx_nested(struct store *st, void *arg)
{
	struct txarg *a = arg;

	/* The inner one fails and rolls back alone. */
	a->inner_rc = store_tx(st, tx_nested_inner, a);
	return store_audit(st, 0, "outer", "nested", 0, NULL);
}

static void
transactions(void **state)
{
	struct fx *f = *state;
	struct txarg a = {f, 0, 0, 0};
	struct partnership p = {0};
	struct audit_entry *v = NULL;
	size_t n = 0;

	/* fn fails: nothing stays. */
	a.fail = APP_EINPUT;
	assert_int_equal(store_tx(f->st, tx_two_partnerships, &a), APP_EINPUT);
	assert_int_equal(store_partnership_by_slug(f->st, "tx-one", &p), APP_ENOTFOUND);
	assert_int_equal(store_audit_list(f->st, "partnership:x", 0, &v, &n), 0);
	assert_int_equal(n, 0);
	audit_free_list(v, n);
	/* A store function fails inside: the same. */
	assert_int_equal(store_partnership_create(f->st, &(struct partnership){.slug = "tx-two",
										.name = "Squatter"}),
			 0);
	a.fail = 0;
	assert_int_equal(store_tx(f->st, tx_two_partnerships, &a), APP_ECONFLICT);
	assert_int_equal(store_partnership_by_slug(f->st, "tx-one", &p), APP_ENOTFOUND);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit"), 0);

	/* A save conflict inside commits the rest. */
	a.report = new_report(f, "2020-H1", "{}");
	assert_true(a.report > 0);
	assert_int_equal(store_tx(f->st, tx_save_conflict, &a), 0);
	assert_int_equal(a.inner_rc, APP_ECONFLICT);
	assert_int_equal(raw_int(f->path, "SELECT revision FROM reports"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM report_revisions"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit WHERE object = 'report:tx'"), 1);

	/* Nested store_tx: a savepoint. */
	assert_int_equal(store_tx(f->st, tx_nested, &a), 0);
	assert_int_equal(a.inner_rc, APP_EPERM);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit WHERE object = 'nested'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit WHERE action = 'outer'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM partnerships WHERE slug = 'tx-inner'"), 0);

	assert_int_equal(store_tx(f->st, NULL, NULL), APP_EINPUT);
	assert_int_equal(store_tx(NULL, tx_nested, &a), APP_EINPUT);
}

static int
tx_commit_two(struct store *st, void *arg)
{
	struct partnership p = {0};
	int rc;

	(void)arg;
	p.slug = "c-one";
	p.name = "One";
	rc = store_partnership_create(st, &p);
	if (rc != 0)
		return rc;
	p.slug = "c-two";
	p.name = "Two";
	return store_partnership_create(st, &p);
}

static void
transaction_commits(void **state)
{
	struct fx *f = *state;
	struct partnership p = {0};

	assert_int_equal(store_tx(f->st, tx_commit_two, NULL), 0);
	assert_int_equal(store_partnership_by_slug(f->st, "c-one", &p), 0);
	partnership_cleanup(&p);
	assert_int_equal(store_partnership_by_slug(f->st, "c-two", &p), 0);
	partnership_cleanup(&p);
}

/* Another process holding the write lock past the timeout: APP_EIO and a
 * message, after about five seconds. */
static void
busy(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = NULL;
	time_t t0;

	if (pg_url() != NULL) {
		/* Another server's write holds the writers' lock (db_pg.c). */
		PGconn *c = PQconnectdb(f->path);
		PGresult *r;
		struct partnership p = {0};

		assert_int_equal(PQstatus(c), CONNECTION_OK);
		r = PQexec(c, "BEGIN; SELECT pg_advisory_xact_lock(1932030061)");
		assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
		PQclear(r);
		t0 = time(NULL);
		assert_int_equal(store_audit(f->st, 0, "x", "busy", 0, NULL), APP_EIO);
		assert_true(time(NULL) - t0 >= 4);
		assert_non_null(strstr(store_errmsg(f->st), "locked"));
		assert_int_equal(store_partnership_by_id(f->st, f->pid, &p), 0);
		partnership_cleanup(&p);
		PQclear(PQexec(c, "ROLLBACK"));
		PQfinish(c);
		assert_int_equal(store_audit(f->st, 0, "x", "busy", 0, NULL), 0);
		(void)db;
		return;
	}
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	t0 = time(NULL);
	assert_int_equal(store_audit(f->st, 0, "x", "busy", 0, NULL), APP_EIO);
	assert_true(time(NULL) - t0 >= 4);
	assert_non_null(strstr(store_errmsg(f->st), "locked"));
	/* Reads go on meanwhile (WAL). */
	{
		struct partnership p = {0};

		assert_int_equal(store_partnership_by_id(f->st, f->pid, &p), 0);
		partnership_cleanup(&p);
	}
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_audit(f->st, 0, "x", "busy", 0, NULL), 0);
}

/* --- concurrency ------------------------------------------------------------------------- */

#define SAVES_PER_THREAD 40
#define RACE_ROUNDS 25

struct worker {
	struct fx *f;
	int64_t report;
	int ok, errors;
	/* the race */
	pthread_barrier_t *bar;
	int base;
	int rc;
};

static void *
saver(void *arg)
{
	struct worker *w = arg;
	struct report_row g;
	char doc[64];
	int i, rev = 0;

	for (i = 0; i < SAVES_PER_THREAD; i++) {
		if (store_report_get(w->f->st, w->f->pid, "2020-H1", &g) == 0)
			report_row_cleanup(&g); /* readers run beside the writers */
		if (store_report_by_id(w->f->st, w->report, &g) != 0) {
			w->errors++;
			continue;
		}
		snprintf(doc, sizeof(doc), "{\"i\":%d}", i);
		if (store_report_save(w->f->st, w->report, g.revision, doc, w->f->uid, &rev) == 0 &&
		    rev == g.revision + 1)
			w->ok++;
		else
			w->errors++;
		report_row_cleanup(&g);
	}
	return NULL;
}

static void *
racer(void *arg)
{
	struct worker *w = arg;
	int rev = 0;

	pthread_barrier_wait(w->bar);
	w->rc = store_report_save(w->f->st, w->report, w->base, "{\"race\":1}", w->f->uid, &rev);
	return NULL;
}

static void
concurrency(void **state)
{
	struct fx *f = *state;
	struct worker w[4], r[2];
	pthread_t t[6];
	pthread_barrier_t bar;
	struct partnership p = {0};
	struct report_row g = {0};
	char slug[32];
	int i, round, wins, conflicts;

	/* Four partnerships, one report each, four threads saving. */
	for (i = 0; i < 4; i++) {
		memset(&p, 0, sizeof(p));
		snprintf(slug, sizeof(slug), "conc-%d", i);
		p.slug = slug;
		p.name = "Concurrent";
		assert_int_equal(store_partnership_create(f->st, &p), 0);
		memset(&w[i], 0, sizeof(w[i]));
		w[i].f = f;
		memset(&g, 0, sizeof(g));
		g.partnership_id = p.id;
		memcpy(g.period, "2020-H1", 8);
		g.form_id = "s3-monitoring-2020";
		g.doc = "{}";
		assert_int_equal(store_report_create(f->st, &g, f->uid), 0);
		w[i].report = g.id;
	}
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, saver, &w[i]), 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 4; i++) {
		assert_int_equal(w[i].errors, 0);
		assert_int_equal(w[i].ok, SAVES_PER_THREAD);
		memset(&g, 0, sizeof(g));
		assert_int_equal(store_report_by_id(f->st, w[i].report, &g), 0);
		assert_int_equal(g.revision, SAVES_PER_THREAD + 1);
		report_row_cleanup(&g);
	}

	/* Two threads on the same base revision: exactly one wins. */
	assert_int_equal(pthread_barrier_init(&bar, NULL, 2), 0);
	for (round = 0; round < RACE_ROUNDS; round++) {
		memset(&g, 0, sizeof(g));
		assert_int_equal(store_report_by_id(f->st, w[0].report, &g), 0);
		for (i = 0; i < 2; i++) {
			memset(&r[i], 0, sizeof(r[i]));
			r[i].f = f;
			r[i].report = w[0].report;
			r[i].bar = &bar;
			r[i].base = g.revision;
		}
		for (i = 0; i < 2; i++)
			assert_int_equal(pthread_create(&t[4 + i], NULL, racer, &r[i]), 0);
		for (i = 0; i < 2; i++)
			pthread_join(t[4 + i], NULL);
		wins = (r[0].rc == 0) + (r[1].rc == 0);
		conflicts = (r[0].rc == APP_ECONFLICT) + (r[1].rc == APP_ECONFLICT);
		assert_int_equal(wins, 1);
		assert_int_equal(conflicts, 1);
		report_row_cleanup(&g);
	}
	pthread_barrier_destroy(&bar);
	memset(&g, 0, sizeof(g));
	assert_int_equal(store_report_by_id(f->st, w[0].report, &g), 0);
	assert_int_equal(g.revision, SAVES_PER_THREAD + 1 + RACE_ROUNDS);
	report_row_cleanup(&g);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM report_revisions"),
			 4 * (SAVES_PER_THREAD + 1) + RACE_ROUNDS);
}

/* Statements stay prepared on their connection: after a failure they
 * still work, a read that stopped at its first row does not keep its
 * snapshot (another writer's change shows), and a schema change made by
 * another process is picked up. */
static void
statements_reused(void **state)
{
	struct fx *f = *state;
	struct partnership p = {0}, q = {0};
	struct report_row r = {0};
	sqlite3 *db = NULL;
	int64_t id;
	int i, rev = 0;

	id = new_report(f, "2020-H1", "{\"n\":0}");
	assert_true(id > 0);
	for (i = 0; i < 3; i++) {
		/* A uniqueness failure, a missing row and a stale revision... */
		p.slug = "mining-industry";
		p.name = "Again";
		assert_int_equal(store_partnership_create(f->st, &p), APP_ECONFLICT);
		q.id = 999999;
		q.name = "Nobody";
		assert_int_equal(store_partnership_update(f->st, &q), APP_ENOTFOUND);
		assert_int_equal(store_report_save(f->st, id, 99, "{}", f->uid, &rev), APP_ECONFLICT);
		/* ...then the same statements succeed. */
		assert_int_equal(store_report_save(f->st, id, i + 1, "{\"n\":1}", f->uid, &rev), 0);
		assert_int_equal(rev, i + 2);
		assert_int_equal(store_report_get(f->st, f->pid, "2020-H1", &r), 0);
		assert_int_equal(r.revision, i + 2);
		report_row_cleanup(&r);
	}
	assert_int_equal(store_partnership_by_slug(f->st, "mining-industry", &p), 0);
	assert_string_equal(p.name, "Mining industry");
	partnership_cleanup(&p);
	if (pg_url() != NULL) {
		(void)db;
		assert_int_equal(pg_raw(f->path,
					"UPDATE partnerships SET name = 'Renamed'"
					" WHERE slug = 'mining-industry';"
					"CREATE INDEX test_extra ON audit (action)",
					NULL),
				 0);
	} else {
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "UPDATE partnerships SET name = 'Renamed'"
						  " WHERE slug = 'mining-industry';"
						  "CREATE INDEX test_extra ON audit (action)",
					      NULL, NULL, NULL),
				 SQLITE_OK);
		sqlite3_close(db);
	}
	assert_int_equal(store_partnership_by_slug(f->st, "mining-industry", &p), 0);
	assert_string_equal(p.name, "Renamed");
	partnership_cleanup(&p);
	assert_int_equal(store_audit(f->st, f->uid, "after.schema", "x", 0, NULL), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit WHERE action = 'after.schema'"), 1);
}

/* Bad pointers and odd values: errors, never a crash. */
static void
bad_input(void **state)
{
	struct fx *f = *state;
	struct partnership p;
	struct report_row r;
	struct user u;
	struct session s;
	struct period_row pr;
	int v, count;
	char *d;

	assert_int_equal(store_schema_version(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_schema_version(NULL, &v), APP_EINPUT);
	assert_int_equal(store_partnership_by_id(f->st, -1, &p), APP_ENOTFOUND);
	assert_int_equal(store_partnership_by_id(f->st, 1, NULL), APP_EINPUT);
	assert_int_equal(store_partnership_update(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_period_get(f->st, NULL, &pr), APP_EINPUT);
	assert_int_equal(store_report_get(f->st, f->pid, NULL, &r), APP_EINPUT);
	assert_int_equal(store_report_get(f->st, f->pid, "2020-H1", NULL), APP_EINPUT);
	assert_int_equal(store_report_revision(f->st, 1, 1, NULL), APP_EINPUT);
	assert_int_equal(store_report_revision(f->st, -5, 1, &d), APP_ENOTFOUND);
	assert_int_equal(store_report_set_status(f->st, 1, (enum report_status)-3, REPORT_DRAFT, 0),
			 APP_EINPUT);
	assert_int_equal(store_user_create(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_user_update(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_user_by_id(f->st, 1, NULL), APP_EINPUT);
	assert_int_equal(store_user_list(f->st, 0, NULL, NULL), APP_EINPUT);
	assert_int_equal(store_session_create(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_session_get(f->st, "x", NULL), APP_EINPUT);
	assert_int_equal(store_session_delete(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_login_failure(f->st, "", 1, 0, &count), APP_EINPUT);
	assert_int_equal(store_login_failure(f->st, "k", 1, 0, NULL), APP_EINPUT);
	assert_int_equal(store_login_clear(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_comment_add(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_comment_list(f->st, 1, NULL, NULL), APP_EINPUT);
	assert_int_equal(store_decision_add(f->st, NULL), APP_EINPUT);
	assert_int_equal(store_decision_list(f->st, 1, NULL, NULL), APP_EINPUT);
	assert_int_equal(store_audit_list(f->st, NULL, 1, NULL, NULL), APP_EINPUT);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_session_create(f->st, &s), APP_EINPUT);
	memset(&u, 0, sizeof(u));
	assert_int_equal(store_user_create(f->st, &u), APP_EINPUT);
	assert_true(store_errmsg(f->st)[0] != '\0');
	comment_cleanup(NULL);
	decision_cleanup(NULL);
	user_cleanup(NULL);
	audit_cleanup(NULL);
	report_row_cleanup(NULL);
	partnership_cleanup(NULL);
	comment_free_list(NULL, 3);
	store_close(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(partnerships, setup, teardown),
		cmocka_unit_test_setup_teardown(periods, setup, teardown),
		cmocka_unit_test_setup_teardown(users, setup_data, teardown),
		cmocka_unit_test_setup_teardown(reports_roundtrip, setup_data, teardown),
		cmocka_unit_test_setup_teardown(log_checkpointed, setup_data, teardown),
		cmocka_unit_test_setup_teardown(partnership_report, setup_data, teardown),
		cmocka_unit_test_setup_teardown(report_list_all, setup_data, teardown),
		cmocka_unit_test_setup_teardown(revisions_kept, setup_data, teardown),
		cmocka_unit_test_setup_teardown(status_flow, setup_data, teardown),
		cmocka_unit_test_setup_teardown(events_and_queues, setup_data, teardown),
		cmocka_unit_test_setup_teardown(comments, setup_data, teardown),
		cmocka_unit_test_setup_teardown(decisions, setup_data, teardown),
		cmocka_unit_test_setup_teardown(sessions, setup_data, teardown),
		cmocka_unit_test_setup_teardown(login_failures, setup_data, teardown),
		cmocka_unit_test_setup_teardown(audit, setup_data, teardown),
		cmocka_unit_test_setup_teardown(vocabulary_in_schema, setup_data, teardown),
		cmocka_unit_test_setup_teardown(session_delete_user, setup_data, teardown),
		cmocka_unit_test_setup_teardown(report_latest, setup_data, teardown),
		cmocka_unit_test_setup_teardown(user_count, setup_data, teardown),
		cmocka_unit_test_setup_teardown(user_count_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(transactions, setup_data, teardown),
		cmocka_unit_test_setup_teardown(transaction_commits, setup_data, teardown),
		cmocka_unit_test_setup_teardown(busy, setup_data, teardown),
		cmocka_unit_test_setup_teardown(concurrency, setup_data, teardown),
		cmocka_unit_test_setup_teardown(statements_reused, setup_data, teardown),
		cmocka_unit_test_setup_teardown(bad_input, setup_data, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
