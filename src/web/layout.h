/* layout.h - the frame of every HTML page: head, skip link, header with the
 * navigation and login state, main, footer. No inline scripts or styles
 * (the Content-Security-Policy forbids them): /static/style.css and
 * /static/app.js only. */
#ifndef S3PM_LAYOUT_H
#define S3PM_LAYOUT_H

#include "web.h"

/* Writes <!doctype html> up to and including <main id="main">, with
 * <title>TITLE – S3 Partnership Monitor</title> and an <h1> of title. */
int layout_begin(struct req *rq, struct resp *rs, const char *title);
/* Closes main, writes the footer and closes the document. */
int layout_end(struct req *rq, struct resp *rs);
/* The hidden csrf field for a form of the logged-in user (nothing for the
 * public). Every state-changing form must include it. */
int layout_csrf(struct req *rq, struct buf *b);
/* A table in its own scrolling region, named by its caption:
 * <div class="table-scroll" role="region" ...><table id="ID"><caption>...
 * up to the open header row (<thead><tr>); the caller writes the header
 * cells, "</tr></thead><tbody>", the rows, then layout_table_end. */
int layout_table_begin(struct buf *b, const char *id, const char *caption);
int layout_table_end(struct buf *b); /* </tbody></table></div> */
/* A notice box (role="status") with escaped text; kind is "info", "error"
 * or "success". */
int layout_notice(struct buf *b, const char *kind, const char *text);

/* An error page in the site's frame: title as the heading, then message
 * (escaped), a login link when login_link and nobody is logged in, and the
 * way home. rq may be NULL (a request refused before it was read): the
 * public's frame then. *body is malloc'd. */
int layout_error(struct req *rq, const char *title, const char *message, bool login_link, char **body,
		 size_t *len);

/* "Administrator", "Commission officer", ... for an account's role
 * ("admin", ...); NULL for an unknown one. */
const char *layout_role_label(const char *role);

/* Whether p may follow a login (?next=): a path of this site
 * (str_local_path), not the login or logout page. */
bool layout_next_ok(const char *p);

#endif
