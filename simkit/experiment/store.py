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
task id and their row count (see :func:`~simkit.experiment.tasks.decode`); on resume every
summary is read back and checked, and a damaged one (disk trouble, a hand edit) is deleted
and recomputed. Only the manifest is ``fsync``-ed before its rename: a task file is not,
because a power cut that left one renamed but unwritten is caught by that check and costs
one recomputed task, while an ``fsync`` per task cost 4-7 ms of wall clock each on a busy
disk (a tenth of a one-week baseline task; issue 22, item 13).

**Resume.** Task ids are hashes of the resolved scenario and seed, so the same sweep gives
the same ids; resuming recomputes exactly the tasks without a sound file. Resuming into a
folder whose manifest describes a *different* sweep is refused with a message naming the
first difference, so results of two sweeps are never mixed. A lock file keeps two runs
from writing into one folder at the same time (the OS releases it if a run is killed).
"""
from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

import pandas as pd

from ..errors import SimkitError

from .tasks import decode

__all__ = ["ResultStore", "StoreError", "manifest_of"]

FORMAT = 1
_IDENTITY = ("format", "simkit", "seed", "replications", "days", "logs", "parameters", "points", "tasks")


class StoreError(SimkitError):
    """The folder cannot be used for this sweep (exists without --resume, differs, locked)."""


def _version() -> str:
    from ..results import _version
    return _version()


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
    """A sweep's folder. Use :meth:`open` to create or resume one, :meth:`read` to look."""

    def __init__(self, folder: str | os.PathLike):
        self.dir = Path(folder)
        self.tasks_dir = self.dir / "tasks"
        self.logs_dir = self.dir / "logs"
        self._lock = None
        self.manifest: dict | None = None
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ opening
    @classmethod
    def read(cls, folder) -> "ResultStore":
        """Open an existing store for reading (``simkit report``)."""
        store = cls(folder)
        path = store.dir / "manifest.json"
        if not path.is_file():
            raise StoreError(f"{store.dir}: no manifest.json here; allowed: a folder written by `simkit sweep`")
        try:
            store.manifest = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError) as e:
            raise StoreError(f"{path}: unreadable manifest ({e})") from None
        return store

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
        new = manifest_of(sweep)
        path = store.dir / "manifest.json"
        if path.exists():
            if not resume:
                store.close()
                raise StoreError(f"{store.dir} already holds a sweep; allowed: --resume to finish it, or another "
                                 f"--out folder")
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                old = None  # a manifest is written atomically, so this is damage, not a crash
            if old is None:
                store.close()
                raise StoreError(f"{path} is damaged (not JSON); allowed: resume into an intact sweep folder")
            a = {k: old.get(k) for k in _IDENTITY}
            b = {k: _normal(new.get(k)) for k in _IDENTITY}
            if a != b:
                store.close()
                raise StoreError(f"cannot resume: {store.dir} holds a different sweep (first difference, folder vs "
                                 f"this sweep: {_first_difference(a, b)}); allowed: the unchanged sweep file and "
                                 f"simkit version, or a new --out folder")
            store.manifest = old
        else:
            if any(f.name != ".lock" for f in store.dir.iterdir()):
                store.close()
                raise StoreError(f"{store.dir} is not empty and holds no sweep; allowed: a new or empty folder")
            write_atomic(path, json.dumps(new, indent=1, default=str).encode())
            store.manifest = new
        store.tasks_dir.mkdir(exist_ok=True)
        store._sweep_temporaries()
        return store

    def _take_lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks, one run at a time is up to the user
            return
        fh = open(self.dir / ".lock", "w")
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
            tmp.unlink(missing_ok=True)

    # ------------------------------------------------------------------ tasks
    def summary_path(self, tid: str) -> Path:
        return self.tasks_dir / f"{tid}.parquet"

    def log_path(self, tid: str, table: str) -> Path:
        return self.logs_dir / tid / f"{table}.parquet"

    def finished(self, task) -> bool:
        """True if the task's files are present and sound; a damaged one is deleted (so the
        task is recomputed) and noted in :attr:`warnings`."""
        path = self.summary_path(task.id)
        if not path.exists():
            return False
        files = [(path, "summary")] + [(self.log_path(task.id, t), t) for t in task.logs]
        for f, name in files:
            try:
                decode(f, task.id, name)
            except (ValueError, OSError) as e:
                self.warnings.append(f"{f} is damaged ({e}); task {task.id} will be recomputed")
                path.unlink(missing_ok=True)
                return False
        return True

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
        return [t["id"] for t in self.task_rows() if self.summary_path(t["id"]).exists()]

    def parameters(self) -> pd.DataFrame:
        """One row per point: ``point`` and the resolved value of every swept dotted path."""
        rows = []
        for p in self.manifest["points"]:
            row = {"point": p["point"]}
            for key in self.manifest["parameters"]:
                row[key] = _value_at(p["scenario"], key)
            rows.append(row)
        return pd.DataFrame(rows, columns=["point", *self.manifest["parameters"]])

    def summary(self) -> pd.DataFrame:
        """Every finished task's tidy summary (task order), with the point's parameters."""
        parts = []
        for t in self.task_rows():
            path = self.summary_path(t["id"])
            if path.exists():
                parts.append(decode(path, t["id"], "summary"))
        if not parts:
            return pd.DataFrame(columns=["task", "point", "replication", *self.manifest["parameters"],
                                         "scope", "period", "role", "metric", "value"])
        df = pd.concat(parts, ignore_index=True)
        return _with_parameters(df, self.parameters())

    def logs(self, table: str) -> pd.DataFrame:
        """One full table (e.g. ``customers``) of every finished task that kept it."""
        if table not in self.manifest.get("logs", []):
            raise ValueError(f"this sweep kept no {table!r} tables; it kept: {self.manifest.get('logs') or 'none'} "
                             f"(set logs: [...] in the sweep to keep full tables)")
        parts = [decode(self.log_path(t["id"], table), t["id"], table) for t in self.task_rows()
                 if self.summary_path(t["id"]).exists()]
        if not parts:
            return pd.DataFrame()
        from .runner import stack
        return _with_parameters(stack(parts), self.parameters())


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
