/* paths.h - where s3pm finds its forms, its own data and the NUTS lists. */
#ifndef S3PM_PATHS_H
#define S3PM_PATHS_H

#define PATHS_DEFAULT_FORM "s3-monitoring-2020"

/* $S3PM_FORMS_DIR, or the checkout's forms/ folder. Borrowed. */
const char *paths_forms_dir(void);
/* $S3PM_DATA_DIR, or the checkout's data/ folder. Borrowed. */
const char *paths_data_dir(void);
/* $S3PM_NUTS_DIR, or shared/data/nuts beside the checkout. Borrowed. */
const char *paths_nuts_dir(void);
/* $S3PM_STATIC_DIR, or the checkout's static/ folder (app.js, style.css). Borrowed. */
const char *paths_static_dir(void);
/* data dir + "/region-names.tsv" into out. */
void paths_region_names(char *out, unsigned long n);

#endif
