/*
 * ingest/unpack/unzip.c -- zip archives in memory through libzip, streamed.
 *
 * Design rationale:
 * - libzip reads the central directory; the archive is never extracted to
 *   disk and member names (zip-slip "../../x") are only ever text.
 * - The member count is checked before anything is walked, first on the
 *   end-of-central-directory record (before libzip allocates per entry),
 *   then on what libzip found: a real report zip has one member
 *   (many-members.zip has 4,096).  Directories, __MACOSX/ and dot-files
 *   count but are not read.
 * - Sizes in the headers are claims.  Each member is pulled with
 *   zip_fread() and the bytes actually produced are counted against the
 *   cap.  Producing more than the central directory declared is itself a
 *   size mismatch (R_ZIP_CRC), so a bomb that lies about its size
 *   (zip-bomb-lying-size.zip claims 1,000 bytes) stops right there instead
 *   of at the cap.
 * - The cap is on the archive, not on each member: every byte a member
 *   produces is counted against what the members before it left, so 16
 *   members of just under the cap are one cap's worth of work, not 16.
 * - libzip checks the CRC-32 when a member is read to its end; the member
 *   is therefore drained after the parser returns, and ZIP_ER_CRC becomes
 *   R_ZIP_CRC.
 * - Only STORE and DEFLATE are accepted: every report sender uses one of
 *   them, and refusing the rest (bzip2, xz, zstd ...) keeps the
 *   decompressors exposed to hostile input to one, zlib.
 * - ZIP_CHECKCONS is not used: it rejects archives that real senders
 *   produce (see the tests) and adds nothing the CRC and size checks on
 *   the members we read do not already give.
 */
#include <stdint.h>
#include <string.h>
#include <zip.h>

#include "ingest/unpack/unpack_int.h"
#include "ingest/unpack/unzip.h"

struct member {
	zip_file_t	*zf;
	const char	*name;
	uint64_t	 produced;
	uint64_t	 max;
	uint64_t	 declared;
	bool		 has_declared;
};

bool
unzip_is_ignored(const char *name)
{
	const char *base;
	size_t n;

	if (name == NULL)
		return false;
	n = strlen(name);
	if (n > 0 && (name[n - 1] == '/' || name[n - 1] == '\\'))
		return true;
	if (strncmp(name, "__MACOSX/", 9) == 0)
		return true;
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	return base[0] == '.';
}

static enum dr_reason
zip_reason(int code)
{
	switch (code) {
	case ZIP_ER_CRC:
		return R_ZIP_CRC;
	case ZIP_ER_MEMORY:
		return R_NOMEM;
	case ZIP_ER_COMPNOTSUPP:
		return R_ZIP_METHOD;
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return R_ZIP_ENCRYPTED;
	default:
		return R_ZIP_CORRUPT;
	}
}

static ssize_t
member_pull(void *vm, unsigned char *buf, size_t len, struct dr_err *err)
{
	struct member *m = vm;
	zip_error_t *ze;
	zip_int64_t n;

	n = zip_fread(m->zf, buf, len);
	if (n < 0) {
		ze = zip_file_get_error(m->zf);
		return dr_fail(err, zip_reason(zip_error_code_zip(ze)),
		    "member %s: %s", m->name, zip_error_strerror(ze));
	}
	m->produced += (uint64_t)n;
	if (m->has_declared && m->produced > m->declared)
		return dr_fail(err, R_ZIP_CRC,
		    "member %s inflates past its declared size %llu",
		    m->name, (unsigned long long)m->declared);
	if (m->produced > m->max)
		return dr_fail(err, R_TOO_BIG, "member %s exceeds what is left of"
		    " the archive's decompression cap", m->name);
	return (ssize_t)n;
}

/* Checks one member's metadata before it is opened. */
static int
member_check(const zip_stat_t *st, struct dr_err *err)
{
	if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st->encryption_method != ZIP_EM_NONE)
		return dr_fail(err, R_ZIP_ENCRYPTED, "member %s", st->name);
	if ((st->valid & ZIP_STAT_COMP_METHOD) &&
	    st->comp_method != ZIP_CM_STORE &&
	    st->comp_method != ZIP_CM_DEFLATE)
		return dr_fail(err, R_ZIP_METHOD, "member %s: method %u",
		    st->name, (unsigned)st->comp_method);
	return 0;
}

/*
 * Opens, sniffs and (when XML) delivers one member.  *is_xml tells the
 * caller whether it was a payload; *budget (bytes the archive may still
 * produce) loses what the member produced.
 */
static int
member_walk(zip_t *za, zip_uint64_t i, const zip_stat_t *st,
    uint64_t *budget, unpack_fn fn, void *ctx, bool *is_xml,
    struct dr_err *err)
{
	struct member m = { NULL, st->name, 0, *budget, 0, false };
	struct payload p;
	enum sniff_kind k;
	int rc = -1;

