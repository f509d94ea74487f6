/* Bondgenoot: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, wait);
    };
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; });
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* A heading and a list of links (textContent only: nothing from the server is read as HTML) into `into`;
     `more(item, li)` may add to an item's line. */
  function linkList(into, heading, found, text, more) {
    var strong = document.createElement("strong");
    strong.textContent = heading;
    into.appendChild(strong);
    var ul = document.createElement("ul");
    found.forEach(function (item) {
      var li = document.createElement("li");
      li.appendChild(link(item.url, text(item)));
      if (more) more(item, li);
      ul.appendChild(li);
    });
    into.appendChild(ul);
  }

  /* Single-key shortcuts, unless the user is typing or switched them off in their account (WCAG 2.1.4):
     "/" focuses the search, "c" opens the quick contact log. */
  document.addEventListener("keydown", function (event) {
    if (document.body.getAttribute("data-shortcuts") === "off") return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var element = document.querySelector("[data-shortcut='" + (event.key === "/" ? "/" : event.key.toLowerCase()) + "']");
    if (!element) return;
    event.preventDefault();
    if (element.tagName === "A") { element.click(); }
    else { element.focus(); if (element.select) element.select(); }
  });

  /* Move focus to an error summary or conflict panel, so keyboard and screen-reader users hear it first. */
  var alertBox = document.querySelector("[data-autofocus]");
  if (alertBox) alertBox.focus();

  /* Type-ahead suggestions for an input (ARIA combobox): `onChoose(item)` receives the chosen suggestion. */
  function typeahead(root, input, lookup, onChoose, options) {
    options = options || {};
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-picker-status]");
    var texts = input.closest("[data-text-none]") || root;
    var items = [];
    var active = -1;
    var joiner = lookup.indexOf("?") >= 0 ? "&" : "?";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var options = list.querySelectorAll("[role=option]:not([aria-disabled])");
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }
    function choose(index) {
      var item = items[index];
      if (!item) return;
      close();
      onChoose(item);
    }
    function render(found) {
      items = found;
      list.innerHTML = "";
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.setAttribute("role", "option");
        none.setAttribute("aria-disabled", "true");
        none.textContent = texts.getAttribute("data-text-none");
        list.appendChild(none);
      }
      if (status) {
        status.textContent = found.length
          ? texts.getAttribute("data-text-count").replace("{n}", found.length)
          : texts.getAttribute("data-text-none");
      }
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = item.label;
        if (item.hint) {
          var small = document.createElement("small");
          small.textContent = " · " + item.hint;
          li.appendChild(small);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    var search = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); if (status) status.textContent = ""; return; }
      getJSON(lookup + joiner + "q=" + encodeURIComponent(q)).then(function (found) {
        if (input.value.trim() === q) render(found);
      });
    }, 180);

    input.addEventListener("input", search);
    input.addEventListener("keydown", function (e) {
      if (list.hidden) {
        if (e.key === "ArrowDown" && input.value.trim().length >= 2) { search(); }
        // A search-to-add box never submits the form: typed text that was not chosen would be lost.
        if (e.key === "Enter" && options.neverSubmit && input.value.trim()) { e.preventDefault(); search(); }
        return;
      }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter") {
        // Enter while suggestions are open takes the highlighted one (or the first); it never submits.
        e.preventDefault();
        if (items.length) choose(active >= 0 ? active : 0);
      }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Tab") { if (active >= 0) choose(active); else close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 120); });
  }

  /* Single pickers: a visible name input and a hidden id. */
  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var input = picker.querySelector("[data-picker-input]");
    var hidden = picker.querySelector("[data-picker-id]");
    input.addEventListener("input", function () { hidden.value = ""; });
    typeahead(picker, input, picker.getAttribute("data-lookup"), function (item) {
      input.value = item.name;
      hidden.value = item.id;
      input.dispatchEvent(new CustomEvent("picker:chosen", { bubbles: true, detail: item }));
    });
  });

  /* Multi pickers: each chosen record becomes a checked checkbox ("chip"); unchecking removes it on save. */
  document.querySelectorAll("[data-multi-picker]").forEach(function (picker) {
    var input = picker.querySelector("[data-picker-input]");
    var chips = picker.querySelector("[data-chips]");
    var name = picker.getAttribute("data-name");
    typeahead(picker, input, picker.getAttribute("data-lookup"), function (item) {
      input.value = "";
      var existing = chips.querySelector("input[value='" + String(item.id).replace(/\D/g, "") + "']");
      if (existing) { existing.checked = true; return; }
      var li = document.createElement("li");
      var label = document.createElement("label");
      label.className = "chip";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = item.id;
      box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + item.label));
      li.appendChild(label);
      chips.appendChild(li);
      picker.dispatchEvent(new CustomEvent("picker:chosen", { bubbles: true, detail: item }));
      input.focus();
    }, { neverSubmit: true });
  });

  /* Possible duplicates while typing a new name. */
  document.querySelectorAll("[data-similar]").forEach(function (box) {
    var form = box.closest("form");
    var names = box.getAttribute("data-similar-fields").split(",");
    var exclude = box.getAttribute("data-similar-exclude");
    var heading = box.getAttribute("data-text-heading");
    var check = debounce(function () {
      var params = new URLSearchParams();
      var any = false;
      names.forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value.trim()) { params.set(name, field.value.trim()); any = true; }
      });
      if (exclude) params.set("exclude", exclude);
      if (!any) { box.textContent = ""; return; }
      getJSON(box.getAttribute("data-similar") + "?" + params.toString()).then(function (found) {
        box.textContent = "";
        if (!found.length) return;
        var mergeText = box.getAttribute("data-text-merge");
        linkList(box, heading, found, function (item) { return item.label; }, function (item, li) {
          if (!item.merge_url || !mergeText) return;
          li.appendChild(document.createTextNode(" · "));
          li.appendChild(link(item.merge_url, mergeText));
        });
      });
    }, 350);
    names.forEach(function (name) {
      var field = form.elements[name];
      if (field) field.addEventListener("input", check);
    });
  });
  /* "Avoid a double ask": contacts colleagues had lately with the people and organisations chosen so far. */
  document.querySelectorAll("[data-recent]").forEach(function (box) {
    var form = box.closest("form");
    var heading = box.getAttribute("data-text-heading");
    var refresh = debounce(function () {
      var params = new URLSearchParams();
      form.querySelectorAll("input[name=person_ids]:checked").forEach(function (i) { params.append("person", i.value); });
      form.querySelectorAll("input[name=organisation_ids]:checked").forEach(function (i) { params.append("organisation", i.value); });
      if (!params.toString()) { box.textContent = ""; return; }
      getJSON(box.getAttribute("data-recent") + "?" + params.toString()).then(function (found) {
        box.textContent = "";
        if (!found.length) return;
        var panel = document.createElement("div");
        panel.className = "warning-box";
        linkList(panel, heading, found, function (item) { return item.when + " · " + item.who + " · " + item.subject; });
        box.appendChild(panel);
      });
    }, 250);
    form.addEventListener("picker:chosen", refresh);
    form.addEventListener("change", function (event) {
      if (event.target.name === "person_ids" || event.target.name === "organisation_ids") refresh();
    });
  });
})();

// A link to hand over (a signing link): focusing the field selects it, ready to copy.
(function () {
  document.querySelectorAll("input[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () {
      input.select();
    });
    if (document.activeElement === input) input.select();
  });
})();

// The coalition network: the drawing is one image to assistive technology (role="img", no links inside it); a
// mouse click on an organisation's circle opens its page, as the link in the table after the drawing does.
(function () {
  document.querySelectorAll("svg.network .node[data-href]").forEach(function (node) {
    node.addEventListener("click", function () {
      window.location.assign(node.getAttribute("data-href"));
    });
  });
})();
