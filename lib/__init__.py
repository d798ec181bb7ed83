"""Fine-Tune Advisor's engine: pure functions over data files, with no user interface.

`python -m lib --help` lists the command-line tools built on it.
"""
