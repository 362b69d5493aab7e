/* err.h - the project's one error convention: int return, 0 or a negative enum app_err. */
#ifndef S3PM_ERR_H
#define S3PM_ERR_H

#include <stddef.h>

enum app_err {
	APP_OK = 0,
	APP_ENOMEM = -1,    /* out of memory */
	APP_EIO = -2,       /* a file or stream could not be read or written */
	APP_EINPUT = -3,    /* the input is malformed or not what was expected */
	APP_ETOOBIG = -4,   /* the input passes a size limit */
	APP_ENOTFOUND = -5, /* a file, record or name does not exist */
	APP_EFORM = -6,     /* a form definition is invalid */
	APP_ECONFLICT = -7, /* a concurrent change collides with this one */
	APP_EPERM = -8,     /* the caller may not do this */
	APP_EINTERNAL = -9  /* a bug or a failing dependency */
};

#define APP_MSG_MAX 1024

/* A one-line message for a person, filled in where an error is detected.
 * Embedded by value; needs no cleanup. */
struct app_msg {
	char text[APP_MSG_MAX];
};

/* Writes the formatted message into m (may be NULL) and returns err, so that
 * callers can write `return app_fail(m, APP_EINPUT, "...")`. Long messages are
 * cut at APP_MSG_MAX - 1 bytes, on a UTF-8 character boundary. */
int app_fail(struct app_msg *m, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A short English text for err; never NULL. */
const char *app_strerror(int err);

#endif
