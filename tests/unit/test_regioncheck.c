/* test_regioncheck.c - acceptance tests of the region entry check (regioncheck.c) on the real NUTS data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "nuts.h"
#include "regioncheck.h"

static struct nuts *reg;
static struct findings found;

/* Missing data must fail the run, not skip it. */
static int
setup(void **state)
{
	const char *dir = getenv("S3PM_NUTS_DIR"), *data = getenv("S3PM_DATA_DIR");
	char names[4096];
	struct app_msg msg;

	(void)state;
	if (dir == NULL || data == NULL) {
		fprintf(stderr, "test_regioncheck: set S3PM_NUTS_DIR and S3PM_DATA_DIR\n");
		return -1;
	}
	snprintf(names, sizeof(names), "%s/region-names.tsv", data);
	if (nuts_load(dir, names, &reg, &msg) != 0) {
		fprintf(stderr, "test_regioncheck: %s\n", msg.text);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	nuts_free(reg);
	return 0;
}

static int
reset(void **state)
{
	(void)state;
	findings_cleanup(&found);
	findings_init(&found);
	return 0;
}

/* Checks one entry; prints the findings, which helps when a test fails. */
static void
check(int version, const char *name, const char *country, const char *code)
{
	size_t i;

	findings_cleanup(&found);
	findings_init(&found);
	assert_int_equal(regioncheck_entry(reg, version, "participating_regions", 3, name, country,
					   code, &found),
			 0);
	for (i = 0; i < found.n; i++)
		printf("#   %d %s (%s) %s -> %s %s: %s [%s]\n", version, name ? name : "-",
		       country ? country : "-", code ? code : "-",
		       found.v[i].severity == FINDING_ERROR ? "error" : "warning", found.v[i].code,
		       found.v[i].message, found.v[i].suggestion ? found.v[i].suggestion : "");
}

/* The finding with this code; fails the test when there is none. */
static const struct finding *
get(const char *code)
{
	size_t i;

	for (i = 0; i < found.n; i++)
		if (strcmp(found.v[i].code, code) == 0)
			return &found.v[i];
	fail_msg("no finding %s", code);
	return NULL;
}

static void
expect(const char *code, enum finding_severity sev, const char *suggestion)
{
	const struct finding *f = get(code);

	assert_int_equal(f->severity, sev);
	if (suggestion == NULL)
		assert_null(f->suggestion);
	else {
		assert_non_null(f->suggestion);
		assert_string_equal(f->suggestion, suggestion);
	}
	assert_string_equal(f->field, "participating_regions");
	assert_int_equal(f->row, 3);
	/* One sentence for a person: no line break, no trailing full stop. */
	assert_null(strchr(f->message, '\n'));
	assert_true(f->message[strlen(f->message) - 1] != '.');
}

static void
contains(const char *code, const char *part)
{
	const struct finding *f = get(code);

	if (strstr(f->message, part) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", f->message, part);
}

static void
clean(int version, const char *name, const char *country, const char *code)
{
	check(version, name, country, code);
	/* NULL is a case under test: name it rather than hand it to %s. */
	if (found.n != 0)
		fail_msg("%s (%s) %s at %d: expected no findings, got %s: %s", name ? name : "NULL",
			 country ? country : "NULL", code ? code : "NULL", version, found.v[0].code,
			 found.v[0].message);
}

/* 1 */
static void
test_kainuu_wrong_code(void **state)
{
	(void)state;
	check(2016, "Kainuu", "FI", "FI1D3");
	assert_int_equal(found.n, 1);
	expect("nuts-name-mismatch", FINDING_ERROR, "FI1D8");
	assert_string_equal(get("nuts-name-mismatch")->message,
			    "FI1D3 is Pohjois-Karjala (North Karelia), not Kainuu; Kainuu is FI1D8");
}

/* 2 */
static void
test_north_karelia_wrong_code(void **state)
{
	(void)state;
	check(2016, "North Karelia", "FI", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("nuts-name-mismatch", FINDING_ERROR, "FI1D3");
	assert_string_equal(get("nuts-name-mismatch")->message,
			    "FI1D7 is Lappi (Lapland), not North Karelia; North Karelia is FI1D3 "
			    "(FI1DC since NUTS 2024)");
}

/* 3 */
static void
test_sterea_ellada_old_code(void **state)
{
	(void)state;
	check(2016, "Sterea Ellada", " GR", "EL24");
	assert_int_equal(found.n, 2);
	expect("nuts-unknown-code", FINDING_ERROR, "EL64");
	contains("nuts-unknown-code", "EL24 is in no NUTS version since 2013");
	contains("nuts-unknown-code", "in NUTS 2013 it was recoded to EL64");
	contains("nuts-unknown-code", "Sterea Ellada is EL64");
	expect("country-iso-code", FINDING_WARNING, "EL");
	assert_string_equal(get("country-iso-code")->message,
			    "GR is the ISO 3166 code for Greece; NUTS writes Greece as EL");
}

/* 4 */
static void
test_centro_misspelt_and_changed(void **state)
{
	(void)state;
	check(2016, "Cenrto Portugal", "PT", "PT16");
	assert_int_equal(found.n, 2);
	expect("region-name-misspelt", FINDING_WARNING, "Centro");
	contains("region-name-misspelt", "Cenrto Portugal looks misspelt");
	contains("region-name-misspelt", "did you mean Centro?");
	expect("nuts-changed", FINDING_WARNING, NULL);
	assert_string_equal(get("nuts-changed")->message,
			    "PT16 has changed since NUTS 2016: in NUTS 2024 it was split by a "
			    "boundary shift into PT19 (Centro (PT)) and PT1D (Oeste e Vale do Tejo)");
}

/* 5 */
static void
test_castilla_apostrophe(void **state)
{
	(void)state;
	check(2016, "Castilla y'Leon", "ES", "ES41");
	assert_int_equal(found.n, 1);
	expect("region-name-misspelt", FINDING_WARNING, "Castilla y León");
	/* Accents alone are no misspelling. */
	clean(2016, "Castilla y Leon", "ES", "ES41");
	clean(2016, "CASTILLA Y LEÓN", "ES", "ES41");
}

/* 6 */
static void
test_correct_entries(void **state)
{
	(void)state;
	clean(2016, "Lapland", "FI", "FI1D7");
	clean(2016, "Kainuu", "FI", "FI1D8");
	clean(2016, "Västerbotten", "SE", "SE331");
	clean(2016, "Andalusia", "ES", "ES61");
	clean(2016, "Asturias", "ES", "ES12");
	clean(2016, "Lombardy", "IT", "ITC4");
	clean(2016, "Bavaria", "DE", "DE2");
	clean(2016, "Upper Austria", "AT", "AT31");
	clean(2016, "Flanders", "BE", "BE2");
	clean(2016, "Sterea Ellada", "EL", "EL64");
	clean(2016, "Andalucía", "ES", "ES61");
	clean(2021, "Lapland", "FI", "FI1D7");
	clean(2024, "Lapland", "FI", "FI1D7");
	clean(2024, "North Karelia", "FI", "FI1DC");
	clean(2024, "Pohjois-Karjala", "FI", "FI1DC");
	clean(2021, "Sterea Ellada", "EL", "EL64");
	clean(2024, "Central Greece", "EL", "EL64");
	clean(2024, "Centro", "PT", "PT19");
	/* A name from another version of the same code is not wrong. */
	clean(2016, "Hauts-de-France", "FR", "FRE");
	clean(2021, "Comunidad Valenciana", "ES", "ES52");
	/* No name: the code alone is fine. */
	clean(2016, "", "FI", "FI1D7");
	clean(2016, NULL, NULL, "FI1D7");
	/* Nothing at all: nothing to say. */
	clean(2016, NULL, NULL, NULL);
	clean(2016, " ", "", "");
}

static void
test_centro_changed_only(void **state)
{
	(void)state;
	check(2016, "Centro", "PT", "PT16");
	assert_int_equal(found.n, 1);
	expect("nuts-changed", FINDING_WARNING, NULL);
	/* Still valid in 2021, changed in 2024. */
	check(2021, "Centro", "PT", "PT16");
	assert_int_equal(found.n, 1);
	expect("nuts-changed", FINDING_WARNING, NULL);
}

static void
test_north_karelia_versions(void **state)
{
	(void)state;
	check(2016, "North Karelia", "FI", "FI1D3");
	assert_int_equal(found.n, 1);
	expect("nuts-changed", FINDING_WARNING, NULL);
	assert_string_equal(get("nuts-changed")->message,
			    "FI1D3 has changed since NUTS 2016: in NUTS 2024 a boundary shift made it "
			    "FI1DC (Pohjois-Karjala)");
	check(2021, "North Karelia", "FI", "FI1D3");
	assert_int_equal(found.n, 1);
	expect("nuts-changed", FINDING_WARNING, NULL);

	/* FI1D3 is gone in 2024. */
	check(2024, "North Karelia", "FI", "FI1D3");
	assert_int_equal(found.n, 1);
	expect("nuts-unknown-code", FINDING_ERROR, "FI1DC");
	contains("nuts-unknown-code", "FI1D3 is not in NUTS 2024");
	contains("nuts-unknown-code", "Pohjois-Karjala (North Karelia) until NUTS 2021");
	contains("nuts-unknown-code", "FI1DC");
	check(2024, "", "FI", "FI1D3");
	assert_int_equal(found.n, 1);
	expect("nuts-unknown-code", FINDING_ERROR, "FI1DC");

	/* The 2024 name-mismatch case points at the 2024 code. */
	check(2024, "North Karelia", "FI", "FI1D7");
	expect("nuts-name-mismatch", FINDING_ERROR, "FI1DC");
	assert_string_equal(get("nuts-name-mismatch")->message,
			    "FI1D7 is Lappi (Lapland), not North Karelia; North Karelia is FI1DC");
}

/* 7: malformed and lower-case codes. */
static void
test_code_form(void **state)
{
	(void)state;
	check(2016, "Kainuu", "FI", "FI1D33");
	assert_int_equal(found.n, 1);
	expect("nuts-code-malformed", FINDING_ERROR, "FI1D8");
	contains("nuts-code-malformed", "FI1D33 is not a NUTS code");
	check(2016, "Nowhere", "FI", "F11D3");
	assert_int_equal(found.n, 1);
	expect("nuts-code-malformed", FINDING_ERROR, NULL);
	check(2016, "Kainuu", "FI", "FI-1D8");
	expect("nuts-code-malformed", FINDING_ERROR, "FI1D8");

	/* Lower case is read as capitals, with a warning. */
	check(2016, "Kainuu", "FI", "fi1d8");
	assert_int_equal(found.n, 1);
	expect("nuts-code-case", FINDING_WARNING, "FI1D8");
	check(2016, "Kainuu", "FI", "fi1d3");
	assert_int_equal(found.n, 2);
	expect("nuts-code-case", FINDING_WARNING, "FI1D3");
	expect("nuts-name-mismatch", FINDING_ERROR, "FI1D8");
}

/* 7: country against code, and the country slot. */
static void
test_country(void **state)
{
	(void)state;
	check(2016, "Lapland", "SE", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("country-code-mismatch", FINDING_ERROR, "FI");
	assert_string_equal(get("country-code-mismatch")->message,
			    "FI1D7 is in Finland (FI), not in SE");
	/* The name is a region of the country written: the code is wrong. */
	check(2016, "Västerbotten", "SE", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("country-code-mismatch", FINDING_ERROR, "SE331");
	contains("country-code-mismatch", "Västerbotten is SE331");

	check(2016, "Lapland", "XX", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("country-unknown", FINDING_ERROR, NULL);
	assert_string_equal(get("country-unknown")->message, "XX is not a NUTS country code");
	check(2016, "Lapland", "Narnia", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("country-unknown", FINDING_ERROR, NULL);

	/* A country name is understood, and its code suggested. */
	check(2016, "Lapland", "Finland", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("country-name", FINDING_WARNING, "FI");
	check(2016, "Lapland", "fi", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("country-code-case", FINDING_WARNING, "FI");
	check(2016, "Lapland", "(FI)", "FI1D7");
	assert_int_equal(found.n, 0);
	check(2016, "Greater Manchester", "GB", "UKD3");
	assert_int_equal(found.n, 1);
	expect("country-iso-code", FINDING_WARNING, "UK");

	/* The country check alone. */
	reset(NULL);
	assert_int_equal(regioncheck_country(reg, "countries", 2, "GR", &found), 0);
	assert_int_equal(found.n, 1);
	assert_string_equal(found.v[0].code, "country-iso-code");
	assert_string_equal(found.v[0].suggestion, "EL");
	assert_int_equal(found.v[0].row, 2);
	reset(NULL);
	assert_int_equal(regioncheck_country(reg, "countries", 2, "EL", &found), 0);
	assert_int_equal(regioncheck_country(reg, "countries", 2, "", &found), 0);
	assert_int_equal(regioncheck_country(reg, "countries", 2, NULL, &found), 0);
	assert_int_equal(found.n, 0);
	assert_int_equal(regioncheck_country(reg, "countries", 2, "XX", &found), 0);
	assert_int_equal(found.n, 1);
	assert_int_equal(found.v[0].severity, FINDING_ERROR);
	assert_string_equal(found.v[0].code, "country-unknown");
}

/* 7: no code. */
static void
test_code_missing(void **state)
{
	(void)state;
	check(2016, "Kainuu", "FI", "");
	assert_int_equal(found.n, 1);
	expect("nuts-code-missing", FINDING_WARNING, "FI1D8");
	assert_string_equal(get("nuts-code-missing")->message,
			    "No NUTS code is given for Kainuu; Kainuu is FI1D8");
	check(2016, "North Karelia", "FI", NULL);
	expect("nuts-code-missing", FINDING_WARNING, "FI1D3");
	contains("nuts-code-missing", "FI1D3 (FI1DC since NUTS 2024)");
	/* One name at several levels: no single code to suggest. */
	check(2016, "Åland", "FI", "");
	expect("nuts-code-missing", FINDING_WARNING, NULL);
	contains("nuts-code-missing", "FI2, FI20 or FI200");
	/* Unknown or misspelt names get no guessed code. */
	check(2016, "Xyzzy", "FI", "");
	expect("nuts-code-missing", FINDING_WARNING, NULL);
	check(2016, "Kainu", "FI", "");
	expect("nuts-code-missing", FINDING_WARNING, NULL);
	/* Without a country, a unique name still gives its code. */
	check(2016, "Pohjois-Karjala", NULL, "");
	expect("nuts-code-missing", FINDING_WARNING, "FI1D3");
	check(2016, "Centro", NULL, "");
	expect("nuts-code-missing", FINDING_WARNING, NULL);
}

/* 7: a name that names no region. */
static void
test_name_unknown(void **state)
{
	(void)state;
	check(2016, "Xyzzy Plugh", "FI", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("region-name-unknown", FINDING_WARNING, NULL);
	contains("region-name-unknown", "Xyzzy Plugh is not a name of FI1D7");
	/* Far-away names suggest nothing. */
	check(2016, "Kuopio", "FI", "FI1D7");
	assert_int_equal(found.n, 1);
	expect("region-name-unknown", FINDING_WARNING, NULL);
	/* A misspelling of another region's name points there. */
	check(2016, "Kainu", "FI", "FI1D3");
	assert_int_equal(found.n, 1);
	expect("nuts-name-mismatch", FINDING_ERROR, "FI1D8");
	contains("nuts-name-mismatch", "the nearest region name, Kainuu, is FI1D8");
	/* A region named at another level. */
	check(2016, "Bavaria", "DE", "DE21");
	expect("nuts-name-mismatch", FINDING_ERROR, "DE2");
	assert_string_equal(get("nuts-name-mismatch")->message,
			    "DE21 is Oberbayern (Upper Bavaria), not Bavaria; Bavaria is DE2");
}

/* 7: codes of other versions. */
static void
test_other_versions(void **state)
{
	(void)state;
	check(2016, "North Karelia", "FI", "FI1DC");
	assert_int_equal(found.n, 1);
	expect("nuts-unknown-code", FINDING_ERROR, "FI1D3");
	contains("nuts-unknown-code", "FI1DC is not in NUTS 2016: it exists only from NUTS 2024");
	check(2016, "", "FI", "FI1DC");
	expect("nuts-unknown-code", FINDING_ERROR, "FI1D3");
	contains("nuts-unknown-code", "Pohjois-Karjala is FI1D3 in NUTS 2016");

	check(2016, "Kainuu", "FI", "FI1D4");
	assert_int_equal(found.n, 1);
	expect("nuts-unknown-code", FINDING_ERROR, "FI1D8");
	contains("nuts-unknown-code", "FI1D4 is not in NUTS 2016: it was Kainuu in NUTS 2013");
	contains("nuts-unknown-code", "FI1D8");
	check(2016, NULL, NULL, "FI1D4");
	expect("nuts-unknown-code", FINDING_ERROR, "FI1D8");

	check(2016, "Lapland", "FI", "FI1X9");
	expect("nuts-unknown-code", FINDING_ERROR, "FI1D7");
	contains("nuts-unknown-code", "FI1X9 is in no NUTS version since 2013");

	/* Two steps: merged in 2021, then split in 2024. */
	check(2016, "Akershus", "NO", "NO012");
	assert_int_equal(found.n, 1);
	assert_string_equal(get("nuts-changed")->message,
			    "NO012 has changed since NUTS 2016: in NUTS 2021 it was merged into NO082 "
			    "(Viken); in NUTS 2024 NO082 was split into NO083 (Østfold), NO084 "
			    "(Akershus) and NO085 (Buskerud)");
	/* A relabelling under the same code is no change of the code. */
	clean(2016, "Comunidad Valenciana", "ES", "ES52");
}

/* 7: Extra-Regio. */
static void
test_extra_regio(void **state)
{
	(void)state;
	check(2016, "Kainuu", "FI", "FIZZZ");
	assert_int_equal(found.n, 1);
	expect("nuts-extra-regio", FINDING_ERROR, "FI1D8");
	contains("nuts-extra-regio", "FIZZZ is an Extra-Regio code");
	check(2016, "", "EL", "ELZ");
	expect("nuts-extra-regio", FINDING_ERROR, NULL);
	/* CZ is Czechia, not an Extra-Regio code. */
	clean(2016, "Czechia", "CZ", "CZ");
}

/* A version that is not loaded is said so, once per entry, and not an error. */
static void
test_version_missing(void **state)
{
	(void)state;
	check(2010, "Kainuu", "FI", "FI1D8");
	assert_int_equal(found.n, 1);
	expect("nuts-version-missing", FINDING_WARNING, NULL);
	contains("nuts-version-missing", "NUTS 2010 is not loaded");
}

/* Codes of every level are checked, whatever follows the country code:
 * letters only (level 1), letters and digits mixed (level 3). */
static void
test_code_levels(void **state)
{
	(void)state;
	/* Level 0. */
	clean(2021, "Finland", "FI", "FI");
	clean(2021, "Greece", "EL", "EL");
	check(2021, "Greece", "GR", "EL");
	assert_int_equal(found.n, 1);
	expect("country-iso-code", FINDING_WARNING, "EL");
	/* Level 1, letters only after the country. */
	clean(2021, "Centre — Val de Loire", "FR", "FRB");
	clean(2016, "Nordrhein-Westfalen", "DE", "DEA");
	clean(2021, "Nord-Ovest", "IT", "ITC");
	clean(2021, "North East (England)", "UK", "UKC");
	clean(2016, "Attiki", "EL", "EL3");
	check(2021, "Kainuu", "FI", "FIB");
	assert_int_equal(found.n, 1);
	expect("nuts-unknown-code", FINDING_ERROR, "FI1D8");
	/* Level 2 and 3, letters and digits mixed. */
	clean(2021, "Tees Valley and Durham", "UK", "UKC1");
	clean(2021, "Guadeloupe", "FR", "FRY10");
	clean(2024, "Rogaland", "NO", "NO0A1");
	/* A letter-only level-1 code with the wrong name. */
	check(2021, "Nord-Ovest", "IT", "FRB");
	assert_int_equal(found.n, 1);
	get("country-code-mismatch");
}

/* A region of a country that has left NUTS (the United Kingdom, in no
 * version since 2024) may take part: a warning that says so, whatever the
 * level of its code, never an error nor "no code is given". */
static void
test_country_left_nuts(void **state)
{
	static const char *const codes[] = {"UK", "UKC", "UKC1", "UKC11"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		check(2024, "Tees Valley", "UK", codes[i]);
		assert_int_equal(found.n, 1);
		expect("nuts-country-left", FINDING_WARNING, NULL);
		contains("nuts-country-left", "United Kingdom");
		contains("nuts-country-left", "not in NUTS 2024");
		contains("nuts-country-left", codes[i]);
	}
	/* The country read from the code when none is written. */
	check(2024, "Tees Valley and Durham", "", "UKC1");
	assert_int_equal(found.n, 1);
	expect("nuts-country-left", FINDING_WARNING, NULL);
	/* No code, a country that has left: the same warning, not "no code". */
	check(2024, "Tees Valley and Durham", "UK", "");
	assert_int_equal(found.n, 1);
	expect("nuts-country-left", FINDING_WARNING, NULL);
	/* In force in 2021: an ordinary check. */
	clean(2021, "Tees Valley and Durham", "UK", "UKC1");
	/* A code that was never in NUTS stays an error, even for the UK. */
	check(2024, "Tees Valley", "UK", "UKQ9");
	expect("nuts-unknown-code", FINDING_ERROR, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kainuu_wrong_code),
		cmocka_unit_test(test_north_karelia_wrong_code),
		cmocka_unit_test(test_sterea_ellada_old_code),
		cmocka_unit_test(test_centro_misspelt_and_changed),
		cmocka_unit_test(test_castilla_apostrophe),
		cmocka_unit_test(test_correct_entries),
		cmocka_unit_test(test_centro_changed_only),
		cmocka_unit_test(test_north_karelia_versions),
		cmocka_unit_test(test_code_form),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_code_missing),
		cmocka_unit_test(test_name_unknown),
		cmocka_unit_test(test_other_versions),
		cmocka_unit_test(test_extra_regio),
		cmocka_unit_test(test_version_missing),
		cmocka_unit_test(test_code_levels),
		cmocka_unit_test(test_country_left_nuts),
	};
	int rc;

	findings_init(&found);
	rc = cmocka_run_group_tests(tests, setup, teardown);
	findings_cleanup(&found);
	return rc;
}
