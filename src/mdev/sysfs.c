// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs of mdev parents: <parent>/mdev_supported_types/<driver>-<type>/
 * with name, device_api, available_instances, description and devices/.
 */
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "mdev_private.h"

struct mdev_type_attr {
	struct attribute attr;
	ssize_t (*show)(struct mdev_type *type, char *buf);
	ssize_t (*store)(struct mdev_type *type, const char *buf, size_t len);
};

#define to_type_attr(a) container_of(a, struct mdev_type_attr, attr)

static ssize_t mdev_type_show(struct kobject *kobj, struct attribute *attr,
			      char *buf)
{
	struct mdev_type_attr *ta = to_type_attr(attr);

	if (!ta->show)
		return -EIO;
	return ta->show(kobj_to_mdev_type(kobj), buf);
}

static ssize_t mdev_type_store(struct kobject *kobj, struct attribute *attr,
			       const char *buf, size_t len)
{
	struct mdev_type_attr *ta = to_type_attr(attr);

	if (!ta->store)
		return -EIO;
	return ta->store(kobj_to_mdev_type(kobj), buf, len);
}

static const struct sysfs_ops mdev_type_sysfs_ops = {
	.show = mdev_type_show,
	.store = mdev_type_store,
};

static ssize_t name_show(struct mdev_type *type, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  type->pretty_name ?: type->sysfs_name);
}

static ssize_t device_api_show(struct mdev_type *type, char *buf)
{
	return sysfs_emit(buf, "%s\n", type->parent->mdev_driver->device_api);
}

static ssize_t available_instances_show(struct mdev_type *type, char *buf)
{
	struct mdev_driver *drv = type->parent->mdev_driver;
	unsigned int n;

	if (drv->get_available)
		n = drv->get_available(type);
	else
		n = atomic_read(&type->parent->available_instances);
	return sysfs_emit(buf, "%u\n", n);
}

static ssize_t description_show(struct mdev_type *type, char *buf)
{
	return type->parent->mdev_driver->show_description(type, buf);
}

static ssize_t create_store(struct mdev_type *type, const char *buf,
			    size_t len)
{
	struct device *pdev = type->parent->dev;
	char str[UUID_STRING_LEN + 1];
	size_t n = len;
	guid_t uuid;
	int ret;

	if (n && buf[n - 1] == '\n')
		n--;
	if (n != UUID_STRING_LEN) {
		dev_warn_ratelimited(pdev,
				     "mdev: create %s: expected a uuid, got %zu bytes\n",
				     kobject_name(&type->kobj), len);
		return -EINVAL;
	}
	memcpy(str, buf, n);
	str[n] = '\0';
	if (guid_parse(str, &uuid)) {
		dev_warn_ratelimited(pdev, "mdev: create %s: '%s' is not a uuid\n",
				     kobject_name(&type->kobj), str);
		return -EINVAL;
	}

	ret = mdev_device_create(type, &uuid);
	if (ret) {
		dev_warn_ratelimited(pdev, "mdev: create %s %pUl: %s (%d)\n",
				     kobject_name(&type->kobj), &uuid,
				     mdev_create_error(ret), ret);
		return ret;
	}
	return len;
}

#define MDEV_TYPE_ATTR_RO(n) \
	static struct mdev_type_attr mdev_type_attr_##n = { \
		.attr = { .name = #n, .mode = 0444 }, \
		.show = n##_show, \
	}
#define MDEV_TYPE_ATTR_WO(n) \
	static struct mdev_type_attr mdev_type_attr_##n = { \
		.attr = { .name = #n, .mode = 0200 }, \
		.store = n##_store, \
	}

MDEV_TYPE_ATTR_RO(name);
MDEV_TYPE_ATTR_RO(device_api);
MDEV_TYPE_ATTR_RO(available_instances);
MDEV_TYPE_ATTR_RO(description);
MDEV_TYPE_ATTR_WO(create);

static struct attribute *mdev_type_attrs[] = {
	&mdev_type_attr_name.attr,
	&mdev_type_attr_device_api.attr,
	&mdev_type_attr_available_instances.attr,
	&mdev_type_attr_description.attr,
	&mdev_type_attr_create.attr,
	NULL,
};

