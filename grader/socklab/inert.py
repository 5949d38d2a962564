"""What a submission brings (its programs' output, its file names, compiler messages quoting its
code, check messages built from them) made inert for the report that quotes it.

The results model keeps the text as it came; each renderer escapes it for its format when it
renders, with the one function of this module for that format:

    quote(text)          the rule under all of them: control characters other than '\\n' and
                         '\\t' shown escaped (\\x1b, \\r, \\b, \\0 ...), as are C1 controls, bidi
                         overrides, line separators and bytes that are not UTF-8 (\\xNN)
    for_terminal(text)   a terminal or a CI job log: quote, and no line that GitHub's runner
                         would read as a workflow command (::warning::..., ##[group])
    for_markdown(text)   Markdown text outside code: no HTML, no link, no image
    markdown_cell(text)  one cell of a Markdown table: one line, '|' escaped
    markdown_code(text)  inline code: one line, a backtick run longer than any inside
    markdown_block(text) a fenced code block its text cannot close
    for_annotation(text) the message of a GitHub workflow command (%, CR, LF as %25 %0D %0A)
    annotation_property(text)  a property of one (title=...): ':' and ',' too
    for_html(text)       HTML text or attribute: html.escape after quote
    for_xml(text)        JUnit XML text (ElementTree escapes the markup): as for_terminal
    csv_cell(text)       a spreadsheet cell: no formula (= + - @ first)

quote never touches a backslash: text escaped already (the grader's peer reports bytes
C-escaped, lab 05's transcripts quote them) stays as it is, and quote(quote(t)) == quote(t).
The price: a program that prints a backslash and "x1b" reads like one that printed ESC.
"""

import html
import re

# The caps on what a report quotes (grader/grade cuts each text with cut() as it takes it in;
# grader/lib/socklab.bash's SL_SHOW_MAX is SHOW_MAX).
FIELD_MAX = 4000  # characters of any one part of a check's report (message, seen, ...)
SHOW_MAX = 1500   # characters of compiler or program output shown in a report

# Named as C names them; every other character escaped is \xNN (below 0x100) or \uNNNN.
NAMED = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\v": "\\v", "\f": "\\f", "\r": "\\r"}

# What a terminal, a browser or an editor would act on rather than show: C0 controls but tab
# and newline, DEL, C1 controls (0x9b is CSI to a terminal reading 8-bit controls), bidi
# embeddings, overrides and isolates (they reorder what is shown around them), the line and
# paragraph separators (new lines to some viewers), the BOM/ZWNBSP, the two noncharacters XML
# refuses, and the lone surrogates that bytes not UTF-8 leave (decoded with surrogateescape).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
                    "\ufeff\ufffe\uffff\ud800-\udfff]")
UNSAFE_LINE = re.compile(UNSAFE.pattern[:-1] + "\n]")


def text_of(data):
    """Bytes a program or a compiler wrote, as text: UTF-8, every byte that is not shown as
    \\xNN. The one way the grader turns output into text, so the results model holds no
    replacement character and loses no byte."""
    return data.decode("utf-8", "backslashreplace")


def read_text(path):
    """A file the checks wrote about a submission (what it printed, the check's findings), as
    text_of reads bytes."""
    with open(path, "rb") as f:
        return text_of(f.read())


def cut(text, limit):
    """text, cut to its first limit characters with a note when longer."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n(truncated: {len(text)} characters in all)"


def cap(text, limit=SHOW_MAX):
    """Output shown in a report: its trailing blank lines dropped, at most limit characters."""
    return cut(text.rstrip(), limit)


def escaped(char):
    code = ord(char)
    if char in NAMED:
        return NAMED[char]
    if char == "\n":
        return "\\n"
    if 0xdc80 <= code <= 0xdcff:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xdc00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quote(text, limit=None, one_line=False):
    """text (str, or bytes as a program wrote them) safe to quote anywhere: every character a
    terminal, a browser or an editor would act on is shown escaped; '\\n' and '\\t' are kept
    ('\\n' shown as \\n too when one_line). Cut to limit characters first when given."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "surrogateescape")
    if limit is not None:
        text = cut(text, limit)
    return (UNSAFE_LINE if one_line else UNSAFE).sub(lambda m: escaped(m[0]), text)


