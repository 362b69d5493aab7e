/* nuts_load.c - loading the NUTS registry: the code lists, the change tables
 * and the names table, and the name keys built from them. */
#include "nuts.h"
#include "nuts_impl.h"
#include "buf.h"
#include "err.h"
#include "text.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- small helpers ---- */

static char *
pool_alloc(struct nuts *n, size_t len)
{
	struct pool_block *b = n->pool;
	char *p;

	if (b == NULL || b->cap - b->used < len) {
		size_t cap = len > 65536 ? len : 65536;

		b = malloc(sizeof(*b) + cap);
		if (b == NULL)
			return NULL;
		b->next = n->pool;
		b->used = 0;
		b->cap = cap;
		n->pool = b;
	}
	p = b->data + b->used;
	b->used += len;
	return p;
}

static const char *
pool_dup(struct nuts *n, const char *s, size_t len)
{
	char *p = pool_alloc(n, len + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Folded (strict) copy of s[0..len) in the pool, or NULL on OOM. */
static const char *
pool_fold(struct nuts *n, const char *s, size_t len)
{
	char *f = text_fold(s, len, false);
	const char *p;

	if (f == NULL)
		return NULL;
	p = pool_dup(n, f, strlen(f));
	free(f);
	return p;
}

/* Range-checked unsigned decimal; the whole string must be digits. */
static int
parse_uint(const char *s, unsigned max, unsigned *out)
{
	unsigned v = 0;

	if (*s == '\0')
		return APP_EINPUT;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return APP_EINPUT;
		if (v > (max - (unsigned)(*s - '0')) / 10)
			return APP_EINPUT;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > max)
		return APP_EINPUT;
	*out = v;
	return 0;
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

bool
nuts_code_well_formed(const char *s)
{
	size_t i, len = strlen(s);

	if (len < 2 || len > 5 || !is_upper(s[0]) || !is_upper(s[1]))
		return false;
	for (i = 2; i < len; i++)
		if (!is_upper(s[i]) && !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

/* Reads a whole file into a NUL-terminated buffer. */
static int
read_file(const char *path, char **out, size_t *outlen, struct app_msg *msg)
{
	FILE *f = NULL;
	char *data = NULL;
	size_t len = 0, cap = 0, got;
	int rc = 0;

	f = fopen(path, "rb");
	if (f == NULL) {
		rc = app_fail(msg, errno == ENOENT ? APP_ENOTFOUND : APP_EIO, "%s: cannot open: %s",
			      path, strerror(errno));
		goto cleanup;
	}
	for (;;) {
		if (cap - len < 65536) {
			char *nd;

			if (cap >= FILE_MAX) {
				rc = app_fail(msg, APP_ETOOBIG, "%s: larger than %u bytes", path,
					      FILE_MAX);
				goto cleanup;
			}
			cap = cap ? cap * 2 : 262144;
			nd = realloc(data, cap + 1);
			if (nd == NULL) {
				rc = app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
				goto cleanup;
			}
			data = nd;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = app_fail(msg, APP_EIO, "%s: read error", path);
		goto cleanup;
	}
	if (data == NULL) {
		data = malloc(1);
		if (data == NULL) {
			rc = app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
			goto cleanup;
		}
	}
	data[len] = '\0';
	*out = data;
	*outlen = len;
	data = NULL;
cleanup:
	if (f != NULL)
		fclose(f);
	free(data);
	return rc;
}

/* Walks a tab-separated file one line at a time, splitting it in place. */
struct tsv {
	const char *path;
	char *p, *end;
	size_t line;
};

/* Splits the next non-empty line into at most max fields; returns the field
 * count, 0 at the end. Comment lines (#...) are skipped when comments is set. */
static size_t
tsv_next(struct tsv *t, char **f, size_t max, bool comments)
{
	for (;;) {
		char *s, *nl, *q;
		size_t nf = 0;

		if (t->p >= t->end)
			return 0;
		s = t->p;
		nl = memchr(s, '\n', (size_t)(t->end - s));
		if (nl == NULL)
			nl = t->end;
		t->p = nl < t->end ? nl + 1 : t->end;
		t->line++;
		*nl = '\0';
		if (nl > s && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*s == '\0' || (comments && *s == '#'))
			continue;
		f[nf++] = s;
		for (q = s; *q; q++) {
			if (*q == '\t') {
				*q = '\0';
				if (nf < max)
					f[nf] = q + 1;
				nf++;
			}
		}
		return nf;
	}
}

static int
tsv_open(struct tsv *t, const char *path, char *text, size_t len, const char *header,
	 bool comments, struct app_msg *msg)
{
	size_t line = 0;
	const char *what = NULL;
	char *f[16];
	size_t nf, i;
	struct buf h;
	int rc;

	if (text_check(text, len, &line, &what) != 0)
		return app_fail(msg, APP_EINPUT, "%s:%zu: %s", path, line, what);
	t->path = path;
	t->p = text;
	t->end = text + len;
	t->line = 0;
	nf = tsv_next(t, f, 16, comments);
	if (nf == 0)
		return app_fail(msg, APP_EINPUT, "%s:1: empty file, expected the header \"%s\"",
				path, header);
	buf_init(&h, 4096);
	for (i = 0; i < nf && i < 16; i++) {
		if ((i > 0 && buf_putc(&h, '\t') != 0) || buf_puts(&h, f[i]) != 0) {
			buf_cleanup(&h);
			return app_fail(msg, APP_EINPUT, "%s:%zu: header too long", path, t->line);
		}
	}
	rc = strcmp(buf_cstr(&h), header) == 0 ? 0 : APP_EINPUT;
	buf_cleanup(&h);
	if (rc)
		return app_fail(msg, APP_EINPUT, "%s:%zu: header is not \"%s\"", path, t->line,
				header);
	return 0;
}

/* ---- code lists ---- */

static int
cmp_reg(const void *a, const void *b)
{
	return strcmp(((const struct reg *)a)->pub.code, ((const struct reg *)b)->pub.code);
}

static int
load_list(struct nuts *n, struct ver *v, const char *path, struct app_msg *msg)
{
	static const char header[] =
		"code\tlevel\tcountry\tname_latin\tname_native\tlisted_in\tname_src";
	struct tsv t;
	char *f[7];
	size_t len = 0, nf, cap = 0, i;
	int rc;

	rc = read_file(path, &v->text, &len, msg);
	if (rc)
		return rc;
	rc = tsv_open(&t, path, v->text, len, header, false, msg);
	if (rc)
		return rc;
	while ((nf = tsv_next(&t, f, 7, false)) != 0) {
		struct reg *r;
		unsigned level;

		if (nf != 7)
			return app_fail(msg, APP_EINPUT,
					"%s:%zu: expected 7 tab-separated fields, found %zu", path,
					t.line, nf);
		if (!nuts_code_well_formed(f[0]))
			return app_fail(msg, APP_EINPUT, "%s:%zu: \"%s\" is not a NUTS code", path,
					t.line, f[0]);
		if (parse_uint(f[1], 3, &level) != 0)
			return app_fail(msg, APP_EINPUT, "%s:%zu: level \"%s\" is not 0 to 3", path,
					t.line, f[1]);
		if (level != strlen(f[0]) - 2)
			return app_fail(msg, APP_EINPUT, "%s:%zu: level %u does not fit code %s",
					path, t.line, level, f[0]);
		if (strlen(f[2]) != 2 || strncmp(f[0], f[2], 2) != 0)
			return app_fail(msg, APP_EINPUT,
					"%s:%zu: country \"%s\" is not the prefix of code %s", path,
					t.line, f[2], f[0]);
		if (strcmp(f[5], "eurostat+gisco") != 0 && strcmp(f[5], "eurostat") != 0 &&
		    strcmp(f[5], "gisco") != 0)
			return app_fail(msg, APP_EINPUT, "%s:%zu: listed_in \"%s\" is not known",
					path, t.line, f[5]);
		if (f[3][0] == '\0' && f[4][0] == '\0' && level > 0)
			return app_fail(msg, APP_EINPUT, "%s:%zu: region %s has no name", path,
					t.line, f[0]);
		if (v->nregs == cap) {
			size_t ncap = cap ? cap * 2 : 2048;
			struct reg *nr = realloc(v->regs, ncap * sizeof(*nr));

			if (nr == NULL)
				return app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
			v->regs = nr;
			cap = ncap;
		}
		r = &v->regs[v->nregs++];
		memset(r, 0, sizeof(*r));
		r->pub.code = f[0];
		r->pub.level = (int)level;
		r->pub.country = f[2];
		r->pub.name_latin = f[3];
		r->pub.name_native = f[4];
		r->line = t.line;
	}
	if (v->nregs == 0)
		return app_fail(msg, APP_EINPUT, "%s: no regions", path);
	qsort(v->regs, v->nregs, sizeof(*v->regs), cmp_reg);
	for (i = 1; i < v->nregs; i++)
		if (strcmp(v->regs[i - 1].pub.code, v->regs[i].pub.code) == 0)
			return app_fail(msg, APP_EINPUT, "%s:%zu: code %s is listed twice (also line %zu)",
					path,
					v->regs[i].line > v->regs[i - 1].line ? v->regs[i].line
									       : v->regs[i - 1].line,
					v->regs[i].pub.code,
					v->regs[i].line > v->regs[i - 1].line ? v->regs[i - 1].line
									       : v->regs[i].line);
	for (i = 0; i < v->nregs; i++) {
		struct reg *r = &v->regs[i];
		const char *nm = r->pub.name_latin[0] ? r->pub.name_latin : r->pub.name_native;

		r->fold = pool_fold(n, nm, strlen(nm));
		if (r->fold == NULL)
			return app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
	}
	v->loaded = true;
	return 0;
}

static bool
has_lower(const char *s)
{
	for (; *s; s = g_utf8_next_char(s))
		if (g_unichar_islower(g_utf8_get_char(s)))
			return true;
	return false;
}

/* True when a and b are the same name but for case, accents and punctuation
 * ("SUOMI / FINLAND" and "Suomi/Finland"). */
static bool
same_loose(const char *a, const char *b)
{
	char *x = text_fold(a, strlen(a), true), *y = text_fold(b, strlen(b), true);
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* NUTS 2013 and 2016 write levels 0 and 1 in capitals: borrow the mixed-case
 * spelling of the same code and name from another version where there is one. */
static void
set_labels(struct nuts *n)
{
	int i, j;
	size_t k;

	for (i = 0; i < NUTS_NVERSIONS; i++) {
		struct ver *v = &n->v[i];

		if (!v->loaded)
			continue;
		for (k = 0; k < v->nregs; k++) {
			struct reg *r = &v->regs[k];
			const char *nm = r->pub.name_latin[0] ? r->pub.name_latin : r->pub.name_native;

			r->label = nm;
			if (nm[0] != '\0' && has_lower(nm))
				continue;
			for (j = NUTS_NVERSIONS - 1; j >= 0; j--) {
				const struct reg *o;

				if (j == i || !n->v[j].loaded)
					continue;
				o = nuts_ver_find(&n->v[j], r->pub.code);
				if (o == NULL || !has_lower(o->label ? o->label : o->pub.name_latin))
					continue;
				if (nm[0] == '\0' || same_loose(nm, o->pub.name_latin)) {
					r->label = o->pub.name_latin[0] ? o->pub.name_latin
									 : o->pub.name_native;
					break;
				}
			}
			if (r->label[0] == '\0' && r->pub.level == 0 &&
			    nuts_country_name(r->pub.code) != NULL)
				r->label = nuts_country_name(r->pub.code);
		}
	}
}

/* ---- name keys ---- */

void
nuts_key_hist(const char *fold, uint8_t *hist)
{
	memset(hist, 0, HIST);
	for (; *fold; fold++) {
		unsigned char c = (unsigned char)*fold;
		int b = -1;

		if (c >= 'a' && c <= 'z')
			b = c - 'a';
		else if (c >= '0' && c <= '9')
			b = 26 + (c - '0') % 6;
		if (b >= 0 && hist[b] < 255)
			hist[b]++;
	}
}

static int
add_key(struct nuts *n, struct ver *v, size_t ri, size_t first, const char *s, size_t len,
	bool english)
{
	struct key *k;
	const char *fold, *sp;
	char *f;
	size_t i;

	while (len > 0 && s[len - 1] == ' ')
		len--;
	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	if (len == 0)
		return 0;
	f = text_fold(s, len, false);
	if (f == NULL)
		return APP_ENOMEM;
	if (f[0] == '\0') {
		free(f);
		return 0;
	}
	/* A region's keys are added one after another: skip a name it already has. */
	for (i = first; i < v->nkeys; i++) {
		if (v->keys[i].reg == ri && strcmp(v->keys[i].fold, f) == 0) {
			free(f);
			return 0;
		}
	}
	fold = pool_dup(n, f, strlen(f));
	free(f);
	sp = pool_dup(n, s, len);
	if (fold == NULL || sp == NULL)
		return APP_ENOMEM;
	if (v->nkeys == v->capkeys) {
		size_t ncap = v->capkeys ? v->capkeys * 2 : 8192;
		struct key *nk = realloc(v->keys, ncap * sizeof(*nk));

		if (nk == NULL)
			return APP_ENOMEM;
		v->keys = nk;
		v->capkeys = ncap;
	}
	k = &v->keys[v->nkeys++];
	k->fold = fold;
	k->spelling = sp;
	k->reg = (uint32_t)ri;
	k->nchars = (uint16_t)(text_chars(fold) > 65535 ? 65535 : text_chars(fold));
	k->english = english;
	memcpy(k->cc, v->regs[ri].pub.country, 3);
	nuts_key_hist(fold, k->hist);
	return 0;
}

/* Length of s without a trailing parenthesised remark such as "(PT)" or
 * "(England)", or len when there is none. */
size_t
nuts_strip_paren(const char *s, size_t len)
{
	size_t i;

	if (len < 4 || s[len - 1] != ')')
		return len;
	for (i = len - 1; i > 0; i--) {
		if (s[i] == '(') {
			if (s[i - 1] != ' ')
				return len;
			i--;
			while (i > 0 && s[i - 1] == ' ')
				i--;
			return i;
		}
	}
	return len;
}

/* The keys of one name: the whole name, each part of a bilingual name
 * ("Suomi/Finland"), and each of those without a "(XX)" remark. */
static int
add_name_keys(struct nuts *n, struct ver *v, size_t ri, size_t first, const char *name)
{
	const char *p = name, *slash;
	size_t len = strlen(name), sl;
	int rc;

	if (len == 0)
		return 0;
	rc = add_key(n, v, ri, first, name, len, false);
	if (rc)
		return rc;
	sl = nuts_strip_paren(name, len);
	if (sl != len && (rc = add_key(n, v, ri, first, name, sl, false)) != 0)
		return rc;
	if (strchr(name, '/') == NULL)
		return 0;
	for (;;) {
		size_t plen;

		slash = strchr(p, '/');
		plen = slash ? (size_t)(slash - p) : strlen(p);
		rc = add_key(n, v, ri, first, p, plen, false);
		if (rc)
			return rc;
		sl = nuts_strip_paren(p, plen);
		if (sl != plen && (rc = add_key(n, v, ri, first, p, sl, false)) != 0)
			return rc;
		if (slash == NULL)
			break;
		p = slash + 1;
	}
	return 0;
}

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->cc, y->cc);

	if (c == 0)
		c = strcmp(x->fold, y->fold);
	if (c == 0)
		c = x->reg < y->reg ? -1 : x->reg > y->reg;
	if (c == 0)
		c = (int)x->english - (int)y->english;
	return c;
}

static int
build_ranges(struct ver *v)
{
	size_t i, k = 0;

	free(v->cc);
	v->cc = NULL;
	v->ncc = 0;
	for (i = 0; i < v->nregs; i++)
		if (i == 0 || strcmp(v->regs[i].pub.country, v->regs[i - 1].pub.country) != 0)
			v->ncc++;
	v->cc = calloc(v->ncc ? v->ncc : 1, sizeof(*v->cc));
	if (v->cc == NULL)
		return APP_ENOMEM;
	v->ncc = 0;
	for (i = 0; i < v->nregs; i++) {
		if (i == 0 || strcmp(v->regs[i].pub.country, v->regs[i - 1].pub.country) != 0) {
			struct crange *c = &v->cc[v->ncc++];

			memcpy(c->cc, v->regs[i].pub.country, 3);
			c->reg0 = i;
		}
		v->cc[v->ncc - 1].reg1 = i + 1;
	}
	for (i = 0; i < v->ncc; i++) {
		struct crange *c = &v->cc[i];

		while (k < v->nkeys && strcmp(v->keys[k].cc, c->cc) < 0)
			k++;
		c->key0 = k;
		while (k < v->nkeys && strcmp(v->keys[k].cc, c->cc) == 0)
			k++;
		c->key1 = k;
	}
	return 0;
}

static int
build_keys(struct nuts *n, struct ver *v)
{
	size_t i;
	int rc;

	for (i = 0; i < v->nregs; i++) {
		const struct reg *r = &v->regs[i];
		size_t first = v->nkeys;

		rc = add_name_keys(n, v, i, first, r->label);
		if (rc == 0 && strcmp(r->label, r->pub.name_latin) != 0)
			rc = add_name_keys(n, v, i, first, r->pub.name_latin);
		if (rc == 0)
			rc = add_name_keys(n, v, i, first, r->pub.name_native);
		if (rc)
			return rc;
	}
	qsort(v->keys, v->nkeys, sizeof(*v->keys), cmp_key);
	return build_ranges(v);
}

/* Adds the names-table names to the keys of one version. */
static int
apply_names(struct nuts *n, struct ver *v)
{
	size_t nbase = v->nkeys, i, k;
	int rc;

	for (i = 0; i < n->nnames; i++) {
		const struct nameline *nl = &n->names[i];
		const struct crange *c = nuts_ver_country(v, nl->cc);

		if (c == NULL)
			continue;
		if (nl->nuts_name[0] == '\0') {
			const struct reg *r = nuts_ver_find(v, nl->cc);

			if (r == NULL)
				continue;
			rc = add_key(n, v, (size_t)(r - v->regs), v->nkeys, nl->name,
				     strlen(nl->name), true);
			if (rc)
				return rc;
			if (r->english == NULL)
				v->regs[r - v->regs].english = nl->name;
			continue;
		}
		/* Only the NUTS keys are sorted (the first nbase); search those. */
		for (k = nuts_key_lower(v, c->key0, c->key1 < nbase ? c->key1 : nbase, nl->fold_nuts);
		     k < c->key1 && k < nbase && strcmp(v->keys[k].fold, nl->fold_nuts) == 0; k++) {
			size_t ri = v->keys[k].reg;

			if (k > c->key0 && v->keys[k - 1].reg == ri &&
			    strcmp(v->keys[k - 1].fold, nl->fold_nuts) == 0)
				continue;
			rc = add_key(n, v, ri, nbase, nl->name, strlen(nl->name), true);
			if (rc)
				return rc;
			if (v->regs[ri].english == NULL)
				v->regs[ri].english = nl->name;
		}
	}
	qsort(v->keys, v->nkeys, sizeof(*v->keys), cmp_key);
	return build_ranges(v);
}

/* ---- change tables ---- */

static bool
is_change(const char *s)
{
	static const char *const kinds[] = {"recoded", "boundary_shift", "split", "merged",
					    "discontinued", "new", "name_change", "other"};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(s, kinds[i]) == 0)
			return true;
	return false;
}

static int
cmp_change(const void *a, const void *b)
{
	const struct nuts_change *x = a, *y = b;
	int c = strcmp(x->old_code, y->old_code);

	return c ? c : strcmp(x->new_code, y->new_code);
}

static int
load_table(struct ctable *t, const char *path, struct app_msg *msg)
{
	static const char header[] =
		"old_code\tnew_code\tchange\tchange_text\tlevel\told_name\tnew_name";
	struct tsv ts;
	char *f[7];
	size_t len = 0, nf, cap = 0;
	int rc;

	rc = read_file(path, &t->text, &len, msg);
	if (rc)
		return rc;
	rc = tsv_open(&ts, path, t->text, len, header, false, msg);
	if (rc)
		return rc;
	while ((nf = tsv_next(&ts, f, 7, false)) != 0) {
		struct nuts_change *c;
		unsigned level;
		size_t i;

		if (nf != 7)
			return app_fail(msg, APP_EINPUT,
					"%s:%zu: expected 7 tab-separated fields, found %zu", path,
					ts.line, nf);
		for (i = 0; i < 2; i++)
			if (f[i][0] != '\0' && !nuts_code_well_formed(f[i]))
				return app_fail(msg, APP_EINPUT, "%s:%zu: \"%s\" is not a NUTS code",
						path, ts.line, f[i]);
		if (f[0][0] == '\0' && f[1][0] == '\0')
			return app_fail(msg, APP_EINPUT, "%s:%zu: neither an old nor a new code",
					path, ts.line);
		if (!is_change(f[2]))
			return app_fail(msg, APP_EINPUT, "%s:%zu: change \"%s\" is not known", path,
					ts.line, f[2]);
		if (parse_uint(f[4], 3, &level) != 0)
			return app_fail(msg, APP_EINPUT, "%s:%zu: level \"%s\" is not 0 to 3", path,
					ts.line, f[4]);
		for (i = 0; i < 2; i++)
			if (f[i][0] != '\0' && strlen(f[i]) - 2 != level)
				return app_fail(msg, APP_EINPUT,
						"%s:%zu: level %u does not fit code %s", path,
						ts.line, level, f[i]);
		if (t->nrows == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct nuts_change *nr = realloc(t->rows, ncap * sizeof(*nr));

			if (nr == NULL)
				return app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
			t->rows = nr;
			cap = ncap;
		}
		c = &t->rows[t->nrows++];
		c->old_code = f[0];
		c->new_code = f[1];
		c->change = f[2];
		c->old_name = f[5];
		c->new_name = f[6];
		c->from = t->from;
		c->to = t->to;
	}
	if (t->nrows > 0)
		qsort(t->rows, t->nrows, sizeof(*t->rows), cmp_change);
	return 0;
}

static int
cmp_calias(const void *a, const void *b)
{
	const struct calias *x = a, *y = b;
	int c = strcmp(x->fold, y->fold);

	return c ? c : strcmp(x->cc, y->cc);
}

static int
add_calias(struct nuts *n, const char *cc, const char *name, size_t len)
{
	const char *fold;

	while (len > 0 && name[len - 1] == ' ')
		len--;
	while (len > 0 && *name == ' ') {
		name++;
		len--;
	}
	if (len == 0)
		return 0;
	fold = pool_fold(n, name, len);
	if (fold == NULL)
		return APP_ENOMEM;
	if (fold[0] == '\0')
		return 0;
	if (n->ncalias == n->capcalias) {
		size_t ncap = n->capcalias ? n->capcalias * 2 : 256;
		struct calias *na = realloc(n->calias, ncap * sizeof(*na));

		if (na == NULL)
			return APP_ENOMEM;
		n->calias = na;
		n->capcalias = ncap;
	}
	n->calias[n->ncalias].fold = fold;
	n->calias[n->ncalias].len = strlen(fold);
	memcpy(n->calias[n->ncalias].cc, cc, 3);
	n->ncalias++;
	return 0;
}

static int
load_names(struct nuts *n, const char *path, struct app_msg *msg)
{
	struct tsv t;
	char *f[3];
	size_t len = 0, nf, cap = 0;
	int rc;

	rc = read_file(path, &n->names_text, &len, msg);
	if (rc)
		return rc;
	rc = tsv_open(&t, path, n->names_text, len, "country\tname\tnuts_name", true, msg);
	if (rc)
		return rc;
	while ((nf = tsv_next(&t, f, 3, true)) != 0) {
		struct nameline *nl;

		/* An editor may drop the tab before an empty last field. */
		if (nf == 2)
			f[2] = "";
		else if (nf != 3)
			return app_fail(msg, APP_EINPUT,
					"%s:%zu: expected 3 tab-separated fields, found %zu", path,
					t.line, nf);
		if (strlen(f[0]) != 2 || !is_upper(f[0][0]) || !is_upper(f[0][1]))
			return app_fail(msg, APP_EINPUT,
					"%s:%zu: country \"%s\" is not a two-letter NUTS prefix", path,
					t.line, f[0]);
		if (f[1][0] == '\0')
			return app_fail(msg, APP_EINPUT, "%s:%zu: empty name", path, t.line);
		if (n->nnames == cap) {
			size_t ncap = cap ? cap * 2 : 512;
			struct nameline *nn = realloc(n->names, ncap * sizeof(*nn));

			if (nn == NULL)
				return app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
			n->names = nn;
			cap = ncap;
		}
		nl = &n->names[n->nnames++];
		memcpy(nl->cc, f[0], 3);
		nl->name = f[1];
		nl->nuts_name = f[2];
		nl->line = t.line;
		nl->fold_name = pool_fold(n, f[1], strlen(f[1]));
		nl->fold_nuts = pool_fold(n, f[2], strlen(f[2]));
		if (nl->fold_name == NULL || nl->fold_nuts == NULL)
			return app_fail(msg, APP_ENOMEM, "%s: out of memory", path);
		if (nl->fold_name[0] == '\0')
			return app_fail(msg, APP_EINPUT, "%s:%zu: name \"%s\" has no letters", path,
					t.line, f[1]);
	}
	return 0;
}

/* Country names: ours, the names table's, and the level-0 NUTS names. */
static int
build_calias(struct nuts *n)
{
	size_t i, k;
	int vi, rc;

	for (i = 0; i < nuts_ncountry_names; i++) {
		rc = add_calias(n, nuts_country_names[i].cc, nuts_country_names[i].name,
				strlen(nuts_country_names[i].name));
		if (rc)
			return rc;
	}
	for (i = 0; i < n->nnames; i++) {
		if (n->names[i].nuts_name[0] != '\0')
			continue;
		rc = add_calias(n, n->names[i].cc, n->names[i].name, strlen(n->names[i].name));
		if (rc)
			return rc;
	}
	for (vi = 0; vi < NUTS_NVERSIONS; vi++) {
		const struct ver *v = &n->v[vi];

		if (!v->loaded)
			continue;
		for (k = 0; k < v->nkeys; k++) {
			const struct reg *r = &v->regs[v->keys[k].reg];

			if (r->pub.level != 0 || v->keys[k].english)
				continue;
			rc = add_calias(n, r->pub.code, v->keys[k].fold, strlen(v->keys[k].fold));
			if (rc)
				return rc;
		}
	}
	if (n->ncalias > 0)
		qsort(n->calias, n->ncalias, sizeof(*n->calias), cmp_calias);
	/* Drop repeats. */
	for (i = k = 0; i < n->ncalias; i++)
		if (k == 0 || cmp_calias(&n->calias[k - 1], &n->calias[i]) != 0)
			n->calias[k++] = n->calias[i];
	n->ncalias = k;
	return 0;
}

/* ---- load and free ---- */

int
nuts_load(const char *dir, const char *names_file, struct nuts **out, struct app_msg *msg)
{
	struct nuts *n = NULL;
	struct stat st;
	char path[PATH_MAX_LEN];
	int i, rc = 0, nloaded = 0;

	*out = NULL;
	if (dir == NULL || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return app_fail(msg, APP_ENOTFOUND, "%s: no such folder", dir ? dir : "(none)");
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return app_fail(msg, APP_ENOMEM, "out of memory");
	for (i = 0; i < NUTS_NVERSIONS; i++) {
		struct ver *v = &n->v[i];

		v->year = nuts_versions[i];
		if ((size_t)snprintf(path, sizeof(path), "%s/nuts-%d.tsv", dir, v->year) >=
		    sizeof(path)) {
			rc = app_fail(msg, APP_EINPUT, "%s: path too long", dir);
			goto cleanup;
		}
		if (stat(path, &st) != 0)
			continue;
		rc = load_list(n, v, path, msg);
		if (rc)
			goto cleanup;
		nloaded++;
	}
	if (nloaded == 0) {
		rc = app_fail(msg, APP_ENOTFOUND,
			      "%s: no NUTS code list (nuts-2013.tsv, nuts-2016.tsv, nuts-2021.tsv or "
			      "nuts-2024.tsv) in this folder",
			      dir);
		goto cleanup;
	}
	for (i = 0; i < NTABLES; i++) {
		struct ctable *t = &n->t[i];

		t->from = nuts_table_years[i];
		t->to = nuts_table_years[i + 1];
		snprintf(path, sizeof(path), "%s/nuts-changes-%d-%d.tsv", dir, t->from, t->to);
		if (stat(path, &st) != 0)
			continue;
		rc = load_table(t, path, msg);
		if (rc)
			goto cleanup;
	}
	if (names_file != NULL) {
		rc = load_names(n, names_file, msg);
		if (rc)
			goto cleanup;
	}
	set_labels(n);
	for (i = 0; i < NUTS_NVERSIONS; i++) {
		if (!n->v[i].loaded)
			continue;
		rc = build_keys(n, &n->v[i]);
		if (rc == 0)
			rc = apply_names(n, &n->v[i]);
		if (rc) {
			rc = app_fail(msg, rc, "%s: %s", dir, app_strerror(rc));
			goto cleanup;
		}
	}
	rc = build_calias(n);
	if (rc) {
		rc = app_fail(msg, rc, "%s: %s", dir, app_strerror(rc));
		goto cleanup;
	}
	*out = n;
	n = NULL;
cleanup:
	nuts_free(n);
	return rc;
}

void
nuts_free(struct nuts *n)
{
	int i;

	if (n == NULL)
		return;
	for (i = 0; i < NUTS_NVERSIONS; i++) {
		free(n->v[i].text);
		free(n->v[i].regs);
		free(n->v[i].keys);
		free(n->v[i].cc);
	}
	for (i = 0; i < NTABLES; i++) {
		free(n->t[i].text);
		free(n->t[i].rows);
	}
	free(n->names_text);
	free(n->names);
	free(n->calias);
	while (n->pool != NULL) {
		struct pool_block *b = n->pool;

		n->pool = b->next;
		free(b);
	}
	free(n);
}

/* ---- names-table checks ---- */

size_t
nuts_names_unresolved(const struct nuts *n, size_t *lines, size_t max)
{
	size_t i, k, count = 0;
	int vi;

	if (n == NULL)
		return 0;
	for (i = 0; i < n->nnames; i++) {
		const struct nameline *nl = &n->names[i];
		bool found = false;

		for (vi = 0; vi < NUTS_NVERSIONS && !found; vi++) {
			const struct ver *v = &n->v[vi];
			const struct crange *c;

			if (!v->loaded || (c = nuts_ver_country(v, nl->cc)) == NULL)
				continue;
			if (nl->nuts_name[0] == '\0') {
				found = nuts_ver_find(v, nl->cc) != NULL;
				continue;
			}
			for (k = nuts_key_lower(v, c->key0, c->key1, nl->fold_nuts);
			     k < c->key1 && strcmp(v->keys[k].fold, nl->fold_nuts) == 0; k++)
				if (!v->keys[k].english)
					found = true;
		}
		if (!found) {
			if (count < max)
				lines[count] = nl->line;
			count++;
		}
	}
	return count;
}

