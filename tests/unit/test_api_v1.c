/* test_api_v1.c - unit tests of the JSON API's tokens (app_token.c on a real
 * SQLite store in a temporary directory: made, found, listed, revoked, an
 * inactive owner, only the hash stored) and of its helpers (api_v1.c:
 * problem details, If-Match). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "api_v1.h"
#include "app_token.h"
#include "store.h"

struct fx {
	char dir[64];
	char path[128];
	struct app app;
	int64_t ann, bob;
};

static int64_t
add_user(struct store *st, const char *email)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.email = (char *)email;
	u.name = (char *)"Test user";
	u.role = (char *)"committee";
	u.pw_hash = (char *)"x";
	u.active = true;
	return store_user_create(st, &u) == 0 ? u.id : 0;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct app_msg msg = {{0}};

	if (f == NULL || auth_init() != 0)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/s3pm-test-api-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	if (store_open(f->path, &f->app.store, &msg) != 0)
		return -1;
	f->ann = add_user(f->app.store, "ann@example.org");
	f->bob = add_user(f->app.store, "bob@example.org");
	*state = f;
	return f->ann > 0 && f->bob > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	struct fx *f = *state;
	char p[200];
	size_t i;

	store_close(f->app.store);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, ext[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct actor
actor_of(int64_t id)
{
	struct actor a = {ROLE_COMMITTEE, id, 0};

	return a;
}

static void
test_token_life(void **state)
{
	struct fx *f = *state;
	struct actor ann = actor_of(f->ann), bob = actor_of(f->bob), pub = {ROLE_PUBLIC, 0, 0};
	struct app_msg msg = {{0}};
	char tok[APP_TOKEN_LEN], tok2[APP_TOKEN_LEN], bad[APP_TOKEN_LEN];
	struct api_token t, *v = NULL;
	struct user u;
	int64_t id = 0;
	size_t n = 0;
	char hash[AUTH_TOKEN_HEX];

	assert_int_equal(app_token_create(&f->app, &ann, "  my script  ", false, tok, &id, &msg), 0);
	assert_true(strncmp(tok, "s3pm_", 5) == 0 && strlen(tok) == 5 + 64);
	assert_int_equal(app_token_create(&f->app, &ann, "writer", true, tok2, NULL, &msg), 0);
	assert_string_not_equal(tok, tok2);
	/* Found, with its owner and scope; the stored hash is not the token. */
	assert_int_equal(app_token_find(&f->app, tok, &t, &u), 0);
	assert_int_equal(u.id, f->ann);
	assert_false(t.write);
	assert_string_equal(t.name, "my script");
	auth_token_hash(tok + 5, hash);
	assert_string_equal(t.token_hash, hash);
	assert_null(strstr(t.token_hash, tok + 5));
	api_token_cleanup(&t);
	user_cleanup(&u);
	assert_int_equal(app_token_find(&f->app, tok2, &t, &u), 0);
	assert_true(t.write);
	api_token_cleanup(&t);
	user_cleanup(&u);
	/* Malformed or unknown: not found. */
	memcpy(bad, tok, sizeof(bad));
	bad[10] = bad[10] == 'a' ? 'b' : 'a';
	assert_int_equal(app_token_find(&f->app, bad, &t, &u), APP_ENOTFOUND);
	assert_int_equal(app_token_find(&f->app, tok + 5, &t, &u), APP_ENOTFOUND);
	assert_int_equal(app_token_find(&f->app, "s3pm_XYZ", &t, &u), APP_ENOTFOUND);
	assert_int_equal(app_token_find(&f->app, NULL, &t, &u), APP_ENOTFOUND);
	/* Names: required, not too long; the public makes none. */
	assert_int_equal(app_token_create(&f->app, &ann, "   ", false, bad, NULL, &msg), APP_EINPUT);
	assert_non_null(strstr(msg.text, "name"));
	assert_int_equal(app_token_create(&f->app, &ann, "a\nb", false, bad, NULL, &msg), APP_EINPUT);
	assert_int_equal(app_token_create(&f->app, &pub, "x", false, bad, NULL, &msg), APP_EPERM);
	/* Listed for their owner only; revoked by their owner only. */
	assert_int_equal(app_token_list(&f->app, &ann, &v, &n), 0);
	assert_int_equal(n, 2);
	api_token_free_list(v, n);
	assert_int_equal(app_token_list(&f->app, &bob, &v, &n), 0);
	assert_int_equal(n, 0);
	api_token_free_list(v, n);
	assert_int_equal(app_token_revoke(&f->app, &bob, id), APP_ENOTFOUND);
	assert_int_equal(app_token_find(&f->app, tok, &t, &u), 0);
	api_token_cleanup(&t);
	user_cleanup(&u);
	assert_int_equal(app_token_revoke(&f->app, &ann, id), 0);
	assert_int_equal(app_token_find(&f->app, tok, &t, &u), APP_ENOTFOUND);
	assert_int_equal(app_token_revoke(&f->app, &ann, id), APP_ENOTFOUND);
	/* The other still works until its owner is deactivated. */
	assert_int_equal(app_token_find(&f->app, tok2, &t, &u), 0);
	u.active = false;
	assert_int_equal(store_user_update(f->app.store, &u), 0);
	api_token_cleanup(&t);
	user_cleanup(&u);
	assert_int_equal(app_token_find(&f->app, tok2, &t, &u), APP_ENOTFOUND);
}

