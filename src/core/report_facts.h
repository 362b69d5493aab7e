/* report_facts.h - the figures the portfolio counts, taken from one report
 * document: each SDG goal's level, the participating regions as NUTS 2
 * regions of one version (for the map), countries, EU13 and non-EU
 * regions, events held and planned by month, outreach items.
 *
 * Facts come from public sections only (header, management, progress,
 * SDGs): they hold nothing confidential. Whether a caller may see a report's
 * facts at all is still the application's question (a draft's are its
 * partnership's only). */
#ifndef S3PM_REPORT_FACTS_H
#define S3PM_REPORT_FACTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "form.h"
#include "nuts.h"

#define REPORT_FACTS_GOALS 17
/* The NUTS version the map and the region pages are drawn in: every region
 * a report names in another version is carried over to it. */
#define REPORT_FACTS_NUTS 2021

struct report_fact_region {
	char code[8];    /* a NUTS 2 code of REPORT_FACTS_NUTS */
	char country[3]; /* its NUTS prefix */
	bool lead;       /* also named among the leading regions */
};

struct report_fact_month {
	char month[8];   /* "YYYY-MM" */
	int held;        /* events of the past-events table in that month */
	int planned;     /* events of the planned-events table */
};

struct report_facts {
	/* Per goal 1..17: '0' + the index of the chosen level in the SDG
	 * question's scale (0 = its first, "Strongly agree"), '-' when not
	 * answered or answered with a value the scale does not have. */
	char sdg[REPORT_FACTS_GOALS + 1];
	int regions;        /* entries in the participating regions */
	int countries;      /* distinct countries among them */
	int eu13;           /* entries in the 13 Member States that joined from 2004 */
	int non_eu;         /* entries in a known country outside the EU (the
			     * United Kingdom from 2020) */
	int unplaced;       /* entries with no NUTS 2 region found */
	int events_held, events_planned;
	int events_undated; /* events (either table) whose date names no month of a year */
	int outreach;       /* outreach items: listed lines of the outreach answer,
			     * else its paragraphs */
	struct report_fact_region *region; /* distinct codes, sorted */
	size_t nregion;
	struct report_fact_month *month;   /* sorted by month */
	size_t nmonth;
};

/* The facts of doc (a canonical report document of form f) for the period
 * "YYYY-Hn" it reports on; n may be NULL (then no region is placed). 0,
 * APP_EINPUT for a bad period, APP_ENOMEM. *out is cleaned up first. */
int report_facts_of(const struct form *f, const struct nuts *n, const char *period, json_t *doc,
		    struct report_facts *out);
void report_facts_cleanup(struct report_facts *r);

/* True when cc (a NUTS prefix) is one of the EU13 Member States. */
bool report_facts_eu13(const char *cc);
/* True when cc is a Member State of the EU in year (the UK up to 2019). */
bool report_facts_eu(const char *cc, int year);

#endif
