"""The exported notebooks (issue 8 §1, §3): the MyST → plain Markdown converter on small samples
of every construct; the export's refusals; the pin of the bootstrap cell; the committed
notebooks in sync with chapters/ and free of MyST; and every notebook run as a learner gets it:
each exercise notebook top to bottom in a fresh kernel with every check printing ✗ and its
hint, each solution notebook with every check printing ✓, and the Colab path offline (a fresh
virtual environment without bplib, where the bootstrap cell installs a freshly built wheel).

The notebook runs are the slow part: one test per notebook, handed out one at a time to the
two xdist workers (tests/conftest.py), each with its own BPLIB_PROGRESS file.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import export  # noqa: E402
import plainmd  # noqa: E402
from citations import Bibliography  # noqa: E402
from nbrun import execute_notebook  # noqa: E402

spec = importlib.util.spec_from_file_location("nbtool", ROOT / "scripts" / "nbtool.py")
nbtool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nbtool)

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
EXERCISE_NBS = [ROOT / "notebooks" / p.name for p in CHAPTERS]
SOLUTION_NBS = [ROOT / "notebooks" / "solutions" / p.name for p in CHAPTERS]
IDS = [p.stem for p in CHAPTERS]
SITE = "https://example.org/book/"


# --------------------------------------------------------------------------- a small book

BIB = """
@book{gw08, author = {Griewank, Andreas and Walther, Andrea}, title = {Evaluating
  Derivatives}, publisher = {SIAM}, year = {2008}}
@article{bay18, author = {Baydin, At{\\i}l{\\i}m G{\\"u}ne{\\c{s}} and Pearlmutter, Barak and
  Radul, Alexey}, title = {Automatic Differentiation}, journal = {JMLR}, year = {2018}}
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> plainmd.Book:
    """Two chapters and a glossary: equations are numbered through the book in toc order."""
    root = tmp_path_factory.mktemp("book")
    (root / "_config.yml").write_text(
        f"html:\n  baseurl: {SITE}\nrepository:\n  url: https://github.com/o/r\n"
        "bibtex_bibfiles: [references.bib]\n")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - chapters:\n      - file: chapters/01_a\n"
        "      - file: chapters/02_b\n      - file: chapters/glossary\n")
    (root / "references.bib").write_text(BIB)
    (root / "chapters").mkdir()
    (root / "intro.md").write_text("# Intro\n\n$$ x $$ (eq-intro)\n")
    (root / "chapters" / "glossary.md").write_text("# Glossary\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# 01 · First\n\n(sec-first)=\n## A section\n\n```{math}\n:label: eq-one\na = b\n```\n\n"
        ":::{exercise} 1.2 · Two\n:label: ex01-2\n:nonumber:\nText.\n:::")])
    nbformat.write(nb, root / "chapters" / "01_a.ipynb")
    (root / "chapters" / "02_b.md").write_text(
        "# 02 · Second\n\n````{admonition} Box\n```{math}\n:label: eq-two\nc\n```\n````\n")
    return plainmd.Book.load(root)


def convert(book, text: str, doc: str = "chapters/01_a", exercise: bool = False) -> str:
    return plainmd.Converter(book, doc, exercise_notebook=exercise).convert(text, "sample cell")


def test_the_index_numbers_equations_through_the_book_in_toc_order(book):
    assert [book.targets[k].number for k in ("eq-intro", "eq-one", "eq-two")] == ["1", "2", "3"]
    assert book.targets["ex01-2"].text == "Exercise 1.2"
    assert book.targets["sec-first"].text == "A section"
    assert book.titles["chapters/02_b"] == "02 · Second"


def test_exercise_becomes_a_heading_below_the_section_and_its_body_stays(book):
    text = "## Exercises\n\n:::{exercise} 1.2 · Two\n:label: ex01-2\n:nonumber:\nWrite `f(x)`.\n:::"
    assert convert(book, text) == "## Exercises\n\n### Exercise 1.2 · Two\n\nWrite `f(x)`."


