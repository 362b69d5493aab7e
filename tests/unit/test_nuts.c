/* test_nuts.c - unit tests of the NUTS registry (nuts.c) on the real NUTS data and names table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "finding.h"
#include "nuts.h"
#include "regioncheck.h"

static struct nuts *reg;
static char names_path[4096];

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Missing data must fail the run, not skip it. */
static int
setup(void **state)
{
	const char *dir = getenv("S3PM_NUTS_DIR"), *data = getenv("S3PM_DATA_DIR");
	struct app_msg msg;
	double t0;
	int rc;

	(void)state;
	if (dir == NULL || data == NULL) {
		fprintf(stderr, "test_nuts: set S3PM_NUTS_DIR and S3PM_DATA_DIR\n");
		return -1;
	}
	snprintf(names_path, sizeof(names_path), "%s/region-names.tsv", data);
	t0 = now_ms();
	rc = nuts_load(dir, names_path, &reg, &msg);
	if (rc != 0) {
		fprintf(stderr, "test_nuts: %s\n", msg.text);
		return -1;
	}
	printf("# nuts_load (4 versions, 4 change tables, names table): %.1f ms\n", now_ms() - t0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	nuts_free(reg);
	reg = NULL;
	return 0;
}

static void
test_versions(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < NUTS_NVERSIONS; i++)
		assert_true(nuts_has_version(reg, nuts_versions[i]));
	assert_false(nuts_has_version(reg, 2010));
	assert_false(nuts_has_version(reg, 2020));
	assert_int_equal(nuts_version_for_year(2015), 2013);
	assert_int_equal(nuts_version_for_year(2017), 2013);
	assert_int_equal(nuts_version_for_year(2018), 2016);
	assert_int_equal(nuts_version_for_year(2020), 2016);
	assert_int_equal(nuts_version_for_year(2021), 2021);
	assert_int_equal(nuts_version_for_year(2023), 2021);
	assert_int_equal(nuts_version_for_year(2024), 2024);
	assert_int_equal(nuts_version_for_year(2030), 2024);
}

static void
test_find(void **state)
{
	const struct nuts_region *r;

	(void)state;
	r = nuts_find(reg, 2016, "FI1D3");
	assert_non_null(r);
	assert_string_equal(r->code, "FI1D3");
	assert_int_equal(r->level, 3);
	assert_string_equal(r->country, "FI");
	assert_string_equal(r->name_latin, "Pohjois-Karjala");
	assert_null(nuts_find(reg, 2024, "FI1D3"));
	assert_non_null(nuts_find(reg, 2024, "FI1DC"));
	assert_null(nuts_find(reg, 2016, "FI1DC"));
	assert_null(nuts_find(reg, 2016, "EL24"));
	assert_null(nuts_find(reg, 2016, "fi1d3"));
	assert_null(nuts_find(reg, 2010, "FI1D3"));
	r = nuts_find(reg, 2016, "EL64");
	assert_non_null(r);
	assert_string_equal(r->name_latin, "Sterea Ellada");
	assert_string_equal(r->country, "EL");
	r = nuts_find(reg, 2021, "EL64");
	assert_string_equal(r->name_latin, "Sterea Elláda");
	r = nuts_find(reg, 2016, "UKN0");
	assert_non_null(r);
	assert_null(nuts_find(reg, 2024, "UKN0"));
	/* Extra-Regio codes are in the lists. */
	assert_non_null(nuts_find(reg, 2016, "FIZZZ"));
}

static void
test_labels(void **state)
{
	(void)state;
	/* 2016 writes levels 0 and 1 in capitals; labels borrow 2021's case. */
	assert_string_equal(nuts_find(reg, 2016, "DE2")->name_latin, "BAYERN");
	assert_string_equal(nuts_label(reg, nuts_find(reg, 2016, "DE2")), "Bayern");
	assert_string_equal(nuts_label(reg, nuts_find(reg, 2016, "FI")), "Suomi/Finland");
	assert_string_equal(nuts_label(reg, nuts_find(reg, 2016, "FI1D3")), "Pohjois-Karjala");
	/* A renamed region keeps its own 2016 name, in capitals. */
	assert_string_equal(nuts_label(reg, nuts_find(reg, 2016, "FRE")),
			    "NORD-PAS DE CALAIS-PICARDIE");
}

