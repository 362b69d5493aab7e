/* app_export.h - every report the caller may read, with filters, as the
 * caller may see it: for the PDF folder export and the spreadsheets. */
#ifndef S3PM_APP_EXPORT_H
#define S3PM_APP_EXPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"

struct export_filter {
	const char *platform; /* exact platform name, or NULL */
	const char *period;   /* "2020-H1", or NULL */
	const char *slug;     /* one partnership, or NULL */
};

struct export_item {
	char *slug, *partnership, *platform;
	char period[8];
	enum report_status status;
	char *updated_at;          /* "YYYY-MM-DD HH:MM:SS" */
	const struct form *form;   /* the report's form (owned by the set) */
	json_t *doc;               /* canonical, cut to the sections the caller reads (owned) */
	bool confidential;         /* the caller reads the confidential sections */
};

struct export_set {
	struct export_item *v;
	size_t n;
	/* private: the forms loaded for reports on older forms */
	struct form **forms;
	size_t nforms;
};

/* The reports the caller a may read, partnership by partnership (by name)
 * and period by period, filtered. APP_EINPUT with a message for a
 * malformed period; an unknown slug or platform simply matches nothing. */
int app_export_reports(struct app *app, const struct actor *a, const struct export_filter *f,
		       struct export_set *out, struct app_msg *msg);
void export_set_cleanup(struct export_set *s);

#endif
