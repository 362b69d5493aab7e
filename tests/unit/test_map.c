/* test_map.c - the map file loader: the shipped map, and bad files named
 * by file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fileio.h"
#include "map.h"
#include "testutil.h"

static void
shipped(void **state)
{
	struct map *m = NULL;
	struct app_msg msg = {{0}};
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", tu_env("S3PM_DATA_DIR"), MAP_FILE);
	assert_int_equal(map_load(path, &m, &msg), 0);
	assert_int_equal(m->nregion, 334);
	assert_true(m->width > 1000 && m->height > 1000);
	assert_non_null(map_find(m, "FI1D"));
	assert_non_null(map_find(m, "ES70"));
	assert_non_null(map_find(m, "AL01"));
	assert_non_null(map_find(m, "UKN0"));
	assert_null(map_find(m, "FI1A"));
	assert_null(map_find(m, "FI1DZ"));
	assert_string_equal(map_find(m, "BE10")->code, "BE10");
	assert_true(map_find(m, "BE10")->path[0] == 'M');
	assert_true(strlen(m->borders) > 100);
	assert_true(strlen(m->insets) > 10);
	map_free(m);
}

/* Loads text from a temporary file: the return code and the message. */
static int
load_text(const char *text, char *msgout, size_t n)
{
	char path[] = "/tmp/s3pm-map-test.XXXXXX";
	struct app_msg msg = {{0}};
	struct map *m = NULL;
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = map_load(path, &m, &msg);
	unlink(path);
	if (rc == 0)
		assert_non_null(m);
	map_free(m);
	/* the message names the file */
	if (rc != 0)
		assert_non_null(strstr(msg.text, "/tmp/s3pm-map-test."));
	snprintf(msgout, n, "%s", msg.text);
	return rc;
}

static void
bad_files(void **state)
{
	char msg[APP_MSG_MAX];

	(void)state;
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l3 4-1-1z\n", msg, sizeof(msg)), 0);
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l3 4-1-1z\nborders M1 1l5 5\ninsets M1 1h4v4h-4z\n", msg, sizeof(msg)), 0);
	assert_int_equal(load_text("region AB12 M1 2l3 4z\n", msg, sizeof(msg)), APP_EINPUT);
	assert_non_null(strstr(msg, "line 1"));
	assert_int_equal(load_text("# c\nmap 2 100 100\n", msg, sizeof(msg)), APP_EINPUT);
	assert_non_null(strstr(msg, "line 2: an unknown format version"));
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l3 4z", msg, sizeof(msg)), APP_EINPUT);
	assert_non_null(strstr(msg, "no line end"));
	/* out of the map */
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l300 4z\n", msg, sizeof(msg)), APP_EINPUT);
	assert_non_null(strstr(msg, "line 2: a point outside the map"));
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l-3 4z\n", msg, sizeof(msg)), APP_EINPUT);
	/* what is not path data */
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2\"l3 4z\n", msg, sizeof(msg)), APP_EINPUT);
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2L3 4z\n", msg, sizeof(msg)), APP_EINPUT);
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l3z\n", msg, sizeof(msg)), APP_EINPUT);
	assert_non_null(strstr(msg, "lone coordinate"));
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l3 4 123456 1z\n", msg, sizeof(msg)), APP_EINPUT);
	/* codes: shape, order, twice */
	assert_int_equal(load_text("map 1 100 100\nregion ab12 M1 2l3 4z\n", msg, sizeof(msg)), APP_EINPUT);
	assert_int_equal(load_text("map 1 100 100\nregion AB123 M1 2l3 4z\n", msg, sizeof(msg)), APP_EINPUT);
	assert_int_equal(load_text("map 1 100 100\nregion AB12 M1 2l3 4z\nregion AB12 M1 2l3 4z\n", msg, sizeof(msg)),
			 APP_EINPUT);
	assert_non_null(strstr(msg, "line 3: regions out of order or twice"));
	assert_int_equal(load_text("map 1 100 100\nmap 1 100 100\n", msg, sizeof(msg)), APP_EINPUT);
	assert_int_equal(load_text("map 1 100 100\n", msg, sizeof(msg)), APP_EINPUT);
	assert_non_null(strstr(msg, "no region"));
	assert_int_equal(load_text("map 1 100 100\nhello\n", msg, sizeof(msg)), APP_EINPUT);
	assert_int_equal(load_text("map 1 0 100\n", msg, sizeof(msg)), APP_EINPUT);
	{
		struct map *m = NULL;
		struct app_msg am = {{0}};

		assert_int_equal(map_load("/nonexistent/map.txt", &m, &am), APP_ENOTFOUND);
		assert_null(m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped),
		cmocka_unit_test(bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
