# Intake: which lab and program each file of a submission is graded as, and what is not graded.
# Most checks use `grade --dry-run` (no grading) with the fixture labs of tests/fixtures/labs/:
# lab 03 and stand-ins for labs 04 (a client), 05 (a server and a client), 08 (two programs
# named for no role) and echo (unnumbered: echo-server, echo-client), so the mapping is proven
# on labs with one and two programs, numbered or not.

load test_helper

setup() {
	export SOCKLAB_LABS=$ROOT/tests/fixtures/labs
	SUB=$BATS_TEST_TMPDIR/sub
	mkdir -p "$SUB"
}

# put PATH [CODE]: a file of the submission, holding CODE (default: a program that does nothing).
put() {
	mkdir -p "$(dirname "$SUB/$1")"
	printf '%s\n' "${2:-int main(void) { return 0; }}" >"$SUB/$1"
}

dry_run() {
	cd "$SUB" && "$GRADE" --submission . --dry-run "$@"
}

@test "course-named files map to their lab by number, misspellings and sub-folders included" {
	put PracticalWork3/03.partical.work.sever.setup.c
	put 04.pratical.work.client.setup.c
	put lw5/5.practical.work.server.turn.c
	put lw5/5.practical.work.client.turn.c
	run dry_run
	assert_success
	assert_output - <<-EOF
	lab 03 server: PracticalWork3/03.partical.work.sever.setup.c
	lab 04 client: 04.pratical.work.client.setup.c
	lab 05 client: lw5/5.practical.work.client.turn.c
	lab 05 server: lw5/5.practical.work.server.turn.c
	EOF
}

@test "the course's names of the later practical works map to labs 06 to 10 and their roles" {
	export SOCKLAB_LABS=$ROOT/grader/labs  # the kit's own labs, not the fixtures
	local name
	for name in 06.practical.work.server.turn.delim 6.pratical.work.clinet.turn.delim \
		07.practical.work.server.turn.delim.close 07.practical.work.client.turn.delim.close \
		08.practical.work.server.nonblock 08.practical.work.client.nonblock \
		09.practical.work.server.multiplex \
		10.practical.work.server.multithread 10.practical.work.client.multithread; do
		put "pw/$name.c"
	done
	run dry_run
	assert_success
	assert_output - <<-EOF
	lab 06 client: pw/6.pratical.work.clinet.turn.delim.c
	lab 06 server: pw/06.practical.work.server.turn.delim.c
	lab 07 client: pw/07.practical.work.client.turn.delim.close.c
	lab 07 server: pw/07.practical.work.server.turn.delim.close.c
	lab 08 client: pw/08.practical.work.client.nonblock.c
	lab 08 server: pw/08.practical.work.server.nonblock.c
	lab 09 server: pw/09.practical.work.server.multiplex.c
	lab 10 client: pw/10.practical.work.client.multithread.c
	lab 10 server: pw/10.practical.work.server.multithread.c
	EOF
}

@test "a file whose name has no lab number takes the number of its folder" {
	put lw5/server.c
	put tp-04/client.c
	run dry_run
	assert_success
	assert_line "lab 04 client: tp-04/client.c"
	assert_line "lab 05 server: lw5/server.c"
}

@test "a file whose name says no role is mapped by its code: a server listens, a client connects" {
	put lw5/mine.c 'int main(void) { int s = socket(2, 1, 0); bind(s, 0, 0); listen(s, 5); return 0; }'
	put lw5/other.c 'int main(void) { int s = socket(2, 1, 0); connect(s, 0, 0); return 0; }'
	run dry_run
	assert_success
	assert_line "lab 05 server: lw5/mine.c"
	assert_line "lab 05 client: lw5/other.c"
}

@test "an unnumbered lab is known by its name, its programs named with a prefix by their role" {
	put 06.practical.work.echo.sever.c
	put lw6/TCPEchoCleint.c
	run dry_run
	assert_success
	assert_line "lab echo echo-server: 06.practical.work.echo.sever.c"
	assert_line "lab echo echo-client: lw6/TCPEchoCleint.c"
}

@test "every file that cannot be graded is listed with the reason" {
	put 03.practical.work.server.setup.c
	put "03.practical.work.server.setup (1).c"
	put 07.practical.work.server.setup.c
	put helper.c
	put server.cpp
	put common.h
	put 03.practical.work.client.setup.c
	printf 'PK\003\004' >"$SUB/lab5.zip"
	cp /bin/true "$SUB/server"
	ln -s /etc/passwd "$SUB/04.practical.work.client.setup.c"
	printf 'my notes\n' >"$SUB/README.md"
	run dry_run
	assert_success
	assert_line "lab 03 server: 03.practical.work.server.setup.c"
	assert_line "not graded: 03.practical.work.server.setup (1).c: lab 03's server is graded from '03.practical.work.server.setup.c'"
	assert_line "not graded: 07.practical.work.server.setup.c: no lab 07 (labs: 03, 04, 05, 08, 09, echo)"
	assert_line "not graded: helper.c: no lab number in its name or its folder's (labs: 03, 04, 05, 08, 09, echo)"
	assert_line "not graded: server.cpp: C++ source: the labs are built as C (rename it .c if it is C)"
	assert_line "not graded: common.h: a header: each program is built from its one .c file alone"
	assert_line "not graded: 03.practical.work.client.setup.c: lab 03's server is graded from '03.practical.work.server.setup.c'"
	assert_line "not graded: lab5.zip: an archive: unpack it into the submission folder"
	assert_line "not graded: server: a compiled program: the grader builds from the source"
	assert_line "not graded: 04.practical.work.client.setup.c: a symbolic link to outside the submission: not followed"
	refute_output --partial README
}

