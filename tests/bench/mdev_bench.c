// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdev_bench: time mediated device creation and removal through sysfs at
 * two population sizes.  A static user-space program run in the guest by
 * tests/bench/bench.sh (make bench); never packaged.
 *
 *   mdev_bench CORE TYPE_DIR [TOTAL [BATCH [REPS [SMALL]]]]
 *
 * CORE is a label for the output, TYPE_DIR an mdev type directory
 * (.../mdev_supported_types/<type>) whose create file is used.  Defaults:
 * TOTAL 4096, BATCH 32, REPS 5, SMALL 64.
 *
 * After one untimed warm-up batch, for each level (SMALL and TOTAL
 * devices), REPS times: create BATCH new devices while SMALL (or TOTAL -
 * BATCH) exist, then remove BATCH devices spread evenly over the whole
 * population (in creation order, shifted a little from rep to rep), so
 * that a core keeping its devices in one list scans on average half of it
 * whichever end it starts from.  Between the levels the population is
 * filled up; at the end everything is removed.
 *
 * One line per timed batch on stdout, all of the form
 *   bench core=C op=create|remove level=L exist=N rep=R count=B ns=T
 * (exist: devices present before the batch; level: SMALL or TOTAL), plus
 * "bench core=C op=fill|drain count=N ns=T" and "bench core=C done".
 * Errors go to stderr; the exit status is 0 only if every write worked
 * and every device was removed again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define UUID_LEN 36
#define REMOVE_FMT "/sys/bus/mdev/devices/%s/remove"
#define SETTLE_MS 50

static const char *core;
static char create_path[4096];

/* Devices alive, as ids in creation order. */
static unsigned long *live;
static unsigned int nlive;
static unsigned long next_id;

/* Set during the warm-up batches, whose timings are not printed. */
static int quiet;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static unsigned long long mix64(unsigned long long x)
{
	/* splitmix64: a fixed, well spread id -> 64 bit mapping */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A deterministic version 4 uuid for @id. */
static void id_uuid(unsigned long id, char *buf)
{
	unsigned long long hi = mix64(2 * id), lo = mix64(2 * id + 1);

	hi = (hi & ~0xf000ULL) | 0x4000ULL;
	lo = (lo & ~(0x3ULL << 62)) | (0x2ULL << 62);
	snprintf(buf, UUID_LEN + 1, "%08llx-%04llx-%04llx-%04llx-%012llx",
		 hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
		 lo & 0xffffffffffffULL);
}

static int write_file(const char *path, const char *data, size_t len)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	err = n < 0 ? -errno : 0;
	if (close(fd) && !err)
		err = -errno;
	if (!err && (size_t)n != len)
		err = -EIO;
	return err;
}

static int create_one(void)
{
	char uuid[UUID_LEN + 1];
	int err;

	id_uuid(next_id, uuid);
	err = write_file(create_path, uuid, UUID_LEN);
	if (err) {
		fprintf(stderr, "mdev_bench: %s: create %s: %s\n", core, uuid,
			strerror(-err));
		return err;
	}
	live[nlive++] = next_id++;
	return 0;
}

/* Remove the device at position @pos of live[] (not compacted here). */
static int remove_at(unsigned int pos)
{
	char uuid[UUID_LEN + 1], path[128];
	int err;

	id_uuid(live[pos], uuid);
	snprintf(path, sizeof(path), REMOVE_FMT, uuid);
	err = write_file(path, "1", 1);
	if (err)
		fprintf(stderr, "mdev_bench: %s: remove %s: %s\n", core, uuid,
			strerror(-err));
	return err;
}

/* Drop the entries of live[] marked ~0UL. */
static void compact(void)
{
	unsigned int i, j = 0;

	for (i = 0; i < nlive; i++)
		if (live[i] != ~0UL)
			live[j++] = live[i];
	nlive = j;
}

static int fill_to(unsigned int target, const char *what)
{
	unsigned long long t0 = now_ns();
	unsigned int count = 0;

	while (nlive < target) {
		if (create_one())
			return -1;
		count++;
	}
	printf("bench core=%s op=%s count=%u ns=%llu\n", core, what, count,
	       now_ns() - t0);
	return 0;
}

