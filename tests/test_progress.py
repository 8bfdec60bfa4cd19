"""Progress across chapters (bplib.progress): where the file is, what a check records, atomic
writes, a read-only folder or a corrupt file (a warning, once, and the check still works),
export and import for Colab, the table in English and Chinese, and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pytest

import bplib.progress as progress_module
from bplib.exercises import ch01, ch04, set_language
from bplib.progress import (ProgressWarning, attempts, chapters, export_progress,
                            import_progress, location, main, progress, record, summary)

CORRECT_INITIAL_LOSS = staticmethod(lambda C: float(np.log(C)))


def initial_loss(C):
    return float(np.log(C))


@pytest.fixture
def mine(tmp_path, monkeypatch):
    """A fresh progress file for this test, and warnings not yet given."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("BPLIB_PROGRESS", str(path))
    monkeypatch.delenv("BPLIB_LANG", raising=False)
    monkeypatch.setattr(progress_module, "_warned", set())
    set_language(None)
    yield path
    set_language(None)


def total_exercises() -> int:
    return sum(len(e) for e in chapters().values())


# --- where ----------------------------------------------------------------------------------

def test_the_default_location_is_in_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("BPLIB_PROGRESS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert location() == tmp_path / ".bplib" / "progress.json"


def test_bplib_progress_moves_the_file_and_expands_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BPLIB_PROGRESS", "~/elsewhere/p.json")
    assert location() == tmp_path / "elsewhere" / "p.json"


@pytest.mark.parametrize("value", ["off", "OFF", "none", ""])
def test_bplib_progress_off_records_nothing(monkeypatch, tmp_path, value, capsys):
    monkeypatch.setenv("BPLIB_PROGRESS", value)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert location() is None
    assert ch01.check_initial_loss(initial_loss)
    assert not any(tmp_path.iterdir())
    progress()
    assert f"progress recording is off (BPLIB_PROGRESS={value})" in capsys.readouterr().out


def test_the_default_file_is_created_with_its_folder(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("BPLIB_PROGRESS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(progress_module, "_warned", set())
    assert ch01.check_initial_loss(initial_loss)
    assert [a["exercise"] for a in attempts(tmp_path / ".bplib" / "progress.json")] == ["1.3"]


# --- what a check records -------------------------------------------------------------------

def test_every_check_records_chapter_exercise_outcome_and_time(mine, capsys):
    assert not ch01.check_initial_loss(lambda C: None)
    assert ch01.check_initial_loss(initial_loss)
    assert not ch04.check_max_stable_lr(lambda A: 1.0)
    data = json.loads(mine.read_text())
    assert data["format"] == "bplib-progress" and data["version"] == 1
    got = [(a["chapter"], a["exercise"], a["passed"]) for a in data["attempts"]]
    assert got == [(1, "1.3", False), (1, "1.3", True), (4, "4.2", False)]
    whens = [a["when"] for a in data["attempts"]]
    assert whens == sorted(whens) and all(w.endswith("+00:00") for w in whens)


def test_the_file_is_one_attempt_per_line(mine, capsys):
    record("2.1", True)
    record("2.2", False)
    lines = mine.read_text().splitlines()
    assert len(lines) == 4 and lines[1].startswith('  {"chapter": 2, "exercise": "2.1"')


def test_a_write_goes_through_a_temporary_file_and_os_replace(mine, monkeypatch):
    calls = []
    real = os.replace

    def spy(src, dst):
        calls.append((Path(src), Path(dst)))
        assert Path(src).parent == Path(dst).parent and json.loads(Path(src).read_text())
        real(src, dst)

    monkeypatch.setattr(progress_module.os, "replace", spy)
    record("3.1", True)
    assert calls and calls[0][1] == mine and not calls[0][0].exists()


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(mine, monkeypatch,
                                                                         capsys):
    record("3.1", True)
    before = mine.read_text()

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.os, "replace", disk_full)
    with pytest.warns(ProgressWarning, match="No space left on device"):
        assert ch01.check_initial_loss(initial_loss)
    assert mine.read_text() == before
    assert sorted(p.name for p in mine.parent.iterdir()) == ["progress.json"]


def unwritable_location(tmp_path: Path) -> Path:
    """A progress file in a folder no one can write to."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder / "progress.json"
    path = Path("/sys/bplib-progress.json")     # root writes anywhere but in /sys
    try:
        path.write_text("")
    except OSError:
        return path
    path.unlink()
    pytest.skip("no read-only folder available to root")


def test_a_read_only_folder_warns_once_and_the_checks_still_work(tmp_path, monkeypatch, capsys):
    path = unwritable_location(tmp_path)
    monkeypatch.setenv("BPLIB_PROGRESS", str(path))
    monkeypatch.setattr(progress_module, "_warned", set())
    with pytest.warns(ProgressWarning) as caught:
        assert ch01.check_initial_loss(initial_loss)
        assert not ch01.check_initial_loss(lambda C: 0.0)
        assert ch04.check_max_stable_lr(lambda A: 2 / np.linalg.eigvalsh(A).max())
    assert len(caught) == 1
    message = str(caught[0].message)
    assert str(path) in message and "The checks still work" in message
    out = capsys.readouterr().out
    assert out.count("✓") == 2 and out.count("✗") == 1


def test_a_path_under_a_file_warns_once_and_the_checks_still_work(tmp_path, monkeypatch,
                                                                  capsys):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("BPLIB_PROGRESS", str(tmp_path / "a-file" / "progress.json"))
    monkeypatch.setattr(progress_module, "_warned", set())
    with pytest.warns(ProgressWarning, match="Cannot save exercise progress") as caught:
        for _ in range(3):
            assert ch01.check_initial_loss(initial_loss)
    assert len(caught) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_is_not_overwritten(mine, capsys):
    record("1.1", True)
    mine.chmod(0o444)
    with pytest.warns(ProgressWarning, match="read-only"):
        assert ch01.check_initial_loss(initial_loss)
    assert [a["exercise"] for a in attempts()] == ["1.1"]


@pytest.mark.parametrize("content", ["{not json", '{"format": "something else"}', "[]",
                                     '{"format": "bplib-progress", "version": 1, '
                                     '"attempts": [{"exercise": 4}]}', "\udcff"])
def test_a_corrupt_file_is_moved_aside_with_a_clear_warning(mine, content, capsys):
    mine.write_text(content, encoding="utf-8", errors="surrogateescape")
    with pytest.warns(ProgressWarning, match="could not be read") as caught:
        assert ch01.check_initial_loss(initial_loss)
    backups = list(mine.parent.glob("progress.json.unreadable-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == content.encode("utf-8", "surrogateescape")
    assert str(mine) in str(caught[0].message) and str(backups[0]) in str(caught[0].message)
    assert [a["exercise"] for a in attempts()] == ["1.3"]


def test_showing_a_corrupt_file_warns_and_leaves_it_alone(mine, capsys):
    mine.write_text("{not json")
    with pytest.warns(ProgressWarning, match="it is left as it is"):
        progress()
    assert mine.read_text() == "{not json"
    assert "Overall: 0 of" in capsys.readouterr().out


def test_the_file_is_never_needed_for_a_check_to_pass(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BPLIB_PROGRESS", str(tmp_path))      # a folder, not a file
    monkeypatch.setattr(progress_module, "_warned", set())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProgressWarning)
        assert ch01.check_initial_loss(initial_loss)
        assert not ch01.check_initial_loss(lambda C: None)
    assert capsys.readouterr().out.count("\n") == 3


def test_old_attempts_are_dropped_but_never_a_first_pass(mine, monkeypatch):
    monkeypatch.setattr(progress_module, "MAX_ATTEMPTS", 5)
    record("1.1", True, when="2026-01-01T00:00:00+00:00")
    for k in range(10):
        record("1.2", False, when=f"2026-01-02T00:00:{k:02d}+00:00")
    kept = attempts()
    assert len(kept) == 5 and kept[0]["exercise"] == "1.1" and kept[0]["passed"]
    assert [a["when"][-8:-6] for a in kept[1:]] == ["06", "07", "08", "09"]


# --- the table ------------------------------------------------------------------------------

def test_the_registry_has_every_chapter_module_s_exercises():
    found = chapters()
    assert list(found)[:10] == list(range(1, 11))
    assert found[1] == ("1.1", "1.2", "1.3") and found[10][-1] == "10.4"
    assert sum(len(e) for c, e in found.items() if c <= 10) == 37


def test_the_summary_counts_passed_and_attempted_per_chapter(mine):
    record("1.1", False)
    record("1.1", True)
    record("1.2", False)
    record("4.4", False)
    record("99.1", True)                                     # not a known exercise: ignored
    rows = {r.chapter: r for r in summary()}
    assert rows[1].passed == ["1.1"] and rows[1].attempted == ["1.1", "1.2"]
    assert rows[1].next_exercise == "1.2" and not rows[1].done
    assert rows[4].passed == [] and rows[4].attempted == ["4.4"]
    assert rows[2].attempted == [] and len(rows[2].exercises) == 3


def test_the_table_in_english(mine, capsys):
    for number in ("1.1", "1.2", "1.3"):
        record(number, True)
    record("2.1", False)
    record("4.1", True)
    progress()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"Exercise progress (saved in {mine})"
    assert lines[2].split() == ["chapter", "passed", "attempted", "total", "next"]
    assert lines[3].split()[:6] == ["01", "·", "Loss", "functions", "3", "3"]
    assert lines[3].endswith("done ✓")
    assert lines[4].endswith("try 2.1 (grid search in d dimensions) again")
    assert lines[5].endswith("start with 3.1 (random search in a box)")
    assert lines[6].endswith("go on with 4.2 (largest stable learning rate)")
    n = total_exercises()
    assert f"Overall: 4 of {n} exercises passed ({round(400 / n)} %), 5 attempted." in out
    assert out.rstrip().endswith("Next: chapter 04, exercise 4.2 (largest stable learning rate).")


def test_the_table_in_chinese_is_aligned(mine, capsys):
    record("1.1", True)
    set_language("zh")
    progress()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"练习进度（保存在 {mine}）"
    assert lines[2].split() == ["章节", "已通过", "已尝试", "总数", "下一步"]
    assert lines[3].split()[:3] == ["01", "·", "损失函数"] and lines[3].endswith(
        "继续做 1.2（用循环计算 SVM 损失）")

    def width(s):
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    table = lines[2:3 + len(chapters())]
    ends = {width(line[:line.index("总数") + 2]) if "总数" in line else None for line in table[:1]}
    for line in table[1:]:
        cells = line.split("  ")
        total = next(c for c in reversed(cells[:-1]) if c.strip().isdigit())
        ends.add(width(line[:line.index(total) + len(total)]))
    assert len(ends) == 1, "the totals column is aligned in display width"


def test_an_empty_progress_says_how_to_start(mine, capsys):
    progress()
    out = capsys.readouterr().out
    assert "No exercise has been checked yet" in out and "start with 1.1 (stable softmax)" in out
    assert "Next: chapter 01, exercise 1.1 (stable softmax)." in out


def test_every_exercise_passed_completes_the_course(mine, capsys):
    for numbers in chapters().values():
        for number in numbers:
            record(number, True)
    progress()
    out = capsys.readouterr().out
    assert "Every exercise passed: the course is complete." in out and "Next:" not in out


# --- export and import ----------------------------------------------------------------------

def test_export_then_import_restores_the_progress(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(progress_module, "_warned", set())
    colab = tmp_path / "colab.json"
    monkeypatch.setenv("BPLIB_PROGRESS", str(colab))
    assert ch01.check_initial_loss(initial_loss)
    assert not ch04.check_max_stable_lr(lambda A: 1.0)
    saved = tmp_path / "drive" / "bplib-progress.json"
    export_progress(saved)
    assert capsys.readouterr().out.endswith(f"Exported 2 attempts at 2 exercises to {saved}.\n")

    fresh = tmp_path / "next-runtime.json"
    monkeypatch.setenv("BPLIB_PROGRESS", str(fresh))
    record("2.1", True, when="2020-01-01T00:00:00+00:00")   # older than the export
    import_progress(saved)
    assert capsys.readouterr().out.endswith(
        f"Imported {saved}: 2 new attempts merged into {fresh} (3 exercises recorded).\n")
    assert [a["exercise"] for a in attempts()] == ["2.1", "1.3", "4.2"]
    assert attempts()[1:] == attempts(colab)

    import_progress(saved)                                   # importing twice adds nothing
    assert "0 new attempts" in capsys.readouterr().out and len(attempts()) == 3


def test_importing_a_file_that_is_not_progress_is_an_error(mine, tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"cells": []}')
    with pytest.raises(ValueError, match=r"other.json is not a bplib progress file"):
        import_progress(other)
    with pytest.raises(FileNotFoundError, match="missing.json does not exist"):
        import_progress(tmp_path / "missing.json")
    assert not mine.exists()


def test_the_package_level_functions_are_the_same(mine, tmp_path, capsys):
    import bplib.exercises as ex

    record("5.1", True)
    ex.export_progress(tmp_path / "x.json")
    ex.progress()
    assert "Overall: 1 of" in capsys.readouterr().out


# --- the command line -----------------------------------------------------------------------

def cli(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k != "BPLIB_LANG"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "bplib.progress", *args], env=environment,
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_prints_the_table_in_english_and_chinese(tmp_path):
    path = tmp_path / "p.json"
    env = {"BPLIB_PROGRESS": str(path)}
    record("1.1", True, path=path)
    english = cli(env=env)
    assert english.returncode == 0 and english.stderr == ""
    assert english.stdout.startswith(f"Exercise progress (saved in {path})")
    assert "01 · Loss functions" in english.stdout and "Overall: 1 of" in english.stdout
    chinese = cli(env={**env, "BPLIB_LANG": "zh"})
    assert chinese.stdout.startswith(f"练习进度（保存在 {path}）") and "01 · 损失函数" in chinese.stdout


def test_the_lang_option_chooses_the_language(mine, capsys):
    assert main(["--lang", "zh", "show"]) == 0
    assert capsys.readouterr().out.startswith(f"练习进度（保存在 {mine}）")
    assert main(["--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith(f"Exercise progress (saved in {mine})")


def test_the_command_line_exports_imports_and_says_where(tmp_path, monkeypatch, capsys):
    a, b, saved = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "saved.json"
    record("7.2", True, path=a)
    monkeypatch.setenv("BPLIB_PROGRESS", str(a))
    assert main(["where"]) == 0 and capsys.readouterr().out.strip() == str(a)
    assert main(["export", str(saved)]) == 0
    monkeypatch.setenv("BPLIB_PROGRESS", str(b))
    assert main(["import", str(saved)]) == 0
    assert "1 new attempts merged" in capsys.readouterr().out
    assert attempts(b) == attempts(a)


def test_the_command_line_reports_a_bad_file_without_a_traceback(mine, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("nope")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("python -m bplib.progress: ") and "is not a bplib progress file" in err
    assert main(["import", str(tmp_path / "missing.json")]) == 1
    assert "missing.json does not exist" in capsys.readouterr().err


def test_a_chapter_module_without_a_registry_list_is_left_out(monkeypatch):
    import pkgutil
    import types

    real = pkgutil.iter_modules
    legacy = types.ModuleType("bplib.exercises.ch12")          # an unconverted chapter
    monkeypatch.setitem(sys.modules, "bplib.exercises.ch12", legacy)
    monkeypatch.setattr(pkgutil, "iter_modules", lambda path: [
        *real(path), pkgutil.ModuleInfo(None, "ch12", False)])
    found = chapters()
    assert 12 not in found and len(found) >= 10


def test_nbtool_execute_gives_the_kernels_a_progress_file_of_their_own(monkeypatch, tmp_path):
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("nbtool", root / "scripts" / "nbtool.py")
    nbtool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nbtool)
    seen = {}
    monkeypatch.setattr(nbtool, "sync", lambda paths: None)
    monkeypatch.setattr(nbtool, "_execute", lambda paths: seen.update(
        progress=os.environ.get("BPLIB_PROGRESS"), lang=os.environ.get("BPLIB_LANG")))
    monkeypatch.setenv("BPLIB_PROGRESS", str(tmp_path / "learner.json"))
    monkeypatch.setenv("BPLIB_LANG", "zh")
    nbtool.execute([])
    assert seen["progress"] != str(tmp_path / "learner.json") and seen["lang"] is None
    assert Path(seen["progress"]).name == "progress.json"
    assert not Path(seen["progress"]).parent.exists()            # removed afterwards
    assert os.environ["BPLIB_PROGRESS"] == str(tmp_path / "learner.json")
    assert os.environ["BPLIB_LANG"] == "zh"


def test_a_device_is_never_replaced(monkeypatch):
    """BPLIB_PROGRESS=/dev/null: nothing is recorded, and the device stays a device (an atomic
    write once put a regular file in its place, as root; the PDF's LaTeX run then failed)."""
    import stat
    monkeypatch.setenv("BPLIB_PROGRESS", os.devnull)
    try:
        progress_module.record("1.1", True)
        assert attempts() == []
    finally:
        is_device = stat.S_ISCHR(os.stat(os.devnull).st_mode)
        if not is_device and os.geteuid() == 0:        # put the machine right before failing
            os.remove(os.devnull)
            os.mknod(os.devnull, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            os.chmod(os.devnull, 0o666)
    assert is_device, f"{os.devnull} was replaced by a regular file"
