// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: translation of guest channel programs (see vfio_ccw_cp.h).
 *
 * cp_init() reads the chains of the program, converts format-0 CCWs to
 * format 1 and points TICs at the translated copies.  cp_prefetch() works
 * in three passes so that pinning is batched over the whole program:
 *  1. every data-transferring CCW gets an IDAL in 31-bit memory, filled
 *     for now with the guest addresses it designates, and the guest pages
 *     behind those addresses are appended to the pin list (a page the
 *     previous IDAW already uses is not appended again);
 *  2. runs of consecutive guest pages are pinned with one call each;
 *  3. each IDAW is rewritten with the host address of its page, replaying
 *     the order of pass 1.
 * CCWs that move no data (count zero, NOP, skipped reads) pin nothing:
 * their IDAWs designate a scratch page of the device.
 */

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vfio.h>
#include <compat/dma32.h>

#include "vfio_ccw_cp.h"

/* 31-bit memory for chains and IDALs: one area per device, more on demand. */
#define CP_ARENA_ORDER		2
#define CP_ARENA_SIZE		(PAGE_SIZE << CP_ARENA_ORDER)
/* Preallocated pin table entries. */
#define CP_PINS_PRE		512
/* CCWs read from the guest at a time while a chain is discovered. */
#define CP_READ_CCWS		64
/* IDAWs a CCW can need: 64K - 1 bytes in 2K blocks, not block aligned. */
#define CP_IDAWS_MAX		(DIV_ROUND_UP(0xffff, 2048) + 1)
/* Guest memory is copied for the translation in blocks of this size. */
#define CP_SNAP_SIZE		1024
/* The format-1 CCW flag for modified indirect data addressing. */
#define CP_CCW_FLAG_MIDA	0x01

static_assert(sizeof(struct ccw1) == 8);
static_assert(sizeof(struct ccw0) == 8);
static_assert(CP_ARENA_SIZE >= 2 * (CCWCHAIN_LEN_MAX + 1) * sizeof(struct ccw1));

static bool ccw_is_tic(const struct ccw1 *ccw)
{
	return (ccw->cmd_code & 0x0f) == CCW_CMD_TIC;
}

static bool cmd_is_read(u8 cmd)
{
	return (cmd & 0x03) == 0x02;
}

static bool cmd_is_read_backward(u8 cmd)
{
	return (cmd & 0x0f) == 0x0c;
}

static bool cmd_is_sense(u8 cmd)
{
	return (cmd & 0x0f) == CCW_CMD_BASIC_SENSE;
}

static __printf(3, 4) int cp_reject(struct channel_program *cp, int err,
				    const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (!__ratelimit(&cp->rs))
		return err;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	dev_warn(cp->dev, "channel program rejected (%d): %pV\n", err, &vaf);
	va_end(args);
	return err;
}

/* --- 31-bit memory ------------------------------------------------------ */

/* Hand out @size bytes (a multiple of 8) of 31-bit memory. */
static void *cp_alloc(struct channel_program *cp, size_t size)
{
	void *p;

	if (cp->chunk_used + size > CP_ARENA_SIZE) {
		void *more;

		if (WARN_ON_ONCE(size > CP_ARENA_SIZE - sizeof(void *)))
			return NULL;
		more = (void *)__get_free_pages(GFP_KERNEL | GFP_DMA,
						CP_ARENA_ORDER);
		if (!more)
			return NULL;
		*(void **)more = cp->overflow;
		cp->overflow = more;
		cp->chunk = more;
		cp->chunk_used = sizeof(void *);
	}
	p = cp->chunk + cp->chunk_used;
	cp->chunk_used += size;
	return p;
}

/* Shrink the latest allocation @p to @size bytes. */
static void cp_alloc_trim(struct channel_program *cp, void *p, size_t size)
{
	cp->chunk_used = (p - cp->chunk) + size;
}

