/* reader_text.c - the form-driven reader of text exports.
 *
 * The export is a sequence of lines in which the form's own words (title,
 * headings, question labels, help texts, column headers, scale and row
 * labels) appear in form order, wrapped anywhere. These "markers" are found
 * line by line; the lines between a question's marker and the next marker
 * are its answer, read according to the question's type. */
#include "reader_text.h"
#include "reader_text_impl.h"
#include "dates.h"
#include "model.h"
#include "nuts.h"
#include "page_text.h"
#include "period.h"
#include "report.h"
#include "text.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
rtext_note(struct rtext *r, size_t line, const char *fmt, const char *arg)
{
	int rc;

	if (r->notes == NULL)
		return 0;
	rc = buf_printf(r->notes, "%s:%zu: note: ", r->name, line);
	if (rc == 0)
		rc = buf_printf(r->notes, fmt, arg);
	if (rc == 0)
		rc = buf_putc(r->notes, '\n');
	return rc == APP_ETOOBIG ? 0 : rc;
}

static bool
is_space_byte(const char *p, size_t n)
{
	return (n >= 1 && (*p == ' ' || *p == '\t')) ||
	       (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0);
}

static bool
ends_space(const char *p, size_t n)
{
	return (n >= 1 && (p[n - 1] == ' ' || p[n - 1] == '\t')) ||
	       (n >= 2 && (unsigned char)p[n - 2] == 0xC2 && (unsigned char)p[n - 1] == 0xA0);
}

static bool
ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Hashes the first word of s, lower case. True when that word is plain
 * ASCII letters and digits ending at a space or the end: then two such
 * words with different hashes differ. */
static bool
first_word(const char *s, uint32_t *h)
{
	uint32_t v = 2166136261u;
	size_t i;

	for (i = 0; ascii_alnum((unsigned char)s[i]); i++)
		v = (v ^ (uint32_t)((unsigned char)s[i] >= 'A' && (unsigned char)s[i] <= 'Z'
					    ? s[i] + 32 : s[i])) * 16777619u;
	*h = v;
	return i > 0 && (s[i] == '\0' || s[i] == ' ');
}

static int
split_lines(struct rtext *r, const char *data, size_t len)
{
	size_t i, start = 0, n = 0, cap = 1;
	const char *nl;
	char *out;

	/* One allocation for the lines and one for their clean text, which
	 * is never longer than the line: len bytes plus a NUL a line. */
	for (i = 0; i < len; i++) /* a loop the compiler can vectorise */
		cap += data[i] == '\n';
	if (cap > MAX_LINES)
		return app_fail(r->msg, APP_ETOOBIG, "%s: more than %d lines", r->name, MAX_LINES);
	r->lines = malloc(cap * sizeof(*r->lines));
	r->cleans = malloc(len + cap);
	if (r->lines == NULL || r->cleans == NULL)
		return APP_ENOMEM;
	out = r->cleans;
	for (i = 0; i <= len; i++) {
		struct line *l;
		size_t e, cl;

		nl = i < len ? memchr(data + i, '\n', len - i) : NULL;
		i = nl != NULL ? (size_t)(nl - data) : len;
		e = i;
		if (e > start && (data[e - 1] == '\r' || data[e - 1] == '\f'))
			e--;
		l = &r->lines[n];
		memset(l, 0, sizeof(*l));
		l->raw = data + start;
		l->rawlen = e - start;
		l->no = n + 1;
		l->owner = NO_OWNER;
		l->fold = NO_FOLD;
		l->clean = out;
		cl = text_clean_to(out, l->raw, l->rawlen, &l->chars);
		out += cl + 1;
		l->blank = cl == 0;
		l->lead_space = is_space_byte(l->raw, l->rawlen) || (l->rawlen > 0 && l->raw[0] == '\f');
		l->trail_space = ends_space(l->raw, l->rawlen);
		l->fw_plain = first_word(l->clean, &l->fw);
		if (!l->blank && l->chars > r->width)
			r->width = l->chars;
		n++;
		start = i + 1;
	}
	/* A final newline does not start another line. */
	if (n > 1 && r->lines[n - 1].rawlen == 0 && len > 0 && data[len - 1] == '\n')
		n--;
	r->nlines = n;
	return 0;
}

/* A page footer, such as the user id the PDF export prints at the foot of
 * each page: one short token alone on its line, right before a line that
 * starts a new page. */
static bool
footer_like(const char *s)
{
	size_t i, n = strlen(s);
	bool alpha = false;

	if (n == 0 || n > 40)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalpha(c))
			alpha = true;
		else if (!isdigit(c) && c != '.' && c != '_' && c != '-' && c != '@')
			return false;
	}
	return alpha;
}

static int
mark_noise(struct rtext *r)
{
	size_t i;
	int rc;

	for (i = 0; i < r->nlines; i++) {
		struct line *l = &r->lines[i];

		if (l->blank)
			continue;
		if (strcmp(l->clean, "*") == 0) {
			l->skip = true; /* the mandatory-answer star before a label */
			continue;
		}
		if ((i == 0 || r->lines[i - 1].blank) && i + 1 < r->nlines &&
		    r->lines[i + 1].lead_space && !r->lines[i + 1].blank && footer_like(l->clean)) {
			l->skip = true;
			if ((rc = rtext_note(r, l->no, "page footer \"%s\" left out", l->clean)) != 0)
				return rc;
		}
	}
	return 0;
}

/* Drops the spaces next to a slash in folded text s[0..n), in place, and
 * returns the new length (NUL-terminated when s was): "national /
 * regional" and "national /regional" compare equal, since a layout may
 * break a line after the slash and a reader join the lines with a space. */
