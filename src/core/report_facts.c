/* report_facts.c - the portfolio's figures of one report document (see
 * report_facts.h): SDG levels, regions carried to one NUTS version,
 * countries, EU13 and non-EU entries, events by month, outreach items. */
#include "report_facts.h"

#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "period.h"
#include "report.h"
#include "strutil.h"
#include "text.h"

#define SPLIT_MAX 8 /* NUTS 2 regions one written region may stand for */

static const char *const eu13[] = {"BG", "CY", "CZ", "EE", "HR", "HU", "LT", "LV", "MT", "PL",
				   "RO", "SI", "SK"};
static const char *const eu14[] = {"AT", "BE", "DE", "DK", "EL", "ES", "FI", "FR", "IE", "IT",
				   "LU", "NL", "PT", "SE"};

static bool
in_list(const char *cc, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(cc, v[i]) == 0)
			return true;
	return false;
}

bool
report_facts_eu13(const char *cc)
{
	return cc != NULL && in_list(cc, eu13, sizeof(eu13) / sizeof(eu13[0]));
}

bool
report_facts_eu(const char *cc, int year)
{
	if (cc == NULL)
		return false;
	if (strcmp(cc, "UK") == 0)
		return year < 2020;
	return report_facts_eu13(cc) || in_list(cc, eu14, sizeof(eu14) / sizeof(eu14[0]));
}

void
report_facts_cleanup(struct report_facts *r)
{
	if (r == NULL)
		return;
	free(r->region);
	free(r->month);
	memset(r, 0, sizeof(*r));
}

static const char *
str_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void
sdg_levels(const struct form *f, json_t *answers, char *out)
{
	const struct form_question *q = form_find(f, "sdg");
	json_t *a = json_object_get(answers, "sdg");
	size_t g, k;

	memset(out, '-', REPORT_FACTS_GOALS);
	out[REPORT_FACTS_GOALS] = '\0';
	if (q == NULL || q->type != FORM_LIKERT || !json_is_object(a))
		return;
	for (g = 0; g < q->nrows && g < REPORT_FACTS_GOALS; g++) {
		const char *v = json_string_value(json_object_get(a, q->rows[g].value));

		for (k = 0; v != NULL && k < q->nscale && k < 10; k++)
			if (strcmp(q->scale[k].value, v) == 0)
				out[g] = (char)('0' + k);
	}
}

/* The NUTS prefix of a region entry: its code's, else its country's. */
static void
entry_country(const struct nuts *n, const char *code, const char *country, char cc[3])
{
	const char *iso;

	cc[0] = '\0';
	if (nuts_code_well_formed(code)) {
		memcpy(cc, code, 2);
		cc[2] = '\0';
		return;
	}
	if (strlen(country) == 2 && country[0] >= 'A' && country[0] <= 'Z' &&
	    country[1] >= 'A' && country[1] <= 'Z') {
		iso = nuts_country_from_iso(country);
		memcpy(cc, iso ? iso : country, 2);
		cc[2] = '\0';
		return;
	}
	if (n != NULL && country[0] != '\0' && (iso = nuts_country_by_name(n, country)) != NULL) {
		memcpy(cc, iso, 2);
		cc[2] = '\0';
	}
}

/* The NUTS 2 regions of REPORT_FACTS_NUTS an entry stands for: by its code
 * (cut to level 2) in the version of its year, else by its name. */
static size_t
entry_regions(const struct nuts *n, int version, const char *code, const char *name,
	      const char *cc, const char **out)
{
	const struct nuts_region *m[4];
	char two[5];
	size_t k;

	if (n == NULL)
		return 0;
	if (nuts_code_well_formed(code) && strlen(code) >= 4) {
		memcpy(two, code, 4);
		two[4] = '\0';
		if ((k = nuts_code_in(n, version, two, REPORT_FACTS_NUTS, out, SPLIT_MAX)) > 0)
			return k;
		/* Written against another version than the year's. */
		for (int i = 0; i < NUTS_NVERSIONS; i++)
			if (nuts_versions[i] != version && nuts_find(n, nuts_versions[i], two) &&
			    (k = nuts_code_in(n, nuts_versions[i], two, REPORT_FACTS_NUTS, out,
					      SPLIT_MAX)) > 0)
				return k;
		return 0;
	}
	if (name[0] == '\0')
		return 0;
	k = nuts_match_name(n, version, name, cc[0] ? cc : NULL, m, 4);
	for (size_t i = 0; i < k; i++) {
		if (m[i]->level < 2 || strlen(m[i]->code) < 4)
			continue;
		memcpy(two, m[i]->code, 4);
		two[4] = '\0';
		return nuts_code_in(n, version, two, REPORT_FACTS_NUTS, out, SPLIT_MAX);
	}
	return 0;
}

