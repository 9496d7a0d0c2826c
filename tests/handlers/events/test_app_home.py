"""The App Home listener, called directly with a fake client."""

from __future__ import annotations

import json
from unittest.mock import Mock

from handlers.events.app_home import make_home_listener


def test_home_shows_the_latest_issue_and_the_users_tips(services, log):
    client = Mock()
    make_home_listener(services)(
        event={"type": "app_home_opened", "user": "U1", "tab": "home"}, client=client, logger=log
    )
    view = client.views_publish.call_args.kwargs["view"]
    assert client.views_publish.call_args.kwargs["user_id"] == "U1"
    assert "Latest issue" in json.dumps(view.to_dict())


def test_the_messages_tab_publishes_nothing(services, log):
    client = Mock()
    make_home_listener(services)(
        event={"type": "app_home_opened", "user": "U1", "tab": "messages"}, client=client, logger=log
    )
    client.views_publish.assert_not_called()
