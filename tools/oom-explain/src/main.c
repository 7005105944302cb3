// SPDX-License-Identifier: GPL-2.0
/*
 * oom-explain: say why the OOM killer ran, with the arithmetic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "oomx.h"

#define BLOCK	(4u << 20)
#define IDLE_MS	1000	/* live input quiet this long: the event is complete */
/* ... unless its end has not been seen: it waits this long for the rest */
#define OPEN_IDLE_MS	30000
#define KMSG	"/dev/kmsg"

enum { OUT_TEXT, OUT_JSON, OUT_FACTS, OUT_COUNT, OUT_NONE };

struct ctx {
	int out;
	FILE *html;		/* --html FILE, or NULL */
	long long events;
	int failed;
	int multi;		/* several inputs: events are named by file */
	const char *file;	/* the input being read, "-" for standard input */
	long long file_events;	/* events of that input */
	struct oomx_summary *sum;	/* --summary, or NULL */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fputs("Usage: oom-explain [--json | --facts | --count] [--skipped] [--html PAGE] [FILE | -]...\n"
	      "       oom-explain --summary [--json] [--html PAGE] [FILE | -]...\n"
	      "       oom-explain [--json | --facts] --follow | -F FILE\n"
	      "       oom-explain --decode-gfp MASK [--kernel X.Y[.Z]]\n"
	      "\n"
	      "Read a kernel log (dmesg, dmesg -T, journalctl -k, syslog, console or\n"
	      "QEMU serial capture) and explain every OOM-killer report, page\n"
	      "allocation failure and stall warning in it.  Several FILEs are read\n"
	      "in order, their events numbered per FILE and named by it; - is\n"
	      "standard input.\n"
	      "\n"
	      "  --json      one JSON object per event (JSON Lines); keys in oom-explain(1)\n"
	      "  --facts     flat key=value lines, one fact a line (used by the tests)\n"
	      "  --count     print only the number of events found (FILE:N for several)\n"
	      "  --summary   one table over the events of all FILEs: by kind, verdict,\n"
	      "              kernel, constraint, trigger and victim command, each\n"
	      "              FILE's time span, and the dated events of all FILEs in\n"
	      "              the order of their dates; with --json as JSON, with\n"
	      "              --html PAGE also as a page (bars per verdict, timelines\n"
	      "              by date and per FILE)\n"
	      "  --skipped   list the unrecognised lines inside events on stderr\n"
	      "  --html PAGE also write one self-contained HTML page for the events of\n"
	      "              one FILE (zones against their watermarks, buddy lists,\n"
	      "              tasks by badness, verdicts); --html - writes it to stdout\n"
	      "              alone\n"
	      "  --follow    read " KMSG " and explain each event as it completes\n"
	      "  -F FILE     follow FILE as it grows (tail -f), the same way\n"
	      "  --decode-gfp MASK [--kernel X.Y[.Z]]\n"
	      "              print the flag names of a GFP mask for that kernel version\n"
	      "  --version   print the version\n"
	      "  -h, --help  this text\n"
	      "\n"
	      "Exit status: 0 if at least one event was explained, 1 if none was\n"
	      "found, 2 on bad usage or an unreadable input.  --follow and -F run\n"
	      "until interrupted.\n", f);
}

/* Facts of one of several inputs: each line "FILE:eN.key=value", as grep -H */
static void write_named(const char *file, const char *text, size_t len)
{
	size_t flen = strlen(file);

	while (len) {
		const char *nl = memchr(text, '\n', len);
		size_t n = nl ? (size_t)(nl - text) + 1 : len;

		oomx_write_escaped(stdout, file, flen);
		fputc(':', stdout);
		oomx_write_escaped(stdout, text, n);
		text += n;
		len -= n;
	}
}

