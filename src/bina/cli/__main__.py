"""`python -m bina.cli`: the `bina` command without its console script."""

from bina.cli import main

main()
