/* test_mail.c - e-mail: the reminder thresholds, the HTML part made from
 * a mail's text, and the outbox's life cycle in the store (queued, claimed
 * by one worker only, due again after a failure, sent, failed for good,
 * a reminder's key taken once). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mail.h"
#include "store.h"

static void
remind_days(void **state)
{
	struct remind_config rc;
	struct app_msg msg = {{0}};

	(void)state;
	assert_int_equal(app_remind_parse("14,3", &rc, &msg), 0);
	assert_int_equal(rc.ndays, 2);
	assert_int_equal(rc.days[0], 14);
	assert_int_equal(rc.days[1], 3);
	/* Sorted, repeats dropped. */
	assert_int_equal(app_remind_parse("3,14,3,0", &rc, &msg), 0);
	assert_int_equal(rc.ndays, 3);
	assert_int_equal(rc.days[0], 14);
	assert_int_equal(rc.days[2], 0);
	assert_int_equal(app_remind_parse("", &rc, &msg), APP_EINPUT);
	assert_int_equal(app_remind_parse("14,x", &rc, &msg), APP_EINPUT);
	assert_non_null(strstr(msg.text, "14,x"));
	assert_int_equal(app_remind_parse("14,", &rc, &msg), APP_EINPUT);
	assert_int_equal(app_remind_parse("367", &rc, &msg), APP_EINPUT);
	assert_int_equal(app_remind_parse("-1", &rc, &msg), APP_EINPUT);
	assert_int_equal(app_remind_parse("1,2,3,4,5,6,7,8,9", &rc, &msg), APP_EINPUT);
	assert_int_equal(app_remind_parse("99999999999999", &rc, &msg), APP_EINPUT);
}

static void
html_part(void **state)
{
	struct mail m;
	struct buf b;
	const char *h;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.subject = "A <b>subject</b> & more";
	m.body = "Dear Ann <ann>,\n\nline one\nline two\n\nRead it:\nhttps://x.example/p/a?b=1&c=2\n\n"
		 "-- \nS3 Partnership Monitor\n";
	buf_init(&b, 1u << 16);
	assert_int_equal(mail_html(&m, &b), 0);
	h = buf_cstr(&b);
	assert_non_null(strstr(h, "<title>A &lt;b&gt;subject&lt;/b&gt; &amp; more</title>"));
	assert_non_null(strstr(h, "<p>Dear Ann &lt;ann&gt;,</p>"));
	assert_non_null(strstr(h, "<p>line one<br>\nline two</p>"));
	assert_non_null(strstr(h, "<a href=\"https://x.example/p/a?b=1&amp;c=2\">https://x.example/p/a?b=1&amp;c=2</a>"));
	assert_non_null(strstr(h, "<hr><p style=\"color: #555\">S3 Partnership Monitor</p>"));
	assert_null(strstr(h, "<ann>"));
	assert_null(strstr(h, "<b>"));
	buf_cleanup(&b);
}

