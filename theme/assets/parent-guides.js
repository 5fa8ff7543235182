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

  /* A school word's meaning can be put away with Escape (WCAG 1.4.13), and comes back when the
     reader moves to another word. */
  function setUpDismissingMeanings() {
    var dismissed = "pg-meaning-dismissed";
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        document.body.classList.add(dismissed);
      }
    });
    function showAgain() {
      document.body.classList.remove(dismissed);
    }
    document.addEventListener("focusin", function (event) {
      if (event.target.tagName === "ABBR") {
        showAgain();
      }
    });
    document.addEventListener("mouseover", showAgain, { passive: true });
    document.addEventListener("touchstart", showAgain, { passive: true });
  }

  function setUp() {
    setUpListening();
    setUpPrinting();
    setUpDismissingMeanings();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
