/* sheet_xlsx.c - the portfolio's sheets as an XLSX workbook, written with
 * libxlsxwriter in its constant-memory mode (each row goes to a temporary
 * file as soon as the next one starts: the model's rows are written in
 * order, the header's height and the columns' widths before them). */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "sheet_model.h"
#include "daytime.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* The zip's compression level. libxlsxwriter (1.1.4) asks minizip for
 * zlib's default level (6) and has no setting for it; at level 1 the
 * workbook of 10,000 reports is written in 1 s less (its 288 MB of XML
 * deflate in a third of the time) and is 23% larger (15.6 -> 19.2 MB,
 * bench/sheet-bench.sh). A workbook is made to be downloaded once and
 * opened: the time matters more than the bytes. */
#define SHEET_ZIP_LEVEL 1

/* minizip's entry point for each file of the package, which libxlsxwriter
 * calls through the dynamic linker: this definition in the program comes
 * first, and calls minizip's own with the level above (the arguments are
 * minizip's, zip.h: zipFile is a pointer, uInt and uLong unsigned int and
 * unsigned long). Where libxlsxwriter is built with a minizip of its own
 * inside, this is never called and the default level stays: slower, the
 * same workbook. t0011 checks the level of a written workbook. */
typedef int (*zip_open_fn)(void *, const char *, const void *, const void *, unsigned, const void *,
			   unsigned, const char *, int, int, int, int, int, int, const char *, unsigned long,
			   unsigned long, unsigned long, int);
static zip_open_fn zip_real;
static pthread_once_t zip_once = PTHREAD_ONCE_INIT;

static void
zip_find(void)
{
	void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");

	if (sym != NULL)
		memcpy(&zip_real, &sym, sizeof(zip_real));
}

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi, const void *extra_local,
			    unsigned extra_local_len, const void *extra_global, unsigned extra_global_len,
			    const char *comment, int method, int level, int raw, int window_bits, int mem_level,
			    int strategy, const char *password, unsigned long crc, unsigned long version_made_by,
			    unsigned long flag_base, int zip64) __attribute__((visibility("default"), used));

int
zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi, const void *extra_local,
			unsigned extra_local_len, const void *extra_global, unsigned extra_global_len,
			const char *comment, int method, int level, int raw, int window_bits, int mem_level,
			int strategy, const char *password, unsigned long crc, unsigned long version_made_by,
			unsigned long flag_base, int zip64)
{
	pthread_once(&zip_once, zip_find);
	if (zip_real == NULL)
		return -104; /* minizip's ZIP_INTERNALERROR */
	if (level == -1) /* Z_DEFAULT_COMPRESSION */
		level = SHEET_ZIP_LEVEL;
	return zip_real(file, filename, zipfi, extra_local, extra_local_len, extra_global, extra_global_len, comment,
		    method, level, raw, window_bits, mem_level, strategy, password, crc, version_made_by, flag_base,
		    zip64);
}

struct xfmt {
	lxw_format *head, *date, *datetime;
};

/* The header's height: its longest label wrapped in its column's width,
 * at most six lines. */
static double
header_height(const struct sm_table *t)
{
	size_t i, lines = 1;

	for (i = 0; i < t->ncols; i++) {
		size_t n = 0, w = t->cols[i].width ? t->cols[i].width : 8;
		const unsigned char *p;

		for (p = (const unsigned char *)t->cols[i].header; *p != '\0'; p++)
			if ((*p & 0xC0) != 0x80)
				n++;
		/* Words do not break where the width does: a little more. */
		n = (n + n / 8 + w - 1) / w;
		if (n > lines)
			lines = n;
	}
	if (lines > 6)
		lines = 6;
	return 15.0 * (double)lines + 2.0;
}

