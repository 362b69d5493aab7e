/* demo_gen.c - the demo portfolio's generator: splitmix64, word lists,
 * partnership profiles and report documents built from them (see
 * demo_gen.h). The same seed gives the same bytes on every machine: only
 * integer arithmetic on the generator's own numbers, no rand(), no clock. */
#include "demo_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers ---------------------------------------------------- */

void
demo_rng_seed(struct demo_rng *r, uint64_t seed, uint64_t stream)
{
	r->s = seed * 0x9E3779B97F4A7C15ull ^ (stream + 1) * 0xD1B54A32D192ED03ull;
	(void)demo_rng_next(r);
}

uint64_t
demo_rng_next(struct demo_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

unsigned
demo_rng_below(struct demo_rng *r, unsigned n)
{
	return (unsigned)(demo_rng_next(r) % n);
}

int
demo_rng_pct(struct demo_rng *r, unsigned pct)
{
	return demo_rng_below(r, 100) < pct;
}

#define PICK(r, a) ((a)[demo_rng_below((r), (unsigned)N(a))])

/* ---- vocabulary -------------------------------------------------------- */

static const char *const themes[4][10] = {
	{"Traceability and Big Data", "High-Tech Farming", "Smart Sensors for Agri-Food", "Nutrition and Health",
	 "Food Safety", "Bio-based Packaging", "Organic Wine Growing", "Vertical Farming and Aquaponics",
	 "Consumer Involvement in Food Innovation", "Precision Livestock"},
	{"Bioenergy", "Marine Renewable Energy", "Smart Grids", "Solar Energy", "Sustainable Buildings",
	 "Hydrogen Valleys", "Geothermal Heat", "Energy Storage", "Heating and Cooling",
	 "Wind Power Supply Chains"},
	{"Advanced Manufacturing", "Artificial Intelligence and Human-Machine Interface", "Bio-economy",
	 "Chemicals", "Cybersecurity", "Efficient and Sustainable Manufacturing", "Medical Technology",
	 "Mining and Raw Materials", "Textile Innovation", "Photonics"},
	{"Sustainable Aquaculture", "Blue Biotechnology", "Offshore Platforms", "Ports of the Future",
	 "Coastal and Maritime Tourism", "Marine Litter", "Algae Value Chains", "Smart Fisheries",
	 "Ocean Observation", "Island Energy Transition"},
};

static const char *const topics[4][7] = {
	{"traceability", "food safety", "precision farming", "sensor data", "short supply chains",
	 "dairy processing", "plant-based proteins"},
	{"biogas", "smart grids", "green hydrogen", "heat pumps", "energy storage", "offshore wind",
	 "solar cooling"},
	{"additive manufacturing", "collaborative robots", "cybersecurity", "sustainable textiles",
	 "medical devices", "critical raw materials", "photonics"},
	{"aquaculture", "micro-algae", "port logistics", "marine litter", "blue biotechnology",
	 "floating platforms", "coastal tourism"},
};

/* The goals each platform works on most (SDG numbers). */
static const int strong_goals[4][5] = {
	{2, 3, 12, 15, 9}, {7, 9, 11, 13, 12}, {8, 9, 12, 4, 5}, {6, 13, 14, 8, 12},
};

static const char *const adjectives[] = {"Smart", "Circular", "Digital", "Green", "Interregional",
					 "Sustainable", "Resilient", "Open"};
static const char *const suffixes[] = {"Alliance", "Network", "Valley", "Partnership", "Pilot Regions",
				       "Consortium", "Platform"};
static const char *const areas[] = {"the Baltic Sea Region", "Mountain Regions", "Outermost Regions",
				    "the Danube Area", "Islands", "Rural Areas", "the Alps", "the Atlantic Arc",
				    "Coastal Regions", "Central Europe"};
static const char *const places[] = {"Brussels", "Łódź", "Århus", "Θεσσαλονίκη", "Tromsø", "Sevilla",
				     "Porto", "Lyon", "Bilbao", "Oulu", "Kraków", "online", "Umeå", "Tartu",
				     "Graz", "Bologna", "Gdańsk", "Plovdiv", "Cluj-Napoca", "Ljubljana",
				     "Πάτρα", "Ærøskøbing"};
static const char *const funds[] = {"Horizon Europe", "Interreg Europe", "the ERDF",
				    "the Interregional Innovation Investments instrument (I3)", "LIFE",
				    "the Digital Europe Programme", "the national recovery plans"};
static const char *const verbs[] = {"brought together", "mapped", "strengthened", "prepared",
				    "launched", "reviewed", "connected", "co-financed"};
static const char *const objects[] = {"the regional innovation ecosystems", "a joint investment pipeline",
				      "universities and research centres", "clusters and SMEs",
				      "the Digital Innovation Hubs", "regional managing authorities"};
static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
				     "August", "September", "October", "November", "December"};
