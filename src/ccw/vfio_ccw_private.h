/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ccw: objects shared by the parts of the driver.
 *
 * Ownership, as the design fixes it:
 * - struct vfio_ccw_parent belongs to the css side.  It exists while the
 *   driver is bound to a subchannel and owns only the mdev parent and type
 *   registration, plus the pointer to the registered device (if any).
 * - struct vfio_ccw_private belongs to the mdev.  It is the vfio_device
 *   container, allocated at mdev probe and freed by the vfio core with the
 *   last reference (vfio_ccw_release).
 * - The css side reaches a private only with a registration reference
 *   taken under the subchannel lock (vfio_ccw_get_private(), and the
 *   interrupt handler).  The mdev publishes the pointer under that lock
 *   before it registers the vfio device and retracts it after it has
 *   unregistered it, so an interrupt or event reaches only a registered
 *   device, and every device that can be open is published.
 *
 * Locking:
 * - sch lock (spinlock, irqs off): publishing parent->private, the
 *   interrupt handler, the hardware ops.
 * - private->io_mutex: every FSM event except INTERRUPT, region reads and
 *   writes that look at FSM state, and the io work.
 * - private->crw_lock: the list of pending channel reports.
 * - private->trigger_lock: the eventfd triggers.  They are read,
 *   signalled, replaced and dropped only under it (vfio_ccw_signal(),
 *   vfio_ccw_set_trigger()), so a trigger is never used after SET_IRQS or
 *   the close has released it.  Held only for those few instructions,
 *   never across user memory or the hardware: the request callback of an
 *   unbind must not wait for a request stuck on a page fault.  Nests
 *   inside io_mutex.
 */
#ifndef VFIO_CCW_PRIVATE_H
#define VFIO_CCW_PRIVATE_H

#include <linux/eventfd.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>
#include <linux/workqueue.h>
#include <asm/cio.h>
#include <asm/crw.h>
#include <asm/schid.h>
#include <asm/scsw.h>
#include <compat/eventfd.h>
#include <compat/mdev.h>

#include "cio.h"
#include "orb.h"
#include "vfio_ccw_cp.h"

struct vfio_ccw_private;
struct vfio_ccw_region;

/* Device-specific regions follow the config region (index 0). */
#define VFIO_CCW_OFFSET_SHIFT	10
#define VFIO_CCW_OFFSET_TO_INDEX(off)	((off) >> VFIO_CCW_OFFSET_SHIFT)
#define VFIO_CCW_INDEX_TO_OFFSET(index)	((u64)(index) << VFIO_CCW_OFFSET_SHIFT)
#define VFIO_CCW_OFFSET_MASK	((1ULL << VFIO_CCW_OFFSET_SHIFT) - 1)

struct vfio_ccw_regops {
	ssize_t (*read)(struct vfio_ccw_private *private, char __user *buf,
			size_t count, loff_t *ppos);
	ssize_t (*write)(struct vfio_ccw_private *private,
			 const char __user *buf, size_t count, loff_t *ppos);
	void (*release)(struct vfio_ccw_private *private,
			struct vfio_ccw_region *region);
};

struct vfio_ccw_region {
	u32 type;
	u32 subtype;
	const struct vfio_ccw_regops *ops;
	void *data;
	size_t size;
	u32 flags;
};

enum vfio_ccw_state {
	VFIO_CCW_STATE_NOT_OPER,
	VFIO_CCW_STATE_STANDBY,
	VFIO_CCW_STATE_IDLE,
	VFIO_CCW_STATE_CP_PROCESSING,
	VFIO_CCW_STATE_CP_PENDING,
	NR_VFIO_CCW_STATES
};

enum vfio_ccw_event {
	VFIO_CCW_EVENT_NOT_OPER,
	VFIO_CCW_EVENT_IO_REQ,
	VFIO_CCW_EVENT_INTERRUPT,
	VFIO_CCW_EVENT_ASYNC_REQ,
	VFIO_CCW_EVENT_OPEN,
	VFIO_CCW_EVENT_CLOSE,
	VFIO_CCW_EVENT_RESET,
	NR_VFIO_CCW_EVENTS
};

/*
 * What the FSM asks of the hardware.  The driver's implementation works
 * on the subchannel (taking its lock); KUnit tests plug in fakes.
 * start/halt/clear return the condition code of SSCH/HSCH/CSCH (0..3) or
 * a negative errno; enable/disable return 0 or a negative errno.
 */
struct vfio_ccw_hw_ops {
	int (*enable)(struct vfio_ccw_private *private);
	int (*disable)(struct vfio_ccw_private *private);
	int (*start)(struct vfio_ccw_private *private, union orb *orb);
	int (*halt)(struct vfio_ccw_private *private);
	int (*clear)(struct vfio_ccw_private *private);
};

struct vfio_ccw_crw {
	struct list_head next;
	struct crw crw;
};

/* The FSM's API and its per-device data (struct vfio_ccw_fsm_data). */
#include "vfio_ccw_fsm.h"

/**
 * struct vfio_ccw_parent - the css side of one bound subchannel
 * @sch: the subchannel
 * @private: the registered device, or NULL; written under the sch lock
 * @irq_seq: interrupts seen, counted under the sch lock
 * @irq_wait: woken at every interrupt (quiesce waits here)
 * @parent: mdev parent registration
 * @mdev_type: the one type ("io")
 * @type_list: the list of types handed to the mdev core (one entry)
 */
struct vfio_ccw_parent {
	struct subchannel *sch;
	struct vfio_ccw_private *private;
	unsigned int irq_seq;
	wait_queue_head_t irq_wait;
	struct mdev_parent parent;
	struct mdev_type mdev_type;
	struct mdev_type *type_list;
};

