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

  // Prices as people type them: the rule of accounts/numbers.py, kept in step with it (a browser test
  // compares the two). A dot before exactly three digits separates thousands, a comma is the decimal
  // mark, any other dot a decimal point; rupiah are whole; "rb", "ribu" and "k" mean thousands.
  var MAX_LENGTH = 40;
  var OUTER_SPACES = /^[ \t\n\r\u00a0]+|[ \t\n\r\u00a0]+$/g;
  var GROUPED = /^([1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,([0-9]+))?$/;
  var COMMA = /^([0-9]+)(?:,([0-9]+))?$/;
  var POINT = /^([0-9]+)\.([0-9]+)$/;
  var RUPIAH_PREFIX = /^[Rr][Pp]\.?[ \t\n\r\u00a0]*/;
  var IN_THOUSANDS = /^(.*?[0-9])[ \t\n\r\u00a0]*(?:[Rr][Bb]|[Rr][Ii][Bb][Uu]|[Kk])\.?$/;
  var NO_CENTS = /^(.*?[0-9]),(?:-|0+)$/;

  // {negative, whole, fraction} with digit strings, or null: parse_quantity.
  function parseQuantity(text) {
    text = text.replace(OUTER_SPACES, "");
    if (text.length > MAX_LENGTH) {
      return null;
    }
    var negative = text.charAt(0) === "-";
    var digits = negative ? text.slice(1) : text;
    var match = GROUPED.exec(digits);
    if (match) {
      return { negative: negative, whole: match[1].replace(/\./g, ""), fraction: match[2] || "" };
    }
    match = COMMA.exec(digits) || POINT.exec(digits);
    return match ? { negative: negative, whole: match[1], fraction: match[2] || "" } : null;
  }

  // Whole rupiah as a Number, or null when the text is no price: parse_rupiah.
  function parseRupiah(text) {
    text = text.replace(OUTER_SPACES, "");
    if (text.length > MAX_LENGTH) {
      return null;
    }
    text = text.replace(RUPIAH_PREFIX, "");
    var inThousands = IN_THOUSANDS.exec(text);
    var noCents = NO_CENTS.exec(text);
    var number = parseQuantity(inThousands ? inThousands[1] : noCents ? noCents[1] : text);
    if (number === null) {
      return null;
    }
    var whole = number.whole;
    var fraction = number.fraction;
    if (inThousands) {
      var padded = (fraction + "000").slice(0, 3);
      whole += padded;
      fraction = fraction.slice(3);
    }
    if (/[1-9]/.test(fraction)) {
      return null;
    }
    var amount = Number(whole);
    return number.negative ? -amount : amount;
  }

  function rupiah(amount) {
    return "Rp " + String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // Beside each price field, the amount it will be saved as, while it is typed.
  function echoPrice(input) {
    var echo = input.nextElementSibling;
    if (!echo || !echo.classList.contains("price-echo")) {
      echo = document.createElement("output");
      echo.className = "price-echo";
      echo.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", echo);
    }
    var amount = parseRupiah(input.value);
    var valid = amount !== null && amount >= 1 && amount <= Number(input.dataset.rupiah);
    var typed = input.value.replace(OUTER_SPACES, "");
    echo.textContent = typed === "" ? "" : valid ? rupiah(amount) : input.dataset.rupiahInvalid;
    echo.classList.toggle("price-echo-invalid", !valid);
  }

  // Choosing a staple fills the unit and category it brings, unless the trader chose them already.
  function fillFromStaple(select) {
    var option = select.options[select.selectedIndex];
    var fields = { unit: option.dataset.unit, category: option.dataset.category };
    Object.keys(fields).forEach(function (name) {
      var field = select.form.elements.namedItem(name);
      var value = fields[name];
      var offered = field && value && Array.prototype.some.call(field.options, function (choice) {
        return choice.value === value;
      });
      if (offered && (field.value === "" || field.dataset.filledFromStaple === "true")) {
        field.value = value;
        field.dataset.filledFromStaple = "true";
      }
    });
  }

  // A price the server refused or asks about shows what it was read as, too.
  function echoRefusedPrices() {
    document.querySelectorAll("input[data-rupiah][aria-invalid]").forEach(echoPrice);
  }

  echoRefusedPrices();
  document.addEventListener("htmx:afterSettle", echoRefusedPrices);
  document.addEventListener("input", function (event) {
    if (event.target.matches("input[data-rupiah]")) {
      echoPrice(event.target);
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("select[data-staple]")) {
      fillFromStaple(target);
    } else if (target.dataset && target.dataset.filledFromStaple) {
      delete target.dataset.filledFromStaple;
    }
  });
})();
