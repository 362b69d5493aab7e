/* regioncheck.c - checks a region entry {name, country, nuts} against one NUTS version and says what to write instead. */
#include "regioncheck.h"
#include "buf.h"
#include "err.h"
#include "text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MATCH_MAX 16
#define NEAR_MAX 8
#define CHANGES_MAX 64
#define CHAIN_MAX 16
#define MSG_MAX 4096

/* What one call works on; saves passing six arguments to every helper. */
struct ctx {
	const struct nuts *n;
	int version;
	const char *field;
	size_t row;
	struct findings *out;
};

/* Codes a code became along the change tables. */
struct chain {
	char codes[CHAIN_MAX][8];
	size_t n;
	int last_to; /* the version of the last change of the set; 0 if none */
};

static bool
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char
to_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool
is_extra_regio(const char *code)
{
	size_t i, len = strlen(code);

	if (len < 3)
		return false;
	for (i = 2; i < len; i++)
		if (code[i] != 'Z')
			return false;
	return true;
}

/* A cleaned copy of s ("" for NULL); NULL only on OOM. */
static char *
clean_dup(const char *s)
{
	if (s == NULL)
		return strdup("");
	return text_clean(s, strlen(s));
}

/* The country slot sometimes holds "(FI)": drop the brackets. */
static void
unbracket(char *s)
{
	size_t len = strlen(s), i = 0, j;

	if (len >= 2 && s[0] == '(' && s[len - 1] == ')') {
		s[len - 1] = '\0';
		i = 1;
		while (s[i] == ' ')
			i++;
		len = strlen(s + i);
		while (len > 0 && s[i + len - 1] == ' ')
			len--;
		for (j = 0; j < len; j++)
			s[j] = s[i + j];
		s[len] = '\0';
	}
}

/* True when a and b are the same name but for case, accents and punctuation. */
static bool
same_name(const char *a, size_t alen, const char *b)
{
	char *x = text_fold(a, alen, true), *y = text_fold(b, strlen(b), true);
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Length of s without a trailing "(XX)" remark. */
static size_t
without_marker(const char *s)
{
	size_t len = strlen(s);

	if (len > 5 && s[len - 1] == ')' && s[len - 4] == '(' && s[len - 5] == ' ')
		return len - 5;
	return len;
}

/* "Pohjois-Karjala (North Karelia)": the NUTS name, and the English name when
 * the names table has one that is not just the same name. */
static int
put_region_name(const struct ctx *c, int version, const struct nuts_region *r, struct buf *b)
{
	const char *label = nuts_label(c->n, r);
	const char *en = nuts_english_name(c->n, version, r->code);
	size_t bare = without_marker(label);

	if (en == NULL || same_name(label, strlen(label), en) || same_name(label, bare, en))
		return buf_puts(b, label);
	/* "Centro (Centre)" reads better than "Centro (PT) (Centre)". */
	return buf_printf(b, "%.*s (%s)", (int)bare, label, en);
}

static bool
chain_has(const struct chain *ch, const char *code)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		if (strcmp(ch->codes[i], code) == 0)
			return true;
	return false;
}

static void
chain_add(struct chain *ch, const char *code)
{
	if (!chain_has(ch, code) && ch->n < CHAIN_MAX && strlen(code) < 8) {
		memcpy(ch->codes[ch->n], code, strlen(code) + 1);
		ch->n++;
	}
}

/* Replays change rows (as nuts_changes_after/before give them: table by
 * table) to find what code became. */
