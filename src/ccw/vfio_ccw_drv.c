// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the css side.  A css driver for I/O subchannels that, for each
 * bound subchannel, registers one mdev parent with one type ("io").  The
 * mediated device itself lives in vfio_ccw_ops.c.
 *
 * Interrupts, subchannel events and channel-path events find the device
 * through parent->private, which the mdev side publishes and retracts
 * under the subchannel lock.  The interrupt handler runs under that lock,
 * so it needs nothing more; the event handlers sleep, so they take a vfio
 * registration reference first (vfio_ccw_get_private), which makes the
 * unregistration of the device wait until they are done.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <asm/irq.h>
#include <asm/isc.h>
#include <compat/vfio.h>

#include "vfio_ccw_private.h"

/* The subchannel lock (cio.h knows where the kernel keeps it). */
#define sch_lock(sch)	vfio_ccw_sch_lock(sch)

struct vfio_ccw_private *vfio_ccw_get_private(struct subchannel *sch)
{
	struct vfio_ccw_parent *parent;
	struct vfio_ccw_private *private = NULL;
	unsigned long flags;

	spin_lock_irqsave(sch_lock(sch), flags);
	parent = dev_get_drvdata(&sch->dev);
	if (parent && parent->private &&
	    vfio_device_try_get_registration(&parent->private->vdev))
		private = parent->private;
	spin_unlock_irqrestore(sch_lock(sch), flags);
	return private;
}

void vfio_ccw_put_private(struct vfio_ccw_private *private)
{
	vfio_device_put_registration(&private->vdev);
}

/* Hardware operations of the FSM, on the real subchannel. */

static struct subchannel *private_sch(struct vfio_ccw_private *private)
{
	return private->parent->sch;
}

static int vfio_ccw_hw_enable(struct vfio_ccw_private *private)
{
	struct subchannel *sch = private_sch(private);
	int ret;

	spin_lock_irq(sch_lock(sch));
	sch->isc = VFIO_CCW_ISC;
	ret = cio_enable_subchannel(sch, vfio_ccw_intparm(sch));
	spin_unlock_irq(sch_lock(sch));
	return ret;
}

/*
 * Cancel, halt or clear whatever the subchannel still does, wait for the
 * interrupt that ends it, and disable the subchannel.
 */
static int vfio_ccw_sch_quiesce(struct vfio_ccw_parent *parent)
{
	struct subchannel *sch = parent->sch;
	int iretry = 255;
	unsigned int seq;
	int ret;

	do {
		spin_lock_irq(sch_lock(sch));
		seq = parent->irq_seq;
		ret = cio_cancel_halt_clear(sch, &iretry);
		spin_unlock_irq(sch_lock(sch));
		if (ret == -EIO) {
			dev_err(&sch->dev, "vfio_ccw: cannot quiesce the subchannel\n");
			return ret;
		}
		if (ret == -EBUSY)
			wait_event_timeout(parent->irq_wait,
					   READ_ONCE(parent->irq_seq) != seq,
					   3 * HZ);
		spin_lock_irq(sch_lock(sch));
		ret = cio_disable_subchannel(sch);
		spin_unlock_irq(sch_lock(sch));
	} while (ret == -EBUSY);

	return ret;
}

static int vfio_ccw_hw_disable(struct vfio_ccw_private *private)
{
	struct subchannel *sch = private_sch(private);
	int ret;

	spin_lock_irq(sch_lock(sch));
	if (!sch->schib.pmcw.dnv) {
		spin_unlock_irq(sch_lock(sch));
		return -ENODEV;
	}
	if (!sch->schib.pmcw.ena) {
		spin_unlock_irq(sch_lock(sch));
		return 0;
	}
	ret = cio_disable_subchannel(sch);
	spin_unlock_irq(sch_lock(sch));
	if (ret == -EBUSY)
		ret = vfio_ccw_sch_quiesce(private->parent);
	return ret;
}

static int vfio_ccw_hw_start(struct vfio_ccw_private *private, union orb *orb)
{
	struct subchannel *sch = private_sch(private);
	unsigned long flags;
	int cc;

	spin_lock_irqsave(sch_lock(sch), flags);
	orb->cmd.intparm = vfio_ccw_intparm(sch);
	if (!orb->cmd.lpm)
		orb->cmd.lpm = sch->lpm;
	/* status taken from here on is the new program's */
	vfio_ccw_fsm_start_mark(private);
	cc = ssch(sch->schid, orb);
	switch (cc) {
	case 0:
		sch->schib.scsw.cmd.actl |= SCSW_ACTL_START_PEND;
		break;
	case 3:
		/* The paths tried are gone; others may still work. */
		sch->lpm &= ~orb->cmd.lpm;
		if (!cio_update_schib(sch) && sch->lpm)
			cc = -EACCES;
		break;
	}
	spin_unlock_irqrestore(sch_lock(sch), flags);
	return cc;
}

