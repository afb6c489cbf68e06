// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_DEVICE_DRIVER_ATTACH
 *
 * Upstream: "driver core: Export device_driver_attach()" (v5.14).  Before
 * it, device_driver_attach() is private to the driver core (declared in
 * drivers/base/base.h, not exported): a module cannot bind a given driver
 * to a given device and has to let the bus match them.
 */
#include <linux/device.h>

#ifndef VCD_PROBE_LACK
static int __maybe_unused vcd_probe(struct device_driver *drv,
				    struct device *dev)
{
	return device_driver_attach(drv, dev);
}
#else
/* Only compiles while the name is not declared. */
static int __maybe_unused device_driver_attach;
#endif
