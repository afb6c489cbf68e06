// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the vfio_ccw state machine with fake hardware operations.
 *
 * The driver's FSM, trace and debugfs code and the real channel-program
 * code are compiled into this module.  A test device has kmalloc'ed
 * regions, fake hardware ops that count their calls and return what the
 * test asks, and fake guest memory (a few pages) behind the memory ops
 * the channel-program code uses, with per-page pin counts so that every
 * test can check that nothing stays pinned.
 *
 * Suites: the whole table (every state against every event), request
 * sequences, the interrupt ring, debugfs and the tracepoints.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../../src/ccw/vfio_ccw_trace.c"
/* define_trace.h leaves this defined for a further trace header */
#undef CREATE_TRACE_POINTS
#include "../../src/ccw/vfio_ccw_cp.c"
#include "../../src/ccw/vfio_ccw_fsm.c"
#include "../../src/ccw/vfio_ccw_debugfs.c"

#define GUEST_ORDER	2
#define GUEST_PAGES	BIT(GUEST_ORDER)
#define GUEST_BASE	0x40000UL		/* iova of the first page */
#define GUEST_CCW	GUEST_BASE		/* the channel program */
#define GUEST_DATA	(GUEST_BASE + PAGE_SIZE)	/* its data area */
#define CCW_SENSE_ID	0xe4
#define CCW_SLI		0x20

enum { HW_ENABLE, HW_DISABLE, HW_START, HW_HALT, HW_CLEAR, NR_HW };

struct fsm_fixture {
	struct vfio_ccw_private private;
	/* fake hardware */
	int hw_ret[NR_HW];
	unsigned int hw_calls[NR_HW];
	union orb started;
	const struct irb *pre_irq;	/* raised by fake_start() before SSCH */
	const struct irb *start_irq;	/* raised by fake_start() after SSCH */
	/* fake guest memory */
	struct page *guest;
	u8 *guest_va;
	int pins[GUEST_PAGES];
	unsigned int bad_unpins;
	/* tracepoint probe */
	unsigned int transitions;
	int last_from, last_to;
};

static struct fsm_fixture *to_fx(struct vfio_ccw_private *private)
{
	return container_of(private, struct fsm_fixture, private);
}

static int fake_hw(struct vfio_ccw_private *private, int op)
{
	struct fsm_fixture *fx = to_fx(private);

	fx->hw_calls[op]++;
	return fx->hw_ret[op];
}

static int fake_enable(struct vfio_ccw_private *private)
{
	return fake_hw(private, HW_ENABLE);
}

static int fake_disable(struct vfio_ccw_private *private)
{
	return fake_hw(private, HW_DISABLE);
}

/* The cpa word of a command-mode scsw (its type differs by kernel). */
static u32 scsw_cpa(const union scsw *scsw)
{
	u32 cpa;

	memcpy(&cpa, (const u8 *)scsw + 4, sizeof(cpa));
	return cpa;
}

static void scsw_set_cpa(union scsw *scsw, u32 cpa)
{
	memcpy((u8 *)scsw + 4, &cpa, sizeof(cpa));
}

static int fake_start(struct vfio_ccw_private *private, union orb *orb)
{
	/*
	 * Status of an earlier function (a clear issued in IDLE), taken
	 * from the subchannel before START SUBCHANNEL was issued.
	 */
	if (to_fx(private)->pre_irq) {
		unsigned long flags;

		local_irq_save(flags);
		vfio_ccw_fsm_irq(private, to_fx(private)->pre_irq);
		local_irq_restore(flags);
	}
	/* As the real op: mark the start, supply the intparm. */
	vfio_ccw_fsm_start_mark(private);
	orb->cmd.intparm = 0x12345678;
	to_fx(private)->started = *orb;
	/* A device so fast it interrupts before START SUBCHANNEL returns. */
	if (to_fx(private)->start_irq) {
		struct irb irb = *to_fx(private)->start_irq;
		unsigned long flags;

		/* the irb names the translated program, as the real one does */
		if (scsw_is_solicited(&irb.scsw))
			scsw_set_cpa(&irb.scsw, orb->cmd.cpa + 8);
		local_irq_save(flags);
		vfio_ccw_fsm_irq(private, &irb);
		local_irq_restore(flags);
	}
	return fake_hw(private, HW_START);
}

static int fake_halt(struct vfio_ccw_private *private)
{
	return fake_hw(private, HW_HALT);
}

static int fake_clear(struct vfio_ccw_private *private)
{
	return fake_hw(private, HW_CLEAR);
}

static const struct vfio_ccw_hw_ops fake_hw_ops = {
	.enable = fake_enable,
	.disable = fake_disable,
	.start = fake_start,
	.halt = fake_halt,
	.clear = fake_clear,
};

static bool guest_range(dma_addr_t iova, size_t len)
{
	return iova >= GUEST_BASE && len <= GUEST_PAGES * PAGE_SIZE &&
	       iova - GUEST_BASE <= GUEST_PAGES * PAGE_SIZE - len;
}

static int fake_pin(void *ctx, dma_addr_t iova, int npage, int prot,
		    struct page **pages)
{
	struct fsm_fixture *fx = ctx;
	unsigned long first;
	int i;

	if (npage <= 0 || !guest_range(iova & PAGE_MASK, npage * PAGE_SIZE))
		return -EFAULT;
	first = ((iova & PAGE_MASK) - GUEST_BASE) >> PAGE_SHIFT;
	for (i = 0; i < npage; i++) {
		fx->pins[first + i]++;
		pages[i] = fx->guest + first + i;
	}
	return npage;
}

static void fake_unpin(void *ctx, dma_addr_t iova, int npage)
{
	struct fsm_fixture *fx = ctx;
	unsigned long first;
	int i;

	if (npage <= 0 || !guest_range(iova & PAGE_MASK, npage * PAGE_SIZE)) {
		fx->bad_unpins++;
		return;
	}
	first = ((iova & PAGE_MASK) - GUEST_BASE) >> PAGE_SHIFT;
	for (i = 0; i < npage; i++) {
		if (fx->pins[first + i] <= 0)
			fx->bad_unpins++;
		else
			fx->pins[first + i]--;
	}
}

static int fake_read(void *ctx, dma_addr_t iova, void *data, size_t len)
{
	struct fsm_fixture *fx = ctx;

	if (!guest_range(iova, len))
		return -EFAULT;
	memcpy(data, fx->guest_va + (iova - GUEST_BASE), len);
	return 0;
}

static const struct vfio_ccw_mem_ops fake_mem_ops = {
	.pin = fake_pin,
	.unpin = fake_unpin,
	.read = fake_read,
};

