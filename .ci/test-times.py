#!/usr/bin/env python3
"""Writes .ci/test-times.txt from the surefire reports of a full run (target/surefire-reports, or the folders
given): one line per test method, in surefire's own statistics format (runs,milliseconds,class,method).

.ci/run copies it to .surefire-suite, which surefire's runOrder=balanced reads (pom.xml): the longest test
classes start first, so that no fork is left with a long class at the end while the others are idle.
Refresh it after a full run when test classes were added or became much slower or faster."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

folders = sys.argv[1:] or ["target/surefire-reports"]
times = {}
for folder in folders:
    for report in glob.glob(os.path.join(folder, "TEST-*.xml")):
        root = ET.parse(report).getroot()
        for case in root.iter("testcase"):
            if case.find("skipped") is not None:
                continue  # a skip says nothing of how long the test takes where it runs
            key = (case.get("classname"), re.sub(r"\s+", " ", case.get("name")))
            millis = int(float(case.get("time") or 0) * 1000)
            times.setdefault(key, millis)  # the first folder given wins
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-times.txt")
with open(out, "w") as f:
    for (cls, method), millis in sorted(times.items()):
        f.write(f"1,{millis},{cls},{method}\n")
print(f"{out}: {len(times)} tests of {len({c for c, _ in times})} classes")
