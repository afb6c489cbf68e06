/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio core differences between the kernels vfio_ccw builds for (6.1+).
 */
#ifndef VCD_COMPAT_VFIO_H
#define VCD_COMPAT_VFIO_H

#include <linux/completion.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

/*
 * iommufd callbacks of an emulated-IOMMU device: absent before v6.2
 * (HAVE_VFIO_IOMMUFD_EMULATED), detach_ioas from v6.6
 * (HAVE_VFIO_DETACH_IOAS).  Put COMPAT_VFIO_EMULATED_IOMMUFD_OPS last in a
 * struct vfio_device_ops initializer.
 */
#if defined(HAVE_VFIO_DETACH_IOAS)
#define COMPAT_VFIO_EMULATED_IOMMUFD_OPS				\
	.bind_iommufd = vfio_iommufd_emulated_bind,			\
	.unbind_iommufd = vfio_iommufd_emulated_unbind,			\
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,		\
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
#elif defined(HAVE_VFIO_IOMMUFD_EMULATED)
#define COMPAT_VFIO_EMULATED_IOMMUFD_OPS				\
	.bind_iommufd = vfio_iommufd_emulated_bind,			\
	.unbind_iommufd = vfio_iommufd_emulated_unbind,			\
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
#else
#define COMPAT_VFIO_EMULATED_IOMMUFD_OPS
#endif

/*
 * A registration reference on a vfio_device.  vfio_unregister_group_dev()
 * drops the registration's own reference and then waits until every
 * other holder is gone, so an event handler that holds one can finish
 * its work on a device that cannot be unregistered under it.  The vfio
 * core exports vfio_device_try_get_registration() and
 * vfio_device_put_registration() from v6.19 on
 * (HAVE_VFIO_DEVICE_TRY_GET_REGISTRATION).  Before, they are private to it
 * (6.1 through 6.18 use the same refcount and completion), and these
 * stand-ins keep their contract on the public fields.
 */
#ifndef HAVE_VFIO_DEVICE_TRY_GET_REGISTRATION
static inline bool vfio_device_try_get_registration(struct vfio_device *vdev)
{
	return refcount_inc_not_zero(&vdev->refcount);
}

static inline void vfio_device_put_registration(struct vfio_device *vdev)
{
	if (refcount_dec_and_test(&vdev->refcount))
		complete(&vdev->comp);
}
#endif

/*
 * VFIO_DEVICE_GET_REGION_INFO.  From v6.19 the vfio core decodes it and
 * asks the driver's vfio_device_ops.get_region_info_caps, which fills in
 * the region and adds its capabilities to a chain; the core then copies
 * both out (HAVE_VFIO_GET_REGION_INFO_CAPS).  A driver writes that op as
 * upstream does, names it in its ops with
 * COMPAT_VFIO_GET_REGION_INFO_CAPS(fn), and on older kernels, where the
 * command still reaches the ioctl op, answers it there with
 * vfio_get_region_info(), which does what the newer core does.
 */
typedef int (*compat_vfio_region_info_caps_t)(struct vfio_device *vdev,
					      struct vfio_region_info *info,
					      struct vfio_info_cap *caps);

#ifdef HAVE_VFIO_GET_REGION_INFO_CAPS
#define COMPAT_VFIO_GET_REGION_INFO_CAPS(fn)	.get_region_info_caps = (fn),
#else
#define COMPAT_VFIO_GET_REGION_INFO_CAPS(fn)
#endif

/**
 * vfio_get_region_info() - answer VFIO_DEVICE_GET_REGION_INFO
 * @vdev: the device
 * @arg: the user's struct vfio_region_info, followed by room for the
 *	capability chain
 * @fn: the driver's get_region_info_caps op
 *
 * Return: 0, or a negative errno: -EFAULT for a bad user pointer, -EINVAL
 * for an argsz smaller than the structure, else what @fn returns.
 */
static inline long vfio_get_region_info(struct vfio_device *vdev,
					struct vfio_region_info __user *arg,
					compat_vfio_region_info_caps_t fn)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info = { };
	struct vfio_info_cap caps = { };
	long ret;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;

	ret = fn(vdev, &info, &caps);
	if (!ret && caps.size) {
		info.flags |= VFIO_REGION_INFO_FLAG_CAPS;
		if (info.argsz < sizeof(info) + caps.size) {
			/* too small: say how much room the chain needs */
			info.argsz = sizeof(info) + caps.size;
			info.cap_offset = 0;
		} else {
			vfio_info_cap_shift(&caps, sizeof(info));
			if (copy_to_user(arg + 1, caps.buf, caps.size))
				ret = -EFAULT;
			info.cap_offset = sizeof(info);
		}
	}
	if (!ret && copy_to_user(arg, &info, minsz))
		ret = -EFAULT;
	kfree(caps.buf);
	return ret;
}

#endif /* VCD_COMPAT_VFIO_H */