	*is_xml = false;
	if (st->valid & ZIP_STAT_SIZE) {
		m.declared = st->size;
		m.has_declared = true;
	}
	if ((m.zf = zip_fopen_index(za, i, 0)) == NULL) {
		zip_error_t *ze = zip_get_error(za);

		return dr_fail(err, zip_reason(zip_error_code_zip(ze)),
		    "member %s: %s", st->name, zip_error_strerror(ze));
	}
	payload_init(&p, member_pull, &m, err);
	if (payload_peek(&p, &k, err) == -1)
		goto done;
	switch (k) {
	case SNIFF_XML:
		*is_xml = true;
		rc = payload_deliver(&p, st->name, fn, ctx, err);
		break;
	case SNIFF_GZIP:
	case SNIFF_ZIP:
		(void)dr_fail(err, R_NESTED_ARCHIVE, "%s inside zip member %s",
		    sniff_name(k), st->name);
		break;
	default:
		rc = 0;		/* not a report: skipped unread */
		break;
	}
done:
	zip_fclose(m.zf);
	*budget -= m.produced < *budget ? m.produced : *budget;
	return rc;
}

static uint64_t
get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/*
 * The member count the end-of-central-directory record claims (zip64
 * included), or -1 when there is none.  libzip allocates an entry for
 * each before we could count them (80 MB for a 17 MB zip of 200,000 empty
 * members), so a count over the cap is refused before libzip opens the
 * archive.  A count that lies low only lowers what libzip allocates.
 */
static int64_t
eocd_entries(const unsigned char *d, size_t len)
{
	size_t i, lim, z;
	uint64_t n;

	if (len < 22)
		return -1;
	lim = len - 22 > 65535 ? len - 22 - 65535 : 0;
	for (i = len - 22 + 1; i-- > lim;) {
		if (memcmp(d + i, "PK\x05\x06", 4) != 0)
			continue;
		n = get_le(d + i + 10, 2);
		if (n == 0xFFFF && i >= 20 &&
		    memcmp(d + i - 20, "PK\x06\x07", 4) == 0) {
			z = (size_t)get_le(d + i - 20 + 8, 8);
			if (z < len && len - z >= 56 &&
			    memcmp(d + z, "PK\x06\x06", 4) == 0)
				n = get_le(d + z + 32, 8);
		}
		return n > INT64_MAX ? INT64_MAX : (int64_t)n;
	}
	return -1;
}

int
unzip_payloads(const unsigned char *data, size_t len,
    const struct dr_limits *lim, unpack_fn fn, void *ctx, struct dr_err *err)
{
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	zip_stat_t st;
	zip_int64_t n;
	zip_uint64_t i;
	int files = 0, xml = 0, rc = -1;
	uint64_t budget = lim->max_decompressed;
	bool is_xml;

	zip_error_init(&ze);
	if ((n = eocd_entries(data, len)) > lim->max_zip_members) {
		(void)dr_fail(err, R_ZIP_TOO_MANY, "%lld members (cap %d)",
		    (long long)n, lim->max_zip_members);
		goto done;
	}
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		(void)dr_fail(err, zip_reason(zip_error_code_zip(&ze)), "%s",
		    zip_error_strerror(&ze));
		goto done;
	}
	if ((za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		(void)dr_fail(err, zip_reason(zip_error_code_zip(&ze)), "%s",
		    zip_error_strerror(&ze));
		zip_source_free(src);
		goto done;
	}
	n = zip_get_num_entries(za, 0);
	if (n < 0) {
		(void)dr_fail(err, R_ZIP_CORRUPT, "no central directory");
		goto done;
	}
	if (n > lim->max_zip_members) {
		(void)dr_fail(err, R_ZIP_TOO_MANY, "%lld members (cap %d)",
		    (long long)n, lim->max_zip_members);
		goto done;
	}
	for (i = 0; i < (zip_uint64_t)n; i++) {
		if (zip_stat_index(za, i, 0, &st) == -1) {
			(void)dr_fail(err, R_ZIP_CORRUPT, "member %llu: %s",
			    (unsigned long long)i, zip_strerror(za));
			goto done;
		}
		if (!(st.valid & ZIP_STAT_NAME) || st.name == NULL)
			st.name = "";
		if (unzip_is_ignored(st.name))
			continue;
		files++;
		if (member_check(&st, err) == -1)
			goto done;
		if (member_walk(za, i, &st, &budget, fn, ctx, &is_xml, err) == -1)
			goto done;
		if (is_xml)
			xml++;
	}
	if (files == 0)
		(void)dr_fail(err, R_ZIP_EMPTY, "no file in the zip");
	else if (xml == 0)
		(void)dr_fail(err, R_MEMBER_NOT_XML, "%d member%s, none is XML",
		    files, files == 1 ? "" : "s");
	else
		rc = 0;
done:
	zip_error_fini(&ze);
	if (za != NULL)
		zip_discard(za);
	return rc;
}
