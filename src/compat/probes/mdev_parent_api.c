// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_MDEV_PARENT_API
 *
 * Upstream: "vfio/mdev: embedd struct mdev_parent in the parent data
 * structure" and "vfio/mdev: consolidate all the available_instance
 * checks" (v6.1).  <linux/mdev.h> declares the parent/type/driver API
 * that our core implements: mdev_register_parent() with an array of
 * struct mdev_type, and struct mdev_driver::get_available.  Without it
 * the project's own declarations are used and every export is prefixed.
 *
 * The older <linux/mdev.h> (v5.10) needs device.h and uuid.h first.
 */
#include <linux/device.h>
#include <linux/uuid.h>
#include <linux/mdev.h>

#ifndef VCD_PROBE_LACK
static unsigned int vcd_probe_avail(struct mdev_type *t)
{
	return 0;
}

static int __maybe_unused vcd_probe(struct mdev_parent *p, struct device *d,
				    struct mdev_driver *drv,
				    struct mdev_type **t)
{
	drv->get_available = vcd_probe_avail;
	atomic_set(&p->available_instances, 0);
	return mdev_register_parent(p, d, drv, t, 1);
}
#else
/* The older API registers a device with a parent ops table. */
static int __maybe_unused vcd_probe(struct device *d,
				    const struct mdev_parent_ops *ops)
{
	return mdev_register_device(d, ops);
}
#endif
