// Checkout: "Use my location" fills the pin's fields from the browser's geolocation (no map tiles).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-locate]");
  const latitude = document.querySelector("[data-pin=latitude]");
  const longitude = document.querySelector("[data-pin=longitude]");
  if (!button || !latitude || !longitude || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.geolocation.getCurrentPosition((position) => {
      latitude.value = position.coords.latitude.toFixed(6);
      longitude.value = position.coords.longitude.toFixed(6);
    });
  });
});
