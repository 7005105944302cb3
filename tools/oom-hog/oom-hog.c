// SPDX-License-Identifier: GPL-2.0
/*
 * oom-hog - hold anonymous memory (or a file's page cache) until killed.
 *
 * Usage: oom-hog [--chunk SIZE] [--adj N] [--membind NODE] [--populate]
 *                [--file PATH] SIZE
 *
 * Allocates SIZE bytes in chunks of --chunk bytes (default 128K), writes
 * every page through a volatile pointer so the memory is really there,
 * reports what it holds and waits for a signal.  --adj sets its own
 * /proc/self/oom_score_adj first, e.g. 1000 to volunteer as the OOM
 * killer's victim.  --membind binds its memory to one NUMA node
 * (set_mempolicy(MPOL_BIND)), so that running out there is an OOM of
 * CONSTRAINT_MEMORY_POLICY.  --populate maps each chunk with
 * MAP_POPULATE, so that the kernel faults its pages in inside mmap()
 * instead of one trap per page (several times faster under an emulator);
 * the pages are still written afterwards, in case it could not.  Without
 * it, an OOM that the hog itself meets is a page fault's, as in most
 * programs.  --file holds page cache instead: PATH, which must not
 * exist, is made a sparse file of SIZE bytes, mapped shared and
 * read-only, and locked (mlock()) chunk by chunk, so that each page is
 * read in by a page fault, charged
 * to the memory cgroup with the file's own GFP mask (GFP_HIGHUSER_MOVABLE
 * on most file systems, as for a program's text), and kept from reclaim.
 * Its file system must keep page cache (not tmpfs, whose pages are shmem).
 * Sizes take K, M and G suffixes (powers of 1024).  SIZE and
 * the chunk must fit in size_t: on a 32-bit system a chunk of 4G or more,
 * or a SIZE no address space could hold, is refused rather than cut short
 * in malloc().
 */
#define _DEFAULT_SOURCE
#define _FILE_OFFSET_BITS 64

#include <linux/mempolicy.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AOOM_VERSION
#define AOOM_VERSION "unknown"
#endif

static const char *prog = "oom-hog";

static void print_help(FILE *f)
{
	fprintf(f,
		"usage: %s [--chunk SIZE] [--adj N] [--membind NODE] [--populate]\n"
		"               [--file PATH] SIZE\n"
		"       %s --version\n"
		"  Allocate SIZE bytes of anonymous memory in chunks (default 128K),\n"
		"  touch every page, report it and wait until killed.\n"
		"  --adj N  set our oom_score_adj to N (-1000..1000) first\n"
		"  --membind NODE  take memory from NUMA node NODE only\n"
		"  --populate  fault each chunk in inside mmap (MAP_POPULATE)\n"
		"  --file PATH  hold page cache instead: make PATH (a new file) a\n"
		"           sparse file of SIZE, map it and lock it chunk by chunk\n"
		"  SIZE     bytes, with an optional K, M or G suffix\n",
		prog, prog);
}

