/* app_user.c - accounts and memberships. */
#include "app_user.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credentials.h"
#include "store.h"
#include "strutil.h"

#define PW_ALPHABET "abcdefghijkmnpqrstuvwxyz23456789"

_Static_assert(sizeof(PW_ALPHABET) - 1 == 32, "32 characters, 5 bits each");

void
app_password_generate(char out[APP_PW_CHARS + 1])
{
	unsigned char rnd[APP_PW_CHARS];
	size_t i;

	/* One byte per character, 5 bits of each. */
	randombytes_buf(rnd, sizeof(rnd));
	for (i = 0; i < APP_PW_CHARS; i++)
		out[i] = PW_ALPHABET[rnd[i] & 31];
	out[APP_PW_CHARS] = '\0';
	sodium_memzero(rnd, sizeof(rnd));
}

/* May a add an account of role r to partnership pid? */
static bool
may_add(const struct actor *a, enum role r, int64_t pid)
{
	if (policy_can_administer(a))
		return true;
	return role_needs_partnership(r) && policy_can_manage_members(a, pid);
}

struct add_tx {
	struct user *u;
	int64_t by;
};

static int
add_tx_fn(struct store *st, void *arg)
{
	struct add_tx *t = arg;
	char object[64], detail[64];
	int rc;

	if ((rc = store_user_create(st, t->u)) != 0)
		return rc;
	app_object(object, sizeof(object), "user", t->u->id);
	if (t->u->partnership_id > 0)
		snprintf(detail, sizeof(detail), "%s of partnership %lld", t->u->role,
			 (long long)t->u->partnership_id);
	else
		snprintf(detail, sizeof(detail), "%s", t->u->role);
	return store_audit(st, t->by, "user.create", object, 0, detail);
}

int
app_user_add(struct app *app, const struct actor *a, const struct user_input *in,
	     char generated[APP_PW_CHARS + 1], struct user *out, const char *errs[4], size_t *nerr,
	     struct app_msg *msg)
{
	char hash[AUTH_HASH_MAX] = {0};
	const char *pw = in->password;
	struct add_tx t;
	struct user u;
	enum role r;
	bool role_ok;
	int rc;

