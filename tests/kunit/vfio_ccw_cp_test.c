// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the vfio_ccw channel-program translation
 * (src/ccw/vfio_ccw_cp.c, compiled into this module).
 *
 * Guest memory is faked: FAKE_PAGES pages at IOVA FAKE_BASE and a few at
 * FAKE_HIGH (above 4G).  Reads and pins outside them fail as vfio's do;
 * every pin and unpin is counted per page, so each test can check that
 * nothing stays pinned after cp_free() or after an error.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "../../src/ccw/vfio_ccw_cp.c"

#define FAKE_BASE	0x10000ULL
#define FAKE_PAGES	600
#define FAKE_HIGH	0x100000000ULL
#define FAKE_HIGH_PAGES	4
#define UNMAPPED	0x7f000000U

/* Guest layout used by most tests. */
#define PROG		((u32)FAKE_BASE)		/* channel program */
#define PROG2		((u32)FAKE_BASE + 0x1000)	/* more chains */
#define IDAL		((u32)FAKE_BASE + 0x2000)	/* guest IDALs */
#define DATA		((u32)FAKE_BASE + 0x10000)	/* data pages */

struct fake_mem {
	struct page *low[FAKE_PAGES];
	struct page *high[FAKE_HIGH_PAGES];
	int pins_low[FAKE_PAGES];
	int pins_high[FAKE_HIGH_PAGES];
	unsigned int pin_calls;
	unsigned int unpin_calls;
	unsigned int read_calls;
	unsigned int max_npage;
	long pinned;
	unsigned int misuse;
	/* after a read starting at poke_on, store poke_val at poke_at */
	u64 poke_on;
	u64 poke_at;
	u64 poke_val;
	unsigned int poke_len;
	/* reads starting in [watch_lo, watch_hi) */
	u64 watch_lo;
	u64 watch_hi;
	unsigned int watch_reads;
};

struct cp_test {
	struct fake_mem fm;
	struct channel_program cp;
};

static struct page *fake_page(struct fake_mem *fm, u64 iova, int **pins)
{
	u64 i;

	if (iova >= FAKE_BASE && iova < FAKE_BASE + FAKE_PAGES * PAGE_SIZE) {
		i = (iova - FAKE_BASE) >> PAGE_SHIFT;
		if (pins)
			*pins = &fm->pins_low[i];
		return fm->low[i];
	}
	if (iova >= FAKE_HIGH &&
	    iova < FAKE_HIGH + FAKE_HIGH_PAGES * PAGE_SIZE) {
		i = (iova - FAKE_HIGH) >> PAGE_SHIFT;
		if (pins)
			*pins = &fm->pins_high[i];
		return fm->high[i];
	}
	return NULL;
}

static bool fake_mapped(struct fake_mem *fm, u64 iova, size_t len)
{
	u64 a;

	if (!len)
		return true;
	for (a = iova & PAGE_MASK; a <= iova + len - 1; a += PAGE_SIZE)
		if (!fake_page(fm, a, NULL))
			return false;
	return true;
}

static void fake_copy(struct fake_mem *fm, u64 iova, void *buf, size_t len,
		      bool to_guest)
{
	while (len) {
		size_t off = offset_in_page(iova);
		size_t n = min_t(size_t, len, PAGE_SIZE - off);
		u8 *p = page_address(fake_page(fm, iova, NULL)) + off;

		if (to_guest)
			memcpy(p, buf, n);
		else
			memcpy(buf, p, n);
		iova += n;
		buf += n;
		len -= n;
	}
}

static int fake_read(void *ctx, dma_addr_t iova, void *data, size_t len)
{
	struct fake_mem *fm = ctx;

	fm->read_calls++;
	if (iova >= fm->watch_lo && iova < fm->watch_hi)
		fm->watch_reads++;
	if (!fake_mapped(fm, iova, len))
		return -EINVAL;
	fake_copy(fm, iova, data, len, false);
	if (fm->poke_len && iova == fm->poke_on) {
		fake_copy(fm, fm->poke_at, &fm->poke_val, fm->poke_len, true);
		fm->poke_len = 0;
	}
	return 0;
}

static int fake_pin(void *ctx, dma_addr_t iova, int npage, int prot,
		    struct page **pages)
{
	struct fake_mem *fm = ctx;
	int i, *pins;

	fm->pin_calls++;
	if (offset_in_page(iova) || npage <= 0 ||
	    npage > VFIO_PIN_PAGES_MAX_ENTRIES ||
	    prot != (IOMMU_READ | IOMMU_WRITE)) {
		fm->misuse++;
		return -EINVAL;
	}
	if (!fake_mapped(fm, iova, (size_t)npage * PAGE_SIZE))
		return -EINVAL;
	fm->max_npage = max_t(unsigned int, fm->max_npage, npage);
	for (i = 0; i < npage; i++) {
		pages[i] = fake_page(fm, iova + i * PAGE_SIZE, &pins);
		(*pins)++;
		fm->pinned++;
	}
	return npage;
}

static void fake_unpin(void *ctx, dma_addr_t iova, int npage)
{
	struct fake_mem *fm = ctx;
	int i, *pins;

	fm->unpin_calls++;
	if (offset_in_page(iova) || npage <= 0 ||
	    npage > VFIO_PIN_PAGES_MAX_ENTRIES) {
		fm->misuse++;
		return;
	}
	for (i = 0; i < npage; i++) {
		if (!fake_page(fm, iova + i * PAGE_SIZE, &pins) || *pins <= 0) {
			fm->misuse++;
			continue;
		}
		(*pins)--;
		fm->pinned--;
	}
}

static const struct vfio_ccw_mem_ops fake_ops = {
	.pin = fake_pin,
	.unpin = fake_unpin,
	.read = fake_read,
};

/* --- guest memory writers ----------------------------------------------- */

static void g_write(struct kunit *test, u64 iova, const void *buf, size_t len)
{
	struct cp_test *t = test->priv;

	KUNIT_ASSERT_TRUE(test, fake_mapped(&t->fm, iova, len));
	fake_copy(&t->fm, iova, (void *)buf, len, true);
}