/**
 * struct vfio_ccw_private - one mediated device (the vfio_device container)
 * @vdev: the vfio device; must stay the first member
 * @parent: the css side; valid until the mdev is removed
 * @schid: copy of the subchannel id, for logs and traces
 * @hw: hardware operations used by the FSM
 * @state: FSM state (enum vfio_ccw_state); written under io_mutex, read
 *         with READ_ONCE from the interrupt path
 * @io_mutex: serializes FSM events and region accesses
 * @io_region: the config region (SSCH requests and results)
 * @cmd_region: the async region (HSCH/CSCH)
 * @schib_region: the schib region
 * @crw_region: the crw region
 * @region: device-specific regions (async, schib, crw)
 * @num_regions: entries in @region
 * @cp: the channel program being processed
 * @irb: the irb being delivered, taken from the ring (io_mutex held)
 * @scsw: the last scsw reported to userspace
 * @crw_lock: protects @crw
 * @crw: pending channel reports
 * @trigger_lock: protects the three triggers
 * @io_trigger: eventfd of VFIO_CCW_IO_IRQ_INDEX
 * @crw_trigger: eventfd of VFIO_CCW_CRW_IRQ_INDEX
 * @req_trigger: eventfd of VFIO_CCW_REQ_IRQ_INDEX
 * @io_work: delivers recorded interrupts to userspace, but for those
 *           the IO_REQ that started the program delivers itself
 *           (vfio_ccw_fsm.h)
 * @crw_work: delivers channel reports to userspace
 * @debugfs: the device's debugfs directory
 * @fsm: interrupt ring and counters of the FSM (vfio_ccw_fsm.h)
 */
struct vfio_ccw_private {
	struct vfio_device vdev;
	struct vfio_ccw_parent *parent;
	struct subchannel_id schid;
	const struct vfio_ccw_hw_ops *hw;
	int state;
	struct mutex io_mutex;		/* FSM events, regions */

	struct ccw_io_region *io_region;
	struct ccw_cmd_region *cmd_region;
	struct ccw_schib_region *schib_region;
	struct ccw_crw_region *crw_region;
	struct vfio_ccw_region *region;
	int num_regions;

	struct channel_program cp;
	struct irb irb;
	union scsw scsw;

	spinlock_t crw_lock;		/* the crw list */
	struct list_head crw;

	struct mutex trigger_lock;	/* the triggers */
	struct eventfd_ctx *io_trigger;
	struct eventfd_ctx *crw_trigger;
	struct eventfd_ctx *req_trigger;
	struct work_struct io_work;
	struct work_struct crw_work;

	struct dentry *debugfs;
	struct vfio_ccw_fsm_data fsm;
};

/* vfio_ccw_fsm.c: the workqueue of io_work and crw_work */
extern struct workqueue_struct *vfio_ccw_work_q;

/**
 * vfio_ccw_signal() - signal one of the device's eventfd triggers
 * @private: the device
 * @slot: &private->io_trigger, crw_trigger or req_trigger
 *
 * Takes trigger_lock, which keeps the trigger from being replaced and
 * released meanwhile; callable with io_mutex held.
 *
 * Return: true if a trigger was set and signalled.
 */
static inline bool vfio_ccw_signal(struct vfio_ccw_private *private,
				   struct eventfd_ctx **slot)
{
	bool set;

	mutex_lock(&private->trigger_lock);
	set = *slot;
	if (set)
		compat_eventfd_signal(*slot);
	mutex_unlock(&private->trigger_lock);
	return set;
}

/* vfio_ccw_drv.c */
struct vfio_ccw_private *vfio_ccw_get_private(struct subchannel *sch);
void vfio_ccw_put_private(struct vfio_ccw_private *private);
extern const struct vfio_ccw_hw_ops vfio_ccw_sch_hw_ops;

/* vfio_ccw_ops.c */
extern struct mdev_driver vfio_ccw_mdev_driver;
int vfio_ccw_regions_init(void);
void vfio_ccw_regions_exit(void);
void vfio_ccw_set_trigger(struct vfio_ccw_private *private,
			  struct eventfd_ctx **slot, struct eventfd_ctx *ctx);
bool vfio_ccw_access_ok(struct vfio_ccw_private *private, loff_t pos,
			size_t count, size_t size);
int vfio_ccw_register_dev_region(struct vfio_ccw_private *private,
				 unsigned int subtype,
				 const struct vfio_ccw_regops *ops,
				 size_t size, u32 flags, void *data);
void vfio_ccw_unregister_dev_regions(struct vfio_ccw_private *private);
ssize_t vfio_ccw_region_read(struct vfio_ccw_private *private,
			     const void *region, size_t size,
			     char __user *buf, size_t count, loff_t *ppos);
ssize_t vfio_ccw_region_request(struct vfio_ccw_private *private,
				void *region, size_t size,
				enum vfio_ccw_event event,
				const char __user *buf, size_t count,
				loff_t *ppos);

/* vfio_ccw_async.c, vfio_ccw_chp.c */
int vfio_ccw_register_async_dev_regions(struct vfio_ccw_private *private);
int vfio_ccw_register_schib_dev_regions(struct vfio_ccw_private *private);
int vfio_ccw_register_crw_dev_regions(struct vfio_ccw_private *private);
void vfio_ccw_queue_crw(struct vfio_ccw_private *private, unsigned int erc,
			unsigned int rsc, unsigned int rsid);
void vfio_ccw_crw_todo(struct work_struct *work);

#endif /* VFIO_CCW_PRIVATE_H */
