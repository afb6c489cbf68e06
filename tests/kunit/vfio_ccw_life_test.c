// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: vfio_ccw lifecycle orders on a real subchannel.
 *
 * This module compiles the whole driver in (every .c file of src/ccw) and
 * registers that copy under its own names: css driver "vfio_ccw_life",
 * mdev driver "vfio_ccw_life_mdev", so the mdev type is "vfio_ccw_life-io".
 * The driver's module init and exit (vfio_ccw_init/vfio_ccw_exit) become
 * plain functions that every test case calls itself: KUnit runs the
 * suites of a module before its init function on v6.1 and after it on
 * v6.12, so the module's own init cannot be relied on.  Each case thus
 * starts with "modprobe" and ends with the "rmmod" order: the driver's
 * exit with whatever the case left bound.
 *
 * The subchannel is the spare virtio-rng device fe.0.0006 that
 * tests/kunit/run.sh asks QEMU for.  The suite takes it from io_subchannel
 * with driver_override, each case binds and unbinds it through sysfs and
 * creates and removes the mdev through the mdev core's sysfs files, and
 * the suite gives it back to io_subchannel at the end.
 *
 * The vfio device is opened and closed by calling its vfio_device_ops the
 * way the vfio core does for a device file: a registration reference for
 * as long as the file is open, a module reference, and open_device() /
 * close_device() for the first open and the last close under the device
 * set's lock with open_count counted (the module reference is a no-op:
 * the copy's drivers have no owner, see life_suite_init).  VFIO ioctls that take no argument
 * (VFIO_DEVICE_RESET) go through the ops as well; nothing here passes a
 * kernel buffer as a user pointer.
 */
/* first: it sets pr_fmt */
#include "../../src/ccw/cio_check.c"

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <kunit/test.h>

#include <compat/device.h>

#include "kunit_sysfs.h"

/*
 * The driver's module init and exit are called by the cases, long after a
 * module's init sections are freed: keep them in ordinary text, and make
 * them life_drv_init() and life_drv_exit() instead of this module's init
 * and exit.
 */
#undef __init
#define __init
#undef __exit
#define __exit
#undef module_init
#define module_init(fn)	static int (*const life_drv_init)(void) = fn
#undef module_exit
#define module_exit(fn)	static void (*const life_drv_exit)(void) = fn

#include "../../src/ccw/vfio_ccw_trace.c"
/* define_trace.h leaves this defined for a further trace header */
#undef CREATE_TRACE_POINTS
#include "../../src/ccw/vfio_ccw_cp.c"
#include "../../src/ccw/vfio_ccw_fsm.c"
#include "../../src/ccw/vfio_ccw_debugfs.c"
#include "../../src/ccw/vfio_ccw_async.c"
#include "../../src/ccw/vfio_ccw_chp.c"
#include "../../src/ccw/vfio_ccw_ops.c"
#include "../../src/ccw/vfio_ccw_drv.c"

#define LIFE_DRV	"vfio_ccw_life"
#define LIFE_MDEV_DRV	"vfio_ccw_life_mdev"
#define LIFE_TYPE	LIFE_DRV "-io"
#define LIFE_DEVNO	0x0006
#define LIFE_UUID	"5d0b6c2e-8f3a-4e71-9c14-2a7be3f0d861"
#define LIFE_MDEV	"/sys/bus/mdev/devices/" LIFE_UUID
#define LIFE_DELAY_MS	300
#define LIFE_REBINDS	3

/* The spare subchannel, found and held (device reference) by the suite. */
static struct subchannel *life_sch;

/* A second thread that closes the device after a delay. */
struct life_closer {
	struct kunit *test;
	struct vfio_ccw_private *private;
	unsigned int delay_ms;
	int state_seen;		/* FSM state just before the close */
	int closed_at;		/* life_ctx.seq after the close */
	bool started;
	struct completion done;
};

struct life_ctx {
	struct subchannel *sch;
	bool registered;	/* the copy's init ran, its exit did not */
	int opens;		/* device "files" this case holds open */
	atomic_t seq;		/* orders events of the two threads */
	struct life_closer closer;
};

/* sysfs from the test: paths built with printf formats */

static __printf(2, 0) char *life_path(struct kunit *test, const char *fmt,
				      va_list ap)
{
	char *path = kvasprintf(GFP_KERNEL, fmt, ap);

	KUNIT_ASSERT_NOT_NULL(test, path);
	return path;
}

