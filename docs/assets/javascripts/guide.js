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

/* 复制链接, 二维码 and (where the phone offers it) 分享: buttons on every section heading for
   the section's hosted address. The address comes from <meta name="guide:hosted-url"> (site_url
   + the page's directory URL), so a link sent from the offline edition works for whoever
   receives it. The QR code is an SVG made at build time (<meta name="guide:qr">), loaded only
   when its dialog opens. */
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

  /* The button says 复制链接 (or 复制步骤, 复制本步) and, for screen readers and voice control,
     what it copies: its accessible name starts with the words on it (复制链接：第 2 步：…), in
     every state. */
  function show(button, words) {
    if (!button.hasAttribute("data-words")) button.setAttribute("data-words", words);
    button.querySelector(".guide-copy-label").textContent = words;
    button.setAttribute("aria-label", words + "：" + button.getAttribute("data-title"));
  }

  /* Each button and the shared status line keep their own timer: a second copy within the
     2.5 s keeps its message on screen for its own full time. */
  var statusTimer = null;
  function announce(button, message, done) {
    show(button, done ? "已复制" : "复制失败");
    button.classList.toggle("guide-copy-link--done", done);
    status.textContent = message;
    status.classList.add("guide-copy-status--visible");
    clearTimeout(button._guideTimer);
    button._guideTimer = setTimeout(function () {
      show(button, button.getAttribute("data-words"));
      button.classList.remove("guide-copy-link--done");
    }, 2500);
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () {
      status.classList.remove("guide-copy-status--visible");
    }, 2500);
  }

  /* A section button: its words on it, the section's title in its accessible name. */
  function labelled(className, words, title) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "guide-section-button " + className;
    var label = document.createElement("span");
    label.className = "guide-copy-label";
    button.appendChild(label);
    button.setAttribute("data-title", title);
    show(button, words);
    return button;
  }

  /* One dialog for every QR code: named by its heading, closed by its button, Esc or a tap
     outside, and focus goes back to the button that opened it. */
  var qrBase = (document.querySelector('meta[name="guide:qr"]') || meta).getAttribute("content");
  var dialog = null, opener = null;
  function qrDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "guide-qr-dialog";
    dialog.setAttribute("aria-labelledby", "guide-qr-title");
    dialog.innerHTML = '<h2 id="guide-qr-title"></h2><p class="guide-qr-hint">用手机扫描二维码，打开本节</p>' +
      '<img class="guide-qr-image" width="320" height="320" alt=""><p class="guide-qr-url"></p>' +
      '<button type="button" class="md-button guide-qr-close">关闭</button>';
    dialog.querySelector(".guide-qr-close").addEventListener("click", function () { dialog.close(); });
    /* A click on the backdrop targets the dialog too, as does one on its own padding: only a
       click outside its box closes it. */
    dialog.addEventListener("click", function (event) {
      if (event.target !== dialog) return;
      var box = dialog.getBoundingClientRect();
      var inside = event.clientX >= box.left && event.clientX <= box.right &&
        event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) dialog.close();
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    document.body.appendChild(dialog);
    return dialog;
  }
  function showQr(button, anchor, url, title) {
    var box = qrDialog();
    opener = button;
    box.querySelector("#guide-qr-title").textContent = "二维码：" + title;
    var image = box.querySelector(".guide-qr-image");
    image.src = qrBase + anchor + ".svg";
    image.alt = "本节地址的二维码：" + url;
    box.querySelector(".guide-qr-url").textContent = url;
    box.showModal();
    box.querySelector(".guide-qr-close").focus();
  }

  /* 复制步骤 and 复制本步 on a procedure page: the texts made at build time from the step data
     (guide/send.py), ready for a chat: the steps, the notice, the hosted address, the edition. */
  var sendData = document.querySelector(".guide-send-text");
  var sendTexts = sendData ? JSON.parse(sendData.textContent) : null;
  function copyText(button, text, what) {
    copy(text).then(
      function () { announce(button, "已复制" + what + "，可以粘贴到聊天窗口", true); },
      function () { announce(button, "复制失败，请手动复制" + what, false); selectForCopy(text); }
    );
  }
  /* Where the clipboard is refused: the text shown selected, for the reader to copy. */
  function selectForCopy(text) {
    var box = document.querySelector(".guide-send-fallback");
    if (!box) {
      box = document.createElement("textarea");
      box.className = "guide-send-fallback";
      box.setAttribute("readonly", "");
      box.setAttribute("aria-label", "要复制的文字");
      var anchor = document.activeElement && document.activeElement.closest(".guide-send") || document.querySelector(".guide-send");
      anchor.parentNode.insertBefore(box, anchor.nextSibling);
    }
    box.value = text;
    box.rows = Math.min(20, text.split("\n").length);
    box.focus();
    box.select();
  }
  /* Each 复制步骤 copies the text beside it (the single-page edition holds both procedures). */
  Array.prototype.forEach.call(document.querySelectorAll(".guide-send"), function (block) {
    var button = block.querySelector(".guide-copy-steps");
    var data = block.querySelector(".guide-send-text");
    if (!button || !data) return;
    var texts = JSON.parse(data.textContent);
    show(button, "复制步骤");
    button.addEventListener("click", function () { copyText(button, texts.all, "全部步骤"); });
  });

  var headings = document.querySelectorAll(".md-content article h2[id], .md-content article h3[id]");
  Array.prototype.forEach.call(headings, function (heading) {
    var url = base + "#" + heading.id;
    var title = heading.textContent.replace("¶", "").trim();
    var button = labelled("guide-copy-link", "复制链接", title);
    button.setAttribute("data-url", url);
    button.addEventListener("click", function () {
      copy(url).then(
        function () { announce(button, "已复制：" + url, true); },
        function () { announce(button, "复制失败，请手动复制：" + url, false); }
      );
    });
    heading.appendChild(button);

    if (sendTexts && sendTexts.steps[heading.id]) {
      var one = labelled("guide-copy-step", "复制本步", title);
      one.addEventListener("click", function () { copyText(one, sendTexts.steps[heading.id], "本步"); });
      heading.appendChild(one);
    }

    var qr = labelled("guide-qr-button", "二维码", title);
    qr.setAttribute("aria-haspopup", "dialog");
    qr.addEventListener("click", function () { showQr(qr, heading.id, url, title); });
    heading.appendChild(qr);

    if (typeof navigator.share === "function") {
      var share = labelled("guide-share-button", "分享", title);
      share.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () { /* closed by the reader */ });
      });
      heading.appendChild(share);
    }
  });
})();

