// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the mdev core: parent and driver registration and the
 * sysfs files user space (mdevctl, libvirt) reads.  A platform device
 * serves as the parent; sysfs is read back through the VFS, as a user
 * would read it.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <kunit/test.h>
#include <compat/mdev.h>

#define TEST_DEV "vcd_mdev_test"
#define TYPES_DIR "/sys/devices/platform/" TEST_DEV "/mdev_supported_types/"

struct mdev_test_ctx {
	struct platform_device *pdev;
	struct mdev_parent parent;
	struct mdev_type type_a;
	struct mdev_type type_b;
	struct mdev_type *types[2];
	struct mdev_driver drv;
};

static ssize_t test_description(struct mdev_type *type, char *buf)
{
	return sysfs_emit(buf, "test type %s\n", type->sysfs_name);
}

static int mdev_test_init(struct kunit *test)
{
	struct mdev_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);

	ctx->pdev = platform_device_register_simple(TEST_DEV,
						    PLATFORM_DEVID_NONE,
						    NULL, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx->pdev));

	ctx->type_a.sysfs_name = "a";
	ctx->type_a.pretty_name = "Test type A";
	ctx->type_b.sysfs_name = "b";
	ctx->types[0] = &ctx->type_a;
	ctx->types[1] = &ctx->type_b;
	ctx->drv.device_api = "vfio-test";
	ctx->drv.max_instances = 3;
	ctx->drv.driver.name = "vcd_mdev_test_drv";
	ctx->drv.driver.owner = THIS_MODULE;
	test->priv = ctx;
	return 0;
}

static void mdev_test_exit(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	platform_device_unregister(ctx->pdev);
}

/*
 * Read a sysfs file into a test-managed buffer.  Returns the buffer, or an
 * ERR_PTR() with the error opening or reading the file.
 */
static char *read_sysfs(struct kunit *test, const char *path)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	char *buf;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return ERR_CAST(f);
	n = kernel_read(f, buf, PAGE_SIZE - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return ERR_PTR(n);
	return buf;
}

static bool sysfs_exists(const char *path)
{
	struct file *f = filp_open(path, O_RDONLY, 0);

	if (IS_ERR(f))
		return false;
	filp_close(f, NULL);
	return true;
}

static int register_test_parent(struct mdev_test_ctx *ctx)
{
	return mdev_register_parent(&ctx->parent, &ctx->pdev->dev, &ctx->drv,
				    ctx->types, ARRAY_SIZE(ctx->types));
}

static void parent_register_unregister(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
	KUNIT_EXPECT_PTR_EQ(test, ctx->type_a.parent, &ctx->parent);
	KUNIT_EXPECT_PTR_EQ(test, ctx->type_b.parent, &ctx->parent);
	KUNIT_EXPECT_NOT_NULL(test, ctx->type_a.devices_kobj);
	KUNIT_EXPECT_STREQ(test, kobject_name(&ctx->type_a.kobj), "platform-a");
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->parent.available_instances), 3);
	KUNIT_EXPECT_TRUE(test, sysfs_exists(TYPES_DIR "platform-b/name"));

	mdev_unregister_parent(&ctx->parent);
	KUNIT_EXPECT_FALSE(test, sysfs_exists(TYPES_DIR "platform-a/name"));
	KUNIT_EXPECT_FALSE(test, sysfs_exists(TYPES_DIR));
}

static void type_sysfs_values(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	ctx->drv.show_description = test_description;
	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);

	KUNIT_EXPECT_STREQ(test, read_sysfs(test, TYPES_DIR "platform-a/name"),
			   "Test type A\n");
	/* without a pretty name the sysfs name is shown */
	KUNIT_EXPECT_STREQ(test, read_sysfs(test, TYPES_DIR "platform-b/name"),
			   "b\n");
	KUNIT_EXPECT_STREQ(test,
			   read_sysfs(test, TYPES_DIR "platform-a/device_api"),
			   "vfio-test\n");
	KUNIT_EXPECT_STREQ(test,
			   read_sysfs(test, TYPES_DIR "platform-a/available_instances"),
			   "3\n");
	KUNIT_EXPECT_STREQ(test,
			   read_sysfs(test, TYPES_DIR "platform-b/description"),
			   "test type b\n");
	KUNIT_EXPECT_TRUE(test, sysfs_exists(TYPES_DIR "platform-a/devices"));

	mdev_unregister_parent(&ctx->parent);
}

