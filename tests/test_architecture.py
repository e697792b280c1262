"""The package's plan, checked: no import circle, no import up the layers, short functions.

Imports at the top of modules, sorted imports and a docstring on every public class are
checked by ruff (``make check`` and ``make test`` run ``ruff check simkit``; the rules are in
pyproject.toml). These tests read the source with ``ast`` and run nothing.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "simkit"

#: simkit's top-level modules and packages, bottom layer first. A module may import from its
#: own layer's lower entries and from layers below it, never from a layer above (docs/design.md:
#: data flows one way; ``behaviour`` feeds back only at period boundaries, through ``simulation``).
LAYERS = [
    ("vocabulary", "errors", "question"),  # words, the error root, what an exercise question is
    ("limits",),  # every bound, with its reason
    ("pay",),  # pay schemes: pure data and arithmetic (the scenario's pay section is made of them)
    ("scenario",),  # YAML -> validated, frozen Scenario
    ("arguments",),  # the checks every entry point shares
    ("branch", "bank", "behaviour"),  # the SimPy branch; the books; choices and learning
    ("measure", "contract", "counts"),  # tables and KPIs; what staff foresee their scheme pays (loans, counts)
    ("simulation",),  # the period loop
    ("results",),
    ("api",),  # simkit.run
    ("report",),  # summaries, intervals, figures
    ("experiment",),  # replications, sweeps, comparisons, executors, the store
    ("compare", "widgets", "theory", "export", "fit", "library"),  # library: stored experiments (make results)
    ("teach_answers", "dashboard", "demo"),
    ("teach", "cli"),
    ("__init__",),
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(module: str, path: Path) -> set[str]:
    """simkit modules ``module`` imports (inside functions too; not under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here[: len(here) - node.level + 1] + ([node.module] if node.module else []))
            found |= {base} | {f"{base}.{a.name}" for a in node.names}
    # a package that holds the module is imported before it anyway: no edge of its own
    holders = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
    return {_known(name) for name in found if name.split(".")[0] == "simkit"} - {None, module} - holders


def _known(name: str) -> str | None:
    """The module ``name`` refers to (``simkit.limits.MAX_DAYS`` -> ``simkit.limits``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_top_level_module_has_a_layer():
    missing = sorted({_top(m) for m in MODULES} - set(LAYER))
    assert not missing, f"add these to LAYERS in tests/test_architecture.py: {missing}"


def test_no_import_circle():
    """Tarjan's strongly connected components of the module graph: every one is a single module."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert not circles, f"import circles: {circles}"


def test_no_import_up_the_layers():
    upward = sorted(f"{m} imports {t}" for m, targets in GRAPH.items() for t in targets
                    if _top(t) in LAYER and _top(m) in LAYER and LAYER[_top(t)] > LAYER[_top(m)])
    assert not upward, "\n".join(upward)


#: (stated reason) a function a reader can take in on one screen
MAX_FUNCTION_LINES = 60


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_fit_on_one_screen(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})" for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{module}: {long}"


def test_the_checks_have_teeth():
    """A made-up upward import and a made-up circle are found."""
    GRAPH["simkit.vocabulary"] = {"simkit.cli"}
    try:
        with pytest.raises(AssertionError, match="vocabulary imports simkit.cli"):
            test_no_import_up_the_layers()
        with pytest.raises(AssertionError, match="import circles"):
            test_no_import_circle()
    finally:
        GRAPH["simkit.vocabulary"] = _imports("simkit.vocabulary", MODULES["simkit.vocabulary"])


#: (stated reason) parameters a reader can hold in mind at once; a function that takes more says
#: why in its docstring (docs/design.md, "Functions with many parameters")
MAX_PARAMETERS = 6
#: the docstring line that states the reason: a line of the function's docstring (of the class's,
#: for ``__init__``) that starts with it
WHY_MANY = "Why so many parameters:"


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The named parameters of a function, without ``self``/``cls`` (``*args``/``**kwargs`` not counted)."""
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _states_why(docstring: str | None) -> bool:
    return any(line.strip().startswith(WHY_MANY) for line in (docstring or "").splitlines())


def _unexplained_many_parameters(tree: ast.AST, module: str) -> list[str]:
    """``module:line name (N parameters)`` of every function with more than ``MAX_PARAMETERS``
    parameters whose docstring has no line starting with ``WHY_MANY``."""
    class_says_why = {id(node) for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef)
                      and _states_why(ast.get_docstring(cls)) for node in cls.body}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        count = len(_parameters(node))
        if count <= MAX_PARAMETERS or _states_why(ast.get_docstring(node)):
            continue
        if node.name == "__init__" and id(node) in class_says_why:
            continue
        found.append(f"{module}:{node.lineno} {node.name} ({count} parameters)")
    return found


def test_many_parameters_are_explained():
    """Every function with more than six parameters (not counting self/cls) says why in its
    docstring, on a line starting "Why so many parameters:" (for ``__init__``, the class's
    docstring may say it)."""
    offenders = [line for module in sorted(MODULES)
                 for line in _unexplained_many_parameters(ast.parse(MODULES[module].read_text(encoding="utf-8")),
                                                          module)]
    assert not offenders, (f"{len(offenders)} functions take more than {MAX_PARAMETERS} parameters without a line "
                           f"'{WHY_MANY} ...' in their docstring (group what travels together, or say why):\n"
                           + "\n".join(offenders))


def test_the_parameter_check_has_teeth():
    """A made-up function of seven parameters is found; the same with a stated reason, or as an
    ``__init__`` whose class states it, is not."""
    bare = "def f(a, b, c, d, e, f, g):\n    '''Adds.'''\n"
    why = "def f(self, a, b, c, d, e, f, g):\n    '''Adds.\n\n    Why so many parameters: a test.'''\n"
    init = "class C:\n    '''A C.\n\n    Why so many parameters: a test.'''\n    def __init__(self, a, b, c, d, e, f, g):\n        pass\n"
    six = "def f(self, a, b, c, d, e, f, *args, **kwargs):\n    pass\n"
    assert _unexplained_many_parameters(ast.parse(bare), "m") == ["m:1 f (7 parameters)"]
    assert _unexplained_many_parameters(ast.parse(why), "m") == []
    assert _unexplained_many_parameters(ast.parse(init), "m") == []
    assert _unexplained_many_parameters(ast.parse(six), "m") == []
