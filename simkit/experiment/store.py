"""The result store: a folder that a sweep fills one finished task at a time.

::

    DIR/manifest.json          what the sweep is: resolved scenario of every point, every
                               task's id and seed, the simkit version (written first)
    DIR/tasks/<id>.parquet     one task's tidy summary (written when the task finishes)
    DIR/logs/<id>/<table>.parquet   full tables, only for the tables the sweep asks for
    DIR/computed.log           one line per task computed by a run ("<time> <id> <pid>")

**Crash safety.** Every file is written under a temporary name and then renamed over its
final name (``os.replace``, atomic on POSIX and Windows), so a final name never holds half
a file, whatever moment the process dies at (even ``kill -9``: the written bytes are in
the operating system's hands). A task's log tables are written *before* its summary, so an
existing summary means the whole task is complete. Files also carry page checksums, their
task id and their row count (see ``simkit.experiment.tasks.decode``); on resume every
summary is read back and checked, and anything damaged in a task's place (a truncated or
corrupt file, another task's file, a folder where a file belongs) is moved aside to
``DIR/damaged/`` — never deleted — named in a message, and recomputed. Only the manifest
is ``fsync``-ed before its rename: a task file is not, because a power cut that left one
renamed but unwritten is caught by that check and costs one recomputed task, while an
``fsync`` per task waits for the disk on every task of a sweep.

**Resume.** Task ids are hashes of the resolved scenario and seed, so the same sweep gives
the same ids; resuming recomputes exactly the tasks without a sound file. Resuming into a
folder whose manifest describes a *different* sweep is refused with a message naming the
first difference, so results of two sweeps are never mixed. A lock file keeps two runs
from writing into one folder at the same time (the OS releases it if a run is killed).

**A damaged manifest.** The manifest is rebuilt from the sweep file: resuming with it
(``simkit sweep SWEEP.yaml --out DIR --resume``) moves a damaged manifest (truncated, not
JSON, ``{}``, a folder) aside, writes the sweep's own, and keeps every finished task whose
id it lists — ids hash each task's whole scenario, seed and day count, so a kept file is
the same task's whatever sweep wrote it. Reading (``simkit report``) never changes a
folder: it refuses a damaged manifest with that command, and reports the intact tasks
while naming each damaged task file and how to recompute it.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shlex
from pathlib import Path

import pandas as pd

from ..errors import StoreError
from ..results import _version
from .tasks import decode, stack

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, one run at a time is up to the user
    fcntl = None

__all__ = ["ResultStore", "StoreError", "manifest_of", "manifest_problem", "resume_command"]

FORMAT = 1
_IDENTITY = ("format", "simkit", "seed", "replications", "days", "logs", "parameters", "points", "tasks")
_TASK_ID = re.compile(r"[0-9a-f]{16}")  # tasks.task_id: 16 hex digits, also a safe file name
_MOVED = "damaged"  # DIR/damaged/: where damaged items are moved, never deleted


def manifest_of(sweep) -> dict:
    """The manifest of a sweep (JSON-ready)."""
    tasks = sweep.tasks()
    return {
        "format": FORMAT, "simkit": _version(), "name": sweep.name, "description": sweep.description,
        "source": sweep.source, "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": sweep.seed, "replications": sweep.replications, "days": sweep.days, "logs": list(sweep.logs),
        "parameters": sweep.parameters,
        "points": [{"point": p.index, "overrides": p.overrides, "scenario": p.scenario.model_dump(mode="json")}
                   for p in sweep.points],
        "tasks": [{"id": t.id, "point": t.point, "replication": t.replication, "seed": t.seed} for t in tasks],
    }


def _normal(obj):
    """What the manifest looks like after a JSON round trip (tuples -> lists, keys -> str)."""
    return json.loads(json.dumps(obj, default=str))


def _first_difference(a, b, path="") -> str:
    if type(a) is not type(b):
        return f"{path or 'the manifest'}: {json.dumps(a, default=str)[:80]} vs {json.dumps(b, default=str)[:80]}"
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if a.get(k, "<absent>") != b.get(k, "<absent>"):
                return _first_difference(a.get(k, "<absent>"), b.get(k, "<absent>"), f"{path}.{k}".lstrip("."))
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} entries vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}.{i}")
    return f"{path}: {json.dumps(a, default=str)[:80]} vs {json.dumps(b, default=str)[:80]}"


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _list_of(manifest: dict, key: str, check) -> str | None:
    """What is wrong with ``manifest[key]`` as a list whose every entry passes ``check``."""
    entries = manifest.get(key)
    if not isinstance(entries, list):
        return f"'{key}' is {'missing' if entries is None else 'not a list'}"
    bad = next((i for i, entry in enumerate(entries) if not check(entry)), None)
    return None if bad is None else f"'{key}' entry {bad} is not what a sweep writes"


def manifest_problem(manifest) -> str | None:
    """What makes ``manifest`` (parsed JSON) unusable, or None: the fields reading a store
    relies on, with their types; task ids must be task ids (they name files)."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not the mapping a sweep writes"
    missing = [k for k in ("name", "seed", "replications", "parameters", "points", "tasks") if k not in manifest]
    if missing:
        return f"no {', '.join(repr(k) for k in missing)}"
    return (_list_of(manifest, "tasks", lambda t: isinstance(t, dict) and isinstance(t.get("id"), str)
                     and _TASK_ID.fullmatch(t["id"]) is not None and _is_whole(t.get("point"))
                     and _is_whole(t.get("replication")))
            or _list_of(manifest, "points", lambda p: isinstance(p, dict) and _is_whole(p.get("point"))
                        and isinstance(p.get("scenario"), dict))
            or _list_of(manifest, "parameters", lambda k: isinstance(k, str))
            or (None if isinstance(manifest.get("logs", []), list) else "'logs' is not a list"))


