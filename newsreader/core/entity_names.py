"""Entity names a reader can trust: corrections (relabel, merge, split, not an entity)
that hold for every article and every future extraction, and can be undone.

The Library's entity-name methods delegate here; the SQL is in
``store.entity_groups`` (which names are one entity) and ``store.entity_corrections``
(what the reader said).
"""

from __future__ import annotations

import sqlite3

from .clock import utc_now
from .entities.aliases import alias_key
from .entities.labels import LABELS
from .errors import NewsreaderError, NotFoundError
from .store import entity_corrections as corrections
from .store import entity_groups as groups
from .models import Correction
from .models import CorrectionDone

#: Words a reader may use for a label ("organisation"), besides the codes themselves.
LABEL_WORDS = {
    "person": "PERSON", "people": "PERSON", "organisation": "ORG", "organization": "ORG",
    "company": "ORG", "place": "GPE", "country": "GPE", "city": "GPE", "location": "LOC",
    "region": "LOC", "group": "NORP", "nationality": "NORP", "date": "DATE", "money": "MONEY",
    "event": "EVENT", "law": "LAW", "product": "PRODUCT", "facility": "FAC", "work": "WORK_OF_ART",
}


def label_code(label: str) -> str:
    """The label code for what a reader typed ("org", "Organisation", "ORG" -> "ORG")."""
    word = " ".join(label.split())
    code = LABEL_WORDS.get(word.lower()) or word.upper().replace(" ", "_")
    if code == "ORGANISATION":
        code = "ORG"
    if code not in LABELS:
        raise NewsreaderError(f"{label!r} is not a label; use one of {', '.join(LABELS)} "
                              "(or person, organisation, place ...)")
    return code


def find_root(conn: sqlite3.Connection, name: str, label: str | None = None, *,
              ignored: bool = False) -> int:
    """The one entity called ``name``; an error naming the choices when several are."""
    roots = groups.roots_named(conn, _clean(name), label, ignored=ignored)
    if not roots:
        raise NotFoundError(f"no entity named {name!r}" + (f" with label {label}" if label else ""))
    exact = [r for r in roots if _root_text(conn, r)[0] == _clean(name)]
    if len(roots) > 1 and len(exact) != 1:
        choices = ", ".join(f"{t} ({lbl})" for t, lbl in (_root_text(conn, r) for r in roots))
        raise NewsreaderError(f"{name!r} names several entities: {choices}; add --label to say which")
    return exact[0] if len(roots) > 1 else roots[0]


def relabel(conn: sqlite3.Connection, name: str, label: str, *, only: str | None = None) -> CorrectionDone:
    """Every entity called ``name`` (of label ``only``) gets ``label``, now and in the
    future: its names join the entity (display name, ``label``)."""
    code = label_code(label)
    roots = groups.roots_named(conn, _clean(name), only)
    if not roots:
        raise NotFoundError(f"no entity named {name!r}")
    text = _root_text(conn, roots[0])[0]
    target = groups.ensure(conn, text, code)
    involved = [m for r in roots for m in groups.members(conn, r)] + [target]
    before = groups.snapshot(conn, involved + groups.members(conn, groups.root_of(conn, target)))
    groups.make_root(conn, target)
    moved = groups.join(conn, roots, target)
    return _record(conn, "relabel", name, only, target, code, before, len(moved))


def merge(conn: sqlite3.Connection, name: str, into: str, *, label: str | None = None,
          into_label: str | None = None) -> CorrectionDone:
    """"``name`` is the same as ``into``": every entity called ``name`` becomes a name of
    the entity ``into``, and so does any name of this key stored later."""
    target = find_root(conn, into, into_label)
    roots = [r for r in groups.roots_named(conn, _clean(name), label) if r != target]
    if not roots:
        if groups.roots_named(conn, _clean(name), label):
            raise NewsreaderError(f"{name!r} is a name of {_root_text(conn, target)[0]!r} already")
        raise NotFoundError(f"no entity named {name!r}")
    before = groups.snapshot(conn, [m for r in roots for m in groups.members(conn, r)])
    moved = groups.join(conn, roots, target)
    return _record(conn, "merge", name, label, target, None, before, len(moved))


