/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ccw: the device state machine, its interrupt hand-off and its
 * debugfs view.
 *
 * The machine is one table (vfio_ccw_fsm.c) indexed by state and event.
 * Every event except INTERRUPT runs in process context with
 * private->io_mutex held; INTERRUPT runs from the subchannel's interrupt
 * handler (sch lock held, interrupts off), records the irb in a small
 * ring and leaves the rest to private->io_work, except while an IO_REQ
 * is starting a channel program: interrupts arriving then (a fast device
 * ends the program before START SUBCHANNEL has returned) are delivered by
 * the request itself, without waiting for io_work.
 *
 * Contract with the hardware ops (struct vfio_ccw_hw_ops):
 * - start() receives the ORB built by cp_get_orb(cp, 0, 0): the FSM does
 *   not know the interruption parameter nor the path mask, so start()
 *   fills orb->cmd.intparm and orb->cmd.lpm itself before SSCH.  Holding
 *   the lock that serializes vfio_ccw_fsm_irq() (the sch lock), it calls
 *   vfio_ccw_fsm_start_mark() just before SSCH: status recorded before
 *   that belongs to an earlier function and never ends the program.  It
 *   returns the condition code: 0 (started, state CP_PENDING), 1 or 2
 *   (-EBUSY to the user), 3 (-ENODEV, the device goes NOT_OPER), or a
 *   negative errno passed to the user as is with the device staying
 *   usable (e.g. -EACCES when the requested path is gone but others
 *   remain).
 * - halt() and clear() return the condition code of HSCH / CSCH (1 and 2
 *   become -EBUSY, 3 becomes -ENODEV; the state does not change) or a
 *   negative errno.
 * - enable() and disable() return 0 or a negative errno; disable() may
 *   wait for the subchannel to become idle (quiesce).
 * None of them is called from vfio_ccw_fsm_irq().
 *
 * Included by vfio_ccw_private.h after the state and event enums.
 */
#ifndef VFIO_CCW_FSM_H
#define VFIO_CCW_FSM_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <asm/cio.h>

struct vfio_ccw_private;
struct work_struct;

/* Interrupts that may wait for io_work; a power of two. */
#define VFIO_CCW_IRB_RING	4

/**
 * struct vfio_ccw_fsm_irb - one recorded interrupt
 * @irb: the interruption response block
 * @seq: the interrupt's number (struct vfio_ccw_fsm_data, @irq_seq)
 */
struct vfio_ccw_fsm_irb {
	struct irb irb;
	u64 seq;
};

/**
 * struct vfio_ccw_fsm_data - FSM bookkeeping inside struct vfio_ccw_private
 * @ring_lock: protects @irbs, @irb_tail, @irb_head and @irq_seq
 * @irbs: interrupts recorded by vfio_ccw_fsm_irq(), not yet delivered
 * @irb_tail: entries ever added to @irbs
 * @irb_head: entries ever taken from @irbs
 * @irq_seq: interrupts ever recorded, kept or not; numbers them
 * @start_seq: @irq_seq when the running program's SSCH was issued (64
 *	bits: never wraps, however long an entry waits in the ring)
 * @start_marked: hw->start() called vfio_ccw_fsm_start_mark() (checked)
 * @starting: an IO_REQ is in hw->start(); it delivers what the ring holds
 *	once start() returns, so the interrupt path need not queue io_work
 * @io_requests: IO_REQ events
 * @io_errors: IO_REQ events that ended with a non-zero ret_code
 * @io_no_pfch: IO_REQ events whose ORB did not allow prefetching
 * @pfch_warned: the log has said once what that means
 * @async_requests: ASYNC_REQ events
 * @async_errors: ASYNC_REQ events that ended with a non-zero ret_code
 * @interrupts: interrupts recorded, lost ones included
 * @irq_inline: of those, delivered by the IO_REQ that started them
 * @irq_ignored: interrupts in STANDBY or NOT_OPER, dropped
 * @irq_overflow: interrupts lost because @irbs was full
 *
 * The ring has one producer (the interrupt handler, serialized by the sch
 * lock) and one consumer (whoever holds io_mutex).  When it is full the
 * newest entry gives way to the new interrupt, unless the newest is a
 * final status and the new one is not: the status that ends a channel
 * program is never the one lost.  The counters are written under the sch
 * lock or io_mutex and read locklessly by debugfs.
 */
struct vfio_ccw_fsm_data {
	spinlock_t ring_lock;		/* the ring */
	struct vfio_ccw_fsm_irb irbs[VFIO_CCW_IRB_RING];
	unsigned int irb_tail;
	unsigned int irb_head;
	u64 irq_seq;
	u64 start_seq;
	bool start_marked;
	bool starting;
	unsigned long io_requests;
	unsigned long io_errors;
	unsigned long io_no_pfch;
	bool pfch_warned;
	unsigned long async_requests;
	unsigned long async_errors;
	unsigned long interrupts;
	unsigned long irq_inline;
	unsigned long irq_ignored;
	unsigned long irq_overflow;
};

/*
 * Set up the FSM part of a new device: state STANDBY, the interrupt ring,
 * the lock of the triggers it signals, and io_work.
 */
void vfio_ccw_fsm_setup(struct vfio_ccw_private *private);

/*
 * Run one event (any but VFIO_CCW_EVENT_INTERRUPT) with private->io_mutex
 * held.  IO_REQ and ASYNC_REQ also store the result in io_region->ret_code
 * and cmd_region->ret_code.  Returns 0 or a negative errno.
 */
int vfio_ccw_fsm_event(struct vfio_ccw_private *private,
		       enum vfio_ccw_event event);

/*
 * For hw->start(), with the lock vfio_ccw_fsm_irq() runs under held, just
 * before START SUBCHANNEL: interrupts recorded up to here report on what
 * the subchannel did before, and cannot end the program being started.
 */
void vfio_ccw_fsm_start_mark(struct vfio_ccw_private *private);

/* Interrupt context, sch lock held: record @irb and queue io_work. */
void vfio_ccw_fsm_irq(struct vfio_ccw_private *private, const struct irb *irb);

/*
 * Module init and exit: the workqueue that runs every device's io_work
 * and crw_work (vfio_ccw_work_q).  vfio_ccw_fsm_init() returns 0 or
 * -ENOMEM.
 */
int vfio_ccw_fsm_init(void);
void vfio_ccw_fsm_exit(void);

/* The io_work function: deliver recorded interrupts to userspace. */
void vfio_ccw_io_todo(struct work_struct *work);

const char *vfio_ccw_state_name(int state);
const char *vfio_ccw_event_name(int event);

/* vfio_ccw_debugfs.c: <debugfs>/vfio_ccw/<schid>/{state,stats} */
int vfio_ccw_debugfs_init(void);
void vfio_ccw_debugfs_exit(void);
void vfio_ccw_debugfs_add(struct vfio_ccw_private *private);
void vfio_ccw_debugfs_remove(struct vfio_ccw_private *private);

#endif /* VFIO_CCW_FSM_H */
