"""Drive a headless Chromium through the Chrome DevTools Protocol for the HTML report's browser tests.

No client library: Chromium started with ``--remote-debugging-pipe`` reads
protocol messages on its file descriptor 3 and writes them on 4, each one
JSON ending in a NUL byte. One browser serves a whole test module; each test
opens its own tab.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# what the issue asks for: no sandbox (CI runs as root), nothing the browser does on its own
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)


def _above_4(fd: int) -> int:
    """``fd`` moved to a number above 4, so that moving Chromium's ends onto 3 and 4 cannot overwrite one."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class ProtocolError(RuntimeError):
    """The browser answered a command with an error."""


class Browser:
    """A Chromium process with a fresh profile, spoken to over the debugging pipe."""

    def __init__(self, binary: str, timeout: float = 20.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="claimcmp-chromium-")
        chrome_reads, self._write_fd = map(_above_4, os.pipe())
        self._read_fd, chrome_writes = map(_above_4, os.pipe())
        command = [binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"]
        # Chromium's stderr, kept for the browser's life (closed in close()): it says why, should it fail to start
        self._log = tempfile.TemporaryFile()  # noqa: SIM115
        # the shell moves the pipe ends to the descriptor numbers Chromium expects, then becomes Chromium
        # (bash: dash, Debian's sh, takes only single-digit descriptors in a redirection)
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{chrome_reads} 4>&{chrome_writes}', "bash", *command],
            pass_fds=(chrome_reads, chrome_writes),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        os.close(chrome_reads)
        os.close(chrome_writes)
        self._lock = threading.Lock()
        self._last_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._events: dict[str, queue.Queue[dict[str, Any]]] = {}
        self._gone = False
        threading.Thread(target=self._receive, daemon=True).start()
        try:
            self.version = self.send("Browser.getVersion")["product"]
        except (OSError, TimeoutError, ProtocolError) as exc:
            self._log.seek(0)
            said = self._log.read().decode("utf-8", "replace")[-2000:]
            self.close()
            raise RuntimeError(f"{binary} did not start ({exc}); it said:\n{said}") from exc

    def _receive(self) -> None:
        buffer = b""
        with os.fdopen(self._read_fd, "rb", buffering=0) as stream:
            while chunk := stream.read(1 << 16):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        with self._lock:  # an answer after its command timed out has no one to go to
                            waiting = self._replies.get(message["id"])
                        if waiting is not None:
                            waiting.put(message)
                    else:
                        self._event_queue(message.get("sessionId", "")).put(message)
        # the browser exited: whoever waits for an answer hears so now, not after the timeout
        with self._lock:
            self._gone = True
            for waiting in self._replies.values():
                waiting.put({"error": "Chromium closed the debugging pipe (it exited)"})

    def _event_queue(self, session: str) -> queue.Queue[dict[str, Any]]:
        with self._lock:
            return self._events.setdefault(session, queue.Queue())

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        with self._lock:
            if self._gone:
                raise ProtocolError(f"{method}: Chromium has exited")
            self._last_id += 1
            message_id = self._last_id
            self._replies[message_id] = queue.Queue()
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._write_fd, json.dumps(message).encode("utf-8") + b"\0")
            reply = self._replies[message_id].get(timeout=self.timeout)
        except queue.Empty:
            raise TimeoutError(f"{method}: no answer from the browser in {self.timeout} s") from None
        finally:
            with self._lock:
                del self._replies[message_id]
        if "error" in reply:
            raise ProtocolError(f"{method}: {reply['error']}")
        return reply["result"]

    def new_page(self, width: int = 1280, height: int = 900) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, target, session, width, height)

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except (ProtocolError, TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._write_fd)
            self._log.close()
            shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: navigation, script evaluation, keyboard input, screenshots, and the events it sent."""

    def __init__(self, browser: Browser, target: str, session: str, width: int, height: int) -> None:
        self.browser = browser
        self.target = target
        self.session = session
        self.events: list[dict[str, Any]] = []
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def _drain(self, until: str | None = None, timeout: float = 0.0) -> None:
        """Move the tab's events into ``self.events``; with ``until``, wait for that event first."""
        events = self.browser._event_queue(self.session)
        deadline = time.monotonic() + timeout
        while True:
            try:
                wait = max(0.0, deadline - time.monotonic()) if until else 0.0
                event = events.get(timeout=wait) if wait else events.get_nowait()
            except queue.Empty:
                if until:
                    raise TimeoutError(f"no {until} in {timeout} s") from None
                return
            self.events.append(event)
            if until and event["method"] == until:
                return

    def open(self, url: str) -> float:
        """Load ``url`` and wait for its load event; returns the seconds that took."""
        self._drain()
        started = time.monotonic()
        self.send("Page.navigate", {"url": url})
        self._drain(until="Page.loadEventFired", timeout=self.browser.timeout)
        return time.monotonic() - started

    def before_every_document(self, source: str) -> None:
        """Run ``source`` in each document before its own scripts (CDP's scripts are exempt from its CSP)."""
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": source})

    def evaluate(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise ProtocolError(f"{expression!r}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def press(self, key: str, code: str, key_code: int, text: str = "") -> None:
        """A real key press on whatever has the focus."""
        for kind in ("keyDown", "keyUp"):
            params: dict[str, Any] = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code}
            if text and kind == "keyDown":
                params["text"] = text
            self.send("Input.dispatchKeyEvent", params)

    def type_text(self, text: str) -> None:
        self.send("Input.insertText", {"text": text})

    def screenshot(self, path: Path, scroll_to: str | None = None) -> Path:
        """Save a PNG of the viewport, first scrolled to the element ``scroll_to`` names if given.

        (A clip with ``captureBeyondViewport`` would resize the viewport, reflow the page and
        move the element away from the box measured before.)
        """
        if scroll_to is not None:
            self.evaluate(f"document.querySelector({json.dumps(scroll_to)}).scrollIntoView()")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))
        return path

    def requests(self) -> list[str]:
        """Every URL the tab asked for so far (documents and sub-resources, blocked ones too)."""
        self._drain()
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        """Script exceptions, console errors and browser log errors so far."""
        self._drain()
        found = []
        for event in self.events:
            method, params = event["method"], event["params"]
            if method == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"]))
            elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
                found.append(str(params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
        return found

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})
