"""The ``mlmetrics-edu`` command: the course, drills, a mock interview, spaced review, a cheat sheet.

``lab`` opens the course; ``drill ...`` implements and grades metrics (and grades a workshop);
``interview`` runs a timed mock interview with a report card; ``review`` serves what is due in
the spaced-review queue; ``cheatsheet`` writes the night-before sheet from the docstrings;
``bank-audit`` draws every generated interview question over many seeds and checks its verdicts.

Modules, bottom up -- no command module imports another:

* :mod:`.shared` -- what every command uses: :class:`~.shared.UserError`, the one-line parser,
  the parsers of counts, seeds and budgets, the console, the error funnel of :func:`main`;
* one module per command: :mod:`.lab`, :mod:`.notebooks`, :mod:`.drill`, :mod:`.interview`,
  :mod:`.review`, :mod:`.cheatsheet`, :mod:`.bank_audit` -- each displays and reads; the work is
  the practice engine's (``mlmetrics_edu.drill``, ``mlmetrics_edu.interview``);
* :mod:`.app` -- the top-level parser and :func:`main` (the console script
  ``mlmetrics_edu.cli:main`` and ``python -m mlmetrics_edu``).

A user's mistake is never a traceback: one line on stderr, ``mlmetrics-edu COMMAND: <what is
wrong>``, and exit status 2 (see :mod:`.shared`).
"""

from .app import build_parser, main

__all__ = ["build_parser", "main"]
