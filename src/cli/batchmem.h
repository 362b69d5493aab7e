/* batchmem.h - memory for a command that builds one big result and exits
 * (the portfolio's workbook of thousands of reports). */
#ifndef S3PM_BATCHMEM_H
#define S3PM_BATCHMEM_H

/* Asks the allocator for huge (2 MB) pages from here on, where it can:
 * with mimalloc, and where the kernel gives transparent huge pages on
 * request (madvise). Nothing otherwise. For commands only: a server's
 * memory is better returned page by page. */
void cli_batch_memory(void);

#endif
