"""TAP 13, for tools that read test results."""

from ..inert import for_terminal


def render(run):
    """TAP 13, with a YAML block under each failure. It may be printed to a terminal or a CI
    log (--tap -): texts are quoted with inert.for_terminal, one line where TAP wants one (a
    file name holding a new line must not make a test line of its own)."""
    def line(text):
        return for_terminal(text, one_line=True)

    if run and run.error:
        return f"TAP version 13\n1..0\nBail out! {line(run.error)}\n"
    results = run.results
    checks = [c for r in results for c in r.checks]
    out = ["TAP version 13", f"1..{len(checks)}"]
    for n, c in enumerate(checks, 1):
        ok = "ok" if c.status != "fail" or c.advice else "not ok"
        directive = ""
        if c.status == "skip" or not c.scored:
            directive = f" # SKIP {line(c.message)}"
        out.append(f"{ok} {n} - {line(c.lab)}/{line(c.id)}: {line(c.title)}{directive}")
        if c.status == "fail":
            out.append("  ---")
            out.append(f"  points: {c.points}")
            out.append(f"  max_points: {c.max_points}")
            for key in ("message", "expected", "actual", "hint"):
                value = getattr(c, key)
                if value:
                    out.append(f"  {key}: |-")
                    # A block scalar indented by 4: no text can end it nor the YAML block.
                    out.extend("    " + text for text in for_terminal(value).split("\n"))
            out.append("  ...")
    score = sum(r.score for r in results)
    out.append(f"# Score: {score}/{sum(r.max_score for r in results)}")
    return "\n".join(out) + "\n"
