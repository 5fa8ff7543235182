/* Parent Guides: small extras that work without any other script, and are skipped where the
   browser cannot do them. Nothing here is needed to read a page. */
(function () {
  "use strict";

  /* "Listen to this page": the browser's own speech, in the page's language. Hidden without it. */
  function setUpListening() {
    var button = document.querySelector(".pg-listen");
    if (!button || !window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") {
      return;
    }
    var page = document.querySelector(".pg-page");
    var startLabel = button.getAttribute("data-start");
    var stopLabel = button.getAttribute("data-stop");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        return;
      }
      var words = new SpeechSynthesisUtterance(page.innerText);
      words.lang = page.getAttribute("lang") || document.documentElement.lang;
      words.onend = words.onerror = function () {
        button.textContent = startLabel;
        button.setAttribute("aria-pressed", "false");
      };
      button.textContent = stopLabel;
      button.setAttribute("aria-pressed", "true");
      window.speechSynthesis.speak(words);
    });
  }

  /* A printed page says where it came from. */
  function setUpPrinting() {
    var address = document.querySelector(".pg-print-address");
    if (address && !address.textContent.trim()) {
      address.textContent = window.location.href;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpListening(); setUpPrinting(); });
  } else {
    setUpListening();
    setUpPrinting();
  }
})();
