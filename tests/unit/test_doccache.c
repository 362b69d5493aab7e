/* test_doccache.c - kept canonical documents: found only for the same report, revision and form, shared read-only, also from several threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doccache.h"
#include "reader_text.h"
#include "report.h"
#include "testutil.h"

#define FORM_ID "s3-monitoring-2020"

/* The sample report read from its text export: tables, regions, likert,
 * groups and unmapped lines, canonical. */
static json_t *
sample_doc(struct form **f)
{
	struct app_msg msg = {{0}};
	json_t *doc = NULL;
	size_t len = 0;
	char *seed = tu_read("S3PM_SAMPLES_DIR", TU_SEED, &len);

	*f = tu_form();
	assert_int_equal(reader_text(*f, seed, len, "seed.txt", &doc, NULL, &msg), 0);
	free(seed);
	return doc;
}

static void
hit_only_for_the_same_revision(void **state)
{
	struct doccache *dc = doccache_new(4, 1u << 20);
	struct form *f = NULL;
	json_t *doc = sample_doc(&f), *got, *again;
	char *text = report_dump(doc);

	(void)state;
	assert_non_null(dc);
	assert_non_null(text);
	assert_null(doccache_get(dc, 7, 1, FORM_ID));
	doccache_put(dc, 7, 1, FORM_ID, strlen(text), doc);
	/* put keeps a copy: changing the caller's document changes nothing
	 * kept. */
	got = doccache_get(dc, 7, 1, FORM_ID);
	assert_non_null(got);
	assert_true(got != doc);
	assert_true(json_equal(got, doc));
	again = json_deep_copy(doc);
	json_object_set_new(report_answers(doc), "executive_summary", json_string("changed"));
	json_decref(got);
	got = doccache_get(dc, 7, 1, FORM_ID);
	assert_true(json_equal(got, again));
	/* Gets share the kept document (read-only). */
	{
		json_t *second = doccache_get(dc, 7, 1, FORM_ID);

		assert_true(second == got);
		json_decref(second);
	}
	json_decref(again);
	json_decref(got);
	/* Another revision, form or report: no answer. */
	assert_null(doccache_get(dc, 7, 2, FORM_ID));
	assert_null(doccache_get(dc, 7, 1, "another-form"));
	assert_null(doccache_get(dc, 8, 1, FORM_ID));
	/* The next revision replaces it. */
	doccache_put(dc, 7, 2, FORM_ID, strlen(text), doc);
	assert_null(doccache_get(dc, 7, 1, FORM_ID));
	json_decref(doccache_get(dc, 7, 2, FORM_ID));
	/* Report 11 shares report 7's slot (11 % 4 == 7 % 4) and takes it. */
	assert_null(doccache_get(dc, 11, 2, FORM_ID));
	doccache_put(dc, 11, 2, FORM_ID, strlen(text), doc);
	assert_null(doccache_get(dc, 7, 2, FORM_ID));
	got = doccache_get(dc, 11, 2, FORM_ID);
	assert_non_null(got);
	json_decref(got);
	json_decref(doc);
	free(text);
	form_free(f);
	doccache_free(dc);
}

static void
limits_and_null(void **state)
{
	struct doccache *dc = doccache_new(2, 16);
	json_t *doc = json_pack("{s:s, s:{}, s:[]}", "form", FORM_ID, "answers", "unmapped");

	(void)state;
	assert_null(doccache_new(0, 100));
	/* A stored text longer than max_text: not kept. */
	doccache_put(dc, 1, 1, FORM_ID, 17, doc);
	assert_null(doccache_get(dc, 1, 1, FORM_ID));
	doccache_put(dc, 1, 1, FORM_ID, 16, doc);
	json_decref(doccache_get(dc, 1, 1, FORM_ID));
	/* No cache, no id, no revision, no form: nothing, no crash. */
	assert_null(doccache_get(NULL, 1, 1, FORM_ID));
	doccache_put(NULL, 1, 1, FORM_ID, 2, doc);
	doccache_put(dc, 0, 1, FORM_ID, 2, doc);
	doccache_put(dc, 2, 0, FORM_ID, 2, doc);
	assert_null(doccache_get(dc, 0, 1, FORM_ID));
	assert_null(doccache_get(dc, 2, 0, FORM_ID));
	assert_null(doccache_get(dc, 1, 1, NULL));
	doccache_free(NULL);
	doccache_free(dc);
	json_decref(doc);
}

