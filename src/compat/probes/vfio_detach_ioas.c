// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_VFIO_DETACH_IOAS
 *
 * Upstream: "vfio-iommufd: Add detach_ioas support for emulated VFIO
 * devices" (v6.6).  struct vfio_device_ops gained detach_ioas, served for
 * emulated devices by vfio_iommufd_emulated_detach_ioas().
 */
#include <linux/vfio.h>

#ifndef VCD_PROBE_LACK
static const struct vfio_device_ops vcd_probe_ops __maybe_unused = {
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
};
#else
/* Only compiles while the name is still free. */
static int vfio_iommufd_emulated_detach_ioas __maybe_unused;
#endif