static size_t
squeeze_slashes(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' && ((i + 1 < n && s[i + 1] == '/') || (o > 0 && s[o - 1] == '/')))
			continue;
		s[o++] = s[i];
	}
	if (o < n)
		s[o] = '\0';
	return o;
}

static int
add_marker(struct rtext *r, size_t cap, enum mkind kind, const char *text, size_t slot,
	   bool midline)
{
	struct marker *m;

	if (r->nm == cap)
		return APP_EINTERNAL;
	m = &r->m[r->nm];
	m->kind = kind;
	m->slot = slot;
	m->midline = midline;
	m->text = text;
	m->fold = text_fold(text, strlen(text), false);
	if (m->fold != NULL) {
		m->foldlen = squeeze_slashes(m->fold, strlen(m->fold));
		m->fw_plain = first_word(m->fold, &m->fw);
	}
	if (m->fold == NULL)
		return APP_ENOMEM;
	if (m->fold[0] == '\0') {
		free(m->fold);
		return 0;
	}
	r->nm++;
	return 0;
}

static size_t
add_slot(struct rtext *r, const struct form_question *q, const struct form_question *field,
	 size_t row)
{
	struct slot *s = &r->slots[r->nslots];

	s->q = q;
	s->field = field;
	s->row = row;
	return r->nslots++;
}

/* Column headers or scale labels as one marker text. */
static int
joined(const struct form_option *opts, size_t n, const struct form_column *cols, struct buf *b)
{
	size_t i;
	int rc = 0;

	buf_reset(b);
	for (i = 0; i < n && rc == 0; i++) {
		if (i)
			rc = buf_putc(b, ' ');
		if (rc == 0)
			rc = buf_puts(b, opts ? opts[i].label : cols[i].label);
	}
	return rc;
}

static int
build_markers(struct rtext *r)
{
	const struct form *f = r->f;
	size_t s, i, j, cap = 8, scap = 1;
	struct buf b;
	int rc = 0;

	for (s = 0; s < f->nsections; s++) {
		cap += 1 + f->sections[s].nitems * 3;
		for (i = 0; i < f->sections[s].nitems; i++) {
			const struct form_question *q = f->sections[s].items[i].q;

			if (q == NULL)
				continue;
			cap += q->nrows + q->nfields * 2;
			scap += 1 + q->nrows + q->nfields;
		}
	}
	r->m = calloc(cap, sizeof(*r->m));
	r->slots = calloc(scap, sizeof(*r->slots));
	if (r->m == NULL || r->slots == NULL)
		return APP_ENOMEM;
	buf_init(&b, 1 << 20);
	if (f->mandatory_marker)
		rc = add_marker(r, cap, M_STATIC, f->mandatory_marker, NO_OWNER, false);
	for (s = 0; s < f->nsections && rc == 0; s++) {
		const struct form_section *sec = &f->sections[s];

		if (sec->title[0])
			rc = add_marker(r, cap, M_STATIC, sec->title, NO_OWNER, false);
		for (i = 0; i < sec->nitems && rc == 0; i++) {
			const struct form_item *it = &sec->items[i];
			const struct form_question *q = it->q;
			size_t slot;

			if (q == NULL) {
				rc = add_marker(r, cap, M_STATIC, it->text, NO_OWNER, false);
				continue;
			}
			slot = add_slot(r, q, NULL, 0);
			rc = add_marker(r, cap, M_LABEL, q->label, slot, false);
			if (rc == 0 && q->help)
				rc = add_marker(r, cap, M_HELP, q->help, slot, false);
			if (rc == 0 && q->type == FORM_TABLE) {
				rc = joined(NULL, q->ncolumns, q->columns, &b);
				if (rc == 0)
					rc = add_marker(r, cap, M_COLHEAD, buf_cstr(&b), slot, false);
				if (rc == 0)
					r->m[r->nm - 1].text = q->label; /* b is reused */
			}
			if (rc == 0 && q->type == FORM_LIKERT) {
				rc = joined(q->scale, q->nscale, NULL, &b);
				if (rc == 0)
					rc = add_marker(r, cap, M_SCALE, buf_cstr(&b), slot, false);
				if (rc == 0)
					r->m[r->nm - 1].text = q->label; /* b is reused */
				for (j = 0; j < q->nrows && rc == 0; j++)
					rc = add_marker(r, cap, M_ROW, q->rows[j].label,
							add_slot(r, q, NULL, j + 1), true);
			}
			for (j = 0; j < q->nfields && rc == 0; j++) {
				size_t fs = add_slot(r, q, &q->fields[j], 0);

				rc = add_marker(r, cap, M_FIELD, q->fields[j].label, fs, false);
				if (rc == 0 && q->fields[j].help)
					rc = add_marker(r, cap, M_HELP, q->fields[j].help, fs, false);
			}
		}
	}
	buf_cleanup(&b);
	return rc;
}

/* The line's folded form, made on first use. Valid until the next line is
 * folded (reader.folds may move). NULL on OOM. */
static const char *
line_fold(struct rtext *r, struct line *l)
{
	if (l->fold == NO_FOLD) {
		size_t at = r->folds.len;

		if (text_fold_to(&r->folds, l->clean, strlen(l->clean), false) != 0)
			return NULL;
		l->foldlen = squeeze_slashes(r->folds.data + at, r->folds.len - at);
		r->folds.len = at + l->foldlen;
		if (buf_append(&r->folds, "", 1) != 0) /* the NUL after it */
			return NULL;
		l->fold = at;
	}
	return r->folds.data + l->fold;
}

