"""HTML renderings of the results model: a student's report (grade --html FILE) and the class
dashboard (grade class writes OUT/index.html beside OUT/students/NAME.html).

Each page stands alone: inline CSS, inline SVG, a few lines of inline script (sorting the
dashboard's grid), nothing fetched; its Content-Security-Policy tells the browser so too, so a
page opened from file:// or mailed to a TA looks the same anywhere. Colour is never the only
signal (every outcome has its symbol and its word), the pages print legibly and fit a phone.

A lab 05-10 check writes its conversation into the failure's "seen" text, one step a line,
the step that went wrong ending in "   <- here", then how the programs stand ("(the server is
still running)", "its stderr: ..."): conversation() reads that back into the two sides of a
chat. A "seen" text without that marker is shown as it was written.

Renderers only read: render_report takes the run grader/grade builds (as every module of render/ does),
render_dashboard the students' JSON results and the tallies grade class made of them.
"""

import base64
import hashlib
import re
import urllib.parse

from .. import results as model
from ..inert import for_html
from .markdown import UNMAPPED_SHOWN

# --- what a submission wrote, made inert --------------------------------------------------

# Control characters but '\n' and '\t', DEL, C1 controls, bidi overrides and isolates, line
# separators: what a browser (or a terminal the page's text is pasted into) would act on.


def inert(text):
    """Text for the page, in an element or a quoted attribute: the one rule of inert.py."""
    return for_html(str(text))


def code_spans(text):
    """A handout's concept ("`htons()` / byte order") with its `code` spans as <code>."""
    parts = inert(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


# --- the page ----------------------------------------------------------------------------

# Nothing is fetched; styles are inline. A script runs only if it is the page's own: the
# policy names its hash (the dashboard's sorting), or none at all (a student's page). So a
# <script> that ever slipped through the escaping would still not run.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src {scripts}; img-src data:"

CSS = """
:root { --ok: #1a7f37; --fail: #b42318; --advice: #8a5a00; --skip: #57606a; --line: #d0d7de;
  --soft: #f6f8fa; --ink: #1f2328; }
* { box-sizing: border-box; }
body { font: 16px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); margin: 0 auto;
  max-width: 72rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
code, pre, .mono { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .88em; }
pre { background: var(--soft); border: 1px solid var(--line); padding: .5rem; margin: .25rem 0;
  white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.scroll { overflow-x: auto; position: relative; }  /* relative: holds the grid's hidden words */
.pass { color: var(--ok); } .fail { color: var(--fail); } .advice { color: var(--advice); }
.skip, .na, .absent { color: var(--skip); }
.badge { display: inline-block; font-weight: bold; white-space: nowrap; }
.summary { font-size: 1.1rem; margin: .25rem 0 1rem; }
.notice { border-left: 4px solid var(--fail); background: #fff5f5; padding: .5rem .75rem; }
.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); padding: .75rem;
  margin: 1rem 0; break-inside: avoid; }
.failure.advice-failure { border-left-color: var(--advice); }
.label { font-weight: bold; }
.hint { background: #fff8e1; padding: .4rem .6rem; }
.concept { color: var(--skip); font-size: .9em; }
.talk { list-style: none; padding: 0; margin: .25rem 0; display: grid; grid-template-columns: 1fr 1fr; gap: .3rem .75rem; }
.talk .sides { font-weight: bold; border-bottom: 2px solid var(--line); }
.step { border: 1px solid var(--line); border-radius: .5rem; padding: .3rem .5rem; overflow-wrap: anywhere; }
.step.left { grid-column: 1; } .step.right { grid-column: 2; }
.step.both { grid-column: 1 / 3; text-align: center; border-style: dashed; }
.step.wire { background: #eef6ff; } .step.typed { background: #f3f0ff; } .step.printed { background: var(--soft); }
.step .who { display: block; font-size: .8em; color: var(--skip); }
.step.wrong { border: 3px solid var(--fail); background: #fff5f5; }
.step.wrong .who::before { content: "\\2717  went wrong here \\2014  "; color: var(--fail); font-weight: bold; }
.after { margin: .25rem 0; padding-left: 1.25rem; }
.bar { display: inline-block; vertical-align: middle; }
.grid td, .grid th { text-align: center; padding: .2rem .3rem; }
.grid td.student, .grid th.student { text-align: left; white-space: nowrap; }
.grid th.check { font-size: .8em; }
.grid .cell { font-weight: bold; }
button.sort { font: inherit; font-weight: bold; background: none; border: 1px solid var(--line);
  border-radius: .3rem; padding: .1rem .4rem; cursor: pointer; }
.legend span { margin-right: 1rem; white-space: nowrap; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 40rem) {
  body { padding: .5rem; font-size: 15px; }
  .talk { grid-template-columns: 1fr; } .talk .sides { display: none; }
  .step.left, .step.right, .step.both { grid-column: 1; }
  .step.right { margin-left: 1.5rem; } .step.left { margin-right: 1.5rem; }
  td.time, th.time { display: none; }
  .bar { display: none; }
}
@media print {
  body { max-width: none; font-size: 11pt; padding: 0; }
  button.sort { border: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; }
  .step, .failure, pre { background: none !important; }
  h2 { break-after: avoid; } tr { break-inside: avoid; }
}
"""

# outcome -> (symbol, word): the symbol and the word say it, the colour only repeats it.
OUTCOMES = {"pass": ("\u2713", "OK"), "fail": ("\u2717", "FAIL"), "advice": ("!", "ADVICE"),
            "skip": ("\u25cb", "SKIP"), "n/a": ("\u2013", "N/A")}
CSS_CLASS = {"pass": "pass", "fail": "fail", "advice": "advice", "skip": "skip", "n/a": "na"}


def badge(what):
    symbol, word = OUTCOMES[what]
    return f'<span class="badge {CSS_CLASS[what]}"><span aria-hidden="true">{symbol}</span> {word}</span>'


def page(title, body, script=""):
    scripts = "'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        scripts = f"'sha256-{digest}'"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY.format(scripts=scripts)}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<link rel=\"icon\" href=\"data:,\">\n"
            f"<title>{inert(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}"
            + (f"<script>{script}</script>\n" if script else "") + "</body>\n</html>\n")


