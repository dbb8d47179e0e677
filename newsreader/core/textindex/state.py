"""Where a library's index folder is and what its ``state.json`` says (no tantivy here:
the Library opens without loading the search engine until it searches or indexes).

``state.json`` says which library the index belongs to and the last change of that
library it holds (:mod:`..store.search_changes`); it is written after each tantivy
commit, so an index never claims more than it has.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

#: bump when the schema or the analyzer changes: an older folder is rebuilt
FORMAT = 1
STATE = "state.json"


@dataclass(frozen=True, slots=True)
class IndexState:
    """Whose index this is and how far it has read that library's changes."""

    library: str
    applied: int
    #: one id per build: a process that has the folder open sees another's rebuild
    build: str = ""
    format: int = FORMAT


def folder_for(library_path: Path) -> Path:
    return library_path.with_name(library_path.name + ".search")


def read_state(folder: Path) -> IndexState | None:
    try:
        data = json.loads((folder / STATE).read_text(encoding="utf-8"))
        return IndexState(str(data["library"]), int(data["applied"]), str(data["build"]),
                          int(data["format"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(folder: Path, state: IndexState) -> None:
    tmp = folder / (STATE + ".tmp")
    tmp.write_text(json.dumps({"library": state.library, "applied": state.applied,
                               "build": state.build, "format": state.format}),
                   encoding="utf-8")
    os.replace(tmp, folder / STATE)


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