/* Does marker m start at content line i? On a match, *end is the last line
 * it covers and *words the number of that line's words it takes. */
static int
match(struct rtext *r, const struct marker *m, size_t i, size_t *end, size_t *words)
{
	const char *mk = m->fold;
	size_t pos = 0, mlen = m->foldlen;

	while (i < r->nlines) {
		struct line *l = &r->lines[i];
		const char *t;
		size_t tl;

		if (l->blank || l->skip) {
			i++;
			continue;
		}
		t = line_fold(r, l);
		if (t == NULL)
			return APP_ENOMEM;
		tl = l->foldlen;
		if (tl == 0) {
			i++;
			continue;
		}
		if (mlen - pos >= tl && strncmp(mk + pos, t, tl) == 0) {
			pos += tl;
			if (pos == mlen) {
				*end = i;
				*words = 0;
				return 1;
			}
			/* Lines break at spaces, or right after a slash or a
			 * hyphen ("national /" + "regional"): then the marker
			 * goes on in the next line with no space between. */
			if (mk[pos] != ' ' && t[tl - 1] != '/' && t[tl - 1] != '-')
				return 0;
			if (mk[pos] == ' ')
				pos++;
			i++;
			continue;
		}
		/* The marker may end inside this line, at a word boundary. */
		if (m->midline && tl > mlen - pos && strncmp(mk + pos, t, mlen - pos) == 0 &&
		    t[mlen - pos] == ' ') {
			size_t k, w = 1;

			for (k = pos; k < mlen; k++)
				if (mk[k] == ' ')
					w++;
			*end = i;
			*words = w;
			return 1;
		}
		return 0;
	}
	return 0;
}

/* Skips n words of a clean line; returns the byte offset after them. */
static size_t
skip_words(const char *s, size_t n)
{
	size_t i = 0;

	while (n > 0 && s[i]) {
		while (s[i] && s[i] != ' ')
			i++;
		while (s[i] == ' ')
			i++;
		n--;
	}
	return i;
}

/* False when the line certainly does not start with the marker: both
 * first words are plain ASCII letters and digits and differ regardless of
 * case. Anything else (accents, punctuation) is left to the full match. */
static bool
first_word_may_match(const char *line, const struct marker *m)
{
	const char *a = line, *b = m->fold;

	for (; *a && *a != ' ' && *b && *b != ' '; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (!isalnum(x) || !isalnum(y))
			return true;
		if (tolower(x) != y)
			return false;
	}
	if ((*a == '\0' || *a == ' ') && (*b == '\0' || *b == ' '))
		return true;
	/* One word ended before the other: different words, unless what is
	 * left is punctuation that folding may drop. */
	return (*a && !isalnum((unsigned char)*a) && *a != ' ') || (*b && !isalnum((unsigned char)*b) && *b != ' ');
}

/* The entries of one key in an index, from marker index `next` on. */
struct stream {
	const struct key_entry *v;
	size_t n, pos;
	uint32_t key;
};

static void
stream_start(struct stream *st, const struct key_entry *v, size_t n, uint32_t key, size_t next)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].key < key || (v[mid].key == key && v[mid].k < next))
			lo = mid + 1;
		else
			hi = mid;
	}
	st->v = v;
	st->n = n;
	st->pos = lo;
	st->key = key;
}

/* The stream's next marker index, or NO_OWNER when it has none left. */
static size_t
stream_peek(const struct stream *st)
{
	return st->pos < st->n && st->v[st->pos].key == st->key ? st->v[st->pos].k : NO_OWNER;
}

/* The markers from index `next` on that line l may start, in form order.
 * A marker is tried only if the first byte of its folded text is that of
 * the line's, and, when both first words are plain ASCII letters and
 * digits, only if those words are the same (the same hash). So a line with
 * a plain first word tries the markers with its hash and the markers whose
 * first word is not plain but begin with its first letter; any other line
 * tries the markers that begin as its folded text does. */
struct cand {
	struct stream a, b;
};

/* Sets c up for line l; the line is folded first when its first word is
 * not plain. APP_ENOMEM or 0. */
static int
cand_start(struct rtext *r, struct cand *c, struct line *l, size_t next)
{
	const struct reader *p = r->plan;
	const char *t;
	unsigned first;

	if (l->fw_plain) {
		stream_start(&c->a, p->by_fw, p->nby_fw, l->fw, next);
		stream_start(&c->b, p->odd_first, p->nodd_first,
			     (uint32_t)tolower((unsigned char)l->clean[0]), next);
		return 0;
	}
	/* The first byte of the folded line: an ASCII character that folding
	 * keeps is only made small (or ` made '); anything else, fold it. */
	first = (unsigned char)l->clean[0];
	if (first < 0x80 && first != '*' && first != ' ' && first >= 0x20) {
		first = first == '`' ? '\'' : (first >= 'A' && first <= 'Z') ? first + 32 : first;
	} else {
		if ((t = line_fold(r, l)) == NULL)
			return APP_ENOMEM;
		first = (unsigned char)t[0];
	}
	stream_start(&c->a, p->by_first, p->nby_first, first, next);
	stream_start(&c->b, NULL, 0, 0, 0);
	return 0;
}

/* The next candidate marker's index, or NO_OWNER when there is none. */
static size_t
cand_next(struct cand *c)
{
	size_t x = stream_peek(&c->a), y = stream_peek(&c->b);

	if (x == NO_OWNER && y == NO_OWNER)
		return NO_OWNER;
	if (x < y) {
		c->a.pos++;
		return x;
	}
	c->b.pos++;
	return y;
}