	*nerr = 0;
	if (generated != NULL)
		generated[0] = '\0';
	memset(&u, 0, sizeof(u));
	role_ok = role_parse(in->role, &r) == 0;
	/* Rights first: a refusal says nothing about the input. */
	if (!may_add(a, role_ok ? r : ROLE_MEMBER, in->partnership_id))
		return app_fail(msg, APP_EPERM, "You may not add this account.");
	u.email = str_trimmed_dup(in->email);
	u.name = str_trimmed_dup(in->name != NULL && in->name[0] ? in->name : in->email);
	u.role = str_trimmed_dup(in->role);
	if (u.email == NULL || u.name == NULL || u.role == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	/* Addresses compare without case: one account per address. */
	str_ascii_lower(u.email);
	if (!str_email_ok(u.email))
		errs[(*nerr)++] = "Enter a valid e-mail address, like name@example.org.";
	if (u.name[0] == '\0' || strlen(u.name) > 200 || str_has_control(u.name))
		errs[(*nerr)++] = "Enter the name (at most 200 characters).";
	if (!role_ok)
		errs[(*nerr)++] = policy_can_administer(a) && in->partnership_id == 0
					  ? "Choose the role: admin, commission, committee, coordinator or member."
					  : "Choose the role: member or coordinator.";
	else if (role_needs_partnership(r) != (in->partnership_id > 0))
		errs[(*nerr)++] = role_needs_partnership(r)
					  ? "A coordinator or member belongs to a partnership."
					  : "Only coordinators and members belong to a partnership.";
	else if (!policy_can_administer(a) && r != ROLE_MEMBER && r != ROLE_COORDINATOR)
		errs[(*nerr)++] = "Choose the role: member or coordinator.";
	if (pw != NULL && (strlen(pw) == 0 || strlen(pw) > CRED_PASSWORD_MAX))
		errs[(*nerr)++] = "The password must have 1 to 1024 bytes.";
	if (*nerr > 0) {
		rc = app_fail(msg, APP_EINPUT, "%s", errs[0]);
		goto out;
	}
	if ((rc = auth_init()) != 0)
		goto out;
	if (pw == NULL) {
		app_password_generate(generated);
		pw = generated;
	}
	if ((rc = auth_hash_password(pw, hash, sizeof(hash))) != 0)
		goto out;
	u.pw_hash = strdup(hash);
	if (u.pw_hash == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	u.partnership_id = in->partnership_id;
	u.active = true;
	t.u = &u;
	t.by = a->user_id;
	rc = store_tx(app->store, add_tx_fn, &t);
	if (rc == APP_ECONFLICT) {
		errs[(*nerr)++] = "An account with this e-mail address exists already.";
		app_fail(msg, rc, "%s has an account already.", u.email);
	} else if (rc == APP_ENOTFOUND) {
		rc = app_fail(msg, APP_EINPUT, "No such partnership.");
	}
	if (rc == 0 && out != NULL) {
		*out = u;
		memset(&u, 0, sizeof(u));
	}
out:
	sodium_memzero(hash, sizeof(hash));
	if (rc != 0 && generated != NULL)
		sodium_memzero(generated, APP_PW_CHARS + 1);
	user_cleanup(&u);
	return rc;
}

static int account(struct app *app, const struct actor *a, const char *email, struct user *u,
		   struct app_msg *msg);

struct pw_tx {
	const struct user *u;
	const char *hash;
	const char *keep;
	int64_t by;
};

static int
pw_tx_fn(struct store *st, void *arg)
{
	struct pw_tx *t = arg;
	char object[64];
	int rc;

	if ((rc = store_user_set_password(st, t->u->id, t->hash)) != 0)
		return rc;
	/* Whoever held the old password holds no session any more. */
	if ((rc = store_session_delete_user(st, t->u->id, t->keep)) != 0)
		return rc;
	app_object(object, sizeof(object), "user", t->u->id);
	return store_audit(st, t->by, "user.password", object, 0, "other sessions ended");
}

int
app_user_set_password(struct app *app, const struct actor *a, const char *email,
		      const char *password, const char *keep_token_hash,
		      char generated[APP_PW_CHARS + 1], struct app_msg *msg)
{
	char hash[AUTH_HASH_MAX] = {0};
	struct pw_tx t;
	struct user u;
	int rc;

	memset(&u, 0, sizeof(u));
	if (generated != NULL)
		generated[0] = '\0';
	/* Others may not learn which addresses have accounts. */
	if ((rc = account(app, a, email, &u, msg)) != 0)
		return rc;
	if (!policy_can_administer(a) && !(a->user_id > 0 && a->user_id == u.id)) {
		rc = app_fail(msg, APP_EPERM, "You may not change this password.");
		goto out;
	}
	if ((rc = auth_init()) != 0)
		goto out;
	if (password == NULL) {
		app_password_generate(generated);
		password = generated;
	}
	if ((rc = auth_hash_password(password, hash, sizeof(hash))) != 0) {
		app_fail(msg, rc, "The password could not be hashed (1 to 1024 bytes).");
		goto out;
	}
	t = (struct pw_tx){&u, hash, keep_token_hash, a->user_id};
	rc = store_tx(app->store, pw_tx_fn, &t);
out:
	sodium_memzero(hash, sizeof(hash));
	user_cleanup(&u);
	return rc;
}

struct update_tx {
	const struct user *u;
	const char *action, *detail;
	bool end_sessions;
	int64_t by;
};

static int
update_tx_fn(struct store *st, void *arg)
{
	struct update_tx *t = arg;
	char object[64];
	int rc;

	if ((rc = store_user_update(st, t->u)) != 0)
		return rc;
	if (t->end_sessions && (rc = store_session_delete_user(st, t->u->id, NULL)) != 0)
		return rc;
	app_object(object, sizeof(object), "user", t->u->id);
	return store_audit(st, t->by, t->action, object, 0, t->detail);
}

/* The account of email, for a change by a; APP_EPERM also for an unknown
 * address when a may not know which addresses have accounts. */
static int
account(struct app *app, const struct actor *a, const char *email, struct user *u,
	struct app_msg *msg)
{
	int rc = store_user_by_email(app->store, email, u);

	if (rc == APP_ENOTFOUND || rc == APP_EINPUT) {
		if (!policy_can_administer(a))
			return app_fail(msg, APP_EPERM, "You may not change this account.");
		return app_fail(msg, APP_ENOTFOUND, "No account %s.", email != NULL ? email : "");
	}
	return rc;
}

int
app_user_set_role(struct app *app, const struct actor *a, const char *email, const char *role,
		  int64_t partnership_id, struct app_msg *msg)
{
	struct update_tx t;
	struct user u;
	enum role r;
	char *nr = NULL, detail[64];
	int rc;

	memset(&u, 0, sizeof(u));
	if (!policy_can_administer(a))
		return app_fail(msg, APP_EPERM, "Only administrators change roles.");
	if (role_parse(role, &r) != 0)
		return app_fail(msg, APP_EINPUT,
				"Unknown role \"%s\" (admin, commission, committee, coordinator, member).",
				role != NULL ? role : "");
	if (role_needs_partnership(r) != (partnership_id > 0))
		return app_fail(msg, APP_EINPUT, "%s",
				role_needs_partnership(r) ? "A coordinator or member belongs to a partnership."
							  : "Only coordinators and members belong to a partnership.");
	if ((rc = account(app, a, email, &u, msg)) != 0)
		return rc;
	nr = strdup(role_name(r));
	if (nr == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	free(u.role);
	u.role = nr;
	u.partnership_id = partnership_id;
	snprintf(detail, sizeof(detail), "%s, partnership %lld", u.role, (long long)partnership_id);
	t = (struct update_tx){&u, "user.role", detail, true, a->user_id};
	rc = store_tx(app->store, update_tx_fn, &t);
	if (rc == APP_ENOTFOUND)
		rc = app_fail(msg, APP_EINPUT, "No such partnership.");
out:
	user_cleanup(&u);
	return rc;
}

int
app_user_set_active(struct app *app, const struct actor *a, const char *email, bool active,
		    struct app_msg *msg)
{
	struct update_tx t;
	struct user u;
	enum role r;
	int rc;

	memset(&u, 0, sizeof(u));
	if ((rc = account(app, a, email, &u, msg)) != 0)
		return rc;
	/* A coordinator manages the members of their own partnership. */
	if (!policy_can_administer(a) &&
	    !(role_parse(u.role, &r) == 0 && role_needs_partnership(r) &&
	      policy_can_manage_members(a, u.partnership_id))) {
		rc = app_fail(msg, APP_EPERM, "You may not change this account.");
		goto out;
	}
	if (a->user_id > 0 && a->user_id == u.id && !active) {
		rc = app_fail(msg, APP_EINPUT, "You cannot deactivate your own account.");
		goto out;
	}
	u.active = active;
	t = (struct update_tx){&u, active ? "user.activate" : "user.deactivate", "", !active, a->user_id};
	rc = store_tx(app->store, update_tx_fn, &t);
out:
	user_cleanup(&u);
	return rc;
}

int
app_user_list(struct app *app, const struct actor *a, int64_t partnership_id, struct user **out,
	      size_t *n)
{
	*out = NULL;
	*n = 0;
	if (partnership_id == 0 ? !policy_can_administer(a) : !policy_can_follow(a, partnership_id))
		return APP_EPERM;
	return store_user_list(app->store, partnership_id, out, n);
}

int
app_user_get(struct app *app, const struct actor *a, int64_t id, struct user *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!policy_can_administer(a))
		return APP_EPERM;
	if (id <= 0)
		return APP_ENOTFOUND;
	rc = store_user_by_id(app->store, id, out);
	if (rc == APP_EINPUT)
		rc = APP_ENOTFOUND;
	if (rc != 0)
		return rc;
	/* Nobody outside this ring needs it. */
	if (out->pw_hash != NULL)
		sodium_memzero(out->pw_hash, strlen(out->pw_hash));
	free(out->pw_hash);
	out->pw_hash = NULL;
	return 0;
}
