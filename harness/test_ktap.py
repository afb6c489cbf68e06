# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for harness/ktap.py:  cd harness && python3 -m unittest test_ktap
(or from the top: python3 -m unittest discover -s harness -p 'test_*.py')."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402


def _lines(*lines):
    return "\n".join(lines) + "\n"


# What /sys/kernel/debug/kunit/<suite>/results looks like on 6.x kernels.
ALL_PASS = _lines(
    "KTAP version 1",
    "1..1",
    "    KTAP version 1",
    "    # Subtest: demo",
    "    # module: demo_test",
    "    1..3",
    "    ok 1 first",
    "    ok 2 second",
    "    ok 3 third",
    "# demo: pass:3 fail:0 skip:0 total:3",
    "# Totals: pass:3 fail:0 skip:0 total:3",
    "ok 1 demo",
)


# Captured from /sys/kernel/debug/kunit/<suite>/results of a 6.12 s390x test
# kernel running a self-test module (pass, fail, skip, parameterised case
# with a failing parameter, whose diagnostics sit at the case's level).
CAPTURED_612 = _lines(
    "KTAP version 1",
    "1..1",
    "    KTAP version 1",
    "    # Subtest: vcd_selftest",
    "    1..4",
    "    ok 1 vcd_pass",
    "    # vcd_fail: EXPECTATION FAILED at /tmp/x/vcd_selftest.c:12",
    "    Expected 3 == 1 + 1, but",
    "        1 + 1 == 2 (0x2)",
    "    not ok 2 vcd_fail",
    "    ok 3 vcd_skip # SKIP nothing to see",
    "        KTAP version 1",
    "        # Subtest: vcd_param",
    "        ok 1 value-1",
    "    # vcd_param: EXPECTATION FAILED at /tmp/x/vcd_selftest.c:32",
    "    Expected *v != 2, but",
    "        *v == 2 (0x2)",
    "        not ok 2 value-2",
    "        ok 3 value-3",
    "    # vcd_param: pass:2 fail:1 skip:0 total:3",
    "    not ok 4 vcd_param",
    "    # module: vcd_selftest",
    "# vcd_selftest: pass:1 fail:2 skip:1 total:4",
    "# Totals: pass:3 fail:2 skip:1 total:6",
    "not ok 1 vcd_selftest",
)