/* Walks the lines, finds the markers in form order, and gives every other
 * line to the slot of the marker before it. Returns the index of the last
 * marker found + 1 (0 when none) through *last. */
static int
assign(struct rtext *r, size_t *last, size_t *labels)
{
	size_t i = 0, next = 0, owner = NO_OWNER, k, end, words;
	struct cand c;
	int rc;

	*last = 0;
	*labels = 0;
	while (i < r->nlines) {
		struct line *l = &r->lines[i];
		bool found = false;

		if (l->blank || l->skip) {
			i++;
			continue;
		}
		/* Most lines differ from most markers in their first word: only
		 * the markers that the line's first word may start are tried. */
		if ((rc = cand_start(r, &c, l, next)) != 0)
			return rc;
		while ((k = cand_next(&c)) != NO_OWNER) {
			const char *t;

			if (!first_word_may_match(l->clean, &r->m[k]))
				continue;
			t = line_fold(r, l);
			if (t == NULL)
				return APP_ENOMEM;
			if (t[0] != r->m[k].fold[0])
				continue;
			rc = match(r, &r->m[k], i, &end, &words);
			if (rc < 0)
				return rc;
			if (rc == 0)
				continue;
			found = true;
			break;
		}
		if (!found) {
			l->owner = owner;
			i++;
			continue;
		}
		for (; i <= end; i++)
			if (!r->lines[i].blank)
				r->lines[i].skip = true;
		owner = r->m[k].slot;
		if (r->m[k].kind == M_LABEL || r->m[k].kind == M_FIELD)
			(*labels)++;
		if (words > 0) {
			struct line *e = &r->lines[end];

			e->skip = false;
			e->owner = owner;
			e->from = skip_words(e->clean, words);
		}
		next = k + 1;
		*last = next;
	}
	return 0;
}

/* --- Reading answers out of the lines of a slot ------------------------ */

/* The content lines of slot s, in order; they all lie in lines [a, z). */
static int
slot_pieces(struct rtext *r, size_t s, size_t a, size_t z, struct piece **out, size_t *n)
{
	size_t i, c = 0, prev = NO_OWNER;
	struct piece *v;

	for (i = a; i < z; i++)
		if (!r->lines[i].blank && !r->lines[i].skip && r->lines[i].owner == s)
			c++;
	*out = NULL;
	*n = 0;
	if (c == 0)
		return 0;
	/* One array for every slot in turn: a slot's pieces are done with
	 * before the next slot's are made. */
	if (r->pieces == NULL && (r->pieces = malloc(r->nlines * sizeof(*r->pieces))) == NULL)
		return APP_ENOMEM;
	v = r->pieces;
	memset(v, 0, c * sizeof(*v));
	c = 0;
	for (i = a; i < z; i++) {
		struct line *l = &r->lines[i];
		size_t j;

		if (l->blank || l->skip || l->owner != s)
			continue;
		v[c].text = l->clean + l->from;
		v[c].line = l->no;
		if (prev != NO_OWNER) {
			for (j = prev + 1; j < i; j++)
				if (r->lines[j].blank || r->lines[j].lead_space)
					v[c].gap = true;
			if (r->lines[i].lead_space)
				v[c].gap = true;
			/* Exact lines: every break is a line break (join_long). */
			v[c].wrapped = r->exact || r->lines[prev].trail_space;
			v[c].after_short = r->exact || r->lines[prev].chars * 10 < r->width * 6;
		}
		prev = i;
		if (v[c].text[0] != '\0')
			c++;
	}
	*out = v;
	*n = c;
	return 0;
}

static bool
bullet_start(const char *s)
{
	static const char *const b[] = {"\xe2\x80\xa2", "\xc2\xb7", "\xe2\x96\xaa", "\xe2\x80\x93 ",
		"- ", "* ", "o ", NULL};
	size_t i;

	/* Every bullet above starts with one of these bytes. */
	if (s[0] != '\xe2' && s[0] != '\xc2' && s[0] != '-' && s[0] != '*' && s[0] != 'o' &&
	    !isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; b[i]; i++)
		if (strncmp(s, b[i], strlen(b[i])) == 0)
			return true;
	/* "1. ", "2) " */
	i = 0;
	while (isdigit((unsigned char)s[i]) && i < 3)
		i++;
	return i > 0 && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

static bool
ends_sentence(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && strchr(".!?:;", s[n - 1]) != NULL;
}

/* Paragraph text: wrapped lines joined with a space, a blank line kept as a
 * paragraph break, and a line break kept after a finished sentence or
 * before a list item. */
static int
join_long(const struct piece *p, size_t n, struct buf *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0) {
			if (p[i].gap)
				rc = buf_puts(b, "\n\n");
			else if (bullet_start(p[i].text))
				rc = buf_putc(b, '\n');
			else if (p[i].wrapped && !p[i].after_short)
				rc = buf_putc(b, ' ');
			else if (p[i].after_short && p[i].wrapped)
				rc = buf_putc(b, '\n');
			else
				rc = buf_putc(b, ends_sentence(p[i - 1].text) ? '\n' : ' ');
		}
		if (rc == 0)
			rc = buf_puts(b, p[i].text);
	}
	return rc;
}

static int
join_flat(const struct piece *p, size_t n, struct buf *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0)
			rc = buf_putc(b, ' ');
		if (rc == 0)
			rc = buf_puts(b, p[i].text);
	}
	return rc;
}

/* The reader's strings are pieces of the export, cut at ASCII characters,
 * and the form's own words: UTF-8, since the export was checked before it
 * came here (see reader_text.h). So they are made without jansson's
 * second check; fuzz_text parses every document written back, which would
 * find a string that is not. */

