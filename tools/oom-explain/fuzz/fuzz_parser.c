// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is a log.  The first byte picks a piece size
 * so that line carrying across feeds is exercised; every event is analysed
 * and written as text, JSON, facts and the HTML page.  What is written is
 * checked: the text and facts as the tool shows them, the JSON and the
 * page hold nothing that oomx_show() would escape (newlines apart), the
 * JSON parses as UTF-8 JSON, and the event holds no more than its limits
 * (the Makefile builds this target with small ones).  The events are also
 * counted in a --summary, written as text, JSON and page the same way.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../src/oomx.h"

/*
 * FUZZ_PARSE_ONLY=1 builds the fast target: the parser, its limits and
 * the analysis, without writing the outputs (fuzz-parse, for long runs).
 */
#ifndef FUZZ_PARSE_ONLY
#define FUZZ_PARSE_ONLY 0
#endif

/* abort if s holds anything but what is shown as it is, and newlines */
static void shown_safe(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k;
		unsigned int c;

		if (s[i] == '\n') {
			i++;
			continue;
		}
		if (oomx_show((const unsigned char *)s + i, n - i, &k, &c) !=
		    OOMX_SHOW_AS_IS)
			abort();
		i += k;
	}
}

/* run one writer into memory; returns its output (free it) */
static char *written(void (*w)(FILE *, const struct oomx_analysis *),
		     const struct oomx_analysis *a, size_t *len)
{
	char *text = NULL;
	FILE *m = open_memstream(&text, len);

	if (!m)
		return NULL;
	w(m, a);
	if (fclose(m)) {
		free(text);
		return NULL;
	}
	return text;
}

static void check_escaped(void (*w)(FILE *, const struct oomx_analysis *),
			  const struct oomx_analysis *a)
{
	size_t len = 0, elen = 0;
	char *raw = written(w, a, &len), *esc = NULL;
	FILE *m;

	if (!raw)
		return;
	m = open_memstream(&esc, &elen);
	if (m) {
		oomx_write_escaped(m, raw, len);
		if (!fclose(m))
			shown_safe(esc, elen);
	}
	free(esc);
	free(raw);
}

static void check_json(const struct oomx_analysis *a)
{
	size_t len = 0;
	char *js = written(oomx_report_json, a, &len);
	struct json_tokener *tok;
	json_object *o;

	if (!js)
		return;
	shown_safe(js, len);
	tok = json_tokener_new();
	if (tok) {
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
				       JSON_TOKENER_VALIDATE_UTF8);
		o = json_tokener_parse_ex(tok, js, (int)len);
		if (!o && len)
			abort();
		json_object_put(o);
		json_tokener_free(tok);
	}
	free(js);
}

static void check_html(const struct oomx_analysis *a)
{
	size_t len = 0;
	char *page = written(oomx_html_event, a, &len);

	if (page)
		shown_safe(page, len);
	free(page);
}

static void on_event(struct oomx_event *ev, void *arg)
{
	struct oomx_summary *sum = arg;
	struct oomx_analysis a;
	size_t i;

	if (ev->nr_tasks > OOMX_MAX_TASKS || ev->nr_zones > OOMX_MAX_ZONES ||
	    ev->str.len > OOMX_STR_MAX)
		abort();
	for (i = 0; i < ev->nr_zones; i++)
		if (ev->zones[i].nr_reserve > OOMX_MAX_RESERVE)
			abort();
	for (i = 0; i < ev->nr_tasks; i++)
		if (ev->tasks[i].name &&
		    strlen(oomx_str(ev, ev->tasks[i].name)) > OOMX_NAME_MAX)
			abort();
	if (!oomx_analyze(ev, &a) && !FUZZ_PARSE_ONLY) {
		check_escaped(oomx_report_text, &a);
		check_escaped(oomx_report_facts, &a);
		check_json(&a);
		check_html(&a);
		if (sum)
			oomx_summary_add(sum, &a);
	}
	oomx_analysis_free(&a);
}

/* the summary's writers, their output checked as the events' is */
static void check_summary(const struct oomx_summary *sum)
{
	void (*const w[])(FILE *, const struct oomx_summary *) = {
		oomx_summary_text, oomx_summary_json, oomx_summary_html,
	};
	size_t i, len;
	char *out;
	FILE *m;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		out = NULL;
		len = 0;
		m = open_memstream(&out, &len);
		if (!m)
			continue;
		w[i](m, sum);
		if (!fclose(m) && i)
			shown_safe(out, len);
		free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomx_parser *p;
	struct oomx_summary *sum = NULL;
	size_t piece, off;
	static FILE *skipped;

	if (!skipped)
		skipped = fopen("/dev/null", "w");
	if (!size)
		return 0;
	piece = (size_t)(data[0] % 64) + 1;
	if (data[0] >= 128)
		piece = size;
	data++;
	size--;
	if (!FUZZ_PARSE_ONLY) {
		sum = oomx_summary_new();
		if (sum && oomx_summary_input(sum, "fuzz")) {
			oomx_summary_free(sum);
			sum = NULL;
		}
	}
	p = oomx_parser_new(on_event, sum);
	if (!p) {
		oomx_summary_free(sum);
		return 0;
	}
	oomx_parser_list_skipped(p, skipped, NULL);
	for (off = 0; off < size; off += piece)
		oomx_feed(p, (const char *)data + off,
			  size - off < piece ? size - off : piece);
	oomx_finish(p);
	oomx_parser_free(p);
	if (sum)
		check_summary(sum);
	oomx_summary_free(sum);
	return 0;
}
