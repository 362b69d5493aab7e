/* app_search.h - full-text search over the reports' answers, for the
 * caller: only answers the caller may read are found, counted and paged
 * (the rules of the report pages: policy_can_read on the report, then
 * policy_can_read_section on the answer's section). A draft outside the
 * caller's partnership, or a confidential answer outside its audience,
 * changes nothing in what a search answers. */
#ifndef S3PM_APP_SEARCH_H
#define S3PM_APP_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

#define APP_SEARCH_PAGE 20   /* results a page */
#define APP_SEARCH_CAP 2000  /* results counted at most ("more than") */

struct app_search_query {
	const char *q;        /* the user's words */
	const char *platform; /* NULL or "": any */
	const char *period;   /* NULL or "": any */
	const char *question; /* a question id; NULL or "": any */
	size_t page;          /* from 1 */
};

struct app_search_item {
	char *slug, *name, *platform; /* the partnership's */
	char period[8];
	enum report_status status;
	char *question;       /* its id: the report page's anchor is "q-" ID */
	char *label;          /* the question's label in the report's form */
	char *snippet;        /* the answer around the match: matching words between
			       * the bytes 0x02 and 0x03, no markup */
};

struct app_search_result {
	size_t nwords;        /* words searched for; 0: the query had none */
	struct app_search_item *v;
	size_t n;
	size_t total;         /* readable results, at most APP_SEARCH_CAP */
	bool more;            /* more than APP_SEARCH_CAP */
	size_t page, pages;   /* page shown (from 1), pages in all */
};
void app_search_result_cleanup(struct app_search_result *r);

/* Searches for what a may read. A query without a word is no error: an
 * empty result (nwords 0). 0, APP_ENOMEM or a store error. */
int app_search(struct app *app, const struct actor *a, const struct app_search_query *q,
	       struct app_search_result *out);

/* Indexes every report whose latest revision is not indexed yet (those
 * stored before the index existed, or saved without it); *count (may be
 * NULL) gets how many. Safe to run while the server writes. */
int app_search_reindex(struct app *app, size_t *count);
/* Merges the index into one piece (store_search_optimize), as after
 * writing many reports at once (app_search_reindex does it past
 * APP_SEARCH_OPTIMIZE_AT reports; s3pm reindex and s3pm demo always). */
int app_search_optimize(struct app *app);
#define APP_SEARCH_OPTIMIZE_AT 100

#endif
