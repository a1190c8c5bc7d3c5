/* util/limits.c -- the defaults of struct dr_limits (see limits.h). */
#include "util/limits.h"

void
dr_limits_default(struct dr_limits *lim)
{
	lim->max_message_bytes = DR_MAX_MESSAGE_BYTES;
	lim->max_decompressed = DR_MAX_DECOMPRESSED;
	lim->max_zip_members = DR_MAX_ZIP_MEMBERS;
	lim->max_mime_depth = DR_MAX_MIME_DEPTH;
	lim->max_mime_parts = DR_MAX_MIME_PARTS;
	lim->max_xml_depth = DR_MAX_XML_DEPTH;
	lim->max_field_len = DR_MAX_FIELD_LEN;
	lim->max_records = DR_MAX_RECORDS;
}