static void
test_changes(void **state)
{
	const struct nuts_change *c[16];
	size_t n;

	(void)state;
	n = nuts_changes_after(reg, 2016, "PT16", c, 16);
	assert_int_equal(n, 2);
	assert_string_equal(c[0]->old_code, "PT16");
	assert_string_equal(c[0]->new_code, "PT19");
	assert_string_equal(c[1]->new_code, "PT1D");
	assert_string_equal(c[0]->change, "boundary_shift");
	assert_int_equal(c[0]->from, 2021);
	assert_int_equal(c[0]->to, 2024);

	n = nuts_changes_after(reg, 2016, "FI1D3", c, 16);
	assert_int_equal(n, 1);
	assert_string_equal(c[0]->new_code, "FI1DC");
	assert_int_equal(nuts_changes_after(reg, 2016, "FI1D7", c, 16), 0);
	assert_int_equal(nuts_changes_after(reg, 2024, "FI1DC", c, 16), 0);

	/* Followed along the chain: merged in 2021, the merger split in 2024. */
	n = nuts_changes_after(reg, 2016, "NO012", c, 16);
	assert_int_equal(n, 4);
	assert_string_equal(c[0]->new_code, "NO082");
	assert_string_equal(c[0]->change, "merged");
	assert_string_equal(c[1]->old_code, "NO082");
	assert_string_equal(c[1]->change, "split");
	assert_string_equal(c[3]->new_code, "NO085");
	/* max limits what is written, not what is counted. */
	assert_int_equal(nuts_changes_after(reg, 2016, "NO012", c, 1), 4);

	n = nuts_changes_before(reg, 2016, "EL24", c, 16);
	assert_int_equal(n, 1);
	assert_string_equal(c[0]->new_code, "EL64");
	assert_string_equal(c[0]->change, "recoded");
	assert_int_equal(c[0]->from, 2010);
	assert_int_equal(c[0]->to, 2013);

	n = nuts_changes_before(reg, 2016, "FI1D4", c, 16);
	assert_int_equal(n, 1);
	assert_string_equal(c[0]->new_code, "FI1D8");
	n = nuts_changes_before(reg, 2024, "FI1D3", c, 16);
	assert_int_equal(n, 1);
	assert_string_equal(c[0]->new_code, "FI1DC");
	/* Changes after the version are not "before" it. */
	assert_int_equal(nuts_changes_before(reg, 2016, "FI1D3", c, 16), 0);
	assert_int_equal(nuts_changes_before(reg, 2016, "XX999", c, 16), 0);
}

static void
test_english(void **state)
{
	(void)state;
	assert_string_equal(nuts_english_name(reg, 2016, "FI1D3"), "North Karelia");
	assert_string_equal(nuts_english_name(reg, 2024, "FI1DC"), "North Karelia");
	assert_string_equal(nuts_english_name(reg, 2016, "FI1D7"), "Lapland");
	assert_string_equal(nuts_english_name(reg, 2016, "DE2"), "Bavaria");
	assert_string_equal(nuts_english_name(reg, 2016, "EL64"), "Central Greece");
	assert_string_equal(nuts_english_name(reg, 2016, "ES61"), "Andalusia");
	assert_string_equal(nuts_english_name(reg, 2016, "EL"), "Greece");
	assert_null(nuts_english_name(reg, 2016, "FI1D8"));
	assert_null(nuts_english_name(reg, 2016, "XX999"));
}

