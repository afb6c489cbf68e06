// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the asynchronous command region (HALT and CLEAR SUBCHANNEL).
 */
#include <linux/uaccess.h>

#include "vfio_ccw_private.h"

static ssize_t vfio_ccw_async_read(struct vfio_ccw_private *private,
				   char __user *buf, size_t count,
				   loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	ssize_t ret = count;

	if (!vfio_ccw_access_ok(private, pos, count,
				sizeof(*private->cmd_region)))
		return -EINVAL;

	mutex_lock(&private->io_mutex);
	if (copy_to_user(buf, (void *)private->cmd_region + pos, count))
		ret = -EFAULT;
	mutex_unlock(&private->io_mutex);
	return ret;
}

static ssize_t vfio_ccw_async_write(struct vfio_ccw_private *private,
				    const char __user *buf, size_t count,
				    loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	ssize_t ret;

	if (!vfio_ccw_access_ok(private, pos, count,
				sizeof(*private->cmd_region)))
		return -EINVAL;

	if (!mutex_trylock(&private->io_mutex))
		return -EAGAIN;

	if (copy_from_user((void *)private->cmd_region + pos, buf, count)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	ret = vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_ASYNC_REQ);
	if (!ret)
		ret = count;
out_unlock:
	mutex_unlock(&private->io_mutex);
	return ret;
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
