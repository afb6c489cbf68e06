// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_VFIO_IOMMUFD_EMULATED
 *
 * Upstream: "vfio-iommufd: Support iommufd for emulated VFIO devices"
 * (v6.2).  struct vfio_device_ops gained bind_iommufd, unbind_iommufd and
 * attach_ioas, and <linux/vfio.h> declares vfio_iommufd_emulated_bind()
 * and friends (as NULL-valued macros when CONFIG_IOMMUFD is off).
 */
#include <linux/vfio.h>

#ifndef VCD_PROBE_LACK
static const struct vfio_device_ops vcd_probe_ops __maybe_unused = {
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
};
#else
/* Only compiles while the name is still free. */
static int vfio_iommufd_emulated_bind __maybe_unused;
#endif