static void g_ccw1(struct kunit *test, u32 iova, u8 cmd, u8 flags, u16 count,
		   u32 cda)
{
	struct ccw1 c = { .cmd_code = cmd, .flags = flags, .count = count };

	compat_ccw_set_cda(&c, cda);
	g_write(test, iova, &c, sizeof(c));
}

static void g_ccw0(struct kunit *test, u32 iova, u8 cmd, u8 flags, u16 count,
		   u32 cda)
{
	struct ccw0 c = { .cmd_code = cmd, .cda = cda, .flags = flags,
			  .count = count };

	g_write(test, iova, &c, sizeof(c));
}

static void g_u32(struct kunit *test, u64 iova, u32 v)
{
	g_write(test, iova, &v, sizeof(v));
}

static void g_u64(struct kunit *test, u64 iova, u64 v)
{
	g_write(test, iova, &v, sizeof(v));
}

static union orb mk_orb(u32 cpa, bool fmt1, bool c64, bool i2k)
{
	union orb orb = {};

	orb.cmd.cpa = cpa;
	orb.cmd.fmt = fmt1;
	orb.cmd.c64 = c64;
	orb.cmd.i2k = i2k;
	orb.cmd.pfch = 1;
	return orb;
}

/* --- checks on the translation ------------------------------------------ */

static u64 host_addr(struct kunit *test, u64 iova)
{
	struct cp_test *t = test->priv;
	struct page *page = fake_page(&t->fm, iova, NULL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	return page_to_phys(page) + offset_in_page(iova);
}

static struct ccw1 *host_chain(struct kunit *test, union orb **orbp)
{
	struct cp_test *t = test->priv;
	union orb *orb = cp_get_orb(&t->cp, 0x1234abcd, 0x80);

	KUNIT_ASSERT_NOT_NULL(test, orb);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.fmt, 1);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.c64, 1);
	KUNIT_EXPECT_EQ(test, orb->cmd.intparm, 0x1234abcd);
	KUNIT_EXPECT_EQ(test, orb->cmd.cpa & 7, 0);
	KUNIT_EXPECT_LE(test, orb->cmd.cpa, 0x7fffffffU);
	if (orbp)
		*orbp = orb;
	return phys_to_virt(orb->cmd.cpa);
}

static u64 *host_idal(struct kunit *test, const struct ccw1 *ccw)
{
	KUNIT_EXPECT_TRUE(test, ccw->flags & CCW_FLAG_IDA);
	KUNIT_EXPECT_LE(test, compat_ccw_cda(ccw), 0x7fffffffU);
	KUNIT_EXPECT_EQ(test, compat_ccw_cda(ccw) & 7, 0);
	return compat_ccw_cda_virt(ccw);
}

static void *cda_virt(const struct ccw1 *ccw)
{
	return compat_ccw_cda_virt(ccw);
}

/* Nothing pinned, no bad call to the memory ops. */
static void expect_clean(struct kunit *test)
{
	struct cp_test *t = test->priv;
	int i;

	KUNIT_EXPECT_EQ(test, t->fm.pinned, 0);
	KUNIT_EXPECT_EQ(test, t->fm.misuse, 0);
	for (i = 0; i < FAKE_PAGES; i++)
		if (t->fm.pins_low[i])
			KUNIT_FAIL(test, "page %d still pinned %d times", i,
				   t->fm.pins_low[i]);
	KUNIT_EXPECT_EQ(test, t->cp.nr_pinned, 0);
	KUNIT_EXPECT_FALSE(test, t->cp.initialized);
	KUNIT_EXPECT_PTR_EQ(test, t->cp.overflow, NULL);
	KUNIT_EXPECT_PTR_EQ(test, t->cp.pin_iova, t->cp.pin_iova_pre);
}

static void done(struct kunit *test)
{
	struct cp_test *t = test->priv;

	cp_free(&t->cp);
	expect_clean(test);
}

static int run(struct kunit *test, union orb orb)
{
	struct cp_test *t = test->priv;
	int ret;

	ret = cp_init(&t->cp, &orb);
	if (ret)
		return ret;
	return cp_prefetch(&t->cp);
}

/* An error leaves nothing behind. */
static void expect_fail(struct kunit *test, union orb orb, int err)
{
	struct cp_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, run(test, orb), err);
	KUNIT_EXPECT_FALSE(test, t->cp.initialized);
	KUNIT_EXPECT_NULL(test, cp_get_orb(&t->cp, 0, 0));
	expect_clean(test);
	cp_free(&t->cp);
	expect_clean(test);
}

/* --- tests --------------------------------------------------------------- */

static void cp_test_fmt1_direct(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union orb *orb;
	struct ccw1 *ccw;
	u64 *idaw;

	g_ccw1(test, PROG, 0x02, CCW_FLAG_SLI, 100, DATA + 0x10);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	ccw = host_chain(test, &orb);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.i2k, 0);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.lpm, 0x80);
	KUNIT_EXPECT_EQ(test, ccw->cmd_code, 0x02);
	KUNIT_EXPECT_EQ(test, ccw->flags, CCW_FLAG_SLI | CCW_FLAG_IDA);
	KUNIT_EXPECT_EQ(test, ccw->count, 100);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x10));
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 1);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 1);
	/* the guard after the chain is an invalid CCW */
	KUNIT_EXPECT_EQ(test, ccw[1].cmd_code, 0);
	done(test);
	KUNIT_EXPECT_EQ(test, t->fm.unpin_calls, 1);
}

static void cp_test_guest_lpm_kept(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union orb orb = mk_orb(PROG, 1, 1, 0), *o;

	orb.cmd.lpm = 0x40;
	g_ccw1(test, PROG, 0x03, 0, 0, 0);
	KUNIT_ASSERT_EQ(test, run(test, orb), 0);
	o = cp_get_orb(&t->cp, 1, 0x80);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, (u32)o->cmd.lpm, 0x40);
	done(test);
}

