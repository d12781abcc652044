/* The guide's own script (no dependencies): buttons that open the search, and 复制链接. */

/* Buttons marked data-guide-open-search (the 404 page) open the theme's search box. */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var input = document.querySelector(".md-search__input");
  if (!toggle || !input) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-guide-open-search]"), function (button) {
    button.addEventListener("click", function () {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
      input.focus();
    });
  });
})();

/* 复制链接: a button on every section heading that copies the section's hosted address.
   The address comes from <meta name="guide:hosted-url"> (site_url + the page's directory URL),
   so a link copied in the offline edition works for whoever receives it. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="guide:hosted-url"]');
  if (!meta) return;
  var base = meta.getAttribute("content");

  var status = document.createElement("div");
  status.className = "guide-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function announce(button, message, done) {
    button.textContent = done ? "已复制" : "复制失败";
    button.classList.toggle("guide-copy-link--done", done);
    status.textContent = message;
    status.classList.add("guide-copy-status--visible");
    clearTimeout(button._guideTimer);
    button._guideTimer = setTimeout(function () {
      button.textContent = "复制链接";
      button.classList.remove("guide-copy-link--done");
      status.classList.remove("guide-copy-status--visible");
    }, 2500);
  }

  var headings = document.querySelectorAll(".md-content article h2[id], .md-content article h3[id]");
  Array.prototype.forEach.call(headings, function (heading) {
    var url = base + "#" + heading.id;
    var title = heading.textContent.replace("¶", "").trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "guide-copy-link";
    button.textContent = "复制链接";
    button.setAttribute("data-url", url);
    button.setAttribute("aria-label", "复制本节链接：" + title);
    button.addEventListener("click", function () {
      copy(url).then(
        function () { announce(button, "已复制：" + url, true); },
        function () { announce(button, "复制失败，请手动复制：" + url, false); }
      );
    });
    heading.appendChild(button);
  });
})();
