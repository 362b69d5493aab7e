/* nuts.h - the NUTS classification (versions 2013, 2016, 2021, 2024): codes,
 * names, changes between versions, and English/common names of regions. */
#ifndef S3PM_NUTS_H
#define S3PM_NUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define NUTS_NVERSIONS 4

/* 2013, 2016, 2021, 2024, oldest first. */
extern const int nuts_versions[NUTS_NVERSIONS];

struct nuts_region {
	const char *code;        /* e.g. "FI1D3" */
	int level;               /* 0..3 */
	const char *country;     /* NUTS prefix, e.g. "EL" */
	const char *name_latin;  /* Latin-script name; may be "" */
	const char *name_native; /* official name; may be "" */
};

struct nuts_change {
	const char *old_code;    /* "" for a new code without predecessor */
	const char *new_code;    /* "" for a code without successor */
	const char *change;      /* recoded, boundary_shift, split, merged, ... */
	const char *old_name;
	const char *new_name;
	int from;                /* e.g. 2021 */
	int to;                  /* e.g. 2024 (2013 for the 2010-2013 table) */
};

/* Opaque registry of all versions. Read-only after nuts_load, so one registry
 * may serve any number of threads. */
struct nuts;

/* Loads nuts-<year>.tsv and nuts-changes-<old>-<new>.tsv from dir, and the
 * project's table of English and common names from names_file (may be NULL
 * to skip it). Returns 0; APP_ENOTFOUND when dir holds no NUTS code list
 * (msg says which folder); APP_EINPUT for a malformed file (msg names the
 * file and line); APP_ENOMEM. */
int nuts_load(const char *dir, const char *names_file, struct nuts **out, struct app_msg *msg);
void nuts_free(struct nuts *n);

/* True when version is one of nuts_versions and its list was loaded. */
bool nuts_has_version(const struct nuts *n, int version);

/* The NUTS version in force for a reporting year: 2013 up to 2017, 2016 for
 * 2018-2020, 2021 for 2021-2023, 2024 from 2024. */
int nuts_version_for_year(int year);

/* The region with this code in that version, or NULL. Borrowed from n. */
const struct nuts_region *nuts_find(const struct nuts *n, int version, const char *code);

/* Changes of code in later versions than `version`: fills out[0..max) with
 * the change-table rows whose old_code is code (following recodings along
 * the chain of later tables), returns how many there are in all. */
size_t nuts_changes_after(const struct nuts *n, int version, const char *code,
			  const struct nuts_change **out, size_t max);

/* The change-table rows of earlier versions that name `code` as old_code
 * (how a code that is not in `version` was replaced before it). Same
 * calling convention as nuts_changes_after. */
size_t nuts_changes_before(const struct nuts *n, int version, const char *code,
			   const struct nuts_change **out, size_t max);

/* The English or common name of a region ("North Karelia" for FI1D3 in 2016),
 * or NULL when the table has none. Borrowed. */
const char *nuts_english_name(const struct nuts *n, int version, const char *code);

/* True when cc is a NUTS country prefix in any loaded version (EL, UK, ...). */
bool nuts_country_known(const struct nuts *n, const char *cc);

/* The NUTS prefix for an ISO 3166 alpha-2 code that differs from it
 * ("GR" -> "EL", "GB" -> "UK"), or NULL. */
const char *nuts_country_from_iso(const char *cc);

/* The English name of a NUTS country prefix ("EL" -> "Greece"), or NULL. */
const char *nuts_country_name(const char *cc);

/* Regions of `version` whose code starts with query or whose names (Latin,
 * native, English) contain it, folded; at most max, best first (exact code,
 * then name prefix, then substring; lower level first). For suggestions
 * while typing. Returns the count written. */
size_t nuts_search(const struct nuts *n, int version, const char *query,
		   const struct nuts_region **out, size_t max);

/* Regions of `version` whose name is `name` (folded comparison of Latin,
 * native and English/common names; a trailing "(XX)" country marker and a
 * trailing country name in `name` are ignored). country, when not NULL or
 * empty, restricts the search to that NUTS prefix (ISO aliases accepted).
 * Returns the count written to out[0..max). */
size_t nuts_match_name(const struct nuts *n, int version, const char *name, const char *country,
		       const struct nuts_region **out, size_t max);

/* The region of `version` whose name is nearest to `name` by edit distance
 * (at most a third of the name's length, and at most 4), within country when
 * given; NULL when none is near enough. */
const struct nuts_region *nuts_nearest_name(const struct nuts *n, int version, const char *name,
					    const char *country);

/* ---- Added with nuts.c ---- */

/* A region whose name is near a written name (see nuts_near_names). */
struct nuts_near {
	const struct nuts_region *region;
	const char *spelling; /* the region's name that was nearest, as we would suggest it:
			       * the NUTS name without its "(XX)" marker, or a names-table
			       * name; borrowed */
	size_t distance;      /* edit distance in characters, after folding */
};

/* All regions of `version` with a name near `name` (same limits and country
 * rules as nuts_nearest_name; a region counts once, with its nearest name),
 * nearest first, then lower level. Returns the count written (at most max). */
size_t nuts_near_names(const struct nuts *n, int version, const char *name, const char *country,
		       struct nuts_near *out, size_t max);

/* Whether `name` is near (or equal to) one of the names of `region`, a
 * region of `version`, by the limits of nuts_nearest_name; fills *out with
 * that name. Cheaper than nuts_near_names when the region is known. */
bool nuts_near_region(const struct nuts *n, int version, const char *name,
		      const struct nuts_region *region, struct nuts_near *out);

/* The name to show a person for r: its Latin name (native when there is no
 * Latin one), in mixed case when another version spells the same name so
 * (NUTS 2013 and 2016 write levels 0 and 1 in capitals). Borrowed. */
const char *nuts_label(const struct nuts *n, const struct nuts_region *r);

/* The NUTS prefix of a country name ("Finland", "Suomi", "Greece" -> "EL"),
 * folded comparison with our English names, the names table's country rows
 * and the level-0 NUTS names; NULL when none or ambiguous. Borrowed. */
const char *nuts_country_by_name(const struct nuts *n, const char *name);

/* Line numbers of names-table rows whose nuts_name (or, for a country row,
 * whose country) is in no loaded version: fills lines[0..max), returns how
 * many there are in all. For the test that keeps the table free of typos. */
size_t nuts_names_unresolved(const struct nuts *n, size_t *lines, size_t max);

/* The codes of version `to` that a region written as `code` in version
 * `from` stands for: code itself when `to` has it; else the codes it was
 * recoded, split or merged into (from < to) or came from (from > to) along
 * the change tables, those that exist in `to`. Fills out[0..max) with
 * codes borrowed from n; returns how many were written (0: none found). */
size_t nuts_code_in(const struct nuts *n, int from, const char *code, int to, const char **out,
		    size_t max);
/* A NUTS code's shape: two capital letters, then up to three capital
 * letters or digits. */
bool nuts_code_well_formed(const char *s);

#endif
