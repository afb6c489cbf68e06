// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw_io - a small VFIO-CCW user for the end-to-end tests and the
 * benchmarks: it drives one vfio_ccw mediated device the way QEMU would,
 * through nothing but the uapi of <linux/vfio.h> and <linux/vfio_ccw.h>.
 *
 *   vfio_ccw_io UUID COMMAND [ARG...]
 *
 * Commands:
 *   info              regions and interrupts the device offers
 *   sense-id          one SENSE ID (0xE4): CE+DE, control unit 0x3832
 *   idal              one chain of 16 SENSE IDs, most of them through a
 *                     format-2 IDAL whose data straddles a page boundary
 *   bad-cpa, bad-idaw a channel program at, or an IDAW pointing to, an
 *                     address outside the DMA mapping: the write must fail
 *                     with an errno and no interrupt; SENSE ID then works
 *   csch, hsch        CLEAR / HALT SUBCHANNEL through the async region;
 *                     the interrupt must report the function, and a
 *                     SENSE ID must work afterwards
 *   schib [DEVNO]     read the schib region, print the PMCW; with DEVNO
 *                     (hex) the device number must match
 *   crw               drain the crw region, print how many were queued
 *   addresses         after a SENSE ID, a HALT and a CLEAR: no host
 *                     address reaches the user; the schib region's
 *                     interruption parameter and measurement-block address
 *                     are 0, and every CCW address (schib, interrupts) is
 *                     0 or inside the DMA mapping
 *   slow-user         one thread reads the config region into a page whose
 *                     fault (userfaultfd) is resolved only after 1.5 s; a
 *                     second read meanwhile must not wait for the first
 *   unbind-open [--req] [MS]
 *   remove-open [--req] [MS]
 *                     with the device open, a child writes the subchannel
 *                     to the vfio_ccw driver's unbind file (or 1 to the
 *                     mdev's remove file).  With --req the request
 *                     eventfd must fire and the program then closes the
 *                     device; without it the write must still be blocked
 *                     after MS milliseconds (default 1000), when the
 *                     program closes the device; either way the write must
 *                     then complete, successfully.
 *   bench N           N SENSE ID round trips; prints round trips per second
 *   bench-idal N      the 16-CCW IDAL program N times; prints its cost: the
 *                     whole program (config-region write to interrupt) and
 *                     the submission alone (the pwrite() of the config
 *                     region, in which the driver fetches, translates and
 *                     pins the program and issues START SUBCHANNEL), each
 *                     per program, median and minimum
 *
 * The benchmarks end with one line for scripts:
 *   RESULT sense_id_per_s=R rt_us_median=T rt_us_min=T n=N
 *   RESULT idal_n=N idal_us=U submit_us_median=S submit_us_min=S
 *          whole_us_median=W whole_us_min=W      (on one line)
 *
 * Every failure prints one line starting with "vfio_ccw_io: error:" and
 * exits with status 1 (2 for a usage error).  Built static for s390x by
 * tests/userspace/Makefile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/vfio.h>
#include <linux/userfaultfd.h>
#include <linux/vfio_ccw.h>

#define PROG "vfio_ccw_io"

/* the kernel's short forms of the two attributes used here */
#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The DMA buffer: mapped at a fixed IOVA below 2 GiB (31-bit CCW addresses). */
#define IOVA_BASE	0x10000000ULL
#define PAGE		4096UL
#define BUF_PAGES	64UL
#define BUF_SIZE	(BUF_PAGES * PAGE)
#define CCW_OFF		0UL		/* channel program (page 0) */
#define IDAL_OFF	1024UL		/* IDALs (page 0) */
#define SID_OFF		(1 * PAGE)	/* plain SENSE ID data (page 1) */
#define DATA_PAGE0	2UL		/* first page of the IDAL data */
#define FILL		0x55

#define IDAL_CCWS	16
#define SID_LEN		7
#define CU_VIRTIO	0x3832
#define IO_TIMEOUT_MS	5000

/* channel command words (format 1) */
#define CCW_CMD_SENSE_ID	0xe4
#define CCW_FLAG_CC		0x40
#define CCW_FLAG_SLI		0x20
#define CCW_FLAG_IDA		0x04

/* ORB word 1 (bit 0 is the most significant bit) */
#define ORB_F		(1U << (31 - 8))	/* format-1 CCWs */
#define ORB_P		(1U << (31 - 9))	/* prefetch allowed */
#define ORB_C64		(1U << (31 - 14))	/* format-2 IDAWs */

/* SCSW word 0 */
#define SCSW_FCTL(w)	(((w) >> 12) & 7)
#define FCTL_START	4
#define FCTL_HALT	2
#define FCTL_CLEAR	1
#define SCSW_STCTL(w)	((w) & 0x1f)
#define STCTL_PEND	0x01
#define SCSW_CC(w)	(((w) >> 24) & 3)

/* device status */
#define DEV_CE		0x08
#define DEV_DE		0x04

struct region {
	int found;
	__u64 offset;
	__u64 size;
};

struct ctx {
	const char *uuid;
	char schid[32];
	char group_path[64];
	int container, group, device;
	int io_efd, crw_efd, req_efd;
	unsigned int num_regions, num_irqs;
	struct region io, async, schib, crw;
	unsigned char *buf;
	double setup_ms;
};

struct irb_view {
	__u32 scsw0;		/* flags, function / activity / status control */
	__u32 cpa;		/* CCW address */
	__u8 dstat;
	__u8 cstat;
	__u16 count;		/* residual count */
	__u32 ret_code;
};

