/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eventfd differences between the kernels we build for.
 */
#ifndef VCD_COMPAT_EVENTFD_H
#define VCD_COMPAT_EVENTFD_H

#include <linux/eventfd.h>

/*
 * Add one to the counter of an eventfd and wake its readers.  v6.8 dropped
 * the increment argument of eventfd_signal() (HAVE_EVENTFD_SIGNAL_ONE_ARG).
 */
static inline void compat_eventfd_signal(struct eventfd_ctx *ctx)
{
#ifdef HAVE_EVENTFD_SIGNAL_ONE_ARG
	eventfd_signal(ctx);
#else
	eventfd_signal(ctx, 1);
#endif
}

#endif /* VCD_COMPAT_EVENTFD_H */
