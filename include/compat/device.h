/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Driver-core differences between the kernels we build for.
 */
#ifndef VCD_COMPAT_DEVICE_H
#define VCD_COMPAT_DEVICE_H

#include <linux/device.h>

/*
 * The driver argument of struct bus_type::match became const in v6.11
 * (HAVE_BUS_MATCH_CONST_DRV).  Declare match callbacks with this in place
 * of the const qualifier.
 */
#ifdef HAVE_BUS_MATCH_CONST_DRV
#define compat_match_const const
#else
#define compat_match_const
#endif

/*
 * struct bus_type became const in bus_register() and struct device in
 * v6.3/v6.4 (HAVE_BUS_TYPE_CONST).  Declare bus types as compat_bus_type:
 * read-only where the kernel allows it.
 */
#ifdef HAVE_BUS_TYPE_CONST
#define compat_bus_type const struct bus_type
#else
#define compat_bus_type struct bus_type
#endif

#endif /* VCD_COMPAT_DEVICE_H */