static void __noreturn __printf(1, 2) fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, PROG ": error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __noreturn bad_usage(void)
{
	fprintf(stderr, "usage: %s UUID %s|%s|%s\n", PROG,
		"info|sense-id|idal|bad-cpa|bad-idaw|csch|hsch|schib [DEVNO]|crw|addresses|slow-user",
		"unbind-open [--req] [MS]|remove-open [--req] [MS]",
		"bench N|bench-idal N");
	exit(2);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* big-endian fields, whatever the host: the channel subsystem's byte order */
static void put32(unsigned char *p, __u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put16(unsigned char *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put64(unsigned char *p, __u64 v)
{
	put32(p, v >> 32);
	put32(p + 4, (__u32)v);
}

static __u32 get32(const unsigned char *p)
{
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
}

static __u16 get16(const unsigned char *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

static __u32 iova(unsigned long off)
{
	return (__u32)(IOVA_BASE + off);
}

static struct ctx dev = {
	.container = -1, .group = -1, .device = -1,
	.io_efd = -1, .crw_efd = -1, .req_efd = -1,
};

/* one format-1 CCW at buffer offset off */
static void put_ccw(unsigned long off, __u8 cmd, __u8 flags, __u16 count, __u32 addr)
{
	unsigned char *p = dev.buf + off;

	p[0] = cmd;
	p[1] = flags;
	put16(p + 2, count);
	put32(p + 4, addr);
}

/* ---- setup ---------------------------------------------------------- */

static void find_parent(void)
{
	char path[PATH_MAX], real[PATH_MAX], *slash, *parent;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s", dev.uuid);
	if (!realpath(path, real))
		fail("no mdev %s (%s: %s)", dev.uuid, path, strerror(errno));
	slash = strrchr(real, '/');
	if (!slash)
		fail("odd sysfs path %s", real);
	*slash = '\0';
	parent = strrchr(real, '/');
	if (!parent || strlen(parent + 1) >= sizeof(dev.schid))
		fail("cannot tell the parent subchannel of %s", real);
	snprintf(dev.schid, sizeof(dev.schid), "%s", parent + 1);
}

static void open_group(void)
{
	char path[PATH_MAX], link[PATH_MAX], *id;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group", dev.uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		fail("%s: %s", path, strerror(errno));
	link[n] = '\0';
	id = strrchr(link, '/');
	id = id ? id + 1 : link;
	if (strlen(id) > 16 || strspn(id, "0123456789") != strlen(id))
		fail("odd iommu group %s", link);
	snprintf(dev.group_path, sizeof(dev.group_path), "/dev/vfio/%.16s", id);
	dev.group = open(dev.group_path, O_RDWR);
	if (dev.group < 0)
		fail("open %s: %s", dev.group_path, strerror(errno));
}

static void setup_container(void)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };
	int ver;

	dev.container = open("/dev/vfio/vfio", O_RDWR);
	if (dev.container < 0)
		fail("open /dev/vfio/vfio: %s", strerror(errno));
	ver = ioctl(dev.container, VFIO_GET_API_VERSION);
	if (ver != VFIO_API_VERSION)
		fail("VFIO API version %d, expected %d", ver, VFIO_API_VERSION);
	if (ioctl(dev.container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) != 1)
		fail("the container does not offer the TYPE1v2 IOMMU");
	open_group();
	if (ioctl(dev.group, VFIO_GROUP_GET_STATUS, &status))
		fail("VFIO_GROUP_GET_STATUS: %s", strerror(errno));
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		fail("group %s is not viable", dev.group_path);
	if (ioctl(dev.group, VFIO_GROUP_SET_CONTAINER, &dev.container))
		fail("VFIO_GROUP_SET_CONTAINER: %s", strerror(errno));
	if (ioctl(dev.container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		fail("VFIO_SET_IOMMU(TYPE1v2): %s", strerror(errno));

	dev.buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dev.buf == MAP_FAILED)
		fail("mmap of %lu bytes: %s", BUF_SIZE, strerror(errno));
	memset(dev.buf, FILL, BUF_SIZE);
	map.vaddr = (__u64)(uintptr_t)dev.buf;
	map.iova = IOVA_BASE;
	map.size = BUF_SIZE;
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	if (ioctl(dev.container, VFIO_IOMMU_MAP_DMA, &map))
		fail("VFIO_IOMMU_MAP_DMA at 0x%llx: %s", IOVA_BASE, strerror(errno));
}

/* the region's info; device-specific ones are told apart by their type */
static void probe_region(unsigned int index)
{
	struct vfio_region_info *info;
	struct vfio_info_cap_header *hdr;
	struct vfio_region_info_cap_type *type;
	struct region *r = NULL;
	__u32 argsz = sizeof(*info), off;

	info = calloc(1, argsz);
	if (!info)
		fail("out of memory");
	info->argsz = argsz;
	info->index = index;
	if (ioctl(dev.device, VFIO_DEVICE_GET_REGION_INFO, info))
		fail("VFIO_DEVICE_GET_REGION_INFO(%u): %s", index, strerror(errno));
	if (info->argsz > argsz) {
		argsz = info->argsz;
		free(info);
		info = calloc(1, argsz);
		if (!info)
			fail("out of memory");
		info->argsz = argsz;
		info->index = index;
		if (ioctl(dev.device, VFIO_DEVICE_GET_REGION_INFO, info))
			fail("VFIO_DEVICE_GET_REGION_INFO(%u) with caps: %s", index,
			     strerror(errno));
	}
	if (index == VFIO_CCW_CONFIG_REGION_INDEX) {
		r = &dev.io;
	} else if (info->flags & VFIO_REGION_INFO_FLAG_CAPS) {
		for (off = info->cap_offset; off; off = hdr->next) {
			if (off + sizeof(*hdr) > argsz)
				fail("region %u: capability at %u beyond %u bytes", index, off,
				     argsz);
			hdr = (struct vfio_info_cap_header *)((char *)info + off);
			if (hdr->id != VFIO_REGION_INFO_CAP_TYPE)
				continue;
			if (off + sizeof(*type) > argsz)
				fail("region %u: short type capability", index);
			type = (struct vfio_region_info_cap_type *)hdr;
			if (type->type != VFIO_REGION_TYPE_CCW)
				continue;
			switch (type->subtype) {
			case VFIO_REGION_SUBTYPE_CCW_ASYNC_CMD:
				r = &dev.async;
				break;
			case VFIO_REGION_SUBTYPE_CCW_SCHIB:
				r = &dev.schib;
				break;
			case VFIO_REGION_SUBTYPE_CCW_CRW:
				r = &dev.crw;
				break;
			}
		}
	}
	if (r) {
		r->found = 1;
		r->offset = info->offset;
		r->size = info->size;
	}
	free(info);
}

/*
 * Malformed VFIO_DEVICE_GET_REGION_INFO calls are refused with EINVAL and
 * leave nothing half-done: an index past the last region (and the largest
 * one), an argsz below the fixed part.  A region with capabilities asked
 * with room for the fixed part only reports the size it needs and no
 * capability offset.  From 6.19 on the vfio core runs these checks before
 * it calls the driver; before, the driver (or our compat helper) does.
 */
static void region_info_refusals(unsigned int num_regions)
{
	const __u32 bad_index[] = { num_regions, num_regions + 7, UINT32_MAX };
	struct vfio_region_info info;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_index); i++) {
		memset(&info, 0, sizeof(info));
		info.argsz = sizeof(info);
		info.index = bad_index[i];
		errno = 0;
		if (ioctl(dev.device, VFIO_DEVICE_GET_REGION_INFO, &info) != -1 ||
		    errno != EINVAL)
			fail("GET_REGION_INFO(index %u of %u): %s, expected EINVAL",
			     bad_index[i], num_regions, errno ? strerror(errno) : "accepted");
	}
	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info) / 2;
	info.index = VFIO_CCW_CONFIG_REGION_INDEX;
	errno = 0;
	if (ioctl(dev.device, VFIO_DEVICE_GET_REGION_INFO, &info) != -1 || errno != EINVAL)
		fail("GET_REGION_INFO(argsz %zu): %s, expected EINVAL", sizeof(info) / 2,
		     errno ? strerror(errno) : "accepted");
	for (i = VFIO_CCW_CONFIG_REGION_INDEX + 1; i < num_regions; i++) {
		memset(&info, 0, sizeof(info));
		info.argsz = sizeof(info);
		info.index = i;
		info.cap_offset = 0xdead;
		if (ioctl(dev.device, VFIO_DEVICE_GET_REGION_INFO, &info))
			fail("GET_REGION_INFO(%u): %s", i, strerror(errno));
		if (!(info.flags & VFIO_REGION_INFO_FLAG_CAPS) || info.argsz <= sizeof(info) ||
		    info.cap_offset)
			fail("GET_REGION_INFO(%u), no room for caps: flags %#x argsz %u cap %u",
			     i, info.flags, info.argsz, info.cap_offset);
	}
}

