/*
 * tests/unit/ingest/test_mime.c -- the MIME walk: which parts of which
 * message shapes become candidates, and the caps.
 *
 * Messages are strings in the shapes real senders use (see DMARC-BRIEF
 * 2.2 and 6.1).  "@B64@" in a message stands for a binary blob, base64
 * encoded in 76-column lines; parts expected to carry it must decode to
 * exactly that blob.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "ingest/mime.h"

static unsigned char blob[700];

static void
blob_init(void)
{
	size_t i;

	memcpy(blob, "\x1f\x8b\x08\x00", 4);
	for (i = 4; i < sizeof(blob); i++)
		blob[i] = (unsigned char)(i * 131 + 7);
}

/* Replaces every @B64@ by the blob in base64, 76 columns, CRLF. */
static char *
expand(const char *tmpl)
{
	GString *s = g_string_new(NULL);
	gchar *b64 = g_base64_encode(blob, sizeof(blob));
	const char *p = tmpl, *q;
	size_t i, n = strlen(b64);

	while ((q = strstr(p, "@B64@")) != NULL) {
		g_string_append_len(s, p, q - p);
		for (i = 0; i < n; i += 76) {
			g_string_append_len(s, b64 + i, n - i < 76 ? n - i : 76);
			g_string_append(s, "\r\n");
		}
		p = q + 5;
	}
	g_string_append(s, p);
	g_free(b64);
	return g_string_free(s, FALSE);
}

static int
parse(struct mime_msg **m, const char *tmpl, const struct dr_limits *limp,
    struct dr_err *err)
{
	struct dr_limits lim;
	char *msg = expand(tmpl);
	int rc;

	if (limp == NULL) {
		dr_limits_default(&lim);
		limp = &lim;
	}
	dr_err_clear(err);
	rc = mime_parse(m, (unsigned char *)msg, strlen(msg), limp, err);
	g_free(msg);
	return rc;
}

/* ---- messages ---------------------------------------------------------- */

static const char google[] =
    "Return-Path: <noreply-dmarc-support@google.com>\r\n"
    "Message-ID: <14974328891815170901@google.com>\r\n"
    "Subject: Report domain: example.com Submitter: google.com Report-ID: 14974328891815170901\r\n"
    "From: noreply-dmarc-support@google.com\r\n"
    "To: dmarc@example.com\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: application/zip; \r\n"
    "\tname=\"google.com!example.com!1691539200!1691625599.zip\"\r\n"
    "Content-Disposition: attachment; \r\n"
    "\tfilename=\"google.com!example.com!1691539200!1691625599.zip\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@";

static const char microsoft[] =
    "From: DMARC Aggregate Report <dmarcreport@microsoft.com>\r\n"
    "To: <dmarc@example.com>\r\n"
    "Subject: =?utf-8?B?W1ByZXZpZXddIFJlcG9ydCBEb21haW46IGV4YW1wbGUuY29tIFN1Ym1pdHRlcjogcHJvdGVjdGlvbi5vdXRsb29rLmNvbQ==?=\r\n"
    "Message-ID: <8be4eb9d@microsoft.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed;\r\n"
    "\tboundary=\"_mixed_\"\r\n"
    "\r\n"
    "--_mixed_\r\n"
    "Content-Type: multipart/related;\r\n"
    "\tboundary=\"_related_\";\r\n"
    "\ttype=\"multipart/alternative\"\r\n"
    "\r\n"
    "--_related_\r\n"
    "Content-Type: multipart/alternative;\r\n"
    "\tboundary=\"_alt_\"\r\n"
    "\r\n"
    "--_alt_\r\n"
    "Content-Type: text/plain; charset=\"us-ascii\"\r\n"
    "\r\n"
    "This is a DMARC aggregate report.\r\n"
    "--_alt_\r\n"
    "Content-Type: text/html; charset=\"us-ascii\"\r\n"
    "\r\n"
    "<html><body>This is a DMARC aggregate report.</body></html>\r\n"
    "--_alt_--\r\n"
    "\r\n"
    "--_related_--\r\n"
    "\r\n"
    "--_mixed_\r\n"
    "Content-Type: application/gzip\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment;\r\n"
    "\tfilename=\"protection.outlook.com!example.com!1634256000!1634342400.xml.gz\";\r\n"
    "\r\n"
    "@B64@"
    "\r\n"
    "--_mixed_--\r\n";

