// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: the mediated device.  Its private object is the vfio_device
 * container: allocated at mdev probe, published to the css side before it
 * is registered, retracted after it is unregistered, and freed by the
 * vfio core with its last reference (vfio_ccw_release_dev).
 */
#include <linux/nospec.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <compat/eventfd.h>
#include <compat/vfio.h>

#include "vfio_ccw_private.h"

static struct kmem_cache *vfio_ccw_io_cache;
static struct kmem_cache *vfio_ccw_cmd_cache;
static struct kmem_cache *vfio_ccw_schib_cache;
static struct kmem_cache *vfio_ccw_crw_cache;

static const struct vfio_device_ops vfio_ccw_dev_ops;

void vfio_ccw_regions_exit(void)
{
	kmem_cache_destroy(vfio_ccw_crw_cache);
	kmem_cache_destroy(vfio_ccw_schib_cache);
	kmem_cache_destroy(vfio_ccw_cmd_cache);
	kmem_cache_destroy(vfio_ccw_io_cache);
}

/* The regions are copied to and from userspace whole: usercopy caches. */
#define vfio_ccw_region_cache(name, type)				\
	kmem_cache_create_usercopy(name, sizeof(type), 0, SLAB_ACCOUNT,	\
				   0, sizeof(type), NULL)

int vfio_ccw_regions_init(void)
{
	vfio_ccw_io_cache = vfio_ccw_region_cache("vfio_ccw_io_region",
						  struct ccw_io_region);
	vfio_ccw_cmd_cache = vfio_ccw_region_cache("vfio_ccw_cmd_region",
						   struct ccw_cmd_region);
	vfio_ccw_schib_cache = vfio_ccw_region_cache("vfio_ccw_schib_region",
						     struct ccw_schib_region);
	vfio_ccw_crw_cache = vfio_ccw_region_cache("vfio_ccw_crw_region",
						   struct ccw_crw_region);
	if (!vfio_ccw_io_cache || !vfio_ccw_cmd_cache ||
	    !vfio_ccw_schib_cache || !vfio_ccw_crw_cache) {
		vfio_ccw_regions_exit();
		return -ENOMEM;
	}
	return 0;
}

/* Guest memory, as the channel-program translation sees it. */

static int vfio_ccw_mem_pin(void *ctx, dma_addr_t iova, int npage, int prot,
			    struct page **pages)
{
	struct vfio_ccw_private *private = ctx;

	return vfio_pin_pages(&private->vdev, iova, npage, prot, pages);
}

static void vfio_ccw_mem_unpin(void *ctx, dma_addr_t iova, int npage)
{
	struct vfio_ccw_private *private = ctx;

	vfio_unpin_pages(&private->vdev, iova, npage);
}

static int vfio_ccw_mem_read(void *ctx, dma_addr_t iova, void *data,
			     size_t len)
{
	struct vfio_ccw_private *private = ctx;

	return vfio_dma_rw(&private->vdev, iova, data, len, false);
}

static const struct vfio_ccw_mem_ops vfio_ccw_mem_ops = {
	.pin = vfio_ccw_mem_pin,
	.unpin = vfio_ccw_mem_unpin,
	.read = vfio_ccw_mem_read,
};

static void vfio_ccw_free_regions(struct vfio_ccw_private *private)
{
	kmem_cache_free(vfio_ccw_crw_cache, private->crw_region);
	kmem_cache_free(vfio_ccw_schib_cache, private->schib_region);
	kmem_cache_free(vfio_ccw_cmd_cache, private->cmd_region);
	kmem_cache_free(vfio_ccw_io_cache, private->io_region);
}