static int new_eventfd(void)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	if (fd < 0)
		fail("eventfd: %s", strerror(errno));
	return fd;
}

/* ask for eventfd signalling of interrupt index (one vector) */
static int setup_irq(unsigned int index, const char *what)
{
	struct vfio_irq_info irq = { .argsz = sizeof(irq), .index = index };
	char raw[sizeof(struct vfio_irq_set) + sizeof(__s32)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)raw;
	__s32 fd;

	if (ioctl(dev.device, VFIO_DEVICE_GET_IRQ_INFO, &irq))
		fail("VFIO_DEVICE_GET_IRQ_INFO(%s): %s", what, strerror(errno));
	if (irq.count != 1 || !(irq.flags & VFIO_IRQ_INFO_EVENTFD))
		fail("%s interrupt: count %u, flags 0x%x", what, irq.count, irq.flags);
	fd = new_eventfd();
	memset(raw, 0, sizeof(raw));
	set->argsz = sizeof(raw);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = index;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &fd, sizeof(fd));
	if (ioctl(dev.device, VFIO_DEVICE_SET_IRQS, set))
		fail("VFIO_DEVICE_SET_IRQS(%s): %s", what, strerror(errno));
	return fd;
}

static void setup(const char *uuid, int want_req)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	unsigned int i;
	double t0 = now_ms();

	dev.uuid = uuid;
	find_parent();
	setup_container();
	dev.device = ioctl(dev.group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (dev.device < 0)
		fail("VFIO_GROUP_GET_DEVICE_FD(%s): %s", uuid, strerror(errno));
	if (ioctl(dev.device, VFIO_DEVICE_GET_INFO, &info))
		fail("VFIO_DEVICE_GET_INFO: %s", strerror(errno));
	if (!(info.flags & VFIO_DEVICE_FLAGS_CCW))
		fail("%s is not a vfio-ccw device (flags 0x%x)", uuid, info.flags);
	if (info.num_regions < VFIO_CCW_NUM_REGIONS || info.num_irqs < VFIO_CCW_NUM_IRQS)
		fail("%s has %u regions and %u interrupts, expected at least %d and %d",
		     uuid, info.num_regions, info.num_irqs, VFIO_CCW_NUM_REGIONS,
		     VFIO_CCW_NUM_IRQS);
	dev.num_regions = info.num_regions;
	dev.num_irqs = info.num_irqs;
	for (i = 0; i < info.num_regions; i++)
		probe_region(i);
	region_info_refusals(info.num_regions);
	if (!dev.io.found || dev.io.size < sizeof(struct ccw_io_region))
		fail("config region: %llu bytes, expected %zu", (unsigned long long)dev.io.size,
		     sizeof(struct ccw_io_region));
	dev.io_efd = setup_irq(VFIO_CCW_IO_IRQ_INDEX, "IO");
	dev.crw_efd = setup_irq(VFIO_CCW_CRW_IRQ_INDEX, "CRW");
	if (want_req)
		dev.req_efd = setup_irq(VFIO_CCW_REQ_IRQ_INDEX, "REQ");
	dev.setup_ms = now_ms() - t0;
}

