/* doccache.h - the canonical documents of stored report revisions, kept in
 * memory so that a request does not read, parse and canonicalise again a
 * revision it was the last to see (the autosave saves every few seconds
 * per editor, each time on the revision the previous save wrote).
 *
 * An entry answers for one revision of one report read with one form. A
 * revision never changes once written (revisions are only ever added, see
 * store.h), so what another process writes is a new revision, never
 * mistaken for a kept one; a miss only costs the read it would have cost
 * anyway. A database replaced under a running server (a restore) needs a
 * restart. Documents are shared, never changed: a get returns a reference
 * to the kept document itself, which its callers only read (an app view's
 * document is read-only; whoever needs a changed one makes a copy), and a
 * document goes in as a deep copy (doccache_put) or, from a caller that
 * will not change it, as it is (doccache_keep). Reading one json_t from
 * several threads is safe, and jansson's reference counts are atomic
 * (JSON_HAVE_ATOMIC_BUILTINS). One slot per report (by id, modulo the slot
 * count), replaced by the next put for it or for a report that shares the
 * slot. Thread-safe. */
#ifndef S3PM_DOCCACHE_H
#define S3PM_DOCCACHE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct doccache;

/* At most `slots` documents, each of a stored text of at most max_text
 * bytes (larger ones are not kept). NULL on OOM or when slots is 0. */
struct doccache *doccache_new(size_t slots, size_t max_text);
/* Accepts NULL. */
void doccache_free(struct doccache *dc);

/* A new reference to the canonical document (form form_id) kept for
 * revision `revision` of report report_id, or NULL when none is kept (or
 * dc is NULL). The document must not be changed. */
json_t *doccache_get(struct doccache *dc, int64_t report_id, int revision, const char *form_id);

/* Keeps a copy of doc as the canonical document (form form_id) of that
 * revision, whose stored text is text_len bytes long. doc must be what
 * report_canonical gives for the stored text and that form (a document and
 * report_dump of it qualify: the canonical form reads back unchanged).
 * Does nothing when dc is NULL, the text is too long, or memory runs out. */
void doccache_put(struct doccache *dc, int64_t report_id, int revision, const char *form_id,
		  size_t text_len, json_t *doc);

/* doccache_put without the copy: keeps a reference to doc itself. Neither
 * the caller nor anyone it hands doc to may change doc afterwards (reading
 * it and dropping references is fine). */
void doccache_keep(struct doccache *dc, int64_t report_id, int revision, const char *form_id,
		   size_t text_len, json_t *doc);

#endif
