"""Standing questions: what members asked and the archive lacked, kept until an issue covers it
(or followed for good), the searches that found nothing for the editors, and the follow-ups when a
new issue in the feed answers them. A job package: no platform SDK, nothing from handlers/."""