static umode_t mdev_type_attr_visible(struct kobject *kobj,
				      struct attribute *attr, int n)
{
	struct mdev_type *type = kobj_to_mdev_type(kobj);

	if (attr == &mdev_type_attr_description.attr &&
	    !type->parent->mdev_driver->show_description)
		return 0;
	return attr->mode;
}

static const struct attribute_group mdev_type_group = {
	.attrs = mdev_type_attrs,
	.is_visible = mdev_type_attr_visible,
};

static const struct attribute_group *mdev_type_groups[] = {
	&mdev_type_group,
	NULL,
};

/* The last reference to a type drops the one it holds on its parent. */
static void mdev_type_release(struct kobject *kobj)
{
	put_device(kobj_to_mdev_type(kobj)->parent->dev);
}

static compat_kobj_type mdev_type_ktype = {
	.sysfs_ops = &mdev_type_sysfs_ops,
	.release = mdev_type_release,
	.default_groups = mdev_type_groups,
};

static int mdev_type_add(struct mdev_parent *parent, struct mdev_type *type)
{
	int ret;

	if (!type->sysfs_name)
		return -EINVAL;

	/*
	 * A driver may register the same types again after unregistering
	 * them (a static array, a parent that is unbound and bound again).
	 * Their last registration released the kobject completely, so start
	 * from a clean one.
	 */
	memset(&type->kobj, 0, sizeof(type->kobj));
	type->devices_kobj = NULL;
	type->parent = parent;
	type->kobj.kset = parent->mdev_types_kset;
	get_device(parent->dev);
	ret = kobject_init_and_add(&type->kobj, &mdev_type_ktype, NULL,
				   "%s-%s", dev_driver_string(parent->dev),
				   type->sysfs_name);
	if (ret)
		goto err_put;

	type->devices_kobj = kobject_create_and_add("devices", &type->kobj);
	if (!type->devices_kobj) {
		ret = -ENOMEM;
		kobject_del(&type->kobj);
		goto err_put;
	}
	return 0;

err_put:
	kobject_put(&type->kobj);
	return ret;
}

static void mdev_type_del(struct mdev_type *type)
{
	kobject_put(type->devices_kobj);
	type->devices_kobj = NULL;
	kobject_del(&type->kobj);
	kobject_put(&type->kobj);
}

/* Create the mdev_supported_types directory of @parent and its types. */
int mdev_types_add(struct mdev_parent *parent)
{
	unsigned int i;
	int ret;

	parent->mdev_types_kset = kset_create_and_add("mdev_supported_types",
						      NULL, &parent->dev->kobj);
	if (!parent->mdev_types_kset)
		return -ENOMEM;

	for (i = 0; i < parent->nr_types; i++) {
		ret = mdev_type_add(parent, parent->types[i]);
		if (ret)
			goto err_unwind;
	}
	return 0;

err_unwind:
	while (i--)
		mdev_type_del(parent->types[i]);
	kset_unregister(parent->mdev_types_kset);
	parent->mdev_types_kset = NULL;
	return ret;
}

void mdev_types_del(struct mdev_parent *parent)
{
	unsigned int i;

	for (i = 0; i < parent->nr_types; i++)
		mdev_type_del(parent->types[i]);
	kset_unregister(parent->mdev_types_kset);
	parent->mdev_types_kset = NULL;
}

static ssize_t remove_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t len)
{
	bool yes;
	int ret;

	if (kstrtobool(buf, &yes)) {
		dev_warn_ratelimited(dev, "mdev: remove: write 1 to remove the device\n");
		return -EINVAL;
	}
	if (!yes)
		return len;

	/*
	 * On failure @dev may be gone already: mdev_device_remove_self() has
	 * logged the refusal.
	 */
	ret = mdev_device_remove_self(to_mdev_device(dev), attr);
	return ret ? ret : len;
}
static DEVICE_ATTR_WO(remove);

static struct attribute *mdev_device_attrs[] = {
	&dev_attr_remove.attr,
	NULL,
};

static const struct attribute_group mdev_device_group = {
	.attrs = mdev_device_attrs,
};

const struct attribute_group *mdev_device_groups[] = {
	&mdev_device_group,
	NULL,
};
