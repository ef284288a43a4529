"""medborgarbudget: participatory budgeting for Swedish municipalities.

Importing the package loads no Flask; the web app is built by ``medborgarbudget.app.create_app``.
"""

from pathlib import Path

__version__ = "0.1.0"

#: the checkout: templates/, migrations/ and instance/ live here
ROOT = Path(__file__).resolve().parent.parent
