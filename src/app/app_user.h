/* app_user.h - accounts and memberships: adding an account (administrators
 * any role; a coordinator the members and coordinators of their own
 * partnership), changing a password (which ends the account's other
 * sessions), listing accounts. */
#ifndef S3PM_APP_USER_H
#define S3PM_APP_USER_H

#include "app.h"

/* Characters of a generated password (5 bits each: 80 bits). */
#define APP_PW_CHARS 16

/* A new random password: APP_PW_CHARS characters of an alphabet without
 * look-alikes, 80 bits. */
void app_password_generate(char out[APP_PW_CHARS + 1]);

/* What a new account is made of. password NULL: one is generated and
 * written to generated (APP_PW_CHARS + 1 bytes), to be shown once. */
struct user_input {
	const char *email;
	const char *name;          /* NULL or "": the address */
	const char *role;
	int64_t partnership_id;    /* coordinators and members; else 0 */
	const char *password;
};

/* Adds an account. Invalid input: APP_EINPUT and up to 4 messages for a
 * person in errs (and the first in msg); APP_ECONFLICT when the address has
 * an account already; APP_EPERM when the caller may not add this account.
 * out (may be NULL) receives the account. */
int app_user_add(struct app *app, const struct actor *a, const struct user_input *in,
		 char generated[APP_PW_CHARS + 1], struct user *out, const char *errs[4],
		 size_t *nerr, struct app_msg *msg);

/* Sets the password of the account of email (the caller: an administrator
 * or the operator, or the account's own user) and ends the account's
 * sessions, except keep_token_hash (the caller's own session; NULL: none
 * kept). password NULL: generated into generated. */
int app_user_set_password(struct app *app, const struct actor *a, const char *email,
			  const char *password, const char *keep_token_hash,
			  char generated[APP_PW_CHARS + 1], struct app_msg *msg);

/* Changes the role (and partnership: coordinators and members only) of
 * the account of email: administrators and the operator. The account's
 * sessions end, so that the new rights apply from its next login. */
int app_user_set_role(struct app *app, const struct actor *a, const char *email, const char *role,
		      int64_t partnership_id, struct app_msg *msg);
/* Deactivates (active false: its sessions end, it cannot log in) or
 * reactivates the account of email: administrators and the operator; a
 * coordinator for the members of their partnership. Nobody deactivates
 * their own account. */
int app_user_set_active(struct app *app, const struct actor *a, const char *email, bool active,
			struct app_msg *msg);

/* The account of id, without its password hash: administrators and the
 * operator (APP_EPERM otherwise, APP_ENOTFOUND for no such account). */
int app_user_get(struct app *app, const struct actor *a, int64_t id, struct user *out);

/* Accounts: all (partnership_id 0; administrators and the operator) or one
 * partnership's (those who follow it). */
int app_user_list(struct app *app, const struct actor *a, int64_t partnership_id, struct user **out,
		  size_t *n);

#endif