static void cp_arena_reset(struct channel_program *cp)
{
	while (cp->overflow) {
		void *next = *(void **)cp->overflow;

		free_pages((unsigned long)cp->overflow, CP_ARENA_ORDER);
		cp->overflow = next;
	}
	cp->chunk = cp->arena;
	cp->chunk_used = 0;
}

/* --- guest memory ------------------------------------------------------- */

/*
 * Read guest memory for the translation.  A read that stays within one
 * aligned block of CP_SNAP_SIZE bytes is served from a copy of that block,
 * taken by its first read in this translation: the CCWs and IDALs of a
 * program mostly sit close together, and one vfio_dma_rw() costs far more
 * than copying a few bytes (a 16-CCW program with IDALs needed some 25 of
 * them, now two).  The copy is also a snapshot: every fetch of the
 * translation sees the block as it was at the first one.  Mappings are
 * whole pages, so a block that holds the bytes asked for can be read
 * whole; if that fails anyway, the bytes are read as asked.
 */
static int cp_read(struct channel_program *cp, u64 iova, void *data,
		   size_t len)
{
	u64 block = round_down(iova, CP_SNAP_SIZE);

	if (len && iova - block + len <= CP_SNAP_SIZE) {
		if (!cp->snap_valid || cp->snap_iova != block) {
			cp->snap_valid = false;
			if (cp->ops->read(cp->ctx, block, cp->snap,
					  CP_SNAP_SIZE))
				return cp->ops->read(cp->ctx, iova, data, len);
			cp->snap_iova = block;
			cp->snap_valid = true;
		}
		memcpy(data, cp->snap + (iova - block), len);
		return 0;
	}
	return cp->ops->read(cp->ctx, iova, data, len);
}

/* --- pins --------------------------------------------------------------- */

static void cp_unpin_all(struct channel_program *cp)
{
	unsigned int i = 0, n;

	while (i < cp->nr_pinned) {
		n = 1;
		while (i + n < cp->nr_pinned && n < VFIO_PIN_PAGES_MAX_ENTRIES &&
		       cp->pin_iova[i + n] == cp->pin_iova[i] + n * PAGE_SIZE)
			n++;
		cp->ops->unpin(cp->ctx, cp->pin_iova[i], n);
		i += n;
	}
	cp->nr_pinned = 0;
}

static int cp_grow_pins(struct channel_program *cp)
{
	unsigned int max = cp->max_pins * 2;
	struct page **page;
	u64 *iova;

	iova = kvmalloc_array(max, sizeof(*iova), GFP_KERNEL);
	page = kvmalloc_array(max, sizeof(*page), GFP_KERNEL);
	if (!iova || !page) {
		kvfree(iova);
		kvfree(page);
		return -ENOMEM;
	}
	memcpy(iova, cp->pin_iova, cp->nr_pins * sizeof(*iova));
	if (cp->pin_iova != cp->pin_iova_pre) {
		kvfree(cp->pin_iova);
		kvfree(cp->pin_page);
	}
	cp->pin_iova = iova;
	cp->pin_page = page;
	cp->max_pins = max;
	return 0;
}

/* Note that the IDAW at guest address @iova needs its page pinned. */
static int cp_want_page(struct channel_program *cp, u64 iova)
{
	u64 page = iova & PAGE_MASK;
	int ret;

	if (cp->nr_pins && cp->pin_iova[cp->nr_pins - 1] == page)
		return 0;
	if (cp->nr_pins == cp->max_pins) {
		ret = cp_grow_pins(cp);
		if (ret)
			return ret;
	}
	cp->pin_iova[cp->nr_pins++] = page;
	return 0;
}

