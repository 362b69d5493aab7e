/* netaddr.c - address lists and the client address behind trusted proxies (netaddr.h). */
#include "netaddr.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char v4_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool
netaddr_parse(const char *s, unsigned char out[16])
{
	struct in_addr a4;
	struct in6_addr a6;

	if (s == NULL || *s == '\0' || strlen(s) >= NETADDR_TEXT)
		return false;
	if (strchr(s, ':') == NULL) {
		if (inet_pton(AF_INET, s, &a4) != 1)
			return false;
		memcpy(out, v4_prefix, 12);
		memcpy(out + 12, &a4, 4);
		return true;
	}
	if (inet_pton(AF_INET6, s, &a6) != 1)
		return false;
	memcpy(out, &a6, 16);
	return true;
}

static bool
is_v4(const unsigned char a[16])
{
	return memcmp(a, v4_prefix, 12) == 0;
}

static bool
in_range(const struct netrange *r, const unsigned char a[16])
{
	int full = r->bits / 8, rest = r->bits % 8;

	if (memcmp(r->addr, a, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((r->addr[full] ^ a[full]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

/* One piece, "ADDR" or "ADDR/BITS", of len bytes. */
static int
parse_range(const char *p, size_t len, struct netrange *r, struct app_msg *msg)
{
	char text[NETADDR_TEXT + 8];
	char *slash;
	int bits = -1, i, max;

	if (len >= sizeof(text))
		return app_fail(msg, APP_EINPUT, "\"%.*s...\" is not an address or network", 40, p);
	memcpy(text, p, len);
	text[len] = '\0';
	if ((slash = strchr(text, '/')) != NULL) {
		const char *d = slash + 1;

		*slash = '\0';
		bits = 0;
		if (*d == '\0' || strlen(d) > 3)
			bits = -2;
		for (; bits >= 0 && *d != '\0'; d++) {
			if (*d < '0' || *d > '9')
				bits = -2;
			else
				bits = bits * 10 + (*d - '0');
		}
	}
	if (!netaddr_parse(text, r->addr) || bits == -2)
		return app_fail(msg, APP_EINPUT, "\"%s%s%s\" is not an address or network (such as 192.0.2.1, "
				"10.0.0.0/8, 2001:db8::/32)", text, slash != NULL ? "/" : "",
				slash != NULL ? slash + 1 : "");
	max = is_v4(r->addr) && strchr(text, ':') == NULL ? 32 : 128;
	if (bits > max)
		return app_fail(msg, APP_EINPUT, "\"%s/%d\": a prefix of at most %d bits", text, bits, max);
	if (bits < 0)
		bits = max;
	r->bits = max == 32 ? bits + 96 : bits;
	for (i = r->bits; i < 128; i++)
		if (r->addr[i / 8] & (0x80 >> (i % 8)))
			return app_fail(msg, APP_EINPUT, "\"%s/%d\": bits are set past the prefix (the network "
					"is written with its first address)", text, bits);
	return 0;
}

int
netlist_parse(const char *s, struct netlist *out, struct app_msg *msg)
{
	static const char sep[] = ", \t\r\n";
	struct netlist l = {NULL, 0};
	size_t cap = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	if (s == NULL)
		return 0;
	for (;;) {
		size_t len;

		s += strspn(s, sep);
		if (*s == '\0')
			break;
		len = strcspn(s, sep);
		if (l.n == NETLIST_MAX) {
			rc = app_fail(msg, APP_ETOOBIG, "more than %d addresses or networks", NETLIST_MAX);
			goto fail;
		}
		if (l.n == cap) {
			struct netrange *nv;

			cap = cap == 0 ? 4 : cap * 2;
			if ((nv = realloc(l.v, cap * sizeof(*nv))) == NULL) {
				rc = app_fail(msg, APP_ENOMEM, "out of memory");
				goto fail;
			}
			l.v = nv;
		}
		if ((rc = parse_range(s, len, &l.v[l.n], msg)) != 0)
			goto fail;
		l.n++;
		s += len;
	}
	*out = l;
	return 0;
fail:
	free(l.v);
	return rc;
}

void
netlist_free(struct netlist *l)
{
	if (l == NULL)
		return;
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static bool
list_has(const struct netlist *l, const unsigned char a[16])
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (in_range(&l->v[i], a))
			return true;
	return false;
}

bool
netlist_has(const struct netlist *l, const char *addr)
{
	unsigned char a[16];

	return netaddr_parse(addr, a) && list_has(l, a);
}

static void
put_addr(const unsigned char a[16], char *out, size_t n)
{
	char text[NETADDR_TEXT];

	if (is_v4(a) ? inet_ntop(AF_INET, a + 12, text, sizeof(text)) == NULL
		     : inet_ntop(AF_INET6, a, text, sizeof(text)) == NULL)
		snprintf(text, sizeof(text), "-");
	snprintf(out, n, "%s", text);
}

void
netaddr_client(const char *peer, const char *xff, const struct netlist *trusted, char *out, size_t n)
{
	unsigned char pa[16], a[16], last[16];
	const char *end;
	bool any = false;

	if (peer == NULL || !netaddr_parse(peer, pa)) {
		snprintf(out, n, "%s", peer != NULL ? peer : "-");
		return;
	}
	put_addr(pa, out, n);
	if (xff == NULL || !list_has(trusted, pa))
		return;
	/* From the right: each piece was written by the hop before the one
	 * that sent it to us, as long as that hop is trusted. */
	end = xff + strlen(xff);
	while (end > xff) {
		const char *start = end, *b, *e;
		char text[NETADDR_TEXT];

		while (start > xff && start[-1] != ',')
			start--;
		for (b = start; b < end && (*b == ' ' || *b == '\t'); b++)
			;
		for (e = end; e > b && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		end = start > xff ? start - 1 : xff;
		if (e == b) {
			if (start == xff)
				break;
			continue; /* an empty piece ("a,,b") */
		}
		if ((size_t)(e - b) >= sizeof(text))
			return; /* not an address: the peer */
		memcpy(text, b, (size_t)(e - b));
		text[e - b] = '\0';
		if (!netaddr_parse(text, a))
			return;
		if (!list_has(trusted, a)) {
			put_addr(a, out, n);
			return;
		}
		memcpy(last, a, 16);
		any = true;
		if (start == xff)
			break;
	}
	if (any)
		put_addr(last, out, n);
}
