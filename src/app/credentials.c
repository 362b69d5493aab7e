/* credentials.c - argon2id password hashes and random tokens (libsodium). */
#include "credentials.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW_MAX CRED_PASSWORD_MAX

_Static_assert(AUTH_HASH_MAX == crypto_pwhash_STRBYTES, "AUTH_HASH_MAX");

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_rc = APP_EINTERNAL;
/* A hash of a random password: unknown e-mail addresses are verified
 * against it, so that they take as long as wrong passwords. */
char auth_dummy_hash[crypto_pwhash_STRBYTES];

static void
init_once_fn(void)
{
	char pw[AUTH_TOKEN_HEX];

	if (sodium_init() < 0)
		return;
	auth_random_token(pw);
	if (crypto_pwhash_str(auth_dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return;
	init_rc = 0;
}

int
auth_init(void)
{
	pthread_once(&init_once, init_once_fn);
	return init_rc;
}

static void
to_hex(const unsigned char *bin, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, bin, n);
}

void
auth_random_token(char out[AUTH_TOKEN_HEX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	to_hex(raw, sizeof(raw), out);
	sodium_memzero(raw, sizeof(raw));
}

void
auth_token_hash(const char *token, char out[AUTH_TOKEN_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	to_hex(h, sizeof(h), out);
}

bool
auth_token_well_formed(const char *t)
{
	size_t i;

	if (t == NULL)
		return false;
	for (i = 0; i < AUTH_TOKEN_HEX - 1; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return false;
	return t[i] == '\0';
}

bool
auth_token_equal(const char *expected, const char *given)
{
	size_t n;

	if (expected == NULL || given == NULL || expected[0] == '\0')
		return false;
	n = strlen(expected);
	/* The length of a token is no secret; its contents are. */
	if (strlen(given) != n)
		return false;
	return sodium_memcmp(expected, given, n) == 0;
}

int
auth_hash_password(const char *pw, char *out, size_t outlen)
{
	size_t n;

	if (pw == NULL || out == NULL || outlen < crypto_pwhash_STRBYTES)
		return APP_EINPUT;
	n = strlen(pw);
	if (n == 0 || n > PW_MAX)
		return APP_EINPUT;
	if (auth_init() != 0)
		return APP_EINTERNAL;
	if (crypto_pwhash_str(out, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return APP_ENOMEM;
	return 0;
}

int
auth_verify_password(const char *hash, const char *pw)
{
	if (hash == NULL || pw == NULL || strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
		return APP_EPERM;
	if (strlen(pw) > PW_MAX || auth_init() != 0)
		return APP_EPERM;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 ? 0 : APP_EPERM;
}

bool
auth_password_needs_rehash(const char *hash)
{
	if (hash == NULL || strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
		return true;
	return crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