/* Whether the leading regions' folded text names this entry (its name or
 * its code, as a whole word). */
static bool
named_in(const char *lead_fold, const char *name, const char *code)
{
	char *f;
	const char *p;
	size_t len;
	bool hit = false;

	if (lead_fold == NULL || lead_fold[0] == '\0')
		return false;
	for (int pass = 0; pass < 2 && !hit; pass++) {
		const char *s = pass == 0 ? name : code;

		if (s[0] == '\0' || (f = text_fold(s, strlen(s), true)) == NULL)
			continue;
		len = strlen(f);
		for (p = lead_fold; len > 0 && (p = strstr(p, f)) != NULL; p++) {
			bool left = p == lead_fold || p[-1] == ' ';
			bool right = p[len] == '\0' || p[len] == ' ';

			if (left && right) {
				hit = true;
				break;
			}
		}
		free(f);
	}
	return hit;
}

static int
cmp_region(const void *a, const void *b)
{
	return strcmp(((const struct report_fact_region *)a)->code,
		      ((const struct report_fact_region *)b)->code);
}

/* Adds NUTS 2 region code (4 characters) once; lead sticks. */
static int
add_region(struct report_facts *r, size_t *cap, const char *code, bool lead)
{
	size_t i;

	if (strlen(code) != 4)
		return 0;
	for (i = 0; i < r->nregion; i++)
		if (strcmp(r->region[i].code, code) == 0) {
			r->region[i].lead = r->region[i].lead || lead;
			return 0;
		}
	if (r->nregion == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *p = realloc(r->region, ncap * sizeof(*r->region));

		if (p == NULL)
			return APP_ENOMEM;
		r->region = p;
		*cap = ncap;
	}
	memset(&r->region[r->nregion], 0, sizeof(r->region[0]));
	memcpy(r->region[r->nregion].code, code, 5);
	memcpy(r->region[r->nregion].country, code, 2);
	r->region[r->nregion].lead = lead;
	r->nregion++;
	return 0;
}

static int
regions(const struct nuts *n, int year, json_t *answers, struct report_facts *r)
{
	json_t *list = json_object_get(answers, "participating_regions"), *e;
	const char *lead = json_string_value(json_object_get(answers, "leading_regions"));
	char *lead_fold = lead ? text_fold(lead, strlen(lead), true) : NULL;
	char seen[64][3];
	size_t nseen = 0, cap = 0, i, k, j;
	int version = nuts_version_for_year(year), rc = 0;

	if (lead != NULL && lead_fold == NULL)
		return APP_ENOMEM;
	json_array_foreach(list, i, e) {
		const char *code = str_of(e, "nuts"), *name = str_of(e, "name");
		const char *out[SPLIT_MAX];
		bool is_lead;
		char cc[3];

		if (code[0] == '\0' && name[0] == '\0')
			continue;
		r->regions++;
		entry_country(n, code, str_of(e, "country"), cc);
		if (cc[0] != '\0') {
			for (j = 0; j < nseen; j++)
				if (strcmp(seen[j], cc) == 0)
					break;
			if (j == nseen && nseen < sizeof(seen) / sizeof(seen[0]))
				memcpy(seen[nseen++], cc, 3);
			if (report_facts_eu13(cc))
				r->eu13++;
			else if (!report_facts_eu(cc, year) && (n == NULL || nuts_country_known(n, cc) ||
							       nuts_country_name(cc) != NULL))
				r->non_eu++;
		}
		k = entry_regions(n, version, code, name, cc, out);
		if (k == 0)
			r->unplaced++;
		is_lead = named_in(lead_fold, name, code);
		for (j = 0; j < k && rc == 0; j++)
			rc = add_region(r, &cap, out[j], is_lead);
		if (rc != 0)
			break;
	}
	free(lead_fold);
	r->countries = (int)nseen;
	if (r->nregion > 1)
		qsort(r->region, r->nregion, sizeof(*r->region), cmp_region);
	return rc;
}

