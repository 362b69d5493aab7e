/* merge.h - merging two people's edits of one report: a save made on an
 * older revision is merged when it touches other questions than the saves
 * made since, and is a conflict when it touches the same ones. */
#ifndef S3PM_MERGE_H
#define S3PM_MERGE_H

#include <jansson.h>

#include "form.h"

/* Three-way merge of canonical documents: base is the revision the editor
 * started from, mine what they save, theirs the latest revision. The unit
 * is the question; a likert row (one SDG) and a group field (one
 * self-assessment answer) count as questions of their own, a table or a
 * region list as one. On return *merged is the merged document (new
 * reference) and *conflicts a new array of {"question": "sdg.3", "label":
 * "...", "mine": value|null, "theirs": value|null}; *merged takes theirs
 * where they conflict. Returns 0 or APP_ENOMEM. */
int merge_docs(const struct form *f, json_t *base, json_t *mine, json_t *theirs, json_t **merged,
	       json_t **conflicts);

#endif