def _source_in(text: str) -> str | None:
    """The sweep file named in a manifest's text, even a truncated one (``source`` is among
    the first fields written), or None."""
    hit = re.search(r'"source":\s*("(?:[^"\\]|\\.)*")', text)
    try:
        return json.loads(hit.group(1)) if hit else None
    except ValueError:
        return None


def resume_command(folder, source: str | None) -> str:
    """The command that finishes or repairs the sweep folder ``folder`` (its sweep file
    ``source`` when known: a sweep built in Python has none)."""
    sweep = shlex.quote(source) if source and source != "<sweep>" else "SWEEP.yaml"
    return f"simkit sweep {sweep} --out {shlex.quote(str(folder))} --resume"


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either absent or complete; ``durable``:
    the bytes are on disk (``fsync``) before the name points at them, even across a power cut."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        if durable:
            os.fsync(fh.fileno())
    os.replace(tmp, path)


class ResultStore:
    """A sweep's folder. Use ``open`` to create or resume one, ``read`` to look."""

    def __init__(self, folder: str | os.PathLike):
        self.dir = Path(folder)
        self.tasks_dir = self.dir / "tasks"
        self.logs_dir = self.dir / "logs"
        self._lock = None
        self.manifest: dict | None = None
        self.warnings: list[str] = []
        #: damaged files met while reading (path -> what is wrong), by ``summary`` and ``logs``
        self.damaged: dict[Path, str] = {}
        #: ids of the tasks whose summary ``summary`` read intact
        self.sound_ids: list[str] = []

    # ------------------------------------------------------------------ opening
    @classmethod
    def read(cls, folder) -> "ResultStore":
        """Open an existing store for reading (``simkit report``); changes nothing in it.
        A damaged manifest is refused with the command that rebuilds it."""
        store = cls(folder)
        path = store.dir / "manifest.json"
        if not store.dir.is_dir():
            what = "is a file, not a folder" if store.dir.exists() else "no such folder"
            raise StoreError(f"{store.dir}: {what}; allowed: a folder written by `simkit sweep`")
        if not path.exists() and not path.is_symlink():
            raise StoreError(f"{store.dir}: no manifest.json here; allowed: a folder written by `simkit sweep`")
        manifest, problem, text = _load_manifest(path)
        if problem:
            raise StoreError(f"{path} is damaged ({problem}); the finished tasks are kept: rebuild the manifest "
                             f"with the sweep file that made this folder: "
                             f"{resume_command(store.dir, _source_in(text))}")
        store.manifest = manifest
        return store

    def resume_command(self) -> str:
        """The command that recomputes this folder's missing or damaged tasks."""
        return resume_command(self.dir, (self.manifest or {}).get("source"))

    @classmethod
    def open(cls, folder, sweep, resume: bool = False) -> "ResultStore":
        """Create the store for ``sweep``, or reopen it to resume (same sweep only)."""
        store = cls(folder)
        try:
            store.dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:  # a file in the way, no permission, a read-only disk
            raise StoreError(f"{store.dir}: cannot create the result folder ({e.strerror or e}); allowed: a folder "
                             f"that can be created or written to") from None
        store._take_lock()
        try:
            store._open(sweep, resume)
        except BaseException:
            store.close()
            raise
        return store

    def _open(self, sweep, resume: bool) -> None:
        """``open`` with the lock held: check or write the manifest, clear the way."""
        new = manifest_of(sweep)
        path = self.dir / "manifest.json"
        if path.exists() or path.is_symlink():
            if not resume:
                raise StoreError(f"{self.dir} already holds a sweep; allowed: --resume to finish it, or another "
                                 f"--out folder")
            old, problem, _ = _load_manifest(path)
            if problem:  # written atomically, so this is damage, not a crash: rebuild it from the sweep
                self._rebuild(new, f"{path} was damaged ({problem}); moved to {self._move_aside(path)}")
                old = self.manifest
            a = {k: old.get(k) for k in _IDENTITY}
            b = {k: _normal(new.get(k)) for k in _IDENTITY}
            if a != b:
                raise StoreError(f"cannot resume: {self.dir} holds a different sweep (first difference, folder vs "
                                 f"this sweep: {_first_difference(a, b)}); allowed: the unchanged sweep file and "
                                 f"simkit version, or a new --out folder")
            self.manifest = old
        elif resume and any((self.dir / name).exists() for name in ("tasks", "logs", "computed.log")):
            self._rebuild(new, f"{self.dir} had no manifest.json")  # lost, while the tasks are there
        else:
            if any(f.name != ".lock" for f in self.dir.iterdir()):
                raise StoreError(f"{self.dir} is not empty and holds no sweep; allowed: a new or empty folder")
            write_atomic(path, json.dumps(new, indent=1, default=str).encode())
            self.manifest = new
        for item, folder in ((self.tasks_dir, True), (self.logs_dir, True), (self.dir / "computed.log", False)):
            self._clear(item, folder)
        self.tasks_dir.mkdir(exist_ok=True)
        self._sweep_temporaries()

    def _rebuild(self, new: dict, what: str) -> None:
        """Write the sweep's own manifest in place of a damaged or lost one, and say so."""
        write_atomic(self.dir / "manifest.json", json.dumps(new, indent=1, default=str).encode())
        self.manifest = _normal(new)
        source = new.get("source")
        self.warnings.append(f"{what}: rebuilt from {'the sweep given' if source == '<sweep>' else source}; every "
                             f"finished task of this sweep is kept (task files are checked against their ids)")

    def _move_aside(self, item: Path) -> Path:
        """Move a damaged file or folder to ``DIR/damaged/`` (same relative path, a number
        added if taken) and return where it went: damaged data is never deleted."""
        dest = self.dir / _MOVED / item.relative_to(self.dir)
        n = 0
        while dest.exists() or dest.is_symlink():
            n += 1
            dest = dest.with_name(f"{item.name}.{n}")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(item, dest)
        except OSError as e:
            raise StoreError(f"{item} is damaged and cannot be moved aside to {dest} ({e.strerror or e}); allowed: "
                             f"move or remove it by hand, then resume") from None
        return dest

    def _clear(self, item: Path, folder: bool) -> bool:
        """Move ``item`` aside if it exists as the wrong kind (a file where a folder belongs,
        a folder where a file belongs); True if it did."""
        if not (item.exists() or item.is_symlink()) or (item.is_dir() if folder else item.is_file()):
            return False
        kind = "a folder" if item.is_dir() else "a file" if item.is_file() else "not a regular file"
        self.warnings.append(f"{item} is {kind}, where {'a folder' if folder else 'a file'} belongs; moved to "
                             f"{self._move_aside(item)}")
        return True

    def _take_lock(self) -> None:
        if fcntl is None:  # Windows: no advisory locks, one run at a time is up to the user
            return
        try:
            fh = open(self.dir / ".lock", "w")
        except OSError as e:  # a folder named .lock, a read-only folder
            raise StoreError(f"{self.dir / '.lock'}: cannot open the lock file ({e.strerror or e}); allowed: a "
                             f"writable sweep folder whose .lock, if any, is a file") from None
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise StoreError(f"{self.dir} is in use by another running sweep; allowed: one run per folder") from None
        self._lock = fh

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _sweep_temporaries(self) -> None:
        """Remove temporary files of runs that died while writing (never a finished file)."""
        for tmp in list(self.dir.glob("**/.*.tmp")):
            if tmp.is_file():
                tmp.unlink(missing_ok=True)

    # ------------------------------------------------------------------ tasks
    def summary_path(self, tid: str) -> Path:
        return self.tasks_dir / f"{tid}.parquet"

    def log_path(self, tid: str, table: str) -> Path:
        return self.logs_dir / tid / f"{table}.parquet"

    def finished(self, task) -> bool:
        """True if the task's files are present and sound. Otherwise the way is cleared for
        recomputing it: anything damaged in the task's place is moved to ``DIR/damaged/`` and
        noted in ``warnings`` (a damaged log table takes the task's summary with it, as
        the summary is the mark of a complete task)."""
        path = self.summary_path(task.id)
        files = [(path, "summary")] + [(self.log_path(task.id, t), t) for t in task.logs]
        if path.is_file():
            bad = next(((f, why) for f, name in files if (why := _decoded(f, task.id, name)[1])), None)
            if bad is None:
                return True
            moved = [f for f in (bad[0], path) if f.is_file() or f.is_dir()]
            where = ", ".join(f"{f.name} to {self._move_aside(f)}" for f in dict.fromkeys(moved))
            self.warnings.append(f"{bad[0]} is damaged ({bad[1]}); task {task.id} will be recomputed (moved "
                                 f"{where})")
        self._clear(self.logs_dir / task.id, True)
        for f, _ in files:
            if self._clear(f, False):
                self.warnings[-1] += f"; task {task.id} will be recomputed"
        return False

    def write(self, task, encoded: dict[str, bytes]) -> None:
        """File one finished task: log tables first, the summary (the "done" mark) last."""
        for name, data in encoded.items():
            if name != "summary":
                self.log_path(task.id, name).parent.mkdir(parents=True, exist_ok=True)
                write_atomic(self.log_path(task.id, name), data, durable=False)
        write_atomic(self.summary_path(task.id), encoded["summary"], durable=False)  # checked on resume
        with open(self.dir / "computed.log", "a", encoding="utf-8") as fh:
            fh.write(f"{_dt.datetime.now(_dt.timezone.utc).isoformat(timespec='milliseconds')} {task.id} "
                     f"{os.getpid()}\n")

    # ------------------------------------------------------------------ reading results
    def task_rows(self) -> list[dict]:
        return self.manifest["tasks"]

    def finished_ids(self) -> list[str]:
        """Ids of the tasks with a summary file (not read: ``summary`` checks them)."""
        return [t["id"] for t in self.task_rows() if self.summary_path(t["id"]).is_file()]

    def _read(self, path: Path, tid: str, name: str, skip_damaged: bool):
        """A stored table, or None if it is damaged and ``skip_damaged`` (then noted in
        ``damaged``); without ``skip_damaged`` a damaged file raises StoreError."""
        table, why = _decoded(path, tid, name)
        if why is None:
            return table
        if not skip_damaged:
            raise StoreError(f"{path} is damaged ({why}); recompute it with: {self.resume_command()} "
                             f"(Python: run_sweep(..., resume=True))")
        self.damaged[path] = why
        return None

    def task_tables(self, tid: str, names) -> dict[str, pd.DataFrame]:
        """One finished task's tables by name (``summary`` and the logs it kept), each checked
        as ``summary`` checks (a damaged file raises ``StoreError`` naming it)."""
        return {name: self._read(self.summary_path(tid) if name == "summary" else self.log_path(tid, name),
                                 tid, name, False) for name in names}

    def parameters(self) -> pd.DataFrame:
        """One row per point: ``point`` and the resolved value of every swept dotted path."""
        rows = []
        for p in self.manifest["points"]:
            row = {"point": p["point"]}
            for key in self.manifest["parameters"]:
                row[key] = _value_at(p["scenario"], key)
            rows.append(row)
        return pd.DataFrame(rows, columns=["point", *self.manifest["parameters"]])

    def summary(self, skip_damaged: bool = False) -> pd.DataFrame:
        """Every finished task's tidy summary (task order), with the point's parameters.

        A damaged summary file raises ``StoreError`` naming it and the command that
        recomputes it; ``skip_damaged=True`` (``simkit report``) leaves it out instead and
        notes it in ``damaged``. The tasks read are in ``sound_ids``."""
        parts, self.sound_ids = [], []
        for t in self.task_rows():
            path = self.summary_path(t["id"])
            if path.exists() or path.is_symlink():
                part = self._read(path, t["id"], "summary", skip_damaged)
                if part is not None:
                    parts.append(part)
                    self.sound_ids.append(t["id"])
        if not parts:
            return pd.DataFrame(columns=["task", "point", "replication", *self.manifest["parameters"],
                                         "scope", "period", "role", "metric", "value"])
        df = pd.concat(parts, ignore_index=True)
        return _with_parameters(df, self.parameters())

    def logs(self, table: str, skip_damaged: bool = False) -> pd.DataFrame:
        """One full table (e.g. ``customers``) of every finished task that kept it; a damaged
        file as in ``summary``."""
        if table not in self.manifest.get("logs", []):
            raise ValueError(f"this sweep kept no {table!r} tables; it kept: {self.manifest.get('logs') or 'none'} "
                             f"(set logs: [...] in the sweep to keep full tables)")
        parts = [self._read(self.log_path(t["id"], table), t["id"], table, skip_damaged) for t in self.task_rows()
                 if self.summary_path(t["id"]).is_file()]
        parts = [p for p in parts if p is not None]
        if not parts:
            return pd.DataFrame()
        return _with_parameters(stack(parts), self.parameters())


