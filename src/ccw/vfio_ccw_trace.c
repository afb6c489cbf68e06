// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the one object that instantiates the tracepoints declared in
 * vfio_ccw_trace.h.
 */
#define CREATE_TRACE_POINTS
#include "vfio_ccw_trace.h"
