// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_SCH_LOCK_EMBEDDED
 *
 * Upstream: "s390/cio: make sch->lock spinlock pointer a member" (v6.8):
 * struct subchannel holds its spinlock instead of a pointer to a separately
 * allocated one.  The structure lives in a private header, so no compile
 * probe can see it.  This probe is a proxy, used only when the target
 * kernel has no BTF (src/compat/btf-check reads the real member then, and
 * wins): a v6.8+ kernel, or an older stable kernel that took the generic
 * driver_override backport ("driver core: generic driver_override
 * infrastructure" with "s390/cio: use generic driver_override
 * infrastructure"), which stable trees carry together with the lock change.
 * A wrong guess is caught when binding (vfio_ccw_cio_layout_check()).
 */
#include <linux/device.h>
#include <linux/version.h>

#ifndef VCD_PROBE_LACK
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
static int __maybe_unused vcd_probe(void)
{
	return 0;
}
#else
/* Compiles only where the driver-core helper exists. */
static int __maybe_unused vcd_probe(struct device *dev,
				    struct device_driver *drv)
{
	return device_match_driver_override(dev, drv);
}
#endif
#else
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#error "v6.8+ has the embedded subchannel lock"
#endif
/* Conflicts with the driver-core helper where it exists. */
static int __maybe_unused device_match_driver_override(void)
{
	return 0;
}
#endif