static int cp_pin_all(struct channel_program *cp)
{
	unsigned int i = 0, n;
	int ret;

	while (i < cp->nr_pins) {
		n = 1;
		while (i + n < cp->nr_pins && n < VFIO_PIN_PAGES_MAX_ENTRIES &&
		       cp->pin_iova[i + n] == cp->pin_iova[i] + n * PAGE_SIZE)
			n++;
		ret = cp->ops->pin(cp->ctx, cp->pin_iova[i], n,
				   IOMMU_READ | IOMMU_WRITE, &cp->pin_page[i]);
		if (ret != n) {
			if (ret > 0)
				cp->ops->unpin(cp->ctx, cp->pin_iova[i], ret);
			if (ret == -ENOMEM)
				return ret;
			return cp_reject(cp, -EFAULT,
					 "cannot pin %u guest pages at %#llx (%d)",
					 n, cp->pin_iova[i], ret);
		}
		i += n;
		cp->nr_pinned = i;
	}
	return 0;
}

/* --- releasing ---------------------------------------------------------- */

static void cp_release(struct channel_program *cp)
{
	cp_unpin_all(cp);
	cp->nr_pins = 0;
	if (cp->pin_iova != cp->pin_iova_pre) {
		kvfree(cp->pin_iova);
		kvfree(cp->pin_page);
		cp->pin_iova = cp->pin_iova_pre;
		cp->pin_page = cp->pin_page_pre;
		cp->max_pins = CP_PINS_PRE;
	}
	cp_arena_reset(cp);
	cp->snap_valid = false;
	cp->nr_chains = 0;
	cp->prefetched = false;
	cp->initialized = false;
}

/**
 * cp_free() - unpin and release a channel program
 * @cp: the channel program
 *
 * Safe to call whatever state @cp is in, also more than once.
 */
void cp_free(struct channel_program *cp)
{
	if (!cp->initialized)
		return;
	cp_release(cp);
}

/**
 * cp_setup() - prepare a channel program for a device
 * @cp: the channel program (its memory need not be initialized)
 * @dev: device named in log lines, or NULL
 * @ops: access to the device's guest memory
 * @ctx: first argument of every @ops call
 *
 * Return: 0, or -ENOMEM with nothing left to tear down.
 */
int cp_setup(struct channel_program *cp, struct device *dev,
	     const struct vfio_ccw_mem_ops *ops, void *ctx)
{
	memset(cp, 0, sizeof(*cp));
	cp->dev = dev;
	cp->ops = ops;
	cp->ctx = ctx;
	ratelimit_state_init(&cp->rs, 5 * HZ, 10);
	ratelimit_set_flags(&cp->rs, RATELIMIT_MSG_ON_RELEASE);

	cp->arena = (void *)__get_free_pages(GFP_KERNEL | GFP_DMA,
					     CP_ARENA_ORDER);
	cp->scratch = (void *)get_zeroed_page(GFP_KERNEL | GFP_DMA);
	cp->pin_iova_pre = kmalloc_array(CP_PINS_PRE, sizeof(u64), GFP_KERNEL);
	cp->pin_page_pre = kmalloc_array(CP_PINS_PRE, sizeof(struct page *),
					 GFP_KERNEL);
	cp->snap = kmalloc(CP_SNAP_SIZE, GFP_KERNEL);
	if (!cp->arena || !cp->scratch || !cp->pin_iova_pre ||
	    !cp->pin_page_pre || !cp->snap) {
		cp_teardown(cp);
		return -ENOMEM;
	}
	cp->pin_iova = cp->pin_iova_pre;
	cp->pin_page = cp->pin_page_pre;
	cp->max_pins = CP_PINS_PRE;
	cp->chunk = cp->arena;
	return 0;
}

/**
 * cp_teardown() - release what cp_setup() allocated
 * @cp: the channel program; a program still in flight is freed first
 */
void cp_teardown(struct channel_program *cp)
{
	cp_free(cp);
	free_pages((unsigned long)cp->arena, CP_ARENA_ORDER);
	free_page((unsigned long)cp->scratch);
	kfree(cp->pin_iova_pre);
	kfree(cp->pin_page_pre);
	kfree(cp->snap);
	cp->snap = NULL;
	cp->arena = NULL;
	cp->chunk = NULL;
	cp->scratch = NULL;
	cp->pin_iova_pre = NULL;
	cp->pin_page_pre = NULL;
	cp->pin_iova = NULL;
	cp->pin_page = NULL;
	cp->max_pins = 0;
}

