"""A local HTTP server that answers like the Gegevensmagazijn, for the Tweede Kamer client and sync tests.

It serves rows in the API's own format (recorded ones from tests/fixtures/tweedekamer/, synthetic ones made with
`api_row`) through `crm.parliament.files.FileApi`: the rows after `ApiGewijzigdOp gt <mark>`, oldest first, a page
at a time with `@odata.nextLink`. Faults are injected per request: a 5xx, a 200 with an error body, a body that is
not JSON, a connection closed without an answer, or an answer held back until the test releases it (a timeout
without the test sleeping).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from crm.parliament.files import FileApi
from crm.parliament.records import BY_NAME

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "tweedekamer"
RECORDED_BESLUIT = (
    FIXTURES / "recorded" / "Besluit_single_expand_Zaak-ZaakActor-Document_Stemming_Agendapunt-Activiteit.json"
)


@dataclass
class Fault:
    """Answer requests that `matches` with `kind` ("500", "error200", "badjson", "hang", "drop"), `times` times."""

    matches: Callable[[str, dict], bool]
    kind: str
    times: int = 1


@dataclass
class KamerServer:
    folder: Path
    page_size: int = 250
    faults: list[Fault] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.api = FileApi(self.folder, page_size=self.page_size)
        self.data: dict[str, list[dict]] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/OData/v4/2.0/"

    def put(self, entity_set: str, *rows: dict) -> None:
        """Add rows to an entity set, or replace the rows with the same Id (a change, or a removal upstream)."""
        current = {row["Id"]: row for row in self.data.get(entity_set, [])}
        current.update({row["Id"]: row for row in rows})
        self.data[entity_set] = list(current.values())
        self.api._cache.pop(entity_set, None)
        self._write(entity_set)

    def _write(self, entity_set: str) -> None:
        path = self.folder / f"{entity_set}_synthetic.json"
        path.write_text(json.dumps({"value": self.data[entity_set]}), encoding="utf-8")

    def fail(self, kind: str, *, entity_set: str | None = None, page: int | None = None, times: int = 1) -> None:
        """Inject a fault for requests of `entity_set` (any by default) at page `page` (1-based; any by default)."""

        def matches(path: str, params: dict) -> bool:
            if entity_set and not path.endswith("/" + entity_set):
                return False
            return page is None or int(params.get("$skip", "0")) // self.page_size + 1 == page

        self.faults.append(Fault(matches, kind, times))

    def requests_for(self, entity_set: str) -> list[str]:
        return [url for url in self.requests if urlsplit(url).path.endswith("/" + entity_set)]

    # --- the HTTP side -------------------------------------------------------------------------------------------

    def handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart

            def log_message(self, *_args):  # quiet
                pass

            def do_GET(self):
                url = f"http://127.0.0.1:{server.port}{self.path}"
                server.requests.append(url)
                parts = urlsplit(url)
                params = dict(parse_qsl(parts.query))
                for fault in server.faults:
                    if fault.times > 0 and fault.matches(parts.path, params):
                        fault.times -= 1
                        return self._fault(fault.kind)
                status, body = server.api.answer(url)
                self._send(status, json.dumps(body).encode())

            def _fault(self, kind: str):
                if kind == "500":
                    return self._send(500, b'{"error": {"code": "500", "message": "Internal Server Error"}}')
                if kind == "error200":
                    return self._send(200, b'{"error": {"code": "", "message": "An error has occurred."}}')
                if kind == "badjson":
                    return self._send(200, b'{"value": [{"Id": ')
                if kind == "hang":
                    server.release.wait(10)
                    return self._send(200, b'{"value": []}')
                if kind == "drop":
                    self.close_connection = True
                    return None
                raise AssertionError(kind)

            def _send(self, status: int, body: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json; odata.metadata=minimal")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def serve_kamer(tmp_path: Path) -> Iterator[KamerServer]:
    """The body of a `kamer_server` fixture: `yield from serve_kamer(tmp_path)`."""
    server = KamerServer(tmp_path / "api")
    server.folder.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), server.handler())
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        httpd.shutdown()
        httpd.server_close()


def recorded_rows() -> dict[str, list[dict]]:
    """The recorded Besluit split into the rows of its entity sets, as the API gives each set on its own."""
    besluit = json.loads(RECORDED_BESLUIT.read_text(encoding="utf-8"))
    besluit.pop("@odata.context")
    zaken = besluit.pop("Zaak")
    votes = besluit.pop("Stemming")
    agendapunt = besluit.pop("Agendapunt")
    activiteit = agendapunt.pop("Activiteit")
    documents = [doc for zaak in zaken for doc in zaak.pop("Document")]
    for zaak in zaken:
        zaak.pop("ZaakActor")
    besluit["Zaak"] = [{"Id": zaak["Id"]} for zaak in zaken]
    agendapunt["Zaak"] = [{"Id": zaak["Id"]} for zaak in zaken]
    agendapunt["Document"] = [{"Id": doc["Id"]} for doc in documents]
    assert set(BY_NAME) >= {"Besluit", "Zaak", "Stemming", "Agendapunt", "Activiteit", "Document"}
    return {
        "Activiteit": [activiteit],
        "Agendapunt": [agendapunt],
        "Zaak": zaken,
        "Document": documents,
        "Besluit": [besluit],
        "Stemming": votes,
    }


# --- synthetic rows ---------------------------------------------------------------------------------------------


def guid(kind: int, n: int) -> str:
    """A stable GUID per (kind, number): tests can name rows by number."""
    return f"{kind:08x}-0000-4000-8000-{n:012x}"


def stamp(n: int, day: int = 1) -> str:
    """An ApiGewijzigdOp in the API's form (UTC, seven fractional digits), increasing with n."""
    return f"2026-01-{day:02d}T10:{n // 60 % 60:02d}:{n % 60:02d}.123456{n % 10}Z"


