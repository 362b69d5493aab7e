/* auth.h - passwords (argon2id), server-side sessions, CSRF tokens and login throttling. */
#ifndef S3PM_AUTH_H
#define S3PM_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "store.h"
#include "web.h"

/* Room for an argon2id string from libsodium (crypto_pwhash_STRBYTES). */
#define AUTH_HASH_MAX 128
/* Hex of a 32-byte token, with its NUL. */
#define AUTH_TOKEN_HEX 65

#define AUTH_SESSION_COOKIE "s3pm_session"
/* The pre-session anti-CSRF cookie of the login form (double submit). */
#define AUTH_LOGIN_COOKIE "s3pm_login"

/* Login throttling: failures counted per e-mail address and per client
 * address over a sliding window. */
#define AUTH_WINDOW_SECONDS (15 * 60)
#define AUTH_MAX_FAILS_EMAIL 5
#define AUTH_MAX_FAILS_IP 20

/* Initialises libsodium; call once before anything else here (http_run and
 * the CLI do). Idempotent and thread-safe. APP_EINTERNAL when it fails. */
int auth_init(void);

/* Hashes pw with argon2id (OPSLIMIT/MEMLIMIT_INTERACTIVE) into out, which
 * must hold AUTH_HASH_MAX bytes. APP_EINPUT for an empty password or one
 * over 1024 bytes, APP_ENOMEM when the memory for hashing is lacking. */
int auth_hash_password(const char *pw, char *out, size_t outlen);
/* 0 when pw matches hash, APP_EPERM when it does not (or the hash is not a
 * valid libsodium string). */
int auth_verify_password(const char *hash, const char *pw);
/* True when hash was made with other parameters than the current ones. */
bool auth_password_needs_rehash(const char *hash);

/* Checks an e-mail/password pair and opens a session.
 * On success returns 0, writes the cookie token (hex) into token_out and the
 * user into user_out (caller: user_cleanup); the session is stored with its
 * CSRF token. Then set the cookie with auth_session_cookie.
 * Errors, each with msg set to a text safe to show:
 *   APP_EINPUT  wrong e-mail or password, or an inactive account (one text
 *               for all: "Wrong e-mail address or password."); the page
 *               shows the form again (suggested status 400).
 *   APP_EPERM   too many failures: "Too many failed attempts; try again in
 *               N minutes." (status 429; nothing was checked).
 *   others      store failures (500).
 * At most AUTH_MAX_FAILS_EMAIL failures per e-mail and AUTH_MAX_FAILS_IP per
 * remote_addr (may be NULL) in AUTH_WINDOW_SECONDS. An unknown e-mail costs
 * as much time as a wrong password. A password hashed with old parameters
 * is rehashed on success. */
int auth_login(struct app *app, const char *email, const char *password, const char *remote_addr,
	       char token_out[AUTH_TOKEN_HEX], struct user *user_out, struct app_msg *msg);

/* Adds the Set-Cookie of a session token: s3pm_session=TOKEN; Path=/;
 * HttpOnly; SameSite=Strict; Max-Age=session lifetime (Secure when
 * app->secure_cookies). */
int auth_session_cookie(struct app *app, const char *token, struct resp *rs);

/* Deletes the request's session (if any) from the store and adds an
 * expiring cookie. The handler then redirects. */
int auth_logout(struct app *app, struct req *rq, struct resp *rs);

/* Login form anti-CSRF (double submit with a pre-session cookie):
 * page_login_form calls this INSIDE form#login. It writes
 * <input type="hidden" name="csrf" value="T"> into b and, when the request
 * has no s3pm_login cookie yet, adds one (Path=/login, HttpOnly,
 * SameSite=Strict, 1 hour). POST /login is refused with 403 by the server
 * unless the form's csrf equals that cookie. */
int auth_login_csrf(struct req *rq, struct resp *rs, struct buf *b);

/* --- used by the server (http.c) --------------------------------------- */

/* Looks up the session of a cookie token: 0 and *s, *u filled (caller:
 * user_cleanup) when the session exists, has not expired and its user is
 * active; APP_ENOTFOUND otherwise (also for a malformed token). */
int auth_session_find(struct app *app, const char *token, struct session *s, struct user *u);
/* Constant-time comparison of a submitted CSRF token with the expected
 * one; false when either is NULL or empty. */
bool auth_token_equal(const char *expected, const char *given);
/* A fresh random 32-byte token as hex. */
void auth_random_token(char out[AUTH_TOKEN_HEX]);
/* Hex SHA-256 of token (what the store keeps). */
void auth_token_hash(const char *token, char out[AUTH_TOKEN_HEX]);

#endif
