# The HTML report (grade --html), opened in headless Chromium: it loads with no console error
# and asks for nothing outside itself, its DOM holds the scores and counts the other formats
# give, lab 05-08's transcripts are laid out as a conversation, and it fits a phone and paper.
# Screenshots are left in $SHOTS (see test_helper.bash) for a person to look at.
# The golden reports themselves are compared in tests/formats.bats.

load test_helper

setup_file() {
	# One lab 06 server that takes one recv() for a message: its failures hold conversations.
	cd "$BATS_FILE_TMPDIR"
	"$ROOT/grader/grade" --quiet --lab 06 --submission "$ROOT/tests/mutants/06-turn-delim/course-server-one-recv.c" \
		--json "$BATS_FILE_TMPDIR/chat.json" --html "$BATS_FILE_TMPDIR/chat.html" || true
}

@test "a partly correct submission's report loads in Chromium, nothing fetched, its score and failed checks read from the page" {
	browse "$ROOT/tests/golden/expected/partly-correct/report.html" partly-correct \
		'document.getElementById("score").textContent' \
		'document.getElementById("failed-count").dataset.failed' \
		'document.querySelectorAll("tr.check[data-outcome=fail]").length' \
		'document.querySelectorAll("article.failure").length' \
		'document.querySelector("tr.check[data-outcome=fail] .badge").textContent'
	assert_equal "$(value 0)" 11/14
	assert_equal "$(value 1)" 1
	assert_equal "$(value 2)" 1
	assert_equal "$(value 3)" 2  # the failure and the advice
	# Not colour alone: the outcome is a symbol and a word.
	assert_equal "$(value 4)" "✗ FAIL"
}

@test "the reports of a correct submission and of one that does not compile say so in the page" {
	browse "$ROOT/tests/golden/expected/correct/report.html" correct \
		'document.getElementById("score").textContent' 'document.getElementById("failed-count").textContent' \
		'document.querySelector(".summary").textContent'
	assert_equal "$(value 0)" 25/25
	assert_equal "$(value 1)" 0
	[[ $(value 2) == *"full marks"* ]]
	browse "$ROOT/tests/golden/expected/does-not-compile/report.html" does-not-compile \
		'document.getElementById("score").textContent' 'document.querySelectorAll("tr.check[data-outcome=skip]").length' \
		'document.querySelector("article.failure pre:last-of-type").textContent'
	assert_equal "$(value 0)" 0/25
	assert_equal "$(value 1)" 15
	[[ $(value 2) == *"#error this server is not finished"* ]]
}

@test "a lab 06 failure's transcript is a conversation between the two sides, the step that went wrong marked" {
	local failed
	failed=$(json_of "$BATS_FILE_TMPDIR/chat.json" "sum(c['status'] == 'fail' for c in r['checks'])")
	((failed > 0))
	browse "$BATS_FILE_TMPDIR/chat.html" chat --at 'article.failure' \
		'document.getElementById("failed-count").dataset.failed' \
		'document.querySelectorAll("ol.talk").length' \
		'document.querySelectorAll("ol.talk li.step.wrong").length' \
		'Array.from(document.querySelectorAll("ol.talk")[0].querySelectorAll(".sides")).map(e => e.textContent).join(" | ")' \
		'document.querySelector("#check-06-turn-delim-server-split-message li.step.wrong").textContent' \
		'document.querySelector("#check-06-turn-delim-server-split-message li.step.wire.left").textContent'
	assert_equal "$(value 0)" "$failed"
	# Every failure has its conversation (none repeats a cause above), each one marked step.
	assert_equal "$(value 1)" "$(value 2)"
	(($(value 1) > 0))
	assert_equal "$(value 3)" "the grader (as the client) | your server"
	assert_equal "$(value 4)" "your server prints on its stdout\"client says: Hello \""
	assert_equal "$(value 5)" "the grader (as the client) sends →\"Hello \""
}

@test "a seen text that is not a conversation is shown as written, escaped, control characters visible" {
	run /usr/bin/python3 - "$ROOT/grader" <<-'EOF'
	import sys
	sys.path.insert(0, sys.argv[1])
	from socklab.render import html
	assert html.conversation("stdout before the client:\nServer listening") is None
	assert "<pre>" in html.seen_block("no marker here")
	print(html.inert('<script>alert(1)</script> "\x1b[31m\r\0'))
	steps, after = html.conversation('the grader connected to the server\ngrader -> server: "Hi\\n"   <- here\n(the server is still running)')
	print(steps[-1], after)
	EOF
	assert_success
	assert_line --index 0 '&lt;script&gt;alert(1)&lt;/script&gt; &quot;\x1b[31m\r\0'
	assert_line --index 1 "('grader', 'wire', 'grader -> server: \"Hi\\\\n\"', True) ['(the server is still running)']"
}

@test "the report fits a phone's width and prints" {
	browse "$ROOT/tests/golden/expected/hangs/report.html" hangs-phone --width 390 --pdf "$SHOTS/hangs.pdf" \
		'document.documentElement.scrollWidth <= window.innerWidth' \
		'getComputedStyle(document.querySelector("td.time")).display'
	assert_equal "$(value 0)" true
	assert_equal "$(value 1)" none
	[ "$(head -c 5 "$SHOTS/hangs.pdf")" = "%PDF-" ]
}

@test "grade --html writes the report, also when nothing could be graded" {
	mkdir "$BATS_TEST_TMPDIR/sub" && printf 'my server is in the zip\n' >"$BATS_TEST_TMPDIR/sub/notes.txt"
	cd "$BATS_TEST_TMPDIR/sub"
	run "$GRADE" --submission . --html r.html
	assert_failure 2
	grep -q '<strong>The submission could not be graded:</strong> the submission holds no lab folder' r.html
	grep -q '<h1>socklab: not graded</h1>' r.html
}

@test "the browser check sees a console error and a request leaving the page" {
	printf '<!DOCTYPE html><title>bad</title><img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script>\n' >"$BATS_TEST_TMPDIR/bad.html"
	"$ROOT/grader/deps" browser
	run "$ROOT/tests/browser" "$BATS_TEST_TMPDIR/bad.html" "$BATS_TEST_TMPDIR/bad.png"
	assert_success
	assert_output --partial '"console error: boom"'
	assert_output --partial '"requests": ["http://127.0.0.1:9/x.png"]'
}

@test "every lab's concepts file names checks of its lab, and a concept for every check" {
	run /usr/bin/python3 - "$GRADE" <<-'EOF'
	import sys
	from importlib.machinery import SourceFileLoader
	grade = SourceFileLoader("grade", sys.argv[1]).load_module()
	for lab in grade.all_labs():
	    ids = {c.id for c in lab.unit_checks() + lab.loopback_checks()}
	    for check_id in sorted(set(lab.concepts) - ids):
	        print(f"{lab.name}/concepts: {check_id} is not a check of the lab")
	    for check_id, concept in lab.concepts.items():
	        if not concept:
	            print(f"{lab.name}/concepts: {check_id} has no concept")
	    for check_id in sorted(ids - set(lab.concepts)):
	        print(f"{lab.name}/concepts: no concept for {check_id}")
	EOF
	assert_success
	assert_output ""
}