static void on_event(struct oomx_event *ev, void *arg)
{
	struct ctx *c = arg;
	struct oomx_analysis a;

	c->events++;
	c->file_events++;
	if (c->out == OUT_COUNT && !c->html)
		return;
	if (oomx_analyze(ev, &a)) {
		c->failed = 1;
		oomx_analysis_free(&a);
		return;
	}
	a.input = c->multi ? c->file : NULL;
	if (c->sum) {
		if (oomx_summary_add(c->sum, &a))
			c->failed = 1;
		oomx_analysis_free(&a);
		return;
	}
	if (c->html)
		oomx_html_event(c->html, &a);
	if (c->out == OUT_COUNT || c->out == OUT_NONE) {
		/* nothing on stdout per event */
	} else if (c->out == OUT_JSON) {
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
			else if (c->multi && c->out == OUT_FACTS)
				write_named(c->file, text, len);
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

/*
 * A /dev/kmsg record, "PRI,SEQ,USEC,FLAGS;text\n KEY=value...", as the
 * "[seconds.micro] text" line dmesg prints; 0 if it is not a record.
 */
static size_t kmsg_line(const char *r, size_t n, char *out, size_t cap)
{
	const char *semi = memchr(r, ';', n), *nl, *q = r;
	unsigned long long usec = 0;
	int field = 0, len;

	if (!semi)
		return 0;
	for (; q < semi; q++) {
		if (*q == ',') {
			field++;
		} else if (field == 2) {
			if (*q < '0' || *q > '9')
				return 0;
			usec = usec * 10 + (unsigned long long)(*q - '0');
		}
	}
	nl = memchr(semi + 1, '\n', n - (size_t)(semi + 1 - r));
	if (!nl)
		nl = r + n;
	len = snprintf(out, cap, "[%5llu.%06llu] ", usec / 1000000, usec % 1000000);
	if (len < 0 || (size_t)len + (size_t)(nl - semi) + 1 > cap)
		return 0;
	memcpy(out + len, semi + 1, (size_t)(nl - semi - 1));
	len += (int)(nl - semi - 1);
	out[len++] = '\n';
	return (size_t)len;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * --follow (/dev/kmsg) and -F FILE: feed what arrives; when the input has
 * been quiet for IDLE_MS, the last event is complete if its end (the
 * kill line, or a failure's or stall's page counts) has been seen; an
 * event without it waits OPEN_IDLE_MS for the rest, as a report may come
 * in bursts, and is then shown as it is, with a line on stderr.  Runs until a
 * signal; a truncated or replaced file is read again from its start, and
 * a line it cut short stays a line of its own.
 */
static int follow(struct oomx_parser *p, const char *path, int kmsg, char *buf)
{
	static char line[8192 + 64];
	long long last = now_ms();
	int fd = -1, quiet = 1;
	off_t off = 0;
	struct stat st0;

	while (!stop) {
		ssize_t n;

		if (fd < 0) {
			fd = open(path, O_RDONLY | (kmsg ? O_NONBLOCK : 0));
			if (fd < 0) {
				fprintf(stderr, "oom-explain: %s: %s\n", path, strerror(errno));
				return 2;
			}
			if (fstat(fd, &st0)) {
				fprintf(stderr, "oom-explain: %s: %s\n", path, strerror(errno));
				close(fd);
				return 2;
			}
			off = 0;
		}
		n = read(fd, buf, kmsg ? 8192 : BLOCK);
		if (n < 0 && errno == EPIPE && kmsg)
			continue;	/* records overwritten before we read them */
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			fprintf(stderr, "oom-explain: %s: read: %s\n", path, strerror(errno));
			close(fd);
			return 2;
		}
		if (n > 0) {
			size_t len = (size_t)n;
			const char *data = buf;

			if (kmsg) {
				len = kmsg_line(buf, (size_t)n, line, sizeof(line));
				data = line;
			}
			off += n;
			if (len && oomx_feed(p, data, len)) {
				fputs("oom-explain: out of memory\n", stderr);
				close(fd);
				return 2;
			}
			last = now_ms();
			quiet = 0;
			continue;
		}
		if (!quiet && now_ms() - last >= (oomx_pending(p) ? OPEN_IDLE_MS : IDLE_MS)) {
			int open = oomx_pending(p);

			if (open)
				fprintf(stderr, "oom-explain: %s: event %d: nothing more for %d s and no kill line: shown as it is\n",
					path, open, OPEN_IDLE_MS / 1000);
			if (oomx_idle(p)) {
				fputs("oom-explain: out of memory\n", stderr);
				close(fd);
				return 2;
			}
			quiet = 1;
		}
		if (kmsg) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			poll(&pfd, 1, 250);
		} else {
			struct timespec ts = { 0, 250 * 1000000L };
			struct stat st;

			nanosleep(&ts, NULL);
			/* truncated, or a new file in its place: start again */
			if (!stat(path, &st) &&
			    (st.st_ino != st0.st_ino || st.st_dev != st0.st_dev ||
			     st.st_size < off)) {
				close(fd);
				fd = -1;
				if (oomx_break(p)) {
					fputs("oom-explain: out of memory\n", stderr);
					return 2;
				}
			}
		}
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

/* The options; their values, when they take one, are named in needs_value() */
enum {
	OPT_JSON = 256, OPT_FACTS, OPT_COUNT, OPT_SUMMARY, OPT_SKIPPED,
	OPT_HTML, OPT_FOLLOW, OPT_DECODE_GFP, OPT_KERNEL, OPT_VERSION,
};

static const struct option options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "facts", no_argument, NULL, OPT_FACTS },
	{ "count", no_argument, NULL, OPT_COUNT },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "skipped", no_argument, NULL, OPT_SKIPPED },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "decode-gfp", required_argument, NULL, OPT_DECODE_GFP },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* An option's name as the user knows it, for messages */