static __printf(3, 4) ssize_t life_write(struct kunit *test, const char *val,
					 const char *fmt, ...)
{
	va_list ap;
	ssize_t n;
	char *path;

	va_start(ap, fmt);
	path = life_path(test, fmt, ap);
	va_end(ap);
	n = kt_sysfs_write(path, val, strlen(val));
	kfree(path);
	return n;
}

/* The first line of a sysfs file (test-managed buffer) or an ERR_PTR. */
static __printf(2, 3) char *life_read(struct kunit *test, const char *fmt, ...)
{
	va_list ap;
	ssize_t n;
	char *path, *buf;

	buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	va_start(ap, fmt);
	path = life_path(test, fmt, ap);
	va_end(ap);
	n = kt_sysfs_read(path, buf, 64);
	kfree(path);
	if (n < 0)
		return ERR_PTR(n);
	strim(buf);
	return buf;
}

/* the subchannel */

static const char *life_name(struct life_ctx *ctx)
{
	return dev_name(&ctx->sch->dev);
}

static bool life_bound(struct life_ctx *ctx)
{
	return READ_ONCE(ctx->sch->dev.driver) == &vfio_ccw_sch_driver.drv;
}

/* The enable bit, as the channel subsystem reports it now. */
static bool life_enabled(struct kunit *test, struct life_ctx *ctx)
{
	struct subchannel *sch = ctx->sch;
	bool ena;
	int ret;

	spin_lock_irq(sch_lock(sch));
	ret = cio_update_schib(sch);
	ena = sch->schib.pmcw.ena;
	spin_unlock_irq(sch_lock(sch));
	KUNIT_EXPECT_EQ(test, ret, 0);
	return ena;
}

static struct vfio_ccw_parent *life_parent(struct life_ctx *ctx)
{
	struct vfio_ccw_parent *parent;

	spin_lock_irq(sch_lock(ctx->sch));
	parent = dev_get_drvdata(&ctx->sch->dev);
	spin_unlock_irq(sch_lock(ctx->sch));
	return parent;
}

/* The published device, or NULL. */
static struct vfio_ccw_private *life_private(struct life_ctx *ctx)
{
	struct vfio_ccw_parent *parent;
	struct vfio_ccw_private *private = NULL;

	spin_lock_irq(sch_lock(ctx->sch));
	parent = dev_get_drvdata(&ctx->sch->dev);
	if (parent)
		private = parent->private;
	spin_unlock_irq(sch_lock(ctx->sch));
	return private;
}

static int life_available(struct kunit *test, struct life_ctx *ctx)
{
	char *s = life_read(test, "/sys/bus/css/devices/%s/mdev_supported_types/"
			    LIFE_TYPE "/available_instances", life_name(ctx));
	int n;

	if (IS_ERR(s) || kstrtoint(s, 10, &n))
		return -1;
	return n;
}

static void life_bind(struct kunit *test, struct life_ctx *ctx)
{
	ssize_t n;

	if (!life_bound(ctx)) {
		n = life_write(test, life_name(ctx),
			       "/sys/bus/css/drivers/" LIFE_DRV "/bind");
		KUNIT_ASSERT_EQ(test, n, (ssize_t)strlen(life_name(ctx)));
	}
	KUNIT_ASSERT_TRUE(test, life_bound(ctx));
	KUNIT_ASSERT_NOT_NULL(test, life_parent(ctx));
	KUNIT_EXPECT_PTR_EQ(test, life_parent(ctx)->sch, ctx->sch);
	KUNIT_EXPECT_EQ(test, life_available(test, ctx), 1);
}

static void life_unbind(struct kunit *test, struct life_ctx *ctx)
{
	ssize_t n;

	n = life_write(test, life_name(ctx),
		       "/sys/bus/css/drivers/" LIFE_DRV "/unbind");
	KUNIT_EXPECT_EQ(test, n, (ssize_t)strlen(life_name(ctx)));
}

/* Nothing of the copy is left on the subchannel. */
static void life_expect_unbound(struct kunit *test, struct life_ctx *ctx)
{
	KUNIT_EXPECT_FALSE(test, life_bound(ctx));
	KUNIT_EXPECT_NULL(test, life_parent(ctx));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(LIFE_MDEV));
	KUNIT_EXPECT_FALSE(test, life_enabled(test, ctx));
}

