/* mail_send.c - one mail through an SMTP server with libcurl: the headers
 * (non-ASCII words as RFC 2047 encoded-words), and a MIME body of the
 * plain text and its HTML alternative, both UTF-8 in quoted-printable
 * (libcurl's MIME API builds and encodes it). */
#include "mail.h"

#include <curl/curl.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DEFAULT_FROM_NAME "S3 Partnership Monitor"

int
mail_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : APP_EINTERNAL;
}

void
mail_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Printable ASCII that may stand in a header as it is. */
static bool
plain_word(const char *s, const char *also_bad)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e || strchr(also_bad, *p) != NULL)
			return false;
	return true;
}

/* Appends s as one or more encoded-words (=?UTF-8?B?...?=), each of at
 * most 45 bytes of s cut on character boundaries, so that no word passes
 * RFC 2047's 75 characters. Control characters never reach the header:
 * they are inside the base64. */
static int
put_encoded(struct buf *b, const char *s)
{
	size_t n = strlen(s), i = 0;
	int rc = 0;

	while (rc == 0 && i < n) {
		size_t k = n - i > 45 ? 45 : n - i;
		gchar *enc;

		/* Back to the start of a UTF-8 character. */
		while (i + k < n && k > 1 && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k--;
		enc = g_base64_encode((const guchar *)s + i, k);
		if (enc == NULL)
			return APP_ENOMEM;
		rc = buf_printf(b, "%s=?UTF-8?B?%s?=", i > 0 ? " " : "", enc);
		g_free(enc);
		i += k;
	}
	return rc;
}

/* "Name: value" where value is text (a subject). */
static int
header_text(struct curl_slist **h, const char *name, const char *value)
{
	struct buf b;
	struct curl_slist *n;
	int rc;

	buf_init(&b, 8192);
	rc = buf_printf(&b, "%s: ", name);
	if (rc == 0)
		rc = plain_word(value, "") && strstr(value, "=?") == NULL ? buf_puts(&b, value)
									  : put_encoded(&b, value);
	if (rc == 0) {
		n = curl_slist_append(*h, buf_cstr(&b));
		if (n == NULL)
			rc = APP_ENOMEM;
		else
			*h = n;
	}
	buf_cleanup(&b);
	return rc;
}

/* "Name: Display Name <address>"; the address was checked when stored. */
static int
header_addr(struct curl_slist **h, const char *name, const char *display, const char *addr)
{
	struct buf b;
	struct curl_slist *n;
	int rc;

	if (!plain_word(addr, " <>\"()\\,;:"))
		return APP_EINPUT;
	buf_init(&b, 8192);
	rc = buf_printf(&b, "%s: ", name);
	if (rc == 0 && display != NULL && display[0] != '\0') {
		if (plain_word(display, "\"\\()<>@,;:[]") && strstr(display, "=?") == NULL)
			rc = buf_printf(&b, "\"%s\"", display);
		else
			rc = put_encoded(&b, display);
		if (rc == 0)
			rc = buf_putc(&b, ' ');
	}
	if (rc == 0)
		rc = buf_printf(&b, "<%s>", addr);
	if (rc == 0) {
		n = curl_slist_append(*h, buf_cstr(&b));
		if (n == NULL)
			rc = APP_ENOMEM;
		else
			*h = n;
	}
	buf_cleanup(&b);
	return rc;
}

static int
header_raw(struct curl_slist **h, const char *line)
{
	struct curl_slist *n = curl_slist_append(*h, line);

	if (n == NULL)
		return APP_ENOMEM;
	*h = n;
	return 0;
}

static int
headers_of(const struct mail_config *cfg, const struct mail *m, struct curl_slist **h)
{
	char line[256], day[64];
	const char *domain = strrchr(cfg->from, '@');
	struct tm tm;
	time_t now = time(NULL);
	int rc;

	gmtime_r(&now, &tm);
	/* RFC 5322's date, in English whatever the locale. */
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	snprintf(day, sizeof(day), "%s, %d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday % 7],
		 tm.tm_mday, mo[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(line, sizeof(line), "Date: %s", day);
	if ((rc = header_raw(h, line)) != 0)
		return rc;
	if ((rc = header_addr(h, "From", cfg->from_name != NULL ? cfg->from_name : DEFAULT_FROM_NAME,
			      cfg->from)) != 0 ||
	    (rc = header_addr(h, "To", m->to_name, m->to_addr)) != 0 ||
	    (rc = header_text(h, "Subject", m->subject)) != 0)
		return rc;
	/* The same id on every attempt: a mail that went out although its
	 * attempt seemed to fail is known as a duplicate. */
	snprintf(line, sizeof(line), "Message-ID: <s3pm.mail.%lld.%s@%s>", (long long)m->id,
		 m->kind != NULL && plain_word(m->kind, " <>@") ? m->kind : "mail",
		 domain != NULL && plain_word(domain + 1, " <>") ? domain + 1 : "localhost");
	if ((rc = header_raw(h, line)) != 0)
		return rc;
	/* RFC 3834: written by a program; no out-of-office answers please. */
	return header_raw(h, "Auto-Submitted: auto-generated");
}

int
mail_send(const struct mail_config *cfg, const struct mail *m, char *err, size_t errn)
{
	char cerr[CURL_ERROR_SIZE] = "", from[300], to[300];
	struct curl_slist *rcpt = NULL, *hdr = NULL, *inl = NULL;
	curl_mime *mime = NULL, *alt = NULL;
	curl_mimepart *part;
	struct buf html;
	CURLcode cc;
	CURL *c;
	int rc = 0;

	err[0] = '\0';
	if (cfg->smtp_url == NULL || cfg->from == NULL) {
		snprintf(err, errn, "no SMTP server or sender address configured");
		return APP_EIO;
	}
	buf_init(&html, 1u << 20);
	c = curl_easy_init();
	if (c == NULL || mail_html(m, &html) != 0) {
		snprintf(err, errn, "out of memory");
		rc = APP_ENOMEM;
		goto out;
	}
	if (headers_of(cfg, m, &hdr) != 0) {
		snprintf(err, errn, "the recipient or sender address cannot stand in a header");
		rc = APP_EIO;
		goto out;
	}
	snprintf(from, sizeof(from), "<%s>", cfg->from);
	snprintf(to, sizeof(to), "<%s>", m->to_addr);
	rcpt = curl_slist_append(NULL, to);
	mime = curl_mime_init(c);
	alt = curl_mime_init(c);
	inl = curl_slist_append(NULL, "Content-Disposition: inline");
	if (rcpt == NULL || mime == NULL || alt == NULL || inl == NULL) {
		snprintf(err, errn, "out of memory");
		rc = APP_ENOMEM;
		goto out;
	}
	/* multipart/alternative: the plain text first, the richer HTML last. */
	part = curl_mime_addpart(alt);
	curl_mime_data(part, m->body, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	part = curl_mime_addpart(alt);
	curl_mime_data(part, buf_cstr(&html), CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/html; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	part = curl_mime_addpart(mime);
	curl_mime_subparts(part, alt);
	alt = NULL; /* mime owns it now */
	curl_mime_type(part, "multipart/alternative");
	curl_mime_headers(part, inl, 1);
	inl = NULL;

	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (cfg->user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password != NULL ? cfg->password : "");
	}
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout > 0 ? cfg->timeout : 30L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		long code = 0;

		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code > 0)
			snprintf(err, errn, "SMTP %ld: %s", code, cerr[0] != '\0' ? cerr : curl_easy_strerror(cc));
		else
			snprintf(err, errn, "%s", cerr[0] != '\0' ? cerr : curl_easy_strerror(cc));
		rc = APP_EIO;
	}
out:
	curl_mime_free(alt);
	curl_mime_free(mime);
	curl_slist_free_all(inl);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(hdr);
	if (c != NULL)
		curl_easy_cleanup(c);
	buf_cleanup(&html);
	return rc;
}
