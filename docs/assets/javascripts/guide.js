/* The guide's own script (no dependencies): copying to the clipboard, 复制链接, 二维码, 复制步骤.
   The search box is search/ui.js; it copies with window.GuideCopy, defined here. */

/* Copying: the clipboard where allowed, else a hidden selected field and the copy command; each
   button says 已复制 (or 复制失败) on itself and on a shared status line read by screen readers;
   where the clipboard is refused, the text is shown selected beside the button. */
(function () {
  "use strict";
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

  function copyText(button, text, what) {
    copy(text).then(
      function () { announce(button, "已复制" + what + "，可以粘贴到聊天窗口", true); },
      function () { announce(button, "复制失败，请手动复制" + what, false); selectForCopy(button, text); }
    );
  }
  /* Where the clipboard is refused: the text shown selected beside the button's block (the
     复制步骤 block, a result card's buttons, or the heading a section's buttons sit in: right
     under it, never inside it), for the reader to copy. */
  function selectForCopy(button, text) {
    var anchor = button.closest(".guide-send, .guide-result-actions, h1, h2, h3, h4") || button;
    var box = anchor.nextElementSibling;
    if (!box || !box.classList.contains("guide-send-fallback")) {
      box = document.createElement("textarea");
      box.className = "guide-send-fallback";
      box.setAttribute("readonly", "");
      box.setAttribute("aria-label", "要复制的文字");
      anchor.parentNode.insertBefore(box, anchor.nextSibling);
    }
    box.value = text;
    box.rows = Math.min(20, text.split("\n").length);
    box.focus();
    box.select();
  }
  window.GuideCopy = { copy: copy, label: show, announce: announce, copyText: copyText, select: selectForCopy };
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
  var copy = window.GuideCopy.copy, show = window.GuideCopy.label, announce = window.GuideCopy.announce;
  var copyText = window.GuideCopy.copyText, selectForCopy = window.GuideCopy.select;

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

  /* Each 复制步骤 copies the text beside it (the single-page edition holds both procedures). */
  Array.prototype.forEach.call(document.querySelectorAll(".guide-send"), function (block) {
    var button = block.querySelector(".guide-copy-steps");
    var data = block.querySelector(".guide-send-text");
    if (!button || !data) return;
    var texts = JSON.parse(data.textContent);
    show(button, "复制步骤");
    button.addEventListener("click", function () { copyText(button, texts.all, "全部步骤"); });
  });

  /* Every heading has one control, 发送 (at least 44 px square, for a thumb), that opens its
     actions: 复制链接, 复制本步 on a step, 二维码 and, where the phone offers it, 分享. One set
     is open at a time; Esc or a tap elsewhere closes it, and Esc returns focus to 发送. */
  var openMenu = null;
  function setOpen(menu, open) {
    menu.actions.hidden = !open;
    menu.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && openMenu && openMenu !== menu) setOpen(openMenu, false);
    openMenu = open ? menu : (openMenu === menu ? null : openMenu);
  }
  document.addEventListener("click", function (event) {
    if (openMenu && !openMenu.heading.contains(event.target) && !event.target.closest(".guide-qr-dialog")) {
      setOpen(openMenu, false);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !openMenu || document.querySelector(".guide-qr-dialog[open]")) return;
    var menu = openMenu;
    setOpen(menu, false);
    menu.toggle.focus();
  });

  var headings = document.querySelectorAll(".md-content article h2[id], .md-content article h3[id]");
  Array.prototype.forEach.call(headings, function (heading) {
    var url = base + "#" + heading.id;
    var title = heading.textContent.replace("¶", "").trim();
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "guide-section-toggle";
    toggle.innerHTML = '<span class="guide-copy-label">发送</span>';
    toggle.setAttribute("aria-label", "发送：" + title);
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "guide-actions-" + heading.id);
    var actions = document.createElement("span");
    actions.className = "guide-section-actions";
    actions.id = "guide-actions-" + heading.id;
    actions.hidden = true;
    var menu = { heading: heading, toggle: toggle, actions: actions };
    /* The heading's words in one box beside 发送, so a long title wraps beside it. */
    var words = document.createElement("span");
    words.className = "guide-heading-text";
    while (heading.firstChild) words.appendChild(heading.firstChild);
    heading.appendChild(words);
    toggle.addEventListener("click", function () { setOpen(menu, actions.hidden); });
    heading.appendChild(toggle);
    heading.appendChild(actions);

    var button = labelled("guide-copy-link", "复制链接", title);
    button.setAttribute("data-url", url);
    button.addEventListener("click", function () {
      copy(url).then(
        function () { announce(button, "已复制：" + url, true); },
        function () { announce(button, "复制失败，请手动复制：" + url, false); selectForCopy(button, url); }
      );
    });
    actions.appendChild(button);

    if (sendTexts && sendTexts.steps[heading.id]) {
      var one = labelled("guide-copy-step", "复制本步", title);
      one.addEventListener("click", function () { copyText(one, sendTexts.steps[heading.id], "本步"); });
      actions.appendChild(one);
    }

    var qr = labelled("guide-qr-button", "二维码", title);
    qr.setAttribute("aria-haspopup", "dialog");
    qr.addEventListener("click", function () { showQr(qr, heading.id, url, title); });
    actions.appendChild(qr);

    if (typeof navigator.share === "function") {
      var share = labelled("guide-share-button", "分享", title);
      share.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () { /* closed by the reader */ });
      });
      actions.appendChild(share);
    }
  });
})();