# --- terminal and CI log ---------------------------------------------------------------------

# GitHub's runner reads a line of a job's log as a workflow command when it starts with "::"
# once leading white space is trimmed (::warning::, ::add-mask::, ::stop-commands::), or when
# it holds "##[" anywhere (the older form, ##[group]...).
COMMAND_LINE = re.compile(r"^([^\S\n]*):(?=:)", re.M)


def no_workflow_commands(text):
    """text with no line GitHub's runner would act on: a line starting with "::" gets its first
    ':' shown as \\x3a, and "##[" becomes \\x23#[."""
    text = text.replace("##[", "\\x23#[")
    return COMMAND_LINE.sub(r"\1\\x3a", text)


def for_terminal(text, one_line=False):
    """Text for a terminal, or for a CI job log (which is where a terminal's text goes in CI)."""
    return no_workflow_commands(quote(text, one_line=one_line))


# --- Markdown --------------------------------------------------------------------------------

# Markdown text outside code: '<' would open HTML (a <script>, an <img onerror>), '&' an entity,
# '[' and ']' a link or an image (fetched when the page is shown), '`' a code span. A backslash
# before any ASCII punctuation escapes it: one of the student's is doubled there.
MD_SPECIAL = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "[": "\\[", "]": "\\]", "`": "\\`"}
MD_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
# A line that would start a block of its own: a heading, a quote, a list, a rule, a fence.
MD_BLOCK_START = re.compile(r"^([^\S\n]*)(\d+(?=[.)])|)([.)#>+*=~|-])", re.M)


def for_markdown(text):
    """Markdown paragraph text that shows text as it is: no HTML, link, image or code span can
    come out of it, and a new line is a line break (<br>), so no line starts a block."""
    text = MD_BACKSLASH.sub(r"\\\\", quote(text))
    text = "".join(MD_SPECIAL.get(c, c) for c in text)
    text = MD_BLOCK_START.sub(r"\1\2\\\3", text)
    return text.strip().replace("\n", "<br>")


def markdown_cell(text):
    """Text fit for one cell of a Markdown table: one line (a new line shown as \\n), and no
    '|' that would end the cell."""
    return for_markdown(quote(text, one_line=True)).replace("|", "\\|")


def markdown_code(text):
    """Inline code showing text (one line) whatever backticks it holds."""
    text = quote(text, one_line=True)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def markdown_block(text, info="text"):
    """A fenced code block that text cannot break out of, whatever backticks it holds."""
    text = quote(text).rstrip()
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


# --- GitHub workflow commands ----------------------------------------------------------------

def for_annotation(text):
    """The message of a workflow command (::error file=...::MESSAGE): one line of the log
    whatever text holds, as the runner unescapes it (%25, %0D, %0A)."""
    return quote(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotation_property(text):
    """A property of a workflow command (title=VALUE): ':' and ',' would end it."""
    return for_annotation(text).replace(":", "%3A").replace(",", "%2C")


# --- HTML, XML, CSV --------------------------------------------------------------------------

def for_html(text, one_line=False):
    """Text for an HTML page, in an element or a quoted attribute."""
    return html.escape(quote(text, one_line=one_line), quote=True)


def for_xml(text, one_line=False):
    """Text for JUnit XML: ElementTree escapes the markup; what XML 1.0 cannot hold at all (most
    control characters) is shown escaped by quote. CI tools print these texts to their logs:
    no line of them is a workflow command either."""
    return for_terminal(text, one_line=one_line)


CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text):
    """A gradebook cell a spreadsheet shows as text: one starting as a formula would (=, +, -, @,
    tab, CR) starts with an apostrophe, as spreadsheets read it."""
    text = quote(text, one_line=True)
    return "'" + text if text.startswith(CSV_FORMULA) else text
