// epoll(7) and sched_getcpu(3), which Swift's Glibc module does not export. Part of glibc:
// nothing to link.
#include <sys/epoll.h>
#include <sched.h>
int sched_getcpu(void);