def test_solution_block_is_a_heading_in_solutions_and_gone_from_exercises(book):
    text = "Before.\n\n:::{solution} ex01-2\nThe answer.\n:::\n\nAfter."
    assert convert(book, text) == "Before.\n\n## Solution to Exercise 1.2\n\nThe answer.\n\nAfter."
    assert convert(book, text, exercise=True) == "Before.\n\n\nAfter."


def test_admonitions_become_block_quotes_with_a_bold_title(book):
    text = ":::{admonition} In this chapter\n:class: tip\n**Goals**\n- one\n- two\n:::"
    assert convert(book, text) == "> **In this chapter**\n>\n> **Goals**\n> - one\n> - two"
    assert convert(book, "```{note}\nMind the gap.\n```") == "> **Note**\n>\n> Mind the gap."
    assert convert(book, ":::{warning} Hot.\n:::") == "> **Warning**\n>\n> Hot."


def test_nested_fences_inside_an_admonition(book):
    text = textwrap.dedent("""\
        ::::{admonition} Outer
        Code:

        ```python
        x = {"a": 1}   # {doc}`not a role in code`
        ```
        :::{note}
        Inner, with $a$.
        :::
        ::::""")
    assert convert(book, text) == textwrap.dedent("""\
        > **Outer**
        >
        > Code:
        >
        > ```python
        > x = {"a": 1}   # {doc}`not a role in code`
        > ```
        > > **Note**
        > >
        > > Inner, with $a$.""")


def test_math_in_a_block_quote_stays_on_one_line_per_formula(book):
    # a "> " inside $...$ would reach MathJax: front ends take math out before the Markdown
    text = ":::{note}\nthe factor $(\\kappa - 1)/(\\kappa + 1)$ with $\\kappa =\n" \
           "\\lambda_1/\\lambda_2$ here\n\n$$\na\n= b\n$$\n:::"
    assert convert(book, text) == (
        "> **Note**\n>\n> the factor $(\\kappa - 1)/(\\kappa + 1)$ with $\\kappa = "
        "\\lambda_1/\\lambda_2$ here\n>\n> $$ a = b $$")


def test_code_in_a_block_quote_is_not_joined_like_math(book):
    text = ":::{tip}\n```bash\necho $HOME\nls\n```\n:::"
    assert convert(book, text) == "> **Tip**\n>\n> ```bash\n> echo $HOME\n> ls\n> ```"


def test_labelled_math_keeps_its_latex_and_the_website_number(book):
    text = "```{math}\n:label: eq-one\n\\nabla L = \\begin{bmatrix} a \\\\ b \\end{bmatrix}\n```"
    assert convert(book, text) == (
        "$$\n\\nabla L = \\begin{bmatrix} a \\\\ b \\end{bmatrix}\n\\tag{2}\n$$")
    # unlabelled; several equations are aligned; a top-level line break too
    assert convert(book, "```{math}\na = 1\n```") == "$$\na = 1\n$$"
    assert convert(book, "```{math}\na &= 1\n\nb &= 2\n```") == (
        "$$\n\\begin{aligned}\na &= 1 \\\\\nb &= 2\n\\end{aligned}\n$$")
    assert convert(book, "```{math}\na &= 1 \\\\ b &= 2\n```") == (
        "$$\n\\begin{aligned}\na &= 1 \\\\ b &= 2\n\\end{aligned}\n$$")
    # dollarmath with a label
    assert convert(book, "$$\nx = 1\n$$ (eq-intro)") == "$$\nx = 1\n\\tag{1}$$"


def test_eq_references_show_the_number_and_link_to_another_page(book):
    assert convert(book, "By {eq}`eq-one`, and {eq}`eq-two`.") == (
        f"By (2), and [(3)]({SITE}chapters/02_b.html#equation-eq-two).")


def test_doc_ref_and_numref_become_website_links_or_plain_text_on_the_same_page(book):
    assert convert(book, "See {doc}`02_b` or {doc}`the intro <../intro>`.") == (
        f"See [02 · Second]({SITE}chapters/02_b.html) or [the intro]({SITE}intro.html).")
    assert convert(book, "{ref}`Exercise 1.2 <ex01-2>`, {ref}`sec-first`, "
                         "{numref}`Task %s <ex01-2>`") == "Exercise 1.2, A section, Task 1.2"
    assert convert(book, "{ref}`ex01-2`", doc="chapters/02_b") == (
        f"[Exercise 1.2]({SITE}chapters/01_a.html#ex01-2)")


