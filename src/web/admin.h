/* admin.h - what the administration pages (/admin/..., page_admin*.c)
 * share. Private to src/web. */
#ifndef S3PM_ADMIN_H
#define S3PM_ADMIN_H

#include <stdbool.h>

#include "web.h"

/* 0 when the request's user may administer. The public is sent to the
 * login (a redirect set in rs, *redirected true, 0 returned); anybody
 * else gets APP_EPERM (403 in the site's frame). */
int admin_gate(struct req *rq, struct resp *rs, bool *redirected);

/* layout_begin, then the way back to the overview (omitted on /admin
 * itself). */
int admin_begin(struct req *rq, struct resp *rs, const char *title);

/* Tables: layout_table_begin and layout_table_end (layout.h). */

/* The request's ?done=KEY as a success notice: done[i][0] is a key,
 * done[i][1] its text; a NULL-terminated list. Nothing for another key. */
int admin_done(struct req *rq, struct buf *b, const char *const done[][2]);

/* <select name="partnership"> of every partnership (value: its slug),
 * with "None" (value "") first; selected: a slug or NULL. */
int admin_partnership_select(struct req *rq, struct buf *b, const char *id, const char *selected);

/* A decimal number in [1, max] (a route's :id, a form's id), else
 * APP_EINPUT. */
int admin_parse_id(const char *s, int64_t *out);

#endif
