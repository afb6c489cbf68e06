/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parts of the kernel's channel-subsystem (cio/css) interface that
 * vfio_ccw uses.  The kernel declares them in drivers/s390/cio/, which no
 * headers package ships, so they are declared here, written from the layout
 * facts of v6.1 and v6.12 (the kernels vfio_ccw is built for).  A mistake
 * here corrupts memory without a word, so every layout is checked twice:
 *
 * - at build time against the target kernel's BTF, when there is one
 *   (src/compat/btf-check writes build/<release>/cio_layout.h; the
 *   static_asserts at the end of this file compare our offsets and sizes
 *   with it, member by member);
 * - at bind time by vfio_ccw_cio_layout_check() (cio_check.c), which the
 *   css probe calls before it touches anything else: the device the css bus
 *   knows under the name formed from our schid must be our &sch->dev, and
 *   further cheap invariants must hold.  On a mismatch the subchannel is
 *   refused with one log line.
 *
 * Variants and how each one is chosen:
 *
 * - struct subchannel::lock.  "s390/cio: make sch->lock spinlock pointer a
 *   member" (v6.8; stable trees took it later together with the generic
 *   driver_override rework) turned "spinlock_t *lock" into "spinlock_t
 *   lock".  No public header changed with it.  BTF decides when the target
 *   has it (Debian 13's 6.12); otherwise the proxy probe
 *   HAVE_SCH_LOCK_EMBEDDED (v6.8+, or the public driver-core helper
 *   device_match_driver_override() that arrived with the stable backport)
 *   decides, and the bind-time check guards the guess (Debian 12's 6.1 and
 *   our test kernels have no BTF).  Always take the lock through
 *   vfio_ccw_sch_lock().
 * - Members after dev: the kernel keeps driver, todo and todo_work right
 *   after dev in v6.1 and v6.12 alike (driver_override, gone in the rework
 *   above, sat at the very end); we declare up to todo_work and nothing
 *   later.  Never allocate, copy or take sizeof() of struct subchannel.
 * - struct css_driver: the v6.1+ shape.  v5.10 still had power-management
 *   callbacks and a remove returning int (not supported: vfio_ccw needs the
 *   v6.1 mdev API anyway); v6.1 and v6.12 agree member for member (checked
 *   in the Debian sources).  BTF checks every offset, the size and that
 *   remove returns void.
 * - schib::mba: u64 in v6.1, dma64_t (<asm/dma-types.h>, v6.10+) later;
 *   same size and we never touch it, so it is a plain u64 here.
 * - The interruption parameter given to cio_enable_subchannel() must be
 *   what the kernel's I/O interrupt handler turns back into the subchannel:
 *   v6.1 casts the 32-bit intparm to a pointer, v6.12 passes it through
 *   phys_to_virt() (the kernel's virtual and physical address spaces were
 *   separated in v6.10).  On v6.1 s390 virt_to_phys() is the identity
 *   (__pa(x) is the address itself), so virt_to_phys() gives the right
 *   value on every kernel and vfio_ccw_intparm() needs no probe.
 *   Subchannels are allocated below 2 GiB (GFP_DMA), so the value fits in
 *   32 bits; the bind-time check verifies that too.
 *
 * Exports used (all EXPORT_SYMBOL*, same signatures in v6.1 and v6.12):
 * css_driver_register, css_driver_unregister, css_sched_sch_todo,
 * cio_enable_subchannel, cio_disable_subchannel, cio_cancel_halt_clear,
 * cio_update_schib, ssch, hsch, csch, chp_ssd_get_mask, chp_get_sch_opm,
 * the per-cpu cio_irb; isc_register/isc_unregister come from <asm/isc.h>.
 */
#ifndef VFIO_CCW_CIO_H
#define VFIO_CCW_CIO_H

#include <linux/build_bug.h>
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <asm/chpid.h>
#include <asm/cio.h>
#include <asm/io.h>
#include <asm/schid.h>
#include <asm/scsw.h>
#include <compat/cio.h>

#include "orb.h"

/* Path-management control word: the first 28 bytes of a schib. */
struct pmcw {
	u32 intparm;		/* interruption parameter */
	u32 qf:1;		/* QDIO facility */
	u32 w:1;
	u32 isc:3;		/* interruption subclass */
	u32 res5:3;
	u32 ena:1;		/* subchannel enabled */
	u32 lm:2;		/* limit mode */
	u32 mme:2;		/* measurement-mode enable */
	u32 mp:1;		/* multipath mode */
	u32 tf:1;		/* timing facility */
	u32 dnv:1;		/* dev holds a device number */
	u32 dev:16;		/* device number */
	u8 lpm;			/* logical path mask */
	u8 pnom;		/* paths not operational */
	u8 lpum;		/* last path used */
	u8 pim;			/* paths installed */
	u16 mbi;		/* measurement-block index */
	u8 pom;			/* paths operational */
	u8 pam;			/* paths available */
	u8 chpid[8];		/* channel-path ids of the eight paths */
	u32 unused1:8;
	u32 st:3;		/* subchannel type */
	u32 unused2:18;
	u32 mbfc:1;		/* measurement-block format control */
	u32 xmwme:1;		/* extended measurement-word mode */
	u32 csense:1;		/* concurrent sense */
} __packed;

/* Subchannel-information block, as STSCH stores it. */
struct schib {
	struct pmcw pmcw;
	union scsw scsw;
	u64 mba;		/* measurement-block address (dma64_t in v6.10+) */
	u8 mda[4];		/* model-dependent area */
} __packed __aligned(4);

/* Values of struct subchannel::st and of pmcw.st. */
enum {
	SUBCHANNEL_TYPE_IO = 0,
	SUBCHANNEL_TYPE_CHSC = 1,
	SUBCHANNEL_TYPE_MSG = 2,
	SUBCHANNEL_TYPE_ADM = 3,
};

/* Requests for css_sched_sch_todo(); a higher value replaces a lower one. */
enum sch_todo {
	SCH_TODO_NOTHING,
	SCH_TODO_EVAL,
	SCH_TODO_UNREG,
};

/* What the store-subchannel-description CHSC told about the paths. */
struct chsc_ssd_info {
	u8 path_mask;
	u8 fla_valid_mask;
	struct chp_id chpid[8];
	u16 fla[8];		/* full link addresses */
};

/* A channel path (and link address range) an event is about. */
struct chp_link {
	struct chp_id chpid;
	u32 fla_mask;
	u16 fla;
};

/* The event argument of css_driver::chp_event. */
#define CHP_ONLINE	0
#define CHP_OFFLINE	1
#define CHP_VARY_ON	2
#define CHP_VARY_OFF	3

struct css_driver;

/*
 * The kernel's subchannel, declared up to todo_work.  Do not allocate,
 * copy or size one: the kernel's object is larger.
 */
struct subchannel {
	struct subchannel_id schid;
#ifdef COMPAT_SCH_LOCK_PTR
	spinlock_t *lock;	/* the subchannel lock (before v6.8) */
#else
	spinlock_t lock;	/* the subchannel lock */
#endif
	struct mutex reg_mutex;	/* css registration; not ours to take */
	unsigned int st;	/* SUBCHANNEL_TYPE_* */
	u8 vpm;			/* verified paths */
	u8 lpm;			/* logical path mask */
	u8 opm;			/* operational paths */
	struct schib schib;
	int isc;		/* interruption subclass to enable with */
	struct chsc_ssd_info ssd_info;
	struct device dev;
	struct css_driver *driver;
	enum sch_todo todo;
	struct work_struct todo_work;
} __aligned(8);

#define to_subchannel(d)	container_of(d, struct subchannel, dev)

/**
 * struct css_driver - a driver on the css bus (v6.1+ shape)
 * @subchannel_type: subchannel types served, ending with a zero entry
 * @drv: the driver-core driver
 * @irq: interrupt for the subchannel (sch lock held, irqs off)
 * @chp_event: a channel path changed (CHP_*)
 * @sch_event: the subchannel needs evaluation; @process: may sleep
 * @probe: bind
 * @remove: unbind
 * @shutdown: system shutdown
 * @settle: wait until asynchronous work is done
 */
struct css_driver {
	struct css_device_id *subchannel_type;
	struct device_driver drv;
	void (*irq)(struct subchannel *sch);
	int (*chp_event)(struct subchannel *sch, struct chp_link *link,
			 int event);
	int (*sch_event)(struct subchannel *sch, int process);
	int (*probe)(struct subchannel *sch);
	void (*remove)(struct subchannel *sch);
	void (*shutdown)(struct subchannel *sch);
	int (*settle)(void);
};

#define to_cssdriver(d)		container_of(d, struct css_driver, drv)

int css_driver_register(struct css_driver *cdrv);
void css_driver_unregister(struct css_driver *cdrv);
void css_sched_sch_todo(struct subchannel *sch, enum sch_todo todo);

int cio_enable_subchannel(struct subchannel *sch, u32 intparm);
int cio_disable_subchannel(struct subchannel *sch);
int cio_cancel_halt_clear(struct subchannel *sch, int *iretry);
int cio_update_schib(struct subchannel *sch);

int ssch(struct subchannel_id schid, union orb *orb);
int hsch(struct subchannel_id schid);
int csch(struct subchannel_id schid);

int chp_ssd_get_mask(struct chsc_ssd_info *ssd, struct chp_link *link);
u8 chp_get_sch_opm(struct subchannel *sch);

/* The interruption response block the interrupt handler stored. */
DECLARE_PER_CPU_ALIGNED(struct irb, cio_irb);

/* The subchannel's lock, whichever way the kernel holds it. */
static inline spinlock_t *vfio_ccw_sch_lock(struct subchannel *sch)
{
#ifdef COMPAT_SCH_LOCK_PTR
	return sch->lock;
#else
	return &sch->lock;
#endif
}

/* The intparm for cio_enable_subchannel() (see the top of this file). */
static inline u32 vfio_ccw_intparm(struct subchannel *sch)
{
	return (u32)virt_to_phys(sch);
}

/* cio_check.c */
int vfio_ccw_cio_layout_check(struct subchannel *sch,
			      const struct css_driver *cdrv);

/* Architected sizes. */
static_assert(sizeof(struct pmcw) == 28);
static_assert(sizeof(struct schib) == 52);

/*
 * The target kernel's BTF, where it has one (build/<release>/cio_layout.h).
 * The compiler checks; sparse lays out some kernel structures differently
 * (struct device) and is no judge of them.
 */
#if defined(VCD_BTF) && !defined(__CHECKER__)
#define VCD_BTF_EXPECT(type, member, name)				\
	static_assert(offsetof(struct type, member) ==			\
		      VCD_BTF_##name##_OFFSET &&			\
		      sizeof_field(struct type, member) ==		\
		      VCD_BTF_##name##_SIZE,				\
		      "struct " #type "." #member " differs from the target kernel's BTF")

VCD_BTF_EXPECT(subchannel, schid, SUBCHANNEL_SCHID);
VCD_BTF_EXPECT(subchannel, lock, SUBCHANNEL_LOCK);
VCD_BTF_EXPECT(subchannel, st, SUBCHANNEL_ST);
VCD_BTF_EXPECT(subchannel, vpm, SUBCHANNEL_VPM);
VCD_BTF_EXPECT(subchannel, lpm, SUBCHANNEL_LPM);
VCD_BTF_EXPECT(subchannel, opm, SUBCHANNEL_OPM);
VCD_BTF_EXPECT(subchannel, schib, SUBCHANNEL_SCHIB);
VCD_BTF_EXPECT(subchannel, isc, SUBCHANNEL_ISC);
VCD_BTF_EXPECT(subchannel, ssd_info, SUBCHANNEL_SSD_INFO);
VCD_BTF_EXPECT(subchannel, dev, SUBCHANNEL_DEV);
VCD_BTF_EXPECT(subchannel, driver, SUBCHANNEL_DRIVER);
VCD_BTF_EXPECT(subchannel, todo, SUBCHANNEL_TODO);
VCD_BTF_EXPECT(subchannel, todo_work, SUBCHANNEL_TODO_WORK);

VCD_BTF_EXPECT(pmcw, intparm, PMCW_INTPARM);
VCD_BTF_EXPECT(pmcw, lpm, PMCW_LPM);
VCD_BTF_EXPECT(pmcw, lpum, PMCW_LPUM);
VCD_BTF_EXPECT(pmcw, pim, PMCW_PIM);
VCD_BTF_EXPECT(pmcw, pom, PMCW_POM);
VCD_BTF_EXPECT(pmcw, pam, PMCW_PAM);
VCD_BTF_EXPECT(pmcw, chpid, PMCW_CHPID);
VCD_BTF_EXPECT(schib, pmcw, SCHIB_PMCW);
VCD_BTF_EXPECT(schib, scsw, SCHIB_SCSW);
VCD_BTF_EXPECT(schib, mba, SCHIB_MBA);
VCD_BTF_EXPECT(schib, mda, SCHIB_MDA);

VCD_BTF_EXPECT(chsc_ssd_info, path_mask, CHSC_SSD_INFO_PATH_MASK);
VCD_BTF_EXPECT(chsc_ssd_info, fla_valid_mask, CHSC_SSD_INFO_FLA_VALID_MASK);
VCD_BTF_EXPECT(chsc_ssd_info, chpid, CHSC_SSD_INFO_CHPID);
VCD_BTF_EXPECT(chsc_ssd_info, fla, CHSC_SSD_INFO_FLA);
VCD_BTF_EXPECT(chp_link, chpid, CHP_LINK_CHPID);
VCD_BTF_EXPECT(chp_link, fla_mask, CHP_LINK_FLA_MASK);
VCD_BTF_EXPECT(chp_link, fla, CHP_LINK_FLA);

VCD_BTF_EXPECT(css_driver, subchannel_type, CSS_DRIVER_SUBCHANNEL_TYPE);
VCD_BTF_EXPECT(css_driver, drv, CSS_DRIVER_DRV);
VCD_BTF_EXPECT(css_driver, irq, CSS_DRIVER_IRQ);
VCD_BTF_EXPECT(css_driver, chp_event, CSS_DRIVER_CHP_EVENT);
VCD_BTF_EXPECT(css_driver, sch_event, CSS_DRIVER_SCH_EVENT);
VCD_BTF_EXPECT(css_driver, probe, CSS_DRIVER_PROBE);
VCD_BTF_EXPECT(css_driver, remove, CSS_DRIVER_REMOVE);
VCD_BTF_EXPECT(css_driver, shutdown, CSS_DRIVER_SHUTDOWN);
VCD_BTF_EXPECT(css_driver, settle, CSS_DRIVER_SETTLE);

static_assert(sizeof(struct pmcw) == VCD_BTF_PMCW_SIZE);
static_assert(sizeof(struct schib) == VCD_BTF_SCHIB_SIZE);
static_assert(sizeof(struct chsc_ssd_info) == VCD_BTF_CHSC_SSD_INFO_SIZE);
static_assert(sizeof(struct chp_link) == VCD_BTF_CHP_LINK_SIZE);
static_assert(sizeof(struct css_driver) == VCD_BTF_CSS_DRIVER_SIZE,
	      "struct css_driver of the target kernel has other members");
static_assert(VCD_BTF_CSS_DRIVER_REMOVE_VOID,
	      "css_driver::remove of the target kernel does not return void");
#ifdef COMPAT_SCH_LOCK_PTR
static_assert(VCD_BTF_SUBCHANNEL_LOCK_IS_PTR);
#else
static_assert(!VCD_BTF_SUBCHANNEL_LOCK_IS_PTR);
#endif
/* The BTF describes the kernel whose headers we compile against. */
static_assert(sizeof(struct device) == VCD_BTF_DEVICE_SIZE,
	      "the BTF and the kernel headers disagree on struct device (VCD_BTF= another kernel?)");
static_assert(sizeof(struct device_driver) == VCD_BTF_DEVICE_DRIVER_SIZE);
static_assert(sizeof(struct work_struct) == VCD_BTF_WORK_STRUCT_SIZE);
#endif /* VCD_BTF && !__CHECKER__ */

#endif /* VFIO_CCW_CIO_H */