def test_citations_become_author_year_and_are_collected_for_the_reference_list(book):
    converter = plainmd.Converter(book, "chapters/01_a")
    out = converter.convert("As {cite:t}`gw08` showed {cite:p}`bay18,gw08`.")
    assert out == "As Griewank and Walther (2008) showed (Baydin et al. 2018; Griewank and Walther 2008)."
    refs = converter.references()
    assert refs.startswith("## References\n\n- Atılım Güneş Baydin, Barak Pearlmutter, and Alexey Radul.")
    assert "- Andreas Griewank and Andrea Walther. *Evaluating Derivatives*. SIAM, 2008." in refs
    assert plainmd.Converter(book, "chapters/01_a").references() is None


def test_other_roles_targets_and_comments(book):
    text = ("(sec-x)=\n% a comment\n## Title {math}`x^2`\n"
            "H{sub}`2`O, {kbd}`Ctrl`, {abbr}`SGD (stochastic gradient descent)`, "
            "{file}`a.txt`, {term}`the gradient <gradient>`")
    assert convert(book, text) == (
        "## Title $x^2$\nH<sub>2</sub>O, <kbd>Ctrl</kbd>, SGD (stochastic gradient descent), "
        f"`a.txt`, [the gradient]({SITE}chapters/glossary.html)")


def test_code_is_verbatim(book):
    text = "Inline `` {doc}`x` `` and `{eq}`.\n\n~~~\n:::{exercise}\n~~~\n\n```\n{cite:t}`k`\n```"
    assert convert(book, text) == text


@pytest.mark.parametrize("text, message", [
    (":::{list-table}\nx\n:::", r"directive \{list-table\}.*no plain-Markdown form"),
    ("{download}`a.zip`", r"role \{download\}.*no plain-Markdown form"),
    ("{eq}`eq-missing`", "no label 'eq-missing'"),
    ("{doc}`03_missing`", "names no page of the book"),
    ("{cite:p}`nobody2000`", "no entry 'nobody2000' in references.bib"),
    (":::{note}\nnever closed", "fence opened on line 1 .* is never closed"),
    ("Hello {{ name }}", "substitution"),
])
def test_what_has_no_plain_form_is_an_error_naming_the_cell(book, text, message):
    with pytest.raises(plainmd.MystError, match="^sample cell: ") as error:
        convert(book, text)
    assert re.search(message, str(error.value)), str(error.value)


# --------------------------------------------------------------------------- solutions

def test_stub_replaces_each_block_at_its_indentation_and_keeps_the_check():
    src = ("class Tanh(Function):\n    @staticmethod\n    def forward(ctx, x):\n"
           "        # BEGIN SOLUTION\n        y = np.tanh(x)\n        return y\n"
           "        # END SOLUTION\n\n    @staticmethod\n    def backward(ctx, g):\n"
           "        # BEGIN SOLUTION\n        return g\n        # END SOLUTION\n\n"
           "ch09.check_tanh_function(Tanh)")
    assert export.stub_source(src) == (
        "class Tanh(Function):\n    @staticmethod\n    def forward(ctx, x):\n"
        "        ...  # your code here\n\n    @staticmethod\n    def backward(ctx, g):\n"
        "        ...  # your code here\n\nch09.check_tanh_function(Tanh)")


