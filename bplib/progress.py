"""Your progress through the book's exercises: recorded by every check, shown as a table.

Every exercise check (``bplib.exercises.chNN.check_*``) appends one attempt, (chapter,
exercise, passed, when), to a small JSON file:

- by default ``~/.bplib/progress.json``;
- the environment variable ``BPLIB_PROGRESS`` moves it (a path), or turns recording off
  (``BPLIB_PROGRESS=off``, or empty).

The file is never needed for a check to pass. A check that cannot write it (a read-only
folder, a full disk) warns once and goes on; a file that cannot be read (not JSON, or not a
progress file) is moved aside with a warning and a new one is started. Writes are atomic: the
new content goes to a temporary file in the same folder, which then replaces the old one with
``os.replace``, so a crash or a parallel run never leaves half a file.

The format (version 1)::

    {"format": "bplib-progress", "version": 1,
     "attempts": [{"chapter": 4, "exercise": "4.1", "passed": false,
                   "when": "2026-11-21T09:14:03.123456+00:00"}, ...]}

``when`` is UTC, ISO 8601. Attempts are kept in time order; past 10,000 the oldest are
dropped, but never an exercise's first pass.

In a terminal::

    python -m bplib.progress                 # the table (BPLIB_LANG=zh for Chinese)
    python -m bplib.progress export FILE     # copy your progress to FILE
    python -m bplib.progress import FILE     # merge FILE into your progress
    python -m bplib.progress where           # where the progress file is

and in Python :func:`progress`, :func:`export_progress` and :func:`import_progress` (also
available as ``bplib.exercises.progress`` and so on). A Colab runtime forgets its disk when it
ends: export your progress to your Drive (or download it) before, and import it in the next
runtime. The exercises of every chapter come from the chapter modules
``bplib.exercises.chNN``, each of which declares its list ``EXERCISES``.

Examples
--------
>>> import os, tempfile
>>> mine = os.path.join(tempfile.mkdtemp(), "progress.json")
>>> record("4.1", False, path=mine); record("4.1", True, path=mine)
>>> record("1.1", True, path=mine)
>>> [(a["exercise"], a["passed"]) for a in attempts(mine)]
[('4.1', False), ('4.1', True), ('1.1', True)]
>>> progress(mine)   # doctest: +ELLIPSIS
Exercise progress (saved in ...progress.json)
<BLANKLINE>
chapter                       passed  attempted  total  next
01 · Loss functions                1          1      3  go on with 1.2 (SVM loss with loops)
...
Overall: 2 of 41 exercises passed (5 %), 2 attempted.
Next: chapter 01, exercise 1.2 (SVM loss with loops).

Explained on the course page (chapters/course.md), which says how to see your progress.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import importlib
import json
import os
import pkgutil
import re
import sys
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .exercises.messages import set_language, text

__all__ = ["ChapterProgress", "ProgressWarning", "attempts", "chapters", "export_progress",
           "import_progress", "location", "main", "progress", "record", "summary"]

FORMAT = "bplib-progress"
VERSION = 1
MAX_ATTEMPTS = 10_000
_OFF = {"", "off", "none", "0", "false", "no"}
_EXERCISE = re.compile(r"(\d+)\.(\d+)")


class ProgressWarning(UserWarning):
    """The progress file could not be written or read; the checks go on without it."""


class ProgressFileError(ValueError):
    """A file that is not a readable bplib progress file."""


_warned: set[tuple[str, str]] = set()


def warn_once(kind: str, path: Any, message: str) -> None:
    """Warn with ``message`` the first time ``kind`` happens for ``path`` in this process.

    Parameters
    ----------
    kind : str
        ``"unwritable"``, ``"corrupt"`` or ``"unreadable"``.
    path : object
        The progress file concerned.
    message : str
        The warning, from the message table.
    """
    key = (kind, str(path))
    if key in _warned:
        return
    _warned.add(key)
    # shown as "bplib.progress:0: ProgressWarning: ...", without a line of bplib's own code
    warnings.warn_explicit(message, ProgressWarning, filename="bplib.progress", lineno=0,
                           module="bplib.progress")


# --- Where ---------------------------------------------------------------------------------

def location() -> Path | None:
    """The progress file: ``BPLIB_PROGRESS`` if set, else ``~/.bplib/progress.json``.

    Returns
    -------
    pathlib.Path or None
        None when recording is off (``BPLIB_PROGRESS`` set to ``off``, ``none`` or empty).

    Examples
    --------
    >>> location().name   # BPLIB_PROGRESS=/tmp/x/progress.json, or the default
    'progress.json'

    Explained on the course page (chapters/course.md).
    """
    value = os.environ.get("BPLIB_PROGRESS")
    if value is not None:
        if value.strip().lower() in _OFF:
            return None
        return Path(value).expanduser()
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no home directory known
        home = Path(tempfile.gettempdir())
    return home / ".bplib" / "progress.json"


# --- Reading and writing --------------------------------------------------------------------

def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def _validate(data: Any) -> list[dict]:
    """The attempts of a parsed progress file; ProgressFileError if it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressFileError(f"expected a JSON object with \"format\": \"{FORMAT}\"")
    if data.get("version") != VERSION:
        raise ProgressFileError(f"version {data.get('version')!r}, expected {VERSION}")
    items = data.get("attempts")
    if not isinstance(items, list):
        raise ProgressFileError("\"attempts\" is not a list")
    out = []
    for k, a in enumerate(items):
        ok = (isinstance(a, dict) and isinstance(a.get("exercise"), str)
              and _EXERCISE.fullmatch(a["exercise"]) and isinstance(a.get("passed"), bool)
              and isinstance(a.get("when"), str))
        if ok:
            try:
                _dt.datetime.fromisoformat(a["when"])
            except ValueError:
                ok = False
        if not ok:
            raise ProgressFileError(f"attempt {k} is not {{\"exercise\": \"N.k\", "
                                    f"\"passed\": true/false, \"when\": ISO time}}: {a!r:.80}")
        out.append({"chapter": int(a["exercise"].split(".")[0]), "exercise": a["exercise"],
                    "passed": a["passed"], "when": a["when"]})
    return out