static int vfio_ccw_hw_halt(struct vfio_ccw_private *private)
{
	struct subchannel *sch = private_sch(private);
	unsigned long flags;
	int cc;

	spin_lock_irqsave(sch_lock(sch), flags);
	cc = hsch(sch->schid);
	if (!cc)
		sch->schib.scsw.cmd.actl |= SCSW_ACTL_HALT_PEND;
	spin_unlock_irqrestore(sch_lock(sch), flags);
	return cc;
}

static int vfio_ccw_hw_clear(struct vfio_ccw_private *private)
{
	struct subchannel *sch = private_sch(private);
	unsigned long flags;
	int cc;

	spin_lock_irqsave(sch_lock(sch), flags);
	cc = csch(sch->schid);
	if (!cc)
		sch->schib.scsw.cmd.actl = SCSW_ACTL_CLEAR_PEND;
	spin_unlock_irqrestore(sch_lock(sch), flags);
	return cc;
}

const struct vfio_ccw_hw_ops vfio_ccw_sch_hw_ops = {
	.enable = vfio_ccw_hw_enable,
	.disable = vfio_ccw_hw_disable,
	.start = vfio_ccw_hw_start,
	.halt = vfio_ccw_hw_halt,
	.clear = vfio_ccw_hw_clear,
};

/* css driver callbacks */

static struct css_driver vfio_ccw_sch_driver;

/*
 * Called by the css layer with the subchannel lock held, which keeps
 * parent->private stable; the registration reference keeps the device
 * registered while the FSM records the interrupt.
 */
static void vfio_ccw_sch_irq(struct subchannel *sch)
{
	struct vfio_ccw_parent *parent = dev_get_drvdata(&sch->dev);
	struct vfio_ccw_private *private;

	inc_irq_stat(IRQIO_CIO);
	if (!parent)
		return;
	parent->irq_seq++;
	wake_up_all(&parent->irq_wait);
	private = parent->private;
	if (private) {
		if (vfio_device_try_get_registration(&private->vdev)) {
			vfio_ccw_fsm_irq(private, this_cpu_ptr(&cio_irb));
			vfio_device_put_registration(&private->vdev);
		}
		/*
		 * Else the device is being registered or removed: not open,
		 * so its open or its close decides about the subchannel.
		 */
		return;
	}
	/* No device is open on this subchannel: it should be disabled. */
	dev_warn_ratelimited(&sch->dev,
			     "vfio_ccw: interrupt with no device, disabling the subchannel\n");
	cio_disable_subchannel(sch);
}

static int vfio_ccw_sch_probe(struct subchannel *sch)
{
	struct vfio_ccw_parent *parent;
	int ret;

	ret = vfio_ccw_cio_layout_check(sch, &vfio_ccw_sch_driver);
	if (ret)
		return ret;

	if (sch->schib.pmcw.qf) {
		dev_warn(&sch->dev, "vfio_ccw: QDIO subchannels are not supported\n");
		return -ENODEV;
	}

	parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	if (!parent)
		return -ENOMEM;
	parent->sch = sch;
	init_waitqueue_head(&parent->irq_wait);
	parent->mdev_type.sysfs_name = "io";
	parent->mdev_type.pretty_name = "I/O subchannel (Non-QDIO)";
	parent->type_list = &parent->mdev_type;

	spin_lock_irq(sch_lock(sch));
	dev_set_drvdata(&sch->dev, parent);
	spin_unlock_irq(sch_lock(sch));

	ret = mdev_register_parent(&parent->parent, &sch->dev,
				   &vfio_ccw_mdev_driver, &parent->type_list, 1);
	if (ret) {
		spin_lock_irq(sch_lock(sch));
		dev_set_drvdata(&sch->dev, NULL);
		spin_unlock_irq(sch_lock(sch));
		kfree(parent);
		dev_warn(&sch->dev, "vfio_ccw: cannot register the mdev parent (%d)\n",
			 ret);
		return ret;
	}
	dev_dbg(&sch->dev, "vfio_ccw: bound\n");
	return 0;
}

static void vfio_ccw_sch_remove(struct subchannel *sch)
{
	struct vfio_ccw_parent *parent = dev_get_drvdata(&sch->dev);

	/* Removes the mdev, if any: it unpublishes itself. */
	mdev_unregister_parent(&parent->parent);

	spin_lock_irq(sch_lock(sch));
	dev_set_drvdata(&sch->dev, NULL);
	spin_unlock_irq(sch_lock(sch));
	kfree(parent);
	dev_dbg(&sch->dev, "vfio_ccw: unbound\n");
}

static void vfio_ccw_sch_shutdown(struct subchannel *sch)
{
	struct vfio_ccw_private *private = vfio_ccw_get_private(sch);

	if (!private)
		return;
	mutex_lock(&private->io_mutex);
	vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_CLOSE);
	vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_NOT_OPER);
	mutex_unlock(&private->io_mutex);
	vfio_ccw_put_private(private);
}

