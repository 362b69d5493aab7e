/* app_import.h - importing a report read from a file (the operator's). */
#ifndef S3PM_APP_IMPORT_H
#define S3PM_APP_IMPORT_H

#include <jansson.h>

#include "app.h"

struct app_import {
	const char *file;          /* for the audit entry */
	json_t *doc;               /* the canonical report document (borrowed) */
	const struct form *form;   /* its form */
	enum report_status status; /* the status to give it */
	const char *platform;      /* for a new partnership; NULL: none */
	const char *slug;
	const char *name;
	char period[8];
	/* Out: */
	char msg[APP_MSG_MAX];     /* what went wrong */
	int64_t report_id;
	bool created_partnership;
	int64_t by;                /* set from the actor */
	const struct nuts *nuts;   /* set from the application, for the figures */
};

/* Imports j in one transaction (administrators and the operator). */
int app_report_import(struct app *app, const struct actor *a, struct app_import *j);

#endif