static void need_region(const struct region *r, const char *what, size_t size)
{
	if (!r->found)
		fail("the device has no %s region", what);
	if (r->size < size)
		fail("%s region: %llu bytes, expected %zu", what, (unsigned long long)r->size,
		     size);
}

/* ---- I/O ------------------------------------------------------------ */

/* 0 when fd became readable within ms, -1 on a timeout */
static int wait_fd(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	__u64 count;
	int n;

	do
		n = poll(&p, 1, ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		fail("poll: %s", strerror(errno));
	if (n == 0)
		return -1;
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		fail("eventfd read: %s", strerror(errno));
	return 0;
}

/* START SUBCHANNEL of the channel program at cpa; 0 or the errno */
static int try_start_io(__u32 cpa, __u32 intparm)
{
	struct ccw_io_region io;
	ssize_t n;

	memset(&io, 0, sizeof(io));
	put32(io.orb_area, intparm);
	put32(io.orb_area + 4, ORB_F | ORB_P | ORB_C64);
	put32(io.orb_area + 8, cpa);
	put32(io.scsw_area, FCTL_START << 12);
	n = pwrite(dev.device, &io, sizeof(io), dev.io.offset);
	if (n < 0)
		return errno;
	if (n != sizeof(io))
		fail("START SUBCHANNEL: short write (%zd bytes)", n);
	return 0;
}

static void start_io(unsigned long off, __u32 intparm)
{
	int err = try_start_io(iova(off), intparm);

	if (err)
		fail("START SUBCHANNEL (config region write): %s", strerror(err));
}

/* wait for the I/O interrupt and read the irb back */
static void wait_io(struct irb_view *v, const char *what)
{
	struct ccw_io_region io;
	ssize_t n;

	if (wait_fd(dev.io_efd, IO_TIMEOUT_MS))
		fail("%s: no I/O interrupt within %d ms", what, IO_TIMEOUT_MS);
	n = pread(dev.device, &io, sizeof(io), dev.io.offset);
	if (n != sizeof(io))
		fail("%s: config region read: %s", what, n < 0 ? strerror(errno) : "short read");
	v->scsw0 = get32(io.irb_area);
	v->cpa = get32(io.irb_area + 4);
	v->dstat = io.irb_area[8];
	v->cstat = io.irb_area[9];
	v->count = get16(io.irb_area + 10);
	v->ret_code = io.ret_code;
}

static void check_final(const struct irb_view *v, const char *what, __u32 cpa)
{
	if (v->dstat != (DEV_CE | DEV_DE) || v->cstat)
		fail("%s: device status 0x%02x, subchannel status 0x%02x, expected 0x0c and 0",
		     what, v->dstat, v->cstat);
	if (SCSW_FCTL(v->scsw0) != FCTL_START || !(SCSW_STCTL(v->scsw0) & STCTL_PEND))
		fail("%s: scsw 0x%08x: function 0x%x, status control 0x%02x", what, v->scsw0,
		     SCSW_FCTL(v->scsw0), SCSW_STCTL(v->scsw0));
	if (v->cpa != cpa)
		fail("%s: scsw CCW address 0x%08x, expected 0x%08x", what, v->cpa, cpa);
}

/* one SENSE ID into the page SID_OFF; returns the cu type */
static unsigned int sense_id(int quiet)
{
	struct irb_view v;
	unsigned char *d = dev.buf + SID_OFF;
	unsigned int cu;
	double t0;

	memset(d, FILL, 16);
	put_ccw(CCW_OFF, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, SID_LEN, iova(SID_OFF));
	t0 = now_ms();
	start_io(CCW_OFF, 0x5e1d0001);
	wait_io(&v, "SENSE ID");
	check_final(&v, "SENSE ID", iova(CCW_OFF + 8));
	cu = get16(d + 1);
	if (d[0] != 0xff || cu != CU_VIRTIO)
		fail("SENSE ID data %02x %02x%02x: expected ff and control unit %04x",
		     d[0], d[1], d[2], CU_VIRTIO);
	if (d[SID_LEN] != FILL)
		fail("SENSE ID wrote more than %d bytes", SID_LEN);
	if (!quiet) {
		printf("sense-id: dstat 0x%02x (CE DE) cstat 0x%02x residual %u",
		       v.dstat, v.cstat, v.count);
		printf(" cu %04x model %02x dev %04x model %02x (%.2f ms)\n",
		       cu, d[3], get16(d + 4), d[6], now_ms() - t0);
	}
	return cu;
}

/*
 * Channel programs the driver must refuse at the write, with an errno and
 * without an interrupt: the CCW itself, or the data an IDAW points to,
 * outside what was mapped for DMA.  A SENSE ID must work afterwards.
 */
static void bad_program(int idaw)
{
	__u32 outside = iova(BUF_SIZE + 16 * PAGE);
	const char *what = idaw ? "bad-idaw" : "bad-cpa";
	int err;

	if (idaw) {
		put64(dev.buf + IDAL_OFF, outside);
		put_ccw(CCW_OFF, CCW_CMD_SENSE_ID, CCW_FLAG_SLI | CCW_FLAG_IDA, SID_LEN,
			iova(IDAL_OFF));
		err = try_start_io(iova(CCW_OFF), 0xbad00001);
	} else {
		err = try_start_io(outside, 0xbad00002);
	}
	if (!err)
		fail("%s: the driver accepted a channel program %s 0x%08x, outside the mapping",
		     what, idaw ? "whose IDAW points to" : "at", outside);
	if (!wait_fd(dev.io_efd, 200))
		fail("%s: refused with %s, but an I/O interrupt followed", what, strerror(err));
	printf("%s: refused with errno %d (%s), no interrupt\n", what, err, strerror(err));
	sense_id(0);
}

/*
 * The IDAL program: IDAL_CCWS SENSE IDs chained by command chaining.  Every
 * fourth one goes straight to its data; the others go through a 2-entry
 * format-2 IDAL whose data starts split bytes before the end of one page
 * and continues at the start of the next.
 */
static unsigned long idal_data_page(int i)
{
	return DATA_PAGE0 + 2 * i;
}

static int idal_split(int i)
{
	return 1 + i % (SID_LEN - 1);
}

static void idal_prepare(void)
{
	int i;

	for (i = 0; i < IDAL_CCWS; i++) {
		unsigned long a = idal_data_page(i) * PAGE, b = a + PAGE;
		unsigned long idal = IDAL_OFF + i * 16;
		__u8 flags = CCW_FLAG_SLI | (i < IDAL_CCWS - 1 ? CCW_FLAG_CC : 0);

		memset(dev.buf + a, FILL, 2 * PAGE);
		if (i % 4 == 3) {
			put_ccw(CCW_OFF + 8 * i, CCW_CMD_SENSE_ID, flags, SID_LEN, iova(a));
			continue;
		}
		put64(dev.buf + idal, iova(b - idal_split(i)));
		put64(dev.buf + idal + 8, iova(b));
		put_ccw(CCW_OFF + 8 * i, CCW_CMD_SENSE_ID, flags | CCW_FLAG_IDA, SID_LEN,
			iova(idal));
	}
}

/*
 * Check what the program stored; returns how many CCWs used an IDAL.
 * QEMU up to at least 7.2 does not advance its source buffer from one
 * IDAW to the next (hw/s390x/css.c, ccw_dstream_rw_ida): the second IDAW
 * then receives the data from its start again.  That is accepted, and
 * counted in *restart, as the bytes still land exactly where the IDAWs
 * point; anything else is an error.
 */
static int idal_check(const unsigned char *want, int *restart)
{
	int i, n = 0;

	for (i = 0; i < IDAL_CCWS; i++) {
		unsigned long a = idal_data_page(i) * PAGE, b = a + PAGE;
		const unsigned char *p;
		int split = idal_split(i);

		if (i % 4 == 3) {
			p = dev.buf + a;
			if (memcmp(p, want, SID_LEN))
				fail("idal: CCW %d (direct) got %02x %02x, SENSE ID %02x %02x",
				     i, p[0], p[1], want[0], want[1]);
			if (p[-1] != FILL || p[SID_LEN] != FILL)
				fail("idal: CCW %d stored more than %d bytes", i, SID_LEN);
			continue;
		}
		n++;
		p = dev.buf + b - split;
		if (p[-1] != FILL || dev.buf[b + SID_LEN - split] != FILL)
			fail("idal: CCW %d stored outside its %d bytes", i, SID_LEN);
		if (memcmp(p, want, split))
			fail("idal: CCW %d: first IDAW got %02x..., SENSE ID gave %02x...", i,
			     p[0], want[0]);
		p = dev.buf + b;
		if (!memcmp(p, want + split, SID_LEN - split))
			continue;
		if (!memcmp(p, want, SID_LEN - split)) {
			(*restart)++;
			continue;
		}
		fail("idal: CCW %d: second IDAW got %02x %02x..., expected %02x %02x...", i,
		     p[0], p[1], want[split], want[split + 1]);
	}
	return n;
}

/* *ms: write to interrupt; *submit_ms (if wanted): the write alone */
static int run_idal(const unsigned char *want, double *ms, double *submit_ms, int *restart)
{
	struct irb_view v;
	double t0, t1;

	idal_prepare();
	t0 = now_ms();
	start_io(CCW_OFF, 0x1da10001);
	t1 = now_ms();
	wait_io(&v, "IDAL program");
	*ms = now_ms() - t0;
	if (submit_ms)
		*submit_ms = t1 - t0;
	check_final(&v, "IDAL program", iova(CCW_OFF + 8 * IDAL_CCWS));
	return idal_check(want, restart);
}

/* CLEAR or HALT SUBCHANNEL through the async region */
static void async_cmd(__u32 cmd, int fctl, const char *name)
{
	struct ccw_cmd_region r = { .command = cmd };
	struct irb_view v;
	double t0;
	ssize_t n;

	need_region(&dev.async, "async command", sizeof(r));
	t0 = now_ms();
	n = pwrite(dev.device, &r, sizeof(r), dev.async.offset);
	if (n != sizeof(r))
		fail("%s (async region write): %s", name, n < 0 ? strerror(errno) : "short write");
	n = pread(dev.device, &r, sizeof(r), dev.async.offset);
	if (n != sizeof(r))
		fail("%s: async region read: %s", name, n < 0 ? strerror(errno) : "short read");
	if (r.ret_code)
		fail("%s: ret_code %d", name, (int)r.ret_code);
	wait_io(&v, name);
	if (!(SCSW_FCTL(v.scsw0) & fctl) || !(SCSW_STCTL(v.scsw0) & STCTL_PEND))
		fail("%s: interrupt scsw 0x%08x has function 0x%x, status control 0x%02x",
		     name, v.scsw0, SCSW_FCTL(v.scsw0), SCSW_STCTL(v.scsw0));
	printf("%s: ret_code 0, interrupt after %.2f ms: scsw 0x%08x", name, now_ms() - t0,
	       v.scsw0);
	printf(" (function 0x%x, status control 0x%02x, cc %u) dstat 0x%02x cstat 0x%02x\n",
	       SCSW_FCTL(v.scsw0), SCSW_STCTL(v.scsw0), SCSW_CC(v.scsw0), v.dstat, v.cstat);
	sense_id(0);
}

static void read_schib(const char *expect)
{
	struct ccw_schib_region s;
	unsigned int dnv, ena, devno, isc, st;
	const unsigned char *p = s.schib_area;
	ssize_t n;

	need_region(&dev.schib, "schib", sizeof(s));
	n = pread(dev.device, &s, sizeof(s), dev.schib.offset);
	if (n != sizeof(s))
		fail("schib region read: %s", n < 0 ? strerror(errno) : "short read");
	isc = (p[4] >> 3) & 7;
	ena = p[5] >> 7;
	dnv = p[5] & 1;
	devno = get16(p + 6);
	st = (p[25] >> 5) & 7;
	printf("schib: %s dnv %u devno %04x enabled %u isc %u", dev.schid, dnv, devno, ena, isc);
	printf(" lpm %02x pim %02x pom %02x pam %02x chpid0 %02x st %u scsw 0x%08x\n",
	       p[8], p[11], p[14], p[15], p[16], st, get32(p + 28));
	if (!dnv)
		fail("schib: device number not valid");
	if (!ena)
		fail("schib: the subchannel is not enabled while the device is open");
	if (st != 0)
		fail("schib: subchannel type %u, expected 0 (I/O)", st);
	if (expect && strtoul(expect, NULL, 16) != devno)
		fail("schib: device number %04x, expected %s", devno, expect);
}

/* A CCW address the user may see: none, or one inside its mapping. */
static void check_user_cpa(__u32 cpa, const char *what)
{
	if (cpa && (cpa < IOVA_BASE || cpa >= IOVA_BASE + BUF_SIZE))
		fail("%s: CCW address 0x%08x is outside the DMA mapping 0x%llx+0x%lx",
		     what, cpa, IOVA_BASE, BUF_SIZE);
}

static void check_schib_addresses(const char *what)
{
	struct ccw_schib_region s;
	const unsigned char *p = s.schib_area;
	__u64 mba;
	ssize_t n;

	need_region(&dev.schib, "schib", sizeof(s));
	n = pread(dev.device, &s, sizeof(s), dev.schib.offset);
	if (n != sizeof(s))
		fail("%s: schib region read: %s", what, n < 0 ? strerror(errno) : "short read");
	/* PMCW word 0, then the SCSW (bytes 28-39), then the MBA (40-47) */
	mba = (__u64)get32(p + 40) << 32 | get32(p + 44);
	printf("addresses: %s: schib intparm 0x%08x cpa 0x%08x mba 0x%llx\n", what,
	       get32(p), get32(p + 32), (unsigned long long)mba);
	if (get32(p))
		fail("%s: schib interruption parameter 0x%08x is not 0", what, get32(p));
	if (mba)
		fail("%s: schib measurement-block address 0x%llx is not 0", what,
		     (unsigned long long)mba);
	check_user_cpa(get32(p + 32), what);
}

/* HSCH or CSCH in IDLE: the interrupt's CCW address is the user's or 0. */
static void async_addresses(__u32 cmd, const char *name)
{
	struct ccw_cmd_region r = { .command = cmd };
	struct irb_view v;
	ssize_t n;

	need_region(&dev.async, "async command", sizeof(r));
	n = pwrite(dev.device, &r, sizeof(r), dev.async.offset);
	if (n != sizeof(r))
		fail("%s (async region write): %s", name, n < 0 ? strerror(errno) : "short write");
	wait_io(&v, name);
	printf("addresses: %s: interrupt cpa 0x%08x\n", name, v.cpa);
	check_user_cpa(v.cpa, name);
	check_schib_addresses(name);
}

static void host_addresses(void)
{
	sense_id(1);
	check_schib_addresses("after SENSE ID");
	async_addresses(VFIO_CCW_ASYNC_CMD_HSCH, "hsch");
	sense_id(1);
	async_addresses(VFIO_CCW_ASYNC_CMD_CSCH, "csch");
	printf("addresses: no host address seen\n");
}

struct slow_read {
	int uffd;
	void *page;
	ssize_t n;
	int err;
};

static void *slow_reader(void *arg)
{
	struct slow_read *r = arg;

	r->n = pread(dev.device, r->page, sizeof(struct ccw_io_region), dev.io.offset);
	r->err = errno;
	return NULL;
}

static void *slow_resolver(void *arg)
{
	struct slow_read *r = arg;
	struct uffdio_zeropage z = {
		.range = { .start = (unsigned long)r->page, .len = PAGE },
	};

	usleep(1500 * 1000);
	if (ioctl(r->uffd, UFFDIO_ZEROPAGE, &z))
		fprintf(stderr, PROG ": UFFDIO_ZEROPAGE: %s\n", strerror(errno));
	return NULL;
}

/*
 * A user buffer that faults slowly (userfaultfd here; FUSE or a slow
 * disk in life) must hold up only the access that uses it.
 */
static void slow_user(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct ccw_io_region io;
	pthread_t reader, resolver;
	struct slow_read r = { .n = -1 };
	struct pollfd pfd;
	double t0, ms;
	ssize_t n;

	r.uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (r.uffd < 0)
		fail("userfaultfd: %s", strerror(errno));
	if (ioctl(r.uffd, UFFDIO_API, &api))
		fail("UFFDIO_API: %s", strerror(errno));
	r.page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r.page == MAP_FAILED)
		fail("mmap: %s", strerror(errno));
	reg.range.start = (unsigned long)r.page;
	reg.range.len = PAGE;
	if (ioctl(r.uffd, UFFDIO_REGISTER, &reg))
		fail("UFFDIO_REGISTER: %s", strerror(errno));

	if (pthread_create(&reader, NULL, slow_reader, &r))
		fail("pthread_create");
	/* the reader is inside the driver, faulting on its buffer */
	pfd.fd = r.uffd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 2000) != 1)
		fail("slow-user: the reader did not fault on its buffer within 2 s");
	if (pthread_create(&resolver, NULL, slow_resolver, &r))
		fail("pthread_create");

	t0 = now_ms();
	n = pread(dev.device, &io, sizeof(io), dev.io.offset);
	ms = now_ms() - t0;
	pthread_join(resolver, NULL);
	pthread_join(reader, NULL);
	if (n != sizeof(io))
		fail("slow-user: second read: %s", n < 0 ? strerror(errno) : "short read");
	if (r.n != sizeof(io))
		fail("slow-user: slow read: %s", r.n < 0 ? strerror(r.err) : "short read");
	printf("slow-user: a read beside one stuck on a page fault took %.1f ms\n", ms);
	if (ms > 500)
		fail("slow-user: the read waited %.0f ms for the stuck one", ms);
	sense_id(1);
}

