"""Local fakes of the platforms the bot talks to: Slack's Web API and its signing, X, a Mastodon
instance, a Bluesky PDS, the newsletter's feed and a git server, each on 127.0.0.1. The tests and
the benchmarks (bench/) share them: neither imports the other's modules."""
