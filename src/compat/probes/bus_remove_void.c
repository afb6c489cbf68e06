// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_BUS_REMOVE_VOID
 *
 * Upstream: "bus: Make remove callback return void" (v5.15).  Before it,
 * struct bus_type::remove returns an int that the driver core ignores.
 */
#include <linux/device.h>

#ifndef VCD_PROBE_LACK
static void vcd_probe_remove(struct device *dev)
{
}
#else
static int vcd_probe_remove(struct device *dev)
{
	return 0;
}
#endif

static void __maybe_unused vcd_probe(struct device *dev)
{
	typeof(dev->bus->remove) remove = vcd_probe_remove;

	remove(dev);
}
