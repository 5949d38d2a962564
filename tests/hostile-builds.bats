# Hostile builds (tests/hostile/builds/*.c.in): lab 03 files that make the compiler read a file
# outside the submission, or an endless device, or that never end compiling. A secret (random
# text) lies in a file outside the submission and in one in the grader's tree; each build is
# graded with every report format, and the secret must appear in none of them, nor on stdout or
# stderr: the compiler runs in the sandbox (grader/lib/sandbox --build) and sees no such file.
# Each gives a clear build failure, within a bound. They are graded all at once in setup_file.
# The last test grades one of them without the sandbox and sees the secret leak: what these
# tests guard against is real.

load test_helper

readonly BOUND=90  # seconds: far above what any of them should take, far below a hang

setup_file() {
	load test_helper
	export RESULTS=$BATS_FILE_TMPDIR/results
	export TMPDIR=$BATS_FILE_TMPDIR/work  # what these gradings start names this folder
	mkdir -p "$RESULTS" "$TMPDIR" "$BATS_FILE_TMPDIR/outside" "$BATS_FILE_TMPDIR/submissions"
	SECRET="secret $(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
	export SECRET OUTSIDE=$BATS_FILE_TMPDIR/outside/secret
	export IN_GRADER=$ROOT/grader/.hostile-builds-secret-$$
	echo "$SECRET" >"$OUTSIDE"
	echo "$SECRET" >"$IN_GRADER"
	local file name subs=$BATS_FILE_TMPDIR/submissions
	for file in "$ROOT"/tests/hostile/builds/*.c.in; do
		name=$(basename "$file" .c.in)
		# Shaped like labs/: NAME/03-server-setup/server.c.
		mkdir -p "$subs/$name/03-server-setup"
		sed -e "s|@OUTSIDE@|$OUTSIDE|g" -e "s|@GRADER@|$IN_GRADER|g" "$file" \
			>"$subs/$name/03-server-setup/server.c"
	done
	# One whose server.c is a link to the secret.
	mkdir -p "$subs/symlink/03-server-setup"
	ln -s "$OUTSIDE" "$subs/symlink/03-server-setup/server.c"
	export SOCKLAB_SANDBOX_MODE=$("$ROOT/grader/lib/sandbox" --mode)
	# Every report format; the grader's own stdin holds the secret too (for /dev/stdin).
	local reports="--json $RESULTS/{/}/r.json --tap $RESULTS/{/}/r.tap --junit $RESULTS/{/}/r.xml --markdown $RESULTS/{/}/r.md --html $RESULTS/{/}/r.html"
	# Two at a time: each grade already runs its checks in parallel.
	parallel --will-cite -j 2 \
		"mkdir -p $RESULTS/{/}; /usr/bin/time -f %e -o $RESULTS/{/}.time timeout $BOUND $GRADE --lab 03 --submission {} $reports <$OUTSIDE >$RESULTS/{/}/stdout 2>$RESULTS/{/}/stderr; echo \$? >$RESULTS/{/}.rc" \
		::: $(ls -d "$subs"/* | grep -v /warns-without-end)
	# The one that runs to the build deadline, on its own with a shorter one (the grader's own
	# tools are in the build cache by now: only the bomb is under that deadline).
	SOCKLAB_BUILD_TIMEOUT=15 parallel --will-cite -j 1 \
		"mkdir -p $RESULTS/{/}; /usr/bin/time -f %e -o $RESULTS/{/}.time timeout $BOUND $GRADE --lab 03 --submission {} $reports <$OUTSIDE >$RESULTS/{/}/stdout 2>$RESULTS/{/}/stderr; echo \$? >$RESULTS/{/}.rc" \
		::: "$subs/warns-without-end"
	# One without the sandbox, to see the leak it prevents.
	mkdir -p "$RESULTS/unsandboxed"
	local rc=0
	SOCKLAB_SANDBOX_MODE=none timeout "$BOUND" "$GRADE" --lab 03 --submission "$subs/computed-include" \
		--json "$RESULTS/unsandboxed/r.json" >"$RESULTS/unsandboxed/stdout" 2>&1 </dev/null || rc=$?
	echo "$rc" >"$RESULTS/unsandboxed.rc"
}

teardown_file() {
	rm -f "$IN_GRADER"
}

# built NAME: NAME was graded (exit 1: below full marks; not 2, an error; not 124, killed at
# the bound), with the sandbox, and what it started is gone.
built() {
	[[ $SOCKLAB_SANDBOX_MODE == bwrap ]] || skip "the compiler is sandboxed with bubblewrap only (here: $SOCKLAB_SANDBOX_MODE)"
	run cat "$RESULTS/$1.rc"
	assert_output 1
	assert_no_process_left "$TMPDIR"
}

# no_secret NAME: the secret is in none of NAME's reports, nor on its stdout or stderr.
no_secret() {
	run grep -rlF "${SECRET#secret }" "$RESULTS/$1"
	assert_output ""
	# Every format was written: the grep above looked at something.
	assert_file_exists "$RESULTS/$1/r.html"
	assert_file_exists "$RESULTS/$1/r.xml"
}

# build_fails NAME TEXT: NAME's build check failed and says TEXT (in message, seen or hint).
build_fails() {
	run json_of "$RESULTS/$1/r.json" "[c['status'] + '\n' + c['message'] + '\n' + c['actual'] + '\n' + c['hint'] for c in r['checks'] if c['id'] == 'build'][0]"
	assert_line --index 0 fail
	assert_output --partial "$2"
}

@test "a computed #include of a file outside the submission finds no such file, and quotes nothing" {
	built computed-include
	build_fails computed-include "No such file or directory"
	build_fails computed-include "is not in your submission"
	no_secret computed-include
}

@test "an #include of a path made a string with # finds no such file, and quotes nothing" {
	built stringized-include
	build_fails stringized-include "No such file or directory"
	no_secret stringized-include
}

@test "a computed #include of a file in the grader's tree finds no such file" {
	built grader-tree-include
	build_fails grader-tree-include "No such file or directory"
	no_secret grader-tree-include
}

@test "a plain #include of the grader's file by its absolute path is refused before the build" {
	built absolute-include
	build_fails absolute-include "an #include names a file outside the submission"
	no_secret absolute-include
}

@test "an .incbin of a file outside the submission does not assemble, and the program never runs" {
	built incbin
	build_fails incbin "file not found"
	no_secret incbin
}

@test "a #line that names a file outside the submission makes gcc quote nothing of it" {
	built line-directive
	build_fails line-directive "expected expression"
	no_secret line-directive
}

@test "an #include of /dev/zero is refused before the build" {
	built dev-zero
	build_fails dev-zero "an #include names a file outside the submission"
	no_secret dev-zero
}

@test "a computed #include of /dev/zero finds no such device, within the bound" {
	built dev-zero-computed
	build_fails dev-zero-computed "/dev/zero: No such file or directory"
	no_secret dev-zero-computed
}

@test "a computed #include of /dev/stdin reads nothing of the grader's standard input" {
	built dev-stdin
	build_fails dev-stdin "/dev/stdin: No such file or directory"
	no_secret dev-stdin
}

@test "a submission's file that is a link to a file outside it is not followed" {
	built symlink
	build_fails symlink "server.c is a symbolic link to outside the submission: not followed"
	no_secret symlink
}

@test "a file that includes itself without end fails to build within the bound, its report capped" {
	built includes-itself
	build_fails includes-itself "#include nested depth"
	no_secret includes-itself
	run stat -c %s "$RESULTS/includes-itself/r.json"
	((output < 200000))
}

@test "a file that warns without end is stopped at the build deadline or the memory limit, its report capped" {
	built warns-without-end
	# Which comes first is the machine's speed: each self-inclusion adds to the compiler's line
	# maps, and a fast machine reaches the memory limit within the deadline. Both are said.
	build_fails warns-without-end ""
	assert_output --regexp "the compiler was still at work after 15.0 s and was stopped|the compiler used all the memory a build may have"
	no_secret warns-without-end
	run stat -c %s "$RESULTS/warns-without-end/r.json"
	((output < 200000))
}

@test "every hostile build is graded within the bound" {
	for t in "$RESULTS"/*.time; do
		run tail -n 1 "$t"
		((${output%.*} < BOUND)) || fail "$(basename "$t" .time) took ${output}s"
	done
}

@test "without the sandbox a computed #include does leak the secret, and the report says so" {
	run cat "$RESULTS/unsandboxed.rc"
	assert_output 1
	run cat "$RESULTS/unsandboxed/stdout"
	assert_output --partial "$SECRET"
	assert_output --partial "the compiler was not sandboxed"
}