static const char *opt_name(int val)
{
	size_t i;

	if (val == 'F')
		return "-F";
	for (i = 0; options[i].name; i++)
		if (options[i].val == val) {
			static char b[32];

			snprintf(b, sizeof(b), "--%s", options[i].name);
			return b;
		}
	return "?";
}

static const char *needs_value(int val)
{
	switch (val) {
	case OPT_DECODE_GFP:
		return "a GFP mask, e.g. --decode-gfp 0xcc0";
	case OPT_KERNEL:
		return "a kernel version, e.g. --kernel 4.19";
	case 'F':
		return "a file to follow, e.g. -F /var/log/kern.log";
	case OPT_HTML:
		return "a file to write the page to, e.g. --html oom.html";
	}
	return "a value";
}

static int is_stdin(const char *path)
{
	return !strcmp(path, "-");
}

/* The input's name in the outputs: as given, "-" for standard input */
static const char *shown_name(const char *path)
{
	return is_stdin(path) ? "standard input" : path;
}

/*
 * Every input is checked before anything is read or written: a missing,
 * unreadable or directory input is an error naming it.  Standard input
 * is checked when it is read.
 */
static int check_inputs(char *const *paths, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct stat st;

		if (is_stdin(paths[i]))
			continue;
		if (stat(paths[i], &st) || access(paths[i], R_OK)) {
			fprintf(stderr, "oom-explain: %s: %s\n", paths[i], strerror(errno));
			return 2;
		}
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "oom-explain: %s: is a directory, not a log\n", paths[i]);
			return 2;
		}
	}
	return 0;
}

/*
 * The page file must be none of the inputs (by name, through a link, or
 * as standard input): it is opened without truncating and compared
 * first.  Returns the open page or NULL (and says why).
 */
static FILE *open_page(const char *html_path, char *const *paths, int n)
{
	int hfd = open(html_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666), i;
	struct stat out;
	FILE *f;

	if (hfd < 0 || fstat(hfd, &out)) {
		fprintf(stderr, "oom-explain: %s: %s\n", html_path, strerror(errno));
		if (hfd >= 0)
			close(hfd);
		return NULL;
	}
	for (i = 0; i < (n ? n : 1); i++) {
		struct stat in;
		int got = n && !is_stdin(paths[i]) ? stat(paths[i], &in) : fstat(0, &in);

		if (!got && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
			fprintf(stderr, "oom-explain: --html %s is the input file%s%s; writing the page there would destroy the log\n",
				html_path, n > 1 ? " " : "",
				n > 1 ? shown_name(paths[i]) : "");
			close(hfd);
			return NULL;
		}
	}
	if (ftruncate(hfd, 0) || !(f = fdopen(hfd, "w"))) {
		fprintf(stderr, "oom-explain: %s: %s\n", html_path, strerror(errno));
		close(hfd);
		return NULL;
	}
	return f;
}

/* One input, start to end, through a parser of its own: events are numbered per input */
static int read_input(struct ctx *c, const char *path, char *buf, int list_skipped)
{
	struct oomx_parser *p;
	int fd = 0, rc = 0;

	if (!is_stdin(path)) {
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "oom-explain: %s: %s\n", path, strerror(errno));
			return 2;
		}
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	} else if (isatty(0)) {
		fputs("oom-explain: reading a kernel log from the terminal; end it with Ctrl-D,\n"
		      "             or give a FILE, pipe dmesg in, or use --follow\n", stderr);
	}
	p = oomx_parser_new(on_event, c);
	if (!p) {
		fputs("oom-explain: out of memory\n", stderr);
		if (fd > 0)
			close(fd);
		return 2;
	}
	if (list_skipped)
		oomx_parser_list_skipped(p, stderr, c->multi ? shown_name(path) : NULL);
	for (;;) {
		ssize_t n = read(fd, buf, BLOCK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "oom-explain: %s: read: %s\n",
				is_stdin(path) ? "standard input" : path, strerror(errno));
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
	if (fd > 0)
		close(fd);
	return rc;
}