/* --- cp_init: chains ---------------------------------------------------- */

/* Turn freshly read guest CCWs into format-1 CCWs with a uniform TIC. */
static void cp_normalize(struct channel_program *cp, struct ccw1 *ccw,
			 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++, ccw++) {
		if (!cp->orb.cmd.fmt) {
			struct ccw0 c0 = *(struct ccw0 *)ccw;

			ccw->cmd_code = c0.cmd_code;
			ccw->flags = c0.flags;
			ccw->count = c0.count;
			compat_ccw_set_cda(ccw, c0.cda);
		}
		/* A TIC ignores everything but its address. */
		if (ccw_is_tic(ccw)) {
			ccw->cmd_code = CCW_CMD_TIC;
			ccw->flags = 0;
			ccw->count = 0;
		}
	}
}

/* The chain and index holding the guest CCW at @iova, if any. */
static bool cp_find(struct channel_program *cp, u32 iova,
		    struct cp_chain **chain, unsigned int *idx)
{
	unsigned int c;

	for (c = 0; c < cp->nr_chains; c++) {
		struct cp_chain *ch = &cp->chains[c];

		if (iova >= ch->iova &&
		    iova - ch->iova < ch->len * sizeof(struct ccw1)) {
			*chain = ch;
			*idx = (iova - ch->iova) / sizeof(struct ccw1);
			return true;
		}
	}
	return false;
}

/*
 * Read the chain starting at guest address @iova (doubleword aligned,
 * below 2G) into a new entry of cp->chains.  A chain goes on while a CCW
 * chains (command or data chaining) or is a TIC back into the part of
 * the chain read so far; it ends with the first CCW that does neither.
 */
static int cp_read_chain(struct channel_program *cp, u32 iova)
{
	struct cp_chain *chain = &cp->chains[cp->nr_chains];
	unsigned int have = 0, len = 0, n;
	struct ccw1 *buf, *ccw;
	u64 addr;
	int ret;

	buf = cp_alloc(cp, (CCWCHAIN_LEN_MAX + 1) * sizeof(*buf));
	if (!buf)
		return -ENOMEM;

	for (;;) {
		if (len == have) {
			if (have == CCWCHAIN_LEN_MAX)
				return cp_reject(cp, -EINVAL,
						 "chain at %#x is longer than %d CCWs",
						 iova, CCWCHAIN_LEN_MAX);
			/* Read up to the end of the guest page only. */
			addr = (u64)iova + have * sizeof(*buf);
			n = (PAGE_SIZE - offset_in_page(addr)) / sizeof(*buf);
			n = min3(n, (unsigned int)CP_READ_CCWS,
				 CCWCHAIN_LEN_MAX - have);
			ret = cp_read(cp, addr, &buf[have], n * sizeof(*buf));
			if (ret)
				return cp_reject(cp, -EFAULT,
						 "cannot read CCWs at %#llx (%d)",
						 addr, ret);
			cp_normalize(cp, &buf[have], n);
			have += n;
		}
		ccw = &buf[len++];
		if (ccw_is_tic(ccw)) {
			u32 target = compat_ccw_cda(ccw);

			if (target >= iova &&
			    target - iova < len * sizeof(*buf))
				continue;
			break;
		}
		if (!(ccw->flags & (CCW_FLAG_CC | CCW_FLAG_DC)))
			break;
	}

	/* Whatever the channel might fetch after the chain is invalid. */
	memset(&buf[len], 0, sizeof(*buf));
	cp_alloc_trim(cp, buf, (len + 1) * sizeof(*buf));
	chain->ccw = buf;
	chain->iova = iova;
	chain->len = len;
	bitmap_zero(chain->tic_target, CCWCHAIN_LEN_MAX);
	cp->nr_chains++;
	return 0;
}

