/* app_audit.c - the audit log for administrators: filters and pages, and
 * only entries about what the reader may know of. */
#include "app_audit.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"

/* "kind" or "kind:id": a-z and _ then digits, at most 64 bytes. */
static bool
object_ok(const char *s)
{
	size_t i = 0, len = strlen(s);

	if (len == 0 || len > 64)
		return false;
	while (s[i] != '\0' && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
		i++;
	if (i == 0)
		return false;
	if (s[i] == '\0')
		return true;
	if (s[i++] != ':' || s[i] == '\0')
		return false;
	for (; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool
prefix_ok(const char *s)
{
	size_t i;

	if (strlen(s) > 64)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '.' || s[i] == '_'))
			return false;
	return true;
}

/* The reports already looked at in one query: their ids and whether a may
 * read them. */
#define SEEN_MAX 64
struct seen {
	int64_t id[SEEN_MAX];
	bool ok[SEEN_MAX];
	size_t n;
};

/* Whether a may know of the entry: an entry about a report only when a
 * may read the report now (a draft of a partnership is nobody else's
 * business, not even that it exists). */
static int
visible(struct app *app, const struct actor *a, const struct audit_entry *e, struct seen *s,
	bool *ok)
{
	struct report_row r;
	int64_t id = 0;
	const char *p;
	size_t i;
	int rc;

	*ok = true;
	if (a->role == ROLE_SYSTEM || e->object == NULL || strncmp(e->object, "report:", 7) != 0)
		return 0;
	for (p = e->object + 7; *p >= '0' && *p <= '9' && id < INT64_MAX / 10 - 10; p++)
		id = id * 10 + (*p - '0');
	for (i = 0; i < s->n; i++)
		if (s->id[i] == id) {
			*ok = s->ok[i];
			return 0;
		}
	memset(&r, 0, sizeof(r));
	rc = store_report_by_id(app->store, id, &r);
	if (rc == APP_ENOTFOUND || rc == APP_EINPUT) {
		*ok = false; /* a report gone: nothing to tell */
		rc = 0;
	} else if (rc == 0) {
		*ok = policy_can_read(a, r.partnership_id, r.status);
	}
	report_row_cleanup(&r);
	if (rc == 0 && s->n < SEEN_MAX) {
		s->id[s->n] = id;
		s->ok[s->n++] = *ok;
	}
	return rc;
}

int
app_audit_query(struct app *app, const struct actor *a, const struct audit_query *q,
		struct audit_entry **out, size_t *n, bool *more, struct app_msg *msg)
{
	const char *object = q->object != NULL && q->object[0] ? q->object : NULL;
	const char *prefix = q->action_prefix != NULL ? q->action_prefix : "";
	struct audit_entry *v = NULL, *batch = NULL;
	size_t k = 0, nb = 0, want, size, i;
	int64_t before = q->before_id;
	struct seen seen;
	bool ok;
	int rc = 0;

	*out = NULL;
	*n = 0;
	*more = false;
	if (!policy_can_administer(a))
		return app_fail(msg, APP_EPERM, "Only administrators read the audit log.");
	if (object != NULL && !object_ok(object))
		return app_fail(msg, APP_EINPUT, "The object is a kind and a number, like report:12, "
						 "partnership:3 or user:5.");
	if (!prefix_ok(prefix))
		return app_fail(msg, APP_EINPUT, "The action is the start of a name like user.create or "
						 "report.submit (letters, dots and _).");
	if (q->limit < 1 || q->limit > APP_AUDIT_PAGE_MAX)
		return app_fail(msg, APP_EINPUT, "Show 1 to %d entries at a time.", APP_AUDIT_PAGE_MAX);
	if (q->before_id < 0)
		return app_fail(msg, APP_EINPUT, "No such page of the log.");
	memset(&seen, 0, sizeof(seen));
	/* One entry more than asked tells whether more follow. */
	want = q->limit + 1;
	if ((v = calloc(want, sizeof(*v))) == NULL)
		return APP_ENOMEM;
	size = want < 50 ? 50 : want;
	while (k < want) {
		if ((rc = store_audit_query(app->store, object, prefix, before, size, &batch, &nb)) != 0)
			goto out;
		for (i = 0; i < nb; i++) {
			before = batch[i].id;
			if (k < want && (rc = visible(app, a, &batch[i], &seen, &ok)) == 0 && ok) {
				v[k++] = batch[i];
				memset(&batch[i], 0, sizeof(batch[i]));
			}
			if (rc != 0)
				goto out;
		}
		audit_free_list(batch, nb);
		batch = NULL;
		if (nb < size || before <= 1)
			break;
		nb = 0;
	}
	if (k > q->limit) {
		*more = true;
		audit_cleanup(&v[--k]);
	}
out:
	audit_free_list(batch, nb);
	if (rc != 0) {
		audit_free_list(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