static lxw_error
write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct sm_cell *x, const struct xfmt *f)
{
	lxw_datetime dt;

	switch (x->kind) {
	case SM_TEXT:
		return worksheet_write_string(ws, r, c, x->s, NULL);
	case SM_NUMBER:
		return worksheet_write_number(ws, r, c, x->num, NULL);
	case SM_DATE:
	case SM_DATETIME:
		memset(&dt, 0, sizeof(dt));
		dt.year = x->ymd / 10000;
		dt.month = x->ymd / 100 % 100;
		dt.day = x->ymd % 100;
		if (x->kind == SM_DATETIME) {
			dt.hour = x->hms / 10000;
			dt.min = x->hms / 100 % 100;
			dt.sec = x->hms % 100;
		}
		return worksheet_write_datetime(ws, r, c, &dt, x->kind == SM_DATE ? f->date : f->datetime);
	case SM_EMPTY:
		break;
	}
	return LXW_NO_ERROR;
}

static lxw_error
write_table(lxw_workbook *wb, const struct sm_table *t, const struct xfmt *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
	lxw_error e = LXW_NO_ERROR;
	size_t i, j;

	if (ws == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (j = 0; j < t->ncols && e == LXW_NO_ERROR; j++)
		e = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, (double)t->cols[j].width + 2.0, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	if (e == LXW_NO_ERROR && t->ncols > 0)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
	if (e == LXW_NO_ERROR)
		e = worksheet_set_row(ws, 0, header_height(t), NULL);
	for (j = 0; j < t->ncols && e == LXW_NO_ERROR; j++) {
		e = worksheet_write_string(ws, 0, (lxw_col_t)j, t->cols[j].header, f->head);
		if (e == LXW_NO_ERROR && t->cols[j].note != NULL)
			e = worksheet_write_comment(ws, 0, (lxw_col_t)j, t->cols[j].note);
	}
	for (i = 0; i < t->nrows && e == LXW_NO_ERROR; i++)
		for (j = 0; j < t->ncols && e == LXW_NO_ERROR; j++)
			e = write_cell(ws, (lxw_row_t)(i + 1), (lxw_col_t)j, &t->cells[i * t->ncols + j], f);
	return e;
}

/* The sheets are built one ahead: a thread builds sheet k + 1 while the
 * caller writes sheet k (building is about a tenth of the time of writing
 * a big portfolio, and the second core is idle meanwhile). Building only
 * reads the documents, as the writer and the findings' checker do. */
struct ahead {
	struct sheet_model *m;
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sheet_model slot; /* built, not yet taken */
	bool full, done, stop;
	int rc;              /* when done: sheet_model_next's 0 or error */
	struct app_msg msg;  /* its message; read once done */
};

static void *
build_ahead(void *arg)
{
	struct ahead *a = arg;
	int rc;

	do {
		rc = sheet_model_next(a->m, &a->msg);
		pthread_mutex_lock(&a->mu);
		while (a->full && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->stop)
			rc = 0;
		else if (rc == 1) {
			sheet_model_take(a->m, &a->slot);
			a->full = true;
		} else {
			a->rc = rc;
			a->done = true;
		}
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
	} while (rc == 1);
	return NULL;
}

/* The next sheet into *out (sheet_model_cleanup it): 1; or 0 after the
 * last, or the builder's error (a->msg says it). */
static int
ahead_next(struct ahead *a, struct sheet_model *out)
{
	int rc;

	pthread_mutex_lock(&a->mu);
	while (!a->full && !a->done)
		pthread_cond_wait(&a->cv, &a->mu);
	if (a->full) {
		*out = a->slot;
		memset(&a->slot, 0, sizeof(a->slot));
		a->full = false;
		pthread_cond_broadcast(&a->cv);
		rc = 1;
	} else
		rc = a->rc;
	pthread_mutex_unlock(&a->mu);
	return rc;
}

/* Stops the builder (at once when it waits), and frees what it left. */
static void
ahead_stop(struct ahead *a)
{
	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->tid, NULL);
	sheet_model_cleanup(&a->slot);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
}

/* Writes every sheet of m into wb: built one ahead on a thread of their
 * own, or here one after the other when no thread can start. The model's
 * 0 or error in *rc (msg). */
