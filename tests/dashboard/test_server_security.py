"""Only the dashboard's own page starts kernels (issue 22.11).

A kernel starts whenever the notebook page is requested, and any web page open in the
same browser can request it in the background (``fetch``, an ``<iframe>``, an ``<img>``),
each request a kernel of about 220 MB running the notebook. The server (configured in
``dashboard/voila-config/voila.py``) requires its token and refuses a page request another
page made. Checked with plain HTTP requests (every header combination) and with a real
Chromium whose foreign pages try, token and all.
"""
from __future__ import annotations

import http.client
import http.server
import threading
import time

import pytest

pytestmark = pytest.mark.browser

#: seconds to wait before concluding that a refused request started no kernel (a kernel
#: appears within a second of an accepted request; the accepted one below shows it)
SETTLE_S = 3
REFUSED = "Refused a dashboard page requested by another page"


@pytest.fixture(scope="module")
def server(voila_server):
    with voila_server() as srv:
        yield srv


def _get(server, path, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, r.getheader("Location"), body


def _no_kernel_started(server, started):
    time.sleep(SETTLE_S)
    assert server.kernels() == []
    assert server.log_text().count("Kernel started") == started


@pytest.mark.parametrize("path, headers, status", [
    ("/", {}, 302),  # no token: to the login page
    ("/?token=wrong", {}, 302),
    ("/?token={token}", {"Origin": "http://evil.example"}, 403),
    ("/?token={token}", {"Origin": "http://127.0.0.1:9"}, 403),  # another port is another origin
    ("/?token={token}", {"Origin": "null"}, 403),  # a sandboxed iframe or a file:// page
    ("/?token={token}", {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}, 403),
    ("/?token={token}", {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "iframe"}, 403),
    ("/?token={token}", {"Host": "evil.example:{port}"}, 403),  # DNS rebinding
], ids=["no-token", "wrong-token", "foreign-origin", "other-port", "null-origin", "cross-site", "same-site",
        "foreign-host"])
def test_refused_requests_start_no_kernel(server, path, headers, status):
    path = path.format(token=server.token)
    headers = {k: v.format(port=server.port) for k, v in headers.items()}
    server.wait_kernels(0, 30)
    started = server.log_text().count("Kernel started")
    got, location, _ = _get(server, path, **headers)
    assert got == status, (got, location)
    if status == 302:
        assert location.startswith("/login")
    _no_kernel_started(server, started)


@pytest.fixture(scope="module")
def foreign_site():
    """Another web server on this machine (another port): its page tries to start the
    dashboard's kernels in the background. ``pages[path] = html`` sets what it serves."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_port, pages
    srv.shutdown()


def test_foreign_pages_in_the_browser_start_no_kernel(server, foreign_site, chromium_context):
    """A page on another port of this machine, as ``localhost`` (another site) and as
    ``127.0.0.1`` (the same site, another origin), tries fetch (no-cors, with cookies), an
    iframe and an image, even knowing the token, while the user has the dashboard open in
    the same browser (its cookies are there): the requests reach the server and are
    refused; no kernel starts. (Chromium's local-network-access checks already stop such
    requests from public sites; other browsers do not, and a local page is not stopped.)"""
    port, pages = foreign_site
    pages["/attack"] = f"""<script>
      fetch("{server.url}", {{mode: "no-cors", credentials: "include"}}).catch(() => null)
        .then(() => document.title = "fetched");
    </script>
    <iframe src="{server.url}"></iframe><img src="{server.url}">"""
    with chromium_context() as ctx:
        own = ctx.new_page()
        own.goto(server.url, timeout=120_000)
        own.wait_for_selector(".sk-run", timeout=120_000)
        (kernel,) = server.kernels()
        started = server.log_text().count("Kernel started")
        refused = server.log_text().count(REFUSED)
        for host in ("localhost", "127.0.0.1"):
            pg = ctx.new_page()
            pg.goto(f"http://{host}:{port}/attack")
            pg.wait_for_function("document.title == 'fetched'", timeout=60_000)
            pg.wait_for_load_state("load")
            time.sleep(SETTLE_S)
            assert server.kernels() == [kernel], host  # only the open dashboard's kernel
            pg.close()
        assert server.log_text().count("Kernel started") == started
        # fetch, iframe and image from each of the two origins, each refused by the hook
        assert server.log_text().count(REFUSED) - refused == 3 * 2
        own.close(run_before_unload=True)
        server.wait_kernels(0, 30)


def test_the_own_page_with_the_token_starts_a_kernel(server):
    """The control: the same request, with the token and nothing foreign, does start one."""
    status, _, body = _get(server, f"/?token={server.token}", **{"Sec-Fetch-Site": "none"})
    assert status == 200
    assert len(server.kernels()) == 1
