// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the schib and crw regions, and the channel reports behind the
 * crw region.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <compat/eventfd.h>

#include "vfio_ccw_private.h"

static ssize_t vfio_ccw_schib_read(struct vfio_ccw_private *private,
				   char __user *buf, size_t count,
				   loff_t *ppos)
{
	struct subchannel *sch = private->parent->sch;
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	struct ccw_schib_region *region = private->schib_region;
	u8 bounce[sizeof(*region)];
	struct schib schib;
	unsigned long flags;
	int gone;

	if (!vfio_ccw_access_ok(private, pos, count, sizeof(*region)))
		return -EINVAL;

	mutex_lock(&private->io_mutex);
	spin_lock_irqsave(vfio_ccw_sch_lock(sch), flags);
	gone = cio_update_schib(sch);
	schib = sch->schib;
	spin_unlock_irqrestore(vfio_ccw_sch_lock(sch), flags);
	if (!gone) {
		/*
		 * Host addresses stay in the host: the interruption parameter
		 * (the subchannel's address), the measurement block, and a
		 * channel-program address not of the running program.
		 */
		schib.pmcw.intparm = 0;
		schib.mba = 0;
		cp_update_scsw(&private->cp, &schib.scsw);
		memcpy(region->schib_area, &schib, sizeof(region->schib_area));
	}
	memcpy(bounce, (void *)region + pos, count);
	mutex_unlock(&private->io_mutex);

	if (gone)
		return -ENODEV;
	/* outside io_mutex: see vfio_ccw_region_read() */
	return copy_to_user(buf, bounce, count) ? -EFAULT : count;
}

static ssize_t vfio_ccw_ro_write(struct vfio_ccw_private *private,
				 const char __user *buf, size_t count,
				 loff_t *ppos)
{
	return -EINVAL;
}

static const struct vfio_ccw_regops vfio_ccw_schib_region_ops = {
	.read = vfio_ccw_schib_read,
	.write = vfio_ccw_ro_write,
};

int vfio_ccw_register_schib_dev_regions(struct vfio_ccw_private *private)
{
	return vfio_ccw_register_dev_region(private,
					    VFIO_REGION_SUBTYPE_CCW_SCHIB,
					    &vfio_ccw_schib_region_ops,
					    sizeof(struct ccw_schib_region),
					    VFIO_REGION_INFO_FLAG_READ,
					    private->schib_region);
}

/*
 * Each read of the crw region returns the oldest pending report (or zero
 * when none is pending) and removes it; the crw trigger fires again while
 * reports remain.
 */
static ssize_t vfio_ccw_crw_read(struct vfio_ccw_private *private,
				 char __user *buf, size_t count,
				 loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	struct ccw_crw_region *region = private->crw_region;
	u8 bounce[sizeof(*region)];
	struct vfio_ccw_crw *crw;
	unsigned long flags;
	ssize_t ret = count;
	bool more;

	if (!vfio_ccw_access_ok(private, pos, count, sizeof(*region)))
		return -EINVAL;

	mutex_lock(&private->io_mutex);
	spin_lock_irqsave(&private->crw_lock, flags);
	crw = list_first_entry_or_null(&private->crw, struct vfio_ccw_crw,
				       next);
	if (crw)
		list_del(&crw->next);
	more = !list_empty(&private->crw);
	spin_unlock_irqrestore(&private->crw_lock, flags);

	memset(region, 0, sizeof(*region));
	if (crw)
		memcpy(&region->crw, &crw->crw, sizeof(region->crw));
	memcpy(bounce, (void *)region + pos, count);
	mutex_unlock(&private->io_mutex);

	/* outside io_mutex: see vfio_ccw_region_read() */
	if (copy_to_user(buf, bounce, count))
		ret = -EFAULT;
	kfree(crw);
	if (more)
		queue_work(vfio_ccw_work_q, &private->crw_work);
	return ret;
}

static const struct vfio_ccw_regops vfio_ccw_crw_region_ops = {
	.read = vfio_ccw_crw_read,
	.write = vfio_ccw_ro_write,
};

int vfio_ccw_register_crw_dev_regions(struct vfio_ccw_private *private)
{
	return vfio_ccw_register_dev_region(private,
					    VFIO_REGION_SUBTYPE_CCW_CRW,
					    &vfio_ccw_crw_region_ops,
					    sizeof(struct ccw_crw_region),
					    VFIO_REGION_INFO_FLAG_READ,
					    private->crw_region);
}

/* At most this many reports wait for userspace; older ones are dropped. */
#define VFIO_CCW_CRW_MAX	64

/* Called with the subchannel lock held (atomic). */
void vfio_ccw_queue_crw(struct vfio_ccw_private *private, unsigned int rsc,
			unsigned int erc, unsigned int rsid)
{
	struct vfio_ccw_crw *crw, *old = NULL;
	unsigned long flags;
	unsigned int n = 0;

	/*
	 * Without memory the report is lost; the guest learns the path
	 * state from its next STORE SUBCHANNEL.
	 */
	crw = kzalloc(sizeof(*crw), GFP_ATOMIC);
	if (!crw)
		return;
	crw->crw.rsc = rsc;
	crw->crw.erc = erc;
	crw->crw.rsid = rsid;

	spin_lock_irqsave(&private->crw_lock, flags);
	list_for_each_entry(old, &private->crw, next)
		n++;
	old = NULL;
	if (n >= VFIO_CCW_CRW_MAX) {
		old = list_first_entry(&private->crw, struct vfio_ccw_crw, next);
		list_del(&old->next);
	}
	list_add_tail(&crw->next, &private->crw);
	spin_unlock_irqrestore(&private->crw_lock, flags);
	kfree(old);
	queue_work(vfio_ccw_work_q, &private->crw_work);
}

void vfio_ccw_crw_todo(struct work_struct *work)
{
	struct vfio_ccw_private *private =
		container_of(work, struct vfio_ccw_private, crw_work);
	bool pending;

	spin_lock_irq(&private->crw_lock);
	pending = !list_empty(&private->crw);
	spin_unlock_irq(&private->crw_lock);

	if (pending)
		vfio_ccw_signal(private, &private->crw_trigger);
}