class KtapTest(unittest.TestCase):
    def names(self, rep, status=None):
        return [t.name for t in rep.tests if status is None or t.status == status]

    def test_all_pass(self):
        rep = ktap.parse(ALL_PASS)
        self.assertEqual(self.names(rep), ["demo.first", "demo.second", "demo.third"])
        self.assertEqual(rep.counts(), (3, 0, 0))
        self.assertTrue(rep.ok())
        self.assertEqual(rep.errors, [])

    def test_name_prefix_not_doubled(self):
        rep = ktap.parse(ALL_PASS, name="demo")
        self.assertEqual(self.names(rep)[0], "demo.first")

    def test_failing_case(self):
        text = _lines(
            "KTAP version 1",
            "1..1",
            "    KTAP version 1",
            "    # Subtest: demo",
            "    1..2",
            "    ok 1 good",
            "    # bad: EXPECTATION FAILED at demo.c:12",
            "    Expected 1 == 2, but",
            "    not ok 2 bad",
            "not ok 1 demo",
        )
        rep = ktap.parse(text)
        self.assertEqual(self.names(rep, ktap.FAIL), ["demo.bad"])
        self.assertEqual(rep.counts(), (1, 1, 0))
        self.assertFalse(rep.ok())

    def test_skipped_case(self):
        text = _lines(
            "KTAP version 1",
            "1..1",
            "    KTAP version 1",
            "    # Subtest: demo",
            "    1..2",
            "    ok 1 good",
            "    ok 2 needs_hw # SKIP no hardware here",
            "ok 1 demo",
        )
        rep = ktap.parse(text)
        self.assertEqual(rep.counts(), (1, 0, 1))
        skipped = [t for t in rep.tests if t.status == ktap.SKIP]
        self.assertEqual(skipped[0].name, "demo.needs_hw")
        self.assertEqual(skipped[0].reason, "no hardware here")
        self.assertTrue(rep.ok())

    def test_whole_suite_skipped(self):
        rep = ktap.parse(_lines("KTAP version 1", "1..1",
                                "ok 1 demo # SKIP not on this arch"))
        self.assertEqual(rep.counts(), (0, 0, 1))
        self.assertTrue(rep.ok())

    def test_parameterized(self):
        text = _lines(
            "KTAP version 1",
            "1..1",
            "    KTAP version 1",
            "    # Subtest: demo",
            "    1..3",
            "    ok 1 plain",
            "        KTAP version 1",
            "        # Subtest: params",
            "        ok 1 zero",
            "        ok 2 one",
            "        not ok 3 two",
            "        ok 4 three # SKIP not relevant",
            "    # params: pass:2 fail:1 skip:1 total:4",
            "    not ok 2 params",
            "        KTAP version 1",
            "        # Subtest: more",
            "        ok 1 a",
            "        ok 2 b",
            "    ok 3 more",
            "not ok 1 demo",
        )
        rep = ktap.parse(text)
        self.assertEqual(self.names(rep), [
            "demo.plain", "demo.params.zero", "demo.params.one", "demo.params.two",
            "demo.params.three", "demo.more.a", "demo.more.b"])
        self.assertEqual(rep.counts(), (5, 1, 1))
        self.assertEqual(rep.errors, [])

    def test_captured_612(self):
        rep = ktap.parse(CAPTURED_612, name="vcd_selftest")
        self.assertEqual(rep.errors, [])
        self.assertEqual(rep.counts(), (3, 2, 1))
        failed = {t.name: t.reason for t in rep.tests if t.status == ktap.FAIL}
        self.assertEqual(sorted(failed), ["vcd_selftest.vcd_fail",
                                          "vcd_selftest.vcd_param.value-2"])
        self.assertEqual(failed["vcd_selftest.vcd_fail"],
                         "EXPECTATION FAILED at /tmp/x/vcd_selftest.c:12: Expected 3 == 1 + 1, but")
        self.assertIn("vcd_selftest.c:32", failed["vcd_selftest.vcd_param.value-2"])

    def test_failed_group_without_failed_leaf(self):
        # e.g. the suite init failed after the cases passed
        text = _lines("KTAP version 1", "1..1",
                      "    # Subtest: demo", "    1..1", "    ok 1 a",
                      "not ok 1 demo # suite_exit failed")
        rep = ktap.parse(text)
        self.assertEqual(rep.counts(), (1, 1, 0))
        self.assertEqual(self.names(rep, ktap.FAIL), ["demo"])

    def test_crash_mid_suite(self):
        text = _lines(
            "KTAP version 1",
            "1..1",
            "    KTAP version 1",
            "    # Subtest: demo",
            "    1..4",
            "    ok 1 first",
            "    ok 2 second",
            "        KTAP version 1",
            "        # Subtest: params",
            "        ok 1 zero",
        )
        rep = ktap.parse(text)
        self.assertFalse(rep.ok())
        self.assertEqual(self.names(rep, ktap.PASS),
                         ["demo.first", "demo.second", "demo.params.zero"])
        joined = "\n".join(rep.errors)
        self.assertIn("demo: 1 of 4 planned tests missing", joined)
        self.assertIn("demo.params: no result line", joined)
        self.assertIn("demo: no result line", joined)
        self.assertGreaterEqual(rep.counts()[1], 3)

    def test_plan_not_met(self):
        text = _lines("KTAP version 1", "1..1",
                      "    KTAP version 1", "    # Subtest: demo", "    1..3",
                      "    ok 1 a", "ok 1 demo")
        rep = ktap.parse(text)
        self.assertFalse(rep.ok())
        self.assertIn("demo: 2 of 3 planned tests missing", rep.errors[0])

    def test_header_only(self):
        rep = ktap.parse(_lines("KTAP version 1", "1..1",
                                "    KTAP version 1", "    # Subtest: demo", "    1..2"))
        self.assertFalse(rep.ok())
        self.assertEqual(rep.tests, [])

    def test_empty_report(self):
        for text in ("", "\n\n", _lines("KTAP version 1", "1..0")):
            rep = ktap.parse(text, name="demo")
            self.assertFalse(rep.ok(), repr(text))
            self.assertEqual(rep.tests, [])
            self.assertIn("no test results", rep.errors[0])

    def test_old_style_and_tabs(self):
        # 5.x style: TAP header, suite header indented with a tab, no
        # per-level version lines, "-" between number and name.
        text = _lines("TAP version 14", "1..1",
                      "\t# Subtest: old", "\t1..2",
                      "\tok 1 - a", "\tnot ok 2 - b # TODO later",
                      "ok 1 - old")
        rep = ktap.parse(text)
        self.assertEqual(self.names(rep), ["old.a", "old.b"])
        self.assertEqual(rep.counts(), (2, 0, 0))

    def test_two_suites(self):
        two = ALL_PASS.replace("1..1\n", "1..2\n", 1) + _lines(
            "    KTAP version 1", "    # Subtest: other", "    1..1",
            "    not ok 1 x", "not ok 2 other")
        rep = ktap.parse(two)
        self.assertEqual(rep.counts(), (3, 1, 0))
        self.assertEqual(self.names(rep, ktap.FAIL), ["other.x"])

    def test_log_noise_ignored(self):
        text = ALL_PASS.replace("    ok 2 second",
                                "    some printk text 1..9\n    ok 2 second")
        self.assertEqual(ktap.parse(text).counts(), (3, 0, 0))


if __name__ == "__main__":
    unittest.main()
