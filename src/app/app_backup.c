/* app_backup.c - backups, restores, dumps and loads of the whole database
 * (app_backup.h): the store does the copying; here the restored or loaded
 * database is brought to this program's schema and its derived data
 * rebuilt. */
#include "app_backup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app_search.h"
#include "store.h"

int
app_backup(const char *db_path, const char *file, bool force, struct app_copy_result *out,
	   struct app_msg *msg)
{
	struct store_copy_info ci;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_backup(db_path, file, force, &ci, msg);
	if (rc == 0) {
		out->schema = ci.schema;
		out->bytes = ci.bytes;
	}
	return rc;
}

/* Opens the store at db_path, which migrates it, and says its version. */
static int
migrate(const char *db_path, int *version, struct app_msg *msg)
{
	struct store *st = NULL;
	int rc;

	rc = store_open(db_path, &st, msg);
	if (rc == 0)
		rc = store_schema_version(st, version);
	if (rc != 0 && msg->text[0] == '\0')
		app_fail(msg, rc, "%s: %s", db_path, store_errmsg(st));
	store_close(st);
	return rc;
}

int
app_restore(const char *db_path, const char *file, struct app_copy_result *out, struct app_msg *msg)
{
	struct store_copy_info ci;
	int n, rc;

	memset(out, 0, sizeof(*out));
	if (db_path == NULL)
		return app_fail(msg, APP_EINPUT, "restore: no database");
	n = snprintf(out->before, sizeof(out->before), "%s%s", db_path, APP_BEFORE_RESTORE);
	if (n < 0 || (size_t)n >= sizeof(out->before))
		return app_fail(msg, APP_EINPUT, "%s: path too long", db_path);
	rc = store_restore(db_path, file, out->before, &ci, msg);
	if (rc != 0)
		return rc;
	out->schema = ci.schema;
	out->bytes = ci.bytes;
	if (access(out->before, F_OK) != 0)
		out->before[0] = '\0';
	msg->text[0] = '\0';
	return migrate(db_path, &out->schema_now, msg);
}

int
app_dump(const char *db_path, FILE *out, size_t *rows, struct app_msg *msg)
{
	return store_dump(db_path, out, rows, msg);
}

int
app_load(struct app *app, const char *db_path, FILE *in, const char *name, bool check_only,
	 struct app_load_result *out, struct app_msg *msg)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_load(db_path, in, name, check_only, &out->rows, &out->schema, msg);
	if (rc != 0 || check_only)
		return rc;
	msg->text[0] = '\0';
	rc = app_open_store(app, db_path, msg);
	if (rc != 0)
		return rc;
	rc = app_schema_version(app, &out->schema_now);
	if (rc == 0)
		rc = app_search_reindex(app, &out->indexed);
	if (rc != 0)
		app_fail(msg, rc, "%s: loaded, but rebuilding the search index failed: %s", db_path,
			 store_errmsg(app->store));
	app_close_store(app);
	return rc;
}
