/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mediated device API our core implements and our drivers use.
 *
 * Kernels from v6.1 on declare it in <linux/mdev.h>; our exports then use
 * exactly those declarations, so their symbol versions match what in-tree
 * consumers of that kernel (vfio_ap, kvmgt) were built against.
 */
#ifndef VCD_COMPAT_MDEV_H
#define VCD_COMPAT_MDEV_H

#ifdef HAVE_MDEV_PARENT_API
#include <linux/mdev.h>
#else
#error "this kernel's <linux/mdev.h> predates the v6.1 mdev parent API; not supported yet"
#endif

#endif /* VCD_COMPAT_MDEV_H */
