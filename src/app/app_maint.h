/* app_maint.h - the server's housekeeping thread (app_maint.c). */
#ifndef S3PM_APP_MAINT_H
#define S3PM_APP_MAINT_H

#include "app.h"

/* Thresholds of the search index's merge: at least min_writes reports
 * indexed by this process since the last merge, and either no index
 * write for quiet_s seconds or force_writes of them; looked at every
 * check_s seconds. */
struct app_maint_config {
	unsigned check_s, quiet_s;
	unsigned long min_writes, force_writes;
};
#define APP_MAINT_DEFAULTS {30, 60, 200, 5000}

struct app_maint;
/* Starts the thread on app (which must outlive it): 0, or APP_ENOMEM /
 * APP_EINTERNAL when it cannot start (serve goes on without it). */
int app_maint_start(struct app *app, const struct app_maint_config *cfg, struct app_maint **out);
/* Stops and joins it (NULL: nothing). */
void app_maint_stop(struct app_maint *m);

#endif
