"""The phone journey as actions: each Twilio Voice webhook runs one step of a call (`calls`), which
asks where the family lives and what the call is about (`journey`), then dials the decision's
targets in turn and takes a message (`dialling`). What the line says is in `speech`; the TwiML
answers are built in `twiml`."""