static void cp_test_direct_crosses_page(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;
	u64 *idaw;

	g_ccw1(test, PROG, 0x01, 0, 0x1800, DATA + 0x800);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x800));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0x1000));
	/* two contiguous guest pages, one pin call */
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 1);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2);
	done(test);
}

static void cp_test_direct_2k(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union orb *orb;
	struct ccw1 *ccw;
	u64 *idaw;

	/* format-1 IDAW program: direct CCWs get 2K IDAWs */
	g_ccw1(test, PROG, 0x01, 0, 0x1800, DATA + 0x100);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 0, 0)), 0);
	ccw = host_chain(test, &orb);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.i2k, 1);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x100));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0x800));
	KUNIT_EXPECT_EQ(test, idaw[2], host_addr(test, DATA + 0x1000));
	KUNIT_EXPECT_EQ(test, idaw[3], host_addr(test, DATA + 0x1800));
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 1);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2);
	done(test);
}

static void cp_test_fmt0_conversion(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;
	u64 *idaw;

	g_ccw0(test, PROG, 0x02, CCW_FLAG_CC | CCW_FLAG_SLI, 16, DATA + 0x20);
	/* format-0 TIC: any high nibble */
	g_ccw0(test, PROG + 8, 0xf8, 0xff, 0xffff, PROG);
	g_ccw0(test, PROG + 16, 0x01, 0, 8, DATA + 0x3008);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 0, 0, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.nr_chains, 1);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0].len, 3);
	ccw = host_chain(test, NULL);
	KUNIT_EXPECT_EQ(test, ccw[0].cmd_code, 0x02);
	KUNIT_EXPECT_EQ(test, ccw[0].flags,
			CCW_FLAG_CC | CCW_FLAG_SLI | CCW_FLAG_IDA);
	KUNIT_EXPECT_EQ(test, ccw[0].count, 16);
	idaw = host_idal(test, &ccw[0]);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x20));
	KUNIT_EXPECT_EQ(test, ccw[1].cmd_code, CCW_CMD_TIC);
	KUNIT_EXPECT_EQ(test, ccw[1].flags, 0);
	KUNIT_EXPECT_EQ(test, ccw[1].count, 0);
	KUNIT_EXPECT_PTR_EQ(test, cda_virt(&ccw[1]), (void *)&ccw[0]);
	KUNIT_EXPECT_EQ(test, ccw[2].cmd_code, 0x01);
	KUNIT_EXPECT_EQ(test, ccw[2].count, 8);
	idaw = host_idal(test, &ccw[2]);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x3008));
	done(test);
}

static void cp_test_idal_fmt2_4k(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union orb *orb;
	struct ccw1 *ccw;
	u64 *idaw;

	g_ccw1(test, PROG, 0x02, CCW_FLAG_CC | CCW_FLAG_IDA, 0x2100, IDAL);
	g_u64(test, IDAL, DATA + 0x2f00);
	g_u64(test, IDAL + 8, DATA + 0x5000);
	g_u64(test, IDAL + 16, DATA + 0x9000);
	/* needs one IDAW more than its count alone: read separately */
	g_ccw1(test, PROG + 8, 0x01, CCW_FLAG_IDA, 0x2000, IDAL + 0x100);
	g_u64(test, IDAL + 0x100, DATA + 0xaf00);
	g_u64(test, IDAL + 0x108, DATA + 0xc000);
	g_u64(test, IDAL + 0x110, DATA + 0xd000);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	ccw = host_chain(test, &orb);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.i2k, 0);
	idaw = host_idal(test, &ccw[0]);
	KUNIT_EXPECT_EQ(test, idaw[-1], 3);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x2f00));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0x5000));
	KUNIT_EXPECT_EQ(test, idaw[2], host_addr(test, DATA + 0x9000));
	idaw = host_idal(test, &ccw[1]);
	KUNIT_EXPECT_EQ(test, idaw[-1], 3);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0xaf00));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0xc000));
	KUNIT_EXPECT_EQ(test, idaw[2], host_addr(test, DATA + 0xd000));
	/* pages 2, 5, 9+a (over two CCWs), c+d: four runs */
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 6);
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 4);
	done(test);
}

static void cp_test_idal_fmt2_2k(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union orb *orb;
	struct ccw1 *ccw;
	u64 *idaw;

	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x1f00, IDAL);
	g_u64(test, IDAL, DATA + 0x100);
	g_u64(test, IDAL + 8, DATA + 0x800);
	g_u64(test, IDAL + 16, DATA + 0x4000);
	g_u64(test, IDAL + 24, DATA + 0x4800);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 1)), 0);
	ccw = host_chain(test, &orb);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.i2k, 1);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[-1], 4);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x100));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0x800));
	KUNIT_EXPECT_EQ(test, idaw[2], host_addr(test, DATA + 0x4000));
	KUNIT_EXPECT_EQ(test, idaw[3], host_addr(test, DATA + 0x4800));
	/* two 2K blocks per page: each page pinned once */
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2);
	done(test);
}

static void cp_test_idal_fmt1(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union orb *orb;
	struct ccw1 *ccw;
	u64 *idaw;

	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x910, IDAL);
	g_u32(test, IDAL, DATA + 0x700);
	g_u32(test, IDAL + 4, DATA + 0x800);
	g_u32(test, IDAL + 8, DATA + 0x3000);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 0, 0)), 0);
	ccw = host_chain(test, &orb);
	KUNIT_EXPECT_EQ(test, (u32)orb->cmd.i2k, 1);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[-1], 3);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x700));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0x800));
	KUNIT_EXPECT_EQ(test, idaw[2], host_addr(test, DATA + 0x3000));
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2);
	done(test);
}

static void cp_test_idaw_fmt2_above_4g(struct kunit *test)
{
	struct ccw1 *ccw;
	u64 *idaw;

	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x80, IDAL);
	g_u64(test, IDAL, FAKE_HIGH + 0x1010);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, FAKE_HIGH + 0x1010));
	done(test);
}

