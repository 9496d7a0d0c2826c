"""Named exceptions of the core. The CLI and the Slack edge turn them into one-line messages."""


class WorksOnArmError(Exception):
    """Base of every error the core raises on purpose."""


class ConfigError(WorksOnArmError):
    """The settings are incomplete or invalid (exit code 2)."""


class NotAnIssue(WorksOnArmError):
    """A document is not a newsletter issue: a stub, an index page, a colophon."""
