"""Class mode: the dashboard's lessons as read-only pages for a whole class, from one server.

    simkit class [--address 127.0.0.1] [--port 8867] [--token TOKEN]

The trainer's dashboard runs simulations in a kernel per page (about 200 MB each); a class of
30 cannot each have one. Class mode shows what every lesson of the dashboard
(``inputs.PRESETS``) says and what the results library (``simkit.library``, computed once by
``make results``) shows for it: the lesson's text, its library effects with their 95 %
intervals and verdicts (``panels.lesson_library_html``, the dashboard's own lines) and, where a
paper measured the same comparison, the like-for-like rows (``simkit.library.like_for_like``),
in English and Simplified Chinese. Every page is rendered ONCE at start-up (``render_pages``);
a viewer's request is a dictionary look-up, so no viewer starts a kernel or a simulation.

Why tornado and not the standard library's ``http.server``: tornado is already installed with
simkit (Jupyter runs on it; ``jupyterlab`` is a dependency), serves many kept-alive browser
connections from one thread on an event loop instead of a thread each, and bounds what a client
may send (header size, body size, idle time: ``http_server``); ``http.server`` says of itself that
it is not for production, as it implements only basic security checks.

Safety (docs/classroom.md says the risks to the trainer): opt-in (nothing runs unless the
trainer starts it); bound to 127.0.0.1 unless the trainer names an address; every request needs
the class token (generated if not given, printed once at start with the address), compared in
constant time, accepted once as ``?token=`` and then kept in an HttpOnly, SameSite=Strict cookie
(the browser is redirected to the address without it); GET and HEAD only (405 otherwise); only
the rendered pages exist (no file is read after start-up, so no directory listing and no path
leads anywhere else: 404); the log names the method, the path without its query, the status and
the client, never the token.
"""
from __future__ import annotations

import argparse
import asyncio
import errno
import hmac
import re
import secrets
import socket
import sys
import time
from html import escape

import pandas as pd
import tornado.httpserver
import tornado.netutil
import tornado.web

from ..arguments import ArgumentError, from_command_line, printable
from ..errors import SimkitError
from ..library import like_for_like, manifest
from ..library.findings import format_papers
from ..library.read import forget
from .i18n import LANGS, browser_language, tr
from .inputs import PRESETS
from .panels import _STYLE, lesson_library_html
from .svg import HTML_LANG, SC_FONTS

__all__ = ["DEFAULT_ADDRESS", "DEFAULT_PORT", "add_commands", "bind", "check_port", "check_token", "http_server",
           "index_page", "lesson_page", "make_app", "render_pages", "serve", "table_text", "word"]

#: (stated reason) opt-in reach: only this machine, until the trainer names a network address
DEFAULT_ADDRESS = "127.0.0.1"
#: (stated reason) beside the dashboard's 8866 (Voila's default), so both can run at once
DEFAULT_PORT = 8867
#: (stated reason) 16 characters: even from lowercase letters alone 26**16 ≈ 4·10**22 tokens,
#: beyond guessing over a network at thousands of requests a second for a whole class day;
#: the generated token has 32 (192 random bits). 128: longer is a paste gone wrong
MIN_TOKEN, MAX_TOKEN = 16, 128
#: URL-safe characters only, so the token travels in an address unescaped
TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]+")
COOKIE = "simkit_class"
#: (stated reason) a browser reopens a kept-alive connection within seconds of a click; a
#: connection idle for a minute is closed, so idle or stalled clients cannot pile up
IDLE_S = 60
#: (stated reason) browsers send a few KB of headers; 16 KiB leaves room and refuses a flood
MAX_HEADER = 16 * 1024
#: (stated reason) GET and HEAD carry no body; a small limit closes anything sent with one
MAX_BODY = 4 * 1024
#: the like-for-like papers (``simkit.library.findings.PAPERS``) whose comparison a lesson teaches
LESSON_PAPERS = {"piece_vs_fixed": ("Lazear (2000)",),
                 "deposit_vs_profit": ("Agarwal & Ben-David (2018)", "Cole, Kanz & Klapper (2015)")}
#: headers of every answer: nothing is fetched from elsewhere (inline CSS only), no page may frame
#: the lessons, no address (with its token) is sent on as a referrer, nothing is kept in a cache
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
    "Cache-Control": "no-store"}


def _w(en: str, zh: str) -> dict:
    return {"en": en, "zh": zh}