static const char *const seasons[] = {"Winter", "Spring", "Summer", "Autumn"};
static const char *const event_kinds[] = {"Workshop", "Matchmaking event", "Study visit", "Webinar",
					  "Steering group meeting", "Conference session", "Investor day",
					  "Living lab visit"};
static const char *const aspects[] = {"mapping of capabilities", "demonstration", "scale-up", "skills",
				      "investment projects", "standards and certification", "circularity"};
static const char *const actors[] = {"Universities and SMEs", "Clusters", "", "Chambers of commerce",
				     "Digital Innovation Hubs", "Regional development agencies", ""};
static const char *const foreign[] = {
	"Η συνεργασία με την Περιφέρεια Κεντρικής Μακεδονίας συνεχίστηκε με δύο εργαστήρια.",
	"Partnerzy z województw łódzkiego i małopolskiego przygotowali wspólny projekt pilotażowy.",
	"Samarbeidet med Møre og Romsdal og Trøndelag ble styrket gjennom to studiebesøk.",
	"Yhteistyö Pohjois-Karjalan ja Lapin kanssa jatkui; työpaja pidettiin Joensuussa.",
	"Samarbetet med Västerbotten och Skåne fördjupades under perioden.",
	"Στο Ηράκλειο οργανώθηκε ημερίδα για τις μικρές επιχειρήσεις.",
};
static const char *const ratings[] = {"well_ahead", "ahead", "on_plan", "on_plan", "on_plan", "behind",
				      "behind", "far_behind"};
static const char *const likert[] = {"strongly_agree", "agree", "neutral", "disagree",
				     "strongly_disagree", "not_applicable"};

/* EU member states that joined before 2004, those that joined since, and
 * neighbours with NUTS codes. */
static const char *const eu14[] = {"AT", "BE", "DE", "DK", "EL", "ES", "FI", "FR", "IE", "IT", "LU", "NL",
				   "PT", "SE"};
static const char *const eu13[] = {"BG", "CY", "CZ", "EE", "HR", "HU", "LT", "LV", "MT", "PL", "RO", "SI",
				   "SK"};
static const char *const noneu[] = {"NO", "CH", "UK", "IS", "RS", "TR", "ME", "MK", "AL", "LI"};

/* ---- the region pool --------------------------------------------------- */

static int
pool_add(struct demo_pool *pool, int vi, int g, const struct nuts_region *r, size_t *cap)
{
	if (pool->n[vi][g] == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		const struct nuts_region **v = realloc(pool->r[vi][g], nc * sizeof(*v));

		if (v == NULL)
			return APP_ENOMEM;
		pool->r[vi][g] = v;
		*cap = nc;
	}
	pool->r[vi][g][pool->n[vi][g]++] = r;
	return 0;
}

int
demo_pool_init(struct demo_pool *pool, const struct nuts *nuts)
{
	static const char *const *const lists[DEMO_NGROUPS] = {eu14, eu13, noneu};
	static const size_t sizes[DEMO_NGROUPS] = {N(eu14), N(eu13), N(noneu)};
	const struct nuts_region **hits;
	size_t max = 4096;
	int vi, g;

	memset(pool, 0, sizeof(*pool));
	pool->nuts = nuts;
	hits = malloc(max * sizeof(*hits));
	if (hits == NULL)
		return APP_ENOMEM;
	for (vi = 0; vi < NUTS_NVERSIONS; vi++) {
		for (g = 0; g < DEMO_NGROUPS; g++) {
			size_t cap = 0, c, k, nh;

			for (c = 0; c < sizes[g]; c++) {
				nh = nuts_search(nuts, nuts_versions[vi], lists[g][c], hits, max);
				for (k = 0; k < nh; k++) {
					const struct nuts_region *r = hits[k];

					/* Extra-Regio codes (CZZ, DEZZZ) are no regions. */
					if (r->level < 1 || r->level > 3 || strcmp(r->country, lists[g][c]) != 0 ||
					    r->code[2] == 'Z')
						continue;
					if (pool_add(pool, vi, g, r, &cap) != 0) {
						free(hits);
						return APP_ENOMEM;
					}
				}
			}
			if (pool->n[vi][g] == 0) {
				free(hits);
				return APP_ENOTFOUND;
			}
		}
	}
	free(hits);
	return 0;
}

