/* fuzz_dump.c - libFuzzer target: bytes as a dump for s3pm load (store_load,
 * the reader of outside input), checked against a real empty database of
 * the current schema in one transaction that is rolled back each time. */
#include "err.h"
#include "store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The empty database every input is loaded into (check only); made once. */
static char db_path[4096];
static char dir[] = "/tmp/fuzz_dump.XXXXXX";

static void
remove_db(void)
{
	char p[4200];

	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct app_msg msg = {{0}};
	struct store *st = NULL;

	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL) {
		perror("fuzz_dump: mkdtemp");
		abort();
	}
	snprintf(db_path, sizeof(db_path), "%s/empty.db", dir);
	if (store_open(db_path, &st, &msg) != 0) {
		fprintf(stderr, "fuzz_dump: %s\n", msg.text);
		abort();
	}
	store_close(st);
	atexit(remove_db);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app_msg msg = {{0}};
	size_t rows = 0;
	int schema = 0, rc;
	FILE *in;

	if (size == 0 || size > (1u << 20))
		return 0;
	in = fmemopen((void *)(uintptr_t)data, size, "r");
	if (in == NULL)
		return 0;
	rc = store_load(db_path, in, "fuzz", true, &rows, &schema, &msg);
	fclose(in);
	/* Every refusal says why. */
	if (rc != 0 && msg.text[0] == '\0') {
		fprintf(stderr, "fuzz_dump: error %d without a message\n", rc);
		abort();
	}
	/* A dump that passes names a schema this program knows. */
	if (rc == 0 && schema < 1) {
		fprintf(stderr, "fuzz_dump: accepted with schema %d\n", schema);
		abort();
	}
	return 0;
}