static void cp_test_idaw_fmt1_above_2g(struct kunit *test)
{
	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x80, IDAL);
	g_u32(test, IDAL, 0x80000000U | DATA);
	expect_fail(test, mk_orb(PROG, 1, 0, 0), -EINVAL);
}

static void cp_test_idaw_misaligned(struct kunit *test)
{
	struct cp_test *t = test->priv;

	g_ccw1(test, PROG, 0x01, CCW_FLAG_IDA | CCW_FLAG_CC, 0x10, IDAL + 0x40);
	g_u64(test, IDAL + 0x40, DATA);
	g_ccw1(test, PROG + 8, 0x02, CCW_FLAG_IDA, 0x1100, IDAL);
	g_u64(test, IDAL, DATA + 0x1000);
	g_u64(test, IDAL + 8, DATA + 0x2010);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
	/* the first CCW's page was only noted, never pinned */
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 0);
}

static void cp_test_idal_address_misaligned(struct kunit *test)
{
	struct cp_test *t = test->priv;

	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x80, IDAL + 4);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
	/* word alignment is enough for format-1 IDAWs */
	g_u32(test, IDAL + 4, DATA);
	KUNIT_EXPECT_EQ(test, run(test, mk_orb(PROG, 1, 0, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 1);
	done(test);
}

static void cp_test_idal_unreadable(struct kunit *test)
{
	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x80, UNMAPPED);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EFAULT);
}

static void cp_test_double_fetch(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;
	u64 *idaw;

	/* count fits two IDAWs read at once; guest then moves IDAW 0 */
	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x2000, IDAL);
	g_u64(test, IDAL, DATA);
	g_u64(test, IDAL + 8, DATA + 0x1000);
	t->fm.poke_on = IDAL;
	t->fm.poke_at = IDAL;
	t->fm.poke_val = DATA + 0x800;
	t->fm.poke_len = 8;
	t->fm.watch_lo = IDAL;
	t->fm.watch_hi = IDAL + 0x100;
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->fm.poke_len, 0);
	KUNIT_EXPECT_EQ(test, t->fm.watch_reads, 1);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[-1], 2);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0x1000));
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2);
	cp_free(&t->cp);
	expect_clean(test);

	/*
	 * offset asks for a third IDAW: it comes from the copy of the IDAL's
	 * block taken by the first read, so the guest's later store to IDAW 0
	 * is not seen and nothing is read twice
	 */
	g_ccw1(test, PROG, 0x02, CCW_FLAG_IDA, 0x1900, IDAL);
	g_u64(test, IDAL, DATA + 0x800);
	g_u64(test, IDAL + 8, DATA + 0x1000);
	g_u64(test, IDAL + 16, DATA + 0x2000);
	t->fm.poke_on = IDAL;
	t->fm.poke_at = IDAL;
	t->fm.poke_val = DATA;
	t->fm.poke_len = 8;
	t->fm.watch_reads = 0;
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->fm.poke_len, 0);
	KUNIT_EXPECT_EQ(test, t->fm.watch_reads, 1);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[-1], 3);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x800));
	KUNIT_EXPECT_EQ(test, idaw[1], host_addr(test, DATA + 0x1000));
	KUNIT_EXPECT_EQ(test, idaw[2], host_addr(test, DATA + 0x2000));
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 3);
	done(test);
}

/* n CCWs at iova, command-chained, moving no data. */
static void g_nops(struct kunit *test, u32 iova, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		g_ccw1(test, iova + i * 8, 0x01, i + 1 < n ? CCW_FLAG_CC : 0,
		       0, 0);
}

static void cp_test_chain_256(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;

	g_nops(test, PROG, CCWCHAIN_LEN_MAX);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0].len, CCWCHAIN_LEN_MAX);
	ccw = host_chain(test, NULL);
	KUNIT_EXPECT_EQ(test, ccw[CCWCHAIN_LEN_MAX - 2].flags,
			CCW_FLAG_CC | CCW_FLAG_IDA);
	KUNIT_EXPECT_EQ(test, ccw[CCWCHAIN_LEN_MAX - 1].flags, CCW_FLAG_IDA);
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 0);
	done(test);
}

static void cp_test_chain_257(struct kunit *test)
{
	g_nops(test, PROG, CCWCHAIN_LEN_MAX + 1);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
	/* and a good program goes through afterwards */
	g_nops(test, PROG, 3);
	KUNIT_EXPECT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	done(test);
}

/* n chains, each [NOP with CC, TIC to the next], the last a single NOP. */
static void g_chains(struct kunit *test, unsigned int n)
{
	unsigned int k;
	u32 at;

	for (k = 0; k < n; k++) {
		at = PROG + k * 0x40;
		if (k + 1 == n) {
			g_ccw1(test, at, 0x03, 0, 0, 0);
			break;
		}
		g_ccw1(test, at, 0x03, CCW_FLAG_CC, 0, 0);
		g_ccw1(test, at + 8, CCW_CMD_TIC, 0, 0, at + 0x40);
	}
}

static void cp_test_16_chains(struct kunit *test)
{
	struct cp_test *t = test->priv;
	unsigned int k;

	g_chains(test, CCWCHAIN_COUNT_MAX);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.nr_chains, CCWCHAIN_COUNT_MAX);
	for (k = 0; k + 1 < CCWCHAIN_COUNT_MAX; k++) {
		KUNIT_EXPECT_EQ(test, t->cp.chains[k].iova, PROG + k * 0x40);
		KUNIT_EXPECT_EQ(test, t->cp.chains[k].len, 2);
		KUNIT_EXPECT_PTR_EQ(test, cda_virt(&t->cp.chains[k].ccw[1]),
				    (void *)t->cp.chains[k + 1].ccw);
	}
	done(test);
}

static void cp_test_17_chains(struct kunit *test)
{
	g_chains(test, CCWCHAIN_COUNT_MAX + 1);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
}

