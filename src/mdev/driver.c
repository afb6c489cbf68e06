// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mdev bus and registration of mdev drivers.
 *
 * Symbol versions (MODVERSIONS) of an export are computed from every type
 * definition visible where it is exported.  The in-tree core exports the
 * driver functions from a file that also sees <linux/iommu.h>; this file
 * includes it for the same reason, so that in-tree consumers built against
 * that kernel accept our exports.
 */
#include <linux/iommu.h>
#include <compat/device.h>

#include "mdev_private.h"

static struct mdev_driver *to_mdev_driver(struct device_driver *drv)
{
	return container_of(drv, struct mdev_driver, driver);
}

static int mdev_bus_probe(struct device *dev)
{
	struct mdev_driver *drv = to_mdev_driver(dev->driver);

	return drv->probe ? drv->probe(to_mdev_device(dev)) : 0;
}

static compat_bus_remove_t mdev_bus_remove(struct device *dev)
{
	struct mdev_driver *drv = to_mdev_driver(dev->driver);

	if (drv->remove)
		drv->remove(to_mdev_device(dev));
	return COMPAT_BUS_REMOVE_DONE;
}

/*
 * The core attaches the parent's driver to each device it creates.  Only
 * where the driver core cannot do that for a module (COMPAT_BIND_BY_MATCH)
 * does matching accept a device and its parent's driver.
 */
static int mdev_bus_match(struct device *dev,
			  compat_match_const struct device_driver *drv)
{
	struct mdev_type *type;

	if (!COMPAT_BIND_BY_MATCH)
		return 0;
	/* a deleted device has given its type back: it matches nothing */
	type = READ_ONCE(to_mdev_device(dev)->type);
	return type && drv == &type->parent->mdev_driver->driver;
}

compat_bus_type mdev_bus_type = {
	.name = "mdev",
	.probe = mdev_bus_probe,
	.remove = mdev_bus_remove,
	.match = mdev_bus_match,
};

/*
 * Before v5.16 vfio_iommu_type1 looks up the mdev bus and the IOMMU device
 * of a mediated device by name (see <compat/mdev.h>).  Ours never have an
 * IOMMU device of their own: their vendor driver isolates them.
 */
COMPAT_MDEV_EXPORT_BUS_TYPE;

#if COMPAT_MDEV_TYPE1_LOOKUP
struct device *mdev_get_iommu_device(struct device *dev)
{
	return NULL;
}
EXPORT_SYMBOL(mdev_get_iommu_device);
#endif

/**
 * mdev_register_driver - register a driver for mediated devices
 * @drv: the driver; device_api must be set
 */
int mdev_register_driver(struct mdev_driver *drv)
{
	if (!drv->device_api)
		return -EINVAL;

	drv->driver.bus = &mdev_bus_type;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL(mdev_register_driver);

/**
 * mdev_unregister_driver - undo mdev_register_driver()
 * @drv: a registered driver
 */
void mdev_unregister_driver(struct mdev_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL(mdev_unregister_driver);
