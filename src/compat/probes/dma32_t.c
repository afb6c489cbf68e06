// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_DMA32_T
 *
 * Upstream: the s390 series of v6.10 (Heiko Carstens) that added
 * <asm/dma-types.h> with the dma32_t and dma64_t types and converted the
 * channel-I/O control blocks to them: struct ccw1::cda and the cpa of
 * struct cmd_scsw became dma32_t, read and written with dma32_to_u32(),
 * u32_to_dma32() and virt_to_dma32().  Before, both were plain u32.
 * Kernels of other architectures take the older form (no s390 headers).
 */
#include <linux/types.h>

#ifndef VCD_PROBE_LACK
#include <asm/cio.h>
#include <asm/dma-types.h>

static u32 __maybe_unused vcd_probe(struct ccw1 *ccw, union scsw *scsw)
{
	ccw->cda = virt_to_dma32(ccw);
	scsw->cmd.cpa = u32_to_dma32(0);
	return dma32_to_u32(ccw->cda);
}
#else
#ifdef CONFIG_S390
#include <asm/cio.h>
#endif
/* Only compiles while the name is still free. */
static int virt_to_dma32 __maybe_unused;
#endif
