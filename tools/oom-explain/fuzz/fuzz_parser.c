// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is a log.  The first byte picks a piece size
 * so that line carrying across feeds is exercised; every event is analysed
 * and written as text, JSON, facts and the HTML page.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../src/oomx.h"

static FILE *sink;

static void on_event(struct oomx_event *ev, void *arg)
{
	struct oomx_analysis a;

	(void)arg;
	if (!oomx_analyze(ev, &a)) {
		oomx_report_text(sink, &a);
		oomx_report_json(sink, &a);
		oomx_report_facts(sink, &a);
		oomx_html_event(sink, &a);
	}
	oomx_analysis_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomx_parser *p;
	size_t piece, off;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink || !size)
		return 0;
	piece = (size_t)(data[0] % 64) + 1;
	if (data[0] >= 128)
		piece = size;
	data++;
	size--;
	p = oomx_parser_new(on_event, NULL);
	if (!p)
		return 0;
	for (off = 0; off < size; off += piece)
		oomx_feed(p, (const char *)data + off,
			  size - off < piece ? size - off : piece);
	oomx_finish(p);
	oomx_parser_free(p);
	return 0;
}
