"""`python -m vorleser` runs the command line."""

from vorleser.cli import main

main()
