"""Reading and writing the files evalguard works on, as a careful editor would.

Reading (`read_file`): regular files only, up to MAX_BYTES. A FIFO would block every
command, and a README linked to /dev/zero (links can be committed) would never end;
both are refused with a one-line reason before anything is read.

Writing (`editing(path)` for a read-modify-write, `write_atomic` for a plain write):
- through a symbolic link to its target: the link stays a link, the target changes;
- atomically: the new bytes go into a temp file beside the target, are flushed, and the
  temp file is renamed over the target, then the folder is flushed. Where Linux allows,
  the temp file has no name until it is complete (O_TMPFILE), so a SIGKILL mid-write
  leaves nothing behind; stale temp files of ours (`.NAME.*.evalguard-tmp`) are removed;
- keeping the file's mode, and its owner and group where the user may set them; a new
  file gets the mode the umask gives;
- refusing a file that is read-only (no write bit, whoever runs evalguard, root too),
  that the user may not write, or that has several hard links (a rename would leave the
  other names with the old content: evalguard says so and writes nothing);
- under an advisory lock on the file (flock: a second evalguard waits for the first) and
  only when the file still holds the bytes that were read: a change made meanwhile by
  another program (an editor's save) raises FileChanged instead of being overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The largest file evalguard reads. The largest card in our corpus of 2,399 is 0.6 MB;
#: a table of 100,000 scores is about 2 MB.
MAX_BYTES = 16 * 1024 * 1024
TEMP_SUFFIX = ".evalguard-tmp"
#: How long a second evalguard waits for the first to finish writing the same file.
LOCK_TIMEOUT = 60.0

if sys.platform != "win32":
    import fcntl


#: whether a nameless temp file (O_TMPFILE) can be given a name here; set on first failure
_tmpfile = {"links": hasattr(os, "O_TMPFILE")}


class FileChanged(OSError):
    """The file changed between reading it and writing it; nothing was written."""


def folder_of(path: Path) -> Path:
    """The folder of a card as the user named it: for a symlinked README, the link's
    folder (where its .evalguard.yaml and .eval_results/ are), not the target's."""
    return path.absolute().parent


