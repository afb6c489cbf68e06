/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ccw tracepoints: every FSM event and state change, and the outcome
 * of I/O and asynchronous requests.
 *
 * Out of tree, <trace/define_trace.h> finds this file through
 * TRACE_INCLUDE_PATH below, so the object that defines the tracepoints
 * (vfio_ccw_trace.o) is built with -I pointing at this directory.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vfio_ccw

#if !defined(VFIO_CCW_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define VFIO_CCW_TRACE_H

#include <linux/tracepoint.h>
#include <asm/schid.h>

#include "orb.h"
#include "vfio_ccw_private.h"

/* Symbolic names in the trace output, exported to user-space tools. */
TRACE_DEFINE_ENUM(VFIO_CCW_STATE_NOT_OPER);
TRACE_DEFINE_ENUM(VFIO_CCW_STATE_STANDBY);
TRACE_DEFINE_ENUM(VFIO_CCW_STATE_IDLE);
TRACE_DEFINE_ENUM(VFIO_CCW_STATE_CP_PROCESSING);
TRACE_DEFINE_ENUM(VFIO_CCW_STATE_CP_PENDING);
TRACE_DEFINE_ENUM(VFIO_CCW_EVENT_NOT_OPER);
TRACE_DEFINE_ENUM(VFIO_CCW_EVENT_IO_REQ);
TRACE_DEFINE_ENUM(VFIO_CCW_EVENT_INTERRUPT);
TRACE_DEFINE_ENUM(VFIO_CCW_EVENT_ASYNC_REQ);
TRACE_DEFINE_ENUM(VFIO_CCW_EVENT_OPEN);
TRACE_DEFINE_ENUM(VFIO_CCW_EVENT_CLOSE);
TRACE_DEFINE_ENUM(VFIO_CCW_EVENT_RESET);

#define vfio_ccw_trace_state(s)						\
	__print_symbolic(s,						\
			 { VFIO_CCW_STATE_NOT_OPER, "NOT_OPER" },	\
			 { VFIO_CCW_STATE_STANDBY, "STANDBY" },		\
			 { VFIO_CCW_STATE_IDLE, "IDLE" },		\
			 { VFIO_CCW_STATE_CP_PROCESSING, "CP_PROCESSING" }, \
			 { VFIO_CCW_STATE_CP_PENDING, "CP_PENDING" })

#define vfio_ccw_trace_event(e)						\
	__print_symbolic(e,						\
			 { VFIO_CCW_EVENT_NOT_OPER, "NOT_OPER" },	\
			 { VFIO_CCW_EVENT_IO_REQ, "IO_REQ" },		\
			 { VFIO_CCW_EVENT_INTERRUPT, "INTERRUPT" },	\
			 { VFIO_CCW_EVENT_ASYNC_REQ, "ASYNC_REQ" },	\
			 { VFIO_CCW_EVENT_OPEN, "OPEN" },		\
			 { VFIO_CCW_EVENT_CLOSE, "CLOSE" },		\
			 { VFIO_CCW_EVENT_RESET, "RESET" })

/* An event arrives; @state is the state it finds. */
TRACE_EVENT(vfio_ccw_fsm_event,
	    TP_PROTO(struct subchannel_id schid, int state, int event),
	    TP_ARGS(schid, state, event),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, sch_no)
			     __field(int, state)
			     __field(int, event)),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->sch_no = schid.sch_no;
			   __entry->state = state;
			   __entry->event = event;),
	    TP_printk("schid=%x.%x.%04x state=%s event=%s",
		      __entry->cssid, __entry->ssid, __entry->sch_no,
		      vfio_ccw_trace_state(__entry->state),
		      vfio_ccw_trace_event(__entry->event))
);

/* The state changes from @from to @to. */
TRACE_EVENT(vfio_ccw_fsm_transition,
	    TP_PROTO(struct subchannel_id schid, int from, int to),
	    TP_ARGS(schid, from, to),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, sch_no)
			     __field(int, from)
			     __field(int, to)),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->sch_no = schid.sch_no;
			   __entry->from = from;
			   __entry->to = to;),
	    TP_printk("schid=%x.%x.%04x %s -> %s",
		      __entry->cssid, __entry->ssid, __entry->sch_no,
		      vfio_ccw_trace_state(__entry->from),
		      vfio_ccw_trace_state(__entry->to))
);

/*
 * An I/O request through the config region has been answered: @fctl is
 * the function the user asked for, @orb the ORB as the user wrote it.
 */
TRACE_EVENT(vfio_ccw_fsm_io_request,
	    TP_PROTO(struct subchannel_id schid, u32 fctl,
		     const union orb *orb, int err),
	    TP_ARGS(schid, fctl, orb, err),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, sch_no)
			     __field(u32, fctl)
			     __field(u32, cpa)
			     __field(u8, key)
			     __field(u8, lpm)
			     __field(u8, fmt)
			     __field(u8, idaw)
			     __field(u8, tm)
			     __field(int, err)),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->sch_no = schid.sch_no;
			   __entry->fctl = fctl;
			   __entry->cpa = orb->cmd.cpa;
			   __entry->key = orb->cmd.key;
			   __entry->lpm = orb->cmd.lpm;
			   __entry->fmt = orb->cmd.fmt;
			   __entry->idaw = orb->cmd.c64 << 1 | orb->cmd.i2k;
			   __entry->tm = orb->tm.b;
			   __entry->err = err;),
	    TP_printk("schid=%x.%x.%04x fctl=0x%x cpa=0x%08x key=%u lpm=0x%02x fmt=%u c64/i2k=%u tm=%u errno=%d",
		      __entry->cssid, __entry->ssid, __entry->sch_no,
		      __entry->fctl, __entry->cpa, __entry->key,
		      __entry->lpm, __entry->fmt, __entry->idaw,
		      __entry->tm, __entry->err)
);

/* A halt or clear request through the async region has been answered. */
TRACE_EVENT(vfio_ccw_fsm_async_request,
	    TP_PROTO(struct subchannel_id schid, u32 command, int err),
	    TP_ARGS(schid, command, err),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, sch_no)
			     __field(u32, command)
			     __field(int, err)),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->sch_no = schid.sch_no;
			   __entry->command = command;
			   __entry->err = err;),
	    TP_printk("schid=%x.%x.%04x command=%s errno=%d",
		      __entry->cssid, __entry->ssid, __entry->sch_no,
		      __print_symbolic(__entry->command,
				       { VFIO_CCW_ASYNC_CMD_HSCH, "HSCH" },
				       { VFIO_CCW_ASYNC_CMD_CSCH, "CSCH" }),
		      __entry->err)
);

#endif /* VFIO_CCW_TRACE_H */

/* Outside the guard: <trace/define_trace.h> reads this file again. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vfio_ccw_trace
#include <trace/define_trace.h>
