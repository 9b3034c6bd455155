"""``python -m argmap``: the command line, as the ``argmap`` script runs it."""

import sys

from argmap.cli import main

sys.exit(main())
