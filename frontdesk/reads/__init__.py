"""Reading, never writing or sending: what each page, JSON answer and Socket.IO event shows
(payload builders, one module per area), and who may see and do what (`access`)."""
