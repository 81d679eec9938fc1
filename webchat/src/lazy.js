// The Frontdesk's ES modules the widget needs only sometimes (the Socket.IO client when the chat is
// opened, the video engine on the first "Join video"), loaded once, when needed, from the Frontdesk's
// origin; they define no globals on the partner's page. A failed load is tried again on the next
// call, at another address (?retry=N), as a browser remembers the first address as failed.
const loading = new Map();  // address -> the promise of the module
let retries = 0;

export function lazyImport(url) {
  let pending = loading.get(url);
  if (!pending) {
    pending = import(retries ? url + "?retry=" + retries : url).catch((err) => {
      loading.delete(url);
      retries += 1;
      throw err;
    });
    loading.set(url, pending);
  }
  return pending;
}