class Kamer:
    """Builds a small parliament on a KamerServer, row by row, each with a later ApiGewijzigdOp than the last."""

    FRACTION, FRACTION_SEAT, PERSON, FRACTION_MEMBER = 1, 2, 3, 4
    COMMITTEE, COMMITTEE_SEAT, COMMITTEE_MEMBER, ACTIVITY, AGENDA_ITEM, CASE, DOCUMENT = 5, 6, 7, 8, 9, 10, 11

    def __init__(self, server: KamerServer):
        self.server = server
        self.tick = 0

    def put(self, entity_set: str, kind: int, n: int, **values) -> dict:
        self.tick += 1
        from crm.parliament.records import api_row

        row = api_row(entity_set, guid(kind, n), stamp(self.tick, day=1 + self.tick // 3600), **values)
        self.server.put(entity_set, row)
        return row

    def fraction(self, n: int, abbreviation: str, name: str, **values) -> str:
        self.put("Fractie", self.FRACTION, n, Afkorting=abbreviation, NaamNL=name, **values)
        self.put("FractieZetel", self.FRACTION_SEAT, n, Fractie_Id=guid(self.FRACTION, n))
        return guid(self.FRACTION, n)

    def person(self, n: int, first: str, last: str, prefix: str | None = None, **values) -> str:
        values = {
            "Roepnaam": first,
            "Achternaam": last,
            "Tussenvoegsel": prefix,
            "Functie": "Tweede Kamerlid",
            "Initialen": f"{first[0]}.",
            **values,
        }
        self.put("Persoon", self.PERSON, n, **values)
        return guid(self.PERSON, n)

    def seat(self, n: int, person: int, fraction: int, start: str, until: str | None = None, **values) -> str:
        self.put(
            "FractieZetelPersoon",
            self.FRACTION_MEMBER,
            n,
            FractieZetel_Id=guid(self.FRACTION_SEAT, fraction),
            Persoon_Id=guid(self.PERSON, person),
            Functie="Lid",
            Van=f"{start}T00:00:00+02:00",
            TotEnMet=f"{until}T00:00:00+02:00" if until else None,
            **values,
        )
        return guid(self.FRACTION_MEMBER, n)

    def committee(self, n: int, abbreviation: str, name: str, **values) -> str:
        self.put("Commissie", self.COMMITTEE, n, Afkorting=abbreviation, NaamNL=name, Soort="Vaste commissie", **values)
        self.put("CommissieZetel", self.COMMITTEE_SEAT, n, Commissie_Id=guid(self.COMMITTEE, n))
        return guid(self.COMMITTEE, n)

    def member(
        self,
        n: int,
        person: int,
        committee: int,
        start: str,
        function: str = "Lid",
        substitute: bool = False,
        until: str | None = None,
        **values,
    ) -> str:
        entity_set = "CommissieZetelVervangerPersoon" if substitute else "CommissieZetelVastPersoon"
        self.put(
            entity_set,
            self.COMMITTEE_MEMBER,
            n,
            CommissieZetel_Id=guid(self.COMMITTEE_SEAT, committee),
            Persoon_Id=guid(self.PERSON, person),
            Functie=function,
            Van=f"{start}T00:00:00+02:00",
            TotEnMet=f"{until}T00:00:00+02:00" if until else None,
            **values,
        )
        return guid(self.COMMITTEE_MEMBER, n)

    def activity(self, n: int, soort: str, subject: str, starts: str, committee: int | None = None, **values) -> str:
        values = {
            "Soort": soort,
            "Onderwerp": subject,
            "Datum": starts,
            "Aanvangstijd": starts,
            "Status": "Gepland",
            "DatumSoort": "Dag",
            "Nummer": f"2026A{n:05d}",
            "Voortouwcommissie_Id": guid(self.COMMITTEE, committee) if committee else None,
            **values,
        }
        self.put("Activiteit", self.ACTIVITY, n, **values)
        return guid(self.ACTIVITY, n)

    def agenda_item(self, n: int, activity: int, subject: str, cases=(), documents=(), **values) -> str:
        self.put(
            "Agendapunt",
            self.AGENDA_ITEM,
            n,
            Activiteit_Id=guid(self.ACTIVITY, activity),
            Onderwerp=subject,
            Volgorde=n,
            Nummer=f"2026P{n:05d}",
            Zaak=[{"Id": guid(self.CASE, c)} for c in cases],
            Document=[{"Id": guid(self.DOCUMENT, d)} for d in documents],
            **values,
        )
        return guid(self.AGENDA_ITEM, n)

    def case(self, n: int, soort: str, subject: str, **values) -> str:
        self.put("Zaak", self.CASE, n, **{"Soort": soort, "Onderwerp": subject, "Nummer": f"2026Z{n:05d}", **values})
        return guid(self.CASE, n)

    def document(self, n: int, soort: str, title: str, **values) -> str:
        self.put(
            "Document",
            self.DOCUMENT,
            n,
            **{"Soort": soort, "Titel": title, "DocumentNummer": f"2026D{n:05d}", **values},
        )
        return guid(self.DOCUMENT, n)