static void description_hidden_without_callback(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
	KUNIT_EXPECT_PTR_EQ(test,
			    read_sysfs(test, TYPES_DIR "platform-a/description"),
			    ERR_PTR(-ENOENT));
	KUNIT_EXPECT_TRUE(test, sysfs_exists(TYPES_DIR "platform-a/name"));
	mdev_unregister_parent(&ctx->parent);
}

static void class_link_follows_parent(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	const char *link = "/sys/class/mdev_bus/" TEST_DEV "/mdev_supported_types";

	KUNIT_EXPECT_FALSE(test, sysfs_exists(link));
	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
	KUNIT_EXPECT_TRUE(test, sysfs_exists(link));
	mdev_unregister_parent(&ctx->parent);
	KUNIT_EXPECT_FALSE(test, sysfs_exists(link));
}

static void register_rejects_bad_arguments(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	ctx->drv.device_api = NULL;
	KUNIT_EXPECT_EQ(test, register_test_parent(ctx), -EINVAL);
	ctx->drv.device_api = "vfio-test";
	KUNIT_EXPECT_EQ(test,
			mdev_register_parent(&ctx->parent, &ctx->pdev->dev,
					     &ctx->drv, NULL, 1),
			-EINVAL);
	KUNIT_EXPECT_FALSE(test, sysfs_exists(TYPES_DIR));
}

/* A bad second type must unwind the first one and the directory. */
static void register_unwinds_on_bad_type(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	ctx->type_b.sysfs_name = NULL;
	KUNIT_EXPECT_EQ(test, register_test_parent(ctx), -EINVAL);
	KUNIT_EXPECT_FALSE(test, sysfs_exists(TYPES_DIR "platform-a"));
	KUNIT_EXPECT_FALSE(test, sysfs_exists(TYPES_DIR));

	/* and the parent can be registered properly afterwards */
	ctx->type_b.sysfs_name = "b";
	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
	KUNIT_EXPECT_TRUE(test, sysfs_exists(TYPES_DIR "platform-b/name"));
	mdev_unregister_parent(&ctx->parent);
}

static void driver_register_unregister(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	const char *drvdir = "/sys/bus/mdev/drivers/vcd_mdev_test_drv";

	KUNIT_ASSERT_EQ(test, mdev_register_driver(&ctx->drv), 0);
	KUNIT_EXPECT_TRUE(test, sysfs_exists(drvdir));
	mdev_unregister_driver(&ctx->drv);
	KUNIT_EXPECT_FALSE(test, sysfs_exists(drvdir));

	ctx->drv.device_api = NULL;
	KUNIT_EXPECT_EQ(test, mdev_register_driver(&ctx->drv), -EINVAL);
}

static struct kunit_case mdev_core_parent_cases[] = {
	KUNIT_CASE(parent_register_unregister),
	KUNIT_CASE(type_sysfs_values),
	KUNIT_CASE(description_hidden_without_callback),
	KUNIT_CASE(class_link_follows_parent),
	KUNIT_CASE(register_rejects_bad_arguments),
	KUNIT_CASE(register_unwinds_on_bad_type),
	KUNIT_CASE(driver_register_unregister),
	{}
};

static struct kunit_suite mdev_core_parent_suite = {
	.name = "mdev_core_parent",
	.init = mdev_test_init,
	.exit = mdev_test_exit,
	.test_cases = mdev_core_parent_cases,
};

kunit_test_suite(mdev_core_parent_suite);

MODULE_LICENSE("GPL");
MODULE_VERSION(VCD_VERSION);
MODULE_DESCRIPTION("KUnit tests of the mdev core (vfio-ccw-dkms)");
