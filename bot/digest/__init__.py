"""The editors' weekly note: what the week brought (tips, unanswered questions, searches) and what
waits for them, one DM per editor per ISO week through the outbox."""
