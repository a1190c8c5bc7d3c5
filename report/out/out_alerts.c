/*
 * report/out/out_alerts.c -- the text and JSON forms of
 * `dmarc-report alerts` (declared in out.h).
 *
 * Design rationale: an alert's text quotes report and DNS data (org
 * names, paths, reasons' details, records), so every string goes through
 * the sink's escaper: util/vis.h for text (control bytes, newlines, bidi
 * and other hidden code points as \xHH / \uHHHH: one alert stays one
 * line, and nothing reorders it) and the JSON writer.  The text is one
 * line per alert, most severe first:
 *   CRIT  new-source  <text>  [see: <command>]
 */
#include <inttypes.h>
#include <stdio.h>

#include "report/out/out.h"
#include "report/query/alerts.h"
#include "util/vis.h"

static const char *
sev_word(enum alert_sev s)
{
	return s == ALERT_CRIT ? "critical" : s == ALERT_WARN ? "warning" :
	    "notice";
}

static const char *
sev_tag(enum alert_sev s)
{
	return s == ALERT_CRIT ? "CRIT" : s == ALERT_WARN ? "WARN" : "NOTE";
}

int
out_alerts_text(FILE *fp, const struct alerts *a, bool only_new)
{
	const struct alert *x;
	size_t i;

	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		if (only_new && !x->is_new)
			continue;
		fprintf(fp, "%s  %-15s  ", sev_tag(x->sev), x->kind);
		vis_fputs(fp, x->text);
		if (x->cmd != NULL) {
			fputs("  [see: ", fp);
			vis_fputs(fp, x->cmd);
			fputc(']', fp);
		}
		fputc('\n', fp);
	}
	if (a->truncated)
		fprintf(fp, "NOTE  %-15s  more than %zu alerts: the rest are not"
		    " shown\n", "truncated", a->n);
	return ferror(fp) ? -1 : 0;
}

int
out_alerts_json(FILE *fp, const struct alerts *a, bool only_new, int64_t now,
    int64_t start)
{
	struct json_writer w;
	const struct alert *x;
	size_t i;

	json_init(&w, fp, true);
	json_obj_begin(&w);
	json_key(&w, "generated");
	json_int(&w, now);
	json_key(&w, "window_start");
	json_int(&w, start);
	json_key(&w, "truncated");
	json_bool(&w, a->truncated);
	json_key(&w, "alerts");
	json_arr_begin(&w);
	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		if (only_new && !x->is_new)
			continue;
		json_obj_begin(&w);
		json_key(&w, "severity");
		json_str(&w, sev_word(x->sev));
		json_key(&w, "kind");
		json_str(&w, x->kind);
		json_key(&w, "domain");
		json_str(&w, x->domain);
		json_key(&w, "subject");
		json_str(&w, x->subject);
		json_key(&w, "count");
		json_int(&w, x->count);
		json_key(&w, "text");
		json_str(&w, x->text);
		json_key(&w, "command");
		json_str(&w, x->cmd);
		json_key(&w, "key");
		json_str(&w, x->key);
		json_key(&w, "new");
		json_bool(&w, x->is_new);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	json_obj_end(&w);
	return json_finish(&w);
}