# --- conversations -----------------------------------------------------------------------

MARK = "   <- here"
ROLE = re.compile(r"\b(grader|server|client)\b")
WIRE = re.compile(r"^(grader|server|client) -> (grader|server|client): ")


def kind_of(line):
    """What one step of a conversation is: a message on the wire, text typed on a program's
    stdin, a line it printed, or anything else that happened."""
    if WIRE.match(line):
        return "wire"
    if line.startswith("typed on the "):
        return "typed"
    if re.match(r"^(server|client) printed\b", line):
        return "printed"
    return "event"


def conversation(seen):
    """A check's "seen" text read as a conversation: (steps, after), steps a list of (actor,
    kind, text, wrong), actor the first side the line names (None: neither), after the lines
    on how the programs stand; None when the text holds no conversation (no marked step)."""
    lines = seen.split("\n")
    marked = [i for i, line in enumerate(lines) if line.endswith(MARK)]
    if len(marked) != 1:
        return None
    steps = []
    for i, line in enumerate(lines[:marked[0] + 1]):
        text = line[:-len(MARK)] if i == marked[0] else line
        m = ROLE.search(text)
        steps.append((m[1] if m else None, kind_of(text), text, i == marked[0]))
    return steps, [line for line in lines[marked[0] + 1:] if line.strip()]


def sides(steps):
    """The two columns of a conversation, (left, right) with left the side that connects: the
    grader plays whichever of the client and the server the student's program is not."""
    actors = {a for a, _, _, _ in steps if a}
    if "server" in actors and "client" not in actors:
        return "grader", "server"
    if "client" in actors and "server" not in actors:
        return "client", "grader"
    return "client", "server"


def side_name(actor, other):
    if actor == "grader":
        return f"the grader (as the {'client' if other == 'server' else 'server'})"
    return f"your {actor}"


