/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio core differences between the kernels vfio_ccw builds for (6.1+).
 */
#ifndef VCD_COMPAT_VFIO_H
#define VCD_COMPAT_VFIO_H

#include <linux/completion.h>
#include <linux/refcount.h>
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

#endif /* VCD_COMPAT_VFIO_H */
