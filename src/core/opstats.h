/* opstats.h - process-wide counters for operations (/metrics): the report
 * saves of the application layer and the database errors of the store.
 * C11 atomics, relaxed: counting costs no lock on any path. */
#ifndef S3PM_OPSTATS_H
#define S3PM_OPSTATS_H

#include <stdint.h>

/* A report saved (app_report_save succeeded: a draft, or a submission). */
void opstats_count_save(void);
/* A database error that is not the caller's (I/O, lock timeout, memory,
 * corruption; not a constraint or size refusal). */
void opstats_count_db_error(void);

uint64_t opstats_saves(void);
uint64_t opstats_db_errors(void);

#endif
