/* The courier's job board: polling paused while the page is hidden, and the phone's location on request.
   htmx polls the board's list (hx-trigger "every 15s"); a trigger filter would need eval, which the CSP
   forbids, so the pause is here: a poll while the page is hidden is cancelled, and the list refreshes
   at once when the page is shown again. The server stops the polling itself (HTTP 286) once the
   courier is offline. */
(function () {
  "use strict";

  var COORDINATE_PLACES = 6;

  function board() {
    return document.querySelector("[data-board-poll]");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (document.visibilityState === "hidden" && event.detail.elt === board()) {
      event.preventDefault();
    }
  });

  document.addEventListener("visibilitychange", function () {
    var element = board();
    if (document.visibilityState === "visible" && element && window.htmx) {
      window.htmx.trigger(element, "board-refresh");
    }
  });

  // "Use my phone's location" fills the typed coordinates; shown only where the browser can locate.
  function locate(button) {
    var form = button.form;
    var error = form.querySelector("[data-locate-error]");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.namedItem("latitude").value = position.coords.latitude.toFixed(COORDINATE_PLACES);
        form.elements.namedItem("longitude").value = position.coords.longitude.toFixed(COORDINATE_PLACES);
        error.hidden = true;
      },
      function () {
        error.hidden = false;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
    );
  }

  document.querySelectorAll("[data-locate]").forEach(function (button) {
    if (!("geolocation" in navigator)) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      locate(button);
    });
  });
})();