def _load_manifest(path: Path) -> tuple[dict | None, str | None, str]:
    """(manifest, what is wrong with it or None, its text as far as readable)."""
    if not path.is_file():  # never opened: reading a pipe would wait for a writer forever
        return None, "a folder, not a file" if path.is_dir() else "not a regular file (a pipe, a device, a broken " \
                                                                  "link)", ""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as e:
        return None, f"unreadable: {e.strerror or e}", ""
    try:
        manifest = json.loads(text)
    except ValueError as e:
        return None, f"not complete JSON: {str(e).splitlines()[0][:120]}", text
    return manifest, manifest_problem(manifest), text


def _decoded(path: Path, tid: str, name: str) -> tuple[pd.DataFrame | None, str | None]:
    """(the stored table, None) if it is sound (``decode`` checks), else (None, what is wrong)."""
    if not path.is_file():
        return None, "a folder, not a task file" if path.is_dir() else "missing, or not a regular file"
    try:
        return decode(path, tid, name), None
    except (ValueError, OSError) as e:
        return None, str(e).splitlines()[0][:200] if str(e).strip() else type(e).__name__


def _with_parameters(df: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    """Insert the point's parameter columns right after ``replication``."""
    if params.shape[1] <= 1:
        return df
    merged = df.merge(params, on="point", how="left", sort=False)
    front = [c for c in ("task", "point", "replication") if c in df.columns]
    cols = front + [c for c in params.columns if c != "point"] + [c for c in df.columns if c not in front]
    return merged[cols]


def _value_at(data, dotted: str):
    node = data
    for key in dotted.split("."):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return None
    return node if not isinstance(node, (dict, list)) else json.dumps(node)
