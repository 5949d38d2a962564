# What a submission prints is inert in every report (issue 19): the hostile lab 03 server of
# tests/hostile/prints-escapes prints terminal escape sequences, CR-overwrites, backspaces,
# workflow commands, HTML, table and fence breakers, bytes that are not UTF-8 and a NUL; its
# files are named with an escape sequence, a new line, '|' and backticks. It is graded once in
# every format; tests/inert-check reads each report's bytes as its reader would, and each test
# also finds the hostile text there, shown as text (so none can pass on an empty report).

load test_helper

setup_file() {
	load test_helper
	export SUB=$BATS_FILE_TMPDIR/sub REPORTS=$BATS_FILE_TMPDIR/reports
	mkdir -p "$SUB" "$REPORTS"
	hostile_server "$SUB/03.practical.work.server.setup"$'\e[31m|`'".c"
	touch "$SUB/notes"$'\e[2J|`x`\n::warning::name <img src=x onerror=alert(1)>.txt'
	local status=0
	cd "$SUB"
	"$GRADE" --submission . --tap "$REPORTS/tap" --json "$REPORTS/json" --junit "$REPORTS/junit" \
		--markdown "$REPORTS/markdown" --classroom "$REPORTS/classroom" --html "$REPORTS/html" \
		>"$REPORTS/pretty" 2>"$REPORTS/stderr" || status=$?
	echo "$status" >"$REPORTS/status"
}

# hostile_server FILE: the hostile server's source, with one more line that makes gcc warn and
# quote it: raw escape sequences, a workflow command, HTML and bytes that are not UTF-8 in a
# comment (git keeps the committed source readable: these bytes are written here).
hostile_server() {
	cp "$ROOT/tests/hostile/prints-escapes/server.c" "$1"
	printf '\nint quoted_by_gcc(void)\n{\n\tint unused = 0; /* \e[2J\e]0;gcc title\a ::warning::from gcc <script>gcc()</script> | ``` \xff\xfe */\n\treturn 0;\n}\n' >>"$1"
}

# inert FORMAT FILE...: tests/inert-check finds nothing active in the files.
inert() {
	run "$ROOT/tests/inert-check" "$@"
	assert_success
	assert_output ""
}

# py CODE: runs Python CODE with the grader's modules importable (inert as `i`).
py() {
	/usr/bin/python3 -c "import sys; sys.path.insert(0, '$ROOT/grader'); from socklab import inert as i
$1"
}

@test "quote shows every control character but newline and tab escaped, C-style, and bytes that are not UTF-8 as \\xNN" {
	py '
assert i.quote("a\x1b[31mb\r\b\0\a\f\v\x7f\t\n") == "a\\x1b[31mb\\r\\b\\0\\a\\f\\v\\x7f\t\n"
assert i.quote(b"caf\xc3\xa9 \xff\xfe") == "café \\xff\\xfe", i.quote(b"caf\xc3\xa9 \xff\xfe")
assert i.text_of(b"caf\xc3\xa9 \xff") == "café \\xff"
assert i.quote(b"\xc2\x9b") == "\\x9b"  # C1 CSI, valid UTF-8
assert i.quote("\x9b \u202e \u2028 \ufeff") == "\\x9b \\u202e \\u2028 \\ufeff"
assert i.quote("a\nb", one_line=True) == "a\\nb"
assert i.quote("x" * 10, limit=4) == "xxxx\n(truncated: 10 characters in all)"
'
}

@test "quote never touches a backslash: text escaped already is not escaped twice" {
	py '
for text in ["\\x1b[31m \\r", "a\x1b\\b", "C:\\\\path", "\\0\\0"]:
    assert i.quote(i.quote(text)) == i.quote(text), text
assert i.quote("\\x1b") == "\\x1b"
'
}

@test "for_terminal leaves no line that GitHub's runner reads as a workflow command" {
	py '
t = i.for_terminal("::warning::a\n  ::error::b\n\u00a0::add-mask::c\nsee ##[group]d\nok: ::e")
assert t == "\\x3a:warning::a\n  \\x3a:error::b\n\u00a0\\x3a:add-mask::c\nsee \\x23#[group]d\nok: ::e", t
'
}

@test "Markdown text, table cells and inline code hold no HTML, link, image, table or fence break" {
	py '
assert i.for_markdown("<script>x</script> & [a](b) ![c](d) `e`") == \
    "&lt;script&gt;x&lt;/script&gt; &amp; \\[a\\](b) !\\[c\\](d) \\`e\\`"
assert i.for_markdown("# h\n- l") == "\\# h<br>\\- l"
assert i.for_markdown("\\[x](y)") == "\\\\\\[x\\](y)"
assert i.markdown_cell("a|b\nc") == "a\\|b\\nc"
assert i.markdown_code("a``b") == "```a``b```"
assert i.markdown_block("x\n````\ny") == "`````text\nx\n````\ny\n`````"
assert i.for_markdown("open_listenfd(0): print inet_ntoa(addr.sin_addr), \x27\\n\x27") == \
    "open_listenfd(0): print inet_ntoa(addr.sin_addr), \x27\\n\x27"
'
}