static const char yahoo[] =
    "From: noreply@dmarc.yahoo.com\n"
    "Subject: Report Domain: example.com Submitter: yahoo.com Report-ID: <1690678801.946649>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"----=_Part_1\"\n"
    "Content-Transfer-Encoding: binary\n"
    "\n"
    "------=_Part_1\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "report attached\n"
    "------=_Part_1\n"
    "Content-Disposition: attachment;\n"
    "\tfilename=yahoo.com!example.com!1690588800!1690675199.xml.gz\n"
    "Content-Type: application/gzip\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "@B64@"
    "------=_Part_1--\n";

#define SIMPLE(ctline, extra) \
    "From: reporter@example.net\r\n" \
    "Subject: report\r\n" \
    "MIME-Version: 1.0\r\n" \
    "Content-Type: multipart/mixed; boundary=BB\r\n" \
    "\r\n" \
    "--BB\r\n" \
    "Content-Type: text/plain\r\n" \
    "\r\n" \
    "hello\r\n" \
    "--BB\r\n" \
    ctline "\r\n" \
    extra \
    "Content-Transfer-Encoding: base64\r\n" \
    "\r\n" \
    "@B64@" \
    "--BB--\r\n"

static const char amazon[] = SIMPLE(
    "Content-Type: application/octet-stream;\r\n"
    " name=amazonses.com!example.com!1663545600!1663632000.xml.gz", "");
static const char octet_unnamed[] = SIMPLE(
    "Content-Type: application/octet-stream", "");
static const char xgzip[] = SIMPLE(
    "Content-Type: application/x-gzip; name=\"r.xml.gz\"", "");
static const char xzip[] = SIMPLE(
    "Content-Type: application/x-zip-compressed; name=\"r.zip\"", "");
static const char relay_footer[] =
    "From: noreply-dmarc-support@google.com\r\n"
    "Subject: Report domain: example.com\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"UTM\"\r\n"
    "\r\n"
    "--UTM\r\n"
    "Content-Type: application/zip\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@"
    "--UTM\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Scanned by the gateway.\r\n"
    "--UTM--\r\n";
static const char rfc2231[] = SIMPLE(
    "Content-Type: application/gzip",
    "Content-Disposition: attachment;\r\n"
    " filename*0*=utf-8''r%C3%A9port;\r\n"
    " filename*1=\".xml.gz\"\r\n");

static const char qp_xml[] =
    "From: a@example.org\r\n"
    "Subject: qp\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"QP\"\r\n"
    "\r\n"
    "--QP\r\n"
    "Content-Type: text/xml; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "Content-Disposition: attachment; filename=\"r.xml\"\r\n"
    "\r\n"
    "<?xml version=3D\"1.0\"?><feedback><org_name>exa=\r\n"
    "mple =C3=A9</org_name></feedback>\r\n"
    "--QP--\r\n";
#define QP_DECODED \
    "<?xml version=\"1.0\"?><feedback><org_name>example \xc3\xa9</org_name></feedback>"

static const char text_xml_inline[] =
    "From: a@example.org\r\n"
    "Subject: inline\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/xml\r\n"
    "\r\n"
    "<feedback/>\r\n";

static const char forwarded[] =
    "From: admin@example.com\r\n"
    "Subject: Fwd: Report domain: example.com\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"FW\"\r\n"
    "\r\n"
    "--FW\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "see the forwarded report\r\n"
    "--FW\r\n"
    "Content-Type: message/rfc822\r\n"
    "Content-Disposition: attachment\r\n"
    "\r\n"
    "From: noreply@dmarc.yahoo.com\r\n"
    "Subject: Report Domain: example.com Submitter: yahoo.com\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"IN\"\r\n"
    "\r\n"
    "--IN\r\n"
    "Content-Type: application/gzip; name=\"inner.xml.gz\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@"
    "--IN--\r\n"
    "\r\n"
    "--FW--\r\n";

