/* credentials.h - argon2id password hashes and random tokens (libsodium). */
#ifndef S3PM_CREDENTIALS_H
#define S3PM_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Room for an argon2id string from libsodium (crypto_pwhash_STRBYTES). */
#define AUTH_HASH_MAX 128
/* Hex of a 32-byte token, with its NUL. */
#define AUTH_TOKEN_HEX 65
/* Longest password accepted, in bytes. */
#define CRED_PASSWORD_MAX 1024

/* Initialises libsodium; call once before anything else here (the server
 * and the CLI do). Idempotent and thread-safe. APP_EINTERNAL when it fails. */
int auth_init(void);

/* Hashes pw with argon2id (OPSLIMIT/MEMLIMIT_INTERACTIVE) into out, which
 * must hold AUTH_HASH_MAX bytes. APP_EINPUT for an empty password or one
 * over CRED_PASSWORD_MAX bytes, APP_ENOMEM when the memory for hashing is
 * lacking. */
int auth_hash_password(const char *pw, char *out, size_t outlen);
/* 0 when pw matches hash, APP_EPERM when it does not (or the hash is not a
 * valid libsodium string). */
int auth_verify_password(const char *hash, const char *pw);
/* True when hash was made with other parameters than the current ones. */
bool auth_password_needs_rehash(const char *hash);

/* A fresh random 32-byte token as hex. */
void auth_random_token(char out[AUTH_TOKEN_HEX]);
/* Hex SHA-256 of token (what the store keeps of a session token). */
void auth_token_hash(const char *token, char out[AUTH_TOKEN_HEX]);
/* 64 lower-case hex digits, as auth_random_token makes them. */
bool auth_token_well_formed(const char *t);
/* Constant-time comparison of a submitted token with the expected one;
 * false when either is NULL or empty. */
bool auth_token_equal(const char *expected, const char *given);

/* A hash of a random password (after auth_init): unknown e-mail addresses
 * are verified against it, so that they take as long as wrong passwords. */
extern char auth_dummy_hash[AUTH_HASH_MAX];

#endif
