// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the mdev core: parent and driver registration and the
 * sysfs files user space (mdevctl, libvirt) reads.  A platform device
 * serves as the parent; sysfs is read back through the VFS, as a user
 * would read it.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <kunit/test.h>
#include <compat/mdev.h>

#include "kunit_sysfs.h"

#define TEST_DEV "vcd_mdev_test"
#define TYPES_DIR "/sys/devices/platform/" TEST_DEV "/mdev_supported_types/"

struct mdev_test_ctx {
	struct platform_device *pdev;
	atomic_t probe_calls;
	atomic_t remove_calls;
	int probe_error;
	unsigned int avail_override;
	struct mdev_device *last;	/* the device probed last */
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

static struct mdev_test_ctx *drv_ctx(struct mdev_device *mdev)
{
	struct mdev_parent *parent = mdev->type->parent;

	return container_of(parent, struct mdev_test_ctx, parent);
}

static int test_probe(struct mdev_device *mdev)
{
	struct mdev_test_ctx *ctx = drv_ctx(mdev);

	atomic_inc(&ctx->probe_calls);
	ctx->last = mdev;
	return ctx->probe_error;
}

static void test_remove(struct mdev_device *mdev)
{
	atomic_inc(&drv_ctx(mdev)->remove_calls);
}

static unsigned int test_get_available(struct mdev_type *type)
{
	struct mdev_test_ctx *ctx = container_of(type->parent,
						 struct mdev_test_ctx, parent);

	return ctx->avail_override;
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
	ctx->drv.probe = test_probe;
	ctx->drv.remove = test_remove;
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
	ssize_t n;
	char *buf;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	n = kt_sysfs_read(path, buf, PAGE_SIZE);
	if (n < 0)
		return ERR_PTR(n);
	return buf;
}

static ssize_t write_str(const char *path, const char *str)
{
	return kt_sysfs_write(path, str, strlen(str));
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
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(TYPES_DIR "platform-b/name"));

	mdev_unregister_parent(&ctx->parent);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(TYPES_DIR "platform-a/name"));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(TYPES_DIR));
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
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(TYPES_DIR "platform-a/devices"));

	mdev_unregister_parent(&ctx->parent);
}

static void description_hidden_without_callback(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
	KUNIT_EXPECT_PTR_EQ(test,
			    read_sysfs(test, TYPES_DIR "platform-a/description"),
			    ERR_PTR(-ENOENT));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(TYPES_DIR "platform-a/name"));
	mdev_unregister_parent(&ctx->parent);
}

static void class_link_follows_parent(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	const char *link = "/sys/class/mdev_bus/" TEST_DEV "/mdev_supported_types";

	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(link));
	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(link));
	mdev_unregister_parent(&ctx->parent);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(link));
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
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(TYPES_DIR));
}

/* A bad second type must unwind the first one and the directory. */
static void register_unwinds_on_bad_type(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	ctx->type_b.sysfs_name = NULL;
	KUNIT_EXPECT_EQ(test, register_test_parent(ctx), -EINVAL);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(TYPES_DIR "platform-a"));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(TYPES_DIR));

	/* and the parent can be registered properly afterwards */
	ctx->type_b.sysfs_name = "b";
	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(TYPES_DIR "platform-b/name"));
	mdev_unregister_parent(&ctx->parent);
}

static void driver_register_unregister(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	const char *drvdir = "/sys/bus/mdev/drivers/vcd_mdev_test_drv";

	KUNIT_ASSERT_EQ(test, mdev_register_driver(&ctx->drv), 0);
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(drvdir));
	mdev_unregister_driver(&ctx->drv);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(drvdir));

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

#define UUID1 "8f3a1c52-63b4-4b9e-9a55-0c1d2e3f4a5b"
#define UUID2 "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
#define UUID3 "7e6d5c4b-3a29-4187-a665-544332211000"
#define DEVICES "/sys/bus/mdev/devices/"

/* Register the driver and the parent for the device tests. */
static void device_test_setup(struct kunit *test, struct mdev_test_ctx *ctx)
{
	KUNIT_ASSERT_EQ(test, mdev_register_driver(&ctx->drv), 0);
	KUNIT_ASSERT_EQ(test, register_test_parent(ctx), 0);
}

static void device_test_teardown(struct mdev_test_ctx *ctx)
{
	mdev_unregister_parent(&ctx->parent);
	mdev_unregister_driver(&ctx->drv);
}