def _chapter_with(tmp_path: Path, cell_source: str, tags: list[str]) -> Path:
    bootstrap = nbformat.v4.new_code_cell("import bplib")
    bootstrap.metadata["tags"] = ["bootstrap", "remove-cell"]
    exercise = nbformat.v4.new_code_cell(cell_source)
    exercise.metadata["tags"] = tags
    exercise["id"] = "bad-cell"
    nb = nbformat.v4.new_notebook(cells=[bootstrap, nbformat.v4.new_markdown_cell("# 01 · A"),
                                         exercise])
    path = tmp_path / "01_a.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("source, tags, message", [
    ("def f():\n    # BEGIN SOLUTION\n    return 1\n\nch01.check_f(f)", ["solution"],
     "'# BEGIN SOLUTION' on line 2 has no '# END SOLUTION'"),
    ("def f():\n    return 1\n    # END SOLUTION", ["solution"],
     "line 3 has '# END SOLUTION' with no '# BEGIN SOLUTION'"),
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION", ["solution"], "line 2 opens"),
    ("def f():\n    return 1", ["solution"], "tagged 'solution' but has no"),
    ("# BEGIN SOLUTION\nx = 1\n# END SOLUTION", [], "not tagged 'solution'"),
])
def test_the_export_refuses_unbalanced_markers_naming_notebook_and_cell(book, tmp_path, source,
                                                                          tags, message):
    path = _chapter_with(tmp_path, source, tags)
    with pytest.raises(export.ExportError) as error:
        export.export_chapter(path, book, "import bplib")
    text = str(error.value)
    assert text.startswith("chapters/01_a.ipynb, cell 2 (id bad-cell): "), text
    assert message in text, text


# --------------------------------------------------------------------------- the pin

def test_the_pin_is_the_last_commit_that_changed_bplib_or_pyproject(tmp_path):
    def run(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True,
                              capture_output=True, text=True).stdout.strip()
    run("init", "-q")
    run("config", "user.email", "t@example.org")
    run("config", "user.name", "t")
    (tmp_path / "bplib").mkdir()
    (tmp_path / "bplib" / "__init__.py").write_text("x = 1\n")
    run("add", "-A")
    run("commit", "-q", "-m", "bplib")
    first = run("rev-parse", "HEAD")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "a.ipynb").write_text("{}")
    run("add", "-A")
    run("commit", "-q", "-m", "export")
    assert export.bplib_commit(tmp_path) == first          # exporting does not move the pin
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    assert export.bplib_uncommitted(tmp_path) == ["pyproject.toml"]
    run("add", "-A")
    run("commit", "-q", "-m", "metadata")
    assert export.bplib_commit(tmp_path) == run("rev-parse", "HEAD") != first
    assert export.bplib_uncommitted(tmp_path) == []


def test_chapters_and_exports_share_one_bootstrap_cell_that_pins_only_when_exported():
    url = nbtool.repository_url()
    chapter, pinned = nbtool.install_cell_source(url), nbtool.install_cell_source(url, "abc123")
    assert 'PIN = "abc123"' in pinned and "PIN" not in chapter
    assert 'default = f"bplib @ git+{REPO}@{PIN}"' in pinned
    assert 'default = f"bplib @ git+{REPO}"' in chapter
    code = lambda s: [ln for ln in s.split("\n") if not ln.startswith("#") and "PIN" not in ln
                      and "default =" not in ln]
    assert code(chapter) == code(pinned)
    assert max(len(line) for line in pinned.split("\n")) <= 79


def _run_bootstrap(source: str, env_extra: dict) -> list[str]:
    """Run a bootstrap cell in IPython where bplib cannot be imported and %pip only records
    its arguments; return those arguments. BPLIB_INSTALL_SOURCE is set only by ``env_extra``."""
    script = textwrap.dedent(f"""\
        import sys
        sys.modules["bplib"] = None            # `import bplib` raises ImportError
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        calls = []
        def pip(line):
            calls.append(line)
            sys.modules.pop("bplib")           # as if the install worked
            sys.modules["bplib"] = type(sys)("bplib")
        shell.register_magic_function(pip, "line", "pip")
        result = shell.run_cell({source!r})
        result.raise_error()
        print(repr(calls))
        """)
    env = {k: v for k, v in os.environ.items() if k != "BPLIB_INSTALL_SOURCE"}
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, cwd=ROOT / "notebooks", check=True).stdout
    return eval(out.strip().splitlines()[-1])


def test_the_bootstrap_cell_installs_the_pinned_commit_or_the_override(tmp_path):
    url = "https://github.com/o/r"
    source = nbtool.install_cell_source(url, "0123abcd")
    assert _run_bootstrap(source, {}) == [f'install --quiet "bplib @ git+{url}@0123abcd"']
    wheel = tmp_path / "bplib-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    assert _run_bootstrap(source, {"BPLIB_INSTALL_SOURCE": str(wheel)}) == [
        f'install --quiet --no-index --no-deps "{wheel}"']
    assert _run_bootstrap(source, {"BPLIB_INSTALL_SOURCE": "bplib==0.1.0"}) == [
        'install --quiet "bplib==0.1.0"']


