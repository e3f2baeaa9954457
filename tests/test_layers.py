"""The layer contract: the core never imports the user interface.

Three layers, top to bottom:

- the entry points, ``workbook.cli`` and ``workbook.__main__``, which parse
  the command line and either run a command or open the app;
- the user interface, ``workbook.app`` and the ``workbook.screens`` package;
- the core: every other module of the ``workbook`` package.

The modules are found from the packages pyproject.toml ships (where
``screens/`` is mapped to ``workbook.screens``), so a new module is covered
the day it is added.

A layer may import the layers below it, never those above. The reasons are
in docs/architecture.md, "Layers".
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The entry points, at the top.
ENTRY_MODULES = ("workbook.cli", "workbook.__main__")

#: The user interface; everything in the package that is neither is the core.
UI_MODULES = ("workbook.app", "workbook.screens")

#: What no core module may import, at the top or inside a function.
FORBIDDEN_IN_CORE = ("textual", "rich", *UI_MODULES, *ENTRY_MODULES)

#: What no interface module may import.
FORBIDDEN_IN_UI = ENTRY_MODULES


def package_folders() -> dict[str, Path]:
    """Each package the project ships, with the folder its modules are in."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapped = setuptools.get("package-dir", {})
    folders = {}
    for package in setuptools["packages"]:
        for parent, folder in sorted(mapped.items(), key=lambda item: -len(item[0])):
            if package == parent or package.startswith(parent + "."):
                rest = package[len(parent) :].lstrip(".").replace(".", "/")
                folders[package] = ROOT / folder / rest
                break
        else:
            folders[package] = ROOT / package.replace(".", "/")
    return folders


def in_group(name: str, group: tuple[str, ...]) -> bool:
    """True when ``name`` is one of ``group`` or inside one of them."""
    return any(name == top or name.startswith(top + ".") for top in group)


def all_modules() -> dict[str, Path]:
    """Every module the project ships, by name."""
    modules = {}
    for package, folder in package_folders().items():
        for path in sorted(folder.glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            modules[name] = path
    return modules


def core_modules() -> dict[str, Path]:
    """The modules of the core: all but the entry points and the user interface."""
    above = UI_MODULES + ENTRY_MODULES
    return {name: path for name, path in all_modules().items() if not in_group(name, above)}


def ui_modules() -> dict[str, Path]:
    """The modules of the user interface."""
    return {name: path for name, path in all_modules().items() if in_group(name, UI_MODULES)}


def imported_names(source: str, module: str, is_package: bool) -> set[str]:
    """Every module an import statement anywhere in ``source`` names.

    ``from a import b`` counts as both ``a`` and ``a.b``, since ``b`` may be a
    module. Relative imports are resolved against ``module``.
    """
    names: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def layer_violations(modules: dict[str, Path], forbidden: tuple[str, ...]) -> list[str]:
    """Each module's imports of the ``forbidden`` ones, as readable lines."""
    problems = []
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        for target in sorted(imported_names(source, name, path.name == "__init__.py")):
            if in_group(target, forbidden):
                problems.append(f"{path.relative_to(ROOT)} imports {target}")
    return problems


def test_the_walk_finds_the_whole_package() -> None:
    folders = package_folders()
    assert folders["workbook.screens"] == ROOT / "screens"
    assert folders["workbook.screens.dialogs"] == ROOT / "screens" / "dialogs"
    every_file = {p for f in folders.values() for p in f.glob("*.py")}
    on_disk = set((ROOT / "screens").rglob("*.py")) | set((ROOT / "workbook").glob("*.py"))
    assert every_file >= on_disk
    modules = all_modules()
    assert {"workbook.store", "workbook.storage", "workbook.cli", "workbook.app"} <= set(modules)
    assert "workbook.screens.home" in modules and "workbook.screens.dialogs.help" in modules
    core = core_modules()
    assert "workbook.store" in core and "workbook.crash" in core
    assert not any(in_group(name, UI_MODULES + ENTRY_MODULES) for name in core)
    assert "workbook.screens.home" in ui_modules() and "workbook.app" in ui_modules()


def test_the_core_never_imports_the_interface_or_the_entry_points() -> None:
    assert layer_violations(core_modules(), FORBIDDEN_IN_CORE) == []


def test_the_interface_never_imports_the_entry_points() -> None:
    assert layer_violations(ui_modules(), FORBIDDEN_IN_UI) == []


def test_the_check_sees_imports_hidden_in_functions(tmp_path: Path) -> None:
    """The contract can fail: imports inside functions and relative ones count."""
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text(
        "def later():\n"
        "    from textual.widgets import Static\n"
        "    from .screens import home\n"
        "    import rich.markup\n"
    )
    found = imported_names(sneaky.read_text(), "workbook.sneaky", is_package=False)
    assert "textual.widgets" in found and "workbook.screens" in found and "rich.markup" in found
    assert all(in_group(name, FORBIDDEN_IN_CORE) for name in found)


def test_importing_every_core_module_loads_no_textual() -> None:
    """At run time too: no core module brings Textual in through another package."""
    names = sorted(core_modules())  # the core has no module that runs when imported
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'textual' in sys.modules or 'rich' in sys.modules:\n"
        "        print(name)\n"
        "        break\n"
        "else:\n"
        "    print('CLEAN')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "CLEAN", f"{out.stdout.strip()} loads Textual or Rich"


def import_loops(modules: dict[str, Path]) -> list[list[str]]:
    """Groups of ``modules`` that import each other, directly or in a ring (imports
    inside functions count: a loop there is still two modules that need each other)."""
    graph = {
        name: {
            target
            for target in imported_names(path.read_text(encoding="utf-8"), name,
                                         path.name == "__init__.py")
            if target in modules and target != name
        }
        for name, path in modules.items()
    }
    loops: list[list[str]] = []
    for start in sorted(graph):
        ahead = _reach(graph, start) - {start}
        back = {name for name in ahead if start in _reach(graph, name)}
        ring = sorted(back | {start})
        if back and ring not in loops:
            loops.append(ring)
    return loops


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    """``start`` and every module it leads to through imports."""
    reached, frontier = {start}, [start]
    while frontier:
        for target in graph[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    return reached


def test_the_core_and_the_entry_points_have_no_import_loops() -> None:
    modules = {
        name: path for name, path in all_modules().items() if not in_group(name, UI_MODULES)
    }
    assert "workbook.cli" in modules and "workbook.content_build" in modules
    assert import_loops(modules) == []


def test_the_loop_check_finds_a_loop(tmp_path: Path) -> None:
    first, second, third = (tmp_path / f"{name}.py" for name in ("first", "second", "third"))
    first.write_text("import pkg.second\n")
    second.write_text("def later():\n    from pkg import first\n")
    third.write_text("import pkg.first\n")
    modules = {"pkg.first": first, "pkg.second": second, "pkg.third": third}
    assert import_loops(modules) == [["pkg.first", "pkg.second"]]