/* Parse "64M" and friends; 0 on success. */
static int parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v, mul = 1;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'K':
	case 'k':
		mul = 1ULL << 10;
		break;
	case 'M':
	case 'm':
		mul = 1ULL << 20;
		break;
	case 'G':
	case 'g':
		mul = 1ULL << 30;
		break;
	}
	if (mul > 1)
		end++;
	if (*end || v == 0 || v > ULLONG_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static int set_adj(const char *adj)
{
	char *end;
	long v = strtol(adj, &end, 10);
	FILE *f;

	if (*adj == '\0' || *end || v < -1000 || v > 1000) {
		fprintf(stderr,
			"%s: --adj %s: not a number from -1000 to 1000\n", prog,
			adj);
		return -1;
	}
	f = fopen("/proc/self/oom_score_adj", "w");
	if (!f || fprintf(f, "%ld\n", v) < 0 || fclose(f)) {
		fprintf(stderr, "%s: cannot set oom_score_adj to %ld: %s\n",
			prog, v, strerror(errno));
		return -1;
	}
	return 0;
}

/* Bind our memory to @node; 0 on success. */
static int bind_node(const char *node)
{
	unsigned long mask;
	char *end;
	long n;

	errno = 0;
	n = strtol(node, &end, 10);
	if (*node == '\0' || *end || errno || n < 0 ||
	    n >= (long)(8 * sizeof(mask))) {
		fprintf(stderr, "%s: --membind %s: not a node from 0 to %zu\n",
			prog, node, 8 * sizeof(mask) - 1);
		return -1;
	}
	mask = 1UL << n;
	/* The kernel reads maxnode - 1 bits of the mask. */
	if (syscall(SYS_set_mempolicy, MPOL_BIND, &mask,
		    8 * sizeof(mask) + 1)) {
		fprintf(stderr, "%s: cannot bind to node %ld: %s\n", prog, n,
			strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Make @path, which must not exist (no file of anyone's is cut short), a
 * sparse file of @size bytes and map it shared and read-only; NULL, said
 * why and the file removed again, on failure.
 */
static volatile char *map_file(const char *path, unsigned long long size)
{
	void *p;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot create %s: %s\n", prog, path,
			strerror(errno));
		return NULL;
	}
	if (size > (unsigned long long)INT64_MAX ||
	    ftruncate(fd, (off_t)size)) {
		fprintf(stderr, "%s: cannot make %s %llu bytes long: %s\n",
			prog, path, size, strerror(errno));
		p = MAP_FAILED;
	} else {
		p = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			fprintf(stderr, "%s: cannot map %s: %s\n", prog, path,
				strerror(errno));
	}
	close(fd);
	if (p == MAP_FAILED) {
		unlink(path);
		return NULL;
	}
	return p;
}

/*
 * One chunk of @len anonymous bytes, every page of it written; false on
 * failure.  The chunk is never freed: holding it is the point.
 */
static bool hold_anon(size_t len, bool populate, long page)
{
	volatile char *p;
	size_t off;

	if (populate) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED)
			return false;
	} else {
		p = malloc(len);
		if (!p)
			return false;
	}
	for (off = 0; off < len; off += (size_t)page)
		p[off] = 1;
	p[len - 1] = 1;
	return true;
}

int main(int argc, char **argv)
{
	unsigned long long size = 0, chunk = 128 << 10, done = 0, n = 0;
	const char *adj = NULL, *node = NULL, *path = NULL;
	long page = sysconf(_SC_PAGESIZE);
	volatile char *file = NULL;
	bool populate = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("%s %s\n", prog, AOOM_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "--chunk") && i + 1 < argc) {
			if (parse_size(argv[++i], &chunk)) {
				fprintf(stderr, "%s: bad --chunk '%s'\n", prog,
					argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--adj") && i + 1 < argc) {
			adj = argv[++i];
		} else if (!strcmp(argv[i], "--membind") && i + 1 < argc) {
			node = argv[++i];
		} else if (!strcmp(argv[i], "--populate")) {
			populate = true;
		} else if (!strcmp(argv[i], "--file") && i + 1 < argc) {
			path = argv[++i];
		} else if (!size && argv[i][0] != '-') {
			if (parse_size(argv[i], &size)) {
				fprintf(stderr, "%s: bad SIZE '%s'\n", prog,
					argv[i]);
				return 2;
			}
		} else {
			print_help(stderr);
			return 2;
		}
	}
	if (!size) {
		print_help(stderr);
		return 2;
	}
	/* malloc() takes a size_t: no size may be cut to fit it */
	if (size > SIZE_MAX || chunk > SIZE_MAX) {
		fprintf(stderr,
			"%s: %s of %llu bytes is more than this system can address (SIZE_MAX %zu)\n",
			prog, size > SIZE_MAX ? "SIZE" : "--chunk",
			size > SIZE_MAX ? size : chunk, (size_t)SIZE_MAX);
		return 2;
	}
	if (adj && set_adj(adj))
		return 1;
	if (node && bind_node(node))
		return 1;
	if (path) {
		file = map_file(path, size);
		if (!file)
			return 1;
	}

	while (done < size) {
		unsigned long long len = size - done < chunk ? size - done :
							       chunk;
		/* len <= chunk <= SIZE_MAX: the casts keep every byte */
		if (file) {
			/* Each page faults in here, and stays. */
			if (mlock((const void *)(file + done), (size_t)len)) {
				fprintf(stderr,
					"%s: mlock of %s failed after %llu bytes: %s\n",
					prog, path, done, strerror(errno));
				return 1;
			}
		} else if (!hold_anon((size_t)len, populate, page)) {
			fprintf(stderr, "%s: %s failed after %llu bytes\n",
				prog, populate ? "mmap" : "malloc", done);
			return 1;
		}
		done += len;
		n++;
	}
	printf("%s: pid %ld holding %llu KiB in %llu chunks of %llu KiB%s%s\n",
	       prog, (long)getpid(), done >> 10, n, chunk >> 10,
	       path ? " of the page cache of " : "", path ? path : "");
	fflush(stdout);
	for (;;)
		pause();
}