/* vfio_device_ops.init: runs inside vfio_alloc_device(). */
static int vfio_ccw_init_dev(struct vfio_device *vdev)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);
	struct subchannel *sch = to_subchannel(mdev->dev.parent);
	int ret;

	private->parent = dev_get_drvdata(&sch->dev);
	private->schid = sch->schid;
	private->hw = &vfio_ccw_sch_hw_ops;
	vfio_ccw_fsm_setup(private);
	mutex_init(&private->io_mutex);
	spin_lock_init(&private->crw_lock);
	INIT_LIST_HEAD(&private->crw);
	INIT_WORK(&private->crw_work, vfio_ccw_crw_todo);

	/* The regions are read by the channel subsystem: 31-bit memory. */
	private->io_region = kmem_cache_zalloc(vfio_ccw_io_cache,
					       GFP_KERNEL | GFP_DMA);
	private->cmd_region = kmem_cache_zalloc(vfio_ccw_cmd_cache,
						GFP_KERNEL | GFP_DMA);
	private->schib_region = kmem_cache_zalloc(vfio_ccw_schib_cache,
						  GFP_KERNEL | GFP_DMA);
	private->crw_region = kmem_cache_zalloc(vfio_ccw_crw_cache,
						GFP_KERNEL | GFP_DMA);
	if (!private->io_region || !private->cmd_region ||
	    !private->schib_region || !private->crw_region) {
		ret = -ENOMEM;
		goto out_free;
	}

	ret = cp_setup(&private->cp, &mdev->dev, &vfio_ccw_mem_ops, private);
	if (ret)
		goto out_free;

	vfio_ccw_debugfs_add(private);
	return 0;

out_free:
	vfio_ccw_free_regions(private);
	mutex_destroy(&private->io_mutex);
	return ret;
}

/* vfio_device_ops.release: the last reference is gone. */
static void vfio_ccw_release_dev(struct vfio_device *vdev)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	struct vfio_ccw_crw *crw, *tmp;

	vfio_ccw_debugfs_remove(private);
	list_for_each_entry_safe(crw, tmp, &private->crw, next) {
		list_del(&crw->next);
		kfree(crw);
	}
	cp_teardown(&private->cp);
	vfio_ccw_free_regions(private);
	mutex_destroy(&private->trigger_lock);
	mutex_destroy(&private->io_mutex);
}

static int vfio_ccw_mdev_probe(struct mdev_device *mdev)
{
	struct subchannel *sch = to_subchannel(mdev->dev.parent);
	struct vfio_ccw_parent *parent = dev_get_drvdata(&sch->dev);
	struct vfio_ccw_private *private;
	int ret;

	private = vfio_alloc_device(vfio_ccw_private, vdev, &mdev->dev,
				    &vfio_ccw_dev_ops);
	if (IS_ERR(private))
		return PTR_ERR(private);

	/*
	 * Publish before registering: once registered the device can be
	 * opened, and the interrupts of an open device must find it.  Until
	 * then the interrupt handler finds it without a registration and
	 * leaves the subchannel alone.
	 */
	dev_set_drvdata(&mdev->dev, private);
	spin_lock_irq(vfio_ccw_sch_lock(sch));
	parent->private = private;
	spin_unlock_irq(vfio_ccw_sch_lock(sch));

	ret = vfio_register_emulated_iommu_dev(&private->vdev);
	if (ret) {
		spin_lock_irq(vfio_ccw_sch_lock(sch));
		parent->private = NULL;
		spin_unlock_irq(vfio_ccw_sch_lock(sch));
		dev_set_drvdata(&mdev->dev, NULL);
		dev_warn(&mdev->dev, "vfio_ccw: cannot register the vfio device (%d)\n",
			 ret);
		vfio_put_device(&private->vdev);
		return ret;
	}
	return 0;
}

static void vfio_ccw_mdev_remove(struct mdev_device *mdev)
{
	struct vfio_ccw_private *private = dev_get_drvdata(&mdev->dev);
	struct vfio_ccw_parent *parent = private->parent;
	struct subchannel *sch = parent->sch;

	/* Waits for the user to close the device (see .request). */
	vfio_unregister_group_dev(&private->vdev);

	spin_lock_irq(vfio_ccw_sch_lock(sch));
	parent->private = NULL;
	spin_unlock_irq(vfio_ccw_sch_lock(sch));

	/* Nothing can queue these any more. */
	cancel_work_sync(&private->io_work);
	cancel_work_sync(&private->crw_work);
	dev_set_drvdata(&mdev->dev, NULL);
	vfio_put_device(&private->vdev);
}

