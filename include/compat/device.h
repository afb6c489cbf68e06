/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Driver-core differences between the kernels we build for.
 */
#ifndef VCD_COMPAT_DEVICE_H
#define VCD_COMPAT_DEVICE_H

#include <linux/device.h>

/*
 * The driver argument of struct bus_type::match became const in v6.11
 * (HAVE_BUS_MATCH_CONST_DRV).  Declare match callbacks with this in place
 * of the const qualifier.
 */
#ifdef HAVE_BUS_MATCH_CONST_DRV
#define compat_match_const const
#else
#define compat_match_const
#endif

/*
 * struct bus_type became const in bus_register() and struct device in
 * v6.3/v6.4 (HAVE_BUS_TYPE_CONST).  Declare bus types as compat_bus_type:
 * read-only where the kernel allows it.
 */
#ifdef HAVE_BUS_TYPE_CONST
#define compat_bus_type const struct bus_type
#else
#define compat_bus_type struct bus_type
#endif

/*
 * struct bus_type::remove returns void from v5.15 on (HAVE_BUS_REMOVE_VOID).
 * Declare a bus remove callback as returning compat_bus_remove_t and end
 * it with "return COMPAT_BUS_REMOVE_DONE;".
 */
#ifdef HAVE_BUS_REMOVE_VOID
#define compat_bus_remove_t void
#define COMPAT_BUS_REMOVE_DONE
#else
#define compat_bus_remove_t int
#define COMPAT_BUS_REMOVE_DONE 0
#endif

/*
 * The add_dev and remove_dev callbacks of struct class_interface take
 * only the device from v6.4 on (HAVE_CLASS_INTERFACE_ADD_DEV_1ARG); before,
 * the interface came as a second argument.  Declare such a callback as
 * "static int fn(COMPAT_CLASS_INTF_ARGS(dev))".
 */
#ifdef HAVE_CLASS_INTERFACE_ADD_DEV_1ARG
#define COMPAT_CLASS_INTF_ARGS(dev)	struct device *dev
#else
#define COMPAT_CLASS_INTF_ARGS(dev)					\
	struct device *dev, struct class_interface *compat_intf __always_unused
#endif

/*
 * struct kobj_type may be const from v6.2 on (HAVE_KOBJ_TYPE_CONST).
 */
#ifdef HAVE_KOBJ_TYPE_CONST
#define compat_kobj_type const struct kobj_type
#else
#define compat_kobj_type struct kobj_type
#endif

/*
 * device_driver_attach() is exported from v5.14 on
 * (HAVE_DEVICE_DRIVER_ATTACH).  Before, a bus can only bind a particular
 * driver to a device by letting its match() accept exactly that pair:
 * COMPAT_BIND_BY_MATCH tells the bus to do so, and
 * compat_device_driver_attach() then has the driver core probe the device
 * (it may already be bound, by device_add()).  The driver's own probe
 * error is not passed on there; any failure to bind is -ENODEV.
 */
#ifdef HAVE_DEVICE_DRIVER_ATTACH
#define COMPAT_BIND_BY_MATCH 0

static inline int compat_device_driver_attach(struct device_driver *drv,
					      struct device *dev)
{
	return device_driver_attach(drv, dev);
}
#else
#define COMPAT_BIND_BY_MATCH 1

static inline int compat_device_driver_attach(struct device_driver *drv,
					      struct device *dev)
{
	int ret = device_attach(dev);

	if (ret < 0)
		return ret;
	return dev->driver == drv ? 0 : -ENODEV;
}
#endif

/*
 * class_compat_create_link() and class_compat_remove_link() take the class
 * and the device only from v6.16 on (HAVE_CLASS_COMPAT_LINK_2ARG).  Older
 * kernels get upstream's two-argument form here, without the back-link
 * device, which no caller of ours uses.
 */
#ifndef HAVE_CLASS_COMPAT_LINK_2ARG
static inline int vcd_class_compat_create_link(struct class_compat *cls,
					       struct device *dev)
{
	return class_compat_create_link(cls, dev, NULL);
}

static inline void vcd_class_compat_remove_link(struct class_compat *cls,
						struct device *dev)
{
	class_compat_remove_link(cls, dev, NULL);
}

#define class_compat_create_link vcd_class_compat_create_link
#define class_compat_remove_link vcd_class_compat_remove_link
#endif

#endif /* VCD_COMPAT_DEVICE_H */
