/* fileio.c - bounded file reading and atomic file writing. */
#include "fileio.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
fileio_read(const char *path, size_t max, char **out, size_t *len, struct app_msg *msg)
{
	struct buf b;
	struct stat st;
	char chunk[65536];
	int fd, rc = 0;
	ssize_t n;

	*out = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return app_fail(msg, APP_ENOTFOUND, "%s: no such file", path);
		return app_fail(msg, APP_EIO, "%s: cannot open: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) != 0) {
		rc = app_fail(msg, APP_EIO, "%s: cannot read: %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = app_fail(msg, APP_EIO, "%s: is a folder, not a file", path);
		goto out;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
		rc = app_fail(msg, APP_ETOOBIG, "%s: too large (%lld bytes; the limit is %zu bytes)",
			      path, (long long)st.st_size, max);
		goto out;
	}
	buf_init(&b, max);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = app_fail(msg, APP_EIO, "%s: cannot read: %s", path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		rc = buf_append(&b, chunk, (size_t)n);
		if (rc == APP_ETOOBIG) {
			app_fail(msg, rc, "%s: too large (more than %zu bytes)", path, max);
			break;
		}
		if (rc) {
			app_fail(msg, rc, "%s: out of memory", path);
			break;
		}
	}
	if (rc == 0) {
		*out = buf_take(&b, len);
		if (*out == NULL)
			rc = app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
	}
	buf_cleanup(&b);
out:
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

int
fileio_write_atomic(const char *path, const void *data, size_t len, struct app_msg *msg)
{
	char tmp[4096];
	const char *p = data;
	int fd, rc = 0;
	ssize_t n;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= sizeof(tmp))
		return app_fail(msg, APP_EINPUT, "%s: file name too long", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return app_fail(msg, APP_EIO, "%s: cannot create: %s", tmp, strerror(errno));
	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = app_fail(msg, APP_EIO, "%s: cannot write: %s", tmp, strerror(errno));
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = app_fail(msg, APP_EIO, "%s: cannot write: %s", tmp, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = app_fail(msg, APP_EIO, "%s: cannot write: %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = app_fail(msg, APP_EIO, "%s: cannot write: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
	return rc;
}
