"""What the file system under a library allows: identity, read-only mounts, network drives.

SQLite's guarantees hold only where its assumptions do (sqlite.org, "How To Corrupt
An SQLite Database File"): POSIX locks that work, a file that stays where it was
opened, a log (``-wal``) next to it that nobody deletes. These helpers let the store
notice when one of them does not hold, instead of writing into a file nobody reads.
"""

from __future__ import annotations

import os
from pathlib import Path

#: (device, inode): the same file whatever name (symlink, hard link) it is reached by
FileId = tuple[int, int]

#: File system types whose locks SQLite cannot rely on (sqlite.org/lockingv3.html
#: section 6, and the WAL page's "does not work over a network filesystem").
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "fuse.sshfs", "sshfs", "fuse.rclone", "davfs", "fuse.davfs2",
    "fuse.glusterfs", "fuse.s3fs", "lustre", "gpfs", "beegfs",
})


def file_id(path: Path) -> FileId | None:
    """The file's (device, inode), or None when there is no file there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def on_read_only_filesystem(path: Path) -> bool:
    """True when the folder holding ``path`` is on a read-only mount (a CD, a mounted
    backup, a read-only share): nothing there can change, SQLite's log files included."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): assume writable
        return False


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens ``path`` for reading only.

    On a read-only mount SQLite cannot create the ``-wal``/``-shm`` files a WAL
    library needs even to be read, so it is opened as *immutable*: true there, as
    no program can change the file on that mount.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri + "&immutable=1" if on_read_only_filesystem(path) else uri


def network_filesystem(path: Path) -> str | None:
    """The type of the network file system the library is on ("nfs", "cifs" ...), or None.

    Read from ``/proc/self/mountinfo`` (Linux); elsewhere, None.
    """
    try:
        target = path.resolve().parent
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    best, best_type = "", None
    for line in lines.splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or not tail:
            continue
        mount_point = fields[4].replace("\\040", " ")
        inside = str(target) == mount_point or str(target).startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, tail[0]
    return best_type if best_type in NETWORK_TYPES else None