/*
 * A new user (perhaps another guest) sees nothing of the last one: the
 * regions and the channel reports queued for it are cleared at the open.
 */
static void vfio_ccw_forget_session(struct vfio_ccw_private *private)
{
	struct vfio_ccw_crw *crw, *tmp;
	LIST_HEAD(old);

	lockdep_assert_held(&private->io_mutex);
	memset(private->io_region, 0, sizeof(*private->io_region));
	memset(private->cmd_region, 0, sizeof(*private->cmd_region));
	memset(private->schib_region, 0, sizeof(*private->schib_region));
	memset(private->crw_region, 0, sizeof(*private->crw_region));
	memset(&private->scsw, 0, sizeof(private->scsw));
	spin_lock_irq(&private->crw_lock);
	list_splice_init(&private->crw, &old);
	spin_unlock_irq(&private->crw_lock);
	list_for_each_entry_safe(crw, tmp, &old, next)
		kfree(crw);
}

static int vfio_ccw_open_device(struct vfio_device *vdev)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	int ret;

	ret = vfio_ccw_register_async_dev_regions(private);
	if (!ret)
		ret = vfio_ccw_register_schib_dev_regions(private);
	if (!ret)
		ret = vfio_ccw_register_crw_dev_regions(private);
	if (ret)
		goto out_regions;

	mutex_lock(&private->io_mutex);
	vfio_ccw_forget_session(private);
	ret = vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_OPEN);
	mutex_unlock(&private->io_mutex);
	if (ret)
		goto out_regions;
	return 0;

out_regions:
	vfio_ccw_unregister_dev_regions(private);
	return ret;
}

static void vfio_ccw_close_device(struct vfio_device *vdev)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);

	/*
	 * The triggers go in the same io_mutex section as the close: work
	 * queued after the cancels below (a channel-path event) then finds
	 * none.
	 */
	mutex_lock(&private->io_mutex);
	vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_CLOSE);
	vfio_ccw_set_trigger(private, &private->io_trigger, NULL);
	vfio_ccw_set_trigger(private, &private->crw_trigger, NULL);
	vfio_ccw_set_trigger(private, &private->req_trigger, NULL);
	mutex_unlock(&private->io_mutex);

	/* Work queued before the subchannel was disabled is moot now. */
	cancel_work_sync(&private->io_work);
	cancel_work_sync(&private->crw_work);

	vfio_ccw_unregister_dev_regions(private);
}

/* VFIO_DEVICE_RESET: close and open again (nothing if already closed). */
static int vfio_ccw_reset(struct vfio_ccw_private *private)
{
	int ret;

	mutex_lock(&private->io_mutex);
	ret = vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_RESET);
	mutex_unlock(&private->io_mutex);
	return ret;
}

/*
 * The pages must be unpinned before this returns.  The check and the
 * reset are one io_mutex section: a close in between would otherwise be
 * undone by the reset's open.
 */
static void vfio_ccw_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);

	mutex_lock(&private->io_mutex);
	if (cp_iova_pinned(&private->cp, iova, length))
		vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_RESET);
	mutex_unlock(&private->io_mutex);
}

/* Bounds of a region access; false (and one log line) if out of range. */
bool vfio_ccw_access_ok(struct vfio_ccw_private *private, loff_t pos,
			size_t count, size_t size)
{
	if (count <= size && pos <= size - count)
		return true;
	dev_warn_ratelimited(private->vdev.dev,
			     "vfio_ccw: region access at %lld, %zu bytes, is outside the %zu-byte region\n",
			     pos, count, size);
	return false;
}

/* Room for the largest region the helpers below copy through. */
#define VFIO_CCW_BOUNCE_SIZE	sizeof(struct ccw_io_region)
static_assert(sizeof(struct ccw_cmd_region) <= VFIO_CCW_BOUNCE_SIZE);

