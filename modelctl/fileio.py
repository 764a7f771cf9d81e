"""Atomic writes and the apply lock."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from modelctl.errors import ApplyError

try:
    import fcntl
except ImportError:  # pragma: no cover - non-POSIX
    fcntl = None  # type: ignore[assignment]


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` so that ``path`` holds either its old or its new bytes, never a mix.

    Temp file in the same folder, fsync, ``os.replace``, then fsync of the folder. The file mode
    of an existing file is kept (or ``mode`` is used for a new one). A process killed
    (SIGKILL, power loss) between creating the temp file and the rename leaves a stray
    ``.<name>.<random>.tmp`` next to ``path``; ``path`` itself is whole, and modelctl never reads
    the temp files, so they are harmless and can be deleted.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (waits for another apply to finish).

    The caller re-reads and re-hashes the file under the lock, so two applies of plans made
    from the same bytes cannot both succeed. The lock is on the file's inode, and an apply
    replaces the file (a new inode): a waiter that gets the lock of a replaced inode takes the
    lock of the current file instead, so it never writes alongside a later apply.
    """
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            raise ApplyError(
                "config file not found",
                hint="pass -c/--config PATH to the config the plan was made for",
                path=str(path),
            ) from None
        except OSError as exc:
            raise ApplyError(
                f"cannot open: {exc.strerror}", hint="check the path and its permissions", path=str(path)
            ) from None
        if fcntl is None:
            break
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        locked = os.fstat(fd)
        if current is not None and (current.st_ino, current.st_dev) == (locked.st_ino, locked.st_dev):
            break
        os.close(fd)  # replaced while we waited: lock the file that is there now
    try:
        yield
    finally:
        os.close(fd)
