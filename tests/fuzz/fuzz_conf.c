/* fuzz_conf.c - libFuzzer target: bytes as a configuration file, and every value it accepts checked again. */
#include "conf.h"
#include "err.h"
#include "netaddr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app_msg msg = {{0}};
	struct conf c;
	size_t i;

	if (conf_parse((const char *)data, size, "fuzz.conf", &c, &msg) != 0) {
		/* A refusal says where: the file's name, and a line for all
		 * but a size refusal. */
		if (strncmp(msg.text, "fuzz.conf", 9) != 0)
			abort();
		if (c.n != 0 || c.v != NULL)
			abort();
		return 0;
	}
	for (i = 0; i < c.n; i++) {
		const char *norm = NULL;

		/* What was accepted stays accepted, and hands on itself. */
		if (conf_check(c.v[i].key, c.v[i].value, &norm, &msg) != 0 || strcmp(norm, c.v[i].value) != 0)
			abort();
		if (conf_get(&c, c.v[i].key->name) != c.v[i].value)
			abort();
		if (c.v[i].key->type == CONF_NETS && strcmp(c.v[i].value, "none") != 0) {
			struct netlist l;
			char out[NETADDR_TEXT];

			if (netlist_parse(c.v[i].value, &l, &msg) != 0 || l.n == 0)
				abort();
			/* The client choice over the value as a header. */
			netaddr_client("127.0.0.1", c.v[i].value, &l, out, sizeof(out));
			if (out[0] == '\0')
				abort();
			netlist_free(&l);
		}
	}
	conf_free(&c);
	return 0;
}