static void create_and_remove(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	device_test_setup(test, ctx);
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1 "\n"),
			(ssize_t)strlen(UUID1 "\n"));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->probe_calls), 1);
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(DEVICES UUID1 "/remove"));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(DEVICES UUID1 "/mdev_type/name"));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(TYPES_DIR "platform-a/devices/" UUID1 "/remove"));
	KUNIT_EXPECT_STREQ(test,
			   read_sysfs(test, TYPES_DIR "platform-b/available_instances"),
			   "2\n");

	KUNIT_EXPECT_EQ(test, write_str(DEVICES UUID1 "/remove", "1"), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), 1);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(DEVICES UUID1));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(TYPES_DIR "platform-a/devices/" UUID1));
	KUNIT_EXPECT_STREQ(test,
			   read_sysfs(test, TYPES_DIR "platform-a/available_instances"),
			   "3\n");
	device_test_teardown(ctx);
}

static void create_rejects_bad_uuids(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	const char *create = TYPES_DIR "platform-a/create";
	char *big;

	device_test_setup(test, ctx);
	KUNIT_EXPECT_EQ(test, write_str(create, "not-a-uuid"), -EINVAL);
	KUNIT_EXPECT_EQ(test, write_str(create, "8f3a1c52-63b4-4b9e-9a55-0c1d2e3f4a5x"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, write_str(create, UUID1 "\n\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, write_str(create, "\n"), -EINVAL);
	big = kunit_kzalloc(test, 3000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 'a', 2999);
	KUNIT_EXPECT_EQ(test, write_str(create, big), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->probe_calls), 0);
	KUNIT_EXPECT_STREQ(test, read_sysfs(test, TYPES_DIR "platform-a/available_instances"),
			   "3\n");
	device_test_teardown(ctx);
}

static void create_rejects_duplicate_uuid(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	device_test_setup(test, ctx);
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), 36);
	/* also through another type of the same parent */
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-b/create", UUID1), -EEXIST);
	/* upper case is the same uuid */
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create",
					"8F3A1C52-63B4-4B9E-9A55-0C1D2E3F4A5B"), -EEXIST);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->probe_calls), 1);
	KUNIT_EXPECT_STREQ(test, read_sysfs(test, TYPES_DIR "platform-a/available_instances"),
			   "2\n");
	device_test_teardown(ctx);
}

static void create_counts_instances(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	const char *create = TYPES_DIR "platform-a/create";

	ctx->drv.max_instances = 2;
	device_test_setup(test, ctx);
	KUNIT_EXPECT_EQ(test, write_str(create, UUID1), 36);
	KUNIT_EXPECT_EQ(test, write_str(create, UUID2), 36);
	KUNIT_EXPECT_EQ(test, write_str(create, UUID3), -EUSERS);
	KUNIT_EXPECT_STREQ(test, read_sysfs(test, TYPES_DIR "platform-a/available_instances"),
			   "0\n");
	/* removal gives the instance back */
	KUNIT_EXPECT_EQ(test, write_str(DEVICES UUID2 "/remove", "1\n"), 2);
	KUNIT_EXPECT_EQ(test, write_str(create, UUID3), 36);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->probe_calls), 3);
	device_test_teardown(ctx);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), 3);
}

static void create_asks_get_available(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	ctx->drv.get_available = test_get_available;
	ctx->avail_override = 0;
	device_test_setup(test, ctx);
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), -EUSERS);
	ctx->avail_override = 5;
	KUNIT_EXPECT_STREQ(test, read_sysfs(test, TYPES_DIR "platform-a/available_instances"),
			   "5\n");
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), 36);
	device_test_teardown(ctx);
}

static void create_unwinds_failed_probe(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	ctx->probe_error = -ENOSPC;
	device_test_setup(test, ctx);
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->probe_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), 0);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(DEVICES UUID1));
	KUNIT_EXPECT_STREQ(test, read_sysfs(test, TYPES_DIR "platform-a/available_instances"),
			   "3\n");
	/* the uuid is free again */
	ctx->probe_error = 0;
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), 36);
	device_test_teardown(ctx);
}

static void remove_rejects_bad_input(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	device_test_setup(test, ctx);
	KUNIT_ASSERT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), 36);
	KUNIT_EXPECT_EQ(test, write_str(DEVICES UUID1 "/remove", "maybe"), -EINVAL);
	KUNIT_EXPECT_EQ(test, write_str(DEVICES UUID1 "/remove", "0"), 1);
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(DEVICES UUID1));
	KUNIT_EXPECT_EQ(test, write_str(DEVICES UUID1 "/remove", "1"), 1);
	/* the file went with the device */
	KUNIT_EXPECT_EQ(test, write_str(DEVICES UUID1 "/remove", "1"), -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), 1);
	device_test_teardown(ctx);
}