void
demo_pool_cleanup(struct demo_pool *pool)
{
	int vi, g;

	for (vi = 0; vi < NUTS_NVERSIONS; vi++)
		for (g = 0; g < DEMO_NGROUPS; g++)
			free(pool->r[vi][g]);
	memset(pool, 0, sizeof(*pool));
}

static int
version_index(int version)
{
	int vi;

	for (vi = 0; vi < NUTS_NVERSIONS; vi++)
		if (nuts_versions[vi] == version)
			return vi;
	return 0;
}

/* ---- profiles ----------------------------------------------------------- */

int
demo_profile_make(const struct demo_pool *pool, uint64_t seed, size_t idx, struct period first,
		  unsigned nperiods, struct demo_profile *p)
{
	struct demo_rng rng;
	struct buf b;
	unsigned off, form, y, k;
	int vi, rc = APP_ENOMEM;

	memset(p, 0, sizeof(*p));
	demo_rng_seed(&rng, seed, idx * 2);
	buf_init(&b, 4096);
	p->platform = (int)(idx % 4);
	p->theme = (int)demo_rng_below(&rng, 10);
	form = demo_rng_below(&rng, 4);
	if (form == 1 || form == 3)
		buf_printf(&b, "%s ", PICK(&rng, adjectives));
	buf_puts(&b, themes[p->platform][p->theme]);
	if (form == 2)
		buf_printf(&b, " %s", PICK(&rng, suffixes));
	else if (form == 3)
		buf_printf(&b, " in %s", PICK(&rng, areas));
	if ((p->name = buf_take(&b, NULL)) == NULL)
		goto out;

	/* Half of them reported before the portfolio's first period; the
	 * rest started within it. */
	off = demo_rng_pct(&rng, 50) ? 0 : demo_rng_below(&rng, nperiods);
	y = (unsigned)first.year * 2 + (unsigned)(first.half - 1) + off;
	p->start_year = (int)(y / 2);
	p->start_half = (int)(y % 2) + 1;
	buf_reset(&b);
	k = demo_rng_below(&rng, 5);
	y = (unsigned)p->start_year - (off == 0 ? demo_rng_below(&rng, 3) : 0);
	if (k == 0)
		buf_printf(&b, "%s %u", seasons[demo_rng_below(&rng, 4)], y);
	else if (k == 1)
		buf_printf(&b, "%s %u", months[demo_rng_below(&rng, 12)], y);
	else if (k == 2)
		buf_printf(&b, "%u", y);
	else if (k == 3)
		buf_printf(&b, "%u.%u.%u", 1 + demo_rng_below(&rng, 28), 1 + demo_rng_below(&rng, 12), y);
	else
		buf_printf(&b, "launched in %u", y);
	if ((p->start_date = buf_take(&b, NULL)) == NULL)
		goto out;

	p->nuts_version = nuts_version_for_year(p->start_year);
	p->updates_codes = demo_rng_pct(&rng, 60);
	vi = version_index(p->nuts_version);
	p->nregions = 4 + demo_rng_below(&rng, DEMO_MAX_REGIONS - 3);
	for (k = 0; k < p->nregions; k++) {
		unsigned w = demo_rng_below(&rng, 100);
		int g = w < 65 ? DEMO_EU14 : w < 90 ? DEMO_EU13 : DEMO_NONEU;
		const struct nuts_region *r;
		unsigned tries, j;

		for (tries = 0; tries < 8; tries++) {
			r = pool->r[vi][g][demo_rng_below(&rng, (unsigned)pool->n[vi][g])];
			for (j = 0; j < k && p->region[j] != r; j++)
				;
			if (j == k)
				break;
		}
		p->region[k] = r;
		p->misspelt[k] = (char)demo_rng_pct(&rng, 4);
		p->nocode[k] = (char)demo_rng_pct(&rng, 3);
	}
	rc = 0;
out:
	buf_cleanup(&b);
	return rc;
}

