// epoll(7), which Swift's Glibc module does not export. Part of glibc: nothing to link.
#include <sys/epoll.h>
