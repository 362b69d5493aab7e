/* nuts_impl.h - what the three parts of the NUTS registry share (nuts_load.c,
 * nuts_lookup.c, nuts_match.c): the loaded structures and the helpers each
 * part needs from another. Private to src/core/nuts*.c. */
#ifndef S3PM_NUTS_IMPL_H
#define S3PM_NUTS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nuts.h"

/* The change tables, oldest first; 2010 has no code list here. */
#define NTABLES 4
extern const int nuts_table_years[NTABLES + 1];

#define FILE_MAX (32u * 1024 * 1024)
#define PATH_MAX_LEN 4096
#define HIST 32             /* buckets of the letter histogram that prunes fuzzy matching */
#define NEAR_LIMIT 4        /* largest edit distance nuts_nearest_name accepts */
#define CHAIN_MAX 32        /* codes followed at once along the change tables */

/* A region as loaded. pub comes first, so the struct nuts_region pointers we
 * hand out can be turned back into their struct reg. */
struct reg {
	struct nuts_region pub;
	const char *fold;       /* folded Latin name (native when there is no Latin one) */
	const char *label;      /* name for people: see nuts_label */
	const char *english;    /* first names-table name, or NULL */
	size_t line;            /* in the list file */
};

/* One name a region answers to: its Latin or native name, a part of a
 * bilingual name, the name without its "(XX)" marker, or a names-table name. */
struct key {
	const char *fold;
	const char *spelling;   /* the name as we would suggest it */
	uint32_t reg;
	uint16_t nchars;
	bool english;
	char cc[3];
	uint8_t hist[HIST];
};

/* The regions and keys of one country, as ranges of the sorted arrays. */
struct crange {
	char cc[3];
	size_t reg0, reg1;
	size_t key0, key1;
};

struct ver {
	int year;
	bool loaded;
	char *text;             /* the file; region strings point into it */
	struct reg *regs;       /* sorted by code */
	size_t nregs;
	struct key *keys;       /* sorted by country, then fold */
	size_t nkeys, capkeys;
	struct crange *cc;      /* sorted by country */
	size_t ncc;
};

struct ctable {
	int from, to;
	char *text;
	struct nuts_change *rows; /* sorted by old_code, then new_code */
	size_t nrows;
};

struct nameline {
	char cc[3];
	const char *name;
	const char *nuts_name;  /* "" for the country itself */
	const char *fold_name;
	const char *fold_nuts;
	size_t line;
};

/* A folded country name and its NUTS prefix, for the country slot and for
 * dropping "..., Finland" from a written region name. */
struct calias {
	const char *fold;
	size_t len;
	char cc[3];
};

struct pool_block {
	struct pool_block *next;
	size_t used, cap;
	char data[];
};

struct nuts {
	struct ver v[NUTS_NVERSIONS];
	struct ctable t[NTABLES];
	char *names_text;
	struct nameline *names;
	size_t nnames;
	struct calias *calias;  /* sorted by fold */
	size_t ncalias, capcalias;
	struct pool_block *pool;
};


/* English names of the NUTS country prefixes (nuts_lookup.c). The names
 * table adds other spellings; these are the ones messages use. */
struct nuts_country {
	const char *cc;
	const char *name;
};
extern const struct nuts_country nuts_country_names[];
extern const size_t nuts_ncountry_names;

/* The struct reg of a region handed out by the registry. */
static inline const struct reg *
nuts_reg_of(const struct nuts_region *r)
{
	return (const struct reg *)(const void *)r;
}

/* nuts_lookup.c */

/* The loaded version, or NULL when n is NULL or version is not loaded. */
const struct ver *nuts_ver_get(const struct nuts *n, int version);

/* The region with this code in v, or NULL (binary search). */
const struct reg *nuts_ver_find(const struct ver *v, const char *code);

/* The ranges of country cc in v, or NULL. */
const struct crange *nuts_ver_country(const struct ver *v, const char *cc);

/* First key in [k0, k1) whose fold is not less than fold. */
size_t nuts_key_lower(const struct ver *v, size_t k0, size_t k1, const char *fold);

/* nuts_load.c */

/* The letter histogram of a folded name (HIST buckets). */
void nuts_key_hist(const char *fold, uint8_t *hist);

/* Length of s without a trailing parenthesised remark such as "(PT)" or
 * "(England)", or len when there is none. */
size_t nuts_strip_paren(const char *s, size_t len);

#endif