static void parent_unregister_removes_devices(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;

	device_test_setup(test, ctx);
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), 36);
	KUNIT_EXPECT_EQ(test, write_str(TYPES_DIR "platform-b/create", UUID2), 36);
	mdev_unregister_parent(&ctx->parent);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), 2);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(DEVICES UUID1));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(DEVICES UUID2));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->parent.available_instances), 3);
	mdev_unregister_driver(&ctx->drv);
}

/*
 * A reference to a device can outlive its removal (a sysfs reader, a
 * child device still being released).  Once mdev_unregister_parent() has
 * returned, the parent's driver frees its types: the late release of the
 * device must not touch them, and the instance is back already.
 */
static void stray_ref_outlives_parent(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	struct mdev_device *mdev;
	struct mdev_type *type;

	type = kzalloc(sizeof(*type), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, type);
	type->sysfs_name = "a";
	ctx->types[0] = type;
	device_test_setup(test, ctx);
	KUNIT_ASSERT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), 36);
	mdev = ctx->last;
	KUNIT_ASSERT_NOT_NULL(test, mdev);
	get_device(&mdev->dev);

	mdev_unregister_parent(&ctx->parent);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->parent.available_instances), 3);
	/* what the driver does next; KASAN reports any later access */
	kfree(type);
	put_device(&mdev->dev);
	mdev_unregister_driver(&ctx->drv);
}

static struct kunit_case mdev_core_device_cases[] = {
	KUNIT_CASE(create_and_remove),
	KUNIT_CASE(create_rejects_bad_uuids),
	KUNIT_CASE(create_rejects_duplicate_uuid),
	KUNIT_CASE(create_counts_instances),
	KUNIT_CASE(create_asks_get_available),
	KUNIT_CASE(create_unwinds_failed_probe),
	KUNIT_CASE(remove_rejects_bad_input),
	KUNIT_CASE(parent_unregister_removes_devices),
	KUNIT_CASE(stray_ref_outlives_parent),
	{}
};

static struct kunit_suite mdev_core_device_suite = {
	.name = "mdev_core_device",
	.init = mdev_test_init,
	.exit = mdev_test_exit,
	.test_cases = mdev_core_device_cases,
};

/*
 * Concurrency: several kernel threads write to sysfs at once, the way
 * mdevctl, libvirt and an unbinding driver may.
 */
#define RACERS 4
#define RACE_DEVICES 24

struct racer {
	struct mdev_test_ctx *ctx;
	struct completion go;
	struct completion done;
	int id;
	int ok;		/* writes that succeeded */
	int refused;	/* writes refused with the expected errno */
	int other;	/* anything else */
	int first_other;
	bool same_uuid;
};

static void racer_uuid(char *buf, int id, int n)
{
	snprintf(buf, UUID_STRING_LEN + 1,
		 "%08x-0000-4000-8000-%012x", id, n);
}

static int create_racer(void *data)
{
	struct racer *r = data;
	char uuid[UUID_STRING_LEN + 1];
	ssize_t ret;
	int n;

	wait_for_completion(&r->go);
	for (n = 0; n < RACE_DEVICES; n++) {
		racer_uuid(uuid, r->same_uuid ? 0 : r->id + 1, n);
		ret = write_str(TYPES_DIR "platform-a/create", uuid);
		if (ret == UUID_STRING_LEN) {
			r->ok++;
		} else if (ret == -EEXIST || ret == -ENODEV || ret == -ENOENT) {
			r->refused++;
		} else {
			if (!r->other)
				r->first_other = ret;
			r->other++;
		}
	}
	complete(&r->done);
	return 0;
}

static void start_racers(struct kunit *test, struct mdev_test_ctx *ctx,
			 struct racer *r, bool same_uuid)
{
	struct task_struct *t;
	int i;

