// SPDX-License-Identifier: GPL-2.0
/*
 * html-page NAME FILE: write the HTML page of FILE's events to standard
 * output, with NAME as the source its title names (as the tool names its
 * input file).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../src/oomx.h"

static long long events;

static void on_event(struct oomx_event *ev, void *arg)
{
	struct oomx_analysis a;

	events++;
	if (!oomx_analyze(ev, &a))
		oomx_html_event(arg, &a);
	oomx_analysis_free(&a);
}

int main(int argc, char **argv)
{
	struct oomx_parser *p;
	char buf[1 << 16];
	size_t n;
	FILE *f;
	int rc;

	if (argc != 3 || !(f = fopen(argv[2], "rb"))) {
		fputs("usage: html-page NAME FILE\n", stderr);
		return 2;
	}
	oomx_html_begin_named(stdout, argv[1]);
	p = oomx_parser_new(on_event, stdout);
	if (!p)
		return 2;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (oomx_feed(p, buf, n))
			return 2;
	if (ferror(f) || oomx_finish(p))
		return 2;
	oomx_parser_free(p);
	fclose(f);
	rc = oomx_html_end(stdout, events);
	if (fflush(stdout) || rc)
		return 2;
	return events ? 0 : 1;
}
