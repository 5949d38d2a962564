# socklab.bash - the one helper library of the grader's loopback checks (bats).
#
# Every check runs in a network namespace of its own, made by sl_setup and shared by the
# student's programs and the grader's peer, so port 8784 is always free and no check sees
# another's connections or TIME_WAIT sockets. Student programs run in the sandbox (own PID
# namespace, limits) with stdout line-buffered, as on a terminal. Nothing here sleeps for a
# fixed time: every wait polls a condition under a deadline. sl_teardown kills and reaps all.
# Checks run without bats' DEBUG trap (see sl_setup): polls are many small commands.
#
# The grader's side of a conversation: `peer ...` runs the peer with a fixed list of actions;
# peer_start and peer_step drive it one action at a time, so a check can act between two
# (type on a program's stdin, wait until the program is idle, look at what it printed).
# What a program is doing: is_idle, is_waiting_for_input (blocked reading stdin), cpu_ms,
# cpu_demand_ms and cpu_busy_over (does it spin?); what it holds: process_count, task_count, fd_count;
# the socket table: listeners, is_listening, is_connected_to, has_established.
#
# The grader's own side of a conversation is its peer (grader/lib/peer.c): `peer ...` runs one
# in the foreground; peer_listen starts a background listener (peer_accepted tells whom it
# accepted); watch_connects and connect_attempts tell where a program tried to connect.
# freeze and thaw stop a program and let it go on, to line up kernel events it would race
# with (see freeze).
#
# Set by the grader: SOCKLAB_BIN (the student's binaries), SOCKLAB_PEER (the grader's peer
# program), SOCKLAB_SANDBOX (grader/lib/sandbox), SOCKLAB_DETAILS (where failure details go).

# bats loads this file from inside a function: `declare -g`, or the tables would be local to
# the load and vanish, and SL_PID[name] would become an indexed array where every name is 0.
SL_NET_HOLDER=""        # pid of the process that keeps this check's network namespace alive
SL_ENTER=()             # the peer, in that namespace: `"${SL_ENTER[@]}" session PROGRAM` starts one there
declare -gA SL_PID=()   # program name -> pid (a process-group leader)
declare -gA SL_STDIN=() # program name -> fd of the writer end of its stdin FIFO
SL_POLL_FD=""           # an fd that never has data: `read -t` on it is a sleep without a fork
# The unit of /proc/PID/stat's CPU times (sysconf(_SC_CLK_TCK), which the grader passes: a
# `getconf` at each reading was a fork); 100 on Linux but for a few architectures.
SL_CLK_TCK=${SOCKLAB_CLK_TCK:-100}

# Polling intervals of every wait, in seconds: short first (most conditions hold within a few
# milliseconds), then SL_TICK, so a long wait costs little CPU.
readonly SL_TICKS=(0.001 0.002 0.004 0.008) SL_TICK=0.01
readonly SL_SHOW_MAX=1500  # at most this many characters of a program's output in a report

setup() {
	sl_setup
}

teardown() {
	sl_teardown
}

sl_setup() {
	# bats' DEBUG trap records a stack trace before every command: a check made of many small
	# polls ran three times slower with it. Failures are explained by fail_check, not by that
	# trace, so checks run without it. The ERR trap, which runs only when a command fails,
	# keeps the last one that failed in this shell: a check that fails without fail_check (a
	# grader bug) is then reported with the command and line where it stopped (sl_teardown).
	trap - DEBUG
	sl_claim || skip "another bats process of the lab runs this check"
	SL_LAST_ERROR=""
	trap 'sl_note_error "${BASH_SOURCE[0]}" "$LINENO" "${FUNCNAME[0]-}" "$BASH_COMMAND"' ERR
	SL_STARTED=${EPOCHREALTIME/./}
	SL_RUN=$BATS_TEST_TMPDIR
	# A FIFO opened for reading and writing never has data: one per bats run, made once.
	[[ -p $BATS_RUN_TMPDIR/sl-poll ]] || mkfifo "$BATS_RUN_TMPDIR/sl-poll"
	exec {SL_POLL_FD}<>"$BATS_RUN_TMPDIR/sl-poll"
	if [[ ${SOCKLAB_NETNS:-yes} == no ]]; then
		sl_host_net
	else
		sl_netns_new || fail_check "the grader could not create a network namespace for this check" \
			"a private network namespace" "unshare failed" \
			"this is the grader's problem, not yours: tell your teaching assistant"
	fi
}

