/* SPDX-License-Identifier: MIT */
/* Files and directories: 0 or -errno, never a message. */
#ifndef VX_UTIL_FS_H
#define VX_UTIL_FS_H

#include <stddef.h>
#include <sys/types.h>

/* Create PATH and its missing parents (an existing directory is fine). */
int mkdir_p(const char *path, mode_t mode);
/* Remove PATH and everything below it, without following symbolic links;
 * it goes on past an entry it cannot remove and returns the first error.
 * A missing PATH is not an error. */
int rm_rf(const char *path);

/* Write all LEN bytes to FD (short writes and EINTR retried). */
int write_all(int fd, const void *data, size_t len);
/* PATH holds exactly DATA (created or truncated). */
int write_file(const char *path, const void *data, size_t len);

#endif
