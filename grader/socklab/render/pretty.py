"""The scoreboard (a terminal, a CI job log): what `make grade` prints."""

from ..inert import for_terminal

UNMAPPED_SHOWN = 20    # files not graded listed on the scoreboard (--json lists them all)


def status_word(check):
    if not check.scored:
        return "N/A"
    if check.status == "pass":
        return "OK"
    if check.status == "skip":
        return "SKIP"
    return "ADVICE" if check.advice else "FAIL"


def render(run, colour):
    """The scoreboard, for a terminal or a CI job log: every text is quoted with
    inert.for_terminal (no escape sequence of the submission's reaches the terminal, no line of
    it is read as a workflow command); the only escape sequences are this function's colours."""
    def paint(text, code):
        return f"\033[{code}m{text}\033[0m" if colour else text

    def line(text):
        return for_terminal(text, one_line=True)

    colours = {"OK": "32", "FAIL": "31", "ADVICE": "33", "SKIP": "33", "N/A": "2"}
    results = run.results
    out = []
    if run:
        out += [f"not graded: {line(path)}: {line(why)}" for path, why in run.unmapped[:UNMAPPED_SHOWN]]
        if len(run.unmapped) > UNMAPPED_SHOWN:
            out.append(f"not graded: {len(run.unmapped) - UNMAPPED_SHOWN} more files (all are in --dry-run and --json)")
        out += [f"note: {line(note)}" for note in run.notes]
    for r in results:
        out.append(paint(f"== lab {line(r.lab)}: {line(r.title)} ({line(r.source)})", "1"))
        causes = {}  # one root cause fails many checks: explain it once
        for c in r.checks:
            word = status_word(c)
            pts = f"[{c.points}/{c.max_points}]" if c.scored and not c.advice else "[advice]" if c.advice else ""
            if c.kind == "build":
                pts = ""
            timing = f" ({c.duration:.2f}s)" if c.duration >= 0.005 else ""
            out.append(f"{line(c.title)} {pts}: {paint(word, colours[word])}{timing}".replace(" :", ":"))
            if c.status == "pass" and c.message:
                out.append(indent(for_terminal(c.message)))
            elif c.status == "skip":
                if c.message and c.message not in causes:
                    causes[c.message] = c.title
                    out.append(indent(for_terminal(c.message)))
            elif c.status == "fail" and (c.message, c.actual, c.hint) in causes:
                same = causes[c.message, c.actual, c.hint]
                out.append(indent(for_terminal(f"{c.message}: same cause as \"{same}\" above")))
            elif c.status == "fail":
                causes[c.message, c.actual, c.hint] = c.title
                out.append(indent(for_terminal(c.message)))
                for label, text in (("expected", c.expected), ("seen", c.actual), ("hint", c.hint)):
                    if text:
                        text = for_terminal(text)
                        out.append(indent(f"{label + ':':9} " + text.replace("\n", "\n" + " " * 10)))
        for note in r.notes:
            out.append(f"note: {line(note)}")
        out.append(f"Score: {r.score}/{r.max_score}")
        out.append("")
    if len(results) > 1:
        total = sum(r.score for r in results)
        out.append(paint(f"Total: {total}/{sum(r.max_score for r in results)}", "1"))
    return "\n".join(out).rstrip() + "\n"


def indent(text, by="    "):
    return "\n".join(by + line for line in text.rstrip().split("\n"))
