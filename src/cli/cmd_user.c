/* cmd_user.c - s3pm user add / passwd / list: accounts from the command line. */
#include "auth.h"
#include "cli.h"
#include "policy.h"
#include "store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PW_MIN 10
#define PW_MAX 256

/* 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
static void
generate(char *out)
{
	static const char abc[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t i;

	for (i = 0; i < 16; i++)
		out[i] = abc[randombytes_uniform(sizeof(abc) - 1)];
	out[16] = '\0';
}

static int
read_tty(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	bool echo_off;
	size_t len;

	fputs(prompt, stderr);
	echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(out, (int)n, stdin) == NULL)
		out[0] = '\0';
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return 0;
}

/* The new password: $S3PM_PASSWORD, else typed twice on a terminal, else
 * generated. *generated tells the caller to print it. */
static int
new_password(char *pw, size_t n, bool allow_generate, bool *generated)
{
	const char *env = getenv("S3PM_PASSWORD");
	char again[PW_MAX];

	*generated = false;
	if (env != NULL && env[0] != '\0') {
		if (strlen(env) >= n)
			return APP_ETOOBIG;
		memcpy(pw, env, strlen(env) + 1);
	} else if (isatty(STDIN_FILENO) && !allow_generate) {
		read_tty("New password: ", pw, n);
		read_tty("Again: ", again, sizeof(again));
		if (strcmp(pw, again) != 0) {
			sodium_memzero(again, sizeof(again));
			fputs("s3pm user: the two passwords differ\n", stderr);
			return APP_EINPUT;
		}
		sodium_memzero(again, sizeof(again));
	} else {
		generate(pw);
		*generated = true;
	}
	if (strlen(pw) < PW_MIN) {
		fprintf(stderr, "s3pm user: a password needs at least %d characters\n", PW_MIN);
		return APP_EINPUT;
	}
	return 0;
}

static int
user_add(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *email = NULL, *role = NULL, *slug = NULL, *name = NULL;
	char pw[PW_MAX], hash[256];
	struct store *st = NULL;
	struct partnership p;
	struct user u;
	enum role r;
	bool generated = false;
	int i, rc, status = CLI_BADINPUT;

	memset(&p, 0, sizeof(p));
	memset(&u, 0, sizeof(u));
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (strcmp(argv[i], "--partnership") == 0 && i + 1 < argc)
			slug = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (email == NULL && argv[i][0] != '-')
			email = argv[i];
		else {
			fprintf(stderr, "s3pm user add: unexpected \"%s\"\n", argv[i]);
			return CLI_BADINPUT;
		}
	}
	if (email == NULL || role == NULL) {
		fputs("usage: s3pm user add EMAIL --role admin|commission|committee|coordinator|member"
		      " [--partnership SLUG] [--name NAME] [--db FILE]\n", stderr);
		return CLI_BADINPUT;
	}
	if (strchr(email, '@') == NULL || strlen(email) > 254) {
		fprintf(stderr, "s3pm user add: \"%s\" is not an e-mail address\n", email);
		return CLI_BADINPUT;
	}
	if (role_parse(role, &r) != 0) {
		fprintf(stderr, "s3pm user add: unknown role \"%s\" (admin, commission, committee, coordinator, member)\n",
			role);
		return CLI_BADINPUT;
	}
	if (role_needs_partnership(r) != (slug != NULL)) {
		fprintf(stderr, "s3pm user add: %s\n", slug ? "only coordinators and members belong to a partnership"
							  : "a coordinator or member needs --partnership SLUG");
		return CLI_BADINPUT;
	}
	if (sodium_init() < 0) {
		cli_error("libsodium cannot start");
		return CLI_BADINPUT;
	}
	if (new_password(pw, sizeof(pw), true, &generated) != 0)
		return CLI_BADINPUT;
	if (cli_open_store(db, &st) != 0)
		goto out;
	if (slug != NULL && store_partnership_by_slug(st, slug, &p) != 0) {
		fprintf(stderr, "s3pm user add: no partnership \"%s\" in %s\n", slug, db);
		goto out;
	}
	if (auth_hash_password(pw, hash, sizeof(hash)) != 0) {
		cli_error("cannot hash the password");
		goto out;
	}
	u.email = strdup(email);
	u.name = strdup(name ? name : email);
	u.role = strdup(role);
	u.pw_hash = strdup(hash);
	u.partnership_id = p.id;
	u.active = true;
	if (!u.email || !u.name || !u.role || !u.pw_hash) {
		cli_error("out of memory");
		goto out;
	}
	rc = store_user_create(st, &u);
	if (rc == APP_ECONFLICT) {
		fprintf(stderr, "s3pm user add: %s already has an account\n", email);
		goto out;
	}
	if (rc) {
		cli_error("cannot store the user");
		goto out;
	}
	{
		char object[64];

		snprintf(object, sizeof(object), "user:%lld", (long long)u.id);
		store_audit(st, 0, "user.create", object, 0, role);
	}
	printf("%s: %s%s%s\n", email, role, slug ? " of " : "", slug ? slug : "");
	if (generated)
		printf("password: %s\n", pw);
	status = CLI_OK;
