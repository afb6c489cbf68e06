// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_VFIO_GET_REGION_INFO_CAPS
 *
 * Upstream: the series that moved VFIO_DEVICE_GET_REGION_INFO into the
 * vfio core (v6.19, Jason Gunthorpe).  The core decodes the command and
 * asks the driver through vfio_device_ops.get_region_info_caps; a driver
 * without that op gets -EINVAL and its ioctl op never sees the command.
 * Older kernels pass the command to the ioctl op.
 */
#ifdef VCD_PROBE_LACK
/*
 * The older form: no header of the vfio API names the op.  Any mention of
 * the name turns into a syntax error.
 */
#define get_region_info_caps 0
#endif
#include <linux/vfio.h>

#ifndef VCD_PROBE_LACK
static int vcd_probe_caps(struct vfio_device *vdev,
			  struct vfio_region_info *info,
			  struct vfio_info_cap *caps)
{
	return -EINVAL;
}

static const struct vfio_device_ops vcd_probe_ops __maybe_unused = {
	.get_region_info_caps = vcd_probe_caps,
};
#else
static const struct vfio_device_ops vcd_probe_ops __maybe_unused = {
	.name = "probe",
};
#endif
