"""Helpers shared by the tests: one place, so test modules never import from each other."""

from __future__ import annotations

ANNOUNCE_STATUS = "select status from deliveries where kind = 'announce'"