static void
test_token_cap(void **state)
{
	struct fx *f = *state;
	struct actor bob = actor_of(f->bob);
	struct app_msg msg = {{0}};
	char tok[APP_TOKEN_LEN];
	int64_t first = 0, id = 0;
	int i;

	for (i = 0; i < APP_TOKEN_MAX_LIVE; i++) {
		assert_int_equal(app_token_create(&f->app, &bob, "t", false, tok, &id, &msg), 0);
		if (i == 0)
			first = id;
	}
	assert_int_equal(app_token_create(&f->app, &bob, "one too many", false, tok, NULL, &msg), APP_EINPUT);
	assert_string_equal(tok, "");
	assert_non_null(strstr(msg.text, "revoke"));
	assert_int_equal(app_token_revoke(&f->app, &bob, first), 0);
	assert_int_equal(app_token_create(&f->app, &bob, "now it fits", false, tok, NULL, &msg), 0);
}

static void
test_problem_text(void **state)
{
	char *s;
	json_t *j;

	(void)state;
	s = api_v1_problem_text(404, NULL, "/api/v1/x");
	assert_non_null(s);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "type")), "about:blank");
	assert_string_equal(json_string_value(json_object_get(j, "title")), "Not Found");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 404);
	assert_string_equal(json_string_value(json_object_get(j, "instance")), "/api/v1/x");
	assert_true(json_string_length(json_object_get(j, "detail")) > 0);
	json_decref(j);
	free(s);
	s = api_v1_problem_text(413, "too big: \"x\"", NULL);
	j = json_loads(s, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "detail")), "too big: \"x\"");
	assert_null(json_object_get(j, "instance"));
	json_decref(j);
	free(s);
	assert_true(api_v1_path("/api/v1"));
	assert_true(api_v1_path("/api/v1/periods"));
	assert_false(api_v1_path("/api/v10"));
	assert_false(api_v1_path("/api/p/x/2020-H1"));
}

static void
test_if_match(void **state)
{
	struct req rq;

	(void)state;
	memset(&rq, 0, sizeof(rq));
	assert_true(api_v1_if_match(&rq, 3)); /* none: the caller decides */
	rq.if_match = "\"3\"";
	assert_true(api_v1_if_match(&rq, 3));
	assert_false(api_v1_if_match(&rq, 4));
	assert_false(api_v1_if_match(&rq, 33));
	rq.if_match = "\"1\", \"3\"";
	assert_true(api_v1_if_match(&rq, 3));
	rq.if_match = "*";
	assert_true(api_v1_if_match(&rq, 7));
	rq.if_match = "W/\"3\"";  /* weak tags never match for If-Match */
	assert_false(api_v1_if_match(&rq, 3));
	rq.if_match = "3";
	assert_false(api_v1_if_match(&rq, 3));
	rq.if_match = "";
	assert_false(api_v1_if_match(&rq, 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_token_life, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_cap, setup, teardown),
		cmocka_unit_test(test_problem_text),
		cmocka_unit_test(test_if_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
