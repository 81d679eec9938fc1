"""Platform pieces every layer stands on: the clock, logs, transactions and the after-commit outbox,
Socket.IO rooms and event running, staff identity on a request, Twilio's client and webhooks, health
checks, migrations and the production server. Nothing here knows about chats, calls or routing."""
