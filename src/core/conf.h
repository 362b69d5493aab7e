/* conf.h - the configuration file (/etc/s3pm/s3pm.conf): its keys, each
 * with the environment variable and the flag that override it, the
 * reading and checking of "key = value" lines, and handing the values on
 * as defaults of the environment. See etc/s3pm.conf.example. */
#ifndef S3PM_CONF_H
#define S3PM_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define CONF_DEFAULT_PATH "/etc/s3pm/s3pm.conf"
#define CONF_MAX_FILE (1u << 20) /* bytes of a configuration file at most */
#define CONF_MAX_LINE 4096       /* bytes of one line at most */

enum conf_type {
	CONF_PATH,    /* a file or folder: printable, no control characters */
	CONF_TEXT,    /* printable text without spaces */
	CONF_UINT,    /* a decimal number from min to max */
	CONF_BOOL,    /* true/false, yes/no, on/off, 1/0: handed on as "1" or "0" */
	CONF_LISTEN,  /* HOST:PORT, [V6]:PORT or :PORT */
	CONF_DB,      /* an SQLite file's path (postgresql://... is refused for now) */
	CONF_WEB_URL, /* http(s)://... */
	CONF_LINK,    /* http(s)://..., mailto:... or a path of the site */
	CONF_SMTP,    /* smtp://... or smtps://... */
	CONF_EMAIL,   /* an e-mail address */
	CONF_DAYS,    /* days before a deadline, "14,3" */
	CONF_NETS     /* addresses and networks (netaddr.h), or "none" */
};

struct conf_key {
	const char *name;  /* "max_body" */
	const char *env;   /* "S3PM_MAX_BODY": overrides the file */
	const char *flag;  /* "--max-body": overrides both; NULL when none */
	enum conf_type type;
	uint64_t min, max; /* CONF_UINT */
};

/* The keys, in the order of the example file. */
const struct conf_key *conf_keys(size_t *n);
/* The key named name, or NULL. */
const struct conf_key *conf_key(const char *name);

struct conf_entry {
	const struct conf_key *key;
	char *value; /* checked; CONF_BOOL as "1" or "0"; owned */
	int line;
};

struct conf {
	struct conf_entry *v; /* owned: conf_free */
	size_t n;
};

/* Parses the text of a configuration file (len bytes; name is the file's
 * name for messages). Lines are "key = value" (white space around both
 * is dropped), blank, or comments starting with '#' or ';'; the value is
 * the rest of the line, quotes included, so that an address may hold '#'.
 * APP_EINPUT with "NAME:LINE: ..." naming the key for an unknown key, a
 * key given twice, a missing or bad value, a line that is not key = value,
 * a NUL byte, a line past CONF_MAX_LINE; APP_ETOOBIG past CONF_MAX_FILE;
 * APP_ENOMEM. On error *out is empty. */
int conf_parse(const char *text, size_t len, const char *name, struct conf *out, struct app_msg *msg);
/* Reads and parses the file at path: APP_ENOTFOUND/APP_EIO when it cannot
 * be read (the message names it), else as conf_parse. */
int conf_load(const char *path, struct conf *out, struct app_msg *msg);
void conf_free(struct conf *c);

/* A value of c, or NULL. Borrowed. */
const char *conf_get(const struct conf *c, const char *name);

/* Checks value as a value of key; 0 or APP_EINPUT saying why (without the
 * key's name). *norm (may be NULL) gets the value handed on: value itself,
 * or "1"/"0" for CONF_BOOL (static). */
int conf_check(const struct conf_key *key, const char *value, const char **norm, struct app_msg *msg);

/* Parses a CONF_BOOL value; 0 or APP_EINPUT. */
int conf_bool(const char *value, int *out);

/* Hands every value of c on as its environment variable, unless that is
 * already set (the environment overrides the file). Call before any
 * thread starts. 0, or APP_ENOMEM. */
int conf_export(const struct conf *c, struct app_msg *msg);

#endif
