/* fuzz_http.c - libFuzzer target: what a browser sends - a form body, a cookie header, a request path - through the request parsers and into a report document. */
#include "err.h"
#include "form.h"
#include "formdata.h"
#include "fuzz_common.h"
#include "http.h"
#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct form *form;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	form = fuzz_load_form("fuzz_http");
	return 0;
}

/* A posted form becomes a canonical document, which must survive a dump
 * and a re-read unchanged. */
static void
form_body(const char *s, size_t n)
{
	struct app_msg msg = {{0}};
	struct kv *kv = NULL;
	size_t nkv = 0;
	json_t *doc = NULL;
	char *a = NULL;

	if (req_parse_urlencoded(s, n, &kv, &nkv) != 0)
		return;
	if (formdata_to_doc(form, kv, nkv, NULL, &doc, &msg) == 0) {
		a = report_dump(doc);
		if (a == NULL)
			abort();
		fuzz_check_round_trip(form, a);
	}
	free(a);
	json_decref(doc);
	req_kv_free(kv, nkv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *out = NULL;
	struct kv *kv = NULL;
	size_t nkv = 0;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	form_body(s, size);
	if (req_parse_cookies(s, &kv, &nkv) == 0)
		req_kv_free(kv, nkv);
	if (req_decode_path(s, size, &out) == 0)
		free(out);
	free(s);
	return 0;
}
