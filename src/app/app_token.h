/* app_token.h - the JSON API's per-user tokens: made and revoked by their
 * owner (in the browser), listed, and the user behind a token of a
 * request. A token acts as its owner, read-only or read-write. */
#ifndef S3PM_APP_TOKEN_H
#define S3PM_APP_TOKEN_H

#include "app.h"
#include "credentials.h"

/* "s3pm_" and 64 hex digits (256 random bits): the prefix lets secret
 * scanners and people tell a token of this system at a glance. */
#define APP_TOKEN_PREFIX "s3pm_"
#define APP_TOKEN_LEN (sizeof(APP_TOKEN_PREFIX) - 1 + AUTH_TOKEN_HEX) /* with the NUL */
/* Longest token name, in characters, and most tokens a user may hold unrevoked. */
#define APP_TOKEN_NAME_MAX 100
#define APP_TOKEN_MAX_LIVE 20

/* Makes a token for the caller (any logged-in user): name (trimmed, 1 to
 * APP_TOKEN_NAME_MAX characters), write: read-write, else read-only. The token
 * goes into token_out, to be shown once: only its hash is stored. Audited.
 * APP_EINPUT with msg for a bad name or too many live tokens; APP_EPERM
 * for the public. *id_out (may be NULL) gets its id. */
int app_token_create(struct app *app, const struct actor *a, const char *name, bool write,
		     char token_out[APP_TOKEN_LEN], int64_t *id_out, struct app_msg *msg);
/* The caller's tokens, newest first (revoked ones too). Caller:
 * api_token_free_list. */
int app_token_list(struct app *app, const struct actor *a, struct api_token **out, size_t *n);
/* Revokes the caller's token id. APP_ENOTFOUND when it is not theirs or
 * already revoked. Audited. */
int app_token_revoke(struct app *app, const struct actor *a, int64_t id);

/* The token of a request (as sent: "s3pm_..."), and its owner: 0 with *t
 * and *u filled (caller: api_token_cleanup, user_cleanup); APP_ENOTFOUND
 * for a malformed, unknown or revoked token or an inactive owner. Notes
 * the use (at most once a minute per token). */
int app_token_find(struct app *app, const char *token, struct api_token *t, struct user *u);

#endif