static void read_crw(void)
{
	struct ccw_crw_region c;
	int count = 0;
	ssize_t n;

	need_region(&dev.crw, "crw", sizeof(c));
	for (;;) {
		n = pread(dev.device, &c, sizeof(c), dev.crw.offset);
		if (n != sizeof(c))
			fail("crw region read: %s", n < 0 ? strerror(errno) : "short read");
		if (!c.crw)
			break;
		printf("crw: 0x%08x\n", c.crw);
		if (++count > 64)
			fail("crw: the region never runs empty");
	}
	printf("crw: %d pending, crw eventfd %s\n", count,
	       wait_fd(dev.crw_efd, 0) ? "quiet" : "signalled");
}

/* ---- unbind / remove while open ------------------------------------- */

static int reap(pid_t pid, int ms, int *status)
{
	double end = now_ms() + ms;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0)
			fail("waitpid: %s", strerror(errno));
		if (now_ms() > end)
			return -1;
		usleep(10000);
	}
}

static void yank_open(const char *what, int req, int delay)
{
	char path[PATH_MAX];
	const char *val;
	double t0, t_close;
	int status;
	pid_t pid;

	if (!strcmp(what, "unbind")) {
		snprintf(path, sizeof(path), "/sys/bus/css/drivers/vfio_ccw/unbind");
		val = dev.schid;
	} else {
		snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove", dev.uuid);
		val = "1";
	}
	sense_id(1);
	fflush(stdout);
	t0 = now_ms();
	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd;

		/* a copy of the device fd here would keep the device open */
		close(dev.device);
		close(dev.group);
		close(dev.container);
		fd = open(path, O_WRONLY);

		if (fd < 0) {
			fprintf(stderr, PROG ": error: open %s: %s\n", path, strerror(errno));
			_exit(1);
		}
		if (write(fd, val, strlen(val)) != (ssize_t)strlen(val)) {
			fprintf(stderr, PROG ": error: write %s to %s: %s\n", val, path,
				strerror(errno));
			_exit(1);
		}
		_exit(0);
	}
	if (req) {
		if (wait_fd(dev.req_efd, 10000)) {
			kill(pid, SIGKILL);
			fail("%s-open: no device request within 10 s", what);
		}
		printf("%s-open --req: device request after %.1f ms\n", what, now_ms() - t0);
	} else {
		if (!reap(pid, delay, &status))
			fail("%s-open: the %s completed after %.1f ms with the device still open",
			     what, what, now_ms() - t0);
		printf("%s-open: still blocked after %.1f ms with the device open\n", what,
		       now_ms() - t0);
	}
	t_close = now_ms();
	close(dev.device);
	dev.device = -1;
	if (reap(pid, 10000, &status))
		fail("%s-open: the %s still blocks 10 s after the device was closed", what,
		     what);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("%s-open: writing %s to %s failed", what, val, path);
	printf("%s-open%s: %s of %s completed %.1f ms after the close (%.1f ms in all)\n",
	       what, req ? " --req" : "", what, what[0] == 'u' ? dev.schid : dev.uuid,
	       now_ms() - t_close, now_ms() - t0);
}

