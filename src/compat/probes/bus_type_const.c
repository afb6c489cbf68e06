// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_BUS_TYPE_CONST
 *
 * Upstream: the driver-core series that made bus_register() take a const
 * struct bus_type and made struct device::bus const (v6.3 to v6.4).  A bus
 * type may then live in read-only memory.
 */
#include <linux/device.h>

#ifndef VCD_PROBE_LACK
static const struct bus_type vcd_probe_bus = { .name = "vcd_probe" };

static int __maybe_unused vcd_probe(struct device *dev)
{
	dev->bus = &vcd_probe_bus;
	return bus_register(&vcd_probe_bus);
}
#else
/* The older form: a device's bus type is writable. */
static void __maybe_unused vcd_probe(struct device *dev)
{
	dev->bus->name = "vcd_probe";
}
#endif
