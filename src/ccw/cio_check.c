// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bind-time check of our private cio declarations (cio.h) against the
 * running kernel.  The build compares them with the target's BTF when
 * there is one; this check runs always, before the css probe uses a
 * subchannel, and needs no BTF.
 *
 * Nothing read through a possibly wrong layout is ever dereferenced: the
 * device the css bus knows under the name formed from our schid must be
 * exactly our &sch->dev (a pointer comparison).  Only once that holds are
 * further members read, and only as values.
 */
#define pr_fmt(fmt) "vfio_ccw: " fmt

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <asm/isc.h>

#include "cio.h"

/* sysfs name of a subchannel, as the css bus forms it: 0.<ssid>.<sch_no> */
#define VFIO_CCW_SCH_NAME_LEN	sizeof("0.3.ffff")

static const char *vfio_ccw_cio_mismatch(struct subchannel *sch,
					 const struct css_driver *cdrv,
					 const char *name)
{
	struct device *dev;
	bool same;

	if (!sch->schid.one)
		return "schid has no one bit";
	if (!cdrv->drv.bus)
		return "driver is not registered on a bus";

	dev = bus_find_device_by_name(cdrv->drv.bus, NULL, name);
	if (!dev)
		return "no css device has the name of its schid";
	same = dev == &sch->dev;
	put_device(dev);
	if (!same)
		return "the css device of its schid is not its dev member";

	/* &sch->dev is the real device: the members before it line up. */
	if (!sch->dev.bus || strcmp(sch->dev.bus->name, "css"))
		return "its device is not on the css bus";
	if (sch->st != sch->schib.pmcw.st)
		return "type differs from the schib's";
	if (sch->isc < 0 || sch->isc > MAX_ISC)
		return "isc out of range";
	if (sch->dev.driver && sch->driver &&
	    sch->driver != to_cssdriver(sch->dev.driver))
		return "driver member does not match the bound driver";
#ifdef COMPAT_SCH_LOCK_PTR
	if (!sch->lock)
		return "no lock";
#endif
	if (upper_32_bits(virt_to_phys(sch)))
		return "subchannel above 4 GiB, no intparm can name it";
	return NULL;
}

/**
 * vfio_ccw_cio_layout_check() - does struct subchannel match this kernel?
 * @sch: the subchannel handed to the css probe
 * @cdrv: a registered css driver (its drv.bus is the kernel's css bus)
 *
 * Return: 0, or -EINVAL after one rate-limited log line naming the
 * subchannel: the module was built with a layout this kernel does not have
 * and must not bind.
 */
int vfio_ccw_cio_layout_check(struct subchannel *sch,
			      const struct css_driver *cdrv)
{
	char name[VFIO_CCW_SCH_NAME_LEN];
	const char *why;

	snprintf(name, sizeof(name), "0.%x.%04x", sch->schid.ssid,
		 sch->schid.sch_no);
	why = vfio_ccw_cio_mismatch(sch, cdrv, name);
	if (!why)
		return 0;
	pr_warn_ratelimited("subchannel %s: layout does not match this kernel (%s), refusing to bind\n",
			    name, why);
	return -EINVAL;
}