static void
chain_run(const char *code, const struct nuts_change **rows, size_t nrows, struct chain *out)
{
	size_t i = 0, j, k, s;

	out->n = 0;
	out->last_to = 0;
	chain_add(out, code);
	while (i < nrows) {
		struct chain next;
		bool changed = false;

		next.n = 0;
		for (j = i; j < nrows && rows[j]->from == rows[i]->from; j++)
			;
		for (s = 0; s < out->n; s++) {
			bool had = false;

			for (k = i; k < j; k++) {
				if (strcmp(rows[k]->old_code, out->codes[s]) != 0)
					continue;
				had = true;
				if (rows[k]->new_code[0] != '\0')
					chain_add(&next, rows[k]->new_code);
			}
			if (!had)
				chain_add(&next, out->codes[s]);
		}
		if (next.n != out->n)
			changed = true;
		for (s = 0; s < next.n && !changed; s++)
			if (!chain_has(out, next.codes[s]))
				changed = true;
		if (changed)
			out->last_to = rows[i]->to;
		memcpy(out->codes, next.codes, sizeof(out->codes));
		out->n = next.n;
		i = j;
	}
}

static int
put_code_list(struct buf *b, const char codes[][8], size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0)
			rc = buf_puts(b, i + 1 == n ? " and " : ", ");
		if (rc == 0)
			rc = buf_puts(b, codes[i]);
	}
	return rc;
}

/* " (FI1DC since NUTS 2024)" when code, valid in version, has another code
 * in a later version; nothing when it keeps its code. */
static int
put_later(const struct ctx *c, const char *code, struct buf *b)
{
	const struct nuts_change *rows[CHANGES_MAX];
	size_t nrows = nuts_changes_after(c->n, c->version, code, rows, CHANGES_MAX);
	struct chain ch;
	int rc;

	if (nrows == 0)
		return 0;
	if (nrows > CHANGES_MAX)
		nrows = CHANGES_MAX;
	chain_run(code, rows, nrows, &ch);
	if (ch.last_to == 0)
		return 0;
	if (ch.n == 0)
		return buf_printf(b, " (discontinued in NUTS %d)", ch.last_to);
	if (ch.n == 1)
		return buf_printf(b, " (%s since NUTS %d)", ch.codes[0], ch.last_to);
	rc = buf_puts(b, " (split into ");
	if (rc == 0)
		rc = put_code_list(b, (const char(*)[8])ch.codes, ch.n);
	if (rc == 0)
		rc = buf_printf(b, " in NUTS %d)", ch.last_to);
	return rc;
}

/* A change that a reader must know of: a new code, or a new boundary. A
 * relabelling under the same code is not one. */
static bool
real_change(const struct nuts_change *r)
{
	if (strcmp(r->old_code, r->new_code) != 0)
		return true;
	return strcmp(r->change, "boundary_shift") == 0 || strcmp(r->change, "split") == 0 ||
	       strcmp(r->change, "merged") == 0 || strcmp(r->change, "discontinued") == 0;
}

/* One successor: "PT19 (Centro (PT))" with names, "PT19" without. */
static int
put_successor(const struct ctx *c, const struct nuts_change *r, bool names, struct buf *b)
{
	const struct nuts_region *nr;
	int rc = buf_puts(b, r->new_code);

	if (rc || !names)
		return rc;
	nr = nuts_find(c->n, r->to, r->new_code);
	if (nr != NULL)
		return buf_printf(b, " (%s)", nuts_label(c->n, nr));
	if (r->new_name[0] != '\0')
		return buf_printf(b, " (%s)", r->new_name);
	return 0;
}

/* "in NUTS 2024 it was split by a boundary shift into PT19 (Centro (PT)) and
 * PT1D (Oeste e Vale do Tejo)", one clause per table and code, joined by
 * "; ". Sets *any when a clause was written. */
