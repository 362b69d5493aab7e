/* ctx.c - the report a URL names, opened as the request's user may see it. */
#include "ctx.h"

#include <string.h>

struct actor
ctx_actor(const struct req *rq)
{
	return app_actor(rq != NULL ? rq->user : NULL);
}

int
ctx_load_at(struct req *rq, const char *slug, const char *period, struct report_view *c)
{
	struct actor a = ctx_actor(rq);

	return app_report_open(rq->app, &a, slug, period, c);
}

int
ctx_load(struct req *rq, struct report_view *c)
{
	const char *slug = rq->nparams > 0 ? rq->params[0] : NULL;
	const char *period = rq->nparams > 1 ? rq->params[1] : NULL;

	if (rq->nparams > 1 && period == NULL) {
		memset(c, 0, sizeof(*c));
		return APP_ENOTFOUND;
	}
	return ctx_load_at(rq, slug, period, c);
}