/* the mdev */

static struct vfio_ccw_private *life_create(struct kunit *test,
					    struct life_ctx *ctx)
{
	struct vfio_ccw_private *private;
	ssize_t n;

	n = life_write(test, LIFE_UUID, "/sys/bus/css/devices/%s/mdev_supported_types/"
		       LIFE_TYPE "/create", life_name(ctx));
	KUNIT_ASSERT_EQ(test, n, (ssize_t)strlen(LIFE_UUID));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(LIFE_MDEV));
	KUNIT_EXPECT_EQ(test, life_available(test, ctx), 0);
	private = life_private(ctx);
	KUNIT_ASSERT_NOT_NULL(test, private);
	KUNIT_EXPECT_PTR_EQ(test, private->parent, life_parent(ctx));
	KUNIT_EXPECT_EQ(test, private->state, VFIO_CCW_STATE_STANDBY);
	KUNIT_EXPECT_FALSE(test, life_enabled(test, ctx));
	return private;
}

static ssize_t life_remove(struct kunit *test)
{
	return life_write(test, "1", LIFE_MDEV "/remove");
}

/* The mdev is gone and the binding is left as it was. */
static void life_expect_removed(struct kunit *test, struct life_ctx *ctx)
{
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(LIFE_MDEV));
	KUNIT_EXPECT_TRUE(test, life_bound(ctx));
	KUNIT_EXPECT_NULL(test, life_private(ctx));
	KUNIT_EXPECT_EQ(test, life_available(test, ctx), 1);
	KUNIT_EXPECT_FALSE(test, life_enabled(test, ctx));
}

/* the vfio device, opened and closed as the vfio core does */

static int life_open(struct life_ctx *ctx, struct vfio_ccw_private *private)
{
	struct vfio_device *vdev = &private->vdev;
	int ret = 0;

	if (!vfio_device_try_get_registration(vdev))
		return -ENODEV;
	if (!try_module_get(vdev->dev->driver->owner)) {
		vfio_device_put_registration(vdev);
		return -ENODEV;
	}
	mutex_lock(&vdev->dev_set->lock);
	vdev->open_count++;
	if (vdev->open_count == 1) {
		ret = vdev->ops->open_device(vdev);
		if (ret)
			vdev->open_count--;
	}
	mutex_unlock(&vdev->dev_set->lock);
	if (ret) {
		module_put(vdev->dev->driver->owner);
		vfio_device_put_registration(vdev);
		return ret;
	}
	ctx->opens++;
	return 0;
}

/* After this, @private may be freed by a remove waiting for the close. */
static void life_close(struct life_ctx *ctx, struct vfio_ccw_private *private)
{
	struct vfio_device *vdev = &private->vdev;
	struct module *owner = vdev->dev->driver->owner;

	mutex_lock(&vdev->dev_set->lock);
	if (vdev->open_count == 1)
		vdev->ops->close_device(vdev);
	vdev->open_count--;
	mutex_unlock(&vdev->dev_set->lock);
	ctx->opens--;
	module_put(owner);
	vfio_device_put_registration(vdev);
}

