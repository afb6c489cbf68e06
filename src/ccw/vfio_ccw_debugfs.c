// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ccw: per-device debugfs files.
 *
 *   <debugfs>/vfio_ccw/<cssid>.<ssid>.<sch_no>/state   FSM state name
 *   <debugfs>/vfio_ccw/<cssid>.<ssid>.<sch_no>/stats   FSM counters
 *
 * debugfs is optional: every failure here is silent and leaves the driver
 * working.  Removing a directory waits for readers of its files, so the
 * private outlives every show callback.
 */

#include <linux/compiler.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "vfio_ccw_private.h"

static struct dentry *vfio_ccw_debugfs_root;

static int vfio_ccw_state_show(struct seq_file *m, void *unused)
{
	struct vfio_ccw_private *private = m->private;

	seq_printf(m, "%s\n", vfio_ccw_state_name(READ_ONCE(private->state)));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vfio_ccw_state);

static int vfio_ccw_stats_show(struct seq_file *m, void *unused)
{
	struct vfio_ccw_private *private = m->private;
	const struct vfio_ccw_fsm_data *d = &private->fsm;

	seq_printf(m, "io_requests %lu\n", READ_ONCE(d->io_requests));
	seq_printf(m, "io_errors %lu\n", READ_ONCE(d->io_errors));
	seq_printf(m, "io_no_pfch %lu\n", READ_ONCE(d->io_no_pfch));
	seq_printf(m, "async_requests %lu\n", READ_ONCE(d->async_requests));
	seq_printf(m, "async_errors %lu\n", READ_ONCE(d->async_errors));
	seq_printf(m, "interrupts %lu\n", READ_ONCE(d->interrupts));
	seq_printf(m, "irq_inline %lu\n", READ_ONCE(d->irq_inline));
	seq_printf(m, "irq_ignored %lu\n", READ_ONCE(d->irq_ignored));
	seq_printf(m, "irq_overflow %lu\n", READ_ONCE(d->irq_overflow));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vfio_ccw_stats);

int vfio_ccw_debugfs_init(void)
{
	vfio_ccw_debugfs_root = debugfs_create_dir("vfio_ccw", NULL);
	return 0;
}

void vfio_ccw_debugfs_exit(void)
{
	debugfs_remove(vfio_ccw_debugfs_root);
	vfio_ccw_debugfs_root = NULL;
}

void vfio_ccw_debugfs_add(struct vfio_ccw_private *private)
{
	char name[16];

	if (IS_ERR_OR_NULL(vfio_ccw_debugfs_root))
		return;
	snprintf(name, sizeof(name), "%x.%x.%04x", private->schid.cssid,
		 private->schid.ssid, private->schid.sch_no);
	private->debugfs = debugfs_create_dir(name, vfio_ccw_debugfs_root);
	debugfs_create_file("state", 0444, private->debugfs, private,
			    &vfio_ccw_state_fops);
	debugfs_create_file("stats", 0444, private->debugfs, private,
			    &vfio_ccw_stats_fops);
}

void vfio_ccw_debugfs_remove(struct vfio_ccw_private *private)
{
	debugfs_remove(private->debugfs);
	private->debugfs = NULL;
}
