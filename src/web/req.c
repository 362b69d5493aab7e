/* req.c - request and response helpers for handlers, and the decoders of URLs, forms and cookies. */
#include "http.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "text.h"

const char *
req_query(const struct req *rq, const char *key)
{
	size_t i;

	if (rq == NULL || key == NULL)
		return NULL;
	for (i = 0; i < rq->nquery; i++)
		if (strcmp(rq->query[i].key, key) == 0)
			return rq->query[i].value;
	return NULL;
}

const char *
req_form(const struct req *rq, const char *key)
{
	size_t i;

	if (rq == NULL || key == NULL)
		return NULL;
	for (i = 0; i < rq->nform; i++)
		if (strcmp(rq->form[i].key, key) == 0)
			return rq->form[i].value;
	return NULL;
}

const char *
req_cookie(const struct req *rq, const char *name)
{
	const struct http_req *hr = (const struct http_req *)rq;
	size_t i;

	if (rq == NULL || name == NULL || hr->magic != HTTP_REQ_MAGIC)
		return NULL;
	for (i = 0; i < hr->ncookies; i++)
		if (strcmp(hr->cookies[i].key, name) == 0)
			return hr->cookies[i].value;
	return NULL;
}

/* True when s holds a byte that may not appear in a header value. */
static bool
has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

int
resp_redirect(struct resp *rs, const char *url)
{
	char *copy;

	/* Only places on this site: "/x" but not "//host" or "/\host". */
	if (url == NULL || url[0] != '/' || url[1] == '/' || url[1] == '\\' || has_ctl(url))
		return APP_EINPUT;
	if ((copy = strdup(url)) == NULL)
		return APP_ENOMEM;
	free(rs->location);
	rs->location = copy;
	return 0;
}

int
resp_title(struct resp *rs, const char *title)
{
	char *copy = strdup(title != NULL ? title : "");

	if (copy == NULL)
		return APP_ENOMEM;
	free(rs->title);
	rs->title = copy;
	return 0;
}

int
resp_titlef(struct resp *rs, const char *fmt, ...)
{
	struct buf t;
	va_list ap;
	int rc;

	buf_init(&t, 1 << 16);
	va_start(ap, fmt);
	rc = buf_vprintf(&t, fmt, ap);
	va_end(ap);
	if (rc == 0)
		rc = resp_title(rs, buf_cstr(&t));
	buf_cleanup(&t);
	return rc;
}

int
resp_cookie(struct resp *rs, const char *value)
{
	char *copy;

	if (value == NULL || has_ctl(value))
		return APP_EINPUT;
	if (rs->ncookies >= sizeof(rs->cookies) / sizeof(rs->cookies[0]))
		return APP_ETOOBIG;
	if ((copy = strdup(value)) == NULL)
		return APP_ENOMEM;
	rs->cookies[rs->ncookies++] = copy;
	return 0;
}

void
resp_init(struct resp *rs)
{
	memset(rs, 0, sizeof(*rs));
	buf_init(&rs->body, RESP_MAX_BODY);
}

void
resp_cleanup(struct resp *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	buf_cleanup(&rs->body);
	free(rs->location);
	free(rs->title);
	free(rs->disposition);
	free(rs->etag);
	for (i = 0; i < rs->ncookies; i++)
		free(rs->cookies[i]);
	memset(rs, 0, sizeof(*rs));
	buf_init(&rs->body, RESP_MAX_BODY);
}

/* Decodes without the text check; *slash tells whether an encoded '/' was
 * seen (may be NULL). */
static int
decode_raw(const char *s, size_t len, bool plus_is_space, char **out, size_t *outlen, bool *slash)
{
	char *d;
	size_t i, j = 0;

	*out = NULL;
	if ((d = malloc(len + 1)) == NULL)
		return APP_ENOMEM;
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len) {
				free(d);
				return APP_EINPUT;
			}
			hi = str_hex_digit((unsigned char)s[i + 1]);
			lo = str_hex_digit((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0) {
				free(d);
				return APP_EINPUT;
			}
			d[j] = (char)(hi * 16 + lo);
			if (d[j] == '/' && slash != NULL)
				*slash = true;
			j++;
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			d[j++] = ' ';
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return 0;
}

/* Decoded text must be UTF-8 without NULs or control characters other than
 * tab, CR and LF (form feeds have no business in a request either). */
static int
check_text(const char *s, size_t len)
{
	size_t line, i;
	const char *what;

	if (text_check(s, len, &line, &what) != 0)
		return APP_EINPUT;
	for (i = 0; i < len; i++)
		if (s[i] == '\f')
			return APP_EINPUT;
	return 0;
}