/*
 * Region accesses copy to and from userspace outside io_mutex, through a
 * buffer on the stack: a user buffer that faults slowly (FUSE, userfaultfd)
 * then holds up only its own access, never the device's io_work nor the
 * workqueue it shares with other devices.
 *
 * vfio_ccw_region_read() reads @size bytes of @region;
 * vfio_ccw_region_request() writes them and runs @event (IO_REQ or
 * ASYNC_REQ), whose result it returns.
 */
ssize_t vfio_ccw_region_read(struct vfio_ccw_private *private,
			     const void *region, size_t size,
			     char __user *buf, size_t count, loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	u8 bounce[VFIO_CCW_BOUNCE_SIZE];

	if (WARN_ON_ONCE(size > sizeof(bounce)) ||
	    !vfio_ccw_access_ok(private, pos, count, size))
		return -EINVAL;

	mutex_lock(&private->io_mutex);
	memcpy(bounce, region + pos, count);
	mutex_unlock(&private->io_mutex);
	return copy_to_user(buf, bounce, count) ? -EFAULT : count;
}

ssize_t vfio_ccw_region_request(struct vfio_ccw_private *private,
				void *region, size_t size,
				enum vfio_ccw_event event,
				const char __user *buf, size_t count,
				loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_CCW_OFFSET_MASK;
	u8 bounce[VFIO_CCW_BOUNCE_SIZE];
	ssize_t ret;

	if (WARN_ON_ONCE(size > sizeof(bounce)) ||
	    !vfio_ccw_access_ok(private, pos, count, size))
		return -EINVAL;
	if (copy_from_user(bounce, buf, count))
		return -EFAULT;

	/* A request is being processed: the caller retries. */
	if (!mutex_trylock(&private->io_mutex))
		return -EAGAIN;
	memcpy(region + pos, bounce, count);
	ret = vfio_ccw_fsm_event(private, event);
	mutex_unlock(&private->io_mutex);
	return ret ? ret : count;
}

/* The region behind a device-specific index, or NULL. */
static struct vfio_ccw_region *
vfio_ccw_dev_region(struct vfio_ccw_private *private, unsigned int index)
{
	if (index < VFIO_CCW_NUM_REGIONS ||
	    index - VFIO_CCW_NUM_REGIONS >= private->num_regions)
		return NULL;
	index = array_index_nospec(index - VFIO_CCW_NUM_REGIONS,
				   private->num_regions);
	return &private->region[index];
}

static ssize_t vfio_ccw_read(struct vfio_device *vdev, char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	unsigned int index = VFIO_CCW_OFFSET_TO_INDEX(*ppos);
	struct vfio_ccw_region *region;

	if (index == VFIO_CCW_CONFIG_REGION_INDEX)
		return vfio_ccw_region_read(private, private->io_region,
					    sizeof(*private->io_region),
					    buf, count, ppos);
	region = vfio_ccw_dev_region(private, index);
	if (!region)
		return -EINVAL;
	return region->ops->read(private, buf, count, ppos);
}

static ssize_t vfio_ccw_write(struct vfio_device *vdev, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	unsigned int index = VFIO_CCW_OFFSET_TO_INDEX(*ppos);
	struct vfio_ccw_region *region;

	if (index == VFIO_CCW_CONFIG_REGION_INDEX)
		return vfio_ccw_region_request(private, private->io_region,
					       sizeof(*private->io_region),
					       VFIO_CCW_EVENT_IO_REQ,
					       buf, count, ppos);
	region = vfio_ccw_dev_region(private, index);
	if (!region)
		return -EINVAL;
	return region->ops->write(private, buf, count, ppos);
}

int vfio_ccw_register_dev_region(struct vfio_ccw_private *private,
				 unsigned int subtype,
				 const struct vfio_ccw_regops *ops,
				 size_t size, u32 flags, void *data)
{
	struct vfio_ccw_region *region;

	region = krealloc_array(private->region, private->num_regions + 1,
				sizeof(*region), GFP_KERNEL);
	if (!region)
		return -ENOMEM;
	private->region = region;
	region += private->num_regions;
	region->type = VFIO_REGION_TYPE_CCW;
	region->subtype = subtype;
	region->ops = ops;
	region->size = size;
	region->flags = flags;
	region->data = data;
	private->num_regions++;
	return 0;
}

