/* test_auth.c - unit tests of passwords, sessions, CSRF tokens and login throttling (auth.c) on a real SQLite store in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app_user.h"
#include "auth.h"
#include "http.h"
#include "store.h"

struct fx {
	char dir[64];
	char path[128];
	struct app app;
	int64_t ann; /* active admin, password "correct horse" */
	int64_t old; /* inactive user */
};

static char ann_hash[AUTH_HASH_MAX];

static void
rm_db(struct fx *f)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char p[200];
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, ext[i]);
		unlink(p);
	}
}

static int64_t
add_user(struct store *st, const char *email, const char *hash, bool active)
{
	struct user u;
	int64_t id;

	memset(&u, 0, sizeof(u));
	u.email = (char *)email;
	u.name = (char *)"Test user";
	u.role = (char *)"admin";
	u.pw_hash = (char *)hash;
	u.active = active;
	if (store_user_create(st, &u) != 0)
		return 0;
	id = u.id;
	return id;
}

static int
group_setup(void **state)
{
	(void)state;
	if (auth_init() != 0)
		return -1;
	return auth_hash_password("correct horse", ann_hash, sizeof(ann_hash));
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct app_msg msg = {{0}};

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/s3pm-test-auth-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	if (store_open(f->path, &f->app.store, &msg) != 0) {
		fprintf(stderr, "store_open: %s\n", msg.text);
		return -1;
	}
	f->app.max_body = 1 << 20;
	f->app.session_hours = 12;
	f->ann = add_user(f->app.store, "ann@example.org", ann_hash, true);
	f->old = add_user(f->app.store, "old@example.org", ann_hash, false);
	if (f->ann == 0 || f->old == 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->app.store);
	rm_db(f);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
test_hash_verify(void **state)
{
	char h[AUTH_HASH_MAX], h2[AUTH_HASH_MAX], big[1100];

	(void)state;
	assert_int_equal(auth_hash_password("s3cret pässword", h, sizeof(h)), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_int_equal(auth_verify_password(h, "s3cret pässword"), 0);
	assert_int_equal(auth_verify_password(h, "s3cret password"), APP_EPERM);
	assert_int_equal(auth_verify_password(h, ""), APP_EPERM);
	assert_int_equal(auth_verify_password(h, NULL), APP_EPERM);
	assert_int_equal(auth_verify_password(NULL, "x"), APP_EPERM);
	assert_int_equal(auth_verify_password("not a hash", "x"), APP_EPERM);
	assert_false(auth_password_needs_rehash(h));
	assert_true(auth_password_needs_rehash("not a hash"));
	assert_true(auth_password_needs_rehash(NULL));
	/* Salted: the same password hashes differently. */
	assert_int_equal(auth_hash_password("s3cret pässword", h2, sizeof(h2)), 0);
	assert_string_not_equal(h, h2);
	/* Refused: empty, huge, no room. */
	assert_int_equal(auth_hash_password("", h, sizeof(h)), APP_EINPUT);
	assert_int_equal(auth_hash_password(NULL, h, sizeof(h)), APP_EINPUT);
	assert_int_equal(auth_hash_password("x", h, 16), APP_EINPUT);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(auth_hash_password(big, h, sizeof(h)), APP_EINPUT);
	/* Other parameters: still verifies, but wants a rehash. */
	assert_int_equal(crypto_pwhash_str(h, "pw", 2, crypto_pwhash_OPSLIMIT_INTERACTIVE + 1,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE),
			 0);
	assert_int_equal(auth_verify_password(h, "pw"), 0);
	assert_true(auth_password_needs_rehash(h));
}

static bool
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

static void
test_tokens(void **state)
{
	char a[AUTH_TOKEN_HEX], b[AUTH_TOKEN_HEX], h[AUTH_TOKEN_HEX];

	(void)state;
	auth_random_token(a);
	auth_random_token(b);
	assert_true(is_hex64(a));
	assert_true(is_hex64(b));
	assert_string_not_equal(a, b);
	auth_token_hash("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(auth_token_equal(a, a));
	assert_false(auth_token_equal(a, b));
	assert_false(auth_token_equal(a, NULL));
	assert_false(auth_token_equal(NULL, a));
	assert_false(auth_token_equal("", ""));
	assert_false(auth_token_equal("abc", "abcd"));
	assert_false(auth_token_equal("abcd", "abc"));
}

/* A request as the server makes it, with a session. */
static void
fake_request(struct http_req *hr, struct app *app, struct session *s, struct user *u)
{
	memset(hr, 0, sizeof(*hr));
	hr->magic = HTTP_REQ_MAGIC;
	hr->rq.app = app;
	hr->rq.method = "POST";
	hr->rq.session = s;
	hr->rq.user = u;
}

/* A new login ends the user's other sessions; so does a password change,
 * except the session it is made from. */
static void
test_sessions_end(void **state)
{
	struct fx *f = *state;
	struct app_msg msg = {{0}};
	char t1[AUTH_TOKEN_HEX], t2[AUTH_TOKEN_HEX], t3[AUTH_TOKEN_HEX], h3[AUTH_TOKEN_HEX];
	struct actor op = app_system_actor(), other = {ROLE_COMMITTEE, 999, 0};
	struct session s;
	struct user u;

	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", NULL, t1, &u, &msg), 0);
	user_cleanup(&u);
	assert_int_equal(app_session_find(&f->app, t1, &s, &u), 0);
	user_cleanup(&u);
	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", NULL, t2, &u, &msg), 0);
	user_cleanup(&u);
	assert_int_equal(app_session_find(&f->app, t1, &s, &u), APP_ENOTFOUND);
	assert_int_equal(app_session_find(&f->app, t2, &s, &u), 0);
	user_cleanup(&u);

	/* Somebody else may not change the password: nothing changes. */
	assert_int_equal(app_user_set_password(&f->app, &other, "ann@example.org", "new one", NULL, NULL,
					       &msg),
			 APP_EPERM);
	assert_int_equal(app_session_find(&f->app, t2, &s, &u), 0);
	user_cleanup(&u);
	/* The operator changes it: every session ends. */
	assert_int_equal(app_user_set_password(&f->app, &op, "ann@example.org", "new one", NULL, NULL, &msg), 0);
	assert_int_equal(app_session_find(&f->app, t2, &s, &u), APP_ENOTFOUND);
	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", NULL, t1, &u, &msg), APP_EINPUT);
	/* Her own change from a session keeps that session only. */
	assert_int_equal(app_login(&f->app, "ann@example.org", "new one", NULL, t3, &u, &msg), 0);
	{
		struct actor ann = app_actor(&u);

		auth_token_hash(t3, h3);
		assert_int_equal(app_user_set_password(&f->app, &ann, "ann@example.org", "newer one", h3, NULL,
						       &msg),
				 0);
	}
	user_cleanup(&u);
	assert_int_equal(app_session_find(&f->app, t3, &s, &u), 0);
	user_cleanup(&u);
}

static void
test_login_logout(void **state)
{
	struct fx *f = *state;
	struct app_msg msg = {{0}};
	char token[AUTH_TOKEN_HEX], hash[AUTH_TOKEN_HEX];
	struct session s, s2;
	struct user u, u2;
	struct http_req hr;
	struct resp rs;
	int64_t now = (int64_t)time(NULL);

	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", "192.0.2.1", token, &u, &msg), 0);
	assert_true(is_hex64(token));
	assert_int_equal(u.id, f->ann);
	assert_string_equal(u.email, "ann@example.org");
	user_cleanup(&u);

	/* Only the hash of the token is stored. */
	assert_int_equal(store_session_get(f->app.store, token, &s), APP_ENOTFOUND);
	auth_token_hash(token, hash);
	assert_int_equal(store_session_get(f->app.store, hash, &s), 0);
	assert_true(is_hex64(s.csrf));
	assert_string_not_equal(s.csrf, token);
	assert_true(s.expires >= now + 12 * 3600 - 5 && s.expires <= now + 12 * 3600 + 5);

	assert_int_equal(app_session_find(&f->app, token, &s2, &u2), 0);
	assert_int_equal(u2.id, f->ann);
	assert_string_equal(s2.csrf, s.csrf);
	assert_string_equal(s2.token_hash, hash);
	assert_int_equal(app_session_find(&f->app, "nope", &s, &u), APP_ENOTFOUND);
	assert_int_equal(app_session_find(&f->app, NULL, &s, &u), APP_ENOTFOUND);
	assert_int_equal(app_session_find(&f->app, hash, &s, &u), APP_ENOTFOUND);

	/* The cookie. */
	resp_init(&rs);
	assert_int_equal(auth_session_cookie(&f->app, token, &rs), 0);
	assert_int_equal(rs.ncookies, 1);
	assert_non_null(strstr(rs.cookies[0], "s3pm_session="));
	assert_non_null(strstr(rs.cookies[0], token));
	assert_non_null(strstr(rs.cookies[0], "; HttpOnly"));
	assert_non_null(strstr(rs.cookies[0], "; SameSite=Strict"));
	assert_non_null(strstr(rs.cookies[0], "; Path=/"));
	assert_non_null(strstr(rs.cookies[0], "Max-Age=43200"));
	assert_null(strstr(rs.cookies[0], "Secure"));
	f->app.secure_cookies = true;
	assert_int_equal(auth_session_cookie(&f->app, token, &rs), 0);
	assert_non_null(strstr(rs.cookies[1], "; Secure"));
	assert_int_equal(auth_session_cookie(&f->app, "short", &rs), APP_EINPUT);
	resp_cleanup(&rs);

	/* Logout deletes the session and expires the cookie. */
	resp_init(&rs);
	fake_request(&hr, &f->app, &s2, &u2);
	assert_int_equal(auth_logout(&f->app, &hr.rq, &rs), 0);
	assert_int_equal(rs.ncookies, 1);
	assert_non_null(strstr(rs.cookies[0], "s3pm_session=;"));
	assert_non_null(strstr(rs.cookies[0], "Max-Age=0"));
	assert_int_equal(app_session_find(&f->app, token, &s, &u), APP_ENOTFOUND);
	resp_cleanup(&rs);
	user_cleanup(&u2);

	/* Logout without a session only expires the cookie. */
	resp_init(&rs);
	fake_request(&hr, &f->app, NULL, NULL);
	assert_int_equal(auth_logout(&f->app, &hr.rq, &rs), 0);
	assert_int_equal(rs.ncookies, 1);
	resp_cleanup(&rs);
}

static void
test_login_refused(void **state)
{
	struct fx *f = *state;
	struct app_msg m1 = {{0}}, m2 = {{0}}, m3 = {{0}};
	char token[AUTH_TOKEN_HEX];
	struct user u;
	struct timespec t0, t1, t2;
	double wrong_ms, unknown_ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(app_login(&f->app, "ann@example.org", "wrong", "192.0.2.2", token, &u, &m1), APP_EINPUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(app_login(&f->app, "nobody@example.org", "wrong", "192.0.2.2", token, &u, &m2),
			 APP_EINPUT);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	assert_string_equal(token, "");
	/* One text for both, and an unknown address is not much faster. */
	assert_string_equal(m1.text, m2.text);
	assert_string_equal(m1.text, "Wrong e-mail address or password.");
	wrong_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	unknown_ms = (double)(t2.tv_sec - t1.tv_sec) * 1e3 + (double)(t2.tv_nsec - t1.tv_nsec) / 1e6;
	assert_true(unknown_ms > wrong_ms * 0.5);

	/* An inactive account, garbage and empty input: the same answer. */
	assert_int_equal(app_login(&f->app, "old@example.org", "correct horse", "192.0.2.2", token, &u, &m3),
			 APP_EINPUT);
	assert_string_equal(m3.text, m1.text);
	assert_int_equal(app_login(&f->app, "", "", "192.0.2.2", token, &u, &m3), APP_EINPUT);
	assert_int_equal(app_login(&f->app, NULL, NULL, NULL, token, &u, &m3), APP_EINPUT);
	assert_int_equal(app_login(&f->app, "no at sign", "x", "192.0.2.2", token, &u, &m3), APP_EINPUT);
	assert_string_equal(m3.text, m1.text);

	/* Case and surrounding spaces of the address do not matter. */
	assert_int_equal(app_login(&f->app, "  ANN@Example.org ", "correct horse", "192.0.2.2", token, &u, &m3), 0);
	assert_int_equal(u.id, f->ann);
	user_cleanup(&u);
}

static void
test_throttle_email(void **state)
{
	struct fx *f = *state;
	struct app_msg msg = {{0}};
	char token[AUTH_TOKEN_HEX];
	struct user u;
	int i, count = 0;

	for (i = 0; i < AUTH_MAX_FAILS_EMAIL; i++)
		assert_int_equal(app_login(&f->app, "ann@example.org", "guess", "198.51.100.1", token, &u, &msg),
				 APP_EINPUT);
	/* Now even the right password is refused, from anywhere. */
	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", "198.51.100.9", token, &u, &msg),
			 APP_EPERM);
	assert_string_equal(msg.text, "Too many failed attempts; try again in 15 minutes.");
	assert_string_equal(token, "");
	/* The address key ignores case. */
	assert_int_equal(app_login(&f->app, "ANN@example.org", "correct horse", "198.51.100.9", token, &u, &msg),
			 APP_EPERM);
	/* Refused attempts are not counted again. */
	assert_int_equal(store_login_failures(f->app.store, "email:ann@example.org", 0, &count), 0);
	assert_int_equal(count, AUTH_MAX_FAILS_EMAIL);
	/* Other users from the same address are not affected. */
	assert_int_equal(add_user(f->app.store, "bea@example.org", ann_hash, true) > 0, 1);
	assert_int_equal(app_login(&f->app, "bea@example.org", "correct horse", "198.51.100.1", token, &u, &msg), 0);
	user_cleanup(&u);
}

static void
test_throttle_wait(void **state)
{
	struct fx *f = *state;
	struct app_msg msg = {{0}};
	char token[AUTH_TOKEN_HEX];
	struct user u;
	int64_t now = (int64_t)time(NULL);
	int i, count;

	/* Failures 12 minutes old leave the window in 3 minutes. */
	for (i = 0; i < AUTH_MAX_FAILS_EMAIL; i++)
		assert_int_equal(store_login_failure(f->app.store, "email:ann@example.org", now - 12 * 60 - 10,
						     now - AUTH_WINDOW_SECONDS, &count),
				 0);
	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", "203.0.113.5", token, &u, &msg),
			 APP_EPERM);
	assert_string_equal(msg.text, "Too many failed attempts; try again in 3 minutes.");
	/* Older failures do not count at all. */
	assert_int_equal(store_login_clear(f->app.store, "email:ann@example.org"), 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(store_login_failure(f->app.store, "email:ann@example.org", now - 16 * 60,
						     now - AUTH_WINDOW_SECONDS, &count),
				 0);
	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", "203.0.113.5", token, &u, &msg), 0);
	user_cleanup(&u);
	/* A success clears the address's failures. */
	assert_int_equal(store_login_failures(f->app.store, "email:ann@example.org", 0, &count), 0);
	assert_int_equal(count, 0);
}

static void
test_throttle_ip(void **state)
{
	struct fx *f = *state;
	struct app_msg msg = {{0}};
	char token[AUTH_TOKEN_HEX], email[64];
	struct user u;
	int64_t now = (int64_t)time(NULL);
	int i, count;

	/* 19 recorded failures from one address, each with another e-mail. */
	for (i = 0; i < AUTH_MAX_FAILS_IP - 1; i++)
		assert_int_equal(store_login_failure(f->app.store, "ip:192.0.2.77", now - 60, now - AUTH_WINDOW_SECONDS,
						     &count),
				 0);
	/* The 20th, through app_login. */
	snprintf(email, sizeof(email), "x%d@example.org", i);
	assert_int_equal(app_login(&f->app, email, "guess", "192.0.2.77", token, &u, &msg), APP_EINPUT);
	/* Blocked now, even for a right password; not from elsewhere. */
	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", "192.0.2.77", token, &u, &msg),
			 APP_EPERM);
	assert_non_null(strstr(msg.text, "Too many failed attempts; try again in "));
	assert_int_equal(app_login(&f->app, "ann@example.org", "correct horse", "192.0.2.78", token, &u, &msg), 0);
	user_cleanup(&u);
}

static void
test_expired_session(void **state)
{
	struct fx *f = *state;
	struct session s, got;
	struct user u;
	char token[AUTH_TOKEN_HEX];

	memset(&s, 0, sizeof(s));
	auth_random_token(token);
	auth_token_hash(token, s.token_hash);
	auth_random_token(s.csrf);
	s.user_id = f->ann;
	s.expires = (int64_t)time(NULL) - 1;
	assert_int_equal(store_session_create(f->app.store, &s), 0);
	assert_int_equal(app_session_find(&f->app, token, &got, &u), APP_ENOTFOUND);
	/* ... and it is gone. */
	assert_int_equal(store_session_get(f->app.store, s.token_hash, &got), APP_ENOTFOUND);

	/* A live session of an inactive user does not count either. */
	s.user_id = f->old;
	s.expires = (int64_t)time(NULL) + 3600;
	auth_random_token(token);
	auth_token_hash(token, s.token_hash);
	assert_int_equal(store_session_create(f->app.store, &s), 0);
	assert_int_equal(app_session_find(&f->app, token, &got, &u), APP_ENOTFOUND);
}

static void
test_rehash_on_login(void **state)
{
	struct fx *f = *state;
	struct app_msg msg = {{0}};
	char h[AUTH_HASH_MAX], token[AUTH_TOKEN_HEX];
	struct user u;
	int64_t id;

	assert_int_equal(crypto_pwhash_str(h, "older", 5, crypto_pwhash_OPSLIMIT_INTERACTIVE + 1,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE),
			 0);
	id = add_user(f->app.store, "cy@example.org", h, true);
	assert_true(id > 0);
	assert_int_equal(app_login(&f->app, "cy@example.org", "older", NULL, token, &u, &msg), 0);
	user_cleanup(&u);
	assert_int_equal(store_user_by_id(f->app.store, id, &u), 0);
	assert_string_not_equal(u.pw_hash, h);
	assert_false(auth_password_needs_rehash(u.pw_hash));
	assert_int_equal(auth_verify_password(u.pw_hash, "older"), 0);
	user_cleanup(&u);
}

static void
test_login_csrf(void **state)
{
	struct fx *f = *state;
	struct http_req hr;
	struct resp rs;
	struct kv cookie;
	char tok[AUTH_TOKEN_HEX], want[200];
	const char *v;

	/* No cookie yet: one is set, and the field carries the same token. */
	fake_request(&hr, &f->app, NULL, NULL);
	resp_init(&rs);
	assert_int_equal(auth_login_csrf(&hr.rq, &rs, &rs.body), 0);
	assert_int_equal(rs.ncookies, 1);
	assert_true(strncmp(rs.cookies[0], "s3pm_login=", 11) == 0);
	memcpy(tok, rs.cookies[0] + 11, 64);
	tok[64] = '\0';
	assert_true(is_hex64(tok));
	assert_non_null(strstr(rs.cookies[0], "; Path=/login"));
	assert_non_null(strstr(rs.cookies[0], "; HttpOnly"));
	assert_non_null(strstr(rs.cookies[0], "; SameSite=Strict"));
	snprintf(want, sizeof(want), "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", tok);
	assert_string_equal(buf_cstr(&rs.body), want);
	resp_cleanup(&rs);

	/* With the cookie: reused (other tabs keep working), no new cookie. */
	cookie.key = (char *)"s3pm_login";
	cookie.value = tok;
	hr.cookies = &cookie;
	hr.ncookies = 1;
	resp_init(&rs);
	assert_int_equal(auth_login_csrf(&hr.rq, &rs, &rs.body), 0);
	assert_int_equal(rs.ncookies, 0);
	assert_string_equal(buf_cstr(&rs.body), want);
	v = req_cookie(&hr.rq, AUTH_LOGIN_COOKIE);
	assert_true(auth_token_equal(v, tok));
	resp_cleanup(&rs);

	/* A forged, malformed cookie is replaced. */
	cookie.value = (char *)"\"><script>";
	resp_init(&rs);
	assert_int_equal(auth_login_csrf(&hr.rq, &rs, &rs.body), 0);
	assert_int_equal(rs.ncookies, 1);
	assert_null(strstr(buf_cstr(&rs.body), "<script>"));
	resp_cleanup(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test_setup_teardown(test_login_logout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_ip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehash_on_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_csrf, setup, teardown),
	};

	return cmocka_run_group_tests_name("auth", tests, group_setup, NULL);
}