static const char several[] =
    "From: a@example.org\r\n"
    "Subject: several\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"S\"\r\n"
    "\r\n"
    "--S\r\n"
    "Content-Type: application/gzip; name=\"one.xml.gz\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@"
    "--S\r\n"
    "Content-Type: application/zip; name=\"two.zip\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@"
    "--S\r\n"
    "Content-Type: text/xml; name=\"three.xml\"\r\n"
    "\r\n"
    "<feedback/>\r\n"
    "--S--\r\n";

static const char missing_boundary[] =
    "From: a@example.org\r\n"
    "Subject: broken\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed\r\n"
    "\r\n"
    "--XYZ\r\n"
    "Content-Type: application/gzip; name=\"r.xml.gz\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@"
    "--XYZ--\r\n";

static const char plain_text[] =
    "From: friend@example.org\r\n"
    "To: dmarc@example.com\r\n"
    "Subject: lunch?\r\n"
    "\r\n"
    "Lunch at noon?\r\n";

static const char skipped_kinds[] =
    "From: a@example.org\r\n"
    "Subject: other reports\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/report; report-type=feedback-report; boundary=\"R\"\r\n"
    "\r\n"
    "--R\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "failure report\r\n"
    "--R\r\n"
    "Content-Type: message/feedback-report\r\n"
    "\r\n"
    "Feedback-Type: auth-failure\r\n"
    "--R\r\n"
    "Content-Type: text/rfc822-headers\r\n"
    "\r\n"
    "From: x@y\r\n"
    "--R\r\n"
    "Content-Type: application/tlsrpt+gzip; name=\"tls.json.gz\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@"
    "--R\r\n"
    "Content-Type: text/html\r\n"
    "Content-Disposition: inline\r\n"
    "\r\n"
    "<p>hi</p>\r\n"
    "--R--\r\n";

static const char text_attachments[] =
    "From: a@example.org\r\n"
    "Subject: text attachments\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"T\"\r\n"
    "\r\n"
    "--T\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Disposition: attachment; filename=\"notes.txt\"\r\n"
    "\r\n"
    "notes\r\n"
    "--T\r\n"
    "Content-Type: text/plain; name=\"report.xml\"\r\n"
    "\r\n"
    "<feedback/>\r\n"
    "--T--\r\n";

static const char content_only[] =
    "Content-Type: application/gzip; name=\"r.xml.gz\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "@B64@";

static const char empty_zip[] =
    "From: noreply-dmarc-support@google.com\r\n"
    "Subject: Report domain: example.com\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: application/zip; name=\"google.com!example.com!1!2.zip\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n";

/* ---- the table --------------------------------------------------------- */

enum want_data { D_ANY, D_BLOB, D_QP, D_INLINE };

struct mcase {
	const char	*what;
	const char	*msg;
	int		 rc;
	enum dr_reason	 reason;
	size_t		 n_parts;
	/* first part: */
	const char	*ct;
	const char	*name;		/* NULL: expect no name */
	bool		 claims;
	enum want_data	 data;
};