static void cp_test_tic_self(struct kunit *test)
{
	g_ccw1(test, PROG, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, PROG + 8);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
}

static void cp_test_tic_to_tic(struct kunit *test)
{
	g_ccw1(test, PROG, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, PROG2);
	g_ccw1(test, PROG2, CCW_CMD_TIC, 0, 0, PROG);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
}

static void cp_test_tic_first(struct kunit *test)
{
	g_ccw1(test, PROG, CCW_CMD_TIC, 0, 0, PROG2);
	g_ccw1(test, PROG2, 0x03, 0, 0, 0);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
}

static void cp_test_tic_misaligned(struct kunit *test)
{
	g_ccw1(test, PROG, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, PROG2 + 4);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, 0x80000000U);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
}

static void cp_test_tic_backward(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;

	/* search, TIC back to it, then the CCW the search skips to */
	g_ccw1(test, PROG, 0x31, CCW_FLAG_CC, 5, DATA);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, PROG);
	g_ccw1(test, PROG + 16, 0x06, 0, 10, DATA + 0x100);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.nr_chains, 1);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0].len, 3);
	ccw = host_chain(test, NULL);
	KUNIT_EXPECT_PTR_EQ(test, cda_virt(&ccw[1]), (void *)&ccw[0]);
	KUNIT_EXPECT_EQ(test, host_idal(test, &ccw[2])[0],
			host_addr(test, DATA + 0x100));
	KUNIT_EXPECT_TRUE(test, test_bit(0, t->cp.chains[0].tic_target));
	done(test);
}

static void cp_test_tic_forward(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;

	g_ccw1(test, PROG, 0x01, CCW_FLAG_CC, 4, DATA);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, PROG + 0x40);
	g_ccw1(test, PROG + 0x40, 0x02, 0, 4, DATA + 0x2000);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.nr_chains, 2);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0].len, 2);
	KUNIT_EXPECT_EQ(test, t->cp.chains[1].iova, PROG + 0x40);
	KUNIT_EXPECT_EQ(test, t->cp.chains[1].len, 1);
	ccw = host_chain(test, NULL);
	KUNIT_EXPECT_PTR_EQ(test, cda_virt(&ccw[1]),
			    (void *)t->cp.chains[1].ccw);
	KUNIT_EXPECT_EQ(test, host_idal(test, t->cp.chains[1].ccw)[0],
			host_addr(test, DATA + 0x2000));
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2);
	done(test);
}

static void cp_test_tic_across_chains(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct cp_chain *c0, *c1;

	g_ccw1(test, PROG, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG + 8, 0x01, CCW_FLAG_CC, 8, DATA);
	g_ccw1(test, PROG + 16, CCW_CMD_TIC, 0, 0, PROG2);
	g_ccw1(test, PROG2, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG2 + 8, CCW_CMD_TIC, 0, 0, PROG + 8);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_ASSERT_EQ(test, t->cp.nr_chains, 2);
	c0 = &t->cp.chains[0];
	c1 = &t->cp.chains[1];
	KUNIT_EXPECT_EQ(test, c0->len, 3);
	KUNIT_EXPECT_EQ(test, c1->len, 2);
	KUNIT_EXPECT_PTR_EQ(test, cda_virt(&c0->ccw[2]), (void *)c1->ccw);
	KUNIT_EXPECT_PTR_EQ(test, cda_virt(&c1->ccw[1]), (void *)&c0->ccw[1]);
	KUNIT_EXPECT_TRUE(test, test_bit(1, c0->tic_target));
	KUNIT_EXPECT_TRUE(test, test_bit(0, c1->tic_target));
	done(test);
}

static void cp_test_data_chaining(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;

	/* the NOP code of a data-chained CCW is ignored: it moves data */
	g_ccw1(test, PROG, 0x02, CCW_FLAG_DC, 0x100, DATA);
	g_ccw1(test, PROG + 8, 0x03, CCW_FLAG_DC, 0x80, DATA + 0x1000);
	/* a skipped read continuation moves nothing */
	g_ccw1(test, PROG + 16, 0x01, CCW_FLAG_SKIP, 0x80, UNMAPPED);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0].len, 3);
	ccw = host_chain(test, NULL);
	KUNIT_EXPECT_EQ(test, ccw[1].cmd_code, 0x03);
	KUNIT_EXPECT_EQ(test, host_idal(test, &ccw[1])[0],
			host_addr(test, DATA + 0x1000));
	KUNIT_EXPECT_EQ(test, host_idal(test, &ccw[2])[0],
			(u64)virt_to_phys(t->cp.scratch));
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2);
	done(test);
}

static void cp_test_skip(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct ccw1 *ccw;
	u64 *idaw;

	/* skipped read and sense move nothing: not even mapped */
	g_ccw1(test, PROG, 0x02, CCW_FLAG_CC | CCW_FLAG_SKIP, 0x1100, UNMAPPED);
	g_ccw1(test, PROG + 8, 0xe4, CCW_FLAG_CC | CCW_FLAG_SKIP, 0x20,
	       UNMAPPED);
	/* skip does nothing to a write */
	g_ccw1(test, PROG + 16, 0x01, CCW_FLAG_SKIP, 0x10, DATA);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, &ccw[0]);
	KUNIT_EXPECT_EQ(test, idaw[-1], 0);
	KUNIT_EXPECT_EQ(test, idaw[0], (u64)virt_to_phys(t->cp.scratch));
	KUNIT_EXPECT_EQ(test, idaw[1], (u64)virt_to_phys(t->cp.scratch));
	KUNIT_EXPECT_EQ(test, host_idal(test, &ccw[2])[0],
			host_addr(test, DATA));
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 1);
	done(test);
}

static void cp_test_no_data(struct kunit *test)
{
	struct cp_test *t = test->priv;

	g_ccw1(test, PROG, CCW_CMD_NOOP, CCW_FLAG_CC, 16, UNMAPPED);
	g_ccw1(test, PROG + 8, 0x01, CCW_FLAG_CC, 0, UNMAPPED);
	g_ccw1(test, PROG + 16, 0x02, CCW_FLAG_IDA, 0, UNMAPPED);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 0);
	done(test);
}

