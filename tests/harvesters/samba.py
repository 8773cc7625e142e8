"""A private Samba server for tests: its own config, state folders and port, on 127.0.0.1 only.

smbd runs in the foreground as a child of the test process and, as it does by default, leads its own
process group (never `--no-process-group`: stopping such an smbd would take the test runner's group down
with it). Stopping it signals that group only after checking it is not ours.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SHARE = "council"
USER = "catalogue-smb"
PASSWORD = "Harvest-Test-1"


class SambaUnavailable(RuntimeError):
    """smbd is not installed or would not start here."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> None:
    """Polls `condition` until it holds; raises TimeoutError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def user_name() -> str:
    """One user per pytest-xdist worker, so that one worker removing its user cannot hurt another."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{USER}-{worker}" if worker else USER


def ensure_user(name: str) -> tuple[pwd.struct_passwd, bool]:
    """The share's Unix user (not root, so file permissions bite); True when this call created it."""
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(name), False
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    subprocess.run(
        [useradd, "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(name), True


def remove_user(name: str) -> None:
    userdel = shutil.which("userdel") or "/usr/sbin/userdel"
    subprocess.run([userdel, name], check=False, capture_output=True)


CONFIG = """[global]
    server role = standalone server
    workgroup = CATALOGUE
    netbios name = CATALOGUETEST
    smb ports = {port}
    interfaces = lo 127.0.0.1
    bind interfaces only = yes
    disable netbios = yes
    server min protocol = SMB2_10
    private dir = {base}/private
    lock directory = {base}/lock
    state directory = {base}/state
    cache directory = {base}/cache
    pid directory = {base}/pid
    ncalrpc dir = {base}/ncalrpc
    binddns dir = {base}/binddns
    passdb backend = tdbsam:{base}/private/passdb.tdb
    log file = {base}/log/%m.log
    log level = 1
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
    map to guest = never
    usershare path =
    restrict anonymous = 2
    hide files = /desktop.ini/

[{share}]
    path = {share_path}
    read only = yes
    browseable = yes
    valid users = {user}
"""


@dataclass
class SambaServer:
    """One running smbd serving `share_path` as \\\\127.0.0.1\\SHARE on `port`."""

    base: Path
    share_path: Path
    port: int
    user: str
    password: str = PASSWORD
    share: str = SHARE
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"smb://127.0.0.1:{self.port}/{self.share}"

    @property
    def config_path(self) -> Path:
        return self.base / "smb.conf"

    def write_config(self) -> None:
        for name in ("private", "lock", "state", "cache", "pid", "ncalrpc", "binddns", "log"):
            (self.base / name).mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(
            CONFIG.format(
                port=self.port, base=self.base, share=self.share, share_path=self.share_path, user=self.user
            ),
            encoding="utf-8",
        )

    def add_user(self) -> None:
        smbpasswd = shutil.which("smbpasswd")
        if smbpasswd is None:
            raise SambaUnavailable("smbpasswd is not installed")
        subprocess.run(
            [smbpasswd, "-c", str(self.config_path), "-s", "-a", self.user],
            input=f"{self.password}\n{self.password}\n".encode(),
            check=True,
            capture_output=True,
        )

    def start(self, timeout: float = 20.0) -> None:
        smbd = shutil.which("smbd") or ("/usr/sbin/smbd" if os.path.exists("/usr/sbin/smbd") else None)
        if smbd is None:
            raise SambaUnavailable("smbd is not installed (apt-get install --no-install-recommends samba)")
        self.write_config()
        self.add_user()
        log = (self.base / "log" / "smbd.stdout").open("wb")
        self.process = subprocess.Popen(
            [smbd, "--foreground", "--debug-stdout", "-s", str(self.config_path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        try:
            wait_for(
                lambda: self.process_ended() or port_open(self.port), timeout, f"smbd on port {self.port}"
            )
        except TimeoutError as error:
            self.stop()
            raise SambaUnavailable(f"{error}\n{self.log_tail()}") from None
        if self.process_ended():
            raise SambaUnavailable(f"smbd exited with {self.process.returncode}\n{self.log_tail()}")

    def process_ended(self) -> bool:
        return self.process is None or self.process.poll() is not None

    def log_tail(self) -> str:
        path = self.base / "log" / "smbd.stdout"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        """Stops smbd and the children serving connections (its own process group, never ours)."""
        process = self.process
        if process is None:
            return
        group = _own_group(process.pid)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if group is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        self.process = None


def _own_group(pid: int) -> int | None:
    """smbd's process group when it leads one apart from the test runner's, else None."""
    try:
        group = os.getpgid(pid)
    except ProcessLookupError:
        return None
    return group if group == pid and group != os.getpgrp() else None


def start_samba(share_path: Path, user: str) -> SambaServer:
    """Starts a private smbd serving `share_path` to `user`; the caller stops it and removes `server.base`."""
    base = Path(tempfile.mkdtemp(prefix="catalogue-samba-"))
    server = SambaServer(base=base, share_path=share_path, port=free_port(), user=user)
    try:
        server.start()
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    return server
