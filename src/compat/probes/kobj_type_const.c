// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_KOBJ_TYPE_CONST
 *
 * Upstream: the kobject series that made struct kobj_type constant
 * ("kobject: make kobject_init_and_add() take a const struct kobj_type"
 * and its neighbours, v6.2; Debian's 6.1 has it too).  A kobject type may
 * then live in read-only memory.
 */
#include <linux/kobject.h>

#ifndef VCD_PROBE_LACK
static const struct kobj_type vcd_probe_ktype;

static int __maybe_unused vcd_probe(struct kobject *kobj)
{
	return kobject_init_and_add(kobj, &vcd_probe_ktype, NULL, "vcd");
}
#else
/* The older form: a kobject's type is writable through it. */
static void __maybe_unused vcd_probe(struct kobject *kobj)
{
	kobj->ktype->release = NULL;
}
#endif
