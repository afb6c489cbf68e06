// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_CLASS_COMPAT_LINK_2ARG
 *
 * Upstream: the driver core dropped the device_link argument of
 * class_compat_create_link() and class_compat_remove_link() (between v6.12
 * and v6.16; the in-tree mdev core, its last user, passed NULL).  Older
 * kernels take a third argument, a device to link back to.
 */
#include <linux/device.h>

#ifndef VCD_PROBE_LACK
static void __maybe_unused vcd_probe(struct class_compat *cls,
				     struct device *dev)
{
	if (!class_compat_create_link(cls, dev))
		class_compat_remove_link(cls, dev);
}
#else
/* The older form, with the back-link device. */
static void __maybe_unused vcd_probe(struct class_compat *cls,
				     struct device *dev)
{
	if (!class_compat_create_link(cls, dev, NULL))
		class_compat_remove_link(cls, dev, NULL);
}
#endif