/* The white space a canonical document trims from its strings (report.c). */
static bool
canon_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static void
canon_trim(const char **s, size_t *n)
{
	while (*n > 0 && canon_space((*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && canon_space((*s)[*n - 1]))
		(*n)--;
}

/* Sets o[key] to s[0..n) trimmed as the canonical document has it ("" when
 * nothing is left); *any becomes true when something is. The reader builds
 * canonical documents directly: fuzz_text checks that converting its output
 * again changes nothing. */
int
rtext_set_str(json_t *o, const char *key, const char *s, size_t n, bool *any)
{
	json_t *v;

	canon_trim(&s, &n);
	if (n > 0)
		*any = true;
	v = json_stringn_nocheck(s, n);
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		return APP_ENOMEM;
	return 0;
}

/* A new string of s trimmed, or NULL (and *rc untouched) when it is empty. */
static json_t *
canon_string(const char *s, int *rc)
{
	size_t n = strlen(s);
	json_t *v;

	canon_trim(&s, &n);
	if (n == 0)
		return NULL;
	v = json_stringn_nocheck(s, n);
	if (v == NULL)
		*rc = APP_ENOMEM;
	return v;
}

/* A value among options, by label or value, folded; NULL if none. */
static const char *
option_for(const struct form_option *o, size_t n, const char *text)
{
	char *f = text_fold(text, strlen(text), true), *g;
	const char *hit = NULL;
	size_t i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < n && hit == NULL; i++) {
		g = text_fold(o[i].label, strlen(o[i].label), true);
		if (g != NULL && strcmp(f, g) == 0)
			hit = o[i].value;
		free(g);
		if (hit == NULL && strcmp(text, o[i].value) == 0)
			hit = o[i].value;
	}
	free(f);
	return hit;
}

/* Whether s[0..n) reads as a NUTS code, of any level: two capitals (a
 * country, level 0), then up to three capitals or digits. */
static bool
nuts_code_like(const char *s, size_t n)
{
	char cc[3];
	bool digit = false, all_z = true;
	size_t i;

	if (n < 2 || n > 5 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]))
		return false;
	for (i = 2; i < n; i++) {
		if (!isdigit((unsigned char)s[i]) && !isupper((unsigned char)s[i]))
			return false;
		digit |= isdigit((unsigned char)s[i]) != 0;
		all_z &= s[i] == 'Z';
	}
	if (n == 2 || digit)
		return true;
	/* Letters only: a level-1 code (FRB, UKC, DEA) or an Extra-Regio one
	 * (ELZ, FIZZZ) of a NUTS country, present or past; not a capitalised
	 * word such as NORD. */
	cc[0] = s[0];
	cc[1] = s[1];
	cc[2] = '\0';
	return (n == 3 || all_z) && nuts_country_name(cc) != NULL;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && strchr(" ,;-", (*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && strchr(" ,;-", (*s)[*n - 1]))
		(*n)--;
}

/* "Name (CC), CODE", "Name (CC) CODE", "Name, CODE", "Name CODE", "Name (CC)"
 * or just "Name": always an entry, nothing dropped. */
static int
read_region(const char *s, json_t *arr)
{
	const char *name = s, *cc = "", *code = "";
	size_t nn = strlen(s), nc = 0, nk = 0, i;
	const char *open = NULL, *close = NULL;
	bool any = false;
	json_t *o;
	int rc;

	/* A code as the last word. */
	for (i = nn; i > 0 && s[i - 1] != ' ' && s[i - 1] != ',' && s[i - 1] != ')'; i--)
		;
	if (i > 0 && nuts_code_like(s + i, nn - i)) {
		code = s + i;
		nk = nn - i;
		nn = i;
	}
	/* The last "(...)" before it holds the country, or the code when none
	 * follows it. */
	for (i = 0; i < nn; i++)
		if (s[i] == '(')
			open = s + i;
	if (open != NULL)
		close = memchr(open, ')', nn - (size_t)(open - s));
	if (open != NULL && close != NULL) {
		const char *c = open + 1;
		size_t cn = (size_t)(close - c);

		trim(&c, &cn);
		if (cn >= 2 && cn <= 40) {
			const char *after = close + 1;
			size_t an = nn - (size_t)(after - s);

			trim(&after, &an);
			if (an == 0 && nk == 0 && cn > 2 && nuts_code_like(c, cn)) {
				/* "Bretagne (FRH)": the code in brackets. */
				code = c;
				nk = cn;
				nn = (size_t)(open - s);
			} else if (an == 0) {
				cc = c;
				nc = cn;
				nn = (size_t)(open - s);
			}
		}
	}
	trim(&name, &nn);
	o = json_object();
	if (o == NULL)
		return APP_ENOMEM;
	if ((rc = rtext_set_str(o, "name", name, nn, &any)) != 0 ||
	    (rc = rtext_set_str(o, "country", cc, nc, &any)) != 0 ||
	    (rc = rtext_set_str(o, "nuts", code, nk, &any)) != 0) {
		json_decref(o);
		return rc;
	}
	if (!any) { /* only punctuation: nothing to keep */
		json_decref(o);
		return 0;
	}
	if (json_array_append_new(arr, o) != 0)
		return APP_ENOMEM;
	return 0;
}

/* --- Putting the answers together -------------------------------------- */

