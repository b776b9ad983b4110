/*
 * What this machine's kernel costs for the broker's data path with no broker at all, so the
 * figures of tests/bench can be read against a ceiling measured the same way on the same day.
 *
 *   bench_ceiling MODE DIR MIB [BROKER_CPU CLIENT_CPU]
 *
 * A "broker" process (this one, pinned to BROKER_CPU) and a "client" child (pinned to
 * CLIENT_CPU) talk over loopback TCP in 1 MiB writes. MODE says what the broker side does:
 *
 *   recv      receive and discard                       (produce with no storage at all)
 *   write     receive, write(2) to a file in DIR, and fdatasync in a loop on a second thread
 *                                                       (any page-cache log with group commit)
 *   direct    receive, pwrite(2) whole 4 KiB pages to an O_DIRECT file in DIR, fdatasync
 *             every 16 MiB                              (a log that bypasses the page cache)
 *   staged    the same, but received into an unaligned buffer and copied into the aligned one
 *             first, as a broker must: a request's batches sit anywhere in its frame
 *   sendfile  sendfile(2) a cached file in DIR to the client, which discards it
 *                                                       (consume from the page cache)
 *
 * It prints one line: throughput, the broker side's CPU-seconds (user + system, all threads)
 * and GB per broker CPU-second, the unit of tests/bench.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define PAGE 4096

static void die(const char *what) {
    fprintf(stderr, "bench_ceiling: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void pin(int cpu) {
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) die("sched_setaffinity");
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

/* The group-commit thread of the "write" mode. */
static volatile int stop_syncing;
static int sync_fd = -1;
static long syncs;

static void *syncer(void *arg) {
    (void)arg;
    while (!stop_syncing) {
        if (fdatasync(sync_fd) != 0) die("fdatasync");
        syncs++;
    }
    return NULL;
}

static void client(struct sockaddr_in addr, int cpu, int consume, long total) {
    pin(cpu);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");
    char *buf = malloc(CHUNK);
    if (!buf) die("malloc");
    memset(buf, 'x', CHUNK);
    if (consume) {
        while (recv(s, buf, CHUNK, 0) > 0) {
        }
    } else {
        for (long sent = 0; sent < total;) {
            ssize_t k = send(s, buf, CHUNK, 0);
            if (k <= 0) break;
            sent += k;
        }
    }
    close(s);
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench_ceiling recv|write|direct|staged|sendfile DIR MIB [BROKER_CPU CLIENT_CPU]\n");
        return 2;
    }
    const char *mode = argv[1];
    long total = atol(argv[3]) << 20;
    int broker_cpu = argc > 4 ? atoi(argv[4]) : -1, client_cpu = argc > 5 ? atoi(argv[5]) : -1;
    int is_write = !strcmp(mode, "write"), is_staged = !strcmp(mode, "staged");
    int is_direct = is_staged || !strcmp(mode, "direct");
    int is_sendfile = !strcmp(mode, "sendfile"), is_recv = !strcmp(mode, "recv");
    if (!(is_write || is_direct || is_sendfile || is_recv) || total <= 0) {
        fprintf(stderr, "bench_ceiling: unknown mode '%s' or bad size\n", mode);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/bench-ceiling-%s.bin", argv[2], mode);

    /* sendfile reads a file that is in the page cache, as a backlog just produced is. */
    int file = -1;
    if (is_sendfile) {
        file = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
        if (file < 0) die(path);
        char *buf = malloc(CHUNK);
        if (!buf) die("malloc");
        memset(buf, 'y', CHUNK);
        for (long w = 0; w < total; w += CHUNK)
            if (write(file, buf, CHUNK) != CHUNK) die("write");
        free(buf);
        /* Written back before the clock starts: no disk I/O overlaps the measurement. */
        if (fdatasync(file) != 0) die("fdatasync");
    } else if (is_write || is_direct) {
        file = open(path, O_CREAT | O_TRUNC | O_WRONLY | (is_direct ? O_DIRECT : 0), 0644);
        if (file < 0) die(path);
    }

    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (ls < 0 || bind(ls, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(ls, 1) != 0 ||
        getsockname(ls, (struct sockaddr *)&addr, &alen) != 0)
        die("listen");
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) client(addr, client_cpu, is_sendfile, total);
    pin(broker_cpu);
    int s = accept(ls, NULL, NULL);
    if (s < 0) die("accept");
    int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    char *buf, *unaligned = NULL;
    if (posix_memalign((void **)&buf, PAGE, CHUNK + PAGE) != 0) die("posix_memalign");
    if (is_staged && !(unaligned = malloc(CHUNK + 64))) die("malloc");
    pthread_t thread;
    if (is_write) {
        sync_fd = file;
        if (pthread_create(&thread, NULL, syncer, NULL) != 0) die("pthread_create");
    }
    double cpu0 = cpu_seconds(), t0 = now();
    long moved = 0;
    if (is_sendfile) {
        off_t off = 0;
        while (moved < total) {
            ssize_t k = sendfile(s, file, &off, (size_t)(total - moved));
            if (k <= 0) die("sendfile");
            moved += k;
        }
    } else {
        size_t held = 0; /* O_DIRECT: bytes of a partial page kept for the next write */
        off_t off = 0, since_sync = 0;
        for (;;) {
            ssize_t k;
            if (is_staged) {
                /* 13 bytes in: no alignment, like a batch inside a request frame. */
                k = recv(s, unaligned + 13, CHUNK, MSG_WAITALL);
                if (k > 0) memcpy(buf + held, unaligned + 13, (size_t)k);
            } else {
                k = recv(s, buf + held, CHUNK, MSG_WAITALL);
            }
            if (k <= 0) break;
            moved += k;
            if (is_write) {
                if (write(file, buf, (size_t)k) != k) die("write");
            } else if (is_direct) {
                size_t have = held + (size_t)k, whole = have & ~(size_t)(PAGE - 1);
                if (whole && pwrite(file, buf, whole, off) != (ssize_t)whole) die("pwrite");
                off += (off_t)whole;
                since_sync += (off_t)whole;
                held = have - whole;
                memmove(buf, buf + whole, held);
                if (since_sync >= (16 << 20)) {
                    if (fdatasync(file) != 0) die("fdatasync");
                    syncs++;
                    since_sync = 0;
                }
            }
        }
        if (is_direct) {
            if (fdatasync(file) != 0) die("fdatasync");
            syncs++;
        }
    }
    if (is_write) {
        stop_syncing = 1;
        pthread_join(thread, NULL);
    }
    close(s);
    double wall = now() - t0, cpu = cpu_seconds() - cpu0;
    waitpid(child, NULL, 0);
    if (file >= 0) close(file);
    unlink(path);
    printf("%.2f GB per broker CPU-second  (%.0f MB/s, broker side %.2f cores", moved / 1e9 / cpu,
           moved / 1e6 / wall, cpu / wall);
    if (syncs) printf(", %.0f fdatasyncs/s", syncs / wall);
    printf(")\n");
    return 0;
}