static void cp_test_unmapped_program(struct kunit *test)
{
	struct cp_test *t = test->priv;

	expect_fail(test, mk_orb(UNMAPPED, 1, 1, 0), -EFAULT);
	/* a TIC into unmapped memory fails the same way */
	g_ccw1(test, PROG, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, UNMAPPED);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 0);
}

static void cp_test_unmapped_data(struct kunit *test)
{
	struct cp_test *t = test->priv;

	g_ccw1(test, PROG, 0x01, CCW_FLAG_CC, 0x1000, DATA);
	g_ccw1(test, PROG + 8, 0x01, 0, 0x10, UNMAPPED);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EFAULT);
	/* the first page was pinned, then unpinned again */
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 2);
	KUNIT_EXPECT_EQ(test, t->fm.unpin_calls, 1);
}

static void cp_test_one_read_per_block(struct kunit *test)
{
	struct cp_test *t = test->priv;
	unsigned int i, n = 16;
	struct ccw1 *ccw;
	u64 *idaw;

	/* 16 CCWs and their IDALs within 1K: one guest read in all */
	for (i = 0; i < n; i++) {
		g_u64(test, PROG + 0x100 + i * 16, DATA + i * 0x2000 + 0xffc);
		g_u64(test, PROG + 0x100 + i * 16 + 8, DATA + i * 0x2000 + 0x1000);
		g_ccw1(test, PROG + i * 8, 0xe4,
		       CCW_FLAG_IDA | (i + 1 < n ? CCW_FLAG_CC : 0), 7,
		       PROG + 0x100 + i * 16);
	}
	t->fm.read_calls = 0;
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->fm.read_calls, 1);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 2 * n);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, &ccw[n - 1]);
	KUNIT_EXPECT_EQ(test, idaw[-1], 2);
	KUNIT_EXPECT_EQ(test, idaw[0],
			host_addr(test, DATA + (n - 1) * 0x2000 + 0xffc));
	KUNIT_EXPECT_EQ(test, idaw[1],
			host_addr(test, DATA + (n - 1) * 0x2000 + 0x1000));
	cp_free(&t->cp);
	expect_clean(test);

	/* the next program reads afresh; an IDAL in the next block: 2 reads */
	g_u64(test, PROG + 0x400, DATA + 0x8000);
	g_ccw1(test, PROG, 0xe4, CCW_FLAG_IDA, 7, PROG + 0x400);
	t->fm.read_calls = 0;
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->fm.read_calls, 2);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, ccw);
	KUNIT_EXPECT_EQ(test, idaw[-1], 1);
	KUNIT_EXPECT_EQ(test, idaw[0], host_addr(test, DATA + 0x8000));
	done(test);
}

static void cp_test_pin_runs(struct kunit *test)
{
	struct cp_test *t = test->priv;
	unsigned int i, n = 33;
	struct ccw1 *ccw;
	u64 *idaw;

	/* 33 x 16 contiguous pages: runs cut at the vfio limit */
	for (i = 0; i < n; i++)
		g_ccw1(test, PROG + i * 8, 0x01, i + 1 < n ? CCW_FLAG_CC : 0,
		       0xffff, DATA + i * 0x10000);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, n * 16);
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 2);
	KUNIT_EXPECT_EQ(test, t->fm.max_npage, VFIO_PIN_PAGES_MAX_ENTRIES);
	KUNIT_EXPECT_GT(test, t->cp.max_pins, CP_PINS_PRE);
	ccw = host_chain(test, NULL);
	idaw = host_idal(test, &ccw[n - 1]);
	KUNIT_EXPECT_EQ(test, idaw[-1], 16);
	KUNIT_EXPECT_EQ(test, idaw[15],
			host_addr(test, DATA + (n - 1) * 0x10000 + 0xf000));
	done(test);
	KUNIT_EXPECT_EQ(test, t->fm.unpin_calls, 2);
	KUNIT_EXPECT_EQ(test, t->cp.max_pins, CP_PINS_PRE);
}

static void cp_test_arena_overflow(struct kunit *test)
{
	struct cp_test *t = test->priv;
	unsigned int k, i, per = 200;
	struct ccw1 *ccw;
	u32 at;

	/* 16 chains of 200 data CCWs: more 31-bit memory than preallocated */
	for (k = 0; k < CCWCHAIN_COUNT_MAX; k++) {
		at = PROG + k * 0x800;
		for (i = 0; i < per; i++)
			g_ccw1(test, at + i * 8, 0x01, CCW_FLAG_CC, 1,
			       DATA + (k * per + i) * 8);
		if (k + 1 < CCWCHAIN_COUNT_MAX)
			g_ccw1(test, at + per * 8, CCW_CMD_TIC, 0, 0,
			       at + 0x800);
		else
			g_ccw1(test, at + per * 8, 0x03, 0, 0, 0);
	}
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.nr_chains, CCWCHAIN_COUNT_MAX);
	KUNIT_EXPECT_PTR_NE(test, t->cp.overflow, NULL);
	ccw = t->cp.chains[CCWCHAIN_COUNT_MAX - 1].ccw;
	KUNIT_EXPECT_EQ(test, host_idal(test, &ccw[per - 1])[0],
			host_addr(test, DATA + (CCWCHAIN_COUNT_MAX * per - 1) * 8));
	KUNIT_EXPECT_LE(test, (u64)virt_to_phys(ccw), 0x7fffffffULL);
	/* 25600 bytes of data, 7 pages, consecutive: one pin call */
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 1);
	done(test);
}