void vfio_ccw_unregister_dev_regions(struct vfio_ccw_private *private)
{
	int i;

	for (i = 0; i < private->num_regions; i++)
		if (private->region[i].ops->release)
			private->region[i].ops->release(private,
							&private->region[i]);
	private->num_regions = 0;
	kfree(private->region);
	private->region = NULL;
}

/*
 * vfio_device_ops.get_region_info_caps: describe region info->index and
 * add its capabilities to @caps; the caller copies both to userspace
 * (the vfio core from v6.19, vfio_get_region_info() before).
 */
static int vfio_ccw_mdev_get_region_info(struct vfio_device *vdev,
					 struct vfio_region_info *info,
					 struct vfio_info_cap *caps)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	struct vfio_region_info_cap_type cap_type = {
		.header.id = VFIO_REGION_INFO_CAP_TYPE,
		.header.version = 1,
	};
	struct vfio_ccw_region *region;

	if (info->index == VFIO_CCW_CONFIG_REGION_INDEX) {
		info->offset = 0;
		info->size = sizeof(struct ccw_io_region);
		info->flags = VFIO_REGION_INFO_FLAG_READ |
			      VFIO_REGION_INFO_FLAG_WRITE;
		return 0;
	}

	region = vfio_ccw_dev_region(private, info->index);
	if (!region)
		return -EINVAL;
	info->offset = VFIO_CCW_INDEX_TO_OFFSET(info->index);
	info->size = region->size;
	info->flags = region->flags;
	cap_type.type = region->type;
	cap_type.subtype = region->subtype;
	return vfio_info_add_capability(caps, &cap_type.header,
					sizeof(cap_type));
}

/* Replace an eventfd trigger; NULL clears it. */
void vfio_ccw_set_trigger(struct vfio_ccw_private *private,
			  struct eventfd_ctx **slot, struct eventfd_ctx *ctx)
{
	struct eventfd_ctx *old;

	mutex_lock(&private->trigger_lock);
	old = *slot;
	*slot = ctx;
	mutex_unlock(&private->trigger_lock);
	if (old)
		eventfd_ctx_put(old);
}

/*
 * SET_IRQS.  The argument is read from userspace before any lock is
 * taken: a buffer that faults slowly holds up nobody but the caller.
 */
static int vfio_ccw_set_irqs(struct vfio_ccw_private *private,
			     const struct vfio_irq_set *hdr, void __user *data)
{
	struct eventfd_ctx **slot, *ctx;
	u8 trigger;
	s32 fd;

	if (!(hdr->flags & VFIO_IRQ_SET_ACTION_TRIGGER))
		return -EINVAL;

	switch (hdr->index) {
	case VFIO_CCW_IO_IRQ_INDEX:
		slot = &private->io_trigger;
		break;
	case VFIO_CCW_CRW_IRQ_INDEX:
		slot = &private->crw_trigger;
		break;
	case VFIO_CCW_REQ_IRQ_INDEX:
		slot = &private->req_trigger;
		break;
	default:
		return -EINVAL;
	}

	switch (hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		trigger = 1;
		break;
	case VFIO_IRQ_SET_DATA_BOOL:
		if (get_user(trigger, (u8 __user *)data))
			return -EFAULT;
		break;
	case VFIO_IRQ_SET_DATA_EVENTFD:
		if (get_user(fd, (s32 __user *)data))
			return -EFAULT;
		if (fd == -1) {
			vfio_ccw_set_trigger(private, slot, NULL);
			return 0;
		}
		if (fd < 0)
			return -EINVAL;
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
		vfio_ccw_set_trigger(private, slot, ctx);
		return 0;
	default:
		return -EINVAL;
	}

	/* Loopback: signal the trigger as if the event had happened. */
	if (trigger)
		vfio_ccw_signal(private, slot);
	return 0;
}

