"""Markdown: a CI step summary ($GITHUB_STEP_SUMMARY), a student's report in a class."""

from .. import inert
from ..results import outcome, score


UNMAPPED_SHOWN = 50  # files not graded listed in a Markdown report

ICONS = {"pass": "✅ OK", "fail": "❌ FAIL", "advice": "💡 ADVICE", "skip": "⏭️ SKIP", "n/a": "➖ N/A"}


md, cell, code, fenced = inert.for_markdown, inert.markdown_cell, inert.markdown_code, inert.markdown_block


def render(run, title="socklab"):
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
