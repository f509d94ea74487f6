"""Rendering: the one path from a template and plain data to a PDF, knowing nothing of any domain.

`render.py` fills a template in the Jinja sandbox (`sandbox.py`) and lays it out with WeasyPrint in a worker
process under time, memory and page limits (`render_guard.py` keeps the workers from outliving the web process);
`fetcher.py` lets WeasyPrint load the bundled `assets/` (fonts) and `data:` URIs only. Domains (documents, letters,
reports, privacy exports) hand it a `TemplateSource` and a context of dicts and scalars.
"""
