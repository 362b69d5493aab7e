/* ctx.h - the report a URL names (/p/:slug[/:period]), opened through the
 * application layer as the request's user may see it. */
#ifndef S3PM_CTX_H
#define S3PM_CTX_H

#include "app_report.h"
#include "web.h"

/* The actor of a request: the logged-in user's role and partnership, or the
 * public. */
struct actor ctx_actor(const struct req *rq);

/* app_report_open for the route's params[0] (slug) and params[1] (period,
 * when the route has one). */
int ctx_load(struct req *rq, struct report_view *c);
/* The same for a slug and a period given by the caller (period NULL: the
 * partnership alone). */
int ctx_load_at(struct req *rq, const char *slug, const char *period, struct report_view *c);

#endif
