"""Every reference a reader meets can be followed in a plain clone of the repository.

The seed documents (five Chinese web pages) and the design and domain briefs live outside the
repository; ``docs/sources.md``, ``docs/domain.md`` and ``docs/design.md`` bring what the
repository cites into it. These tests hold the repository to that:

* every seed cited ("seed 002", "seeds 001/003", the dashboard's 种子材料 002) has its section
  ``## seed NNN`` in ``docs/sources.md``;
* no file points outside the repository for them: no ``../shared``, no ``shared/seeds``, no
  DOMAIN.md or DESIGN.md (``docs/domain.md`` and ``docs/design.md`` are the repository's own);
* every Chinese quotation in the notebooks' markdown, and every Chinese quotation standing next to
  a seed citation in code comments and docstrings, scenario files and docs, is on
  ``docs/sources.md`` (verbatim, cuts marked …, full-width and ASCII punctuation compared alike, as
  ``tests/notebooks/test_seed_quotes.py`` compares them with the original seeds);
* every link into ``docs/sources.md`` (``sources.md#seed-002-steady``) lands on an anchor of that page,
  every "docs/domain.md §2.4" on a section of the domain brief and every "docs/design.md rule 2" on
  a rule of the design;
* the glossary's every row gives a Chinese term, its English and what it is in simkit, and
  the dashboard's Chinese names for roles, staff and tabs are among its terms;
* where the original seed files sit beside the checkout, every quotation on ``docs/sources.md`` is
  in the seed of its section (skipped in a plain clone).
"""
from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import tokenize
from pathlib import Path

import pytest

from simkit.dashboard.app import TABS
from simkit.dashboard.i18n import tr
from simkit.vocabulary import ROLES

from helpers import CJK, QUOTE

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "docs" / "sources.md"
#: the original seed files, when a checkout has them beside it (the project's working machine does)
ORIGINAL_SEEDS = ROOT.parent / "shared" / "seeds"
#: files that may name the originals' folder: the two tests that compare with them when present,
#: and the CI script that puts them there
READS_ORIGINALS = {"tests/notebooks/test_seed_quotes.py", "tests/test_references.py", ".ci/run"}

SEED_CITED = re.compile(r"(?:\b[Ss]eeds?|种子材料)\s+(\d{3}(?:\s*(?:/|,|and|or)\s*\d{3})*)(?!\d)")
OUTSIDE = re.compile(r"\.\./shared\b|\bshared/(?:seeds|DOMAIN|DESIGN)"
                     r"|(?<![\w/.-])(?:DOMAIN|DESIGN)\.md\b|\b(?:DOMAIN|DESIGN)\s*(?:§|rules?\b)")
SOURCES_LINK = re.compile(r"sources\.md#([\w-]+)")
DOMAIN_SECTION = re.compile(r"domain\.md[`)]*\s*§\s*(\d+(?:\.\d+)?)")
DESIGN_RULE = re.compile(r"design\.md[`)]*,?\s*rules?\s+(\d+)(?:\s*(?:and|,)\s*(\d+))?")
ANCHOR = re.compile(r"<a id=\"([\w-]+)\"></a>")
WIDTH = str.maketrans("，：；！？（）　", ",:;!?() ")  # the same normalisation as test_seed_quotes
CUT = re.compile(r"\s*(?:…+|\.{3,})\s*")
NEAR = 400  # characters between a quotation and the seed citation that attributes it: about a paragraph
ASCII_WORD = re.compile(r"[A-Za-z]")
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".ipynb", ".txt", ".toml", ".cfg", ".json", ""}


def repository_files() -> list[str]:
    """Tracked and new (not ignored) files, as paths relative to the repository root."""
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
        names = out.splitlines()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: walk the folders
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and not {".git", ".venv", "out"} & set(p.relative_to(ROOT).parts)]
    return sorted(n for n in names if Path(n).suffix in TEXT_SUFFIXES and (ROOT / n).is_file())


def _read(name: str) -> str:
    try:
        return (ROOT / name).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(WIDTH))


def found_in(quote: str, text: str) -> bool:
    """Whether ``quote`` is in the normalised ``text``: its pieces in order, if cut with …."""
    at = 0
    for piece in (_norm(p) for p in CUT.split(quote)):
        if piece:
            at = text.find(piece, at)
            if at < 0:
                return False
            at += len(piece)
    return True


def chinese_quotations(text: str) -> list[tuple[str, int, int]]:
    """(quotation, start, end) for 「…」, “…” or "…" around Chinese text, line breaks joined."""
    out = []
    for m in QUOTE.finditer(text):
        q = next(g for g in m.groups() if g is not None)
        if CJK.search(q) and "\n\n" not in q:
            out.append((re.sub(r"\s*\n\s*", "", q), m.start(), m.end()))
    return out