static int
put_changes(const struct ctx *c, const char *code, const struct nuts_change **rows, size_t nrows,
	    bool names, struct buf *b, bool *any)
{
	size_t i = 0, j, k, nsucc;
	int rc = 0;

	*any = false;
	while (i < nrows && rc == 0) {
		const struct nuts_change *first = NULL;
		bool it, same = false;
		const char *subj;

		for (j = i; j < nrows && rows[j]->from == rows[i]->from &&
			    strcmp(rows[j]->old_code, rows[i]->old_code) == 0;
		     j++)
			;
		nsucc = 0;
		for (k = i; k < j; k++) {
			if (!real_change(rows[k]))
				continue;
			if (first == NULL)
				first = rows[k];
			if (rows[k]->new_code[0] != '\0') {
				nsucc++;
				if (strcmp(rows[k]->new_code, rows[k]->old_code) == 0)
					same = true;
			}
		}
		if (first == NULL) {
			i = j;
			continue;
		}
		it = strcmp(first->old_code, code) == 0;
		subj = it ? "it" : first->old_code;
		rc = buf_printf(b, "%sin NUTS %d ", *any ? "; " : "", first->to);
		*any = true;
		if (rc)
			break;
		if (nsucc == 0)
			rc = buf_printf(b, "%s was discontinued", subj);
		else if (nsucc == 1 && same)
			rc = it ? buf_puts(b, "its boundaries changed")
				: buf_printf(b, "the boundaries of %s changed", subj);
		else if (strcmp(first->change, "boundary_shift") == 0 && nsucc == 1)
			rc = buf_printf(b, "a boundary shift made %s ", subj);
		else if (strcmp(first->change, "boundary_shift") == 0)
			rc = buf_printf(b, "%s was split by a boundary shift into ", subj);
		else if (strcmp(first->change, "recoded") == 0)
			rc = buf_printf(b, "%s was recoded to ", subj);
		else if (strcmp(first->change, "split") == 0)
			rc = buf_printf(b, "%s was split into ", subj);
		else if (strcmp(first->change, "merged") == 0)
			rc = buf_printf(b, "%s was merged into ", subj);
		else if (strcmp(first->change, "name_change") == 0)
			rc = buf_printf(b, "%s was renamed and recoded to ", subj);
		else
			rc = buf_printf(b, "%s became ", subj);
		if (nsucc == 0 || (nsucc == 1 && same)) {
			i = j;
			continue;
		}
		for (k = i, nsucc = 0; k < j && rc == 0; k++) {
			size_t left = 0, q;

			if (!real_change(rows[k]) || rows[k]->new_code[0] == '\0')
				continue;
			for (q = k + 1; q < j; q++)
				if (real_change(rows[q]) && rows[q]->new_code[0] != '\0')
					left++;
			if (nsucc > 0)
				rc = buf_puts(b, left == 0 ? " and " : ", ");
			if (rc == 0)
				rc = put_successor(c, rows[k], names, b);
			nsucc++;
		}
		i = j;
	}
	return rc;
}

static int
add(const struct ctx *c, enum finding_severity sev, const char *code, const char *suggestion,
    const struct buf *msg)
{
	return findings_add(c->out, sev, c->field, c->row, code, suggestion, "%s", buf_cstr(msg));
}

/* The region of c->version that `name` names within cc (NULL: anywhere).
 * With several (one name at several levels), the one at `level` when there
 * is one, else the lowest. *count gets the number of regions named. */
static const struct nuts_region *
named_region(const struct ctx *c, const char *name, const char *cc, int level, size_t *count)
{
	const struct nuts_region *m[MATCH_MAX];
	size_t nm, i;

	*count = 0;
	if (name[0] == '\0')
		return NULL;
	nm = nuts_match_name(c->n, c->version, name, cc, m, MATCH_MAX);
	*count = nm;
	if (nm == 0)
		return NULL;
	for (i = 0; i < nm; i++)
		if (m[i]->level == level)
			return m[i];
	return m[0];
}

/* "; Kainuu is FI1D8" and the later code, if any. */
static int
put_named(const struct ctx *c, const char *name, const struct nuts_region *r, struct buf *b)
{
	int rc = buf_printf(b, "; %s is %s", name, r->code);

	return rc ? rc : put_later(c, r->code, b);
}

/* ---- country ---- */