int
rtext_unmapped_add(struct rtext *r, const struct piece *p, size_t n, const char *why)
{
	struct buf b;
	json_t *o;
	int rc;

	if (n == 0)
		return 0;
	buf_init(&b, REPORT_MAX_BYTES);
	rc = join_long(p, n, &b);
	if (rc == 0) {
		o = json_pack("{s:I, s:s}", "line", (json_int_t)p[0].line, "text", buf_cstr(&b));
		if (o == NULL || json_array_append_new(r->unmapped, o) != 0)
			rc = APP_ENOMEM;
	}
	if (rc == 0 && r->notes) {
		int cut = (int)text_prefix(buf_cstr(&b), 60);

		rc = buf_printf(r->notes, "%s:%zu: note: %s, kept in unmapped: \"%.*s%s\"\n", r->name,
				p[0].line, why, cut, buf_cstr(&b), (size_t)cut < b.len ? "..." : "");
		if (rc == APP_ETOOBIG)
			rc = 0;
	}
	buf_cleanup(&b);
	return rc;
}

/* Room in b for pieces p[0..n) joined, so that joining does not
 * reallocate at every doubling. */
static int
reserve_joined(struct buf *b, const struct piece *p, size_t n)
{
	size_t i, total = 1;

	for (i = 0; i < n; i++)
		total += strlen(p[i].text) + 2;
	return buf_reserve(b, total);
}

static int
simple_value(const struct form_question *q, const struct piece *p, size_t n, json_t **out)
{
	struct buf b;
	const char *opt;
	struct period per;
	char tmp[16];
	int rc;

	*out = NULL;
	buf_init(&b, REPORT_MAX_BYTES);
	rc = reserve_joined(&b, p, n);
	if (rc == 0)
		rc = q->type == FORM_LONGTEXT ? join_long(p, n, &b) : join_flat(p, n, &b);
	if (rc == 0 && b.len > 0) {
		const char *v = buf_cstr(&b);

		if (q->type == FORM_PERIOD && period_parse_text(v, &per) == 0) {
			period_format(per, tmp, sizeof(tmp));
			v = tmp;
		} else if (q->type == FORM_CHOICE && q->nchoices &&
			   (opt = option_for(q->choices, q->nchoices, v)) != NULL) {
			v = opt;
		}
		*out = canon_string(v, &rc);
	}
	buf_cleanup(&b);
	return rc;
}

/* answers[qid][key] = v, making the answer's object on its first member
 * (a likert row or a group field). Takes v, also on failure. */
static int
set_member(json_t *answers, const char *qid, const char *key, json_t *v)
{
	json_t *holder = json_object_get(answers, qid);

	if (holder == NULL) {
		holder = json_object();
		if (holder == NULL || json_object_set_new(answers, qid, holder) != 0) {
			json_decref(v);
			return APP_ENOMEM;
		}
	}
	return json_object_set_new(holder, key, v) != 0 ? APP_ENOMEM : 0;
}

/* The folded answers of the header section's simple questions (a period
 * as its label, "July - December 2021") and the status lines, NUL-separated
 * in t: what an export's title block repeats under the form's title. */
static int
header_answers(struct rtext *r, const size_t *lo, const size_t *hi, struct buf *t)
{
	struct piece *p;
	size_t s, n;
	int rc = 0, st;

	for (s = 0; s < r->nslots && rc == 0; s++) {
		const struct form_question *q = r->slots[s].q;
		json_t *v = NULL;
		struct period per;
		char lab[40];
		const char *str;

		if (q->section != 0 || r->slots[s].field != NULL || r->slots[s].row != 0 ||
		    q->type == FORM_TABLE || q->type == FORM_REGIONS || q->type == FORM_LIKERT ||
		    q->type == FORM_GROUP || hi[s] == 0)
			continue;
		if ((rc = slot_pieces(r, s, lo[s], hi[s], &p, &n)) != 0 || n == 0)
			continue;
		if ((rc = simple_value(q, p, n, &v)) != 0 || v == NULL)
			continue;
		str = json_string_value(v);
		if (q->type == FORM_PERIOD && str != NULL && period_parse(str, &per) == 0) {
			period_label(per, lab, sizeof(lab));
			str = lab;
		}
		if (str != NULL && str[0] != '\0') {
			rc = text_fold_to(t, str, strlen(str), false);
			if (rc == 0)
				rc = buf_append(t, "", 1);
		}
		json_decref(v);
	}
	/* The status line a database export prints under them ("Status:
	 * Published"). */
	for (st = REPORT_DRAFT; st <= REPORT_PUBLISHED && rc == 0; st++) {
		char line[40];

		snprintf(line, sizeof(line), "status: %s", report_status_name((enum report_status)st));
		rc = text_fold_to(t, line, strlen(line), false);
		if (rc == 0)
			rc = buf_append(t, "", 1);
	}
	return rc;
}

/* Is the run p[0..n) nothing but header answers (t, from header_answers),
 * with spaces, dots or dashes between them? */
static int
only_repeats(const struct piece *p, size_t n, const struct buf *t, bool *yes)
{
	struct buf b, f;
	const char *v, *end;
	char *hit;
	size_t i;
	int rc;

	*yes = false;
	if (t->len == 0)
		return 0;
	buf_init(&b, REPORT_MAX_BYTES);
	buf_init(&f, REPORT_MAX_BYTES);
	rc = join_flat(p, n, &b);
	if (rc == 0)
		rc = text_fold_to(&f, buf_cstr(&b), b.len, false);
	if (rc == 0 && f.len > 0) {
		/* Each answer blanked out wherever it stands. */
		end = t->data + t->len;
		for (v = t->data; v < end; v += strlen(v) + 1)
			while (v[0] != '\0' && (hit = strstr(f.data, v)) != NULL)
				memset(hit, ' ', strlen(v));
		*yes = true;
		for (i = 0; i < f.len && *yes; i++) {
			/* Spaces, '-', and the middle dot U+00B7 (C2 B7). */
			if (f.data[i] == ' ' || f.data[i] == '-')
				continue;
			if (i + 1 < f.len && memcmp(f.data + i, "\xc2\xb7", 2) == 0) {
				i++;
				continue;
			}
			*yes = false;
		}
	}
	buf_cleanup(&b);
	buf_cleanup(&f);
	return rc;
}

