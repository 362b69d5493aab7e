/* nuts_match.c - matching written names to NUTS regions: exact (folded),
 * near (edit distance), search while typing, and country names. */
#include "nuts.h"
#include "nuts_impl.h"
#include "err.h"
#include "text.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *
calias_find(const struct nuts *n, const char *fold)
{
	size_t lo = 0, hi = n->ncalias;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(n->calias[mid].fold, fold);

		if (c == 0) {
			/* Several prefixes under one name: only an unambiguous name counts. */
			if ((mid > 0 && strcmp(n->calias[mid - 1].fold, fold) == 0) ||
			    (mid + 1 < n->ncalias && strcmp(n->calias[mid + 1].fold, fold) == 0))
				return NULL;
			return n->calias[mid].cc;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
nuts_country_by_name(const struct nuts *n, const char *name)
{
	char *fold;
	const char *cc = NULL;

	if (n == NULL || name == NULL || name[0] == '\0')
		return NULL;
	fold = text_fold(name, strlen(name), false);
	if (fold == NULL)
		return NULL;
	cc = calias_find(n, fold);
	free(fold);
	return cc;
}

/* The NUTS prefix a country argument stands for: a prefix, an ISO code, or a
 * country name. NULL when it is none of those. */
static const char *
resolve_country(const struct nuts *n, const char *country, char buf[3])
{
	const char *iso;

	if (strlen(country) == 2 && g_ascii_isalpha(country[0]) && g_ascii_isalpha(country[1])) {
		buf[0] = g_ascii_toupper(country[0]);
		buf[1] = g_ascii_toupper(country[1]);
		buf[2] = '\0';
		if (nuts_country_known(n, buf))
			return buf;
		iso = nuts_country_from_iso(buf);
		if (iso != NULL)
			return iso;
		return NULL;
	}
	return nuts_country_by_name(n, country);
}

static bool
ends_with_word(const char *s, size_t len, const char *w, size_t wl, size_t *rest)
{
	if (wl == 0 || wl >= len || memcmp(s + len - wl, w, wl) != 0)
		return false;
	len -= wl;
	if (s[len - 1] != ' ' && s[len - 1] != ',' && s[len - 1] != '-')
		return false;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ',' || s[len - 1] == '-'))
		len--;
	*rest = len;
	return len > 0;
}

/* The written name without a trailing country marker or name: "cenrto
 * portugal" -> "cenrto", "lapland (fi)" -> "lapland", "kainuu, finland" ->
 * "kainuu". Returns the length kept (len when nothing is dropped). cc, when
 * given, limits the names dropped to those of that country. */
static size_t
strip_country(const struct nuts *n, const char *s, size_t len, const char *cc)
{
	size_t i, rest, pl = nuts_strip_paren(s, len);

	if (pl != len && pl > 0) {
		/* "(fi)", "(finland)", "(gr)": a country code or name in brackets. */
		const char *in = s + pl;
		size_t il;
		char tmp[64];

		while (*in == ' ')
			in++;
		in++;
		il = (size_t)(s + len - 1 - in);
		if (il < sizeof(tmp)) {
			memcpy(tmp, in, il);
			tmp[il] = '\0';
			if (il == 2 || calias_find(n, tmp) != NULL)
				return pl;
		}
	}
	for (i = 0; i < n->ncalias; i++) {
		const struct calias *a = &n->calias[i];

		if (cc != NULL && (a->cc[0] != cc[0] || a->cc[1] != cc[1]))
			continue;
		if (ends_with_word(s, len, a->fold, a->len, &rest))
			return rest;
	}
	return len;
}

/* The forms of a written name to look up: folded, and folded without a
 * trailing country. Returns how many (0 on OOM or an empty name). */
static size_t
name_variants(const struct nuts *n, const char *name, const char *cc, char *v[2])
{
	size_t len, kept;

	v[0] = v[1] = NULL;
	if (name == NULL)
		return 0;
	v[0] = text_fold(name, strlen(name), false);
	if (v[0] == NULL)
		return 0;
	if (v[0][0] == '\0') {
		free(v[0]);
		v[0] = NULL;
		return 0;
	}
	len = strlen(v[0]);
	kept = strip_country(n, v[0], len, cc);
	if (kept == len || kept == 0)
		return 1;
	v[1] = malloc(kept + 1);
	if (v[1] == NULL)
		return 1;
	memcpy(v[1], v[0], kept);
	v[1][kept] = '\0';
	return 2;
}

