// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_CLASS_INTERFACE_ADD_DEV_1ARG
 *
 * Upstream: the driver core dropped the struct class_interface argument
 * of the add_dev and remove_dev callbacks of struct class_interface
 * (v6.4, with the series that made struct class const).  Older kernels
 * pass the interface as a second argument.
 */
#include <linux/device.h>

#ifndef VCD_PROBE_LACK
static int vcd_probe_add(struct device *dev)
{
	return 0;
}

static struct class_interface vcd_probe_intf __maybe_unused = {
	.add_dev = vcd_probe_add,
};
#else
/* The older form, with the interface passed back. */
static int vcd_probe_add(struct device *dev, struct class_interface *intf)
{
	return 0;
}

static struct class_interface vcd_probe_intf __maybe_unused = {
	.add_dev = vcd_probe_add,
};
#endif
