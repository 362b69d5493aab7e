/* form.h - a form definition (forms/<id>.json): sections, static texts and
 * questions with their types and limits. Nothing about a question is known
 * to C code beyond what this structure says. */
#ifndef S3PM_FORM_H
#define S3PM_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum form_type {
	FORM_TEXT,     /* one line of text */
	FORM_LONGTEXT, /* paragraphs */
	FORM_CHOICE,   /* one value among choices (or among a list the system supplies) */
	FORM_URL,      /* an http(s) address */
	FORM_PERIOD,   /* a reporting half-year, "2020-H1" */
	FORM_REGIONS,  /* list of {name, country, nuts} */
	FORM_TABLE,    /* rows of named text columns, with a row limit */
	FORM_LIKERT,   /* rows (e.g. SDGs), each answered with one value of a scale */
	FORM_GROUP     /* an object of sub-questions (fields) */
};

enum form_coltype {
	FORM_COL_TEXT,
	FORM_COL_DATE
};

enum form_when {
	FORM_WHEN_ANY,
	FORM_WHEN_PAST,  /* table rows describe what happened in the period */
	FORM_WHEN_FUTURE /* table rows describe what is planned */
};

struct form_option {
	char *value; /* stored value, e.g. "strongly_agree" or "7" */
	char *label; /* as the form shows it */
};

struct form_column {
	char *id;
	char *label;
	enum form_coltype type;
	size_t max_length; /* characters; 0 = no limit */
};

struct form_question {
	char *id;              /* interchange name, e.g. "working_areas" */
	char *label;           /* exact wording */
	char *help;            /* text under the label, or NULL */
	enum form_type type;
	bool mandatory;
	size_t max_length;     /* characters per answer; 0 = no limit */
	size_t max_rows;       /* FORM_TABLE, FORM_REGIONS; 0 = no limit */
	enum form_when when;   /* FORM_TABLE */
	char *choices_from;    /* FORM_CHOICE: name of a list the system supplies, or NULL */
	struct form_option *choices; size_t nchoices;  /* FORM_CHOICE */
	struct form_column *columns; size_t ncolumns;  /* FORM_TABLE */
	struct form_option *rows; size_t nrows;        /* FORM_LIKERT */
	struct form_option *scale; size_t nscale;      /* FORM_LIKERT */
	struct form_question *fields; size_t nfields;  /* FORM_GROUP */
	size_t section;        /* index into form.sections */
};

enum form_item_kind {
	FORM_ITEM_HEADING,
	FORM_ITEM_TEXT,
	FORM_ITEM_QUESTION
};

struct form_item {
	enum form_item_kind kind;
	char *text;               /* FORM_ITEM_HEADING, FORM_ITEM_TEXT */
	struct form_question *q;  /* FORM_ITEM_QUESTION; owned by the item */
};

struct form_section {
	char *id;
	char *title;            /* "" for the untitled header */
	bool confidential;
	char **audience;        /* who may read a confidential section */
	size_t naudience;
	struct form_item *items;
	size_t nitems;
};

struct form {
	char *id;                     /* e.g. "s3-monitoring-2020" */
	char *title;
	char *description;
	char *mandatory_marker;       /* "Fields marked with * are mandatory." or NULL */
	char **notes; size_t nnotes;
	struct form_section *sections; size_t nsections;
	struct form_question **questions; size_t nquestions; /* top-level, in form order; borrowed */
	json_t *source;               /* the definition as read */
};

/* Reads and checks a definition. name is used in messages (the file name).
 * Returns 0 and *out (free with form_free), APP_EFORM with a message naming
 * name, the line where the JSON is malformed, or the path of the faulty
 * member (e.g. "sections[1].items[3].type"), or APP_ENOMEM. */
int form_load_buf(const char *data, size_t len, const char *name, struct form **out,
		  struct app_msg *msg);

/* Reads dir/<id>.json. id must be [a-z0-9-]+ (APP_EINPUT otherwise). */
int form_load_id(const char *dir, const char *id, struct form **out, struct app_msg *msg);

/* Reads a definition file by path. */
int form_load_file(const char *path, struct form **out, struct app_msg *msg);

void form_free(struct form *f);

/* The top-level question with this id, or NULL. Borrowed from f. */
const struct form_question *form_find(const struct form *f, const char *id);

/* The sub-field of a group, or the column of a table, with this id; or NULL. */
const struct form_question *form_field(const struct form_question *group, const char *id);
const struct form_column *form_column(const struct form_question *table, const char *id);

/* The option with this value, or NULL. */
const struct form_option *form_option_find(const struct form_option *v, size_t n, const char *value);

/* True when the question lies in a confidential section. */
bool form_confidential(const struct form *f, const struct form_question *q);

/* The name of a type as the definition writes it ("longtext", ...). */
const char *form_type_name(enum form_type t);

#endif
