/* nuts_lookup.c - NUTS lookups: versions, regions by code, the changes of a
 * code between versions, English names and country prefixes. */
#include "nuts.h"
#include "nuts_impl.h"
#include "err.h"
#include "text.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const int nuts_versions[NUTS_NVERSIONS] = {2013, 2016, 2021, 2024};

/* The change tables, oldest first; 2010 has no code list here. */
const int nuts_table_years[NTABLES + 1] = {2010, 2013, 2016, 2021, 2024};

/* English names of the NUTS country prefixes (see nuts_impl.h). The names table adds other
 * spellings; these are the ones messages use. */
const struct nuts_country nuts_country_names[] = {
	{"AL", "Albania"}, {"AT", "Austria"}, {"BE", "Belgium"}, {"BG", "Bulgaria"},
	{"CH", "Switzerland"}, {"CY", "Cyprus"}, {"CZ", "Czechia"}, {"DE", "Germany"},
	{"DK", "Denmark"}, {"EE", "Estonia"}, {"EL", "Greece"}, {"ES", "Spain"},
	{"FI", "Finland"}, {"FR", "France"}, {"HR", "Croatia"}, {"HU", "Hungary"},
	{"IE", "Ireland"}, {"IS", "Iceland"}, {"IT", "Italy"}, {"LI", "Liechtenstein"},
	{"LT", "Lithuania"}, {"LU", "Luxembourg"}, {"LV", "Latvia"}, {"ME", "Montenegro"},
	{"MK", "North Macedonia"}, {"MT", "Malta"}, {"NL", "Netherlands"}, {"NO", "Norway"},
	{"PL", "Poland"}, {"PT", "Portugal"}, {"RO", "Romania"}, {"RS", "Serbia"},
	{"SE", "Sweden"}, {"SI", "Slovenia"}, {"SK", "Slovakia"}, {"TR", "Türkiye"},
	{"UA", "Ukraine"}, {"UK", "United Kingdom"}, {"XK", "Kosovo"},
};
const size_t nuts_ncountry_names = sizeof(nuts_country_names) / sizeof(nuts_country_names[0]);

static int
ver_index(int version)
{
	int i;

	for (i = 0; i < NUTS_NVERSIONS; i++)
		if (nuts_versions[i] == version)
			return i;
	return -1;
}

const struct ver *
nuts_ver_get(const struct nuts *n, int version)
{
	int i = ver_index(version);

	if (n == NULL || i < 0 || !n->v[i].loaded)
		return NULL;
	return &n->v[i];
}

const struct reg *
nuts_ver_find(const struct ver *v, const char *code)
{
	size_t lo = 0, hi = v->nregs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v->regs[mid].pub.code, code);

		if (c == 0)
			return &v->regs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
const struct crange *
nuts_ver_country(const struct ver *v, const char *cc)
{
	size_t lo = 0, hi = v->ncc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v->cc[mid].cc, cc);

		if (c == 0)
			return &v->cc[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* First key in [k0, k1) whose fold is not less than fold. */
size_t
nuts_key_lower(const struct ver *v, size_t k0, size_t k1, const char *fold)
{
	while (k0 < k1) {
		size_t mid = k0 + (k1 - k0) / 2;

		if (strcmp(v->keys[mid].fold, fold) < 0)
			k0 = mid + 1;
		else
			k1 = mid;
	}
	return k0;
}

/* Rows of t whose old_code is code: sets *first, returns how many. */
static size_t
table_rows(const struct ctable *t, const char *code, size_t *first)
{
	size_t lo = 0, hi = t->nrows, e;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->rows[mid].old_code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < t->nrows && strcmp(t->rows[e].old_code, code) == 0; e++)
		;
	*first = lo;
	return e - lo;
}

/* ---- names table ---- */
/* ---- queries ---- */

bool
nuts_has_version(const struct nuts *n, int version)
{
	return nuts_ver_get(n, version) != NULL;
}

int
nuts_version_for_year(int year)
{
	if (year >= 2024)
		return 2024;
	if (year >= 2021)
		return 2021;
	if (year >= 2018)
		return 2016;
	return 2013;
}

const struct nuts_region *
nuts_find(const struct nuts *n, int version, const char *code)
{
	const struct ver *v = nuts_ver_get(n, version);
	const struct reg *r;

	if (v == NULL || code == NULL)
		return NULL;
	r = nuts_ver_find(v, code);
	return r ? &r->pub : NULL;
}

const char *
nuts_label(const struct nuts *n, const struct nuts_region *r)
{
	(void)n;
	return r ? nuts_reg_of(r)->label : NULL;
}

/* Follows code through the change tables [t0, t1), adding each row. */
static size_t
follow_changes(const struct nuts *n, int t0, int t1, const char *code,
	       const struct nuts_change **out, size_t max)
{
	char set[CHAIN_MAX][8], next[CHAIN_MAX][8];
	size_t ns = 1, nn, total = 0, i, j, k, first, cnt;
	int t;

	if (strlen(code) > 5)
		return 0;
	memcpy(set[0], code, strlen(code) + 1);
	for (t = t0; t < t1; t++) {
		const struct ctable *tb = &n->t[t];

		nn = 0;
		for (i = 0; i < ns; i++) {
			cnt = tb->rows ? table_rows(tb, set[i], &first) : 0;
			for (j = 0; j < (cnt ? cnt : 1); j++) {
				const char *nc = set[i];

				if (cnt) {
					const struct nuts_change *c = &tb->rows[first + j];

					if (total < max)
						out[total] = c;
					total++;
					nc = c->new_code;
					if (nc[0] == '\0')
						continue;
				}
				for (k = 0; k < nn; k++)
					if (strcmp(next[k], nc) == 0)
						break;
				if (k == nn && nn < CHAIN_MAX)
					memcpy(next[nn++], nc, strlen(nc) + 1);
			}
		}
		memcpy(set, next, sizeof(set));
		ns = nn;
		if (ns == 0)
			break;
	}
	return total;
}

