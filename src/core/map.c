/* map.c - loading the map file of map.h and checking every line: the
 * header, the codes (well formed, sorted, once each) and path data
 * that holds only what a path needs and stays within the map. */
#include "map.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "nuts.h"

/* A decimal number of 1 to 5 digits, from *p; moves *p past it. */
static bool
number(const char **p, int *out)
{
	const char *s = *p;
	int v = 0, n = 0;

	while (*s >= '0' && *s <= '9' && n < 6) {
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (n == 0 || n > 5)
		return false;
	*out = v;
	*p = s;
	return true;
}

/* Path data of the shapes make-map.py writes: "M x y" absolute moves
 * (within the map), then "l", "h", "v" relative lines with signed
 * integers, "z". Every point must stay within the map. */
static bool
path_ok(const char *s, int w, int h, const char **why)
{
	int x = 0, y = 0, sx = 0, sy = 0, v, args = 0;
	char cmd = 0;
	bool any = false;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (strchr("MlhvzZ", *s) != NULL) {
			if (cmd != 0 && cmd != 'z' && args == 0) {
				*why = "a command without numbers";
				return false;
			}
			if ((cmd == 'l' || cmd == 'M') && args % 2 == 1) {
				*why = "a lone coordinate";
				return false;
			}
			cmd = *s == 'Z' ? 'z' : *s;
			args = 0;
			if (cmd == 'z') {
				x = sx;
				y = sy;
			}
			s++;
			continue;
		}
		bool neg = *s == '-';

		if (neg)
			s++;
		if (cmd == 0 || cmd == 'z' || !number(&s, &v)) {
			*why = cmd == 0 || cmd == 'z' ? "a number without a command" : "a character that is not path data";
			return false;
		}
		if (neg)
			v = -v;
		switch (cmd) {
		case 'M':
			if (neg) {
				*why = "a negative position";
				return false;
			}
			if (args % 2 == 0)
				x = v;
			else
				y = v, sx = x, sy = y, cmd = 'l';
			break;
		case 'l':
			if (args % 2 == 0)
				x += v;
			else
				y += v;
			break;
		case 'h':
			x += v;
			break;
		case 'v':
			y += v;
			break;
		}
		args++;
		if (x < 0 || y < 0 || x > w || y > h) {
			*why = "a point outside the map";
			return false;
		}
		any = true;
	}
	if (!any) {
		*why = "no point";
		return false;
	}
	if ((cmd == 'l' || cmd == 'M') && args % 2 == 1) {
		*why = "a lone coordinate";
		return false;
	}
	return true;
}

void
map_free(struct map *m)
{
	if (m == NULL)
		return;
	free(m->region);
	free(m->text);
	free(m);
}

const struct map_region *
map_find(const struct map *m, const char *code)
{
	size_t lo = 0, hi;

	if (m == NULL || code == NULL)
		return NULL;
	hi = m->nregion;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->region[mid].code, code);

		if (c == 0)
			return &m->region[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Reads "W H" after "map 1 ". */
static bool
header(const char *s, int *w, int *h)
{
	if (!number(&s, w) || *s++ != ' ' || !number(&s, h) || *s != '\0')
		return false;
	return *w > 0 && *h > 0;
}

int
map_load(const char *path, struct map **out, struct app_msg *msg)
{
	struct map *m;
	char *line, *next;
	size_t len, cap = 0, lineno = 0;
	const char *why = NULL;
	int rc;

	*out = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return app_fail(msg, APP_ENOMEM, "out of memory");
	if ((rc = fileio_read(path, MAP_MAX_BYTES, &m->text, &len, msg)) != 0) {
		map_free(m);
		return rc;
	}
	m->borders = m->insets = "";
	if (strlen(m->text) != len) {
		rc = app_fail(msg, APP_EINPUT, "%s: a NUL byte in the file", path);
		goto fail;
	}
	for (line = m->text; *line != '\0'; line = next) {
		char *nl = strchr(line, '\n');

		lineno++;
		if (nl == NULL) {
			rc = app_fail(msg, APP_EINPUT, "%s, line %zu: the last line has no line end", path, lineno);
			goto fail;
		}
		*nl = '\0';
		next = nl + 1;
		if (line[0] == '#')
			continue;
		if (strncmp(line, "map ", 4) == 0) {
			if (m->width != 0) {
				why = "a second map line";
			} else if (strncmp(line + 4, "1 ", 2) != 0) {
				why = "an unknown format version (this program reads \"map 1\")";
			} else if (!header(line + 6, &m->width, &m->height)) {
				why = "\"map 1 WIDTH HEIGHT\" expected";
			}
		} else if (m->width == 0) {
			why = "\"map 1 WIDTH HEIGHT\" must come first";
		} else if (strncmp(line, "region ", 7) == 0) {
			char *code = line + 7, *d = strchr(code, ' ');
			struct map_region *r;

			if (d == NULL || d - code != 4) {
				why = "\"region CODE PATH\" with a four-character code expected";
			} else {
				*d++ = '\0';
				if (!nuts_code_well_formed(code)) {
					why = "not a NUTS code";
				} else if (m->nregion > 0 && strcmp(m->region[m->nregion - 1].code, code) >= 0) {
					why = "regions out of order or twice";
				} else if (m->nregion == MAP_MAX_REGIONS) {
					why = "too many regions";
				} else if (path_ok(d, m->width, m->height, &why)) {
					if (m->nregion == cap) {
						size_t nc = cap == 0 ? 512 : cap * 2;
						struct map_region *v = realloc(m->region, nc * sizeof(*v));

						if (v == NULL) {
							rc = app_fail(msg, APP_ENOMEM, "out of memory");
							goto fail;
						}
						m->region = v;
						cap = nc;
					}
					r = &m->region[m->nregion++];
					memcpy(r->code, code, 5);
					r->path = d;
				}
			}
		} else if (strncmp(line, "borders ", 8) == 0) {
			if (path_ok(line + 8, m->width, m->height, &why))
				m->borders = line + 8;
		} else if (strncmp(line, "insets ", 7) == 0) {
			if (path_ok(line + 7, m->width, m->height, &why))
				m->insets = line + 7;
		} else {
			why = "an unknown kind of line (map, region, borders, insets or # expected)";
		}
		if (why != NULL) {
			rc = app_fail(msg, APP_EINPUT, "%s, line %zu: %s", path, lineno, why);
			goto fail;
		}
	}
	if (m->width == 0 || m->nregion == 0) {
		rc = app_fail(msg, APP_EINPUT, "%s: %s", path, m->width == 0 ? "no \"map 1\" line" : "no region");
		goto fail;
	}
	*out = m;
	return 0;
fail:
	map_free(m);
	return rc;
}
