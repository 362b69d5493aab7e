/* app_session.c - logging in and out: credentials checked against the
 * store, login throttling, server-side sessions. A new login ends the
 * user's other sessions. */
#include "app_session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app_user.h"
#include "credentials.h"
#include "store.h"
#include "strutil.h"

#define PW_MAX CRED_PASSWORD_MAX
/* A password people choose themselves (generated ones have 16). */
#define PW_MIN_CHARS 10
#define EMAIL_MAX 254

static const char wrong_credentials[] = "Wrong e-mail address or password.";

/* The throttling keys: "email:" + the address in lower case, "ip:" + the
 * client address. */
static void
throttle_keys(const char *email, const char *remote_addr, char *ke, size_t nke, char *ki, size_t nki)
{
	size_t i, off;

	off = (size_t)snprintf(ke, nke, "email:");
	for (i = 0; email[i] != '\0' && off + 1 < nke; i++, off++)
		ke[off] = (email[i] >= 'A' && email[i] <= 'Z') ? (char)(email[i] - 'A' + 'a') : email[i];
	ke[off] = '\0';
	snprintf(ki, nki, "ip:%s", remote_addr != NULL ? remote_addr : "unknown");
}

/* Would the failures recorded since `since` block a login? */
static int
blocked(struct store *st, const char *ke, const char *ki, int64_t since, bool *out)
{
	int ne = 0, ni = 0, rc;

	if ((rc = store_login_failures(st, ke, since, &ne)) != 0 ||
	    (rc = store_login_failures(st, ki, since, &ni)) != 0)
		return rc;
	*out = ne >= AUTH_MAX_FAILS_EMAIL || ni >= AUTH_MAX_FAILS_IP;
	return 0;
}

/* When blocked: in how many minutes enough failures will have left the
 * window (1 to 15). */
static int
wait_minutes(struct store *st, const char *ke, const char *ki, int64_t now)
{
	int m;

	for (m = 1; m < AUTH_WINDOW_SECONDS / 60; m++) {
		bool b = true;

		if (blocked(st, ke, ki, now - AUTH_WINDOW_SECONDS + (int64_t)m * 60, &b) != 0)
			break;
		if (!b)
			return m;
	}
	return AUTH_WINDOW_SECONDS / 60;
}

/* Makes and stores a session for user_id; the token goes to token_out. */
static int
session_open(struct app *app, int64_t user_id, int64_t now, char token_out[AUTH_TOKEN_HEX])
{
	struct session s;
	char token[AUTH_TOKEN_HEX];
	int hours = app->session_hours > 0 ? app->session_hours : 12;
	int rc;

	memset(&s, 0, sizeof(s));
	auth_random_token(token);
	auth_token_hash(token, s.token_hash);
	auth_random_token(s.csrf);
	s.user_id = user_id;
	s.expires = now + (int64_t)hours * 3600;
	rc = store_session_create(app->store, &s);
	if (rc == 0)
		memcpy(token_out, token, AUTH_TOKEN_HEX);
	sodium_memzero(token, sizeof(token));
	return rc;
}

int
app_login(struct app *app, const char *email, const char *password, const char *remote_addr,
	   char token_out[AUTH_TOKEN_HEX], struct user *user_out, struct app_msg *msg)
{
	struct user u;
	char ke[EMAIL_MAX + 16], ki[80], addr[EMAIL_MAX + 1], obj[32];
	const char *e = email != NULL ? email : "";
	bool have_user = false, is_blocked = false, good;
	int64_t now = (int64_t)time(NULL);
	size_t n;
	int rc, count;

	memset(&u, 0, sizeof(u));
	memset(user_out, 0, sizeof(*user_out));
	token_out[0] = '\0';
	if ((rc = auth_init()) != 0)
		return app_fail(msg, rc, "The password library could not start.");
	/* The address without surrounding white space. */
	while (*e == ' ' || *e == '\t')
		e++;
	n = strlen(e);
	while (n > 0 && (e[n - 1] == ' ' || e[n - 1] == '\t'))
		n--;
	if (n > EMAIL_MAX)
		n = EMAIL_MAX;
	memcpy(addr, e, n);
	addr[n] = '\0';
	throttle_keys(addr, remote_addr, ke, sizeof(ke), ki, sizeof(ki));

	if ((rc = blocked(app->store, ke, ki, now - AUTH_WINDOW_SECONDS, &is_blocked)) != 0)
		return app_fail(msg, rc, "The login could not be checked; try again later.");
	if (is_blocked) {
		int m = wait_minutes(app->store, ke, ki, now);

		return app_fail(msg, APP_EPERM, "Too many failed attempts; try again in %d minute%s.", m,
				m == 1 ? "" : "s");
	}

	if (n > 0 && password != NULL && strlen(password) <= PW_MAX) {
		/* The store compares addresses in lower case. */
		rc = store_user_by_email(app->store, addr, &u);
		if (rc == 0)
			have_user = true;
		else if (rc != APP_ENOTFOUND && rc != APP_EINPUT)
			return app_fail(msg, rc, "The login could not be checked; try again later.");
	}
	/* Always one argon2id verification, whatever the address. */
	good = auth_verify_password(have_user && u.pw_hash != NULL ? u.pw_hash : auth_dummy_hash,
				    password != NULL && strlen(password) <= PW_MAX ? password : "") == 0;
	if (!have_user || !u.active || !good) {
		if ((rc = store_login_failure(app->store, ke, now, now - AUTH_WINDOW_SECONDS, &count)) != 0 ||
		    (rc = store_login_failure(app->store, ki, now, now - AUTH_WINDOW_SECONDS, &count)) != 0) {
			user_cleanup(&u);
			return app_fail(msg, rc, "The login could not be checked; try again later.");
		}
		user_cleanup(&u);
		return app_fail(msg, APP_EINPUT, "%s", wrong_credentials);
	}

	if (auth_password_needs_rehash(u.pw_hash)) {
		char h[crypto_pwhash_STRBYTES];

		if (auth_hash_password(password, h, sizeof(h)) == 0 &&
		    store_user_set_password(app->store, u.id, h) == 0) {
			free(u.pw_hash);
			u.pw_hash = strdup(h);
		}
	}
	(void)store_login_clear(app->store, ke);
	(void)store_session_purge(app->store, now);
	/* One session per login: the one opened here replaces the others
	 * (another browser, a stolen cookie). */
	if ((rc = store_session_delete_user(app->store, u.id, NULL)) != 0 ||
	    (rc = session_open(app, u.id, now, token_out)) != 0) {
		user_cleanup(&u);
		return app_fail(msg, rc, "The session could not be opened; try again later.");
	}
	snprintf(obj, sizeof(obj), "user:%lld", (long long)u.id);
	(void)store_audit(app->store, u.id, "user.login", obj, 0, remote_addr != NULL ? remote_addr : "");
	*user_out = u;
	return 0;
}