static void
test_countries(void **state)
{
	(void)state;
	assert_true(nuts_country_known(reg, "EL"));
	assert_true(nuts_country_known(reg, "UK"));
	assert_true(nuts_country_known(reg, "FI"));
	assert_false(nuts_country_known(reg, "GR"));
	assert_false(nuts_country_known(reg, "XX"));
	assert_false(nuts_country_known(reg, "fi"));
	assert_string_equal(nuts_country_from_iso("GR"), "EL");
	assert_string_equal(nuts_country_from_iso("GB"), "UK");
	assert_null(nuts_country_from_iso("FI"));
	assert_null(nuts_country_from_iso("EL"));
	assert_string_equal(nuts_country_name("EL"), "Greece");
	assert_string_equal(nuts_country_name("UK"), "United Kingdom");
	assert_null(nuts_country_name("GR"));
	assert_string_equal(nuts_country_by_name(reg, "Finland"), "FI");
	assert_string_equal(nuts_country_by_name(reg, "finland"), "FI");
	assert_string_equal(nuts_country_by_name(reg, "Suomi"), "FI");
	assert_string_equal(nuts_country_by_name(reg, "Hellas"), "EL");
	assert_string_equal(nuts_country_by_name(reg, "Greece"), "EL");
	assert_string_equal(nuts_country_by_name(reg, "Ελλάδα"), "EL");
	assert_string_equal(nuts_country_by_name(reg, "Czech Republic"), "CZ");
	assert_null(nuts_country_by_name(reg, "Atlantis"));
	assert_null(nuts_country_by_name(reg, ""));
}

/* Each prefix of every version has an English name, and the names table
 * knows that name as the same country. */
static void
test_country_names_complete(void **state)
{
	const char *cc[] = {"AL", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE",
			    "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IS", "IT", "LI",
			    "LT", "LU", "LV", "ME", "MK", "MT", "NL", "NO", "PL", "PT",
			    "RO", "RS", "SE", "SI", "SK", "TR", "UA", "UK", "XK"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cc) / sizeof(cc[0]); i++) {
		const char *nm = nuts_country_name(cc[i]);

		assert_true(nuts_country_known(reg, cc[i]));
		assert_non_null(nm);
		assert_string_equal(nuts_country_by_name(reg, nm), cc[i]);
		assert_non_null(nuts_english_name(reg, cc[i][0] == 'U' && cc[i][1] == 'K' ? 2021 : 2024,
						  cc[i]));
	}
}

static size_t
codes_of(const char *name, const char *country, int version, char *out, size_t outlen)
{
	const struct nuts_region *m[16];
	size_t n = nuts_match_name(reg, version, name, country, m, 16), i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n && len + 8 < outlen; i++)
		len += (size_t)snprintf(out + len, outlen - len, "%s%s", i ? " " : "", m[i]->code);
	return n;
}

