/* model.c - the domain's vocabularies and the records' cleanup. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

const char *const role_names[] = {"admin", "commission", "committee", "coordinator", "member",
				  NULL};
/* role_names[i] is enum role ROLE_ADMIN + i. */
_Static_assert(ROLE_ADMIN == 1 && ROLE_MEMBER == 5, "role_names follows enum role");

int
role_parse(const char *s, enum role *out)
{
	size_t i;

	for (i = 0; s != NULL && role_names[i] != NULL; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum role)(ROLE_ADMIN + (int)i);
			return 0;
		}
	return APP_EINPUT;
}

const char *
role_name(enum role r)
{
	if (r >= ROLE_ADMIN && r <= ROLE_MEMBER)
		return role_names[r - ROLE_ADMIN];
	return r == ROLE_SYSTEM ? "system" : "public";
}

bool
role_needs_partnership(enum role r)
{
	return r == ROLE_COORDINATOR || r == ROLE_MEMBER;
}

const char *const decision_outcomes[] = {"continue", DECISION_WITH_CONDITIONS, "discontinue", NULL};

bool
decision_outcome_ok(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && decision_outcomes[i] != NULL; i++)
		if (strcmp(s, decision_outcomes[i]) == 0)
			return true;
	return false;
}

const char *const platform_names[] = {"Agri-Food", "Energy", "Industrial Modernisation",
				      "Sustainable Blue Economy", NULL};

bool
platform_ok(const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		return true;
	for (i = 0; platform_names[i] != NULL; i++)
		if (strcmp(s, platform_names[i]) == 0)
			return true;
	return false;
}

static const char *const status_names[] = {"draft", "submitted", "returned", "accepted",
					   "published"};
_Static_assert(sizeof(status_names) / sizeof(status_names[0]) == REPORT_PUBLISHED + 1,
	       "status_names follows enum report_status");
#define NSTATUS ((int)(sizeof(status_names) / sizeof(status_names[0])))


void
partnership_cleanup(struct partnership *p)
{
	if (p == NULL)
		return;
	free(p->slug);
	free(p->name);
	free(p->platform);
	free(p->start_date);
	free(p->webpage);
	free(p->leading_regions);
	free(p->participating_regions);
	free(p->created_at);
	memset(p, 0, sizeof(*p));
}


void
partnership_free_list(struct partnership *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		partnership_cleanup(&v[i]);
	free(v);
}


void
report_row_cleanup(struct report_row *r)
{
	if (r == NULL)
		return;
	free(r->form_id);
	free(r->doc);
	free(r->updated_at);
	free(r->submitted_at);
	free(r->published_at);
	memset(r, 0, sizeof(*r));
}


void
report_row_free_list(struct report_row *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		report_row_cleanup(&v[i]);
	free(v);
}


void
report_event_free_list(struct report_event *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].created_at);
	}
	free(v);
}

void
report_entry_free_list(struct report_entry *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].slug);
		free(v[i].name);
		free(v[i].since);
		free(v[i].decided_at);
	}
	free(v);
}

void
comment_cleanup(struct comment *c)
{
	if (c == NULL)
		return;
	free(c->question);
	free(c->body);
	free(c->author);
	free(c->created_at);
	free(c->resolved_at);
	free(c->resolver);
	memset(c, 0, sizeof(*c));
}


void
comment_free_list(struct comment *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		comment_cleanup(&v[i]);
	free(v);
}


void
decision_cleanup(struct decision *d)
{
	if (d == NULL)
		return;
	free(d->term);
	free(d->outcome);
	free(d->conditions);
	free(d->rationale);
	free(d->author);
	free(d->created_at);
	memset(d, 0, sizeof(*d));
}


void
decision_free_list(struct decision *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		decision_cleanup(&v[i]);
	free(v);
}


void
api_token_cleanup(struct api_token *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->created_at);
	free(t->last_used_at);
	free(t->revoked_at);
	memset(t, 0, sizeof(*t));
}

void
api_token_free_list(struct api_token *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		api_token_cleanup(&v[i]);
	free(v);
}

void
user_cleanup(struct user *u)
{
	if (u == NULL)
		return;
	free(u->email);
	free(u->name);
	free(u->role);
	free(u->pw_hash);
	free(u->created_at);
	memset(u, 0, sizeof(*u));
}


void
user_free_list(struct user *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		user_cleanup(&v[i]);
	free(v);
}


void
audit_cleanup(struct audit_entry *a)
{
	if (a == NULL)
		return;
	free(a->actor);
	free(a->action);
	free(a->object);
	free(a->detail);
	free(a->created_at);
	memset(a, 0, sizeof(*a));
}


void
audit_free_list(struct audit_entry *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		audit_cleanup(&v[i]);
	free(v);
}


const char *
report_status_name(enum report_status s)
{
	if ((int)s < 0 || (int)s >= NSTATUS)
		return "unknown";
	return status_names[s];
}


int
report_status_parse(const char *s, enum report_status *out)
{
	int i;

	if (s == NULL || out == NULL)
		return APP_EINPUT;
	for (i = 0; i < NSTATUS; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum report_status)i;
			return 0;
		}
	}
	return APP_EINPUT;
}

void
mail_cleanup(struct mail *m)
{
	if (m == NULL)
		return;
	free(m->kind);
	free(m->to_addr);
	free(m->to_name);
	free(m->subject);
	free(m->body);
	free(m->link);
	free(m->object);
	free(m->dedup);
	free(m->last_error);
	free(m->created_at);
	free(m->sent_at);
	memset(m, 0, sizeof(*m));
}

void
mail_free_list(struct mail *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		mail_cleanup(&v[i]);
	free(v);
}

const char *
mail_status_name(enum mail_status s)
{
	switch (s) {
	case MAIL_QUEUED:
		return "queued";
	case MAIL_SENDING:
		return "sending";
	case MAIL_SENT:
		return "sent";
	case MAIL_FAILED:
		return "failed";
	}
	return "queued";
}