static int
check_country(const struct ctx *c, const char *country, char resolved[3])
{
	struct buf b;
	const char *cc;
	int rc = 0;

	resolved[0] = '\0';
	if (country[0] == '\0')
		return 0;
	buf_init(&b, MSG_MAX);
	if (strlen(country) == 2 && is_alpha(country[0]) && is_alpha(country[1])) {
		char up[3] = {to_upper(country[0]), to_upper(country[1]), '\0'};
		const char *iso;

		if (nuts_country_known(c->n, up)) {
			memcpy(resolved, up, 3);
			if (strcmp(up, country) != 0) {
				rc = buf_printf(&b, "The country code %s should be written in capitals: %s",
						country, up);
				if (rc == 0)
					rc = add(c, FINDING_WARNING, "country-code-case", up, &b);
			}
			goto cleanup;
		}
		iso = nuts_country_from_iso(up);
		if (iso != NULL) {
			const char *nm = nuts_country_name(iso);

			memcpy(resolved, iso, 3);
			rc = buf_printf(&b, "%s is the ISO 3166 code for %s; NUTS writes %s as %s", country,
					nm, nm, iso);
			if (rc == 0)
				rc = add(c, FINDING_WARNING, "country-iso-code", iso, &b);
			goto cleanup;
		}
		rc = buf_printf(&b, "%s is not a NUTS country code", country);
		if (rc == 0)
			rc = add(c, FINDING_ERROR, "country-unknown", NULL, &b);
		goto cleanup;
	}
	cc = nuts_country_by_name(c->n, country);
	if (cc != NULL) {
		memcpy(resolved, cc, 3);
		rc = buf_printf(&b, "%s is a country name, not a code; NUTS writes %s as %s", country,
				nuts_country_name(cc) ? nuts_country_name(cc) : country, cc);
		if (rc == 0)
			rc = add(c, FINDING_WARNING, "country-name", cc, &b);
		goto cleanup;
	}
	rc = buf_printf(&b, "%s is neither a NUTS country code nor the name of a country", country);
	if (rc == 0)
		rc = add(c, FINDING_ERROR, "country-unknown", NULL, &b);
cleanup:
	buf_cleanup(&b);
	return rc == APP_ETOOBIG ? 0 : rc;
}

int
regioncheck_country(const struct nuts *n, const char *field, size_t row, const char *country,
		    struct findings *out)
{
	struct ctx c = {n, 0, field, row, out};
	char resolved[3], *cl = clean_dup(country);
	int rc;

	if (cl == NULL)
		return APP_ENOMEM;
	unbracket(cl);
	rc = check_country(&c, cl, resolved);
	free(cl);
	return rc;
}

/* ---- the parts of an entry check ---- */

/* The last version before the one checked that has country cc, when cc is
 * not in the version checked (it has left NUTS, as the United Kingdom did
 * after NUTS 2021); 0 when cc is in it, or never was before it. */
static int
country_left(const struct ctx *c, const char *cc)
{
	int i, last = 0;

	if (cc == NULL || cc[0] == '\0' || nuts_find(c->n, c->version, cc) != NULL)
		return 0;
	for (i = 0; i < NUTS_NVERSIONS; i++)
		if (nuts_versions[i] < c->version && nuts_find(c->n, nuts_versions[i], cc) != NULL)
			last = nuts_versions[i];
	return last;
}

/* A region of a country that has left NUTS (code "" when none is given; a
 * code that country had in NUTS `last`, as country_left gives). Such a region may take part in a partnership: a
 * warning that says why it was not checked. */
