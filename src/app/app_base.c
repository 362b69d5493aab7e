/* app_base.c - the application's store, the actor of a user, and small
 * things every use case shares. */
#include "app.h"
#include "app_work.h"

#include <stdio.h>
#include <string.h>

#include "store.h"

int
app_open_store(struct app *app, const char *db_path, struct app_msg *msg)
{
	int rc = store_open(db_path, &app->store, msg);

	/* Without memory for it, every page counts its header's work. */
	if (rc == 0)
		app->workcount = app_workcount_new();
	return rc;
}

void
app_close_store(struct app *app)
{
	/* What a command wrote (an import, a new user) shows on the servers
	 * of the database at once, not when their kept pages expire. */
	if (app->store != NULL)
		store_changed(app->store);
	store_close(app->store);
	app->store = NULL;
	app_workcount_free(app->workcount);
	app->workcount = NULL;
}

int
app_health(struct app *app, struct app_msg *msg)
{
	int rc = store_ping(app->store);

	if (rc != 0)
		app_fail(msg, rc, "%s", store_errmsg(app->store));
	return rc;
}

int
app_changed(struct app *app)
{
	return store_changed(app->store);
}

int
app_watch_changes(struct app *app, void (*changed)(void *arg), void *arg, struct store_watch **out,
		  struct app_msg *msg)
{
	int rc = store_watch_start(app->store, changed, arg, out);

	if (rc != 0)
		app_fail(msg, rc, "%s", store_errmsg(app->store));
	return rc;
}

void
app_watch_stop(struct store_watch *w)
{
	store_watch_stop(w);
}

int
app_schema_version(struct app *app, int *version)
{
	return store_schema_version(app->store, version);
}

struct actor
app_actor(const struct user *u)
{
	struct actor a = {ROLE_PUBLIC, 0, 0};
	enum role r;

	if (u == NULL || !u->active || u->id <= 0)
		return a;
	if (role_parse(u->role, &r) != 0)
		return a;
	a.role = r;
	a.user_id = u->id;
	a.partnership_id = role_needs_partnership(r) ? u->partnership_id : 0;
	return a;
}

struct actor
app_system_actor(void)
{
	struct actor a = {ROLE_SYSTEM, 0, 0};

	return a;
}

void
app_object(char *out, size_t n, const char *kind, int64_t id)
{
	snprintf(out, n, "%s:%lld", kind, (long long)id);
}