static int
cmp_region_ptr(const void *a, const void *b)
{
	const struct nuts_region *x = *(const struct nuts_region *const *)a;
	const struct nuts_region *y = *(const struct nuts_region *const *)b;

	if (x->level != y->level)
		return x->level - y->level;
	return strcmp(x->code, y->code);
}

/* Country ranges to search: one, or all when cc is NULL. */
static void
country_span(const struct ver *v, const char *cc, size_t *c0, size_t *c1)
{
	const struct crange *c;

	if (cc == NULL) {
		*c0 = 0;
		*c1 = v->ncc;
		return;
	}
	c = nuts_ver_country(v, cc);
	if (c == NULL) {
		*c0 = *c1 = 0;
		return;
	}
	*c0 = (size_t)(c - v->cc);
	*c1 = *c0 + 1;
}

size_t
nuts_match_name(const struct nuts *n, int version, const char *name, const char *country,
		const struct nuts_region **out, size_t max)
{
	const struct ver *v = nuts_ver_get(n, version);
	const char *cc = NULL;
	char ccbuf[3], *var[2];
	size_t nv, i, ci, c0, c1, count = 0, k, j;

	if (v == NULL || name == NULL || max == 0)
		return 0;
	if (country != NULL && country[0] != '\0') {
		cc = resolve_country(n, country, ccbuf);
		if (cc == NULL)
			return 0;
	}
	nv = name_variants(n, name, cc, var);
	country_span(v, cc, &c0, &c1);
	for (i = 0; i < nv && count == 0; i++) {
		for (ci = c0; ci < c1; ci++) {
			const struct crange *c = &v->cc[ci];

			for (k = nuts_key_lower(v, c->key0, c->key1, var[i]);
			     k < c->key1 && strcmp(v->keys[k].fold, var[i]) == 0; k++) {
				const struct nuts_region *r = &v->regs[v->keys[k].reg].pub;

				for (j = 0; j < count; j++)
					if (out[j] == r)
						break;
				if (j == count && count < max)
					out[count++] = r;
			}
		}
	}
	free(var[0]);
	free(var[1]);
	qsort(out, count, sizeof(*out), cmp_region_ptr);
	return count;
}

static size_t
hist_diff(const uint8_t *a, const uint8_t *b, size_t stop)
{
	size_t i, d = 0;

	for (i = 0; i < HIST && d <= stop; i++)
		d += a[i] > b[i] ? (size_t)(a[i] - b[i]) : (size_t)(b[i] - a[i]);
	return d;
}

static int
cmp_near(const void *a, const void *b)
{
	const struct nuts_near *x = a, *y = b;

	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return cmp_region_ptr(&x->region, &y->region);
}

size_t
nuts_near_names(const struct nuts *n, int version, const char *name, const char *country,
		struct nuts_near *out, size_t max)
{
	const struct ver *v = nuts_ver_get(n, version);
	const char *cc = NULL;
	char ccbuf[3], *var[2];
	size_t nv, i, ci, c0, c1, count = 0, k, j;

	if (v == NULL || name == NULL || max == 0)
		return 0;
	if (country != NULL && country[0] != '\0') {
		cc = resolve_country(n, country, ccbuf);
		if (cc == NULL)
			return 0;
	}
	nv = name_variants(n, name, cc, var);
	country_span(v, cc, &c0, &c1);
	for (i = 0; i < nv; i++) {
		size_t nch = text_chars(var[i]), limit = nch / 3;
		uint8_t hist[HIST];

		if (limit > NEAR_LIMIT)
			limit = NEAR_LIMIT;
		if (limit == 0)
			continue;
		nuts_key_hist(var[i], hist);
		for (ci = c0; ci < c1; ci++) {
			const struct crange *c = &v->cc[ci];

			for (k = c->key0; k < c->key1; k++) {
				const struct key *ky = &v->keys[k];
				size_t d, diff = ky->nchars > nch ? ky->nchars - nch : nch - ky->nchars;

				/* Each edit changes the length by at most one and the
				 * letter counts by at most two: cheap lower bounds. */
				if (diff > limit || hist_diff(hist, ky->hist, 2 * limit) > 2 * limit)
					continue;
				d = text_distance(var[i], ky->fold, limit);
				if (d > limit)
					continue;
				for (j = 0; j < count; j++)
					if (out[j].region == &v->regs[ky->reg].pub)
						break;
				if (j < count) {
					if (d < out[j].distance) {
						out[j].distance = d;
						out[j].spelling = ky->spelling;
					}
					continue;
				}
				if (count == max) {
					/* Full: replace the worst if this is better. */
					size_t w = 0;

					for (j = 1; j < count; j++)
						if (out[j].distance > out[w].distance)
							w = j;
					if (out[w].distance <= d)
						continue;
					j = w;
				} else {
					j = count++;
				}
				out[j].region = &v->regs[ky->reg].pub;
				out[j].spelling = ky->spelling;
				out[j].distance = d;
			}
		}
	}
	free(var[0]);
	free(var[1]);
	qsort(out, count, sizeof(*out), cmp_near);
	return count;
}

