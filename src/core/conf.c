/* conf.c - the configuration file: keys, parsing, checks, and handing the values on to the environment (conf.h). */
#include "conf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "netaddr.h"
#include "strutil.h"

static const struct conf_key keys[] = {
	{"db", "S3PM_DB", "--db", CONF_DB, 0, 0},
	{"listen", "S3PM_LISTEN", "--listen", CONF_LISTEN, 0, 0},
	{"threads", "S3PM_THREADS", "--threads", CONF_UINT, 1, 256},
	{"max_body", "S3PM_MAX_BODY", "--max-body", CONF_UINT, 1024, (uint64_t)1 << 30},
	{"session_hours", "S3PM_SESSION_HOURS", "--session-hours", CONF_UINT, 1, 720},
	{"search_merge_after", "S3PM_SEARCH_MERGE_AFTER", "--search-merge-after", CONF_UINT, 1, 1000000},
	{"search_merge_quiet", "S3PM_SEARCH_MERGE_QUIET", "--search-merge-quiet", CONF_UINT, 1, 86400},
	{"secure_cookies", "S3PM_SECURE_COOKIES", "--secure-cookies", CONF_BOOL, 0, 0},
	{"access_log", "S3PM_ACCESS_LOG", "--access-log", CONF_PATH, 0, 0},
	{"trusted_proxies", "S3PM_TRUSTED_PROXIES", "--trusted-proxies", CONF_NETS, 0, 0},
	{"metrics_allow", "S3PM_METRICS_ALLOW", "--metrics-allow", CONF_NETS, 0, 0},
	{"http_per_ip_limit", "S3PM_HTTP_PER_IP_LIMIT", NULL, CONF_UINT, 1, 100000},
	{"http_request_seconds", "S3PM_HTTP_REQUEST_SECONDS", NULL, CONF_UINT, 1, 86400},
	{"base_url", "S3PM_BASE_URL", "--base-url", CONF_WEB_URL, 0, 0},
	{"legal_url", "S3PM_LEGAL_URL", "--legal-url", CONF_LINK, 0, 0},
	{"privacy_url", "S3PM_PRIVACY_URL", "--privacy-url", CONF_LINK, 0, 0},
	{"contact_url", "S3PM_CONTACT_URL", "--contact-url", CONF_LINK, 0, 0},
	{"smtp", "S3PM_SMTP", "--smtp", CONF_SMTP, 0, 0},
	{"mail_from", "S3PM_MAIL_FROM", "--mail-from", CONF_EMAIL, 0, 0},
	{"smtp_user", "S3PM_SMTP_USER", "--smtp-user", CONF_TEXT, 0, 0},
	{"smtp_password_file", "S3PM_SMTP_PASSWORD_FILE", "--smtp-password-file", CONF_PATH, 0, 0},
	{"remind_days", "S3PM_REMIND_DAYS", "--remind-days", CONF_DAYS, 0, 0},
	{"mail_retry", "S3PM_MAIL_RETRY", "--mail-retry", CONF_UINT, 1, 86400},
	{"forms_dir", "S3PM_FORMS_DIR", NULL, CONF_PATH, 0, 0},
	{"data_dir", "S3PM_DATA_DIR", NULL, CONF_PATH, 0, 0},
	{"nuts_dir", "S3PM_NUTS_DIR", NULL, CONF_PATH, 0, 0},
	{"static_dir", "S3PM_STATIC_DIR", NULL, CONF_PATH, 0, 0},
};

const struct conf_key *
conf_keys(size_t *n)
{
	*n = sizeof(keys) / sizeof(keys[0]);
	return keys;
}

const struct conf_key *
conf_key(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Printable: no byte below 0x21 (when no_space) or 0x20, nor 0x7f. */
static bool
printable(const char *s, bool no_space)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (no_space && *p == ' '))
			return false;
	return true;
}

static bool
url_with(const char *s, const char *const *schemes)
{
	size_t i;

	for (i = 0; schemes[i] != NULL; i++)
		if (starts(s, schemes[i]) && strlen(s) > strlen(schemes[i]))
			return strlen(s) <= 2000 && printable(s, true);
	return false;
}