@test "annotations escape their message and properties as the runner unescapes them" {
	py '
assert i.for_annotation("100%\r\nnext\x1b") == "100%25\\r%0Anext\\x1b"
assert i.annotation_property("a: b, c\n") == "a%3A b%2C c%0A"
assert i.for_html("<img src=x onerror=\"a()\">\x1b") == "&lt;img src=x onerror=&quot;a()&quot;&gt;\\x1b"
assert [i.csv_cell(t) for t in ("=1+1", "+x", "-x", "@x", "ok", "a\nb")] == \
    ["\x27=1+1", "\x27+x", "\x27-x", "\x27@x", "ok", "a\\nb"]
'
}

@test "the hostile server is graded, and every report quotes what it printed" {
	run cat "$REPORTS/status"
	assert_output 1
	for format in pretty tap markdown junit; do
		grep -qF '\x1b[31mred\x1b[0m' "$REPORTS/$format" || fail "$format does not show the colour codes as text"
	done
	grep -qF 'a NUL: [\0] and DEL: [\x7f]' "$REPORTS/pretty"
	grep -qF 'not UTF-8: \xff\xfe\xc3 end' "$REPORTS/pretty"
	grep -qF '\x1b]0;gcc title\a ::warning::from gcc' "$REPORTS/pretty"
}

@test "the pretty scoreboard shows no raw control character (cat -v is clean) and no workflow command" {
	run cat "$REPORTS/pretty"
	assert_output --partial 'Score: 0/25\rScore: 25/25 (CR-overwritten)'
	assert_output --partial '    \x3a:error file=server.c,line=1::indented forged error'
	inert terminal "$REPORTS/pretty" "$REPORTS/stderr"
	# cat -v shows a control character as ^X (^[ for ESC), a byte above 0x7f as M-...: with the
	# UTF-8 of the text (gcc's quotes) left out, no ^X remains (gcc's own ^~~~ markers aside).
	run bash -c 'cat -v "$1" | sed "s/M-^\?.//g; s/M-.//g" | grep -E "\^[][@A-Z\\^_?]"' _ "$REPORTS/pretty"
	assert_failure 1
	assert_output ""
}

@test "on a terminal the scoreboard's only escape sequences are its own colours" {
	cd "$SUB"
	TERM=xterm run "$ROOT/tests/on-a-terminal" "$GRADE" --submission . --filter 'prints a message'
	assert_output --partial $'\e[31mFAIL'
	printf '%s' "$output" | tr -d '\r' >"$BATS_TEST_TMPDIR/board"
	inert terminal --colour "$BATS_TEST_TMPDIR/board"
}

@test "TAP has no raw control character, and a file name cannot make a line of its own" {
	inert terminal "$REPORTS/tap"
	run grep -vE '^(TAP version 13|1\.\.[0-9]+|(not )?ok [0-9]+ - .*|  .*|# Score: [0-9]+/[0-9]+)$' "$REPORTS/tap"
	assert_failure
	assert_output ""
}

@test "Markdown has no control character, and no HTML, link, table or fence break outside code" {
	inert markdown "$REPORTS/markdown"
	grep -qF -- '- ``notes\x1b[2J|`x`\n::warning::name <img src=x onerror=alert(1)>.txt``: not a C source file' "$REPORTS/markdown"
	grep -qF 'Submission: ``03.practical.work.server.setup\x1b[31m|`.c``' "$REPORTS/markdown"
}

@test "the HTML page shows the program's markup as text: no script, handler, loading element or control character" {
	inert html "$REPORTS/html"
	grep -qF '&lt;script&gt;' "$REPORTS/html"
	grep -qF '&lt;img src=x onerror=alert(1)&gt;' "$REPORTS/html"
	grep -qF '\x1b[31mred\x1b[0m' "$REPORTS/html"
}

@test "JUnit XML is well-formed, and its texts hold no control character nor workflow command" {
	inert junit "$REPORTS/junit"
}

