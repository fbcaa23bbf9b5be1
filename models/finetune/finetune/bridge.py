"""The Node bridge to the app's note code (bridge/noteBridge.ts): one process, JSON lines.

Used as a context manager; requests are sent in batches (all written, then all read) so one Node
start serves thousands of consultations.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
RUNNER = REPO / "models" / "finetune" / "bridge" / "run.mjs"


class BridgeError(RuntimeError):
    pass


class NoteBridge:
    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise BridgeError("node is not on PATH: the recipe uses the app's own prompt and schema code (Node 20.19+)")
        if not (REPO / "node_modules" / "vite").is_dir():
            raise BridgeError(f"run `npm ci` in {REPO} first: the bridge imports the app's TypeScript through vite")
        self._proc = subprocess.Popen([node, str(RUNNER)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      text=True, encoding="utf-8", bufsize=1)
        self._next = 0

    def __enter__(self) -> "NoteBridge":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.stdin.close()
            self._proc.wait(timeout=60)

    def batch(self, requests: list[dict]) -> list[dict]:
        """Answers in request order; a request the bridge could not handle raises BridgeError."""
        tagged = []
        for request in requests:
            self._next += 1
            tagged.append({**request, "id": f"r{self._next}"})
        # Write from a thread: a large batch would otherwise fill the pipe while Node waits on stdout.
        writer = threading.Thread(target=self._write, args=(tagged,))
        writer.start()
        answers = []
        for request in tagged:
            line = self._proc.stdout.readline()
            if not line:
                raise BridgeError(f"the bridge stopped (exit {self._proc.poll()}) before answering {request['type']}")
            answer = json.loads(line)
            if answer.get("id") != request["id"]:
                raise BridgeError(f"answer {answer.get('id')} out of order (expected {request['id']})")
            if not answer.get("ok"):
                raise BridgeError(f"{request['type']}: {answer.get('error')}")
            answers.append(answer)
        writer.join()
        return answers

    def _write(self, requests: list[dict]) -> None:
        for request in requests:
            self._proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self._proc.stdin.flush()

    def one(self, request: dict) -> dict:
        return self.batch([request])[0]

    def templates(self) -> dict[str, dict]:
        return {t["id"]: t for t in self.one({"type": "templates"})["templates"]}