static bool
digits(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (max - (uint64_t)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

int
conf_bool(const char *value, int *out)
{
	static const char *const yes[] = {"1", "true", "yes", "on"}, *const no[] = {"0", "false", "no", "off"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcmp(value, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(value, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return APP_EINPUT;
}

static int
check_listen(const char *v, struct app_msg *msg)
{
	const char *colon = strrchr(v, ':');
	uint64_t port;

	if (colon == NULL || !digits(colon + 1, strlen(colon + 1), 65535, &port) || port == 0 ||
	    !printable(v, true) || (v[0] == '[' && (colon == v || colon[-1] != ']')))
		return app_fail(msg, APP_EINPUT, "\"%s\" is not HOST:PORT, [IPV6]:PORT or :PORT (port 1 to 65535)",
				v);
	return 0;
}

static int
check_days(const char *v, struct app_msg *msg)
{
	const char *p = v;
	uint64_t d;

	if (strcmp(v, "none") == 0)
		return 0;
	for (;;) {
		size_t len = strcspn(p, ",");

		if (!digits(p, len, 365, &d))
			return app_fail(msg, APP_EINPUT, "\"%s\" is not a list of days such as 14,3 (each 0 to 365)"
					" or none", v);
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

int
conf_check(const struct conf_key *key, const char *value, const char **norm, struct app_msg *msg)
{
	static const char *const web[] = {"http://", "https://", NULL};
	static const char *const link[] = {"http://", "https://", "mailto:", NULL};
	static const char *const smtp[] = {"smtp://", "smtps://", NULL};
	struct netlist nl;
	uint64_t v;
	int b, rc;

	if (norm != NULL)
		*norm = value;
	if (value[0] == '\0')
		return app_fail(msg, APP_EINPUT, "no value (leave the key out for its default)");
	if (strlen(value) > 2000)
		return app_fail(msg, APP_EINPUT, "a value of more than 2000 bytes");
	if (!printable(value, false))
		return app_fail(msg, APP_EINPUT, "a control character in the value");
	switch (key->type) {
	case CONF_PATH:
		return 0;
	case CONF_TEXT:
		if (!printable(value, true))
			return app_fail(msg, APP_EINPUT, "\"%s\": no spaces allowed", value);
		return 0;
	case CONF_UINT:
		if (!digits(value, strlen(value), key->max, &v) || v < key->min)
			return app_fail(msg, APP_EINPUT, "\"%s\" is not a number from %llu to %llu", value,
					(unsigned long long)key->min, (unsigned long long)key->max);
		return 0;
	case CONF_BOOL:
		if (conf_bool(value, &b) != 0)
			return app_fail(msg, APP_EINPUT, "\"%s\" is not true or false (yes/no, on/off, 1/0)", value);
		if (norm != NULL)
			*norm = b ? "1" : "0";
		return 0;
	case CONF_LISTEN:
		return check_listen(value, msg);
	case CONF_DB:
		/* libpq reads the rest of a PostgreSQL URL; a bad one fails at
		 * the connection with libpq's message. */
		if (starts(value, "postgresql://") || starts(value, "postgres://"))
			return printable(value, true) ? 0
						       : app_fail(msg, APP_EINPUT, "db: a PostgreSQL URL"
										  " with a space or a control character");
		if (strstr(value, "://") != NULL || starts(value, "file:") || strcmp(value, ":memory:") == 0)
			return app_fail(msg, APP_EINPUT,
					"\"%s\": db takes the path of an SQLite database file or a"
					" postgresql:// URL",
					value);
		return 0;
	case CONF_WEB_URL:
		if (!url_with(value, web))
			return app_fail(msg, APP_EINPUT, "\"%s\" is not an http(s):// address", value);
		return 0;
	case CONF_LINK:
		if (!url_with(value, link) && !(value[0] == '/' && printable(value, true)))
			return app_fail(msg, APP_EINPUT, "\"%s\" is not an http(s):// or mailto: address or a path",
					value);
		return 0;
	case CONF_SMTP:
		if (!url_with(value, smtp))
			return app_fail(msg, APP_EINPUT, "\"%s\" is not smtp://HOST:PORT or smtps://HOST:PORT", value);
		return 0;
	case CONF_EMAIL:
		if (!str_email_ok(value))
			return app_fail(msg, APP_EINPUT, "\"%s\" is not an e-mail address", value);
		return 0;
	case CONF_DAYS:
		return check_days(value, msg);
	case CONF_NETS:
		if (strcmp(value, "none") == 0)
			return 0;
		if ((rc = netlist_parse(value, &nl, msg)) != 0)
			return rc;
		rc = nl.n == 0 ? app_fail(msg, APP_EINPUT, "no address (write none for an empty list)") : 0;
		netlist_free(&nl);
		return rc;
	}
	return app_fail(msg, APP_EINTERNAL, "unknown type of key");
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		free(c->v[i].value);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* One line, p[0..len) without its newline, number line; adds to c. */
static int
parse_line(struct conf *c, const char *name, int line, const char *p, size_t len, struct app_msg *msg)
{
	const struct conf_key *key;
	const char *eq, *kb, *ke, *vb, *ve, *norm;
	char kname[64], *value;
	struct app_msg why = {{0}};
	size_t i;
	int rc;

	while (len > 0 && is_space(*p)) {
		p++;
		len--;
	}
	while (len > 0 && is_space(p[len - 1]))
		len--;
	if (len == 0 || p[0] == '#' || p[0] == ';')
		return 0;
	if (p[0] == '[')
		return app_fail(msg, APP_EINPUT, "%s:%d: sections are not used: every line is key = value",
				name, line);
	eq = memchr(p, '=', len);
	if (eq == NULL)
		return app_fail(msg, APP_EINPUT, "%s:%d: not key = value (comments start with #)", name, line);
	kb = p;
	for (ke = eq; ke > kb && is_space(ke[-1]); ke--)
		;
	for (vb = eq + 1; vb < p + len && is_space(*vb); vb++)
		;
	ve = p + len;
	for (i = 0; kb + i < ke; i++)
		if (!((kb[i] >= 'a' && kb[i] <= 'z') || kb[i] == '_' || (kb[i] >= '0' && kb[i] <= '9')))
			break;
	if (ke == kb || kb + i < ke || (size_t)(ke - kb) >= sizeof(kname))
		return app_fail(msg, APP_EINPUT, "%s:%d: \"%.*s\" is not a key (keys are lower case, such as "
				"max_body)", name, line, (int)(ke - kb > 60 ? 60 : ke - kb), kb);
	memcpy(kname, kb, (size_t)(ke - kb));
	kname[ke - kb] = '\0';
	if ((key = conf_key(kname)) == NULL)
		return app_fail(msg, APP_EINPUT, "%s:%d: unknown key \"%s\" (see etc/s3pm.conf.example or "
				"man s3pm)", name, line, kname);
	for (i = 0; i < c->n; i++)
		if (c->v[i].key == key)
			return app_fail(msg, APP_EINPUT, "%s:%d: %s is set twice (first on line %d)", name, line,
					kname, c->v[i].line);
	if ((value = malloc((size_t)(ve - vb) + 1)) == NULL)
		return app_fail(msg, APP_ENOMEM, "out of memory");
	memcpy(value, vb, (size_t)(ve - vb));
	value[ve - vb] = '\0';
	if ((rc = conf_check(key, value, &norm, &why)) != 0) {
		free(value);
		return app_fail(msg, rc, "%s:%d: %s: %s", name, line, kname, why.text);
	}
	if (norm != value) {
		size_t nl = strlen(norm);

		free(value);
		if ((value = malloc(nl + 1)) == NULL)
			return app_fail(msg, APP_ENOMEM, "out of memory");
		memcpy(value, norm, nl + 1);
	}
	/* Every key at most once: the table's size bounds the list. */
	if (c->v == NULL && (c->v = calloc(sizeof(keys) / sizeof(keys[0]), sizeof(*c->v))) == NULL) {
		free(value);
		return app_fail(msg, APP_ENOMEM, "out of memory");
	}
	c->v[c->n].key = key;
	c->v[c->n].value = value;
	c->v[c->n].line = line;
	c->n++;
	return 0;
}

int
conf_parse(const char *text, size_t len, const char *name, struct conf *out, struct app_msg *msg)
{
	struct conf c = {NULL, 0};
	size_t off = 0;
	int line = 0, rc;

	out->v = NULL;
	out->n = 0;
	if (len > CONF_MAX_FILE)
		return app_fail(msg, APP_ETOOBIG, "%s: more than %u bytes", name, CONF_MAX_FILE);
	if (memchr(text, '\0', len) != NULL) {
		const char *z = memchr(text, '\0', len), *q;

		for (q = text, line = 1; q < z; q++)
			line += *q == '\n';
		return app_fail(msg, APP_EINPUT, "%s:%d: a NUL byte: not a text file", name, line);
	}
	line = 0;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t ll = nl != NULL ? (size_t)(nl - (text + off)) : len - off;

		line++;
		if (ll > CONF_MAX_LINE) {
			rc = app_fail(msg, APP_EINPUT, "%s:%d: a line of more than %d bytes", name, line,
				      CONF_MAX_LINE);
			goto fail;
		}
		if ((rc = parse_line(&c, name, line, text + off, ll, msg)) != 0)
			goto fail;
		off += ll + (nl != NULL ? 1 : 0);
	}
	*out = c;
	return 0;
fail:
	conf_free(&c);
	return rc;
}

int
conf_load(const char *path, struct conf *out, struct app_msg *msg)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	if ((rc = fileio_read(path, CONF_MAX_FILE, &text, &len, msg)) != 0)
		return rc;
	rc = conf_parse(text, len, path, out, msg);
	free(text);
	return rc;
}

const char *
conf_get(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key->name, name) == 0)
			return c->v[i].value;
	return NULL;
}

int
conf_export(const struct conf *c, struct app_msg *msg)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (setenv(c->v[i].key->env, c->v[i].value, 0) != 0)
			return app_fail(msg, APP_ENOMEM, "cannot set %s", c->v[i].key->env);
	return 0;
}