/* Find every chain TICs lead to, breadth first. */
static int cp_read_chains(struct channel_program *cp)
{
	struct cp_chain *target;
	unsigned int c, i, t;
	int ret;

	ret = cp_read_chain(cp, cp->orb.cmd.cpa);
	if (ret)
		return ret;
	if (ccw_is_tic(&cp->chains[0].ccw[0]))
		return cp_reject(cp, -EINVAL,
				 "first CCW at %#x is a TIC", cp->orb.cmd.cpa);

	for (c = 0; c < cp->nr_chains; c++) {
		struct cp_chain *chain = &cp->chains[c];

		for (i = 0; i < chain->len; i++) {
			u32 to = compat_ccw_cda(&chain->ccw[i]);

			if (!ccw_is_tic(&chain->ccw[i]))
				continue;
			if ((to & 7) || to > COMPAT_DMA31_MAX)
				return cp_reject(cp, -EINVAL,
						 "TIC at %#lx to invalid address %#x",
						 chain->iova + i * sizeof(struct ccw1),
						 to);
			if (cp_find(cp, to, &target, &t)) {
				set_bit(t, target->tic_target);
				continue;
			}
			if (cp->nr_chains == CCWCHAIN_COUNT_MAX)
				return cp_reject(cp, -EINVAL,
						 "more than %d chains",
						 CCWCHAIN_COUNT_MAX);
			ret = cp_read_chain(cp, to);
			if (ret)
				return ret;
			set_bit(0, cp->chains[cp->nr_chains - 1].tic_target);
		}
	}
	return 0;
}

/* Check the CCWs and point each TIC at its translated target. */
static int cp_check_chains(struct channel_program *cp)
{
	unsigned int c, i, t;
	struct cp_chain *target;

	for (c = 0; c < cp->nr_chains; c++) {
		struct cp_chain *chain = &cp->chains[c];

		for (i = 0; i < chain->len; i++) {
			struct ccw1 *ccw = &chain->ccw[i];
			u32 cda = compat_ccw_cda(ccw);
			u32 at = chain->iova + i * sizeof(*ccw);

			if (ccw_is_tic(ccw)) {
				if (WARN_ON_ONCE(!cp_find(cp, cda, &target, &t)))
					return -EINVAL;
				if (ccw_is_tic(&target->ccw[t]))
					return cp_reject(cp, -EINVAL,
							 "TIC at %#x to TIC at %#x",
							 at, cda);
				if (!compat_ccw_set_cda_virt(ccw, &target->ccw[t]))
					return -EIO;
				continue;
			}
			if (ccw->flags & CP_CCW_FLAG_MIDA)
				return cp_reject(cp, -EOPNOTSUPP,
						 "CCW at %#x: modified indirect data addressing",
						 at);
			if (cda > COMPAT_DMA31_MAX)
				return cp_reject(cp, -EINVAL,
						 "CCW at %#x: data address %#x above 2G",
						 at, cda);
			if ((ccw->flags & CCW_FLAG_IDA) &&
			    (cda & (cp->fmt2 ? 7 : 3)))
				return cp_reject(cp, -EINVAL,
						 "CCW at %#x: misaligned IDAL address %#x",
						 at, cda);
		}
	}
	return 0;
}

/**
 * cp_init() - copy and check the guest channel program an ORB designates
 * @cp: the channel program, set up and free
 * @orb: the guest's ORB
 *
 * Return: 0; -EBUSY if @cp holds a program already; -EOPNOTSUPP for a
 * transport-mode ORB or a program using what is not supported; -EINVAL
 * for a malformed program or one beyond the limits; -EFAULT if guest
 * memory cannot be read; -ENOMEM.  On error nothing is left to free.
 */