/* The search result note: which words were read as the guide's words, which were left out, and,
   when nothing matched, the pages to start from. The search worker (search/worker.js) answers
   the theme's result list; this reads the same query with the same rules and dictionary
   (search/query.js, search/dictionary.js), loaded when the reader first types in the box. */
(function () {
  "use strict";
  var input = document.querySelector(".md-search__input");
  var meta = document.querySelector(".md-search-result__meta");
  var config = document.getElementById("__config");
  var script = document.currentScript;
  if (!input || !meta || !config || !script) return;
  var assets = script.src.split("?")[0].replace(/guide\.js$/, "");
  var siteBase = new URL(JSON.parse(config.textContent).base || ".", location.href);
  var prepared = null, loading = false;

  var note = document.createElement("div");
  note.className = "guide-search-note";
  note.hidden = true;
  meta.parentNode.insertBefore(note, meta.nextSibling);

  function load() {
    if (loading) return;
    loading = true;
    // The search worker loads its engine now, while the reader is still typing (search/worker.js).
    try { new BroadcastChannel("guide-search").postMessage("open"); } catch (error) { /* file:// */ }
    var files = ["search/query.js", "search/dictionary.js"];
    if (location.protocol !== "file:") files.push("search/miss.js");   // offline editions report nothing
    (function next() {
      if (!files.length) {
        prepared = window.GuideQuery.prepare(window.GUIDE_SEARCH_DICT);
        return update();
      }
      var tag = document.createElement("script");
      tag.src = assets + files.shift();
      tag.onload = next;
      document.head.appendChild(tag);
    })();
  }

  function quoted(words) {
    return words.map(function (word) { return "“" + word + "”"; }).join("、");
  }

  function paragraph(text) {
    var p = document.createElement("p");
    p.textContent = text;
    return p;
  }

  function update() {
    // Nothing typed (the theme writing its own status): nothing to load. A ?q= link fills the
    // box without typing: the rules load then.
    if (!prepared) return input.value.trim() ? load() : undefined;
    var query = input.value.trim();
    note.textContent = "";
    var said = query ? window.GuideQuery.describe(window.GuideQuery.analyze(query, prepared)) : null;
    if (!said || (!said.readAs.length && !said.dropped.length && !said.nothing && !said.truncated)) {
      note.hidden = true;
      return;
    }
    if (said.truncated) {
      note.appendChild(paragraph("只按前 " + window.GuideQuery.MAX_QUERY + " 个字搜索"));
    }
    if (said.nothing) {
      note.appendChild(paragraph(said.dropped.length ? "未找到" + quoted(said.dropped) + "。可以从这些页面开始："
        : "请输入要找的词，例如“关闭借呗”。可以从这些页面开始："));
      var list = document.createElement("ul");
      prepared.offer.forEach(function (page) {
        var link = document.createElement("a");
        link.href = new URL(page.location, siteBase).href;
        link.textContent = page.title;
        var item = document.createElement("li");
        item.appendChild(link);
        list.appendChild(item);
      });
      note.appendChild(list);
    } else {
      if (said.readAs.length) {
        note.appendChild(paragraph("已将" + said.readAs.map(function (pair) {
          return "“" + pair[0] + "”按“" + pair[1] + "”";
        }).join("、") + "搜索"));
      }
      if (said.dropped.length) note.appendChild(paragraph("未找到" + quoted(said.dropped) + "，已按其余词搜索"));
    }
    note.hidden = false;
  }

  /* A search that found nothing, or left a word out, is reported to the guide's own server once
     per query and page view, when the query ends: the reader pauses, opens a result or closes
     the search. Only the scrubbed query and the words left out (search/miss.js). Never from
     file://: the offline editions send nothing. */
  var reported = {}, pause = null;
  var toggle = document.getElementById("__search");
  function finish() {
    clearTimeout(pause);
    if (location.protocol === "file:" || !prepared || !window.GuideMiss) return;
    var query = input.value.trim();
    if (!query || reported[query]) return;
    reported[query] = true;
    var said = window.GuideQuery.describe(window.GuideQuery.analyze(query, prepared));
    var entry = window.GuideMiss.report(query, said, document.querySelectorAll(".md-search-result__item").length);
    if (!entry || typeof fetch !== "function") return;
    fetch(window.GuideMiss.address(siteBase, entry),
          { method: "GET", credentials: "omit", cache: "no-store", keepalive: true, referrerPolicy: "no-referrer" })
      .catch(function () { /* the report is best effort */ });
  }
  if (location.protocol !== "file:") {
    input.addEventListener("input", function () { clearTimeout(pause); pause = setTimeout(finish, 1500); });
    var results = document.querySelector(".md-search-result");
    if (results) results.addEventListener("click", function (event) { if (event.target.closest("a")) finish(); }, true);
    if (toggle) toggle.addEventListener("change", function () { if (!toggle.checked) finish(); });
  }

  input.addEventListener("input", load, { once: true });
  input.addEventListener("focus", load, { once: true });
  // A result list that appears without typing (a ?q= link) loads the rules too.
  new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
})();
