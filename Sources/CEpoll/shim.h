// epoll(7), sched_getcpu(3) and getrandom(2), which Swift's Glibc module does not export.
// Part of glibc: nothing to link.
#include <sys/epoll.h>
#include <sched.h>
#include <sys/random.h>
int sched_getcpu(void);
