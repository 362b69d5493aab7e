/* fuzz_common.h - what the libFuzzer targets share: loading the form and NUTS once, and the round-trip check. */
#ifndef S3PM_FUZZ_COMMON_H
#define S3PM_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "jsonout.h"
#include "nuts.h"
#include "report.h"

#ifndef S3PM_DEFAULT_FORMS_DIR
#define S3PM_DEFAULT_FORMS_DIR "forms"
#endif
#ifndef S3PM_DEFAULT_DATA_DIR
#define S3PM_DEFAULT_DATA_DIR "data"
#endif

#define FUZZ_FORM_ID "s3-monitoring-2020"

static inline const char *
fuzz_env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return (v != NULL && v[0] != '\0') ? v : def;
}

/* The real form, or abort: a target without it tests nothing. */
static inline struct form *
fuzz_load_form(const char *target)
{
	struct app_msg msg = {{0}};
	struct form *f = NULL;

	if (form_load_id(fuzz_env_or("S3PM_FORMS_DIR", S3PM_DEFAULT_FORMS_DIR), FUZZ_FORM_ID, &f,
			 &msg) != 0) {
		fprintf(stderr, "%s: cannot load the form: %s (set S3PM_FORMS_DIR)\n", target, msg.text);
		abort();
	}
	return f;
}

/* NUTS when $S3PM_NUTS_DIR names it, else NULL (region codes unchecked). */
static inline struct nuts *
fuzz_load_nuts(const char *target)
{
	struct app_msg msg = {{0}};
	const char *dir = getenv("S3PM_NUTS_DIR");
	struct nuts *n = NULL;
	char names[4096];

	if (dir == NULL || dir[0] == '\0')
		return NULL;
	snprintf(names, sizeof(names), "%s/region-names.tsv",
		 fuzz_env_or("S3PM_DATA_DIR", S3PM_DEFAULT_DATA_DIR));
	if (nuts_load(dir, names, &n, &msg) != 0) {
		fprintf(stderr, "%s: NUTS not loaded, region codes are not checked: %s\n", target,
			msg.text);
		return NULL;
	}
	return n;
}

/* A document converted again must be the same document, byte for byte. */
static inline void
fuzz_check_round_trip(const struct form *f, const char *dump)
{
	struct app_msg msg = {{0}};
	json_t *root = NULL, *doc = NULL;
	char *again;
	int rc;

	if (report_parse_json(dump, strlen(dump), "dump", &root, &msg) != 0) {
		fprintf(stderr, "round trip: the dump does not parse: %s\n--- dump ---\n%s\n", msg.text,
			dump);
		abort();
	}
	rc = report_canonical(f, root, "dump", &doc, &msg);
	if (rc == APP_ENOMEM) {
		json_decref(root);
		return;
	}
	if (rc != 0) {
		fprintf(stderr, "round trip: the dump is no report: %s\n--- dump ---\n%s\n", msg.text,
			dump);
		abort();
	}
	again = report_dump(doc);
	if (again != NULL && strcmp(again, dump) != 0) {
		fprintf(stderr, "round trip: converting again changed the document\n"
			"--- first ---\n%s\n--- again ---\n%s\n", dump, again);
		abort();
	}
	free(again);
	json_decref(doc);
	json_decref(root);
}

/* The project's JSON writer must write exactly what jansson writes, for
 * any value: compared at the indents the project uses. */
static inline void
fuzz_check_writer(const json_t *v)
{
	static const int indents[] = {0, 2, 4};
	size_t i;

	for (i = 0; i < sizeof(indents) / sizeof(indents[0]); i++) {
		struct buf b;
		char *ref;
		int rc;

		buf_init(&b, (size_t)-1 / 2);
		rc = jsonout_write(&b, v, indents[i]);
		ref = json_dumps(v, JSON_INDENT(indents[i]) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		if (rc == 0 && ref != NULL && strcmp(buf_cstr(&b), ref) != 0) {
			fprintf(stderr, "writer: indent %d differs from jansson\n--- jansson ---\n%s\n--- jsonout ---\n%s\n",
				indents[i], ref, buf_cstr(&b));
			abort();
		}
		if (rc != 0 && rc != APP_EINPUT && rc != APP_ENOMEM) {
			fprintf(stderr, "writer: unexpected error %d\n", rc);
			abort();
		}
		free(ref);
		buf_cleanup(&b);
	}
}

#endif
