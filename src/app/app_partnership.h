/* app_partnership.h - partnerships as each caller may see them: the list by
 * platform, a partnership's page (facts, reporting periods, decisions,
 * members), and their administration. Reporting periods too. */
#ifndef S3PM_APP_PARTNERSHIP_H
#define S3PM_APP_PARTNERSHIP_H

#include "app.h"

/* A partnership in the list: its record and its newest published period
 * ("" when none). */
struct partnership_item {
	struct partnership p;
	char latest[8];
};
void partnership_item_free_list(struct partnership_item *v, size_t n);
/* Every partnership, by platform then name (the same list for everybody:
 * names and published periods are public). */
int app_partnership_list(struct app *app, const struct actor *a, struct partnership_item **out,
			 size_t *n);

/* One row of a partnership's reporting periods, as the caller may see it. */
struct period_item {
	char period[8];
	char deadline[11];   /* "" when the period has no deadline set */
	bool has_report;     /* a report the caller may read */
	enum report_status status;
	bool overdue;        /* deadline past, and no report submitted (as the caller sees it) */
	bool can_start;      /* the caller may start it */
	bool can_edit;
};

/* A partnership's page. */
struct partnership_view {
	struct partnership p;     /* name, slug, platform; the facts below replace the record's */
	char latest[8];           /* newest published period, "" when none */
	/* Facts from the latest published report only ("" / NULL when none). */
	char *start_date, *webpage, *leading_regions;
	char *participating_regions; /* JSON array text or NULL */
	char (*published)[8];     /* every published period, newest first (public) */
	size_t npublished;
	bool can_follow;          /* the partnership, the committee, the Commission, admins */
	bool can_decide;
	bool can_manage_members;
	struct period_item *periods; /* when can_follow; newest first */
	size_t nperiods;
	struct decision *decisions;  /* when can_follow; newest first */
	size_t ndecisions;
};
void partnership_view_cleanup(struct partnership_view *v);
/* APP_ENOTFOUND for an unknown slug. today: "YYYY-MM-DD" (NULL: the
 * clock's). */
int app_partnership_view(struct app *app, const struct actor *a, const char *slug,
			 const char *today, struct partnership_view *out);

/* The partnership of id (names are public). */
int app_partnership_by_id(struct app *app, int64_t id, struct partnership *out);
int app_partnership_by_slug(struct app *app, const char *slug, struct partnership *out);

/* Creates a partnership (admins and the operator). p->id is set. */
int app_partnership_create(struct app *app, const struct actor *a, struct partnership *p,
			   struct app_msg *msg);

/* Changes a partnership's name and platform (found by p->slug; the facts
 * shown to the public come from its published reports): administrators
 * and the operator. */
int app_partnership_update(struct app *app, const struct actor *a, const char *slug,
			   const char *name, const char *platform, struct app_msg *msg);

/* Creates a reporting period or sets its deadline (admins and the
 * operator). */
int app_period_set(struct app *app, const struct actor *a, const char *period, const char *deadline,
		   struct app_msg *msg);
/* Every period, oldest first (public). free() the array. */
int app_period_list(struct app *app, struct period_row **out, size_t *n);

/* The audit log, newest first (admins and the operator): object NULL = all. */
int app_audit_list(struct app *app, const struct actor *a, const char *object, size_t limit,
		   struct audit_entry **out, size_t *n);

#endif
