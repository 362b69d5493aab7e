/* jsonout.h - writes jansson values as JSON text, fast, in exactly the bytes
 * json_dumps() gives for the same flags (UTF-8 as it is, keys in insertion
 * order). It exists for speed: the convert path writes every document, and
 * jansson's dumper costs as much as reading the report. */
#ifndef S3PM_JSONOUT_H
#define S3PM_JSONOUT_H

#include <jansson.h>

#include "buf.h"

/* Appends v to b as json_dumps(v, JSON_INDENT(indent) | JSON_PRESERVE_ORDER)
 * writes it (indent 0 to 31; 0 = jansson's default one-line form with ", "
 * and ": "). Returns 0, APP_ENOMEM or APP_ETOOBIG (b's limit), or
 * APP_EINPUT for what the writer leaves to jansson: real numbers and
 * nesting deeper than 2048 levels. Strings are written as they are held:
 * jansson checks their UTF-8 when they are made. On failure b may hold
 * part of the text. */
int jsonout_write(struct buf *b, const json_t *v, int indent);

/* The same for json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER): one line,
 * "," and ":" without spaces (the JSON API's answers). */
int jsonout_write_compact(struct buf *b, const json_t *v);

#endif
