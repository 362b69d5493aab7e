/* strutil.c - small string helpers every ring shares. */
#include "strutil.h"

#include <stdlib.h>
#include <string.h>

static bool
space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

char *
str_trimmed_dup(const char *s)
{
	size_t a = 0, z;
	char *r;

	if (s == NULL)
		s = "";
	z = strlen(s);
	while (a < z && space(s[a]))
		a++;
	while (z > a && space(s[z - 1]))
		z--;
	r = malloc(z - a + 1);
	if (r != NULL) {
		memcpy(r, s + a, z - a);
		r[z - a] = '\0';
	}
	return r;
}

size_t
str_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool
str_has_control(const char *s)
{
	for (; s != NULL && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

bool
str_email_ok(const char *s)
{
	const char *at;
	size_t i, n;

	if (s == NULL)
		return false;
	at = strchr(s, '@');
	n = strlen(s);
	if (n < 3 || n > 254 || at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	if (strchr(at + 1, '.') == NULL || at[1] == '.' || s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || s[i] == '<' || s[i] == '>' ||
		    s[i] == '"' || s[i] == ',' || s[i] == ';')
			return false;
	return true;
}

void
str_ascii_lower(char *s)
{
	for (; s != NULL && *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

bool
str_local_path(const char *p)
{
	size_t i;

	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (i = 0; p[i] != '\0'; i++)
		if ((unsigned char)p[i] <= 0x20 || p[i] == 0x7f || p[i] == '\\')
			return false;
	return i <= 1024;
}

size_t
str_utf8_cut(const char *s, size_t n)
{
	size_t len = strlen(s);

	if (len <= n)
		return len;
	/* Back to the first byte of the character that would be cut. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

int
str_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
