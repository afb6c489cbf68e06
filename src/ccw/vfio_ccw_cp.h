/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ccw: translation of guest channel programs.
 *
 * A guest hands us an ORB whose channel program lives in guest memory,
 * addressed by I/O virtual addresses (IOVAs) that only the vfio IOMMU
 * backend understands.  cp_init() copies the CCW chains of that program
 * into 31-bit kernel memory and checks their shape; cp_prefetch() pins the
 * guest pages the program transfers data to or from and points every
 * data-transferring CCW at a format-2 IDAL of host addresses.  The result
 * is issued with the ORB cp_get_orb() returns.  cp_free() unpins and
 * releases it all; cp_update_scsw() turns the channel-program address the
 * hardware reports back into a guest address.
 *
 * Memory: cp_setup() preallocates, per device, the 31-bit memory for CCW
 * chains and IDALs, a scratch page and the page tables of the pins; a
 * request only allocates when its program outgrows them.
 *
 * Locking: none inside.  The caller serializes every cp_* call on one
 * channel_program (vfio_ccw: private->io_mutex), cp_iova_pinned()
 * included.
 */
#ifndef VFIO_CCW_CP_H
#define VFIO_CCW_CP_H

#include <linux/bitmap.h>
#include <linux/device.h>
#include <linux/ratelimit.h>
#include <linux/types.h>
#include <asm/cio.h>
#include <asm/scsw.h>

#include "orb.h"

/* At most this many CCWs in one chain, and chains in one program. */
#define CCWCHAIN_LEN_MAX	256
#define CCWCHAIN_COUNT_MAX	16

struct page;

/**
 * struct vfio_ccw_mem_ops - access to guest memory
 * @pin: pin @npage pages from @iova (page aligned) on, as vfio_pin_pages()
 *	 does; returns @npage or a negative errno and fills @pages
 * @unpin: undo @pin for @npage pages from @iova
 * @read: copy @len bytes of guest memory at @iova, as
 *	  vfio_dma_rw(..., false) does; 0 or a negative errno
 *
 * @npage never exceeds VFIO_PIN_PAGES_MAX_ENTRIES.
 */
struct vfio_ccw_mem_ops {
	int (*pin)(void *ctx, dma_addr_t iova, int npage, int prot,
		   struct page **pages);
	void (*unpin)(void *ctx, dma_addr_t iova, int npage);
	int (*read)(void *ctx, dma_addr_t iova, void *data, size_t len);
};

/**
 * struct cp_chain - one chain of CCWs of the guest program
 * @ccw: the translated copy: @len CCWs and a zeroed guard CCW, in 31-bit
 *	 memory
 * @iova: guest address of the first CCW
 * @len: number of CCWs
 * @tic_target: CCWs that a TIC of the program transfers to
 */
struct cp_chain {
	struct ccw1 *ccw;
	u32 iova;
	u32 len;
	DECLARE_BITMAP(tic_target, CCWCHAIN_LEN_MAX);
};

/**
 * struct channel_program - a guest channel program and its translation
 * @orb: the guest's ORB, made the one to issue by cp_get_orb()
 * @initialized: cp_init() succeeded and cp_free() has not run yet
 * @prefetched: cp_prefetch() succeeded; the program may be issued
 * @fmt2: the guest's IDAWs are format-2 (64-bit)
 * @blk_shift: log2 of the IDAW block size of the program (11 or 12)
 * @nr_chains: entries of @chains in use
 * @chains: the chains, the one the ORB designates first
 * @dev: device named in log lines (may be NULL)
 * @ops: guest memory access
 * @ctx: argument of @ops
 * @rs: rate limit of the log lines about bad programs
 * @arena: preallocated 31-bit memory for chains and IDALs
 * @chunk: the 31-bit area allocations currently come from
 * @chunk_used: bytes of @chunk handed out
 * @overflow: extra areas of this request, linked through their first word
 * @scratch: 31-bit page the IDAWs of CCWs that move no data designate
 * @pin_iova: guest page address of each pinned page, in IDAW order
 * @pin_page: the pinned pages
 * @nr_pins: entries of @pin_iova and @pin_page in use
 * @nr_pinned: leading entries of them that are pinned now
 * @max_pins: size of @pin_iova and @pin_page
 * @pin_iova_pre: the preallocated @pin_iova
 * @pin_page_pre: the preallocated @pin_page
 */
struct channel_program {
	union orb orb;
	bool initialized;
	bool prefetched;
	bool fmt2;
	u8 blk_shift;
	unsigned int nr_chains;
	struct cp_chain chains[CCWCHAIN_COUNT_MAX];

	struct device *dev;
	const struct vfio_ccw_mem_ops *ops;
	void *ctx;
	struct ratelimit_state rs;

	void *arena;
	void *chunk;
	size_t chunk_used;
	void *overflow;
	void *scratch;

	u64 *pin_iova;
	struct page **pin_page;
	unsigned int nr_pins;
	unsigned int nr_pinned;
	unsigned int max_pins;
	u64 *pin_iova_pre;
	struct page **pin_page_pre;

	/* copy of a block of guest memory during a translation (cp_read) */
	void *snap;
	u64 snap_iova;
	bool snap_valid;
};

int cp_setup(struct channel_program *cp, struct device *dev,
	     const struct vfio_ccw_mem_ops *ops, void *ctx);
void cp_teardown(struct channel_program *cp);
int cp_init(struct channel_program *cp, const union orb *orb);
int cp_prefetch(struct channel_program *cp);
union orb *cp_get_orb(struct channel_program *cp, u32 intparm, u8 lpm);
void cp_update_scsw(struct channel_program *cp, union scsw *scsw);
bool cp_iova_pinned(struct channel_program *cp, u64 iova, u64 length);
void cp_free(struct channel_program *cp);

#endif /* VFIO_CCW_CP_H */
