/* importlist.h - the files an import takes from its command line: each
 * file as given, each folder walked (regular files only, hidden files and
 * folders skipped, a folder's files sorted by path). */
#ifndef S3PM_IMPORTLIST_H
#define S3PM_IMPORTLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Paths, owned by the list; and what could not be walked. */
struct importlist {
	char **path;
	size_t n, cap;
	bool folder;        /* some argument was a folder */
	struct buf trouble; /* "PATH: reason\n" for each folder not read */
	size_t ntrouble;
};

void importlist_init(struct importlist *l);
void importlist_cleanup(struct importlist *l);

/* Adds arg: a folder's files (folder set), or arg itself (a file, "-",
 * or a path that does not exist, whose import then says what is wrong).
 * A folder or subfolder that cannot be opened goes to trouble. 0 or
 * APP_ENOMEM. */
int importlist_add(struct importlist *l, const char *arg);

#endif
