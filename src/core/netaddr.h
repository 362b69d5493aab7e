/* netaddr.h - IPv4 and IPv6 addresses and networks as text: lists of
 * trusted proxies and of allowed addresses, and the choice of a request's
 * client address behind trusted proxies (X-Forwarded-For). Pure: no I/O. */
#ifndef S3PM_NETADDR_H
#define S3PM_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* A network: 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), and the
 * length of its prefix in bits (128 for one address). */
struct netrange {
	unsigned char addr[16];
	int bits;
};

/* The networks of a list; the caller owns v (netlist_free). */
struct netlist {
	struct netrange *v;
	size_t n;
};

#define NETLIST_MAX 256     /* networks in one list at most */
#define NETADDR_TEXT 46     /* INET6_ADDRSTRLEN: room for any address as text */

/* Parses one address ("192.0.2.1", "2001:db8::1"; no zone, no port) into
 * 16 bytes (IPv4 mapped). true when it is one. */
bool netaddr_parse(const char *s, unsigned char out[16]);

/* Parses a list of addresses and networks ("127.0.0.1, ::1, 10.0.0.0/8,
 * fd00::/8"), separated by commas and/or white space; "" gives an empty
 * list. An IPv4 prefix counts 0 to 32 bits, an IPv6 one 0 to 128; bits
 * set past the prefix are refused (10.0.0.1/8 is a mistake, not 10/8).
 * APP_EINPUT naming the bad piece, APP_ETOOBIG past NETLIST_MAX,
 * APP_ENOMEM. On error *out is empty. */
int netlist_parse(const char *s, struct netlist *out, struct app_msg *msg);
void netlist_free(struct netlist *l);

/* Whether the address text addr falls in one of l's networks (false for
 * NULL, "" or what is not an address). */
bool netlist_has(const struct netlist *l, const char *addr);

/* The client of a request that came from peer (the socket's address,
 * as text) with the X-Forwarded-For header xff (NULL when absent; several
 * headers joined by commas in their order). Only when peer is in trusted is
 * xff read: from its right, the first address that is not itself in
 * trusted is the client (the ones to its left were written by whoever
 * sent the request and prove nothing); when every address is trusted the
 * left-most is; when a piece on the way is not an address, or xff is
 * absent or empty, peer is. Otherwise peer is the client, whatever xff
 * says. The answer is written to out (n >= NETADDR_TEXT) in its canonical
 * form (IPv4 mapped into IPv6 as plain IPv4), or peer as it was given
 * when it is not an address itself. */
void netaddr_client(const char *peer, const char *xff, const struct netlist *trusted, char *out, size_t n);

#endif