/* Several inputs: what the text, facts and counts say of each */
static void input_begin(struct ctx *c, const char *path)
{
	c->file = is_stdin(path) ? "-" : path;
	c->file_events = 0;
	if (c->sum) {
		if (oomx_summary_input(c->sum, c->file))
			c->failed = 1;
		return;
	}
	if (c->multi && c->out == OUT_TEXT) {
		fputs("==> ", stdout);
		oomx_write_escaped(stdout, shown_name(path), strlen(shown_name(path)));
		fputs(" <==\n", stdout);
	}
}

static void input_end(struct ctx *c)
{
	if (c->sum)
		return;
	if (!c->multi) {
		/* one input: its output is the same as without the name */
	} else if (c->out == OUT_TEXT && !c->file_events) {
		fputs("no OOM-killer report or page allocation failure\n\n", stdout);
	} else if (c->out == OUT_COUNT) {
		oomx_write_escaped(stdout, c->file, strlen(c->file));
		printf(":%lld\n", c->file_events);
	}
	fflush(stdout);
}

static void install_stop_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The summary as text (escaped like the other text) or JSON */
static int write_summary(struct ctx *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m;
	int rc = 0;

	if (c->out == OUT_NONE)
		return 0;
	if (c->out == OUT_JSON) {
		oomx_summary_json(stdout, c->sum);
		return 0;
	}
	m = open_memstream(&text, &len);
	if (!m)
		return 2;
	oomx_summary_text(m, c->sum);
	if (fclose(m))
		rc = 2;
	else
		oomx_write_escaped(stdout, text, len);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	struct ctx c = { .out = OUT_TEXT };
	const char *out_flag = NULL, *follow_path = NULL;
	char *buf, *const *paths;
	int i, npaths, rc = 0, list_skipped = 0, kmsg = 0, summary = 0, opt;
	const char *gfp_arg = NULL, *kver_arg = NULL, *html_path = NULL;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":hF:", options, NULL)) != -1) {
		int out = -1;

		switch (opt) {
		case OPT_JSON:
			out = OUT_JSON;
			break;
		case OPT_FACTS:
			out = OUT_FACTS;
			break;
		case OPT_COUNT:
			out = OUT_COUNT;
			break;
		case OPT_SUMMARY:
			summary = 1;
			break;
		case OPT_DECODE_GFP:
			gfp_arg = optarg;
			break;
		case OPT_KERNEL:
			kver_arg = optarg;
			break;
		case 'F':
			follow_path = optarg;
			break;
		case OPT_HTML:
			html_path = optarg;
			break;
		case OPT_FOLLOW:
			kmsg = 1;
			follow_path = KMSG;
			break;
		case OPT_SKIPPED:
			list_skipped = 1;
			break;
		case OPT_VERSION:
			printf("oom-explain %s\n", OOMX_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "oom-explain: %s needs %s\n", opt_name(optopt),
				needs_value(optopt));
			return 2;
		default:
			if (optopt >= 256)
				fprintf(stderr, "oom-explain: %s takes no value\n", opt_name(optopt));
			else if (optopt)
				fprintf(stderr, "oom-explain: unknown option '-%c'\n", optopt);
			else
				fprintf(stderr, "oom-explain: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
		if (out >= 0) {
			if (out_flag && strcmp(out_flag, opt_name(opt))) {
				fprintf(stderr, "oom-explain: %s and %s choose two output formats; give one\n",
					out_flag, opt_name(opt));
				return 2;
			}
			out_flag = opt == OPT_JSON ? "--json" : opt == OPT_FACTS ?
				   "--facts" : "--count";
			c.out = out;
		}
	}
	paths = argv + optind;
	npaths = argc - optind;
	c.multi = npaths > 1;
	if (gfp_arg && html_path) {
		fputs("oom-explain: --html draws the events of a log; it does not go with --decode-gfp\n", stderr);
		return 2;
	}
	if (gfp_arg && summary) {
		fputs("oom-explain: --summary counts the events of logs; it does not go with --decode-gfp\n", stderr);
		return 2;
	}
	if (gfp_arg)
		return decode_gfp(gfp_arg, kver_arg);
	if (kver_arg) {
		fputs("oom-explain: --kernel goes with --decode-gfp\n", stderr);
		return 2;
	}
	if (follow_path && (npaths || c.out == OUT_COUNT ||
			    (kmsg && strcmp(follow_path, KMSG)))) {
		fputs(npaths ? "oom-explain: --follow and -F read their own input, not a FILE\n" :
		      c.out == OUT_COUNT ? "oom-explain: --count needs the end of the input; it does not go with --follow or -F\n" :
		      "oom-explain: --follow and -F FILE both choose the input; give one\n", stderr);
		return 2;
	}
	if (summary && follow_path) {
		fputs("oom-explain: --summary needs the end of the input; it does not go with --follow or -F\n", stderr);
		return 2;
	}
	if (summary && (c.out == OUT_FACTS || c.out == OUT_COUNT)) {
		fprintf(stderr, "oom-explain: --summary and %s choose two output formats; give one\n",
			out_flag);
		return 2;
	}
	if (html_path && follow_path) {
		fputs("oom-explain: --html writes its page at the end of the input; it does not go with --follow or -F\n", stderr);
		return 2;
	}
	if (html_path && npaths > 1 && !summary) {
		fputs("oom-explain: --html draws the events of one log; give one FILE, or --summary --html PAGE for several\n", stderr);
		return 2;
	}
	if (html_path && !strcmp(html_path, "-")) {
		if (out_flag) {
			fprintf(stderr, "oom-explain: --html - writes the page to standard output; it does not go with %s\n",
				out_flag);
			return 2;
		}
		c.out = OUT_NONE;
		c.html = stdout;
	}
	if (follow_path)
		install_stop_handlers();
	else if (check_inputs(paths, npaths))
		return 2;
	if (html_path && strcmp(html_path, "-")) {
		c.html = open_page(html_path, paths, npaths);
		if (!c.html)
			return 2;
	}
	if (summary) {
		c.sum = oomx_summary_new();
		if (!c.sum) {
			fputs("oom-explain: out of memory\n", stderr);
			if (c.html && c.html != stdout)
				fclose(c.html);
			return 2;
		}
	} else if (c.html) {
		oomx_html_begin_named(c.html, follow_path ? follow_path :
					      npaths ? paths[0] : "-");
	}
	buf = malloc(BLOCK);
	if (!buf) {
		fputs("oom-explain: out of memory\n", stderr);
		rc = 2;
	} else if (follow_path) {
		struct oomx_parser *p = oomx_parser_new(on_event, &c);

		if (!p) {
			fputs("oom-explain: out of memory\n", stderr);
			rc = 2;
		} else {
			if (list_skipped)
				oomx_parser_list_skipped(p, stderr, NULL);
			rc = follow(p, follow_path, kmsg, buf);
			if (!rc && oomx_finish(p)) {
				fputs("oom-explain: out of memory\n", stderr);
				rc = 2;
			}
			oomx_parser_free(p);
		}
	} else if (!c.multi && !summary) {
		rc = read_input(&c, npaths ? paths[0] : "-", buf, list_skipped);
	} else {
		for (i = 0; i < (npaths ? npaths : 1) && !rc; i++) {
			const char *path = npaths ? paths[i] : "-";

			input_begin(&c, path);
			rc = read_input(&c, path, buf, list_skipped);
			if (!rc)
				input_end(&c);
		}
		c.file = NULL;
	}
	free(buf);
	if (c.sum) {
		if (!rc && c.html)
			oomx_summary_html(c.html, c.sum);
		if (!rc && write_summary(&c))
			c.failed = 1;
	} else if (c.html && oomx_html_end(c.html, c.events)) {
		fprintf(stderr, "oom-explain: %s: the page is incomplete: its temporary file failed\n",
			c.html == stdout ? "standard output" : html_path);
		rc = rc ? rc : 2;
	}
	if (c.html) {
		if (c.html == stdout ? fflush(stdout) || ferror(stdout) :
		    ferror(c.html) | fclose(c.html)) {
			fprintf(stderr, "oom-explain: %s: write failed\n",
				c.html == stdout ? "standard output" : html_path);
			rc = rc ? rc : 2;
		}
	}
	oomx_summary_free(c.sum);
	if (c.out == OUT_COUNT && !c.multi)
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