static int
build_answers(struct rtext *r, json_t *answers)
{
	struct buf title;
	struct piece *p = NULL;
	size_t s, n, i, *lo, *hi;
	json_t *v = NULL;
	int rc = 0;

	buf_init(&title, REPORT_MAX_BYTES);
	/* Where each slot's lines are, so that slot_pieces need not walk
	 * every line for every slot. */
	lo = calloc(r->nslots + 1, sizeof(*lo));
	hi = calloc(r->nslots + 1, sizeof(*hi));
	if (lo == NULL || hi == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	for (i = 0; i < r->nlines; i++) {
		const struct line *l = &r->lines[i];

		if (l->blank || l->skip || l->owner == NO_OWNER)
			continue;
		if (hi[l->owner] == 0)
			lo[l->owner] = i;
		hi[l->owner] = i + 1;
	}
	if ((rc = header_answers(r, lo, hi, &title)) != 0)
		goto out;
	/* Lines before any question, or after a static text. */
	if ((rc = slot_pieces(r, NO_OWNER, 0, r->nlines, &p, &n)) != 0)
		goto out;
	{
		size_t a = 0;

		for (i = 1; i <= n && rc == 0; i++)
			if (i == n || p[i].gap) {
				bool repeats = false;

				rc = only_repeats(p + a, i - a, &title, &repeats);
				if (rc == 0 && repeats)
					rc = rtext_note(r, p[a].line, "\"%s\" repeats the report's header answers (a title block): left out",
							p[a].text);
				else if (rc == 0)
					rc = rtext_unmapped_add(r, p + a, i - a, "text outside any answer");
				a = i;
			}
	}
	p = NULL;
	for (s = 0; s < r->nslots && rc == 0; s++) {
		const struct slot *sl = &r->slots[s];
		const struct form_question *q = sl->q;

		if ((rc = slot_pieces(r, s, lo[s], hi[s], &p, &n)) != 0)
			break;
		/* What s3pm's own PDF and its report page print for a
		 * question left unanswered. */
		if (n == 0 || (n == 1 && (strcmp(p[0].text, REPORT_NO_ANSWER) == 0 ||
					  strcmp(p[0].text, PAGE_TEXT_NO_ANSWER) == 0)))
			continue;
		v = NULL;
		if (sl->row > 0) {
			struct buf b;
			const char *opt;

			buf_init(&b, REPORT_MAX_BYTES);
			rc = join_flat(p, n, &b);
			opt = rc == 0 ? option_for(q->scale, q->nscale, buf_cstr(&b)) : NULL;
			if (rc == 0 && opt == NULL) {
				/* A value, then after a blank line text of another
				 * kind (a page's footer after the last row): the
				 * value kept, the rest unmapped. */
				size_t g = 1;

				while (g < n && !p[g].gap)
					g++;
				buf_reset(&b);
				if (g < n && (rc = join_flat(p, g, &b)) == 0 &&
				    (opt = option_for(q->scale, q->nscale, buf_cstr(&b))) != NULL)
					rc = rtext_unmapped_add(r, p + g, n - g, "text after the answer to a scale row");
			}
			buf_cleanup(&b);
			if (rc == 0 && opt == NULL) {
				rc = rtext_unmapped_add(r, p, n, "an answer to a scale row that is none of the scale's values");
			} else if (rc == 0) {
				v = canon_string(opt, &rc);
				if (v != NULL)
					rc = set_member(answers, q->id, q->rows[sl->row - 1].value, v);
				v = NULL;
			}
		} else if (sl->field != NULL) {
			rc = simple_value(sl->field, p, n, &v);
			if (rc == 0 && v != NULL)
				rc = set_member(answers, q->id, sl->field->id, v);
			v = NULL;
		} else if (q->type == FORM_TABLE) {
			rc = reader_table_read(r, q, p, n, &v);
		} else if (q->type == FORM_REGIONS) {
			v = json_array();
			if (v == NULL)
				rc = APP_ENOMEM;
			for (i = 0; i < n && rc == 0; i++)
				rc = read_region(p[i].text, v);
			if (rc == 0 && json_array_size(v) == 0) {
				json_decref(v);
				v = NULL;
			}
		} else if (q->type == FORM_LIKERT || q->type == FORM_GROUP) {
			rc = rtext_unmapped_add(r, p, n, "text between a question and its first row");
		} else {
			rc = simple_value(q, p, n, &v);
		}
		if (rc == 0 && v != NULL && json_object_set_new(answers, q->id, v) != 0)
			rc = APP_ENOMEM;
		else if (rc)
			json_decref(v);
	}
out:
	buf_cleanup(&title);
	free(lo);
	free(hi);
	return rc;
}

static void plan_index_free(struct reader *p);

void
reader_free(struct reader *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nm; i++)
		free(p->m[i].fold);
	free(p->m);
	free(p->slots);
	plan_index_free(p);
	free(p);
}

static void
plan_index_free(struct reader *p)
{
	free(p->by_fw);
	free(p->odd_first);
	free(p->by_first);
}

