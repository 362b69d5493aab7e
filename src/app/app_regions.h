/* app_regions.h - where the partnerships work, for the caller: partnerships
 * per NUTS 2 region (of REPORT_FACTS_NUTS) and per country for the map, and
 * one region's partnerships with their roles and periods. Only reports the
 * caller may read count (policy_can_read): the public sees published
 * reports only, and a draft of another partnership counts as no report. */
#ifndef S3PM_APP_REGIONS_H
#define S3PM_APP_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* Which reports the map counts; NULL or "": any. By default each
 * partnership's newest report the caller may read. */
struct app_map_filter {
	const char *platform;    /* one of platform_names */
	const char *period;      /* "YYYY-Hn": that period's reports */
	const char *partnership; /* a slug: that partnership only */
};

struct app_map_region {
	char code[5];
	char country[3];
	int count;      /* partnerships naming the region */
	int lead;       /* of which as a leading region */
};

struct app_map_country {
	char country[3];
	int count;      /* partnerships with a region in the country */
};

struct app_map_data {
	size_t reports;                /* reports counted, one a partnership */
	struct app_map_region *region; /* regions with a count, sorted by code */
	size_t nregion;
	struct app_map_country *country; /* sorted by country code */
	size_t ncountry;
	int max;                       /* the largest region count */
};
void app_map_data_cleanup(struct app_map_data *m);

/* The counts for a. APP_EINPUT (msg says which) for a malformed period,
 * an unknown platform or a malformed partnership slug; 0 otherwise (an
 * unknown partnership counts nothing). */
int app_map_counts(struct app *app, const struct actor *a, const struct app_map_filter *f,
		   struct app_map_data *out, struct app_msg *msg);

/* Every partnership (names and short names are public), by platform then
 * name, for the filter's choice: *out, partnership_free_list. Unlike
 * app_partnership_list it reads no report. */
int app_map_partnerships(struct app *app, const struct actor *a, struct partnership **out, size_t *n);

/* The count of code in m, or NULL. */
const struct app_map_region *app_map_find(const struct app_map_data *m, const char *code);

/* One period in which a partnership names the region. */
struct app_region_period {
	char period[8];
	enum report_status status;
	bool lead;
};

struct app_region_partnership {
	char *slug, *name, *platform;
	bool lead;                         /* leading in the newest period listed */
	struct app_region_period *period;  /* newest first */
	size_t nperiod;
};

#define APP_REGION_CANDIDATES 16

struct app_region {
	char code[8];                 /* the region's code in REPORT_FACTS_NUTS; "" when
				       * the code asked for is of another version */
	const char *name;             /* its NUTS name (nuts_label); borrowed */
	const char *english;          /* its English name when the names table has
				       * one that differs, else NULL; borrowed */
	char country[3];
	const char *country_name;     /* English; may be NULL; borrowed */
	bool eu13;
	struct app_region_partnership *p; /* by name */
	size_t np;
	/* A code of another version: the version it was found in and the
	 * codes of REPORT_FACTS_NUTS it stands for (borrowed from the NUTS
	 * registry). */
	int from;
	const char *candidate[APP_REGION_CANDIDATES];
	size_t ncandidate;
};
void app_region_cleanup(struct app_region *r);

/* Region code for a: a NUTS 2 code of REPORT_FACTS_NUTS fills the
 * region's partnerships (those with a report a may read naming it); a
 * NUTS 2 code of another version fills only from and candidate (code
 * ""). APP_ENOTFOUND when code is neither (or no NUTS data is loaded). */
int app_region(struct app *app, const struct actor *a, const char *code, struct app_region *out,
	       struct app_msg *msg);

/* The name to show for a region of REPORT_FACTS_NUTS: its English name
 * when the names table has one, else its NUTS name; NULL when unknown.
 * Borrowed. */
const char *app_region_name(const struct app *app, const char *code);

#endif