/* ---- benchmarks ----------------------------------------------------- */

static long count_arg(const char *s)
{
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;

	if (!s || *end || n <= 0 || n > 100000000)
		bad_usage();
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* sorts v; the median of its n values */
static double median(double *v, long n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void run_bench(long n)
{
	double t0, t1, ms, *rt, rt_med;
	long i;

	rt = calloc(n, sizeof(*rt));
	if (!rt)
		fail("out of memory for %ld timings", n);
	for (i = 0; i < 10; i++)
		sense_id(1);
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		t1 = now_ms();
		sense_id(1);
		rt[i] = now_ms() - t1;
	}
	ms = now_ms() - t0;
	rt_med = median(rt, n);
	printf("bench: %ld SENSE ID round trips in %.1f ms: %.0f round trips/s;", n, ms,
	       n * 1e3 / ms);
	printf(" one round trip median %.1f us, min %.1f us\n", rt_med * 1e3, rt[0] * 1e3);
	printf("RESULT sense_id_per_s=%.0f rt_us_median=%.1f rt_us_min=%.1f n=%ld\n",
	       n * 1e3 / ms, rt_med * 1e3, rt[0] * 1e3, n);
	free(rt);
}

static void bench_idal(long n)
{
	unsigned char want[SID_LEN];
	double t0, ms, one, *whole, *submit, w_med, s_med;
	int restart = 0;
	long i;

	whole = calloc(n, sizeof(*whole));
	submit = calloc(n, sizeof(*submit));
	if (!whole || !submit)
		fail("out of memory for %ld timings", n);
	sense_id(1);
	memcpy(want, dev.buf + SID_OFF, SID_LEN);
	for (i = 0; i < 3; i++)
		run_idal(want, &one, NULL, &restart);
	t0 = now_ms();
	for (i = 0; i < n; i++)
		run_idal(want, &whole[i], &submit[i], &restart);
	ms = now_ms() - t0;
	/* median() sorts: the minimum is then the first value */
	w_med = median(whole, n);
	s_med = median(submit, n);
	printf("bench-idal: %ld %d-CCW IDAL programs in %.1f ms: %.1f us per program\n", n,
	       IDAL_CCWS, ms, ms * 1e3 / n);
	printf("bench-idal: submit (config-region write) median %.1f us, min %.1f us;",
	       s_med * 1e3, submit[0] * 1e3);
	printf(" whole program median %.1f us, min %.1f us\n", w_med * 1e3, whole[0] * 1e3);
	printf("RESULT idal_n=%ld idal_us=%.1f submit_us_median=%.1f submit_us_min=%.1f",
	       n, ms * 1e3 / n, s_med * 1e3, submit[0] * 1e3);
	printf(" whole_us_median=%.1f whole_us_min=%.1f\n", w_med * 1e3, whole[0] * 1e3);
	free(whole);
	free(submit);
}

/* ---- main ----------------------------------------------------------- */

static void show_info(void)
{
	printf("info: %s on %s, group %s, %u regions, %u interrupts, setup %.1f ms\n",
	       dev.uuid, dev.schid, dev.group_path, dev.num_regions, dev.num_irqs,
	       dev.setup_ms);
	printf("info: config offset 0x%llx size %llu; async %s; schib %s; crw %s\n",
	       (unsigned long long)dev.io.offset, (unsigned long long)dev.io.size,
	       dev.async.found ? "yes" : "no", dev.schib.found ? "yes" : "no",
	       dev.crw.found ? "yes" : "no");
}

int main(int argc, char **argv)
{
	const char *cmd;
	int req = 0, delay = 1000, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3)
		bad_usage();
	cmd = argv[2];
	if (!strcmp(cmd, "unbind-open") || !strcmp(cmd, "remove-open")) {
		for (i = 3; i < argc; i++) {
			if (!strcmp(argv[i], "--req"))
				req = 1;
			else
				delay = (int)count_arg(argv[i]);
		}
	}
	setup(argv[1], req);

	if (!strcmp(cmd, "info")) {
		show_info();
	} else if (!strcmp(cmd, "sense-id")) {
		sense_id(0);
	} else if (!strcmp(cmd, "idal")) {
		unsigned char want[SID_LEN];
		double ms;
		int n, restart = 0;

		sense_id(1);
		memcpy(want, dev.buf + SID_OFF, SID_LEN);
		n = run_idal(want, &ms, NULL, &restart);
		printf("idal: %d CCWs (%d through 2-IDAW IDALs across page boundaries):",
		       IDAL_CCWS, n);
		printf(" CE+DE, data where the IDAWs point (%.2f ms)\n", ms);
		if (restart)
			printf("idal: %d of %d second IDAWs got the data from its start again %s\n",
			       restart, n, "(QEMU's IDA stream bug, not the driver's)");
	} else if (!strcmp(cmd, "bad-cpa")) {
		bad_program(0);
	} else if (!strcmp(cmd, "bad-idaw")) {
		bad_program(1);
	} else if (!strcmp(cmd, "csch")) {
		async_cmd(VFIO_CCW_ASYNC_CMD_CSCH, FCTL_CLEAR, "csch");
	} else if (!strcmp(cmd, "hsch")) {
		async_cmd(VFIO_CCW_ASYNC_CMD_HSCH, FCTL_HALT, "hsch");
	} else if (!strcmp(cmd, "schib")) {
		read_schib(argc > 3 ? argv[3] : NULL);
	} else if (!strcmp(cmd, "crw")) {
		read_crw();
	} else if (!strcmp(cmd, "addresses")) {
		host_addresses();
	} else if (!strcmp(cmd, "slow-user")) {
		slow_user();
	} else if (!strcmp(cmd, "unbind-open")) {
		yank_open("unbind", req, delay);
	} else if (!strcmp(cmd, "remove-open")) {
		yank_open("remove", req, delay);
	} else if (!strcmp(cmd, "bench")) {
		run_bench(count_arg(argc > 3 ? argv[3] : NULL));
	} else if (!strcmp(cmd, "bench-idal")) {
		bench_idal(count_arg(argc > 3 ? argv[3] : NULL));
	} else {
		bad_usage();
	}
	return 0;
}
