#ifndef PLIMSOLL_SYSTEM_H
#define PLIMSOLL_SYSTEM_H

/// Sets glibc's mmap threshold (bytes); returns 1 on success, 0 where unsupported.
int plimsoll_set_mmap_threshold(int bytes);

#endif
