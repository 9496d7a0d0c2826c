"""worksonarm-bot: the community bot of Works on Arm News."""

__version__ = "0.1.0"
