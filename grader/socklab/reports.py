"""Renderings of the results model for CI, test tabs and classrooms: JUnit XML, Markdown (a CI
step summary, a student's report) and GitHub Classroom's autograding result.

Each renderer takes a run, as grader/grade builds it: run.results (one LabResult per lab, its
checks in run order), run.unmapped ((path, reason) of files not graded), run.notes, run.stopped
(why grading stopped early, or "") and run.error (why nothing could be graded, or "").
The pretty, TAP and JSON renderings live in grader/grade itself.

The run holds the submission's text as it came; each renderer here makes it inert for its
format as it renders (socklab/inert.py): XML text, Markdown text, cells, code and fenced blocks,
and the job log GitHub Classroom's reporter prints the messages to.
"""

import base64
import json
import xml.etree.ElementTree as ET

from . import inert


def outcome(check):
    """What a check's result means for a reader: pass, fail, advice (failed, worth nothing),
    skip (not run: something it needs failed) or n/a (out of the score)."""
    if not check.scored:
        return "n/a"
    if check.status == "fail" and check.advice:
        return "advice"
    return check.status


def score(run):
    return sum(r.score for r in run.results), sum(r.max_score for r in run.results)


def status(run):
    """pass (full marks), fail (below) or error (the grader could not grade the input)."""
    if run.error:
        return "error"
    got, best = score(run)
    return "pass" if got == best else "fail"


def explanation(check):
    """A failure in plain text: the message, then what was expected, seen and the hint."""
    parts = [check.message] if check.message else []
    for label, text in (("expected", check.expected), ("seen", check.actual), ("hint", check.hint)):
        if text:
            parts.append(f"{label}: {text}")
    return "\n".join(parts)


# --- JUnit XML ---------------------------------------------------------------------------

def xml_text(text, one_line=False):
    return inert.for_xml(text, one_line=one_line)


def render_junit(run):
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


def intake_text(run):
    return "\n".join(f"not graded: {xml_text(p, one_line=True)}: {why}" for p, why in run.unmapped)


# --- Markdown ----------------------------------------------------------------------------

UNMAPPED_SHOWN = 50  # files not graded listed in a Markdown report

ICONS = {"pass": "✅ OK", "fail": "❌ FAIL", "advice": "💡 ADVICE", "skip": "⏭️ SKIP", "n/a": "➖ N/A"}


md, cell, code, fenced = inert.for_markdown, inert.markdown_cell, inert.markdown_code, inert.markdown_block


def render_markdown(run, title="socklab"):
    """Markdown for a CI step summary ($GITHUB_STEP_SUMMARY) or a student's report: the score,
    a table of checks per lab, then what to fix, each cause explained once."""
    got, best = score(run)
    out = [f"# {md(title)}: " + ("not graded" if run.error else f"{got}/{best}"), ""]
    if run.error:
        out += [f"**The submission could not be graded:** {md(run.error)}", ""]
    if run.stopped:
        out += [f"**Grading stopped early:** {md(run.stopped)}", ""]
    if run.unmapped:
        shown = run.unmapped[:UNMAPPED_SHOWN]
        out += ["Files not graded:", ""] + [f"- {code(p)}: {md(why)}" for p, why in shown]
        if len(run.unmapped) > len(shown):
            out.append(f"- and {len(run.unmapped) - len(shown)} more (all are in the JSON results)")
        out.append("")
    for note in run.notes:
        out += [f"- {md(note)}"]
    if run.notes:
        out.append("")
    for r in run.results:
        out += [f"## lab {md(r.lab)}: {md(r.title)} ({r.score}/{r.max_score})", "",
                f"Submission: {code(r.source)}", "",
                "| result | check | points | time |", "|---|---|--:|--:|"]
        for c in r.checks:
            what = outcome(c)
            points = "" if c.kind == "build" or what == "n/a" else "advice" if c.advice else f"{c.points}/{c.max_points}"
            out.append(f"| {ICONS[what]} | {cell(c.title)} | {points} | {c.duration:.2f} s |")
        out.append("")
        out += markdown_failures(r)
        out += [f"- {md(note)}" for note in r.notes]
        if r.notes:
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def markdown_failures(r):
    """What to fix in one lab: each failure with what was expected, seen and the hint; a
    failure with the same cause as one above points at it instead of repeating it."""
    out, causes = [], {}
    for c in r.checks:
        what = outcome(c)
        if what not in ("fail", "advice"):
            continue
        if not out:
            out += ["### What to fix", ""]
        label = "" if what == "advice" or c.kind == "build" else f" ({c.points}/{c.max_points})"
        out += [f"#### {ICONS[what].split()[0]} {md(c.title)}{label}", ""]
        key = (c.message, c.actual, c.hint)
        if key in causes:
            out += [md(f"{c.message}: same cause as \"{causes[key]}\" above"), ""]
            continue
        causes[key] = c.title
        if c.message:
            out += [fenced(c.message) if "\n" in c.message else md(c.message), ""]
        for name, text in (("expected", c.expected), ("seen", c.actual)):
            if text:
                out += [f"{name}:", "", fenced(text), ""]
        if c.hint:
            out += [f"**hint:** {md(c.hint)}", ""]
    return out


# --- GitHub Classroom ------------------------------------------------------------------------

CLASSROOM_MESSAGE_MAX = 1000  # characters per test: the result travels in an environment
                              # variable, and Linux refuses one over 128 KiB

def classroom_result(run):
    """The result GitHub Classroom's autograding reporter (education/autograding-grading-reporter)
    reads from a runner step: {version, status, max_score, tests: [{name, status, score,
    message, test_code, filename, line_no, execution_time}]}. The reporter adds up the tests'
    scores against max_score; checks out of the score (not applicable) are left out. The
    reporter prints names and messages to the job's log: they are quoted for it."""
    tests = []
    if run.error:
        tests.append({"name": "the submission can be graded", "status": "error", "score": 0,
                      "message": inert.for_terminal(run.error), "test_code": "grader/grade", "filename": "",
                      "line_no": 0, "execution_time": "0.00s"})
    for r in run.results:
        for c in r.checks:
            if not c.scored:
                continue
            what = outcome(c)
            message = explanation(c) if what != "pass" else c.message
            if what == "advice":
                message = "advice (no points): " + message
            if len(message) > CLASSROOM_MESSAGE_MAX:
                message = message[:CLASSROOM_MESSAGE_MAX] + "\n(truncated: the full report is in the job's log)"
            tests.append({"name": inert.for_terminal(f"lab {r.lab}: {c.title}", one_line=True),
                          "status": "pass" if what == "pass" else "fail",
                          "score": c.points, "max_score": c.max_points,
                          "message": inert.for_terminal(message),
                          "test_code": f"{r.lab}/{c.id}", "filename": "", "line_no": 0,
                          "execution_time": f"{c.duration:.2f}s"})
    _, best = score(run)
    return {"version": 1, "status": status(run), "max_score": best, "tests": tests}


def render_classroom(run):
    """The line a GitHub Actions step appends to $GITHUB_OUTPUT: result=<base64 of the JSON
    result>, as the classroom's runner actions set their `result` output."""
    data = json.dumps(classroom_result(run), separators=(",", ":"))
    return "result=" + base64.b64encode(data.encode()).decode() + "\n"
