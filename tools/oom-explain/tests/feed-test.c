// SPDX-License-Identifier: GPL-2.0
/*
 * Feed a file to the parser whole and in small pieces; the facts printed
 * for every event must be the same whatever the piece size.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/oomx.h"

static void on_event(struct oomx_event *ev, void *arg)
{
	FILE *f = arg;
	struct oomx_analysis a;

	if (!oomx_analyze(ev, &a))
		oomx_report_facts(f, &a);
	oomx_analysis_free(&a);
}

static char *facts(const char *data, size_t len, size_t piece, size_t *olen)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, olen);
	struct oomx_parser *p = oomx_parser_new(on_event, f);
	size_t off;

	if (!f || !p)
		exit(2);
	for (off = 0; off < len; off += piece)
		if (oomx_feed(p, data + off, len - off < piece ? len - off : piece))
			exit(2);
	if (oomx_finish(p))
		exit(2);
	oomx_parser_free(p);
	fclose(f);
	return out;
}

int main(int argc, char **argv)
{
	static const size_t pieces[] = { 1, 7, 4093 };
	FILE *f;
	char *data, *whole;
	size_t len, wlen, i;
	long n;

	if (argc != 2 || !(f = fopen(argv[1], "rb")))
		return 2;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		return 2;
	len = (size_t)n;
	data = malloc(len ? len : 1);
	if (!data || fread(data, 1, len, f) != len)
		return 2;
	fclose(f);
	whole = facts(data, len, len ? len : 1, &wlen);
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		size_t plen;
		char *part = facts(data, len, pieces[i], &plen);

		if (plen != wlen || memcmp(part, whole, wlen)) {
			fprintf(stderr, "facts differ with %zu-byte pieces\n", pieces[i]);
			return 1;
		}
		free(part);
	}
	if (!wlen) {
		fprintf(stderr, "no event found\n");
		return 1;
	}
	free(whole);
	free(data);
	return 0;
}