/*
 * Let the kernel finish what the previous batch left to do later (RCU
 * callbacks, deferred frees) before the next batch is timed.
 */
static void settle(void)
{
	struct timespec ts = { .tv_nsec = SETTLE_MS * 1000000L };

	nanosleep(&ts, NULL);
}

static int timed_create(unsigned int level, unsigned int rep, unsigned int batch)
{
	unsigned int i, exist = nlive;
	unsigned long long t0;

	settle();
	t0 = now_ns();

	for (i = 0; i < batch; i++)
		if (create_one())
			return -1;
	if (!quiet)
		printf("bench core=%s op=create level=%u exist=%u rep=%u count=%u ns=%llu\n",
		       core, level, exist, rep, batch, now_ns() - t0);
	return 0;
}

/*
 * Remove @batch devices at evenly spaced positions of live[]; @rep shifts
 * the positions so that each rep takes other (older) devices.
 */
static int timed_remove(unsigned int level, unsigned int rep, unsigned int batch)
{
	unsigned int i, exist = nlive, stride = nlive / batch;
	unsigned int *pos;
	unsigned long long t0;

	pos = calloc(batch, sizeof(*pos));
	if (!pos)
		return -1;
	for (i = 0; i < batch; i++)
		pos[i] = i * stride + (rep * 7 + stride / 2) % stride;
	settle();
	t0 = now_ns();
	for (i = 0; i < batch; i++) {
		if (remove_at(pos[i])) {
			free(pos);
			return -1;
		}
	}
	t0 = now_ns() - t0;
	for (i = 0; i < batch; i++)
		live[pos[i]] = ~0UL;
	compact();
	free(pos);
	if (!quiet)
		printf("bench core=%s op=remove level=%u exist=%u rep=%u count=%u ns=%llu\n",
		       core, level, exist, rep, batch, t0);
	return 0;
}

static int level_run(unsigned int level, unsigned int batch, unsigned int reps)
{
	unsigned int rep;

	for (rep = 0; rep < reps; rep++) {
		if (timed_create(level, rep, batch) || timed_remove(level, rep, batch))
			return -1;
		fflush(stdout);
	}
	return 0;
}

/* Remove every device still alive, newest first; 0 if all went. */
static int drain_all(void)
{
	unsigned long long t0 = now_ns();
	unsigned int count = nlive;
	int ret = 0;

	while (nlive) {
		if (remove_at(nlive - 1))
			ret = -1;
		nlive--;
	}
	printf("bench core=%s op=drain count=%u ns=%llu\n", core, count,
	       now_ns() - t0);
	return ret;
}

static unsigned int arg_uint(int argc, char **argv, int i, unsigned int def)
{
	char *end;
	unsigned long v;

	if (i >= argc)
		return def;
	v = strtoul(argv[i], &end, 10);
	if (*end || !v || v > 1000000) {
		fprintf(stderr, "mdev_bench: bad number '%s'\n", argv[i]);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned int total, batch, reps, small;
	int ret = 0;

	if (argc < 3 || argc > 7) {
		fprintf(stderr,
			"usage: mdev_bench CORE TYPE_DIR [TOTAL [BATCH [REPS [SMALL]]]]\n");
		return 2;
	}
	core = argv[1];
	snprintf(create_path, sizeof(create_path), "%s/create", argv[2]);
	total = arg_uint(argc, argv, 3, 4096);
	batch = arg_uint(argc, argv, 4, 32);
	reps = arg_uint(argc, argv, 5, 5);
	small = arg_uint(argc, argv, 6, 64);
	if (small + batch > total - batch) {
		fprintf(stderr, "mdev_bench: SMALL + BATCH must stay below TOTAL - BATCH\n");
		return 2;
	}
	live = calloc(total, sizeof(*live));
	if (!live)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* a warm-up batch, then the measurements */
	quiet = 1;
	if (fill_to(small, "fill") || level_run(small, batch, 1))
		ret = 1;
	quiet = 0;
	if (ret ||
	    level_run(small, batch, reps) ||
	    fill_to(total - batch, "fill") ||
	    level_run(total, batch, reps))
		ret = 1;
	if (drain_all())
		ret = 1;
	if (!ret)
		printf("bench core=%s done\n", core);
	free(live);
	return ret;
}