static int
check_country_left(const struct ctx *c, const char *name, const char *cc, const char *code,
		   int last, struct buf *b)
{
	const struct nuts_region *r = code[0] ? nuts_find(c->n, last, code) : NULL;
	const char *cname = nuts_country_name(cc);
	int rc;

	if (r != NULL && r->level == 0) {
		rc = buf_printf(b, "%s is %s", code, cname ? cname : cc);
	} else if (code[0] != '\0') {
		rc = buf_puts(b, code);
		if (rc == 0 && r != NULL) {
			rc = buf_puts(b, " (");
			if (rc == 0)
				rc = put_region_name(c, last, r, b);
			if (rc == 0)
				rc = buf_printf(b, " in NUTS %d)", last);
		}
		if (rc == 0)
			rc = buf_printf(b, " is in %s (%s)", cname ? cname : cc, cc);
	} else {
		rc = buf_printf(b, "%s is in %s (%s)", name[0] ? name : "The region",
				cname ? cname : cc, cc);
	}
	if (rc == 0)
		rc = buf_printf(b, ", which is not in NUTS %d: %s left NUTS after NUTS %d, so the "
				   "region was not checked; a region outside the EU may take part",
				c->version, cc, last);
	return rc ? rc : add(c, FINDING_WARNING, "nuts-country-left", NULL, b);
}

/* No code: say so, with the code when the name names exactly one region. */
static int
check_missing_code(const struct ctx *c, const char *name, const char *cc, struct buf *b)
{
	const struct nuts_region *m[MATCH_MAX];
	size_t nm = 0, i;
	int rc;

	if (name[0] == '\0') {
		rc = buf_puts(b, "No NUTS code and no region name are given");
		return rc ? rc : add(c, FINDING_WARNING, "nuts-code-missing", NULL, b);
	}
	nm = nuts_match_name(c->n, c->version, name, cc, m, MATCH_MAX);
	if (nm == 1) {
		rc = buf_printf(b, "No NUTS code is given for %s", name);
		if (rc == 0)
			rc = put_named(c, name, m[0], b);
		return rc ? rc : add(c, FINDING_WARNING, "nuts-code-missing", m[0]->code, b);
	}
	rc = buf_printf(b, "No NUTS code is given for %s", name);
	for (i = 0; i < nm && rc == 0; i++)
		rc = buf_printf(b, "%s%s", i == 0 ? ", which is " : i + 1 == nm ? " or " : ", ",
				m[i]->code);
	if (rc == 0 && nm > 1)
		rc = buf_printf(b, " in NUTS %d", c->version);
	return rc ? rc : add(c, FINDING_WARNING, "nuts-code-missing", NULL, b);
}

/* A well-formed code that is not in the version checked. */
static int
check_unknown_code(const struct ctx *c, const char *name, const char *cc, const char *code,
		   struct buf *b)
{
	const struct nuts_change *rows[CHANGES_MAX];
	const struct nuts_region *named = NULL, *old = NULL, *late = NULL;
	const char *suggest = NULL;
	size_t nrows = 0, count = 0, i;
	int first_old = 0, last_old = 0, first_late = 0, oldest = 0, level = (int)strlen(code) - 2;
	bool any = false;
	int rc;

