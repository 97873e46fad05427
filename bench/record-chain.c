/*
 * record-chain.c - what reading a capture's record chain costs from memory, and with a helper thread that
 * loads the cache lines ahead of the reader (the idea behind the read-ahead's cache-warming cursor in
 * capture/src/main/java/org/wardwatch/capture/source/MappedCaptureInput.java).
 *
 * The reader walks the records of a classic pcap file (16-byte record headers, each giving the length of
 * the next hop) and reads one byte of each frame; with AHEAD_KB > 0 a second thread loads every 64-byte
 * line from the reader's position to AHEAD_KB ahead of it. The file is mapped with MAP_POPULATE first, so
 * no page faults are timed.
 *
 * Build and run:  gcc -O2 -pthread -o /tmp/record-chain bench/record-chain.c
 *                 for a in 0 256 1024 4096 65536; do /tmp/record-chain /tmp/hosp-1500m.pcap $a; done
 * Prints:         ahead_kb=N seconds=S ns_per_record=R records=N
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

static const uint8_t *map;
static size_t size;
static size_t ahead;
static volatile size_t reader;
static volatile int stop;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *helper(void *unused) {
    (void) unused;
    size_t at = 0;
    uint64_t acc = 0;
    while (!stop) {
        size_t r = reader, limit = r + ahead < size ? r + ahead : size;
        if (at < r) at = r;
        if (at >= limit) {
            if (limit == size) break;
            continue;
        }
        size_t end = at + 65536 < limit ? at + 65536 : limit;
        for (; at < end; at += 64) acc += map[at];
    }
    return (void *) (uintptr_t) acc;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE.pcap AHEAD_KB\n", argv[0]);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 1;
    }
    size = (size_t) st.st_size;
    map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    ahead = (size_t) atol(argv[2]) << 10;
    pthread_t t;
    if (ahead > 0) pthread_create(&t, NULL, helper, NULL);
    double t0 = now();
    size_t p = 24;
    long n = 0;
    uint64_t acc = 0;
    while (p + 16 <= size) {
        uint32_t caplen;
        memcpy(&caplen, map + p + 8, 4);
        if (p + 16 + caplen > size) break;
        acc += caplen > 12 ? map[p + 16 + 12] : 0;
        p += 16 + caplen;
        if ((++n & 63) == 0) reader = p;
    }
    double s = now() - t0;
    stop = 1;
    if (ahead > 0) pthread_join(t, NULL);
    printf("ahead_kb=%zu seconds=%.3f ns_per_record=%.1f records=%ld (checksum %lu)\n", ahead >> 10, s, s / n * 1e9, n,
           (unsigned long) acc);
    return 0;
}
