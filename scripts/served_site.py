"""A built site served as it is deployed, and what tests and benchmarks ask of it in a browser:
Debian's nginx running deploy/nginx.conf on a loopback port, whether the site's service worker
has the site, and a slow link."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's: Playwright's own download is not reachable
# Chromium's own background traffic would hit this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
]
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


class Nginx:
    def __init__(self, site: Path, port: int, folder: Path, extra: str = ""):
        """`extra`: more directives for the server block (the benchmark's own pages)."""
        self.site, self.port, self.folder, self.extra = site, port, folder, extra
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> Nginx:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        site_block = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
        site_block = re.sub(r"^(\s*)listen\s+80;", rf"\1listen 127.0.0.1:{self.port};", site_block, count=1, flags=re.M)
        site_block = re.sub(r"^(\s*)root\s+\S+;", rf"\1root {self.site};", site_block, count=1, flags=re.M)
        if self.extra:
            site_block = site_block[: site_block.rindex("}")] + self.extra + "\n}\n"
        tmp = self.folder
        (tmp / "site.conf").write_text(site_block, encoding="utf-8")
        (tmp / "nginx.conf").write_text(
            f"load_module {BROTLI_MODULE};\n"
            # Workers read the test's private temporary folders, so they run as this user.
            + ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;\nworker_processes 1;\ndaemon on;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  log_format bytes '$request_uri $status $bytes_sent';\n"
            f"  access_log {tmp}/access.log bytes;\n"
            + "".join(f"  {d}_temp_path {tmp}/{d};\n" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + f"  include {tmp}/site.conf;\n}}\n",
            encoding="utf-8",
        )
        subprocess.run([nginx, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-t"], check=True, capture_output=True)
        subprocess.run([nginx, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], check=True, capture_output=True)
        for _ in range(50):
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError((tmp / "error.log").read_text())

    def stop(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run(
            [nginx, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder), "-s", "stop"], capture_output=True
        )

    def bytes_sent(self, ending: str = "", without: str = "") -> int:
        """Bytes sent so far (headers and compressed bodies), from the access log; with `ending`,
        only for addresses that end so (e.g. ".snapshot"); with `without`, not for those."""
        log = self.folder / "access.log"
        lines = log.read_text().splitlines() if log.exists() else []
        addresses = ((line.split(" ", 1)[0], line) for line in lines if line.strip())
        return sum(
            int(line.rsplit(" ", 1)[1])
            for address, line in addresses
            if address.endswith(ending) and not (without and address.endswith(without))
        )


# For page.wait_for_function: the site's service worker has cached everything and controls the
# page. Synchronous on purpose: wait_for_function takes the Promise of an async predicate as a
# truthy answer at once, and would not wait at all.
OFFLINE_READY = "() => navigator.serviceWorker.controller?.state === 'activated'"


def emulate_link(context, page, megabits: float, latency_ms: int) -> None:
    """Chrome DevTools Protocol network emulation for `page`: download speed and latency.
    Chromium applies it to the page's dedicated worker's fetches too."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": megabits * 1e6 / 8,
            "uploadThroughput": 1e6 / 8,
        },
    )