static int pinned_pages(struct fsm_fixture *fx)
{
	int i, n = 0;

	for (i = 0; i < GUEST_PAGES; i++)
		n += fx->pins[i];
	return n;
}

/* One format-1 SENSE ID CCW in guest memory; the request names it. */
static void fx_write_request(struct fsm_fixture *fx, u32 fctl, bool tm)
{
	struct ccw_io_region *region = fx->private.io_region;
	u32 *ccw = (u32 *)(fx->guest_va + (GUEST_CCW - GUEST_BASE));
	union scsw scsw;
	union orb orb;

	ccw[0] = CCW_SENSE_ID << 24 | CCW_SLI << 16 | 8;
	ccw[1] = GUEST_DATA;

	memset(&orb, 0, sizeof(orb));
	orb.cmd.fmt = 1;
	orb.cmd.pfch = 1;
	orb.cmd.c64 = 1;
	orb.cmd.lpm = 0x80;
	orb.cmd.cpa = GUEST_CCW;
	if (tm)
		orb.tm.b = 1;
	memcpy(region->orb_area, &orb, sizeof(region->orb_area));

	memset(&scsw, 0, sizeof(scsw));
	scsw.cmd.fctl = fctl;
	memcpy(region->scsw_area, &scsw, sizeof(region->scsw_area));
	region->ret_code = 0x5a5a;	/* stale; the FSM must overwrite it */
}

/* Final status of a started channel program (channel end, device end). */
static void irb_final(struct irb *irb, u32 cpa)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.fctl = SCSW_FCTL_START_FUNC;
	irb->scsw.cmd.stctl = SCSW_STCTL_PRIM_STATUS | SCSW_STCTL_SEC_STATUS |
			      SCSW_STCTL_STATUS_PEND;
	irb->scsw.cmd.dstat = 0x0c;
	scsw_set_cpa(&irb->scsw, cpa);
}

/* Status the device presents on its own (attention). */
static void irb_unsolicited(struct irb *irb)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.stctl = SCSW_STCTL_ALERT_STATUS | SCSW_STCTL_STATUS_PEND;
	irb->scsw.cmd.dstat = 0x80;
}

/* Intermediate status: the device is still working on the program. */
static void irb_intermediate(struct irb *irb, u32 cpa)
{
	irb_final(irb, cpa);
	irb->scsw.cmd.actl = SCSW_ACTL_DEVACT | SCSW_ACTL_SCHACT;
	irb->scsw.cmd.stctl = SCSW_STCTL_INTER_STATUS | SCSW_STCTL_STATUS_PEND;
}

/* A device with fake hardware and guest memory, open for nothing yet. */
static struct fsm_fixture *fx_create(struct kunit *test)
{
	struct vfio_ccw_private *p;
	struct fsm_fixture *fx;
	int ret;

	fx = kzalloc(sizeof(*fx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx);
	p = &fx->private;
	p->schid.one = 1;
	p->schid.ssid = 1;
	p->schid.sch_no = 0x4711;
	p->hw = &fake_hw_ops;
	vfio_ccw_fsm_setup(p);
	mutex_init(&p->io_mutex);
	p->io_region = kzalloc(sizeof(*p->io_region), GFP_KERNEL | GFP_DMA);
	p->cmd_region = kzalloc(sizeof(*p->cmd_region), GFP_KERNEL | GFP_DMA);
	fx->guest = alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_ZERO, GUEST_ORDER);
	KUNIT_ASSERT_NOT_NULL(test, p->io_region);
	KUNIT_ASSERT_NOT_NULL(test, p->cmd_region);
	KUNIT_ASSERT_NOT_NULL(test, fx->guest);
	fx->guest_va = page_address(fx->guest);
	ret = cp_setup(&p->cp, NULL, &fake_mem_ops, fx);
	KUNIT_ASSERT_EQ(test, ret, 0);
	fx_write_request(fx, SCSW_FCTL_START_FUNC, false);
	return fx;
}

static void fx_destroy(struct fsm_fixture *fx)
{
	struct vfio_ccw_private *p;

	if (!fx)
		return;
	p = &fx->private;
	if (p->io_region && p->cmd_region && fx->guest) {
		cancel_work_sync(&p->io_work);
		mutex_lock(&p->io_mutex);
		cp_free(&p->cp);
		mutex_unlock(&p->io_mutex);
		cp_teardown(&p->cp);
	}
	if (fx->guest)
		__free_pages(fx->guest, GUEST_ORDER);
	kfree(p->cmd_region);
	kfree(p->io_region);
	mutex_destroy(&p->io_mutex);
	kfree(fx);
}

static int fsm_test_init(struct kunit *test)
{
	test->priv = fx_create(test);
	return 0;
}

static void fsm_test_exit(struct kunit *test)
{
	fx_destroy(test->priv);
}

static int fx_event(struct fsm_fixture *fx, enum vfio_ccw_event event)
{
	int ret;

	mutex_lock(&fx->private.io_mutex);
	ret = vfio_ccw_fsm_event(&fx->private, event);
	mutex_unlock(&fx->private.io_mutex);
	return ret;
}

/* An interrupt, delivered as the driver does, then io_work run to its end. */
static void fx_irq(struct fsm_fixture *fx, const struct irb *irb)
{
	unsigned long flags;

	local_irq_save(flags);
	vfio_ccw_fsm_irq(&fx->private, irb);
	local_irq_restore(flags);
	flush_work(&fx->private.io_work);
}