# --------------------------------------------------------------------------- the committed notebooks

def test_the_committed_notebooks_are_in_sync_with_the_chapters_and_bplib():
    files = export.exported_files(ROOT, nbtool.repository_url(), nbtool.install_cell_source)
    stale = export.stale_files(ROOT, files)
    assert not stale, (
        f"notebooks/ is out of date with chapters/ or with bplib's last commit: {stale}. Run "
        "`.venv/bin/python scripts/nbtool.py export` and commit notebooks/. If you changed "
        "bplib/ or pyproject.toml, commit that first, then export, so that the notebooks pin "
        "the new commit (see CONTRIBUTING.md).")
    assert len(files) == 2 * len(CHAPTERS)


MYST_LEFTOVERS = re.compile(
    r":::\{|```\{|\{doc\}`|\{ref\}`|\{numref\}`|\{eq\}`|\{cite|\{term\}`|^:label:|^:class:"
    r"|^:nonumber:|^\([\w-]+\)=$|\{[a-z]+(:[a-z]+)?\}`", re.MULTILINE)


@pytest.mark.parametrize("path", EXERCISE_NBS + SOLUTION_NBS,
                         ids=[f"exercise-{i}" for i in IDS] + [f"solution-{i}" for i in IDS])
def test_exported_notebooks_are_plain_jupyter(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, "the widget state is dropped"
    assert nb.cells[0].cell_type == "code" and nb.cells[0].metadata["tags"] == ["bootstrap"]
    assert 'PIN = "' in nb.cells[0].source
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            left = MYST_LEFTOVERS.search(cell.source)
            assert not left, f"{path.name}, cell {i}: MyST left over: {left.group(0)!r}\n{cell.source}"
        else:
            assert cell.outputs == [] and cell.execution_count is None
    chapter = nbformat.read(ROOT / "chapters" / path.name, as_version=4)
    solutions = [c for c in chapter.cells if "solution" in c.metadata.get("tags", [])]
    removed = [c for c in chapter.cells[1:] if "remove-cell" in c.metadata.get("tags", [])]
    ids = {c.get("id") for c in nb.cells}
    assert not any(c.get("id") in ids for c in removed), "removed cells stay removed"
    mine = [c for c in nb.cells if {"solution", "exercise"} & set(c.metadata.get("tags", []))]
    assert len(mine) == len(solutions)
    for before, after in zip(solutions, mine):
        if path.parent.name == "solutions":
            assert after.source == before.source
            assert after.metadata["jupyter"] == {"source_hidden": True}, "hidden as on the site"
        else:
            assert after.source == export.stub_source(before.source)
            assert export.BEGIN not in after.source and "...  # your code here" in after.source
            answer = before.source.split(export.BEGIN)[1].split(export.END)[0]
            for line in answer.strip().split("\n"):
                assert line.strip() not in after.source.split("\n"), "no solution code is left"
            assert "jupyter" not in after.metadata, "the learner writes in this cell"


# --------------------------------------------------------------------------- running them

def run_notebook(path: Path, workdir: Path, env: dict | None = None,
                 **kernel) -> nbformat.NotebookNode:
    """Execute a notebook as delivered, in ``workdir``, with its own progress file; the kernel
    gets ``env`` (default: this process's environment). scripts/nbrun.py guards the run against
    the lost-reply stall (issue 8, "Reliability") and retries a timed-out notebook once, in a
    fresh kernel, with a warning. ``kernel``: nbrun's kernel_name / kernel_spec_manager."""
    env = {**(os.environ if env is None else env), "BPLIB_PROGRESS": str(workdir / "progress.json")}
    return execute_notebook(path, cwd=workdir, timeout=90, env=env, **kernel)


def check_lines(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def assert_no_errors(nb, name):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{name}, cell {i}: {out.get('ename')}"
            if out.output_type == "stream" and out.name == "stderr":
                assert "Traceback" not in out.text, f"{name}, cell {i}: {out.text}"


@pytest.mark.parametrize("path", EXERCISE_NBS, ids=IDS)
def test_exercise_notebook_runs_and_every_check_says_not_yet_with_a_hint(path, tmp_path):
    shutil.copy(path, tmp_path)
    nb = run_notebook(tmp_path / path.name, tmp_path)
    assert_no_errors(nb, path.name)
    exercises = [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(exercises) >= 3
    for cell in exercises:
        text = check_lines(cell)
        assert re.search(r"^✗ Exercise \d+\.\d+ ", text, re.MULTILINE), f"{path.name}: {text!r}"
        assert "Hint" in text, f"{path.name}: the check gave no hint: {text!r}"
    everything = "".join(check_lines(c) for c in nb.cells if c.cell_type == "code")
    assert "✓" not in everything, f"{path.name}: a check passed with the stub"


@pytest.mark.parametrize("path", SOLUTION_NBS, ids=IDS)
def test_solution_notebook_runs_and_every_check_passes(path, tmp_path):
    shutil.copy(path, tmp_path)
    nb = run_notebook(tmp_path / path.name, tmp_path)
    assert_no_errors(nb, path.name)
    solutions = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) >= 3
    for cell in solutions:
        text = check_lines(cell)     # a solution may print its own lines before the check's
        assert re.search(r"^✓ Exercise \d+\.\d+ ", text, re.MULTILINE) and "✗" not in text, (
            f"{path.name}: {text!r}")


def test_colab_path_offline_the_bootstrap_installs_a_bplib_wheel_then_the_notebook_runs(tmp_path):
    """Build a wheel of bplib; make a fresh venv whose only view of the other packages is a
    .pth file (bplib left out); run an exercise notebook there with BPLIB_INSTALL_SOURCE
    pointing at the wheel: the bootstrap cell installs it (--no-index --no-deps) and the
    notebook runs through."""
    import sysconfig

    from jupyter_client.kernelspec import KernelSpecManager

    start = time.perf_counter()
    source = tmp_path / "src"
    shutil.copytree(ROOT / "bplib", source / "bplib", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", str(source), "-w", str(tmp_path / "wheels")],
                   check=True, capture_output=True, text=True)
    wheel = next((tmp_path / "wheels").glob("bplib-*.whl"))

    # the other packages, seen through symlinks, without bplib or its editable-install hook
    deps = tmp_path / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not re.match(r"(bplib|__editable__)", entry.name):
            (deps / entry.name).symlink_to(entry)
    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "deps.pth").write_text(str(deps) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PYTHONNOUSERSITE="1", BPLIB_INSTALL_SOURCE=str(wheel))
    probe = subprocess.run([str(python), "-c", "import numpy, matplotlib, ipykernel; import bplib"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "No module named 'bplib'" in probe.stderr, "the fresh venv must start without bplib"

    kernels = tmp_path / "kernels" / "fresh"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fresh venv without bplib", "language": "python"}))
    fresh = dict(kernel_name="fresh",
                 kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels.parent)]))

    nb = nbformat.read(ROOT / "notebooks" / "01_loss_functions.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys\nprint(bplib.__file__)\nprint(sys.prefix)"))
    workdir = tmp_path / "learner"
    workdir.mkdir()
    nbformat.write(nb, workdir / "01_loss_functions.ipynb")
    ran = run_notebook(workdir / "01_loss_functions.ipynb", workdir, env=env, **fresh)
    assert_no_errors(ran, "01_loss_functions.ipynb in the fresh venv")
    where, prefix = check_lines(ran.cells[-1]).split()
    assert where.startswith(purelib) and Path(prefix) == venv, (where, prefix)
    assert any(p.name.startswith("bplib-") and p.name.endswith(".dist-info")
               for p in Path(purelib).iterdir()), "pip installed the wheel"
    exercises = [c for c in ran.cells if "exercise" in c.metadata.get("tags", [])]
    assert exercises and all("✗" in check_lines(c) for c in exercises)
    print(f"wheel, venv and run in {time.perf_counter() - start:.1f} s")
