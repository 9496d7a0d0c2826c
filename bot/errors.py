"""Named exceptions of the core. The CLI and the Slack edge turn them into one-line messages."""


class WorksOnArmError(Exception):
    """Base of every error the core raises on purpose."""


class ConfigError(WorksOnArmError):
    """The settings are incomplete or invalid (exit code 2)."""


class NotAnIssue(WorksOnArmError):
    """A document is not a newsletter issue: a stub, an index page, a colophon."""


class Refused(NotAnIssue):
    """A document the bot will not read: too large, a symbolic link, not a regular file, outside
    the archive. The message says which, for the sync report and `status`."""
