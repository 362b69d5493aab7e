/* links.h - the addresses of the site's pages, built in one place: every
 * page, redirect and form action that names a partnership or a report
 * builds its address here (the pieces percent-encoded), and writes it into
 * a page only through html_link / html_attr. */
#ifndef S3PM_LINKS_H
#define S3PM_LINKS_H

#include "buf.h"

/* Appends "/p/SLUG", "/p/SLUG/PERIOD" or ".../SUFFIX" (period, suffix may
 * be NULL) to url, a plain buffer (not HTML). */
int link_report(struct buf *url, const char *slug, const char *period, const char *suffix);

/* Appends "/p/SLUG/compare/FROM/TO" (the comparison of two reports) to
 * url; from and to NULL: "/p/SLUG/compare", the page that chooses them. */
int link_compare(struct buf *url, const char *slug, const char *from, const char *to);

/* The same address written into the page b as an attribute value
 * (href="..." or action="..."). */
int attr_report(struct buf *b, const char *slug, const char *period, const char *suffix);

/* <a href="/p/SLUG[FRAGMENT]">TEXT</a> into the page b (fragment: "#x" or
 * NULL). */
int a_partnership(struct buf *b, const char *slug, const char *fragment, const char *text);

#endif