static void life_expect_open(struct kunit *test, struct life_ctx *ctx,
			     struct vfio_ccw_private *private)
{
	KUNIT_EXPECT_EQ(test, private->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_TRUE(test, life_enabled(test, ctx));
	/* async, schib and crw regions */
	KUNIT_EXPECT_EQ(test, private->num_regions, 3);
}

static void life_expect_closed(struct kunit *test, struct life_ctx *ctx,
			       struct vfio_ccw_private *private)
{
	KUNIT_EXPECT_EQ(test, private->state, VFIO_CCW_STATE_STANDBY);
	KUNIT_EXPECT_FALSE(test, life_enabled(test, ctx));
	KUNIT_EXPECT_EQ(test, private->num_regions, 0);
	KUNIT_EXPECT_NULL(test, private->region);
}

static int life_closer_fn(void *data)
{
	struct life_ctx *ctx = data;
	struct life_closer *c = &ctx->closer;

	msleep(c->delay_ms);
	c->state_seen = READ_ONCE(c->private->state);
	life_close(ctx, c->private);
	c->closed_at = atomic_inc_return(&ctx->seq);
	complete(&c->done);
	return 0;
}

/* Close @private from another thread in @delay_ms. */
static void life_close_later(struct kunit *test, struct life_ctx *ctx,
			     struct vfio_ccw_private *private,
			     unsigned int delay_ms)
{
	struct life_closer *c = &ctx->closer;
	struct task_struct *task;

	c->private = private;
	c->delay_ms = delay_ms;
	c->state_seen = -1;
	c->closed_at = 0;
	reinit_completion(&c->done);
	task = kthread_run(life_closer_fn, ctx, "vccw-life-close");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	c->started = true;
}

static void life_wait_closer(struct life_ctx *ctx)
{
	if (ctx->closer.started) {
		wait_for_completion(&ctx->closer.done);
		ctx->closer.started = false;
	}
}

/*
 * Remove (or unbind) while open: the write must block until the other
 * thread has closed the device, which stayed usable until then.
 */
static void life_expect_waited(struct kunit *test, struct life_ctx *ctx,
			       unsigned long start, int returned_at)
{
	unsigned int waited = jiffies_to_msecs(jiffies - start);

	life_wait_closer(ctx);
	KUNIT_EXPECT_EQ(test, ctx->closer.state_seen, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_GT(test, ctx->closer.closed_at, 0);
	KUNIT_EXPECT_LT(test, ctx->closer.closed_at, returned_at);
	KUNIT_EXPECT_GE(test, waited, ctx->closer.delay_ms);
}

/* test cases */

/* bind -> unbind, repeated: each binding registers and frees a parent */
static void life_test_bind_unbind_repeated(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	int i;

	for (i = 0; i < LIFE_REBINDS; i++) {
		life_bind(test, ctx);
		KUNIT_EXPECT_FALSE(test, life_enabled(test, ctx));
		life_unbind(test, ctx);
		life_expect_unbound(test, ctx);
	}
	life_bind(test, ctx);
}

/* create -> open -> close -> remove */
static void life_test_open_close_remove(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	life_expect_open(test, ctx, private);
	life_close(ctx, private);
	life_expect_closed(test, ctx, private);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

/* two opens: only the first opens and only the last closes the device */
static void life_test_open_twice(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	life_expect_open(test, ctx, private);
	life_close(ctx, private);
	life_expect_open(test, ctx, private);
	life_close(ctx, private);
	life_expect_closed(test, ctx, private);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

/* open -> remove: the remove waits for the close */
static void life_test_remove_waits_for_close(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;
	unsigned long start;
	ssize_t n;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	life_expect_open(test, ctx, private);

	start = jiffies;
	life_close_later(test, ctx, private, LIFE_DELAY_MS);
	n = life_remove(test);
	life_expect_waited(test, ctx, start, atomic_inc_return(&ctx->seq));
	KUNIT_EXPECT_EQ(test, n, 1);
	life_expect_removed(test, ctx);
}

/* open -> unbind: the unbind removes the mdev and waits for the close */
static void life_test_unbind_waits_for_close(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;
	unsigned long start;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	life_expect_open(test, ctx, private);

	start = jiffies;
	life_close_later(test, ctx, private, LIFE_DELAY_MS);
	life_unbind(test, ctx);
	life_expect_waited(test, ctx, start, atomic_inc_return(&ctx->seq));
	life_expect_unbound(test, ctx);
}

/* create -> remove -> unbind */
static void life_test_remove_then_unbind(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;

	life_bind(test, ctx);
	life_create(test, ctx);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
	life_unbind(test, ctx);
	life_expect_unbound(test, ctx);
}

/* create -> unbind: the mdev goes with its parent */
static void life_test_unbind_with_mdev(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;

	life_bind(test, ctx);
	life_create(test, ctx);
	life_unbind(test, ctx);
	life_expect_unbound(test, ctx);
	/* and the subchannel can be bound and used again */
	life_bind(test, ctx);
	life_create(test, ctx);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

/* VFIO_DEVICE_RESET while open: closed and opened again, still enabled */
static void life_test_reset_while_open(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;
	struct vfio_device *vdev;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	vdev = &private->vdev;
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	KUNIT_EXPECT_EQ(test, vdev->ops->ioctl(vdev, VFIO_DEVICE_RESET, 0), 0);
	life_expect_open(test, ctx, private);
	KUNIT_EXPECT_EQ(test, vdev->ops->ioctl(vdev, VFIO_DEVICE_RESET, 0), 0);
	life_expect_open(test, ctx, private);
	life_close(ctx, private);
	life_expect_closed(test, ctx, private);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

/*
 * A DMA unmap saw pinned pages and resets the device, but the device was
 * closed in between: the reset must leave the closed device alone, with
 * the subchannel disabled.
 */
static void life_test_reset_after_close(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	life_close(ctx, private);
	life_expect_closed(test, ctx, private);
	vfio_ccw_reset(private);
	life_expect_closed(test, ctx, private);
	/* and the next open works */
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	life_expect_open(test, ctx, private);
	life_close(ctx, private);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

struct life_requester {
	struct vfio_ccw_private *private;
	struct completion done;
};

static int life_request_fn(void *data)
{
	struct life_requester *r = data;

	r->private->vdev.ops->request(&r->private->vdev, 1);
	complete(&r->done);
	return 0;
}

/*
 * What one user left in the regions and the channel-report queue is gone
 * when the next one opens the device.
 */
static void life_test_open_forgets_last_user(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	mutex_lock(&private->io_mutex);
	memset(private->io_region->irb_area, 0xa5,
	       sizeof(private->io_region->irb_area));
	private->cmd_region->command = VFIO_CCW_ASYNC_CMD_CSCH;
	mutex_unlock(&private->io_mutex);
	spin_lock_irq(sch_lock(ctx->sch));
	vfio_ccw_queue_crw(private, CRW_RSC_CPATH, CRW_ERC_PERRN, 0x42);
	spin_unlock_irq(sch_lock(ctx->sch));
	life_close(ctx, private);

	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	KUNIT_EXPECT_EQ(test, private->io_region->irb_area[0], 0);
	KUNIT_EXPECT_EQ(test, private->cmd_region->command, 0U);
	KUNIT_EXPECT_TRUE(test, list_empty(&private->crw));
	life_close(ctx, private);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

/*
 * Run the request callback in a thread; true if it ended within @ms (its
 * completion is then consumed: wait for it again only on false).
 */
static bool life_request_within(struct kunit *test,
				struct vfio_ccw_private *private,
				struct life_requester *r, unsigned int ms)
{
	struct task_struct *task;

	r->private = private;
	init_completion(&r->done);
	task = kthread_run(life_request_fn, r, "vccw-life-req");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	return wait_for_completion_timeout(&r->done, msecs_to_jiffies(ms));
}

/*
 * The request callback reads req_trigger, which SET_IRQS and the close
 * replace: it must take the lock they take (trigger_lock), and no lock a
 * request stuck on guest memory may hold for long (io_mutex), or an
 * unbind could not even ask userspace to let go.
 */
static void life_test_request_locking(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;
	struct life_requester r;
	bool early;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);

	mutex_lock(&private->trigger_lock);
	early = life_request_within(test, private, &r, 200);
	mutex_unlock(&private->trigger_lock);
	if (!early)
		wait_for_completion(&r.done);
	KUNIT_EXPECT_FALSE_MSG(test, early,
			       "request ran while trigger_lock was held");

	mutex_lock(&private->io_mutex);
	early = life_request_within(test, private, &r, 2000);
	mutex_unlock(&private->io_mutex);
	if (!early)
		wait_for_completion(&r.done);
	KUNIT_EXPECT_TRUE_MSG(test, early, "request waited for io_mutex");

	life_close(ctx, private);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

/* What life_vfio_dev_added() saw: -1 nothing, 0 unpublished, 1 published. */
static int life_added_published = -1;

/* A vfio device is being registered: is ours published already? */
static int life_vfio_dev_added(COMPAT_CLASS_INTF_ARGS(dev))
{
	struct vfio_device *vdev = container_of(dev, struct vfio_device,
						device);
	struct vfio_ccw_parent *parent;
	bool published;

	if (vdev->ops != &vfio_ccw_dev_ops || !life_sch)
		return 0;
	spin_lock_irq(sch_lock(life_sch));
	parent = dev_get_drvdata(&life_sch->dev);
	published = parent && &parent->private->vdev == vdev;
	spin_unlock_irq(sch_lock(life_sch));
	WRITE_ONCE(life_added_published, published);
	return 0;
}

/*
 * Once the vfio device is registered it can be opened, and an interrupt
 * then must find it: the css side must see the device before that.
 */
static void life_test_published_before_registered(struct kunit *test)
{
	struct class_interface intf = { .add_dev = life_vfio_dev_added };
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;
	int ret;

	life_bind(test, ctx);
	private = life_create(test, ctx);
	intf.class = private->vdev.device.class;
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);

	life_added_published = -1;
	ret = class_interface_register(&intf);
	KUNIT_ASSERT_EQ(test, ret, 0);
	life_create(test, ctx);
	class_interface_unregister(&intf);
	KUNIT_EXPECT_EQ(test, READ_ONCE(life_added_published), 1);
	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
}

/* Run the css interrupt handler as the css layer does (sch lock held). */
static void life_irq(struct life_ctx *ctx)
{
	spin_lock_irq(sch_lock(ctx->sch));
	vfio_ccw_sch_irq(ctx->sch);
	spin_unlock_irq(sch_lock(ctx->sch));
}

/*
 * An interrupt reaches the device while it exists (ignored in STANDBY);
 * after the remove it reaches only the css side, which disables the
 * subchannel.
 */
static void life_test_irq_after_remove(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;
	struct vfio_ccw_parent *parent;
	unsigned int seq;

	life_bind(test, ctx);
	parent = life_parent(ctx);
	private = life_create(test, ctx);
	KUNIT_ASSERT_EQ(test, life_open(ctx, private), 0);
	life_close(ctx, private);

	seq = READ_ONCE(parent->irq_seq);
	life_irq(ctx);
	KUNIT_EXPECT_EQ(test, READ_ONCE(parent->irq_seq), seq + 1);
	KUNIT_EXPECT_EQ(test, private->fsm.irq_ignored, 1UL);
	KUNIT_EXPECT_EQ(test, private->fsm.interrupts, 0UL);

	KUNIT_EXPECT_EQ(test, life_remove(test), 1);
	life_expect_removed(test, ctx);
	KUNIT_ASSERT_PTR_EQ(test, life_parent(ctx), parent);
	life_irq(ctx);
	KUNIT_EXPECT_EQ(test, READ_ONCE(parent->irq_seq), seq + 2);
	KUNIT_EXPECT_NULL(test, life_private(ctx));
	KUNIT_EXPECT_FALSE(test, life_enabled(test, ctx));
}

/* "rmmod" with a bound subchannel and an mdev: the exit tears both down */
static void life_test_exit_while_bound(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;

	life_bind(test, ctx);
	life_create(test, ctx);
	life_drv_exit();
	ctx->registered = false;
	life_expect_unbound(test, ctx);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists("/sys/bus/css/drivers/" LIFE_DRV));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists("/sys/bus/mdev/drivers/" LIFE_MDEV_DRV));
}

/* fixture */

static int life_match_devno(struct device *dev, const void *data)
{
	struct subchannel *sch = to_subchannel(dev);

	return sch->schib.pmcw.dnv && sch->schib.pmcw.dev == LIFE_DEVNO &&
		sch->schid.ssid == 0;
}

static int life_test_init(struct kunit *test)
{
	struct life_ctx *ctx;
	int ret;

	if (!life_sch)
		return -ENODEV;
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->sch = life_sch;
	init_completion(&ctx->closer.done);
	atomic_set(&ctx->seq, 0);
	test->priv = ctx;

	/* "modprobe": the subchannel's driver_override names the copy */
	ret = life_drv_init();
	if (ret)
		return ret;
	ctx->registered = true;
	return 0;
}

static void life_test_exit(struct kunit *test)
{
	struct life_ctx *ctx = test->priv;
	struct vfio_ccw_private *private;

	/* a failed case may have left the device open */
	life_wait_closer(ctx);
	private = life_private(ctx);
	while (ctx->opens > 0 && private)
		life_close(ctx, private);
	/* "rmmod" */
	if (ctx->registered)
		life_drv_exit();
	KUNIT_EXPECT_FALSE(test, life_bound(ctx));
	KUNIT_EXPECT_NULL(test, life_parent(ctx));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(LIFE_MDEV));
}

/* A sysfs write from the suite's init or exit (no test to report to). */
static int life_suite_write(const char *path, const char *val)
{
	ssize_t n = kt_sysfs_write(path, val, strlen(val));

	return n < 0 ? n : 0;
}

/*
 * Find the spare subchannel (the css bus type is not exported: the copy's
 * registered driver knows it), point its driver_override at the copy and
 * take it from io_subchannel.
 */
static int life_suite_init(struct kunit_suite *suite)
{
	struct device *dev;
	char path[96];
	int ret;

	vfio_ccw_sch_driver.drv.name = LIFE_DRV;
	vfio_ccw_mdev_driver.driver.name = LIFE_MDEV_DRV;
	/*
	 * v6.1 runs a module's suites before the module has its sysfs
	 * directory, which a driver with an owner links itself into: the
	 * copy's drivers have none (the module cannot go away while its
	 * suites run anyway).
	 */
	vfio_ccw_sch_driver.drv.owner = NULL;
	vfio_ccw_mdev_driver.driver.owner = NULL;
	vfio_ccw_mdev_driver.driver.mod_name = NULL;

	ret = life_drv_init();
	if (ret)
		return ret;
	dev = bus_find_device(vfio_ccw_sch_driver.drv.bus, NULL, NULL,
			      life_match_devno);
	if (!dev) {
		pr_warn("no subchannel with device number 0.0.%04x\n",
			LIFE_DEVNO);
		ret = -ENODEV;
		goto out_exit;
	}
	snprintf(path, sizeof(path), "/sys/bus/css/devices/%s/driver_override",
		 dev_name(dev));
	ret = life_suite_write(path, LIFE_DRV);
	if (ret)
		goto out_put;
	if (dev->driver && dev->driver != &vfio_ccw_sch_driver.drv) {
		snprintf(path, sizeof(path), "/sys/bus/css/drivers/%s/unbind",
			 dev->driver->name);
		ret = life_suite_write(path, dev_name(dev));
		if (ret)
			goto out_put;
	}
	life_sch = to_subchannel(dev);
	life_drv_exit();
	return 0;

out_put:
	put_device(dev);
out_exit:
	life_drv_exit();
	return ret;
}

/* Give the subchannel back: no override, bound to io_subchannel again. */
static void life_suite_exit(struct kunit_suite *suite)
{
	char path[96];
	int ret;

	if (!life_sch)
		return;
	snprintf(path, sizeof(path), "/sys/bus/css/devices/%s/driver_override",
		 dev_name(&life_sch->dev));
	ret = life_suite_write(path, "\n");
	if (!ret && !life_sch->dev.driver)
		ret = life_suite_write("/sys/bus/css/drivers/io_subchannel/bind",
				       dev_name(&life_sch->dev));
	if (ret)
		pr_warn("subchannel %s: cannot give it back to io_subchannel (%d)\n",
			dev_name(&life_sch->dev), ret);
	put_device(&life_sch->dev);
	life_sch = NULL;
}

static struct kunit_case vfio_ccw_life_test_cases[] = {
	KUNIT_CASE(life_test_bind_unbind_repeated),
	KUNIT_CASE(life_test_open_close_remove),
	KUNIT_CASE(life_test_open_twice),
	KUNIT_CASE(life_test_remove_waits_for_close),
	KUNIT_CASE(life_test_unbind_waits_for_close),
	KUNIT_CASE(life_test_remove_then_unbind),
	KUNIT_CASE(life_test_unbind_with_mdev),
	KUNIT_CASE(life_test_reset_while_open),
	KUNIT_CASE(life_test_irq_after_remove),
	KUNIT_CASE(life_test_reset_after_close),
	KUNIT_CASE(life_test_open_forgets_last_user),
	KUNIT_CASE(life_test_request_locking),
	KUNIT_CASE(life_test_published_before_registered),
	KUNIT_CASE(life_test_exit_while_bound),
	{}
};

static struct kunit_suite vfio_ccw_life_test_suite = {
	.name = "vfio_ccw_life",
	.suite_init = life_suite_init,
	.suite_exit = life_suite_exit,
	.init = life_test_init,
	.exit = life_test_exit,
	.test_cases = vfio_ccw_life_test_cases,
};

kunit_test_suite(vfio_ccw_life_test_suite);

/* MODULE_LICENSE and MODULE_VERSION come with vfio_ccw_drv.c. */