/* Open the device and start the SENSE ID program: CP_PENDING. */
static void fx_start_io(struct kunit *test, struct fsm_fixture *fx)
{
	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	KUNIT_ASSERT_EQ(test, fx->private.state, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_ASSERT_GT(test, pinned_pages(fx), 0);
}

/* ---- the whole table ---- */

struct fsm_cell_case {
	int state;
	int event;
	int ret;		/* return value and region ret_code */
	int next;		/* state afterwards */
	u8 calls[NR_HW];	/* hardware ops called */
	bool delivered;		/* INTERRUPT: handed to io_work */
};

#define S(x)	VFIO_CCW_STATE_##x
#define E(x)	VFIO_CCW_EVENT_##x
#define NONE	{ 0 }
#define ENABLE	{ [HW_ENABLE] = 1 }
#define DISABLE	{ [HW_DISABLE] = 1 }
#define START	{ [HW_START] = 1 }
#define HALT	{ [HW_HALT] = 1 }
#define REOPEN	{ [HW_DISABLE] = 1, [HW_ENABLE] = 1 }

/*
 * Every cell.  IO_REQ carries a valid start request, ASYNC_REQ an HSCH,
 * INTERRUPT unsolicited status; all hardware ops succeed.
 */
static const struct fsm_cell_case fsm_cells[] = {
	{ S(NOT_OPER), E(NOT_OPER), 0, S(NOT_OPER), NONE },
	{ S(NOT_OPER), E(IO_REQ), -ENODEV, S(NOT_OPER), NONE },
	{ S(NOT_OPER), E(INTERRUPT), 0, S(NOT_OPER), NONE, false },
	{ S(NOT_OPER), E(ASYNC_REQ), -ENODEV, S(NOT_OPER), NONE },
	{ S(NOT_OPER), E(OPEN), -ENODEV, S(NOT_OPER), NONE },
	{ S(NOT_OPER), E(CLOSE), 0, S(NOT_OPER), NONE },
	{ S(NOT_OPER), E(RESET), -ENODEV, S(NOT_OPER), NONE },

	{ S(STANDBY), E(NOT_OPER), 0, S(NOT_OPER), NONE },
	{ S(STANDBY), E(IO_REQ), -EIO, S(STANDBY), NONE },
	{ S(STANDBY), E(INTERRUPT), 0, S(STANDBY), NONE, false },
	{ S(STANDBY), E(ASYNC_REQ), -EIO, S(STANDBY), NONE },
	{ S(STANDBY), E(OPEN), 0, S(IDLE), ENABLE },
	{ S(STANDBY), E(CLOSE), 0, S(STANDBY), NONE },
	{ S(STANDBY), E(RESET), 0, S(STANDBY), NONE },

	{ S(IDLE), E(NOT_OPER), 0, S(NOT_OPER), DISABLE },
	{ S(IDLE), E(IO_REQ), 0, S(CP_PENDING), START },
	{ S(IDLE), E(INTERRUPT), 0, S(IDLE), NONE, true },
	{ S(IDLE), E(ASYNC_REQ), 0, S(IDLE), HALT },
	{ S(IDLE), E(OPEN), -EBUSY, S(IDLE), NONE },
	{ S(IDLE), E(CLOSE), 0, S(STANDBY), DISABLE },
	{ S(IDLE), E(RESET), 0, S(IDLE), REOPEN },

	{ S(CP_PROCESSING), E(NOT_OPER), 0, S(NOT_OPER), DISABLE },
	{ S(CP_PROCESSING), E(IO_REQ), -EAGAIN, S(CP_PROCESSING), NONE },
	{ S(CP_PROCESSING), E(INTERRUPT), 0, S(CP_PROCESSING), NONE, true },
	{ S(CP_PROCESSING), E(ASYNC_REQ), -EAGAIN, S(CP_PROCESSING), NONE },
	{ S(CP_PROCESSING), E(OPEN), -EBUSY, S(CP_PROCESSING), NONE },
	{ S(CP_PROCESSING), E(CLOSE), 0, S(STANDBY), DISABLE },
	{ S(CP_PROCESSING), E(RESET), 0, S(IDLE), REOPEN },

	{ S(CP_PENDING), E(NOT_OPER), 0, S(NOT_OPER), DISABLE },
	{ S(CP_PENDING), E(IO_REQ), -EBUSY, S(CP_PENDING), NONE },
	{ S(CP_PENDING), E(INTERRUPT), 0, S(CP_PENDING), NONE, true },
	{ S(CP_PENDING), E(ASYNC_REQ), 0, S(CP_PENDING), HALT },
	{ S(CP_PENDING), E(OPEN), -EBUSY, S(CP_PENDING), NONE },
	{ S(CP_PENDING), E(CLOSE), 0, S(STANDBY), DISABLE },
	{ S(CP_PENDING), E(RESET), 0, S(IDLE), REOPEN },
};

static_assert(ARRAY_SIZE(fsm_cells) == NR_VFIO_CCW_STATES * NR_VFIO_CCW_EVENTS);

static void fsm_cell_desc(const struct fsm_cell_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s x %s",
		 vfio_ccw_state_name(c->state), vfio_ccw_event_name(c->event));
}

KUNIT_ARRAY_PARAM(fsm_cell, fsm_cells, fsm_cell_desc);

static void fsm_test_cell(struct kunit *test)
{
	const struct fsm_cell_case *c = test->param_value;
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb irb;
	int i, ret;

	p->state = c->state;
	p->cmd_region->command = VFIO_CCW_ASYNC_CMD_HSCH;
	p->cmd_region->ret_code = 0x5a5a;

	if (c->event == VFIO_CCW_EVENT_INTERRUPT) {
		irb_unsolicited(&irb);
		/* io_work waits for io_mutex: the state seen is the event's. */
		mutex_lock(&p->io_mutex);
		local_irq_disable();
		vfio_ccw_fsm_irq(p, &irb);
		local_irq_enable();
		KUNIT_EXPECT_EQ(test, p->state, c->next);
		mutex_unlock(&p->io_mutex);
		flush_work(&p->io_work);
		KUNIT_EXPECT_EQ(test, p->fsm.interrupts, c->delivered ? 1UL : 0UL);
		KUNIT_EXPECT_EQ(test, p->fsm.irq_ignored, c->delivered ? 0UL : 1UL);
		if (c->delivered)
			KUNIT_EXPECT_EQ(test, memcmp(p->io_region->irb_area, &irb,
						     sizeof(irb)), 0);
		else
			KUNIT_EXPECT_EQ(test, p->io_region->irb_area[3], 0);
	} else {
		ret = fx_event(fx, c->event);
		KUNIT_EXPECT_EQ(test, ret, c->ret);
	}
	KUNIT_EXPECT_EQ(test, p->state, c->next);

	if (c->event == VFIO_CCW_EVENT_IO_REQ)
		KUNIT_EXPECT_EQ(test, (int)p->io_region->ret_code, c->ret);
	else
		KUNIT_EXPECT_EQ(test, p->io_region->ret_code, 0x5a5a);
	if (c->event == VFIO_CCW_EVENT_ASYNC_REQ)
		KUNIT_EXPECT_EQ(test, (int)p->cmd_region->ret_code, c->ret);
	else
		KUNIT_EXPECT_EQ(test, p->cmd_region->ret_code, 0x5a5a);

	for (i = 0; i < NR_HW; i++)
		KUNIT_EXPECT_EQ_MSG(test, fx->hw_calls[i], (unsigned int)c->calls[i],
				    "hardware op %d", i);

	/* Only a started program may hold pages. */
	if (c->calls[HW_START])
		KUNIT_EXPECT_GT(test, pinned_pages(fx), 0);
	else
		KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);
}

