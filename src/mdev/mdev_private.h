/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal declarations of the mediated device core.
 */
#ifndef VCD_MDEV_PRIVATE_H
#define VCD_MDEV_PRIVATE_H

#include <compat/device.h>
#include <compat/mdev.h>

extern compat_bus_type mdev_bus_type;

int mdev_types_add(struct mdev_parent *parent);
void mdev_types_del(struct mdev_parent *parent);

static inline struct mdev_type *kobj_to_mdev_type(struct kobject *kobj)
{
	return container_of(kobj, struct mdev_type, kobj);
}

#endif /* VCD_MDEV_PRIVATE_H */
