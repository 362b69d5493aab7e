/* importlist.c - the files an import takes: arguments as given, folders
 * walked depth first, hidden entries and anything but regular files and
 * folders (symbolic links, devices, sockets) left out, each folder
 * argument's files sorted by path. */
#include "importlist.h"
#include "err.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How deep a walk goes: deeper folders are listed as trouble. */
#define WALK_MAX_DEPTH 64

void
importlist_init(struct importlist *l)
{
	memset(l, 0, sizeof(*l));
	buf_init(&l->trouble, 1u << 20);
}

void
importlist_cleanup(struct importlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->path[i]);
	free(l->path);
	buf_cleanup(&l->trouble);
	memset(l, 0, sizeof(*l));
}

/* Takes p (malloc'd) into the list, or frees it. */
static int
push(struct importlist *l, char *p)
{
	if (p == NULL)
		return APP_ENOMEM;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->path, cap * sizeof(*v));

		if (v == NULL) {
			free(p);
			return APP_ENOMEM;
		}
		l->path = v;
		l->cap = cap;
	}
	l->path[l->n++] = p;
	return 0;
}

static int
trouble(struct importlist *l, const char *path, const char *why)
{
	l->ntrouble++;
	return buf_printf(&l->trouble, "%s: %s\n", path, why) ? APP_ENOMEM : 0;
}

static char *
join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	if (a == 0 || dir[a - 1] != '/')
		p[a++] = '/';
	memcpy(p + a, name, b + 1);
	return p;
}

static int
walk(struct importlist *l, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > WALK_MAX_DEPTH)
		return trouble(l, dir, "folders nested too deep, not read");
	d = opendir(dir);
	if (d == NULL)
		return trouble(l, dir, strerror(errno));
	while (rc == 0 && (errno = 0, e = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (e->d_name[0] == '.')
			continue; /* hidden, and "." and ".." */
		if ((p = join(dir, e->d_name)) == NULL) {
			rc = APP_ENOMEM;
			break;
		}
		if (lstat(p, &st) != 0) {
			rc = trouble(l, p, strerror(errno));
			free(p);
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk(l, p, depth + 1);
			free(p);
		} else if (S_ISREG(st.st_mode)) {
			rc = push(l, p);
		} else {
			free(p);
		}
	}
	if (rc == 0 && errno != 0)
		rc = trouble(l, dir, strerror(errno));
	closedir(d);
	return rc;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
importlist_add(struct importlist *l, const char *arg)
{
	struct stat st;
	size_t from = l->n;
	int rc;

	if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0 || !S_ISDIR(st.st_mode))
		return push(l, strdup(arg));
	l->folder = true;
	rc = walk(l, arg, 0);
	if (rc == 0 && l->n > from)
		qsort(l->path + from, l->n - from, sizeof(*l->path), by_path);
	return rc;
}
