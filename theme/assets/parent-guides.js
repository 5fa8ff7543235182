/* Parent Guides: small extras that work without any other script, and are skipped where the
   browser cannot do them. Nothing here is needed to read a page. */
(function () {
  "use strict";

  /* "Listen to this page": the browser's own speech, in the page's language. Shown only where the
     browser has a voice for that language (an English voice reading Urdu helps nobody); it says so
     if speaking fails, can pause and stop, and never reads its own buttons. */
  function setUpListening() {
    var controls = document.querySelector(".pg-listen-controls");
    var speech = window.speechSynthesis;
    if (!controls || !speech || typeof window.SpeechSynthesisUtterance !== "function") {
      return;
    }
    var page = document.querySelector(".pg-page");
    var language = (page.getAttribute("lang") || document.documentElement.lang || "en").toLowerCase();
    var button = controls.querySelector(".pg-listen");
    var pause = controls.querySelector(".pg-listen-pause");
    var status = controls.querySelector(".pg-listen-status");

    function voiceFor() {
      return speech.getVoices().filter(function (voice) {
        return (voice.lang || "").toLowerCase().split(/[-_]/)[0] === language.split("-")[0];
      })[0];
    }

    function finished() {
      button.textContent = button.getAttribute("data-start");
      button.setAttribute("aria-pressed", "false");
      pause.hidden = true;
    }

    function words() {
      var copy = page.cloneNode(true);  /* the text without the listening controls themselves */
      copy.querySelectorAll(".pg-listen-controls, script, style").forEach(function (node) { node.remove(); });
      return copy.innerText || copy.textContent;
    }

    function show() {
      if (voiceFor()) {
        controls.hidden = false;
      }
    }

    button.addEventListener("click", function () {
      if (speech.speaking || speech.pending) {
        speech.cancel();
        finished();
        return;
      }
      var utterance = new SpeechSynthesisUtterance(words());
      utterance.lang = language;
      utterance.voice = voiceFor() || null;
      utterance.onend = finished;
      utterance.onerror = function (event) {
        finished();
        if (event.error !== "canceled" && event.error !== "interrupted") {
          status.textContent = status.getAttribute("data-cannot");
        }
      };
      status.textContent = "";
      button.textContent = button.getAttribute("data-stop");
      button.setAttribute("aria-pressed", "true");
      pause.textContent = pause.getAttribute("data-pause");
      pause.hidden = false;
      speech.speak(utterance);
    });

    pause.addEventListener("click", function () {
      if (speech.paused) {
        speech.resume();
        pause.textContent = pause.getAttribute("data-pause");
      } else {
        speech.pause();
        pause.textContent = pause.getAttribute("data-resume");
      }
    });

    show();
    speech.addEventListener("voiceschanged", show);  /* voices often arrive after the page */
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

  /* A school word's meaning, shown on the spot, ends with a link to the word's whole entry on the
     glossary page (the page lists the words it uses, with their entries, in data-glossary). */
  function setUpGlossaryLinks() {
    var holder = document.querySelector(".pg-page[data-glossary]");
    if (!holder) return;
    var glossary;
    try { glossary = JSON.parse(holder.getAttribute("data-glossary")); } catch (error) { return; }
    function addLink(word) {
      var anchor = glossary.terms[word];
      var inner = document.querySelector(".md-tooltip2--active .md-tooltip2__inner");
      if (!anchor || !inner || inner.querySelector(".pg-term-link")) return;
      var link = document.createElement("a");
      link.className = "pg-term-link";
      link.href = glossary.url + "#" + encodeURIComponent(anchor);
      link.textContent = glossary.label;
      inner.appendChild(document.createTextNode(" "));
      inner.appendChild(link);
    }
    function onTerm(event) {
      var term = event.target && event.target.closest && event.target.closest(".pg-page abbr");
      if (!term) return;
      var word = term.textContent.trim();
      /* The theme draws the meaning a moment after the pointer or the focus arrives. */
      [50, 250].forEach(function (wait) { setTimeout(function () { addLink(word); }, wait); });
    }
    ["mouseover", "focusin", "click"].forEach(function (type) {
      document.addEventListener(type, onTerm, { passive: true });
    });
  }

  function setUp() {
    setUpListening();
    setUpPrinting();
    setUpDismissingMeanings();
    setUpGlossaryLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
