// The ceiling of Kassa's two readiness designs, for scripts/bench-http: a listener on a Dispatch
// read source, connections spread over serial queues (Kassa uses one per core), every complete
// request head answered with the fixed /healthz response and nothing else done: no parsing, no
// routing, no allocation.
//   per_connection (issue #3's design): one Dispatch read source per connection. What separates
//     it from nginx is libdispatch's own cost per event on Linux (the manager thread's
//     epoll_wait, the SIOCINQ ioctl, re-arming each one-shot source with epoll_ctl, waking the
//     manager through its eventfd), which every server built this way pays.
//   per_loop (Kassa's default): one epoll instance per queue, watched by one Dispatch read
//     source; each event serves every ready connection (epoll_wait with timeout 0).
// Not part of Kassa; built by the bench.
#define _GNU_SOURCE
#include <dispatch/dispatch.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <string.h>
#include <unistd.h>

static const char response[] =
    "HTTP/1.1 200 OK\r\nServer: floor\r\nDate: Mon, 23 Nov 2026 21:00:00 GMT\r\n"
    "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}";

typedef struct {
    int fd;
    int matched;   // bytes of "\r\n\r\n" matched so far, across reads
    dispatch_source_t source;
} connection;

static void closed(connection *c) {
    close(c->fd);
    free(c);
}

static void readable(void *context) {
    connection *c = context;
    char buffer[65536];
    ssize_t n = read(c->fd, buffer, sizeof buffer);
    if (n <= 0) {
        if (c->source) dispatch_source_cancel(c->source); else closed(c);   // closing removes it from its epoll
        return;
    }
    static const char end[] = "\r\n\r\n";
    int heads = 0;
    for (ssize_t i = 0; i < n; i++) {
        c->matched = buffer[i] == end[c->matched] ? c->matched + 1 : (buffer[i] == '\r' ? 1 : 0);
        if (c->matched == 4) { heads++; c->matched = 0; }
    }
    for (int i = 0; i < heads; i++) send(c->fd, response, sizeof response - 1, MSG_NOSIGNAL);
}

static void cancelled(void *context) {
    connection *c = context;
    close(c->fd);
    dispatch_release(c->source);
    free(c);
}

static int listener;
static dispatch_queue_t *loops;
static int *epolls;   // per_loop only
static int loopCount, nextLoop;

static void loopReady(void *context) {
    int epoll = (int)(intptr_t)context;
    struct epoll_event events[64];
    int n = epoll_wait(epoll, events, 64, 0);
    for (int i = 0; i < n; i++) readable(events[i].data.ptr);
}

static void acceptable(void *unused) {
    (void)unused;
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        connection *c = calloc(1, sizeof *c);
        c->fd = fd;
        int loop = nextLoop++ % loopCount;
        if (epolls) {
            struct epoll_event event = { .events = EPOLLIN, .data.ptr = c };
            epoll_ctl(epolls[loop], EPOLL_CTL_ADD, fd, &event);
            continue;
        }
        c->source = dispatch_source_create(DISPATCH_SOURCE_TYPE_READ, (uintptr_t)fd, 0, loops[loop]);
        dispatch_set_context(c->source, c);
        dispatch_source_set_event_handler_f(c->source, readable);
        dispatch_source_set_cancel_handler_f(c->source, cancelled);
        dispatch_resume(c->source);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: dispatch-floor PORT [per_connection|per_loop] [QUEUES]\n"); return 2; }
    int perLoop = argc > 2 && strcmp(argv[2], "per_loop") == 0;
    loopCount = argc > 3 ? atoi(argv[3]) : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (loopCount < 1) loopCount = 1;
    loops = calloc((size_t)loopCount, sizeof *loops);
    if (perLoop) epolls = calloc((size_t)loopCount, sizeof *epolls);
    for (int i = 0; i < loopCount; i++) {
        loops[i] = dispatch_queue_create("floor.loop", NULL);
        if (!perLoop) continue;
        epolls[i] = epoll_create1(EPOLL_CLOEXEC);
        dispatch_source_t source = dispatch_source_create(DISPATCH_SOURCE_TYPE_READ, (uintptr_t)epolls[i], 0, loops[i]);
        dispatch_set_context(source, (void *)(intptr_t)epolls[i]);
        dispatch_source_set_event_handler_f(source, loopReady);
        dispatch_resume(source);
    }
    listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                                   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 4096) != 0) {
        perror("dispatch-floor"); return 1;
    }
    dispatch_source_t accepting = dispatch_source_create(DISPATCH_SOURCE_TYPE_READ, (uintptr_t)listener, 0,
                                                         dispatch_queue_create("floor.accept", NULL));
    dispatch_source_set_event_handler_f(accepting, acceptable);
    dispatch_resume(accepting);
    dispatch_main();
}
