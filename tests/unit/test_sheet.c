/* test_sheet.c - the portfolio's sheets (src/doc/sheet*.c) without the
 * database: the names, CSV quoting and line ends, a text past Excel's cell
 * limit cut with its marker and said in Findings, the confidential columns
 * left out, an unknown sheet named with the list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sheet.h"
#include "report.h"
#include "testutil.h"

struct fix {
	struct form *form;
	json_t *doc;
	struct sheet_report r;
	struct findings fnd;
	struct sheet_set set;
};

static int
setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));
	struct app_msg msg;
	json_t *a;

	assert_non_null(x);
	assert_int_equal(form_load_id(tu_env("S3PM_FORMS_DIR"), "s3-monitoring-2020", &x->form, &msg), 0);
	x->doc = report_new(x->form);
	assert_non_null(x->doc);
	a = report_answers(x->doc);
	json_object_set_new(a, "reporting_period", json_string("2021-H2"));
	json_object_set_new(a, "start_date", json_string("Spring, \"early\" 2019\nsecond line"));
	json_object_set_new(a, "self_assessment", json_pack("{s:s}", "achievements", "SECRET-SA"));
	json_object_set_new(a, "past_events",
			    json_pack("[{s:s,s:s,s:s,s:s}]", "event", "Łódź, \"kick-off\"", "date", "3.8.2021",
				      "place", "Łódź", "info", ""));
	findings_init(&x->fnd);
	findings_add(&x->fnd, FINDING_ERROR, "participating_regions", 2, "nuts-unknown", NULL, "%s",
		     "PL99 is no NUTS code");
	findings_add(&x->fnd, FINDING_WARNING, "self_assessment.risks", 0, "x", NULL, "%s", "about SECRET");
	x->r.slug = "food";
	x->r.partnership = "Ασφάλεια Τροφίμων";
	x->r.platform = "Agri-Food";
	x->r.period = "2021-H2";
	x->r.status = "published";
	x->r.updated_at = "2024-03-01T10:20:30Z";
	x->r.form = x->form;
	x->r.doc = x->doc;
	x->r.findings = &x->fnd;
	x->set.v = &x->r;
	x->set.n = 1;
	x->set.form = x->form;
	x->set.confidential = true;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *x = *state;

	findings_cleanup(&x->fnd);
	json_decref(x->doc);
	form_free(x->form);
	free(x);
	return 0;
}

static char *
csv(struct fix *x, const char *sheet, int want)
{
	struct app_msg msg = {{0}};
	struct buf b;
	char *s;

	buf_init(&b, 64u << 20);
	assert_int_equal(sheet_csv(&x->set, sheet, &b, &msg), want);
	s = strdup(want == 0 ? buf_cstr(&b) : msg.text);
	buf_cleanup(&b);
	return s;
}

static void
test_names(void **state)
{
	struct fix *x = *state;
	char **v = sheet_names(&x->set);
	const char *want[] = { "Reports", "Working areas", "Past events", "Planned events", "Regions", "SDG",
			       "Findings" };
	size_t i;

	assert_non_null(v);
	for (i = 0; i < 7; i++)
		assert_string_equal(v[i], want[i]);
	assert_null(v[7]);
	sheet_names_free(v);
}

static void
test_csv_quoting(void **state)
{
	char *s = csv(*state, "Past events", 0);

	assert_non_null(strstr(s, "Partnership,Period,Row,Event,Date,Place,Any other information\r\n"));
	assert_non_null(strstr(s, "Ασφάλεια Τροφίμων,2021-H2,1,\"Łódź, \"\"kick-off\"\"\",3.8.2021,Łódź,\r\n"));
	free(s);
	s = csv(*state, "Reports", 0);
	/* A field with a line break is quoted; its LF stays as it is. */
	assert_non_null(strstr(s, ",\"Spring, \"\"early\"\" 2019\nsecond line\","));
	assert_non_null(strstr(s, ",2021-07-01,published,2024-03-01 10:20:30,"));
	assert_non_null(strstr(s, "SECRET-SA"));
	free(s);
}

static void
test_unknown_sheet(void **state)
{
	char *s = csv(*state, "Nope", APP_EINPUT);

	assert_non_null(strstr(s, "\"Nope\""));
	assert_non_null(strstr(s, "\"Reports\", \"Working areas\""));
	assert_non_null(strstr(s, "\"Findings\""));
	free(s);
}

static void
test_public_leaves_out(void **state)
{
	struct fix *x = *state;
	char *s;

	x->set.confidential = false;
	s = csv(x, "Reports", 0);
	assert_null(strstr(s, "SECRET"));
	assert_null(strstr(s, "Self-assessment"));
	assert_null(strstr(s, "objectives for this period"));
	free(s);
	s = csv(x, "Findings", 0);
	assert_non_null(strstr(s, "PL99 is no NUTS code"));
	assert_null(strstr(s, "SECRET"));
	free(s);
	x->set.confidential = true;
}

static void
test_cut_at_excel_limit(void **state)
{
	struct fix *x = *state;
	size_t n = 40000, i;
	char *big = malloc(n * 2 + 1), *s, *cell;

	/* 40,000 Greek letters: 80,000 bytes, 40,000 UTF-16 units. */
	for (i = 0; i < n; i++)
		memcpy(big + 2 * i, "\xce\xb1", 2);
	big[2 * n] = '\0';
	json_object_set_new(report_answers(x->doc), "executive_summary", json_string(big));
	s = csv(x, "Reports", 0);
	cell = strstr(s, "\xce\xb1\xce\xb1");
	assert_non_null(cell);
	/* 32,761 letters kept, then the 6 units of the marker. */
	assert_int_equal(strstr(cell, "\xE2\x80\xA6[cut]") - cell, (ptrdiff_t)(32761 * 2));
	free(s);
	s = csv(x, "Findings", 0);
	assert_non_null(strstr(s, "executive_summary,,note,\"The text passed Excel's limit of 32,767 characters"));
	free(s);
	{
		/* libxlsxwriter takes the cut text (it refuses longer ones). */
		struct app_msg msg = {{0}};
		char path[] = "/tmp/test_sheet.XXXXXX";
		int fd = mkstemp(path);

		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(sheet_xlsx(&x->set, path, &msg), 0);
		remove(path);
	}
	json_object_del(report_answers(x->doc), "executive_summary");
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_unknown_sheet),
		cmocka_unit_test(test_public_leaves_out),
		cmocka_unit_test(test_cut_at_excel_limit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