#: the class pages' own words (the lessons' words are the dashboard's: ``i18n.LABELS``)
WORDS = {
    "title": _w("simkit — lessons for the class", "simkit — 课堂案例"),
    "intro": _w("The trainer's lessons, with what the results library shows for each over two to three years "
                "(every field margin on). These pages only show stored results: the simulations themselves run "
                "in the trainer's dashboard.",
                "培训师的课堂案例，以及结果库对每个案例运行两到三年（现场机制全部开启）的结果。本页面只展示已存储的"
                "结果，模拟本身在培训师的看板中运行。"),
    "lessons": _w("Lessons", "案例"),
    "library": _w("What the results library shows", "结果库的结果"),
    "papers": _w("Beside the research (like for like)", "与研究文献对照（同口径）"),
    "papers_note": _w("Each paper's effect beside the model's, measured as the paper measures it: the model's "
                      "relative effect (scheme / reference − 1) with its 95 % interval over the replications.",
                      "各论文的效应与模型的效应并列，按论文的口径测量：模型的相对效应（方案 / 对照 − 1）及其在各次重复上的 "
                      "95% 置信区间。"),
    "back": _w("All lessons", "全部案例"),
    "switch": _w("中文", "English"),
    "built": _w("Results library computed by simkit {version} (commit {commit}) on {built}.",
                "结果库由 simkit {version}（提交 {commit}）于 {built} 计算。"),
    "col.paper": _w("paper", "论文"), "col.setting": _w("setting", "情境"), "col.measure": _w("measure", "指标"),
    "col.paper's effect": _w("paper's effect", "论文的效应"), "col.model [95 % CI]": _w("model [95 % CI]",
                                                                                      "模型 [95% 置信区间]"),
    "col.n": _w("n", "重复次数"), "col.verdict": _w("verdict", "结论"),
    "refused": _w("This page needs the class address with its token: ask your trainer.",
                  "本页面需要带令牌的课堂地址：请向培训师索取。"),
}
#: the like-for-like table's English texts (``findings.PAPERS``, ``paper_verdict``) in Chinese
TABLE_ZH = {
    "baseline branch: output limited by arrivals": "基准网点：业务量受客户到达限制",
    "1.5× arrivals: a queue always waiting": "客户到达 1.5 倍：始终有人排队",
    "volume pay against fixed pay": "按贷款规模计酬对比固定工资",
    "profit pay deferred against paid at once": "利润绩效递延发放对比立即发放",
    "output per teller-day": "柜员每工作日业务量",
    "loans originated": "发放贷款笔数",
    "loan size": "单笔贷款金额",
    "default rate of approved loans (12 months)": "已批贷款 12 个月违约率",
    "screening": "贷前调查深度",
    "lower": "更低",
    "higher": "更高",
    "no data": "无数据",
    "not distinguishable from 0": "与零无法区分",
    "sign wrong": "方向不符",
    "sign right (the paper's size is not comparable)": "方向一致（论文的幅度不可比）",
    "like (sign right, within ×2)": "相符（方向一致，幅度在 2 倍以内）",
}
#: ``findings.paper_verdict``'s sizes: "sign right, ×3.1 smaller" / "×2.7 larger"
_SIZED = re.compile(r"^sign right, ×([\d.]+) (smaller|larger)$")


def word(key: str, lang: str, **fmt) -> str:
    """The class pages' word ``key`` of ``WORDS`` in ``lang``, formatted with ``fmt``."""
    found = WORDS[key][lang]
    return found.format(**fmt) if fmt else found


def table_text(text: str, lang: str) -> str:
    """A like-for-like table's English cell in ``lang`` (``TABLE_ZH``; numbers, names and any
    text without an entry as they are)."""
    if lang != "zh":
        return text
    sized = _SIZED.match(text)
    if sized:
        return f"方向一致，比论文{'小' if sized.group(2) == 'smaller' else '大'} {sized.group(1)} 倍"
    return TABLE_ZH.get(text, text)


