/* map.h - the map of Europe by NUTS 2 region (data/map/nuts2-2021.txt, made
 * by scripts/make-map.py): the outline of each region as SVG path data,
 * loaded once and read-only afterwards. */
#ifndef S3PM_MAP_H
#define S3PM_MAP_H

#include <stddef.h>

#include "err.h"

#define MAP_FILE "map/nuts2-2021.txt" /* under the data folder */
#define MAP_MAX_BYTES ((size_t)4 << 20)
#define MAP_MAX_REGIONS 2000

struct map_region {
	char code[5];     /* a NUTS 2 code of NUTS 2021 */
	const char *path; /* SVG path data: M l h v z, integers, spaces */
};

/* Read-only after map_load: may serve any number of threads. */
struct map {
	int width, height;          /* the viewBox: 0 0 width height */
	struct map_region *region;  /* sorted by code */
	size_t nregion;
	const char *borders;        /* borders between countries ("" when none) */
	const char *insets;         /* frames of the inset boxes ("" when none) */
	char *text;                 /* the file's bytes, which the paths point into */
};

/* Reads the map file at path. 0; APP_ENOTFOUND when there is no such file;
 * APP_EINPUT for a malformed file (msg names the file and the line);
 * APP_ETOOBIG, APP_EIO, APP_ENOMEM. *out is the caller's to map_free. */
int map_load(const char *path, struct map **out, struct app_msg *msg);
void map_free(struct map *m);

/* The region with this code, or NULL. Borrowed from m. */
const struct map_region *map_find(const struct map *m, const char *code);

#endif
