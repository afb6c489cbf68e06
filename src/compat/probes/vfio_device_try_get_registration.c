// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_VFIO_DEVICE_TRY_GET_REGISTRATION
 *
 * Upstream: vfio_device_try_get_registration() and
 * vfio_device_put_registration() became public and exported (v6.19),
 * declared in <linux/vfio.h>.  Before, they were private to the vfio core
 * (drivers/vfio/vfio.h).
 */
#include <linux/vfio.h>

#ifndef VCD_PROBE_LACK
static void __maybe_unused vcd_probe(struct vfio_device *vdev)
{
	if (vfio_device_try_get_registration(vdev))
		vfio_device_put_registration(vdev);
}
#else
/* Only compiles while the public header does not declare the name. */
static int vfio_device_try_get_registration __maybe_unused;
#endif
