/* batchmem.c - huge pages for a batch command. The workbook of 10,000
 * reports allocates half a gigabyte of documents and cells; in 4 kB pages
 * that is ~120,000 page faults, 12% of the export's time on a virtual
 * machine (perf). In 2 MB pages the export took 4.4 -> 3.7 s
 * (bench/sheet-bench.sh, 2026-12-04). */
#include "batchmem.h"

#ifdef S3PM_MIMALLOC
#include <mimalloc.h>
#endif

void
cli_batch_memory(void)
{
#ifdef S3PM_MIMALLOC
	mi_option_enable(mi_option_large_os_pages);
#endif
}
