// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of our private cio declarations (src/ccw/cio.h) and of the
 * bind-time layout check (src/ccw/cio_check.c), on the running kernel.
 *
 * The css bus type is not exported: a css driver that matches no
 * subchannel is registered for the suite, and css_driver_register() fills
 * in its drv.bus.  Subchannel 0.0.0000 always exists in our QEMU guests
 * (the first virtio-ccw device: the spare virtio-rng of tests/kunit/run.sh,
 * or else the virtio-serial device that carries the results) and is
 * online, bound to io_subchannel when this suite runs; it is only read
 * (STSCH), never driven.
 */
/* first: it sets pr_fmt */
#include "../../src/ccw/cio_check.c"

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <kunit/test.h>

#define TEST_SCH "0.0.0000"

static struct css_device_id cio_test_ids[] = {
	{ /* matches nothing */ },
};

static struct css_driver cio_test_driver = {
	.drv = {
		.name = "vfio_ccw_cio_test",
	},
	.subchannel_type = cio_test_ids,
};

static int cio_test_suite_init(struct kunit_suite *suite)
{
	return css_driver_register(&cio_test_driver);
}

static void cio_test_suite_exit(struct kunit_suite *suite)
{
	css_driver_unregister(&cio_test_driver);
}

/* The test subchannel, with a device reference the test releases. */
static struct subchannel *cio_test_get_sch(struct kunit *test)
{
	struct device *dev;

	KUNIT_ASSERT_NOT_NULL(test, cio_test_driver.drv.bus);
	dev = bus_find_device_by_name(cio_test_driver.drv.bus, NULL, TEST_SCH);
	KUNIT_ASSERT_NOT_NULL_MSG(test, dev, "no subchannel " TEST_SCH);
	return to_subchannel(dev);
}

/* The kernel filled in the css_driver we declared, where we expect it. */
static void cio_test_css_driver(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, cio_test_driver.drv.bus);
	KUNIT_EXPECT_STREQ(test, cio_test_driver.drv.bus->name, "css");
	KUNIT_EXPECT_PTR_EQ(test, to_cssdriver(&cio_test_driver.drv),
			    &cio_test_driver);
}

/* A real subchannel passes, and its members read as the kernel wrote them. */
static void cio_test_layout_ok(struct kunit *test)
{
	struct subchannel *sch = cio_test_get_sch(test);
	unsigned long flags;
	int rc;

	/* nothing below may read through a layout the check refused */
	rc = vfio_ccw_cio_layout_check(sch, &cio_test_driver);
	if (rc)
		put_device(&sch->dev);
	KUNIT_ASSERT_EQ_MSG(test, rc, 0, "layout check refused " TEST_SCH);
	KUNIT_EXPECT_STREQ(test, dev_name(&sch->dev), TEST_SCH);
	KUNIT_EXPECT_EQ(test, (unsigned int)sch->schid.one, 1U);
	KUNIT_EXPECT_EQ(test, (unsigned int)sch->schid.ssid, 0U);
	KUNIT_EXPECT_EQ(test, (unsigned int)sch->schid.sch_no, 0U);
	KUNIT_EXPECT_EQ(test, sch->st, (unsigned int)SUBCHANNEL_TYPE_IO);
	KUNIT_EXPECT_LE(test, sch->isc, MAX_ISC);

	/* bound to io_subchannel: its css_driver, reached through ours */
	KUNIT_ASSERT_NOT_NULL(test, sch->driver);
	KUNIT_EXPECT_PTR_EQ(test, &sch->driver->drv, sch->dev.driver);
	KUNIT_EXPECT_STREQ(test, sch->driver->drv.name, "io_subchannel");

	/*
	 * The lock where we declare it: with CONFIG_DEBUG_SPINLOCK a lock at
	 * the wrong place is reported ("bad magic"), and the console scan
	 * fails the run.  STSCH under it refreshes the schib in place.
	 */
	spin_lock_irqsave(vfio_ccw_sch_lock(sch), flags);
	rc = cio_update_schib(sch);
	spin_unlock_irqrestore(vfio_ccw_sch_lock(sch), flags);
	KUNIT_EXPECT_EQ(test, rc, 0);
	KUNIT_EXPECT_EQ(test, (unsigned int)sch->schib.pmcw.st, sch->st);
	KUNIT_EXPECT_TRUE(test, sch->schib.pmcw.dnv);
	KUNIT_EXPECT_NE(test, sch->schib.pmcw.pim, 0);

	/*
	 * The device is online, so io_subchannel enabled the subchannel with
	 * the kernel's own intparm: ours must be the same value.
	 */
	KUNIT_EXPECT_TRUE(test, sch->schib.pmcw.ena);
	KUNIT_EXPECT_EQ(test, sch->schib.pmcw.intparm, vfio_ccw_intparm(sch));
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(vfio_ccw_intparm(sch)),
			    (void *)sch);

	put_device(&sch->dev);
}