def split(conn: sqlite3.Connection, name: str, *, label: str | None = None) -> CorrectionDone:
    """Take the names written ``name`` out of the entity they were merged into: they
    stand for an entity of their own, now and when stored again."""
    key = alias_key(_clean(name))
    ids = groups.names_with_key(conn, key, label)
    if not ids:
        raise NotFoundError(f"no entity named {name!r}")
    roots = {groups.root_of(conn, i) for i in ids}
    others = [m for r in roots for m in groups.members(conn, r) if m not in ids]
    if not others:
        raise NewsreaderError(f"{name!r} is not merged with another name; nothing to split")
    before = groups.snapshot(conn, ids + others)
    for root in roots:  # what stays together keeps (or gets) a root of its own
        rest = [m for m in groups.members(conn, root) if m not in ids]
        if rest:
            groups.point(conn, rest, rest[0])
    by_label: dict[str, list[int]] = {}
    for entity_id in ids:
        by_label.setdefault(_label_of(conn, entity_id), []).append(entity_id)
    for same in by_label.values():
        groups.point(conn, same, same[0])
    return _record(conn, "split", name, label, None, None, before, len(ids))


def ignore(conn: sqlite3.Connection, name: str, *, label: str | None = None) -> CorrectionDone:
    """"Not an entity": names written ``name`` are no longer shown, counted or found,
    in any article, now or when extracted again; their mentions stay for undo."""
    key = alias_key(_clean(name))
    ids = [i for i in groups.names_with_key(conn, key, label)]
    if not ids:
        raise NotFoundError(f"no entity named {name!r}")
    before = groups.snapshot(conn, ids)
    groups.set_ignored(conn, ids, True)
    return _record(conn, "ignore", name, label, None, None, before, len(ids))


def undo(conn: sqlite3.Connection, correction_id: int | None = None) -> Correction:
    """Undo a correction (the latest in force by default); names stored under it since
    are placed again as if it had never been made."""
    chosen = corrections.latest_active(conn) if correction_id is None else correction_id
    found = corrections.get(conn, chosen) if chosen is not None else None
    if found is None:
        raise NotFoundError("there is no correction to undo" if correction_id is None
                            else f"no correction #{correction_id}")
    if found.undone_at is not None:
        raise NewsreaderError(f"correction #{found.id} was undone already")
    key, rows, last_id = corrections.undo_state(conn, found.id)
    later = corrections.touched_later(conn, found.id, {int(r[0]) for r in rows})
    if later is not None:
        raise NewsreaderError(f"correction #{later} changed the same names later; undo it first")
    groups.restore(conn, rows)
    corrections.mark_undone(conn, found.id, utc_now())
    for entity_id, text, label in corrections.names_since(conn, key, last_id):
        groups.make_plain(conn, entity_id)
        groups.place_new(conn, entity_id, text, label)
    return corrections.get(conn, found.id) or found


def _record(conn: sqlite3.Connection, action: str, name: str, label: str | None,
            target: int | None, new_label: str | None, before: list[list[int | None]],
            moved: int) -> CorrectionDone:
    correction_id = corrections.record(
        conn, action=action, name=_clean(name), key=alias_key(_clean(name)), label=label,
        target_id=target, new_label=new_label, created_at=utc_now(), before=before)
    found = corrections.get(conn, correction_id)
    assert found is not None
    return CorrectionDone(found, moved)


def _clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise NewsreaderError("an entity name cannot be empty")
    return cleaned


def _root_text(conn: sqlite3.Connection, root: int) -> tuple[str, str]:
    from .store import mentions as mention_store

    found = mention_store.entity(conn, root)
    assert found is not None
    return found


def _label_of(conn: sqlite3.Connection, entity_id: int) -> str:
    return _root_text(conn, entity_id)[1]
