/* sheet_names.c - which sheets a portfolio has and their names: "Reports",
 * a sheet per table question named from its id ("Working areas"),
 * "Regions", a sheet per scale question ("SDG"), "Findings"; at most 31
 * characters, none of []:*?/\\, unique as Excel compares them (ignoring
 * case). */
#include "sheet_model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "working_areas" -> "Working areas", "sdg" -> "SDG": ASCII letters,
 * digits and spaces only, at most SHEET_NAME_MAX. */
static void
name_from_id(const char *id, char *out)
{
	size_t i, j = 0, n = strlen(id);

	for (i = 0; i < n && j < SHEET_NAME_MAX; i++) {
		unsigned char c = (unsigned char)id[i];

		if (c == '_' || c == '-' || c == '.')
			c = ' ';
		else if (!isalnum(c))
			continue;
		if (c == ' ' && (j == 0 || out[j - 1] == ' '))
			continue;
		out[j] = (char)(n <= 3 || j == 0 ? toupper(c) : c);
		j++;
	}
	while (j > 0 && out[j - 1] == ' ')
		j--;
	if (j == 0) {
		memcpy(out, "Sheet", 5);
		j = 5;
	}
	out[j] = '\0';
}

/* Makes p[k].name differ (as Excel compares: ignoring case) from every
 * earlier name. */
static void
make_unique(struct plan_item *p, size_t k)
{
	char base[SHEET_NAME_MAX + 1];
	size_t i;
	int n = 1;

	memcpy(base, p[k].name, sizeof(base));
	for (;;) {
		for (i = 0; i < k; i++)
			if (strcasecmp(p[i].name, p[k].name) == 0)
				break;
		if (i == k)
			return;
		n++;
		snprintf(p[k].name, sizeof(p[k].name), "%.27s %d", base, n);
	}
}

/* The sheets of s in workbook order; malloc'd into *out. */
int
sheet_plan(const struct sheet_set *s, struct plan_item **out, size_t *np)
{
	const struct form *f = s->form;
	struct plan_item *p;
	size_t i, n = 0;
	bool regions = false;

	p = calloc(f->nquestions + 3, sizeof(*p));
	if (p == NULL)
		return APP_ENOMEM;
	p[n].kind = SM_REPORTS;
	memcpy(p[n++].name, "Reports", 8);
	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i]->type == FORM_REGIONS && sheet_shown(s, f->questions[i]))
			regions = true;
	/* The fixed names first, so that a question's sheet yields to them. */
	if (regions) {
		p[n].kind = SM_REGIONS;
		memcpy(p[n++].name, "Regions", 8);
	}
	p[n].kind = SM_FINDINGS;
	memcpy(p[n++].name, "Findings", 9);
	for (i = 0; i < f->nquestions; i++) {
		const struct form_question *q = f->questions[i];

		if (!sheet_shown(s, q) || (q->type != FORM_TABLE && q->type != FORM_LIKERT))
			continue;
		p[n].kind = q->type == FORM_TABLE ? SM_TABLE : SM_LIKERT;
		p[n].q = q;
		name_from_id(q->id, p[n].name);
		make_unique(p, n);
		n++;
	}
	/* Workbook order: Reports, tables, Regions, scales, Findings. */
	{
		struct plan_item *o = calloc(n, sizeof(*o));
		size_t j = 0, k;
		static const enum sm_sheet order[] = { SM_REPORTS, SM_TABLE, SM_REGIONS, SM_LIKERT, SM_FINDINGS };

		if (o == NULL) {
			free(p);
			return APP_ENOMEM;
		}
		for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
			for (i = 0; i < n; i++)
				if (p[i].kind == order[k])
					o[j++] = p[i];
		free(p);
		*out = o;
	}
	*np = n;
	return 0;
}

char **
sheet_names(const struct sheet_set *s)
{
	struct plan_item *p = NULL;
	char **v;
	size_t i, n = 0;

	if (sheet_plan(s, &p, &n) != 0)
		return NULL;
	v = calloc(n + 1, sizeof(*v));
	for (i = 0; v != NULL && i < n; i++)
		if ((v[i] = strdup(p[i].name)) == NULL) {
			sheet_names_free(v);
			v = NULL;
		}
	free(p);
	return v;
}

void
sheet_names_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