bool
nuts_near_region(const struct nuts *n, int version, const char *name,
		 const struct nuts_region *region, struct nuts_near *out)
{
	const struct ver *v = nuts_ver_get(n, version);
	const struct crange *c;
	const struct reg *r;
	char *var[2];
	size_t nv, i, k;
	bool found = false;

	if (v == NULL || name == NULL || region == NULL)
		return false;
	r = nuts_reg_of(region);
	if (r < v->regs || r >= v->regs + v->nregs)
		return false;
	c = nuts_ver_country(v, region->country);
	if (c == NULL)
		return false;
	nv = name_variants(n, name, region->country, var);
	for (i = 0; i < nv; i++) {
		size_t nch = text_chars(var[i]), limit = nch / 3;
		uint8_t hist[HIST];

		if (limit > NEAR_LIMIT)
			limit = NEAR_LIMIT;
		nuts_key_hist(var[i], hist);
		for (k = c->key0; k < c->key1; k++) {
			const struct key *ky = &v->keys[k];
			size_t d, diff;

			if (&v->regs[ky->reg] != r)
				continue;
			diff = ky->nchars > nch ? ky->nchars - nch : nch - ky->nchars;
			if (diff > limit || hist_diff(hist, ky->hist, 2 * limit) > 2 * limit)
				continue;
			d = text_distance(var[i], ky->fold, limit);
			if (d > limit || (found && d >= out->distance))
				continue;
			found = true;
			out->region = region;
			out->spelling = ky->spelling;
			out->distance = d;
		}
	}
	free(var[0]);
	free(var[1]);
	return found;
}

const struct nuts_region *
nuts_nearest_name(const struct nuts *n, int version, const char *name, const char *country)
{
	struct nuts_near best[1];

	if (nuts_near_names(n, version, name, country, best, 1) == 0)
		return NULL;
	return best[0].region;
}

/* ---- search while typing ---- */

struct hit {
	const struct nuts_region *r;
	int rank;
};

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return cmp_region_ptr(&x->r, &y->r);
}

size_t
nuts_search(const struct nuts *n, int version, const char *query,
	    const struct nuts_region **out, size_t max)
{
	const struct ver *v = nuts_ver_get(n, version);
	struct hit *hits = NULL;
	int *best = NULL;
	char *fold = NULL, code[8];
	size_t qlen, i, nh = 0, count = 0;

	if (v == NULL || query == NULL || max == 0)
		return 0;
	fold = text_fold(query, strlen(query), false);
	best = malloc(v->nregs * sizeof(*best));
	if (fold == NULL || best == NULL || fold[0] == '\0')
		goto cleanup;
	qlen = strlen(query);
	for (i = 0; i < v->nregs; i++)
		best[i] = 99;
	if (qlen <= 5) {
		for (i = 0; i < qlen; i++)
			code[i] = g_ascii_toupper(query[i]);
		code[qlen] = '\0';
		for (i = 0; i < v->nregs; i++) {
			if (strcmp(v->regs[i].pub.code, code) == 0)
				best[i] = 0;
			else if (strncmp(v->regs[i].pub.code, code, qlen) == 0)
				best[i] = 1;
		}
	}
	for (i = 0; i < v->nkeys; i++) {
		const struct key *k = &v->keys[i];
		const char *p = strstr(k->fold, fold);
		int rank;

		if (p == NULL)
			continue;
		rank = p == k->fold ? 2 : 3;
		if (rank < best[k->reg])
			best[k->reg] = rank;
	}
	for (i = 0; i < v->nregs; i++)
		if (best[i] < 99)
			nh++;
	hits = malloc((nh ? nh : 1) * sizeof(*hits));
	if (hits == NULL)
		goto cleanup;
	nh = 0;
	for (i = 0; i < v->nregs; i++) {
		if (best[i] < 99) {
			hits[nh].r = &v->regs[i].pub;
			hits[nh].rank = best[i];
			nh++;
		}
	}
	qsort(hits, nh, sizeof(*hits), cmp_hit);
	for (i = 0; i < nh && count < max; i++)
		out[count++] = hits[i].r;
cleanup:
	free(fold);
	free(best);
	free(hits);
	return count;
}