static const struct mcase mcases[] = {
	{ "google single-part zip", google, 0, R_NONE, 1, "application/zip",
	    "google.com!example.com!1691539200!1691625599.zip", true, D_BLOB },
	{ "microsoft nested, name in disposition only", microsoft, 0, R_NONE, 1,
	    "application/gzip",
	    "protection.outlook.com!example.com!1634256000!1634342400.xml.gz",
	    true, D_BLOB },
	{ "yahoo, binary multipart, disposition first", yahoo, 0, R_NONE, 1,
	    "application/gzip",
	    "yahoo.com!example.com!1690588800!1690675199.xml.gz", true, D_BLOB },
	{ "amazon octet-stream with unquoted name", amazon, 0, R_NONE, 1,
	    "application/octet-stream",
	    "amazonses.com!example.com!1663545600!1663632000.xml.gz", true,
	    D_BLOB },
	{ "octet-stream without name", octet_unnamed, 0, R_NONE, 1,
	    "application/octet-stream", NULL, false, D_BLOB },
	{ "x-gzip", xgzip, 0, R_NONE, 1, "application/x-gzip", "r.xml.gz",
	    true, D_BLOB },
	{ "x-zip-compressed", xzip, 0, R_NONE, 1,
	    "application/x-zip-compressed", "r.zip", true, D_BLOB },
	{ "relay footer, unnamed zip", relay_footer, 0, R_NONE, 1,
	    "application/zip", NULL, true, D_BLOB },
	{ "rfc 2231 file name", rfc2231, 0, R_NONE, 1, "application/gzip",
	    "r\xc3\xa9port.xml.gz", true, D_BLOB },
	{ "quoted-printable xml", qp_xml, 0, R_NONE, 1, "text/xml", "r.xml",
	    true, D_QP },
	{ "text/xml inline body", text_xml_inline, 0, R_NONE, 1, "text/xml",
	    NULL, true, D_INLINE },
	{ "forwarded message/rfc822", forwarded, 0, R_NONE, 1,
	    "application/gzip", "inner.xml.gz", true, D_BLOB },
	{ "several reports", several, 0, R_NONE, 3, "application/gzip",
	    "one.xml.gz", true, D_BLOB },
	{ "missing boundary", missing_boundary, -1, R_MIME_BROKEN, 0, NULL,
	    NULL, false, D_ANY },
	{ "plain text mail", plain_text, 0, R_NONE, 0, NULL, NULL, false,
	    D_ANY },
	{ "failure report, tlsrpt, inline html", skipped_kinds, 0, R_NONE, 0,
	    NULL, NULL, false, D_ANY },
	{ "text attachments", text_attachments, 0, R_NONE, 2, "text/plain",
	    "notes.txt", false, D_ANY },
	{ "content fields only", content_only, 0, R_NONE, 1,
	    "application/gzip", "r.xml.gz", true, D_BLOB },
	{ "google with empty zip", empty_zip, 0, R_NONE, 1, "application/zip",
	    "google.com!example.com!1!2.zip", true, D_ANY },
	{ "empty input", "", -1, R_NOT_A_MESSAGE, 0, NULL, NULL, false, D_ANY },
	{ "text without header", "just some words\nand more\n", -1,
	    R_NOT_A_MESSAGE, 0, NULL, NULL, false, D_ANY },
	{ "body without header", "\r\n\r\nbody\r\n", -1, R_NOT_A_MESSAGE, 0,
	    NULL, NULL, false, D_ANY },
};

static void
check_data(const struct mime_part *p, enum want_data d, const char *what)
{
	switch (d) {
	case D_BLOB:
		if (p->len != sizeof(blob) || memcmp(p->data, blob, p->len) != 0)
			fail_msg("case \"%s\": data not the blob (%zu bytes)",
			    what, p->len);
		break;
	case D_QP:
		assert_int_equal(p->len, strlen(QP_DECODED));
		assert_memory_equal(p->data, QP_DECODED, p->len);
		break;
	case D_INLINE:
		assert_int_equal(p->len, strlen("<feedback/>\r\n"));
		assert_memory_equal(p->data, "<feedback/>\r\n", p->len);
		break;
	default:
		break;
	}
}

static void
test_message_shapes_yield_candidate_parts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		const struct mcase *c = &mcases[i];
		struct dr_err err = DR_ERR_INIT;
		struct mime_msg *m = (struct mime_msg *)&err;	/* not NULL */
		int rc = parse(&m, c->msg, NULL, &err);

		if (rc != c->rc || err.reason != c->reason)
			fail_msg("case \"%s\": rc %d reason %s (want %d %s): %s",
			    c->what, rc, dr_reason_id(err.reason), c->rc,
			    dr_reason_id(c->reason), err.detail);
		if (rc == -1) {
			assert_null(m);
			continue;
		}
		assert_non_null(m);
		if (m->n_parts != c->n_parts)
			fail_msg("case \"%s\": %zu parts (want %zu)", c->what,
			    m->n_parts, c->n_parts);
		if (c->n_parts > 0) {
			const struct mime_part *p = &m->parts[0];

			assert_string_equal(p->content_type, c->ct);
			if (c->name == NULL)
				assert_null(p->name);
			else
				assert_string_equal(p->name, c->name);
			if (p->claims_report != c->claims)
				fail_msg("case \"%s\": claims %d", c->what,
				    p->claims_report);
			check_data(p, c->data, c->what);
		}
		mime_msg_free(m);
	}
}

