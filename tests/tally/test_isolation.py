"""The engine stands alone: importing it loads neither Flask nor SQLAlchemy."""

import subprocess
import sys


def test_tally_imports_only_the_standard_library():
    code = ("import sys, medborgarbudget.tally, medborgarbudget.tally.rules, "
            "medborgarbudget.tally.add1, medborgarbudget.tally.pabulib, medborgarbudget.tally.cli; "
            "print(','.join(m for m in ('flask', 'sqlalchemy', 'werkzeug', 'jinja2') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