/* On a phone, a procedure's 开始前 (its advice and the menu-path notice, which the banner also
   gives) is folded behind one button, so the first screen reaches the steps. It stays open on a
   wider screen, on paper, without the script, and when a link points into it. */
(function () {
  "use strict";
  var heading = document.querySelector(".md-content article h2#before-you-start");
  var section = heading && heading.closest(".guide-section");
  if (!section || !window.matchMedia("screen and (max-width: 44.9375em)").matches) return;
  var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target && section.contains(target) && target !== heading) return;
  var body = document.createElement("div");
  body.className = "guide-fold-body";
  body.id = "guide-fold-before";
  while (heading.nextSibling) body.appendChild(heading.nextSibling);
  var items = body.querySelectorAll(":scope > ul > li").length;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "guide-fold-toggle";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", body.id);
  var words = "展开 " + items + " 条操作前建议和提示";
  button.textContent = words;
  body.hidden = true;
  button.addEventListener("click", function () {
    var open = body.hidden;
    body.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "收起操作前建议" : words;
  });
  section.appendChild(button);
  section.appendChild(body);   /* paper shows it folded or not (print.css) */
})();

/* An old copy says it is old, when it is read: past the review-due date its page carries (the
   last check against the source plus the page's review days), a notice under the title sends the
   reader to the online version (from a copy: the offline edition) or to the app (the online
   version itself, should nobody have rebuilt it). The reader's clock, no network. */
(function () {
  "use strict";
  var line = document.querySelector(".md-content article .guide-last-verified[data-review-due]");
  if (!line) return;
  var due = line.getAttribute("data-review-due");
  var now = new Date();
  var today = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  if (today <= due) return;
  var hosted = document.querySelector('meta[name="guide:hosted-url"]');
  var notice = document.createElement("div");
  notice.className = "admonition warning guide-overdue";
  notice.setAttribute("role", "note");
  var title = document.createElement("p");
  title.className = "admonition-title";
  title.textContent = "本版本已超过复核期限";
  var text = document.createElement("p");
  if (location.protocol === "file:" && hosted) {
    text.textContent = "本版本已超过复核期限（" + due + "），内容可能已过时，请以在线版为准：";
    var link = document.createElement("a");
    link.href = hosted.getAttribute("content");
    link.textContent = hosted.getAttribute("content");
    text.appendChild(link);
  } else {
    text.textContent = "本页已超过复核期限（" + due + "），内容可能已过时，请以支付宝 App 中实际显示的内容为准。";
  }
  notice.appendChild(title);
  notice.appendChild(text);
  line.parentNode.insertBefore(notice, line.nextSibling);
})();

