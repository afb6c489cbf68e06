/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sysfs access for the KUnit suites: the tests drive the mdev core and
 * vfio_ccw through the same files userspace uses, from kernel context.
 */
#ifndef VCD_KUNIT_SYSFS_H
#define VCD_KUNIT_SYSFS_H

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/types.h>

/* Write @len bytes of @buf to @path: the write's result or an errno. */
static inline ssize_t kt_sysfs_write(const char *path, const char *buf,
				     size_t len)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open(path, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, buf, len, &pos);
	filp_close(f, NULL);
	return n;
}

/*
 * Read at most @size - 1 bytes of @path into @buf, NUL-terminated: the
 * byte count or an errno.
 */
static inline ssize_t kt_sysfs_read(const char *path, char *buf, size_t size)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, size - 1, &pos);
	filp_close(f, NULL);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

static inline bool kt_sysfs_exists(const char *path)
{
	struct path p;

	if (kern_path(path, LOOKUP_FOLLOW, &p))
		return false;
	path_put(&p);
	return true;
}

#endif /* VCD_KUNIT_SYSFS_H */