/* What a save puts in for the text it wrote is what reading that text
 * gives: the canonical document reads back unchanged. */
static void
canonical_reads_back(void **state)
{
	struct app_msg msg = {{0}};
	struct form *f = NULL;
	json_t *doc = sample_doc(&f), *root = NULL, *back = NULL;
	char *text = report_dump(doc), *text2;

	(void)state;
	assert_int_equal(report_parse_json(text, strlen(text), "t", &root, &msg), 0);
	assert_int_equal(report_canonical(f, root, "t", &back, &msg), 0);
	assert_true(json_equal(back, doc));
	text2 = report_dump(back);
	assert_string_equal(text, text2);
	free(text2);
	free(text);
	json_decref(root);
	json_decref(back);
	json_decref(doc);
	form_free(f);
}

struct worker {
	struct doccache *dc;
	json_t *doc;
	const char *text;
	int id;
	int hits;
	bool keep; /* doccache_keep instead of doccache_put */
};

static void *
worker(void *arg)
{
	struct worker *w = arg;
	json_t *got;
	int i;

	for (i = 0; i < 300; i++) {
		/* Two threads per report: one writes while the other reads. */
		int64_t report = 1 + (w->id + i) % 3;

		if ((i + w->id) % 2 == 0) {
			if (w->keep)
				doccache_keep(w->dc, report, 1, FORM_ID, strlen(w->text), w->doc);
			else
				doccache_put(w->dc, report, 1, FORM_ID, strlen(w->text), w->doc);
		} else if ((got = doccache_get(w->dc, report, 1, FORM_ID)) != NULL) {
			if (json_equal(got, w->doc))
				w->hits++;
			json_decref(got);
		}
	}
	return NULL;
}

static void
run_threads(bool keep)
{
	struct doccache *dc = doccache_new(2, 1u << 20);
	struct form *f = NULL;
	json_t *doc = sample_doc(&f), *copies[4];
	char *text = report_dump(doc);
	struct worker w[4];
	pthread_t t[4];
	int i, hits = 0;

	for (i = 0; i < 4; i++) {
		/* Each thread its own json_t: jansson values are not shared. */
		copies[i] = json_deep_copy(doc);
		w[i] = (struct worker){dc, copies[i], text, i, 0, keep};
		assert_int_equal(pthread_create(&t[i], NULL, worker, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		hits += w[i].hits;
		json_decref(copies[i]);
	}
	assert_true(hits > 0);
	doccache_free(dc);
	json_decref(doc);
	free(text);
	form_free(f);
}

static void
threads(void **state)
{
	(void)state;
	run_threads(false);
}

/* Kept documents are read by their thread while others copy them. */
static void
threads_keeping(void **state)
{
	(void)state;
	run_threads(true);
}

/* doccache_keep holds the document itself, which outlives the caller's
 * reference; gets hand out references to it. */
static void
kept_without_copy(void **state)
{
	struct doccache *dc = doccache_new(4, 1u << 20);
	struct form *f = NULL;
	json_t *doc = sample_doc(&f), *ref = json_deep_copy(doc), *got;
	char *text = report_dump(doc);

	(void)state;
	assert_non_null(ref);
	assert_int_equal(doc->refcount, 1);
	doccache_keep(dc, 3, 1, FORM_ID, strlen(text), doc);
	assert_int_equal(doc->refcount, 2); /* the same json_t, not a copy */
	json_decref(doc);                    /* the caller is done with it */
	got = doccache_get(dc, 3, 1, FORM_ID);
	assert_non_null(got);
	assert_true(got == doc);
	assert_int_equal(got->refcount, 2); /* the cache's and ours */
	assert_true(json_equal(got, ref));
	json_decref(got);
	/* The limits of doccache_put hold. */
	doccache_keep(NULL, 3, 1, FORM_ID, strlen(text), ref);
	doccache_keep(dc, 0, 1, FORM_ID, strlen(text), ref);
	doccache_keep(dc, 3, 1, FORM_ID, strlen(text), NULL);
	assert_int_equal(ref->refcount, 1);
	doccache_free(dc); /* frees the kept document: ASan sees a leak or a double free */
	json_decref(ref);
	free(text);
	form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hit_only_for_the_same_revision),
		cmocka_unit_test(limits_and_null),
		cmocka_unit_test(canonical_reads_back),
		cmocka_unit_test(threads),
		cmocka_unit_test(threads_keeping),
		cmocka_unit_test(kept_without_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
