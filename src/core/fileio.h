/* fileio.h - bounded file reading and atomic file writing. */
#ifndef S3PM_FILEIO_H
#define S3PM_FILEIO_H

#include <stddef.h>

#include "err.h"

/* Reads the whole file at path ("-" = standard input) into a new
 * NUL-terminated buffer (*out, free() it) of *len bytes. Files larger than
 * max bytes are refused before they are read: APP_ETOOBIG. Returns 0,
 * APP_ENOTFOUND, APP_EIO, APP_ETOOBIG or APP_ENOMEM, with a message that
 * names path. */
int fileio_read(const char *path, size_t max, char **out, size_t *len, struct app_msg *msg);

/* Writes data to path through a temporary file in the same folder and a
 * rename, so that readers see the old file or the whole new one. */
int fileio_write_atomic(const char *path, const void *data, size_t len, struct app_msg *msg);

#endif