def render_conversation(steps, after):
    left, right = sides(steps)
    out = ['<ol class="talk" aria-label="the conversation, step by step">',
           f'<li class="sides" aria-hidden="true">{side_name(left, right)}</li>',
           f'<li class="sides" aria-hidden="true">{side_name(right, left)}</li>']
    for actor, kind, text, wrong in steps:
        column = "left" if actor == left else "right" if actor == right else "both"
        who = side_name(actor, right if actor == left else left) if column != "both" else "the check"
        if kind == "typed":
            who = f"typed on the {actor}'s stdin"
        elif kind == "wire":
            who += " sends \u2192" if column == "left" else " sends \u2190" if column == "right" else " sends"
        elif kind == "printed":
            who += " prints on its stdout"
        if kind != "event":  # the label says who sent, typed or printed: the line's quote is left
            text = text.split(": ", 1)[-1]
        classes = f"step {column} {kind}" + (" wrong" if wrong else "")
        out.append(f'<li class="{classes}"><span class="who">{inert(who)}</span>'
                   f'<span class="mono">{inert(text)}</span></li>')
    out.append("</ol>")
    if after:
        out.append('<ul class="after">' + "".join(f"<li>{inert(a)}</li>" for a in after) + "</ul>")
    return "\n".join(out)


def seen_block(text):
    talk = conversation(text)
    if talk:
        return ('<div><span class="label">seen</span> (the conversation up to the step that went '
                'wrong, marked \u2717):</div>\n' + render_conversation(*talk))
    return f'<div class="label">seen</div>\n<pre>{inert(text.rstrip())}</pre>'


# --- a student's report ------------------------------------------------------------------

def points_of(check):
    what = model.outcome(check)
    if check.kind == "build" or what == "n/a":
        return ""
    return "advice" if check.advice else f"{check.points}/{check.max_points}"


def anchor(lab, check_id):
    return "check-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{lab}-{check_id}")


def failure_block(r, c, causes, concepts):
    """One failure or advice: its title and points, the concept, what was expected and seen
    (a conversation when it is one), the hint; a cause explained above is pointed at."""
    what = model.outcome(c)
    label = points_of(c)
    out = [f'<article class="failure {what}-failure" id="{anchor(r.lab, c.id)}">',
           f"<h3>{badge(what)} {inert(c.title)}" + (f" ({label})" if label and label != "advice" else "") + "</h3>"]
    concept = concepts.get((r.lab, c.id))
    if concept:
        out.append(f'<p class="concept">lecture concept: {code_spans(concept)}</p>')
    key = (c.message, c.actual, c.hint)
    if key in causes:
        first = causes[key]
        out.append(f'<p>{inert(c.message)}: same cause as <a href="#{anchor(r.lab, first.id)}">'
                   f"{inert(first.title)}</a> above</p></article>")
        return out
    causes[key] = c
    if c.message:
        out.append(f"<pre>{inert(c.message)}</pre>" if "\n" in c.message else f"<p>{inert(c.message)}</p>")
    if c.expected:
        out.append(f'<div class="label">expected</div>\n<pre>{inert(c.expected.rstrip())}</pre>')
    if c.actual:
        out.append(seen_block(c.actual))
    if c.hint:
        out.append(f'<p class="hint"><span class="label">hint:</span> {inert(c.hint)}</p>')
    out.append("</article>")
    return out


def lab_section(r, concepts):
    failed = [c for c in r.checks if model.outcome(c) in ("fail", "advice")]
    out = [f'<section class="lab" id="lab-{inert(r.lab)}">',
           f"<h2>lab {inert(r.lab)}: {inert(r.title)} \u2014 "
           f'<span class="lab-score" data-score="{r.score}" data-max="{r.max_score}">{r.score}/{r.max_score}</span></h2>',
           f"<p>Submission: <code>{inert(r.source)}</code></p>",
           '<div class="scroll"><table class="checks">',
           '<thead><tr><th scope="col">result</th><th scope="col">check</th>'
           '<th scope="col" class="num">points</th><th scope="col" class="num time">time</th></tr></thead><tbody>']
    for c in r.checks:
        what = model.outcome(c)
        title = inert(c.title)
        if what in ("fail", "advice"):
            title = f'<a href="#{anchor(r.lab, c.id)}">{title}</a>'
        out.append(f'<tr class="check" data-outcome="{what}"><td>{badge(what)}</td><td>{title}</td>'
                   f'<td class="num">{points_of(c)}</td><td class="num time">{c.duration:.2f} s</td></tr>')
    out.append("</tbody></table></div>")
    if failed:
        out.append("<h3>What to fix</h3>")
        causes = {}
        for c in failed:
            out += failure_block(r, c, causes, concepts)
    out += [f"<p>note: {inert(n)}</p>" for n in r.notes]
    out.append("</section>")
    return out


