"""`python -m medborgarbudget.tally FILE.pb ...`"""

import sys

from .cli import main

sys.exit(main())
