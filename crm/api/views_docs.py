"""The API's documentation page: the OpenAPI document rendered on the server, no scripts or assets from elsewhere."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from crm.permissions import public

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")

METHODS = ("get", "post", "patch", "put", "delete")


@bp.get("/docs")
@public
def docs():
    spec = current_app.extensions["bondgenoot_api"].spec.to_dict()
    endpoints = []
    for path, operations in sorted(spec.get("paths", {}).items()):
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            parameters = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
            endpoints.append({"method": method.upper(), "path": path, "tag": (operation.get("tags") or [""])[0],
                              "summary": operation.get("summary", ""), "parameters": parameters,
                              "responses": sorted(operation.get("responses", {}))})  # fmt: skip
    return render_template("api/docs.html", info=spec.get("info", {}), endpoints=endpoints)
