/*
 * report/html/html_mail.c -- MIME wrapping and the plain-text part of the
 * weekly summary (see html_mail.h).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "report/html/html_mail.h"
#include "util/count.h"
#include "report/query/opts.h"
#include "util/vis.h"
#include "util/hash.h"
#include "util/limits.h"

int
html_mail_addr_ok(const char *s)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) == 0 || n > 998 || strchr(s, '@') == NULL)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

void
html_qp_encode(FILE *fp, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	char rep[4];
	size_t i, col = 0, l;
	bool lit;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			fputc('\n', fp);
			col = 0;
			continue;
		}
		lit = (s[i] >= 33 && s[i] <= 126 && s[i] != '=') ||
		    ((s[i] == ' ' || s[i] == '\t') && i + 1 < n && s[i + 1] != '\n');
		/* "." or "From " at the start of a line: keep them away from
		 * sendmail's end-of-input and mbox quoting. */
		if (col == 0 && (s[i] == '.' || s[i] == 'F'))
			lit = false;
		if (lit) {
			rep[0] = (char)s[i];
			rep[1] = '\0';
		} else
			(void)snprintf(rep, sizeof(rep), "=%02X", s[i]);
		l = strlen(rep);
		if (col + l > 75) {
			fputs("=\n", fp);
			col = 0;
			if (s[i] == '.' || s[i] == 'F')
				(void)snprintf(rep, sizeof(rep), "=%02X", s[i]);
			l = strlen(rep);
		}
		fputs(rep, fp);
		col += l;
	}
	if (col > 0)
		fputc('\n', fp);
}

void
html_b64_encode(FILE *fp, const unsigned char *s, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, col = 0;
	uint32_t v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		fputc(tab[v >> 18 & 63], fp);
		fputc(tab[v >> 12 & 63], fp);
		fputc(i + 1 < n ? tab[v >> 6 & 63] : '=', fp);
		fputc(i + 2 < n ? tab[v & 63] : '=', fp);
		if ((col += 4) == 76) {
			fputc('\n', fp);
			col = 0;
		}
	}
	if (col > 0)
		fputc('\n', fp);
}

