"""A pass-through FUSE file system that fails fsync on demand (test_faults.py).

    python faultfs.py BACKING_DIR MOUNTPOINT CONTROL_DIR

Mirrors BACKING_DIR at MOUNTPOINT (foreground; `umount MOUNTPOINT` ends it). While the file
CONTROL_DIR/fail-fsync exists, fsync, fdatasync and directory fsyncs return EIO, as a disk that
lost a write does; everything else passes through. Every fsync is appended to
CONTROL_DIR/fsync-calls and every failed one to CONTROL_DIR/fsync-failures (paths relative to
the mount), so tests can see what the broker synced. Needs root (the mount
syscall) and mfusepy over libfuse 3.
"""

from __future__ import annotations

import errno
import os
import sys

import mfusepy as fuse


class FaultFS(fuse.Operations):
    use_ns = True

    def __init__(self, root: str, control: str):
        self.root = os.path.realpath(root)
        self.control = control

    def _p(self, path: str) -> str:
        return os.path.join(self.root, path.lstrip("/"))

    def _maybe_fail_fsync(self, path: str) -> None:
        with open(os.path.join(self.control, "fsync-calls"), "a") as f:
            f.write(path + "\n")
        if os.path.exists(os.path.join(self.control, "fail-fsync")):
            with open(os.path.join(self.control, "fsync-failures"), "a") as f:
                f.write(path + "\n")
            raise fuse.FuseOSError(errno.EIO)

    # -- files ---------------------------------------------------------------------------------------

    def create(self, path, mode, flags):
        return os.open(self._p(path), (flags & ~os.O_APPEND) | os.O_CREAT, mode)

    def open(self, path, flags):
        # The kernel computes append offsets itself; pwrite at the offset it passes.
        return os.open(self._p(path), flags & ~os.O_APPEND)

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        if fh is not None:
            os.ftruncate(fh, length)
        else:
            os.truncate(self._p(path), length)
        return 0

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)
        return 0

    def fsync(self, path, datasync, fh):
        self._maybe_fail_fsync(path)
        (os.fdatasync if datasync else os.fsync)(fh)
        return 0

    def fsyncdir(self, path, datasync, fh):
        self._maybe_fail_fsync(path)
        return 0

    # -- metadata --------------------------------------------------------------------------------------

    def getattr(self, path, fh=None):
        st = os.fstat(fh) if fh is not None else os.lstat(self._p(path))
        out = {k: getattr(st, k) for k in ("st_mode", "st_nlink", "st_uid", "st_gid", "st_size", "st_ino")}
        out.update(st_atime=st.st_atime_ns, st_mtime=st.st_mtime_ns, st_ctime=st.st_ctime_ns)
        return out

    def access(self, path, amode):
        if not os.access(self._p(path), amode):
            raise fuse.FuseOSError(errno.EACCES)
        return 0

    def chmod(self, path, mode):
        os.chmod(self._p(path), mode)
        return 0

    def chown(self, path, uid, gid):
        os.chown(self._p(path), uid, gid)
        return 0

    def utimens(self, path, times=None):
        os.utime(self._p(path), ns=times)
        return 0

    def statfs(self, path):
        sv = os.statvfs(self._p(path))
        return {k: getattr(sv, k) for k in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail",
                                            "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}

    # -- names -------------------------------------------------------------------------------------------

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._p(path))

    def mkdir(self, path, mode):
        os.mkdir(self._p(path), mode)
        return 0

    def rmdir(self, path):
        os.rmdir(self._p(path))
        return 0

    def unlink(self, path):
        os.unlink(self._p(path))
        return 0

    def rename(self, old, new):
        os.rename(self._p(old), self._p(new))
        return 0

    def link(self, target, source):
        os.link(self._p(source), self._p(target))
        return 0

    def symlink(self, target, source):
        os.symlink(source, self._p(target))
        return 0

    def readlink(self, path):
        return os.readlink(self._p(path))


def main() -> None:
    backing, mountpoint, control = sys.argv[1:4]
    fuse.FUSE(FaultFS(backing, control), mountpoint, foreground=True, nothreads=False, fsname="strom-faultfs")


if __name__ == "__main__":
    main()
