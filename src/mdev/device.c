// SPDX-License-Identifier: GPL-2.0-only
/*
 * Life cycle of mediated devices: creation through a type's "create" file,
 * removal through the device's "remove" file or with its parent.
 *
 * Every device is hashed by uuid, so that the duplicate check at creation
 * costs the same with thousands of devices as with a few.  Available
 * instances are counted here, not in the drivers: a device takes one at
 * creation and gives it back when it is deleted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "mdev_private.h"

#define MDEV_UUID_HASH_BITS 10

/* mdev_device::next links a device into its uuid bucket. */
static struct list_head mdev_uuid_hash[1 << MDEV_UUID_HASH_BITS];
static DEFINE_MUTEX(mdev_uuid_lock);

void mdev_devices_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mdev_uuid_hash); i++)
		INIT_LIST_HEAD(&mdev_uuid_hash[i]);
}

static struct list_head *mdev_uuid_bucket(const guid_t *uuid)
{
	u32 h = jhash(uuid->b, sizeof(uuid->b), 0);

	return &mdev_uuid_hash[h & (ARRAY_SIZE(mdev_uuid_hash) - 1)];
}

static struct mdev_device *mdev_find_locked(const guid_t *uuid)
{
	struct mdev_device *mdev;

	lockdep_assert_held(&mdev_uuid_lock);
	list_for_each_entry(mdev, mdev_uuid_bucket(uuid), next)
		if (guid_equal(&mdev->uuid, uuid))
			return mdev;
	return NULL;
}

/* Take one instance from @parent's budget; false if none is left. */
static bool mdev_take_instance(struct mdev_type *type)
{
	struct mdev_parent *parent = type->parent;
	struct mdev_driver *drv = parent->mdev_driver;

	if (drv->get_available)
		return drv->get_available(type) > 0;
	return atomic_add_unless(&parent->available_instances, -1, 0);
}

static void mdev_give_instance(struct mdev_type *type)
{
	if (!type->parent->mdev_driver->get_available)
		atomic_inc(&type->parent->available_instances);
}

/*
 * What a device holds from its creation: its uuid in the hash, an
 * instance and a reference to its type.  They go back when the device is
 * deleted, not at its release: the type belongs to the parent's driver,
 * which may free it as soon as mdev_unregister_parent() returns, while a
 * reference to the device (a sysfs reader, a child being released) can
 * outlive that.  The release only does it for a device that was never
 * deleted (a creation that failed).  Nothing uses mdev->type afterwards.
 */
static void mdev_device_put_type(struct mdev_device *mdev)
{
	struct mdev_type *type;

	mutex_lock(&mdev_uuid_lock);
	type = mdev->type;
	if (type) {
		list_del_init(&mdev->next);
		WRITE_ONCE(mdev->type, NULL);
	}
	mutex_unlock(&mdev_uuid_lock);
	if (!type)
		return;
	mdev_give_instance(type);
	kobject_put(&type->kobj);
}

static void mdev_device_release(struct device *dev)
{
	struct mdev_device *mdev = to_mdev_device(dev);

	mdev_device_put_type(mdev);
	kfree(mdev);
}

static int mdev_links_add(struct mdev_device *mdev)
{
	struct kobject *kobj = &mdev->dev.kobj;
	int ret;

	ret = sysfs_create_link(mdev->type->devices_kobj, kobj,
				dev_name(&mdev->dev));
	if (ret)
		return ret;
	ret = sysfs_create_link(kobj, &mdev->type->kobj, "mdev_type");
	if (ret)
		sysfs_remove_link(mdev->type->devices_kobj,
				  dev_name(&mdev->dev));
	return ret;
}

static void mdev_links_del(struct mdev_device *mdev)
{
	sysfs_remove_link(&mdev->dev.kobj, "mdev_type");
	sysfs_remove_link(mdev->type->devices_kobj, dev_name(&mdev->dev));
}

/* Caller holds the parent's unreg_sem, shared or exclusive. */
static void mdev_device_del(struct mdev_device *mdev)
{
	lockdep_assert_held(&mdev->type->parent->unreg_sem);
	mdev_links_del(mdev);
	device_del(&mdev->dev);
	mdev_device_put_type(mdev);
	put_device(&mdev->dev);
}

/**
 * mdev_device_create - create a mediated device of a type
 * @type: a registered type
 * @uuid: the new device's uuid
 *
 * Returns 0, -EEXIST for a uuid in use, -EUSERS when no instance is left,
 * -ENODEV while the parent goes away, or the driver's probe error.
 */