static long vfio_ccw_ioctl(struct vfio_device *vdev, unsigned int cmd,
			   unsigned long arg)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	void __user *uarg = (void __user *)arg;
	unsigned long minsz;
	int ret;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO: {
		struct vfio_device_info info;

		minsz = offsetofend(struct vfio_device_info, num_irqs);
		if (copy_from_user(&info, uarg, minsz))
			return -EFAULT;
		if (info.argsz < minsz)
			return -EINVAL;
		info.flags = VFIO_DEVICE_FLAGS_CCW | VFIO_DEVICE_FLAGS_RESET;
		info.num_regions = VFIO_CCW_NUM_REGIONS + private->num_regions;
		info.num_irqs = VFIO_CCW_NUM_IRQS;
		return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
	}
	case VFIO_DEVICE_GET_REGION_INFO:
		/* from v6.19 the vfio core answers this one itself */
		return vfio_get_region_info(vdev, uarg,
					    vfio_ccw_mdev_get_region_info);
	case VFIO_DEVICE_GET_IRQ_INFO: {
		struct vfio_irq_info info;

		minsz = offsetofend(struct vfio_irq_info, count);
		if (copy_from_user(&info, uarg, minsz))
			return -EFAULT;
		if (info.argsz < minsz || info.index >= VFIO_CCW_NUM_IRQS)
			return -EINVAL;
		info.count = 1;
		info.flags = VFIO_IRQ_INFO_EVENTFD;
		return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
	}
	case VFIO_DEVICE_SET_IRQS: {
		struct vfio_irq_set hdr;
		size_t data_size;

		minsz = offsetofend(struct vfio_irq_set, count);
		if (copy_from_user(&hdr, uarg, minsz))
			return -EFAULT;
		ret = vfio_set_irqs_validate_and_prepare(&hdr, 1,
							 VFIO_CCW_NUM_IRQS,
							 &data_size);
		if (ret)
			return ret;
		return vfio_ccw_set_irqs(private, &hdr, uarg + minsz);
	}
	case VFIO_DEVICE_RESET:
		return vfio_ccw_reset(private);
	default:
		return -ENOTTY;
	}
}

/*
 * The device is being unbound while open: ask userspace to let go.  Only
 * trigger_lock is taken, never io_mutex, which a request stuck on guest
 * memory may hold for long.
 */
static void vfio_ccw_request(struct vfio_device *vdev, unsigned int count)
{
	struct vfio_ccw_private *private =
		container_of(vdev, struct vfio_ccw_private, vdev);
	bool signalled;

	signalled = vfio_ccw_signal(private, &private->req_trigger);

	if (signalled && !(count % 10))
		dev_notice_ratelimited(vdev->dev,
				       "vfio_ccw: asking userspace to release the device (request %u)\n",
				       count);
	else if (!signalled && !count)
		dev_notice(vdev->dev,
			   "vfio_ccw: no request eventfd, waiting for userspace to close the device\n");
}

static const struct vfio_device_ops vfio_ccw_dev_ops = {
	.name = "vfio-ccw",
	.init = vfio_ccw_init_dev,
	.release = vfio_ccw_release_dev,
	.open_device = vfio_ccw_open_device,
	.close_device = vfio_ccw_close_device,
	.read = vfio_ccw_read,
	.write = vfio_ccw_write,
	.ioctl = vfio_ccw_ioctl,
	COMPAT_VFIO_GET_REGION_INFO_CAPS(vfio_ccw_mdev_get_region_info)
	.request = vfio_ccw_request,
	.dma_unmap = vfio_ccw_dma_unmap,
	COMPAT_VFIO_EMULATED_IOMMUFD_OPS
};

struct mdev_driver vfio_ccw_mdev_driver = {
	.device_api = VFIO_DEVICE_API_CCW_STRING,
	.max_instances = 1,
	.driver = {
		.name = "vfio_ccw_mdev",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = vfio_ccw_mdev_probe,
	.remove = vfio_ccw_mdev_remove,
};