/* The table itself: no cell without an action, refusals carry an errno. */
static void fsm_test_table_complete(struct kunit *test)
{
	int s, e;

	for (s = 0; s < NR_VFIO_CCW_STATES; s++) {
		for (e = 0; e < NR_VFIO_CCW_EVENTS; e++) {
			const struct vfio_ccw_fsm_cell *cell = &vfio_ccw_fsm[s][e];

			KUNIT_EXPECT_NOT_NULL_MSG(test, cell->action, "%s x %s",
						  vfio_ccw_state_name(s),
						  vfio_ccw_event_name(e));
			if (cell->action == fsm_refuse)
				KUNIT_EXPECT_LT(test, cell->err, 0);
			else
				KUNIT_EXPECT_EQ(test, cell->err, 0);
		}
	}
	KUNIT_EXPECT_STREQ(test, vfio_ccw_state_name(NR_VFIO_CCW_STATES), "unknown");
	KUNIT_EXPECT_STREQ(test, vfio_ccw_state_name(-1), "unknown");
	KUNIT_EXPECT_STREQ(test, vfio_ccw_event_name(VFIO_CCW_EVENT_CLOSE), "CLOSE");
}

/* ---- sequences ---- */

/* open, start, final interrupt, io_work: back to IDLE, nothing pinned */
static void fsm_test_io_round_trip(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	union scsw delivered;
	struct irb irb;

	fx_start_io(test, fx);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_ENABLE], 1U);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 1U);
	KUNIT_EXPECT_EQ(test, p->io_region->ret_code, 0U);
	/* The ORB issued points at the translated copy, not at guest memory. */
	KUNIT_EXPECT_NE(test, fx->started.cmd.cpa, (u32)GUEST_CCW);
	KUNIT_EXPECT_EQ(test, fx->started.cmd.intparm, 0x12345678U);
	KUNIT_EXPECT_EQ(test, p->fsm.io_requests, 1UL);
	KUNIT_EXPECT_EQ(test, p->fsm.io_errors, 0UL);

	/* An intermediate interrupt leaves the program running. */
	irb_intermediate(&irb, fx->started.cmd.cpa + 8);
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_EXPECT_GT(test, pinned_pages(fx), 0);

	irb_final(&irb, fx->started.cmd.cpa + 8);
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);
	KUNIT_EXPECT_EQ(test, p->fsm.interrupts, 2UL);

	/* userspace sees its own channel-program address */
	memcpy(&delivered, p->io_region->irb_area, sizeof(delivered));
	KUNIT_EXPECT_EQ(test, scsw_cpa(&delivered), (u32)(GUEST_CCW + 8));
	KUNIT_EXPECT_EQ(test, (u32)delivered.cmd.dstat, 0x0cU);

	/* and may start the next one */
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 2U);
}

/*
 * The interrupt arrives while hw->start() runs: the request delivers it
 * itself, without io_work, before the write returns.
 */
static void fsm_test_irq_during_start(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	union scsw delivered;
	struct irb irb;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	irb_final(&irb, 0);
	fx->start_irq = &irb;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	KUNIT_EXPECT_FALSE(test, work_pending(&p->io_work));
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);
	KUNIT_EXPECT_EQ(test, p->fsm.interrupts, 1UL);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_inline, 1UL);
	KUNIT_EXPECT_FALSE(test, p->fsm.starting);
	memcpy(&delivered, p->io_region->irb_area, sizeof(delivered));
	KUNIT_EXPECT_EQ(test, scsw_cpa(&delivered), (u32)(GUEST_CCW + 8));
	KUNIT_EXPECT_EQ(test, p->io_region->ret_code, 0U);

	/* Intermediate status during start; the final one comes later. */
	irb_intermediate(&irb, 0);
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	KUNIT_EXPECT_FALSE(test, work_pending(&p->io_work));
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_EXPECT_GT(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_inline, 2UL);
	fx->start_irq = NULL;
	irb_final(&irb, fx->started.cmd.cpa + 8);
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, p->fsm.interrupts, 3UL);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_inline, 2UL);

	/* A start that fails still delivers what arrived meanwhile. */
	irb_unsolicited(&irb);
	fx->start_irq = &irb;
	fx->hw_ret[HW_START] = 1;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), -EBUSY);
	KUNIT_EXPECT_FALSE(test, work_pending(&p->io_work));
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_inline, 3UL);
	KUNIT_EXPECT_EQ(test, memcmp(p->io_region->irb_area, &irb, sizeof(irb)), 0);
}

/* a second start while one is pending is busy and touches nothing */
static void fsm_test_io_while_pending(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	int pinned;

	fx_start_io(test, fx);
	pinned = pinned_pages(fx);
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), -EBUSY);
	KUNIT_EXPECT_EQ(test, (int)fx->private.io_region->ret_code, -EBUSY);
	KUNIT_EXPECT_EQ(test, fx->private.state, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 1U);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), pinned);
	KUNIT_EXPECT_EQ(test, fx->private.fsm.io_errors, 1UL);
}

struct fsm_start_case {
	int cc;			/* what hw->start returns */
	int ret;
	int next;
	unsigned int disables;
};

static const struct fsm_start_case fsm_start_cases[] = {
	{ 1, -EBUSY, S(IDLE), 0 },
	{ 2, -EBUSY, S(IDLE), 0 },
	{ 3, -ENODEV, S(NOT_OPER), 1 },
	{ -EACCES, -EACCES, S(IDLE), 0 },
	{ 7, -EIO, S(IDLE), 0 },
};

static void fsm_start_desc(const struct fsm_start_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "start returns %d", c->cc);
}

KUNIT_ARRAY_PARAM(fsm_start, fsm_start_cases, fsm_start_desc);

/* start fails: the program is released, the errno reaches the user */
static void fsm_test_start_fails(struct kunit *test)
{
	const struct fsm_start_case *c = test->param_value;
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	fx->hw_ret[HW_START] = c->cc;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), c->ret);
	KUNIT_EXPECT_EQ(test, (int)p->io_region->ret_code, c->ret);
	KUNIT_EXPECT_EQ(test, p->state, c->next);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 1U);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_DISABLE], c->disables);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);

	/* a busy device takes the same request once it is free again */
	if (c->next == VFIO_CCW_STATE_IDLE) {
		fx->hw_ret[HW_START] = 0;
		KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
		KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_CP_PENDING);
	} else {
		KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), -ENODEV);
		KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 1U);
	}
}

