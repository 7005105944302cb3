// SPDX-License-Identifier: GPL-2.0
/*
 * GFP mask decoding for the kernels that print gfp_mask without names.
 *
 * The bit values below are those of include/linux/gfp.h (gfp_types.h from
 * 6.0) in each range of versions; the bit layout changed in 4.4 (__GFP_WAIT
 * split into direct/kswapd reclaim, __GFP_RECLAIMABLE moved to 0x10), 4.10
 * (__GFP_OTHER_NODE removed), 4.18 (reclaim bits moved down) and 5.1
 * (__GFP_ZERO and the reclaim bits moved to the low byte).  Before 2.6.31
 * __GFP_MOVABLE was not a zone bit: 0x80000 in 2.6.23, 0x100000 with
 * __GFP_RECLAIMABLE at 0x80000 from 2.6.24 to 2.6.30, and 2.6.18-2.6.22
 * had neither.  The three zone bits DMA 0x1, HIGHMEM 0x2, DMA32 0x4 and
 * __GFP_HIGH (0x20) never moved.  Composite names are tried first, in the order of the
 * kernel's own flag-name table, as %pGg does.
 */
#include <stdio.h>
#include <string.h>

#include "oomx.h"

struct flag {
	unsigned long long mask;
	const char *name;
};

/* 2.6.18 .. 2.6.23 (0x80000 is __GFP_MOVABLE in 2.6.23 only) */
#define O_KERNEL	(0x10ULL | 0x40 | 0x80)
#define O_USER		(O_KERNEL | 0x20000)
static const struct flag era_o1[] = {
	{ O_USER | 0x2, "GFP_HIGHUSER" },
	{ O_USER, "GFP_USER" },
	{ O_KERNEL, "GFP_KERNEL" },
	{ 0x10 | 0x40, "GFP_NOFS" },
	{ 0x20, "GFP_ATOMIC" },
	{ 0x10, "GFP_NOIO" },
	{ 0x1, "__GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" },
	{ 0x4, "__GFP_DMA32" },
	{ 0x10, "__GFP_WAIT" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" },
	{ 0x100, "__GFP_COLD" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x2000, "__GFP_NO_GROW" },
	{ 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_MOVABLE(2.6.23)" },
	{ 0, NULL },
};

/* 2.6.24 .. 2.6.30 */
static const struct flag era_o2[] = {
	{ O_USER | 0x2 | 0x100000, "GFP_HIGHUSER_MOVABLE" },
	{ O_USER | 0x2, "GFP_HIGHUSER" },
	{ O_USER, "GFP_USER" },
	{ O_KERNEL | 0x80000, "GFP_TEMPORARY" },
	{ O_KERNEL, "GFP_KERNEL" },
	{ 0x10 | 0x40, "GFP_NOFS" },
	{ 0x20, "GFP_ATOMIC" },
	{ 0x10, "GFP_NOIO" },
	{ 0x1, "__GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" },
	{ 0x4, "__GFP_DMA32" },
	{ 0x10, "__GFP_WAIT" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" },
	{ 0x100, "__GFP_COLD" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" },
	{ 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_RECLAIMABLE" },
	{ 0x100000, "__GFP_MOVABLE" },
	{ 0, NULL },
};

/* 2.6.31 .. 4.3 */
#define A_WAIT		0x10ULL
#define A_IO		0x40ULL
#define A_FS		0x80ULL
#define A_HARDWALL	0x20000ULL
#define A_RECLAIMABLE	0x80000ULL
#define A_KERNEL	(A_WAIT | A_IO | A_FS)
#define A_USER		(A_KERNEL | A_HARDWALL)
static const struct flag era_a[] = {
	{ A_USER | 0x2 | 0x8 | 0x4000 | 0x10000 | 0x1000 | 0x200 | 0x400000,
	  "GFP_TRANSHUGE" },
	{ A_USER | 0x2 | 0x8, "GFP_HIGHUSER_MOVABLE" },
	{ A_USER | 0x2, "GFP_HIGHUSER" },
	{ A_USER, "GFP_USER" },
	{ A_KERNEL | A_RECLAIMABLE, "GFP_TEMPORARY" },
	{ A_KERNEL, "GFP_KERNEL" },
	{ A_WAIT | A_IO, "GFP_NOFS" },
	{ 0x20, "GFP_ATOMIC" },
	{ A_WAIT, "GFP_NOIO" },
	{ 0x1, "__GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" },
	{ 0x4, "__GFP_DMA32" }, { 0x8, "__GFP_MOVABLE" },
	{ 0x10, "__GFP_WAIT" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" },
	{ 0x100, "__GFP_COLD" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x2000, "__GFP_MEMALLOC" },
	{ 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_RECLAIMABLE" },
	{ 0x100000, "__GFP_KMEMCG/__GFP_NOACCOUNT" },
	{ 0x200000, "__GFP_NOTRACK" }, { 0x400000, "__GFP_NO_KSWAPD" },
	{ 0x800000, "__GFP_OTHER_NODE" }, { 0x1000000, "__GFP_WRITE" },
	{ 0, NULL },
};

/* 4.4 .. 4.9 */
#define B_RECLAIM	(0x400000ULL | 0x2000000ULL)
#define B_KERNEL	(B_RECLAIM | 0x40 | 0x80)
#define B_USER		(B_KERNEL | 0x20000)
#define B_HUM		(B_USER | 0x2 | 0x8)
static const struct flag era_b[] = {
	{ B_HUM | 0x4000 | 0x10000 | 0x200 | 0x400000, "GFP_TRANSHUGE" },
	{ (B_HUM | 0x4000 | 0x10000 | 0x200) & ~B_RECLAIM,
	  "GFP_TRANSHUGE_LIGHT" },
	{ B_HUM, "GFP_HIGHUSER_MOVABLE" },
	{ B_USER | 0x2, "GFP_HIGHUSER" },
	{ B_USER, "GFP_USER" },
	{ B_KERNEL | 0x10, "GFP_TEMPORARY" },
	{ B_KERNEL | 0x100000, "GFP_KERNEL_ACCOUNT" },
	{ B_KERNEL, "GFP_KERNEL" },
	{ B_RECLAIM | 0x40, "GFP_NOFS" },
	{ 0x20 | 0x80000 | 0x2000000, "GFP_ATOMIC" },
	{ B_RECLAIM, "GFP_NOIO" },
	{ 0x2000000, "GFP_NOWAIT" },
	{ 0x1, "GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" }, { 0x4, "GFP_DMA32" },
	{ 0x8, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" },
	{ 0x20, "__GFP_HIGH" }, { 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" },
	{ 0x100, "__GFP_COLD" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x2000, "__GFP_MEMALLOC" },
	{ 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_ATOMIC" },
	{ 0x100000, "__GFP_ACCOUNT" }, { 0x200000, "__GFP_NOTRACK" },
	{ 0x400000, "__GFP_DIRECT_RECLAIM" }, { 0x800000, "__GFP_OTHER_NODE" },
	{ 0x1000000, "__GFP_WRITE" }, { 0x2000000, "__GFP_KSWAPD_RECLAIM" },
	{ 0, NULL },
};

/* 4.10 .. 4.17 */
#define C_RECLAIM	(0x400000ULL | 0x1000000ULL)
#define C_KERNEL	(C_RECLAIM | 0x40 | 0x80)
#define C_USER		(C_KERNEL | 0x20000)
#define C_HUM		(C_USER | 0x2 | 0x8)
static const struct flag era_c[] = {
	{ ((C_HUM | 0x4000 | 0x10000 | 0x200) & ~C_RECLAIM) | 0x400000,
	  "GFP_TRANSHUGE" },
	{ (C_HUM | 0x4000 | 0x10000 | 0x200) & ~C_RECLAIM,
	  "GFP_TRANSHUGE_LIGHT" },
	{ C_HUM, "GFP_HIGHUSER_MOVABLE" },
	{ C_USER | 0x2, "GFP_HIGHUSER" },
	{ C_USER, "GFP_USER" },
	{ C_KERNEL | 0x10, "GFP_TEMPORARY" },
	{ C_KERNEL | 0x100000, "GFP_KERNEL_ACCOUNT" },
	{ C_KERNEL, "GFP_KERNEL" },
	{ C_RECLAIM | 0x40, "GFP_NOFS" },
	{ 0x20 | 0x80000 | 0x1000000, "GFP_ATOMIC" },
	{ C_RECLAIM, "GFP_NOIO" },
	{ 0x1000000, "GFP_NOWAIT" },
	{ 0x1, "GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" }, { 0x4, "GFP_DMA32" },
	{ 0x8, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" },
	{ 0x20, "__GFP_HIGH" }, { 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" },
	{ 0x100, "__GFP_COLD" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_RETRY_MAYFAIL" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x2000, "__GFP_MEMALLOC" },
	{ 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_ATOMIC" },
	{ 0x100000, "__GFP_ACCOUNT" }, { 0x200000, "__GFP_NOTRACK" },
	{ 0x400000, "__GFP_DIRECT_RECLAIM" }, { 0x800000, "__GFP_WRITE" },
	{ 0x1000000, "__GFP_KSWAPD_RECLAIM" }, { 0x2000000, "__GFP_NOLOCKDEP" },
	{ 0, NULL },
};

/* 4.18 .. 5.0 */
#define D_RECLAIM	(0x200000ULL | 0x400000ULL)
#define D_KERNEL	(D_RECLAIM | 0x40 | 0x80)
#define D_USER		(D_KERNEL | 0x20000)
#define D_HUM		(D_USER | 0x2 | 0x8)
static const struct flag era_d[] = {
	{ ((D_HUM | 0x4000 | 0x10000 | 0x200) & ~D_RECLAIM) | 0x200000,
	  "GFP_TRANSHUGE" },
	{ (D_HUM | 0x4000 | 0x10000 | 0x200) & ~D_RECLAIM,
	  "GFP_TRANSHUGE_LIGHT" },
	{ D_HUM, "GFP_HIGHUSER_MOVABLE" },
	{ D_USER | 0x2, "GFP_HIGHUSER" },
	{ D_USER, "GFP_USER" },
	{ D_KERNEL | 0x100000, "GFP_KERNEL_ACCOUNT" },
	{ D_KERNEL, "GFP_KERNEL" },
	{ D_RECLAIM | 0x40, "GFP_NOFS" },
	{ 0x20 | 0x80000 | 0x400000, "GFP_ATOMIC" },
	{ D_RECLAIM, "GFP_NOIO" },
	{ 0x400000, "GFP_NOWAIT" },
	{ 0x1, "GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" }, { 0x4, "GFP_DMA32" },
	{ 0x8, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" },
	{ 0x20, "__GFP_HIGH" }, { 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" },
	{ 0x100, "__GFP_WRITE" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_RETRY_MAYFAIL" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x2000, "__GFP_MEMALLOC" },
	{ 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_ATOMIC" },
	{ 0x100000, "__GFP_ACCOUNT" }, { 0x200000, "__GFP_DIRECT_RECLAIM" },
	{ 0x400000, "__GFP_KSWAPD_RECLAIM" }, { 0x800000, "__GFP_NOLOCKDEP" },
	{ 0, NULL },
};

/* 5.1 .. 6.x */
#define E_RECLAIM	(0x400ULL | 0x800ULL)
#define E_KERNEL	(E_RECLAIM | 0x40 | 0x80)
#define E_USER		(E_KERNEL | 0x100000)
#define E_HUM		(E_USER | 0x2 | 0x8)
static const struct flag era_e[] = {
	{ ((E_HUM | 0x40000 | 0x80000 | 0x2000) & ~E_RECLAIM) | 0x400,
	  "GFP_TRANSHUGE" },
	{ (E_HUM | 0x40000 | 0x80000 | 0x2000) & ~E_RECLAIM,
	  "GFP_TRANSHUGE_LIGHT" },
	{ E_HUM, "GFP_HIGHUSER_MOVABLE" },
	{ E_USER | 0x2, "GFP_HIGHUSER" },
	{ E_USER, "GFP_USER" },
	{ E_KERNEL | 0x400000, "GFP_KERNEL_ACCOUNT" },
	{ E_KERNEL, "GFP_KERNEL" },
	{ E_RECLAIM | 0x40, "GFP_NOFS" },
	{ 0x20 | 0x200 | 0x800, "GFP_ATOMIC" },
	{ 0x20 | 0x800, "GFP_ATOMIC" },
	{ E_RECLAIM, "GFP_NOIO" },
	{ 0x800, "GFP_NOWAIT" },
	{ 0x1, "GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" }, { 0x4, "GFP_DMA32" },
	{ 0x8, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" },
	{ 0x20, "__GFP_HIGH" }, { 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" },
	{ 0x100, "__GFP_ZERO" }, { 0x200, "__GFP_ATOMIC" },
	{ 0x400, "__GFP_DIRECT_RECLAIM" }, { 0x800, "__GFP_KSWAPD_RECLAIM" },
	{ 0x1000, "__GFP_WRITE" }, { 0x2000, "__GFP_NOWARN" },
	{ 0x4000, "__GFP_RETRY_MAYFAIL" }, { 0x8000, "__GFP_NOFAIL" },
	{ 0x10000, "__GFP_NORETRY" }, { 0x20000, "__GFP_MEMALLOC" },
	{ 0x40000, "__GFP_COMP" }, { 0x80000, "__GFP_NOMEMALLOC" },
	{ 0x100000, "__GFP_HARDWALL" }, { 0x200000, "__GFP_THISNODE" },
	{ 0x400000, "__GFP_ACCOUNT" },
	{ 0, NULL },
};

static const struct {
	struct oomx_gfp_era era;
	const struct flag *tab;
} eras[] = {
	{ { "2.6.18-2.6.23", 2, 6, 18 }, era_o1 },
	{ { "2.6.24-2.6.30", 2, 6, 24 }, era_o2 },
	{ { "2.6.31-2.6.39", 2, 6, 31 }, era_a },
	{ { "3.x-4.3", 3, 0, 0 }, era_a },
	{ { "4.4-4.9", 4, 4, 0 }, era_b },
	{ { "4.10-4.17", 4, 10, 0 }, era_c },
	{ { "4.18-5.0", 4, 18, 0 }, era_d },
	{ { "5.1+", 5, 1, 0 }, era_e },
};
#define NR_ERAS ((int)(sizeof(eras) / sizeof(eras[0])))
enum { ERA_O1, ERA_O2, ERA_A0, ERA_A, ERA_B, ERA_C, ERA_D, ERA_E };

static long vkey(int major, int minor, int patch)
{
	return (long)major * 1000000L + (long)minor * 1000L +
	       (patch > 0 ? patch : 0);
}

static int era_of(int major, int minor, int patch)
{
	long k = vkey(major, minor, patch);
	int i;

	if (major < 0)
		return NR_ERAS - 1;
	/* a 2.6 kernel without its third number: the newest 2.6 layout */
	if (major == 2 && minor == 6 && patch < 0)
		return ERA_A0;
	for (i = NR_ERAS - 1; i > 0; i--)
		if (k >= vkey(eras[i].era.from_major, eras[i].era.from_minor,
			      eras[i].era.from_patch))
			return i;
	return 0;
}

const struct oomx_gfp_era *oomx_gfp_decode(unsigned long long mask,
					   int major, int minor, int patch,
					   struct oomx_buf *out)
{
	int e = era_of(major, minor, patch);
	const struct flag *f;
	unsigned long long left = mask;
	int first = 1;

	out->len = 0;
	for (f = eras[e].tab; f->name; f++) {
		if (!f->mask || (left & f->mask) != f->mask)
			continue;
		if (oomx_buf_add(out, first ? "" : "|", first ? 0 : 1) ||
		    oomx_buf_add(out, f->name, strlen(f->name)))
			return NULL;
		first = 0;
		left &= ~f->mask;
	}
	if (left) {
		char tmp[32];
		int n = snprintf(tmp, sizeof(tmp), "%s0x%llx", first ? "" : "|",
				 left);

		if (oomx_buf_add(out, tmp, (size_t)n))
			return NULL;
		first = 0;
	}
	if (first && oomx_buf_add(out, "none", 4))
		return NULL;
	return &eras[e].era;
}

void oomx_gfp_bits(unsigned long long mask, int major, int minor, int patch,
		   struct oomx_gfp_bits *b)
{
	int e = era_of(major, minor, patch);

	memset(b, 0, sizeof(*b));
	b->dma = !!(mask & 0x1);
	b->highmem = !!(mask & 0x2);
	b->dma32 = !!(mask & 0x4);
	b->high = !!(mask & 0x20);
	switch (e) {
	case ERA_O1:
		b->movable = major == 2 && minor == 6 && patch == 23 &&
			     (mask & 0x80000);
		b->reclaim = !!(mask & 0x10);
		break;
	case ERA_O2:
		b->movable = !!(mask & 0x100000);
		b->reclaim = !!(mask & 0x10);
		break;
	case ERA_A0:
	case ERA_A:
		b->movable = !!(mask & 0x8);
		b->reclaim = !!(mask & 0x10);
		break;
	case ERA_B:
	case ERA_C:
		b->movable = !!(mask & 0x8);
		b->reclaim = !!(mask & 0x400000);
		break;
	case ERA_D:
		b->movable = !!(mask & 0x8);
		b->reclaim = !!(mask & 0x200000);
		break;
	default:
		b->movable = !!(mask & 0x8);
		b->reclaim = !!(mask & 0x400);
		break;
	}
}

void oomx_gfp_bits_from_names(const char *names, struct oomx_gfp_bits *b)
{
	static const struct {
		const char *name;
		int dma, dma32, highmem, movable, high, reclaim;
	} tab[] = {
		{ "GFP_TRANSHUGE", 0, 0, 1, 1, 0, 1 },
		{ "GFP_TRANSHUGE_LIGHT", 0, 0, 1, 1, 0, 0 },
		{ "GFP_HIGHUSER_MOVABLE", 0, 0, 1, 1, 0, 1 },
		{ "GFP_HIGHUSER", 0, 0, 1, 0, 0, 1 },
		{ "GFP_USER", 0, 0, 0, 0, 0, 1 },
		{ "GFP_TEMPORARY", 0, 0, 0, 0, 0, 1 },
		{ "GFP_KERNEL_ACCOUNT", 0, 0, 0, 0, 0, 1 },
		{ "GFP_KERNEL", 0, 0, 0, 0, 0, 1 },
		{ "GFP_NOFS", 0, 0, 0, 0, 0, 1 },
		{ "GFP_NOIO", 0, 0, 0, 0, 0, 1 },
		{ "GFP_ATOMIC", 0, 0, 0, 0, 1, 0 },
		{ "GFP_DMA", 1, 0, 0, 0, 0, 0 },
		{ "GFP_DMA32", 0, 1, 0, 0, 0, 0 },
		{ "__GFP_DMA", 1, 0, 0, 0, 0, 0 },
		{ "__GFP_DMA32", 0, 1, 0, 0, 0, 0 },
		{ "__GFP_HIGHMEM", 0, 0, 1, 0, 0, 0 },
		{ "__GFP_MOVABLE", 0, 0, 0, 1, 0, 0 },
		{ "__GFP_HIGH", 0, 0, 0, 0, 1, 0 },
		{ "__GFP_WAIT", 0, 0, 0, 0, 0, 1 },
		{ "__GFP_DIRECT_RECLAIM", 0, 0, 0, 0, 0, 1 },
	};
	const char *s = names;

	memset(b, 0, sizeof(*b));
	while (*s) {
		const char *e = strchr(s, '|');
		size_t n = e ? (size_t)(e - s) : strlen(s), i;

		for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
			if (strlen(tab[i].name) != n || strncmp(tab[i].name, s, n))
				continue;
			b->dma |= tab[i].dma;
			b->dma32 |= tab[i].dma32;
			b->highmem |= tab[i].highmem;
			b->movable |= tab[i].movable;
			b->high |= tab[i].high;
			b->reclaim |= tab[i].reclaim;
		}
		if (!e)
			break;
		s = e + 1;
	}
}