@test "a file of a lab with several programs is not graded when neither its name nor its code tells which" {
	put 08.practical.work.server.c
	put 8.practical.work.relay.c
	run dry_run
	assert_failure 2  # nothing to grade
	assert_line "not graded: 08.practical.work.server.c: named as a server, but lab 08 has no server (its programs: sender, receiver)"
	assert_line "not graded: 8.practical.work.relay.c: cannot tell which program of lab 08 it is (sender, receiver): put the role in its name, e.g. 08.practical.work.sender.c"
}

@test "a lab with one program takes any file of its number, the one named for its role first" {
	put 03.practical.work.client.setup.c
	run dry_run
	assert_success
	assert_output "lab 03 server: 03.practical.work.client.setup.c"
}

@test "--lab takes one lab of a folder of course-named files" {
	put 03.practical.work.server.setup.c
	put 5.practical.work.server.turn.c
	run dry_run --lab 5
	assert_success
	assert_output "lab 05 server: 5.practical.work.server.turn.c"
}

@test "a lab asked for with --lab and not handed in is refused with a message" {
	put 03.practical.work.server.setup.c
	run dry_run --lab 04
	assert_failure 2
	assert_output --partial "nor any file named for lab 04 (e.g. 04.practical.work.client.c)"
}

@test "a clone of a fork is graded from its labs/ folder, never from the kit's other folders" {
	put labs/03-server-setup/server.c
	put solutions/03-server-setup/server.c
	put tests/mutants/03-server-setup/wrong-port.c
	put grader/labs/03-server-setup/unit.c
	run dry_run
	assert_success
	assert_line --index 0 "lab 03 server: labs/03-server-setup/server.c"
	refute_output --partial "not graded"
}

@test "an untouched skeleton beside a course-named file: the file is graded, and the report says so" {
	mkdir -p "$SUB/labs/03-server-setup"
	cp "$ROOT/labs/03-server-setup/server.c" "$SUB/labs/03-server-setup/"
	put 03.practical.work.server.setup.c
	run dry_run
	assert_success
	assert_line "lab 03 server: 03.practical.work.server.setup.c"
	assert_line "note: labs/03-server-setup/ is the untouched skeleton: lab 03 is graded from 03.practical.work.server.setup.c"
}

@test "a lab folder with work in it wins over a loose file for the same lab, which is listed" {
	put 03-server-setup/server.c
	put 03.practical.work.server.setup.c
	run dry_run
	assert_success
	assert_line "lab 03 server: 03-server-setup/server.c"
	assert_line "not graded: 03.practical.work.server.setup.c: lab 03 is graded from its folder 03-server-setup/"
}

@test "tests edited in a fork change nothing: the grader's own checks run, and the report says so" {
	unset SOCKLAB_LABS
	mkdir -p "$SUB/labs/03-server-setup" "$SUB/grader/labs/03-server-setup"
	cp "$ROOT/labs/03-server-setup/server.c" "$SUB/labs/03-server-setup/"
	cp "$ROOT/grader/labs/03-server-setup/"* "$SUB/grader/labs/03-server-setup/"
	# The fork's checks would pass anything.
	sed -i 's/^\tstart_server$/\ttrue/' "$SUB/grader/labs/03-server-setup/loopback.bats"
	printf 'CHECK(open_listenfd, x, 100, "free points")\n{\n}\n' >>"$SUB/grader/labs/03-server-setup/unit.c"
	run grade_json --submission "$SUB"
	assert_failure 1
	[ "$(json "(r['score'], r['max_score'])")" = "(0, 25)" ]
	[ "$(json "r['submission']['notes']")" = "[\"tests in the fork were modified (grader/labs/03-server-setup/loopback.bats, grader/labs/03-server-setup/unit.c differ from the grader's, or are an older version): ignored, the grader's own checks were used\"]" ]
}

@test "a folder of course-named files is graded like the lone file, and the JSON names what was taken" {
	unset SOCKLAB_LABS
	cp "$ROOT/tests/mutants/03-server-setup/ok-course-style.c" "$SUB/03.partical.work.sever.setup.c"
	printf 'notes\n' >"$SUB/notes.txt"
	cd "$SUB"
	run grade_json --submission .
	assert_success
	[ "$(json "(r['score'], r['max_score'])")" = "(14, 14)" ]
	[ "$(json "r['submission']['files']")" = "[{'path': '03.partical.work.sever.setup.c', 'lab': '03-server-setup', 'program': 'server'}]" ]
	[ "$(json "r['submission']['unmapped']")" = "[{'path': 'notes.txt', 'reason': 'not a C source file'}]" ]
}

@test "a lone file in a folder named for its lab is graded as that lab" {
	put lw4/client.c
	run "$GRADE" --submission "$SUB/lw4/client.c" --dry-run
	assert_success
	assert_output --regexp "^lab 04 client: .*lw4/client.c$"
}
