// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the asynchronous command region (HALT and CLEAR SUBCHANNEL).
 */
#include "vfio_ccw_private.h"

static ssize_t vfio_ccw_async_read(struct vfio_ccw_private *private,
				   char __user *buf, size_t count,
				   loff_t *ppos)
{
	return vfio_ccw_region_read(private, private->cmd_region,
				    sizeof(*private->cmd_region),
				    buf, count, ppos);
}

static ssize_t vfio_ccw_async_write(struct vfio_ccw_private *private,
				    const char __user *buf, size_t count,
				    loff_t *ppos)
{
	return vfio_ccw_region_request(private, private->cmd_region,
				       sizeof(*private->cmd_region),
				       VFIO_CCW_EVENT_ASYNC_REQ,
				       buf, count, ppos);
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
