/* Pasar Daring: our only script. No inline handlers anywhere: behaviour is attached here. */
(function () {
  "use strict";

  // On a slow or dropped connection an htmx request fails silently; show the page's notice instead.
  function showConnectionError() {
    var notice = document.getElementById("connection-error");
    if (notice) {
      notice.hidden = false;
    }
  }

  function hideConnectionError() {
    var notice = document.getElementById("connection-error");
    if (notice) {
      notice.hidden = true;
    }
  }

  document.addEventListener("htmx:sendError", showConnectionError);
  document.addEventListener("htmx:timeout", showConnectionError);
  document.addEventListener("htmx:responseError", showConnectionError);
  document.addEventListener("htmx:afterOnLoad", function (event) {
    if (event.detail.successful) {
      hideConnectionError();
    }
  });
})();