size_t
nuts_changes_after(const struct nuts *n, int version, const char *code,
		   const struct nuts_change **out, size_t max)
{
	int t0;

	if (n == NULL || code == NULL)
		return 0;
	for (t0 = 0; t0 < NTABLES && nuts_table_years[t0] < version; t0++)
		;
	return follow_changes(n, t0, NTABLES, code, out, max);
}

size_t
nuts_changes_before(const struct nuts *n, int version, const char *code,
		    const struct nuts_change **out, size_t max)
{
	int t, t1;
	size_t first;

	if (n == NULL || code == NULL)
		return 0;
	for (t1 = 0; t1 < NTABLES && nuts_table_years[t1 + 1] <= version; t1++)
		;
	/* Start at the latest table that names code, so that a code Eurostat
	 * used again for another region is followed from its last use. */
	for (t = t1 - 1; t >= 0; t--)
		if (n->t[t].rows && table_rows(&n->t[t], code, &first) > 0)
			return follow_changes(n, t, t1, code, out, max);
	return 0;
}

const char *
nuts_english_name(const struct nuts *n, int version, const char *code)
{
	const struct ver *v = nuts_ver_get(n, version);
	const struct reg *r;

	if (v == NULL || code == NULL)
		return NULL;
	r = nuts_ver_find(v, code);
	return r ? r->english : NULL;
}

bool
nuts_country_known(const struct nuts *n, const char *cc)
{
	int i;

	if (n == NULL || cc == NULL)
		return false;
	for (i = 0; i < NUTS_NVERSIONS; i++)
		if (n->v[i].loaded && nuts_ver_country(&n->v[i], cc) != NULL)
			return true;
	return false;
}

const char *
nuts_country_from_iso(const char *cc)
{
	if (cc == NULL)
		return NULL;
	if (strcmp(cc, "GR") == 0)
		return "EL";
	if (strcmp(cc, "GB") == 0)
		return "UK";
	return NULL;
}

const char *
nuts_country_name(const char *cc)
{
	size_t i;

	if (cc == NULL)
		return NULL;
	for (i = 0; i < nuts_ncountry_names; i++)
		if (strcmp(nuts_country_names[i].cc, cc) == 0)
			return nuts_country_names[i].name;
	return NULL;
}

/* One step of nuts_code_in through table tb: the codes set[0..ns) became
 * (forward) or came from (backward). Codes the table does not name stay. */
static size_t
step_codes(const struct ctable *tb, bool forward, char set[][8], size_t ns, char next[][8])
{
	size_t nn = 0, i, j, k, first, cnt;

	for (i = 0; i < ns; i++) {
		const char *found[CHAIN_MAX];
		size_t nf = 0;

		if (forward) {
			cnt = tb->rows ? table_rows(tb, set[i], &first) : 0;
			for (j = 0; j < cnt && nf < CHAIN_MAX; j++)
				if (tb->rows[first + j].new_code[0] != '\0')
					found[nf++] = tb->rows[first + j].new_code;
			if (cnt == 0)
				found[nf++] = set[i];
		} else {
			for (j = 0; j < tb->nrows && nf < CHAIN_MAX; j++)
				if (strcmp(tb->rows[j].new_code, set[i]) == 0 &&
				    tb->rows[j].old_code[0] != '\0')
					found[nf++] = tb->rows[j].old_code;
			if (nf == 0)
				found[nf++] = set[i];
		}
		for (j = 0; j < nf; j++) {
			if (strlen(found[j]) > 7)
				continue;
			for (k = 0; k < nn; k++)
				if (strcmp(next[k], found[j]) == 0)
					break;
			if (k == nn && nn < CHAIN_MAX)
				memcpy(next[nn++], found[j], strlen(found[j]) + 1);
		}
	}
	return nn;
}

size_t
nuts_code_in(const struct nuts *n, int from, const char *code, int to, const char **out, size_t max)
{
	char set[CHAIN_MAX][8], next[CHAIN_MAX][8];
	const struct nuts_region *r;
	size_t ns = 1, i, w = 0;
	int t;

	if (n == NULL || code == NULL || strlen(code) > 5 || nuts_ver_get(n, to) == NULL)
		return 0;
	memcpy(set[0], code, strlen(code) + 1);
	if (from != to && nuts_find(n, to, code) == NULL) {
		if (from < to) {
			for (t = 0; t < NTABLES; t++) {
				if (nuts_table_years[t] < from || nuts_table_years[t + 1] > to)
					continue;
				ns = step_codes(&n->t[t], true, set, ns, next);
				memcpy(set, next, sizeof(set));
			}
		} else {
			for (t = NTABLES - 1; t >= 0; t--) {
				if (nuts_table_years[t + 1] > from || nuts_table_years[t] < to)
					continue;
				ns = step_codes(&n->t[t], false, set, ns, next);
				memcpy(set, next, sizeof(set));
			}
		}
	}
	for (i = 0; i < ns && w < max; i++)
		if ((r = nuts_find(n, to, set[i])) != NULL)
			out[w++] = r->code;
	return w;
}
