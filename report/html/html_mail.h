/*
 * report/html/html_mail.h -- the weekly page as a MIME message (--mail).
 *
 * Design rationale: cron pipes the output into `sendmail -t`, so the
 * message is complete: From, To, Subject, Date, Message-ID, MIME-Version
 * and a multipart/alternative body with a text/plain part (quoted-
 * printable) and the HTML page (base64).  Lines end in LF, as sendmail
 * expects on a pipe.  FROM and TO come from the command line, but they
 * are still refused when they hold anything but printable ASCII, so no
 * header can be injected.  The boundary starts with "=_", which neither
 * quoted-printable nor base64 output can contain.  Everything is a
 * function of the inputs (Date and Message-ID come from --now).
 */
#ifndef DR_HTML_MAIL_H
#define DR_HTML_MAIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/html/html.h"

/* True when s is a usable address list for From/To (printable ASCII,
 * no CR/LF, has an @, at most 998 bytes). */
int	html_mail_addr_ok(const char *s);

/* Writes the plain-text summary of the page (vis-escaped data). */
void	html_text_summary(FILE *fp, const struct html_page *pg);

/* Writes the whole message; html/hlen is the page.  Returns 0 or -1
 * (stream error). */
int	html_mail_write(FILE *fp, const char *from, const char *to,
	    const char *subject, int64_t now, const char *html, size_t hlen,
	    const char *text, size_t tlen);

/* A plain-text message (dmarc-report alerts --mail): the same headers,
 * one text/plain part, quoted-printable.  text must be escaped already
 * (vis); 0 or -1 (stream error). */
int	html_mail_text_write(FILE *fp, const char *from, const char *to,
	    const char *subject, int64_t now, const char *text, size_t tlen);

/* Encoders (tests use them). */
void	html_qp_encode(FILE *fp, const char *s, size_t n);
void	html_b64_encode(FILE *fp, const unsigned char *s, size_t n);

#endif