int
demo_profile_rename(struct demo_profile *p, const char *base, unsigned n)
{
	struct buf b;
	char *s;

	buf_init(&b, 1024);
	buf_printf(&b, "%s %u", base, n);
	if ((s = buf_take(&b, NULL)) == NULL) {
		buf_cleanup(&b);
		return APP_ENOMEM;
	}
	free(p->name);
	p->name = s;
	return 0;
}

void
demo_profile_cleanup(struct demo_profile *p)
{
	free(p->name);
	free(p->start_date);
	memset(p, 0, sizeof(*p));
}

/* ---- texts -------------------------------------------------------------- */

static const char *
topic(const struct demo_profile *p, struct demo_rng *r)
{
	return topics[p->platform][demo_rng_below(r, 7)];
}

static void
sentence(struct buf *b, const struct demo_profile *p, struct demo_rng *r, unsigned which)
{
	switch (which % 8) {
	case 0:
		buf_printf(b, "The partnership %s %s working on %s.", PICK(r, verbs), PICK(r, objects), topic(p, r));
		break;
	case 1:
		buf_printf(b, "In %s the partners met in %s to discuss %s.", PICK(r, months), PICK(r, places),
			   topic(p, r));
		break;
	case 2:
		buf_printf(b, "%u companies joined the pilot on %s, %u of them SMEs.", 5 + demo_rng_below(r, 40),
			   topic(p, r), 2 + demo_rng_below(r, 5));
		break;
	case 3:
		buf_printf(b, "Funding for the demonstration projects was sought from %s.", PICK(r, funds));
		break;
	case 4:
		buf_printf(b, "A working group on %s was set up; it meets every %s.", topic(p, r),
			   demo_rng_pct(r, 50) ? "month" : "quarter");
		break;
	case 5:
		buf_printf(b, "The partners in %s and %s agreed on a common roadmap for %s.", PICK(r, places),
			   PICK(r, places), topic(p, r));
		break;
	case 6:
		buf_printf(b, "About %u people took part in the activities of the period.",
			   20 + demo_rng_below(r, 300));
		break;
	default:
		buf_puts(b, PICK(r, foreign));
		break;
	}
}

static void
paragraph(struct buf *b, const struct demo_profile *p, struct demo_rng *r)
{
	unsigned k, n = 2 + demo_rng_below(r, 4), which = demo_rng_below(r, 8);

	/* Steps of 1 to 3 through the 8 kinds: no kind twice in a row. */
	for (k = 0; k < n; k++) {
		if (k > 0)
			buf_putc(b, ' ');
		sentence(b, p, r, which);
		which += 1 + demo_rng_below(r, 3);
	}
}

static void
bullets(struct buf *b, const struct demo_profile *p, struct demo_rng *r)
{
	const char *mark = demo_rng_pct(r, 50) ? "• " : "- ";
	unsigned k, n = 2 + demo_rng_below(r, 4);

	buf_puts(b, "The aims for the coming months are:");
	for (k = 0; k < n; k++)
		buf_printf(b, "\n%sto %s %s on %s", mark, demo_rng_pct(r, 50) ? "strengthen" : "connect",
			   PICK(r, objects), topic(p, r));
}

/* A text of 1 to paras paragraphs, now and then with a bullet list. */
static char *
longtext(const struct demo_profile *p, struct demo_rng *r, unsigned paras)
{
	struct buf b;
	unsigned k, n = 1 + demo_rng_below(r, paras);

	buf_init(&b, 64 * 1024);
	for (k = 0; k < n; k++) {
		if (k > 0)
			buf_puts(&b, "\n\n");
		paragraph(&b, p, r);
	}
	if (demo_rng_pct(r, 25)) {
		buf_puts(&b, "\n\n");
		bullets(&b, p, r);
	}
	return buf_take(&b, NULL);
}

static int
set_text(json_t *o, const char *key, char *s)
{
	int rc;

	if (s == NULL)
		return APP_ENOMEM;
	rc = json_object_set_new(o, key, json_string(s)) == 0 ? 0 : APP_ENOMEM;
	free(s);
	return rc;
}

static int
set_long(json_t *o, const char *key, const struct demo_profile *p, struct demo_rng *r, unsigned paras)
{
	return set_text(o, key, longtext(p, r, paras));
}

/* ---- regions ------------------------------------------------------------- */

