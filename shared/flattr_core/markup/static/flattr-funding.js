/*
 * flattr-plugins: load a provider's own button only when a reader asks for it.
 *
 * In the opt-in "widget" style each support button is still a plain link to the provider's
 * page, and works without JavaScript. Its data-funding-* attributes (markup/support.py)
 * describe the provider's own embed. On the first plain click on one, this file stops the
 * navigation and puts that embed in its place; until that click nothing is requested from
 * any provider. If the embed cannot be loaded, or its script does not draw a button, the
 * reader is sent on to the link. Kinds:
 *   iframe   GitHub Sponsors' button page replaces the link
 *   image    the vendor's badge (Liberapay, Open Collective) goes inside the link
 *   script   the vendor's script, with its data- attributes, goes after the link (Buy Me a
 *            Coffee); the link goes once the script has drawn its own button beside it
 *   kofi     Ko-fi's Widget_2.js: kofiwidget2.init(text, colour, id), then getHTML()
 *            (its draw() uses document.write, which would wipe a loaded page)
 *   patreon  the link becomes Patreon's "become a patron" link, which its bundle replaces
 * No inline script: allow this file and the providers' origins in script-src (and frame-src
 * for GitHub, img-src for the badges).
 */
(function () {
  "use strict";

  var PREFIX = "data-funding-";
  var PARAM = PREFIX + "param-";
  var HTTPS = /^https:\/\//i;

  function data(anchor, name) {
    return anchor.getAttribute(PREFIX + name) || "";
  }

  function params(anchor) {
    var found = {};
    for (var i = 0; i < anchor.attributes.length; i += 1) {
      var attribute = anchor.attributes[i];
      if (attribute.name.indexOf(PARAM) === 0) {
        found[attribute.name.slice(PARAM.length)] = attribute.value;
      }
    }
    return found;
  }

  function label(anchor) {
    var text = anchor.querySelector(".funding-button__label");
    return (text || anchor).textContent;
  }

  function follow(anchor) {
    window.location.assign(anchor.href);
  }

  function loadScript(src, anchor, done) {
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = done;
    script.onerror = function () {
      follow(anchor);
    };
    document.head.appendChild(script);
  }

  var mounts = {
    iframe: function (anchor, src) {
      var frame = document.createElement("iframe");
      frame.className = "funding-widget__frame";
      frame.title = data(anchor, "title") || label(anchor);
      frame.width = data(anchor, "width");
      frame.height = data(anchor, "height");
      frame.src = src;
      anchor.replaceWith(frame);
      frame.focus();
    },
    image: function (anchor, src) {
      var image = document.createElement("img");
      image.className = "funding-widget__image";
      image.alt = label(anchor);
      image.onerror = function () {
        follow(anchor);
      };
      image.src = src;
      anchor.replaceChildren(image); // still the link: the next click goes to the page
      anchor.removeAttribute("aria-busy");
    },
    script: function (anchor, src) {
      var values = params(anchor);
      var script = document.createElement("script");
      Object.keys(values).forEach(function (name) {
        script.setAttribute("data-" + name, values[name]);
      });
      var before = anchor.parentNode.children.length;
      script.onload = function () {
        var parent = anchor.parentNode;
        if (parent && parent.children.length > before + 1) {
          anchor.remove(); // the vendor drew its button beside its script
        } else {
          follow(anchor);
        }
      };
      script.onerror = function () {
        follow(anchor);
      };
      script.src = src;
      anchor.after(script);
    },
    kofi: function (anchor, src) {
      var values = params(anchor);
      loadScript(src, anchor, function () {
        var widget = window.kofiwidget2;
        if (!widget || typeof widget.init !== "function" || typeof widget.getHTML !== "function") {
          follow(anchor);
          return;
        }
        widget.init(label(anchor), values.colour || "", values.id || "");
        var holder = document.createElement("span");
        holder.className = "funding-widget__vendor";
        holder.innerHTML = widget.getHTML();
        anchor.replaceWith(holder);
      });
    },
    patreon: function (anchor, src) {
      var href = data(anchor, "href");
      if (HTTPS.test(href)) {
        anchor.href = href;
      }
      anchor.setAttribute("data-patreon-widget-type", "become-patron-button");
      loadScript(src, anchor, function () {
        anchor.removeAttribute("aria-busy");
      });
    },
  };

  function isPlainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var anchor = target && target.closest ? target.closest("a.funding-button--widget") : null;
    if (!anchor || !isPlainClick(event) || anchor.hasAttribute(PREFIX + "loaded")) {
      return; // not ours, a modified click, or already loaded: behave as the plain link it is
    }
    var kind = data(anchor, "widget");
    var src = data(anchor, "src");
    if (!Object.prototype.hasOwnProperty.call(mounts, kind) || !HTTPS.test(src)) {
      return;
    }
    event.preventDefault();
    anchor.setAttribute(PREFIX + "loaded", "true");
    anchor.setAttribute("aria-busy", "true");
    mounts[kind](anchor, src);
  });
})();
