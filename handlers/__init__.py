"""Slack listeners: they translate Slack payloads into calls on the core (`bot/`) and back.

The listeners themselves arrive with the Slack app; the core works without them."""
