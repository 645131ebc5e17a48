"""The one error for a call the practice engine cannot serve because of how it was called.

:class:`UsageError` (a ``ValueError``): a class folder that is not there, an unknown student,
an option out of range. The engine raises it; a front end shows it as one line (the command
line: on stderr with exit status 2, by :func:`mlmetrics_edu.cli.shared.run_command`).
"""


class UsageError(ValueError):
    """A mistake in how the engine or a command was called (a bad folder, an unknown student or drill)."""