int
req_decode(const char *s, size_t len, bool plus_is_space, char **out)
{
	size_t n;
	int rc;

	if ((rc = decode_raw(s, len, plus_is_space, out, &n, NULL)) != 0)
		return rc;
	if ((rc = check_text(*out, n)) != 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int
req_decode_path(const char *s, size_t len, char **out)
{
	bool slash = false;
	const char *p;
	size_t n;
	int rc;

	*out = NULL;
	if (len == 0 || s[0] != '/')
		return APP_EINPUT;
	if ((rc = decode_raw(s, len, false, out, &n, &slash)) != 0)
		return rc;
	if (slash || (rc = check_text(*out, n)) != 0)
		goto fail;
	/* No "." or ".." segment anywhere. */
	for (p = *out; p != NULL; p = strchr(p + 1, '/')) {
		size_t seg = strcspn(p + 1, "/");

		if ((seg == 1 && p[1] == '.') || (seg == 2 && p[1] == '.' && p[2] == '.'))
			goto fail;
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	return APP_EINPUT;
}

void
req_kv_free(struct kv *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* Appends a pair (taking key and value) to a growing array. */
static int
kv_push(struct kv **v, size_t *n, size_t *cap, char *key, char *value)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct kv *nv = realloc(*v, ncap * sizeof(**v));

		if (nv == NULL) {
			free(key);
			free(value);
			return APP_ENOMEM;
		}
		*v = nv;
		*cap = ncap;
	}
	(*v)[*n].key = key;
	(*v)[*n].value = value;
	(*n)++;
	return 0;
}

int
req_parse_urlencoded(const char *s, size_t len, struct kv **out, size_t *n)
{
	struct kv *v = NULL;
	size_t nv = 0, cap = 0, i = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	while (s != NULL && i < len) {
		const char *piece = s + i, *amp = memchr(piece, '&', len - i);
		size_t plen = amp != NULL ? (size_t)(amp - piece) : len - i;
		const char *eq = memchr(piece, '=', plen);
		size_t klen = eq != NULL ? (size_t)(eq - piece) : plen;
		char *key = NULL, *value = NULL;

		i += plen + 1;
		if (plen == 0)
			continue;
		if (nv >= REQ_MAX_FIELDS) {
			rc = APP_ETOOBIG;
			goto cleanup;
		}
		if ((rc = req_decode(piece, klen, true, &key)) != 0)
			goto cleanup;
		if (eq != NULL)
			rc = req_decode(eq + 1, plen - klen - 1, true, &value);
		else if ((value = strdup("")) == NULL)
			rc = APP_ENOMEM;
		if (rc) {
			free(key);
			goto cleanup;
		}
		if ((rc = kv_push(&v, &nv, &cap, key, value)) != 0)
			goto cleanup;
	}
	*out = v;
	*n = nv;
	return 0;
cleanup:
	req_kv_free(v, nv);
	return rc;
}

static bool
cookie_name_char(unsigned char c)
{
	/* RFC 6265 token: visible ASCII but separators. */
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

int
req_parse_cookies(const char *header, struct kv **out, size_t *n)
{
	struct kv *v = NULL;
	size_t nv = 0, cap = 0;
	const char *p = header;
	int rc = 0;

	*out = NULL;
	*n = 0;
	while (p != NULL && *p != '\0' && nv < REQ_MAX_COOKIES) {
		size_t plen = strcspn(p, ";"), klen, vlen, k;
		const char *name = p, *val, *eq;
		bool ok = true;
		char *key, *value;

		p += plen;
		if (*p == ';')
			p++;
		while (plen > 0 && (*name == ' ' || *name == '\t')) {
			name++;
			plen--;
		}
		while (plen > 0 && (name[plen - 1] == ' ' || name[plen - 1] == '\t'))
			plen--;
		if ((eq = memchr(name, '=', plen)) == NULL)
			continue;
		klen = (size_t)(eq - name);
		val = eq + 1;
		vlen = plen - klen - 1;
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
			val++;
			vlen -= 2;
		}
		for (k = 0; k < klen; k++)
			ok = ok && cookie_name_char((unsigned char)name[k]);
		for (k = 0; k < vlen; k++)
			ok = ok && (unsigned char)val[k] > 0x20 && (unsigned char)val[k] < 0x7f &&
			     val[k] != '"' && val[k] != ',' && val[k] != '\\';
		if (klen == 0 || !ok)
			continue;
		key = strndup(name, klen);
		value = strndup(val, vlen);
		if (key == NULL || value == NULL) {
			free(key);
			free(value);
			rc = APP_ENOMEM;
			goto cleanup;
		}
		if ((rc = kv_push(&v, &nv, &cap, key, value)) != 0)
			goto cleanup;
	}
	*out = v;
	*n = nv;
	return 0;
cleanup:
	req_kv_free(v, nv);
	return rc;
}