def attributed(text: str) -> list[str]:
    """Chinese quotations of ``text`` that stand within ``NEAR`` characters of a seed citation.

    A quotation with Latin letters in it is a gloss ("200万 of wealth products"), and one that
    cites a seed itself (a translated sentence naming 种子材料 002) is prose, not a quotation."""
    cites = [m.start() for m in SEED_CITED.finditer(text)]
    return [q for q, start, end in chinese_quotations(text)
            if not ASCII_WORD.search(q) and not SEED_CITED.search(q)
            and any(start - NEAR <= c <= end + NEAR for c in cites)]


def python_prose(source: str) -> list[str]:
    """The comments (consecutive lines joined) and docstrings of a Python module."""
    blocks, current, last_line = [], [], -2
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                if tok.start[0] != last_line + 1 and current:
                    blocks.append("\n".join(current))
                    current = []
                current.append(tok.string.lstrip("#").strip())
                last_line = tok.start[0]
        tree = ast.parse(source)
    except (tokenize.TokenError, SyntaxError):
        return [source]
    blocks.append("\n".join(current))
    nodes = [tree] + [n for n in ast.walk(tree)
                      if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return blocks + [d for d in (ast.get_docstring(n, clean=False) for n in nodes) if d]


def yaml_comments(source: str) -> list[str]:
    """The comments of a YAML file, consecutive comment lines joined."""
    blocks, current = [], []
    for line in source.splitlines():
        _, hash_, comment = line.partition("#")
        if hash_:
            current.append(comment.strip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    return blocks + ["\n".join(current)]


def notebook_markdown(source: str) -> list[str]:
    cells = json.loads(source)["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def quotations_to_check(name: str, source: str) -> list[str]:
    """The Chinese quotations of one file that must be on docs/sources.md."""
    suffix = Path(name).suffix
    if suffix == ".ipynb":  # notebooks: every Chinese quotation, as test_seed_quotes asks of them
        return [q for cell in notebook_markdown(source) for q, _, _ in chinese_quotations(cell)]
    if suffix == ".py":
        if name.startswith("notebooks/"):
            return []  # the jupytext twin of a notebook checked above
        return [q for block in python_prose(source) for q in attributed(block)]
    if suffix in (".yaml", ".yml"):
        return [q for block in yaml_comments(source) for q in attributed(block)]
    if suffix == ".md" and name != "docs/sources.md":
        return attributed(source)
    return []


def seed_sections() -> dict[str, str]:
    """{"002": the text of section ``## seed 002``} of docs/sources.md."""
    parts = re.split(r"^## seed (\d{3})\s*$", SOURCES.read_text(encoding="utf-8"), flags=re.M)
    return {num: body.split("\n## ")[0] for num, body in zip(parts[1::2], parts[2::2])}


def anchors() -> set[str]:
    text = SOURCES.read_text(encoding="utf-8")
    headings = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
                for h in re.findall(r"^#+\s+(.+?)\s*$", text, flags=re.M)}
    return headings | set(ANCHOR.findall(text))


FILES = repository_files()


def test_the_sources_page_has_a_section_for_each_seed_and_an_anchor_for_each():
    assert sorted(seed_sections()) == ["000", "001", "002", "003", "004"]
    assert {f"seed-{n}" for n in seed_sections()} <= anchors()


def test_every_cited_seed_has_its_section_in_docs_sources():
    sections = seed_sections()
    missing = [f"{name}: seed {num}" for name in FILES for m in SEED_CITED.finditer(_read(name))
               for num in re.findall(r"\d{3}", m.group(1)) if num not in sections]
    assert not missing, "seeds cited with no section '## seed NNN' in docs/sources.md:\n  " + "\n  ".join(missing)


def test_no_file_points_outside_the_repository():
    found = [f"{name}:{_read(name).count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"  # file:line: match
             for name in FILES if name not in READS_ORIGINALS for m in OUTSIDE.finditer(_read(name))]
    assert not found, ("references to files outside the repository; cite docs/sources.md (seed NNN), "
                       "docs/domain.md §N or docs/design.md rule N instead:\n  " + "\n  ".join(found))


def test_every_quotation_attributed_to_a_seed_is_on_the_sources_page():
    sources = _norm(SOURCES.read_text(encoding="utf-8"))
    missing = [f"{name}: 「{q}」" for name in FILES for q in quotations_to_check(name, _read(name))
               if not found_in(q, sources)]
    assert not missing, ("Chinese quotations attributed to a seed but not on docs/sources.md (quote the "
                         "seed's exact words there, or drop the quotation marks):\n  " + "\n  ".join(missing))


def test_every_link_to_the_sources_page_lands_on_an_anchor():
    known = anchors()
    broken = [f"{name}: #{a}" for name in FILES for a in SOURCES_LINK.findall(_read(name)) if a not in known]
    assert not broken, "links to docs/sources.md anchors that do not exist:\n  " + "\n  ".join(broken)


def test_every_domain_section_and_design_rule_cited_exists():
    domain = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^#{2,3}\s+(\d+(?:\.\d+)?)[.\s]", domain, flags=re.M))
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    rules = set(re.findall(r"^(\d+)\. \*\*", design.split("## Rules that keep it honest")[1], flags=re.M))
    wrong = [f"{name}: docs/domain.md §{n}" for name in FILES for n in DOMAIN_SECTION.findall(_read(name))
             if n not in sections]
    wrong += [f"{name}: docs/design.md rule {n}" for name in FILES for m in DESIGN_RULE.findall(_read(name))
              for n in m if n and n not in rules]
    assert sections >= {"1", "2", "2.1", "2.4", "3"} and rules >= {"1", "2", "3", "4", "5", "6"}
    assert not wrong, ("sections and rules cited that docs/domain.md or docs/design.md lacks:\n  "
                       + "\n  ".join(wrong))


def test_the_quotations_on_the_sources_page_are_the_seeds_own_words():
    if not ORIGINAL_SEEDS.is_dir():
        pytest.skip(f"the original seed files are not beside this checkout ({ORIGINAL_SEEDS})")
    wrong = []
    for num, body in seed_sections().items():
        files = ORIGINAL_SEEDS.glob(f"{num}_*.txt")
        original = _norm("".join(path.read_text(encoding="utf-8") for path in files))
        wrong += [f"seed {num}: 「{q}」" for q in re.findall(r"「([^」]+)」", body) if not found_in(q, original)]
    assert not wrong, "passages on docs/sources.md not found verbatim in their seed:\n  " + "\n  ".join(wrong)


def test_the_rules_find_what_they_should():
    text = "seed 002: tellers 「连上洗手间都要跑着去」; \"200万 of wealth products\"; see DOMAIN §2"
    assert attributed(text) == ["连上洗手间都要跑着去"]
    assert attributed("「连上洗手间都要跑着去」, far from any citation") == []
    assert attributed("种子材料 002 says \"重罚之下，依据种子材料 002，罚款自掏腰包\"") == []
    assert [m.group(0) for m in OUTSIDE.finditer(text + " ../shared/seeds; DESIGN.md rule 2; DESIGNS = {}; "
                                                 "docs/design.md rule 2; DESIGN rule 1")] == [
        "DOMAIN §", "../shared", "DESIGN.md", "DESIGN rule"]
    assert [m.group(1) for m in SEED_CITED.finditer("seeds 001/003, seed: 1917, seed 1917, Seed 004")] == [
        "001/003", "004"]
    assert found_in("不求快，先求稳 … 数对", _norm("上柜数钱,不求快,先求稳,数快的前提是数对"))
    assert not found_in("数对 … 不求快", _norm("上柜数钱,不求快,先求稳,数快的前提是数对"))
    module = "x = 1  # seed 000: \"出了风险\"\n# still it\ndef f():\n    '''Doc.'''\n"
    assert python_prose(module) == ["seed 000: \"出了风险\"\nstill it", "Doc."]


GLOSSARY = ROOT / "docs" / "glossary.md"
GLOSSARY_HEADER = "| 中文 | English | in simkit |"


def glossary_rows() -> list[list[str]]:
    """The rows of every table in docs/glossary.md, as their cells."""
    text = GLOSSARY.read_text(encoding="utf-8")
    return [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("|") and line.strip() != GLOSSARY_HEADER and not line.startswith("|---")]


def test_the_glossary_gives_each_term_its_english_and_what_it_is_here():
    text = GLOSSARY.read_text(encoding="utf-8")
    headers = [line.strip() for line in text.splitlines() if line.startswith("|") and "---" not in line
               and "中文" in line and "English" in line]
    assert headers and set(headers) == {GLOSSARY_HEADER}, headers
    thin = [row for row in glossary_rows() if len(row) != 3 or not all(row) or not CJK.search(row[0])]
    assert not thin, f"glossary rows without a Chinese term, its English and what it is in simkit: {thin}"


def test_the_dashboards_chinese_names_for_roles_and_tabs_are_in_the_glossary():
    """A reader who meets a role, staff name or tab on the dashboard finds it in the glossary."""
    terms = " ".join(row[0] for row in glossary_rows())
    wanted = {tr(f"role.{role}", "zh") for role in ROLES} | {tr(f"ui.tab_{tab}", "zh") for tab in TABS}
    wanted |= {tr(f"staff.{letter}", "zh", n=1) for letter in "TLMS"} | {"万", "亿"}
    missing = sorted(term for term in wanted if term not in terms)
    assert not missing, f"add to docs/glossary.md: {missing}"
