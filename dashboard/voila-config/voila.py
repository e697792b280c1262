"""Voila's configuration for the simkit dashboard (read by ``python -m simkit.dashboard.serve``).

Voila loads this file because ``serve.voila_command`` points ``Voila.config_file_paths`` at
this folder (and only this folder: a ``~/.jupyter/voila.json`` cannot switch the token
off). It imports nothing from simkit, so the server process stays small: simkit (and
pandas) live in the kernels only. docs/dashboard.md, "Serving and security", explains
each setting; in short:

* **Kernels end with their page.** Every page load starts a kernel (about 300 MB once
  simkit is imported). The page's ``beforeunload`` beacon asks Voila to shut it down
  (``POST /voila/api/shutdown/<id>`` with the ``_xsrf`` form field copied from the
  ``_xsrf`` cookie); Voila 0.5.13 never sets that cookie, so the request was refused with
  403 "_xsrf argument missing" and every kernel leaked. :func:`prelaunch` sets it.
* **A page that vanished without saying so** (crash, killed browser, sleep that lost the
  socket) is noticed by its websocket closing: :class:`DashboardKernelManager` shuts a
  kernel down ``orphan_timeout`` seconds after its last websocket closed, busy or not, so
  a run whose page has gone is stopped (the kernel process is killed, and the run is a
  thread inside it). Kernels that never got a page are culled after
  ``cull_idle_timeout`` seconds of idleness by jupyter_server's own culler.
* **Only this dashboard's own page starts kernels.** A token is required (the address
  ``serve`` prints carries it; the login cookie it sets is ``SameSite=Strict``), and
  :func:`prelaunch` refuses a page request that another page made (fetch metadata
  ``Sec-Fetch-Site`` other than ``same-origin``/``none``, or an ``Origin`` that is not
  this server). ``allow_remote_access`` is off, so a ``Host`` that is not local is
  refused (DNS rebinding), and ``allow_origin`` stays empty (no CORS, websockets from
  this origin only).
* **The log never shows a token.** Tornado logs a refused or redirected request with its
  address, ``?token=...`` included; :class:`HideTokens` replaces every token in the
  server's log lines with ``[hidden]`` (a log is read by more people than the trainer).
* **Only the lab extensions the page needs.** Voila loads every JupyterLab extension
  installed in the environment into the page (the development tools' ones fail there:
  jupytext, nbgrader); ``extension_allowlist`` keeps the widgets' two only.
"""
from __future__ import annotations

import logging
import re
import time
from urllib.parse import urlparse

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import IOLoop
from tornado.web import HTTPError
from traitlets import Float

c = get_config()  # noqa: F821  (traitlets' config loader defines it)

#: Sec-Fetch-Site values of requests a person made: the page itself (reload, login
#: redirect) or the address bar / a link from outside the browser (a terminal)
OWN_SITES = ("same-origin", "none")


def foreign_request(headers) -> str | None:
    """Why a page request was made by another page (None: it was not). Browsers send
    ``Sec-Fetch-Site`` (Chromium 76+, Firefox 90+, Safari 16.4+) and, on cross-origin
    fetches, ``Origin``; scripts cannot forge either. A request with neither (curl, an old
    browser's ``<img>``) still needs the token."""
    site = headers.get("Sec-Fetch-Site")
    if site is not None and site not in OWN_SITES:
        return f"Sec-Fetch-Site: {site}"
    origin = headers.get("Origin")
    if origin is not None and urlparse(origin.lower()).netloc != headers.get("Host", "").lower():
        return f"Origin: {origin}"
    return None


def prelaunch(handler, notebook=None, cwd=None):
    """Voila's prelaunch hook: runs for every page request, after the token check and
    before the kernel starts. Refuses requests other pages made (403, no kernel), and
    sets the ``_xsrf`` cookie the page's shutdown beacon reads (tornado sets it on first
    access of ``xsrf_token``)."""
    why = foreign_request(handler.request.headers)
    if why:
        handler.log.warning("Refused a dashboard page requested by another page (%s)", why)
        raise HTTPError(403, "the dashboard starts only from its own address (%s)" % why)
    handler.xsrf_token  # noqa: B018  (the property sets the cookie)
    return None


class DashboardKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager, plus: a kernel whose last websocket closed is shut
    down ``orphan_timeout`` seconds later unless a websocket reconnected meanwhile."""

    orphan_timeout = Float(15.0, config=True, help=(
        "Seconds after a kernel's last websocket closed before it is shut down, busy or "
        "not (0: never). Long enough for a websocket to reconnect; a page reload does not "
        "reconnect (it gets a new kernel), so nothing legitimate needs more."))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._orphaned_since: dict[str, float] = {}

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._orphaned_since.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if self.orphan_timeout > 0 and self._kernel_connections.get(kernel_id) == 0:
            since = self._orphaned_since[kernel_id] = time.monotonic()
            IOLoop.current().call_later(self.orphan_timeout, self._shutdown_if_orphaned, kernel_id, since)

    async def _shutdown_if_orphaned(self, kernel_id, since):
        if self._orphaned_since.get(kernel_id) != since or kernel_id not in self:
            return  # reconnected (perhaps orphaned again later), or already shut down
        if self._kernel_connections.get(kernel_id, 0) == 0:
            self.log.warning("Shutting down kernel %s: its page has been gone for %.0f s",
                             kernel_id, time.monotonic() - since)
            await self.shutdown_kernel(kernel_id)

    async def shutdown_kernel(self, kernel_id, now=False, restart=False):
        self._orphaned_since.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, now=now, restart=restart)


class HideTokens(logging.Filter):
    """Replaces the value of every ``token`` query parameter in a log record's message
    with ``[hidden]`` (Tornado logs a request with its full address: a refused page request
    would otherwise print the token, and the log of a wrong guess would show the guess)."""

    TOKEN = re.compile(r"([?&;]token=)[^&;#\s)]*", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = self.TOKEN.sub(r"\1[hidden]", message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True


#: the loggers that name request addresses: Tornado's access log (every request), its
#: general log (a refused request's reason) and application log (a handler's error),
#: and the server's own (Voila's and jupyter_server's)
for name in ("tornado.access", "tornado.general", "tornado.application", "Voila", "ServerApp"):
    logging.getLogger(name).addFilter(HideTokens())

# the page loads the widgets (ipywidgets 8's controls and Voila's manager for them) and no
# other lab extension
c.VoilaConfiguration.extension_allowlist = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8"]

c.VoilaConfiguration.multi_kernel_manager_class = DashboardKernelManager
c.VoilaConfiguration.prelaunch_hook = prelaunch
# a notebook cell must not hang the page forever (the notebook only imports simkit and
# builds the widget: seconds)
c.VoilaExecutor.timeout = 120

# jupyter_server's culler, for kernels no page ever connected to (the page request was
# aborted while the notebook ran): idle for 5 minutes -> shut down. Kernels with an open
# page are kept however long they idle (cull_connected False): the page is in use.
c.MappingKernelManager.cull_idle_timeout = 300
c.MappingKernelManager.cull_interval = 30
c.MappingKernelManager.cull_connected = False
c.MappingKernelManager.cull_busy = False

# a token is required (serve passes it in JUPYTER_TOKEN, which the identity provider reads;
# it is not on the command line, where `ps` would show it)
c.Voila.auto_token = True
c.IdentityProvider.cookie_options = {"samesite": "Strict"}
c.Voila.tornado_settings = {
    "allow_remote_access": False,  # Host must be local (127.0.0.1, ::1, localhost)
    "allow_origin": "",  # no CORS: other origins cannot read responses or open websockets
    "xsrf_cookie_kwargs": {"samesite": "Strict"},
}