# sl_claim: whether this bats process (SOCKLAB_BATS_PROCESS) runs this check: the grader may
# have handed it to another (run_loopback in grader/socklab/run.py). The claim is a file in
# SOCKLAB_CLAIMS holding the process's number, made by whoever comes first; noclobber makes
# its creation here an O_EXCL open, without a fork.
sl_claim() {
	local file owner=""
	[[ -n ${SOCKLAB_CLAIMS-} ]] || return 0
	file=$SOCKLAB_CLAIMS/${BATS_TEST_DESCRIPTION//[^a-zA-Z0-9]/_}
	set -o noclobber
	{ echo "$SOCKLAB_BATS_PROCESS" >"$file"; } 2>/dev/null || true
	set +o noclobber
	{ read -r owner <"$file"; } 2>/dev/null || true
	[[ $owner == "$SOCKLAB_BATS_PROCESS" ]]
}

# Where no network namespace can be made, checks share the host's loopback, one at a time
# (the grader runs them serially then): the lab's ports must be free, or the check names who
# holds them.
sl_host_net() {
	local port holder
	SL_NET_HOLDER=$$
	SL_ENTER=("$SOCKLAB_PEER")
	for port in ${SOCKLAB_PORTS-}; do
		wait_until 2 sl_port_free "$port" && continue
		holder=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:.*' | head -n 1)
		fail_check "port $port is taken by another program on this machine, so this check cannot run" \
			"port $port free (the grader runs without network namespaces here)" \
			"port $port held by ${holder:-a process the grader cannot see}" \
			"stop that program (a server of yours still running?) and grade again"
	done
}

sl_port_free() {
	! is_listening "$1"
}

# sl_note_error FILE LINE FUNCTION COMMAND: keeps where a command failed (see sl_setup). bats
# runs the check file from a copy of its own (bats.*.src) with the same lines: named as the
# check file.
sl_note_error() {
	local file=${1##*/}
	[[ $file == bats.*.src ]] && file=${BATS_TEST_FILENAME##*/}
	SL_LAST_ERROR="$file line $2${3:+, in $3} (last command: $4)"
}

sl_teardown() {
	local name
	trap - ERR
	# A check that failed without fail_check: where it stopped, for the report.
	[[ -z ${BATS_TEST_COMPLETED-} && -n ${SOCKLAB_DETAILS-} && -n $SL_LAST_ERROR &&
		! -d $SOCKLAB_DETAILS/$BATS_TEST_NUMBER ]] &&
		printf '%s' "$SL_LAST_ERROR" >"$SOCKLAB_DETAILS/$BATS_TEST_NUMBER.stopped"
	for name in "${!SL_PID[@]}"; do
		stop "$name"
	done
	if [[ -n $SL_NET_HOLDER && $SL_NET_HOLDER != "$$" ]]; then
		kill -KILL "$SL_NET_HOLDER" 2>/dev/null
		wait "$SL_NET_HOLDER" 2>/dev/null
	fi
	# The check's duration, cleanup included, for the report (bats --timing forks `date`
	# twice a check to tell it).
	[[ -n ${SOCKLAB_DETAILS-} ]] &&
		echo "$BATS_TEST_NUMBER $(((${EPOCHREALTIME/./} - SL_STARTED) / 1000))" >>"$SOCKLAB_DETAILS/durations"
	return 0
}

# sl_tick [N]: sleeps the N-th polling interval of a wait.
sl_tick() {
	read -r -t "${SL_TICKS[${1:-9}]:-$SL_TICK}" -u "$SL_POLL_FD" || true
}

# wait_until SECONDS COMMAND [ARG...]: runs COMMAND each tick until it succeeds (returns 0)
# or SECONDS pass (returns 1). SECONDS may have a fraction, e.g. 0.5.
wait_until() {
	local seconds=$1 whole frac deadline tick=0
	shift
	whole=${seconds%.*}
	frac=000000
	[[ $seconds == *.* ]] && frac=${seconds#*.}000000
	# ${EPOCHREALTIME/./}: the time in microseconds, read without a fork.
	deadline=$((${EPOCHREALTIME/./} + ${whole:-0} * 1000000 + 10#${frac:0:6}))
	while :; do
		"$@" && return 0
		((${EPOCHREALTIME/./} < deadline)) || return 1
		sl_tick $((tick++))
	done
}

# --- network namespace -------------------------------------------------------------------

# Whether the holder (`peer netns`) has brought loopback up in its namespace: it renames itself.
sl_netns_ready() {
	local comm
	{ read -r comm <"/proc/$SL_NET_HOLDER/comm"; } 2>/dev/null && [[ $comm == sl-netns-ready ]]
}

# Creates this check's network namespace, with loopback up; returns 1 if it cannot.
sl_netns_new() {
	local holder=("$SOCKLAB_PEER" netns)
	# The peer joins the namespace itself (peer --netns): no nsenter to exec at every step.
	SL_ENTER=("$SOCKLAB_PEER" --netns)
	if ((EUID != 0)); then
		# (The grader runs bats as root of a user namespace; this is for bats run by hand.)
		holder=(unshare --user --map-root-user "${holder[@]}")
		# The namespace denies setgroups(): keep our credentials instead of switching to its
		# root; and joining its network namespace takes joining the user namespace first.
		SL_ENTER=(nsenter --net --user --preserve-credentials --target)
	fi
	# The holder brings loopback up from inside, then stays to keep the namespace: no probe,
	# no nsenter at start-up.
	"${holder[@]}" </dev/null >/dev/null 2>&1 3>&- &
	SL_NET_HOLDER=$!
	wait_until 2 sl_netns_ready || return 1
	SL_ENTER+=("$SL_NET_HOLDER")
	((EUID == 0)) || SL_ENTER+=(-- "$SOCKLAB_PEER")
}

# peer ARG...: the grader's peer program (see grader/lib/peer.c) in this check's namespace.
peer() {
	"${SL_ENTER[@]}" "$@"
}

# --- student programs --------------------------------------------------------------------

# spawn NAME [--grader] [--stdin] [--] PROGRAM [ARG...]: starts a student program in the
# background, in the sandbox and this check's namespace (with --grader: a trusted grader
# program, in the namespace only). Its stdout and stderr go to files read by output_of and
# errors_of. With --stdin its standard input is a FIFO fed by feed and closed by close_stdin;
# without, it reads /dev/null. With SL_SANITIZED=1 the program is an AddressSanitizer build
# (sandbox --sanitized), which reports its own crashes: no crash handler then.
spawn() {
	local name=$1 stdin=/dev/null fd contain=("$SOCKLAB_SANDBOX" --ro "$SOCKLAB_BIN" -- stdbuf -oL)
	shift
	if [[ ${1-} == --grader ]]; then
		contain=()
		shift
	fi
	if [[ ${1-} == --stdin ]]; then
		sl_stdin_pipe "$name"
		# Opened by the program's shell below, before it closes the check's descriptors.
		stdin=/proc/self/fd/${SL_STDIN[$name]}
		shift
	fi
	[[ ${1-} == -- ]] && shift
	unset 'SL_STATUS[$name]'
	sl_output_reset "$name"
	SL_PROGRAM[$name]=$1
	SL_ARGC[$name]=$(($# - 1))
	(
		# The program must hold no writer of its own stdin, or it would never see end of file.
		for fd in "${SL_STDIN[@]}" "$SL_POLL_FD" "${SL_OUT_FD[@]}"; do
			exec {fd}>&-
		done
		# A student program gets the crash handler, which writes where it crashed to a file
		# it opens then (see crashtrace.c and sl_crash_facts): the program inherits no
		# descriptor but 0, 1 and 2. Open to the sandbox's uid; bound alone, writable. It
		# arms in the program alone, not in the wrappers the sandbox execs on the way
		# (stdbuf, setpriv). A sanitized build reports on its own (ASan, UBSan).
		if ((${#contain[@]})) && ((${SL_SANITIZED:-0})); then
			contain=("${contain[@]:0:3}" --sanitized "${contain[@]:3}")
		elif ((${#contain[@]})) && [[ -n ${SOCKLAB_CRASHTRACE-} ]]; then
			export SOCKLAB_CRASH_FILE=$SL_RUN/$name.trace SOCKLAB_CRASH_PROGRAM=$1
			sl_create_shared "$SOCKLAB_CRASH_FILE"
			contain=("${contain[@]:0:3}" --preload "$SOCKLAB_CRASHTRACE" --rw "$SOCKLAB_CRASH_FILE"
				--env SOCKLAB_CRASH_FILE --env SOCKLAB_CRASH_PROGRAM "${contain[@]:3}")
		fi
		# In a session of its own (a process group stop kills as one), in this check's namespace.
		exec "${SL_ENTER[@]}" session "${contain[@]}" "$@"
	) <"$stdin" >"$SL_RUN/$name.out" 2>"$SL_RUN/$name.err" 3>&- &
	SL_PID[$name]=$!
}
declare -gA SL_PROGRAM=() SL_ARGC=()  # program name -> its binary, the number of its arguments

# sl_stdin_pipe NAME: sets SL_STDIN[NAME] to a descriptor of a new, empty pipe, open for reading
# and writing: a write never waits for the program's open, and the program's own open of
# /proc/self/fd/N (spawn) finds a writer. The pipe is the one bash makes for a short
# here-string (bash 5.1 and later), reopened read-write through /proc and emptied: no mkfifo
# to fork for every program. Where bash gives a temporary file instead, a FIFO.
sl_stdin_pipe() {
	local here fd junk
	exec {here}<<<x
	exec {fd}<>"/proc/self/fd/$here"
	exec {here}<&-
	if [[ -p /proc/self/fd/$fd ]]; then
		read -r -u "$fd" junk
	else
		exec {fd}<&-
		rm -f "$SL_RUN/$1.in"
		mkfifo "$SL_RUN/$1.in"
		exec {fd}<>"$SL_RUN/$1.in"
	fi
	SL_STDIN[$1]=$fd
}

# sl_create_shared FILE: creates FILE empty, readable and writable by anyone (the sandbox's
# uid writes to it), under a umask that lets it be so: no chmod to fork. Called in the
# program's own shell (spawn), which it restores for the program.
sl_create_shared() {
	local key value mask=0022
	while read -r key value; do
		[[ $key == Umask: ]] && { mask=$value; break; }
	done </proc/self/status
	umask 0111
	: >"$1"
	umask "$mask"
}

# feed NAME TEXT: writes TEXT (printf %b escapes allowed) to the program's standard input.
feed() {
	sl_write "${SL_STDIN[$1]}" '%b' "$2" || true
}

# sl_write FD FORMAT TEXT: printf to a program's stdin; returns 1 if the program has gone.
# A write to a pipe nobody reads raises SIGPIPE, which would kill the check's own shell and
# leave its failure unexplained; SIGPIPE is ignored for the one builtin write only (no
# command is started meanwhile, so no student program inherits the ignored signal), and the
# write fails with EPIPE instead. What the program did, or did not do, with the text is for
# the check's next step to see.
sl_write() {
	local status=0
	trap '' PIPE
	printf "$2" "$3" >&"$1" 2>/dev/null || status=1
	trap - PIPE
	return $status
}

# close_stdin NAME: the program's next read of standard input sees end of file.
close_stdin() {
	local fd=${SL_STDIN[$1]}
	exec {fd}>&-
	unset 'SL_STDIN[$1]'
}

# has_exited NAME: whether the program has ended (a zombie counts as ended).
has_exited() {
	local stat
	# read, not $(<...): a failing command substitution would trip bats' ERR trap.
	if { read -r stat <"/proc/${SL_PID[$1]}/stat"; } 2>/dev/null; then
		stat=${stat##*) }
		[[ ${stat%% *} == Z ]] || return 1
	fi
	# Reap it here in the main shell, so its status is known in subshells ($(...), pipes) too.
	((BASHPID != $$)) || [[ -n ${SL_STATUS[$1]-} ]] || exit_status "$1" >/dev/null
	return 0
}

is_running() {
	! has_exited "$1"
}

# exit_status NAME: reaps an ended program and prints its exit status (128+N: signal N).
# In a subshell it reads the status without reaping (the main shell reaps).
exit_status() {
	local status=0 stat fields
	[[ -n ${SL_STATUS[$1]-} ]] && { echo "${SL_STATUS[$1]}"; return; }
	if ((BASHPID != $$)) && { read -r stat <"/proc/${SL_PID[$1]}/stat"; } 2>/dev/null; then
		# In a subshell ($(...), a pipe) a program that bats has not reaped yet is not a child:
		# wait would say 127. Its zombie still holds its exit code (field 52 of stat).
		read -r -a fields <<<"${stat##*) }"
		if [[ ${fields[0]} == Z ]]; then
			status=${fields[49]}
			((status & 127)) && echo $((128 + (status & 127))) || echo $((status >> 8))
			return
		fi
	fi
	wait "${SL_PID[$1]}" 2>/dev/null || status=$?
	SL_STATUS[$1]=$status
	echo "$status"
}
declare -gA SL_STATUS=()  # program name -> exit status, once reaped

# program_pids NAME: the pids of the program and what it started, without the sandbox's own.
program_pids() {
	sl_program_pids "$1"
	((${#SL_PIDS[@]} == 0)) || printf '%s\n' "${SL_PIDS[@]}"
}

# sl_program_pids NAME: sets SL_PIDS to what program_pids prints, without a subshell (the
# waits call it at every poll).
sl_program_pids() {
	local pids=("${SL_PID[$1]}") pid file kids child comm
	SL_PIDS=()
	while ((${#pids[@]})); do
		pid=${pids[0]}
		pids=("${pids[@]:1}")
		for file in /proc/"$pid"/task/*/children; do
			kids=()
			{ read -r -a kids <"$file"; } 2>/dev/null || true
			for child in "${kids[@]}"; do
				pids+=("$child")
				comm=""
				{ read -r comm <"/proc/$child/comm"; } 2>/dev/null || continue
				[[ $comm == bwrap || $comm == unshare || $comm == nsenter ]] || SL_PIDS+=("$child")
			done
		done
	done
}

# is_idle NAME: the program is running and every one of its threads is blocked (state S), in
# accept(), recv(), read() of stdin or the like: it has done all it does before its next event.
is_idle() {
	local pid task stat seen=0
	sl_program_pids "$1"
	for pid in "${SL_PIDS[@]}"; do
		for task in /proc/"$pid"/task/*; do
			{ read -r stat <"$task/stat"; } 2>/dev/null || continue
			stat=${stat##*) }
			[[ ${stat%% *} == S ]] || return 1
			seen=1
		done
	done
	((seen))
}

# The number of the read() system call, as /proc/PID/syscall shows it.
case $HOSTTYPE in
aarch64 | riscv64) SL_SYS_READ=63 ;;
i?86) SL_SYS_READ=3 ;;
*) SL_SYS_READ=0 ;;
esac

# is_waiting_for_input NAME: a thread of the program is blocked in read() of its standard
# input (from /proc/PID/syscall): it waits for the user to type something.
is_waiting_for_input() {
	local pid call
	sl_program_pids "$1"
	for pid in "${SL_PIDS[@]}"; do
		{ read -r call <"/proc/$pid/syscall"; } 2>/dev/null || continue
		[[ $call == "$SL_SYS_READ 0x0 "* ]] && return 0
	done
	return 1
}

# wait_idle NAME SECONDS: waits until the program is idle (see is_idle).
wait_idle() {
	wait_until "$2" is_idle "$1"
}

# sl_stopped PID...: every thread of these processes is stopped (state T).
sl_stopped() {
	local pid task stat
	for pid in "$@"; do
		for task in /proc/"$pid"/task/*; do
			{ read -r stat <"$task/stat"; } 2>/dev/null || continue
			stat=${stat##*) }
			[[ ${stat%% *} == [Tt] ]] || return 1
		done
	done
}

# freeze NAME: stops the program (SIGSTOP to each of its processes) and waits until it is
# stopped; thaw NAME lets it go on (SIGCONT). While frozen it reacts to nothing, so a check
# can line up events in the kernel that a running program would race with, e.g. a client
# that connects, sends and leaves before the program has read a byte. Thaw before any
# fail_check.
freeze() {
	local pids
	pids=$(program_pids "$1")
	SL_FROZEN[$1]=$pids
	[[ -n $pids ]] || return 1
	# The program may end meanwhile: a kill that finds no process must not end the check
	# (bats runs it under set -e), what the program did before it ended is for the next step.
	kill -STOP $pids 2>/dev/null || true
	wait_until 2 sl_stopped $pids
}
declare -gA SL_FROZEN=()

thaw() {
	[[ -z ${SL_FROZEN[$1]-} ]] || kill -CONT ${SL_FROZEN[$1]} 2>/dev/null || true
	unset 'SL_FROZEN[$1]'
}

# wait_exit NAME SECONDS: waits for the program to end; returns 1 if it is still running.
wait_exit() {
	wait_until "$2" has_exited "$1"
}

# stop NAME: ends the program and everything it started, and reaps it. Returns once all of
# it is gone: the sandbox's own processes die first and take the program's PID namespace down
# with them a moment later, and until then the program still holds its sockets.
stop() {
	local pid=${SL_PID[$1]} inside=()
	if is_running "$1"; then
		sl_program_pids "$1"
		inside=("${SL_PIDS[@]}")
		# It may end on its own between the test and the kill: that is no failure.
		kill -TERM -- "-$pid" 2>/dev/null || true
		wait_until 1 has_exited "$1" || kill -KILL -- "-$pid" 2>/dev/null || true
	fi
	exit_status "$1" >/dev/null
	wait_until 2 sl_all_gone "${inside[@]}" || true
	unset 'SL_PID[$1]'
}

# sl_all_gone PID...: whether none of these processes is still alive (zombies count as gone).
sl_all_gone() {
	local pid stat
	for pid; do
		{ read -r stat <"/proc/$pid/stat"; } 2>/dev/null || continue
		stat=${stat##*) }
		[[ ${stat%% *} == Z ]] || return 1
	done
	return 0
}

# output_of NAME, errors_of NAME: what the program printed on stdout, on stderr. A NUL byte is
# shown as \0 (a shell string cannot hold one, and a check's message would lose it silently);
# every other byte is left as printed: the reports escape the rest (grader/socklab/inert.py).
output_of() {
	sed 's/\x00/\\0/g' "$SL_RUN/$1.out"
}

# read_output NAME: sets OUTPUT to the lines the program has printed, and OUTPUT_DONE to how
# many of them are finished (a last line without '\n', e.g. a prompt, is not). No fork.
read_output() {
	mapfile OUTPUT <"$SL_RUN/$1.out"
	OUTPUT_DONE=${#OUTPUT[@]}
	((OUTPUT_DONE == 0)) || [[ ${OUTPUT[-1]} == *$'\n' ]] || ((OUTPUT_DONE--)) || true
	OUTPUT=("${OUTPUT[@]%$'\n'}")
}

# has_output NAME ERE: whether a line of the program's stdout matches ERE. A wait polls far
# more often than a program prints: grep runs again only once the program has printed more
# since the look that found no match (sl_output_news).
has_output() {
	local key=$1$'\t'$2
	sl_output_news "$1"
	[[ ${SL_NO_MATCH[$key]-} == "${SL_OUT_NEWS[$1]-none}" ]] && return 1
	grep -qE -- "$2" "$SL_RUN/$1.out" && return 0
	SL_NO_MATCH[$key]=${SL_OUT_NEWS[$1]-none}
	return 1
}
declare -gA SL_OUT_FD=() SL_OUT_NEWS=() SL_NO_MATCH=()
SL_NEWS=0  # how many times any program's stdout was seen grown, or a program started

# sl_output_news NAME: SL_OUT_NEWS[NAME] changes each time the program's stdout is seen to
# have grown: what is new is read through a descriptor kept open on it, without a fork. (NUL
# bytes alone do not count: bash drops them, and no pattern of a check is made of them.)
sl_output_news() {
	local fd=${SL_OUT_FD[$1]-} chunk=""
	if [[ -z $fd ]]; then
		[[ -r $SL_RUN/$1.out ]] || return 0
		exec {fd}<"$SL_RUN/$1.out"
		SL_OUT_FD[$1]=$fd
	fi
	IFS= read -r -d '' -N 65536 -u "$fd" chunk || true
	[[ -z $chunk ]] || SL_OUT_NEWS[$1]=$((++SL_NEWS))
}

# sl_output_reset NAME: a program started again as NAME prints to a new file: news of it starts
# anew.
sl_output_reset() {
	local fd=${SL_OUT_FD[$1]-}
	[[ -z $fd ]] || exec {fd}<&-
	unset 'SL_OUT_FD[$1]'
	SL_OUT_NEWS[$1]=$((++SL_NEWS))
}

# output_since NAME SIZE: what the program printed after its first SIZE bytes, NUL bytes shown
# as \0 as output_of shows them (cut from the raw bytes: the shown text is longer than SIZE).
output_since() {
	tail -c +$(($2 + 1)) "$SL_RUN/$1.out" | sed 's/\x00/\\0/g'
}

errors_of() {
	sed 's/\x00/\\0/g' "$SL_RUN/$1.err"
}

line_count() {
	local lines
	# mapfile, not a read loop: a runaway program may have printed megabytes.
	mapfile -t lines <"$SL_RUN/$1.out"
	echo "${#lines[@]}"
}

# has_new_line NAME COUNT: whether the program printed more than COUNT lines (a final line
# without '\n' does not count: it has not been flushed as a line). Reads no further than line
# COUNT+1, so a program that floods its output does not make each poll slower than the last.
has_new_line() {
	local n=0 line
	while IFS= read -r line; do
		((++n > $2)) && return 0
	done <"$SL_RUN/$1.out"
	return 1
}

# wait_output NAME ERE SECONDS: waits for a line of the program's stdout matching ERE.
wait_output() {
	wait_until "$3" has_output "$1" "$2"
}

# cpu_ms NAME: the CPU time (user + system, in ms) the program and what it started have used.
cpu_ms() {
	local pid stat fields ticks=0
	sl_program_pids "$1"
	for pid in "${SL_PIDS[@]}"; do
		{ read -r stat <"/proc/$pid/stat"; } 2>/dev/null || continue
		read -r -a fields <<<"${stat##*) }"
		((ticks += fields[11] + fields[12]))
	done
	echo $((ticks * 1000 / SL_CLK_TCK))
}

# --- the grader's peer, driven step by step -----------------------------------------------

declare -gA SL_STEPS=()  # peer name -> number of actions sent to it

# peer_start NAME connect|listen HOST PORT: starts the grader's peer in the background, in this
# check's namespace, to be driven one action at a time by peer_step (its "-" mode).
peer_start() {
	local name=$1
	shift
	spawn "$name" --grader --stdin "$SOCKLAB_PEER" "$@" -
	SL_STEPS[$name]=0
}

# peer_connected NAME: whether the peer has connected (connect) or accepted a client (listen).
peer_connected() {
	local line
	while IFS= read -r line; do
		[[ $line == "connected "* || $line == "accepted "* ]] && return 0
	done <"$SL_RUN/$1.err"
	return 1
}

# sl_peer_report NAME N: sets SL_REPORT to the peer's report of its N-th action, or to ""
# if the peer has ended without one; returns 1 while it is still at work.
sl_peer_report() {
	local line n=0 pass
	for pass in 1 2; do
		while IFS= read -r line; do
			[[ $line =~ ^(ok|timeout|eof|unexpected|error)$'\t' ]] || continue
			((++n == $2)) || continue
			SL_REPORT=$line
			return 0
		done <"$SL_RUN/$1.err"
		# It may have reported just before it ended: look once more after seeing it end.
		has_exited "$1" || return 1
		n=0
	done
	SL_REPORT=""
}

# peer_step NAME ACTION: runs one action (see grader/lib/peer.c; each bounds its own wait) in
# a peer started by peer_start and waits for its report. Sets PEER_OUTCOME (ok, timeout, eof,
# unexpected, error, or gone if the peer has ended), PEER_COUNT (the bytes received during the
# action) and PEER_GOT (those bytes, C-escaped: \n, \r, \t, \0, \\, \xHH). Returns 0 if ok.
peer_step() {
	local name=$1 n rest
	n=$((SL_STEPS[$name] + 1))
	SL_STEPS[$name]=$n
	SL_REPORT=""
	if sl_write "${SL_STDIN[$name]}" '%s\n' "$2"; then
		wait_until 30 sl_peer_report "$name" "$n" || true
	else
		sl_peer_report "$name" "$n" || true # it ended: it may have reported before
	fi
	if [[ -z $SL_REPORT ]]; then
		PEER_OUTCOME=gone PEER_COUNT=0 PEER_GOT=""
		return 1
	fi
	PEER_OUTCOME=${SL_REPORT%%$'\t'*}
	rest=${SL_REPORT#*$'\t'}
	rest=${rest:${#2}+1}
	PEER_COUNT=${rest%%$'\t'*}
	PEER_GOT=${rest#*$'\t'}
	[[ $PEER_OUTCOME == ok ]]
}

# --- the grader's peer in the background ------------------------------------------------

# peer_listen NAME HOST PORT [ACTION...]: starts the grader's peer as NAME, listening on
# HOST:PORT (it accepts one client, then runs the actions: see peer.c), and returns once it
# listens. Its readiness is its own "listening" line, so it works for one address of several
# on the same port; fails the check (a grader problem) if it cannot listen.
peer_listen() {
	local name=$1
	shift
	spawn "$name" --grader "$SOCKLAB_PEER" listen "$@"
	if ! wait_until 2 sl_first_line_is "$name" '^(listening|listen failed)' ||
		! sl_first_line_is "$name" '^listening$'; then
		fail_check "the grader could not listen on $1:$2" "the grader's listener ready" \
			"$(errors_of "$name")" "this is the grader's problem, not yours: tell your teaching assistant"
	fi
}

# peer_accepted NAME: prints the address of the client that the peer NAME accepted; returns 1
# if it has accepted none.
peer_accepted() {
	local line
	while IFS= read -r line; do
		[[ $line == "accepted "* ]] && { echo "${line#accepted }"; return 0; }
	done <"$SL_RUN/$1.err"
	return 1
}

# sl_first_line_is NAME ERE: whether the first line the grader program NAME wrote to stderr
# matches ERE (a peer's first report: listening, or why not). Read without a fork.
sl_first_line_is() {
	local line=""
	{ IFS= read -r line <"$SL_RUN/$1.err"; } 2>/dev/null
	[[ $line =~ $2 ]]
}

# watch_connects: from now on, records every TCP connection attempt made in this check's
# namespace, for connect_attempts (`peer watch`). Returns 1 if the system does not allow it;
# connect_attempts then prints nothing.
watch_connects() {
	[[ -n ${SL_PID[sl-watch]-} ]] && return 0
	spawn sl-watch --grader "$SOCKLAB_PEER" watch
	wait_until 2 sl_watch_said && [[ $SL_WATCH_SAID == watching ]]
}

# Whether the watch has said whether it is watching (its first line, read without a fork).
sl_watch_said() {
	SL_WATCH_SAID=""
	{ read -r SL_WATCH_SAID <"$SL_RUN/sl-watch.err"; } 2>/dev/null
	[[ $SL_WATCH_SAID == watching || $SL_WATCH_SAID == "watch failed"* ]]
}

# watching: whether watch_connects is recording (connect_attempts then tells all).
watching() {
	[[ -n ${SL_PID[sl-watch]-} ]] && is_running sl-watch && grep -qx watching "$SL_RUN/sl-watch.err"
}

# sl_markers_seen N: whether the watcher has recorded N attempts of connect_attempts' own.
sl_markers_seen() {
	local n
	n=$(grep -cx 'syn 127.0.0.1:1' "$SL_RUN/sl-watch.err" || true)
	((n >= $1))
}

# connect_attempts: prints "ADDRESS:PORT" once for each address a connection was attempted to
# since watch_connects: where a client tried to connect, whether or not anything listened
# there. To know that every earlier attempt has been recorded, it makes one of its own, to
# 127.0.0.1:1, and waits until that one is: the watcher sees them in order.
connect_attempts() {
	local markers
	watching || return 0
	markers=$(grep -cx 'syn 127.0.0.1:1' "$SL_RUN/sl-watch.err" || true)
	peer connect 127.0.0.1 1 >/dev/null 2>&1 || true
	wait_until 2 sl_markers_seen $((markers + 1)) || true
	grep '^syn ' "$SL_RUN/sl-watch.err" | grep -vx 'syn 127.0.0.1:1' | cut -c5- | awk '!seen[$0]++' || true
}

# --- the socket table --------------------------------------------------------------------

# Prints an address of /proc/net/tcp{,6} (hex, host order words) as text.
sl_hex_ip() {
	local hex=$1
	if ((${#hex} == 8)); then
		printf '%d.%d.%d.%d' $((16#${hex:6:2})) $((16#${hex:4:2})) $((16#${hex:2:2})) $((16#${hex:0:2}))
	elif [[ $hex == 00000000000000000000000000000000 ]]; then
		printf '[::]'
	elif [[ $hex == 0000000000000000FFFF0000* ]]; then
		printf '[::ffff:'; sl_hex_ip "${hex:24:8}"; printf ']'
	else
		printf '[%s]' "$hex"
	fi
}

# sl_socket_table: sets SL_TABLE to the lines of this check's namespace's TCP socket tables.
# Each table is read in one read() (mapfile), not line by line: the kernel rebuilds the text
# at each read, and a socket opened or closed between two reads would shift the lines so that
# another is skipped.
sl_socket_table() {
	local lines
	SL_TABLE=()
	mapfile -t lines <"/proc/$SL_NET_HOLDER/net/tcp" && SL_TABLE+=("${lines[@]:1}")
	mapfile -t lines <"/proc/$SL_NET_HOLDER/net/tcp6" && SL_TABLE+=("${lines[@]:1}")
}

# sl_count_sockets TEST [ARG...]: sets SL_COUNT to how many TCP sockets of this check's
# namespace pass TEST, a function called with ARGs that sees the socket's fields of the table
# as st (its state, in hex: 0A listening, 01 established, 08 close wait, 06 time wait), local
# and remote (hex address:port), queues (tx:rx, hex) and rest. It stops at SL_COUNT_MAX if set.
sl_count_sockets() {
	local line sl local remote st queues rest
	SL_COUNT=0
	sl_socket_table
	for line in "${SL_TABLE[@]}"; do
		read -r sl local remote st queues rest <<<"$line"
		"$@" || continue
		((++SL_COUNT != ${SL_COUNT_MAX:-0})) || break
	done
}

# sl_any_socket TEST [ARG...]: whether a TCP socket of this check's namespace passes TEST (see
# sl_count_sockets).
sl_any_socket() {
	SL_COUNT_MAX=1 sl_count_sockets "$@"
	((SL_COUNT))
}

# The tests, for the socket tables' fields (sl_count_sockets).
sl_in_state() { [[ $st == "$1" ]]; }
sl_not_listening() { [[ $st != 0A ]]; }
sl_listening_on() { [[ $st == 0A && $((16#${local##*:})) == "$1" ]]; }
sl_connected_to() { [[ $st != 0A && $((16#${remote##*:})) == "$1" ]]; }
sl_connection_on() { [[ $st != 0A && ($((16#${local##*:})) == "$1" || $((16#${remote##*:})) == "$1") ]]; }
sl_established_to() { [[ $st == 01 && $((16#${remote##*:})) == "$1" ]]; }

# listeners: prints "ADDRESS:PORT" for every listening TCP socket of this check's namespace.
listeners() {
	sl_count_sockets sl_print_listener
}

sl_print_listener() {
	[[ $st == 0A ]] && printf '%s:%d\n' "$(sl_hex_ip "${local%:*}")" $((16#${local##*:}))
}

# listeners_text: the listening sockets on one line, at most 8 of them then a count.
listeners_text() {
	local all=() shown
	mapfile -t all < <(listeners)
	shown=${all[*]:0:8}
	((${#all[@]} > 8)) && shown+=" and $((${#all[@]} - 8)) more"
	echo "${shown:-nothing}"
}

is_listening() {
	sl_any_socket sl_listening_on "$1"
}

# is_connected_to PORT: whether a TCP socket of this check's namespace is connected (or
# connecting) to PORT, e.g. a client program that has called connect().
is_connected_to() {
	sl_any_socket sl_connected_to "$1"
}

# has_established: whether a TCP connection of this check's namespace is open both ways
# (ESTABLISHED): once a side closes or resets it, it is not.
has_established() {
	sl_any_socket sl_in_state 01
}

# has_connection PORT: whether a TCP connection to or from PORT exists in this check's
# namespace, or has just closed (TIME_WAIT): proof that a connect() to PORT succeeded, even
# if the program that made it has ended. Listening sockets do not count.
has_connection() {
	sl_any_socket sl_connection_on "$1"
}

# wait_listen PORT SECONDS: waits until something listens on PORT. Read from the socket table:
# a probe connection would be an extra client of the program under test.
wait_listen() {
	wait_until "$2" is_listening "$1"
}

# --- reporting ---------------------------------------------------------------------------

# sl_cap TEXT: TEXT, cut to SL_SHOW_MAX characters with a note when longer.
sl_cap() {
	if ((${#1} > SL_SHOW_MAX)); then
		printf '%s\n(truncated: %d characters in all)' "${1:0:SL_SHOW_MAX}" "${#1}"
	else
		printf '%s' "$1"
	fi
}

# signal_name N: "SIGSEGV (Segmentation fault)" for 11.
signal_name() {
	local name
	name=$(kill -l "$1" 2>/dev/null) || name="signal $1"
	case $name in
	SEGV) echo "SIGSEGV (segmentation fault: a bad pointer or an array overrun)" ;;
	ABRT) echo "SIGABRT (abort: a failed assert() or a corrupted heap)" ;;
	PIPE) echo "SIGPIPE (wrote to a socket with no open connection: never connected, or closed by the other side)" ;;
	XFSZ) echo "SIGXFSZ (wrote more output than the grader allows)" ;;
	XCPU) echo "SIGXCPU (used more CPU time than the grader allows)" ;;
	KILL) echo "SIGKILL (killed: by itself, or for using too much memory)" ;;
	*) echo "SIG$name" ;;
	esac
}

# crash_signal NAME: prints the signal that killed the ended program; returns 1 if none did.
# The sandbox reports a death by signal N as status 128+N, as the shell does; a program may
# also exit(255) (return -1 from main), so only the signals of a crash or a limit count.
crash_signal() {
	local status
	has_exited "$1" || return 1
	status=$(exit_status "$1")
	case $((status - 128)) in
	4 | 5 | 6 | 7 | 8 | 9 | 11 | 13 | 24 | 25 | 31) echo $((status - 128)) ;;
	*) return 1 ;;
	esac
}

# describe_end NAME: how the program ended, in words, if it has; with the end of its output.
# A crash names the line and function where it happened and the calls that led there.
describe_end() {
	local status sig err out where=()
	if is_running "$1"; then
		echo "it is still running"
	elif sig=$(crash_signal "$1"); then
		mapfile -t where < <(sl_explain where "$1" "$sig")
		echo "it crashed with $(signal_name "$sig")${where[0]:+ ${where[0]}}"
		[[ -z ${where[1]-} ]] || printf '%s\n' "${where[1]}"
	else
		status=$(exit_status "$1")
		case $status in
		255) echo "it exited with status 255 (return -1 from main)" ;;
		*) echo "it exited with status $status" ;;
		esac
	fi
	err=$(errors_of "$1")
	out=$(output_of "$1")
	[[ -n $err ]] && printf 'its stderr:\n%s\n' "$(sl_cap "$err")"
	if [[ -n $out ]]; then
		printf 'its stdout:\n%s' "$(sl_cap "$out")"
	else
		printf 'its stdout: nothing'
	fi
}

# crash_hint NAME DEFAULT: the classic fault behind the program's end and what to change, if
# what the check saw points to one (grader/socklab/explain.py, one table for every lab): a
# crash, its error messages, the connections it made; else DEFAULT.
crash_hint() {
	local sig hint
	sig=$(crash_signal "$1") || sig=0
	hint=$(sl_explain hint "$1" "$sig")
	if [[ -n $hint ]]; then
		echo "$hint"
	elif ((sig)); then
		echo "run it under gdb (gdb ./prog, then run and bt) or build it with -fsanitize=address to see the faulty line"
	else
		echo "$2"
	fi
}

# sl_explain where|hint NAME SIGNAL: asks explain.py, with what this check knows of the
# program NAME: its crash trace, exit status, messages, arguments and connections.
sl_explain() {
	local what=$1 name=$2 sig=$3 status=-1 connections=unknown attempts="" facts=()
	if [[ $what == hint ]]; then
		has_exited "$name" && ((sig == 0)) && status=$(exit_status "$name")
		if ((sig == 13)); then
			# Where a connection was attempted: the watch knows; else a socket table with no
			# connection at all, open or just closed, says none was made.
			if watching; then
				attempts=$(connect_attempts | tr '\n' ' ')
				[[ -n $attempts ]] && connections=seen || connections=none
			elif ! sl_any_connection; then
				connections=none
			fi
		elif watching; then
			attempts=$(connect_attempts | tr '\n' ' ')
		fi
		facts=(--status "$status" --args "${SL_ARGC[$name]:--1}" --connections "$connections"
			--attempts "$attempts" --lab-ports "${SOCKLAB_PORTS-}" --listening "$(sl_listening_ports)"
			--text-file "$SL_RUN/$name.err" --text-file "$SL_RUN/$name.out")
	fi
	sl_explain_py "$what" \
		--binary "${SL_PROGRAM[$name]-}" --trace "$SL_RUN/$name.trace" --signal "$sig" "${facts[@]}" \
		2>/dev/null || true
}

# sl_explain_py ARG...: grader/socklab/explain.py with ARGs, run by the grader's own Python
# (SOCKLAB_PYTHON): the first `python3` on a PATH may be a version manager's shim, which costs
# eight times Python's own start-up at every failure explained. It needs the standard library
# alone: no site packages (-S), nothing from the environment (-I).
sl_explain_py() {
	SOCKLAB_SOURCES=${SOCKLAB_SOURCES-} "${SOCKLAB_PYTHON:-python3}" -I -S "$SOCKLAB_LIB/../socklab/explain.py" "$@"
}

# sl_any_connection: whether this check's namespace holds a TCP connection, open or closed
# (TIME_WAIT), listening sockets aside.
sl_any_connection() {
	sl_any_socket sl_not_listening
}

# sl_listening_ports: the ports listening in this check's namespace, on one line.
sl_listening_ports() {
	listeners | sed 's/.*://' | tr '\n' ' '
}

# fail_check SUMMARY EXPECTED SEEN HINT: records why this check failed, for the report, and
# returns 1 so the check fails on the spot.
fail_check() {
	local dir=$SOCKLAB_DETAILS/$BATS_TEST_NUMBER
	mkdir -p "$dir"
	printf '%s' "$BATS_TEST_DESCRIPTION" >"$dir/title"
	printf '%s' "$1" >"$dir/message"
	printf '%s' "$2" >"$dir/expected"
	printf '%s' "$3" >"$dir/actual"
	printf '%s' "$4" >"$dir/hint"
	return 1
}

# --- turns: when a program has said all it says for now -------------------------------------
# (Lab 05's turns: a message is what a program sends before it stops and waits.)

# The numbers of nanosleep() and clock_nanosleep(), as /proc/PID/syscall shows them: a program
# blocked in sleep() is idle but has not stopped for input.
case $HOSTTYPE in
x86_64) SL_SYS_SLEEPS=" 35 230 " ;;
aarch64 | riscv64) SL_SYS_SLEEPS=" 101 115 " ;;
*) SL_SYS_SLEEPS="" ;;
esac

# is_waiting NAME: the program is idle (see is_idle) and none of its threads sleeps on a timer:
# it waits for input, on its stdin or a socket (or for a child), and does nothing until some comes.
is_waiting() {
	local pid task call
	is_idle "$1" || return 1
	[[ -n $SL_SYS_SLEEPS ]] || return 0
	for pid in "${SL_PIDS[@]}"; do
		for task in /proc/"$pid"/task/*; do
			{ read -r call <"$task/syscall"; } 2>/dev/null || continue
			[[ $SL_SYS_SLEEPS == *" ${call%% *} "* ]] && return 1
		done
	done
	return 0
}

# waits_on: what the program under test ($PROG) is blocked on, in words.
waits_on() {
	if is_waiting_for_input "$PROG"; then
		echo "it waits, reading its stdin"
	else
		echo "it waits (on the connection, or elsewhere)"
	fi
}

# describe_spin PROGRAM: what the program does when it should have stopped: what it waits on,
# if it waits; else what it does over 0.3 s (the CPU it uses, the lines it prints), or how it
# ended meanwhile.
describe_spin() {
	local cpu0 lines0 cpu1 lines1
	if is_running "$1" && is_waiting "$1"; then
		echo "still running: $(PROG=$1 waits_on)"
		return 0
	fi
	cpu0=$(cpu_ms "$1")
	lines0=$(line_count "$1")
	wait_until 0.3 has_exited "$1" || true
	cpu1=$(cpu_ms "$1")
	lines1=$(line_count "$1")
	if is_running "$1"; then
		echo "still running: in 0.3 s it used $((cpu1 - cpu0)) ms of CPU and printed $((lines1 - lines0)) more lines"
	else
		describe_end "$1" | head -n 1
	fi
}

# all_delivered: no connection of this check's namespace holds bytes that its receiver has not
# acknowledged (send queues empty): what was sent is in the receiving socket, to be read.
all_delivered() {
	sl_queues_empty send
}

# nothing_unread: no open connection of this check's namespace has bytes waiting to be read.
nothing_unread() {
	sl_queues_empty receive
}

# sl_queues_empty send|receive: whether that queue is empty on every established connection of
# this check's namespace (the socket table's tx_queue:rx_queue field).
sl_queues_empty() {
	! sl_any_socket sl_queue_holds "$1"
}

# sl_queue_holds send|receive: whether that queue of an established connection holds bytes.
sl_queue_holds() {
	local queue=${queues%%:*}
	[[ $1 == send ]] || queue=${queues#*:}
	[[ $st == 01 ]] && ((16#$queue != 0))
}

# --- ports, named -----------------------------------------------------------------------------

# port_named PORT EXPECTED: PORT in words for a report, with what it is known as when it is a
# usual wrong guess ("8785 (the port of the teacher's demo code, not the lab's 8784)").
port_named() {
	local swapped=$((($2 & 255) << 8 | $2 >> 8))
	case $1 in
	"$2") echo "$1" ;;
	8785) echo "$1 (the port of the teacher's demo code, not the lab's $2)" ;;
	8080) echo "$1 (a web server's usual port, not the lab's $2)" ;;
	"$swapped") echo "$1 ($2 with its two bytes swapped: htons() missing)" ;;
	*) echo "$1 (not the lab's $2)" ;;
	esac
}

# endpoints_named EXPECTED_PORT ADDRESS:PORT...: the endpoints on one line, each port named
# (see port_named), at most 8 of them then a count.
endpoints_named() {
	local want=$1 shown=() endpoint
	shift
	for endpoint in "${@:1:8}"; do
		shown+=("${endpoint%:*}:$(port_named "${endpoint##*:}" "$want")")
	done
	(($# > 8)) && shown+=("and $(($# - 8)) more")
	((${#shown[@]})) || shown=(nothing)
	printf '%s' "${shown[0]}"
	((${#shown[@]} == 1)) || printf ', %s' "${shown[@]:1}"
	echo
}

# --- how much CPU a program wants -----------------------------------------------------------

# cpu_demand_ms NAME: the time, in ms, the program and what it started have run on a CPU
# (utime + stime of /proc/PID/stat) or waited for one while ready to run (run_delay of each
# thread's /proc/PID/task/TID/schedstat, where the kernel keeps it). A program that spins demands all of the
# time that passes, however busy the machine: its CPU time alone shrinks when other programs
# share the cores, its demand does not. A program blocked in poll() demands nothing.
cpu_demand_ms() {
	sl_cpu_demand "$1"
	echo "$SL_DEMAND"
}

# sl_cpu_demand NAME: sets SL_DEMAND to what cpu_demand_ms prints, without a subshell (an idle
# check's wait calls it at every poll).
sl_cpu_demand() {
	local pid stat fields sched task ticks=0 waited=0
	sl_program_pids "$1"
	for pid in "${SL_PIDS[@]}"; do
		{ read -r stat <"/proc/$pid/stat"; } 2>/dev/null || continue
		read -r -a fields <<<"${stat##*) }"
		((ticks += fields[11] + fields[12]))
		# schedstat: ns on a CPU, ns waiting for one, timeslices; per thread (/proc/PID/schedstat
		# is the main thread's alone: a thread spinning beside it waited unseen).
		for task in /proc/"$pid"/task/*; do
			{ read -r -a sched <"$task/schedstat"; } 2>/dev/null && ((waited += ${sched[1]:-0} / 1000000)) || true
		done
	done
	SL_DEMAND=$((ticks * 1000 / SL_CLK_TCK + waited))
}

# sl_demand_above NAME FROM LIMIT: whether the program has wanted more than LIMIT ms of CPU
# since it had wanted FROM ms (see cpu_demand_ms).
sl_demand_above() {
	sl_cpu_demand "$1"
	((SL_DEMAND - $2 > $3))
}

# cpu_busy_over NAME SECONDS LIMIT_MS: whether the program wants more than LIMIT_MS ms of CPU
# within SECONDS (a fraction allowed): measured, not slept. It returns 0 as soon as the program
# has wanted more (a spinner is known in a few tens of ms), 1 once SECONDS have passed without.
# Sets CPU_BUSY_MS to what it wanted and CPU_BUSY_IN to the ms watched, for the report.
cpu_busy_over() {
	local from started busy=1
	sl_cpu_demand "$1"
	from=$SL_DEMAND
	started=${EPOCHREALTIME/./}
	wait_until "$2" sl_demand_above "$1" "$from" "$3" && busy=0
	sl_cpu_demand "$1"
	CPU_BUSY_MS=$((SL_DEMAND - from))
	CPU_BUSY_IN=$(((${EPOCHREALTIME/./} - started) / 1000))
	return "$busy"
}

# --- what a program holds: processes, threads, descriptors -----------------------------------

# process_count NAME: how many processes the program is (itself and what it started, without
# the sandbox's own).
process_count() {
	sl_program_pids "$1"
	echo "${#SL_PIDS[@]}"
}

# program_exiting NAME: whether the program is on its way out, not yet reaped: its process is
# gone from under the sandbox, or exit() has begun (PF_EXITING, 0x4, in /proc/PID/stat's
# flags). Its threads die first, so a count of them can drop before has_exited says so.
program_exiting() {
	local stat fields
	sl_program_pids "$1"
	((${#SL_PIDS[@]})) || return 0
	{ read -r stat <"/proc/${SL_PIDS[0]}/stat"; } 2>/dev/null || return 0
	read -r -a fields <<<"${stat##*) }"
	[[ ${fields[0]} == Z ]] || ((fields[6] & 4))
}

# task_count NAME: how many threads the program's processes hold in all (/proc/PID/task).
task_count() {
	local pid tasks n=0
	sl_program_pids "$1"
	for pid in "${SL_PIDS[@]}"; do
		tasks=(/proc/"$pid"/task/*)
		[[ -e ${tasks[0]} ]] && ((n += ${#tasks[@]}))
	done
	echo "$n"
}

# fd_count NAME: how many descriptors the program's processes hold open in all (/proc/PID/fd;
# its entries are links, most to no path: tested with -L, not -e).
fd_count() {
	local pid fds n=0
	sl_program_pids "$1"
	for pid in "${SL_PIDS[@]}"; do
		fds=(/proc/"$pid"/fd/*)
		[[ -L ${fds[0]} ]] && ((n += ${#fds[@]}))
	done
	echo "$n"
}
