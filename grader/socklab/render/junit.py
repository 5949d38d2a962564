"""JUnit XML, as CI test tabs read it."""

import xml.etree.ElementTree as ET

from .. import inert
from ..results import explanation, outcome


def xml_text(text, one_line=False):
    return inert.for_xml(text, one_line=one_line)


def intake_text(run):
    return "\n".join(f"not graded: {xml_text(p, one_line=True)}: {why}" for p, why in run.unmapped)


def render(run):
    """JUnit XML, as CI test tabs read it: a testsuite per lab, a testcase per check (its
    points in the name); a failed check is a <failure>, a check not run a <skipped>, advice
    a passing testcase with the advice in <system-out>. Nothing graded: one <error>."""
    suites = ET.Element("testsuites", name="socklab")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "time": 0.0}
    if run.error:
        suite = ET.SubElement(suites, "testsuite", name="intake", tests="1", failures="0",
                              errors="1", skipped="0", time="0.000")
        case = ET.SubElement(suite, "testcase", classname="intake", name="the submission can be graded", time="0.000")
        ET.SubElement(case, "error", message=xml_text(run.error)).text = xml_text(intake_text(run))
        totals["tests"] = totals["errors"] = 1
    for r in run.results:
        counts = {"tests": len(r.checks), "failures": 0, "errors": 0, "skipped": 0}
        elapsed = sum(c.duration for c in r.checks)
        suite = ET.SubElement(suites, "testsuite", name=f"{r.lab}: {r.title}")
        props = ET.SubElement(suite, "properties")
        for name, value in (("source", r.source), ("score", r.score), ("max_score", r.max_score)):
            ET.SubElement(props, "property", name=name, value=xml_text(str(value)))
        for c in r.checks:
            what = outcome(c)
            points = "" if c.kind == "build" or what == "n/a" else " [advice]" if c.advice else \
                f" [{c.points}/{c.max_points}]"
            case = ET.SubElement(suite, "testcase", classname=r.lab, name=xml_text(c.title + points),
                                 time=f"{c.duration:.3f}")
            if what == "fail":
                counts["failures"] += 1
                ET.SubElement(case, "failure", message=xml_text(c.message or "failed"),
                              type=c.id).text = xml_text(explanation(c))
            elif what in ("skip", "n/a"):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=xml_text(c.message or what))
            elif what == "advice":
                ET.SubElement(case, "system-out").text = xml_text("advice (no points): " + explanation(c))
            elif c.message:
                ET.SubElement(case, "system-out").text = xml_text(c.message)
        notes = r.notes + run.notes + [f"not graded: {xml_text(p, one_line=True)}: {why}"
                                       for p, why in run.unmapped]
        if notes:
            ET.SubElement(suite, "system-out").text = xml_text("\n".join(notes))
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", f"{elapsed:.3f}")
        totals["time"] += elapsed
    for key, value in totals.items():
        suites.set(key, f"{value:.3f}" if key == "time" else str(value))
    ET.indent(suites, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