/* enable fails: the open fails, the device is not operational */
static void fsm_test_enable_fails(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;

	fx->hw_ret[HW_ENABLE] = -ENODEV;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), -ENODEV);
	KUNIT_EXPECT_EQ(test, fx->private.state, VFIO_CCW_STATE_NOT_OPER);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_ENABLE], 1U);
	/* an open retried later is refused without touching the hardware */
	fx->hw_ret[HW_ENABLE] = 0;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), -ENODEV);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_ENABLE], 1U);
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), -ENODEV);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 0U);
}

/* close with a program running: disabled, released, late status ignored */
static void fsm_test_close_while_pending(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb irb;

	fx_start_io(test, fx);
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_CLOSE), 0);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_STANDBY);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_DISABLE], 1U);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_FALSE(test, p->cp.initialized);

	irb_final(&irb, fx->started.cmd.cpa + 8);
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_ignored, 1UL);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_STANDBY);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);
}

/* close when the subchannel cannot be disabled: not operational */
static void fsm_test_close_disable_fails(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;

	fx_start_io(test, fx);
	fx->hw_ret[HW_DISABLE] = -EIO;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_CLOSE), -EIO);
	KUNIT_EXPECT_EQ(test, fx->private.state, VFIO_CCW_STATE_NOT_OPER);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
}

/* the subchannel disappears under a running program */
static void fsm_test_notoper_while_pending(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;

	fx_start_io(test, fx);
	fx->hw_ret[HW_DISABLE] = -ENODEV;	/* best effort only */
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_NOT_OPER), 0);
	KUNIT_EXPECT_EQ(test, fx->private.state, VFIO_CCW_STATE_NOT_OPER);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_DISABLE], 1U);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	/* the driver's shutdown path: CLOSE, then NOT_OPER again */
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_CLOSE), 0);
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_NOT_OPER), 0);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_DISABLE], 1U);
}

/* requests the FSM refuses before building anything */
static void fsm_test_bad_requests(struct kunit *test)
{
	static const struct {
		u32 fctl;
		bool tm;
		int ret;
	} cases[] = {
		{ SCSW_FCTL_START_FUNC, true, -EOPNOTSUPP },	/* transport mode */
		{ SCSW_FCTL_HALT_FUNC, false, -EOPNOTSUPP },
		{ SCSW_FCTL_CLEAR_FUNC, false, -EOPNOTSUPP },
		{ SCSW_FCTL_START_FUNC | SCSW_FCTL_HALT_FUNC, false, -EOPNOTSUPP },
		{ SCSW_FCTL_START_FUNC | SCSW_FCTL_CLEAR_FUNC, false, -EOPNOTSUPP },
		{ 0, false, -EINVAL },				/* no function */
	};
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	int i;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fx_write_request(fx, cases[i].fctl, cases[i].tm);
		KUNIT_EXPECT_EQ_MSG(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ),
				    cases[i].ret, "case %d", i);
		KUNIT_EXPECT_EQ(test, (int)p->io_region->ret_code, cases[i].ret);
		KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
		KUNIT_EXPECT_FALSE(test, p->cp.initialized);
	}
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 0U);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_HALT], 0U);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_CLEAR], 0U);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, p->fsm.io_errors, (unsigned long)ARRAY_SIZE(cases));

	/* the device still works afterwards */
	fx_write_request(fx, SCSW_FCTL_START_FUNC, false);
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
}

/* a program the channel-program code rejects: released, back to IDLE */
static void fsm_test_cp_init_fails(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct ccw_io_region *region = fx->private.io_region;
	union orb orb;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	memcpy(&orb, region->orb_area, sizeof(region->orb_area));
	orb.cmd.cpa = GUEST_BASE + GUEST_PAGES * PAGE_SIZE;	/* unmapped */
	memcpy(region->orb_area, &orb, sizeof(region->orb_area));
	KUNIT_EXPECT_LT(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	KUNIT_EXPECT_EQ(test, fx->private.state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 0U);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);
}

struct fsm_async_case {
	int state;
	u32 command;
	int hw_ret;		/* condition code the op returns */
	int ret;
	u8 calls[NR_HW];
};

static const struct fsm_async_case fsm_async_cases[] = {
	{ S(NOT_OPER), VFIO_CCW_ASYNC_CMD_HSCH, 0, -ENODEV, NONE },
	{ S(NOT_OPER), VFIO_CCW_ASYNC_CMD_CSCH, 0, -ENODEV, NONE },
	{ S(STANDBY), VFIO_CCW_ASYNC_CMD_HSCH, 0, -EIO, NONE },
	{ S(STANDBY), VFIO_CCW_ASYNC_CMD_CSCH, 0, -EIO, NONE },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_HSCH, 0, 0, HALT },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_CSCH, 0, 0, { [HW_CLEAR] = 1 } },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_HSCH, 1, -EBUSY, HALT },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_HSCH, 2, -EBUSY, HALT },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_HSCH, 3, -ENODEV, HALT },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_CSCH, 3, -ENODEV, { [HW_CLEAR] = 1 } },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_CSCH, -EIO, -EIO, { [HW_CLEAR] = 1 } },
	{ S(IDLE), 0, 0, -EINVAL, NONE },
	{ S(IDLE), VFIO_CCW_ASYNC_CMD_HSCH | VFIO_CCW_ASYNC_CMD_CSCH, 0, -EINVAL, NONE },
	{ S(CP_PROCESSING), VFIO_CCW_ASYNC_CMD_HSCH, 0, -EAGAIN, NONE },
	{ S(CP_PROCESSING), VFIO_CCW_ASYNC_CMD_CSCH, 0, -EAGAIN, NONE },
	{ S(CP_PENDING), VFIO_CCW_ASYNC_CMD_HSCH, 0, 0, HALT },
	{ S(CP_PENDING), VFIO_CCW_ASYNC_CMD_CSCH, 0, 0, { [HW_CLEAR] = 1 } },
	{ S(CP_PENDING), VFIO_CCW_ASYNC_CMD_CSCH, 3, -ENODEV, { [HW_CLEAR] = 1 } },
	{ S(CP_PENDING), 0x80, 0, -EINVAL, NONE },
};

static void fsm_async_desc(const struct fsm_async_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s cmd 0x%x op returns %d",
		 vfio_ccw_state_name(c->state), c->command, c->hw_ret);
}

KUNIT_ARRAY_PARAM(fsm_async, fsm_async_cases, fsm_async_desc);