def read_file(path: Path, *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (symlinks followed).
    Raises OSError with a one-line `strerror` for anything else."""
    fd = _open_regular(path, limit)
    try:
        return _read_all(fd, limit)
    finally:
        os.close(fd)


def _open_regular(path: Path, limit: int) -> int:
    # stat before open: opening a device or a FIFO can block or have effects of its own
    _require_regular(path.stat(), limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        _require_regular(os.fstat(fd), limit)  # the name may point elsewhere by now
    except BaseException:
        os.close(fd)
        raise
    return fd


def _require_regular(st: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory, expected a README.md file")
    if not stat.S_ISREG(st.st_mode):
        raise OSError(
            errno.EINVAL, f"is {_kind(st.st_mode)}, not a regular file; evalguard reads only files"
        )
    if st.st_size > limit:
        raise OSError(errno.EFBIG, _too_big(limit))


def _too_big(limit: int) -> str:
    return f"larger than {limit // (1024 * 1024)} MiB, the most evalguard reads"


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _read_all(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(fd, 1 << 20):
        size += len(chunk)
        if size > limit:  # it grew after the size check
            raise OSError(errno.EFBIG, _too_big(limit))
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class Editing:
    """A file opened for a read-modify-write (see `editing`)."""

    #: the path as named, and the file it stands for (symlinks resolved)
    path: Path
    target: Path
    #: the bytes read, or None when the file does not exist yet
    data: bytes | None

    def replace(self, new: bytes) -> None:
        """Write `new` in place of the file, atomically. Raises FileChanged when the file
        no longer holds `data`, PermissionError for a read-only file, OSError otherwise."""
        folder = self.target.parent
        if self.data is None:
            _write_new(self.target, new)
        else:
            before = self.target.stat()
            _require_writable(self.target, before)
            if read_file(self.target) != self.data:
                raise FileChanged(
                    errno.EAGAIN,
                    "it changed since evalguard read it (another program wrote it); "
                    "nothing was written",
                )
            temp = _write_temp(folder, self.target.name, new, before)
            try:
                temp.replace(self.target)
            except BaseException:
                _unlink(temp)
                raise
        _sync_folder(folder)


@contextlib.contextmanager
def editing(path: Path, *, create: bool = False, limit: int = MAX_BYTES) -> Iterator[Editing]:
    """Lock `path`'s file (following symlinks) and read it; `Editing.replace` writes it
    back. With `create`, a file that does not exist yet reads as None and is created,
    never over a file another program created meanwhile."""
    target = Path(os.path.realpath(path))
    try:
        fd = _open_locked(target, limit)
    except FileNotFoundError:
        if not create:
            raise
        yield Editing(path, target, None)
        return
    try:
        data = _read_all(fd, limit)
        _remove_stale_temps(target)
        yield Editing(path, target, data)
    finally:
        os.close(fd)  # releases the lock


def write_atomic(path: Path, data: bytes) -> None:
    """Replace (or create) `path` with `data` in one step; see the module's rules."""
    with editing(path, create=True) as file:
        file.replace(data)


def _open_locked(target: Path, limit: int) -> int:
    """An open descriptor of `target`, exclusively locked: other evalguard processes
    wait. The lock is on the file, not the name; a writer renames a new file into place,
    so after waiting we check that the name still leads to the file we locked."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        fd = _open_regular(target, limit)
        if _try_lock(fd):
            try:
                now = target.stat()
            except FileNotFoundError:
                now = None
            mine = os.fstat(fd)
            if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                return fd
        os.close(fd)
        if time.monotonic() > deadline:
            raise OSError(
                errno.ETIMEDOUT,
                f"another evalguard process has been writing it for {LOCK_TIMEOUT:.0f} s",
            )
        time.sleep(0.02)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - no advisory lock; the byte check remains
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _require_writable(target: Path, st: os.stat_result) -> None:
    if st.st_nlink > 1:
        raise OSError(
            errno.EMLINK,
            f"it has {st.st_nlink} hard links; replacing it would leave the other names with "
            "the old content, so evalguard does not write it (make it a file of its own: "
            "cp FILE FILE.new && mv FILE.new FILE)",
        )
    mode = stat.S_IMODE(st.st_mode)
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    # root may write anything; a file nobody may write is still read-only to evalguard
    allowed = bool(mode & 0o222) if root else os.access(target, os.W_OK)
    if not allowed:
        raise PermissionError(
            errno.EACCES,
            f"read-only file (mode {mode:04o}); evalguard does not replace files that are "
            "not writable (make it writable, e.g. chmod u+w, to let it)",
        )


def _write_new(target: Path, data: bytes) -> None:
    temp = _write_temp(target.parent, target.name, data, None)
    try:
        os.link(temp, target)  # unlike a rename, never replaces a file created meanwhile
    except FileExistsError:
        raise FileChanged(
            errno.EEXIST, "another program created it meanwhile; nothing was written"
        ) from None
    finally:
        _unlink(temp)


def _write_temp(folder: Path, name: str, data: bytes, like: os.stat_result | None) -> Path:
    """A complete, flushed temp file in `folder` holding `data`, with `like`'s mode,
    owner and group (else the umask's mode). Nameless while being written, where the
    system can (O_TMPFILE), so that nothing is left behind if the process dies."""
    import secrets  # noqa: PLC0415 - only to write: 8 ms of the check hook's start

    temp = folder / f".{name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    if _tmpfile["links"] and sys.platform.startswith("linux"):
        try:
            fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o666)
        except OSError:
            fd = -1  # the file system cannot: use a named temp file
        if fd >= 0:
            try:
                _fill(fd, data, like)
                os.link(f"/proc/self/fd/{fd}", temp)
                return temp
            except OSError:
                # no /proc, or a kernel (or sandbox) that will not link it: stop trying
                _tmpfile["links"] = False
            finally:
                os.close(fd)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        _fill(fd, data, like)
    except BaseException:
        os.close(fd)
        _unlink(temp)
        raise
    os.close(fd)
    return temp


def _fill(fd: int, data: bytes, like: os.stat_result | None) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    if like is not None:
        if hasattr(os, "fchown"):
            _keep_owner(fd, like)
        os.fchmod(fd, stat.S_IMODE(like.st_mode))  # after chown, which may clear bits
    os.fsync(fd)


def _keep_owner(fd: int, like: os.stat_result) -> None:
    """Owner and group of the old file where allowed (root: both; a user: a group of
    theirs); otherwise the new file is the user's, as any editor would leave it."""
    for uid, gid in ((like.st_uid, like.st_gid), (-1, like.st_gid)):
        try:
            os.fchown(fd, uid, gid)
        except OSError:
            continue
        return


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry, so the rename survives a power cut."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - Windows cannot open a folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def _remove_stale_temps(target: Path) -> None:
    """Temp files of ours for `target` that a killed run left (we hold its lock, so no
    running evalguard is writing one)."""
    for stale in target.parent.glob(f".{_glob_escape(target.name)}.*{TEMP_SUFFIX}"):
        _unlink(stale)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
