/* app_backup.h - the operator's commands on the whole database: backups
 * and restores (SQLite files), dumps and loads (JSON lines, to move
 * between backends; docs/internals/dump.md). No actor: whoever may run
 * the command line on the server's files may do these. */
#ifndef S3PM_APP_BACKUP_H
#define S3PM_APP_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app.h"

/* The suffix of the name a restore keeps the replaced database under. */
#define APP_BEFORE_RESTORE ".before-restore"

struct app_copy_result {
	int schema;      /* the copy's schema version */
	int schema_now;  /* after a restore: the database's, migrated */
	int64_t bytes;   /* the copy's size */
	char before[4096]; /* after a restore: where the replaced database is kept ("": there was none) */
};

/* Copies the database at db_path into file while servers go on writing;
 * APP_ECONFLICT when file exists and !force. */
int app_backup(const char *db_path, const char *file, bool force, struct app_copy_result *out,
	       struct app_msg *msg);
/* Replaces the database at db_path by the backup file (checked first),
 * keeping the replaced one as db_path APP_BEFORE_RESTORE, then migrates it
 * to this program's schema. APP_ECONFLICT while another s3pm process has
 * db_path open, or when the kept name is taken. */
int app_restore(const char *db_path, const char *file, struct app_copy_result *out,
		struct app_msg *msg);

/* Writes the dump of the database at db_path to out. */
int app_dump(const char *db_path, FILE *out, size_t *rows, struct app_msg *msg);

struct app_load_result {
	size_t rows;     /* rows loaded */
	int schema;      /* the dump's schema version */
	int schema_now;  /* the database's after migration */
	size_t indexed;  /* reports indexed for search and figures */
};
/* Loads the dump read from in (named name in messages) into the new or
 * empty database at db_path, then migrates it and rebuilds what is
 * derived (app_search_reindex: the caller sets app's form, forms_dir and
 * nuts; app->store is opened and closed here). check_only: everything is
 * read and checked, nothing kept. Bad input: APP_EINPUT or APP_ETOOBIG
 * with the line in msg, nothing written; APP_ECONFLICT: the database is
 * not empty. */
int app_load(struct app *app, const char *db_path, FILE *in, const char *name, bool check_only,
	     struct app_load_result *out, struct app_msg *msg);

#endif
