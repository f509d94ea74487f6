"""What a browser would send for a form on a page: its fields with their current values.

For the load test's edits: the contact form is read as shown (chosen people and organisations are checked
checkboxes, the kind a selected option, the notes a textarea), one value is changed and everything is sent back.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = []
        if self._fields is None or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type", "text") not in {"submit", "button", "file", "image", "reset"}:
            if a.get("type") not in {"checkbox", "radio"} or "checked" in a:
                self._fields.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a["name"], None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)  # a browser drops the one line break that follows <textarea>
            self._fields.append((self._textarea, text[2:] if text.startswith("\r\n") else text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def post_form_fields(html: str, marker: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of the page's POST form that has a field named `marker`."""
    reader = _FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == marker for name, _value in fields):
            return fields
    raise ValueError(f"no POST form with a field {marker!r} on the page")