# ------------------------------------------------------------------ the pages (pure functions)
_CSS = ("<style>body{margin:0 auto;max-width:60em;padding:1em 1.5em;line-height:1.5;color:#222;"
        "font-family:Helvetica,Arial," + SC_FONTS + "}"
        "html[lang='zh-CN'] body{font-family:" + SC_FONTS + "}"
        "nav{display:flex;justify-content:space-between;border-bottom:1px solid #ddd;padding-bottom:.4em}"
        "a{color:#0b5394}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.4em}"
        ".sk-library span{display:block;margin:.3em 0}.sk-library br{display:none}"
        "table.sk-table{width:100%}.sk-papers th:nth-child(-n+3),.sk-papers td:nth-child(-n+3),"
        ".sk-papers th:last-child,.sk-papers td:last-child{text-align:left}"
        "footer{color:#666;font-size:12px;margin-top:2em}</style>")


def _page(lang: str, title: str, body: str, here: str) -> str:
    """A whole page in ``lang``: ``lang="zh-CN"`` for Chinese (browsers then draw mainland glyph
    forms), inline CSS only, a link to the list of lessons and one to this page (``here``: its
    path after the language) in the other language."""
    other = LANGS[1 - LANGS.index(lang)]
    nav = (f"<nav><a href='/{lang}/'>{escape(word('back', lang))}</a>"
           f"<a href='/{other}/{here}' hreflang='{HTML_LANG[other]}' lang='{HTML_LANG[other]}' "
           f"data-switch='{other}'>{escape(word('switch', lang))}</a></nav>")
    return (f"<!DOCTYPE html><html lang='{HTML_LANG[lang]}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>{escape(title)}</title>{_STYLE}{_CSS}</head><body>{nav}{body}</body></html>")


def _papers_html(papers: tuple[str, ...], table: pd.DataFrame, lang: str) -> str:
    """The like-for-like rows of ``papers`` (``like_for_like``'s table) as a table in ``lang``,
    each row carrying the model's unrounded effect and interval in ``data-`` attributes."""
    rows = table[table["paper"].isin(papers)]
    if rows.empty:
        return ""
    shown = format_papers(rows)
    head = "".join(f"<th>{escape(word('col.' + c, lang))}</th>" for c in shown.columns)
    body = "".join(
        f"<tr data-paper='{escape(raw['paper'])}' data-measure='{escape(raw['measure'])}' "
        f"data-model='{raw['model']!r}' data-low='{raw['low']!r}' data-high='{raw['high']!r}'>"
        + "".join(f"<td>{escape(table_text(str(cell), lang))}</td>" for cell in text) + "</tr>"
        for raw, text in zip(rows.to_dict("records"), shown.itertuples(index=False)))
    return (f"<h2>{escape(word('papers', lang))}</h2><p class='sk-note'>{escape(word('papers_note', lang))}</p>"
            f"<table class='sk-table sk-papers'><tr>{head}</tr>{body}</table>")


def _built(stored: dict, lang: str) -> str:
    words = word("built", lang, version=stored.get("simkit") or "?", commit=str(stored.get("commit") or "?")[:10],
                 built=stored.get("built") or "?")
    return f"<footer>{escape(words)}</footer>"


def lesson_page(name: str, lang: str, papers: pd.DataFrame, stored: dict) -> str:
    """Lesson ``name`` of ``inputs.PRESETS`` in ``lang``: its title and text (the dashboard's
    labels), its results-library lines (``lesson_library_html``, as the dashboard shows them),
    the like-for-like rows of its papers (``LESSON_PAPERS``; ``papers``: ``like_for_like()``) and
    when the library was computed (``stored``: its manifest)."""
    lesson = PRESETS[name]
    library = lesson_library_html(lesson.library, lang)
    body = (f"<h1>{escape(tr(f'preset.{name}', lang))}</h1><p data-lesson='{escape(name)}'>"
            f"{escape(tr(f'preset.{name}.text', lang))}</p>"
            + (f"<h2>{escape(word('library', lang))}</h2><p class='sk-library'>{library}</p>" if library else "")
            + _papers_html(LESSON_PAPERS.get(name, ()), papers, lang) + _built(stored, lang))
    return _page(lang, f"{tr(f'preset.{name}', lang)} — simkit", body, name)


def index_page(lang: str, stored: dict) -> str:
    """The list of lessons in ``lang``, each linked to its page."""
    items = "".join(f"<li><a href='/{lang}/{name}' data-lesson='{escape(name)}'>{escape(tr(f'preset.{name}', lang))}"
                    f"</a></li>" for name in PRESETS)
    body = (f"<h1>{escape(word('title', lang))}</h1><p>{escape(word('intro', lang))}</p>"
            f"<h2>{escape(word('lessons', lang))}</h2><ul>{items}</ul>" + _built(stored, lang))
    return _page(lang, word("title", lang), body, "")


