/* err.c - messages for the project's error codes. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
app_fail(struct app_msg *m, int err, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (m == NULL)
		return err;
	va_start(ap, fmt);
	vsnprintf(m->text, sizeof(m->text), fmt, ap);
	va_end(ap);
	/* Do not leave half a UTF-8 sequence at the end of a cut message. */
	n = strlen(m->text);
	if (n == sizeof(m->text) - 1) {
		while (n > 0 && ((unsigned char)m->text[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0 && ((unsigned char)m->text[n - 1] & 0x80))
			n--;
		m->text[n] = '\0';
	}
	return err;
}

const char *
app_strerror(int err)
{
	switch (err) {
	case APP_OK: return "success";
	case APP_ENOMEM: return "out of memory";
	case APP_EIO: return "input/output error";
	case APP_EINPUT: return "invalid input";
	case APP_ETOOBIG: return "input too large";
	case APP_ENOTFOUND: return "not found";
	case APP_EFORM: return "invalid form definition";
	case APP_ECONFLICT: return "conflicting change";
	case APP_EPERM: return "not permitted";
	case APP_EINTERNAL: return "internal error";
	default: return "unknown error";
	}
}
