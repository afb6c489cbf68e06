/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Operation request blocks, as the architecture defines them (z/Architecture
 * Principles of Operation, "Operation-Request Block").  The kernel keeps its
 * own copy in a private cio header that no headers package ships, so the
 * driver declares the two formats it needs here.  The channel-program
 * address is a plain 32-bit word: the hardware reads a 31-bit absolute
 * address whatever type a kernel version gives it.
 */
#ifndef VFIO_CCW_ORB_H
#define VFIO_CCW_ORB_H

#include <linux/types.h>
#include <linux/build_bug.h>

/* Command-mode ORB (word 1 holds the flags, word 2 the CCW address). */
struct cmd_orb {
	u32 intparm;		/* returned in the interruption code */
	u32 key:4;		/* storage access key */
	u32 spnd:1;		/* suspend control */
	u32 res1:1;
	u32 mod:1;		/* modification control */
	u32 sync:1;		/* synchronization control */
	u32 fmt:1;		/* 1: format-1 CCWs */
	u32 pfch:1;		/* 1: unlimited prefetching allowed */
	u32 isic:1;		/* initial-status interruption */
	u32 alcc:1;		/* address-limit checking */
	u32 ssic:1;		/* suppress suspended interruption */
	u32 res2:1;		/* 1 would be a transport-mode ORB */
	u32 c64:1;		/* format-2 (64-bit) IDAWs */
	u32 i2k:1;		/* 2K-byte IDAW blocks (with c64) */
	u32 lpm:8;		/* logical path mask */
	u32 ils:1;		/* suppress incorrect-length indication */
	u32 zero:6;
	u32 orbx:1;		/* ORB extension present */
	u32 cpa;		/* channel program address */
} __packed __aligned(4);

/* Transport-mode ORB: recognised only to be refused. */
struct tm_orb {
	u32 intparm;
	u32 key:4;
	u32 res0:9;
	u32 b:1;		/* set: transport mode */
	u32 res1:2;
	u32 lpm:8;
	u32 res2:7;
	u32 x:1;
	u32 tcw;
	u32 prio:8;
	u32 res3:8;
	u32 rsvpgm:8;
	u32 res4:8;
	u32 res5[4];
} __packed __aligned(4);

union orb {
	struct cmd_orb cmd;
	struct tm_orb tm;
	u32 words[8];
} __packed __aligned(4);

static_assert(sizeof(struct cmd_orb) == 12);
static_assert(sizeof(union orb) == 32);

#endif /* VFIO_CCW_ORB_H */
