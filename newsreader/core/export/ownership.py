"""Which files at an export's target this app wrote, and may therefore replace.

Exports go where people keep their own work: a re-export into an earlier export
folder must keep the notes and attachments saved there since, and an export onto an
existing file must not silently replace a spreadsheet someone made. So an export
replaces only what Newsreader wrote and nobody changed since:

* a **folder** export leaves a manifest (``.newsreader-manifest.json``, hidden, never
  imported) naming each file it wrote with its SHA-256. The next export replaces the
  listed files that still have that content, and keeps everything else: other files,
  folders, links, and listed files someone has edited (those are replaced only on
  request, ``force``). An export from before manifests is recognised by the
  ``newsreader:`` marker in the front matter of its Markdown files.
* a **single file** (digest, JSON, CSV) is recorded with its SHA-256 in a small list
  of this user's exports (``exports.json`` in the data folder); a file at the target
  that is not on that list with its current content is replaced only on request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from newsreader.core.errors import ExportOverwriteError
from newsreader.core.paths import APP_NAME
from newsreader.core.store.files import replace as replace_file

log = logging.getLogger(__name__)

MANIFEST = ".newsreader-manifest.json"
_MARKERS = (b"\nnewsreader: article\n", b"\nnewsreader: index\n")
#: files remembered in exports.json (the oldest are forgotten first)
REMEMBERED = 500
_CHUNK = 1024 * 1024


def file_digest(path: Path) -> str | None:
    """SHA-256 of a regular file (a symbolic link is not followed: None, as for a folder
    or a file that cannot be read)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# -- folders ------------------------------------------------------------------------

@dataclass(slots=True)
class FolderPlan:
    """What a folder export finds at its target."""

    #: names this app wrote, unchanged: replaced by the new export
    owned: list[str] = field(default_factory=list)
    #: names this app wrote that someone changed (or replaced by a link): replaced on request
    changed: list[str] = field(default_factory=list)
    #: every other name: never touched, and never used for a new file
    kept: list[str] = field(default_factory=list)


def read_manifest(folder: Path) -> dict[str, str] | None:
    """{file name: SHA-256} a previous export left, or None."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if isinstance(files, dict) and all(isinstance(v, str) for v in files.values()):
            return {str(k): v for k, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def manifest_text(files: dict[str, str]) -> str:
    return json.dumps({"written_by": "Newsreader", "files": files}, indent=1,
                      ensure_ascii=False, sort_keys=True) + "\n"


def _has_marker(path: Path) -> bool:
    """A Markdown file of a Newsreader folder export (from before manifests)."""
    if path.is_symlink() or not path.is_file() or path.suffix.lower() != ".md":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    return head.startswith(b"---\n") and any(marker in head for marker in _MARKERS)


def plan_folder(folder: Path) -> FolderPlan:
    """Sort what is in ``folder`` (an earlier export, or an empty folder) into what a new
    export replaces, what it may replace only on request, and what it keeps."""
    plan = FolderPlan()
    manifest = read_manifest(folder)
    for name in sorted(os.listdir(folder)):
        path = folder / name
        if name == MANIFEST:
            plan.owned.append(name)
        elif manifest is not None and name in manifest:
            if file_digest(path) == manifest[name]:
                plan.owned.append(name)
            else:
                plan.changed.append(name)
        elif manifest is None and _has_marker(path):
            plan.owned.append(name)
        else:
            plan.kept.append(name)
    return plan


def folder_conflicts(folder: Path) -> list[Path]:
    """Files of an earlier export at ``folder`` that someone changed since."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return [folder / name for name in plan_folder(folder).changed]


# -- single files ---------------------------------------------------------------------

def _registry() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "exports.json"


def _remembered() -> dict[str, str]:
    try:
        data = json.loads(_registry().read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def remember(path: Path, digest: str) -> None:
    """Note that this app wrote ``path`` with this content (best effort: if the list
    cannot be written, the next export there asks before replacing the file)."""
    files = _remembered()
    key = str(Path(os.path.abspath(path)))
    files.pop(key, None)
    files[key] = digest
    registry = _registry()
    temp = registry.with_name(f".{registry.name}.{os.getpid()}.tmp")
    try:
        registry.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps({"files": dict(list(files.items())[-REMEMBERED:])},
                                   indent=1, ensure_ascii=False), encoding="utf-8")
        replace_file(temp, registry, durable=False)  # best effort: no fsync
    except OSError as error:
        temp.unlink(missing_ok=True)
        log.warning("could not remember the export %s: %s", path, error)


def file_conflict(path: Path) -> Path | None:
    """``path`` if a file is there that this app did not write as it is now, else None."""
    if not os.path.lexists(path):
        return None
    digest = file_digest(path)
    if digest is not None and _remembered().get(str(Path(os.path.abspath(path)))) == digest:
        return None
    return path


def conflicts(target: Path, format: str) -> list[Path]:
    """What an export to ``target`` in ``format`` would replace that this app did not
    write (or that changed since it did): ask before exporting with ``force``."""
    target = Path(os.path.abspath(target))
    if format == "folder":
        return folder_conflicts(target)
    found = file_conflict(target)
    return [found] if found is not None and not target.is_dir() else []


def overwrite_error(paths: list[Path], *, folder: bool) -> ExportOverwriteError:
    shown = ", ".join(p.name for p in paths[:3]) + (f" and {len(paths) - 3} more"
                                                    if len(paths) > 3 else "")
    if folder:
        message = (f"{len(paths)} file{'s' * (len(paths) != 1)} of the earlier export in "
                   f"{paths[0].parent} {'were' if len(paths) != 1 else 'was'} changed since "
                   f"it was written ({shown}); nothing was exported")
    else:
        message = (f"{paths[0]} exists and was not written by Newsreader, or was changed "
                   "since; nothing was exported")
    return ExportOverwriteError(message, paths)