static void cp_test_update_scsw(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union scsw scsw = {};
	struct cp_chain *c0, *c1;
	u32 h0, h1;

	g_ccw1(test, PROG, 0x01, CCW_FLAG_CC, 4, DATA);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, PROG2);
	g_ccw1(test, PROG2, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG2 + 8, 0x03, CCW_FLAG_CC, 0, 0);
	g_ccw1(test, PROG2 + 16, 0x03, 0, 0, 0);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	c0 = &t->cp.chains[0];
	c1 = &t->cp.chains[1];
	KUNIT_ASSERT_TRUE(test, compat_virt_to_dma31(c0->ccw, &h0));
	KUNIT_ASSERT_TRUE(test, compat_virt_to_dma31(c1->ccw, &h1));

	compat_scsw_cmd_set_cpa(&scsw, h1 + 16);
	cp_update_scsw(&t->cp, &scsw);
	KUNIT_EXPECT_EQ(test, compat_scsw_cmd_cpa(&scsw), PROG2 + 16);
	/* just past the end of a chain */
	compat_scsw_cmd_set_cpa(&scsw, h1 + 24);
	cp_update_scsw(&t->cp, &scsw);
	KUNIT_EXPECT_EQ(test, compat_scsw_cmd_cpa(&scsw), PROG2 + 24);
	compat_scsw_cmd_set_cpa(&scsw, h0 + 8);
	cp_update_scsw(&t->cp, &scsw);
	KUNIT_EXPECT_EQ(test, compat_scsw_cmd_cpa(&scsw), PROG + 8);
	/* an address of none of ours is a host address: not passed on */
	compat_scsw_cmd_set_cpa(&scsw, 0x12345678);
	cp_update_scsw(&t->cp, &scsw);
	KUNIT_EXPECT_EQ(test, compat_scsw_cmd_cpa(&scsw), 0U);
	/* nor is ours once the program is gone */
	done(test);
	compat_scsw_cmd_set_cpa(&scsw, h0);
	cp_update_scsw(&t->cp, &scsw);
	KUNIT_EXPECT_EQ(test, compat_scsw_cmd_cpa(&scsw), 0U);
}

static void cp_test_iova_pinned(struct kunit *test)
{
	struct cp_test *t = test->priv;

	g_ccw1(test, PROG, 0x01, CCW_FLAG_CC, 0x10, DATA + 0x10);
	g_ccw1(test, PROG + 8, 0x02, CCW_FLAG_SKIP, 0x10, DATA + 0x5000);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
	KUNIT_EXPECT_TRUE(test, cp_iova_pinned(&t->cp, DATA + 0xff0, 1));
	KUNIT_EXPECT_TRUE(test, cp_iova_pinned(&t->cp, DATA - 0x1000, 0x1001));
	KUNIT_EXPECT_TRUE(test, cp_iova_pinned(&t->cp, 0, U64_MAX));
	KUNIT_EXPECT_FALSE(test, cp_iova_pinned(&t->cp, DATA - 0x1000, 0x1000));
	KUNIT_EXPECT_FALSE(test, cp_iova_pinned(&t->cp, DATA + 0x1000, 0x1000));
	/* skipped, so not pinned */
	KUNIT_EXPECT_FALSE(test, cp_iova_pinned(&t->cp, DATA + 0x5000, 8));
	KUNIT_EXPECT_FALSE(test, cp_iova_pinned(&t->cp, DATA, 0));
	done(test);
	KUNIT_EXPECT_FALSE(test, cp_iova_pinned(&t->cp, DATA, 0x1000));
}

static void cp_test_states(struct kunit *test)
{
	struct cp_test *t = test->priv;
	union orb orb = mk_orb(PROG, 1, 1, 0);

	g_ccw1(test, PROG, 0x01, 0, 0x10, DATA);
	KUNIT_EXPECT_EQ(test, cp_prefetch(&t->cp), -EINVAL);
	KUNIT_EXPECT_NULL(test, cp_get_orb(&t->cp, 0, 0));
	KUNIT_ASSERT_EQ(test, cp_init(&t->cp, &orb), 0);
	KUNIT_EXPECT_EQ(test, cp_init(&t->cp, &orb), -EBUSY);
	KUNIT_EXPECT_NULL(test, cp_get_orb(&t->cp, 0, 0));
	KUNIT_EXPECT_EQ(test, t->fm.pin_calls, 0);
	KUNIT_ASSERT_EQ(test, cp_prefetch(&t->cp), 0);
	KUNIT_EXPECT_EQ(test, cp_prefetch(&t->cp), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, 1);
	/* free without prefetch */
	done(test);
	KUNIT_ASSERT_EQ(test, cp_init(&t->cp, &orb), 0);
	done(test);
	cp_free(&t->cp);
	expect_clean(test);
}

static void cp_test_unsupported(struct kunit *test)
{
	union orb orb = mk_orb(PROG, 1, 1, 0);

	g_ccw1(test, PROG, 0x01, 0, 0x10, DATA);
	orb.tm.b = 1;
	expect_fail(test, orb, -EOPNOTSUPP);
	g_ccw1(test, PROG, 0x01, 0x01, 0x10, DATA);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EOPNOTSUPP);
	g_ccw1(test, PROG, 0x0c, 0, 0x10, DATA + 0x10);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EOPNOTSUPP);
}

static void cp_test_malformed_orb(struct kunit *test)
{
	g_ccw1(test, PROG, 0x01, 0, 0x10, DATA);
	expect_fail(test, mk_orb(PROG + 4, 1, 1, 0), -EINVAL);
	expect_fail(test, mk_orb(0x80000000U | PROG, 1, 1, 0), -EINVAL);
	g_ccw1(test, PROG, 0x01, 0, 0x10, 0x80000000U | DATA);
	expect_fail(test, mk_orb(PROG, 1, 1, 0), -EINVAL);
}

static void cp_test_chain_at_end_of_memory(struct kunit *test)
{
	struct cp_test *t = test->priv;
	u32 end = FAKE_BASE + FAKE_PAGES * PAGE_SIZE;

	/* only the CCWs of the chain are read, not 2K after its start */
	g_ccw1(test, end - 16, 0x01, CCW_FLAG_CC, 0x10, DATA);
	g_ccw1(test, end - 8, 0x02, 0, 0x10, DATA + 0x100);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(end - 16, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0].len, 2);
	done(test);
	/* ... but a chain running off mapped memory fails */
	g_ccw1(test, end - 8, 0x02, CCW_FLAG_CC, 0x10, DATA + 0x100);
	expect_fail(test, mk_orb(end - 16, 1, 1, 0), -EFAULT);
}