def _not_a_file(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file: a device such as ``os.devnull``
    (BPLIB_PROGRESS=/dev/null switches recording off). It is read as empty and never
    replaced: an atomic write would put a regular file in its place."""
    return path.exists() and not path.is_file()


def _read(path: Path) -> list[dict]:
    """The attempts stored in ``path`` ([] if it does not exist or is not a file)."""
    if _not_a_file(path):
        return []
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProgressFileError(f"not valid JSON: {exc}") from None
    return _validate(data)


def _trim(items: list[dict]) -> list[dict]:
    """At most MAX_ATTEMPTS, dropping the oldest but never an exercise's first pass."""
    if len(items) <= MAX_ATTEMPTS:
        return items
    first_pass: dict[str, int] = {}
    for i, a in enumerate(items):
        if a["passed"]:
            first_pass.setdefault(a["exercise"], i)
    keep = set(first_pass.values())
    drop = len(items) - MAX_ATTEMPTS
    out = []
    for i, a in enumerate(items):
        if drop and i not in keep:
            drop -= 1
            continue
        out.append(a)
    return out


def _write(path: Path, items: list[dict]) -> None:
    """Write atomically: a temporary file in the same folder, then ``os.replace`` (nothing
    is written to a device such as ``os.devnull``)."""
    if _not_a_file(path):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not os.access(path, os.W_OK):
        raise PermissionError(f"{path} is read-only")
    lines = ",\n  ".join(json.dumps({k: a[k] for k in ("chapter", "exercise", "passed", "when")})
                         for a in _trim(items))
    content = (f'{{"format": "{FORMAT}", "version": {VERSION}, "attempts": [\n  {lines}\n]}}\n'
               if lines else f'{{"format": "{FORMAT}", "version": {VERSION}, "attempts": []}}\n')
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _move_aside(path: Path) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.unreadable-{stamp}")
    os.replace(path, backup)
    return backup


def record(exercise: str, passed: bool, when: str | None = None,
           path: str | os.PathLike | None = None) -> None:
    """Append one attempt at ``exercise`` to the progress file. Never raises.

    A failure to write warns once (:class:`ProgressWarning`) and is otherwise ignored; an
    unreadable file is moved aside (``progress.json.unreadable-<time>``) with a warning.

    Parameters
    ----------
    exercise : str
        The exercise number, ``"N.k"``.
    passed : bool
        Whether the check passed.
    when : str or None
        An ISO 8601 time; now (UTC) by default.
    path : str, os.PathLike or None
        The progress file; by default :func:`location`.

    Examples
    --------
    >>> import os, tempfile
    >>> mine = os.path.join(tempfile.mkdtemp(), "progress.json")
    >>> record("2.2", True, path=mine)
    >>> attempts(mine)[0]["exercise"], attempts(mine)[0]["passed"]
    ('2.2', True)

    Explained on the course page (chapters/course.md).
    """
    path = Path(path) if path is not None else location()
    if path is None:
        return
    try:
        try:
            items = _read(path)
        except ProgressFileError as exc:
            backup = _move_aside(path)
            warn_once("corrupt", path, text("progress.warn.corrupt", path=path, error=exc,
                                            backup=backup))
            items = []
        items.append({"chapter": int(exercise.split(".")[0]), "exercise": exercise,
                      "passed": bool(passed), "when": when or _now()})
        _write(path, items)
    except Exception as exc:  # the file is never needed for a check
        warn_once("unwritable", path, text("progress.warn.unwritable", path=path,
                                           error=f"{type(exc).__name__}: {exc}"))


def attempts(path: str | os.PathLike | None = None) -> list[dict]:
    """Every recorded attempt, oldest first.

    Parameters
    ----------
    path : str, os.PathLike or None
        A progress file; by default :func:`location`.

    Returns
    -------
    list of dict
        ``{"chapter": int, "exercise": "N.k", "passed": bool, "when": str}`` each. An
        unreadable file warns once and counts as empty.
    """
    path = Path(path) if path is not None else location()
    if path is None:
        return []
    try:
        return _read(path)
    except (ProgressFileError, OSError) as exc:
        warn_once("unreadable", path, text("progress.warn.unreadable", path=path, error=exc))
        return []


# --- The registry of exercises --------------------------------------------------------------

def chapters() -> dict[int, tuple[str, ...]]:
    """Every chapter's exercises, from the ``EXERCISES`` list of each ``bplib.exercises.chNN``.

    Adding a chapter's checks is adding its module with that list (and its titles and hints
    in the message tables).

    Returns
    -------
    dict of int to tuple of str
        ``{1: ("1.1", "1.2", "1.3"), 2: (...), ...}``, by chapter.

    Examples
    --------
    >>> chapters()[4]
    ('4.1', '4.2', '4.3', '4.4')
    """
    from . import exercises

    found = {}
    for info in pkgutil.iter_modules(exercises.__path__):
        match = re.fullmatch(r"ch(\d\d)", info.name)
        if match:
            module = importlib.import_module(f"{exercises.__name__}.{info.name}")
            declared = getattr(module, "EXERCISES", None)
            if declared:  # a chapter module not yet converted to the registry is left out
                found[int(match.group(1))] = tuple(declared)
    return dict(sorted(found.items()))


# --- The table ------------------------------------------------------------------------------

@dataclass
class ChapterProgress:
    """One chapter's row of the progress table.

    Parameters
    ----------
    chapter : int
        The chapter number.
    exercises : tuple of str
        Its exercises, in order.
    passed : list of str
        Those passed at least once.
    attempted : list of str
        Those checked at least once (passed or not).
    """

    chapter: int
    exercises: tuple[str, ...]
    passed: list[str] = field(default_factory=list)
    attempted: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Whether every exercise of the chapter has passed."""
        return len(self.passed) == len(self.exercises)

    @property
    def next_exercise(self) -> str | None:
        """The first exercise not passed yet, or None."""
        return next((e for e in self.exercises if e not in self.passed), None)


def summary(path: str | os.PathLike | None = None) -> list[ChapterProgress]:
    """One :class:`ChapterProgress` per chapter of :func:`chapters`, from the progress file.

    Parameters
    ----------
    path : str, os.PathLike or None
        A progress file; by default :func:`location`.

    Returns
    -------
    list of ChapterProgress
    """
    recorded = attempts(path)
    rows = []
    for chapter, exercises in chapters().items():
        mine = [a for a in recorded if a["exercise"] in exercises]
        passed = {a["exercise"] for a in mine if a["passed"]}
        tried = {a["exercise"] for a in mine}
        rows.append(ChapterProgress(chapter, exercises,
                                    [e for e in exercises if e in passed],
                                    [e for e in exercises if e in tried]))
    return rows


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(s))
    return gap + s if right else s + gap


def _item(number: str) -> str:
    try:
        return text("progress.item", number=number, title=text(f"{number}.title"))
    except KeyError:
        return number


def _chapter_title(chapter: int) -> str:
    try:
        return f"{chapter:02d} · {text(f'ch{chapter:02d}.title')}"
    except KeyError:
        return f"{chapter:02d}"


def _next(row: ChapterProgress) -> str:
    if row.done:
        return text("progress.next.done")
    nxt = row.next_exercise
    if nxt in row.attempted:
        return text("progress.next.retry", item=_item(nxt))
    if row.attempted:
        return text("progress.next.continue", item=_item(nxt))
    return text("progress.next.start", item=_item(nxt))


def format_table(rows: Sequence[ChapterProgress], last_chapter: int | None = None) -> str:
    """The progress table as text: one row per chapter, then the overall line.

    Parameters
    ----------
    rows : sequence of ChapterProgress
        From :func:`summary`.
    last_chapter : int or None
        The chapter of the most recent attempt: "Next" continues there if it is not done.

    Returns
    -------
    str
    """
    header = [text("progress.col.chapter"), text("progress.col.passed"),
              text("progress.col.attempted"), text("progress.col.total"),
              text("progress.col.next")]
    body = [[_chapter_title(r.chapter), str(len(r.passed)), str(len(r.attempted)),
             str(len(r.exercises)), _next(r)] for r in rows]
    widths = [max(_width(line[i]) for line in [header] + body) for i in range(4)]
    widths[0] = max(widths[0], 28)
    lines = []
    for line in [header] + body:
        cells = [_pad(line[0], widths[0])] + [_pad(line[i], widths[i], right=True)
                                              for i in (1, 2, 3)] + [line[4]]
        lines.append("  ".join(cells).rstrip())
    total = sum(len(r.exercises) for r in rows)
    passed = sum(len(r.passed) for r in rows)
    attempted = sum(len(r.attempted) for r in rows)
    percent = round(100 * passed / total) if total else 0
    lines.append("")
    lines.append(text("progress.overall", passed=passed, total=total, percent=percent,
                      attempted=attempted))
    open_rows = [r for r in rows if not r.done]
    if not open_rows:
        lines.append(text("progress.overall.done"))
    else:
        numbers = [r.chapter for r in rows]
        start = numbers.index(last_chapter) if last_chapter in numbers else 0
        ordered = rows[start:] + rows[:start]
        row = next(r for r in ordered if not r.done)
        lines.append(text("progress.overall.next", chapter=f"{row.chapter:02d}",
                          item=_item(row.next_exercise)))
    return "\n".join(lines)


def progress(path: str | os.PathLike | None = None) -> None:
    """Print the progress table: per chapter, passed, attempted, total and what to do next.

    Parameters
    ----------
    path : str, os.PathLike or None
        A progress file; by default :func:`location`.

    Examples
    --------
    >>> import os, tempfile
    >>> progress(os.path.join(tempfile.mkdtemp(), "progress.json"))   # doctest: +ELLIPSIS
    Exercise progress (saved in ...progress.json)
    No exercise has been checked yet: run a check in any chapter and it is recorded here.
    <BLANKLINE>
    chapter                       passed  attempted  total  next
    01 · Loss functions                0          0      3  start with 1.1 (stable softmax)
    ...
    Overall: 0 of 41 exercises passed (0 %), 0 attempted.
    Next: chapter 01, exercise 1.1 (stable softmax).

    Explained on the course page (chapters/course.md).
    """
    where = Path(path) if path is not None else location()
    if where is None:
        head = text("progress.off", value=os.environ.get("BPLIB_PROGRESS", ""))
    else:
        head = text("progress.saved_in", path=where)
    recorded = attempts(where) if where is not None else []
    out = [text("progress.title", where=head)]
    if not recorded:
        out.append(text("progress.empty"))
    out.append("")
    last = recorded[-1]["chapter"] if recorded else None
    out.append(format_table(summary(where) if where is not None else
                            [ChapterProgress(c, e) for c, e in chapters().items()], last))
    print("\n".join(out))


# --- Export and import ----------------------------------------------------------------------

def _load_file(path: Path) -> list[dict]:
    if not path.exists():
        raise FileNotFoundError(text("progress.error.missing", path=path))
    try:
        return _read(path)
    except ProgressFileError as exc:
        raise ProgressFileError(text("progress.error.not_progress", path=path,
                                     error=exc)) from None


def export_progress(path: str | os.PathLike,
                    progress_file: str | os.PathLike | None = None) -> None:
    """Write your progress to ``path`` (a copy you can keep, for example on Google Drive).

    Parameters
    ----------
    path : str or os.PathLike
        The file to write (replaced if it exists).
    progress_file : str, os.PathLike or None
        Your progress file; by default :func:`location`.

    Raises
    ------
    ProgressFileError
        When your own progress file cannot be read.
    OSError
        When ``path`` cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> mine = os.path.join(folder, "progress.json")
    >>> record("3.3", True, path=mine)
    >>> export_progress(os.path.join(folder, "backup.json"), mine)   # doctest: +ELLIPSIS
    Exported 1 attempts at 1 exercises to ...backup.json.

    Explained on the course page (chapters/course.md).
    """
    target = Path(path).expanduser()
    source = Path(progress_file) if progress_file is not None else location()
    items = _load_file(source) if source is not None and source.exists() else []
    _write(target, items)
    print(text("progress.exported", attempts=len(items),
               exercises=len({a["exercise"] for a in items}), path=target))


def import_progress(path: str | os.PathLike,
                    progress_file: str | os.PathLike | None = None) -> None:
    """Merge the progress saved in ``path`` into yours (attempts already there are skipped).

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`export_progress` (or any progress file).
    progress_file : str, os.PathLike or None
        Your progress file, which receives the attempts; by default :func:`location`.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    ProgressFileError
        When ``path``, or your own progress file, is not a readable progress file.
    OSError
        When your progress file cannot be written.
    ValueError
        When recording is off (``BPLIB_PROGRESS=off``).

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> old, new = os.path.join(folder, "old.json"), os.path.join(folder, "new.json")
    >>> record("5.1", True, path=old)
    >>> export_progress(os.path.join(folder, "saved.json"), old)   # doctest: +ELLIPSIS
    Exported ...
    >>> import_progress(os.path.join(folder, "saved.json"), new)   # doctest: +ELLIPSIS
    Imported ...saved.json: 1 new attempts merged into ...new.json (1 exercises recorded).

    Explained on the course page (chapters/course.md).
    """
    source = Path(path).expanduser()
    incoming = _load_file(source)
    target = Path(progress_file) if progress_file is not None else location()
    if target is None:
        raise ValueError(text("progress.off", value=os.environ.get("BPLIB_PROGRESS", "")))
    mine = _read(target)
    seen = {(a["exercise"], a["when"], a["passed"]) for a in mine}
    new = [a for a in incoming if (a["exercise"], a["when"], a["passed"]) not in seen]
    merged = sorted(mine + new, key=lambda a: _dt.datetime.fromisoformat(a["when"]))
    _write(target, merged)
    print(text("progress.imported", path=source, new=len(new), target=target,
               exercises=len({a["exercise"] for a in merged})))


# --- The command line -----------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bplib.progress [show | export FILE | import FILE | where] [--lang L]``.

    Parameters
    ----------
    argv : sequence of str or None
        The arguments (``sys.argv[1:]`` by default).

    Returns
    -------
    int
        The exit status: 0, or 1 when a file could not be read or written.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in argv[:-1]:  # the help text itself is in the chosen language
        with contextlib.suppress(ValueError):
            set_language(argv[argv.index("--lang") + 1])
    parser = argparse.ArgumentParser(prog="python -m bplib.progress",
                                     description=text("progress.cli.description"))
    parser.add_argument("--lang", choices=["en", "zh"], help=text("progress.cli.lang"))
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("show", help=text("progress.cli.show"))
    p_export = sub.add_parser("export", help=text("progress.cli.export"))
    p_export.add_argument("file", metavar="FILE", help=text("progress.cli.file"))
    p_import = sub.add_parser("import", help=text("progress.cli.import"))
    p_import.add_argument("file", metavar="FILE", help=text("progress.cli.file"))
    sub.add_parser("where", help=text("progress.cli.where"))
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    try:
        if args.command == "export":
            export_progress(args.file)
        elif args.command == "import":
            import_progress(args.file)
        elif args.command == "where":
            where = location()
            print(where if where is not None else
                  text("progress.off", value=os.environ.get("BPLIB_PROGRESS", "")))
        else:
            progress()
    except (OSError, ValueError) as exc:
        print(f"python -m bplib.progress: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