static lxw_error
write_sheets(lxw_workbook *wb, struct sheet_model *m, const struct xfmt *f, int *rc, struct app_msg *msg)
{
	struct ahead a;
	struct sheet_model cur;
	lxw_error e = LXW_NO_ERROR;

	memset(&a, 0, sizeof(a));
	a.m = m;
	if (pthread_mutex_init(&a.mu, NULL) != 0)
		goto alone;
	if (pthread_cond_init(&a.cv, NULL) != 0) {
		pthread_mutex_destroy(&a.mu);
		goto alone;
	}
	if (pthread_create(&a.tid, NULL, build_ahead, &a) != 0) {
		pthread_cond_destroy(&a.cv);
		pthread_mutex_destroy(&a.mu);
		goto alone;
	}
	while (e == LXW_NO_ERROR && (*rc = ahead_next(&a, &cur)) == 1) {
		e = write_table(wb, &cur.t, f);
		sheet_model_cleanup(&cur);
	}
	ahead_stop(&a);
	if (*rc < 0)
		*msg = a.msg;
	return e;
alone:
	while (e == LXW_NO_ERROR && (*rc = sheet_model_next(m, msg)) == 1)
		e = write_table(wb, &m->t, f);
	return e;
}

/* Two digits at p, or -1. */
static int
two_digits(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The workbook's creation time: its newest report's last change, so that
 * the same reports give the same bytes (a HEAD and its GET agree, a
 * download can be compared); a fixed day when no report has a time. */
static time_t
created_of(const struct sheet_set *s)
{
	const char *newest = NULL;
	int h, m, sec;
	long day;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].updated_at != NULL &&
		    (newest == NULL || strcmp(s->v[i].updated_at, newest) > 0))
			newest = s->v[i].updated_at;
	if (newest == NULL || strlen(newest) < 19 || day_number(newest, &day) != 0)
		return (time_t)86400;
	h = two_digits(newest + 11);
	m = two_digits(newest + 14);
	sec = two_digits(newest + 17);
	if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
		return (time_t)day * 86400;
	return (time_t)day * 86400 + h * 3600 + m * 60 + sec;
}

int
sheet_xlsx(const struct sheet_set *s, const char *path, struct app_msg *msg)
{
	lxw_doc_properties props = {0};
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
	struct sheet_model m;
	lxw_workbook *wb;
	struct xfmt f;
	lxw_error e = LXW_NO_ERROR, ec;
	int rc;

	if ((rc = sheet_model_begin(s, &m, msg)) != 0) {
		sheet_model_cleanup(&m);
		return rc;
	}
	wb = workbook_new_opt(path, &opt);
	if (wb == NULL) {
		sheet_model_cleanup(&m);
		return app_fail(msg, APP_EIO, "%s: the workbook could not be started", path);
	}
	props.created = created_of(s);
	if (workbook_set_properties(wb, &props) != LXW_NO_ERROR)
		e = LXW_ERROR_MEMORY_MALLOC_FAILED;
	f.head = workbook_add_format(wb);
	f.date = workbook_add_format(wb);
	f.datetime = workbook_add_format(wb);
	if (e != LXW_NO_ERROR || f.head == NULL || f.date == NULL || f.datetime == NULL) {
		e = LXW_ERROR_MEMORY_MALLOC_FAILED;
	} else {
		format_set_bold(f.head);
		format_set_text_wrap(f.head);
		format_set_align(f.head, LXW_ALIGN_VERTICAL_TOP);
		format_set_bg_color(f.head, 0xDDEBF7);
		format_set_bottom(f.head, LXW_BORDER_THIN);
		format_set_num_format(f.date, "yyyy-mm-dd");
		format_set_num_format(f.datetime, "yyyy-mm-dd hh:mm:ss");
	}
	if (e == LXW_NO_ERROR)
		e = write_sheets(wb, &m, &f, &rc, msg);
	/* Closing frees the workbook whatever happened before. */
	ec = workbook_close(wb);
	sheet_model_cleanup(&m);
	if (rc < 0 || e != LXW_NO_ERROR || ec != LXW_NO_ERROR)
		(void)remove(path); /* no half workbook */
	if (rc < 0)
		return rc;
	if (e != LXW_NO_ERROR)
		return app_fail(msg, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? APP_ENOMEM : APP_EINTERNAL,
				"%s: the workbook could not be written: %s", path, lxw_strerror(e));
	if (ec != LXW_NO_ERROR)
		return app_fail(msg, APP_EIO, "%s: the workbook could not be written: %s", path,
				lxw_strerror(ec));
	return 0;
}
