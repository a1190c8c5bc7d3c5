/* tests/unit/util/test_conf.c -- the configuration file parser, with
 * hostile lines: very long lines, NUL bytes, duplicate keys, CRLF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/conf.h"
#include "util/err.h"
#include "util/limits.h"

static int
parse(struct conf *c, const char *data, size_t len, struct dr_err *err)
{
	memset(c, 0, sizeof(*c));
	dr_err_clear(err);
	return conf_parse(c, "t.conf", data, len, err);
}

#define PARSE(c, s, e)	parse((c), (s), sizeof(s) - 1, (e))

static void
test_conf_good(void **state)
{
	static const char text[] =
	    "# dmarc-rua\r\n"
	    "\r\n"
	    "database = /var/lib/x/d b.sqlite\r\n"
	    "  dns-server=127.0.0.1:5353   \n"
	    "dns-timeout = 500\n"
	    "dns-tries = 3\n"
	    "domains = example.com, example.org  example.net\n"
	    "mail-from = dmarc@example.com\n"
	    "mail-to = a@example.com, b@example.com\n"
	    "maildir = /srv/mail/#dmarc\n"
	    "\t# indented comment\n"
	    "quarantine = /q";	/* no final line end */
	struct conf c;
	struct dr_err e;

	(void)state;
	assert_int_equal(PARSE(&c, text, &e), 0);
	assert_string_equal(conf_get(&c, CONF_DATABASE), "/var/lib/x/d b.sqlite");
	assert_int_equal(c.line[CONF_DATABASE], 3);
	assert_string_equal(conf_get(&c, CONF_DNS_SERVER), "127.0.0.1:5353");
	assert_int_equal(c.dns_timeout_ms, 500);
	assert_int_equal(c.dns_tries, 3);
	assert_int_equal(c.n_domains, 3);
	assert_string_equal(c.domains[0], "example.com");
	assert_string_equal(c.domains[2], "example.net");
	assert_string_equal(conf_get(&c, CONF_MAIL_TO), "a@example.com, b@example.com");
	assert_string_equal(conf_get(&c, CONF_MAILDIR), "/srv/mail/#dmarc");
	assert_string_equal(conf_get(&c, CONF_QUARANTINE), "/q");
	conf_release(&c);
}

static void
expect_error(const char *data, size_t len, const char *needle)
{
	struct conf c;
	struct dr_err e;

	assert_int_equal(parse(&c, data, len, &e), -1);
	assert_int_equal(e.reason, R_CONFIG);
	if (strstr(e.detail, needle) == NULL)
		fail_msg("'%s' does not contain '%s'", e.detail, needle);
	conf_release(&c);
}

#define EXPECT(s, needle)	expect_error((s), sizeof(s) - 1, (needle))

static void
test_conf_bad_lines(void **state)
{
	(void)state;
	EXPECT("database = /a\ndatabse = /b\n", "t.conf:2: unknown key 'databse'");
	EXPECT("database = /a\n\ndatabase = /b\n",
	    "t.conf:3: database: given twice (first on line 1)");
	EXPECT("just words\n", "t.conf:1: expected 'key = value'");
	EXPECT("database =\n", "t.conf:1: database: empty value");
	EXPECT("database = /a\x1b[31m\n", "t.conf:1: database: control character");
	EXPECT("dns-timeout = 0\n", "t.conf:1: dns-timeout: '0': expected");
	EXPECT("dns-timeout = 60001\n", "dns-timeout: '60001'");
	EXPECT("dns-timeout = 5s\n", "dns-timeout: '5s'");
	EXPECT("dns-tries = 11\n", "dns-tries: '11'");
	EXPECT("dns-tries = -1\n", "dns-tries: '-1'");
	EXPECT("dns-server = localhost\n", "dns-server: 'localhost'");
	EXPECT("dns-server = 127.0.0.1:0\n", "dns-server");
	EXPECT("dns-server = [::1]\n", "dns-server");
	EXPECT("mail-to = postmaster\n", "mail-to: 'postmaster'");
	EXPECT("mail-from = d\xc3\xa9@example.com\n", "mail-from");
	EXPECT("domains = , ,\n", "domains");
	/* a key that differs only in case is not the key */
	EXPECT("Database = /a\n", "unknown key 'Database'");
}