	for (i = 0; i < RACERS; i++) {
		r[i].ctx = ctx;
		r[i].id = i;
		r[i].same_uuid = same_uuid;
		init_completion(&r[i].go);
		init_completion(&r[i].done);
		t = kthread_run(create_racer, &r[i], "mdev_racer%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < RACERS; i++)
		complete(&r[i].go);
}

static void wait_racers(struct racer *r)
{
	int i;

	for (i = 0; i < RACERS; i++)
		wait_for_completion(&r[i].done);
}

/* The same uuids from several writers at once: each is created once. */
static void race_create_same_uuid(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	struct racer r[RACERS] = {};
	int i, ok = 0;

	ctx->drv.max_instances = RACE_DEVICES * RACERS;
	device_test_setup(test, ctx);
	start_racers(test, ctx, r, true);
	wait_racers(r);
	for (i = 0; i < RACERS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, r[i].other, 0, "racer %d got %d",
				    i, r[i].first_other);
		ok += r[i].ok;
	}
	KUNIT_EXPECT_EQ(test, ok, RACE_DEVICES);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->probe_calls), RACE_DEVICES);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->parent.available_instances),
			RACE_DEVICES * (RACERS - 1));
	device_test_teardown(ctx);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), RACE_DEVICES);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->parent.available_instances),
			RACE_DEVICES * RACERS);
}

/*
 * Creation racing with the parent going away: every write either creates
 * a device that the unregistration then removes, or is refused; nothing
 * is left behind and every instance comes back.
 */
static void race_create_with_unregister(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	struct racer r[RACERS] = {};
	int i, ok = 0;

	ctx->drv.max_instances = RACE_DEVICES * RACERS;
	device_test_setup(test, ctx);
	start_racers(test, ctx, r, false);
	/* let some creations through before the parent goes */
	for (i = 0; i < 5000 && atomic_read(&ctx->probe_calls) < RACERS; i++)
		usleep_range(500, 1000);
	mdev_unregister_parent(&ctx->parent);
	wait_racers(r);
	for (i = 0; i < RACERS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, r[i].other, 0, "racer %d got %d",
				    i, r[i].first_other);
		ok += r[i].ok;
	}
	KUNIT_EXPECT_GE(test, ok, RACERS);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->probe_calls), ok);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), ok);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->parent.available_instances),
			RACE_DEVICES * RACERS);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(TYPES_DIR));
	mdev_unregister_driver(&ctx->drv);
}

struct remover {
	struct completion go;
	struct completion done;
	const char *path;
	ssize_t ret;
};

static int remove_writer(void *data)
{
	struct remover *rm = data;

	wait_for_completion(&rm->go);
	rm->ret = write_str(rm->path, "1");
	complete(&rm->done);
	return 0;
}

/* Two writers to one remove file: one removes, the other is refused. */
static void race_double_remove(struct kunit *test)
{
	struct mdev_test_ctx *ctx = test->priv;
	struct remover rm[2];
	struct task_struct *t;
	int i, removed = 0;

	device_test_setup(test, ctx);
	KUNIT_ASSERT_EQ(test, write_str(TYPES_DIR "platform-a/create", UUID1), 36);
	for (i = 0; i < 2; i++) {
		rm[i].path = DEVICES UUID1 "/remove";
		init_completion(&rm[i].go);
		init_completion(&rm[i].done);
		t = kthread_run(remove_writer, &rm[i], "mdev_remover%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	complete(&rm[0].go);
	complete(&rm[1].go);
	for (i = 0; i < 2; i++) {
		wait_for_completion(&rm[i].done);
		if (rm[i].ret == 1)
			removed++;
		else
			KUNIT_EXPECT_TRUE_MSG(test, rm[i].ret == -ENODEV ||
					      rm[i].ret == -ENOENT,
					      "second remove got %zd", rm[i].ret);
	}
	KUNIT_EXPECT_EQ(test, removed, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->remove_calls), 1);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(DEVICES UUID1));
	device_test_teardown(ctx);
}

static struct kunit_case mdev_core_race_cases[] = {
	KUNIT_CASE(race_create_same_uuid),
	KUNIT_CASE(race_create_with_unregister),
	KUNIT_CASE(race_double_remove),
	{}
};

static struct kunit_suite mdev_core_race_suite = {
	.name = "mdev_core_race",
	.init = mdev_test_init,
	.exit = mdev_test_exit,
	.test_cases = mdev_core_race_cases,
};

kunit_test_suites(&mdev_core_parent_suite, &mdev_core_device_suite,
		  &mdev_core_race_suite);

MODULE_LICENSE("GPL");
MODULE_VERSION(VCD_VERSION);
MODULE_DESCRIPTION("KUnit tests of the mdev core (vfio-ccw-dkms)");
