"""Every change of state, one `do_…` function each.

An action writes in the caller's transaction (the entry point begins it as a writer and commits
it), records its handoff and audit events in that same transaction, and queues its real-time
events and its external calls (Twilio's REST API) to run after the commit through
`platform.outbox`: a failed commit sends nothing and calls nothing. Ephemeral signals (typing,
video signalling) are named actions too. Views, Socket.IO handlers, Twilio webhooks and commands
parse their input, call one action (or one read) and answer.

Modules whose names start with an underscore are the building blocks actions share (the
handoff and audit logs, chat queue moves, real-time updates); only this package imports them.
"""