def render_report(run, title="socklab", concepts=None):
    """A student's report: the score and how many checks lost points, the run's notices, then
    per lab the scoreboard and what to fix, as the Markdown report holds them."""
    concepts = concepts or {}
    got, best = model.score(run)
    failed = sum(1 for r in run.results for c in r.checks if model.outcome(c) == "fail")
    status = model.status(run)
    heading = "not graded" if run.error else f'<span id="score" data-score="{got}" data-max="{best}">{got}/{best}</span>'
    out = [f"<header><h1>{inert(title)}: {heading}</h1>",
           f'<p class="summary">{badge({"pass": "pass", "fail": "fail"}.get(status, "fail"))} '
           f'<span id="failed-count" data-failed="{failed}">{failed}</span> '
           f"check{'' if failed == 1 else 's'} lost points"
           + (" \u2014 full marks" if status == "pass" else "") + "</p></header>", "<main>"]
    if run.error:
        out.append(f'<p class="notice"><strong>The submission could not be graded:</strong> {inert(run.error)}</p>')
    if run.stopped:
        out.append(f'<p class="notice"><strong>Grading stopped early:</strong> {inert(run.stopped)}</p>')
    if run.unmapped:
        shown = run.unmapped[:UNMAPPED_SHOWN]
        out.append("<p>Files not graded:</p><ul>" + "".join(
            f"<li><code>{inert(p)}</code>: {inert(why)}</li>" for p, why in shown) + "</ul>")
        if len(run.unmapped) > len(shown):
            out.append(f"<p>and {len(run.unmapped) - len(shown)} more (all are in the JSON results)</p>")
    out += [f"<p>note: {inert(n)}</p>" for n in run.notes]
    for r in run.results:
        out += lab_section(r, concepts)
    out.append("</main>")
    return page(f"{title}: " + ("not graded" if run.error else f"{got}/{best}"), "\n".join(out) + "\n")


# --- the class dashboard -----------------------------------------------------------------

class Result:
    """A check of a student's JSON results, read as results.outcome reads a Check."""

    def __init__(self, doc):
        self.status, self.scored, self.kind = doc["status"], doc["scored"], doc["kind"]
        self.advice = doc["max_points"] == 0 and doc["kind"] != "build"


def percent(doc):
    return 100 * doc["score"] / doc["max_score"] if doc["max_score"] else 0.0


HISTOGRAM_BINS = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 70),
                  (70, 80), (80, 90), (90, 100), (100, 101)]


def histogram(docs):
    """Inline SVG: how many students scored in each tenth of the marks (100% on its own),
    the count written above each bar, the range below it."""
    counts = [sum(1 for d in docs if lo <= percent(d) < hi) for lo, hi in HISTOGRAM_BINS]
    top = max(counts + [1])
    width, height, bar = 560, 200, 44
    parts = [f'<svg class="histogram" role="img" viewBox="0 0 {width} {height + 40}" width="100%" '
             f'style="max-width:{width}px" aria-labelledby="histogram-title">',
             '<title id="histogram-title">total scores: ' + ", ".join(
                 f"{c} at {lo}%" + ("" if lo == 100 else f"\u2013{hi - 1}%")
                 for c, (lo, hi) in zip(counts, HISTOGRAM_BINS)) + "</title>"]
    for n, (count, (lo, hi)) in enumerate(zip(counts, HISTOGRAM_BINS)):
        x = 10 + n * (bar + 6)
        h = round(count / top * (height - 30))
        parts.append(f'<rect x="{x}" y="{height - h}" width="{bar}" height="{h}" fill="#0969da"/>')
        parts.append(f'<text x="{x + bar / 2}" y="{height - h - 5}" text-anchor="middle" font-size="14" '
                     f'class="count">{count}</text>')
        parts.append(f'<text x="{x + bar / 2}" y="{height + 18}" text-anchor="middle" font-size="12">'
                     f'{lo}{"" if lo == 100 else "+"}</text>')
    parts.append(f'<text x="{width / 2}" y="{height + 36}" text-anchor="middle" font-size="12">'
                 "total score, % of the marks handed in</text></svg>")
    return "\n".join(parts)


