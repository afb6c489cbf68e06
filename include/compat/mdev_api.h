/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The v6.1 mediated device API, declared by this project for kernels
 * whose <linux/mdev.h> has the older one (HAVE_MDEV_PARENT_API unset, such
 * as Debian 11's 5.10).  Include <compat/mdev.h>, never this file.
 *
 * The structures have the members of the v6.1 header, so a driver written
 * for v6.1 builds here unchanged.  Every function the core exports is
 * renamed by a macro to carry the prefix vcd_, as the backports project
 * does: the kernel's own mdev.ko (shadowed by ours once installed) exports
 * mdev_register_driver() with another signature, and an in-tree user of
 * the old API (vfio_mdev, kvmgt, vfio_ap, vfio_ccw) must fail to resolve
 * its symbols against our core rather than bind to a function that
 * expects other arguments.
 *
 * The kernel's <linux/mdev.h> declares structures of the same names with
 * other members, so the two must never meet in one file.  Its include
 * guard is defined below: a later #include of it is then empty, and an
 * earlier one stops the build here.
 */
#ifndef VCD_COMPAT_MDEV_API_H
#define VCD_COMPAT_MDEV_API_H

#ifdef MDEV_H
#error "<linux/mdev.h> (the old API) was included before <compat/mdev.h>"
#endif
#define MDEV_H

#include <linux/device.h>
#include <linux/uuid.h>

#define mdev_register_parent	vcd_mdev_register_parent
#define mdev_unregister_parent	vcd_mdev_unregister_parent
#define mdev_register_driver	vcd_mdev_register_driver
#define mdev_unregister_driver	vcd_mdev_unregister_driver

struct mdev_type;

/* A mediated device; the core allocates it, drivers get it in probe(). */
struct mdev_device {
	struct device dev;
	guid_t uuid;
	struct list_head next;		/* core: uuid hash bucket */
	struct mdev_type *type;
	bool active;			/* core: not yet being removed */
};

/* One type a parent offers; an array of pointers goes to registration. */
struct mdev_type {
	/* filled in by the driver */
	const char *sysfs_name;
	const char *pretty_name;
	/* filled in by the core; drivers may read it */
	struct mdev_parent *parent;
	/* the core's own */
	struct kobject kobj;
	struct kobject *devices_kobj;
};

/* Embedded in the driver data of a parent device; owned by the core. */
struct mdev_parent {
	struct device *dev;
	struct mdev_driver *mdev_driver;
	struct kset *mdev_types_kset;
	struct rw_semaphore unreg_sem;	/* creation against unregistration */
	struct mdev_type **types;
	unsigned int nr_types;
	atomic_t available_instances;
};

static inline struct mdev_device *to_mdev_device(struct device *dev)
{
	return container_of(dev, struct mdev_device, dev);
}

/* The driver of every mediated device of a parent. */
struct mdev_driver {
	const char *device_api;
	unsigned int max_instances;
	int (*probe)(struct mdev_device *dev);
	void (*remove)(struct mdev_device *dev);
	unsigned int (*get_available)(struct mdev_type *mtype);
	ssize_t (*show_description)(struct mdev_type *mtype, char *buf);
	struct device_driver driver;
};

int mdev_register_parent(struct mdev_parent *parent, struct device *dev,
			 struct mdev_driver *mdev_driver,
			 struct mdev_type **types, unsigned int nr_types);
void mdev_unregister_parent(struct mdev_parent *parent);

int mdev_register_driver(struct mdev_driver *drv);
void mdev_unregister_driver(struct mdev_driver *drv);

static inline struct device *mdev_dev(struct mdev_device *mdev)
{
	return &mdev->dev;
}

#endif /* VCD_COMPAT_MDEV_API_H */
