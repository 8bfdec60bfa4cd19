#!/usr/bin/env python3
"""Notebook maintenance for the book.

    python scripts/nbtool.py execute [NOTEBOOK ...]   re-execute in place (all chapters by default)
    python scripts/nbtool.py export [--check]         write notebooks/ and notebooks/solutions/
    python scripts/nbtool.py sync                     rewrite each first cell from _config.yml's repository url

`execute` first syncs the install cell, then runs each notebook top to bottom in its own
folder with nbclient (as `jupyter execute --inplace` does, through scripts/nbrun.py, which
guards against a lost execute_reply), keeping the widget state so the static site can render
widgets, and fails on the first cell that raises.

`export` turns every chapter into two plain-Jupyter notebooks that need no MyST support
(Colab, classic Jupyter, JupyterLab): `notebooks/NN_x.ipynb`, the exercise notebook, where
the code between `# BEGIN SOLUTION` and `# END SOLUTION` becomes `...  # your code here`, and
`notebooks/solutions/NN_x.ipynb`, the chapter's code as it is; both without outputs, with
MyST turned into plain Markdown (scripts/plainmd.py) and a first cell that installs bplib
pinned to the last commit that changed bplib/ or pyproject.toml (scripts/export.py). Commit
bplib first, then export. `--check` writes nothing and fails when notebooks/ is out of date.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
INSTALL_TAG = "bootstrap"
SOLUTION_TAG = "solution"
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"   # around the solution in a solution cell


def repository_url() -> str:
    """The repository address, read from the one place it is set: _config.yml."""
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    match = re.search(r"^repository:\s*\n\s+url:\s*(\S+)", text, re.MULTILINE)
    if not match:
        sys.exit("nbtool: _config.yml has no repository: url: setting")
    return match.group(1)


def install_cell_source(url: str, commit: str | None = None) -> str:
    """The first (bootstrap) cell of every notebook: installs bplib where it is missing.

    Chapters (``commit=None``) install from the repository's default branch; the exported
    notebooks pass ``commit`` so that a downloaded notebook keeps installing the bplib it was
    exported with. The environment variable BPLIB_INSTALL_SOURCE overrides where pip gets
    bplib: any pip requirement, or the path of a wheel on this machine, which is installed
    offline (``--no-index --no-deps``; the offline zip and the export tests use this).
    """
    what = ("the bplib this notebook was exported with (commit PIN)" if commit
            else "bplib from the book's repository")
    comment = textwrap.fill(
        f"Opened on its own (Colab, Binder, a fresh Python)? This cell installs {what}. "
        "Where bplib is already installed it does nothing. To install it from elsewhere, "
        "set the environment variable BPLIB_INSTALL_SOURCE to a pip requirement or to a "
        "wheel on this machine.", 79, initial_indent="# ", subsequent_indent="# ")
    pin = f'\n    PIN = "{commit}"' if commit else ""
    ref = "@{PIN}" if commit else ""
    return f"""\
{comment}
import os
try:
    import bplib
except ImportError:
    REPO = "{url}"{pin}
    default = f"bplib @ git+{{REPO}}{ref}"
    source = os.environ.get("BPLIB_INSTALL_SOURCE", default)
    if os.path.isfile(source):  # a wheel on this machine: install it offline
        %pip install --quiet --no-index --no-deps "{{source}}"
    else:
        %pip install --quiet "{{source}}"
    import bplib"""


def chapter_notebooks() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def sync(paths: list[Path]) -> None:
    source = install_cell_source(repository_url())
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0]
        if first.cell_type != "code" or INSTALL_TAG not in first.metadata.get("tags", []):
            sys.exit(f"nbtool: {path.name}: the first cell must be the code cell tagged {INSTALL_TAG!r}")
        if first.source != source:
            first.source = source
            nbformat.write(nb, path)
            print(f"synced install cell of {path.name}")


def execute(paths: list[Path]) -> None:
    sync(paths)
    # The kernels record exercise checks in a progress file of their own, never in the
    # learner's ~/.bplib/progress.json, and speak English unless a notebook chooses (the
    # stored outputs must not depend on either).
    with tempfile.TemporaryDirectory(prefix="bplib-progress-") as folder:
        saved = {k: os.environ.get(k) for k in ("BPLIB_PROGRESS", "BPLIB_LANG")}
        os.environ["BPLIB_PROGRESS"] = os.path.join(folder, "progress.json")
        os.environ.pop("BPLIB_LANG", None)
        try:
            _execute(paths)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _execute(paths: list[Path]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from nbrun import execute_notebook  # nbclient, guarded against the lost-reply stall

    for path in paths:
        start = time.perf_counter()
        nb = execute_notebook(path, timeout=120)
        nbformat.write(nb, path)
        size = path.stat().st_size / 1e6
        print(f"executed {path.name} in {time.perf_counter() - start:.1f} s ({size:.2f} MB)")


def export(check: bool = False) -> None:
    """Write notebooks/ and notebooks/solutions/ from the chapters (or, with ``check``, only
    say whether they are up to date)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import export as exporter

    try:
        files = exporter.exported_files(ROOT, repository_url(), install_cell_source)
    except exporter.ExportError as error:
        sys.exit(f"nbtool export: {error}")
    if check:
        stale = exporter.stale_files(ROOT, files)
        if stale:
            sys.exit("nbtool export --check: out of date with chapters/ (or with bplib's last "
                     "commit): " + ", ".join(stale) + ". Run `python scripts/nbtool.py export` "
                     "and commit notebooks/.")
        print(f"notebooks/ is up to date ({len(files)} notebooks)")
        return
    dirty = exporter.bplib_uncommitted(ROOT)
    if dirty:
        print(f"nbtool export: warning: uncommitted changes in {', '.join(dirty)}; the "
              "notebooks pin bplib's last commit, which does not have them. Commit bplib "
              "first, then export again.", file=sys.stderr)
    for rel in exporter.write(ROOT, files):
        print(f"{'wrote' if rel in files else 'removed'} {rel}")
    sizes = [(ROOT / rel).stat().st_size for rel in files]
    print(f"{len(files)} notebooks, {sum(sizes) / 1e3:.0f} kB in all, largest "
          f"{max(sizes) / 1e3:.0f} kB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_exec = sub.add_parser("execute", help="re-execute notebooks in place")
    p_exec.add_argument("notebooks", nargs="*", type=Path)
    p_export = sub.add_parser("export", help="write the exercise and solution notebooks")
    p_export.add_argument("--check", action="store_true",
                          help="write nothing; fail when notebooks/ is out of date")
    sub.add_parser("sync", help="rewrite the install cell from _config.yml")
    args = parser.parse_args(argv)
    if args.command == "execute":
        execute([p.resolve() for p in args.notebooks] or chapter_notebooks())
    elif args.command == "export":
        export(check=args.check)
    else:
        sync(chapter_notebooks())


if __name__ == "__main__":
    main()
