"""The conversation engine (docs/conversation.md).

``orchestrator.run_turn`` decides, from the lead, the inbound message, the
time, the studio settings and the question set, which transitions to make and
which replies to write to the outbox. It never calls an HTTP API. Parsing and
keyword policy live in the pure ``conversations.policy`` package.
"""
