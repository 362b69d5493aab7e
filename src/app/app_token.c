/* app_token.c - the JSON API's tokens: made, listed and revoked by their
 * owner, and the owner found behind a token of a request. */
#include "app_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "strutil.h"

/* A use is written down at most this often (seconds): reading with a
 * token should not be a write each time. */
#define TOUCH_EVERY 60

struct create_tx {
	struct api_token *t;
	size_t live;
};

static int
create_tx_fn(struct store *st, void *arg)
{
	struct create_tx *c = arg;
	struct api_token *v = NULL;
	char object[64], detail[160];
	size_t n = 0, i;
	int rc;

	/* Counted in the transaction, so that two forms sent at once cannot
	 * pass the cap together. */
	if ((rc = store_token_list(st, c->t->user_id, &v, &n)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (v[i].revoked_at[0] == '\0')
			c->live++;
	api_token_free_list(v, n);
	if (c->live >= APP_TOKEN_MAX_LIVE)
		return APP_EINPUT;
	if ((rc = store_token_create(st, c->t)) != 0)
		return rc;
	app_object(object, sizeof(object), "token", c->t->id);
	snprintf(detail, sizeof(detail), "%s token", c->t->write ? "read-write" : "read-only");
	return store_audit(st, c->t->user_id, "token.create", object, 0, detail);
}

static bool
is_user(const struct actor *a)
{
	return a != NULL && a->user_id > 0 && a->role != ROLE_PUBLIC && a->role != ROLE_SYSTEM;
}

int
app_token_create(struct app *app, const struct actor *a, const char *name, bool write,
		 char token_out[APP_TOKEN_LEN], int64_t *id_out, struct app_msg *msg)
{
	struct api_token t;
	struct create_tx c;
	char hex[AUTH_TOKEN_HEX];
	char *nm = NULL;
	int rc;

	memset(&t, 0, sizeof(t));
	token_out[0] = '\0';
	if (!is_user(a))
		return app_fail(msg, APP_EPERM, "Please log in first.");
	if (name == NULL || (nm = str_trimmed_dup(name)) == NULL)
		return app_fail(msg, name == NULL ? APP_EINPUT : APP_ENOMEM, "Give the token a name.");
	if (nm[0] == '\0' || str_utf8_chars(nm) > APP_TOKEN_NAME_MAX || str_has_control(nm)) {
		free(nm);
		return app_fail(msg, APP_EINPUT, "Give the token a name of 1 to %d characters.",
				APP_TOKEN_NAME_MAX);
	}
	if (auth_init() != 0) {
		free(nm);
		return app_fail(msg, APP_EINTERNAL, "libsodium could not be initialised");
	}
	auth_random_token(hex);
	snprintf(token_out, APP_TOKEN_LEN, "%s%s", APP_TOKEN_PREFIX, hex);
	auth_token_hash(hex, t.token_hash);
	t.user_id = a->user_id;
	t.name = nm;
	t.write = write;
	c.t = &t;
	c.live = 0;
	rc = store_tx(app->store, create_tx_fn, &c);
	if (rc == APP_EINPUT && c.live >= APP_TOKEN_MAX_LIVE)
		app_fail(msg, rc, "You have %d tokens in use, the most there may be; revoke one first.",
			 APP_TOKEN_MAX_LIVE);
	else if (rc != 0)
		app_fail(msg, rc, "The token could not be stored.");
	if (rc == 0 && id_out != NULL)
		*id_out = t.id;
	if (rc != 0)
		token_out[0] = '\0';
	api_token_cleanup(&t);
	return rc;
}

int
app_token_list(struct app *app, const struct actor *a, struct api_token **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!is_user(a))
		return APP_EPERM;
	return store_token_list(app->store, a->user_id, out, n);
}

struct revoke_tx {
	int64_t user_id, id;
};

static int
revoke_tx_fn(struct store *st, void *arg)
{
	struct revoke_tx *r = arg;
	char object[64];
	int rc;

	if ((rc = store_token_revoke(st, r->user_id, r->id)) != 0)
		return rc;
	app_object(object, sizeof(object), "token", r->id);
	return store_audit(st, r->user_id, "token.revoke", object, 0, "");
}

int
app_token_revoke(struct app *app, const struct actor *a, int64_t id)
{
	struct revoke_tx r;

	if (!is_user(a))
		return APP_EPERM;
	if (id <= 0)
		return APP_ENOTFOUND;
	r.user_id = a->user_id;
	r.id = id;
	return store_tx(app->store, revoke_tx_fn, &r);
}

/* "YYYY-MM-DDTHH:MM:SSZ" of TOUCH_EVERY seconds ago, as the store writes
 * times. */
static void
touch_limit(char out[24])
{
	time_t t = time(NULL) - TOUCH_EVERY;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
app_token_find(struct app *app, const char *token, struct api_token *t, struct user *u)
{
	size_t np = sizeof(APP_TOKEN_PREFIX) - 1;
	char h[AUTH_TOKEN_HEX], limit[24];
	int rc;

	memset(t, 0, sizeof(*t));
	memset(u, 0, sizeof(*u));
	if (token == NULL || strncmp(token, APP_TOKEN_PREFIX, np) != 0 || strlen(token) != APP_TOKEN_LEN - 1 ||
	    !auth_token_well_formed(token + np) || auth_init() != 0)
		return APP_ENOTFOUND;
	/* SHA-256, as for session cookies: the tokens are 256 random bits,
	 * out of reach of guessing, so a slow password hash would only slow
	 * every request down; the stored hash alone lets nobody in. */
	auth_token_hash(token + np, h);
	if ((rc = store_token_find(app->store, h, t)) != 0)
		goto fail;
	if (t->revoked_at[0] != '\0') {
		rc = APP_ENOTFOUND;
		goto fail;
	}
	if ((rc = store_user_by_id(app->store, t->user_id, u)) != 0)
		goto fail;
	if (!u->active) {
		rc = APP_ENOTFOUND;
		goto fail;
	}
	touch_limit(limit);
	if (t->last_used_at[0] == '\0' || strcmp(t->last_used_at, limit) < 0)
		(void)store_token_touch(app->store, t->id); /* a note: the request goes on without it */
	return 0;
fail:
	api_token_cleanup(t);
	user_cleanup(u);
	return rc;
}
