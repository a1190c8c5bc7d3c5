/*
 * util/limits.h -- every cap dmarc-rua applies to hostile input, in one place.
 *
 * Design rationale: anyone can mail a rua address, so every byte that enters
 * is bounded where it enters.  Each cap has a compiled-in default (here), a
 * command-line flag that can change it (see struct dr_limits), and a reason.
 * The numbers are chosen so that every real report in the field fits with a
 * wide margin while every bomb in the hostile corpus stops early.
 */
#ifndef DR_LIMITS_H
#define DR_LIMITS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Largest message file read from a Maildir (bytes).  Real report mails are a
 * few KiB to a few MiB; 64 MiB leaves room for a million-record gzip report.
 */
#define DR_MAX_MESSAGE_BYTES	(64u * 1024 * 1024)

/*
 * Bytes produced by decompressing one payload (gzip stream or zip member).
 * Counted on what zlib/libzip actually produce, never on declared sizes.
 * 1 GiB would admit the corpus bombs (1.1 GiB), so the default stays at
 * 512 MiB: room for a 1,000,000-record report (about 350 MiB of XML) while
 * the bombs stop half way.  Memory does not depend on it (streaming).
 */
#define DR_MAX_DECOMPRESSED	((uint64_t)512 * 1024 * 1024)

/* Members looked at in one zip; a real report zip has exactly one. */
#define DR_MAX_ZIP_MEMBERS	16

/* MIME nesting (multipart and message/rfc822 inside each other). */
#define DR_MAX_MIME_DEPTH	8

/* Leaf parts looked at in one message (many-attachments.eml has 1,000). */
#define DR_MAX_MIME_PARTS	2048

/* XML element depth; real reports nest at most 6 deep. */
#define DR_MAX_XML_DEPTH	32

/* Longest text value of any single field (free text: comments, e-mail). */
#define DR_MAX_FIELD_LEN	4096

/* report_id and domain names have tighter caps. */
#define DR_MAX_REPORT_ID_LEN	512
#define DR_MAX_DOMAIN_LEN	253

/* Records in one report (a huge Google report has ~100,000 rows). */
#define DR_MAX_RECORDS		((int64_t)5 * 1000 * 1000)

/*
 * Counts and dates a real report never exceeds (issue 15 item 4).  The
 * busiest receivers report millions of messages per record and per day;
 * 2^40 (~1.1e12) per record and 2^44 (~1.8e13) per report are far above
 * that, and keep the sum of half a million maximal reports inside 64 bits,
 * so no sum over a database the ingest wrote can overflow.  Dates: after
 * 1970-01-01 (0 and negative seconds are not dates; the RFC's own sample
 * reports are dated 1975 and 1979, and real tools test with them, so no
 * later floor), not more than a year after the ingest runs, and a range of
 * at most 92 days (receivers report daily, some weekly; one real report
 * in ../shared covers 47 days).  A timestamp of 10^11 or more (year 5138)
 * is taken for milliseconds: divided by 1000, with a warning.
 */
#define DR_MAX_RECORD_COUNT	((int64_t)1 << 40)
#define DR_MAX_REPORT_MESSAGES	((int64_t)1 << 44)
#define DR_MIN_REPORT_TIME	((int64_t)1)
#define DR_MAX_FUTURE_SECONDS	((int64_t)366 * 86400)
#define DR_MAX_REPORT_RANGE	((int64_t)92 * 86400)
#define DR_MS_TIMESTAMP		((int64_t)100000000000)

/* Auth results and reasons kept per record (RFC 9990: <= 100 DKIM). */
#define DR_MAX_AUTH_PER_RECORD	128

/*
 * Hard limits: the largest value a --max-* flag may set.  dmarc-ingest
 * refuses a larger one (exit 64) rather than running with a cap nobody
 * asked for.  Decompressed bytes: 1 GiB still stops the 1.1 GiB bombs.
 * MIME depth bounds the walker's recursion; XML depth is libxml2's own
 * limit; the counts and the field length keep memory and time finite.
 * The message size and the record count have no hard limit beyond the
 * number's range: the file is read with its size checked, and records are
 * streamed.
 */
#define DR_HARD_MAX_DECOMPRESSED	((uint64_t)1024 * 1024 * 1024)
#define DR_HARD_MAX_ZIP_MEMBERS		1000000
#define DR_HARD_MAX_MIME_DEPTH		64
#define DR_HARD_MAX_MIME_PARTS		1000000
#define DR_HARD_MAX_XML_DEPTH		256
#define DR_HARD_MAX_FIELD_LEN		1000000

