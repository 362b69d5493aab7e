/* mail_html.c - the HTML part of a mail, made from its plain text: the
 * text is the message, the HTML only shows it with working links. */
#include "mail.h"

#include <string.h>

#include "html.h"

static bool
is_link(const char *line, size_t n)
{
	return (n > 7 && strncmp(line, "http://", 7) == 0) ||
	       (n > 8 && strncmp(line, "https://", 8) == 0);
}

/* One line of a paragraph: a link when it is an address alone. */
static int
put_line(struct buf *b, const char *line, size_t n)
{
	struct buf one;
	int rc;

	buf_init(&one, n + 1);
	rc = buf_append(&one, line, n);
	if (rc == 0) {
		if (is_link(line, n) && memchr(line, ' ', n) == NULL)
			rc = html_link(b, buf_cstr(&one), buf_cstr(&one));
		else
			rc = html_text(b, buf_cstr(&one));
	}
	buf_cleanup(&one);
	return rc;
}

int
mail_html(const struct mail *m, struct buf *b)
{
	const char *p = m->body != NULL ? m->body : "";
	bool open = false;  /* a <p> is open */
	bool fresh = false; /* ... and has no line yet */
	int rc;

	rc = html_raw(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
	if (rc == 0)
		rc = html_text(b, m->subject);
	if (rc == 0)
		rc = html_raw(b, "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5;"
				 " max-width: 40em\">\n");
	while (rc == 0 && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (n == 0 || (n == 3 && strncmp(p, "-- ", 3) == 0)) {
			if (open)
				rc = html_raw(b, "</p>\n");
			open = false;
			if (rc == 0 && n == 3) {
				/* The signature: set apart, in grey. */
				rc = html_raw(b, "<hr><p style=\"color: #555\">");
				open = fresh = true;
			}
		} else {
			if (!open)
				rc = html_raw(b, "<p>");
			else if (!fresh)
				rc = html_raw(b, "<br>\n");
			if (rc == 0)
				rc = put_line(b, p, n);
			open = true;
			fresh = false;
		}
		p += nl != NULL ? n + 1 : n;
	}
	if (rc == 0 && open)
		rc = html_raw(b, "</p>\n");
	if (rc == 0)
		rc = html_raw(b, "</body></html>\n");
	return rc;
}
