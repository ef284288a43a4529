"""`python -m medborgarbudget` is the `medborgarbudget` command."""

from .cli import main

main()
