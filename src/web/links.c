/* links.c - the addresses of the site's pages. */
#include "links.h"

#include "html.h"

int
link_report(struct buf *url, const char *slug, const char *period, const char *suffix)
{
	int rc;

	if ((rc = buf_puts(url, "/p/")) != 0 || (rc = html_url_arg(url, slug)) != 0)
		return rc;
	if (period != NULL && ((rc = buf_putc(url, '/')) != 0 || (rc = html_url_arg(url, period)) != 0))
		return rc;
	if (suffix != NULL && ((rc = buf_putc(url, '/')) != 0 || (rc = html_url_arg(url, suffix)) != 0))
		return rc;
	return 0;
}

int
link_compare(struct buf *url, const char *slug, const char *from, const char *to)
{
	int rc;

	if ((rc = link_report(url, slug, NULL, "compare")) != 0)
		return rc;
	if (from != NULL && to != NULL &&
	    ((rc = buf_putc(url, '/')) != 0 || (rc = html_url_arg(url, from)) != 0 ||
	     (rc = buf_putc(url, '/')) != 0 || (rc = html_url_arg(url, to)) != 0))
		return rc;
	return 0;
}

int
a_partnership(struct buf *b, const char *slug, const char *fragment, const char *text)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	rc = link_report(&u, slug, NULL, NULL);
	if (rc == 0 && fragment != NULL)
		rc = buf_puts(&u, fragment);
	if (rc == 0)
		rc = html_link(b, buf_cstr(&u), text);
	buf_cleanup(&u);
	return rc;
}

int
attr_report(struct buf *b, const char *slug, const char *period, const char *suffix)
{
	struct buf u;
	int rc;

	buf_init(&u, 4096);
	rc = link_report(&u, slug, period, suffix);
	if (rc == 0)
		rc = html_attr(b, buf_cstr(&u));
	buf_cleanup(&u);
	return rc;
}