int cp_init(struct channel_program *cp, const union orb *orb)
{
	int ret;

	if (cp->initialized)
		return -EBUSY;
	if (WARN_ON_ONCE(!cp->arena))
		return -EINVAL;

	cp->orb = *orb;
	if (orb->tm.b)
		return cp_reject(cp, -EOPNOTSUPP, "transport-mode ORB");
	if ((orb->cmd.cpa & 7) || orb->cmd.cpa > COMPAT_DMA31_MAX)
		return cp_reject(cp, -EINVAL,
				 "invalid channel-program address %#x",
				 orb->cmd.cpa);

	cp->fmt2 = orb->cmd.c64;
	/* Format-1 IDAWs always address 2K blocks. */
	cp->blk_shift = (!orb->cmd.c64 || orb->cmd.i2k) ? 11 : 12;
	cp->nr_chains = 0;
	cp->snap_valid = false;
	cp->initialized = true;

	ret = cp_read_chains(cp);
	if (!ret)
		ret = cp_check_chains(cp);
	if (ret)
		cp_release(cp);
	return ret;
}

/* --- cp_prefetch: IDALs and pins ---------------------------------------- */

/* Read @n guest IDAWs, from the @first-th on, as 64-bit values. */
static int cp_read_idaws(struct channel_program *cp, u32 idal, u64 *idaw,
			 unsigned int first, unsigned int n)
{
	u32 f1[CP_IDAWS_MAX];
	unsigned int i;
	int ret;

	if (cp->fmt2)
		return cp_read(cp, idal + first * sizeof(u64), &idaw[first],
			       n * sizeof(u64));
	ret = cp_read(cp, idal + first * sizeof(u32), f1, n * sizeof(u32));
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		idaw[first + i] = f1[i];
	return 0;
}

/*
 * Build the IDAL of a data-transferring CCW from the guest's IDAL or its
 * direct data address, with guest addresses, and note the pages needed.
 * The IDAL is preceded by a word holding its number of IDAWs.
 *
 * The guest IDAL is read once: first the IDAWs any start address needs,
 * then, only if the first IDAW's offset within its block asks for it, the
 * one after them.  No IDAW is fetched twice, so the guest cannot change
 * the count under us.
 */
static int cp_data_idal(struct channel_program *cp, struct ccw1 *ccw, u32 at)
{
	unsigned int blk = 1U << cp->blk_shift, n0, nr, i;
	u32 cda = compat_ccw_cda(ccw);
	u64 *slot, *idaw, first;
	int ret;

	n0 = DIV_ROUND_UP(ccw->count, blk);
	slot = cp_alloc(cp, (n0 + 2) * sizeof(u64));
	if (!slot)
		return -ENOMEM;
	idaw = slot + 1;

	if (ccw->flags & CCW_FLAG_IDA) {
		nr = n0;
		ret = cp_read_idaws(cp, cda, idaw, 0, n0);
		if (!ret) {
			first = idaw[0];
			nr = DIV_ROUND_UP((first & (blk - 1)) + ccw->count, blk);
			if (nr > n0)
				ret = cp_read_idaws(cp, cda, idaw, n0, 1);
		}
		if (ret)
			return cp_reject(cp, -EFAULT,
					 "CCW at %#x: cannot read IDAL at %#x (%d)",
					 at, cda, ret);
		for (i = 0; i < nr; i++) {
			if (!cp->fmt2 && idaw[i] > COMPAT_DMA31_MAX)
				return cp_reject(cp, -EINVAL,
						 "CCW at %#x: format-1 IDAW %u is %#llx",
						 at, i, idaw[i]);
			if (i && (idaw[i] & (blk - 1)))
				return cp_reject(cp, -EINVAL,
						 "CCW at %#x: IDAW %u (%#llx) not on a %u-byte boundary",
						 at, i, idaw[i], blk);
		}
	} else {
		first = cda;
		nr = DIV_ROUND_UP((first & (blk - 1)) + ccw->count, blk);
		idaw[0] = first;
		for (i = 1; i < nr; i++)
			idaw[i] = (first & ~(u64)(blk - 1)) + (u64)i * blk;
	}

	for (i = 0; i < nr; i++) {
		ret = cp_want_page(cp, idaw[i]);
		if (ret)
			return ret;
	}
	slot[0] = nr;
	ccw->flags |= CCW_FLAG_IDA;
	if (!compat_ccw_set_cda_virt(ccw, idaw))
		return -EIO;
	return 0;
}