out:
	sodium_memzero(pw, sizeof(pw));
	user_cleanup(&u);
	partnership_cleanup(&p);
	store_close(st);
	return status;
}

static int
user_passwd(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *email = NULL;
	char pw[PW_MAX], hash[256];
	struct store *st = NULL;
	struct user u;
	bool generated = false, gen = false;
	int i, status = CLI_BADINPUT;

	memset(&u, 0, sizeof(u));
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--generate") == 0)
			gen = true;
		else if (email == NULL && argv[i][0] != '-')
			email = argv[i];
		else {
			fprintf(stderr, "s3pm user passwd: unexpected \"%s\"\n", argv[i]);
			return CLI_BADINPUT;
		}
	}
	if (email == NULL) {
		fputs("usage: s3pm user passwd EMAIL [--generate] [--db FILE]\n", stderr);
		return CLI_BADINPUT;
	}
	if (sodium_init() < 0)
		return CLI_BADINPUT;
	if (cli_open_store(db, &st) != 0)
		return CLI_BADINPUT;
	if (store_user_by_email(st, email, &u) != 0) {
		fprintf(stderr, "s3pm user passwd: no account %s in %s\n", email, db);
		goto out;
	}
	if (new_password(pw, sizeof(pw), gen, &generated) != 0)
		goto out;
	if (auth_hash_password(pw, hash, sizeof(hash)) != 0 ||
	    store_user_set_password(st, u.id, hash) != 0) {
		cli_error("cannot store the password");
		goto out;
	}
	{
		char object[64];

		snprintf(object, sizeof(object), "user:%lld", (long long)u.id);
		store_audit(st, 0, "user.password", object, 0, "");
	}
	printf("%s: password changed\n", email);
	if (generated)
		printf("password: %s\n", pw);
	status = CLI_OK;
out:
	sodium_memzero(pw, sizeof(pw));
	user_cleanup(&u);
	store_close(st);
	return status;
}

static int
user_list(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv);
	struct store *st = NULL;
	struct user *v = NULL;
	size_t n = 0, k;

	if (cli_open_store(db, &st) != 0)
		return CLI_BADINPUT;
	if (store_user_list(st, 0, &v, &n) != 0) {
		cli_error("cannot list the users");
		store_close(st);
		return CLI_BADINPUT;
	}
	for (k = 0; k < n; k++)
		printf("%s\t%s\t%s\n", v[k].email, v[k].role, v[k].active ? "active" : "inactive");
	user_free_list(v, n);
	store_close(st);
	return CLI_OK;
}

int
cmd_user(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "passwd") == 0)
		return user_passwd(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return user_list(argc, argv);
	fputs("usage: s3pm user add EMAIL --role ROLE [--partnership SLUG] [--name NAME] [--db FILE]\n"
	      "       s3pm user passwd EMAIL [--generate] [--db FILE]\n"
	      "       s3pm user list [--db FILE]\n", stderr);
	return CLI_BADINPUT;
}