static void
test_match_name(void **state)
{
	char codes[256];

	(void)state;
	codes_of("Kainuu", "FI", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI1D8");
	codes_of("North Karelia", "FI", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI1D3");
	codes_of("North Karelia", "FI", 2024, codes, sizeof(codes));
	assert_string_equal(codes, "FI1DC");
	codes_of("Pohjois-Karjala", "FI", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI1D3");
	codes_of("pohjois-karjala", NULL, 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI1D3");
	/* Accents and case never matter; version spellings differ in them. */
	codes_of("Sterea Elláda", "EL", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "EL64");
	codes_of("Sterea Ellada", "EL", 2021, codes, sizeof(codes));
	assert_string_equal(codes, "EL64");
	codes_of("Castilla y Leon", "ES", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "ES41");
	codes_of("ANDALUCIA", "ES", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "ES61");
	/* The apostrophe does. */
	assert_int_equal(codes_of("Castilla y'Leon", "ES", 2016, codes, sizeof(codes)), 0);
	/* ISO code and country name in the country argument. */
	codes_of("Central Greece", "GR", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "EL64");
	codes_of("Lapland", "Finland", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI1D7");
	assert_int_equal(codes_of("Lapland", "SE", 2016, codes, sizeof(codes)), 0);
	assert_int_equal(codes_of("Lapland", "XX", 2016, codes, sizeof(codes)), 0);
	/* "(XX)" markers drop out of NUTS names and of written names. */
	codes_of("Centro", "PT", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "PT16");
	codes_of("Centro (PT)", "PT", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "PT16");
	codes_of("Centro", NULL, 2016, codes, sizeof(codes));
	assert_string_equal(codes, "ES4 ITI PT16");
	codes_of("Centro", "PT", 2024, codes, sizeof(codes));
	assert_string_equal(codes, "PT19");
	/* A trailing country name is ignored. */
	codes_of("Centro Portugal", "PT", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "PT16");
	codes_of("North Karelia, Finland", "FI", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI1D3");
	codes_of("Lapland (Finland)", NULL, 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI1D7");
	/* ... but not when it is part of the name. */
	codes_of("Prov. Luxembourg", "BE", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "BE34");
	/* Parts of bilingual names, and one name at several levels. */
	codes_of("Finland", NULL, 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI");
	codes_of("Åland", "FI", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FI2 FI20 FI200");
	codes_of("Bozen", "IT", 2021, codes, sizeof(codes));
	assert_string_equal(codes, "ITH1");
	/* Names-table rows: English names, and names of other versions. */
	codes_of("Bavaria", "DE", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "DE2");
	codes_of("Flanders", "BE", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "BE2");
	codes_of("Hauts-de-France", "FR", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "FRE");
	codes_of("Västerbotten", "SE", 2016, codes, sizeof(codes));
	assert_string_equal(codes, "SE331");
	assert_int_equal(codes_of("Cenrto Portugal", "PT", 2016, codes, sizeof(codes)), 0);
	assert_int_equal(codes_of("", "PT", 2016, codes, sizeof(codes)), 0);
	assert_int_equal(codes_of("Kainuu", "FI", 2010, codes, sizeof(codes)), 0);
}

static void
test_near(void **state)
{
	struct nuts_near near[8];
	size_t n;

	(void)state;
	n = nuts_near_names(reg, 2016, "Cenrto Portugal", "PT", near, 8);
	assert_true(n >= 1);
	assert_string_equal(near[0].region->code, "PT16");
	assert_string_equal(near[0].spelling, "Centro");
	assert_int_equal(near[0].distance, 1);
	n = nuts_near_names(reg, 2016, "Castilla y'Leon", "ES", near, 8);
	assert_true(n >= 1);
	assert_string_equal(near[0].region->code, "ES41");
	assert_string_equal(near[0].spelling, "Castilla y León");
	assert_int_equal(near[0].distance, 1);
	n = nuts_near_names(reg, 2016, "Andalusa", "ES", near, 8);
	assert_true(n >= 1);
	assert_string_equal(near[0].region->code, "ES61");
	assert_string_equal(near[0].spelling, "Andalusia");
	assert_string_equal(nuts_nearest_name(reg, 2016, "Kainu", "FI")->code, "FI1D8");
	/* Too far, or too short to guess: nothing. */
	assert_null(nuts_nearest_name(reg, 2016, "Xyzzy", "FI"));
	assert_null(nuts_nearest_name(reg, 2016, "Kainuu", "SE"));
	assert_null(nuts_nearest_name(reg, 2016, "Ka", "FI"));
	assert_null(nuts_nearest_name(reg, 2016, "Pohjois-Xxxxxxxx", "FI"));
}

static void
test_search(void **state)
{
	const struct nuts_region *r[8];
	size_t n, i;
	int seen = 0;

	(void)state;
	n = nuts_search(reg, 2016, "FI1D", r, 8);
	assert_true(n >= 2);
	assert_string_equal(r[0]->code, "FI1D");
	assert_string_equal(r[1]->code, "FI1D1");
	n = nuts_search(reg, 2016, "karjala", r, 8);
	for (i = 0; i < n; i++)
		if (strcmp(r[i]->code, "FI1D3") == 0 || strcmp(r[i]->code, "FI1C5") == 0)
			seen++;
	assert_int_equal(seen, 2);
	n = nuts_search(reg, 2016, "north kar", r, 8);
	assert_int_equal(n, 1);
	assert_string_equal(r[0]->code, "FI1D3");
	assert_int_equal(nuts_search(reg, 2016, "", r, 8), 0);
}

/* Every names-table row must name a region of some version, so that a typo
 * in data/region-names.tsv fails the build. */
static void
test_names_table_resolves(void **state)
{
	size_t lines[64], n, i;

	(void)state;
	n = nuts_names_unresolved(reg, lines, 64);
	for (i = 0; i < n && i < 64; i++)
		fprintf(stderr, "%s:%zu: names no NUTS region of any version\n", names_path,
			lines[i]);
	assert_int_equal(n, 0);
}

/* ---- load errors, on small files written for the test ---- */

static char tmpdir[256];

static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
remove_file(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	unlink(path);
}

static const char list_header[] =
	"code\tlevel\tcountry\tname_latin\tname_native\tlisted_in\tname_src\n";

static int
make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_nuts_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
remove_tmpdir(void **state)
{
	(void)state;
	remove_file("nuts-2016.tsv");
	remove_file("nuts-changes-2016-2021.tsv");
	remove_file("names.tsv");
	rmdir(tmpdir);
	return 0;
}

static void
expect_load(int want, const char *names, const char *msg_part)
{
	struct nuts *n = NULL;
	struct app_msg msg;
	char np[512];
	int rc;

	msg.text[0] = '\0';
	if (names != NULL)
		snprintf(np, sizeof(np), "%s/%s", tmpdir, names);
	rc = nuts_load(tmpdir, names ? np : NULL, &n, &msg);
	if (rc != want || (msg_part != NULL && strstr(msg.text, msg_part) == NULL))
		fprintf(stderr, "load gave %d \"%s\", expected %d and \"%s\"\n", rc, msg.text,
			want, msg_part ? msg_part : "");
	assert_int_equal(rc, want);
	if (msg_part != NULL)
		assert_non_null(strstr(msg.text, msg_part));
	if (rc == 0)
		assert_non_null(n);
	else
		assert_null(n);
	nuts_free(n);
}

static void
test_load_errors(void **state)
{
	struct nuts *n = NULL;
	struct app_msg msg;
	char buf[2048];

	(void)state;
	assert_int_equal(nuts_load("/nonexistent/nuts", NULL, &n, &msg), APP_ENOTFOUND);
	assert_null(n);
	assert_non_null(strstr(msg.text, "/nonexistent/nuts"));

	/* A folder without lists. */
	expect_load(APP_ENOTFOUND, NULL, tmpdir);

	/* A good minimal list loads, without change tables. */
	snprintf(buf, sizeof(buf),
		 "%sFI\t0\tFI\tSuomi\tSuomi\teurostat+gisco\tE/N\n"
		 "FI1D3\t3\tFI\tPohjois-Karjala\tPohjois-Karjala\teurostat+gisco\tE/N\n",
		 list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(0, NULL, NULL);

	/* Malformed lists: the message names file and line. */
	snprintf(buf, sizeof(buf), "%sFI\t0\tFI\tSuomi\tSuomi\teurostat+gisco\n", list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:2: expected 7");
	snprintf(buf, sizeof(buf), "%sFI1D33\t4\tFI\tX\tX\teurostat\tE/N\n", list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:2: \"FI1D33\" is not a NUTS code");
	snprintf(buf, sizeof(buf), "%sFI\t0\tFI\tSuomi\tSuomi\teurostat+gisco\tE/N\n"
				   "FI1D3\tx3\tFI\tX\tX\teurostat\tE/N\n",
		 list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:3: level \"x3\"");
	snprintf(buf, sizeof(buf), "%sFI1D3\t2\tFI\tX\tX\teurostat\tE/N\n", list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:2: level 2 does not fit");
	snprintf(buf, sizeof(buf), "%sFI1D3\t3\tSE\tX\tX\teurostat\tE/N\n", list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:2: country");
	snprintf(buf, sizeof(buf), "%sFI1D3\t3\tFI\tX\tX\tsomewhere\tE/N\n", list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:2: listed_in");
	snprintf(buf, sizeof(buf), "%sFI1D3\t3\tFI\tX\tX\teurostat\tE/N\n"
				   "FI1D3\t3\tFI\tY\tY\teurostat\tE/N\n",
		 list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:3: code FI1D3 is listed twice");
	write_file("nuts-2016.tsv", "code\tlevel\n");
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:1: header");
	snprintf(buf, sizeof(buf), "%sFI1D3\t3\tFI\tPohjois-Karjala\t\xff\teurostat\tE/N\n",
		 list_header);
	write_file("nuts-2016.tsv", buf);
	expect_load(APP_EINPUT, NULL, "nuts-2016.tsv:2: invalid UTF-8");

	/* Malformed change table. */
	snprintf(buf, sizeof(buf), "%sFI1D3\t3\tFI\tPohjois-Karjala\tPohjois-Karjala\teurostat\tE/N\n",
		 list_header);
	write_file("nuts-2016.tsv", buf);
	write_file("nuts-changes-2016-2021.tsv",
		   "old_code\tnew_code\tchange\tchange_text\tlevel\told_name\tnew_name\n"
		   "FI1D3\tFI1DC\tmoved\tMoved\t3\tA\tB\n");
	expect_load(APP_EINPUT, NULL, "nuts-changes-2016-2021.tsv:2: change \"moved\"");
	write_file("nuts-changes-2016-2021.tsv",
		   "old_code\tnew_code\tchange\tchange_text\tlevel\told_name\tnew_name\n"
		   "\t\tnew\tNew\t3\tA\tB\n");
	expect_load(APP_EINPUT, NULL, "nuts-changes-2016-2021.tsv:2: neither");
	remove_file("nuts-changes-2016-2021.tsv");

	/* Names table: missing, malformed, good. */
	expect_load(APP_ENOTFOUND, "names.tsv", "names.tsv");
	write_file("names.tsv", "country\tname\tnuts_name\n# comment\nFIN\tNorth Karelia\tX\n");
	expect_load(APP_EINPUT, "names.tsv", "names.tsv:3: country \"FIN\"");
	write_file("names.tsv", "country\tname\tnuts_name\nFI\tA\tB\tC\n");
	expect_load(APP_EINPUT, "names.tsv", "names.tsv:2: expected 3");
	write_file("names.tsv", "name\tcountry\n");
	expect_load(APP_EINPUT, "names.tsv", "names.tsv:1: header");
	write_file("names.tsv", "country\tname\tnuts_name\n# c\nFI\tNorth Karelia\tPohjois-Karjala\n"
				"FI\tFinland\n");
	expect_load(0, "names.tsv", NULL);
}

/* Not an assertion: the figures the lead asked for. */
static void
test_timing(void **state)
{
	static const char *rows[9][3] = {
		{"Lapland", "FI", "FI1D7"},         {"Kainuu", "FI", "FI1D3"},
		{"North Karelia", "FI", "FI1D7"},   {"Västerbotten", "SE", "SE331"},
		{"Castilla y'Leon", "ES", "ES41"},  {"Andalusia", "ES", "ES61"},
		{"Asturias", "ES", "ES12"},         {"Cenrto Portugal", "PT", "PT16"},
		{"Sterea Ellada", "GR", "EL24"},
	};
	struct findings f;
	double t0, t1;
	int i, k, loops = 2000;

	(void)state;
	findings_init(&f);
	t0 = now_ms();
	for (i = 0; i < loops; i++) {
		for (k = 0; k < 9; k++)
			assert_int_equal(regioncheck_entry(reg, 2016, "regions", (size_t)k + 1,
							   rows[k][0], rows[k][1], rows[k][2], &f),
					 0);
		findings_cleanup(&f);
	}
	t1 = now_ms();
	printf("# regioncheck_entry on the 9 seed rows: %.2f us per call\n",
	       (t1 - t0) * 1e3 / (loops * 9));
	t0 = now_ms();
	for (i = 0; i < loops; i++) {
		findings_init(&f);
		assert_int_equal(regioncheck_entry(reg, 2016, "regions", 1, "Lapland", "FI", "FI1D7",
						   &f),
				 0);
		findings_cleanup(&f);
	}
	printf("# regioncheck_entry on a correct row (Lapland (FI) FI1D7): %.2f us per call\n",
	       (now_ms() - t0) * 1e3 / loops);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_country_names_complete),
		cmocka_unit_test(test_match_name),
		cmocka_unit_test(test_near),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_names_table_resolves),
		cmocka_unit_test_setup_teardown(test_load_errors, make_tmpdir, remove_tmpdir),
		cmocka_unit_test(test_timing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
