// localStorage can be switched off or full; the chat then lasts as long as the page.
export function storage(key) {
  return {
    get() { try { return window.localStorage.getItem(key); } catch (err) { return null; } },
    set(value) { try { window.localStorage.setItem(key, value); } catch (err) { /* kept in memory */ } },
    clear() { try { window.localStorage.removeItem(key); } catch (err) { /* nothing kept */ } },
  };
}