/* halt and clear through the async region, in every state */
static void fsm_test_async(struct kunit *test)
{
	const struct fsm_async_case *c = test->param_value;
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	int i;

	p->state = c->state;
	p->cmd_region->command = c->command;
	fx->hw_ret[HW_HALT] = c->hw_ret;
	fx->hw_ret[HW_CLEAR] = c->hw_ret;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_ASYNC_REQ), c->ret);
	KUNIT_EXPECT_EQ(test, (int)p->cmd_region->ret_code, c->ret);
	KUNIT_EXPECT_EQ(test, p->state, c->state);
	for (i = 0; i < NR_HW; i++)
		KUNIT_EXPECT_EQ_MSG(test, fx->hw_calls[i], (unsigned int)c->calls[i],
				    "hardware op %d", i);
	KUNIT_EXPECT_EQ(test, p->fsm.async_requests, 1UL);
	KUNIT_EXPECT_EQ(test, p->fsm.async_errors, c->ret ? 1UL : 0UL);
}

/* clear of a running program: its final status ends it */
static void fsm_test_clear_ends_program(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb irb;

	fx_start_io(test, fx);
	p->cmd_region->command = VFIO_CCW_ASYNC_CMD_CSCH;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_ASYNC_REQ), 0);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_CP_PENDING);

	memset(&irb, 0, sizeof(irb));
	irb.scsw.cmd.fctl = SCSW_FCTL_CLEAR_FUNC;
	irb.scsw.cmd.stctl = SCSW_STCTL_STATUS_PEND;
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
}

/* ---- the interrupt ring ---- */

/* two interrupts before io_work runs: both are processed, in order */
static void fsm_test_two_irqs_one_work(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb first, second;

	fx_start_io(test, fx);
	irb_final(&first, fx->started.cmd.cpa + 8);
	irb_unsolicited(&second);

	mutex_lock(&p->io_mutex);	/* io_work cannot run */
	local_irq_disable();
	vfio_ccw_fsm_irq(p, &first);
	vfio_ccw_fsm_irq(p, &second);
	local_irq_enable();
	mutex_unlock(&p->io_mutex);
	flush_work(&p->io_work);

	/* the final status was not lost: the program ended */
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, p->fsm.interrupts, 2UL);
	/* the region shows the latest status */
	KUNIT_EXPECT_EQ(test, memcmp(p->io_region->irb_area, &second,
				     sizeof(second)), 0);
}

/* more interrupts than the ring holds: the newest are kept, the loss counted */
static void fsm_test_irq_overflow(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb irb;
	int i;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	irb_unsolicited(&irb);
	mutex_lock(&p->io_mutex);
	local_irq_disable();
	for (i = 0; i < VFIO_CCW_IRB_RING + 2; i++)
		vfio_ccw_fsm_irq(p, &irb);
	local_irq_enable();
	mutex_unlock(&p->io_mutex);
	flush_work(&p->io_work);
	KUNIT_EXPECT_EQ(test, p->fsm.interrupts, VFIO_CCW_IRB_RING + 2UL);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_overflow, 2UL);
	KUNIT_EXPECT_EQ(test, p->fsm.irb_head, p->fsm.irb_tail);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_seq, (u64)VFIO_CCW_IRB_RING + 2);

	/* the ring is usable again */
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->fsm.interrupts, VFIO_CCW_IRB_RING + 3UL);
	KUNIT_EXPECT_EQ(test, p->fsm.irq_overflow, 2UL);
}

/* status recorded before a close is not delivered after the next open */
static void fsm_test_open_discards_stale(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb irb;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	irb_unsolicited(&irb);
	mutex_lock(&p->io_mutex);
	local_irq_disable();
	vfio_ccw_fsm_irq(p, &irb);
	local_irq_enable();
	/* the driver's reset: close and open under one io_mutex section */
	KUNIT_EXPECT_EQ(test, vfio_ccw_fsm_event(p, VFIO_CCW_EVENT_CLOSE), 0);
	KUNIT_EXPECT_EQ(test, vfio_ccw_fsm_event(p, VFIO_CCW_EVENT_OPEN), 0);
	mutex_unlock(&p->io_mutex);
	flush_work(&p->io_work);
	KUNIT_EXPECT_EQ(test, p->io_region->irb_area[3], 0);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
}

/* Clear status: the clear function ended, nothing else pending. */
static void irb_clear(struct irb *irb)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.fctl = SCSW_FCTL_CLEAR_FUNC;
	irb->scsw.cmd.stctl = SCSW_STCTL_STATUS_PEND;
}

/*
 * A clear issued in IDLE ends after the next request has begun: its
 * status, recorded before START SUBCHANNEL, belongs to the clear and
 * must not end the new program (whose pages the channel still uses).
 * Two ways in: the status arrives during the translation, or it was
 * recorded before the request took io_mutex and io_work had not run.
 */
static void fsm_test_stale_status_before_start(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb clear, irb;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	p->cmd_region->command = VFIO_CCW_ASYNC_CMD_CSCH;
	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_ASYNC_REQ), 0);
	irb_clear(&clear);

	fx->pre_irq = &clear;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	fx->pre_irq = NULL;
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_EXPECT_TRUE(test, p->cp.initialized);
	KUNIT_EXPECT_GT(test, pinned_pages(fx), 0);
	/* the clear's status still reached the user */
	KUNIT_EXPECT_EQ(test, memcmp(p->io_region->irb_area, &clear,
				     sizeof(clear)), 0);
	irb_final(&irb, fx->started.cmd.cpa + 8);
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);

	/*
	 * Recorded before the request (io_work waits behind io_mutex), and
	 * naming a CCW of our copy, which the next program reuses: its
	 * address is not the new program's and must not be translated.
	 */
	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_ASYNC_REQ), 0);
	scsw_set_cpa(&clear.scsw, fx->started.cmd.cpa + 8);
	mutex_lock(&p->io_mutex);
	local_irq_disable();
	vfio_ccw_fsm_irq(p, &clear);
	local_irq_enable();
	KUNIT_EXPECT_EQ(test, vfio_ccw_fsm_event(p, VFIO_CCW_EVENT_IO_REQ), 0);
	mutex_unlock(&p->io_mutex);
	flush_work(&p->io_work);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_EXPECT_GT(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, scsw_cpa((union scsw *)p->io_region->irb_area), 0U);
	irb_final(&irb, fx->started.cmd.cpa + 8);
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);
}

/*
 * A program with many intermediate interrupts (PCI flags) fills the
 * ring before io_work runs: its final status must still end it.
 */