@test "JSON keeps the exact text the program printed, as ASCII escapes" {
	inert json "$REPORTS/json"
	run "$ROOT/tests/schema-check" "$ROOT/grader/results.schema.json" "$REPORTS/json"
	assert_success
	run json_of "$REPORTS/json" "[c['actual'] for c in r['checks'] if c['id'] == 'names-the-client'][0].startswith('\x1b[31mred\x1b[0m \x1b[2J')"
	assert_output True
	run json_of "$REPORTS/json" "r['submission']['unmapped'][0]['path'] == 'notes\x1b[2J|\`x\`\n::warning::name <img src=x onerror=alert(1)>.txt'"
	assert_output True
}

@test "GitHub Classroom's messages, printed to the job log by its reporter, are quoted for it" {
	inert classroom "$REPORTS/classroom"
	sed 's/^result=//' "$REPORTS/classroom" | base64 -d | grep -qF '\\x1b[31mred'
}

@test "make hint quotes the check it shows for the terminal" {
	python3 - "$REPORTS/json" "$BATS_TEST_TMPDIR/r.json" <<-'EOF'
	import json, sys
	doc = json.load(open(sys.argv[1]))
	c = next(c for c in doc["checks"] if c["id"] == "prints-on-connect")
	# An id with no hints of its own: hint shows the check's own hint, here the program's output.
	c["id"], c["title"] = "no-such-check", "title \x1b]0;x\x07"
	c["message"] = c["hint"] = "::warning::hint\n\x1b[2J" + c["actual"]
	json.dump(doc, open(sys.argv[2], "w"))
	EOF
	SOCKLAB_STATE=$BATS_TEST_TMPDIR/state run "$ROOT/grader/hint" --results "$BATS_TEST_TMPDIR/r.json"
	assert_success
	assert_output --partial 'title \x1b]0;x\a'
	assert_output --partial '\x3a:warning::hint'
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/hint"
	inert terminal "$BATS_TEST_TMPDIR/hint"
}

@test "grade's own messages quote a file name for the terminal" {
	run "$GRADE" --submission "$BATS_TEST_TMPDIR/"$'gone\e[2J\n::warning::x'
	assert_failure 2
	assert_output --partial 'gone\x1b[2J\n::warning::x'
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/err"
	inert terminal "$BATS_TEST_TMPDIR/err"
	cd "$SUB"
	"$GRADE" --dry-run --submission . >"$BATS_TEST_TMPDIR/dry"
	inert terminal "$BATS_TEST_TMPDIR/dry"
	grep -qF 'not graded: notes\x1b[2J|`x`\n::warning::name' "$BATS_TEST_TMPDIR/dry"
}

@test "ci-grade's log holds only its own annotations, escaped, and its step summary no HTML" {
	local fork=$BATS_TEST_TMPDIR/fork
	git clone -q "$ROOT" "$fork"
	hostile_server "$fork/labs/03-server-setup/server.c"
	touch "$fork/tests/"$'added\e[2J`|`\n::error::forged.txt'
	export GITHUB_STEP_SUMMARY=$BATS_TEST_TMPDIR/step-summary.md SOCKLAB_ARTIFACTS=$BATS_TEST_TMPDIR/artifacts
	export GRADER_UPSTREAM=$ROOT GRADER_REF=HEAD
	: >"$GITHUB_STEP_SUMMARY"
	run bash -c 'cd "$1" && grader/ci-grade' _ "$fork"
	assert_success
	assert_line --regexp '^::error file=labs/03-server-setup/server.c,title=03-server-setup%3A server prints a message when a client connects%2C not before \[0/3\]::.*\\x1b\[31mred'
	assert_line --regexp '^::warning title=socklab%3A files changed outside labs/::.*added\\x1b\[2J'
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/log"
	inert log "$BATS_TEST_TMPDIR/log"
	inert markdown "$GITHUB_STEP_SUMMARY"
	grep -qF 'added\x1b[2J' "$GITHUB_STEP_SUMMARY"
}

@test "grade class writes a gradebook no spreadsheet reads as formulas, and a summary with no HTML" {
	local roster=$BATS_TEST_TMPDIR/roster out=$BATS_TEST_TMPDIR/out
	mkdir -p "$roster/"$'=HYPERLINK("x")\e[31m|`' "$roster/-gone"
	cp "$SUB"/*.c "$roster/"$'=HYPERLINK("x")\e[31m|`'/
	run "$GRADE" class "$roster" "$out" --lab 03
	assert_success
	inert csv "$out/gradebook.csv"
	inert markdown "$out/summary.md"
	# The dashboard's one script is its own sorting; a student's page has none.
	inert html --scripts 1 "$out/index.html"
	inert html "$out"/students/*.html
	grep -qF '=HYPERLINK(&quot;x&quot;)\x1b[31m|`' "$out/index.html"
	grep -qF "'=HYPERLINK" "$out/gradebook.csv"
	grep -qF -- "- \\-gone: " "$out/summary.md"
}
