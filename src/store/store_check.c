/* store_check.c - the store's input checks (store_check.h); the
 * vocabularies are core's (model.h, period.h). */
#include "store_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "period.h"

/* Valid UTF-8 without NUL: PostgreSQL refuses anything else, so SQLite
 * must too, or the two backends would differ. */
static bool
utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	unsigned cp;
	int n, i;

	while (p < e) {
		/* Documents are mostly ASCII: skip it eight bytes at a time. */
		if (e - p >= 8) {
			uint64_t w;

			memcpy(&w, p, sizeof(w));
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				p += 8;
				continue;
			}
		}
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xC2 && *p <= 0xDF) {
			n = 1;
			cp = *p & 0x1F;
		} else if (*p >= 0xE0 && *p <= 0xEF) {
			n = 2;
			cp = *p & 0x0F;
		} else if (*p >= 0xF0 && *p <= 0xF4) {
			n = 3;
			cp = *p & 0x07;
		} else {
			return false;
		}
		if (e - p <= n)
			return false;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n + 1;
	}
	return true;
}

int
check_text(const char *s, size_t max, bool required, const char *what)
{
	size_t len;

	if (s == NULL) {
		if (required)
			return db_err(APP_EINPUT, "%s is missing", what);
		return 0;
	}
	len = strnlen(s, max + 1);
	if (len > max)
		return db_err(APP_ETOOBIG, "%s is longer than %zu bytes", what, max);
	if (required && len == 0)
		return db_err(APP_EINPUT, "%s is empty", what);
	if (!utf8_ok(s, len))
		return db_err(APP_EINPUT, "%s is not valid UTF-8", what);
	return 0;
}

static bool
is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
check_period_ok(const char *s)
{
	struct period p;

	return s != NULL && strnlen(s, 8) == 7 && period_parse(s, &p) == 0;
}

bool
check_date_ok(const char *s)
{
	int m, d;

	if (s == NULL || strnlen(s, 11) != 10 || !is_digits(s, 4) || s[4] != '-' ||
	    !is_digits(s + 5, 2) || s[7] != '-' || !is_digits(s + 8, 2))
		return false;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

bool
check_slug_ok(const char *s)
{
	size_t i, n;

	if (s == NULL)
		return false;
	n = strnlen(s, 101);
	if (n == 0 || n > 100)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

bool
check_role_ok(const char *s, enum role *out)
{
	return s != NULL && role_parse(s, out) == 0;
}

bool
check_status_ok(enum report_status s)
{
	enum report_status back;

	/* The name table of core is the list: what it names, it parses back. */
	return report_status_parse(report_status_name(s), &back) == 0 && back == s;
}

int
check_email_norm(const char *email, char **out)
{
	size_t i, n;
	char *d;
	int rc;

	*out = NULL;
	rc = check_text(email, STORE_EMAIL_MAX, true, "e-mail address");
	if (rc != 0)
		return rc;
	n = strlen(email);
	if (n < 3 || strchr(email, '@') == NULL)
		return db_err(APP_EINPUT, "e-mail address: no '@'");
	for (i = 0; i < n; i++)
		if ((unsigned char)email[i] <= ' ' || email[i] == 0x7F)
			return db_err(APP_EINPUT, "e-mail address: contains a space or control character");
	d = db_dup(email, n);
	if (d == NULL)
		return db_err(APP_ENOMEM, "e-mail address: out of memory");
	for (i = 0; i < n; i++)
		if (d[i] >= 'A' && d[i] <= 'Z')
			d[i] = (char)(d[i] - 'A' + 'a');
	*out = d;
	return 0;
}

int
check_fixed(const char *s, size_t size, const char *what)
{
	size_t n = strnlen(s, size);

	if (n == size)
		return db_err(APP_EINPUT, "%s is not terminated", what);
	if (n == 0)
		return db_err(APP_EINPUT, "%s is empty", what);
	return check_text(s, size - 1, true, what);
}