static void fsm_test_irq_overflow_keeps_final(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb irb, final;
	union scsw delivered;
	int i;

	fx_start_io(test, fx);
	irb_intermediate(&irb, fx->started.cmd.cpa + 8);
	irb_final(&final, fx->started.cmd.cpa + 8);
	mutex_lock(&p->io_mutex);
	local_irq_disable();
	for (i = 0; i < VFIO_CCW_IRB_RING + 3; i++)
		vfio_ccw_fsm_irq(p, &irb);
	vfio_ccw_fsm_irq(p, &final);
	/* what comes after the final status does not push it out */
	vfio_ccw_fsm_irq(p, &irb);
	local_irq_enable();
	mutex_unlock(&p->io_mutex);
	flush_work(&p->io_work);

	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);
	KUNIT_EXPECT_EQ(test, fx->bad_unpins, 0U);
	KUNIT_EXPECT_GT(test, p->fsm.irq_overflow, 0UL);
	/* the region shows the final status, with the guest's address */
	memcpy(&delivered, p->io_region->irb_area, sizeof(delivered));
	KUNIT_EXPECT_EQ(test, (u32)delivered.cmd.actl, 0U);
	KUNIT_EXPECT_EQ(test, scsw_cpa(&delivered), (u32)(GUEST_CCW + 8));
}

/*
 * Suspension: the guest's ORB may not ask for it (the channel would stop
 * inside our copy of the program and wait for RESUME SUBCHANNEL), and a
 * suspended status does not end a program.
 */
static void fsm_test_suspend(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct ccw_io_region *region = p->io_region;
	union orb orb;
	struct irb irb;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	memcpy(&orb, region->orb_area, sizeof(region->orb_area));
	orb.cmd.spnd = 1;
	memcpy(region->orb_area, &orb, sizeof(region->orb_area));
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, (int)region->ret_code, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, fx->hw_calls[HW_START], 0U);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, pinned_pages(fx), 0);

	fx_write_request(fx, SCSW_FCTL_START_FUNC, false);
	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	irb_intermediate(&irb, fx->started.cmd.cpa + 8);
	irb.scsw.cmd.actl = SCSW_ACTL_SUSPENDED;
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_EXPECT_GT(test, pinned_pages(fx), 0);
}

/*
 * A channel-data check reports, in a format-0 ESW, the failing storage
 * and the secondary CCW by host address: neither reaches the user.
 */
static void fsm_test_esw_scrubbed(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct irb irb, *seen;

	fx_start_io(test, fx);
	irb_final(&irb, fx->started.cmd.cpa + 8);
	irb.scsw.cmd.eswf = 1;
	irb.scsw.cmd.cstat = 0x08;		/* channel-data check */
	irb.esw.esw0.erw.fsavf = 1;
	irb.esw.esw0.erw.fsaf = 1;
	irb.esw.esw0.erw.scavf = 1;
	irb.esw.esw0.faddr[0] = 0x1234;
	irb.esw.esw0.faddr[1] = 0x56789000;
	irb.esw.esw0.saddr = fx->started.cmd.cpa;
	fx_irq(fx, &irb);

	seen = (struct irb *)p->io_region->irb_area;
	KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, (u32)seen->scsw.cmd.cstat, 0x08U);
	KUNIT_EXPECT_EQ(test, seen->esw.esw0.faddr[0], 0U);
	KUNIT_EXPECT_EQ(test, seen->esw.esw0.faddr[1], 0U);
	KUNIT_EXPECT_EQ(test, seen->esw.esw0.saddr, 0U);
	KUNIT_EXPECT_EQ(test, (u32)seen->esw.esw0.erw.fsavf, 0U);
	KUNIT_EXPECT_EQ(test, (u32)seen->esw.esw0.erw.fsaf, 0U);
	KUNIT_EXPECT_EQ(test, (u32)seen->esw.esw0.erw.scavf, 0U);
	KUNIT_EXPECT_EQ(test, scsw_cpa(&seen->scsw), (u32)(GUEST_CCW + 8));
}

/* Nothing left in @fx's ring (a lockless look, never its io_mutex). */
static bool fx_ring_empty(struct fsm_fixture *fx)
{
	struct vfio_ccw_fsm_data *d = &fx->private.fsm;

	return READ_ONCE(d->irb_head) == READ_ONCE(d->irb_tail);
}

/*
 * An ORB that does not allow prefetching: the request is served (the
 * program is read in whole anyway), counted, and the hardware gets the
 * guest's bit unchanged.
 */
static void fsm_test_no_prefetch(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct vfio_ccw_private *p = &fx->private;
	struct ccw_io_region *region = p->io_region;
	union orb orb;
	struct irb irb;
	int i;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	for (i = 1; i <= 2; i++) {
		memcpy(&orb, region->orb_area, sizeof(region->orb_area));
		orb.cmd.pfch = 0;
		memcpy(region->orb_area, &orb, sizeof(region->orb_area));
		KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
		KUNIT_EXPECT_EQ(test, (u32)fx->started.cmd.pfch, 0U);
		KUNIT_EXPECT_EQ(test, p->fsm.io_no_pfch, (unsigned long)i);
		KUNIT_EXPECT_TRUE(test, p->fsm.pfch_warned);
		irb_final(&irb, fx->started.cmd.cpa + 8);
		fx_irq(fx, &irb);
		KUNIT_EXPECT_EQ(test, p->state, VFIO_CCW_STATE_IDLE);
	}
	/* with prefetching allowed nothing is counted */
	fx_write_request(fx, SCSW_FCTL_START_FUNC, false);
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	KUNIT_EXPECT_EQ(test, (u32)fx->started.cmd.pfch, 1U);
	KUNIT_EXPECT_EQ(test, p->fsm.io_no_pfch, 2UL);
}

/*
 * One device whose io_work cannot get its io_mutex (a request stuck on
 * guest memory that faults slowly) delays no other device's interrupts.
 * (Only a's io_mutex is taken here: both belong to one lockdep class.)
 */
static void fsm_test_io_work_independent(struct kunit *test)
{
	struct fsm_fixture *a = test->priv, *b;
	unsigned long flags;
	bool drained = false;
	struct irb irb;
	int i;

	b = fx_create(test);
	KUNIT_ASSERT_EQ(test, fx_event(a, VFIO_CCW_EVENT_OPEN), 0);
	KUNIT_ASSERT_EQ(test, fx_event(b, VFIO_CCW_EVENT_OPEN), 0);
	irb_unsolicited(&irb);

	mutex_lock(&a->private.io_mutex);
	local_irq_save(flags);
	vfio_ccw_fsm_irq(&a->private, &irb);
	local_irq_restore(flags);
	msleep(50);		/* a's io_work is running and waits */
	local_irq_save(flags);
	vfio_ccw_fsm_irq(&b->private, &irb);
	local_irq_restore(flags);
	for (i = 0; i < 100 && !drained; i++) {
		usleep_range(10000, 20000);
		drained = fx_ring_empty(b);
	}
	mutex_unlock(&a->private.io_mutex);
	flush_work(&a->private.io_work);
	flush_work(&b->private.io_work);
	KUNIT_EXPECT_TRUE_MSG(test, drained,
			      "device b waited for device a's io_work");
	KUNIT_EXPECT_EQ(test, memcmp(b->private.io_region->irb_area, &irb,
				     sizeof(irb)), 0);
	fx_destroy(b);
}

