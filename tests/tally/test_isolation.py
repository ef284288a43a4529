"""The engine stands alone: importing it loads neither Flask nor SQLAlchemy."""

import subprocess
import sys


def test_tally_imports_only_the_standard_library():
    code = ("import sys, pkgutil, importlib, medborgarbudget.tally as t; "
            "[importlib.import_module(f'{t.__name__}.{m.name}') "
            "for m in pkgutil.iter_modules(t.__path__) if m.name != '__main__']; "
            "print(','.join(m for m in ('flask', 'sqlalchemy', 'werkzeug', 'jinja2') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
