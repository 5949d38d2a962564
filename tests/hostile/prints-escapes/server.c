/* Hostile: a lab 03 server that works, but prints on start-up, on each connection and on stderr
 * what a report must show as text and never act on: terminal escape sequences (colour, cursor
 * moves, erase line and screen, window title, OSC 52 clipboard write), a CR that overwrites a
 * line, backspaces, GitHub workflow commands, HTML, Markdown that breaks tables, fences and
 * links, bytes that are not UTF-8, C1 and bidi controls, and a NUL.
 * tests/inert.bats grades it in every report format. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char payload[] =
	"\033[31mred\033[0m \033[2J\033[H\033[3A\033[10C\033[2K\033[1;1H cursor, erase, colour\n"
	"\033]0;pwned window title\007 OSC title\n"
	"\033]52;c;cm0gLXJmIH4=\007 OSC 52 clipboard\n"
	"\033P+q544e\033\\ DCS request\n"
	"Score: 0/25\rScore: 25/25 (CR-overwritten)\n"
	"FAIL\b\b\b\bOK   (backspaced)\n"
	"::warning::forged warning\n"
	"::stop-commands::hostile-token\n"
	"  ::error file=server.c,line=1::indented forged error\n"
	"::add-mask::Score\n"
	"##[group]forged group\n"
	"<script>alert(1)</script><img src=x onerror=alert(2)>\n"
	"| forged | table | row |\n"
	"```\n~~~\n````` fence breaker\n"
	"[click](javascript:alert(3)) ![pixel](http://tracker.invalid/p.png)\n"
	"# forged heading\n"
	"not UTF-8: \xff\xfe\xc3 end\n"
	"C1 CSI: \xc2\x9b" "31m, bidi override: \xe2\x80\xae" "desrever, line separator:\xe2\x80\xa8x\n"
	"a NUL: [\0] and DEL: [\177]\n";

static void print_payload(FILE *to)
{
	fwrite(payload, 1, sizeof payload - 1, to);
	fflush(to);
}

int main(void)
{
	struct sockaddr_in addr;
	int one = 1, listenfd, connfd;

	listenfd = socket(AF_INET, SOCK_STREAM, 0);
	if (listenfd == -1) {
		perror("socket");
		return 1;
	}
	setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	addr.sin_port = htons(8784);
	if (bind(listenfd, (struct sockaddr *)&addr, sizeof addr) == -1 || listen(listenfd, 8) == -1) {
		perror("bind");
		return 1;
	}
	/* Before any client: the check that the message comes on a connection fails and quotes
	 * all of it. */
	print_payload(stdout);
	print_payload(stderr);
	for (;;) {
		connfd = accept(listenfd, NULL, NULL);
		if (connfd == -1)
			continue;
		print_payload(stdout);
		close(connfd);
	}
}