/* Domain part of the first address in from, for the Message-ID. */
static void
id_domain(const char *from, char *out, size_t outlen)
{
	const char *at = strrchr(from, '@');
	size_t i = 0;

	if (at != NULL)
		for (at++; *at && i + 1 < outlen; at++) {
			if (!((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') ||
			    (*at >= '0' && *at <= '9') || *at == '.' || *at == '-'))
				break;
			out[i++] = *at;
		}
	out[i] = '\0';
	if (i == 0)
		(void)snprintf(out, outlen, "localhost");
}

/* From, To, Subject, Date and Message-ID of a message whose body hashes
 * to h. */
static int
mail_head(FILE *fp, const char *from, const char *to, const char *subject,
    int64_t now, uint64_t h)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char dom[DR_DOMAIN_BUF];
	time_t t = (time_t)now;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	id_domain(from, dom, sizeof(dom));
	fputs("From: ", fp);
	fputs(from, fp);
	fputs("\nTo: ", fp);
	fputs(to, fp);
	fprintf(fp, "\nSubject: %s\n", subject);
	fprintf(fp, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\n", wd[tm.tm_wday],
	    tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	fprintf(fp, "Message-ID: <dmarc-rua.%" PRId64 ".%016" PRIx64 "@%s>\n", now, h, dom);
	return 0;
}

int
html_mail_write(FILE *fp, const char *from, const char *to, const char *subject,
    int64_t now, const char *html, size_t hlen, const char *text, size_t tlen)
{
	uint64_t h;

	h = dr_fnv_bytes(dr_fnv_bytes(DR_FNV_BASIS, text, tlen), html, hlen);
	if (mail_head(fp, from, to, subject, now, h) == -1)
		return -1;
	fprintf(fp, "MIME-Version: 1.0\nAuto-Submitted: auto-generated\n"
	    "Content-Type: multipart/alternative; boundary=\"=_dmarc-rua_%016" PRIx64 "\"\n"
	    "\nThis is a MIME message: a plain-text summary and an HTML page.\n", h);
	fprintf(fp, "\n--=_dmarc-rua_%016" PRIx64 "\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n", h);
	html_qp_encode(fp, text, tlen);
	fprintf(fp, "\n--=_dmarc-rua_%016" PRIx64 "\nContent-Type: text/html; charset=utf-8\n"
	    "Content-Transfer-Encoding: base64\n\n", h);
	html_b64_encode(fp, (const unsigned char *)html, hlen);
	fprintf(fp, "\n--=_dmarc-rua_%016" PRIx64 "--\n", h);
	return ferror(fp) ? -1 : 0;
}

int
html_mail_text_write(FILE *fp, const char *from, const char *to,
    const char *subject, int64_t now, const char *text, size_t tlen)
{
	uint64_t h = dr_fnv_bytes(DR_FNV_BASIS, text, tlen);

	if (mail_head(fp, from, to, subject, now, h) == -1)
		return -1;
	fputs("MIME-Version: 1.0\nAuto-Submitted: auto-generated\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n", fp);
	html_qp_encode(fp, text, tlen);
	return ferror(fp) ? -1 : 0;
}

static void
text_change(FILE *fp, int64_t cur, int64_t prev)
{
	__int128 t;
	int64_t d = cur - prev;		/* both >= 0: no overflow */
	char b[32];

	if (dr_count_is_sat(cur) || dr_count_is_sat(prev)) {
		fputs(" (no comparison: counts not known)", fp);
		return;
	}
	if (prev <= 0) {
		fputs(" (nothing in the previous window)", fp);
		return;
	}
	t = (__int128)(d < 0 ? -d : d) * 1000 / prev;
	html_fmt_int(prev, b, sizeof(b));
	if (d == 0)
		fprintf(fp, " (unchanged from %s)", b);
	else
		fprintf(fp, " (%s %d.%d%% from %s)", d > 0 ? "up" : "down",
		    (int)(t / 10), (int)(t % 10), b);
}

static void
text_domain(FILE *fp, const struct html_page *pg, size_t i)
{
	const struct weekly_domain *d = &pg->w->domains[i];
	const struct html_policy *pol = pg->policies ? &pg->policies[i] : NULL;
	const struct ready_domain *r;
	char a[32], b[32], c[32], what[256];
	size_t k, shown = 0;

	fputs("\n", fp);
	vis_fputs(fp, d->name);
	fputs("\n", fp);
	if ((r = html_ready_of(pg, d)) != NULL) {
		fputs("  Stricter policy (readiness, 28 days): ", fp);
		vis_fputs(fp, readiness_verdict_word(r->verdict));
		fputs(" -- ", fp);
		vis_fputs(fp, r->advice);
		fputs(".\n", fp);
	}
	if (dr_count_add(d->pass, d->fail) == 0) {
		fputs("  No report about this domain covers this window.\n", fp);
	} else {
		html_fmt_rate(d->pass, dr_count_add(d->pass, d->fail), a, sizeof(a));
		html_fmt_int(d->pass, b, sizeof(b));
		html_fmt_int(dr_count_add(d->pass, d->fail), c, sizeof(c));
		fprintf(fp, "  DMARC pass rate %s%% (%s of %s messages); ", a, b, c);
		html_fmt_int(d->fail, a, sizeof(a));
		fprintf(fp, "%s failed.\n", a);
		fprintf(fp, "  Dispositions: none %" PRId64 ", quarantine %" PRId64
		    ", reject %" PRId64 ", other %" PRId64 ".\n", d->disp_none,
		    d->disp_quarantine, d->disp_reject, d->disp_other);
	}
	if (pol != NULL && pol->checked) {
		fputs("  Published policy: ", fp);
		vis_fputs(fp, pol->record ? pol->record : "(no DMARC record)");
		fputs("\n", fp);
		for (k = 0; k < pol->n; k++) {
			fputs("  - ", fp);
			vis_fputs(fp, pol->f[k].text);
			fputs("\n", fp);
		}
	} else
		fputs("  DNS checks not run.\n", fp);
	for (k = 0; k < d->n_sources && shown < 5; k++, shown++) {
		const struct weekly_source *s = &d->sources[k];

		if (shown == 0)
			fputs("  Top failing sources:\n", fp);
		html_fmt_int(s->msgs, a, sizeof(a));
		fputs("    ", fp);
		vis_fputs(fp, s->ip);
		fprintf(fp, "  %s msgs  ", a);
		vis_fputs(fp, s->ptr ? s->ptr : "-");
		html_fmt_what(s->what, what, sizeof(what));
		fprintf(fp, "  %s%s\n", what, s->known ? "  (known)" : "");
	}
}

void
html_text_summary(FILE *fp, const struct html_page *pg)
{
	const struct weekly *w = pg->w;
	char a[16], b[16], t[48], n[32];
	size_t i;

	window_fmt_day(w->start, a, sizeof(a));
	window_fmt_day(w->end - WEEKLY_DAY, b, sizeof(b));
	html_fmt_time(pg->generated, t, sizeof(t));
	if (pg->label != NULL)
		fprintf(fp, "DMARC weekly summary, week %s\n", pg->label);
	else
		fprintf(fp, "DMARC summary, %s to %s\n", a, b);
	fprintf(fp, "Window: %s to %s (UTC). Generated %s.\n\n", a, b, t);
	if (w->reports == 0)
		fputs("No DMARC reports were received for this window.\n", fp);
	html_fmt_int(w->reports, n, sizeof(n));
	fprintf(fp, "Reports received: %s", n);
	text_change(fp, w->reports, w->prev_reports);
	fprintf(fp, "\nReporters: %zu\n", w->n_reporters);
	html_fmt_int(w->msgs, n, sizeof(n));
	fprintf(fp, "Messages seen: %s", n);
	text_change(fp, w->msgs, w->prev_msgs);
	html_fmt_rate(w->pass, w->msgs, n, sizeof(n));
	fprintf(fp, "\nPassed DMARC: %s%s\n", n, w->msgs > 0 ? "%" : "");
	for (i = 0; i < w->n_domains; i++)
		text_domain(fp, pg, i);
	fprintf(fp, "\nInputs rejected since %s: %" PRId64 "%s\n", a, w->rejects_total,
	    w->rejects_total > 0 ? " (listed in the HTML part)" : "");
}
