/* finding.h - validation findings: a list, and its text and JSON renderings. */
#ifndef S3PM_FINDING_H
#define S3PM_FINDING_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

enum finding_severity {
	FINDING_ERROR,
	FINDING_WARNING
};

struct finding {
	enum finding_severity severity;
	char *field;      /* question id, e.g. "participating_regions"; owned */
	size_t row;       /* table or list row counted from 1; 0 = not about a row */
	char *code;       /* stable machine-readable code, e.g. "nuts-name-mismatch"; owned */
	char *message;    /* one sentence for a person; owned */
	char *suggestion; /* the value to write instead, or NULL; owned */
};

struct findings {
	struct finding *v;
	size_t n;
	size_t cap;
};

void findings_init(struct findings *f);
void findings_cleanup(struct findings *f);

/* Adds one finding; strings are copied. field, code and suggestion may be
 * NULL. Returns 0 or APP_ENOMEM. */
int findings_add(struct findings *f, enum finding_severity sev, const char *field,
		 size_t row, const char *code, const char *suggestion, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

size_t findings_count(const struct findings *f, enum finding_severity sev);

/* Appends one line per finding, like a compiler's diagnostics:
 * "FILE: field row N: error: message (suggestion: X)". */
int findings_print_text(const struct findings *f, const char *file, struct buf *out);

/* A new JSON array of {severity, field, row, code, message, suggestion};
 * row and suggestion are null where absent. NULL on OOM. */
json_t *findings_to_json(const struct findings *f);

/* The column of a region row ("name", "country" or "nuts") that a
 * finding's suggestion is a value of, so that it can be applied in one
 * click; NULL when it is none (no suggestion, not about a row, or a
 * suggestion that only explains). */
const char *finding_column(const struct finding *d);

#endif
