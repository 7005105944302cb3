// SPDX-License-Identifier: GPL-2.0
/*
 * oom-explain: say why the OOM killer ran, with the arithmetic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oomx.h"

#define BLOCK	(4u << 20)

enum { OUT_TEXT, OUT_JSON, OUT_FACTS, OUT_COUNT };

struct ctx {
	int out;
	long long events;
	int failed;
};

static void usage(FILE *f)
{
	fputs("Usage: oom-explain [--json | --facts | --count] [--skipped] [FILE | -]\n"
	      "\n"
	      "Read a kernel log (dmesg, dmesg -T, journalctl -k, syslog, console or\n"
	      "QEMU serial capture) and explain every OOM-killer report in it.\n"
	      "\n"
	      "  --json    one JSON object per event (JSON Lines); see README.md\n"
	      "  --facts   flat key=value lines, one fact a line (used by the tests)\n"
	      "  --count   print only the number of events found\n"
	      "  --skipped list the unrecognised lines inside events on stderr\n"
	      "  --decode-gfp MASK [--kernel X.Y]\n"
	      "            print the flag names of a GFP mask for that kernel version\n"
	      "  -h, --help  this text\n"
	      "\n"
	      "Exit status: 0 if at least one event was explained, 1 if none was\n"
	      "found, 2 on bad usage or an unreadable input.\n", f);
}

static void on_event(struct oomx_event *ev, void *arg)
{
	struct ctx *c = arg;
	struct oomx_analysis a;

	c->events++;
	if (c->out == OUT_COUNT)
		return;
	if (oomx_analyze(ev, &a)) {
		c->failed = 1;
		oomx_analysis_free(&a);
		return;
	}
	if (c->out == OUT_JSON) {
		oomx_report_json(stdout, &a);
	} else {
		/* log text may hold escape sequences: never pass them raw */
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (!m) {
			c->failed = 1;
		} else {
			if (c->out == OUT_FACTS)
				oomx_report_facts(m, &a);
			else
				oomx_report_text(m, &a);
			if (fclose(m))
				c->failed = 1;
			else
				oomx_write_escaped(stdout, text, len);
		}
		free(text);
	}
	fflush(stdout);
	oomx_analysis_free(&a);
}

/* --decode-gfp MASK [--kernel X.Y]: print the flag names */
static int decode_gfp(const char *mask, const char *kver)
{
	struct oomx_buf out = { 0 };
	const struct oomx_gfp_era *era;
	unsigned long long m;
	int major = -1, minor = -1, patch = -1;
	char *end;

	errno = 0;
	m = strtoull(mask, &end, 16);
	if (errno || end == mask || *end) {
		fprintf(stderr, "oom-explain: bad GFP mask '%s'\n", mask);
		return 2;
	}
	if (kver && (sscanf(kver, "%d.%d.%d", &major, &minor, &patch) < 2 ||
		     major < 2 || major > 99 || minor < 0 || minor > 999 ||
		     patch > 999)) {
		fprintf(stderr, "oom-explain: bad kernel version '%s'\n", kver);
		return 2;
	}
	era = oomx_gfp_decode(m, major, minor, patch, &out);
	if (!era) {
		oomx_buf_free(&out);
		return 2;
	}
	printf("%s\n", out.p);
	if (!kver)
		fprintf(stderr, "oom-explain: no --kernel: used the %s table\n",
			era->name);
	oomx_buf_free(&out);
	return 0;
}

int main(int argc, char **argv)
{
	struct ctx c = { .out = OUT_TEXT };
	const char *path = NULL;
	struct oomx_parser *p;
	char *buf;
	int fd = 0, i, rc = 0, list_skipped = 0;
	const char *gfp_arg = NULL, *kver_arg = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			c.out = OUT_JSON;
		} else if (!strcmp(argv[i], "--facts")) {
			c.out = OUT_FACTS;
		} else if (!strcmp(argv[i], "--decode-gfp") && i + 1 < argc) {
			gfp_arg = argv[++i];
		} else if (!strcmp(argv[i], "--kernel") && i + 1 < argc) {
			kver_arg = argv[++i];
		} else if (!strcmp(argv[i], "--skipped")) {
			list_skipped = 1;
		} else if (!strcmp(argv[i], "--count")) {
			c.out = OUT_COUNT;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "oom-explain: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (path) {
			fputs("oom-explain: only one input file\n", stderr);
			usage(stderr);
			return 2;
		} else {
			path = argv[i];
		}
	}
	if (gfp_arg)
		return decode_gfp(gfp_arg, kver_arg);
	if (kver_arg) {
		fputs("oom-explain: --kernel goes with --decode-gfp\n", stderr);
		return 2;
	}
	if (path && strcmp(path, "-")) {
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "oom-explain: %s: %s\n", path, strerror(errno));
			return 2;
		}
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	buf = malloc(BLOCK);
	p = oomx_parser_new(on_event, &c);
	if (!buf || !p) {
		fputs("oom-explain: out of memory\n", stderr);
		free(buf);
		oomx_parser_free(p);
		return 2;
	}
	if (list_skipped)
		oomx_parser_list_skipped(p, stderr);
	for (;;) {
		ssize_t n = read(fd, buf, BLOCK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "oom-explain: read: %s\n", strerror(errno));
			rc = 2;
			break;
		}
		if (n == 0)
			break;
		if (oomx_feed(p, buf, (size_t)n)) {
			fputs("oom-explain: out of memory\n", stderr);
			rc = 2;
			break;
		}
	}
	if (!rc && oomx_finish(p)) {
		fputs("oom-explain: out of memory\n", stderr);
		rc = 2;
	}
	oomx_parser_free(p);
	free(buf);
	if (fd > 0)
		close(fd);
	if (c.out == OUT_COUNT)
		printf("%lld\n", c.events);
	if (rc)
		return rc;
	if (c.failed)
		return 2;
	if (!c.events) {
		if (c.out == OUT_TEXT)
			fputs("oom-explain: no OOM-killer report found\n", stderr);
		return 1;
	}
	return 0;
}
