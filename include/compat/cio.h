/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which variant of the kernel's private cio structures to declare
 * (src/ccw/cio.h), from the two sources the build has:
 * - cio_layout.h, generated into build/<release>/ by src/compat/btf-check
 *   from the target kernel's BTF: VCD_BTF and the real offsets, or
 *   VCD_BTF_NONE when the kernel has no BTF;
 * - the compat probes (HAVE_SCH_LOCK_EMBEDDED), a proxy.
 * BTF wins where both speak.
 */
#ifndef VCD_COMPAT_CIO_H
#define VCD_COMPAT_CIO_H

#include <cio_layout.h>

/*
 * COMPAT_SCH_LOCK_PTR: struct subchannel holds a spinlock_t * (before
 * v6.8) rather than the spinlock itself.
 */
#if defined(VCD_BTF_SUBCHANNEL_LOCK_IS_PTR)
#if VCD_BTF_SUBCHANNEL_LOCK_IS_PTR
#define COMPAT_SCH_LOCK_PTR 1
#endif
#elif !defined(HAVE_SCH_LOCK_EMBEDDED)
#define COMPAT_SCH_LOCK_PTR 1
#endif

#endif /* VCD_COMPAT_CIO_H */