static void
test_conf_good_servers(void **state)
{
	static const char *const ok[] = { "dns-server = ::1\n",
	    "dns-server = [::1]:53\n", "dns-server = 192.0.2.1\n" };
	struct conf c;
	struct dr_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(parse(&c, ok[i], strlen(ok[i]), &e), 0);
		conf_release(&c);
	}
}

static void
test_conf_nul_byte(void **state)
{
	static const char text[] = "database = /a\0/etc/shadow\n";

	(void)state;
	EXPECT(text, "t.conf:1: NUL byte");
	/* the NUL ends nothing: the line after it is line 2 */
	EXPECT("# ok\ndatabase = /a\0b\n", "t.conf:2: NUL byte");
}

static void
test_conf_long_line(void **state)
{
	size_t n = DR_CONF_MAX_LINE + 10;
	char *s = malloc(n + 1);
	struct conf c;
	struct dr_err e;

	(void)state;
	assert_non_null(s);
	memset(s, '#', n);
	s[n] = '\n';
	/* even a comment line is capped */
	expect_error(s, n + 1, "t.conf:1: line longer than 4096 bytes");
	/* exactly at the cap (a comment) is fine, with or without CR */
	s[DR_CONF_MAX_LINE] = '\r';
	s[DR_CONF_MAX_LINE + 1] = '\n';
	assert_int_equal(parse(&c, s, DR_CONF_MAX_LINE + 2, &e), 0);
	conf_release(&c);
	free(s);
}

static void
test_conf_too_big(void **state)
{
	size_t n = DR_CONF_MAX_BYTES + 1;
	char *s = malloc(n);

	(void)state;
	assert_non_null(s);
	memset(s, '\n', n);
	expect_error(s, n, "larger than");
	free(s);
}

static void
test_conf_too_many_domains(void **state)
{
	char s[DR_CONF_MAX_DOMAINS * 8 + 64];
	size_t i, n;

	(void)state;
	n = (size_t)snprintf(s, sizeof(s), "domains =");
	for (i = 0; i <= DR_CONF_MAX_DOMAINS; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, " d%zu.x", i);
	expect_error(s, n, "domains");
}

static void
test_conf_load_files(void **state)
{
	char dir[] = "/tmp/dr-conf-XXXXXX", path[64];
	struct conf c;
	struct dr_err e = DR_ERR_INIT;
	bool must;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/none.conf", dir);
	/* a missing optional file is fine, a missing named one is not */
	assert_int_equal(conf_load(&c, path, false, &e), 0);
	assert_null(c.path);
	conf_release(&c);
	assert_int_equal(conf_load(&c, path, true, &e), -1);
	assert_int_equal(e.reason, R_CONFIG);
	assert_non_null(strstr(e.detail, "none.conf"));
	conf_release(&c);
	/* a directory is not a configuration file */
	dr_err_clear(&e);
	assert_int_equal(conf_load(&c, dir, false, &e), -1);
	assert_non_null(strstr(e.detail, "not a regular file"));
	conf_release(&c);
	snprintf(path, sizeof(path), "%s/a.conf", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("database = /x.sqlite\nfoo = 1\n", fp);
	fclose(fp);
	dr_err_clear(&e);
	assert_int_equal(conf_load(&c, path, false, &e), -1);
	assert_non_null(strstr(e.detail, "a.conf:2: unknown key 'foo'"));
	conf_release(&c);
	unlink(path);
	rmdir(dir);
	/* --config wins over DMARC_RUA_CONFIG, which wins over the default */
	setenv("DMARC_RUA_CONFIG", "/env.conf", 1);
	assert_string_equal(conf_pick("/arg.conf", &must), "/arg.conf");
	assert_true(must);
	assert_string_equal(conf_pick(NULL, &must), "/env.conf");
	assert_true(must);
	unsetenv("DMARC_RUA_CONFIG");
	assert_string_equal(conf_pick(NULL, &must), DR_DEFAULT_CONFIG);
	assert_false(must);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_good),
		cmocka_unit_test(test_conf_bad_lines),
		cmocka_unit_test(test_conf_good_servers),
		cmocka_unit_test(test_conf_nul_byte),
		cmocka_unit_test(test_conf_long_line),
		cmocka_unit_test(test_conf_too_big),
		cmocka_unit_test(test_conf_too_many_domains),
		cmocka_unit_test(test_conf_load_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
