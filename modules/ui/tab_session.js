/* Put into the page by modules/ui/http_guard.py, before Streamlit's own scripts. A signed-in staff
   tab keeps its session token in its own sessionStorage (modules/ui/components/tab_memory.py). Each
   time this tab opens its connection to the server (first load, refresh, reconnection to another
   replica), the token rides in a cookie on that one handshake, so the server knows the tab from its
   first script run: no extra round trip, no rerun racing the user's clicks. The cookie is written
   just before the handshake, from this tab's own storage (so another tab never sends this tab's
   token), and removed as soon as the connection is open or has failed. */
(function () {
  "use strict";
  var KEY = "forced-labour-training:staff-session";
  var COOKIE = "flt_staff_session";
  var Native = window.WebSocket;
  if (!Native) { return; }
  function cookie(value) {
    document.cookie = value
      ? COOKIE + "=" + encodeURIComponent(value) + "; path=/; SameSite=Strict"
      : COOKIE + "=; path=/; SameSite=Strict; max-age=0";
  }
  function held() {
    try { return window.sessionStorage.getItem(KEY); } catch (e) { return null; }
  }
  function Tabbed(url, protocols) {
    cookie(held());
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    var clear = function () { cookie(null); };
    socket.addEventListener("open", clear);
    socket.addEventListener("error", clear);
    socket.addEventListener("close", clear);
    return socket;
  }
  Tabbed.prototype = Native.prototype;
  Tabbed.CONNECTING = Native.CONNECTING;
  Tabbed.OPEN = Native.OPEN;
  Tabbed.CLOSING = Native.CLOSING;
  Tabbed.CLOSED = Native.CLOSED;
  window.WebSocket = Tabbed;
  cookie(null);
})();
