// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the asynchronous command region (HALT and CLEAR SUBCHANNEL).
 */
#include <linux/uaccess.h>

#include "vfio_ccw_private.h"

/* User copies go through a stack buffer, outside io_mutex (see ops.c). */
static ssize_t vfio_ccw_async_read(struct vfio_ccw_private *private,
				   char __user *buf, size_t count,
				   loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	u8 bounce[sizeof(struct ccw_cmd_region)];

	if (!vfio_ccw_access_ok(private, pos, count, sizeof(bounce)))
		return -EINVAL;

	mutex_lock(&private->io_mutex);
	memcpy(bounce, (void *)private->cmd_region + pos, count);
	mutex_unlock(&private->io_mutex);
	return copy_to_user(buf, bounce, count) ? -EFAULT : count;
}

static ssize_t vfio_ccw_async_write(struct vfio_ccw_private *private,
				    const char __user *buf, size_t count,
				    loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	u8 bounce[sizeof(struct ccw_cmd_region)];
	ssize_t ret;

	if (!vfio_ccw_access_ok(private, pos, count, sizeof(bounce)))
		return -EINVAL;
	if (copy_from_user(bounce, buf, count))
		return -EFAULT;

	if (!mutex_trylock(&private->io_mutex))
		return -EAGAIN;
	memcpy((void *)private->cmd_region + pos, bounce, count);
	ret = vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_ASYNC_REQ);
	mutex_unlock(&private->io_mutex);
	return ret ? ret : count;
}

static const struct vfio_ccw_regops vfio_ccw_async_region_ops = {
	.read = vfio_ccw_async_read,
	.write = vfio_ccw_async_write,
};

int vfio_ccw_register_async_dev_regions(struct vfio_ccw_private *private)
{
	return vfio_ccw_register_dev_region(private,
					    VFIO_REGION_SUBTYPE_CCW_ASYNC_CMD,
					    &vfio_ccw_async_region_ops,
					    sizeof(struct ccw_cmd_region),
					    VFIO_REGION_INFO_FLAG_READ |
					    VFIO_REGION_INFO_FLAG_WRITE,
					    private->cmd_region);
}
