/* html.h - the only road from data to HTML: escaping for each context, and
 * tag helpers. All functions append to a struct buf, treat NULL as "", and
 * return 0 or an app error (APP_ETOOBIG past the buffer's cap). */
#ifndef S3PM_HTML_H
#define S3PM_HTML_H

#include "buf.h"

/* Trusted markup: string literals only, never data. */
int html_raw(struct buf *b, const char *literal);
/* Text content: escapes & < > " '. */
int html_text(struct buf *b, const char *s);
/* Text content, with line breaks kept as <br> and blank lines as paragraph
 * breaks (for long answers). */
int html_text_paras(struct buf *b, const char *s);
/* An attribute value (the caller writes the quotes: attr="..."): escapes
 * & < > " ' and also control characters. */
int html_attr(struct buf *b, const char *s);
/* A URL path segment or query value, percent-encoded (RFC 3986 unreserved
 * characters kept). */
int html_url_arg(struct buf *b, const char *s);
/* printf-like, then escaped as text / as attribute. The format may use %d,
 * %zu, %lld and %s; every expanded value is escaped. */
int html_textf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int html_attrf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* <a href="HREF">TEXT</a> with both escaped: the one road of a link into
 * a page (an href that is not http(s), mailto, a path or a fragment
 * becomes "#"). */
int html_link(struct buf *b, const char *href, const char *text);
/* The same with more attributes, a literal such as
 * "rel=\"nofollow noopener noreferrer\"" or "class=\"button\"" (NULL: none). */
int html_link_attrs(struct buf *b, const char *href, const char *text, const char *attrs_literal);
/* <input type="hidden" name="N" value="V"> */
int html_hidden(struct buf *b, const char *name, const char *value);
/* <option value="V" selected>LABEL</option> */
int html_option(struct buf *b, const char *value, const char *label, int selected);

#endif