def share_bar(failed, applied):
    width = round(160 * failed / applied) if applied else 0
    return (f'<svg class="bar" width="164" height="14" viewBox="0 0 164 14" aria-hidden="true">'
            f'<rect x="1" y="1" width="162" height="12" fill="none" stroke="#57606a"/>'
            f'<rect x="2" y="2" width="{width}" height="10" fill="#b42318"/></svg>')


def lab_checks(students, lab):
    """The checks of a lab, (id, title), in the order the graders ran them."""
    seen = {}
    for _, doc in students:
        for c in doc.get("checks", []):
            if c["lab"] == lab and c["id"] not in seen:
                seen[c["id"]] = c["title"]
    return list(seen.items())


def lost_by_lab(lab, tally, concepts):
    """The checks of a lab by the share of students who lost them (as summary.md counts)."""
    rows = [e for e in tally if e[0] == lab]
    if not rows:
        return []
    out = [f"<h3>lab {inert(lab)}: checks lost</h3>",
           '<div class="scroll"><table class="lost"><thead><tr><th scope="col">check</th>'
           '<th scope="col">lecture concept</th><th scope="col">students who lost it</th></tr></thead><tbody>']
    for _, check_id, title, points, failed, applied in rows:
        concept = code_spans(concepts[lab, check_id]) if (lab, check_id) in concepts else "\u2014"
        share = f"{failed}/{applied} ({100 * failed / applied:.0f}%)"
        out.append(f'<tr data-check="{inert(check_id)}" data-failed="{failed}"><td>{inert(title)}'
                   + (" (advice)" if not points and "(advice)" not in title else "") + "</td>"
                   f'<td class="concept">{concept}</td>'
                   f'<td class="num">{share_bar(failed, applied)} {share}</td></tr>')
    out.append("</tbody></table></div>")
    return out


GRID_CELLS = {"pass": ("\u2713", "passed"), "fail": ("\u2717", "lost points"),
              "advice": ("!", "advice not followed"), "skip": ("\u25cb", "not run"),
              "n/a": ("\u2013", "not applicable"), "absent": ("\u00b7", "not handed in")}


def grid(students, labs, columns):
    """Students x checks: a row per student (its name links to their report), a column per
    check; sortable by student or by score with the buttons of its header."""
    header = ['<thead><tr><th scope="col" class="student" aria-sort="ascending">'
              '<button class="sort" data-sort="name" type="button">student</button></th>'
              '<th scope="col" class="num" aria-sort="none"><button class="sort" data-sort="score" '
              'type="button">score</button></th>']
    number = 0
    for lab in labs:
        for check_id, title in columns[lab]:
            number += 1
            header.append(f'<th scope="col" class="check" title="{inert(lab)}: {inert(title)}">'
                          f'{inert(lab.split("-")[0])}<br>{number}</th>')
    header.append("</tr></thead>")
    rows = []
    for name, doc in students:
        outcome = {(c["lab"], c["id"]): model.outcome(Result(c)) for c in doc.get("checks", [])}
        handed_in = {lab["lab"] for lab in doc.get("labs", [])}
        score = percent(doc)
        shown = "not graded" if doc["status"] == "error" else f'{doc["score"]}/{doc["max_score"]}'
        cells = []
        for lab in labs:
            for check_id, title in columns[lab]:
                what = outcome.get((lab, check_id), "absent" if lab not in handed_in else "n/a")
                symbol, word = GRID_CELLS[what]
                cells.append(f'<td class="cell {CSS_CLASS.get(what, "absent")}" title="{inert(title)}: {word}">'
                             f'<span aria-hidden="true">{symbol}</span>'
                             f'<span class="visually-hidden">{word}</span></td>')
        link = "students/" + urllib.parse.quote(name) + ".html"
        rows.append(f'<tr data-name="{inert(name.lower())}" data-score="{score:.1f}">'
                    f'<td class="student"><a href="{inert(link)}">{inert(name)}</a></td>'
                    f'<td class="num total">{shown}</td>' + "".join(cells) + "</tr>")
    legend = '<p class="legend">' + " ".join(
        f'<span class="{CSS_CLASS.get(k, "absent")}"><b aria-hidden="true">{s}</b> {w}</span>'
        for k, (s, w) in GRID_CELLS.items()) + "</p>"
    key = ['<details open><summary>the checks by number</summary><ol>']  # open: on paper too
    for lab in labs:
        key += [f"<li>{inert(lab)}: {inert(title)}</li>" for _, title in columns[lab]]
    key.append("</ol></details>")
    return ([legend, '<div class="scroll"><table class="grid" id="grid">'] + header +
            ["<tbody>"] + rows + ["</tbody></table></div>"] + key)