int
app_session_find(struct app *app, const char *token, struct session *s, struct user *u)
{
	char h[AUTH_TOKEN_HEX];
	int rc;

	memset(s, 0, sizeof(*s));
	memset(u, 0, sizeof(*u));
	if (!auth_token_well_formed(token) || auth_init() != 0)
		return APP_ENOTFOUND;
	auth_token_hash(token, h);
	/* Expired sessions are not found (the purge deletes them). */
	if ((rc = store_session_user(app->store, h, s, u)) != 0)
		goto fail;
	if (!u->active) {
		user_cleanup(u);
		rc = APP_ENOTFOUND;
		goto fail;
	}
	return 0;
fail:
	memset(s, 0, sizeof(*s));
	memset(u, 0, sizeof(*u));
	return rc;
}


int
app_logout(struct app *app, const struct session *s)
{
	char obj[32];
	int rc;

	if (s == NULL)
		return 0;
	rc = store_session_delete(app->store, s->token_hash);
	if (rc == APP_ENOTFOUND)
		return 0;
	if (rc == 0) {
		app_object(obj, sizeof(obj), "user", s->user_id);
		(void)store_audit(app->store, s->user_id, "user.logout", obj, 0, "");
	}
	return rc;
}

int
app_password_change(struct app *app, const struct actor *a, const struct session *current,
		    const char *old_pw, const char *new_pw, const char *remote_addr, struct app_msg *msg)
{
	char ke[EMAIL_MAX + 16], ki[128];
	int64_t now = (int64_t)time(NULL);
	bool is_blocked = false;
	struct user u;
	int rc, count;

	memset(&u, 0, sizeof(u));
	if (a == NULL || a->user_id <= 0 || current == NULL)
		return app_fail(msg, APP_EPERM, "Log in to change your password.");
	if ((rc = auth_init()) != 0)
		return app_fail(msg, rc, "The password library could not start.");
	if ((rc = store_user_by_id(app->store, a->user_id, &u)) != 0)
		return app_fail(msg, rc == APP_ENOTFOUND ? APP_EPERM : rc, "Log in to change your password.");
	/* The current password is guessed no faster here than at the login. */
	throttle_keys(u.email, remote_addr, ke, sizeof(ke), ki, sizeof(ki));
	if ((rc = blocked(app->store, ke, ki, now - AUTH_WINDOW_SECONDS, &is_blocked)) != 0) {
		app_fail(msg, rc, "The password could not be checked; try again later.");
		goto out;
	}
	if (is_blocked) {
		int m = wait_minutes(app->store, ke, ki, now);

		rc = app_fail(msg, APP_EPERM, "Too many failed attempts; try again in %d minute%s.", m,
			      m == 1 ? "" : "s");
		goto out;
	}
	if (old_pw == NULL || strlen(old_pw) > PW_MAX || u.pw_hash == NULL ||
	    auth_verify_password(u.pw_hash, old_pw) != 0) {
		if ((rc = store_login_failure(app->store, ke, now, now - AUTH_WINDOW_SECONDS, &count)) != 0 ||
		    (rc = store_login_failure(app->store, ki, now, now - AUTH_WINDOW_SECONDS, &count)) != 0) {
			app_fail(msg, rc, "The password could not be checked; try again later.");
			goto out;
		}
		rc = app_fail(msg, APP_EINPUT, "The current password is not right.");
		goto out;
	}
	if (new_pw == NULL || str_utf8_chars(new_pw) < PW_MIN_CHARS || strlen(new_pw) > PW_MAX) {
		rc = app_fail(msg, APP_EINPUT, "The new password needs at least %d characters (and at most %d bytes).",
			      PW_MIN_CHARS, PW_MAX);
		goto out;
	}
	if (strcmp(new_pw, old_pw) == 0) {
		rc = app_fail(msg, APP_EINPUT, "The new password is the same as the current one.");
		goto out;
	}
	if (strcasecmp(new_pw, u.email) == 0) {
		rc = app_fail(msg, APP_EINPUT, "The new password may not be your e-mail address.");
		goto out;
	}
	(void)store_login_clear(app->store, ke);
	rc = app_user_set_password(app, a, u.email, new_pw, current->token_hash, NULL, msg);
out:
	user_cleanup(&u);
	return rc;
}