def render_pages() -> dict[str, bytes]:
    """Every page of class mode by its path: ``/en/`` and ``/zh/`` (the index) and
    ``/<lang>/<lesson>`` for every lesson, as UTF-8 bytes, read from the results library once.
    Raises ``LibraryError`` (with what to run) when the library is not there."""
    stored = manifest()
    papers = like_for_like()
    pages = {}
    for lang in LANGS:
        pages[f"/{lang}/"] = index_page(lang, stored)
        for name in PRESETS:
            pages[f"/{lang}/{name}"] = lesson_page(name, lang, papers, stored)
    return {path: html.encode("utf-8") for path, html in pages.items()}


# ------------------------------------------------------------------ the arguments
def check_port(port) -> int:
    """A TCP port from 0 (any free port) to 65535."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ArgumentError("port", "a whole number from 0 (any free port) to 65,535", port)
    return port


def check_token(token: str | None) -> str:
    """The class token: the one given (``MIN_TOKEN`` to ``MAX_TOKEN`` URL-safe characters) or a
    fresh random one (192 bits)."""
    if token is None:
        return secrets.token_urlsafe(24)
    if not (MIN_TOKEN <= len(token) <= MAX_TOKEN and TOKEN_CHARS.fullmatch(token)):
        raise ArgumentError("token", f"{MIN_TOKEN} to {MAX_TOKEN} characters from A-Z a-z 0-9 _ - "
                                     "(leave it out for a random one)", f"{len(token)} characters")
    return token


def bind(address: str = DEFAULT_ADDRESS, port: int = DEFAULT_PORT) -> list[socket.socket]:
    """Listening sockets on ``address`` and ``port`` (0: any free port); an address this machine
    does not have, or a port in use, is an ``ArgumentError`` naming the flag."""
    check_port(port)
    if not address or not isinstance(address, str) or address != address.strip():
        raise ArgumentError("address", "an address of this machine (127.0.0.1, a network address, or 0.0.0.0 for "
                                       "every network)", address)
    try:
        return tornado.netutil.bind_sockets(port, address=address)
    except socket.gaierror as e:
        raise ArgumentError("address", None, printable(address), f"cannot be resolved ({e.strerror}); allowed: an "
                            "address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for every network") from None
    except OSError as e:
        flag = "port" if e.errno in (errno.EADDRINUSE, errno.EACCES) else "address"  # in use, or below 1,024
        allowed = ("a free port from 1,024 to 65,535, or 0 for any free port" if flag == "port"
                   else "an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for every network")
        raise ArgumentError(flag, None, f"{printable(address)}:{port}",
                            f"cannot listen there ({e.strerror}); allowed: {allowed}") from None


# ------------------------------------------------------------------ the server
def _path_only(uri: str) -> str:
    """A request's address without its query (where a token would be), for the log."""
    return printable(uri.split("?", 1)[0], 200)


class _Lessons(tornado.web.RequestHandler):
    """Every request: the token (query once, then cookie), then the page by its path."""

    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, pages: dict[str, bytes], token: str) -> None:
        self.pages, self.token = pages, token.encode("ascii")

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        for name, value in HEADERS.items():
            self.set_header(name, value)

    def _request_summary(self) -> str:  # what tornado logs of a failing request: never the query
        return f"{self.request.method} {_path_only(self.request.uri)} ({self.request.remote_ip})"

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), self.token)

    def get(self, path: str) -> None:
        given = self.get_query_argument("token", None)
        if self._matches(given):  # once: keep it in a cookie, and show the address without it
            self.set_cookie(COOKIE, given, httponly=True, samesite="Strict", path="/")
            # only to a page of this server ("//elsewhere/" would send the browser to another site)
            self.redirect(path if path in self.pages else self._home(), status=303)
            return
        if not self._matches(self.get_cookie(COOKIE)):
            raise tornado.web.HTTPError(403)
        if path == "/":
            self.redirect(self._home(), status=303)
            return
        if path not in self.pages:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(self.pages[path])

    head = get

    def _home(self) -> str:
        return f"/{browser_language(self.request.headers.get('Accept-Language'))}/"

    def write_error(self, status_code: int, **kwargs) -> None:
        words = {403: f"{word('refused', 'en')} / {word('refused', 'zh')}"}.get(status_code, self._reason)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{status_code}</title></head>"
                    f"<body><p>{status_code}: {escape(words)}</p></body></html>")