# Sorts the grid's rows by the button's key; a second click on it reverses the order.
SORT_SCRIPT = """
document.querySelectorAll("#grid button.sort").forEach(function (button) {
  button.addEventListener("click", function () {
    var key = button.dataset.sort, cell = button.parentNode, body = document.querySelector("#grid tbody");
    var now = cell.getAttribute("aria-sort");  // first click: names A-Z, scores best first
    var up = now === "none" ? key !== "score" : now !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.dataset[key], y = b.dataset[key];
      var d = key === "score" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return up ? d : -d;
    });
    document.querySelectorAll("#grid th[aria-sort]").forEach(function (th) { th.setAttribute("aria-sort", "none"); });
    cell.setAttribute("aria-sort", up ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""


def render_dashboard(students, labs, tally, concepts=None, trouble=(), ignored=()):
    """OUT/index.html: the class at a glance. students: (name, JSON results) in roster order;
    labs: the lab names in column order; tally: classbook.most_failed's rows; trouble: (name,
    why) of submissions to look at; ignored: roster entries that are not students."""
    concepts = concepts or {}
    graded = [doc for _, doc in students if doc["status"] != "error"]
    mean = sum(percent(d) for d in graded) / len(graded) if graded else 0.0
    full = sum(1 for d in graded if d["score"] == d["max_score"] > 0)  # as percent(): 0/0 is no mark
    columns = {lab: lab_checks(students, lab) for lab in labs}
    labs = [lab for lab in labs if columns[lab]]
    out = ["<header><h1>socklab: the class at a glance</h1>",
           f'<p class="summary"><span id="students" data-count="{len(students)}">{len(students)}</span> students: '
           f'<span id="graded" data-count="{len(graded)}">{len(graded)}</span> graded, '
           f"{len(students) - len(graded)} not gradable; {full} with full marks; "
           f'mean score <span id="mean">{mean:.0f}%</span> of the marks handed in.</p></header>', "<main>",
           '<section><h2>Total scores</h2>', histogram(graded), "</section>",
           '<section><h2>What the class did not get</h2>',
           "<p>For each lab, its checks by the share of students who lost them (of those they "
           "applied to), with the lecture concept each tests.</p>"]
    for lab in labs:
        out += lost_by_lab(lab, tally, concepts)
    out += ["</section>", '<section><h2>Students \u00d7 checks</h2>',
            "<p>Each row links to the student's report. Sort by student or score with the column's button.</p>"]
    out += grid(students, labs, columns)
    out.append("</section>")
    if trouble:
        out += ["<section><h2>Submissions to look at</h2><ul>"] + [
            f'<li><a href="students/{inert(urllib.parse.quote(n))}.html">{inert(n)}</a>: {inert(why)}</li>'
            for n, why in trouble] + ["</ul></section>"]
    if ignored:
        out += ["<section><h2>Not graded</h2><ul>"] + [f"<li>{inert(i)}</li>" for i in ignored] + ["</ul></section>"]
    out.append("</main>")
    return page("socklab: the class at a glance", "\n".join(out) + "\n", SORT_SCRIPT)
