/* store_check.h - the store's checks of its input before anything reaches
 * the database, private to src/store. The vocabularies come from core
 * (model.h, period.h), so that the store and the rest of the program
 * accept the same words. Each check returns 0 or APP_EINPUT/APP_ETOOBIG
 * with the store message (store_errmsg) naming the field; the _ok
 * predicates only answer. */
#ifndef S3PM_STORE_CHECK_H
#define S3PM_STORE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* A text field of at most max bytes, valid UTF-8 without NUL; NULL counts
 * as "" unless required, and required also refuses "". */
int check_text(const char *s, size_t max, bool required, const char *what);
/* A fixed-size string field of a struct (size bytes): terminated inside
 * it, not empty, valid UTF-8. */
int check_fixed(const char *s, size_t size, const char *what);

/* "YYYY-H1" / "YYYY-H2" as period_parse reads it. s may be NULL or an
 * unterminated char[8]: at most 8 bytes are read. */
bool check_period_ok(const char *s);
/* "YYYY-MM-DD" with a month 01-12 and a day 01-31. */
bool check_date_ok(const char *s);
/* 1 to 100 bytes of a-z, 0-9 and '-'. */
bool check_slug_ok(const char *s);
/* One of the account roles (role_parse): *out is set. */
bool check_role_ok(const char *s, enum role *out);
/* A report status of the enum. */
bool check_status_ok(enum report_status s);

/* A lower-cased malloc'd copy of email (ASCII letters; the schema's
 * lower() folds the same ones) after a sanity check: something@something,
 * no spaces, at most 254 bytes. */
int check_email_norm(const char *email, char **out);

#endif