def _log(handler: tornado.web.RequestHandler) -> None:
    """Refused and failed requests on stderr (method, path without query, status, client);
    pages served are not logged, so 30 viewers do not flood the trainer's terminal."""
    status = handler.get_status()
    if status >= 400:
        request = handler.request
        print(f"simkit class: {request.method} {_path_only(request.uri)} {status} from {request.remote_ip}",
              file=sys.stderr, flush=True)


def make_app(pages: dict[str, bytes], token: str) -> tornado.web.Application:
    """The tornado application serving ``pages`` (path -> bytes) to holders of ``token``."""
    return tornado.web.Application([(r"(.*)", _Lessons, {"pages": pages, "token": token})],
                                   log_function=_log, compress_response=False)


def http_server(app: tornado.web.Application) -> tornado.httpserver.HTTPServer:
    """A server for ``app`` with bounds on what one client may send or hold (``IDLE_S``,
    ``MAX_HEADER``, ``MAX_BODY``); make it inside the event loop that will run it."""
    return tornado.httpserver.HTTPServer(app, idle_connection_timeout=IDLE_S, body_timeout=IDLE_S,
                                         max_header_size=MAX_HEADER, max_body_size=MAX_BODY)


async def _serve_forever(sockets: list[socket.socket], app: tornado.web.Application) -> None:
    server = http_server(app)
    server.add_sockets(sockets)
    await asyncio.Event().wait()


def _address_line(host: str, port: int, token: str) -> str:
    """Where viewers go: the bound address, or for every network (0.0.0.0, ::) this machine's name."""
    shown = socket.gethostname() if host in ("0.0.0.0", "::") else (f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}/?token={token}"


def serve(address: str = DEFAULT_ADDRESS, port: int = DEFAULT_PORT, token: str | None = None) -> int:
    """Render every page, listen on ``address``:``port`` and serve until Ctrl-C; prints the
    address with the token once (and, off this machine, the risks)."""
    token = check_token(token)
    sockets = bind(address, port)  # before rendering: a bad address or port is said at once
    try:
        started = time.perf_counter()
        pages = render_pages()
        forget()  # the pages hold all the lessons need: the library's tables need not stay in memory
        host, bound = sockets[0].getsockname()[:2]
        print(f"simkit class: {len(pages)} pages rendered in {time.perf_counter() - started:.1f} s; "
              f"open {_address_line(host, bound, token)}   (Ctrl-C to stop)", flush=True)
        if host not in ("127.0.0.1", "::1"):
            print("simkit class: anyone on this network with the address above can read the lessons; there is no "
                  "TLS: use it only on a trusted network (docs/classroom.md)", flush=True)
        asyncio.run(_serve_forever(sockets, make_app(pages, token)))
    except KeyboardInterrupt:
        pass
    finally:
        for listening in sockets:
            listening.close()
    return 0


# ------------------------------------------------------------------ the command
def _command(args) -> int:
    return serve(args.address, args.port, args.token)


def add_commands(commands) -> None:
    """``simkit class`` on ``commands`` (argparse subparsers of ``simkit.cli``)."""
    command = commands.add_parser("class", help="serve the lessons and the results library read-only to a class "
                                                "(no simulations; docs/classroom.md)")
    command.add_argument("--address", default=DEFAULT_ADDRESS,
                         help=f"where to listen (default {DEFAULT_ADDRESS}: this machine only; 0.0.0.0: every network)")
    command.add_argument("--port", type=from_command_line, default=DEFAULT_PORT,
                         help=f"default {DEFAULT_PORT}; 0 = any free port")
    command.add_argument("--token", default=None,
                         help=f"the class token, {MIN_TOKEN}-{MAX_TOKEN} characters A-Z a-z 0-9 _ - "
                              "(default: a random one, printed once)")
    command.set_defaults(fn=_command)


def main(argv: list[str] | None = None) -> int:
    """``python -m simkit.dashboard.classroom``: the same as ``simkit class``."""
    command_line = argparse.ArgumentParser(prog="simkit")
    add_commands(command_line.add_subparsers(dest="command", required=True))
    args = command_line.parse_args(["class", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.fn(args)
    except ArgumentError as e:
        print(f"simkit class: {e.as_flag()}", file=sys.stderr)
        return 2
    except SimkitError as e:  # the results library is not there: what to run
        print(f"simkit class: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
