"""Swagger UI at /docs and ReDoc at /redoc with their scripts and styles served by the app
(from the `fastapi-offline` package), so the docs work offline and behind strict firewalls."""

import base64
import hashlib
import re
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/static/docs"
ASSETS_DIR = str(files("fastapi_offline") / "static")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# What the pages need and nothing else: scripts and styles from this origin (plus the inline
# bootstrap script of Swagger UI, by its hash), inline styles (both UIs set them), data: images,
# ReDoc's blob: worker, fetches of /openapi.json and "Try it out" to this origin.
DOCS_CSP = ("default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def with_csp(page: HTMLResponse) -> HTMLResponse:
    """The page with a Content-Security-Policy that allows exactly its own inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(bytes(page.body).decode())
    )
    page.headers["Content-Security-Policy"] = DOCS_CSP.format(hashes=hashes).replace(" ;", ";")
    return page


def install_docs(app: FastAPI) -> None:
    """Call on an app created with `docs_url=None, redoc_url=None`."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    redirect_url = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return with_csp(get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} — API docs",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            oauth2_redirect_url=redirect_url,
            swagger_ui_parameters={"displayOperationId": True, "tryItOutEnabled": False,
                                   "persistAuthorization": False},
        ))

    @app.get(redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return with_csp(get_swagger_ui_oauth2_redirect_html())

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return with_csp(get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} — API reference",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png", with_google_fonts=False,
        ))
