/* ctx.h - what the report pages share: the actor behind the request, and
 * the partnership, report and form named by a URL like /p/:slug/:period. */
#ifndef S3PM_CTX_H
#define S3PM_CTX_H

#include <jansson.h>

#include "policy.h"
#include "web.h"

/* The actor of a request: the logged-in user's role and partnership, or the
 * public. */
struct actor ctx_actor(const struct req *rq);

struct rctx {
	struct partnership p;       /* always loaded */
	bool have_report;
	struct report_row r;        /* when have_report */
	enum report_status status;  /* of r (REPORT_DRAFT when none) */
	struct form *form;          /* the report's form; rq->app->form when it is that one (then not owned) */
	bool own_form;
	json_t *doc;                /* r.doc parsed (canonical), or NULL */
	struct actor actor;
	char period[8];             /* validated "YYYY-H1|H2" */
};

/* Loads the partnership of params[0] and, when the route has a period
 * (params[1]), that period's report if any. APP_ENOTFOUND for an unknown
 * slug or a malformed period, and also when the report exists but the
 * actor may not know it (a draft of another partnership): callers cannot
 * leak it by accident. */
int ctx_load(struct req *rq, struct rctx *c);
/* The same for a slug and a period given by the caller (period NULL: the
 * partnership alone, c->form the app's form). */
int ctx_load_at(struct req *rq, const char *slug, const char *period, struct rctx *c);
void ctx_cleanup(struct rctx *c);

/* May the actor read section i of c->form (policy_can_read_section)? False
 * for every section when there is no report. */
bool ctx_can_read_section(const struct rctx *c, size_t i);

/* The document with every section the actor may not read removed (a new
 * reference; NULL when there is no document, or out of memory). The
 * document's "unmapped" lines (text an import could not place, which may
 * come from any section) are kept only for an actor who may read every
 * section. */
json_t *ctx_visible_doc(const struct rctx *c);

#endif
