// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_MDEV_GET_IOMMU_DEVICE
 *
 * Upstream: "vfio: remove the unused mdev iommu hook" and "vfio: clean up
 * the check for mediated device in vfio_iommu_type1" (v5.16) removed it.
 * Before them, <linux/mdev.h> declares mdev_get_iommu_device(), and the
 * kernel's vfio_iommu_type1 looks that function and mdev_bus_type up by
 * name (symbol_get) to recognise mediated devices.  An mdev core for such
 * a kernel must export both names as they are.
 */
#include <linux/device.h>
#include <linux/uuid.h>
#include <linux/mdev.h>

#ifndef VCD_PROBE_LACK
static void __maybe_unused *vcd_probe(void)
{
	return &mdev_get_iommu_device;
}
#else
/* Only compiles while the name is not declared. */
static int __maybe_unused mdev_get_iommu_device;
#endif