/* A pointer that is not the start of a subchannel is refused. */
static void cio_test_layout_shifted(struct kunit *test)
{
	struct subchannel *sch = cio_test_get_sch(test);
	static const size_t shifts[] = { 4, 8, 16, 64 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shifts); i++) {
		struct subchannel *bad = (void *)((char *)sch + shifts[i]);

		KUNIT_EXPECT_EQ_MSG(test, vfio_ccw_cio_layout_check(bad, &cio_test_driver),
				    -EINVAL, "shift %zu", shifts[i]);
	}
	put_device(&sch->dev);
}

/* A look-alike with a valid schid but not the kernel's object is refused. */
static void cio_test_layout_fake(struct kunit *test)
{
	struct subchannel *sch = cio_test_get_sch(test);
	struct subchannel *fake;

	fake = kunit_kzalloc(test, sizeof(*fake), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fake);
	fake->schid = sch->schid;
	put_device(&sch->dev);
	KUNIT_EXPECT_EQ(test, vfio_ccw_cio_layout_check(fake, &cio_test_driver),
			-EINVAL);

	/* a schid no subchannel has */
	fake->schid.ssid = 3;
	fake->schid.sch_no = 0xffff;
	KUNIT_EXPECT_EQ(test, vfio_ccw_cio_layout_check(fake, &cio_test_driver),
			-EINVAL);

	/* and no one bit: not a schid at all */
	memset(&fake->schid, 0, sizeof(fake->schid));
	KUNIT_EXPECT_EQ(test, vfio_ccw_cio_layout_check(fake, &cio_test_driver),
			-EINVAL);
}

/* Where the build had the kernel's BTF, our offsets are its offsets. */
static void cio_test_btf(struct kunit *test)
{
#ifdef VCD_BTF
	KUNIT_EXPECT_EQ(test, offsetof(struct subchannel, dev),
			(size_t)VCD_BTF_SUBCHANNEL_DEV_OFFSET);
	KUNIT_EXPECT_EQ(test, offsetof(struct subchannel, schib),
			(size_t)VCD_BTF_SUBCHANNEL_SCHIB_OFFSET);
	KUNIT_EXPECT_EQ(test, offsetof(struct subchannel, todo_work),
			(size_t)VCD_BTF_SUBCHANNEL_TODO_WORK_OFFSET);
	KUNIT_EXPECT_EQ(test, sizeof(struct css_driver),
			(size_t)VCD_BTF_CSS_DRIVER_SIZE);
#else
	kunit_skip(test, "no BTF for this kernel: the bind-time check is the guard");
#endif
}

static struct kunit_case cio_test_cases[] = {
	KUNIT_CASE(cio_test_css_driver),
	KUNIT_CASE(cio_test_layout_ok),
	KUNIT_CASE(cio_test_layout_shifted),
	KUNIT_CASE(cio_test_layout_fake),
	KUNIT_CASE(cio_test_btf),
	{}
};

static struct kunit_suite cio_test_suite = {
	.name = "vfio_ccw_cio",
	.suite_init = cio_test_suite_init,
	.suite_exit = cio_test_suite_exit,
	.test_cases = cio_test_cases,
};

kunit_test_suite(cio_test_suite);

MODULE_DESCRIPTION("KUnit tests of vfio_ccw's private cio declarations");
MODULE_LICENSE("GPL");
