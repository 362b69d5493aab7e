/* doccache.h - the canonical documents of stored reports, kept in memory
 * so that a save does not parse and canonicalise again the stored text it
 * is written on (the autosave saves every few seconds per editor, each
 * time on the revision the previous save wrote).
 *
 * An entry answers only for the very text it was made from, compared byte
 * for byte with the text the store returned, and for the same form: what
 * another process writes, or a revision written meanwhile, is never
 * mistaken for it, and a miss only costs the parse it would have cost
 * anyway. Documents come out as deep copies and go in as deep copies
 * (doccache_put) or, from a caller that will not change them, as they are
 * (doccache_keep): a kept document is only ever read, by that caller and
 * by the copying of later gets, which is safe across threads (jansson's
 * reference counts are atomic). One slot per report (by id, modulo the slot
 * count), replaced by the next put for it or for a report that shares the
 * slot. Thread-safe. */
#ifndef S3PM_DOCCACHE_H
#define S3PM_DOCCACHE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct doccache;

/* At most `slots` documents, each of a text of at most max_text bytes
 * (longer ones are not kept). NULL on OOM or when slots is 0. */
struct doccache *doccache_new(size_t slots, size_t max_text);
/* Accepts NULL. */
void doccache_free(struct doccache *dc);

/* A new copy of the canonical document (form form_id) kept for report
 * report_id whose stored text is exactly text, or NULL when none is kept
 * (or dc is NULL, or out of memory). */
json_t *doccache_get(struct doccache *dc, int64_t report_id, const char *form_id, const char *text);

/* Keeps a copy of doc as the canonical document (form form_id) of text,
 * the stored text of report report_id. doc must be what report_canonical
 * gives for text and that form (a document and report_dump of it qualify:
 * the canonical form reads back unchanged). Does nothing when dc is NULL,
 * the text is too long, or memory runs out. */
void doccache_put(struct doccache *dc, int64_t report_id, const char *form_id, const char *text,
		  json_t *doc);

/* doccache_put without the copy: keeps a reference to doc itself. Neither
 * the caller nor anyone it hands doc to may change doc afterwards (reading
 * it and dropping references is fine). For the saver, whose document is
 * final once written. */
void doccache_keep(struct doccache *dc, int64_t report_id, const char *form_id, const char *text,
		   json_t *doc);

#endif