/* ---- debugfs and tracepoints ---- */

static void fsm_test_debugfs_show(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct seq_file m;
	char *buf;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(&m, 0, sizeof(m));
	m.buf = buf;
	m.size = PAGE_SIZE;
	m.private = &fx->private;

	KUNIT_ASSERT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	KUNIT_EXPECT_EQ(test, vfio_ccw_state_show(&m, NULL), 0);
	KUNIT_EXPECT_STREQ(test, buf, "IDLE\n");

	fx->private.state = VFIO_CCW_STATE_CP_PENDING;
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), -EBUSY);
	memset(buf, 0, PAGE_SIZE);
	m.count = 0;
	KUNIT_EXPECT_EQ(test, vfio_ccw_stats_show(&m, NULL), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "io_requests 1\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "io_errors 1\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "io_no_pfch 0\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "irq_inline 0\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "irq_overflow 0\n"));

	/* the files exist under vfio_ccw/<schid>/ */
	vfio_ccw_debugfs_init();
	vfio_ccw_debugfs_add(&fx->private);
	if (IS_ERR_OR_NULL(fx->private.debugfs)) {
		vfio_ccw_debugfs_exit();
		kunit_skip(test, "no debugfs");
	}
	KUNIT_EXPECT_STREQ(test, fx->private.debugfs->d_name.name, "0.1.4711");
	vfio_ccw_debugfs_remove(&fx->private);
	KUNIT_EXPECT_NULL(test, fx->private.debugfs);
	vfio_ccw_debugfs_exit();
}

static void fsm_probe_transition(void *data, struct subchannel_id schid,
				 int from, int to)
{
	struct fsm_fixture *fx = data;

	if (schid.sch_no != fx->private.schid.sch_no)
		return;
	fx->transitions++;
	fx->last_from = from;
	fx->last_to = to;
}

/* every state change passes the transition tracepoint */
static void fsm_test_tracepoint(struct kunit *test)
{
	struct fsm_fixture *fx = test->priv;
	struct irb irb;
	int ret;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "kernel without tracepoints");
	ret = register_trace_vfio_ccw_fsm_transition(fsm_probe_transition, fx);
	KUNIT_ASSERT_EQ(test, ret, 0);

	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_OPEN), 0);
	KUNIT_EXPECT_EQ(test, fx->transitions, 1U);
	KUNIT_EXPECT_EQ(test, fx->last_from, VFIO_CCW_STATE_STANDBY);
	KUNIT_EXPECT_EQ(test, fx->last_to, VFIO_CCW_STATE_IDLE);

	/* IDLE -> CP_PROCESSING -> CP_PENDING */
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), 0);
	KUNIT_EXPECT_EQ(test, fx->transitions, 3U);
	KUNIT_EXPECT_EQ(test, fx->last_to, VFIO_CCW_STATE_CP_PENDING);

	/* refused: no change, no transition */
	KUNIT_EXPECT_EQ(test, fx_event(fx, VFIO_CCW_EVENT_IO_REQ), -EBUSY);
	KUNIT_EXPECT_EQ(test, fx->transitions, 3U);

	irb_final(&irb, fx->started.cmd.cpa + 8);
	fx_irq(fx, &irb);
	KUNIT_EXPECT_EQ(test, fx->transitions, 4U);
	KUNIT_EXPECT_EQ(test, fx->last_from, VFIO_CCW_STATE_CP_PENDING);
	KUNIT_EXPECT_EQ(test, fx->last_to, VFIO_CCW_STATE_IDLE);

	unregister_trace_vfio_ccw_fsm_transition(fsm_probe_transition, fx);
	tracepoint_synchronize_unregister();
}

static struct kunit_case vfio_ccw_fsm_test_cases[] = {
	KUNIT_CASE(fsm_test_table_complete),
	KUNIT_CASE_PARAM(fsm_test_cell, fsm_cell_gen_params),
	KUNIT_CASE(fsm_test_io_round_trip),
	KUNIT_CASE(fsm_test_irq_during_start),
	KUNIT_CASE(fsm_test_io_while_pending),
	KUNIT_CASE_PARAM(fsm_test_start_fails, fsm_start_gen_params),
	KUNIT_CASE(fsm_test_enable_fails),
	KUNIT_CASE(fsm_test_close_while_pending),
	KUNIT_CASE(fsm_test_close_disable_fails),
	KUNIT_CASE(fsm_test_notoper_while_pending),
	KUNIT_CASE(fsm_test_bad_requests),
	KUNIT_CASE(fsm_test_cp_init_fails),
	KUNIT_CASE_PARAM(fsm_test_async, fsm_async_gen_params),
	KUNIT_CASE(fsm_test_clear_ends_program),
	KUNIT_CASE(fsm_test_two_irqs_one_work),
	KUNIT_CASE(fsm_test_irq_overflow),
	KUNIT_CASE(fsm_test_open_discards_stale),
	KUNIT_CASE(fsm_test_stale_status_before_start),
	KUNIT_CASE(fsm_test_irq_overflow_keeps_final),
	KUNIT_CASE(fsm_test_suspend),
	KUNIT_CASE(fsm_test_no_prefetch),
	KUNIT_CASE(fsm_test_esw_scrubbed),
	KUNIT_CASE(fsm_test_io_work_independent),
	KUNIT_CASE(fsm_test_debugfs_show),
	KUNIT_CASE(fsm_test_tracepoint),
	{}
};

/* The driver's own workqueue, as its module init makes it. */
static int fsm_suite_init(struct kunit_suite *suite)
{
	return vfio_ccw_fsm_init();
}

static void fsm_suite_exit(struct kunit_suite *suite)
{
	vfio_ccw_fsm_exit();
}

static struct kunit_suite vfio_ccw_fsm_test_suite = {
	.name = "vfio_ccw_fsm",
	.suite_init = fsm_suite_init,
	.suite_exit = fsm_suite_exit,
	.init = fsm_test_init,
	.exit = fsm_test_exit,
	.test_cases = vfio_ccw_fsm_test_cases,
};

kunit_test_suite(vfio_ccw_fsm_test_suite);

MODULE_DESCRIPTION("KUnit tests for the vfio_ccw state machine");
MODULE_LICENSE("GPL");
