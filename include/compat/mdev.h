/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mediated device API our core implements and our drivers use.
 *
 * Kernels from v6.1 on declare it in <linux/mdev.h>; our exports then use
 * exactly those declarations, so their symbol versions match what in-tree
 * consumers of that kernel (vfio_ap, kvmgt) were built against.  On older
 * kernels <compat/mdev_api.h> declares it and our exports are named
 * vcd_mdev_*: in-tree consumers of the old API cannot use our core there.
 */
#ifndef VCD_COMPAT_MDEV_H
#define VCD_COMPAT_MDEV_H

#ifdef HAVE_MDEV_PARENT_API
#include <linux/mdev.h>
#else
#include <compat/mdev_api.h>
#endif

/*
 * Before v5.16 (HAVE_MDEV_GET_IOMMU_DEVICE) the kernel's vfio_iommu_type1
 * recognises a mediated device by looking up, by name and at run time,
 * mdev_bus_type (is the device on that bus?) and mdev_get_iommu_device()
 * (which device stands for it towards the IOMMU?).  Without them it
 * treats our devices as ordinary ones and refuses their IOMMU groups.  So
 * on those kernels, and only there, the core also exports these two names
 * unprefixed; that is all of the old interface it offers.  Our devices
 * never have an IOMMU device of their own (the vendor driver isolates
 * them, as vfio_ccw does), so the lookup always answers NULL.
 *
 * COMPAT_MDEV_TYPE1_LOOKUP is 1 on those kernels: the core then defines
 * and exports mdev_get_iommu_device(), declared here, and exports its bus
 * type with COMPAT_MDEV_EXPORT_BUS_TYPE; elsewhere that is empty.
 */
#ifdef HAVE_MDEV_GET_IOMMU_DEVICE
#define COMPAT_MDEV_TYPE1_LOOKUP 1
#define COMPAT_MDEV_EXPORT_BUS_TYPE EXPORT_SYMBOL_GPL(mdev_bus_type)

struct device *mdev_get_iommu_device(struct device *dev);
#else
#define COMPAT_MDEV_TYPE1_LOOKUP 0
#define COMPAT_MDEV_EXPORT_BUS_TYPE
#endif

#endif /* VCD_COMPAT_MDEV_H */
