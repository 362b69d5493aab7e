/* paths.h - where s3pm finds its forms, its own data and the NUTS lists.
 *
 * Each folder is the S3PM_*_DIR environment variable when it is set and not
 * empty. Otherwise it is a folder chosen at build time: the checkout's
 * (forms/, data/, data/nuts/, static/) when the running binary lies in the
 * build folder it was built in, the installed copy under
 * <prefix>/<datadir>/s3pm/ in every other case. */
#ifndef S3PM_PATHS_H
#define S3PM_PATHS_H

#define PATHS_DEFAULT_FORM "s3-monitoring-2020"

struct nuts;

/* $S3PM_FORMS_DIR, or forms/. Borrowed, static. */
const char *paths_forms_dir(void);
/* $S3PM_DATA_DIR, or data/. Borrowed, static. */
const char *paths_data_dir(void);
/* $S3PM_NUTS_DIR, or data/nuts/. Borrowed, static. */
const char *paths_nuts_dir(void);
/* $S3PM_STATIC_DIR, or static/ (app.js, style.css). Borrowed, static. */
const char *paths_static_dir(void);
/* data dir + "/region-names.tsv" into out. */
void paths_region_names(char *out, unsigned long n);

/* Loads the NUTS registry from paths_nuts_dir() with the region names table,
 * for the commands whose region check may not be skipped (validate, import,
 * serve). On failure prints to stderr what is missing, the folder looked in,
 * where that folder came from and how to name another (S3PM_NUTS_DIR), and
 * returns the negative app_err: APP_ENOTFOUND when there is no NUTS data.
 * *out (when out is not NULL) is the registry, freed by the caller with
 * nuts_free; with out NULL the registry is only checked and freed. */
int cli_nuts_load_required(struct nuts **out);

/* s3pm paths: prints each folder and where it came from. Exit status. */
int cmd_paths(int argc, char **argv);

#endif