_Static_assert(DR_MAX_DECOMPRESSED <= DR_HARD_MAX_DECOMPRESSED, "default within hard limit");
_Static_assert(DR_MAX_ZIP_MEMBERS <= DR_HARD_MAX_ZIP_MEMBERS, "default within hard limit");
_Static_assert(DR_MAX_MIME_DEPTH <= DR_HARD_MAX_MIME_DEPTH, "default within hard limit");
_Static_assert(DR_MAX_MIME_PARTS <= DR_HARD_MAX_MIME_PARTS, "default within hard limit");
_Static_assert(DR_MAX_XML_DEPTH <= DR_HARD_MAX_XML_DEPTH, "default within hard limit");
_Static_assert(DR_MAX_FIELD_LEN <= DR_HARD_MAX_FIELD_LEN, "default within hard limit");
_Static_assert(DR_MAX_REPORT_ID_LEN <= DR_MAX_FIELD_LEN, "id cap within field cap");
_Static_assert(DR_MAX_DOMAIN_LEN <= DR_MAX_FIELD_LEN, "domain cap within field cap");
_Static_assert(DR_MAX_MESSAGE_BYTES < DR_MAX_DECOMPRESSED, "message cap below inflate cap");
_Static_assert(DR_MAX_FIELD_LEN < 10000000, "below libxml2's own text-node limit");

/*
 * dmarc-report's DNS: each query waits DR_DNS_TIMEOUT_MS per try, for
 * DR_DNS_TRIES tries, so one unanswered name costs at most 4 s while every
 * query of a run is in flight at once.  `check --timeout/--tries` override
 * them up to the hard limits below (a longer wait only hides a dead
 * resolver); an override above them is refused (exit 64), never clamped.
 */
#define DR_DNS_TIMEOUT_MS	2000
#define DR_DNS_TRIES		2
#define DR_HARD_DNS_TIMEOUT_MS	60000
#define DR_HARD_DNS_TRIES	10
/* --dns-server A,B,...: resolv.conf allows 3 (MAXNS); a few more for tests
 * and split set-ups, each tried in turn on a timeout, SERVFAIL or REFUSED. */
#define DR_DNS_MAX_SERVERS	8

/*
 * DNS caps of dmarc-report.  Queries in flight on the one c-ares channel
 * (more wait their turn, so thousands of domains never open thousands of
 * sockets); answer records and TXT bytes kept per answer (a hostile zone
 * cannot make one answer cost more); per domain checked: DKIM selectors,
 * source IPs evaluated against SPF, MX hosts; domains on one `check`
 * command line.
 */
#define DR_DNS_MAX_INFLIGHT	256
#define DR_DNS_MAX_RR		256
/* CNAME links followed inside one answer (report/dns/answer.c): resolvers
 * follow about as many (Unbound 11, BIND 16); a longer chain, or a loop,
 * is an error, never a record. */
#define DR_DNS_MAX_CNAME	16
#define DR_DNS_TXT_MAX		(64 * 1024)
/*
 * IP-to-ASN answers (report/dns/asn.c, the origin/origin6/AS<n> TXT zones
 * of asn.cymru.com or a mirror): cached as long as the answer's TTL says,
 * clamped like PTR answers -- asked at most hourly (the zone's records
 * change daily at most) and at least weekly (a prefix moves between
 * networks).  A TXT string of these zones is one short line; one longer
 * than DR_ASN_TXT_MAX is garbage, not an answer.  An AS name longer than
 * DR_ASN_NAME_MAX - 1 bytes is cut there (the longest names registered
 * are about 100); DR_ASN_MOAS caps the origin ASNs listed for a prefix.
 */
#define DR_ASN_TTL_MIN		3600
#define DR_ASN_TTL_MAX		(7 * 86400)
#define DR_ASN_TXT_MAX		512
#define DR_ASN_NAME_MAX		128
#define DR_ASN_MOAS		8
#define DR_CHECK_MAX_SELECTORS	32
#define DR_CHECK_MAX_IPS	4096
#define DR_CHECK_MAX_MX		32
#define DR_CHECK_MAX_DOMAINS	100000

