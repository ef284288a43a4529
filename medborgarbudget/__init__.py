"""medborgarbudget: participatory budgeting for Swedish municipalities.

Importing the package loads no Flask; the web app is built by ``medborgarbudget.app.create_app``.
"""

__version__ = "0.1.0"
