# SPDX-License-Identifier: GPL-2.0-only
"""A small KTAP (and TAP-ish) parser for KUnit reports.

It reads the text of one report (for example a copy of
/sys/kernel/debug/kunit/<suite>/results), builds the tree of tests from the
indentation, and flattens it to leaves:

  * a test with subtests (a suite, or a parameterised case) counts as its
    leaves; its own result line only adds a failure when it failed and none
    of its leaves did (e.g. a suite whose init failed);
  * "# SKIP" results are skips, "# TODO" results count as passes;
  * a plan ("1..N") that is not met, a group that never got its result
    line, or a report cut off in the middle are structural errors, so a
    crash mid-suite never reads as green;
  * a report with no result at all is an error too.

Usage as a library:  report = ktap.parse(text); report.tests, report.errors
Usage as a tool:     python3 harness/ktap.py FILE...   (exit 1 on failure)
"""

import re
import sys

PASS, FAIL, SKIP = "PASS", "FAIL", "SKIP"

_VERSION = re.compile(r"^(?:K?TAP) version \d+")
_PLAN = re.compile(r"^1\.\.(\d+)")
_SUBTEST = re.compile(r"^#\s*Subtest:\s*(.*?)\s*$")
_RESULT = re.compile(r"^(not ok|ok)\b(?:\s+(\d+))?\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*?))?\s*$")


class TestResult:
    """One leaf: a name (dotted path), a status, and a reason."""

    def __init__(self, name, status, reason=""):
        self.name = name
        self.status = status
        self.reason = reason

    def __repr__(self):
        return "TestResult(%r, %r, %r)" % (self.name, self.status, self.reason)


class Report:
    def __init__(self):
        self.tests = []
        self.errors = []

    def counts(self):
        c = {PASS: 0, FAIL: 0, SKIP: 0}
        for t in self.tests:
            c[t.status] += 1
        return c[PASS], c[FAIL] + len(self.errors), c[SKIP]

    def ok(self):
        return not self.errors and all(t.status != FAIL for t in self.tests)


class _Node:
    def __init__(self, name=None, indent=None):
        self.name = name          # from "# Subtest:" or the result line
        self.indent = indent      # indentation of the children's lines
        self.children = []
        self.plan = None
        self.status = None        # PASS/FAIL/SKIP once the result line is seen
        self.reason = ""
        self.number = None


def _indent(line):
    n = 0
    for ch in line:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 8 - n % 8
        else:
            break
    return n


def _status(okword, directive):
    d = (directive or "").strip()
    if re.match(r"(?i)^skip\b", d):
        return SKIP, d[4:].strip()
    if okword == "ok":
        return PASS, ""
    if re.match(r"(?i)^todo\b", d):
        return PASS, ""
    return FAIL, d


def _failure_reason(diag):
    """The first "... FAILED ..." diagnostic (and the line after it)."""
    for i, line in enumerate(diag):
        if "FAIL" in line.upper() and line.startswith("#"):
            text = re.sub(r"^#\s*(?:[\w.-]+:\s+)?", "", line)
            if i + 1 < len(diag) and not diag[i + 1].startswith("#"):
                text += ": " + diag[i + 1]
            return text[:200]
    return ""


def _tree(text):
    """Build the test tree; groups cut off by the end keep status None."""
    root = _Node(name="", indent=None)
    stack = [root]
    closed = None      # a group just left, waiting for its own result line
    pending_name = None
    diag = []          # the lines since the last result, for failure reasons
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        ind = _indent(line)
        body = line.strip()
        is_result = _RESULT.match(body)
        is_plan = _PLAN.match(body)
        is_version = _VERSION.match(body)
        sub = _SUBTEST.match(body)
        if not (is_result or is_plan or is_version or sub):
            diag.append(body)   # diagnostics and log output
            continue
        top = stack[-1]
        if top.indent is None:
            top.indent = ind
        if ind > top.indent:
            # A deeper level starts: the children of a test whose result
            # line comes later, at the current level.
            node = _Node(name=pending_name, indent=ind)
            pending_name = None
            stack.append(node)
            closed = None
            top = node
        while ind < top.indent and len(stack) > 1:
            closed = stack.pop()
            stack[-1].children.append(closed)
            top = stack[-1]
        if not is_result:
            closed = None       # a group left without its own result line
        if sub:
            # "# Subtest: x" names the group at this level when it opens it
            # (KTAP v1 prints it at the children's indentation), else the
            # group that starts on the next, deeper line.
            if top is not root and top.name is None and not top.children and top.plan is None:
                top.name = sub.group(1)
            else:
                pending_name = sub.group(1)
            continue
        if is_version:
            continue
        if is_plan:
            if top.plan is None and not top.children:
                top.plan = int(is_plan.group(1))
            continue
        okword, num, name, directive = is_result.groups()
        status, reason = _status(okword, directive)
        if status == FAIL and not reason:
            reason = _failure_reason(diag)
        diag = []
        if closed is not None and closed.status is None:
            node = closed
            closed = None
            if not node.name:
                node.name = name
        else:
            node = _Node(name=name)
            top.children.append(node)
        if name and not node.name:
            node.name = name
        node.status = status
        node.reason = reason
        node.number = int(num) if num else None
    while len(stack) > 1:
        node = stack.pop()
        stack[-1].children.append(node)
    return root


def _flatten(node, prefix, report):
    """Append node's leaves to report; returns the number of failures."""
    name = node.name or "?"
    path = prefix + "." + name if prefix else name
    if node.plan is not None and len(node.children) < node.plan:
        report.errors.append("%s: %d of %d planned tests missing (crashed or cut off?)"
                             % (path, node.plan - len(node.children), node.plan))
    if not node.children:
        if node.status is None:
            # a group header with neither results nor its own result line
            report.errors.append("%s: no result" % path)
            return 1
        report.tests.append(TestResult(path, node.status, node.reason))
        return 1 if node.status == FAIL else 0
    fails = 0
    for child in node.children:
        fails += _flatten(child, path, report)
    if node.status is None:
        report.errors.append("%s: no result line for the group (crashed or cut off?)" % path)
        fails += 1
    elif node.status == FAIL and fails == 0:
        report.tests.append(TestResult(path, FAIL, node.reason or "failed with no failing subtest"))
        fails += 1
    return fails


def parse(text, name=""):
    """Parse one KTAP report.  name prefixes the test paths when the report
    has no top-level name of its own."""
    report = Report()
    root = _tree(text)
    if root.plan is not None and len(root.children) < root.plan:
        report.errors.append("%s: %d of %d planned tests missing (crashed or cut off?)"
                             % (name or "report", root.plan - len(root.children), root.plan))
    for child in root.children:
        _flatten(child, name if (name and child.name != name) else "", report)
    if not report.tests and not report.errors:
        report.errors.append("%s: no test results" % (name or "report"))
    return report


def main(argv):
    bad = False
    for path in argv or ["-"]:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8", errors="replace").read()
        rep = parse(text)
        for t in rep.tests:
            print("%s %s%s" % (t.status, t.name, (": " + t.reason) if t.reason and t.status != PASS else ""))
        for e in rep.errors:
            print("FAIL %s" % e)
        p, f, s = rep.counts()
        print("%d passed, %d failed%s" % (p, f, ", %d skipped" % s if s else ""))
        bad = bad or not rep.ok()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
