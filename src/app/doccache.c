/* doccache.c - canonical report documents by report and revision: one
 * slot per report id (modulo the slot count) under one lock. */
#include "doccache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	int64_t report_id; /* 0: empty */
	int revision;
	char *form_id;
	json_t *doc; /* never changed: shared with every caller that got it */
};

struct doccache {
	pthread_mutex_t mu;
	struct slot *v;
	size_t n;
	size_t max_text;
};

struct doccache *
doccache_new(size_t slots, size_t max_text)
{
	struct doccache *dc;

	if (slots == 0)
		return NULL;
	dc = calloc(1, sizeof(*dc));
	if (dc == NULL)
		return NULL;
	dc->v = calloc(slots, sizeof(*dc->v));
	if (dc->v == NULL || pthread_mutex_init(&dc->mu, NULL) != 0) {
		free(dc->v);
		free(dc);
		return NULL;
	}
	dc->n = slots;
	dc->max_text = max_text;
	return dc;
}

static void
slot_cleanup(struct slot *s)
{
	free(s->form_id);
	json_decref(s->doc);
	memset(s, 0, sizeof(*s));
}

void
doccache_free(struct doccache *dc)
{
	size_t i;

	if (dc == NULL)
		return;
	for (i = 0; i < dc->n; i++)
		slot_cleanup(&dc->v[i]);
	pthread_mutex_destroy(&dc->mu);
	free(dc->v);
	free(dc);
}

static struct slot *
slot_of(struct doccache *dc, int64_t report_id)
{
	return &dc->v[(uint64_t)report_id % dc->n];
}

json_t *
doccache_get(struct doccache *dc, int64_t report_id, int revision, const char *form_id)
{
	struct slot *s;
	json_t *doc = NULL;

	if (dc == NULL || report_id <= 0 || revision <= 0 || form_id == NULL)
		return NULL;
	pthread_mutex_lock(&dc->mu);
	s = slot_of(dc, report_id);
	if (s->report_id == report_id && s->revision == revision && strcmp(s->form_id, form_id) == 0)
		doc = json_incref(s->doc);
	pthread_mutex_unlock(&dc->mu);
	return doc;
}

static void
put(struct doccache *dc, int64_t report_id, int revision, const char *form_id, size_t text_len,
    json_t *doc, bool copy)
{
	struct slot fresh = {0}, *s;

	if (dc == NULL || report_id <= 0 || revision <= 0 || form_id == NULL || doc == NULL ||
	    text_len > dc->max_text)
		return;
	/* Copies made outside the lock; the old entry is freed outside too. */
	fresh.report_id = report_id;
	fresh.revision = revision;
	fresh.form_id = strdup(form_id);
	fresh.doc = copy ? json_deep_copy(doc) : json_incref(doc);
	if (fresh.form_id == NULL || fresh.doc == NULL) {
		slot_cleanup(&fresh);
		return;
	}
	pthread_mutex_lock(&dc->mu);
	s = slot_of(dc, report_id);
	{
		struct slot old = *s;

		*s = fresh;
		fresh = old;
	}
	pthread_mutex_unlock(&dc->mu);
	slot_cleanup(&fresh);
}

void
doccache_put(struct doccache *dc, int64_t report_id, int revision, const char *form_id,
	     size_t text_len, json_t *doc)
{
	put(dc, report_id, revision, form_id, text_len, doc, true);
}

void
doccache_keep(struct doccache *dc, int64_t report_id, int revision, const char *form_id,
	      size_t text_len, json_t *doc)
{
	put(dc, report_id, revision, form_id, text_len, doc, false);
}