static void
test_headers(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct mime_msg *m = NULL;

	(void)state;
	assert_int_equal(parse(&m, google, NULL, &err), 0);
	assert_string_equal(m->message_id, "14974328891815170901@google.com");
	assert_string_equal(m->subject, "Report domain: example.com "
	    "Submitter: google.com Report-ID: 14974328891815170901");
	mime_msg_free(m);

	/* RFC 2047 subject decoded. */
	assert_int_equal(parse(&m, microsoft, NULL, &err), 0);
	assert_string_equal(m->subject, "[Preview] Report Domain: example.com "
	    "Submitter: protection.outlook.com");
	assert_string_equal(m->message_id, "8be4eb9d@microsoft.com");
	mime_msg_free(m);

	/* Absent headers are NULL. */
	assert_int_equal(parse(&m, content_only, NULL, &err), 0);
	assert_null(m->message_id);
	assert_null(m->subject);
	mime_msg_free(m);
	mime_msg_free(NULL);
}

/* The several-reports message: order and names of all three. */
static void
test_several(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct mime_msg *m = NULL;

	(void)state;
	assert_int_equal(parse(&m, several, NULL, &err), 0);
	assert_int_equal(m->n_parts, 3);
	assert_string_equal(m->parts[1].name, "two.zip");
	assert_string_equal(m->parts[1].content_type, "application/zip");
	assert_int_equal(m->parts[1].len, sizeof(blob));
	assert_string_equal(m->parts[2].name, "three.xml");
	assert_string_equal(m->parts[2].content_type, "text/xml");
	assert_true(m->parts[2].claims_report);
	mime_msg_free(m);

	/* text attachments: the report-named text/plain is claimed. */
	assert_int_equal(parse(&m, text_attachments, NULL, &err), 0);
	assert_string_equal(m->parts[1].name, "report.xml");
	assert_true(m->parts[1].claims_report);
	mime_msg_free(m);
}

/* n multiparts nested inside each other around one gzip part. */
static char *
nested_ct(int n, const char *ct)
{
	GString *s = g_string_new("From: a@b\r\nSubject: deep\r\n"
	    "MIME-Version: 1.0\r\n");
	int i;

	for (i = 0; i < n; i++)
		g_string_append_printf(s, "%s; boundary=\"b%d\"\r\n\r\n"
		    "--b%d\r\n", ct, i, i);
	g_string_append(s, "Content-Type: application/gzip\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nH4sIAA==\r\n");
	for (i = n - 1; i >= 0; i--)
		g_string_append_printf(s, "--b%d--\r\n", i);
	return g_string_free(s, FALSE);
}

static char *
nested(int n)
{
	return nested_ct(n, "Content-Type: multipart/mixed");
}

static void
test_depth(void **state)
{
	struct dr_limits lim;
	struct dr_err err = DR_ERR_INIT;
	struct mime_msg *m = NULL;
	char *msg;

	(void)state;
	dr_limits_default(&lim);
	assert_int_equal(lim.max_mime_depth, 8);
	/* Seven multiparts: the gzip part is at depth 8, the cap. */
	msg = nested(7);
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), 0);
	assert_int_equal(m->n_parts, 1);
	assert_int_equal(m->parts[0].len, 4);
	mime_msg_free(m);
	g_free(msg);
	/* Eight: one too deep. */
	msg = nested(8);
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_DEEP);
	assert_null(m);
	g_free(msg);
	/* A depth bomb. */
	dr_err_clear(&err);
	msg = nested(1000);
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_DEEP);
	g_free(msg);
	/* Too many nesting headers: refused before GMime parses it. */
	dr_err_clear(&err);
	msg = nested(3000);
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_MANY_PARTS);
	g_free(msg);
	/* The scan is not fooled by folding, case or comments. */
	dr_err_clear(&err);
	msg = nested_ct(3000, "content-TYPE :\r\n (c (d)) Multipart/Mixed");
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_MANY_PARTS);
	g_free(msg);
	/* ... and GMime reads that spelling as a multipart (so it matters). */
	dr_err_clear(&err);
	msg = nested_ct(20, "content-TYPE :\r\n (c (d)) Multipart/Mixed");
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_DEEP);
	g_free(msg);
}