/* Under each section of a page that asks (<meta name="guide:feedback">, the hosted guide only):
   这一节有帮助吗？ 有帮助 / 没帮助, and under a step also 与 App 不一致, with an optional choice of
   what differs (no free text: nothing a reader types is sent). One same-origin GET to the
   guide's server with the page, the section, the vote, the reason and the edition; no cookie,
   no referrer, no identifier; once per section and page view. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="guide:feedback"]');
  var hosted = document.querySelector('meta[name="guide:hosted-url"]');
  var editionMeta = document.querySelector('meta[name="guide:edition"]');
  if (!meta || !hosted || location.protocol === "file:") return;
  var endpoint = new URL(meta.getAttribute("content"), location.href);
  var page = new URL(hosted.getAttribute("content")).pathname;
  var edition = editionMeta ? editionMeta.getAttribute("content") : "";
  var sendData = document.querySelector(".guide-send-text");
  var steps = sendData ? JSON.parse(sendData.textContent).steps : {};
  var REASONS = [["menu", "菜单或入口名称不同"], ["button", "找不到按钮"], ["order", "步骤顺序不同"], ["other", "其他"]];

  function send(section, vote, reason) {
    var url = new URL(endpoint.href);
    /* The page's path keeps its slashes (the server takes only the shape the page sends). */
    url.search = "?page=" + encodeURI(page) + [["section", section], ["vote", vote], ["reason", reason || ""],
      ["edition", edition]].map(function (pair) { return "&" + pair[0] + "=" + encodeURIComponent(pair[1]); }).join("");
    return fetch(url.href, { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store", keepalive: true })
      .catch(function () { /* the vote is lost, the page goes on */ });
  }

  function button(words, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "guide-feedback-button";
    b.textContent = words;
    b.addEventListener("click", onClick);
    return b;
  }

  var headings = document.querySelectorAll(".md-content article h2[id]");
  Array.prototype.forEach.call(headings, function (heading) {
    var title = (heading.querySelector(".guide-heading-text") || heading).textContent.replace("¶", "").trim();
    var box = document.createElement("div");
    box.className = "guide-feedback";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "这一节有帮助吗：" + title);
    var question = document.createElement("span");
    question.className = "guide-feedback-question";
    question.textContent = "这一节有帮助吗？";
    var status = document.createElement("span");
    status.className = "guide-feedback-status";
    status.setAttribute("role", "status");
    var done = false;
    function vote(kind, reason) {
      if (done) return;
      done = true;
      send(heading.id, kind, reason);
      Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.remove(); });
      question.textContent = "";
      status.textContent = "已收到，谢谢。";
      /* The buttons are gone: the keyboard's focus goes to the thanks, not to the page's top. */
      status.setAttribute("tabindex", "-1");
      status.focus();
    }
    box.appendChild(question);
    box.appendChild(button("有帮助", function () { vote("helpful"); }));
    box.appendChild(button("没帮助", function () { vote("unhelpful"); }));
    if (steps[heading.id]) {
      var differs = button("与 App 不一致", function () {
        differs.setAttribute("aria-expanded", "true");
        choices.hidden = false;
        choices.querySelector("button").focus();
      });
      differs.setAttribute("aria-expanded", "false");
      var choices = document.createElement("span");
      choices.className = "guide-feedback-reasons";
      choices.hidden = true;
      choices.setAttribute("role", "group");
      choices.setAttribute("aria-label", "哪里不一致（可不选）");
      REASONS.forEach(function (pair) { choices.appendChild(button(pair[1], function () { vote("differs", pair[0]); })); });
      choices.appendChild(button("不细说，直接提交", function () { vote("differs", ""); }));
      differs.setAttribute("aria-controls", "guide-feedback-reasons-" + heading.id);
      choices.id = "guide-feedback-reasons-" + heading.id;
      box.appendChild(differs);
      box.appendChild(choices);
    }
    box.appendChild(status);
    /* At the end of the section: before the next heading of its level, or the article's end. */
    var next = heading.nextElementSibling;
    while (next && next.tagName !== "H2") next = next.nextElementSibling;
    var section = heading.closest(".guide-section");
    /* A folded 开始前 (a phone) keeps its vote inside the fold. */
    var fold = section && section.querySelector(".guide-fold-body");
    if (fold) fold.appendChild(box);
    else if (section) section.appendChild(box);
    else if (next) next.parentNode.insertBefore(box, next);
    else heading.parentNode.appendChild(box);
  });
})();