	for (i = 0; i < NUTS_NVERSIONS; i++) {
		int w = nuts_versions[i];
		const struct nuts_region *r;

		if (!nuts_has_version(c->n, w))
			continue;
		if (oldest == 0)
			oldest = w;
		r = nuts_find(c->n, w, code);
		if (r == NULL)
			continue;
		if (w < c->version) {
			if (first_old == 0)
				first_old = w;
			last_old = w;
			old = r;
		} else if (w > c->version && late == NULL) {
			first_late = w;
			late = r;
		}
	}
	if (old != NULL) {
		rc = buf_printf(b, "%s is not in NUTS %d: it was ", code, c->version);
		if (rc == 0)
			rc = put_region_name(c, last_old, old, b);
		if (rc == 0)
			rc = first_old == last_old ? buf_printf(b, " in NUTS %d", last_old)
						   : buf_printf(b, " until NUTS %d", last_old);
	} else if (late != NULL) {
		rc = buf_printf(b, "%s is not in NUTS %d: it exists only from NUTS %d", code,
				c->version, first_late);
	} else {
		rc = buf_printf(b, "%s is in no NUTS version since %d", code, oldest);
	}
	if (rc)
		return rc;
	if (late == NULL) {
		nrows = nuts_changes_before(c->n, c->version, code, rows, CHANGES_MAX);
		if (nrows > CHANGES_MAX)
			nrows = CHANGES_MAX;
		if (nrows > 0) {
			size_t mark = b->len;

			rc = buf_puts(b, old != NULL ? ", and " : ": ");
			if (rc == 0)
				rc = put_changes(c, code, rows, nrows, false, b, &any);
			if (rc)
				return rc;
			if (!any) {
				/* Only relabellings: take the separator back. */
				b->len = mark;
				b->data[mark] = '\0';
			}
		}
	}
	named = named_region(c, name, cc, level, &count);
	if (named != NULL) {
		rc = put_named(c, name, named, b);
		suggest = named->code;
	} else if (nrows > 0) {
		struct chain ch;
		size_t k, found = 0;

		chain_run(code, rows, nrows, &ch);
		for (k = 0; k < ch.n; k++) {
			if (nuts_find(c->n, c->version, ch.codes[k]) != NULL) {
				found++;
				suggest = nuts_find(c->n, c->version, ch.codes[k])->code;
			}
		}
		if (found != 1)
			suggest = NULL;
	} else if (late != NULL) {
		/* A code from the future: the region of the same name now. */
		const char *label = nuts_label(c->n, late);

		named = named_region(c, label, late->country, level, &count);
		if (named != NULL) {
			rc = buf_printf(b, "; %s is %s in NUTS %d", label, named->code, c->version);
			suggest = named->code;
		}
	}
	if (rc)
		return rc;
	return add(c, FINDING_ERROR, "nuts-unknown-code", suggest, b);
}

/* The name of an entry whose code is valid: does it name that region? Sets
 * *code_ok false when the finding says the code is wrong. */
static int
check_name(const struct ctx *c, const char *name, const char *cc, const struct nuts_region *r,
	   struct buf *b, bool *code_ok)
{
	const struct nuts_region *m[MATCH_MAX];
	struct nuts_near near[NEAR_MAX];
	const struct nuts_region *other = NULL;
	size_t nm, nn, i;
	int rc, w;

	*code_ok = true;
	nm = nuts_match_name(c->n, c->version, name, cc, m, MATCH_MAX);
	for (i = 0; i < nm; i++)
		if (m[i] == r)
			return 0;
	if (nm == 0) {
		/* A name the same code had in another version is not wrong. */
		for (w = 0; w < NUTS_NVERSIONS; w++) {
			const struct nuts_region *o = nuts_find(c->n, nuts_versions[w], r->code);

			/* Same names there as here: the lookup would fail the same way. */
			if (o == NULL || nuts_versions[w] == c->version ||
			    (strcmp(o->name_latin, r->name_latin) == 0 &&
			     strcmp(o->name_native, r->name_native) == 0))
				continue;
			nm = nuts_match_name(c->n, nuts_versions[w], name, cc, m, MATCH_MAX);
			for (i = 0; i < nm; i++)
				if (m[i] == o)
					return 0;
		}
		nm = 0;
	}
	if (nm > 0) {
		for (i = 0; i < nm && other == NULL; i++)
			if (m[i]->level == r->level)
				other = m[i];
		if (other == NULL)
			other = m[0];
		*code_ok = false;
		rc = buf_printf(b, "%s is ", r->code);
		if (rc == 0)
			rc = put_region_name(c, c->version, r, b);
		if (rc == 0)
			rc = buf_printf(b, ", not %s", name);
		if (rc == 0)
			rc = put_named(c, name, other, b);
		return rc ? rc : add(c, FINDING_ERROR, "nuts-name-mismatch", other->code, b);
	}
	/* Near the code's own names: a misspelling, and the code stands. */
	if (nuts_near_region(c->n, c->version, name, r, &near[0])) {
		rc = buf_printf(b, "The region name %s looks misspelt: did you mean %s?", name,
				near[0].spelling);
		return rc ? rc : add(c, FINDING_WARNING, "region-name-misspelt", near[0].spelling, b);
	}
	nn = nuts_near_names(c->n, c->version, name, cc, near, NEAR_MAX);
	if (nn > 0) {
		*code_ok = false;
		rc = buf_printf(b, "%s is ", r->code);
		if (rc == 0)
			rc = put_region_name(c, c->version, r, b);
		if (rc == 0)
			rc = buf_printf(b, ", not %s; the nearest region name, %s, is %s", name,
					near[0].spelling, near[0].region->code);
		if (rc == 0)
			rc = put_later(c, near[0].region->code, b);
		return rc ? rc
			  : add(c, FINDING_ERROR, "nuts-name-mismatch", near[0].region->code, b);
	}
	rc = buf_printf(b, "%s is not a name of %s, ", name, r->code);
	if (rc == 0)
		rc = put_region_name(c, c->version, r, b);
	if (rc == 0)
		rc = buf_printf(b, ", nor of any other region of %s in NUTS %d",
				nuts_country_name(r->country) ? nuts_country_name(r->country)
							      : r->country,
				c->version);
	return rc ? rc : add(c, FINDING_WARNING, "region-name-unknown", NULL, b);
}

