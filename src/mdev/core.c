// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mediated device core: the mdev bus, the mdev_bus compatibility class,
 * parent registration and mdev driver registration.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kobject.h>

#include "mdev_private.h"

static struct class_compat *mdev_parent_class;

static void mdev_parent_uevent(struct device *dev, bool registered)
{
	char *envp[2];

	envp[0] = registered ? "MDEV_STATE=registered" :
			       "MDEV_STATE=unregistered";
	envp[1] = NULL;

	kobject_uevent_env(&dev->kobj, KOBJ_CHANGE, envp);
}

/**
 * mdev_register_parent - make a device a parent of mediated devices
 * @parent: parent structure, usually embedded in the driver's data
 * @dev: the device mediated devices will be created under
 * @mdev_driver: the driver bound to every mediated device of @parent
 * @types: the device types offered, each with sysfs_name set
 * @nr_types: number of entries in @types
 *
 * Returns 0 or a negative errno.
 */
int mdev_register_parent(struct mdev_parent *parent, struct device *dev,
			 struct mdev_driver *mdev_driver,
			 struct mdev_type **types, unsigned int nr_types)
{
	int ret;

	if (!dev || !mdev_driver || !mdev_driver->device_api ||
	    (nr_types && !types))
		return -EINVAL;

	memset(parent, 0, sizeof(*parent));
	init_rwsem(&parent->unreg_sem);
	parent->dev = dev;
	parent->mdev_driver = mdev_driver;
	parent->types = types;
	parent->nr_types = nr_types;
	atomic_set(&parent->available_instances, mdev_driver->max_instances);

	ret = mdev_types_add(parent);
	if (ret) {
		dev_err(dev, "mdev: cannot register as a parent: %d\n", ret);
		return ret;
	}

	if (class_compat_create_link(mdev_parent_class, dev))
		dev_warn(dev, "mdev: no link in /sys/class/mdev_bus\n");

	dev_info(dev, "mdev: registered as a parent\n");
	mdev_parent_uevent(dev, true);
	return 0;
}
EXPORT_SYMBOL(mdev_register_parent);

/**
 * mdev_unregister_parent - undo mdev_register_parent()
 * @parent: a registered parent
 *
 * Mediated devices still alive under the parent are removed first.
 */
void mdev_unregister_parent(struct mdev_parent *parent)
{
	struct device *dev = parent->dev;

	down_write(&parent->unreg_sem);
	class_compat_remove_link(mdev_parent_class, dev);
	mdev_parent_remove_devices(parent);
	mdev_types_del(parent);
	up_write(&parent->unreg_sem);

	dev_info(dev, "mdev: unregistered as a parent\n");
	mdev_parent_uevent(dev, false);
}
EXPORT_SYMBOL(mdev_unregister_parent);

static int __init mdev_core_init(void)
{
	int ret;

	mdev_devices_init();
	ret = bus_register(&mdev_bus_type);
	if (ret) {
		pr_err("cannot register the mdev bus: %d\n", ret);
		return ret;
	}

	mdev_parent_class = class_compat_register("mdev_bus");
	if (!mdev_parent_class) {
		pr_err("cannot register the mdev_bus class\n");
		bus_unregister(&mdev_bus_type);
		return -ENOMEM;
	}
	return 0;
}

static void __exit mdev_core_exit(void)
{
	class_compat_unregister(mdev_parent_class);
	bus_unregister(&mdev_bus_type);
}

subsys_initcall(mdev_core_init);
module_exit(mdev_core_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(VCD_VERSION);
MODULE_DESCRIPTION("Mediated device core (vfio-ccw-dkms)");
