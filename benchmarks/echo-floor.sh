#!/usr/bin/env bash
# The floor under a broker's CPU per request at light load on this machine: a minimal C server doing what a
# broker must do per produce request and nothing else (epoll_wait until the request arrives, recv it, pwrite it
# to a file, send a 64-byte answer), driven by one loopback client at a fixed rate. Its CPU per message is the
# cost of the wake-up and the three system calls, with no JVM, no decoding and no validation.
#
# Usage: benchmarks/echo-floor.sh [rate] [messages]        (default 1000/s, 10000 messages; needs gcc, python3)
set -euo pipefail
rate="${1:-1000}"; n="${2:-10000}"
dir="$(mktemp -d /tmp/echo-floor.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
cat > "$dir/server.c" <<'C'
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int one = 1;
    int log = open(argv[2], O_CREAT | O_WRONLY | O_TRUNC, 0644);
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(0);
    a.sin_addr.s_addr = htonl(0x7f000001);
    bind(ls, (struct sockaddr *) &a, sizeof a);
    listen(ls, 1);
    socklen_t len = sizeof a;
    getsockname(ls, (struct sockaddr *) &a, &len);
    FILE *portfile = fopen(argv[1], "w");
    fprintf(portfile, "%d\n", ntohs(a.sin_port));
    fclose(portfile);
    int c = accept(ls, 0, 0);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
    char buf[65536];
    long off = 0, messages = 0;
    for (;;) {
        struct epoll_event e[8];
        if (epoll_wait(ep, e, 8, -1) < 0) continue;
        int r = recv(c, buf, sizeof buf, 0);
        if (r <= 0) break;
        pwrite(log, buf, r, off);
        off += r;
        send(c, buf, r < 64 ? r : 64, 0);
        messages++;
    }
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    long us = u.ru_utime.tv_sec * 1000000L + u.ru_utime.tv_usec + u.ru_stime.tv_sec * 1000000L + u.ru_stime.tv_usec;
    printf("server: %ld wake-ups with a message, %ld us CPU, %.1f us per message\n", messages, us,
           messages ? (double) us / messages : 0.0);
    return 0;
}
C
cat > "$dir/client.py" <<'PY'
import socket, sys, threading, time
port, rate, n = int(open(sys.argv[1]).read()), int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection(('127.0.0.1', port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
def drain():
    while s.recv(65536):
        pass
threading.Thread(target=drain, daemon=True).start()
message, start = b'x' * 150, time.perf_counter()
for i in range(n):
    delay = start + i / rate - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    s.send(message)
time.sleep(0.5)
s.close()
PY
gcc -O2 -o "$dir/server" "$dir/server.c"
"$dir/server" "$dir/port" "$dir/log" &
server=$!
for _ in $(seq 1 50); do [[ -s "$dir/port" ]] && break; sleep 0.1; done
python3 "$dir/client.py" "$dir/port" "$rate" "$n"
wait "$server"
