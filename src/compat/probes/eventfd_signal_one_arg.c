// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_EVENTFD_SIGNAL_ONE_ARG
 *
 * Upstream: "eventfd: simplify eventfd_signal()" (v6.8).  The counter
 * increment argument is gone; every signal adds one.  Older kernels take
 * the increment as a second argument.
 */
#include <linux/eventfd.h>

#ifndef VCD_PROBE_LACK
static void __maybe_unused vcd_probe(struct eventfd_ctx *ctx)
{
	eventfd_signal(ctx);
}
#else
/* The older form: the caller says by how much the counter grows. */
static void __maybe_unused vcd_probe(struct eventfd_ctx *ctx)
{
	eventfd_signal(ctx, 1);
}
#endif
