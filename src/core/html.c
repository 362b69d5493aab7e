/* html.c - escaping for each HTML context and small tag helpers: the only road from data to HTML. */
#include "html.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "err.h"

/* Replacement for control characters that HTML cannot carry (U+FFFD). */
static const char replacement[] = "\xEF\xBF\xBD";

/* The entity for c in text, or NULL when c is written as is. */
static const char *
text_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/* As text_entity, plus the control characters: tab, LF and CR become
 * character references (kept by attribute value normalisation); the other
 * C0 controls and DEL, which HTML forbids as raw text and as references,
 * become U+FFFD. */
static const char *
attr_entity(unsigned char c)
{
	if (c == '\t')
		return "&#9;";
	if (c == '\n')
		return "&#10;";
	if (c == '\r')
		return "&#13;";
	if (c < 0x20 || c == 0x7f)
		return replacement;
	return text_entity(c);
}

/* Appends s with every byte that entity() maps replaced; runs of plain
 * bytes are appended in one go. */
static int
escape(struct buf *b, const char *s, size_t len, const char *(*entity)(unsigned char))
{
	size_t i, start = 0;
	int rc;

	for (i = 0; i < len; i++) {
		const char *e = entity((unsigned char)s[i]);

		if (e == NULL)
			continue;
		if (i > start && (rc = buf_append(b, s + start, i - start)) != 0)
			return rc;
		if ((rc = buf_puts(b, e)) != 0)
			return rc;
		start = i + 1;
	}
	if (len > start)
		return buf_append(b, s + start, len - start);
	return 0;
}

int
html_raw(struct buf *b, const char *literal)
{
	return literal == NULL ? 0 : buf_puts(b, literal);
}

int
html_text(struct buf *b, const char *s)
{
	return s == NULL ? 0 : escape(b, s, strlen(s), text_entity);
}

/* The end of the line that starts at p (at '\n', "\r\n", '\r' or the NUL),
 * and in *next where the following line starts. */
static const char *
line_end(const char *p, const char **next)
{
	const char *e = p + strcspn(p, "\r\n");

	if (e[0] == '\r' && e[1] == '\n')
		*next = e + 2;
	else if (e[0] != '\0')
		*next = e + 1;
	else
		*next = e;
	return e;
}

/* True when the line [p, e) holds only spaces and tabs. */
static bool
blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
}

int
html_text_paras(struct buf *b, const char *s)
{
	const char *p = s, *next, *e;
	bool in_para = false, pending_br = false;
	int rc = 0;

	if (s == NULL)
		return 0;
	while (*p != '\0') {
		e = line_end(p, &next);
		if (blank(p, e)) {
			if (in_para && (rc = buf_puts(b, "</p>")) != 0)
				return rc;
			in_para = false;
			pending_br = false;
		} else {
			if (!in_para) {
				if ((rc = buf_puts(b, "<p>")) != 0)
					return rc;
				in_para = true;
			} else if (pending_br && (rc = buf_puts(b, "<br>")) != 0)
				return rc;
			if ((rc = escape(b, p, (size_t)(e - p), text_entity)) != 0)
				return rc;
			pending_br = true;
		}
		p = next;
	}
	if (in_para)
		rc = buf_puts(b, "</p>");
	return rc;
}

int
html_attr(struct buf *b, const char *s)
{
	return s == NULL ? 0 : escape(b, s, strlen(s), attr_entity);
}

static bool
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int
html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	int rc;

	if (s == NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (unreserved(*p)) {
			rc = buf_putc(b, (char)*p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};

			rc = buf_append(b, enc, 3);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Formats into a scratch buffer as large as b may still grow, then escapes. */
static int
vescaped(struct buf *b, const char *(*entity)(unsigned char), const char *fmt, va_list ap)
{
	struct buf tmp;
	int rc;

	buf_init(&tmp, b->max > b->len ? b->max - b->len : 0);
	rc = buf_vprintf(&tmp, fmt, ap);
	if (rc == 0)
		rc = escape(b, buf_cstr(&tmp), tmp.len, entity);
	buf_cleanup(&tmp);
	return rc;
}

int
html_textf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (fmt == NULL)
		return 0;
	va_start(ap, fmt);
	rc = vescaped(b, text_entity, fmt, ap);
	va_end(ap);
	return rc;
}

int
html_attrf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (fmt == NULL)
		return 0;
	va_start(ap, fmt);
	rc = vescaped(b, attr_entity, fmt, ap);
	va_end(ap);
	return rc;
}

/* Links from data may only lead to web pages, e-mail addresses or places on
 * this site: "javascript:", "data:" and other schemes become "#". */
static bool
safe_href(const char *href)
{
	size_t n = strcspn(href, ":/?#");
	size_t i;

	if (href[n] != ':')
		return true; /* relative: no scheme */
	for (i = 0; i < n; i++)
		if (href[i] <= ' ' || href[i] == 0x7f)
			return false; /* "java\tscript:" tricks */
	return (n == 4 && strncasecmp(href, "http", 4) == 0) ||
	       (n == 5 && strncasecmp(href, "https", 5) == 0) ||
	       (n == 6 && strncasecmp(href, "mailto", 6) == 0);
}

int
html_link(struct buf *b, const char *href, const char *text)
{
	return html_link_attrs(b, href, text, NULL);
}

int
html_link_attrs(struct buf *b, const char *href, const char *text, const char *attrs_literal)
{
	int rc;

	if (href == NULL)
		href = "";
	if (attrs_literal != NULL && attrs_literal[0] != '\0' &&
	    ((rc = buf_puts(b, "<a ")) != 0 || (rc = buf_puts(b, attrs_literal)) != 0 ||
	     (rc = buf_puts(b, " href=\"")) != 0))
		return rc;
	if ((attrs_literal == NULL || attrs_literal[0] == '\0') && (rc = buf_puts(b, "<a href=\"")) != 0)
		return rc;
	if ((rc = html_attr(b, safe_href(href) ? href : "#")) != 0 ||
	    (rc = buf_puts(b, "\">")) != 0 ||
	    (rc = html_text(b, text)) != 0)
		return rc;
	return buf_puts(b, "</a>");
}

int
html_hidden(struct buf *b, const char *name, const char *value)
{
	int rc;

	if ((rc = buf_puts(b, "<input type=\"hidden\" name=\"")) != 0 ||
	    (rc = html_attr(b, name)) != 0 ||
	    (rc = buf_puts(b, "\" value=\"")) != 0 ||
	    (rc = html_attr(b, value)) != 0)
		return rc;
	return buf_puts(b, "\">");
}

int
html_option(struct buf *b, const char *value, const char *label, int selected)
{
	int rc;

	if ((rc = buf_puts(b, "<option value=\"")) != 0 ||
	    (rc = html_attr(b, value)) != 0 ||
	    (rc = buf_puts(b, selected ? "\" selected>" : "\">")) != 0 ||
	    (rc = html_text(b, label)) != 0)
		return rc;
	return buf_puts(b, "</option>");
}