/* The region as the partnership writes it in version v: the code of its
 * own version, or of v when it keeps them up to date (NULL: gone). */
static const struct nuts_region *
region_in(const struct demo_pool *pool, const struct demo_profile *p, size_t k, int v)
{
	const struct nuts_region *r = p->region[k];
	const struct nuts_change *ch[4];
	size_t n, j;

	if (!p->updates_codes || v == p->nuts_version)
		return r;
	if (nuts_find(pool->nuts, v, r->code) != NULL)
		return nuts_find(pool->nuts, v, r->code);
	n = nuts_changes_after(pool->nuts, p->nuts_version, r->code, ch, 4);
	for (j = 0; j < n && j < 4; j++)
		if (ch[j]->new_code[0] != '\0' && nuts_find(pool->nuts, v, ch[j]->new_code) != NULL)
			return nuts_find(pool->nuts, v, ch[j]->new_code);
	return NULL;
}

/* The name with two letters swapped (a typo), malloc'd. */
static char *
misspell(const char *name)
{
	char *s = strdup(name);
	size_t n, k;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	for (k = n / 2; k + 1 < n; k++) {
		if (s[k] >= 'a' && s[k] <= 'z' && s[k + 1] >= 'a' && s[k + 1] <= 'z' && s[k] != s[k + 1]) {
			char c = s[k];

			s[k] = s[k + 1];
			s[k + 1] = c;
			break;
		}
	}
	return s;
}

static const char *
region_name(const struct demo_pool *pool, const struct nuts_region *r)
{
	const char *s = nuts_label(pool->nuts, r);

	return s != NULL && s[0] != '\0' ? s : r->code;
}

/* The regions of the k-th period: the partnership grows over time. */
static size_t
regions_now(const struct demo_profile *p, unsigned k)
{
	size_t n = 3 + k;

	return n < p->nregions ? n : p->nregions;
}

static int
add_regions(json_t *a, const struct demo_pool *pool, const struct demo_profile *p, unsigned k, int v,
	    const struct nuts_region **now, size_t *nnow)
{
	json_t *arr = json_array();
	size_t j, n = regions_now(p, k);

	*nnow = 0;
	if (arr == NULL || json_object_set_new(a, "participating_regions", arr) != 0)
		return APP_ENOMEM;
	for (j = 0; j < n; j++) {
		const struct nuts_region *r = region_in(pool, p, j, v);
		char *name;
		json_t *e;

		if (r == NULL)
			continue;
		now[(*nnow)++] = r;
		name = p->misspelt[j] ? misspell(region_name(pool, r)) : strdup(region_name(pool, r));
		e = json_pack("{s:s?, s:s, s:s}", "name", name, "country", r->country, "nuts",
			      p->nocode[j] ? "" : r->code);
		free(name);
		if (e == NULL || json_array_append_new(arr, e) != 0)
			return APP_ENOMEM;
	}
	return 0;
}

/* ---- tables --------------------------------------------------------------- */

/* A date in half-year per, in one of the ways people write them. */
static void
date_in(char *out, size_t n, struct period per, struct demo_rng *r)
{
	unsigned m = (unsigned)(per.half - 1) * 6 + demo_rng_below(r, 6) + 1, d = 1 + demo_rng_below(r, 28);

	switch (demo_rng_below(r, 5)) {
	case 0:
	case 1:
		snprintf(out, n, "%u.%u.%d", d, m, per.year);
		break;
	case 2:
		snprintf(out, n, "%s %d", months[m - 1], per.year);
		break;
	case 3:
		snprintf(out, n, "Q%u %d", (m - 1) / 3 + 1, per.year);
		break;
	default:
		snprintf(out, n, "%u %s %d", d, months[m - 1], per.year);
		break;
	}
}

