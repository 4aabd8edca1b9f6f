/*
 * flattr-plugins: load Flattr's button script only when a reader asks for it.
 *
 * A "widget" button is a plain link (to the thing page or the auto-submit URL) that works
 * without JavaScript. On the first plain click on one, this file stops the navigation and
 * adds Flattr's load.js (the anchor's data-loader-src, mode=manual); once it has loaded,
 * FlattrLoader.setup() turns every FlattrButton anchor into Flattr's own button. Until that
 * click nothing is requested from Flattr. If the script cannot be loaded (Flattr closed in
 * 2023), the reader is sent on to the link instead. No inline script: allow this file and
 * the loader's origin in script-src.
 */
(function () {
  "use strict";

  var requested = false;

  function follow(anchor) {
    window.location.assign(anchor.href);
  }

  function loadFlattr(anchor, src) {
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = function () {
      var loader = window.FlattrLoader;
      if (loader && typeof loader.setup === "function") {
        anchor.removeAttribute("aria-busy");
        loader.setup();
      } else {
        follow(anchor);
      }
    };
    script.onerror = function () {
      follow(anchor);
    };
    document.head.appendChild(script);
  }

  function isPlainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var anchor = target && target.closest ? target.closest("a.flattr-button--widget") : null;
    if (!anchor || !isPlainClick(event)) {
      return;
    }
    var src = anchor.getAttribute("data-loader-src") || "";
    if (requested || !/^https?:\/\//i.test(src)) {
      return; // already asked once, or no loader: behave as the plain link it is
    }
    event.preventDefault();
    requested = true;
    anchor.setAttribute("aria-busy", "true");
    loadFlattr(anchor, src);
  });
})();
