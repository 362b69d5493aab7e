/* report_parts.h - which sections of a report an actor may change, and
 * documents assembled from parts of two documents of one form. */
#ifndef S3PM_REPORT_PARTS_H
#define S3PM_REPORT_PARTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "form.h"
#include "policy.h"

/* Fills editable[0..f->nsections) with whether actor a may change the
 * answers of each section of a report of partnership_id in status s: it
 * may edit the report and read the section. */
void report_editable_sections(const struct form *f, const struct actor *a, int64_t partnership_id,
		       enum report_status s, bool *editable);

/* Replaces *doc (canonical, of form f) by a canonical copy in which the
 * answers of the sections not editable, and the unmapped text, are those
 * of `from` (the stored document, canonical too; NULL = none): what an
 * editor cannot see or change is kept as it was. The new document shares
 * its answers with the old *doc and with from (no copies): none of them
 * is to be changed afterwards. Returns 0, APP_EINPUT when *doc has no
 * answers, or APP_ENOMEM. */
int report_keep_locked(const struct form *f, const bool *editable, json_t *from, json_t **doc);

/* Sets the part of doc's answers named by path - a question id, or
 * "QID.SUB" for one likert row or group field - to that part of src's
 * answers (removing it when src has none). doc stays canonical once passed
 * through report_canonical again. Returns 0, APP_EINPUT for a path the form
 * does not have, or APP_ENOMEM. */
int report_copy_part(const struct form *f, json_t *doc, json_t *src, const char *path);

#endif
