"""Our own client of the Gegevensmagazijn's OData v4 API, on httpx.

One request at a time, a polite delay between requests, a User-Agent naming Bondgenoot, explicit timeouts. A
timeout, a connection error, a 5xx (or 429) and a 200 whose body is an error or no page at all are retried with
exponential backoff; after the last try `FetchError` says what failed. The base URL comes from configuration only;
`@odata.nextLink` is followed only when it stays under that base URL (never to another host).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin

import httpx

USER_AGENT = "Bondgenoot/1.0 (coalition CRM; Tweede Kamer open data sync)"
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A page could not be fetched after every try (or was refused outright)."""


@dataclass
class Page:
    url: str
    rows: list[Any]
    next_link: str | None


@dataclass
class ClientSettings:
    base_url: str
    timeout: float = 30.0
    tries: int = 4
    backoff: float = 2.0  # seconds before the 2nd try; doubled before each next one
    delay: float = 0.5  # seconds between two requests: one request at a time, politely
    page_size: int | None = None  # $top; None: the server's own page size (250)


@dataclass
class KamerClient:
    settings: ClientSettings
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _last_request: float | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        base = self.settings.base_url
        self.base_url = base if base.endswith("/") else base + "/"
        timeout = httpx.Timeout(self.settings.timeout, connect=min(10.0, self.settings.timeout))
        self.http = httpx.Client(
            transport=self.transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> KamerClient:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- URLs ---------------------------------------------------------------------------------------------------

    def first_url(
        self, entity_set: str, *, mark: str | None, expand: str | None = None, extra_filter: str | None = None
    ) -> str:
        """`<set>?$filter=ApiGewijzigdOp gt <mark>&$orderby=ApiGewijzigdOp[&$expand=…]`: what changed after the mark,
        oldest first, so the mark can move forward page by page."""
        conditions = [f"ApiGewijzigdOp gt {mark}"] if mark else []
        if extra_filter:
            conditions.append(extra_filter)
        params = []
        if conditions:
            params.append(("$filter", " and ".join(conditions)))
        params.append(("$orderby", "ApiGewijzigdOp"))
        if expand:
            params.append(("$expand", expand))
        if self.settings.page_size:
            params.append(("$top", str(self.settings.page_size)))
        query = "&".join(f"{name}={quote(value, safe='(),=$:')}" for name, value in params)
        return f"{self.base_url}{entity_set}?{query}"

    def _checked_next(self, next_link: Any) -> str | None:
        if next_link is None:
            return None
        if not isinstance(next_link, str):
            raise FetchError("@odata.nextLink is not a link")
        absolute = urljoin(self.base_url, next_link)
        if not absolute.startswith(self.base_url):
            raise FetchError(f"@odata.nextLink leaves the configured API: {absolute[:200]}")
        return absolute

    # --- requests -----------------------------------------------------------------------------------------------

    def _wait_politely(self) -> None:
        if self._last_request is not None and self.settings.delay > 0:
            remaining = self.settings.delay - (time.monotonic() - self._last_request)
            if remaining > 0:
                self.sleep(remaining)

    def _once(self, url: str) -> Page:
        self._wait_politely()
        self.requests += 1
        try:
            response = self.http.get(url)
        finally:
            self._last_request = time.monotonic()
        if response.status_code in RETRIED_STATUSES:
            raise _Retry(f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} for {url[:200]}")
        try:
            body = json.loads(response.content)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise _Retry(f"the answer is not JSON ({error.msg if hasattr(error, 'msg') else error})") from None
        if isinstance(body, dict) and "error" in body:
            detail = body["error"].get("message") if isinstance(body["error"], dict) else body["error"]
            raise _Retry(f"the API answered with an error: {str(detail)[:200]}")
        if not isinstance(body, dict) or not isinstance(body.get("value"), list):
            raise _Retry("the answer is not a page of rows")
        return Page(url, body["value"], self._checked_next(body.get("@odata.nextLink")))

    def get_page(self, url: str) -> Page:
        last = ""
        for attempt in range(self.settings.tries):
            if attempt:
                self.sleep(self.settings.backoff * 2 ** (attempt - 1))
            try:
                return self._once(url)
            except _Retry as problem:
                last = str(problem)
            except httpx.TimeoutException:
                last = "timed out"
            except httpx.TransportError as error:
                last = f"connection failed ({type(error).__name__})"
        raise FetchError(f"{last} after {self.settings.tries} tries: {url[:200]}")

    def pages(self, first_url: str) -> Iterator[Page]:
        """Every page from `first_url` on, following `@odata.nextLink`."""
        url: str | None = first_url
        while url is not None:
            page = self.get_page(url)
            yield page
            url = page.next_link


class _Retry(Exception):
    pass
