// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the device state machine.
 *
 * One table, vfio_ccw_fsm[state][event], says what each event does in
 * each state; every cell is spelled out.  The actions reach the hardware
 * only through private->hw, so tests can drive the whole machine with
 * fake operations.  vfio_ccw_fsm_event() traces every event, stores the
 * result of I/O and async requests in their regions and keeps the
 * counters shown in debugfs; fsm_set_state() traces every state change.
 */

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <asm/barrier.h>
#include <asm/cio.h>		/* before asm/scsw.h, which needs it first */
#include <asm/scsw.h>
#include <compat/dma32.h>

#include "vfio_ccw_private.h"
#include "vfio_ccw_trace.h"

/* One rate-limited line naming the subchannel of the device. */
#define fsm_warn(private, fmt, ...)					\
	do {								\
		const struct subchannel_id *__id = &(private)->schid;	\
									\
		pr_warn_ratelimited("vfio_ccw %x.%x.%04x: " fmt,	\
				    __id->cssid, __id->ssid,		\
				    __id->sch_no, ##__VA_ARGS__);	\
	} while (0)

struct workqueue_struct *vfio_ccw_work_q;

static_assert(sizeof(union scsw) == SCSW_AREA_SIZE);
static_assert(sizeof(struct irb) <= IRB_AREA_SIZE);
static_assert(sizeof(union orb) >= ORB_AREA_SIZE);
static_assert(!(VFIO_CCW_IRB_RING & (VFIO_CCW_IRB_RING - 1)));

/**
 * struct fsm_call - what an action is told about the event it handles
 * @event: the event
 * @err: the errno the table cell gives (refusals), else 0
 * @irb: the interruption response block (INTERRUPT only), else NULL
 */
struct fsm_call {
	enum vfio_ccw_event event;
	int err;
	const struct irb *irb;
};

/**
 * struct vfio_ccw_fsm_cell - one cell of the table
 * @action: what the event does; returns 0 or a negative errno
 * @err: the errno a refusing action answers with
 */
struct vfio_ccw_fsm_cell {
	int (*action)(struct vfio_ccw_private *private,
		      const struct fsm_call *call);
	int err;
};

static const char * const vfio_ccw_state_names[NR_VFIO_CCW_STATES] = {
	[VFIO_CCW_STATE_NOT_OPER] = "NOT_OPER",
	[VFIO_CCW_STATE_STANDBY] = "STANDBY",
	[VFIO_CCW_STATE_IDLE] = "IDLE",
	[VFIO_CCW_STATE_CP_PROCESSING] = "CP_PROCESSING",
	[VFIO_CCW_STATE_CP_PENDING] = "CP_PENDING",
};

static const char * const vfio_ccw_event_names[NR_VFIO_CCW_EVENTS] = {
	[VFIO_CCW_EVENT_NOT_OPER] = "NOT_OPER",
	[VFIO_CCW_EVENT_IO_REQ] = "IO_REQ",
	[VFIO_CCW_EVENT_INTERRUPT] = "INTERRUPT",
	[VFIO_CCW_EVENT_ASYNC_REQ] = "ASYNC_REQ",
	[VFIO_CCW_EVENT_OPEN] = "OPEN",
	[VFIO_CCW_EVENT_CLOSE] = "CLOSE",
	[VFIO_CCW_EVENT_RESET] = "RESET",
};

const char *vfio_ccw_state_name(int state)
{
	if (state < 0 || state >= NR_VFIO_CCW_STATES)
		return "unknown";
	return vfio_ccw_state_names[state];
}

const char *vfio_ccw_event_name(int event)
{
	if (event < 0 || event >= NR_VFIO_CCW_EVENTS)
		return "unknown";
	return vfio_ccw_event_names[event];
}

/* Writers hold io_mutex; the interrupt path reads the state locklessly. */
static void fsm_set_state(struct vfio_ccw_private *private, int state)
{
	int old = private->state;

	if (old == state)
		return;
	trace_vfio_ccw_fsm_transition(private->schid, old, state);
	WRITE_ONCE(private->state, state);
}

/* Condition code of SSCH/HSCH/CSCH (or a negative errno) to an errno. */
static int fsm_cc_to_errno(int cc)
{
	switch (cc) {
	case 0:
		return 0;
	case 1:		/* status pending */
	case 2:		/* busy */
		return -EBUSY;
	case 3:		/* not operational */
		return -ENODEV;
	default:
		return cc < 0 ? cc : -EIO;
	}
}

/*
 * Status that ends the function it reports on: solicited, with neither
 * the device nor the subchannel active any more, and not suspended (a
 * suspended program goes on at RESUME SUBCHANNEL; requests never ask for
 * suspension, this is for hardware that reports it anyway).
 */
static bool fsm_irb_final(const struct irb *irb)
{
	union scsw scsw = irb->scsw;	/* the kernel's helpers are not const */

	return scsw_is_solicited(&scsw) &&
	       !(scsw_actl(&scsw) & (SCSW_ACTL_DEVACT | SCSW_ACTL_SCHACT |
				     SCSW_ACTL_SUSPENDED));
}

/*
 * The interrupt ring.  Producer: vfio_ccw_fsm_irq() under the sch lock.
 * Consumer: whoever holds io_mutex.  Returns false if an interrupt was
 * lost: this one, or the newest recorded one it replaced.
 */
static bool fsm_irb_put(struct vfio_ccw_private *private,
			const struct irb *irb)
{
	struct vfio_ccw_fsm_data *d = &private->fsm;
	struct vfio_ccw_fsm_irb *e;
	unsigned long flags;
	bool kept = true;

	spin_lock_irqsave(&d->ring_lock, flags);
	if (d->irb_tail - d->irb_head < VFIO_CCW_IRB_RING) {
		e = &d->irbs[d->irb_tail++ & (VFIO_CCW_IRB_RING - 1)];
	} else {
		e = &d->irbs[(d->irb_tail - 1) & (VFIO_CCW_IRB_RING - 1)];
		kept = false;
		if (fsm_irb_final(&e->irb) && !fsm_irb_final(irb))
			e = NULL;
	}
	if (e) {
		memcpy(&e->irb, irb, sizeof(*irb));
		e->seq = d->irq_seq;
	}
	d->irq_seq++;
	spin_unlock_irqrestore(&d->ring_lock, flags);
	return kept;
}

static bool fsm_irb_take(struct vfio_ccw_private *private, struct irb *irb,
			 u64 *seq)
{
	struct vfio_ccw_fsm_data *d = &private->fsm;
	struct vfio_ccw_fsm_irb *e;
	bool found = false;

	spin_lock_irq(&d->ring_lock);
	if (d->irb_head != d->irb_tail) {
		e = &d->irbs[d->irb_head++ & (VFIO_CCW_IRB_RING - 1)];
		memcpy(irb, &e->irb, sizeof(*irb));
		*seq = e->seq;
		found = true;
	}
	spin_unlock_irq(&d->ring_lock);
	return found;
}

/* Consumer side: forget interrupts recorded before the device opened. */
static void fsm_irb_discard(struct vfio_ccw_private *private)
{
	struct vfio_ccw_fsm_data *d = &private->fsm;

	spin_lock_irq(&d->ring_lock);
	d->irb_head = d->irb_tail;
	spin_unlock_irq(&d->ring_lock);
}

void vfio_ccw_fsm_start_mark(struct vfio_ccw_private *private)
{
	struct vfio_ccw_fsm_data *d = &private->fsm;
	unsigned long flags;

	spin_lock_irqsave(&d->ring_lock, flags);
	d->start_seq = d->irq_seq;
	d->start_marked = true;
	spin_unlock_irqrestore(&d->ring_lock, flags);
}

/* Recorded after the running program's START SUBCHANNEL was issued. */
static bool fsm_irb_since_start(struct vfio_ccw_private *private, u64 seq)
{
	return seq >= private->fsm.start_seq;
}

/*
 * One recorded interrupt, io_mutex held.  Solicited status carries a
 * channel-program address that is translated back to the guest's; final
 * status of the running channel program ends it.  Status for a halt or
 * clear issued in IDLE, or unsolicited status, leaves the state alone,
 * as does status recorded before the running program was started (a
 * clear issued in IDLE that completed while the next request was being
 * translated): START SUBCHANNEL would not have succeeded with that
 * status pending, so it cannot be the program's.
 */
/*
 * A format-0 extended status word names storage by host address: the
 * failing storage address (a pinned page, our IDAL arena) and the
 * secondary CCW address (a CCW of our copy).  Userspace gets neither,
 * and the flags that say they are valid are cleared.
 */
static void fsm_scrub_esw(struct irb *irb)
{
	struct esw0 *esw = &irb->esw.esw0;

	if (!irb->scsw.cmd.eswf)
		return;
	memset(esw->faddr, 0, sizeof(esw->faddr));
	esw->saddr = 0;
	esw->erw.fsavf = 0;
	esw->erw.fsaf = 0;
	esw->erw.scavf = 0;
}

static void fsm_deliver(struct vfio_ccw_private *private, struct irb *irb,
			u64 seq)
{
	/*
	 * The cpa is a host address: userspace gets the guest's address of
	 * the running program's CCW, or 0 (unsolicited status, status from
	 * before the start, no program).
	 */
	if (scsw_is_solicited(&irb->scsw) && fsm_irb_since_start(private, seq))
		cp_update_scsw(&private->cp, &irb->scsw);
	else
		compat_scsw_cmd_set_cpa(&irb->scsw, 0);
	fsm_scrub_esw(irb);

	if (scsw_is_solicited(&irb->scsw)) {
		if (fsm_irb_final(irb) &&
		    private->state == VFIO_CCW_STATE_CP_PENDING &&
		    fsm_irb_since_start(private, seq)) {
			cp_free(&private->cp);
			fsm_set_state(private, VFIO_CCW_STATE_IDLE);
		}
	}
	memcpy(private->io_region->irb_area, irb, sizeof(*irb));
}

/*
 * Hand the recorded interrupts to userspace, io_mutex held.  The config
 * region holds one irb, so when several wait, each updates the state in
 * order and the last one is what userspace reads; one signal covers them.
 * The eventfd is signalled with io_mutex held so that a trigger replaced
 * under io_mutex is never used after its release.  Returns the number of
 * interrupts delivered.
 */
static unsigned int fsm_drain(struct vfio_ccw_private *private)
{
	unsigned int n = 0;
	u64 seq;

	lockdep_assert_held(&private->io_mutex);
	while (fsm_irb_take(private, &private->irb, &seq)) {
		fsm_deliver(private, &private->irb, seq);
		n++;
	}
	if (n)
		vfio_ccw_signal(private, &private->io_trigger);
	return n;
}

/*
 * The IO_REQ's START SUBCHANNEL has returned: from now on the interrupt
 * path queues io_work again, and what arrived meanwhile is delivered
 * here.  The full barrier pairs with the one in fsm_irq(): either the
 * interrupt path sees @starting clear and queues io_work, or this sees
 * its entry in the ring (or both; io_work then finds the ring empty).
 */
static void fsm_start_done(struct vfio_ccw_private *private)
{
	WRITE_ONCE(private->fsm.starting, false);
	/* clear @starting before looking at the ring; pairs with fsm_irq() */
	smp_mb();
	private->fsm.irq_inline += fsm_drain(private);
}

/* Actions.  All but fsm_irq() and fsm_irq_ignore() run under io_mutex. */

static int fsm_nop(struct vfio_ccw_private *private,
		   const struct fsm_call *call)
{
	return 0;
}

/* The event is not valid in this state: answer with the cell's errno. */
static int fsm_refuse(struct vfio_ccw_private *private,
		      const struct fsm_call *call)
{
	return call->err;
}

/* Closed or gone: nothing may be left pinned. */
static int fsm_free_cp(struct vfio_ccw_private *private,
		       const struct fsm_call *call)
{
	cp_free(&private->cp);
	return 0;
}

/*
 * A reset of a device whose subchannel is gone: nothing may stay pinned
 * (a DMA unmap waits for that), and there is nothing to open again.
 */
static int fsm_free_cp_gone(struct vfio_ccw_private *private,
			    const struct fsm_call *call)
{
	cp_free(&private->cp);
	return -ENODEV;
}

/* The subchannel is gone while the device is closed (not enabled). */
static int fsm_notoper_closed(struct vfio_ccw_private *private,
			      const struct fsm_call *call)
{
	cp_free(&private->cp);
	fsm_set_state(private, VFIO_CCW_STATE_NOT_OPER);
	return 0;
}

/*
 * The subchannel is gone while the device is open: disable it if that is
 * still possible, drop the channel program.
 */
static void fsm_go_notoper(struct vfio_ccw_private *private)
{
	private->hw->disable(private);
	cp_free(&private->cp);
	fsm_set_state(private, VFIO_CCW_STATE_NOT_OPER);
}

static int fsm_notoper(struct vfio_ccw_private *private,
		       const struct fsm_call *call)
{
	fsm_go_notoper(private);
	return 0;
}

static int fsm_open(struct vfio_ccw_private *private,
		    const struct fsm_call *call)
{
	int ret;

	ret = private->hw->enable(private);
	if (ret) {
		fsm_warn(private, "cannot enable the subchannel (%d), not operational\n",
			 ret);
		fsm_set_state(private, VFIO_CCW_STATE_NOT_OPER);
		return ret;
	}
	fsm_irb_discard(private);
	fsm_set_state(private, VFIO_CCW_STATE_IDLE);
	return 0;
}

static int fsm_close(struct vfio_ccw_private *private,
		     const struct fsm_call *call)
{
	int ret;

	ret = private->hw->disable(private);
	cp_free(&private->cp);
	if (ret) {
		fsm_warn(private, "cannot disable the subchannel (%d), not operational\n",
			 ret);
		fsm_set_state(private, VFIO_CCW_STATE_NOT_OPER);
		return ret;
	}
	fsm_set_state(private, VFIO_CCW_STATE_STANDBY);
	return 0;
}

/*
 * VFIO_DEVICE_RESET, or a DMA unmap of pinned pages: close and open
 * again, under the one io_mutex section of the event.
 */
static int fsm_reset(struct vfio_ccw_private *private,
		     const struct fsm_call *call)
{
	int ret;

	ret = fsm_close(private, call);
	if (ret)
		return ret;
	return fsm_open(private, call);
}

/*
 * START SUBCHANNEL on behalf of the user: translate the channel program
 * described by the ORB in the config region and start it.  Success leaves
 * the device in CP_PENDING until the final interrupt; every failure
 * releases the channel program and returns to IDLE (or NOT_OPER when the
 * device is gone).
 */
static int fsm_io_request(struct vfio_ccw_private *private,
			  const struct fsm_call *call)
{
	struct ccw_io_region *region = private->io_region;
	union orb *start_orb;
	union orb orb;
	u32 fctl;
	int ret;

	fsm_set_state(private, VFIO_CCW_STATE_CP_PROCESSING);
	memcpy(&private->scsw, region->scsw_area, sizeof(private->scsw));
	fctl = private->scsw.cmd.fctl;

	if (fctl & (SCSW_FCTL_HALT_FUNC | SCSW_FCTL_CLEAR_FUNC)) {
		fsm_warn(private, "halt/clear requested through the I/O region (fctl 0x%x); use the async region\n",
			 fctl);
		ret = -EOPNOTSUPP;
		goto out_idle;
	}
	if (!(fctl & SCSW_FCTL_START_FUNC)) {
		fsm_warn(private, "I/O request without a start function (fctl 0x%x)\n",
			 fctl);
		ret = -EINVAL;
		goto out_idle;
	}

	memset(&orb, 0, sizeof(orb));
	memcpy(&orb, region->orb_area, sizeof(region->orb_area));
	if (orb.tm.b) {
		fsm_warn(private, "transport-mode ORB is not supported\n");
		ret = -EOPNOTSUPP;
		goto out_idle;
	}
	/*
	 * A suspended program stays in our copy until RESUME SUBCHANNEL,
	 * which the regions do not offer.  Without the ORB's suspend
	 * control a CCW's suspend flag is a program check, a final status.
	 */
	if (orb.cmd.spnd) {
		fsm_warn(private, "suspend control in the ORB is not supported\n");
		ret = -EOPNOTSUPP;
		goto out_idle;
	}

	/*
	 * The program is read in whole before it starts, whatever the ORB
	 * says; a guest that relies on the channel fetching CCWs one by one
	 * (and changes them while the program runs) will not see its
	 * changes.  The hardware gets the guest's prefetch bit as it is.
	 */
	if (!orb.cmd.pfch) {
		private->fsm.io_no_pfch++;
		if (!private->fsm.pfch_warned) {
			private->fsm.pfch_warned = true;
			fsm_warn(private, "the ORB does not allow prefetching; the channel program is read in whole before it starts\n");
		}
	}

	ret = cp_init(&private->cp, &orb);
	if (ret)
		goto out_free;
	ret = cp_prefetch(&private->cp);
	if (ret)
		goto out_free;

	/* hw->start fills in the interruption parameter and path mask. */
	start_orb = cp_get_orb(&private->cp, 0, 0);
	if (!start_orb) {
		ret = -EIO;
		goto out_free;
	}
	WRITE_ONCE(private->fsm.starting, true);
	private->fsm.start_marked = false;
	/* @starting before SSCH; pairs with fsm_irq(), see fsm_start_done() */
	smp_mb();
	ret = private->hw->start(private, start_orb);
	/* a start op that forgot the mark: stale status could end this */
	WARN_ON_ONCE(ret == 0 && !private->fsm.start_marked);
	if (ret == 0) {
		fsm_set_state(private, VFIO_CCW_STATE_CP_PENDING);
	} else if (ret == 3) {
		fsm_warn(private, "start subchannel: not operational\n");
		fsm_go_notoper(private);
		ret = -ENODEV;
	} else {
		ret = fsm_cc_to_errno(ret);
		cp_free(&private->cp);
		fsm_set_state(private, VFIO_CCW_STATE_IDLE);
	}
	fsm_start_done(private);
	return ret;

out_free:
	cp_free(&private->cp);
out_idle:
	fsm_set_state(private, VFIO_CCW_STATE_IDLE);
	return ret;
}

/* HALT or CLEAR SUBCHANNEL on behalf of the user; the state is kept. */
static int fsm_async_request(struct vfio_ccw_private *private,
			     const struct fsm_call *call)
{
	u32 command = private->cmd_region->command;

	switch (command) {
	case VFIO_CCW_ASYNC_CMD_HSCH:
		return fsm_cc_to_errno(private->hw->halt(private));
	case VFIO_CCW_ASYNC_CMD_CSCH:
		return fsm_cc_to_errno(private->hw->clear(private));
	default:
		fsm_warn(private, "unknown async command 0x%x\n", command);
		return -EINVAL;
	}
}

/*
 * Interrupt context: keep the irb for io_work, or for the IO_REQ whose
 * START SUBCHANNEL is still running (fsm_start_done()).
 */
static int fsm_irq(struct vfio_ccw_private *private,
		   const struct fsm_call *call)
{
	private->fsm.interrupts++;
	if (!fsm_irb_put(private, call->irb)) {
		private->fsm.irq_overflow++;
		fsm_warn(private, "%d interrupts not yet delivered, one is lost\n",
			 VFIO_CCW_IRB_RING);
	}
	/* pairs with the barrier in fsm_start_done() */
	smp_mb();
	if (!READ_ONCE(private->fsm.starting))
		queue_work(vfio_ccw_work_q, &private->io_work);
	return 0;
}

/*
 * Interrupt context, device closed or gone: nobody to deliver to.  The
 * hardware ops may not run here; a subchannel that interrupts while
 * closed is disabled by the close or the next open.
 */
static int fsm_irq_ignore(struct vfio_ccw_private *private,
			  const struct fsm_call *call)
{
	private->fsm.irq_ignored++;
	return 0;
}

/*
 * The table.  Rows are states, columns events, in enum order; a cell is
 * { action, errno for fsm_refuse }.
 */
static const struct vfio_ccw_fsm_cell
vfio_ccw_fsm[NR_VFIO_CCW_STATES][NR_VFIO_CCW_EVENTS] = {
	/*
	 * NOT_OPER: the subchannel is gone.  Requests and opens fail with
	 * -ENODEV (userspace reports "not operational"); a close only
	 * makes sure nothing stays pinned.
	 */
	[VFIO_CCW_STATE_NOT_OPER] = {
		[VFIO_CCW_EVENT_NOT_OPER]	= { fsm_nop, 0 },
		[VFIO_CCW_EVENT_IO_REQ]		= { fsm_refuse, -ENODEV },
		[VFIO_CCW_EVENT_INTERRUPT]	= { fsm_irq_ignore, 0 },
		[VFIO_CCW_EVENT_ASYNC_REQ]	= { fsm_refuse, -ENODEV },
		[VFIO_CCW_EVENT_OPEN]		= { fsm_refuse, -ENODEV },
		[VFIO_CCW_EVENT_CLOSE]		= { fsm_free_cp, 0 },
		[VFIO_CCW_EVENT_RESET]		= { fsm_free_cp_gone, 0 },
	},
	/*
	 * STANDBY: created, not open, subchannel disabled.  Requests
	 * cannot legitimately arrive (-EIO); OPEN enables the subchannel.
	 * A RESET finds it here only when the close came first (a DMA
	 * unmap racing with it): there is nothing to reset.
	 */
	[VFIO_CCW_STATE_STANDBY] = {
		[VFIO_CCW_EVENT_NOT_OPER]	= { fsm_notoper_closed, 0 },
		[VFIO_CCW_EVENT_IO_REQ]		= { fsm_refuse, -EIO },
		[VFIO_CCW_EVENT_INTERRUPT]	= { fsm_irq_ignore, 0 },
		[VFIO_CCW_EVENT_ASYNC_REQ]	= { fsm_refuse, -EIO },
		[VFIO_CCW_EVENT_OPEN]		= { fsm_open, 0 },
		[VFIO_CCW_EVENT_CLOSE]		= { fsm_nop, 0 },
		[VFIO_CCW_EVENT_RESET]		= { fsm_nop, 0 },
	},
	/*
	 * IDLE: open, no channel program running.  Interrupts here are
	 * unsolicited or end a halt/clear; they are delivered as well.
	 */
	[VFIO_CCW_STATE_IDLE] = {
		[VFIO_CCW_EVENT_NOT_OPER]	= { fsm_notoper, 0 },
		[VFIO_CCW_EVENT_IO_REQ]		= { fsm_io_request, 0 },
		[VFIO_CCW_EVENT_INTERRUPT]	= { fsm_irq, 0 },
		[VFIO_CCW_EVENT_ASYNC_REQ]	= { fsm_async_request, 0 },
		[VFIO_CCW_EVENT_OPEN]		= { fsm_refuse, -EBUSY },
		[VFIO_CCW_EVENT_CLOSE]		= { fsm_close, 0 },
		[VFIO_CCW_EVENT_RESET]		= { fsm_reset, 0 },
	},
	/*
	 * CP_PROCESSING: a request is being translated.  The io_mutex
	 * normally hides this state; whoever sees it retries.
	 */
	[VFIO_CCW_STATE_CP_PROCESSING] = {
		[VFIO_CCW_EVENT_NOT_OPER]	= { fsm_notoper, 0 },
		[VFIO_CCW_EVENT_IO_REQ]		= { fsm_refuse, -EAGAIN },
		[VFIO_CCW_EVENT_INTERRUPT]	= { fsm_irq, 0 },
		[VFIO_CCW_EVENT_ASYNC_REQ]	= { fsm_refuse, -EAGAIN },
		[VFIO_CCW_EVENT_OPEN]		= { fsm_refuse, -EBUSY },
		[VFIO_CCW_EVENT_CLOSE]		= { fsm_close, 0 },
		[VFIO_CCW_EVENT_RESET]		= { fsm_reset, 0 },
	},
	/*
	 * CP_PENDING: a channel program runs until its final interrupt
	 * (io_work returns to IDLE).  Another start is busy; halt and
	 * clear are what this state is for.
	 */
	[VFIO_CCW_STATE_CP_PENDING] = {
		[VFIO_CCW_EVENT_NOT_OPER]	= { fsm_notoper, 0 },
		[VFIO_CCW_EVENT_IO_REQ]		= { fsm_refuse, -EBUSY },
		[VFIO_CCW_EVENT_INTERRUPT]	= { fsm_irq, 0 },
		[VFIO_CCW_EVENT_ASYNC_REQ]	= { fsm_async_request, 0 },
		[VFIO_CCW_EVENT_OPEN]		= { fsm_refuse, -EBUSY },
		[VFIO_CCW_EVENT_CLOSE]		= { fsm_close, 0 },
		[VFIO_CCW_EVENT_RESET]		= { fsm_reset, 0 },
	},
};

/* Results of requests go to their regions, the counters and the trace. */
static void fsm_account(struct vfio_ccw_private *private,
			enum vfio_ccw_event event, int ret)
{
	struct vfio_ccw_fsm_data *d = &private->fsm;
	union scsw scsw;
	union orb orb;

	switch (event) {
	case VFIO_CCW_EVENT_IO_REQ:
		private->io_region->ret_code = ret;
		d->io_requests++;
		if (ret)
			d->io_errors++;
		if (trace_vfio_ccw_fsm_io_request_enabled()) {
			memset(&orb, 0, sizeof(orb));
			memcpy(&orb, private->io_region->orb_area,
			       sizeof(private->io_region->orb_area));
			memcpy(&scsw, private->io_region->scsw_area,
			       sizeof(scsw));
			trace_vfio_ccw_fsm_io_request(private->schid,
						      scsw.cmd.fctl, &orb, ret);
		}
		break;
	case VFIO_CCW_EVENT_ASYNC_REQ:
		private->cmd_region->ret_code = ret;
		d->async_requests++;
		if (ret)
			d->async_errors++;
		trace_vfio_ccw_fsm_async_request(private->schid,
						 private->cmd_region->command,
						 ret);
		break;
	default:
		break;
	}
}

int vfio_ccw_fsm_event(struct vfio_ccw_private *private,
		       enum vfio_ccw_event event)
{
	const struct vfio_ccw_fsm_cell *cell;
	int state = private->state;
	struct fsm_call call;
	int ret;

	lockdep_assert_held(&private->io_mutex);
	if (WARN_ON_ONCE(state < 0 || state >= NR_VFIO_CCW_STATES ||
			 event < 0 || event >= NR_VFIO_CCW_EVENTS ||
			 event == VFIO_CCW_EVENT_INTERRUPT))
		return -EINVAL;

	trace_vfio_ccw_fsm_event(private->schid, state, event);
	cell = &vfio_ccw_fsm[state][event];
	call.event = event;
	call.err = cell->err;
	call.irb = NULL;
	ret = cell->action(private, &call);
	fsm_account(private, event, ret);
	return ret;
}

void vfio_ccw_fsm_irq(struct vfio_ccw_private *private, const struct irb *irb)
{
	const struct vfio_ccw_fsm_cell *cell;
	int state = READ_ONCE(private->state);
	struct fsm_call call;

	if (WARN_ON_ONCE(state < 0 || state >= NR_VFIO_CCW_STATES))
		return;
	trace_vfio_ccw_fsm_event(private->schid, state,
				 VFIO_CCW_EVENT_INTERRUPT);
	cell = &vfio_ccw_fsm[state][VFIO_CCW_EVENT_INTERRUPT];
	call.event = VFIO_CCW_EVENT_INTERRUPT;
	call.err = cell->err;
	call.irb = irb;
	cell->action(private, &call);
}

/* The io_work function: what the interrupt path recorded, delivered. */
void vfio_ccw_io_todo(struct work_struct *work)
{
	struct vfio_ccw_private *private =
		container_of(work, struct vfio_ccw_private, io_work);

	mutex_lock(&private->io_mutex);
	fsm_drain(private);
	mutex_unlock(&private->io_mutex);
}

void vfio_ccw_fsm_setup(struct vfio_ccw_private *private)
{
	private->state = VFIO_CCW_STATE_STANDBY;
	spin_lock_init(&private->fsm.ring_lock);
	mutex_init(&private->trigger_lock);
	INIT_WORK(&private->io_work, vfio_ccw_io_todo);
}

/*
 * Devices share the workqueue but never wait for each other: an io_work
 * waits for its device's io_mutex, which a request may hold for long
 * (guest memory that faults slowly), so the workqueue runs as many items
 * at once as it has (max_active 0 is the default limit, not one).
 */
int vfio_ccw_fsm_init(void)
{
	vfio_ccw_work_q = alloc_workqueue("vfio-ccw", WQ_UNBOUND, 0);
	return vfio_ccw_work_q ? 0 : -ENOMEM;
}

void vfio_ccw_fsm_exit(void)
{
	destroy_workqueue(vfio_ccw_work_q);
	vfio_ccw_work_q = NULL;
}