/* A valid, rightly named code that changed after the version checked. */
static int
check_changed(const struct ctx *c, const char *code, struct buf *b)
{
	const struct nuts_change *rows[CHANGES_MAX];
	size_t nrows = nuts_changes_after(c->n, c->version, code, rows, CHANGES_MAX);
	size_t mark;
	bool any = false;
	int rc;

	if (nrows == 0)
		return 0;
	if (nrows > CHANGES_MAX)
		nrows = CHANGES_MAX;
	rc = buf_printf(b, "%s has changed since NUTS %d: ", code, c->version);
	mark = b->len;
	if (rc == 0)
		rc = put_changes(c, code, rows, nrows, true, b, &any);
	if (rc || !any || b->len == mark)
		return rc;
	return add(c, FINDING_WARNING, "nuts-changed", NULL, b);
}

int
regioncheck_entry(const struct nuts *n, int version, const char *field, size_t row,
		  const char *name, const char *country, const char *code, struct findings *out)
{
	struct ctx c = {n, version, field, row, out};
	char *nm = clean_dup(name), *ct = clean_dup(country), *cd = clean_dup(code);
	char cc[3], up[8];
	const char *match_cc;
	const struct nuts_region *r;
	struct buf b;
	size_t i, len, count;
	bool code_ok = true;
	int rc = 0;

	buf_init(&b, MSG_MAX);
	if (nm == NULL || ct == NULL || cd == NULL) {
		rc = APP_ENOMEM;
		goto cleanup;
	}
	/* Checking against a version we do not have would call every code
	 * unknown: say that the check could not be made instead. */
	if (!nuts_has_version(n, version) && (nm[0] || cd[0])) {
		rc = buf_printf(&b, "NUTS %d is not loaded, so this region was not checked", version);
		if (rc == 0)
			rc = add(&c, FINDING_WARNING, "nuts-version-missing", NULL, &b);
		goto cleanup;
	}
	unbracket(ct);
	if (nm[0] == '\0' && ct[0] == '\0' && cd[0] == '\0')
		goto cleanup;
	rc = check_country(&c, ct, cc);
	if (rc)
		goto cleanup;
	match_cc = cc[0] ? cc : NULL;
	if (cd[0] == '\0') {
		int last = country_left(&c, match_cc);

		rc = last ? check_country_left(&c, nm, match_cc, "", last, &b)
			  : check_missing_code(&c, nm, match_cc, &b);
		goto cleanup;
	}

	/* The code's form: capitals are accepted with a warning, anything else
	 * that is not two letters and up to three letters or digits is an error. */
	len = strlen(cd);
	for (i = 0; i < len && i < sizeof(up) - 1; i++)
		up[i] = to_upper(cd[i]);
	up[i] = '\0';
	if (len >= sizeof(up) || !nuts_code_well_formed(up)) {
		const struct nuts_region *named;

		rc = buf_printf(&b,
				"%s is not a NUTS code: a NUTS code is two capital letters followed by "
				"up to three letters or digits",
				cd);
		named = rc ? NULL : named_region(&c, nm, match_cc, -1, &count);
		if (named != NULL && count == 1)
			rc = put_named(&c, nm, named, &b);
		else
			named = NULL;
		if (rc == 0)
			rc = add(&c, FINDING_ERROR, "nuts-code-malformed", named ? named->code : NULL,
				 &b);
		goto cleanup;
	}
	if (strcmp(up, cd) != 0) {
		rc = buf_printf(&b, "The NUTS code %s should be written in capitals: %s", cd, up);
		if (rc == 0)
			rc = add(&c, FINDING_WARNING, "nuts-code-case", up, &b);
		if (rc)
			goto cleanup;
		buf_reset(&b);
	}

	if (is_extra_regio(up)) {
		const struct nuts_region *xr = nuts_find(n, version, up), *named;

		rc = buf_printf(&b,
				"%s is an Extra-Regio code%s%s%s, for statistics that belong to no "
				"region, not a region",
				up, xr ? " (" : "", xr ? nuts_label(n, xr) : "", xr ? ")" : "");
		named = rc ? NULL : named_region(&c, nm, match_cc, (int)strlen(up) - 2, &count);
		if (named != NULL)
			rc = put_named(&c, nm, named, &b);
		if (rc == 0)
			rc = add(&c, FINDING_ERROR, "nuts-extra-regio", named ? named->code : NULL, &b);
		goto cleanup;
	}

	/* A code of another country than the one written. */
	if (match_cc != NULL && strncmp(up, match_cc, 2) != 0) {
		char ucc[3] = {up[0], up[1], '\0'};

		if (nuts_country_known(n, ucc)) {
			const struct nuts_region *named =
				named_region(&c, nm, match_cc, (int)strlen(up) - 2, &count);
			const char *cname = nuts_country_name(ucc);

			rc = buf_printf(&b, "%s is in %s (%s), not in %s", up, cname ? cname : ucc, ucc,
					ct);
			if (rc == 0 && named != NULL)
				rc = put_named(&c, nm, named, &b);
			if (rc == 0)
				rc = add(&c, FINDING_ERROR, "country-code-mismatch",
					 named ? named->code : ucc, &b);
			if (rc || named != NULL)
				goto cleanup;
			buf_reset(&b);
			/* The country is the wrong part: check the rest against the code's. */
			memcpy(cc, ucc, 3);
			match_cc = cc;
		}
	}
	if (match_cc == NULL) {
		char ucc[3] = {up[0], up[1], '\0'};

		if (nuts_country_known(n, ucc)) {
			memcpy(cc, ucc, 3);
			match_cc = cc;
		}
	}

	r = nuts_find(n, version, up);
	if (r == NULL) {
		char ucc[3] = {up[0], up[1], '\0'};
		int last = country_left(&c, ucc);

		/* A code its country had before leaving NUTS: not checked further. */
		if (last && nuts_find(n, last, up) != NULL) {
			rc = check_country_left(&c, nm, ucc, up, last, &b);
			goto cleanup;
		}
		rc = check_unknown_code(&c, nm, match_cc, up, &b);
		goto cleanup;
	}
	if (nm[0] != '\0') {
		rc = check_name(&c, nm, match_cc, r, &b, &code_ok);
		if (rc)
			goto cleanup;
		buf_reset(&b);
	}
	if (code_ok)
		rc = check_changed(&c, up, &b);
cleanup:
	buf_cleanup(&b);
	free(nm);
	free(ct);
	free(cd);
	/* A message too long for MSG_MAX is dropped rather than failing the check. */
	return rc == APP_ETOOBIG ? 0 : rc;
}
