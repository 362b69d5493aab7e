/* app_portfolio.h - the portfolio's figures over all partnerships, as one
 * caller may know them: the reporting status of each partnership in each
 * period, the SDG levels, events by month and indicators per period. Each
 * report counts only when policy_can_read lets the caller read it; a
 * report the caller may not read counts exactly like no report (a draft of
 * another partnership, for the public anything not published): it makes no
 * column, no cell status, no number. Its cell then says what the caller
 * knows: nothing, or "overdue" once the deadline has passed (the rule of
 * the periods table, app_period_rows: deadline passed and no report the
 * caller may read was submitted). So the public sees "overdue" for a
 * report that waits for review, as on the partnership's own page: true
 * for what the public may know, and no sign of what it may not.
 *
 * The result is plain data (no markup, no store types), for the page and
 * for JSON (app_portfolio_json). */
#ifndef S3PM_APP_PORTFOLIO_H
#define S3PM_APP_PORTFOLIO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "report_facts.h"

#define PF_LEVELS 10 /* SDG levels at most (the form's scale); index PF_LEVELS: no answer */

/* The filters (NULL or "": any). platform: one of platform_names, or
 * "none" for partnerships without one; partnership: a slug; from, to:
 * half-years "2020-H1"; period: a half-year, the same as from = to = it. */
struct app_portfolio_query {
	const char *platform, *partnership, *from, *to, *period;
	const char *today; /* "YYYY-MM-DD"; NULL: the clock's */
};

struct pf_partnership {
	int64_t id;
	char *slug, *name, *platform;
	/* The SDG levels of its newest report in the periods shown that the
	 * caller may read and that has figures ('0' + level index, '-' no
	 * answer); "" when there is none. */
	char sdg[REPORT_FACTS_GOALS + 1];
	char sdg_period[8];
};

/* One partnership in one period, as the caller may see it. */
struct pf_cell {
	bool has_report;            /* a report the caller may read */
	enum report_status status;  /* its status when has_report */
	bool overdue;               /* deadline passed, no readable report submitted */
	bool on_time;               /* readable, submitted (not draft or returned) and
				     * first submitted on or before the deadline */
};

struct pf_period {
	char period[8];
	char deadline[11];          /* "" when none is set */
	bool past;                  /* the deadline has passed */
	int reports;                /* readable reports */
	int by_status[5];           /* of them, per enum report_status */
	int on_time, overdue;       /* cells */
	/* Indicators over the readable reports with figures (counted): */
	int counted;
	int regions, countries, eu13, non_eu, events_held, events_planned, outreach;
};

struct pf_month {
	char month[8];              /* "YYYY-MM" */
	int held, planned;
};

struct app_portfolio {
	/* The filters as applied ("" for any). */
	char platform[32], partnership[101], from[8], to[8];
	char today[11];
	struct pf_choice {          /* every partnership (for a filter's choices), by name */
		char *slug, *name;
	} *all;
	size_t nall;
	struct pf_partnership *p;   /* the partnerships selected, by name */
	size_t np;
	struct pf_period *per;      /* oldest first: the periods set and those of
				     * readable reports */
	size_t nper;
	struct pf_cell *cell;       /* cell[i * nper + j]: partnership i, period j */
	/* SDG: the scale's labels (borrowed from app->form), and per goal the
	 * partnerships at each level ([PF_LEVELS]: no answer, or no report). */
	const char *level[PF_LEVELS];
	size_t nlevel;
	int sdg_total[REPORT_FACTS_GOALS][PF_LEVELS + 1];
	const char *goal[REPORT_FACTS_GOALS]; /* the goals' labels (borrowed), or NULL */
	struct pf_month *month;     /* events of readable reports by month, oldest first */
	size_t nmonth;
	int events_undated;         /* events whose date names no month */
	size_t reports;             /* readable reports in all */
	/* After APP_EINPUT, the one member set: the filter at fault, as the
	 * query names it ("platform", "partnership", "period", "from", "to";
	 * a string literal). NULL otherwise. */
	const char *bad_filter;
};
void app_portfolio_cleanup(struct app_portfolio *pf);

/* The portfolio for a. APP_EINPUT (msg says which filter and why,
 * out->bad_filter names it) for an unknown platform or partnership, a
 * malformed period, a period with a different range, or from after to;
 * APP_ENOMEM; a store error. *out is cleaned up on failure (but for
 * bad_filter). */
int app_portfolio(struct app *app, const struct actor *a, const struct app_portfolio_query *q,
		  struct app_portfolio *out, struct app_msg *msg);

/* The portfolio as JSON (a new reference; NULL on OOM). */
json_t *app_portfolio_json(const struct app_portfolio *pf);
/* The same with only the partnerships [first, first + n) of pf->p in
 * "partnerships" (fewer past the end); every other member still counts
 * every partnership selected. */
json_t *app_portfolio_json_rows(const struct app_portfolio *pf, size_t first, size_t n);

#endif