/* An IDAL for a CCW that moves no data: all of it on the scratch page. */
static int cp_scratch_idal(struct channel_program *cp, struct ccw1 *ccw)
{
	unsigned int nr = max(1U, DIV_ROUND_UP(ccw->count, 1U << cp->blk_shift));
	u64 *slot, pa = virt_to_phys(cp->scratch);
	unsigned int i;

	slot = cp_alloc(cp, (nr + 1) * sizeof(u64));
	if (!slot)
		return -ENOMEM;
	slot[0] = 0;
	for (i = 1; i <= nr; i++)
		slot[i] = pa;
	ccw->flags |= CCW_FLAG_IDA;
	if (!compat_ccw_set_cda_virt(ccw, &slot[1]))
		return -EIO;
	return 0;
}

/*
 * Pass 1 over one chain.  Data chaining keeps the operation of the CCW
 * that started it: the command code of the CCWs that continue it is
 * ignored by the channel, so whether they move data follows from the
 * first one.  A CCW some TIC leads to may continue a data chain from
 * anywhere; unless it moves no data whatever the operation, it is
 * treated as moving data.
 */
static int cp_prefetch_chain(struct channel_program *cp, struct cp_chain *chain)
{
	bool in_dc = false, dc_known = false;
	unsigned int i;
	u8 dc_cmd = 0;
	int ret;

	for (i = 0; i < chain->len; i++) {
		struct ccw1 *ccw = &chain->ccw[i];
		u32 at = chain->iova + i * sizeof(*ccw);
		bool known = !test_bit(i, chain->tic_target);
		bool xfer, skip = ccw->flags & CCW_FLAG_SKIP;
		u8 cmd = ccw->cmd_code;

		if (ccw_is_tic(ccw)) {
			in_dc = false;
			continue;
		}
		if (!in_dc || !known) {
			if (cmd_is_read_backward(cmd) &&
			    (ccw->count || (ccw->flags & CCW_FLAG_DC)))
				return cp_reject(cp, -EOPNOTSUPP,
						 "CCW at %#x: read backward", at);
		}
		if (in_dc) {
			known = known && dc_known;
			cmd = dc_cmd;
		} else {
			dc_cmd = cmd;
			dc_known = known;
		}

		if (!ccw->count)
			xfer = false;
		else if (!known)
			xfer = true;
		else if (!in_dc && cmd == CCW_CMD_NOOP)
			xfer = false;
		else
			xfer = !(skip && (cmd_is_read(cmd) ||
					  cmd_is_read_backward(cmd) ||
					  cmd_is_sense(cmd)));

		if (xfer)
			ret = cp_data_idal(cp, ccw, at);
		else
			ret = cp_scratch_idal(cp, ccw);
		if (ret)
			return ret;
		in_dc = ccw->flags & CCW_FLAG_DC;
	}
	return 0;
}

/* Pass 3: replace the guest addresses in the IDALs by host addresses. */
static void cp_fill_idals(struct channel_program *cp)
{
	unsigned int c, i, j, nr;
	int k = -1;

	for (c = 0; c < cp->nr_chains; c++) {
		struct cp_chain *chain = &cp->chains[c];

		for (i = 0; i < chain->len; i++) {
			struct ccw1 *ccw = &chain->ccw[i];
			u64 *idaw;

			if (ccw_is_tic(ccw))
				continue;
			idaw = compat_ccw_cda_virt(ccw);
			nr = idaw[-1];
			for (j = 0; j < nr; j++) {
				u64 iova = idaw[j];

				if (k < 0 || cp->pin_iova[k] != (iova & PAGE_MASK))
					k++;
				if (WARN_ON_ONCE((unsigned int)k >= cp->nr_pinned))
					return;
				idaw[j] = page_to_phys(cp->pin_page[k]) +
					  offset_in_page(iova);
			}
		}
	}
}

