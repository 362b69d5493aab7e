/* export.h - s3pm export: the options, read once by cmd_export.c, and the
 * formats' halves (cmd_export_pdf.c, cmd_export_sheet.c). */
#ifndef S3PM_EXPORT_H
#define S3PM_EXPORT_H

#include <stdbool.h>

enum export_format { EXPORT_PDF, EXPORT_XLSX, EXPORT_CSV };

struct export_opts {
	enum export_format format;
	const char *db;          /* --db (default s3pm.db) */
	const char *input;       /* a report file (document, text or PDF) instead of the database */
	const char *output;      /* -o FILE ("-": standard output) */
	const char *out_dir;     /* --out DIR: a PDF per report */
	const char *partnership; /* --partnership SLUG */
	const char *period;      /* --period P ("2020-H1") */
	const char *platform;    /* --platform NAME */
	const char *sheet;       /* --sheet NAME (csv) */
	bool public_only;        /* --public: what the public may read */
};

/* Each returns the process exit status and prints its own errors. */
int export_pdf(const struct export_opts *o);
int export_sheet(const struct export_opts *o);

#endif