static int vfio_ccw_sch_event(struct subchannel *sch, int process)
{
	struct vfio_ccw_private *private;
	unsigned long flags;
	int gone;

	spin_lock_irqsave(sch_lock(sch), flags);
	if (!device_is_registered(&sch->dev)) {
		spin_unlock_irqrestore(sch_lock(sch), flags);
		return -EAGAIN;
	}
	gone = cio_update_schib(sch);
	spin_unlock_irqrestore(sch_lock(sch), flags);
	if (!gone)
		return 0;

	private = vfio_ccw_get_private(sch);
	if (private) {
		mutex_lock(&private->io_mutex);
		vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_NOT_OPER);
		mutex_unlock(&private->io_mutex);
		vfio_ccw_put_private(private);
	}
	dev_info(&sch->dev, "vfio_ccw: subchannel is no longer operational\n");
	css_sched_sch_todo(sch, SCH_TODO_UNREG);
	return 0;
}

static int vfio_ccw_chp_event(struct subchannel *sch, struct chp_link *link,
			      int event)
{
	struct vfio_ccw_private *private;
	int mask = chp_ssd_get_mask(&sch->ssd_info, link);
	unsigned long flags;
	int retry = 255;
	int ret = 0;

	if (!mask)
		return 0;
	private = vfio_ccw_get_private(sch);
	if (!private)
		return 0;

	spin_lock_irqsave(sch_lock(sch), flags);
	if (cio_update_schib(sch)) {
		ret = -ENODEV;
		goto out_unlock;
	}
	switch (event) {
	case CHP_VARY_OFF:
		sch->opm &= ~mask;
		sch->lpm &= ~mask;
		if (sch->schib.pmcw.lpum & mask)
			cio_cancel_halt_clear(sch, &retry);
		break;
	case CHP_OFFLINE:
		if (sch->schib.pmcw.lpum & mask)
			cio_cancel_halt_clear(sch, &retry);
		vfio_ccw_queue_crw(private, CRW_RSC_CPATH, CRW_ERC_PERRN,
				   link->chpid.id);
		break;
	case CHP_VARY_ON:
		sch->opm |= mask;
		sch->lpm |= mask;
		break;
	case CHP_ONLINE:
		sch->lpm |= mask & sch->opm;
		vfio_ccw_queue_crw(private, CRW_RSC_CPATH, CRW_ERC_INIT,
				   link->chpid.id);
		break;
	}
out_unlock:
	spin_unlock_irqrestore(sch_lock(sch), flags);
	vfio_ccw_put_private(private);
	return ret;
}

static struct css_device_id vfio_ccw_sch_ids[] = {
	{ .match_flags = 0x1, .type = SUBCHANNEL_TYPE_IO, },
	{ },
};
MODULE_DEVICE_TABLE(css, vfio_ccw_sch_ids);

static struct css_driver vfio_ccw_sch_driver = {
	.drv = {
		.name = "vfio_ccw",
		.owner = THIS_MODULE,
	},
	.subchannel_type = vfio_ccw_sch_ids,
	.irq = vfio_ccw_sch_irq,
	.probe = vfio_ccw_sch_probe,
	.remove = vfio_ccw_sch_remove,
	.shutdown = vfio_ccw_sch_shutdown,
	.sch_event = vfio_ccw_sch_event,
	.chp_event = vfio_ccw_chp_event,
};

static int __init vfio_ccw_init(void)
{
	int ret;

	ret = vfio_ccw_regions_init();
	if (ret)
		return ret;

	ret = vfio_ccw_fsm_init();
	if (ret)
		goto out_regions;

	vfio_ccw_debugfs_init();

	ret = mdev_register_driver(&vfio_ccw_mdev_driver);
	if (ret)
		goto out_wq;

	isc_register(VFIO_CCW_ISC);
	ret = css_driver_register(&vfio_ccw_sch_driver);
	if (ret)
		goto out_isc;
	return 0;

out_isc:
	isc_unregister(VFIO_CCW_ISC);
	mdev_unregister_driver(&vfio_ccw_mdev_driver);
out_wq:
	vfio_ccw_debugfs_exit();
	vfio_ccw_fsm_exit();
out_regions:
	vfio_ccw_regions_exit();
	return ret;
}

static void __exit vfio_ccw_exit(void)
{
	css_driver_unregister(&vfio_ccw_sch_driver);
	isc_unregister(VFIO_CCW_ISC);
	mdev_unregister_driver(&vfio_ccw_mdev_driver);
	vfio_ccw_debugfs_exit();
	vfio_ccw_fsm_exit();
	vfio_ccw_regions_exit();
}

module_init(vfio_ccw_init);
module_exit(vfio_ccw_exit);

MODULE_DESCRIPTION("VFIO driver for s390 channel-I/O subchannels (vfio-ccw-dkms)");
MODULE_LICENSE("GPL");
MODULE_VERSION(VCD_VERSION);