static int
add_events(json_t *a, const char *key, const struct demo_pool *pool, const struct demo_profile *p,
	   struct period per,
	   const struct nuts_region **now, size_t nnow, struct demo_rng *r)
{
	unsigned k, n = demo_rng_below(r, 11);
	json_t *arr;

	if (n == 0)
		return 0;
	if ((arr = json_array()) == NULL || json_object_set_new(a, key, arr) != 0)
		return APP_ENOMEM;
	for (k = 0; k < n; k++) {
		char ev[300], date[64], info[200];
		json_t *e;

		snprintf(ev, sizeof(ev), "%s on %s", PICK(r, event_kinds), topic(p, r));
		date_in(date, sizeof(date), per, r);
		switch (demo_rng_below(r, 4)) {
		case 0:
			info[0] = '\0';
			break;
		case 1:
			snprintf(info, sizeof(info), "About %u participants", 10 + demo_rng_below(r, 190));
			break;
		case 2:
			snprintf(info, sizeof(info), "Hosted by partners in %s",
				 nnow ? region_name(pool, now[demo_rng_below(r, (unsigned)nnow)]) : "Brussels");
			break;
		default:
			snprintf(info, sizeof(info), "Jointly with the %s platform",
				 platform_names[demo_rng_below(r, 4)]);
			break;
		}
		e = json_pack("{s:s, s:s, s:s, s:s}", "event", ev, "date", date, "place", PICK(r, places), "info",
			      info);
		if (e == NULL || json_array_append_new(arr, e) != 0)
			return APP_ENOMEM;
	}
	return 0;
}

static int
add_working_areas(json_t *a, const struct demo_pool *pool, const struct demo_profile *p,
		  const struct nuts_region **now, size_t nnow, struct demo_rng *r)
{
	unsigned k, j, n = 1 + demo_rng_below(r, 10);
	json_t *arr = json_array();

	if (arr == NULL || json_object_set_new(a, "working_areas", arr) != 0)
		return APP_ENOMEM;
	for (k = 0; k < n; k++) {
		char area[300], lead[200];
		struct buf inv;
		unsigned m = nnow ? 1 + demo_rng_below(r, nnow < 4 ? (unsigned)nnow : 4) : 0;
		unsigned at = nnow ? demo_rng_below(r, (unsigned)nnow) : 0;
		const char *t = topic(p, r);
		json_t *e;

		snprintf(area, sizeof(area), "%c%s: %s", t[0] - 'a' + 'A', t + 1, PICK(r, aspects));
		snprintf(lead, sizeof(lead), "%s", nnow ? region_name(pool, now[demo_rng_below(r, (unsigned)nnow)]) : "");
		buf_init(&inv, 4096);
		for (j = 0; j < m; j++)
			buf_printf(&inv, "%s%s", j ? ", " : "", region_name(pool, now[(at + j) % nnow]));
		e = json_pack("{s:s, s:s, s:s, s:s}", "area", area, "region_in_charge", lead, "involved_regions",
			      buf_cstr(&inv), "other_actors", PICK(r, actors));
		buf_cleanup(&inv);
		if (e == NULL || json_array_append_new(arr, e) != 0)
			return APP_ENOMEM;
	}
	return 0;
}

static int
add_sdg(json_t *a, const struct demo_profile *p, struct demo_rng *r)
{
	json_t *o = json_object();
	int g, j;

	if (o == NULL || json_object_set_new(a, "sdg", o) != 0)
		return APP_ENOMEM;
	for (g = 1; g <= 17; g++) {
		int strong = 0;
		char key[4];
		unsigned w;

		if (demo_rng_pct(r, 8))
			continue;
		for (j = 0; j < 5; j++)
			strong |= strong_goals[p->platform][j] == g;
		w = demo_rng_below(r, 100);
		snprintf(key, sizeof(key), "%d", g);
		if (strong)
			w = w < 55 ? 0 : w < 90 ? 1 : 2;
		else
			w = w < 5 ? 0 : w < 25 ? 1 : w < 60 ? 2 : w < 72 ? 3 : w < 77 ? 4 : 5;
		if (json_object_set_new(o, key, json_string(likert[w])) != 0)
			return APP_ENOMEM;
	}
	return 0;
}

static int
add_self_assessment(json_t *a, const struct demo_profile *p, enum report_status st, struct demo_rng *r)
{
	static const char *const keys[] = {"achievements", "obstacles", "support_needed", "next_steps",
					   "risks"};
	json_t *o;
	size_t k;

	/* Drafts have it now and then, half written. */
	if (st == REPORT_DRAFT && !demo_rng_pct(r, 30))
		return 0;
	if ((o = json_object()) == NULL || json_object_set_new(a, "self_assessment", o) != 0)
		return APP_ENOMEM;
	if (json_object_set_new(o, "progress_rating", json_string(PICK(r, ratings))) != 0)
		return APP_ENOMEM;
	for (k = 0; k < N(keys); k++) {
		if (st == REPORT_DRAFT && demo_rng_pct(r, 50))
			continue;
		if (set_long(o, keys[k], p, r, 2) != 0)
			return APP_ENOMEM;
	}
	return 0;
}

