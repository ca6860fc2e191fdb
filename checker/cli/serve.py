"""fzbg serve: the page for drafting staff and the HTTP API, on one local server."""
from __future__ import annotations

import ipaddress
import os
import socket
from typing import Optional

import typer

from .app import app, fail

LOOPBACK_NAMES = ("localhost",)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the server starts so that a port in use is a
    clear message (exit 2) rather than a server log line."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # from now on a browser waits (while the workers start) instead of being refused
    except OSError as exc:
        fail(f"无法在 {host}:{port} 上启动服务（{exc.strerror or exc}）；端口可能已被占用，可用 --port 换一个")
    sock.set_inheritable(True)
    return sock


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；默认只允许本机访问（127.0.0.1）"),
    port: int = typer.Option(8765, "--port", "-p", help="端口"),
    token: Optional[str] = typer.Option(None, "--token", envvar="FZBG_TOKEN",
                                        help="API 访问令牌：调用 /api/v1/ 须带请求头 Authorization: Bearer <令牌>（也可用环境变量 FZBG_TOKEN）"),
    max_upload: float = typer.Option(20, "--max-upload", help="单个请求的上传上限（MB）"),
    timeout: float = typer.Option(60, "--timeout", help="单个请求的处理时限（秒）"),
    workers: int = typer.Option(min(4, os.cpu_count() or 1), "--workers", help="并行处理的工作进程数"),
    open_browser: bool = typer.Option(False, "--open", help="启动后在浏览器中打开页面"),
):
    """启动本机网页（供起草人员检查和生成报告）和 HTTP API（供 OA 系统调用）。"""
    import uvicorn

    from ..serve import Settings, create_app

    if not 0 <= port < 65536:
        fail("--port 应在 1–65535 之间（0：任一空闲端口）")
    if max_upload <= 0 or timeout <= 0 or workers < 1:
        fail("--max-upload、--timeout 应大于 0，--workers 至少为 1")
    if token is not None and not token.strip():
        fail("--token 不能为空")
    sock = bind(host, port)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    if not is_loopback(host):
        bar = "!" * 72
        typer.secho(f"{bar}\n警告：服务监听 {host}:{port}，不只是本机：同一网络中的其他计算机可以访问"
                    f"本服务并上传文件。\n" + ("已设置 --token：API 须带令牌；网页本身仍可打开。" if token else
                                          "没有设置 --token：任何能访问该地址的人都可以调用 API。建议加 --token。")
                    + f"\n{bar}", err=True, fg=typer.colors.RED, bold=True)
    typer.echo(f"fzbg 服务已启动：{url}（网页）  {url}docs（API 说明）  按 Ctrl+C 停止")
    typer.echo(f"上传上限 {max_upload:g} MB，处理时限 {timeout:g} 秒，工作进程 {workers} 个"
               + ("，API 需要令牌" if token else ""))
    # bound to this computer: only its own names in the Host header (DNS-rebinding protection)
    hosts = LOOPBACK_HOSTS + (host, f"[{host}]") if is_loopback(host) else None
    settings = Settings(max_upload=int(max_upload * 1024 * 1024), timeout=timeout, workers=workers, token=token,
                        allowed_hosts=hosts)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.5, webbrowser.open, (url,)).start()
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                            timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])
