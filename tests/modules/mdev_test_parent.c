// SPDX-License-Identifier: GPL-2.0-only
/*
 * A test parent for the mdev core: a device "mdev_test_parent" of a class
 * of the same name, offering two types, "mdev_test_parent-small" and
 * "mdev_test_parent-large", whose devices do nothing but exist.  It lets
 * end-to-end tests, mdevctl and the benchmark drive the
 * core without hardware.  Never packaged.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/kdev_t.h>
#include <linux/slab.h>
#include <compat/mdev.h>

static unsigned int max_instances = 16;
module_param(max_instances, uint, 0444);
MODULE_PARM_DESC(max_instances, "devices the parent can hold (default 16)");

struct test_mdev_state {
	struct mdev_device *mdev;
	unsigned int serial;
};

/*
 * A device without a bus or a driver is named after its class in the type
 * directories (<class>-<type>), as a real parent is after its driver.
 */
static struct class test_class = {
	.name = "mdev_test_parent",
};

static struct device *test_dev;
static struct mdev_parent test_parent;
static struct mdev_type test_type_small = {
	.sysfs_name = "small",
	.pretty_name = "Test device (small)",
};

static struct mdev_type test_type_large = {
	.sysfs_name = "large",
	.pretty_name = "Test device (large)",
};

static struct mdev_type *test_types[] = {
	&test_type_small,
	&test_type_large,
};

static atomic_t test_serial = ATOMIC_INIT(0);

static int test_mdev_probe(struct mdev_device *mdev)
{
	struct test_mdev_state *st;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->mdev = mdev;
	st->serial = atomic_inc_return(&test_serial);
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void test_mdev_remove(struct mdev_device *mdev)
{
	kfree(dev_get_drvdata(&mdev->dev));
	dev_set_drvdata(&mdev->dev, NULL);
}

static ssize_t test_mdev_description(struct mdev_type *type, char *buf)
{
	return sysfs_emit(buf, "mdev core test device, type %s\n",
			  type->sysfs_name);
}

static struct mdev_driver test_mdev_driver = {
	.device_api = "vfio-test",
	.probe = test_mdev_probe,
	.remove = test_mdev_remove,
	.show_description = test_mdev_description,
	.driver = {
		.name = "mdev_test_parent",
	},
};

static int __init test_parent_init(void)
{
	int ret;

	test_mdev_driver.max_instances = max_instances;
	ret = mdev_register_driver(&test_mdev_driver);
	if (ret)
		return ret;

	ret = class_register(&test_class);
	if (ret)
		goto err_driver;
	test_dev = device_create(&test_class, NULL, MKDEV(0, 0), NULL,
				 "mdev_test_parent");
	if (IS_ERR(test_dev)) {
		ret = PTR_ERR(test_dev);
		goto err_class;
	}

	ret = mdev_register_parent(&test_parent, test_dev,
				   &test_mdev_driver, test_types,
				   ARRAY_SIZE(test_types));
	if (ret)
		goto err_dev;
	return 0;

err_dev:
	device_unregister(test_dev);
err_class:
	class_unregister(&test_class);
err_driver:
	mdev_unregister_driver(&test_mdev_driver);
	return ret;
}

static void __exit test_parent_exit(void)
{
	mdev_unregister_parent(&test_parent);
	device_unregister(test_dev);
	class_unregister(&test_class);
	mdev_unregister_driver(&test_mdev_driver);
}

module_init(test_parent_init);
module_exit(test_parent_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(VCD_VERSION);
MODULE_DESCRIPTION("Test parent for the mdev core (vfio-ccw-dkms tests)");
