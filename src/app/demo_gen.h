/* demo_gen.h - the demo portfolio's generator (s3pm demo): a small
 * deterministic random number generator, the vocabulary, and one
 * partnership's profile and reports built from them. Pure functions of
 * the seed, the NUTS registry and the form: nothing here touches the store.
 * Shared inside the application layer only (app_demo.c). */
#ifndef S3PM_DEMO_GEN_H
#define S3PM_DEMO_GEN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "nuts.h"
#include "period.h"

/* splitmix64: a seed and a counter, so that streams are cheap to derive. */
struct demo_rng {
	uint64_t s;
};

void demo_rng_seed(struct demo_rng *r, uint64_t seed, uint64_t stream);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n) (n > 0). */
unsigned demo_rng_below(struct demo_rng *r, unsigned n);
/* True with probability pct / 100. */
int demo_rng_pct(struct demo_rng *r, unsigned pct);

/* The regions the generator draws from, level 1 to 3 of each NUTS
 * version, in three groups. Borrowed pointers into the registry. */
enum demo_group { DEMO_EU14, DEMO_EU13, DEMO_NONEU, DEMO_NGROUPS };
struct demo_pool {
	const struct nuts *nuts;
	const struct nuts_region **r[NUTS_NVERSIONS][DEMO_NGROUPS];
	size_t n[NUTS_NVERSIONS][DEMO_NGROUPS];
};

/* Fills pool from nuts; APP_ENOMEM, or APP_ENOTFOUND when a version has
 * no regions of a group. demo_pool_cleanup frees the arrays. */
int demo_pool_init(struct demo_pool *pool, const struct nuts *nuts);
void demo_pool_cleanup(struct demo_pool *pool);

#define DEMO_MAX_REGIONS 24

/* One partnership as the generator imagines it. Strings are malloc'd
 * (demo_profile_cleanup). */
struct demo_profile {
	char *name;
	int platform;                /* index into platform_names */
	int theme;                   /* index into the platform's themes */
	char *start_date;            /* as written, e.g. "Spring 2018" */
	int start_year, start_half;  /* the first half-year it reports on */
	int nuts_version;            /* the version its regions were taken from */
	int updates_codes;           /* writes the codes of each period's version */
	size_t nregions;
	const struct nuts_region *region[DEMO_MAX_REGIONS];
	char misspelt[DEMO_MAX_REGIONS]; /* the name written with a typo */
	char nocode[DEMO_MAX_REGIONS];   /* written without its code */
};

/* The profile of partnership number idx (from 0), its name made unique by
 * the caller (demo_profile_rename). first: the oldest of the portfolio's
 * nperiods periods. 0 or APP_ENOMEM (p cleaned up by the caller). */
int demo_profile_make(const struct demo_pool *pool, uint64_t seed, size_t idx, struct period first,
		      unsigned nperiods, struct demo_profile *p);
/* Names p "base N" (to make its URL name unique). 0 or APP_ENOMEM. */
int demo_profile_rename(struct demo_profile *p, const char *base, unsigned n);
void demo_profile_cleanup(struct demo_profile *p);

/* A new report document (not yet canonical) of profile p for period per,
 * the k-th period it reports on (from 0), in status st. rng: the report's
 * own stream. NULL on OOM. */
json_t *demo_report_doc(const struct demo_pool *pool, const struct demo_profile *p, struct period per,
			unsigned k, enum report_status st, struct demo_rng *rng);

/* A decision's rationale and conditions (malloc'd; conditions "" unless
 * with_conditions). 0 or APP_ENOMEM. */
int demo_decision_texts(const struct demo_profile *p, int with_conditions, struct demo_rng *rng,
			char **rationale, char **conditions);

#endif
