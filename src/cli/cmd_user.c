/* cmd_user.c - s3pm user add / passwd / list: accounts from the command line. */
#include "app_partnership.h"
#include "app_user.h"
#include "cli.h"
#include "credentials.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PW_MIN 10
#define PW_MAX 256

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
		app_password_generate(pw);
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
	char pw[PW_MAX], gen[APP_PW_CHARS + 1];
	struct actor operator = app_system_actor();
	struct app_msg msg = {{0}};
	struct user_input in = {0};
	struct partnership p;
	struct app app;
	const char *errs[4];
	size_t nerr = 0;
	enum role r;
	bool generated = false;
	int i, rc, status = CLI_BADINPUT;

	memset(&p, 0, sizeof(p));
	memset(&app, 0, sizeof(app));
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
	if (auth_init() != 0) {
		cli_error("libsodium cannot start");
		return CLI_BADINPUT;
	}
	if (new_password(pw, sizeof(pw), true, &generated) != 0)
		return CLI_BADINPUT;
	if (cli_open_app(db, &app) != 0)
		goto out;
	if (slug != NULL && app_partnership_by_slug(&app, slug, &p) != 0) {
		fprintf(stderr, "s3pm user add: no partnership \"%s\" in %s\n", slug, cli_db_label(db));
		goto out;
	}
	in.email = email;
	in.name = name;
	in.role = role;
	in.partnership_id = p.id;
	in.password = pw;
	rc = app_user_add(&app, &operator, &in, gen, NULL, errs, &nerr, &msg);
	if (rc != 0) {
		fprintf(stderr, "s3pm user add: %s\n", msg.text[0] ? msg.text : app_strerror(rc));
		goto out;
	}
	printf("%s: %s%s%s\n", email, role, slug ? " of " : "", slug ? slug : "");
	if (generated)
		printf("password: %s\n", pw);
	status = CLI_OK;
out:
	sodium_memzero(pw, sizeof(pw));
	partnership_cleanup(&p);
	app_close_store(&app);
	return status;
}

static int
user_passwd(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *email = NULL;
	char pw[PW_MAX];
	struct actor operator = app_system_actor();
	struct app_msg msg = {{0}};
	struct app app;
	bool generated = false, gen = false;
	int i, rc, status = CLI_BADINPUT;

	memset(&app, 0, sizeof(app));
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
	if (auth_init() != 0)
		return CLI_BADINPUT;
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	if (new_password(pw, sizeof(pw), gen, &generated) != 0)
		goto out;
	/* Every session of the account ends with its old password. */
	rc = app_user_set_password(&app, &operator, email, pw, NULL, NULL, &msg);
	if (rc != 0) {
		fprintf(stderr, "s3pm user passwd: %s\n", msg.text[0] ? msg.text : app_strerror(rc));
		goto out;
	}
	printf("%s: password changed; its sessions ended\n", email);
	if (generated)
		printf("password: %s\n", pw);
	status = CLI_OK;
out:
	sodium_memzero(pw, sizeof(pw));
	app_close_store(&app);
	return status;
}

static int
user_list(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv);
	struct actor operator = app_system_actor();
	struct app app;
	struct user *v = NULL;
	size_t n = 0, k;

	memset(&app, 0, sizeof(app));
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	if (app_user_list(&app, &operator, 0, &v, &n) != 0) {
		cli_error("cannot list the users");
		app_close_store(&app);
		return CLI_BADINPUT;
	}
	for (k = 0; k < n; k++)
		printf("%s\t%s\t%s\n", v[k].email, v[k].role, v[k].active ? "active" : "inactive");
	user_free_list(v, n);
	app_close_store(&app);
	return CLI_OK;
}

/* s3pm user role EMAIL ROLE [--partnership SLUG] / user deactivate|activate EMAIL */
static int
user_change(int argc, char **argv)
{
	const char *db = cli_db_path(argc, argv), *what = argv[1], *email = NULL, *role = NULL,
		   *slug = NULL;
	struct actor operator = app_system_actor();
	struct app_msg msg = {{0}};
	struct partnership p;
	struct app app;
	bool is_role = strcmp(what, "role") == 0;
	int i, rc, status = CLI_BADINPUT;

	memset(&p, 0, sizeof(p));
	memset(&app, 0, sizeof(app));
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			i++;
		else if (is_role && strcmp(argv[i], "--partnership") == 0 && i + 1 < argc)
			slug = argv[++i];
		else if (email == NULL && argv[i][0] != '-')
			email = argv[i];
		else if (is_role && role == NULL && argv[i][0] != '-')
			role = argv[i];
		else {
			fprintf(stderr, "s3pm user %s: unexpected \"%s\"\n", what, argv[i]);
			return CLI_BADINPUT;
		}
	}
	if (email == NULL || (is_role && role == NULL)) {
		fprintf(stderr, "usage: s3pm user %s EMAIL%s [--db FILE]\n", what,
			is_role ? " ROLE [--partnership SLUG]" : "");
		return CLI_BADINPUT;
	}
	if (cli_open_app(db, &app) != 0)
		return CLI_BADINPUT;
	if (slug != NULL && app_partnership_by_slug(&app, slug, &p) != 0) {
		fprintf(stderr, "s3pm user %s: no partnership \"%s\" in %s\n", what, slug, cli_db_label(db));
		goto out;
	}
	if (is_role)
		rc = app_user_set_role(&app, &operator, email, role, p.id, &msg);
	else
		rc = app_user_set_active(&app, &operator, email, strcmp(what, "activate") == 0, &msg);
	if (rc != 0) {
		fprintf(stderr, "s3pm user %s: %s\n", what, msg.text[0] ? msg.text : app_strerror(rc));
		goto out;
	}
	if (is_role)
		printf("%s: %s%s%s; its sessions ended\n", email, role, slug ? " of " : "", slug ? slug : "");
	else
		printf("%s: %s\n", email,
		       strcmp(what, "activate") == 0 ? "active" : "deactivated; its sessions ended");
	status = CLI_OK;
out:
	partnership_cleanup(&p);
	app_close_store(&app);
	return status;
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
	if (argc >= 2 && (strcmp(argv[1], "role") == 0 || strcmp(argv[1], "deactivate") == 0 ||
			  strcmp(argv[1], "activate") == 0))
		return user_change(argc, argv);
	fputs("usage: s3pm user add EMAIL --role ROLE [--partnership SLUG] [--name NAME] [--db FILE]\n"
	      "       s3pm user passwd EMAIL [--generate] [--db FILE]\n"
	      "       s3pm user list [--db FILE]\n"
	      "       s3pm user role EMAIL ROLE [--partnership SLUG] [--db FILE]\n"
	      "       s3pm user deactivate|activate EMAIL [--db FILE]\n", stderr);
	return CLI_BADINPUT;
}