int mdev_device_create(struct mdev_type *type, const guid_t *uuid)
{
	struct mdev_parent *parent = type->parent;
	struct mdev_driver *drv = parent->mdev_driver;
	struct mdev_device *mdev;
	int ret;

	mdev = kzalloc(sizeof(*mdev), GFP_KERNEL);
	if (!mdev)
		return -ENOMEM;

	mutex_lock(&mdev_uuid_lock);
	if (mdev_find_locked(uuid)) {
		mutex_unlock(&mdev_uuid_lock);
		kfree(mdev);
		return -EEXIST;
	}
	if (!mdev_take_instance(type)) {
		mutex_unlock(&mdev_uuid_lock);
		kfree(mdev);
		return -EUSERS;
	}
	guid_copy(&mdev->uuid, uuid);
	list_add(&mdev->next, mdev_uuid_bucket(uuid));
	mutex_unlock(&mdev_uuid_lock);

	/* From here on mdev_device_put_type() undoes all of the above. */
	mdev->type = type;
	kobject_get(&type->kobj);
	device_initialize(&mdev->dev);
	mdev->dev.parent = parent->dev;
	mdev->dev.bus = &mdev_bus_type;
	mdev->dev.release = mdev_device_release;
	mdev->dev.groups = mdev_device_groups;
	ret = dev_set_name(&mdev->dev, "%pUl", uuid);
	if (ret)
		goto err_put;

	if (!down_read_trylock(&parent->unreg_sem)) {
		ret = -ENODEV;
		goto err_put;
	}

	ret = device_add(&mdev->dev);
	if (ret)
		goto err_unlock;

	ret = compat_device_driver_attach(&drv->driver, &mdev->dev);
	if (!ret && !mdev->dev.driver)
		ret = -ENODEV;
	if (ret)
		goto err_del;

	ret = mdev_links_add(mdev);
	if (ret)
		goto err_del;

	mdev->active = true;
	up_read(&parent->unreg_sem);
	return 0;

err_del:
	device_del(&mdev->dev);
err_unlock:
	up_read(&parent->unreg_sem);
err_put:
	put_device(&mdev->dev);
	return ret;
}

/**
 * mdev_device_remove_self - remove a mediated device from its own sysfs file
 * @mdev: the device
 * @attr: the attribute being written ("remove")
 *
 * The writer's active reference on @attr is what keeps @mdev and its parent
 * alive on entry.  Removing the file breaks that protection, so the parent's
 * unreg_sem is taken first: from then on the parent cannot finish
 * unregistering (and be freed by its driver) before we are done.  @mdev
 * itself has no such guard: when another writer got to the file first, it
 * may be freed as soon as device_remove_file_self() returns, so a refusal
 * is logged here, on the parent, naming the device by the uuid copied on
 * entry.
 *
 * Return: 0; -EBUSY if the device is still being created; -ENODEV if
 * the parent is going away (and removes the device itself) or another
 * writer got to the file first.
 */
int mdev_device_remove_self(struct mdev_device *mdev,
			    struct device_attribute *attr)
{
	struct mdev_parent *parent = mdev->type->parent;
	guid_t uuid = mdev->uuid;
	int ret = -ENODEV;

	if (!down_read_trylock(&parent->unreg_sem)) {
		dev_warn_ratelimited(&mdev->dev,
				     "mdev: remove: the parent is being unregistered\n");
		return -ENODEV;
	}
	/*
	 * A write that races with mdev_device_create() must not take the file
	 * away from a device that is not complete yet: it would be left
	 * without a "remove" file until its parent goes.
	 */
	mutex_lock(&mdev_uuid_lock);
	if (!mdev->active) {
		mutex_unlock(&mdev_uuid_lock);
		dev_warn_ratelimited(&mdev->dev,
				     "mdev: remove: the device is still being created\n");
		ret = -EBUSY;
		goto out;
	}
	mutex_unlock(&mdev_uuid_lock);
	if (!device_remove_file_self(&mdev->dev, attr)) {
		dev_warn_ratelimited(parent->dev,
				     "mdev: remove %pUl: already being removed\n", &uuid);
		goto out;
	}

	mutex_lock(&mdev_uuid_lock);
	if (!mdev->active) {
		mutex_unlock(&mdev_uuid_lock);
		dev_warn_ratelimited(parent->dev,
				     "mdev: remove %pUl: already being removed\n", &uuid);
		goto out;
	}
	mdev->active = false;
	mutex_unlock(&mdev_uuid_lock);

	mdev_device_del(mdev);
	ret = 0;
out:
	up_read(&parent->unreg_sem);
	return ret;
}

static int mdev_remove_child(struct device *dev, void *unused)
{
	if (dev->bus == &mdev_bus_type) {
		struct mdev_device *mdev = to_mdev_device(dev);

		mutex_lock(&mdev_uuid_lock);
		mdev->active = false;
		mutex_unlock(&mdev_uuid_lock);
		mdev_device_del(mdev);
	}
	return 0;
}

/* Remove every device of @parent; the caller holds unreg_sem exclusively. */
void mdev_parent_remove_devices(struct mdev_parent *parent)
{
	lockdep_assert_held_write(&parent->unreg_sem);
	device_for_each_child(parent->dev, NULL, mdev_remove_child);
}
