/* diff.c - word and row differences (diff.h). */
#include "diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

struct item {
	const char *p;
	size_t len;
};

static bool
same(const struct item *x, const struct item *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

/* An edit script: each step with its item's index in a (SAME, DEL) and
 * in b (SAME, INS). */
struct step {
	enum diff_op op;
	size_t ai, bi;
};
struct script {
	struct step *v;
	size_t n, cap;
};

static int
put2(struct script *s, enum diff_op op, size_t ai, size_t bi)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct step *v = realloc(s->v, cap * sizeof(*v));

		if (v == NULL)
			return APP_ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].op = op;
	s->v[s->n].ai = ai;
	s->v[s->n].bi = bi;
	s->n++;
	return 0;
}

/* SAME: index in a and b at once (offset: b's index minus a's). */
#define put(s, op, index) put2((s), (op), (index), (index))

/* The script turning a[0..na) into b[0..nb). */
static int
lcs(const struct item *a, size_t na, const struct item *b, size_t nb, struct script *s)
{
	size_t pre = 0, suf = 0, m, k, i, j;
	uint32_t *t = NULL;
	int rc = 0;

	while (pre < na && pre < nb && same(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && same(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	for (i = 0; i < pre; i++)
		if ((rc = put(s, DIFF_SAME, i)) != 0)
			return rc;
	m = na - pre - suf;
	k = nb - pre - suf;
	if (m > 0 && k > 0 && (m + 1) <= DIFF_MAX_CELLS / (k + 1))
		t = calloc((m + 1) * (k + 1), sizeof(*t));
	if (t == NULL) {
		/* Nothing in common in the middle, or too big to look: all
		 * of it removed, then all of it added. */
		for (i = 0; i < m; i++)
			if ((rc = put(s, DIFF_DEL, pre + i)) != 0)
				return rc;
		for (j = 0; j < k; j++)
			if ((rc = put(s, DIFF_INS, pre + j)) != 0)
				return rc;
	} else {
		/* t[i][j]: the LCS length of a's middle from i and b's from j. */
#define T(i, j) t[(i) * (k + 1) + (j)]
		for (i = m; i-- > 0;)
			for (j = k; j-- > 0;)
				T(i, j) = same(&a[pre + i], &b[pre + j])
						  ? T(i + 1, j + 1) + 1
						  : (T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
		i = 0;
		j = 0;
		while (rc == 0 && (i < m || j < k)) {
			if (i < m && j < k && same(&a[pre + i], &b[pre + j])) {
				rc = put2(s, DIFF_SAME, pre + i, pre + j);
				i++;
				j++;
			} else if (i < m && (j == k || T(i + 1, j) >= T(i, j + 1))) {
				rc = put(s, DIFF_DEL, pre + i);
				i++;
			} else {
				rc = put(s, DIFF_INS, pre + j);
				j++;
			}
		}
#undef T
		free(t);
		if (rc != 0)
			return rc;
	}
	for (i = 0; i < suf; i++)
		if ((rc = put2(s, DIFF_SAME, na - suf + i, nb - suf + i)) != 0)
			return rc;
	return 0;
}

/* Words and blanks of s. */
static int
split_words(const char *s, struct item **out, size_t *n)
{
	size_t cap = 0, k = 0;
	struct item *v = NULL;
	const char *p = s;

	while (*p != '\0') {
		bool blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
		const char *q = p;

		while (*q != '\0' && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') == blank)
			q++;
		if (k == cap) {
			struct item *w;

			cap = cap ? cap * 2 : 64;
			w = realloc(v, cap * sizeof(*w));
			if (w == NULL) {
				free(v);
				return APP_ENOMEM;
			}
			v = w;
		}
		v[k].p = p;
		v[k].len = (size_t)(q - p);
		k++;
		p = q;
	}
	*out = v;
	*n = k;
	return 0;
}

static bool
blank_item(const struct item *w)
{
	size_t i;

	for (i = 0; i < w->len; i++)
		if (w->p[i] != ' ' && w->p[i] != '\t' && w->p[i] != '\n' && w->p[i] != '\r')
			return false;
	return true;
}

/* Reads better: "<del>Mining industries</del><ins>The mining</ins>"
 * rather than word against word. Within a run of changes, a blank kept
 * between two changed words is taken into both the removed and the added
 * text, and the removed words come before the added ones. */
static int
group_changes(struct script *s, const struct item *wa)
{
	struct step *out = malloc((s->n > 0 ? s->n * 2 : 1) * sizeof(*out));
	struct step *ins = malloc((s->n > 0 ? s->n * 2 : 1) * sizeof(*ins));
	size_t i = 0, k = 0;

	if (out == NULL || ins == NULL) {
		free(out);
		free(ins);
		return APP_ENOMEM;
	}
	while (i < s->n) {
		size_t ni = 0;

		if (s->v[i].op == DIFF_SAME) {
			out[k++] = s->v[i++];
			continue;
		}
		while (i < s->n) {
			if (s->v[i].op == DIFF_DEL) {
				out[k++] = s->v[i++];
			} else if (s->v[i].op == DIFF_INS) {
				ins[ni++] = s->v[i++];
			} else if (blank_item(&wa[s->v[i].ai]) && i + 1 < s->n && s->v[i + 1].op != DIFF_SAME) {
				out[k].op = DIFF_DEL;
				out[k].ai = s->v[i].ai;
				out[k++].bi = 0;
				ins[ni].op = DIFF_INS;
				ins[ni].ai = 0;
				ins[ni++].bi = s->v[i].bi;
				i++;
			} else {
				break;
			}
		}
		memcpy(out + k, ins, ni * sizeof(*ins));
		k += ni;
	}
	free(ins);
	free(s->v);
	s->v = out;
	s->n = k;
	s->cap = k;
	return 0;
}

int
diff_words(const char *a, const char *b, struct diff_span **out, size_t *n)
{
	struct item *wa = NULL, *wb = NULL;
	struct script s = {0};
	struct diff_span *v = NULL;
	size_t na = 0, nb = 0, i, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = split_words(a != NULL ? a : "", &wa, &na)) != 0 ||
	    (rc = split_words(b != NULL ? b : "", &wb, &nb)) != 0 || (rc = lcs(wa, na, wb, nb, &s)) != 0)
		goto out;
	if ((rc = group_changes(&s, wa)) != 0)
		goto out;
	v = calloc(s.n > 0 ? s.n : 1, sizeof(*v));
	if (v == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	/* Neighbouring words of one kind become one span. */
	for (i = 0; i < s.n; i++) {
		const struct item *w = s.v[i].op == DIFF_INS ? &wb[s.v[i].bi] : &wa[s.v[i].ai];
		size_t from = (size_t)(w->p - (s.v[i].op == DIFF_INS ? (b != NULL ? b : "") : (a != NULL ? a : "")));

		if (k > 0 && v[k - 1].op == s.v[i].op && v[k - 1].from + v[k - 1].len == from) {
			v[k - 1].len += w->len;
		} else {
			v[k].op = s.v[i].op;
			v[k].from = from;
			v[k].len = w->len;
			k++;
		}
	}
	*out = v;
	*n = k;
	v = NULL;
out:
	free(v);
	free(s.v);
	free(wa);
	free(wb);
	return rc;
}

int
diff_rows(const char *const *a, size_t na, const char *const *b, size_t nb, struct diff_row **out,
	  size_t *n)
{
	struct item *ia = NULL, *ib = NULL;
	struct script s = {0};
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	ia = calloc(na > 0 ? na : 1, sizeof(*ia));
	ib = calloc(nb > 0 ? nb : 1, sizeof(*ib));
	if (ia == NULL || ib == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < na; i++) {
		ia[i].p = a[i] != NULL ? a[i] : "";
		ia[i].len = strlen(ia[i].p);
	}
	for (i = 0; i < nb; i++) {
		ib[i].p = b[i] != NULL ? b[i] : "";
		ib[i].len = strlen(ib[i].p);
	}
	rc = lcs(ia, na, ib, nb, &s);
	if (rc == 0) {
		struct diff_row *v = calloc(s.n > 0 ? s.n : 1, sizeof(*v));

		if (v == NULL) {
			rc = APP_ENOMEM;
			goto out;
		}
		for (i = 0; i < s.n; i++) {
			v[i].op = s.v[i].op;
			v[i].index = s.v[i].op == DIFF_INS ? s.v[i].bi : s.v[i].ai;
		}
		*out = v;
		*n = s.n;
	}
out:
	free(s.v);
	free(ia);
	free(ib);
	return rc;
}