static int
key_cmp(const void *a, const void *b)
{
	const struct key_entry *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* The indexes of the markers (see cand_start). */
static int
plan_index(struct reader *p)
{
	size_t k;

	p->by_fw = calloc(p->nm + 1, sizeof(*p->by_fw));
	p->odd_first = calloc(p->nm + 1, sizeof(*p->odd_first));
	p->by_first = calloc(p->nm + 1, sizeof(*p->by_first));
	if (p->by_fw == NULL || p->odd_first == NULL || p->by_first == NULL)
		return APP_ENOMEM;
	for (k = 0; k < p->nm; k++) {
		struct key_entry first = {(unsigned char)p->m[k].fold[0], k};

		if (p->m[k].fw_plain) {
			p->by_fw[p->nby_fw].key = p->m[k].fw;
			p->by_fw[p->nby_fw++].k = k;
		} else {
			p->odd_first[p->nodd_first++] = first;
		}
		p->by_first[p->nby_first++] = first;
	}
	qsort(p->by_fw, p->nby_fw, sizeof(*p->by_fw), key_cmp);
	qsort(p->odd_first, p->nodd_first, sizeof(*p->odd_first), key_cmp);
	qsort(p->by_first, p->nby_first, sizeof(*p->by_first), key_cmp);
	return 0;
}

int
reader_new(const struct form *f, struct reader **out, struct app_msg *msg)
{
	struct rtext r;
	struct reader *p = NULL;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.f = f;
	rc = build_markers(&r);
	if (rc == 0 && (p = calloc(1, sizeof(*p))) == NULL)
		rc = APP_ENOMEM;
	if (rc) {
		size_t i;

		for (i = 0; i < r.nm; i++)
			free(r.m[i].fold);
		free(r.m);
		free(r.slots);
		goto out;
	}
	p->f = f;
	p->m = r.m;
	p->nm = r.nm;
	p->slots = r.slots;
	p->nslots = r.nslots;
	if ((rc = plan_index(p)) != 0)
		goto out;
	*out = p;
	p = NULL;
out:
	reader_free(p);
	if (rc == APP_ENOMEM)
		app_fail(msg, rc, "form %s: out of memory", f->id);
	return rc;
}

static void
reader_cleanup(struct rtext *r)
{
	free(r->lines);
	free(r->cleans);
	free(r->pieces);
	buf_cleanup(&r->folds);
	/* The markers and slots belong to the struct reader. */
	json_decref(r->unmapped);
}

/* The last marker of the last public section: an export that does not
 * reach it was cut short. */
static size_t
last_public_marker(const struct rtext *r)
{
	size_t i, last = 0;

	for (i = 0; i < r->nm; i++) {
		size_t sl = r->m[i].slot;

		if (sl != NO_OWNER && !form_confidential(r->f, r->slots[sl].q))
			last = i;
	}
	return last;
}

int
reader_read(const struct reader *rd, const char *data, size_t len, const char *name, json_t **out,
	    struct buf *notes, struct app_msg *msg)
{
	return reader_read_lines(rd, data, len, name, false, out, notes, msg);
}

int
reader_read_lines(const struct reader *rd, const char *data, size_t len, const char *name,
		  bool exact, json_t **out, struct buf *notes, struct app_msg *msg)
{
	const struct form *f = rd->f;
	struct rtext r;
	json_t *answers = NULL, *doc = NULL;
	size_t last, labels, lp, i;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.exact = exact;
	r.f = f;
	r.name = name;
	r.msg = msg;
	r.notes = notes;
	r.plan = rd;
	r.m = rd->m;
	r.nm = rd->nm;
	r.slots = rd->slots;
	r.nslots = rd->nslots;
	buf_init(&r.folds, 8 * (size_t)REPORT_MAX_BYTES);
	r.unmapped = json_array();
	answers = json_object();
	if (r.unmapped == NULL || answers == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	if ((rc = split_lines(&r, data, len)) != 0 || (rc = mark_noise(&r)) != 0 ||
	    (rc = assign(&r, &last, &labels)) != 0)
		goto out;
	if (labels == 0) {
		rc = app_fail(msg, APP_EINPUT, "%s: not a monitoring report: none of the questions of form %s was found",
			      name, f->id);
		goto out;
	}
	lp = last_public_marker(&r);
	if (last <= lp) {
		size_t endl = 0;

		for (i = r.nlines; i > 0; i--)
			if (!r.lines[i - 1].blank) {
				endl = r.lines[i - 1].no;
				break;
			}
		rc = app_fail(msg, APP_EINPUT,
			      "%s:%zu: the report is cut short: it ends before \"%.*s\"", name, endl,
			      (int)text_prefix(r.m[last < r.nm ? last : lp].text, 80),
			      r.m[last < r.nm ? last : lp].text);
		goto out;
	}
	if ((rc = build_answers(&r, answers)) != 0)
		goto out;
	/* Built canonical: answers in form order, every string trimmed, no
	 * empty answer, row or entry. */
	doc = json_pack("{s:s, s:O, s:O}", "form", f->id, "answers", answers, "unmapped", r.unmapped);
	if (doc == NULL) {
		rc = APP_ENOMEM;
		goto out;
	}
	*out = doc;
	doc = NULL;
out:
	if (rc == APP_ENOMEM)
		app_fail(msg, rc, "%s: out of memory", name);
	json_decref(doc);
	json_decref(answers);
	reader_cleanup(&r);
	return rc;
}

int
reader_text(const struct form *f, const char *data, size_t len, const char *name, json_t **out,
	    struct buf *notes, struct app_msg *msg)
{
	struct reader *rd = NULL;
	int rc;

	*out = NULL;
	if ((rc = reader_new(f, &rd, msg)) != 0)
		return rc;
	rc = reader_read(rd, data, len, name, out, notes, msg);
	reader_free(rd);
	return rc;
}