/* message/rfc822 nesting counts as depth too. */
static void
test_depth_rfc822(void **state)
{
	struct dr_limits lim;
	struct dr_err err = DR_ERR_INIT;
	struct mime_msg *m = NULL;
	GString *s = g_string_new(NULL);
	int i;

	(void)state;
	dr_limits_default(&lim);
	for (i = 0; i < 20; i++)
		g_string_append(s, "From: a@b\r\nContent-Type: message/rfc822\r\n\r\n");
	g_string_append(s, "From: c@d\r\nContent-Type: application/gzip\r\n\r\nx\r\n");
	assert_int_equal(mime_parse(&m, (unsigned char *)s->str, s->len, &lim,
	    &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_DEEP);
	g_string_free(s, TRUE);
}

static char *
wide(int n)
{
	GString *s = g_string_new("From: a@b\r\nSubject: wide\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"W\"\r\n\r\n");
	int i;

	for (i = 0; i < n; i++)
		g_string_append_printf(s, "--W\r\nContent-Type: application/gzip; "
		    "name=\"r%d.xml.gz\"\r\n\r\nx\r\n", i);
	g_string_append(s, "--W--\r\n");
	return g_string_free(s, FALSE);
}

static void
test_parts_cap(void **state)
{
	struct dr_limits lim;
	struct dr_err err = DR_ERR_INIT;
	struct mime_msg *m = NULL;
	char *msg;

	(void)state;
	dr_limits_default(&lim);
	lim.max_mime_parts = 10;
	msg = wide(10);
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), 0);
	assert_int_equal(m->n_parts, 10);
	assert_string_equal(m->parts[9].name, "r9.xml.gz");
	mime_msg_free(m);
	g_free(msg);
	msg = wide(11);
	assert_int_equal(mime_parse(&m, (unsigned char *)msg, strlen(msg),
	    &lim, &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_MANY_PARTS);
	assert_null(m);
	g_free(msg);
	/* Skipped leaves count too: the cap bounds the walk. */
	dr_err_clear(&err);
	lim.max_mime_parts = 1;
	assert_int_equal(parse(&m, yahoo, &lim, &err), -1);
	assert_int_equal(err.reason, R_MIME_TOO_MANY_PARTS);
}

static void
test_random_bytes(void **state)
{
	struct dr_limits lim;
	struct dr_err err = DR_ERR_INIT;
	struct mime_msg *m = NULL;
	size_t n = 512 * 1024, i;
	unsigned char *p = malloc(n);
	uint32_t x = 88172645u;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
	dr_limits_default(&lim);
	assert_int_equal(mime_parse(&m, p, n, &lim, &err), -1);
	assert_int_equal(err.reason, R_NOT_A_MESSAGE);
	assert_null(m);
	free(p);
}

static void
test_size_cap(void **state)
{
	struct dr_limits lim;
	struct dr_err err = DR_ERR_INIT;
	struct mime_msg *m = NULL;

	(void)state;
	dr_limits_default(&lim);
	lim.max_message_bytes = 100;
	assert_int_equal(parse(&m, google, &lim, &err), -1);
	assert_int_equal(err.reason, R_MESSAGE_TOO_BIG);
	assert_null(m);
}

static int
setup(void **state)
{
	(void)state;
	blob_init();
	mime_init();
	mime_init();		/* idempotent */
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_shapes_yield_candidate_parts),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_several),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_depth_rfc822),
		cmocka_unit_test(test_parts_cap),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_size_cap),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
