/* pdf_sniff.c - is it a PDF? By its content, not its name. */
#include "pdf_in.h"

#include <string.h>

bool
pdf_sniff(const char *data, size_t len)
{
	size_t n = len < 1024 ? len : 1024, i;

	/* Readers allow junk before the header; so do we, within 1 KiB. */
	for (i = 0; i + 5 <= n; i++)
		if (data[i] == '%' && memcmp(data + i, "%PDF-", 5) == 0)
			return true;
	return false;
}
