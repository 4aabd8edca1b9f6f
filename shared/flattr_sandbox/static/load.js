/*
 * The Flattr sandbox's load.js: a working stand-in for Flattr's /js/0.6/load.js (which died with
 * Flattr in 2023), doing what the original did (docs/sandbox.md, "The widget script").
 *
 * FlattrLoader.setup() replaces every a.FlattrButton with an iframe of this sandbox's
 * /button/view/ (55x62, or 110x20 for button:compact), whose Flattr button posts a flattr to the
 * sandbox. The button's parameters come from rel="flattr;key:value;..." (or rev), else from
 * data-flattr-* attributes, then href (url), title, lang and the anchor's text (description);
 * the script's own query gives defaults (uid, button, language, category, popout) and
 * mode=auto renders every button once the page has loaded (default: manual, call setup()).
 */
(function () {
  "use strict";

  var KEYS = ["uid", "owner", "category", "button", "language", "hidden", "tags", "title",
    "url", "description", "revsharekey", "popout"];
  var DEFAULT_KEYS = ["uid", "button", "language", "category", "popout"];
  var script = document.currentScript;
  var self = new URL(script && script.src ? script.src : "/js/0.6/load.js", document.baseURI);
  var loadEvents = [];

  function fromRel(text, params) {
    text.split(";").slice(1).forEach(function (pair) {
      var colon = pair.indexOf(":");
      if (colon > 0) {
        params[pair.slice(0, colon).trim()] = pair.slice(colon + 1).trim();
      }
    });
  }

  function paramsOf(anchor) {
    var params = {};
    DEFAULT_KEYS.forEach(function (key) {
      if (self.searchParams.get(key)) {
        params[key] = self.searchParams.get(key);
      }
    });
    var rel = anchor.getAttribute("rev") || anchor.getAttribute("rel") || "";
    if (rel.indexOf("flattr") === 0) {
      fromRel(rel, params);
    } else {
      KEYS.forEach(function (key) {
        var value = anchor.getAttribute("data-flattr-" + key);
        if (value !== null) {
          params[key] = value;
        }
      });
    }
    params.url = params.url || anchor.href;
    params.title = params.title || anchor.getAttribute("title") || "";
    params.language = params.language || anchor.getAttribute("lang") || "";
    params.description = params.description || anchor.textContent.trim().slice(0, 1000);
    return params;
  }

  function query(params) {
    return Object.keys(params).filter(function (key) {
      return params[key] !== undefined && params[key] !== null && String(params[key]) !== "";
    }).map(function (key) {
      var value = String(params[key]).trim().replace(/\s+/g, " ");
      return encodeURIComponent(key) + "=" + encodeURIComponent(value);
    }).join("&");
  }

  function render(params, target, method) {
    var element = typeof target === "string" ? document.getElementById(target) : target;
    var frame = document.createElement("iframe");
    var compact = params.button === "compact";
    frame.src = self.origin + "/button/view/?" + query(params);
    frame.className = "FlattrButton";
    frame.title = "Flattr this" + (params.title ? ": " + params.title : "");
    frame.width = compact ? "110" : "55";
    frame.height = compact ? "20" : "62";
    frame.setAttribute("frameborder", "0");
    frame.setAttribute("scrolling", "no");
    if (method === "replace") {
      element.parentNode.replaceChild(frame, element);
    } else if (method === "before") {
      element.parentNode.insertBefore(frame, element);
    } else {
      element.appendChild(frame);
    }
    return frame;
  }

  function setup() {
    var anchors = Array.prototype.slice.call(document.querySelectorAll("a.FlattrButton"));
    anchors.forEach(function (anchor) {
      render(paramsOf(anchor), anchor, "replace");
    });
    loadEvents.splice(0).forEach(function (fn) { fn(); });
  }

  window.FlattrLoader = {
    setup: setup,
    render: render,
    addLoadEvent: function (fn) { loadEvents.push(fn); }
  };

  if (self.searchParams.get("mode") === "auto") {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setup);
    } else {
      setup();
    }
  }
})();