/**
 * cp_prefetch() - pin the guest data of a program and build its IDALs
 * @cp: a channel program cp_init() accepted
 *
 * Return: 0; -EINVAL if @cp holds no program or one prefetched already;
 * -EOPNOTSUPP, -EINVAL for IDALs that are not supported or malformed;
 * -EFAULT if guest memory cannot be read or pinned; -ENOMEM.  On error
 * the program is released (cp_free() is then a no-op).
 */
int cp_prefetch(struct channel_program *cp)
{
	unsigned int c;
	int ret = 0;

	if (!cp->initialized || cp->prefetched)
		return -EINVAL;

	for (c = 0; c < cp->nr_chains && !ret; c++)
		ret = cp_prefetch_chain(cp, &cp->chains[c]);
	if (!ret)
		ret = cp_pin_all(cp);
	if (ret) {
		cp_release(cp);
		return ret;
	}
	cp_fill_idals(cp);
	cp->prefetched = true;
	return 0;
}

/**
 * cp_get_orb() - the ORB that starts the translated program
 * @cp: a prefetched channel program
 * @intparm: interruption parameter to issue it with
 * @lpm: logical path mask to use if the guest's ORB gives none
 *
 * Return: the ORB (format-1 CCWs, format-2 IDAWs), or NULL if @cp is not
 * ready to be issued.
 */
union orb *cp_get_orb(struct channel_program *cp, u32 intparm, u8 lpm)
{
	union orb *orb = &cp->orb;
	u32 cpa;

	if (!cp->initialized || !cp->prefetched)
		return NULL;
	if (WARN_ON_ONCE(!compat_virt_to_dma31(cp->chains[0].ccw, &cpa)))
		return NULL;

	orb->cmd.intparm = intparm;
	orb->cmd.fmt = 1;
	/* Every IDAL we build is format 2; 2K blocks if the guest's were. */
	orb->cmd.i2k = cp->blk_shift == 11;
	orb->cmd.c64 = 1;
	if (!orb->cmd.lpm)
		orb->cmd.lpm = lpm;
	orb->cmd.cpa = cpa;
	return orb;
}

/**
 * cp_update_scsw() - turn the CCW address of an SCSW into a guest address
 * @cp: the channel program the SCSW reports on
 * @scsw: command-mode SCSW whose cpa designates a translated CCW
 *
 * The cpa designates a CCW of one of our chains or the end of one; it is
 * replaced by the same position in the guest's chain.  Any other value
 * (no program, or an address of none of our chains) becomes 0: the cpa
 * is a host address, and the user may only see its own.
 */
void cp_update_scsw(struct channel_program *cp, union scsw *scsw)
{
	u32 cpa = compat_scsw_cmd_cpa(scsw);
	unsigned int c;
	u32 head;

	compat_scsw_cmd_set_cpa(scsw, 0);
	if (!cp->initialized)
		return;
	for (c = 0; c < cp->nr_chains; c++) {
		struct cp_chain *chain = &cp->chains[c];

		if (!compat_virt_to_dma31(chain->ccw, &head))
			continue;
		/* Up to just past the guard CCW. */
		if (cpa >= head &&
		    cpa - head <= (chain->len + 1) * sizeof(struct ccw1)) {
			compat_scsw_cmd_set_cpa(scsw, chain->iova + (cpa - head));
			return;
		}
	}
}

/**
 * cp_iova_pinned() - whether a guest range overlaps a pinned page
 * @cp: the channel program
 * @iova: start of the range
 * @length: its length in bytes
 */
bool cp_iova_pinned(struct channel_program *cp, u64 iova, u64 length)
{
	u64 last;
	unsigned int i;

	if (!cp->initialized || !length)
		return false;
	last = iova + length - 1;
	if (last < iova)
		last = U64_MAX;
	for (i = 0; i < cp->nr_pinned; i++) {
		u64 page = cp->pin_iova[i];

		if (page <= last && page + PAGE_SIZE - 1 >= iova)
			return true;
	}
	return false;
}