static void cp_test_chain_across_pages(struct kunit *test)
{
	struct cp_test *t = test->priv;
	u32 at = PROG2 - 0x100;

	g_nops(test, at, 100);
	KUNIT_ASSERT_EQ(test, run(test, mk_orb(at, 1, 1, 0)), 0);
	KUNIT_EXPECT_EQ(test, t->cp.chains[0].len, 100);
	done(test);
}

static void cp_test_cycles(struct kunit *test)
{
	struct cp_test *t = test->priv;
	unsigned int i;

	g_ccw1(test, PROG, 0x02, CCW_FLAG_CC | CCW_FLAG_IDA, 0x1800, IDAL);
	g_u64(test, IDAL, DATA + 0x800);
	g_u64(test, IDAL + 8, DATA + 0x1000);
	g_ccw1(test, PROG + 8, CCW_CMD_TIC, 0, 0, PROG2);
	g_ccw1(test, PROG2, 0x01, 0, 0x2000, DATA + 0x4000);
	for (i = 0; i < 500; i++) {
		KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG, 1, 1, 0)), 0);
		KUNIT_ASSERT_EQ(test, t->fm.pinned, 4);
		if (i % 3 == 0)
			cp_get_orb(&t->cp, i, 0x80);
		cp_free(&t->cp);
		KUNIT_ASSERT_EQ(test, t->fm.pinned, 0);
		/* and a rejected one now and then */
		if (i % 50 == 0)
			KUNIT_ASSERT_EQ(test, run(test, mk_orb(PROG + 4, 1, 1, 0)),
					-EINVAL);
	}
	expect_clean(test);
}

static void cp_test_exit(struct kunit *test)
{
	struct cp_test *t = test->priv;
	int i;

	if (!t)
		return;
	cp_teardown(&t->cp);
	for (i = 0; i < FAKE_PAGES; i++)
		if (t->fm.low[i])
			__free_page(t->fm.low[i]);
	for (i = 0; i < FAKE_HIGH_PAGES; i++)
		if (t->fm.high[i])
			__free_page(t->fm.high[i]);
	kfree(t);
}

static int cp_test_init(struct kunit *test)
{
	struct cp_test *t;
	int i;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	test->priv = t;
	for (i = 0; i < FAKE_PAGES; i++) {
		t->fm.low[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!t->fm.low[i])
			goto fail;
	}
	for (i = 0; i < FAKE_HIGH_PAGES; i++) {
		t->fm.high[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!t->fm.high[i])
			goto fail;
	}
	if (!cp_setup(&t->cp, NULL, &fake_ops, &t->fm))
		return 0;
fail:
	cp_test_exit(test);
	test->priv = NULL;
	return -ENOMEM;
}

static struct kunit_case cp_test_cases[] = {
	KUNIT_CASE(cp_test_fmt1_direct),
	KUNIT_CASE(cp_test_guest_lpm_kept),
	KUNIT_CASE(cp_test_direct_crosses_page),
	KUNIT_CASE(cp_test_direct_2k),
	KUNIT_CASE(cp_test_fmt0_conversion),
	KUNIT_CASE(cp_test_idal_fmt2_4k),
	KUNIT_CASE(cp_test_idal_fmt2_2k),
	KUNIT_CASE(cp_test_idal_fmt1),
	KUNIT_CASE(cp_test_idaw_fmt2_above_4g),
	KUNIT_CASE(cp_test_idaw_fmt1_above_2g),
	KUNIT_CASE(cp_test_idaw_misaligned),
	KUNIT_CASE(cp_test_idal_address_misaligned),
	KUNIT_CASE(cp_test_idal_unreadable),
	KUNIT_CASE(cp_test_double_fetch),
	KUNIT_CASE(cp_test_chain_256),
	KUNIT_CASE(cp_test_chain_257),
	KUNIT_CASE(cp_test_16_chains),
	KUNIT_CASE(cp_test_17_chains),
	KUNIT_CASE(cp_test_tic_self),
	KUNIT_CASE(cp_test_tic_to_tic),
	KUNIT_CASE(cp_test_tic_first),
	KUNIT_CASE(cp_test_tic_misaligned),
	KUNIT_CASE(cp_test_tic_backward),
	KUNIT_CASE(cp_test_tic_forward),
	KUNIT_CASE(cp_test_tic_across_chains),
	KUNIT_CASE(cp_test_data_chaining),
	KUNIT_CASE(cp_test_skip),
	KUNIT_CASE(cp_test_no_data),
	KUNIT_CASE(cp_test_unmapped_program),
	KUNIT_CASE(cp_test_unmapped_data),
	KUNIT_CASE(cp_test_one_read_per_block),
	KUNIT_CASE(cp_test_pin_runs),
	KUNIT_CASE(cp_test_arena_overflow),
	KUNIT_CASE(cp_test_update_scsw),
	KUNIT_CASE(cp_test_iova_pinned),
	KUNIT_CASE(cp_test_states),
	KUNIT_CASE(cp_test_unsupported),
	KUNIT_CASE(cp_test_malformed_orb),
	KUNIT_CASE(cp_test_chain_at_end_of_memory),
	KUNIT_CASE(cp_test_chain_across_pages),
	KUNIT_CASE(cp_test_cycles),
	{}
};

static struct kunit_suite cp_test_suite = {
	.name = "vfio_ccw_cp",
	.init = cp_test_init,
	.exit = cp_test_exit,
	.test_cases = cp_test_cases,
};

kunit_test_suite(cp_test_suite);

MODULE_DESCRIPTION("KUnit tests for the vfio_ccw channel-program translation");
MODULE_LICENSE("GPL");
