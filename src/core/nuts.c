/* nuts.c - the NUTS registry: code lists, change tables and the names table, read-only after load. */
#include "nuts.h"
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

const int nuts_versions[NUTS_NVERSIONS] = {2013, 2016, 2021, 2024};

/* The change tables, oldest first; 2010 has no code list here. */
#define NTABLES 4
static const int table_years[NTABLES + 1] = {2010, 2013, 2016, 2021, 2024};

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

/* English names of the NUTS country prefixes. The names table adds other
 * spellings; these are the ones messages use. */
static const struct {
	const char *cc;
	const char *name;
} country_names[] = {
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

static bool
is_code(const char *s)
{
	size_t i, len = strlen(s);

	if (len < 2 || len > 5 || !is_upper(s[0]) || !is_upper(s[1]))
		return false;
	for (i = 2; i < len; i++)
		if (!is_upper(s[i]) && !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

static int
ver_index(int version)
{
	int i;

	for (i = 0; i < NUTS_NVERSIONS; i++)
		if (nuts_versions[i] == version)
			return i;
	return -1;
}

static const struct ver *
ver_get(const struct nuts *n, int version)
{
	int i = ver_index(version);

	if (n == NULL || i < 0 || !n->v[i].loaded)
		return NULL;
	return &n->v[i];
}

static const struct reg *
reg_of(const struct nuts_region *r)
{
	return (const struct reg *)(const void *)r;
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
		if (!is_code(f[0]))
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

static const struct reg *
ver_find(const struct ver *v, const char *code)
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
				o = ver_find(&n->v[j], r->pub.code);
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

static void
key_hist(const char *fold, uint8_t *hist)
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
	key_hist(fold, k->hist);
	return 0;
}

/* Length of s without a trailing parenthesised remark such as "(PT)" or
 * "(England)", or len when there is none. */
static size_t
strip_paren(const char *s, size_t len)
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
	sl = strip_paren(name, len);
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
		sl = strip_paren(p, plen);
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

static const struct crange *
ver_country(const struct ver *v, const char *cc)
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
static size_t
key_lower(const struct ver *v, size_t k0, size_t k1, const char *fold)
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
		const struct crange *c = ver_country(v, nl->cc);

		if (c == NULL)
			continue;
		if (nl->nuts_name[0] == '\0') {
			const struct reg *r = ver_find(v, nl->cc);

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
		for (k = key_lower(v, c->key0, c->key1 < nbase ? c->key1 : nbase, nl->fold_nuts);
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
			if (f[i][0] != '\0' && !is_code(f[i]))
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

	for (i = 0; i < sizeof(country_names) / sizeof(country_names[0]); i++) {
		rc = add_calias(n, country_names[i].cc, country_names[i].name,
				strlen(country_names[i].name));
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

		t->from = table_years[i];
		t->to = table_years[i + 1];
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

/* ---- queries ---- */

bool
nuts_has_version(const struct nuts *n, int version)
{
	return ver_get(n, version) != NULL;
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
	const struct ver *v = ver_get(n, version);
	const struct reg *r;

	if (v == NULL || code == NULL)
		return NULL;
	r = ver_find(v, code);
	return r ? &r->pub : NULL;
}

const char *
nuts_label(const struct nuts *n, const struct nuts_region *r)
{
	(void)n;
	return r ? reg_of(r)->label : NULL;
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
	for (t0 = 0; t0 < NTABLES && table_years[t0] < version; t0++)
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
	for (t1 = 0; t1 < NTABLES && table_years[t1 + 1] <= version; t1++)
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
	const struct ver *v = ver_get(n, version);
	const struct reg *r;

	if (v == NULL || code == NULL)
		return NULL;
	r = ver_find(v, code);
	return r ? r->english : NULL;
}

bool
nuts_country_known(const struct nuts *n, const char *cc)
{
	int i;

	if (n == NULL || cc == NULL)
		return false;
	for (i = 0; i < NUTS_NVERSIONS; i++)
		if (n->v[i].loaded && ver_country(&n->v[i], cc) != NULL)
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
	for (i = 0; i < sizeof(country_names) / sizeof(country_names[0]); i++)
		if (strcmp(country_names[i].cc, cc) == 0)
			return country_names[i].name;
	return NULL;
}

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
	size_t i, rest, pl = strip_paren(s, len);

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
	c = ver_country(v, cc);
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
	const struct ver *v = ver_get(n, version);
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

			for (k = key_lower(v, c->key0, c->key1, var[i]);
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
	const struct ver *v = ver_get(n, version);
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
		key_hist(var[i], hist);
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
	const struct ver *v = ver_get(n, version);
	const struct crange *c;
	const struct reg *r;
	char *var[2];
	size_t nv, i, k;
	bool found = false;

	if (v == NULL || name == NULL || region == NULL)
		return false;
	r = reg_of(region);
	if (r < v->regs || r >= v->regs + v->nregs)
		return false;
	c = ver_country(v, region->country);
	if (c == NULL)
		return false;
	nv = name_variants(n, name, region->country, var);
	for (i = 0; i < nv; i++) {
		size_t nch = text_chars(var[i]), limit = nch / 3;
		uint8_t hist[HIST];

		if (limit > NEAR_LIMIT)
			limit = NEAR_LIMIT;
		key_hist(var[i], hist);
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
	const struct ver *v = ver_get(n, version);
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

			if (!v->loaded || (c = ver_country(v, nl->cc)) == NULL)
				continue;
			if (nl->nuts_name[0] == '\0') {
				found = ver_find(v, nl->cc) != NULL;
				continue;
			}
			for (k = key_lower(v, c->key0, c->key1, nl->fold_nuts);
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
