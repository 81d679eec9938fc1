"""The web chat channel: the embeddable widget, its Socket.IO namespace (/chat), partner sites,
the conversation tokens and the sweeper that moves unanswered chats on. It uses `frontdesk`'s
actions and reads; `frontdesk` imports it only from the app factory and the command line."""
