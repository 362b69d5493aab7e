/* store_backup.c - backups and restores of the SQLite database (store.h):
 * an online copy by SQLite's backup API into a checked, fsync'd file, and
 * the atomic replacement of the database by such a copy. */
#include "db.h"
#include "db_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

/* Pages copied a step: the source's read snapshot is held across the
 * steps, so writers go on between them and after. */
#define BACKUP_STEP_PAGES 1024
/* How often a step may find the destination busy before giving up. */
#define BACKUP_BUSY_TRIES 500

#define PATH_MAX_LEN 4096

static bool
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* The folder of path, for fsync after a rename. */
static int
sync_dir_of(const char *path)
{
	char dir[PATH_MAX_LEN];
	const char *slash = strrchr(path, '/');
	size_t n;
	int fd, rc = 0;

	if (slash == NULL) {
		dir[0] = '.';
		dir[1] = '\0';
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof(dir))
			return db_err(APP_EINPUT, "%s: path too long", path);
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return db_err(APP_EIO, "%s: %s", dir, strerror(errno));
	if (fsync(fd) != 0)
		rc = db_err(APP_EIO, "%s: fsync: %s", dir, strerror(errno));
	close(fd);
	return rc;
}

static int
sync_file(const char *path)
{
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return db_err(APP_EIO, "%s: %s", path, strerror(errno));
	if (fsync(fd) != 0)
		rc = db_err(APP_EIO, "%s: fsync: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* A new empty file beside path ("PATH.tmp-XXXXXX") whose name goes to
 * out. */
static int
temp_beside(const char *path, char *out, size_t size)
{
	int fd, n;

	n = snprintf(out, size, "%s.tmp-XXXXXX", path);
	if (n < 0 || (size_t)n >= size)
		return db_err(APP_EINPUT, "%s: path too long", path);
	fd = mkstemp(out);
	if (fd < 0) {
		out[0] = '\0';
		return db_err(APP_EIO, "%s: cannot create a temporary file: %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

/* Removes a temporary database and what SQLite may have left beside it. */
static void
remove_db_files(const char *path)
{
	char side[PATH_MAX_LEN + 16];

	if (path == NULL || path[0] == '\0')
		return;
	unlink(path);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* One integer of a query without parameters. */
static int
query_int(sqlite3 *db, const char *sql, const char *what, int64_t *v)
{
	sqlite3_stmt *s = NULL;
	int r, rc = 0;

	*v = 0;
	r = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	else
		rc = db_sqlite_fail(db, r == SQLITE_DONE ? SQLITE_INTERNAL : r, what);
	sqlite3_finalize(s);
	return rc;
}

/* Whether db is an s3pm database, and its schema version. */
static int
s3pm_version(sqlite3 *db, const char *path, int *version)
{
	int64_t n = 0, v = 0;
	int rc;

	*version = 0;
	rc = query_int(db,
		       "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		       " AND name IN ('schema_version', 'partnerships', 'reports', 'audit')",
		       path, &n);
	if (rc != 0 && strstr(db_errmsg(), "not a database") != NULL)
		return db_err(APP_EINPUT, "%s is not an SQLite database", path);
	if (rc != 0)
		return rc;
	if (n != 4)
		return db_err(APP_EINPUT, "%s is not an s3pm database (no schema_version, reports, ... tables)",
			      path);
	rc = query_int(db, "SELECT coalesce(max(version), 0) FROM schema_version", path, &v);
	if (rc != 0)
		return rc;
	if (v < 1 || v > store_nmigrations)
		return db_err(APP_EINPUT, "%s has schema version %lld; this program knows 1 to %d", path,
			      (long long)v, store_nmigrations);
	*version = (int)v;
	return 0;
}

/* PRAGMA integrity_check says "ok", else its first complaint. */
static int
integrity(sqlite3 *db, const char *path)
{
	sqlite3_stmt *s = NULL;
	const unsigned char *t;
	int r, rc = 0;

	r = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(s);
	if (r != SQLITE_ROW) {
		rc = db_sqlite_fail(db, r, path);
		if (rc == APP_EIO && (r & 0xff) == SQLITE_NOTADB)
			rc = db_err(APP_EINPUT, "%s is not an SQLite database", path);
		goto out;
	}
	t = sqlite3_column_text(s, 0);
	if (t == NULL || strcmp((const char *)t, "ok") != 0)
		rc = db_err(APP_EINPUT, "%s fails the integrity check: %s", path,
			    t != NULL ? (const char *)t : "no answer");
out:
	sqlite3_finalize(s);
	return rc;
}

/* Copies src's main database into dst with the backup API, in steps,
 * inside one read transaction on src: a snapshot, whatever other
 * connections write meanwhile. */
static int
copy_db(sqlite3 *src, sqlite3 *dst, const char *src_path, const char *dst_path)
{
	sqlite3_backup *b;
	int r, busy = 0, rc = 0;
	int64_t n;

	rc = db_sqlite_exec(src, "BEGIN", src_path);
	if (rc == 0)
		rc = query_int(src, "SELECT count(*) FROM sqlite_master", src_path, &n);
	if (rc != 0)
		goto out;
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL) {
		rc = db_sqlite_fail(dst, sqlite3_extended_errcode(dst), dst_path);
		goto out;
	}
	for (;;) {
		r = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (r == SQLITE_DONE)
			break;
		if (r == SQLITE_OK)
			continue;
		if ((r == SQLITE_BUSY || r == SQLITE_LOCKED) && ++busy < BACKUP_BUSY_TRIES) {
			sqlite3_sleep(10);
			continue;
		}
		break;
	}
	r = sqlite3_backup_finish(b);
	if (r != SQLITE_OK)
		rc = db_sqlite_fail(dst, r, dst_path);
out:
	if (!sqlite3_get_autocommit(src))
		sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Copies the database at from into the new file tmp and checks the copy
 * (a file of its own: rollback journal), whose facts go to info. */
static int
copy_checked(const char *from, const char *tmp, struct store_copy_info *info)
{
	sqlite3 *src = NULL, *dst = NULL;
	int64_t v;
	int rc, sv = 0;

	rc = db_sqlite_open(from, SQLITE_OPEN_READONLY, &src);
	if (rc == 0)
		rc = s3pm_version(src, from, &sv);
	if (rc == 0)
		rc = db_sqlite_open(tmp, SQLITE_OPEN_READWRITE, &dst);
	if (rc == 0)
		rc = copy_db(src, dst, from, tmp);
	/* The copy's header says WAL, as the source's: one file is easier
	 * to keep and move. */
	if (rc == 0)
		rc = db_sqlite_exec(dst, "PRAGMA journal_mode = DELETE", tmp);
	if (rc == 0)
		rc = integrity(dst, tmp);
	if (rc == 0)
		rc = s3pm_version(dst, tmp, &info->schema);
	if (rc == 0 && info->schema != sv)
		rc = db_err(APP_EINTERNAL, "%s: the copy has schema %d, the database %d", tmp,
			    info->schema, sv);
	if (rc == 0)
		rc = query_int(dst, "PRAGMA page_count", tmp, &info->pages);
	if (rc == 0)
		rc = query_int(dst, "PRAGMA page_size", tmp, &v);
	if (rc == 0)
		info->bytes = info->pages * v;
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

int
store_backup(const char *db_path, const char *file, bool force, struct store_copy_info *info,
	     struct app_msg *msg)
{
	struct store_copy_info ci = {0};
	char tmp[PATH_MAX_LEN];
	int rc;

	tmp[0] = '\0';
	if (info != NULL)
		*info = ci;
	if (db_path == NULL || file == NULL || file[0] == '\0')
		return app_fail(msg, APP_EINPUT, "backup: no database or no file");
	if (db_path_is_pg(db_path))
		return app_fail(msg, APP_EINPUT, "backup copies an SQLite file; back up PostgreSQL with"
				" its own tools (pg_dump, pg_basebackup), or move the site with s3pm dump");
	if (!exists(db_path))
		return app_fail(msg, APP_ENOTFOUND, "%s: no such database", db_path);
	if (!force && exists(file))
		return app_fail(msg, APP_ECONFLICT, "%s exists (--force replaces it)", file);
	rc = temp_beside(file, tmp, sizeof(tmp));
	if (rc == 0)
		rc = copy_checked(db_path, tmp, &ci);
	if (rc == 0)
		rc = sync_file(tmp);
	if (rc != 0)
		goto out;
	if (force) {
		if (rename(tmp, file) != 0)
			rc = db_err(APP_EIO, "%s: %s", file, strerror(errno));
	} else if (link(tmp, file) != 0) {
		/* link, not rename: it never replaces a file made meanwhile. */
		rc = errno == EEXIST ? db_err(APP_ECONFLICT, "%s exists (--force replaces it)", file)
				     : db_err(APP_EIO, "%s: %s", file, strerror(errno));
	}
	if (rc == 0)
		rc = sync_dir_of(file);
out:
	remove_db_files(tmp);
	if (rc != 0)
		return app_fail(msg, rc, "%s", db_errmsg());
	if (info != NULL)
		*info = ci;
	return 0;
}

/* Copies what the log of db_path holds into the file and lets SQLite
 * remove the log: the file alone is then the whole database. */
static int
fold_log(const char *db_path)
{
	char wal[PATH_MAX_LEN + 8];
	struct stat sb;
	sqlite3 *db = NULL;
	int rc;

	rc = db_sqlite_open(db_path, SQLITE_OPEN_READWRITE, &db);
	if (rc == 0)
		rc = db_sqlite_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", db_path);
	sqlite3_close(db);
	if (rc != 0)
		return rc;
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	if (stat(wal, &sb) == 0 && sb.st_size > 0)
		return db_err(APP_ECONFLICT, "%s: its log could not be copied into it (is it in use?)",
			      db_path);
	return 0;
}

int
store_restore(const char *db_path, const char *file, const char *before, struct store_copy_info *info,
	      struct app_msg *msg)
{
	struct store_copy_info ci = {0};
	char tmp[PATH_MAX_LEN], side[PATH_MAX_LEN + 8];
	sqlite3 *chk = NULL;
	bool had_db;
	int rc, lockfd = -1, v = 0;

	tmp[0] = '\0';
	if (info != NULL)
		*info = ci;
	if (db_path == NULL || file == NULL || before == NULL || file[0] == '\0')
		return app_fail(msg, APP_EINPUT, "restore: no database or no file");
	if (db_path_is_pg(db_path))
		return app_fail(msg, APP_EINPUT, "restore puts back an SQLite file; restore PostgreSQL"
				" with its own tools (pg_restore), or load a dump with s3pm load");
	if (!exists(file))
		return app_fail(msg, APP_ENOTFOUND, "%s: no such file", file);
	/* The backup first: nothing is touched for a bad one. */
	rc = db_sqlite_open(file, SQLITE_OPEN_READONLY, &chk);
	if (rc == 0)
		rc = s3pm_version(chk, file, &v);
	if (rc == 0)
		rc = integrity(chk, file);
	sqlite3_close(chk);
	if (rc != 0 && strstr(db_errmsg(), "not a database") != NULL)
		rc = db_err(APP_EINPUT, "%s is not an SQLite database", file);
	if (rc != 0)
		goto out;
	had_db = exists(db_path);
	if (had_db && exists(before)) {
		rc = db_err(APP_ECONFLICT, "%s exists (an earlier restore's): move it away first", before);
		goto out;
	}
	/* Held until the new file is in place: servers and other commands
	 * cannot open the database meanwhile, nor is it done while they
	 * have it open. */
	rc = db_sqlite_lock(db_path, true, &lockfd);
	if (rc == 0 && had_db)
		rc = fold_log(db_path);
	if (rc == 0)
		rc = temp_beside(db_path, tmp, sizeof(tmp));
	if (rc == 0)
		rc = copy_checked(file, tmp, &ci);
	if (rc == 0)
		rc = sync_file(tmp);
	if (rc != 0)
		goto out;
	if (had_db && link(db_path, before) != 0) {
		rc = db_err(APP_EIO, "%s: %s", before, strerror(errno));
		goto out;
	}
	/* The old log and its index must not meet the new file. */
	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
	if (rename(tmp, db_path) != 0) {
		rc = db_err(APP_EIO, "%s: %s", db_path, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	rc = sync_dir_of(db_path);
out:
	remove_db_files(tmp);
	if (lockfd >= 0)
		close(lockfd);
	if (rc != 0)
		return app_fail(msg, rc, "%s", db_errmsg());
	if (info != NULL)
		*info = ci;
	return 0;
}
