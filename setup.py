"""Build hook: compile the translation catalogues (.po -> .mo) on every install.

Compiled catalogues are build output, not source, so they are not committed; this runs for
``pip install .`` and ``pip install -e .`` alike.
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

TRANSLATIONS = Path(__file__).parent / "medborgarbudget" / "translations"


def compile_catalogues() -> None:
    """Write a .mo beside every .po; a fuzzy or broken catalogue stops the build."""
    for po_path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parent.parent.name)
        errors = [(m.id, e) for m, es in catalog.check() for e in es]
        if errors:
            raise SystemExit(f"{po_path}: {errors[0][0]!r}: {errors[0][1]}")
        with po_path.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


class BuildPyWithCatalogues(build_py):
    def run(self) -> None:
        compile_catalogues()
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogues})
