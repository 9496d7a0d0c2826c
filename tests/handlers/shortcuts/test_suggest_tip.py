"""The message shortcut's listener, called directly with a fake client."""

from __future__ import annotations

import json
from unittest.mock import Mock

from handlers.shortcuts.suggest_tip import make_shortcut_listener


def test_the_shortcut_opens_the_modal_with_the_messages_text_decoded(services, log):
    ack, client = Mock(), Mock()
    shortcut = {
        "trigger_id": "trig",
        "channel": {"id": "C1"},
        "user": {"id": "U1"},
        "message": {"ts": "1.2", "text": "see <https://example.com/n1|the N1 numbers> &amp; more"},
    }
    make_shortcut_listener(services)(ack=ack, shortcut=shortcut, client=client, logger=log)
    ack.assert_called_once_with()
    kwargs = client.views_open.call_args.kwargs
    assert kwargs["trigger_id"] == "trig"
    view = json.dumps(kwargs["view"].to_dict())
    assert "the N1 numbers (https://example.com/n1) & more" in view
