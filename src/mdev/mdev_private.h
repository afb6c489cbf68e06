/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal declarations of the mediated device core.
 */
#ifndef VCD_MDEV_PRIVATE_H
#define VCD_MDEV_PRIVATE_H

#include <compat/device.h>
#include <compat/mdev.h>

extern compat_bus_type mdev_bus_type;

extern const struct attribute_group *mdev_device_groups[];

int mdev_types_add(struct mdev_parent *parent);
void mdev_types_del(struct mdev_parent *parent);

void mdev_devices_init(void);
int mdev_device_create(struct mdev_type *type, const guid_t *uuid);
int mdev_device_remove_self(struct mdev_device *mdev,
			    struct device_attribute *attr);
void mdev_parent_remove_devices(struct mdev_parent *parent);

/* What a creation error means, for the one log line a failure gets. */
static inline const char *mdev_create_error(int err)
{
	switch (err) {
	case -EEXIST:
		return "uuid already in use";
	case -EUSERS:
		return "no available instance left";
	case -ENODEV:
		return "parent is going away";
	case -ENOMEM:
		return "out of memory";
	default:
		return "driver refused the device";
	}
}

static inline struct mdev_type *kobj_to_mdev_type(struct kobject *kobj)
{
	return container_of(kobj, struct mdev_type, kobj);
}

#endif /* VCD_MDEV_PRIVATE_H */