/* ---- the document --------------------------------------------------------- */

static int
fill(json_t *a, const struct demo_pool *pool, const struct demo_profile *p, struct period per, unsigned k,
     enum report_status st, struct demo_rng *r)
{
	static const char *const progress[] = {"innovative_results", "socio_economic_impacts",
					       "inter_partnership_results", "business_involvement",
					       "cooperation_evaluation", "eu13_involvement",
					       "non_eu_involvement", "outreach", "other_platform_activities"};
	const struct nuts_region *now[DEMO_MAX_REGIONS];
	struct period next = per;
	char pe[8], url[300], lead[600];
	size_t nnow, j;
	char *slug;
	int rc;

	period_format(per, pe, sizeof(pe));
	if (json_object_set_new(a, "reporting_period", json_string(pe)) != 0 ||
	    json_object_set_new(a, "partnership", json_string(p->name)) != 0 ||
	    json_object_set_new(a, "start_date", json_string(p->start_date)) != 0)
		return APP_ENOMEM;
	if (!demo_rng_pct(r, 10)) {
		slug = text_slug(p->name);
		if (slug == NULL)
			return APP_ENOMEM;
		snprintf(url, sizeof(url), "https://s3platform.jrc.ec.europa.eu/%s", slug);
		free(slug);
		if (json_object_set_new(a, "webpage", json_string(url)) != 0)
			return APP_ENOMEM;
	}
	if (set_long(a, "executive_summary", p, r, 3) != 0)
		return APP_ENOMEM;
	if ((rc = add_regions(a, pool, p, k, nuts_version_for_year(per.year), now, &nnow)) != 0)
		return rc;
	if (nnow > 0) {
		snprintf(lead, sizeof(lead), "%s (%s)", region_name(pool, now[0]), now[0]->country);
		if (json_object_set_new(a, "leading_regions", json_string(lead)) != 0)
			return APP_ENOMEM;
	}
	if (demo_rng_pct(r, 60) && set_long(a, "interested_entities", p, r, 1) != 0)
		return APP_ENOMEM;
	if ((rc = add_working_areas(a, pool, p, now, nnow, r)) != 0)
		return rc;
	if ((rc = add_events(a, "past_events", pool, p, per, now, nnow, r)) != 0)
		return rc;
	next.year += per.half == 2;
	next.half = per.half == 2 ? 1 : 2;
	if ((rc = add_events(a, "planned_events", pool, p, next, now, nnow, r)) != 0)
		return rc;
	for (j = 0; j < N(progress); j++)
		if (demo_rng_pct(r, st == REPORT_DRAFT ? 60 : 90) && set_long(a, progress[j], p, r, 3) != 0)
			return APP_ENOMEM;
	if ((rc = add_sdg(a, p, r)) != 0)
		return rc;
	return add_self_assessment(a, p, st, r);
}

json_t *
demo_report_doc(const struct demo_pool *pool, const struct demo_profile *p, struct period per, unsigned k,
		enum report_status st, struct demo_rng *rng)
{
	json_t *doc = json_object(), *a = json_object();

	if (doc == NULL || a == NULL || json_object_set_new(doc, "answers", a) != 0) {
		json_decref(doc);
		return NULL;
	}
	if (fill(a, pool, p, per, k, st, rng) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int
demo_decision_texts(const struct demo_profile *p, int with_conditions, struct demo_rng *rng,
		    char **rationale, char **conditions)
{
	struct buf b;

	buf_init(&b, 64 * 1024);
	buf_printf(&b, "The reports show steady work on %s. ", topic(p, rng));
	paragraph(&b, p, rng);
	*rationale = buf_take(&b, NULL);
	buf_init(&b, 64 * 1024);
	if (with_conditions)
		buf_printf(&b, "A work plan for %s with milestones by the next report; at least one region "
			       "of an EU13 country in a leading role.", topic(p, rng));
	*conditions = buf_take(&b, NULL);
	if (*rationale == NULL || *conditions == NULL) {
		free(*rationale);
		free(*conditions);
		*rationale = *conditions = NULL;
		return APP_ENOMEM;
	}
	return 0;
}
