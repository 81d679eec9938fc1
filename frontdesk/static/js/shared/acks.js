// Socket.IO events with an acknowledgement (docs/chat.md): the answer is the server's ack, or a
// made-up failure, `failure(code)`, when the connection is down ("offline"), the server did not
// answer in time ("timeout") or answered nothing ("unknown"). It never rejects.
export function request(socket, event, data, timeoutMs, failure) {
  return new Promise((resolve) => {
    // Nothing is queued while the connection is down: the person is told at once and tries again.
    if (!socket || !socket.connected) {
      resolve(failure("offline"));
      return;
    }
    socket.timeout(timeoutMs).emit(event, data, (err, answer) => {
      if (err) resolve(failure("timeout"));
      else resolve(answer || failure("unknown"));
    });
  });
}
