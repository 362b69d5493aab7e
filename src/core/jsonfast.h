/* jsonfast.h - a quick reader of the JSON the application writes itself
 * (report_dump's text: objects, arrays, strings, integers, true, false,
 * null), building the same jansson values json_loadb would, several times
 * faster (jansson reads byte by byte through a stream and copies each
 * string twice). Anything it does not take on (a fraction or an exponent,
 * a duplicate key, a lone surrogate, \u0000, invalid UTF-8, a syntax error,
 * nesting deeper than jansson allows) it leaves to json_loadb, which reads
 * it or explains what is wrong: callers try jsonfast_load first and
 * json_loadb when it declines. */
#ifndef S3PM_JSONFAST_H
#define S3PM_JSONFAST_H

#include <jansson.h>
#include <stddef.h>

/* Reads the object or array in data[0..len) (white space around it
 * allowed) into *out (the caller decrefs it). Returns 0 when read, 1 when
 * declined (*out NULL: ask json_loadb), APP_ENOMEM when memory ran out. */
int jsonfast_load(const char *data, size_t len, json_t **out);

#endif
