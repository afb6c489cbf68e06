/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 31-bit channel addresses in CCWs and SCSWs.
 *
 * v6.10 turned struct ccw1::cda and the cpa of struct cmd_scsw into the
 * sparse-checked type dma32_t (HAVE_DMA32_T); older kernels declare them
 * as plain u32.  Driver code reads and writes those fields only through
 * the helpers below, which take and return u32 on every kernel.
 */
#ifndef VCD_COMPAT_DMA32_H
#define VCD_COMPAT_DMA32_H

#include <linux/types.h>
#include <linux/io.h>
#include <asm/cio.h>
#include <asm/scsw.h>

#ifdef HAVE_DMA32_T
#include <asm/dma-types.h>
#define compat_u32_to_dma32(addr)	u32_to_dma32(addr)
#define compat_dma32_to_u32(addr)	dma32_to_u32(addr)
#else
#define compat_u32_to_dma32(addr)	((u32)(addr))
#define compat_dma32_to_u32(addr)	((u32)(addr))
#endif

/* Highest address a 31-bit channel address can designate. */
#define COMPAT_DMA31_MAX	0x7fffffffUL

/**
 * compat_virt_to_dma31() - the 31-bit absolute address of kernel memory
 * @ptr: directly mapped kernel memory (kmalloc, page allocator)
 * @addr: where the address is stored
 *
 * Return: true if @ptr lies below 2G; false, and @addr untouched, if the
 * channel subsystem cannot reach it with a 31-bit address.
 */
static inline bool compat_virt_to_dma31(const void *ptr, u32 *addr)
{
	phys_addr_t pa = virt_to_phys((void *)ptr);

	if (pa > COMPAT_DMA31_MAX)
		return false;
	*addr = (u32)pa;
	return true;
}

static inline u32 compat_ccw_cda(const struct ccw1 *ccw)
{
	return compat_dma32_to_u32(ccw->cda);
}

static inline void compat_ccw_set_cda(struct ccw1 *ccw, u32 addr)
{
	ccw->cda = compat_u32_to_dma32(addr);
}

/* The kernel memory a CCW's data address designates. */
static inline void *compat_ccw_cda_virt(const struct ccw1 *ccw)
{
	return phys_to_virt(compat_ccw_cda(ccw));
}

/*
 * Point a CCW's data address at kernel memory.  Returns false, leaving
 * the CCW unchanged, if @ptr lies above 2G.
 */
static inline bool compat_ccw_set_cda_virt(struct ccw1 *ccw, const void *ptr)
{
	u32 addr;

	if (!compat_virt_to_dma31(ptr, &addr))
		return false;
	compat_ccw_set_cda(ccw, addr);
	return true;
}

static inline u32 compat_scsw_cmd_cpa(const union scsw *scsw)
{
	return compat_dma32_to_u32(scsw->cmd.cpa);
}

static inline void compat_scsw_cmd_set_cpa(union scsw *scsw, u32 cpa)
{
	scsw->cmd.cpa = compat_u32_to_dma32(cpa);
}

#endif /* VCD_COMPAT_DMA32_H */
