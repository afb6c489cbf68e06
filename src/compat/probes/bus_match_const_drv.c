// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_BUS_MATCH_CONST_DRV
 *
 * Upstream: "driver core: have match() callback in struct bus_type take a
 * const *" (v6.11).  struct bus_type::match receives a const
 * struct device_driver pointer.
 */
#include <linux/device.h>

#ifndef VCD_PROBE_LACK
static int vcd_probe_match(struct device *dev,
			   const struct device_driver *drv)
#else
static int vcd_probe_match(struct device *dev, struct device_driver *drv)
#endif
{
	return 0;
}

static int __maybe_unused vcd_probe(struct device *dev)
{
	typeof(dev->bus->match) match = vcd_probe_match;

	return match(dev, dev->driver);
}
