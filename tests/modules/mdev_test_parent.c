// SPDX-License-Identifier: GPL-2.0-only
/*
 * A test parent for the mdev core: a platform device "mdev_test_parent"
 * offering two types, "small" and "large", whose devices do nothing but
 * exist.  It lets end-to-end tests, mdevctl and the benchmark drive the
 * core without hardware.  Never packaged.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <compat/mdev.h>

static unsigned int max_instances = 16;
module_param(max_instances, uint, 0444);
MODULE_PARM_DESC(max_instances, "devices the parent can hold (default 16)");

struct test_mdev_state {
	struct mdev_device *mdev;
	unsigned int serial;
};

static struct platform_device *test_pdev;
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

	test_pdev = platform_device_register_simple("mdev_test_parent",
						    PLATFORM_DEVID_NONE,
						    NULL, 0);
	if (IS_ERR(test_pdev)) {
		ret = PTR_ERR(test_pdev);
		goto err_driver;
	}

	ret = mdev_register_parent(&test_parent, &test_pdev->dev,
				   &test_mdev_driver, test_types,
				   ARRAY_SIZE(test_types));
	if (ret)
		goto err_pdev;
	return 0;

err_pdev:
	platform_device_unregister(test_pdev);
err_driver:
	mdev_unregister_driver(&test_mdev_driver);
	return ret;
}

static void __exit test_parent_exit(void)
{
	mdev_unregister_parent(&test_parent);
	platform_device_unregister(test_pdev);
	mdev_unregister_driver(&test_mdev_driver);
}

module_init(test_parent_init);
module_exit(test_parent_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(VCD_VERSION);
MODULE_DESCRIPTION("Test parent for the mdev core (vfio-ccw-dkms tests)");
