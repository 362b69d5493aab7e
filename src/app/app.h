/* app.h - the application layer: every use case of the system (reading
 * and writing reports, partnerships, periods, decisions, users, sessions,
 * imports) as one function that checks the caller's rights with policy.h,
 * validates, changes the store in one transaction with its audit entry, and
 * returns 0 or a negative enum app_err. Reads return only what the caller
 * may see.
 *
 * The rings: core (src/core: the form, reports, NUTS, validation, policy,
 * the domain model) <- store (src/store: persistence) <- app (src/app) <-
 * edges (src/web, src/cli). Edges call app and core only; they never
 * include a store header (scripts/lint.sh checks the directions).
 *
 * Refusals: APP_EPERM when the caller may know that the thing exists but
 * may not do this; APP_ENOTFOUND when the caller may not even know it (a
 * draft of another partnership looks exactly like no report). A refused
 * call changes nothing. */
#ifndef S3PM_APP_H
#define S3PM_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "form.h"
#include "model.h"
#include "nuts.h"
#include "policy.h"

struct store;
struct store_watch;
struct doccache;
struct map;

struct netlist;

/* Shared, read-only after start-up; every function here may be called
 * from many threads at once. */
struct app {
	struct store *store;
	struct form *form;       /* the current form (new reports use it) */
	const char *forms_dir;   /* for reports on older forms */
	struct nuts *nuts;       /* NULL when no NUTS data was found */
	struct map *map;         /* the map of NUTS 2 regions (map.h); NULL: not installed */
	int session_hours;       /* session lifetime */
	struct doccache *docs;   /* parsed stored documents (doccache.h); NULL: none kept */
	struct workcount *workcount; /* the header's work counts (app_work.h); NULL: none kept */
	/* The operator's pages in every page's footer (NULL: not shown): a
	 * legal notice, a privacy statement, a way to contact them. */
	const char *legal_url, *privacy_url, *contact_url;
	const char *base_url;    /* the site's address for links in mails, e.g.
				  * "https://s3pm.example.eu"; NULL: http://127.0.0.1:8080 */
	/* Settings of the web edge, kept here so that one struct travels: */
	const char *static_dir;  /* app.js, style.css */
	const char *data_dir;    /* data/: openapi.json (the JSON API's description) */
	size_t max_body;         /* request body cap in bytes (413 past it) */
	bool secure_cookies;     /* set the Secure flag (behind TLS) */
	/* Peers whose X-Forwarded-For names the client (login throttling,
	 * logs), and the clients that may read /metrics (netaddr.h); NULL:
	 * none trusted, and nobody (serve sets 127.0.0.0/8 and ::1). */
	const struct netlist *trusted_proxies, *metrics_allow;
};

/* Opens the store at db_path for an application (the other fields are the
 * caller's to fill). app_close closes it. */
int app_open_store(struct app *app, const char *db_path, struct app_msg *msg);
void app_close_store(struct app *app);
/* Whether the database answers (store_ping): 0, or an error with msg set.
 * For /healthz: no actor, it says nothing about the data. */
int app_health(struct app *app, struct app_msg *msg);
/* Several servers on one database (store_changed, store_watch_start):
 * app_changed tells the others that this one changed something;
 * app_watch_changes calls changed(arg), from a thread of its own, when any
 * did. Nothing to do on SQLite (*out NULL). */
int app_changed(struct app *app);
int app_watch_changes(struct app *app, void (*changed)(void *arg), void *arg,
		      struct store_watch **out, struct app_msg *msg);
void app_watch_stop(struct store_watch *w);
/* The database schema's version after migrations. */
int app_schema_version(struct app *app, int *version);

/* The actor a user acts as: its role and partnership; the public for NULL,
 * an inactive user or an unknown role (never more rights than the data
 * says). */
struct actor app_actor(const struct user *u);
/* The command-line operator. */
struct actor app_system_actor(void);

/* Today in UTC, "YYYY-MM-DD". */
void app_today(char out[11]);

/* "report:12" etc. */
void app_object(char *out, size_t n, const char *kind, int64_t id);

#endif
