// SPDX-License-Identifier: GPL-2.0
/*
 * oom-explain: say why the OOM killer ran, with the arithmetic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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
#define KMSG	"/dev/kmsg"

enum { OUT_TEXT, OUT_JSON, OUT_FACTS, OUT_COUNT, OUT_NONE };

struct ctx {
	int out;
	FILE *html;		/* --html FILE, or NULL */
	long long events;
	int failed;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fputs("Usage: oom-explain [--json | --facts | --count] [--skipped] [--html PAGE] [FILE | -]\n"
	      "       oom-explain [--json | --facts] --follow | -F FILE\n"
	      "       oom-explain --decode-gfp MASK [--kernel X.Y[.Z]]\n"
	      "\n"
	      "Read a kernel log (dmesg, dmesg -T, journalctl -k, syslog, console or\n"
	      "QEMU serial capture) and explain every OOM-killer report and page\n"
	      "allocation failure in it.\n"
	      "\n"
	      "  --json      one JSON object per event (JSON Lines); see README.md\n"
	      "  --facts     flat key=value lines, one fact a line (used by the tests)\n"
	      "  --count     print only the number of events found\n"
	      "  --skipped   list the unrecognised lines inside events on stderr\n"
	      "  --html PAGE also write one self-contained HTML page for all events\n"
	      "              (zones against their watermarks, buddy lists, tasks by\n"
	      "              badness, verdicts); --html - writes it to stdout alone\n"
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

static void on_event(struct oomx_event *ev, void *arg)
{
	struct ctx *c = arg;
	struct oomx_analysis a;

	c->events++;
	if (c->out == OUT_COUNT && !c->html)
		return;
	if (oomx_analyze(ev, &a)) {
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
 * been quiet for IDLE_MS, the open event is complete.  Runs until a
 * signal; a truncated or replaced file is read again from its start.
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
		if (!quiet && now_ms() - last >= IDLE_MS) {
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
			}
		}
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

static const char *needs_value(const char *opt)
{
	static const struct {
		const char *opt, *what;
	} tab[] = {
		{ "--decode-gfp", "a GFP mask, e.g. --decode-gfp 0xcc0" },
		{ "--kernel", "a kernel version, e.g. --kernel 4.19" },
		{ "-F", "a file to follow, e.g. -F /var/log/kern.log" },
		{ "--html", "a file to write the page to, e.g. --html oom.html" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(opt, tab[i].opt))
			return tab[i].what;
	return NULL;
}

int main(int argc, char **argv)
{
	struct ctx c = { .out = OUT_TEXT };
	const char *path = NULL, *out_flag = NULL, *follow_path = NULL;
	struct oomx_parser *p;
	char *buf;
	int fd = 0, i, rc = 0, list_skipped = 0, kmsg = 0;
	const char *gfp_arg = NULL, *kver_arg = NULL, *html_path = NULL;

	for (i = 1; i < argc; i++) {
		const char *what = needs_value(argv[i]);
		int out = -1;

		if (what && i + 1 >= argc) {
			fprintf(stderr, "oom-explain: %s needs %s\n", argv[i], what);
			return 2;
		}
		if (!strcmp(argv[i], "--json"))
			out = OUT_JSON;
		else if (!strcmp(argv[i], "--facts"))
			out = OUT_FACTS;
		else if (!strcmp(argv[i], "--count"))
			out = OUT_COUNT;
		if (out >= 0) {
			if (out_flag && strcmp(out_flag, argv[i])) {
				fprintf(stderr, "oom-explain: %s and %s choose two output formats; give one\n",
					out_flag, argv[i]);
				return 2;
			}
			out_flag = argv[i];
			c.out = out;
		} else if (!strcmp(argv[i], "--decode-gfp")) {
			gfp_arg = argv[++i];
		} else if (!strcmp(argv[i], "--kernel")) {
			kver_arg = argv[++i];
		} else if (!strcmp(argv[i], "-F")) {
			follow_path = argv[++i];
		} else if (!strcmp(argv[i], "--html")) {
			html_path = argv[++i];
		} else if (!strcmp(argv[i], "--follow")) {
			kmsg = 1;
			follow_path = KMSG;
		} else if (!strcmp(argv[i], "--skipped")) {
			list_skipped = 1;
		} else if (!strcmp(argv[i], "--version")) {
			printf("oom-explain %s\n", OOMX_VERSION);
			return 0;
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
	if (gfp_arg && html_path) {
		fputs("oom-explain: --html draws the events of a log; it does not go with --decode-gfp\n", stderr);
		return 2;
	}
	if (gfp_arg)
		return decode_gfp(gfp_arg, kver_arg);
	if (kver_arg) {
		fputs("oom-explain: --kernel goes with --decode-gfp\n", stderr);
		return 2;
	}
	if (follow_path && (path || c.out == OUT_COUNT ||
			    (kmsg && strcmp(follow_path, KMSG)))) {
		fputs(path ? "oom-explain: --follow and -F read their own input, not a FILE\n" :
		      c.out == OUT_COUNT ? "oom-explain: --count needs the end of the input; it does not go with --follow or -F\n" :
		      "oom-explain: --follow and -F FILE both choose the input; give one\n", stderr);
		return 2;
	}
	if (html_path && follow_path) {
		fputs("oom-explain: --html writes its page at the end of the input; it does not go with --follow or -F\n", stderr);
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
	if (follow_path) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	} else if (path && strcmp(path, "-")) {
		struct stat st;

		fd = open(path, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "oom-explain: %s: %s\n", path, strerror(errno));
			return 2;
		}
		if (!fstat(fd, &st) && S_ISDIR(st.st_mode)) {
			fprintf(stderr, "oom-explain: %s: is a directory, not a log\n", path);
			close(fd);
			return 2;
		}
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	} else if (isatty(0)) {
		fputs("oom-explain: reading a kernel log from the terminal; end it with Ctrl-D,\n"
		      "             or give a FILE, pipe dmesg in, or use --follow\n", stderr);
	}
	if (html_path && strcmp(html_path, "-")) {
		/* opened without truncating: the page must not be the input */
		int hfd = open(html_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
		struct stat in, out;

		if (hfd < 0 || fstat(hfd, &out)) {
			fprintf(stderr, "oom-explain: %s: %s\n", html_path, strerror(errno));
			if (hfd >= 0)
				close(hfd);
			if (fd > 0)
				close(fd);
			return 2;
		}
		if (!fstat(fd, &in) && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
			fprintf(stderr, "oom-explain: --html %s is the input file; writing the page there would destroy the log\n",
				html_path);
			close(hfd);
			if (fd > 0)
				close(fd);
			return 2;
		}
		if (ftruncate(hfd, 0) || !(c.html = fdopen(hfd, "w"))) {
			fprintf(stderr, "oom-explain: %s: %s\n", html_path, strerror(errno));
			close(hfd);
			if (fd > 0)
				close(fd);
			return 2;
		}
	}
	if (c.html)
		oomx_html_begin(c.html);
	buf = malloc(BLOCK);
	p = oomx_parser_new(on_event, &c);
	if (!buf || !p) {
		fputs("oom-explain: out of memory\n", stderr);
		free(buf);
		oomx_parser_free(p);
		if (c.html && c.html != stdout)
			fclose(c.html);
		if (fd > 0)
			close(fd);
		return 2;
	}
	if (list_skipped)
		oomx_parser_list_skipped(p, stderr);
	if (follow_path) {
		rc = follow(p, follow_path, kmsg, buf);
		goto done;
	}
	for (;;) {
		ssize_t n = read(fd, buf, BLOCK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "oom-explain: %s: read: %s\n",
				path && strcmp(path, "-") ? path : "standard input",
				strerror(errno));
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
done:
	if (!rc && oomx_finish(p)) {
		fputs("oom-explain: out of memory\n", stderr);
		rc = 2;
	}
	oomx_parser_free(p);
	free(buf);
	if (fd > 0)
		close(fd);
	if (c.html) {
		oomx_html_end(c.html, c.events);
		if (c.html == stdout ? fflush(stdout) || ferror(stdout) :
		    ferror(c.html) | fclose(c.html)) {
			fprintf(stderr, "oom-explain: %s: write failed\n",
				c.html == stdout ? "standard output" : html_path);
			rc = rc ? rc : 2;
		}
	}
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