struct fx {
	char dir[64], path[96];
	struct store *st;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct app_msg msg = {{0}};

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/s3pm-mail-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/s3pm.db", f->dir);
	if (store_open(f->path, &f->st, &msg) != 0) {
		fprintf(stderr, "store_open: %s\n", msg.text);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[128];

	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
new_mail(struct mail *m, const char *to, const char *dedup, int64_t due)
{
	memset(m, 0, sizeof(*m));
	m->kind = "reminder";
	m->to_addr = (char *)to;
	m->to_name = "Ann";
	m->subject = "Due";
	m->body = "Dear Ann,\n";
	m->link = "https://x.example/p/a";
	m->dedup = (char *)dedup;
	m->next_at = due;
}

static void
outbox(void **state)
{
	struct fx *f = *state;
	struct mail m, got;
	size_t counts[4], n;
	struct mail *list;
	bool added, have;

	new_mail(&m, "ann@example.org", "reminder:1:1:2021-H1:3", 1000);
	assert_int_equal(store_mail_add(f->st, &m, &added), 0);
	assert_true(added);
	assert_true(m.id > 0);
	/* The same key again: not added. */
	new_mail(&m, "ann@example.org", "reminder:1:1:2021-H1:3", 1000);
	assert_int_equal(store_mail_add(f->st, &m, &added), 0);
	assert_false(added);
	/* No key: always added. */
	new_mail(&m, "bob@example.org", NULL, 5000);
	assert_int_equal(store_mail_add(f->st, &m, &added), 0);
	assert_true(added);
	/* A malformed one is refused. */
	new_mail(&m, "", NULL, 0);
	assert_int_equal(store_mail_add(f->st, &m, &added), APP_EINPUT);

	/* Not due before its time; the one due first is claimed once. */
	assert_int_equal(store_mail_claim(f->st, 999, 300, &got, &have), 0);
	assert_false(have);
	assert_int_equal(store_mail_claim(f->st, 1000, 300, &got, &have), 0);
	assert_true(have);
	assert_string_equal(got.to_addr, "ann@example.org");
	assert_int_equal(got.status, MAIL_SENDING);
	assert_int_equal(got.attempts, 0);
	assert_int_equal(store_mail_claim(f->st, 1000, 300, &m, &have), 0);
	assert_false(have);
	/* It failed: due again at 1010. */
	assert_int_equal(store_mail_done(f->st, got.id, false, "connection refused", 1010, false), 0);
	assert_int_equal(store_mail_claim(f->st, 1009, 300, &m, &have), 0);
	assert_false(have);
	mail_cleanup(&got);
	assert_int_equal(store_mail_claim(f->st, 1010, 300, &got, &have), 0);
	assert_true(have);
	assert_int_equal(got.attempts, 1);
	assert_string_equal(got.last_error, "connection refused");
	/* A worker that died: the lease runs out and another takes it. */
	mail_cleanup(&got);
	assert_int_equal(store_mail_claim(f->st, 1309, 300, &got, &have), 0);
	assert_false(have);
	assert_int_equal(store_mail_claim(f->st, 1310, 300, &got, &have), 0);
	assert_true(have);
	assert_string_equal(got.to_addr, "ann@example.org");
	assert_int_equal(store_mail_done(f->st, got.id, true, NULL, 0, false), 0);
	mail_cleanup(&got);
	/* Bob's fails for good. */
	assert_int_equal(store_mail_claim(f->st, 6000, 300, &got, &have), 0);
	assert_true(have);
	assert_string_equal(got.to_addr, "bob@example.org");
	assert_int_equal(store_mail_done(f->st, got.id, false, "550 no such user", 7000, true), 0);
	assert_int_equal(store_mail_claim(f->st, 99999, 300, &m, &have), 0);
	assert_false(have);
	assert_int_equal(store_mail_counts(f->st, counts), 0);
	assert_int_equal(counts[MAIL_QUEUED], 0);
	assert_int_equal(counts[MAIL_SENT], 1);
	assert_int_equal(counts[MAIL_FAILED], 1);
	assert_int_equal(store_mail_list(f->st, MAIL_FAILED, 10, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].last_error, "550 no such user");
	assert_non_null(list[0].sent_at);
	assert_string_equal(list[0].sent_at, "");
	mail_free_list(list, n);
	/* Queued again by an admin. */
	assert_int_equal(store_mail_retry(f->st, got.id, 8000), 0);
	assert_int_equal(store_mail_retry(f->st, got.id, 8000), APP_ENOTFOUND);
	mail_cleanup(&got);
	assert_int_equal(store_mail_claim(f->st, 8000, 300, &got, &have), 0);
	assert_true(have);
	assert_string_equal(got.to_addr, "bob@example.org");
	mail_cleanup(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(remind_days),
		cmocka_unit_test(html_part),
		cmocka_unit_test_setup_teardown(outbox, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