/*
 * The configuration file (util/conf.c): written by an administrator, but
 * read by root from /etc, so still bounded.  A line longer than
 * DR_CONF_MAX_LINE bytes or a file over DR_CONF_MAX_BYTES is an error
 * (no key needs more: a path is at most PATH_MAX, 4096); the `domains`
 * list holds as many names as --domain takes (REPORT_MAX_DOMAINS).
 */
#define DR_CONF_MAX_LINE	4096
#define DR_CONF_MAX_BYTES	(64 * 1024)
#define DR_CONF_MAX_DOMAINS	64

/*
 * The catalogue of sending services (util/svccat.h): a local services
 * file over DR_SVC_MAX_BYTES is an error (the shipped one is about 60 KB;
 * 4 MiB is room for tens of thousands of an admin's own rules), and a line
 * over DR_CONF_MAX_LINE is one too.
 */
#define DR_SVC_MAX_BYTES	(4 * 1024 * 1024)

/* A name as text: DR_MAX_DOMAIN_LEN octets (RFC 1035, no trailing dot)
 * and the NUL.  Every buffer that holds a domain name has this size. */
#define DR_DOMAIN_BUF		(DR_MAX_DOMAIN_LEN + 1)

/* How much of a hostile value a finding quotes ("p=rejetc..."): enough to
 * recognize it, short enough to keep a finding on one line. */
#define DR_QUOTE_LEN		64

_Static_assert(DR_DNS_TIMEOUT_MS <= DR_HARD_DNS_TIMEOUT_MS, "timeout within its hard limit");
_Static_assert(DR_DNS_TRIES <= DR_HARD_DNS_TRIES, "tries within their hard limit");
_Static_assert(DR_ASN_TTL_MIN <= DR_ASN_TTL_MAX, "ASN TTL clamp is a range");
_Static_assert(DR_ASN_TXT_MAX <= DR_DNS_TXT_MAX, "ASN TXT cap within the TXT cap");

/*
 * dmarc-report alerts: at most DR_ALERTS_MAX alerts per run (a mail of a
 * thousand lines is already past reading; the rest is counted, not
 * shown), and each alert text cut to DR_ALERT_TEXT_MAX bytes at a UTF-8
 * boundary (it quotes report data such as org names and paths; one alert
 * stays one line).  DR_ALERT_DNS_TARGETS caps the (domain, selector)
 * pairs the alerts' DNS checks look at in one run.
 */
#define DR_ALERTS_MAX		1000
#define DR_ALERT_TEXT_MAX	400
#define DR_ALERT_DNS_TARGETS	10000
_Static_assert(DR_ALERT_TEXT_MAX > 3 * DR_QUOTE_LEN, "an alert quotes several values");

/*
 * dmarc-report readiness (a stricter policy, issue 12).  The default window
 * is DR_READY_DAYS = 28 days: four whole weeks, so each weekday and any
 * weekly or monthly sender (newsletters, invoices) is seen at least four
 * times, and short enough that a service fixed a month ago no longer
 * counts against the domain.  Below DR_READY_MIN_REPORTS reports (a
 * week of one reporter's daily reports), DR_READY_MIN_REPORTERS
 * reporters (one receiver sees only its own users' mail) or
 * DR_READY_MIN_MESSAGES messages the verdict is not-enough-data.  Known
 * services (and your own servers) failing DMARC above
 * DR_READY_FIX_PERMILLE of the legitimate mail (1 %: a misconfigured
 * service, not noise) must be fixed first; between DR_READY_PCT_PERMILLE
 * (0.1 %) and that, the advice is the stricter policy with pct=25 first.
 * Spoofed mail (unknown senders) never counts against readiness: it is
 * what the stricter policy is for.
 */
#define DR_READY_DAYS		28
#define DR_READY_MIN_REPORTS	7
#define DR_READY_MIN_REPORTERS	2
#define DR_READY_MIN_MESSAGES	100
#define DR_READY_FIX_PERMILLE	10
#define DR_READY_PCT_PERMILLE	1
_Static_assert(DR_READY_PCT_PERMILLE < DR_READY_FIX_PERMILLE,
    "the pct band lies below the fix-first threshold");

/* The caps in force for one run; dr_limits_default() fills the defaults. */
struct dr_limits {
	uint64_t	max_message_bytes;
	uint64_t	max_decompressed;
	int		max_zip_members;
	int		max_mime_depth;
	int		max_mime_parts;
	int		max_xml_depth;
	size_t		max_field_len;
	int64_t		max_records;
};

void	dr_limits_default(struct dr_limits *lim);

#endif