static int
cmp_month(const void *a, const void *b)
{
	return strcmp(((const struct report_fact_month *)a)->month,
		      ((const struct report_fact_month *)b)->month);
}

static int
add_month(struct report_facts *r, size_t *cap, int yyyymm, bool held)
{
	char m[8];
	size_t i;

	snprintf(m, sizeof(m), "%04d-%02d", yyyymm / 100, yyyymm % 100);
	for (i = 0; i < r->nmonth; i++)
		if (strcmp(r->month[i].month, m) == 0)
			break;
	if (i == r->nmonth) {
		if (r->nmonth == *cap) {
			size_t ncap = *cap ? *cap * 2 : 8;
			void *p = realloc(r->month, ncap * sizeof(*r->month));

			if (p == NULL)
				return APP_ENOMEM;
			r->month = p;
			*cap = ncap;
		}
		memset(&r->month[i], 0, sizeof(r->month[i]));
		memcpy(r->month[i].month, m, sizeof(m));
		r->nmonth++;
	}
	if (held)
		r->month[i].held++;
	else
		r->month[i].planned++;
	return 0;
}

static int
events(json_t *answers, const char *key, bool held, struct report_facts *r, size_t *cap)
{
	json_t *rows = json_object_get(answers, key), *row;
	struct date_span d;
	size_t i;
	int rc;

	json_array_foreach(rows, i, row) {
		const char *date = str_of(row, "date");

		if (held)
			r->events_held++;
		else
			r->events_planned++;
		if (date[0] == '\0' || dates_parse(date, &d) != 0 || d.undetermined || d.first == 0) {
			r->events_undated++;
			continue;
		}
		if ((rc = add_month(r, cap, d.first / 100, held)) != 0)
			return rc;
	}
	return 0;
}

/* Listed lines ("- ...", "* ...", "• ...", "1. ...", "2) ...") of the
 * outreach answer; without any, its paragraphs. */
static int
outreach_items(const char *s)
{
	int listed = 0, paras = 0;
	bool in_para = false;

	while (s != NULL && *s != '\0') {
		const char *e = strchr(s, '\n'), *p = s;
		size_t len = e ? (size_t)(e - s) : strlen(s);
		bool blank = true;

		while (p < s + len && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p < s + len)
			blank = false;
		if (!blank) {
			if (*p == '-' || *p == '*' || strncmp(p, "\xe2\x80\xa2", 3) == 0 ||
			    strncmp(p, "\xe2\x80\x93", 3) == 0)
				listed++;
			else if (*p >= '0' && *p <= '9') {
				const char *q = p;

				while (q < s + len && *q >= '0' && *q <= '9')
					q++;
				if (q < s + len && (*q == '.' || *q == ')') && q + 1 < s + len && q[1] == ' ')
					listed++;
			}
			if (!in_para)
				paras++;
		}
		in_para = !blank;
		s = e ? e + 1 : NULL;
	}
	return listed > 0 ? listed : paras;
}

int
report_facts_of(const struct form *f, const struct nuts *n, const char *period, json_t *doc,
		struct report_facts *out)
{
	struct period p;
	json_t *answers;
	size_t mcap = 0;
	int rc;

	report_facts_cleanup(out);
	if (period == NULL || period_parse(period, &p) != 0)
		return APP_EINPUT;
	answers = report_answers(doc);
	sdg_levels(f, answers, out->sdg);
	if ((rc = regions(n, p.year, answers, out)) != 0 ||
	    (rc = events(answers, "past_events", true, out, &mcap)) != 0 ||
	    (rc = events(answers, "planned_events", false, out, &mcap)) != 0) {
		report_facts_cleanup(out);
		return rc;
	}
	if (out->nmonth > 1)
		qsort(out->month, out->nmonth, sizeof(*out->month), cmp_month);
	out->outreach = outreach_items(json_string_value(json_object_get(answers, "outreach")));
	return 0;
}
